"""Staff IDs and referrals, round 15 (issue 9): the glue before a staff ID heard as its
letter ("i d s nine one eight eight"), a referral's lone "A" (the article or a misheard
"eight"/"oh"), and more of the stand-in's sounds of the staff-ID cues. Each tested without
the rig: results in Vosk's format built by hand."""

from __future__ import annotations

import pytest
from test_assist import number_word, words

from companion.asr.assist import (
    VOSK,
    AssistSettings,
    AssistSpan,
    assist_spans,
    cue_glued,
    plausible,
    reading_is_news,
)

# An engine as the stand-in: its grammar hears "oh" as "l", "two" as "t o", and the glue
# "is" before a number as the letters "s", "x", "z".
STANDIN_LIKE = AssistSettings(
    "test", low_confidence=0.6,
    digit_confusions=((("t", "o"), "two"), (("l",), "oh?")),
    glue_letters=("s", "x", "z"))


def _assisted(tmp_path, said: str, kind: str, free_value: str, reading: str, free_text: str = ""):
    """The agent says ``said`` (one result: the extractor's ``kind`` field, ``free_value``),
    then the grammar's ``reading`` of the span meets it (over ``free_text`` when given, else
    the span's own). (the field's value and source after, its alternative's value)."""
    from companion.asr.pipeline import NumberAssist
    from companion.session import CallSession
    from companion.store import Store

    store = Store(tmp_path / "c.db")
    session = CallSession.start(store, source="live")
    session.assist_settings = STANDIN_LIKE
    ws = words(said)
    [field] = [f for f in session.add_result({"text": said, "result": ws, "speaker": "agent"}).fields
               if f.kind == kind]
    assert field.value == free_value
    [span] = [s for s in assist_spans(ws, number_word, STANDIN_LIKE) if s.kind == kind]
    text = free_text or span.free_text
    start = ws[len(said.split()) - len(text.split())]["start"]
    session.add_number_assist(NumberAssist("agent", start, span.end, text, reading, span.kind, 0.9))
    held = store.field(field.id)
    alternative = session.alternative(held)
    session.end()
    store.close()
    return (held.value, held.source), alternative.value if alternative else None


# --------------------------------------------------------------------------- the glue as the ID's letter


def test_a_glue_letter_first_is_the_glue_not_the_ids_letter():
    assert cue_glued("staff_id", "S9188", "9188", "s nine one eight eight", STANDIN_LIKE)
    # an engine that hears no glue as a letter (Vosk until English calls show it): the S stays
    assert not cue_glued("staff_id", "S9188", "9188", "s nine one eight eight", VOSK)
    # a letter that is no glue ("t seven seven zero four"): T7704 is an ID's letter
    assert not cue_glued("staff_id", "T7704", "7704", "t seven seven zero four", STANDIN_LIKE)
    # the grammar heard other digits: not the free value less its letter
    assert not cue_glued("staff_id", "S9188", "9189", "s nine one eight eight", STANDIN_LIKE)
    assert not cue_glued("referral_number", "S9188", "9188", "s nine one eight eight", STANDIN_LIKE)


def test_a_staff_ids_reading_heard_the_same_is_news_when_it_starts_with_the_glue():
    span = AssistSpan(1.0, 3.0, "s nine one eight eight", "staff_id")
    assert reading_is_news(span, "s nine one eight eight", STANDIN_LIKE)
    assert not reading_is_news(span, "s nine one eight eight", VOSK)
    # the same words with no glue first: nothing new
    plain = AssistSpan(1.0, 3.0, "nine one eight eight", "staff_id")
    assert not reading_is_news(plain, "nine one eight eight", STANDIN_LIKE)


def test_the_glue_heard_as_the_ids_letter_goes_and_stays_the_alternative(tmp_path):
    # the span is "s nine one eight eight", read the same by the grammar
    held, alternative = _assisted(tmp_path, "my i d s nine one eight eight", "staff_id", "S9188",
                                  "s nine one eight eight")
    assert held == ("9188", "assisted")
    assert alternative == "S9188"  # v swaps back


# --------------------------------------------------------------------------- a referral's lone "A"


@pytest.mark.parametrize("value, ok", [
    ("A4403912", False),  # "the referral is a four four zero …": the article
    ("A661289", False),  # "for a six six …" for "four oh six six …"
    ("84403912", True),
    ("SR12345678", True),  # letters of a referral the NCSC gives
    ("AB1234567", True),  # two letters: a code's, not the article
])
def test_a_referral_is_never_one_letter_a_and_digits(value, ok):
    assert plausible("referral_number", value) is ok
    # an A-number is (the letter's own kind)
    assert plausible("a_number", "A44039128")


@pytest.mark.parametrize("said, value", [
    ("the referral is a four four zero three nine one two", "4403912"),
    ("your referral number is a one two three four five six seven eight", "12345678"),
    # a code's own letters stay: two letters, or letters said as letters
    ("the referral is a b one two three four five six seven", "AB1234567"),
    ("your referral number is s r one two three four five six seven eight", "SR12345678"),
])
def test_the_extractor_reads_a_referrals_lone_a_as_the_article(said, value):
    from companion.extract.stream import StreamingExtractor

    x = StreamingExtractor()
    x.feed({"text": said, "result": words(said)})
    assert [(e.kind, e.value) for e in x.entities] == [("referral_number", value)]


def test_the_grammars_eight_is_the_referrals_first_digit_the_article_hid(tmp_path):
    # "the referral is eight four four zero …" heard "… is a four four zero …"
    held, alternative = _assisted(tmp_path, "the referral is a four four zero three nine one two",
                                  "referral_number", "4403912", "eight four four zero three nine one two",
                                  free_text="a four four zero three nine one two")
    assert held == ("84403912", "assisted")
    assert alternative == "4403912"


# --------------------------------------------------------------------------- the stand-in's sounds


@pytest.mark.parametrize("said", [
    "my name is tara carburetor number nine three eight one",  # "operator" as "carburetor"
    "you can see i asked my name is simone operation outer is four one eight two",  # … "operation"
    "this is lisa my d is two seven five five",  # "my i d is" as "my d is"
    "national customer service centre my name is louise aged nine five three two six",  # "agent"
    "i i t as nine one one seven three",  # "i d is" as "i t as"
])
def test_more_of_the_stand_ins_sounds_of_the_cues(said):
    from speech_rig import STAND_IN

    assert [s for s in assist_spans(words(said), number_word, STAND_IN) if s.kind == "staff_id"]
    # Vosk's settings know none of these sounds: no staff-ID span
    assert not [s for s in assist_spans(words(said), number_word, VOSK) if s.kind == "staff_id"]


# --------------------------------------------------------------------------- a spelled word is no staff ID


def _extract(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    from companion.extract.stream import StreamingExtractor

    x = StreamingExtractor()
    t0 = 1.0
    for speaker, said in lines:
        x.feed({"text": said, "result": words(said, t0), "speaker": speaker})
        t0 += 0.35 * len(said.split()) + 1.0
    return [(e.kind, e.value) for e in x.entities]


def test_a_correction_spelling_a_name_never_revises_the_staff_id():
    # the caller spells their own name, its "n" heard "one": SHIVO1 replaced 1530 before
    lines = [("agent", "this is not an operator number one five three zero"),
             ("caller", "my approval notice has my name spelled wrong"),
             ("caller", "it should be yes i will be h ion but the road s h i v o one")]
    assert _extract(lines) == [("staff_id", "1530")]
    # a correction of the ID itself, two letters at most, still revises it
    lines[2] = ("agent", "sorry it should be t r one five three zero")
    assert _extract(lines) == [("staff_id", "TR1530")]


def test_a_staff_id_of_three_letters_is_still_heard_where_no_correction_revises():
    # "it's k i m nine seven two" then "no sorry it's just nine seven two four": the answer's
    # three letters are kept as heard, so the correction has its ID to revise
    lines = [("caller", "and your operator i d kim"), ("agent", "it's k i m nine seven two"),
             ("caller", "k i m nine seven two"), ("agent", "no sorry it's just nine seven two four")]
    assert _extract(lines) == [("staff_id", "9724")]


# --------------------------------------------------------------------------- the caller's question for the ID


def test_the_callers_own_number_after_asking_for_the_id_is_not_the_id():
    # the agent's answer garbled ("four four seven oh one" heard "for for seven no one"); the
    # caller goes on to their receipt: its first digits were taken as the agent's ID (0914)
    lines = [("caller", "thanks and your id"), ("agent", "for for seven no one"),
             ("caller", "i received as i know he's zero nine one four of six two two eight seven")]
    assert [kv for kv in _extract(lines) if kv[0] == "staff_id"] == []


def test_the_callers_bare_read_back_of_the_id_is_still_the_id():
    # "sure it's six two seven oh" heard "sure it's sixty seven now": the caller's read-back
    lines = [("caller", "hi marcus can i have your operator number"), ("agent", "sure it's sixty seven now"),
             ("caller", "six two seven oh thank you")]
    assert ("staff_id", "6270") in _extract(lines)


# --------------------------------------------------------------------------- "what can i do for you"


def test_an_offer_of_help_closes_the_ids_span_up_to_its_number_word():
    from companion.asr.assist import _closings
    from companion.extract.lang.en import ENGLISH
    from companion.extract.lang.es import SPANISH

    ws = words("this is mark badge four four one seven what can i do for you")
    [span] = [s for s in assist_spans(ws, number_word, STANDIN_LIKE) if s.kind == "staff_id"]
    assert span.free_text == "four four one seven" and span.closed_at == ws[8]["start"]  # "what"
    # read up to its number word ("for"): "what can i do"; a greeting with a number word
    # before its third word closes nothing ("thank you for calling")
    assert ("what", "can", "i", "do") in _closings(ENGLISH)
    assert not any(c[:2] == ("thank", "you") for c in _closings(ENGLISH))
    assert ("en", "qué", "le", "puedo", "ayudar") in _closings(SPANISH)
    # no mark of the agent's side: a caller asks "what can i do" too
    assert "what can i do for you" not in ENGLISH.agent_marks


# --------------------------------------------------------------------------- a referral's last "oh", a lone "t"


def test_a_referrals_last_oh_the_free_reading_wrote_as_a_word_is_a_digit_lost():
    from companion.asr.assist import lost_a_digit

    settings = AssistSettings("test", low_confidence=0.6, oh_words=("al", "well"),
                              digit_confusions=((("l",), "oh?"),))
    # "… five eight three oh" heard "… eight three al" (4227583), read "… three l"
    free = "four two two seven five eight three al"
    assert lost_a_digit("referral_number", "4227583", "42275830", free, "four two two seven five eight three l",
                        settings)
    # no "oh" word at the end of the free words: the grammar's last "l" may be a filler
    assert not lost_a_digit("referral_number", "4227583", "42275830", "four two two seven five eight three",
                            "four two two seven five eight three l", settings)
    # Vosk knows no such word yet: nothing changes for it
    assert not lost_a_digit("referral_number", "4227583", "42275830", free, "four two two seven five eight three l",
                            VOSK)


def test_the_stand_ins_lone_t_may_be_a_two():
    from speech_rig import STAND_IN

    from companion.asr.assist import digit_readings

    # "four two two seven …" read "four two t seven …": the kind's usual length decides
    readings = digit_readings("four two t seven five eight three l", STAND_IN)
    assert "42275830" in readings and "4275830" in readings


def test_a_referrals_first_digits_heard_as_glue_words_are_read_by_the_grammar():
    from companion.asr.assist import grammar_reading

    # "your referral number is eight oh two seven four four one six" heard "… is it a go to
    # seven four four one six": the grammar reads from "it", where it heard "eight echo t"
    ws = words("your referral number is it a go to seven four four one six")
    [span] = [s for s in assist_spans(ws, number_word, STANDIN_LIKE) if s.kind == "referral_number"]
    assert span.letter_from == ws[4]["start"] and span.free_text.startswith("it a go")
    grammar = [{"word": w, "start": x["start"], "end": x["end"], "conf": 1.0}
               for w, x in zip("u f r a m three z eight echo two seven four four one six".split()[7:], ws[4:])]
    assert grammar_reading(span, grammar, STANDIN_LIKE).startswith("eight echo two")
    # glue with no digit's sound-alike ("the"): the number starts where its number words do
    ws = words("your referral number is the seven four four one six")
    [span] = [s for s in assist_spans(ws, number_word, STANDIN_LIKE) if s.kind == "referral_number"]
    assert span.letter_from is None and span.free_text.startswith("seven")
    # more than three such words: so too
    ws = words("your referral number is okay so it's a ready here you go seven four four one six")
    [span] = [s for s in assist_spans(ws, number_word, STANDIN_LIKE) if s.kind == "referral_number"]
    assert span.letter_from is None and span.free_text.startswith("seven")
