"""Saying identifiers the way callers and agents do: the inverse of ``spoken``.

Used by the property tests, the corpus generator (``scripts/make_corpus.py``) and anyone
who needs Vosk-like words for a known value. ``say`` renders characters in one of the
spoken styles; every style reads back exactly through ``spoken.read_run``.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from companion.extract.lang import Language
from companion.extract.lang.en import ENGLISH


def _inverse(table: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for w, c in table.items():
        out.setdefault(c, w)  # the first word of each character (the table's main spelling)
    return out


def _vocabulary(lang: Language) -> tuple[list[str], list[str], dict[int, str], dict[str, list[str]], dict[str, str]]:
    """Unit, teen and tens words, homophones and the spelling alphabet of ``lang``."""
    by_digit = _inverse(lang.units)
    units = [by_digit[str(d)] for d in range(10)]
    teens = [w for w, _ in sorted(lang.teens.items(), key=lambda e: e[1])]
    tens = {int(d): w for d, w in _inverse(lang.tens).items()}
    homophones: dict[str, list[str]] = {}
    for w, d in lang.homophones.items():
        homophones.setdefault(units[int(d)], []).append(w)
    return units, teens, tens, homophones, _inverse(lang.spelling_alphabet)


UNIT_WORDS, TEEN_WORDS, TENS_WORDS, HOMOPHONE_FOR, NATO_FOR = _vocabulary(ENGLISH)
EXAMPLE_WORDS = dict(ENGLISH.example_words)
_ZERO_WORDS = [w for w, d in ENGLISH.digit_words.items() if d == "0"]  # "zero", "oh"
_SPELL_JOINERS = [list(ENGLISH.spell_as), list(ENGLISH.spell_as), *([j] for j in sorted(ENGLISH.spell_joiners))]
DIGIT_STYLES = ("single", "pairs", "repeats", "mixed")
LETTER_STYLES = ("plain", "nato", "as_in", "mixed")


def _unit(d: str, rng: random.Random, zero: str | None = None) -> str:
    if d == "0":
        return zero or rng.choice(_ZERO_WORDS)
    return UNIT_WORDS[int(d)]


def _pair(p: str, rng: random.Random) -> list[str]:
    a, b = int(p[0]), int(p[1])
    if a == 0:
        return [_unit("0", rng), _unit(p[1], rng)]
    if a == 1:
        return [TEEN_WORDS[b]]
    if b == 0:
        return [TENS_WORDS[a]]
    return [TENS_WORDS[a], UNIT_WORDS[b]]


def say_digits(digits: str, style: str, rng: random.Random) -> list[list[str]]:
    """Groups of words (one group per spoken chunk) for a digit string."""
    groups: list[list[str]] = []
    i = 0
    n = len(digits)
    zero = rng.choice([*_ZERO_WORDS, None])
    while i < n:
        d = digits[i]
        st = style if style != "mixed" else rng.choice(("single", "pairs", "repeats"))
        if st == "repeats":
            k = i
            while k < n and digits[k] == d:
                k += 1
            reps = k - i
            if reps >= 3:
                groups.append(["triple", _unit(d, rng, zero)])
                i += 3
                continue
            if reps == 2:
                groups.append(["double", _unit(d, rng, zero)])
                i += 2
                continue
        if st == "pairs" and i + 1 < n:
            p = digits[i : i + 2]
            words = _pair(p, rng)
            nxt = digits[i + 2 : i + 3]
            # "twenty" then "five" would be heard as 25: say a round pair digit by digit
            if p[1] == "0" and p[0] not in "01" and nxt and nxt != "0":
                words = [UNIT_WORDS[int(p[0])], _unit("0", rng, zero)]
            groups.append(words)
            i += 2
            continue
        groups.append([_unit(d, rng, zero)])
        i += 1
    return groups


def say_letters(letters: str, style: str, rng: random.Random) -> list[list[str]]:
    groups = []
    for ch in letters:
        st = style if style != "mixed" else rng.choice(("plain", "nato", "as_in"))
        if st == "nato":
            groups.append([NATO_FOR[ch]])
        elif st == "as_in":
            joiner = rng.choice(_SPELL_JOINERS)
            # "e for echo" spells by the alphabet; "e as in edward" by a name
            example = EXAMPLE_WORDS[ch] if joiner[0] not in ENGLISH.homophones else NATO_FOR[ch]
            groups.append([ch.lower(), *joiner, example])
        else:
            groups.append([ch.lower()])
    return groups


def say(value: str, rng: random.Random, digit_style: str | None = None, letter_style: str | None = None,
        homophones: float = 0.0, fillers: float = 0.0) -> list[str]:
    """Words for ``value`` (letters and digits), in the given or a random style."""
    digit_style = digit_style or rng.choice(DIGIT_STYLES)
    letter_style = letter_style or rng.choice(LETTER_STYLES)
    groups: list[list[str]] = []
    i = 0
    while i < len(value):
        j = i
        if value[i].isdigit():
            while j < len(value) and value[j].isdigit():
                j += 1
            groups += say_digits(value[i:j], digit_style, rng)
        else:
            while j < len(value) and value[j].isalpha():
                j += 1
            groups += say_letters(value[i:j].upper(), letter_style, rng)
        i = j
    words: list[str] = []
    for gi, g in enumerate(groups):
        if gi and fillers and rng.random() < fillers:
            words.append(rng.choice(["uh", "um"]))
        words.extend(g)
    if homophones:
        numeric = set(UNIT_WORDS) | set(TEEN_WORDS) | set(TENS_WORDS.values()) | {"oh", "double", "triple"}
        for k in range(len(words) - 1):
            w = words[k]
            if w in HOMOPHONE_FOR and words[k + 1] in numeric and rng.random() < homophones:
                if k > 0 and words[k - 1] in TENS_WORDS.values():
                    continue
                if k > 0 and words[k - 1] in ("double", "triple") and w == "two":
                    continue
                words[k] = rng.choice(HOMOPHONE_FOR[w])
    return words
