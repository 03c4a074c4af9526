"""The number assist's rules (``companion.asr.assist``) and how the session applies them.

Which seconds to read again (after a cue; doubtful runs of number words), what the
grammar's words there are worth for the cue's kind, and — in ``CallSession`` — when that
reading replaces the free one (free value implausible: applied, marked, unconfirmed) or is
only offered beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from companion.asr.assist import (
    VOSK,
    AssistContext,
    AssistSettings,
    agreement,
    assist_spans,
    assisted_value,
    digit_readings,
    grammar_reading,
    plausible,
    settle_prefix,
    sound_distance,
    trusted,
)
from companion.asr.pipeline import ENGLISH_HOMOPHONES, NumberAssist
from companion.identifiers import known_receipt_prefixes
from companion.records import ASSISTED, CANDIDATE, CONFIRMED, EXTRACTED
from companion.session import ASSIST_WAIT, CallSession

PREFIXES = known_receipt_prefixes()
# An engine whose grammar hears "zero" as "sierra" and "oh" (or "uh") as "l".
HARD_OF_HEARING = AssistSettings("test", low_confidence=0.6,
                                 digit_confusions=((("sierra",), "zero"), (("l",), "oh?")))


def words(text: str, t0: float = 1.0, low: tuple[str, ...] = ()) -> list[dict]:
    """Vosk result words: one every 0.35 s from ``t0``; words in ``low`` have conf 0.4."""
    return [{"word": w, "start": round(t0 + 0.35 * i, 2), "end": round(t0 + 0.35 * i + 0.3, 2),
             "conf": 0.4 if w in low else 0.97} for i, w in enumerate(text.split())]


def number_word(w: str) -> bool:
    return w in {"zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "fifty", "l"} or w in ENGLISH_HOMOPHONES


def free_then_read(tmp_path, said: str, reading: str, settings: AssistSettings,
                   is_word: Callable[[str], bool] = number_word) -> tuple[str, str, str | None]:
    """A cued staff ID said (one result, the free extractor's field), then the grammar's
    reading of its span (``is_word``: the grammar's words): (the free value, the value held
    after the reading, its alternative)."""
    from companion.store import Store

    store = Store(tmp_path / "c.db")
    session = CallSession.start(store, source="live")
    session.assist_settings = settings
    ws = words(said)
    [field] = [f for f in session.add_result({"text": said, "result": ws}).fields if f.kind == "staff_id"]
    [span] = [s for s in assist_spans(ws, is_word, settings) if s.kind == "staff_id"]
    session.add_number_assist(NumberAssist(None, span.start, span.end, span.free_text, reading, span.kind))
    held = store.field(field.id)
    alternative = session.alternative(held)
    session.end()
    store.close()
    return field.value, held.value, alternative.value if alternative else None


# --------------------------------------------------------------------------- spans


def test_a_cue_makes_a_span_of_its_kind_from_the_first_number_word():
    ws = words("this is officer nadia my agent i d is nine l four fifty two")
    [span] = assist_spans(ws, number_word)
    assert (span.kind, span.free_text) == ("staff_id", "nine l four fifty two")
    assert span.start == ws[9]["start"] and span.end == ws[-1]["end"]


def test_the_nearer_of_two_cues_decides():
    ws = words("write this down your referral number is eight okay three three five one two")
    [span] = assist_spans(ws, number_word)
    assert (span.kind, span.free_text) == ("referral_number", "eight okay three three five one two")


def test_without_a_cue_only_doubtful_runs_are_spans():
    ws = words("press for five too one now", low=("five",))
    [span] = assist_spans(ws, number_word)
    assert (span.kind, span.free_text) == (None, "for five too one")
    assert assist_spans(words("it is nine four two one"), number_word) == []  # sure: no span


def test_a_cue_span_reads_the_grammar_words_whose_middle_is_inside():
    ws = words("my i d is nine l four")
    [span] = assist_spans(ws, number_word)
    grammar = [{"word": "s", "start": ws[3]["start"], "end": ws[3]["end"] + 0.02},  # "is"
               *({"word": w, "start": x["start"], "end": x["end"]}
                 for w, x in zip(["nine", "oh", "four"], ws[4:], strict=True)),
               {"word": "[unk]", "start": 9.0, "end": 9.5}]
    assert grammar_reading(span, grammar) == "nine oh four"


def test_a_digit_kinds_span_leaves_out_the_cues_last_syllable_heard_as_a_digit():
    # "operator number six oh six one": the grammar heard "number" as "m three", its
    # "three" ending where the free "six" begins (stand-in times, blind8)
    ws = [{"word": w, "start": a, "end": b, "conf": 0.9} for w, a, b in
          [("operator", 4.69, 5.20), ("number", 5.20, 5.47), ("six", 5.47, 5.77), ("and", 5.77, 5.93),
           ("six", 5.93, 6.26), ("one", 6.26, 6.58)]]
    [span] = [s for s in assist_spans(ws, number_word) if s.kind]
    assert span.kind == "staff_id" and span.start == 5.47
    grammar = [{"word": w, "start": a, "end": b} for w, a, b in
               [("m", 5.27, 5.36), ("three", 5.36, 5.47), ("six", 5.47, 5.79), ("l", 5.79, 5.90),
                ("six", 5.90, 6.28), ("one", 6.28, 6.58)]]
    settings = AssistSettings("test", low_confidence=0.6, margin=0.2)
    assert grammar_reading(span, grammar, settings) == "six l six one"
    # a receipt's span keeps such a word: it may be the prefix's first letter
    receipt = type(span)(span.start, span.end, span.free_text, "receipt_number")
    assert grammar_reading(receipt, grammar, settings) == "three six l six one"


def test_a_receipt_span_short_of_its_prefix_takes_the_letter_at_its_edge():
    from companion.asr.assist import AssistSpan

    settings = AssistSettings("test", low_confidence=0.6, margin=0.2)
    # "yes i o e zero eight …": the answer span starts after "i" (glue), the grammar's "i" is
    # before it; the span's own reading has two prefix letters ("o p"), not three
    said = "i o p zero eight eight one seven two six three five four".split()
    grammar = [{"word": w, "start": round(21.0 + 0.3 * k, 2), "end": round(21.3 + 0.3 * k, 2)}
               for k, w in enumerate(said)]
    span = AssistSpan(21.3, grammar[-1]["end"], "always zero eight …", "receipt_number")
    reading = grammar_reading(span, grammar, settings)
    assert reading == " ".join(said)
    assert assisted_value("receipt_number", reading, PREFIXES, (), settings) == "IOE0881726354"
    # a digits-only kind, or a span with its three letters or none, reads its own words only
    assert grammar_reading(type(span)(span.start, span.end, "", "a_number"), grammar, settings).startswith("o p")
    assert grammar_reading(span, grammar[:1] + grammar[3:], settings).startswith("zero")
    three = [{"word": "x", "start": 20.7, "end": 21.0}, *grammar]
    assert grammar_reading(type(span)(21.0, span.end, "", "receipt_number"), three, settings).startswith("i o p")


def test_an_engines_echo_of_the_cue_at_a_digit_spans_start_is_no_digits():
    from companion.asr.assist import AssistSpan

    echoing = AssistSettings("test", low_confidence=0.6, margin=0.2,
                             cue_echoes=(("i", "eighty", "s"), ("i", "eighty")))
    plain = AssistSettings("test", low_confidence=0.6, margin=0.2)
    # "my i d is five five one three oh": free "i i g s five …", grammar "i i eighty s five …";
    # the span starts at the free "g"
    heard = "i i eighty s five five one three l".split()
    grammar = [{"word": w, "start": round(10.0 + 0.3 * k, 2), "end": round(10.3 + 0.3 * k, 2)}
               for k, w in enumerate(heard)]
    span = AssistSpan(10.6, grammar[-1]["end"], "g s five five one three l", "staff_id")
    assert grammar_reading(span, grammar, echoing) == "five five one three l"
    assert grammar_reading(span, grammar, plain) == "eighty s five five one three l"
    assert assisted_value("staff_id", grammar_reading(span, grammar, echoing), PREFIXES, (), HARD_OF_HEARING) == "55130"
    # the whole echo inside the span ("my ideas nine six …": the span starts at "ideas")
    inside = type(span)(10.3, span.end, "ideas five five one three l", "staff_id")
    assert grammar_reading(inside, grammar, echoing) == "five five one three l"
    # a receipt's span is left as it is
    receipt = type(span)(span.start, span.end, "", "receipt_number")
    assert grammar_reading(receipt, grammar, echoing).startswith("eighty s")


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    "kind, reading, settings, value",
    [
        # "… i d is nine oh …": the "z" is the glue "is" (the engine's ``glue_letters``), no letter of the ID
        ("staff_id", "a z nine l four fifty two", AssistSettings(
            "test", low_confidence=0.6, digit_confusions=HARD_OF_HEARING.digit_confusions, glue_letters=("z",)),
         "90452"),
        ("staff_id", "nine l four fifty two", VOSK, "9452"),  # Vosk: no such confusion known
        ("staff_id", "four", VOSK, None),  # too short
        # an "l" that would make nine digits is the "uh" between them: referrals have eight
        ("referral_number", "five five one l one i four eight sierra seven", HARD_OF_HEARING, "55114807"),
        ("a_number", "s x i nine three six five nine m one two eight five", VOSK, "A936591285"),
        ("a_number", "nine three six five", VOSK, None),
        ("receipt_number", "s a r c two five six six four forty four d twenty seven eight", VOSK,
         "SRC2566444278"),  # an inserted "a": still the known prefix SRC
        ("receipt_number", "e a c two one nine zero five oh one two three four", VOSK, "EAC2190501234"),
        ("receipt_number", "q two one nine zero five oh one two three four", VOSK, None),  # no prefix
    ],
)
def test_assisted_value(kind, reading, settings, value):
    assert assisted_value(kind, reading, PREFIXES, (), settings) == value


def test_the_users_own_value_wins_when_one_character_away():
    assert assisted_value("a_number", "nine three six five nine one two eight six", PREFIXES,
                          ["A936591285"]) == "A936591285"
    assert assisted_value("a_number", "nine three six five nine one two eight six", PREFIXES,
                          ["A111111111"]) == "A936591286"


def test_digit_readings_offer_both_meanings_of_an_uncertain_letter():
    assert digit_readings("nine l four", HARD_OF_HEARING) == ["904", "94"]
    assert digit_readings("nine l four", VOSK) == ["94"]


def test_receipt_prefixes_settle_by_how_letter_names_sound():
    assert sound_distance("ZAC", "EAC") == 0.5  # z and e rhyme
    assert settle_prefix("ZAC", PREFIXES, 1.0) == "EAC"
    assert settle_prefix("IOE", PREFIXES, 1.0) == "IOE"
    assert settle_prefix("Q", PREFIXES, 1.0) is None  # nothing near


@pytest.mark.parametrize(
    "kind, value, ok",
    [("staff_id", "9L452", False), ("staff_id", "90452", True), ("staff_id", "670", False),
     ("staff_id", "A1234", True), ("referral_number", "76013389", True),
     ("referral_number", "7601", False), ("receipt_number", "SRC2566444278", True),
     ("receipt_number", "SRC256644427", False), ("receipt_number", "WYC6097646466", False),
     ("a_number", "A936591285", True)],
)
def test_plausible(kind, value, ok):
    assert plausible(kind, value) is ok


# --------------------------------------------------------------------------- session


class Clock:
    def __init__(self) -> None:
        self.t = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.t


def _result(text: str) -> dict:
    return {"text": text, "result": words(text)}


def _after_the_wait(session, clock, kind: str) -> list:
    """The call's fields of ``kind`` once every waiting reading has waited ``ASSIST_WAIT``."""
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    session.flush()
    return [f for f in session.store.fields(session.call_id) if f.kind == kind]


def _cued(session, said: str, reading: str, speaker: str | None = None, confidence: float = 1.0):
    """A cued number said (one result) and the grammar's reading of its one span; the span."""
    session.add_result({**_result(said), "speaker": speaker} if speaker else _result(said))
    [span] = assist_spans(words(said), number_word, HARD_OF_HEARING)
    session.add_number_assist(NumberAssist(speaker, span.start, span.end, span.free_text, reading, span.kind,
                                           confidence))
    return span


def test_an_implausible_free_value_is_replaced_marked_and_unconfirmed(session):
    said = "this is officer nadia my agent i d is nine l four fifty two"
    [field] = [f for f in session.add_result(_result(said)).fields if f.kind == "staff_id"]
    assert field.value == "9L452"
    [span] = assist_spans(words(said), number_word, HARD_OF_HEARING)
    [changed] = session.add_number_assist(NumberAssist(None, span.start, span.end, span.free_text,
                                                       "nine l four fifty two", span.kind))
    assert (changed.value, changed.source, changed.status) == ("90452", ASSISTED, CANDIDATE)
    alt = session.alternative(changed)
    assert (alt.value, alt.source) == ("9L452", "free")
    swapped = session.use_alternative(changed.id)  # "v" swaps back, and that confirms it
    assert (swapped.value, swapped.status) == ("9L452", CONFIRMED)


def test_a_plausible_free_value_stays_and_the_reading_is_offered(session):
    said = "my agent i d is nine four five two"
    [field] = session.add_result(_result(said)).fields
    [span] = assist_spans(words(said), number_word, HARD_OF_HEARING)
    session.add_number_assist(NumberAssist(None, span.start, span.end, span.free_text,
                                           "nine four five three", span.kind))
    stored = session.store.field(field.id)
    assert (stored.value, stored.source) == ("9452", EXTRACTED)
    assert session.alternative(stored).value == "9453"


@pytest.mark.parametrize(
    "said, reading, free_value, value",
    [
        # the free reading swallowed an "oh" ("nine oh four five two" → "nine four five two")
        ("my agent i d is nine four five two", "nine l four five two", "9452", "90452"),
        # … or merged two digits into one word ("four four eight" → "four forty")
        ("your referral number is four forty one three six five two",
         "four four eight one three six five two", "4413652", "44813652"),
    ],
)
def test_a_plausible_free_value_that_lost_a_digit_gives_way(session, said, reading, free_value, value):
    [field] = [f for f in session.add_result(_result(said)).fields if f.kind in ("staff_id", "referral_number")]
    assert field.value == free_value
    [span] = [s for s in assist_spans(words(said), number_word, HARD_OF_HEARING) if s.kind]
    [changed] = session.add_number_assist(NumberAssist(None, span.start, span.end, span.free_text,
                                                       reading, span.kind))
    assert (changed.id, changed.value, changed.source) == (field.id, value, ASSISTED)
    assert session.alternative(changed).value == free_value


@pytest.mark.parametrize("said,kind,free_value,reading,heard_value", [
    # "eight one five two how can i help you": the grammar heard "help" as "eight l"
    ("operator number eight one five two how can i help you", "staff_id", "8152",
     "eight one five two papa i eight l p a", "81528"),
    # "forty nine" heard "fourteen nine" by the grammar: its extra digit is its own mishearing
    ("your referral number is twenty nine twenty two forty nine four", "referral_number", "2922494",
     "twenty nine twenty two fourteen nine four", "29221494"),
])
def test_a_digit_the_grammar_misheard_itself_is_no_lost_digit(session, said, kind, free_value, reading,
                                                                heard_value):
    """A digit more at the end, or a "-teen" heard for the free reading's "-ty": the free
    value stays and the grammar's is only offered."""
    [field] = [f for f in session.add_result(_result(said)).fields if f.kind == kind]
    assert field.value == free_value
    [span] = [s for s in assist_spans(words(said), number_word, HARD_OF_HEARING) if s.kind]
    session.add_number_assist(NumberAssist(None, span.start, span.end, span.free_text, reading, span.kind))
    stored = session.store.field(field.id)
    assert (stored.value, stored.source) == (free_value, EXTRACTED)
    assert session.alternative(stored).value == heard_value


def test_a_reading_whose_field_never_came_becomes_one_after_the_wait(session, clock):
    said = "your referral number is five five one on one of four eight zero seven"
    assert [f for f in session.add_result(_result(said)).fields if f.kind == "referral_number"] == []
    [span] = assist_spans(words(said), number_word, HARD_OF_HEARING)
    assist = NumberAssist(None, span.start, span.end, span.free_text,
                          "five five one l one i four eight sierra seven", span.kind)
    assert session.add_number_assist(assist) == []  # waits: the extractor may still emit it
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    added = session.add_result(_result("okay thank you")).fields
    assert [(f.kind, f.value, f.source, f.status) for f in added] == [
        ("referral_number", "55114807", ASSISTED, CANDIDATE)]


def test_flush_settles_readings_still_waiting(session):
    said = "your referral number is five five one on one of four eight zero seven"
    _cued(session, said, "five five one l one i four eight sierra seven")
    added = session.flush()
    assert ("referral_number", "55114807") in [(f.kind, f.value) for f in added]
    assert session.flush() == []  # once


def test_the_field_row_says_the_digits_reading_was_applied():
    from companion.records import CapturedField
    from companion.tui.live.fields import field_label

    f = CapturedField(1, 1, "staff_id", "90452", 0.5, source=ASSISTED)
    assert "by digits" in field_label(f)


# --------------------------------------------------------------------------- questions


def test_an_answer_to_a_question_for_a_number_is_a_span_of_that_kind():
    context = AssistContext(HARD_OF_HEARING)
    assert context.spans(words("what is your a number", t0=1.0), number_word, speaker="agent") == []
    answer = words("sure a eight five seven six zero six one zero one", t0=4.0)
    [span] = context.spans(answer, number_word, speaker="caller")
    assert (span.kind, span.free_text) == ("a_number", "eight five seven six zero six one zero one")
    # answered: the next result is not taken for that number again
    assert context.spans(words("nine nine", t0=9.0), number_word, speaker="caller") == []


def test_a_question_waits_for_the_other_side_and_not_for_ever():
    context = AssistContext(HARD_OF_HEARING)
    context.spans(words("may i have your receipt number", t0=1.0), number_word, speaker="agent")
    assert context.spans(words("please", t0=3.0), number_word, speaker="agent") == []  # same side
    late = words("e a c one two three", t0=1.0 + HARD_OF_HEARING.answer_wait + 5)
    assert context.spans(late, number_word, speaker="caller") == []


def test_a_cue_with_its_number_is_no_question():
    context = AssistContext(HARD_OF_HEARING)
    context.spans(words("my i d is four five two one"), number_word, speaker="agent")
    assert context.spans(words("okay thank you", t0=5.0), number_word, speaker="caller") == []


# --------------------------------------------------------------------------- languages and priors


def es_number_word(w: str) -> bool:
    from companion.extract.lang.es import SPANISH

    return w in SPANISH.units or w in SPANISH.letters


def test_the_spanish_assist_reads_spanish_cues_and_glue():
    from companion.extract.lang.es import SPANISH

    said = "su número de referencia es este ocho cinco uno uno cuatro ocho cero siete"
    [span] = assist_spans(words(said), es_number_word, HARD_OF_HEARING, lang=SPANISH)
    assert (span.kind, span.free_text) == ("referral_number", "ocho cinco uno uno cuatro ocho cero siete")
    # the English tables know neither the cue nor "este"
    assert all(s.kind is None for s in assist_spans(words(said), es_number_word, HARD_OF_HEARING))


def test_a_spanish_answer_opens_with_spanish_words():
    from companion.extract.lang.es import SPANISH

    context = AssistContext(HARD_OF_HEARING, SPANISH)
    assert context.spans(words("cuál es su número a", t0=1.0), es_number_word, speaker="agent") == []
    [span] = context.spans(words("claro pues ocho cinco siete seis cero seis uno cero uno", t0=4.0),
                           es_number_word, speaker="caller")
    assert (span.kind, span.free_text) == ("a_number", "ocho cinco siete seis cero seis uno cero uno")


def test_the_session_gives_the_assist_the_users_own_a_number(store, clock):
    said = "my a number is nine three six five nine one two eight six"  # last digit misheard
    plain = CallSession.start(store, source="live", now=clock)
    [span] = assist_spans(words(said), number_word, VOSK)
    assist = NumberAssist(None, span.start, span.end, "nine three six five nine on two eight six",
                          "nine three six five nine one two eight six", span.kind)
    plain.add_result(_result("my a number is nine three six five nine on two eight six"))
    plain.add_number_assist(assist)
    plain.flush()
    assert ("a_number", "A936591286") in [(f.kind, f.value) for f in store.fields(plain.call_id)]
    store.add_case("SRC2566444278", a_number="A936591285")  # the user's case, entered before the call
    known = CallSession.start(store, source="live", now=clock)
    known.add_result(_result("my a number is nine three six five nine on two eight six"))
    known.add_number_assist(assist)
    known.flush()
    assert ("a_number", "A936591285") in [(f.kind, f.value) for f in store.fields(known.call_id)]


# --------------------------------------------------------------------------- trust (bad audio)

WARY = AssistSettings("wary", low_confidence=0.6, min_free_confidence=0.7, min_agreement=0.3,
                      digit_confusions=HARD_OF_HEARING.digit_confusions)


def test_trust_needs_good_audio_and_some_agreement_with_the_free_reading():
    assert agreement("nine l four fifty two", "90452") == pytest.approx(8 / 9)
    assert agreement("could have been eleven", "137011") == pytest.approx(0.5)
    assert agreement("thank you", "90452") == 0.0
    assert trusted("90452", "nine l four fifty two", 0.9, WARY)
    assert not trusted("90452", "nine l four fifty two", 0.5, WARY)  # the call's audio is bad
    assert not trusted("90452", "thank you", 0.9, WARY)  # the free reading heard none of it
    assert trusted("90452", "thank you", 0.1, HARD_OF_HEARING)  # thresholds off: always


def test_the_context_keeps_the_calls_mean_confidence():
    context = AssistContext(WARY)
    assert context.confidence == 1.0
    context.spans(words("hello there", low=("hello",)), number_word)  # 0.4, 0.97
    context.spans(words("thanks"), number_word)  # 0.97
    assert context.confidence == pytest.approx((0.4 + 0.97 + 0.97) / 3)


def test_an_untrusted_reading_is_only_offered(store, clock):
    said = "this is officer nadia my agent i d is nine l four fifty two"
    session = CallSession.start(store, source="live", now=clock)
    session.assist_settings = WARY
    [field] = [f for f in session.add_result(_result(said)).fields if f.kind == "staff_id"]
    [span] = assist_spans(words(said), number_word, WARY)
    session.add_number_assist(NumberAssist(None, span.start, span.end, span.free_text,
                                           "nine l four fifty two", span.kind, 0.5))
    stored = session.store.field(field.id)
    assert (stored.value, stored.source) == ("9L452", EXTRACTED)  # bad audio: not applied …
    assert session.alternative(stored).value == "90452"  # … only offered
    session.add_number_assist(NumberAssist(None, span.start, span.end, span.free_text,
                                           "nine l four fifty two", span.kind, 0.9))
    assert (session.store.field(field.id).value, session.store.field(field.id).source) == ("90452", ASSISTED)


# --------------------------------------------------------------------------- questions whose kind was lost


def test_a_question_whose_kind_word_was_lost_leaves_the_answers_kind_to_its_shape():
    from companion.asr.assist import ANSWER_KINDS

    context = AssistContext(HARD_OF_HEARING)
    # "what is your a number", the "a" heard as "high": no cue, but it asks for a number
    assert context.spans(words("what is your high number", t0=1.0), number_word, speaker="agent") == []
    answer = words("sure i eight five seven six zero six one zero one", t0=4.0)
    [span] = context.spans(answer, number_word, speaker="caller")
    assert (span.kind, span.kinds) == (None, ANSWER_KINDS)
    assert span.free_text == "eight five seven six zero six one zero one"


def test_a_lost_question_needs_number_last_and_no_cue():
    from companion.asr.assist import lost_question

    assert lost_question(words("may i have your seat number"), number_word)
    assert lost_question(words("and what is your high number please"), number_word)
    assert not lost_question(words("what is your a number"), number_word)  # a cue: question_kind's
    assert not lost_question(words("the number five two"), number_word)  # a number follows
    assert not lost_question(words("number"), number_word)
    assert not lost_question(words("i called a number of times today"), number_word)


def test_a_caller_asking_for_a_number_gives_the_agent_no_shape_answer():
    context = AssistContext(HARD_OF_HEARING)
    context.spans(words("what is your high number", t0=1.0), number_word, speaker="caller")
    spans = context.spans(words("it is eight five seven six zero six one zero one", t0=4.0), number_word,
                          speaker="agent")
    assert all(s.kinds == () for s in spans)


def test_kind_by_shape_reads_a_receipt_before_an_a_number():
    from companion.asr.assist import ANSWER_KINDS, kind_by_shape

    assert kind_by_shape("i o e one nine five one five five seven seven two two", ANSWER_KINDS,
                         PREFIXES, settings=HARD_OF_HEARING) == ("receipt_number", "IOE1951557722")
    assert kind_by_shape("a nine three six five nine one two eight five", ANSWER_KINDS, PREFIXES,
                         settings=HARD_OF_HEARING) == ("a_number", "A936591285")
    assert kind_by_shape("four five two one", ANSWER_KINDS, PREFIXES, settings=HARD_OF_HEARING) is None
    # the user's own A-number wins over a reading one digit off it
    assert kind_by_shape("a nine three six five nine one two eight six", ANSWER_KINDS, PREFIXES,
                         [("a_number", "A936591285")], HARD_OF_HEARING) == ("a_number", "A936591285")


def test_an_answer_read_by_its_shape_becomes_a_field_of_that_kind(session):
    from companion.asr.assist import ANSWER_KINDS

    said = "sure i eight five seven six zero six one zero one"
    assert [f for f in session.add_result(_result(said)).fields if f.kind == "a_number"] == []
    assist = NumberAssist("caller", 1.35, 4.5, said, "a eight five seven six zero six one zero one",
                          None, 0.9, ANSWER_KINDS)
    assert session.add_number_assist(assist) == []  # waits for a free field of that kind
    added = session.flush()
    assert [(f.kind, f.value, f.source, f.status) for f in added] == [
        ("a_number", "A857606101", ASSISTED, CANDIDATE)]


def test_an_answer_of_no_kinds_shape_is_only_an_alternative(session):
    from companion.asr.assist import ANSWER_KINDS

    said = "my i d is for five too one"
    [field] = [f for f in session.add_result(_result(said)).fields if f.kind == "staff_id"]
    assist = NumberAssist(None, 2.0, 3.75, "for five too one", "four nine two one", None, 0.9, ANSWER_KINDS)
    assert [f.id for f in session.add_number_assist(assist)] == [field.id]
    assert session.alternative(session.store.field(field.id)).value == "4921"
    assert [f.kind for f in session.flush()] == []


# --------------------------------------------------------------------------- receipt prefixes, spoken spelling


@pytest.mark.parametrize(
    "reading, value",
    [
        # "oscar" in a prefix is the letter O, and "i india" one I
        ("x i india oscar echo one nine five one double five double seven double two", "IOE1951557722"),
        # "s for sierra" heard as "s three sierra"; "r as in robert" heard as "r as in bravo"
        (("s three sierra r as in bravo eight c three charlie one five a m eight five a m four double o"
          " double one two"), "SRC1585400112"),
        ("w four whiskey i c four charlie one i m seven five eight four three two seven i eight six",
         "WAC1758432786"),
    ],
)
def test_a_receipt_prefix_is_read_as_spoken_spelling(reading, value):
    assert assisted_value("receipt_number", reading, PREFIXES, (), VOSK) == value


def test_prefix_letters_reads_spelling_words_and_as_in_both_ways():
    from companion.asr.assist import prefix_letters

    assert prefix_letters("india oscar echo".split()) == ["IOE"]
    assert prefix_letters("s three sierra".split()) == ["S"]
    assert prefix_letters("r as in bravo".split()) == ["R", "B"]
    assert prefix_letters("m as in mary".split()) == ["M"]
    assert prefix_letters("one two".split()) == []


@pytest.mark.parametrize(
    "reading, value",
    [
        # "two oh nine nine" heard "two l nine nine": the l is the digit, as a digits-only kind reads it
        ("w i c two two one four two l nine nine one seven", "WAC2214209917"),
        # "two zero zero four" heard "two sierra zero four"; "oh oh" heard "o l"
        ("i l e zero eight eight one two sierra zero four five three", "IOE0881200453"),
        ("i l e o eight eight one two o l four five three", "IOE0881200453"),
    ],
)
def test_a_receipts_digits_read_the_engines_digit_confusions(reading, value):
    assert assisted_value("receipt_number", reading, PREFIXES, (), HARD_OF_HEARING) == value
    # an engine without those confusions reads the l as a letter: nine digits, no receipt
    assert assisted_value("receipt_number", reading, PREFIXES, (), VOSK) is None


def test_letter_names_a_and_i_sound_alike():
    # "ay" and "eye": EAC heard "b i c" (B for E, I for A) is near enough to settle
    assert sound_distance("I", "A") == 0.5
    assert settle_prefix("BIC", PREFIXES, 1.0) == "EAC"
    assert assisted_value("receipt_number", "b i c twenty five o three four one two two eight nine",
                          PREFIXES, (), VOSK) == "EAC2503412289"


def test_letter_name_y_sounds_like_a_as_i_does():
    # "why" ends in "eye": WAC heard "w y c" with a stray letter before it ("s w y c") still
    # settles (1.0 for Y as a letter of another group, plus 0.1 for the extra letter, did not)
    assert sound_distance("Y", "A") == 0.5
    assert settle_prefix("SWYC", PREFIXES, 1.0) == "WAC"
    assert assisted_value("receipt_number", "s w y c two three one six one five o two nine nine",
                          PREFIXES, (), VOSK) == "WAC2316150299"
    assert settle_prefix("YSC", PREFIXES, 1.0) == "YSC"  # a Y that is the prefix's own stays


def test_a_prefix_letter_the_engine_hears_for_oh_may_be_o():
    from companion.asr.assist import prefix_letters

    # "i o e oh nine …" heard "i l t l nine …": the first l is the letter O, the second the digit
    assert assisted_value("receipt_number", "i l t l nine one seven seven four three three o eight",
                          PREFIXES, (), HARD_OF_HEARING) == "IOE0917743308"
    assert prefix_letters("i l t".split(), ohs={"l"}) == ["ILT", "IOT"]
    assert prefix_letters("i l t".split()) == ["ILT"]


# --------------------------------------------------------------------------- read-backs with no cue


def test_a_cueless_reading_shaped_like_a_receipt_is_a_receipt(session):
    said = "okay so am i see nineteen forty to seventy seven seventy seven eighty five"
    assert [f for f in session.add_result(_result(said)).fields if f.kind == "receipt_number"] == []
    assist = NumberAssist(None, 1.7, 5.2, "i see nineteen forty to seventy seven seventy seven eighty five",
                          "m s c nineteen forty two seventy seven seventy seven eighty five", None, 0.9)
    session.add_number_assist(assist)
    added = session.flush()
    assert [(f.kind, f.value, f.source) for f in added] == [("receipt_number", "MSC1942777785", ASSISTED)]


def test_a_cueless_reading_of_no_receipts_shape_makes_no_field(session):
    said = "okay so am i see nineteen forty to seventy seven"
    session.add_result(_result(said))
    assist = NumberAssist(None, 1.7, 4.0, "i see nineteen forty to seventy seven",
                          "m s c nineteen forty two seventy seven", None, 0.9)  # six digits
    session.add_number_assist(assist)
    assert [f.kind for f in session.flush()] == []


# --------------------------------------------------------------------------- the same number read again


def test_a_waiting_reading_is_about_the_same_number_read_again_after_it(session):
    said = "the confirmation number is three five for l a four three nine nine"
    assert [f for f in session.add_result(_result(said)).fields if f.kind == "referral_number"] == []
    [span] = assist_spans(words(said), number_word, HARD_OF_HEARING)
    assert span.kind == "referral_number"
    session.add_number_assist(NumberAssist(None, span.start, span.end, span.free_text,
                                           "three five four l a four three nine nine", span.kind))
    corrected = {"text": "i'm sorry that should be three five one oh four three double nine",
                 "result": words("i'm sorry that should be three five one oh four three double nine", t0=8.0)}
    [field] = [f for f in session.add_result(corrected).fields if f.kind == "referral_number"]
    assert field.value == "35104399"
    assert [(f.kind, f.value) for f in session.flush() if f.kind == "referral_number"] == []  # no second field
    assert [f.value for f in session.store.fields(session.call_id) if f.kind == "referral_number"] == ["35104399"]
    assert session.alternative(session.store.field(field.id)).value == "35404399"


def test_a_different_number_of_the_kind_after_it_leaves_the_reading_waiting(session):
    said = "the confirmation number is three five for l a four three nine nine"
    _cued(session, said, "three five four l a four three nine nine")
    other = "and the other one is seven seven two one six eight zero zero"
    session.add_result({"text": other, "result": words(other, t0=8.0)})
    added = session.flush()
    assert ("referral_number", "35404399") in [(f.kind, f.value) for f in added]


def test_a_filings_next_receipt_after_it_is_another_number(session):
    # receipts of one filing are numbered one after another: the same but the last digits
    said = "my receipt number is m s si tu one nine one four four two o six seven"
    _cued(session, said, "m s c two one nine one four four two o six seven")
    assert [f.kind for f in session.store.fields(session.call_id)] == []  # the reading waits
    other = "and my wife is m s c two one nine one four four two oh six eight"
    session.add_result({"text": other, "result": words(other, t0=8.0)})
    session.flush()
    assert sorted(f.value for f in session.store.fields(session.call_id) if f.kind == "receipt_number") == [
        "MSC2191442067", "MSC2191442068"]


# --------------------------------------------------------------------------- runs read together


def test_runs_a_few_words_apart_are_also_read_together_for_a_receipts_shape():
    from companion.asr.assist import SHAPED_KINDS

    # "and the second is m s c two four nine oh one five six six one three", as heard:
    # the prefix became words, "oh" became "no", only "two" was doubtful
    ws = words("the second is at massey two four nine no one five six six one three", low=("two",))
    spans = assist_spans(ws, number_word)
    assert [s.free_text for s in spans if not s.kinds] == ["two four nine"]
    [joined] = [s for s in spans if s.kinds]
    assert joined.kinds == SHAPED_KINDS and joined.kind is None
    assert joined.free_text == "is at massey two four nine no one five six six one three"
    assert (joined.start, joined.end) == (ws[2]["start"], ws[-1]["end"])
    # fewer than five number words are no receipt; runs farther apart are not joined
    assert not [s for s in assist_spans(words("press for five too one now", low=("five",)), number_word)
                if s.kinds]
    far = words("two four nine and then a while later one five six", low=("two",))
    assert not [s for s in assist_spans(far, number_word) if s.kinds]
    off = AssistSettings("test", low_confidence=0.6, join_gap=0)
    assert not [s for s in assist_spans(ws, number_word, off) if s.kinds]


def test_runs_read_together_become_a_receipt_only_by_its_shape(session):
    from companion.asr.assist import SHAPED_KINDS

    said = "the second is at massey two four nine no one five six six one three"
    session.add_result(_result(said))
    joined = NumberAssist(None, 1.7, 6.25, "is at massey two four nine no one five six six one three",
                          "m s c two four nine o one five six six one three", None, 0.9, SHAPED_KINDS)
    session.add_number_assist(joined)
    assert [(f.kind, f.value, f.source) for f in session.flush()] == [("receipt_number", "MSC2490156613", ASSISTED)]
    # a joined reading of no receipt's shape is nothing: not even an alternative
    later = "so that is at massey two four nine and then no one five"
    session.add_result({"text": later, "result": words(later, t0=20.0)})
    other = NumberAssist(None, 21.05, 23.8, "is at massey two four nine and then no one five",
                         "m s c two four nine o one five", None, 0.9, SHAPED_KINDS)
    assert session.add_number_assist(other) == []
    assert session._pending_assists == []


def test_a_cueless_receipt_the_call_already_holds_is_no_second_field(session, clock):
    said = "my receipt number is m s c one nine four two seven seven seven seven eight five"
    [field] = [f for f in session.add_result(_result(said)).fields if f.kind == "receipt_number"]
    assert field.value == "MSC1942777785"
    back = "okay so am i see nineteen forty to seventy seven seventy seven eighty five"
    session.add_result({"text": back, "result": words(back, t0=12.0)})
    session.add_number_assist(NumberAssist(None, 12.7, 16.2, "i see nineteen forty to seventy seven seventy seven eighty five",
                                           "m s c nineteen forty two seventy seven seventy seven eighty five", None, 0.9))
    assert [f.value for f in _after_the_wait(session, clock, "receipt_number")] == ["MSC1942777785"]


def test_a_waiting_reading_of_a_value_the_call_holds_is_no_second_field(session, clock):
    said = "your referral number is five two four four zero one eight eight"
    [field] = [f for f in session.add_result(_result(said)).fields if f.kind == "referral_number"]
    assert field.value == "52440188"
    again = "the service requests number is fine too for"  # the free reading held no number
    session.add_result({"text": again, "result": words(again, t0=20.0)})
    session.add_number_assist(NumberAssist(None, 21.4, 22.5, "fine too for",
                                           "five two four four zero one eight eight", "referral_number", 0.9))
    assert [f.value for f in _after_the_wait(session, clock, "referral_number")] == ["52440188"]
    # a value the user rejected is not brought back by a later reading either
    session.decide_field(field.id, status="rejected")
    session.add_number_assist(NumberAssist(None, 21.4, 22.5, "fine too for",
                                           "five two four four zero one eight eight", "referral_number", 0.9))
    assert [(f.value, f.status) for f in _after_the_wait(session, clock, "referral_number")] == [("52440188", "rejected")]


def test_the_same_number_read_again_after_the_assists_own_field_decides_it(session, clock):
    first = "my receipt number is s r c want a bow for six six two one three three"
    session.add_result(_result(first))
    session.add_number_assist(NumberAssist(None, 2.4, 5.5, "s r c want a bow for six six two one three three",
                                           "s r c one eight o four six six two one three three", "receipt_number", 0.9))
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    [earlier] = session.flush()
    assert (earlier.value, earlier.source) == ("SRC1804662133", ASSISTED)
    fix = "oh sorry no that's our see what a bow for six six two one three eight"
    session.add_result({"text": fix, "result": words(fix, t0=20.0)})
    session.add_number_assist(NumberAssist(None, 21.75, 24.0, "our see what a bow for six six two one three eight",
                                           "s r c one eight o four six six two one three eight", None, 0.9))
    [field] = _after_the_wait(session, clock, "receipt_number")
    assert (field.id, field.value, field.source) == (earlier.id, "SRC1804662138", ASSISTED)
    assert session.alternative(field).value == "SRC1804662133"
    # a value the extractor heard, not the assist's own, is never changed by a later reading
    other = "and the other one is m s c two four nine two one five six six one two"
    [free] = [f for f in session.add_result({"text": other, "result": words(other, t0=40.0)}).fields
              if f.kind == "receipt_number"]
    later = "the second is at massey two four nine no one five six six one three"
    session.add_result({"text": later, "result": words(later, t0=50.0)})
    session.add_number_assist(NumberAssist(None, 50.7, 55.3, "is at massey two four nine no one five six six one three",
                                           "m s c two four nine o one five six six one three", None, 0.9))
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    session.flush()
    assert sorted(f.value for f in session.store.fields(session.call_id) if f.kind == "receipt_number") == [
        "MSC2490156613", free.value, "SRC1804662138"]


# An engine whose grammar splits a number's last "two" (the stand-in does; ``splits_two``)
SPLITS_TWO = replace(VOSK, splits_two=True)


def test_a_digits_only_numbers_last_two_the_grammar_split_is_put_back():
    # "… four four oh nine two" heard "… four four oh ninety a"; "… five two" heard "… five t l"
    assert assisted_value("referral_number", "seven seven one four four oh ninety a", (), (), SPLITS_TWO) == "77144092"
    assert assisted_value("referral_number", "one six eight eight two oh five t l", (), (), SPLITS_TWO) == "16882052"
    assert assisted_value("a_number", "a zero four seven two two zero one sixty o", (), (), SPLITS_TWO) == "A047220162"
    # an engine not known to split it reads the words as heard
    assert assisted_value("referral_number", "seven seven one four four oh ninety a", (), (), VOSK) != "77144092"


def test_a_read_back_whose_last_two_was_split_and_cut_does_not_decide(session, clock):
    # the caller's "… four one eight two", read back: the grammar heard the last "two" as
    # "eighty o", and the read-back's seconds ended before the "o" ("… for one hate him")
    session.assist_settings = replace(HARD_OF_HEARING, splits_two=True)
    first = "it's m s c two two nine trouble for one eight two"
    session.add_result(_result(first))
    session.add_number_assist(NumberAssist(None, 1.0, 4.2, "m s c two two nine trouble for one eight two",
                                           "m s c two two nine triple o four one eight two", "receipt_number", 0.9))
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    [earlier] = session.flush()
    assert earlier.value == "MSC2290004182"
    back = "and i see two two nine zero zero zero for one hate him"
    session.add_result({"text": back, "result": words(back, t0=20.0)})
    session.add_number_assist(NumberAssist(None, 20.0, 23.5, "i see two two nine zero zero zero for one hate",
                                           "m s c two two nine zero zero zero four one eighty", "receipt_number",
                                           0.9))
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    session.flush()
    assert [(f.id, f.value) for f in session.store.fields(session.call_id) if f.kind == "receipt_number"] == [
        (earlier.id, "MSC2290004182")]
    # a read-back whose last digit differs otherwise still decides ("… eight seven"; not one
    # or two more, "… eight three": that is the filing's next receipt, tests/test_receipt_family.py)
    back = "and i see two two nine zero zero zero for one eight seven"
    session.add_result({"text": back, "result": words(back, t0=40.0)})
    session.add_number_assist(NumberAssist(None, 40.0, 43.5, "i see two two nine zero zero zero for one eight seven",
                                           "m s c two two nine zero zero zero four one eight seven",
                                           "receipt_number", 0.9))
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    session.flush()
    assert [(f.id, f.value) for f in session.store.fields(session.call_id) if f.kind == "receipt_number"] == [
        (earlier.id, "MSC2290004187")]


# --------------------------------------------------------------------------- a number split over two results


def _grammar(ws: list[dict], heard: str) -> list[dict]:
    """The grammar's words over the same seconds as ``ws``, one for one."""
    return [dict(w, word=h) for w, h in zip(ws, heard.split(), strict=True)]


def test_a_cue_span_that_ends_its_result_runs_on_into_the_speakers_next_result_of_number_words():
    context = AssistContext(HARD_OF_HEARING)
    first = words("a confirmation number is one zero four four", t0=30.0)
    [cued] = context.spans(first, number_word, speaker="agent")
    assert cued.kind == "referral_number" and cued.pauses == ()
    rest = words("eight two six three one seven", t0=cued.end + 3.5)
    joined = [s for s in context.spans(rest, number_word, speaker="agent") if s.pauses]
    assert [(s.kind, s.start, s.end, s.pauses) for s in joined] == [
        ("referral_number", cued.start, rest[-1]["end"], ((cued.end, rest[0]["start"]),))]
    heard = (_grammar(first, "a three m s one zero four four")
             + [{"word": "i", "start": cued.end + 1.0, "end": cued.end + 1.2}]  # in the pause: not read
             + _grammar(rest, "eight two six three one seven"))
    reading = grammar_reading(joined[0], heard, HARD_OF_HEARING)
    assert reading == "one zero four four eight two six three one seven"
    assert assisted_value("referral_number", reading, settings=HARD_OF_HEARING) == "1044826317"


def test_no_run_on_for_the_other_side_a_long_pause_words_or_a_whole_first_part():
    def joined_after(first_text: str, rest_text: str, gap: float, speaker: str = "agent") -> list:
        context = AssistContext(HARD_OF_HEARING)
        [cued] = context.spans(words(first_text, t0=30.0), number_word, speaker="agent")
        rest = words(rest_text, t0=cued.end + gap)
        return [s for s in context.spans(rest, number_word, speaker=speaker) if s.pauses]

    said = "your referral number is one zero four four"
    assert joined_after(said, "eight two six three one seven", 2.0)  # the rule itself
    assert joined_after(said, "uh eight two six um three one seven okay", 2.0)  # fillers around
    assert not joined_after(said, "eight two six three one seven", 2.0, speaker="caller")
    assert not joined_after(said, "eight two six three one seven", HARD_OF_HEARING.split_gap + 1)
    assert not joined_after(said, "i called on eight two six", 2.0)  # not a number's words only
    assert not joined_after("your referral number is one zero four four please hold", "eight two", 2.0)


def test_a_split_reading_is_one_number_only_when_the_parts_add_up_to_the_kinds_length():
    from companion.asr.assist import AssistSpan, split_reading

    first = words("one zero four four", t0=30.0)
    rest = words("eight two six three one seven", t0=35.0)
    span = AssistSpan(first[0]["start"], rest[-1]["end"], "", "referral_number",
                      pauses=((first[-1]["end"], rest[0]["start"]),))
    heard = _grammar(first, "one zero four four") + _grammar(rest, "eight two six three one seven")
    assert split_reading(span, heard, HARD_OF_HEARING) == "one zero four four eight two six three one seven"
    # the grammar's "three" for "… number": nine digits for an eight-digit referral (round 4)
    heard = _grammar(first, "three three eight four") + _grammar(rest[:5], "seven nine three four zero")
    assert split_reading(span, heard, HARD_OF_HEARING) == ""
    # a first part that is a whole referral by itself is no number's start
    whole = words("three seven one zero eight three four", t0=30.0)
    span = AssistSpan(whole[0]["start"], rest[-1]["end"], "", "referral_number",
                      pauses=((whole[-1]["end"], rest[0]["start"]),))
    assert split_reading(span, _grammar(whole, "three seven one zero eight three four")
                         + _grammar(rest[:3], "nine four seven"), HARD_OF_HEARING) == ""


def test_a_number_split_over_two_results_becomes_one_field(session):
    first_said = "a confirmation number is one zero four four"
    rest_said = "eight two six three one seven"
    context = AssistContext(HARD_OF_HEARING)
    first = words(first_said, t0=30.0)
    rest = words(rest_said, t0=first[-1]["end"] + 4.5)  # past the extractor's own continuation
    heard = _grammar(first, "a three m s one zero four four") + _grammar(rest, rest_said)
    for ws, text in ((first, first_said), (rest, rest_said)):
        session.add_result({"text": text, "result": ws, "speaker": "agent"})
        for span in context.spans(ws, number_word, speaker="agent"):
            reading = grammar_reading(span, heard, HARD_OF_HEARING)
            if reading and (reading != span.free_text or span.pauses):  # as the pipeline
                session.add_number_assist(NumberAssist("agent", span.start, span.end, span.free_text,
                                                       reading, span.kind, 0.9, span.kinds))
    referrals = [f.value for f in session.flush() + session.store.fields(session.call_id)
                 if f.kind == "referral_number"]
    assert "1044826317" in referrals


# --------------------------------------------------------------------------- receipts through confusions; answers read by shape


def test_a_receipts_ten_digits_may_need_the_engines_digit_confusions():
    # the grammar's "l" for "oh": the digits fall one short of ten until it is read as a digit
    assert assisted_value("receipt_number", "i l e l eight eight two six one one four zero nine", PREFIXES,
                          settings=HARD_OF_HEARING) == "IOE0882611409"
    assert assisted_value("receipt_number", "s r c two one l nine nine three four four l one", PREFIXES,
                          settings=HARD_OF_HEARING) == "SRC2109934401"
    # an engine with no such confusion known reads no receipt there
    assert assisted_value("receipt_number", "s r c two one l nine nine three four four l one", PREFIXES,
                          settings=VOSK) is None


@pytest.mark.parametrize(
    "reading, value",
    [
        # "… four one eight two" read back: the "t" of the last "two" glued to the eight
        ("m s c two two nine zero zero zero four one eighty o", "MSC2290004182"),
        ("e a c two three nine zero one four five eight seventy o", "EAC2390145872"),
        ("e a c two three zero two four four one nine sixty a", "EAC2302441962"),
        # its "t" and its vowel heard as letters
        ("w a c two two six six eight one zero four four t l", "WAC2266810442"),
        ("e a c two one one nine three four zero five six t a o", "EAC2119340562"),
    ],
)
def test_a_receipts_last_two_the_grammar_split_is_put_back(reading, value):
    from companion.asr.assist import two_at_end

    assert assisted_value("receipt_number", reading, PREFIXES, (), SPLITS_TWO) == value
    assert assisted_value("receipt_number", reading, PREFIXES, (), VOSK) != value
    assert two_at_end(reading) is not None
    # a "-ty" said as such, with no letter after it, stays the digit and an oh
    assert two_at_end("m s c two two nine one two three four five sixty") is None
    assert assisted_value("receipt_number", "m s c two two nine one two three four five sixty",
                          PREFIXES, (), SPLITS_TWO) == "MSC2291234560"
    # a "t" after a letter, not a digit, is no "two" split
    assert two_at_end("e a c t o") is None


def test_an_answer_whose_kind_only_its_shape_decides_does_not_run_on():
    context = AssistContext(HARD_OF_HEARING)
    context.spans(words("what is your high number", t0=1.0), number_word, speaker="agent")  # kind lost
    [answer] = context.spans(words("sure five two", t0=4.0), number_word, speaker="caller")
    assert (answer.kind, bool(answer.kinds)) == (None, True)
    rest = words("four four zero one eight eight", t0=answer.end + 2.0)
    assert all(not s.pauses for s in context.spans(rest, number_word, speaker="caller"))
    # a question whose kind was heard: its answer runs on
    context = AssistContext(HARD_OF_HEARING)
    context.spans(words("what is your a number", t0=1.0), number_word, speaker="agent")
    [answer] = context.spans(words("sure zero four seven two", t0=4.0), number_word, speaker="caller")
    rest = words("two zero one six nine", t0=answer.end + 2.0)
    assert [s.kind for s in context.spans(rest, number_word, speaker="caller") if s.pauses] == ["a_number"]


# --------------------------------------------------------------------------- a number read back


def test_usual_length_is_the_kinds_usual_count_of_digits():
    from companion.asr.assist import usual_length

    assert usual_length("referral_number", "30308815")
    assert not usual_length("referral_number", "3030881")  # valid, but a referral is 8 digits
    assert usual_length("a_number", "A030308815") and usual_length("staff_id", "D4472")
    assert usual_length("receipt_number", "IOE0917726631")  # no usual count: any


def _caller_says(session, said: str, reading: str, t0: float) -> None:
    """A result of the caller's with no cue, and the grammar's reading of all of it."""
    ws = words(said, t0=t0)
    session.add_result({"text": said, "result": ws, "speaker": "caller"})
    session.add_number_assist(NumberAssist("caller", t0, ws[-1]["end"], said, reading, None, 0.9))




def test_a_cueless_number_read_back_after_a_cue_takes_the_cues_kind(session, clock):
    # the agent's "your referral number is three oh three oh eight eight one five": the
    # grammar heard each "oh" as "echo" there, so the cue's reading is no referral
    _cued(session, "your referral number is three of three o eight eight one five",
          "three echo three echo eight eight one five", speaker="agent", confidence=0.9)
    # the caller reads it back with no cue; the grammar heard it right this time
    _caller_says(session, "three o three okay eighty one five", "three l three o eight eight one five", 8.0)
    # then the caller's phone number, no cue either: not that number, no referral
    _caller_says(session, "nine one six five five five seven seven zero three",
                 "nine one six five five five seven seven sierra three", 12.0)
    assert [(f.value, f.source) for f in _after_the_wait(session, clock, "referral_number")] == [("30308815", ASSISTED)]


def test_a_read_back_long_after_the_cue_is_no_read_back(session, clock):
    span = _cued(session, "your referral number is three of three o eight eight one five",
                 "three echo three echo eight eight one five", speaker="agent", confidence=0.9)
    _caller_says(session, "three o three okay eighty one five", "three l three o eight eight one five",
                 span.end + HARD_OF_HEARING.answer_wait + 5)
    assert _after_the_wait(session, clock, "referral_number") == []


@pytest.mark.parametrize("cue, cue_heard, first, back, back_heard, value", [
    # "one three oh five five two seven eight": the first reading lost the "oh"
    ("your referral number is one three all five five to seven eight", "one three echo five five two seven eight",
     "1355278", "one three or five five to seven eight", "one three l five five two seven eight", "13055278"),
    # "five eight zero one four four two seven": at the cue both readings heard "forty", a
    # digit short of a referral; the caller's read-back holds a digit no reading of the cue
    # held, where the first value is short (where the grammar heard the "two"'s "t" there,
    # "four four t seven", the cue's value is whole: ``assist.ty_split``)
    ("the service request number is five eight zero one four forty seven", "five eight zero one four forty seven",
     "5801447", "five eight zero one four four to seven", "five eight zero one four four two seven", "58014427"),
])
def test_a_read_back_that_hears_a_digit_the_first_reading_lost_takes_its_place(
        session, clock, cue, cue_heard, first, back, back_heard, value):
    _cued(session, cue, cue_heard, speaker="agent", confidence=0.9)
    [held] = _after_the_wait(session, clock, "referral_number")
    assert held.value == first
    _caller_says(session, back, back_heard, 10.0)
    [field] = _after_the_wait(session, clock, "referral_number")
    assert (field.id, field.value, field.source) == (held.id, value, ASSISTED)
    assert session.alternative(field).value == first


def test_a_read_back_whose_extra_oh_only_the_grammars_example_gives_leaves_the_number(session, clock):
    # round 21 (en43): "your number four one three six eight" read "u o as in oscar four one
    # three six eight": the free words are the ID held, digit for digit; the grammar's "0"
    # comes from an example word ("oscar") they do not have — its own, not a lost "oh"
    _cued(session, "my operator i d is four one three six eight", "four one three six eight",
          speaker="agent", confidence=0.9)
    [held] = _after_the_wait(session, clock, "staff_id")
    assert held.value == "41368"
    _caller_says(session, "was your number four one three six eight", "u o as in oscar four one three six eight", 10.0)
    assert [(f.id, f.value) for f in _after_the_wait(session, clock, "staff_id")] == [(held.id, "41368")]


def test_a_read_back_one_other_digit_longer_leaves_the_number_as_it_was(session, clock):
    # "twenty nine twenty two forty nine four": the grammar hears "fourteen" for "forty" at
    # the cue and again in the read-back — its own extra digit, nothing the read-back adds
    _cued(session, "your referral number is twenty nine twenty to forty nine four",
          "twenty nine twenty two fourteen nine four", speaker="agent", confidence=0.9)
    [first] = _after_the_wait(session, clock, "referral_number")
    assert first.value == "2922494"
    _caller_says(session, "twenty nine twenty to fourteen nine four", "two nine two two one four nine four", 10.0)
    assert [(f.id, f.value) for f in _after_the_wait(session, clock, "referral_number")] == [(first.id, first.value)]


def test_a_cue_with_fewer_number_words_than_its_kind_is_said_in_asks_for_it():
    from companion.asr.assist import question_kind

    # a homophone of a number word after the cue is no number: the answer comes next
    assert question_kind(words("so the service request number for your records pays"),
                         number_word) == "referral_number"
    assert question_kind(words("what is the receipt number on you notice"), number_word) == "receipt_number"
    # a number of the kind's length follows: a statement, not a question
    assert question_kind(words("your referral number is two one oh oh seven seven eight four"),
                         number_word) is None
    # a staff ID may be said in one word ("forty four ninety one" is two): still strict
    assert question_kind(words("my operator number is nine"), number_word) is None
    context = AssistContext(HARD_OF_HEARING)
    context.spans(words("what is the receipt number on you notice", t0=1.0), number_word, speaker="agent")
    answer = words("sure it's i o e zero nine two three four four one seven five eight", t0=5.0)
    [span] = context.spans(answer, number_word, speaker="caller")
    assert span.kind == "receipt_number" and "e zero nine two three" in span.free_text


def test_a_cue_word_heard_plural_is_still_a_cue():
    from companion.asr.assist import question_kind

    said = "okay your service requests number is nine no two two eight four six one"
    spans = [s for s in assist_spans(words(said), number_word, HARD_OF_HEARING) if s.kind]
    assert [(s.kind, s.free_text) for s in spans] == [("referral_number", "nine no two two eight four six one")]
    asked = "he had a i a service requests number from an earlier call"
    assert question_kind(words(asked), number_word) == "referral_number"
    # a word that is a cue word as it stands is left alone; no cue word, no cue
    assert not [s for s in assist_spans(words("the seats number is nine four"), number_word) if s.kind]


def test_a_lost_question_may_hold_a_short_word_of_no_identifier_before_its_number():
    from companion.asr.assist import lost_question

    # "do you have her a number", heard with "on": "on" is a cue of no identifier (a date's)
    assert lost_question(words("do you have her on a number"), number_word)
    # a cue of no identifier that holds the number word still says what the number is
    assert not lost_question(words("what is your phone number"), number_word)
    assert not lost_question(words("and your account number"), number_word)


def test_a_homophone_of_a_number_word_after_a_cue_is_no_number_of_it():
    from companion.asr.assist import question_kind

    asked = words("great and can i get your id number for my notes")
    assert question_kind(asked, number_word, homophones=ENGLISH_HOMOPHONES) == "staff_id"
    assert question_kind(words("my operator number is nine"), number_word, homophones=ENGLISH_HOMOPHONES) is None
    # the context passes the engine's homophones on: the answer takes the kind
    context = AssistContext(HARD_OF_HEARING)
    context.spans(asked, number_word, ENGLISH_HOMOPHONES, speaker="caller")
    [span] = [s for s in context.spans(words("it's ate nine hour four", t0=6.0), number_word,
                                       ENGLISH_HOMOPHONES, speaker="agent") if s.kind]
    assert span.kind == "staff_id"


def _kinded(context: AssistContext, text: str, t0: float, speaker: str) -> list[tuple[str | None, str]]:
    """(kind, free words) of the spans of a kind in one result given to ``context``."""
    return [(s.kind, s.free_text) for s in context.spans(words(text, t0=t0), number_word, speaker=speaker) if s.kind]


def test_a_number_announced_then_told_with_no_kind_word_takes_the_announced_kind():
    # "i can open a service request for the delay" names a referral and says no number;
    # the caller agrees; the agent then tells it: "the number is nine five five two …"
    context = AssistContext(HARD_OF_HEARING)
    _kinded(context, "okay i can open a service request for the delay", 1.0, "agent")
    _kinded(context, "yes please", 5.0, "caller")
    assert _kinded(context, "the number is nine five five to one of seven four", 7.0, "agent") == [
        ("referral_number", "nine five five to one of seven four")]
    # told long after the announcement, it is no such number
    context = AssistContext(HARD_OF_HEARING)
    _kinded(context, "okay i can open a service request for the delay", 1.0, "agent")
    late = 4.0 + HARD_OF_HEARING.answer_wait + 1
    assert _kinded(context, "the number is nine five five to one of seven four", late, "agent") == []


def test_a_bare_number_of_the_usual_length_after_its_speaker_named_the_kind_takes_it():
    # the agent announces a referral with no number, then tells it with no kind word
    context = AssistContext(HARD_OF_HEARING)
    _kinded(context, "so i'll put in a service request", 1.0, "agent")
    assert _kinded(context, "it's six zero zero two seven seven three four", 5.0, "agent") == [
        ("referral_number", "six zero zero two seven seven three four")]
    # the agent asks for the A-number; the caller's answer is garbled; the agent reads it back
    context = AssistContext(HARD_OF_HEARING)
    _kinded(context, "thank you sir and what is his alien number", 1.0, "agent")
    _kinded(context, "his inalienable rick is too well the triple", 5.0, "caller")
    assert _kinded(context, "two zero eight seven seven seven five one two", 9.0, "agent") == [
        ("a_number", "two zero eight seven seven seven five one two")]
    # a bare number short of the kind's usual length is no such number (a grammar's
    # "fifteen" for "fifty", a digit lost) — unless the grammar hears the usual length there
    # (round 9, i9-r9-ref: a referral's free reading a digit short, "of" for "oh")
    from companion.asr.assist import reading_is_news

    context = AssistContext(HARD_OF_HEARING)
    _kinded(context, "so i'll put in a service request", 1.0, "agent")
    said = "six zero zero two seven seven three"
    [span] = [s for s in context.spans(words(f"it's {said}", t0=5.0), number_word, speaker="agent") if s.kind]
    assert span.usual and not reading_is_news(span, said, HARD_OF_HEARING)
