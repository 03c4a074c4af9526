"""The grammar of spoken digits and letters (companion.extract.spoken), unit and property tests."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.extract.speak import DIGIT_STYLES, LETTER_STYLES, say
from companion.extract.spoken import read_run


def spelled(text: str, letters_first: int = 0) -> str | None:
    words = text.split()
    run = read_run(words, 0)
    return run.text(letters_first=letters_first) if run else None


@pytest.mark.parametrize(
    "words, expected",
    [
        ("four five two one", "4521"),
        ("for five two one", "4521"),
        ("seven six oh one three three eight nine", "76013389"),
        ("twenty two nineteen oh five oh one two three", "2219050123"),
        ("forty five", "45"),
        ("nineteen", "19"),
        ("double seven triple oh", "77000"),
        ("two uh five um seven", "257"),
        ("won ate too five", "1825"),
        ("six six one oh four", "66104"),
        ("one eight hundred three seven five five two eight three", "18003755283"),
        ("four hundred eighty five", "485"),
        ("thirty", "30"),
        ("ten thirteen nine", "10139"),
    ],
)
def test_digits(words: str, expected: str | None) -> None:
    assert spelled(words) == expected


@pytest.mark.parametrize(
    "words, letters, expected",
    [
        ("e a c twenty two nineteen oh five oh one two three", 3, "EAC2219050123"),
        ("i o e zero eight nine one four four seven three two six", 3, "IOE0891447326"),
        ("whiskey alpha charlie two four one nine", 3, "WAC2419"),
        ("e as in edward a as in apple c as in cat two", 3, "EAC2"),
        ("m for mike s like sam c for charlie one", 3, "MSC1"),
        ("x ray y z one", 3, "XYZ1"),
        ("w a r d", 4, "WARD"),
        ("double you a see one", 3, "WAC1"),
    ],
)
def test_letters(words: str, letters: int, expected: str) -> None:
    assert spelled(words, letters) == expected


@pytest.mark.parametrize(
    "words",
    [
        "for english press one",  # "for" is a preposition here
        "to speak with an agent",
        "you are",
    ],
)
def test_homophones_need_a_number_context(words: str) -> None:
    run = read_run(words.split(), 0)
    assert run is None


def test_trailing_preposition_is_not_a_digit() -> None:
    run = read_run("press one for english".split(), 1)
    assert run.text() == "1"


_letters = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=0, max_size=3)
_digits = st.text(alphabet="0123456789", min_size=1, max_size=13)


@settings(max_examples=300, deadline=None)
@given(
    letters=_letters,
    digits=_digits,
    digit_style=st.sampled_from(DIGIT_STYLES),
    letter_style=st.sampled_from(LETTER_STYLES),
    seed=st.integers(0, 2**32 - 1),
    homophones=st.sampled_from([0.0, 0.5, 1.0]),
    fillers=st.sampled_from([0.0, 0.3]),
)
def test_any_identifier_in_any_style_reads_back(letters, digits, digit_style, letter_style, seed, homophones, fillers):
    """Letters then digits (the shape of every identifier here), spoken any way, read back exactly."""
    value = letters + digits
    rng = random.Random(seed)
    words = say(value, rng, digit_style=digit_style, letter_style=letter_style, homophones=homophones, fillers=fillers)
    run = read_run(words, 0)
    assert run is not None, words
    assert run.text(letters_first=len(letters)) == value, words
    assert run.end == len(words), words


@settings(max_examples=150, deadline=None)
@given(digits=st.text(alphabet="0123456789", min_size=1, max_size=13), seed=st.integers(0, 2**32 - 1))
def test_digits_then_ordinary_words_stop_the_run(digits, seed):
    words = say(digits, random.Random(seed)) + "for your records".split()
    run = read_run(words, 0)
    assert run.text() == digits
    assert words[run.end] == "for"


@pytest.mark.parametrize(
    "words, expected",
    [
        ("two oh two eight three eight twenty two hundred", "2028382200"),
        ("nineteen hundred", "1900"),
        ("twenty two hundred and five", "2205"),
        ("nineteen hundred fifty", "1950"),
        # a single digit before "hundred" is still its digit, and a hundred's group stays whole
        ("one eight hundred three seven five", "1800375"),
        ("four hundred eighty five hundred", "485100"),
    ],
)
def test_a_pair_before_hundred_is_multiplied(words: str, expected: str) -> None:
    assert spelled(words) == expected
