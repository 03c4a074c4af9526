"""The user's own numbers heard anywhere in a call, through ``CallSession.add_grammar_reading``.

The user typed their receipt and A-number in before the call (their cases). The free
recognizer garbles the question and the digits; the number grammar hears the digits a
digit off. The session makes the field the user's own value, unconfirmed, shown as
matching their case, and never a second field when the number is read back.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from test_session_assist import spoken  # a Vosk final result, one word every 0.35 s

from companion.asr.pipeline import GrammarReading
from companion.records import ASSISTED, CANDIDATE, CONFIRMED, EXTRACTED, REJECTED
from companion.session import Alternative, CallSession

T0 = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)
RECEIPT = "IOE0912345678"
A_NUMBER = "A204618893"


def reading(result: dict, grammar_text: str) -> GrammarReading:
    words = result["result"]
    return GrammarReading(result.get("speaker"), words[0]["start"], words[-1]["end"], result["text"], grammar_text)


@pytest.fixture
def session(store):
    store.add_case(RECEIPT, a_number=A_NUMBER)
    return CallSession.start(store, source="live", now=lambda: T0)


def numbers(session, kind: str):
    return [f for f in session.store.fields(session.call_id) if f.kind == kind and f.status != REJECTED]


def say(session, text: str, t0: float, grammar: str, speaker: str | None = None):
    result = spoken(text, t0, speaker=speaker)
    session.add_result(result)
    return session.add_grammar_reading(reading(result, grammar))


def test_the_users_receipt_heard_without_a_cue_becomes_their_value_unconfirmed(session):
    session.add_result(spoken("may i have your seat number", 1.0, speaker="agent"))
    # free: the prefix and two digits garbled; grammar: one digit wrong
    added = say(session, "sure i owe he oh nine won to three for five six seven ate", 4.0,
                "i o e zero nine one two three four five six seven three", "caller")
    [f] = numbers(session, "receipt_number")
    assert [a.id for a in added] == [f.id]
    assert (f.value, f.source, f.status) == (RECEIPT, ASSISTED, CANDIDATE)
    assert session.own_match(f) == f"your case {RECEIPT}"
    assert session.alternative(f) is None  # nothing to swap: the user confirms or edits it
    session.decide_field(f.id, status=CONFIRMED)
    assert session.own_match(session.store.field(f.id)) is None


def test_read_back_is_no_second_field(session):
    say(session, "sure i owe he oh nine won to three for five six seven ate", 4.0,
        "i o e zero nine one two three four five six seven three", "caller")
    again = say(session, "okay so that is i o e zero nine one two three four five six seven eight", 12.0,
                "i o e zero nine one two three four five six seven eight", "agent")
    assert again == []
    assert [f.value for f in numbers(session, "receipt_number")] == [RECEIPT]


def test_a_number_the_call_holds_already_changes_nothing(session):
    said = say(session, "my a number is two zero four six one eight eight nine three", 2.0,
               "a two zero four six one eight eight nine three", "caller")
    assert said == []
    [f] = numbers(session, "a_number")
    assert (f.value, f.source) == (A_NUMBER, EXTRACTED)


def test_the_same_seconds_misheard_by_the_extractor_take_the_users_value(session):
    # the free reading heard a different A-number after the cue; the grammar heard the user's
    say(session, "my a number is two zero four six one three three nine three", 2.0,
        "a two zero four six one eight eight nine three", "caller")
    [f] = numbers(session, "a_number")
    assert (f.value, f.source, f.status) == (A_NUMBER, ASSISTED, CANDIDATE)
    assert session.alternative(f) == Alternative("A204613393", f.text, "free")
    assert session.own_match(f) == f"your A-number {A_NUMBER}"


def test_a_value_the_user_rejected_is_not_brought_back(session):
    say(session, "sure i owe he oh nine won to three for five six seven ate", 4.0,
        "i o e zero nine one two three four five six seven three", "caller")
    [f] = numbers(session, "receipt_number")
    session.decide_field(f.id, status=REJECTED)
    say(session, "zero nine one two three four five six seven eight", 12.0,
        "zero nine one two three four five six seven eight", "agent")
    assert numbers(session, "receipt_number") == []


def test_a_referral_is_not_made_the_users_receipt(session):
    say(session, "your referral number is one two three four five six seven eight", 2.0,
        "one two three four five six seven eight", "agent")
    assert numbers(session, "receipt_number") == []
    assert [f.value for f in numbers(session, "referral_number")] == ["12345678"]


def test_no_cases_no_matching(store):
    session = CallSession.start(store, source="live", now=lambda: T0)
    assert say(session, "zero nine one two three four five six seven eight", 2.0,
               "zero nine one two three four five six seven eight") == []
    assert numbers(session, "receipt_number") == []


def test_two_receipts_one_digit_apart_the_agent_reads_the_other_one(store):
    store.add_case(RECEIPT)
    store.add_case("IOE0912345679")
    session = CallSession.start(store, source="live", now=lambda: T0)
    say(session, "the other one is zero nine one two three four five six seven nine", 2.0,
        "zero nine one two three four five six seven nine", "agent")
    assert [f.value for f in numbers(session, "receipt_number")] == ["IOE0912345679"]
    # a reading between the two (one off each) is neither
    say(session, "and zero nine one two three four five six seven zero", 9.0,
        "zero nine one two three four five six seven zero", "agent")
    assert [f.value for f in numbers(session, "receipt_number")] == ["IOE0912345679"]


def test_a_later_misheard_reading_never_replaces_the_users_value(store):
    """A cue's grammar reading two digits off the user's A-number, whose field never comes,
    is that number said again misheard: it neither replaces the user's value nor becomes a
    field of its own (the assist's own earlier field would take a later reading so)."""
    from datetime import timedelta

    from companion.asr.pipeline import NumberAssist
    from companion.session import ASSIST_WAIT

    store.add_case(RECEIPT, a_number=A_NUMBER)
    now = [T0]
    session = CallSession.start(store, source="live", now=lambda: now[0])
    say(session, "sure it's to oh for six one ate ate nine three", 2.0,
        "two zero four six one eight eight nine three", "caller")
    [f] = numbers(session, "a_number")
    assert (f.value, f.source) == (A_NUMBER, ASSISTED)
    said = spoken("and my a number is um", 9.0, speaker="caller")
    session.add_result(said)
    session.add_number_assist(NumberAssist("caller", 10.4, 11.0, "um", "two zero four six one three three nine three",
                                           "a_number"))
    now[0] = T0 + timedelta(seconds=ASSIST_WAIT + 1)
    session.add_result(spoken("okay thank you", 14.0, speaker="agent"))
    session.flush()
    assert [(f.value, f.source) for f in numbers(session, "a_number")] == [(A_NUMBER, ASSISTED)]


def test_the_users_a_number_read_in_two_breaths_is_heard_joined(session):
    # "the a number" lost ("in the eye number"); the caller reads it in two results, neither
    # near enough the user's A-number alone: A204618893 as "a two oh four" … "six one …"
    session.add_result(spoken("in the eye number", 1.0, speaker="agent"))
    first = say(session, "i two oh four", 3.0, "i two o four", "caller")
    assert first == [] and numbers(session, "a_number") == []
    added = say(session, "six one eight eight nine three", 5.0, "six one eight eight nine three", "caller")
    [f] = numbers(session, "a_number")
    assert [a.id for a in added] == [f.id]
    assert (f.value, f.source, f.status) == (A_NUMBER, ASSISTED, CANDIDATE)
    assert session.own_match(f) == f"your A-number {A_NUMBER}"
    assert f.start == 3.0  # its seconds are both results'


@pytest.mark.parametrize("gap_speaker, t1", [
    ("caller", 30.0),  # the second part long after the first: two numbers, not one
    ("agent", 5.0),  # the other side's words: not the caller's number going on
])
def test_two_parts_are_joined_only_when_one_speaker_says_them_in_a_breath(session, gap_speaker, t1):
    say(session, "i two oh four", 3.0, "i two o four", "caller")
    say(session, "six one eight eight nine three", t1, "six one eight eight nine three", gap_speaker)
    assert numbers(session, "a_number") == []
