"""A number said twice is one number (issue 9, round 12, branch i9-r12-nums): the agent reads a
referral and the caller reads it back (or the agent corrects it); each saying is heard a little
differently, and the number is decided from all of them together. Found on the fourteen
tuning sets of the spoken-call rig; tested here without the rig, with Vosk's settings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_assist import words as _words  # a Vosk result's words, one every 0.35 s

from companion.asr.assist import VOSK, agreed_digits
from companion.asr.pipeline import GrammarReading
from companion.records import ASSISTED, CANDIDATE, CONFIRMED, EXTRACTED, REFERRAL_NUMBER
from companion.session import ASSIST_WAIT, CallSession


@pytest.fixture
def vosk_session(store, clock):
    s = CallSession.start(store, source="live", now=clock)
    s.assist_settings = VOSK
    return s


def _say(session, speaker: str, free: str, grammar: str, t0: float) -> None:
    """One final result: the free words (to the extractor) and the number grammar's words
    over the same seconds (``GrammarReading``), as the pipeline gives them."""
    ws = _words(free, t0=t0)
    session.add_result({"text": free, "result": ws, "speaker": speaker})
    session.add_grammar_reading(GrammarReading(speaker, ws[0]["start"], ws[-1]["end"], free, grammar))


def _referrals(session, clock) -> list[str]:
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    session.flush()
    return sorted(f.value for f in session.store.fields(session.call_id) if f.kind == REFERRAL_NUMBER)


def test_the_number_is_the_run_nearest_every_saying():
    # the agent's "five three nine nine two oh one seven" heard "… nine ninety oh one seven"
    # (a digit too many), the caller's read-back a digit off ("… two oh one one"), the agent's
    # correction "no the last digit is seven, five three nine nine two oh one seven"
    agent = ["5399017", "539900017"]
    caller = ["53992011"]
    correction = ["753992017"]
    assert agreed_digits("53990017", [(agent, 1.0), (caller, 1.0), (correction, 2.0)], 8) == "53992017"
    assert agreed_digits("53992011", [(agent, 1.0), (caller, 1.0), (correction, 2.0)], 8) == "53992017"
    # said once: nothing to agree with
    assert agreed_digits("53990017", [(agent, 1.0)], 8) is None
    # two sayings one digit apart and nothing else: the held value stands
    assert agreed_digits("71650293", [(["71650293"], 1.0), (["71650239"], 1.0)], 8) == "71650293"
    # a saying of another number (no run within two edits) holds nothing
    assert agreed_digits("71650293", [(["71650293"], 1.0), (["44991207"], 1.0)], 8) is None


def test_a_referral_read_back_decides_the_digit_the_free_reading_misheard(vosk_session, clock):
    # the agent's "five one eight three oh nine four six": the free recognizer heard "one" for
    # "oh" (a plausible referral, kept), the grammar "oh"; the caller's read-back, both readings
    # "… three oh nine …": three of four readings agree — the number is 51830946
    _say(vosk_session, "agent", "your referral number is five one eight three one nine four six",
         "u r four o m three s five one eight three o nine four six", 10.0)
    assert _referrals(vosk_session, clock) == ["51831946"]  # said once: the free reading stands
    _say(vosk_session, "caller", "five one eight three oh nine four six",
         "five one eight three o nine four six", 16.0)
    assert _referrals(vosk_session, clock) == ["51830946"]
    f = next(f for f in vosk_session.store.fields(vosk_session.call_id) if f.kind == REFERRAL_NUMBER)
    assert f.source == ASSISTED and f.status == CANDIDATE
    assert vosk_session.alternative(f).value == "51831946"  # `v` puts the first reading back


def test_two_different_referrals_each_said_twice_stay_two(vosk_session, clock):
    _say(vosk_session, "agent", "your referral number is four four nine nine one two oh seven",
         "four four nine nine one two o seven", 10.0)
    _say(vosk_session, "caller", "four four nine nine one two oh seven", "four four nine nine one two o seven", 16.0)
    _say(vosk_session, "agent", "and the second referral number is seven one six five zero two nine three",
         "seven one six five zero two nine three", 22.0)
    _say(vosk_session, "caller", "seven one six five zero two nine three", "seven one six five zero two nine three",
         28.0)
    assert _referrals(vosk_session, clock) == ["44991207", "71650293"]


def test_a_user_decision_is_never_changed(vosk_session, clock):
    _say(vosk_session, "agent", "your referral number is five one eight three one nine four six",
         "five one eight three o nine four six", 10.0)
    f = next(f for f in vosk_session.store.fields(vosk_session.call_id) if f.kind == REFERRAL_NUMBER)
    vosk_session.decide_field(f.id, status=CONFIRMED)
    _say(vosk_session, "caller", "five one eight three oh nine four six", "five one eight three o nine four six", 16.0)
    assert _referrals(vosk_session, clock) == ["51831946"]


def test_drop_assisted_copy_only_takes_an_undecided_assisted_candidate(store):
    call = store.start_call(source="live")  # its id
    copy = store.add_field(call, REFERRAL_NUMBER, "53992011", source=ASSISTED, status=CANDIDATE)
    own = store.add_field(call, REFERRAL_NUMBER, "53992017", source=EXTRACTED, status=CANDIDATE)
    kept = store.add_field(call, REFERRAL_NUMBER, "53992018", source=ASSISTED, status=CONFIRMED)
    assert store.drop_assisted_copy(copy.id)
    assert not store.drop_assisted_copy(own.id)
    assert not store.drop_assisted_copy(kept.id)
    assert sorted(f.value for f in store.fields(call)) == ["53992017", "53992018"]


def test_a_second_referral_a_digit_from_the_first_stays_its_own(vosk_session, clock):
    # two requests, numbered one after the other, each said and read back (the second
    # confirmed once more): the second one's sayings are nearer it than the first — they are
    # that number, not the first said again
    first, second = "six one one four two oh nine three", "six one one four two oh nine four"
    _say(vosk_session, "agent", f"the referral for the first is {first}", first.replace("oh", "o"), 10.0)
    _say(vosk_session, "caller", first, first.replace("oh", "o"), 18.0)
    _say(vosk_session, "agent", f"and the referral for the second is {second}", second.replace("oh", "o"), 24.0)
    _say(vosk_session, "caller", second, second.replace("oh", "o"), 32.0)
    _say(vosk_session, "agent", f"that's right {second}", second.replace("oh", "o"), 38.0)
    assert _referrals(vosk_session, clock) == ["61142093", "61142094"]


def test_a_read_back_a_digit_off_and_the_correction_give_one_number(vosk_session, clock):
    # the agent's "five three nine nine two oh one seven" heard "… nine ninety oh one seven";
    # the caller reads it back wrong ("… two oh one one"); the agent corrects: "no the last
    # digit is seven, five three nine nine two oh one seven" — one referral, the agent's
    _say(vosk_session, "agent", "your referral number is five three nine ninety oh one seven",
         "five three nine ninety o one seven", 10.0)
    _say(vosk_session, "caller", "five three nine nine two oh one one", "five three nine nine two o one one", 17.0)
    _say(vosk_session, "agent", "no the last digit is seven five three nine nine two oh one seven",
         "seven five three nine nine two o one seven", 22.0)
    assert _referrals(vosk_session, clock) == ["53992017"]


def test_a_number_the_free_recognizer_heard_whole_stands_against_one_it_never_did(vosk_session, clock):
    # "three three one zero zero nine seven two", said twice: both times the grammar ends it
    # "… seventy" (33100970), once the free recognizer heard it whole — the number stands
    _say(vosk_session, "agent", "your referral number is three three one zero zero nine seven two",
         "three three one zero zero nine seventy", 10.0)
    _say(vosk_session, "caller", "three three one nine seventy", "three three one zero zero nine seventy", 17.0)
    assert _referrals(vosk_session, clock) == ["33100972"]
