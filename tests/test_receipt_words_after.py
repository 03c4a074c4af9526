"""A receipt is its prefix's letters and the digits right after them (issue 9, round 9,
branch i9-r9-rcpt): words said after the number and heard as digits by the grammar are not
its end. Stand-in readings from the eight tuning sets of the spoken-call rig."""

from __future__ import annotations

import pytest
from speech_rig import STAND_IN

from companion.asr.assist import assisted_value
from companion.identifiers import known_receipt_prefixes


@pytest.mark.parametrize(
    ("reading", "value"),
    [
        # "… nine nine three eight right": "right" heard "four i" (and junk before the prefix)
        ("c nine eight s w i c two two one four one zero nine nine three eight four i", "WAC2214109938"),
        # "… two six four let me transfer you …": "let me" heard "eleven"
        ("w i c two four l three three one eight two six four eleven e two n three u two n a golf",
         "WAC2403318264"),
        # "… one three three eight okay there it is": "okay" heard "o k", "there" "thirty"
        ("w i c two four l nine five seven one three three eight o k thirty s", "WAC2409571338"),
        # a receipt and the A-number after it in one breath: the receipt's ten, not the last ten
        (("m s c two three nine zero eight seven six one five four i eight two zero three four four seven one "
          "eight six"), "MSC2390876154"),
        # "… oh and it's the second of february nineteen ninety four": the last "oh" is a digit
        ("t i c two one two seven l five five four six l n x s i n f f u r e nineteen ninety four",
         "EAC2127055460"),
    ],
)
def test_a_receipt_is_the_ten_digits_right_after_its_prefix(reading, value):
    assert assisted_value("receipt_number", reading, known_receipt_prefixes(), (), STAND_IN) == value


def test_a_receipt_said_as_usual_reads_as_before():
    # exactly ten digits after the prefix, nothing after; a prefix heard with a letter before it
    prefixes = known_receipt_prefixes()
    assert assisted_value("receipt_number", "x a w y c two four l nine five seven one three three eight",
                          prefixes, (), STAND_IN) == "WAC2409571338"
    assert assisted_value("receipt_number", "y s c two three nine o o eight seven seven three one",
                          prefixes, (), STAND_IN) == "YSC2390087731"
