"""Reading spelled-out characters from Vosk words: the grammar of spoken digits and letters.

The small English Vosk model writes "E A C 2219050123" as
``e a c twenty two nineteen oh five oh one two three``. ``read_run`` walks such words and
returns the characters they spell, each tied to the words it came from, so the extractor
can decide what the characters *are* (receipt, A-number, …) from the context around them.

Grammar, per character group:

* unit digits ``zero oh o one … nine niner``; teens ``ten … nineteen`` (two digits);
  tens ``twenty … ninety`` optionally followed by a non-zero unit (``forty five`` → 45);
  ``X hundred`` → X00, ``X hundred [and] forty five`` → X45; ``thousand`` → 000
  (marked as a quantity: identifiers are not read that way);
* ``double X`` / ``triple X`` repeat the next character (``double you`` is W);
* letters: single-letter words, the ICAO/NATO alphabet, and — only inside a run —
  letter names Vosk writes as words ("see", "bee", "are"); ``e as in edward``,
  ``e for echo`` and ``e like eagle`` give one letter;
* homophones ``to too for fore ate won`` count as digits only next to number words
  (``it's for eight six two`` → 4862, but ``press one for english`` keeps no four);
* fillers (``uh um er``, ``dash``) are skipped inside a run, trimmed at its ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from companion.extract.lang import CHARLIKE as _CHARLIKE
from companion.extract.lang import (
    FILLER,
    HOMO,
    HUNDRED,
    LETTER,
    LETTER_WORD,
    MULT,
    NATO,
    OH,
    TEEN,
    TENS,
    THOUSAND,
    UNIT,
    WEAK_LETTER,
    Language,
)
from companion.extract.lang import NUMERIC as _NUMERIC
from companion.extract.lang.en import ENGLISH


@dataclass(slots=True)
class Char:
    """One spoken character: ``alt`` is the other reading of an ambiguous word (o/oh)."""

    char: str
    first: int  # index of the first word it came from
    last: int  # index of the last word (inclusive)
    alt: str = ""


@dataclass(slots=True)
class Run:
    """A maximal stretch of words that spells characters."""

    chars: list[Char]
    start: int  # first word index
    end: int  # one past the last word that spelled a character
    homophones: int = 0
    letter_words: int = 0
    quantity: bool = False  # "thousand", "hundred" after a tens word: read as an amount
    pairs: int = 0  # digits read as pairs/teens/hundreds
    extras: list[int] = field(default_factory=list)  # word indices of fillers inside

    def text(self, letters_first: int = 0) -> str:
        """The characters: ambiguous o/oh read as letters in the first ``letters_first``
        positions and as digits after."""
        out = []
        for n, c in enumerate(self.chars):
            ch = c.char
            if c.alt or ch in "0O":
                if n < letters_first:
                    ch = "O" if ch in "0O" else ch
                elif ch == "O":
                    ch = "0"
            out.append(ch)
        return "".join(out)

    def __len__(self) -> int:
        return len(self.chars)


def _next_cls(words: list[str], j: int, lex: dict[str, tuple[str, str]]) -> tuple[int, tuple[str, str] | None]:
    """Index and class of the next non-filler word at or after ``j``."""
    n = len(words)
    while j < n:
        c = lex.get(words[j])
        if c is None or c[0] != FILLER:
            return j, c
        j += 1
    return n, None


def starts_number(
    words: list[str], k: int, stop: frozenset[int] | set[int] = frozenset(), lang: Language = ENGLISH
) -> bool:
    """Word ``k`` (after fillers) begins a number: a number word, or homophones then one."""
    n = len(words)
    lex = lang.lexicon
    while k < n and k not in stop:
        c = lex.get(words[k])
        if c is None:
            return False
        if c[0] == FILLER or c[0] == HOMO:
            k += 1
            continue
        return c[0] in _NUMERIC
    return False


def _spelled_by_example(words: list[str], j: int, letter: str, lang: Language = ENGLISH) -> int:
    """Words consumed after a letter by "as in edward" / "for echo" / "like eagle" (0 if none)."""
    n = len(words)
    if j >= n:
        return 0
    w = words[j]
    spell_as = lang.spell_as
    m = len(spell_as)
    if tuple(words[j : j + m]) == spell_as and j + m < n and words[j + m][:1].upper() == letter:
        return m + 1
    if w in lang.spell_joiners and j + 1 < n and words[j + 1][:1].upper() == letter:
        nxt = lang.lexicon.get(words[j + 1])
        if w in lang.homophones and nxt is not None and nxt[0] in _NUMERIC:
            return 0  # "b for four": a digit, not an example word
        return 2
    return 0


_LETTERLIKE = frozenset((LETTER, WEAK_LETTER, NATO, LETTER_WORD))


def _letters_then_digits(
    words: list[str], k: int, stop: frozenset[int] | set[int], lex: dict[str, tuple[str, str]]
) -> bool:
    """From word ``k``: at most three letters, then a number word ("s see two four …")."""
    n = len(words)
    for _ in range(4):
        k, nc = _next_cls(words, k, lex)
        if nc is None or k >= n or k in stop:
            return False
        if nc[0] in _NUMERIC:
            return True
        if nc[0] not in _LETTERLIKE:
            return False
        k += 1
    return False


def _ends_pair(chars: list[Char]) -> bool:
    """The last two characters are one pair said as a number ("twenty two", "nineteen"), not
    the end of a hundred's group: a hundred after it multiplies it ("nineteen hundred")."""
    if len(chars) < 2 or not chars[-2].char.isdigit() or chars[-2].char == "0":
        return False
    a, b = chars[-2], chars[-1]
    return a.first == b.first and a.last == b.last and (len(chars) < 3 or chars[-3].last != b.last)


def _group_ends(words: list[str], k: int, stop: frozenset[int] | set[int], lex: dict[str, tuple[str, str]]) -> bool:
    """No single digit is read from word ``k`` on (after fillers): the group before it ends."""
    k, nc = _next_cls(words, k, lex)
    return nc is None or k in stop or nc[0] not in (UNIT, OH, MULT, HOMO)


def read_run(
    words: list[str], i: int, stop: frozenset[int] | set[int] = frozenset(), lang: Language = ENGLISH,
    lead: bool = False,
) -> Run | None:
    """Read the characters spelled from word ``i`` on; None if word ``i`` starts no run.

    ``stop`` holds word indices the run must not enter (cue phrases found first); ``lead``:
    word ``i`` follows a cue or its glue words, so a letter name written as a word ("bee",
    "tea") may start the run when digits follow it.
    """
    n = len(words)
    lex = lang.lexicon
    chars: list[Char] = []
    run = Run(chars=chars, start=i, end=i)
    j = i
    last_ok = i  # one past the last word that gave a character
    while j < n and j not in stop:
        c = lex.get(words[j])
        if c is None:
            if 0 < len(chars) <= 3 and all(ch.char.isalpha() for ch in chars):
                # "n b c then nine oh three …", "e a c and then two …": words that join a
                # number's letters to its digits
                k = j
                while k < n and k - j < 2 and k not in stop and words[k] in lang.leading_ok and words[k] not in lex:
                    k += 1
                if k > j and starts_number(words, k, stop, lang):
                    run.extras.extend(range(j, k))
                    j = k
                    continue
            break
        cls, val = c
        if cls == FILLER:
            if not chars:
                return None  # a run never starts with a filler
            run.extras.append(j)
            j += 1
            continue
        if cls == OH:
            extra = _spelled_by_example(words, j + 1, "O", lang)
            if extra and not any(x in stop for x in range(j + 1, j + 1 + extra)):
                chars.append(Char("O", j, j + extra))  # "o as in ocean": the letter
                j += 1 + extra
                last_ok = j
                continue
        if cls == UNIT or cls == OH:
            chars.append(Char(val, j, j, alt="O" if val == "0" else ("0" if val == "O" else "")))
            j += 1
        elif cls == HOMO:
            ok = starts_number(words, j + 1, stop, lang)
            if not ok and chars and chars[-1].char.isdigit():
                k, nc = _next_cls(words, j + 1, lex)
                # at the very end of the utterance, after digits: "... eight six for"
                ok = k >= n and words[j] not in lang.homophones_never_final
            if not ok:
                break
            chars.append(Char(val, j, j))
            run.homophones += 1
            j += 1
        elif cls == TEEN:
            chars.append(Char(val[0], j, j))
            chars.append(Char(val[1], j, j))
            run.pairs += 1
            j += 1
        elif cls == TENS:
            k, nc = _next_cls(words, j + 1, lex)
            if k < n and k not in stop and words[k] in lang.tens_and:
                k2, nc2 = _next_cls(words, k + 1, lex)  # "treinta y dos": only a unit may follow
                if nc2 is not None and k2 not in stop and nc2[0] == UNIT and nc2[1] != "0":
                    k, nc = k2, nc2
            if nc is not None and k not in stop and nc[0] in (UNIT, HOMO) and nc[1] != "0":
                if nc[0] == HOMO and words[k] in lang.homophone_prepositions:
                    # "twenty for" is 24 only if numbers follow; else it is a preposition
                    k2, nc2 = _next_cls(words, k + 1, lex)
                    if not (nc2 is not None and nc2[0] in _NUMERIC):
                        chars.append(Char(val, j, j))
                        chars.append(Char("0", j, j))
                        run.pairs += 1
                        j += 1
                        last_ok = j
                        continue
                chars.append(Char(val, j, k))
                chars.append(Char(nc[1], j, k))
                if nc[0] == HOMO:
                    run.homophones += 1
                j = k + 1
            else:
                chars.append(Char(val, j, j))
                chars.append(Char("0", j, j))
                j += 1
            run.pairs += 1
        elif cls == HUNDRED:
            # "eight hundred" → 800 (the 1-800 numbers); "four hundred eighty five" → 485
            if val != "00":
                head = Char(val, j, j)  # "doscientos": the hundred says its own digit
            elif chars and chars[-1].char.isdigit() and (
                chars[-1].first == chars[-1].last and (len(chars) < 2 or chars[-2].last != chars[-1].last)
                or _ends_pair(chars)
            ):
                head = chars.pop()  # "eight hundred" → 800; "twenty two hundred" → 2200
            else:
                head = Char("1", j, j)
            k, nc = _next_cls(words, j + 1, lex)
            if nc is None and k < n and words[k] in lang.hundred_and:
                k, nc = _next_cls(words, k + 1, lex)
            if nc is not None and k not in stop and nc[0] == TEEN:
                chars.append(Char(head.char, head.first, k))
                chars.append(Char(nc[1][0], head.first, k))
                chars.append(Char(nc[1][1], head.first, k))
                j = k + 1
            elif nc is not None and k not in stop and nc[0] == TENS:
                k2, nc2 = _next_cls(words, k + 1, lex)
                if k2 < n and k2 not in stop and words[k2] in lang.tens_and:
                    k2, nc2 = _next_cls(words, k2 + 1, lex)
                unit = "0"
                last = k
                if nc2 is not None and k2 not in stop and nc2[0] == UNIT and nc2[1] != "0":
                    unit, last = nc2[1], k2
                chars.append(Char(head.char, head.first, last))
                chars.append(Char(nc[1], head.first, last))
                chars.append(Char(unit, head.first, last))
                j = last + 1
            elif nc is not None and nc[0] == UNIT and (
                j + 1 < n and words[j + 1] in lang.hundred_and
                or val != "00" and k not in stop and nc[1] != "0" and _group_ends(words, k + 1, stop, lex)
            ):
                # "four hundred and five" → 405; "doscientos uno ochocientos …" → 201 874: a
                # hundred that says its own digit takes a unit that ends its group of three
                # ("ochocientos tres siete cinco …", the 1-800 line, stays 800 3 7 5)
                chars.append(Char(head.char, head.first, k))
                chars.append(Char("0", head.first, k))
                chars.append(Char(nc[1], head.first, k))
                j = k + 1
            else:
                chars.append(Char(head.char, head.first, j))
                chars.append(Char("0", head.first, j))
                chars.append(Char("0", head.first, j))
                j += 1
            run.pairs += 1
        elif cls == THOUSAND:
            head = chars.pop() if chars and chars[-1].char.isdigit() else Char("1", j, j)
            chars.append(Char(head.char, head.first, j))
            chars.extend(Char("0", head.first, j) for _ in range(3))
            run.quantity = True
            j += 1
        elif cls == MULT:
            k, nc = _next_cls(words, j + 1, lex)
            if nc is None or k in stop:
                break
            times = int(val)
            if words[k] in lang.double_u and times == 2:
                chars.append(Char("W", j, k))
                j = k + 1
            elif nc[0] in (UNIT, OH, LETTER, NATO, WEAK_LETTER) or (nc[0] == HOMO and words[k] not in lang.homophones_never_final):
                ch = nc[1]
                for _ in range(times):
                    chars.append(Char(ch, j, k, alt="O" if ch == "0" else ("0" if ch == "O" else "")))
                j = k + 1
            else:
                break
        elif cls in (LETTER, WEAK_LETTER, NATO, LETTER_WORD):
            pair = lang.two_word_letters.get((words[j], words[j + 1])) if j + 1 < n else None
            if pair is not None:  # "x ray"
                chars.append(Char(pair, j, j + 1))
                j += 2
                last_ok = j
                continue
            if cls == LETTER_WORD or cls == WEAK_LETTER:
                k, nc = _next_cls(words, j + 1, lex)
                spelled_weak = False  # "a a as in adam": a weak letter spelled by example follows
                while nc is not None and nc[0] == WEAK_LETTER and k not in stop and cls == WEAK_LETTER:
                    spelled_weak = spelled_weak or bool(_spelled_by_example(words, k + 1, nc[1], lang))
                    k, nc = _next_cls(words, k + 1, lex)  # "i a f …": look past the weak letters
                strong_next = spelled_weak or nc is not None and k not in stop and (
                    nc[0] in _CHARLIKE or nc[0] == HOMO and starts_number(words, k, stop, lang)
                )
                extra = _spelled_by_example(words, j + 1, val, lang)
                # "my operator number is bee two nine nine oh": after a cue (``lead``) a letter
                # word read straight into digits starts the value; elsewhere only inside a run
                if chars and words[j] in lang.tens_and and nc is not None and k not in stop and nc[0] in _NUMERIC:
                    run.extras.append(j)  # "ese erre y luego uno nueve …": the joiner, not a letter
                    j += 1
                    continue
                # a glue word straight before digits is glue ("su número es el uno doble siete")
                glue_word = words[j] in lang.glue and nc is not None and nc[0] in _NUMERIC and not extra
                leads = lead and not chars and not glue_word and _letters_then_digits(words, k, stop, lex)
                strong_next = strong_next or leads  # "… is jay kay four four …": letters, then digits
                if not leads and not chars and words[j] in lang.letter_words_start:
                    leads = bool(extra) or nc is not None and k not in stop and (
                        nc[0] in _LETTERLIKE or nc[0] == OH) and _letters_then_digits(words, k, stop, lex)
                    strong_next = strong_next or leads
                if cls == LETTER_WORD and not ((chars or leads) and (strong_next or extra)):
                    break
                if cls == LETTER_WORD and not extra and chars and all(ch.char.isdigit() for ch in chars):
                    break  # "the last two are one five": after digits alone, "are" is a word
                if cls == WEAK_LETTER and not (chars or strong_next or extra):
                    break
            extra = _spelled_by_example(words, j + 1, val, lang)
            if extra and any(x in stop for x in range(j + 1, j + 1 + extra)):
                extra = 0
            chars.append(Char(val, j, j + extra))
            if cls == LETTER_WORD:
                run.letter_words += 1
            j += 1 + extra
        else:  # pragma: no cover - every class is handled above
            break
        last_ok = j
    if not chars:
        return None
    run.end = last_ok
    run.extras = [x for x in run.extras if x < last_ok]
    return run
