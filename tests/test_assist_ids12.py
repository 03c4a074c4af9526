"""Staff IDs, round 12 (issue 9, branch i9-r12-ids): the staff ID's letter. A letter said
between the cue and the digits is read by the grammar (the span starts at the word the free
recognizer wrote for it), a letter said after the digits too, and a free digits-only ID gives
way to the grammar's with the letter. Each tested here without the rig."""

from __future__ import annotations

from test_assist import free_then_read, number_word, words

from companion.asr.assist import AssistSettings, assist_spans, assisted_value, letter_lost

# An engine whose grammar hears "oh" as "l", "o" or "echo", "two" as "t o", and the "is" before
# a number as "s" or "z" (the stand-in's traits; none of them is needed by the rules here).
OHS = AssistSettings("test", low_confidence=0.6,
                     digit_confusions=((("t", "o"), "two"), (("o",), "oh?"), (("l",), "oh?"),
                                       (("echo",), "oh?")),
                     glue_letters=("s", "x", "z"))


def _staff_span(said: str):
    [span] = [s for s in assist_spans(words(said), number_word, OHS) if s.kind == "staff_id"]
    return span


# --------------------------------------------------------------------------- the span


def _read_from(said: str) -> str:
    """The free words from where a staff ID span's grammar reading starts."""
    ws = words(said)
    span = _staff_span(said)
    start = span.start if span.letter_from is None else span.letter_from
    return " ".join(w["word"] for w in ws if w["start"] >= start)


def test_a_staff_id_span_is_read_from_a_glue_word_that_may_be_its_letter():
    # "my i d is c one nine four seven" heard "… is the one nine four seven": the grammar's
    # words are read from "the", so its letter there is read; the span is still the number's
    assert _read_from("this is carmen my i d is the one nine four seven") == "the one nine four seven"
    span = _staff_span("this is carmen my i d is the one nine four seven")
    assert span.free_text == "the one nine four seven"
    assert span.start == words("this is carmen my i d is the one nine four seven")[8]["start"]  # the number's
    # "i d number m eight one oh four" heard "… number and eight one oh four"
    assert _read_from("my name is marisol i d number and eight one oh four") == "and eight one oh four"
    # "operator i d b three three oh nine" heard "… id be three three nine"
    assert _read_from("my name is bogdan operator i d be three three nine") == "be three three nine"
    # a letter spelled by example: "d as in david" heard "the as in david"
    assert _read_from("my i d is the as in david four four seven two") == "the as in david four four seven two"


def test_a_staff_id_span_does_not_read_glue_that_is_no_letter():
    # "is", "a" and "i" before the digits are no letter: read from the digits
    assert _staff_span("my i d is seven three one one eight").letter_from is None
    assert _staff_span("my i d is a seven three one one eight").letter_from is None
    # other kinds' spans are read from their digits ("the referral number is the …")
    [span] = [s for s in assist_spans(words("your referral number is the one two three four five six seven eight"),
                                      number_word, OHS) if s.kind == "referral_number"]
    assert span.letter_from is None and span.free_text == "one two three four five six seven eight"


def test_the_grammar_reads_the_letter_where_the_free_reading_wrote_a_word():
    from companion.asr.assist import grammar_reading

    said = "yes and my badge number is the one seven four four"
    span = _staff_span(said)
    grammar = [{**w, "word": {"the": "b", "yes": "s"}.get(w["word"], w["word"])} for w in words(said)]
    assert grammar_reading(span, grammar, OHS) == "b one seven four four"


# --------------------------------------------------------------------------- the letter after the digits


def test_a_letter_said_after_the_digits_at_the_end_is_the_ids():
    assert assisted_value("staff_id", "three one eight b", settings=OHS) == "318B"
    assert assisted_value("staff_id", "four four nine one two c", settings=OHS) == "44912C"
    assert assisted_value("staff_id", "four four l nine b", settings=OHS) == "4409B"  # its "oh" heard "l"


def test_letters_after_the_digits_that_are_words_are_not_the_ids():
    # "b one seven four four in case you need it": the words after the number heard as letters
    assert assisted_value("staff_id", "one seven four four n k c n e k", settings=OHS) == "1744"
    # a last "oh" heard as a letter, "a" and "i", the glue's letters: no letter
    assert assisted_value("staff_id", "four four one l", settings=OHS) == "4410"
    assert assisted_value("staff_id", "one seven seven two i", settings=OHS) == "1772"
    assert assisted_value("staff_id", "one seven seven two s", settings=OHS) == "1772"
    # too many digits for a lettered ID (4–6 characters)
    assert assisted_value("staff_id", "one two three four five six b", settings=OHS) == "123456"


# --------------------------------------------------------------------------- the free value gives way


def test_the_grammars_letter_is_the_free_ids_lost_letter():
    # the free words hold a word that may be the letter, before the digits or after them
    assert letter_lost("staff_id", "1744", "B1744", "the one seven four four")
    assert letter_lost("staff_id", "2265", "N2265", "and two two six five how may i help you")
    assert letter_lost("staff_id", "3309", "B3309", "be three three oh nine")
    assert letter_lost("staff_id", "44912", "44912C", "for for nine one to see")
    assert letter_lost("staff_id", "449", "TK449", "t k four four nine")
    # no such word: a letter only the grammar heard ("eighty three eighty eight" read
    # "n eight three eight eight") is offered, not taken
    assert not letter_lost("staff_id", "8388", "N8388", "eighty three eighty eight")
    assert not letter_lost("staff_id", "1744", "B1744", "one seven four four")
    # not: another digit, a letter in the free value, too long, another kind
    assert not letter_lost("staff_id", "1744", "B1745", "the one seven four five")
    assert not letter_lost("staff_id", "R1744", "RB1744", "are the one seven four four")
    assert not letter_lost("staff_id", "17441", "BC17441", "the one seven four four one")
    assert not letter_lost("staff_id", "1744", "1744", "the one seven four four")
    assert not letter_lost("referral_number", "12345678", "B12345678", "the one two three four five six seven eight")


def _free_then_read(tmp_path, said: str, reading: str) -> tuple[str, str, str | None]:
    """(the free value, the value held after the grammar's reading, its alternative)."""
    return free_then_read(tmp_path, said, reading, OHS)


def test_a_free_digits_only_id_takes_the_letter_the_grammar_read(tmp_path):
    # "b one seven four four" heard "the one seven four four", read "b one seven four four"
    assert _free_then_read(tmp_path, "yes and my badge number is the one seven four four",
                           "b one seven four four") == ("1744", "B1744", "1744")
    # "four four nine one two c" heard "… two see" (free 44912), read "… two c"
    assert _free_then_read(tmp_path / "b", "my i d is four four nine one two see", "four four nine one two c") == (
        "44912", "44912C", "44912")


def test_a_grammar_id_with_other_digits_is_only_offered(tmp_path):
    # the letter and another digit: the plausible free value stands, the reading is offered
    assert _free_then_read(tmp_path, "yes and my badge number is the one seven four four",
                           "b one seven four five") == ("1744", "1744", "B1745")
