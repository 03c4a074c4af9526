"""Round 11 (issue 9, branch i9-r11-names): staff names from how callers speak to the agent.

A caller addresses the agent by title and name ("hi officer chen i have a question",
"thank you officer grant"): the title says the name is staff's, whoever speaks. The
extractor meant to take such a name ("only 'officer x' from the caller names staff") but the
title path of ``names.find_names`` never marked its hit as titled, so the caller's "officer
x" was dropped: on the ten tuning sets of the spoken-call rig the agent's own introduction
was often misheard ("my name is officer ten batch number …") while the caller's greeting
was heard right.
"""

from __future__ import annotations

from test_name_precision10 import result
from test_session_assist import Clock

from companion.asr.assist import VOSK, AssistSettings
from companion.asr.pipeline import NameAssist
from companion.extract import extract
from companion.extract import names as nm
from companion.session import CallSession


def _vosk(text: str, start: float, speaker: str | None = None) -> dict:
    words, t = [], start
    for w in text.split():
        words.append({"word": w, "start": round(t, 2), "end": round(t + 0.3, 2), "conf": 0.9})
        t += 0.35
    d: dict = {"text": text, "result": words}
    if speaker:
        d["speaker"] = speaker
    return d


def _call(*lines: str | tuple[str, str]) -> list[dict]:
    out, t = [], 1.0
    for line in lines:
        speaker, text = line if isinstance(line, tuple) else (None, line)
        r = _vosk(text, t, speaker)
        out.append(r)
        t = r["result"][-1]["end"] + 1.0
    return out


def _names(lines: list[dict]) -> list[str]:
    return [e.value for e in extract(lines) if e.kind == "staff_name"]


def test_a_title_before_a_name_marks_the_hit_addressed() -> None:
    hit = nm.find_names("hi officer chen i have a question".split())
    assert [(h.value, h.addressed) for h in hit] == [("Chen", True)]


def test_the_callers_officer_x_names_staff_without_labels() -> None:
    lines = _call(
        "good morning my name is officer ten batch number for for nine one",  # the intro misheard
        "hi officer chen i have a question about my green card renewal",
        "okay what is your receipt number",
    )
    assert _names(lines) == ["Chen"]


def test_the_labelled_callers_thank_you_officer_x_names_staff() -> None:
    lines = _call(
        ("agent", "hi this is officer calling from u s c i s about your service request"),
        ("caller", "oh hi yes thank you for calling back"),
        ("agent", "the number is four five one three two two eight"),
        ("caller", "four five one three two two eight thank you officer grant"),
    )
    assert "Grant" in _names(lines)


def test_the_callers_officer_x_is_the_introduced_name_not_a_second() -> None:
    lines = _call(
        ("agent", "thank you for calling this is officer brooks how can i help"),
        ("caller", "hi officer brooks i'm calling about my work permit"),
    )
    assert _names(lines) == ["Brooks"]


def test_the_callers_officer_x_in_no_name_list_is_no_name() -> None:
    # "hi officer broke censor …": the caller's words after the title, misheard
    lines = _call(
        ("agent", "thank you for calling this is officer brooks how can i help"),
        ("caller", "hi officer broke censor i'm calling about my wife's case"),
    )
    assert _names(lines) == ["Brooks"]


def test_a_title_used_without_a_name_still_marks_the_caller() -> None:
    lines = _call("thank you for calling this is officer lin how can i help", "hi", "sure",
                  "thank you officer i'm grateful for the help")
    assert _names(lines) == ["Lin"]


# ------------------------------------------------ the same name heard again is the same field


def test_a_name_the_call_holds_heard_again_is_no_second_field(store) -> None:
    """The name grammar made "retreat guess" Rodriguez; the caller's "hi officer rodriguez"
    is that field again, not a second Rodriguez beside it."""
    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = VOSK
    s.add_result({**result("hello this is immigration services officer retreat guess"), "speaker": "agent"})
    # "retreat guess": words 6-7, 3.1-3.75 s
    s.add_name_assist(NameAssist("agent", 3.1, 3.75, "retreat guess", "rodriguez", free_confidence=0.95))
    s.add_result({**result("hi officer rodriguez thanks for taking the call", t0=6.0), "speaker": "caller"})
    s.flush()
    names = [f.value for f in store.fields(s.call_id) if f.kind == "staff_name"]
    assert names == ["Rodriguez"]


# --------------------------------- the caller's title and name on a call heard badly is held

BAD_AUDIO = AssistSettings("test", low_confidence=0.6, min_free_confidence=0.67)


def _heard(text: str, t0: float, conf: float, speaker: str | None = None) -> dict:
    r = result(text, t0=t0)
    for w in r["result"]:
        w["conf"] = conf
    if speaker:
        r["speaker"] = speaker
    return r


def test_the_callers_officer_x_on_a_call_heard_badly_is_no_field(store) -> None:
    """Telephone band: "hi officer hollis" heard "hi officer holly": on a call the free
    recognizer hears badly the caller's word after the title is as often another list name."""
    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = BAD_AUDIO
    s.add_result(_heard("thank you for holding", 1.0, 0.4))
    s.add_result(_heard("hi officer holly can i get your i d", 4.0, 0.4))
    s.flush()
    assert [f.value for f in store.fields(s.call_id) if f.kind == "staff_name"] == []


def test_the_callers_officer_x_on_a_call_heard_well_is_a_field(store) -> None:
    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = BAD_AUDIO
    s.add_result(_heard("thank you for holding", 1.0, 0.9))
    s.add_result(_heard("hi officer holly can i get your i d", 4.0, 0.9))
    s.flush()
    assert [f.value for f in store.fields(s.call_id) if f.kind == "staff_name"] == ["Holly"]


def test_the_agents_own_title_and_name_on_a_call_heard_badly_stays_a_field(store) -> None:
    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = BAD_AUDIO
    s.add_result(_heard("thank you for holding this is officer holly how can i help", 1.0, 0.4))
    s.flush()
    assert [f.value for f in store.fields(s.call_id) if f.kind == "staff_name"] == ["Holly"]
