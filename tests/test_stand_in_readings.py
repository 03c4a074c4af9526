"""The stand-in engine's digit confusions (``speech_rig.STAND_IN``), as the number assist
reads them: what its grammar decoder hears for a digit word, read back."""

from __future__ import annotations

import pytest
from speech_rig import STAND_IN

from companion.asr.assist import assisted_value, digit_readings
from companion.identifiers import known_receipt_prefixes
from companion.records import A_NUMBER, RECEIPT_NUMBER, REFERRAL_NUMBER


@pytest.mark.parametrize(
    ("kind", "reading", "value"),
    [
        # "nine nine oh two three one four six": the spoken "oh" heard as the letter word "echo"
        (REFERRAL_NUMBER, "nine nine echo two three one four six", "99023146"),
        (A_NUMBER, "i two one nine nine echo eight three three seven", "A219908337"),
        (RECEIPT_NUMBER, "e a c two one nine echo five one one six two seven", "EAC2190511627"),
    ],
)
def test_the_stand_in_hears_oh_as_echo(kind, reading, value):
    assert assisted_value(kind, reading, known_receipt_prefixes(), (), STAND_IN) == value


def test_an_echo_may_also_be_a_filler():
    # an uncertain confusion is read both ways: "echo" is "oh" or nothing (the grammar's
    # letter for "uh"), so an 8-digit referral with a stray "echo" still reads
    readings = digit_readings("four five echo one three two two eight", STAND_IN)
    assert readings[0] == "45013228"
    assert "4513228" in readings


@pytest.mark.parametrize(
    ("reading", "value"),
    [
        ("two one l a seven seven eight four", "21007784"),  # "two one oh oh seven …"
        ("eight one l a six three seven four", "81006374"),
    ],
)
def test_the_stand_in_hears_oh_oh_as_l_a(reading, value):
    assert assisted_value(REFERRAL_NUMBER, reading, (), (), STAND_IN) == value
