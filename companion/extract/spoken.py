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

# Token classes (single characters: cheap to compare).
UNIT, OH, HOMO, TEEN, TENS, HUNDRED, THOUSAND, MULT, LETTER, WEAK_LETTER, NATO, LETTER_WORD, FILLER = (
    "u", "o", "h", "t", "x", "c", "k", "m", "l", "w", "n", "lw", "f",
)

_UNITS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "niner": "9",
}
_HOMOPHONES = {"to": "2", "too": "2", "for": "4", "fore": "4", "ate": "8", "won": "1"}
_TEENS = {
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
}
_TENS = {
    "twenty": "2", "thirty": "3", "forty": "4", "fourty": "4", "fifty": "5", "sixty": "6",
    "seventy": "7", "eighty": "8", "ninety": "9",
}
NATO_ALPHABET = {
    "alpha": "A", "alfa": "A", "bravo": "B", "charlie": "C", "delta": "D", "echo": "E",
    "foxtrot": "F", "golf": "G", "hotel": "H", "india": "I", "juliet": "J", "juliett": "J",
    "kilo": "K", "lima": "L", "mike": "M", "november": "N", "oscar": "O", "papa": "P",
    "quebec": "Q", "romeo": "R", "sierra": "S", "tango": "T", "uniform": "U",
    "victor": "V", "whiskey": "W", "whisky": "W", "x-ray": "X", "xray": "X", "yankee": "Y",
    "zulu": "Z",
}
# Letter names Vosk may write as words. Common English words, so only inside a run.
_LETTER_WORDS = {
    "bee": "B", "see": "C", "sea": "C", "dee": "D", "gee": "G", "jay": "J", "kay": "K",
    "el": "L", "em": "M", "en": "N", "pea": "P", "pee": "P", "queue": "Q", "cue": "Q",
    "are": "R", "ar": "R", "es": "S", "ess": "S", "tea": "T", "tee": "T", "you": "U",
    "vee": "V", "ex": "X", "why": "Y", "zee": "Z", "zed": "Z", "aitch": "H", "eff": "F",
    "ef": "F",
}
FILLERS = frozenset("uh um uhm umm er erm ah hmm mm mhm dash hyphen".split())
_SPELL_JOINERS = ("as", "like", "for")  # "e as in edward", "e like eagle", "e for echo"

LEXICON: dict[str, tuple[str, str]] = {}
for _w, _d in _UNITS.items():
    LEXICON[_w] = (UNIT, _d)
LEXICON["oh"] = (OH, "0")
LEXICON["o"] = (OH, "O")
for _w, _d in _HOMOPHONES.items():
    LEXICON[_w] = (HOMO, _d)
for _w, _d in _TEENS.items():
    LEXICON[_w] = (TEEN, _d)
for _w, _d in _TENS.items():
    LEXICON[_w] = (TENS, _d)
LEXICON["hundred"] = (HUNDRED, "00")
LEXICON["thousand"] = (THOUSAND, "000")
LEXICON["double"] = (MULT, "2")
LEXICON["triple"] = (MULT, "3")
for _c in "bcdefghjklmnpqrstuvwxyz":
    LEXICON[_c] = (LETTER, _c.upper())
LEXICON["a"] = (WEAK_LETTER, "A")
LEXICON["i"] = (WEAK_LETTER, "I")
for _w, _d in NATO_ALPHABET.items():
    LEXICON[_w] = (NATO, _d)
for _w, _d in _LETTER_WORDS.items():
    LEXICON.setdefault(_w, (LETTER_WORD, _d))
for _w in FILLERS:
    LEXICON[_w] = (FILLER, "")

_NUMERIC = frozenset((UNIT, OH, TEEN, TENS, HUNDRED, THOUSAND, MULT))
_CHARLIKE = frozenset((UNIT, OH, TEEN, TENS, HUNDRED, MULT, LETTER, NATO))


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

    @property
    def digits_only(self) -> str:
        return self.text().replace("O", "0")

    def __len__(self) -> int:
        return len(self.chars)


def classify(word: str) -> tuple[str, str] | None:
    return LEXICON.get(word)


def _next_cls(words: list[str], j: int) -> tuple[int, tuple[str, str] | None]:
    """Index and class of the next non-filler word at or after ``j``."""
    n = len(words)
    while j < n:
        c = LEXICON.get(words[j])
        if c is None or c[0] != FILLER:
            return j, c
        j += 1
    return n, None


def starts_number(words: list[str], k: int, stop=frozenset()) -> bool:
    """Word ``k`` (after fillers) begins a number: a number word, or homophones then one."""
    n = len(words)
    while k < n and k not in stop:
        c = LEXICON.get(words[k])
        if c is None:
            return False
        if c[0] == FILLER or c[0] == HOMO:
            k += 1
            continue
        return c[0] in _NUMERIC
    return False


def _spelled_by_example(words: list[str], j: int, letter: str) -> int:
    """Words consumed after a letter by "as in edward" / "for echo" / "like eagle" (0 if none)."""
    n = len(words)
    if j >= n:
        return 0
    w = words[j]
    if w == "as" and j + 2 < n and words[j + 1] == "in" and words[j + 2][:1].upper() == letter:
        return 3
    if w in ("like", "for") and j + 1 < n and words[j + 1][:1].upper() == letter:
        nxt = words[j + 1]
        if w == "for" and nxt in LEXICON and LEXICON[nxt][0] in _NUMERIC:
            return 0
        return 2
    return 0


def read_run(words: list[str], i: int, stop: frozenset[int] | set[int] = frozenset()) -> Run | None:
    """Read the characters spelled from word ``i`` on; None if word ``i`` starts no run.

    ``stop`` holds word indices the run must not enter (cue phrases found first).
    """
    n = len(words)
    chars: list[Char] = []
    run = Run(chars=chars, start=i, end=i)
    j = i
    last_ok = i  # one past the last word that gave a character
    while j < n and j not in stop:
        c = LEXICON.get(words[j])
        if c is None:
            break
        cls, val = c
        if cls == FILLER:
            if not chars:
                return None if j == i else None
            run.extras.append(j)
            j += 1
            continue
        if cls == OH:
            extra = _spelled_by_example(words, j + 1, "O")
            if extra and not any(x in stop for x in range(j + 1, j + 1 + extra)):
                chars.append(Char("O", j, j + extra))  # "o as in ocean": the letter
                j += 1 + extra
                last_ok = j
                continue
        if cls == UNIT or cls == OH:
            chars.append(Char(val, j, j, alt="O" if val == "0" else ("0" if val == "O" else "")))
            j += 1
        elif cls == HOMO:
            ok = starts_number(words, j + 1, stop)
            if not ok and chars and chars[-1].char.isdigit():
                k, nc = _next_cls(words, j + 1)
                # at the very end of the utterance, after digits: "... eight six for"
                ok = k >= n and words[j] != "to"
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
            k, nc = _next_cls(words, j + 1)
            if nc is not None and k not in stop and nc[0] in (UNIT, HOMO) and nc[1] != "0":
                if nc[0] == HOMO and words[k] in ("to", "for"):
                    # "twenty for" is 24 only if numbers follow; else it is a preposition
                    k2, nc2 = _next_cls(words, k + 1)
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
            if chars and chars[-1].char.isdigit() and chars[-1].first == chars[-1].last and (
                len(chars) < 2 or chars[-2].last != chars[-1].last
            ):
                head = chars.pop()
            else:
                head = Char("1", j, j)
            k, nc = _next_cls(words, j + 1)
            if nc is None and k < n and words[k] == "and":
                k, nc = _next_cls(words, k + 1)
            if nc is not None and k not in stop and nc[0] == TEEN:
                chars.append(Char(head.char, head.first, k))
                chars.append(Char(nc[1][0], head.first, k))
                chars.append(Char(nc[1][1], head.first, k))
                j = k + 1
            elif nc is not None and k not in stop and nc[0] == TENS:
                k2, nc2 = _next_cls(words, k + 1)
                unit = "0"
                last = k
                if nc2 is not None and k2 not in stop and nc2[0] == UNIT and nc2[1] != "0":
                    unit, last = nc2[1], k2
                chars.append(Char(head.char, head.first, last))
                chars.append(Char(nc[1], head.first, last))
                chars.append(Char(unit, head.first, last))
                j = last + 1
            elif words[j + 1 : j + 2] == ["and"] and nc is not None and nc[0] == UNIT:
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
            k, nc = _next_cls(words, j + 1)
            if nc is None or k in stop:
                break
            times = int(val)
            if words[k] in ("you", "u") and times == 2:
                chars.append(Char("W", j, k))
                j = k + 1
            elif nc[0] in (UNIT, OH, LETTER, NATO, WEAK_LETTER) or (nc[0] == HOMO and words[k] != "to"):
                ch = nc[1]
                for _ in range(times):
                    chars.append(Char(ch, j, k, alt="O" if ch == "0" else ("0" if ch == "O" else "")))
                j = k + 1
            else:
                break
        elif cls in (LETTER, WEAK_LETTER, NATO, LETTER_WORD):
            if words[j] == "x" and j + 1 < n and words[j + 1] == "ray":
                chars.append(Char("X", j, j + 1))
                j += 2
                last_ok = j
                continue
            if cls == LETTER_WORD or cls == WEAK_LETTER:
                k, nc = _next_cls(words, j + 1)
                spelled_weak = False  # "a a as in adam": a weak letter spelled by example follows
                while nc is not None and nc[0] == WEAK_LETTER and k not in stop and cls == WEAK_LETTER:
                    spelled_weak = spelled_weak or bool(_spelled_by_example(words, k + 1, nc[1]))
                    k, nc = _next_cls(words, k + 1)  # "i a f …": look past the weak letters
                strong_next = spelled_weak or nc is not None and k not in stop and (
                    nc[0] in _CHARLIKE or nc[0] == HOMO and starts_number(words, k, stop)
                )
                extra = _spelled_by_example(words, j + 1, val)
                if cls == LETTER_WORD and not (chars and (strong_next or extra)):
                    break
                if cls == LETTER_WORD and not extra and all(ch.char.isdigit() for ch in chars):
                    break  # "the last two are one five": after digits alone, "are" is a word
                if cls == WEAK_LETTER and not (chars or strong_next or extra):
                    break
            extra = _spelled_by_example(words, j + 1, val)
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
