"""A-numbers in the number assist (issue 9, round 11, branch i9-r11-rcpt): rules found on the
ten design sets of the spoken-call rig and checked on blind17/18, each tested here without
the rig."""

from __future__ import annotations

from datetime import timedelta

import pytest
from speech_rig import STAND_IN
from test_session_assist import spoken

from companion.asr.assist import AssistSpan, heard_whole, id_cue_a_number, reading_is_news, trusted
from companion.asr.pipeline import NumberAssist
from companion.session import ASSIST_WAIT, CallSession


@pytest.fixture
def session(store, clock):
    """A live call whose assists hear as the stand-in (``speech_rig.STAND_IN``)."""
    s = CallSession.start(store, source="live", now=clock)
    s.assist_settings = STAND_IN
    return s


def _a_numbers(session, clock) -> list[tuple[str, str]]:
    """The call's A-number fields once the assist's wait is over."""
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    session.flush()
    return [(f.kind, f.value) for f in session.store.fields(session.call_id) if f.kind == "a_number"]


def _settled(session, clock, assist) -> list[tuple[str, str]]:
    session.add_number_assist(assist)
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    session.flush()
    return [(f.kind, f.value) for f in session.store.fields(session.call_id)]


# --------------------------------------------------------------------------- trust


def test_a_long_value_the_free_reading_heard_whole_is_trusted_in_bad_audio():
    # the agent's read-back "a seven one one one four two zero eight", heard so by both
    # recognizers in a call whose mean free confidence is 0.55 (< the stand-in's gate, 0.6)
    free = "i seven one one one four two zero eight"
    assert heard_whole(free, "A071114208")  # the A-number's zero fill is not the free reading's
    assert trusted("A071114208", free, 0.55, STAND_IN)
    # the free reading heard a digit otherwise, or a few digits only: bad audio decides
    assert not heard_whole("eighty one five o four four six eight seven", "A215044687")
    assert not trusted("A215044687", "eighty one five o four four six eight seven", 0.55, STAND_IN)
    assert not heard_whole("nine zero four five two", "90452")  # a staff ID's five: met by chance
    # a receipt's ten digits heard in bad audio, its prefix lost: no A-number of nine of them
    assert not heard_whole("i o e zero nine zero nine four four five one one six", "A090944511")
    assert not trusted("90452", "nine zero four five two", 0.5, STAND_IN)


def test_a_lettered_read_back_heard_whole_in_bad_audio_becomes_a_field(store, clock, session):
    session.add_result(spoken("i'd two two zero one four eight eight six zero", speaker="agent"))
    assist = NumberAssist("agent", 1.0, 4.45, "i'd two two zero one four eight eight six zero",
                          "i two two zero one four eight eight six zero", None, 0.667, ("a_number",))
    assert _settled(session, clock, assist) == [("a_number", "A220148860")]


# --------------------------------------------------------------------------- "my a number is" heard "my number is"


def test_an_id_cues_reading_with_an_a_numbers_digits_is_an_a_number():
    # "my a number is a two zero three …" heard "my my number is on a two zero three …"
    assert id_cue_a_number("i eight two zero three four four seven one eight six", (), STAND_IN) == "A203447186"
    # "… is a seven nine triple three oh two one": the letter outside the span, digit words only
    assert id_cue_a_number("seven nine triple three echo two one", (), STAND_IN) == "A079333021"
    # the user's own A-number a digit off
    assert id_cue_a_number("seven nine triple three echo two one", ("A079333027",), STAND_IN) == "A079333027"
    # a phone number (ten digits), a staff ID's digits, a letter among the digits: none
    assert id_cue_a_number("seven one eight five five five two three nine o", (), STAND_IN) is None
    assert id_cue_a_number("five five one three l", (), STAND_IN) is None
    assert id_cue_a_number("one three k seven nine one three one five", (), STAND_IN) is None
    # … but the stand-in's lone "t" may be a two (round 15): nine digits with it
    assert id_cue_a_number("one three t seven nine one three one five", (), STAND_IN) == "A132791315"
    assert id_cue_a_number("hundred c n ten i oscar i n m triple e s", (), STAND_IN) is None


def test_a_staff_id_cue_whose_reading_is_an_a_number_becomes_one(store, clock, session):
    said = "her my number is i seventy eight one one four go to to"
    session.add_result(spoken(said, speaker="caller"))
    assist = NumberAssist("caller", 2.4, 4.75, "seventy eight one one four go to to",
                          "seven eight one one four echo two two", "staff_id", 0.9)
    assert ("a_number", "A078114022") in _settled(session, clock, assist)


def test_an_id_cues_reading_the_call_holds_as_another_number_is_that_number_read_back(store, clock, session):
    # the caller reading back the agent's referral "one four five seven zero nine eight three",
    # read as a span of the staff ID the caller asked for: eight digits, but the call's referral
    session.add_result(spoken("the referral number is one four five seven zero nine eight three", speaker="agent"))
    said = "one four five seven zero nine eight three"
    session.add_result(spoken(said, t0=6.0, speaker="caller"))
    got = _settled(session, clock, NumberAssist("caller", 6.0, 8.75, said, said, "staff_id", 0.9))
    assert got == [("referral_number", "14570983")]


def test_an_id_cues_reading_heard_alike_is_news_when_it_is_an_a_number():
    # "yes my my number is ninety eight fourteen ninety one seventy seven three": both
    # recognizers heard it alike, but the free reading took no A-number from a staff-ID cue
    said = "ninety eight fourteen ninety one seventy seven three"
    assert reading_is_news(AssistSpan(1.0, 3.0, said, "staff_id"), said, STAND_IN)
    # eight digits heard alike (a referral's length) are not; nor a staff ID's
    eight = "one four five seven zero nine eight three"
    assert not reading_is_news(AssistSpan(1.0, 3.0, eight, "staff_id"), eight, STAND_IN)
    assert not reading_is_news(AssistSpan(1.0, 3.0, "five five one three", "staff_id"), "five five one three", STAND_IN)


# --------------------------------------------------------------------------- a digit lost, the number said whole


def test_an_a_number_read_a_digit_short_takes_the_nine_digits_said_again(store, clock, session):
    # "it's a two oh oh seven one three five five two": "oh oh" heard as one "o" — eight
    # digits, zero-filled to A020713552; the agent's read-back "two zero zero seven one three
    # five five two" is the whole number
    session.add_result(spoken("it's i too old seven one three five five two", speaker="caller"))
    session.add_number_assist(NumberAssist("caller", 1.35, 4.15, "too old seven one three five five two",
                                           "x i two o seven one three five five two", None, 0.9,
                                           ("receipt_number", "a_number")))
    session.add_result(spoken("two zero zero seven one three five five two", t0=6.0, speaker="agent"))
    assert _a_numbers(session, clock) == [
        ("a_number", "A200713552")]


def test_a_nine_digit_number_that_does_not_hold_the_eight_changes_nothing(store, clock, session):
    session.add_result(spoken("it's i too old seven one three five five two", speaker="caller"))
    session.add_number_assist(NumberAssist("caller", 1.35, 4.15, "too old seven one three five five two",
                                           "x i two o seven one three five five two", None, 0.9,
                                           ("receipt_number", "a_number")))
    # nine digits, but another number (and two numbers in one result are no read-back)
    session.add_result(spoken("four zero zero seven one three five five two", t0=6.0, speaker="agent"))
    session.add_result(spoken("two zero zero seven one three five five two and three days", t0=10.0))
    assert _a_numbers(session, clock) == [
        ("a_number", "A020713552")]


def test_the_spans_own_free_words_heard_the_digit_the_grammar_lost(store, clock, session):
    # the agent's read-back "a zero seven eight four one two five six six": the grammar heard
    # "… five six x" (eight digits), the free recognizer all nine
    free = "i zero seven eight four one two five six six"
    session.add_result(spoken(free, speaker="agent"))
    assert _settled(session, clock, NumberAssist("agent", 1.0, 4.45, free, "i zero seventy eight four one two five six x",
                                                 None, 0.9, ("a_number",))) == [("a_number", "A078412566")]


def test_the_letter_or_a_tens_word_heard_as_a_digit_is_no_lost_digit(store, clock, session):
    # "a nine eight seven six five four three two" (eight digits, A098765432) read back heard
    # "nine nine eight …": the letter A as a digit, before the number — no digit it lost;
    # "i ninety eight seven …": a "-ty" word says no number of digits
    session.add_result(spoken("correct in my high number is i ninety eight seven six five four three two"))
    session.add_number_assist(NumberAssist(None, 3.8, 6.45, "ninety eight seven six five four three two",
                                           "nine eight seven six five four three two", "a_number", 0.9))
    session.add_result(spoken("okay nine nine eight seven six five four three two", t0=8.0))
    assert _a_numbers(session, clock) == [
        ("a_number", "A098765432")]


def test_an_answers_a_number_by_its_shape_alone_is_not_trusted_for_being_heard_whole(store, clock, session):
    # "yeah it's m s c two two nine oh one seven two two three eight" in bad audio: the prefix
    # and the "oh" lost by both recognizers, nine digits left — an A-number by its shape only
    free = "two two nine all won seven two two three eight"
    session.add_result(spoken(f"yeah i'm at the {free}", speaker="caller"))
    assist = NumberAssist("caller", 2.05, 5.55, free, "two two nine r one seven two two three eight", None, 0.495,
                          ("receipt_number", "a_number"))
    assert _settled(session, clock, assist) == []
