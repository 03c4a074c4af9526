"""The cue-grammar experiment's rig parts (issue 9; ``companion/asr/README.md``, "Experiment:
cue words in the number grammar"): which words the grammar gets, how its cues are read,
and the rule that was measured and not kept. Pure Python: no recognizer runs here."""

from __future__ import annotations

import speech_rig
from speech_rig import SpokenUtterance, cue_rule_span, cue_words, grammar_cues, grammar_question, number_jsgf

from companion.asr.assist import AssistSpan
from companion.asr.pipeline import ENGLISH_DIGITS, ENGLISH_HOMOPHONES, ENGLISH_LETTERS
from companion.records import A_NUMBER, RECEIPT_NUMBER, REFERRAL_NUMBER, STAFF_ID


def _words(text: str, start: float = 0.0, step: float = 0.4) -> list[dict]:
    return [{"word": w, "start": round(start + i * step, 2), "end": round(start + i * step + 0.3, 2), "conf": 1.0}
            for i, w in enumerate(text.split())]


def _utterance(speaker: str | None, grammar: str, start: float = 0.0) -> SpokenUtterance:
    words = _words(grammar, start)
    return SpokenUtterance(speaker, grammar, start, words[-1]["end"] if words else start,
                           {"text": grammar, "result": words}, [], grammar_words=words)


def test_cue_words_are_the_cue_nouns_not_function_words_or_number_words():
    words = cue_words()
    for w in ("receipt", "number", "alien", "referral", "badge", "confirmation", "service", "request", "id"):
        assert w in words
    # "for" is a homophone of four, "no" of oh; "write this down" cannot be heard without "this"
    for w in ("for", "no", "is", "your", "my", "write", "down", "this"):
        assert w not in words
    assert not set(words) & (set(ENGLISH_DIGITS) | set(ENGLISH_LETTERS) | set(ENGLISH_HOMOPHONES))
    assert len(words) == len(set(words))


def test_the_default_grammar_is_unchanged_and_the_variant_adds_the_cue_words():
    plain = number_jsgf()
    variant = number_jsgf(cues=cue_words())
    assert " receipt " not in plain and "| receipt |" in variant
    assert "| alien |" in variant
    assert plain != variant  # the cache key holds the grammar text: the variant gets its own entries


def test_grammar_cues_find_kinds_and_times_longest_phrase_first():
    cues = grammar_cues(_words("o x a number three receipt number e a c one i d five"))
    assert [c[2] for c in cues] == [A_NUMBER, RECEIPT_NUMBER, STAFF_ID]
    assert cues[1][:2] == (2.0, 2.7)  # "receipt number": the start of one word, the end of the other
    assert grammar_cues(_words("service request number one two"))[0][2] == REFERRAL_NUMBER


def test_phrases_only_drops_single_words_and_letter_cues():
    words = _words("id badge i d confirmation badge number six receipt")
    assert [c[2] for c in grammar_cues(words)] == [STAFF_ID, STAFF_ID, STAFF_ID, REFERRAL_NUMBER, STAFF_ID,
                                                   RECEIPT_NUMBER]
    assert [c[2] for c in grammar_cues(words, phrases_only=True)] == [STAFF_ID]  # "badge number"


def test_cue_rule_takes_the_kind_of_a_grammar_cue_before_a_span_with_none():
    u = _utterance("caller", "my receipt number e a c one two three", start=10.0)
    span = AssistSpan(11.6, 13.1, "e a c one two three")  # the free reading had no cue for it
    got = cue_rule_span(span, u, None, first=True)
    assert got.kind == RECEIPT_NUMBER and got.kinds == ()
    assert (got.start, got.end, got.free_text) == (span.start, span.end, span.free_text)
    # a span the free reading gave a kind keeps it; no grammar cue near: unchanged
    kept = AssistSpan(11.6, 13.1, "x", kind=STAFF_ID)
    assert cue_rule_span(kept, u, None, first=True) is kept
    far = AssistSpan(30.0, 31.0, "one two")
    assert cue_rule_span(far, u, None, first=True) is far


def test_cue_rule_answer_takes_the_other_sides_grammar_question():
    question = _utterance("agent", "o t s u a number", start=0.0)
    asked = grammar_question(question)
    assert asked == (A_NUMBER, "agent", question.end)
    answer = _utterance("caller", "a two four six eight one three five seven", start=question.end + 1.0)
    span = AssistSpan(answer.start, answer.end, "a two four", kinds=(RECEIPT_NUMBER, A_NUMBER))
    assert cue_rule_span(span, answer, asked, first=True).kind == A_NUMBER
    assert cue_rule_span(span, answer, asked, first=False).kind is None  # only the answer's first span
    same_side = _utterance("agent", "two four six", start=question.end + 1.0)
    assert cue_rule_span(span, same_side, asked, first=True).kind is None
    late = _utterance("caller", "two four six", start=question.end + speech_rig.STAND_IN.answer_wait + 1)
    assert cue_rule_span(span, late, asked, first=True).kind is None
    # words after the cue longer than QUESTION_TAIL: no question
    assert grammar_question(_utterance("agent", "receipt number p e s o t a b c")) is None
