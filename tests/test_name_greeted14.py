"""The caller greeting the agent by name names the agent when the agent's own introduction
gave none (round 14, issue 9): "u s c i s heather speaking" heard "you can see i asked that
wanna speaking", then the caller's "hi heather i filed …" heard right. Only a name of the
name list ("hi svetlana" names no one: the list lacks it)."""

from __future__ import annotations

from test_name_round11 import _call, _names

from companion.extract import names as nm


def test_a_greeting_then_a_list_name_is_a_hit() -> None:
    hit = nm.greeted_name("hi heather i need to reschedule my biometrics".split())
    assert hit is not None and (hit.value, hit.first, hit.addressed) == ("Heather", 1, True)
    # a word the list lacks, a common word or a title after the greeting: no name
    for said in ("hi current calling for myself", "hi svetlana i filed", "hello there i have a question", "hi officer",
                 "hi i need help", "thanks heather", "hi"):
        assert nm.greeted_name(said.split()) is None, said


def test_the_callers_greeting_names_the_agent_whose_introduction_was_misheard() -> None:
    lines = _call(
        ("agent", "you can see i asked that wanna speaking operator six and nine one"),
        ("caller", "hi heather i filed a naturalization application"),
    )
    assert _names(lines) == ["Heather"]


def test_the_greeting_is_no_second_name_beside_the_agents_own() -> None:
    lines = _call(
        ("agent", "thank you for calling my name is karen operator five three nine zero"),
        ("caller", "hello heather i need to reschedule my biometrics appointment"),
    )
    assert _names(lines) == ["Karen"]


def test_the_agents_greeting_names_no_one() -> None:
    # the agent greets the caller by name: the caller's own name, never staff
    lines = _call(
        ("agent", "hi heather this is the u s c i s contact center returning your call"),
    )
    assert _names(lines) == []


def test_a_new_agent_after_a_transfer_is_named_by_the_greeting_too() -> None:
    lines = _call(
        ("agent", "thank you for calling my name is karen how can i help"),
        ("caller", "i need to talk to an officer"),
        ("agent", "i'll transfer you please hold"),
        ("agent", "good afternoon tier two speaking how can i help"),
        ("caller", "hi heather i was transferred about my card"),
    )
    assert _names(lines) == ["Karen", "Heather"]
