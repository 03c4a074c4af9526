"""Staff IDs in the number assist, round 10 (issue 9, branch i9-r10-ids): rules found on the
ten tuning sets of the spoken-call rig, each tested here without the rig."""

from __future__ import annotations

from test_assist import free_then_read, number_word

from companion.asr.assist import AssistSettings, assisted_value

# An engine whose grammar hears "oh" (or "uh", or a letter of the words after a number) as
# "l", "o" or "echo", "two" as "t o", the cue "i d" right before a number as "i eighty", and
# the "is" before a number as the letter "s".
OHS = AssistSettings("test", low_confidence=0.6,
                     digit_confusions=((("t", "o"), "two"), (("o",), "oh?"), (("l",), "oh?"),
                                       (("echo",), "oh?")),
                     cue_echoes=(("i", "eighty", "s"), ("i", "eighty")), glue_letters=("s",))


# --------------------------------------------------------------------------- the cue "i d" is no letter


def test_the_cue_i_d_before_the_digits_is_no_letter_of_the_id():
    # "agent i d seven two two nine": the span holds the cue's letters, "d" is no ID's letter
    assert assisted_value("staff_id", "i d seven two two nine", settings=OHS) == "7229"
    assert assisted_value("staff_id", "i d two eight eight four one", settings=OHS) == "28841"
    # a letter said after the cue is the ID's ("my i d is d four four seven two")
    assert assisted_value("staff_id", "i d s d four four seven two", settings=OHS) == "D4472"
    # and a lettered ID with no cue before it keeps its letters
    assert assisted_value("staff_id", "t k four four nine", settings=OHS) == "TK449"
    assert assisted_value("staff_id", "d four four seven two", settings=OHS) == "D4472"


# --------------------------------------------------------------------------- the free value's lost digit


def _free_then_read(tmp_path, said: str, reading: str) -> tuple[str, str, str | None]:
    """(the free value, the value held after the grammar's reading, its alternative); the
    grammar's words are digits and the letter names "i" and "eighty" heard for "i d"."""
    return free_then_read(tmp_path, said, reading, OHS, lambda w: number_word(w) or w in ("i", "eighty"))


def test_a_last_digit_the_free_reading_made_a_word_is_a_lost_digit(tmp_path):
    # "operator number eight nine three oh eight": the free recognizer wrote "… oh wait"
    # (8930); the grammar heard the "eight" right after the "oh": 89308
    assert _free_then_read(tmp_path, "operator number eight nine three oh wait",
                           "eight nine three echo eight") == ("8930", "89308", "8930")


def test_a_digit_after_letters_at_the_end_is_still_no_lost_digit(tmp_path):
    # "eight one five two how can i help you": "help" heard "… papa i eight": the free stands
    assert _free_then_read(tmp_path, "operator number eight one five two how can i help you",
                           "eight one five two papa i eight l p a") == ("8152", "8152", "81528")


# --------------------------------------------------------------------------- the cue glued to the free value


def test_a_free_id_that_holds_the_cue_heard_as_i_eighty_gives_way(tmp_path):
    # "operator i d three three zero eight" heard "operator i eighty three three zero eight":
    # the extractor reads I83308; the grammar's reading of the span, its cue's echo left out
    # (``grammar_reading``), is 3308
    assert _free_then_read(tmp_path, "operator i eighty three three zero eight",
                           "three three zero a eight") == ("I83308", "3308", "I83308")


def test_the_cue_i_d_begun_before_the_span_is_no_letter_of_the_id():
    from companion.asr.assist import AssistSpan, grammar_reading

    # "this is melissa agent i d seven two two nine", heard "… age and i eighty seven two two
    # nine": the span starts after "i", whose "d" the grammar heard inside it (D7229)
    span = AssistSpan(1.7, 4.0, "eighty seven two two nine", "staff_id")
    heard = [{"word": w, "start": round(0.4 * i, 2), "end": round(0.4 * i + 0.3, 2)}
             for i, w in enumerate("h n i d seven two two nine".split(), start=1)]
    assert [w["word"] for w in heard if w["end"] < span.start] == ["h", "n", "i"]
    reading = grammar_reading(span, heard, OHS)
    assert reading == "seven two two nine"
    assert assisted_value("staff_id", reading, settings=OHS) == "7229"


# --------------------------------------------------------------------------- a last "oh" written as a word


def test_a_last_oh_the_free_reading_wrote_as_a_word_is_a_lost_digit():
    from dataclasses import replace

    from companion.asr.assist import lost_a_digit

    # "i d number c seven two two oh" heard "… see seven to two well": C722, the grammar C7220
    writes_oh = replace(OHS, oh_words=("well", "or"))
    assert lost_a_digit("staff_id", "C722", "C7220", "see seven to two well", "c seven two two l", writes_oh)
    assert lost_a_digit("staff_id", "7224", "72240", "seven to two four well", "seven two two four l", writes_oh)
    # not when the free reading's last word is no "oh" of the engine's, nor for another digit
    assert not lost_a_digit("staff_id", "C722", "C7220", "see seven to two well", "c seven two two l", OHS)
    assert not lost_a_digit("staff_id", "C722", "C7220", "see seven to two thanks", "c seven two two l", writes_oh)
    assert not lost_a_digit("staff_id", "C722", "C7224", "see seven to two well", "c seven two two four", writes_oh)


# --------------------------------------------------------------------------- a staff ID's length


def test_a_run_longer_than_a_staff_id_after_its_cue_is_no_staff_id():
    from companion.extract.stream import extract

    def ids(text: str) -> list[str]:
        ws = [{"word": w, "start": 1.0 + 0.35 * i, "end": 1.3 + 0.35 * i, "conf": 1.0}
              for i, w in enumerate(text.split())]
        return [e.value for e in extract([{"text": text, "result": ws}]) if e.kind == "staff_id"]

    # domain.md: staff IDs are 4–6 characters; seven digits after the cue are another number,
    # or the ID with a digit heard twice ("two oh four eight five four" heard with a "one" more)
    assert ids("my id is two one zero four eight five four") == []
    assert ids("my operator number is three four six two one eight zero") == []
    # four to six still are
    assert ids("my id is two zero four eight five four") == ["204854"]
    assert ids("my operator number is t k four four nine") == ["TK449"]
