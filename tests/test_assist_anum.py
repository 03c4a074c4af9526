"""A-numbers in the number assist (issue 9, round 8, branch i9-r8b-anum): rules found on
the six tuning sets of the spoken-call rig, each tested here without the rig."""

from __future__ import annotations

from datetime import timedelta

import pytest
from speech_rig import STAND_IN
from test_assist import number_word
from test_assist import words as _words  # a Vosk result's words, one every 0.35 s
from test_session_assist import Clock, spoken

from companion.asr.assist import (
    LETTERED_KINDS,
    assist_spans,
    lettered_a_number,
    lost_question,
    question_kind,
    reading_is_news,
)
from companion.asr.pipeline import NumberAssist
from companion.session import ASSIST_WAIT, CallSession


def _number_word(w: str) -> bool:
    return number_word(w) or w == "i"


def test_a_number_stated_with_its_a_heard_as_a_word_is_an_a_number():
    # "and my a number is two two oh one four five six eight nine": the letter A heard "high"
    [span] = assist_spans(_words("in my high number is two two one four five six eight nine"), _number_word)
    assert (span.kind, span.free_text) == ("a_number", "two two one four five six eight nine")
    # "and his a number is …" heard "eye"; "the a number is …" heard "ai"
    [span, *_] = assist_spans(_words("and his eye number is two to l one four five seven"), _number_word)
    assert span.kind == "a_number"
    [span, *_] = assist_spans(_words("the ai number is i seven one two three four five six eight"), _number_word)
    assert span.kind == "a_number"


def test_a_question_with_its_a_heard_as_a_word_is_still_a_lost_question():
    # only a statement ("… number is …") names the kind: the question "what is your a number"
    # heard "high number" stays a lost question whose answer's shape decides
    words = _words("what is your high number")
    assert question_kind(words, _number_word) is None
    assert lost_question(words, _number_word)
    assert not any(s.kind for s in assist_spans(words, _number_word))
    # no lead before it ("give you a number"): no A-number either
    assert not any(s.kind for s in assist_spans(_words("so high number is nine"), _number_word))


# --------------------------------------------------------------------------- round 9
# (branch i9-r9-rcpt): the A-number said with its letter, "a two one five zero …"


@pytest.mark.parametrize(
    ("reading", "value"),
    [
        # the agent's read-back "a two two zero four one nine eight eight three": A heard "i"
        ("i two two zero four one nine eight eight three", "A220419883"),
        # eight digits, the last "oh" heard "l"; "… two two okay": "okay" heard "l k"
        ("i eight one four two six six nine l", "A081426690"),
        ("i seven seven four zero three one two two l k", "A077403122"),
        # "is a two zero one …": the A's "ay" heard "i eight" (nine digits without the eight)
        ("z i eight two zero one five five eight seven four three", "A201558743"),
        ("ten x i eight two one seven seven three l four five", "A021773045"),
        # "it's a two oh one …": "eight i" — the eight before the letter is no digit
        ("eight i two o one four four seven seven six", "A020144776"),
        ("e s i two one five zero zero six six three eight", "A215006638"),
    ],
)
def test_an_a_number_said_with_its_letter_reads_as_one(reading, value):
    assert lettered_a_number(reading, STAND_IN) == value


@pytest.mark.parametrize(
    "reading",
    [
        "papa m s c one i six seventy six eighty five sixty four two zero",  # "uh" in a receipt
        "i l e l i nine three three one l a two eight seven",  # IOE read back: inside letters-as-digits
        "o k a one five five three two l a nine one mike b",  # "okay" then a referral: no "i"
        "r i eight n mike four one m thirteen e two d six a two five five five o one eight seven",
        "i two one seven six six a two four four",  # five digits after the letter
    ],
)
def test_an_i_inside_a_number_or_before_too_few_digits_is_no_a_number(reading):
    assert lettered_a_number(reading, STAND_IN) is None


def _settled(session, clock, assist) -> list[tuple[str, str]]:
    session.add_number_assist(assist)
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    session.flush()
    return [(f.kind, f.value) for f in session.store.fields(session.call_id)]


def test_a_read_back_of_an_a_number_with_its_letter_and_no_cue_becomes_one(store):
    # the agent reads the caller's A-number back, no cue: "a two two zero …" heard
    # "i too to zero …" free, "i two two zero …" by the grammar — a cue-less run
    clock = Clock()
    session = CallSession.start(store, source="live", now=clock)
    session.assist_settings = STAND_IN
    session.add_result(spoken("i too to zero four one nine eight eight three", speaker="agent"))
    assist = NumberAssist("agent", 1.0, 4.45, "i too to zero four one nine eight eight three",
                          "i two two zero four one nine eight eight three")
    assert _settled(session, clock, assist) == [("a_number", "A220419883")]


def test_an_answer_with_the_a_heard_beside_an_eight_reads_as_the_a_number(store):
    # "what is your a number" lost its kind word; "it's a zero two nine nine …" heard
    # "eight i zero two nine nine …": ten digits with the eight, no value by its length
    clock = Clock()
    session = CallSession.start(store, source="live", now=clock)
    session.assist_settings = STAND_IN
    session.add_result(spoken("it's i zero two nine nine one seven three three six", speaker="caller"))
    assist = NumberAssist("caller", 1.0, 4.8, "it's i zero two nine nine one seven three three six",
                          "eight i zero two nine nine one seven three three six", None, 1.0,
                          ("receipt_number", "a_number"))
    assert _settled(session, clock, assist) == [("a_number", "A029917336")]


def test_an_a_number_read_back_with_its_letter_is_read_though_heard_clearly(store):
    # "a zero eight seven six five four three two one" heard "i zero eight …", every word with
    # confidence: no doubtful word, yet a run worth reading for the A-number's shape
    words = _words("i zero eight seven six five four three two one")
    [span] = assist_spans(words, _number_word)
    assert span.kinds == LETTERED_KINDS
    assert reading_is_news(span, span.free_text)  # the grammar heard it alike: still news
    # eight digits after the letter: no A-number, no span (a confident run of nothing doubtful)
    assert assist_spans(_words("i zero eight seven six five four three"), _number_word) == []
    clock = Clock()
    session = CallSession.start(store, source="live", now=clock)
    session.assist_settings = STAND_IN
    session.add_result(spoken(span.free_text, speaker="agent"))
    assist = NumberAssist("agent", span.start, span.end, span.free_text, span.free_text, None, 1.0, span.kinds)
    assert _settled(session, clock, assist) == [("a_number", "A087654321")]
