"""A-numbers in the number assist (issue 9, round 8, branch i9-r8b-anum): rules found on
the six tuning sets of the spoken-call rig, each tested here without the rig."""

from __future__ import annotations

from test_assist import number_word
from test_assist import words as _words  # a Vosk result's words, one every 0.35 s

from companion.asr.assist import assist_spans, lost_question, question_kind


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
