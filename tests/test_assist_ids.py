"""Staff IDs in the number assist (issue 9, round 8, branch i9-r8-ids): rules found on the
six tuning sets of the spoken-call rig, each tested here without the rig."""

from __future__ import annotations

from companion.asr.assist import AssistSettings, assisted_value

# An engine whose grammar hears "zero" as "sierra", "oh" (or "uh") as "l", and the glue
# before a number ("is", "it's") as the letters "s" and "x".
GLUEY = AssistSettings("test", low_confidence=0.6,
                       digit_confusions=((("sierra",), "zero"), (("l",), "oh?")),
                       glue_letters=("s", "x"))


def test_a_staff_ids_letter_said_before_its_digits_is_kept():
    # "it's k two two six oh": the digits alone were 2260, the K lost
    assert assisted_value("staff_id", "k two two six l", settings=GLUEY) == "K2260"
    # "yes it's r two two four": the digits alone (224) are no staff ID at all
    assert assisted_value("staff_id", "r two two four", settings=GLUEY) == "R224"
    # two letters: "my agent i d is t k four four nine"
    assert assisted_value("staff_id", "t k four four nine", settings=GLUEY) == "TK449"


def test_a_letter_said_as_in_a_word_is_the_letter_not_the_example():
    # "c as in cat four one two", the example misheard
    assert assisted_value("staff_id", "c as in papa four one two", settings=GLUEY) == "C412"


def test_the_glue_heard_as_a_letter_is_no_letter_of_the_id():
    # "my i d is five five oh four two" → "i t s five five l four two"; "and it's five five …"
    assert assisted_value("staff_id", "i t s five five l four two", settings=GLUEY) == "55042"
    assert assisted_value("staff_id", "n x five five one seven sierra", settings=GLUEY) == "55170"
    # the letter before the glue's is the ID's: "x k two two six l" ("it's k two two six oh")
    assert assisted_value("staff_id", "x k two two six l", settings=GLUEY) == "K2260"


def test_letters_that_are_words_or_an_oh_are_no_letter_of_the_id():
    # "like nine oh nine" heard "i eight nine a nine": "i" and "a" are words said everywhere
    assert assisted_value("staff_id", "i eight nine l nine", settings=GLUEY) == "8909"
    # an "oh" heard as "l" at the start is the digit as often as the letter
    assert assisted_value("staff_id", "l four four one two", settings=GLUEY) == "04412"


def test_no_letter_no_change():
    assert assisted_value("staff_id", "nine l four five two", settings=GLUEY) == "90452"
