"""Staff IDs in the number assist, round 9 (issue 9, branch i9-r9-ids): rules found on the
eight tuning sets of the spoken-call rig, each tested here without the rig."""

from __future__ import annotations

from companion.asr.assist import AssistSettings, assisted_value

# An engine whose grammar hears "oh" (or "uh", or a letter of the words after a number) as
# "l", "o" or "echo", and "two" as "t o".
OHS = AssistSettings("test", low_confidence=0.6,
                     digit_confusions=((("t", "o"), "two"), (("o",), "oh?"), (("l",), "oh?"),
                                       (("echo",), "oh?")))


def test_an_oh_in_the_words_after_a_staff_id_is_no_digit_of_it():
    # "six six eight one how can i help": the "l" of "help" made 66810, a staff ID's usual five
    assert assisted_value("staff_id", "six six eight one papa i l", settings=OHS) == "6681"
    # the caller's "seven seven three three okay": "o k"
    assert assisted_value("staff_id", "seven seven three three o k", settings=OHS) == "7733"
    # "four oh four one seven how may i help you": the first "echo" is the ID's, the second not
    assert assisted_value("staff_id", "four echo four one seven m a i echo p a", settings=OHS) == "40417"


def test_an_oh_that_ends_a_staff_id_is_still_its_digit():
    # "six one two oh", "three three nine oh": the reading ends right after the digits
    assert assisted_value("staff_id", "six one two l", settings=OHS) == "6120"
    assert assisted_value("staff_id", "three three nine o", settings=OHS) == "3390"
    # "nine oh seven one two": the last "two" heard "t o" is a digit, certain
    assert assisted_value("staff_id", "nine echo seven one t o", settings=OHS) == "90712"
