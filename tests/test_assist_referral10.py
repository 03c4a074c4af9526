"""Referral numbers in the number assist, round 10 (branch i9-r10-ref): one referral
exchange gives one number — its read-back a digit off is no second field beside the one the
call holds. Found on the ten tuning sets of the spoken-call rig; tested here without the rig."""

from __future__ import annotations

from datetime import timedelta

from test_assist import words as _words  # a Vosk result's words, one every 0.35 s

from companion.asr.pipeline import NumberAssist
from companion.session import ASSIST_WAIT


def _referrals(session, clock) -> list[str]:
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    session.flush()
    return sorted(f.value for f in session.store.fields(session.call_id) if f.kind == "referral_number")


def test_a_read_back_a_digit_off_a_held_referral_is_no_second_field(session, clock):
    # the agent's "your referral number is nine three zero eight eight one five six" (the
    # extractor's field); the caller's read-back, heard "nine three o eight b one five six"
    # (seven digits) by the grammar: the same number, no field of its own
    said = "your referral number is nine three zero eight eight one five six"
    session.add_result({"text": said, "result": _words(said), "speaker": "agent"})
    back = "nine three oh eight one five six"
    ws = _words(back, t0=8.0)
    session.add_result({"text": back, "result": ws, "speaker": "caller"})
    session.add_number_assist(NumberAssist("caller", 8.0, ws[-1]["end"], back, "nine three oh eight one five six",
                                           "referral_number", 0.9))
    assert _referrals(session, clock) == ["93088156"]


def test_the_callers_read_back_a_digit_off_the_extractors_referral_is_no_second_field(session, clock):
    # "… here is your referral number seven one six five zero two nine three" (the extractor's
    # field) / the caller: "seven one six five oh two three nine", eight digits too, heard so by
    # the grammar: the caller misread it; the agent's number is the one
    said = "and here is your referral number seven one six five zero two nine three"
    session.add_result({"text": said, "result": _words(said), "speaker": "agent"})
    back = "seven one six five oh two three nine"
    ws = _words(back, t0=8.0)
    session.add_result({"text": back, "result": ws, "speaker": "caller"})
    session.add_number_assist(NumberAssist("caller", 8.0, ws[-1]["end"], back, back, "referral_number", 0.9))
    assert _referrals(session, clock) == ["71650293"]
    # the agent's own second reading of another number is still a field
    again = "and the second referral number is four four nine nine one two oh seven"
    session.add_result({"text": again, "result": _words(again, t0=30.0), "speaker": "agent"})
    assert _referrals(session, clock) == ["44991207", "71650293"]
