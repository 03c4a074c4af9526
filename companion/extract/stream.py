"""The streaming extractor: one Vosk final result in, changes to the call's entities out.

``feed`` reads each result once, in named stages:

1. **hear** (``_hear``): the words, the cue phrases ("receipt number", "zip code") and the
   runs of spelled characters between them (``spoken.read_run``), who is speaking;
2. **continue** (``_continue_open``): a number cut by a pause runs on, or is restarted;
3. **each run** (``_read_one``): the words around it (``_context``), its kind resolved by the
   ordered rules in ``KIND_RULES`` then ``KIND_VETOES`` (the cue before it, a question asked
   in the previous result, the number being corrected, an enumeration, a request, else its
   shape), then taken into the entity memory (``_take`` → ``memory.EntityMemory``: merge,
   read-back, correction, a tail fixed, a new number);
4. **dialogue state** (``_end_runs``, ``DialogueState``): what this result leaves for the
   next — a question pending, a number still open, a repeat asked for, a new number
   announced — and the staff names (``_names``).

Every word comes from the ``Language`` tables (``companion.extract.lang``); every kind's
rule from the registry (``companion.kinds``). The user's decisions come back through
``decide``; their known values through ``known`` (``priors``). The call-level cases:

* a run cut by a pause stays *open* and the next result's leading run continues it;
* a value heard again (read back by the other side) merges into the entity it repeats;
* a correction ("sorry let me repeat that", "no it's") revises the latest entity of the
  kind, keeping its key;
* a value a digit or two off an earlier one of its kind is the same number misheard only
  when something says it is said again: the other side (labelled, or guessed) reading it
  back, a read-back phrase ("so that's", "to confirm"), or a repeat request just before
  ("could you say that again"). A new-number cue before it ("and the second is", "the
  other one", "another", "also", "my wife's", "the next one", "your new …", "my old …", "the
  number from that call") always makes it a new entity and outranks an earlier correction
  cue; so does a form named just before a receipt ("and the i seven sixty five") when it is
  not the form the close receipt was given for. Only a correction cue replaces a number. For receipts, the same side saying two close
  numbers with no such evidence gives two entities: forms filed together get consecutive
  receipt numbers. Other kinds (one A-number per person, one ID per agent) still merge;
* a digit swap ("a three not an eight", "three one not eight one") belongs to no number;
  digits after it that restate the tail of a recent number fix that tail ("… zero eight one
  at the end"), and "the last digit is a four not a one" fixes the last digit;
* a number broken off and said again ("s r c twenty one" / "sorry twenty two nine oh …",
  "a two one one no sorry a two zero …", "… uh no wait") restarts it: the restated run
  replaces the broken start, keeping a receipt's letters when only digits are restated;
* a tail said again ("no it's four oh three at the end", "no the last digits are …", "it
  ends in …", or a few bare characters after "no"/"sorry") fixes the latest number's tail; a
  misread read-back so fixed, or followed by a "no"/correction cue and the first number said
  again, folds into the first hearing (never one announced as a new number);
* a value already whole for its kind (nine A-number digits heard, a receipt) is not run on
  into the next result; "one moment", "one of", "one more", "hold on one", "the one", "no
  one" are words, and a lone "one" then words continues nothing; a leading zero is never
  dropped to make a value fit;
* a kind only guessed (the last entity's after a correction cue, a question's) that the
  characters do not fit gives way to their shape (a whole receipt read back);
* a form name read straight into a receipt ("an i four eighty five s r c two four …") ends
  at the form number: the letters after it start the receipt;
* "my number is" names the staff ID right after staff introduce themselves ("this is
  officer hall my number is …"); numbers of other systems and agencies (tracking, order,
  routing, tax ID, I-94, "n v c case number") are never ours, whatever cue came earlier;
* "i'll put in a request" (or "i'll request …") then "the number is …" names a referral;
  phone cues ("my cell", "call me back at") make a phone number, even split across results;
* a bare acknowledgment ("okay", "uh huh") is no turn: what the result before left waiting
  (a cue, a question, a request) waits one result longer; "the one for the work permit is
  …" right after a number is another number of its kind ("one" after "new", "other", an
  ordinal is a pronoun, never a digit);
* a run that yields no value ("one" in "the next one is", the vocative "victor" after
  "what's your operator number") is just words: it does not hide the cue words before the
  next run, and it does not answer a question, whose kind goes to the next run that does.

``extract`` runs the same code over a whole transcript.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from companion.errors import UserError
from companion.extract import names as nm
from companion.extract.cues import match_cue
from companion.extract.entity import REMOVE, Entity, EntityUpdate, Word
from companion.extract.lang import CORRECTION, LETTER, NOT_ID, WEAK_LETTER, Language
from companion.extract.lang.en import ENGLISH
from companion.extract.memory import CORRECTION_WINDOW, EntityMemory
from companion.extract.priors import KnownValue, match_known
from companion.extract.spoken import Char, Run, read_run, starts_number
from companion.extract.transcript import check_result
from companion.identifiers import NCSC_PHONES, known_receipt_prefixes, parse_phone
from companion.kinds import SPECS
from companion.records import A_NUMBER, PHONE_NUMBER, RECEIPT_NUMBER, REFERRAL_NUMBER, STAFF_ID, STAFF_NAME

COMPLETE, PARTIAL, INVALID = "complete", "partial", "invalid"

CONTINUATION_GAP = 4.0  # seconds between results for a number to run on
EXPECT_RESULTS = 2  # a question ("and your a number?") is answered within this many results
EXPECT_SECONDS = 25.0
# A number said back (``_said_back``): the fit of a staff ID known only by being said twice,
# and the most words before the number in the result that says it back ("yes", "okay so":
# an acknowledgment, a restart mark or a word that leads a number; "the eventual to nine
# four four" is no read-back of "… up to nine four four", the telephone band's held-out set)
SAID_BACK_FIT = 0.8
SAID_BACK_LEAD = 2
ACK_WORDS = 3  # "okay", "uh huh", "okay got it": an acknowledgment, no turn (Language.acknowledgments)

# Where an unlabelled "i'm x" may be the agent introducing themself: the call's opening,
# just after a transfer or hold, or a result that also sounds like an agent's greeting.
OPENING_RESULTS = 2
HANDOVER_RESULTS = 3  # the new agent speaks within this many results of "please hold"


@dataclass(slots=True)
class _Cue:
    start: int
    end: int
    kind: str
    reach: int
    weak: bool = False  # a kind the words only suggest ("my number is" after an introduction)


@dataclass
class _Open:
    """A value that may run on into the next result."""

    kind: str
    chars: list[Char]
    words: list[Word]
    speaker: str | None
    end_time: float
    fit: float
    key: int | None = None  # set when already emitted (complete but extendable)
    broken: bool = False  # broken off ("… two one uh no wait"): the next run restarts it


@dataclass(slots=True)
class _Swap:
    """"a three not an eight": the digit ``old`` heard in a number should be ``new``."""

    start: int
    end: int  # one past its last word
    new: str
    old: str


@dataclass
class _Expect:
    kind: str
    index: int
    time: float
    correction: bool = False
    asker: str | None = None  # the side whose words left it open, when the result says (``speaker``)


@dataclass
class _NameRequest:
    index: int
    asker: str | None
    to_staff: bool


def _can_letter(c: Char) -> bool:
    return c.char.isalpha() or c.alt.isalpha()


def _can_digit(c: Char) -> bool:
    return c.char.isdigit() or c.alt.isdigit()


def _letter(c: Char) -> str:
    return c.char if c.char.isalpha() else c.alt


def _digit(c: Char) -> str:
    return c.char if c.char.isdigit() else c.alt


def _plain(chars: list[Char]) -> str:
    """Characters with o/oh read as digits."""
    return "".join(_digit(c) if _can_digit(c) else c.char for c in chars)


def _lettered(chars: list[Char]) -> str:
    """Characters with o/oh read as digits, except the letter "o" said among the letters a
    value starts with ("f o one two …" is FO12…; "s r oh one …" stays SR01…)."""
    out: list[str] = []
    letters = True
    for c in chars:
        if letters and c.char == "O" and out:
            out.append("O")
            continue
        ch = _digit(c) if _can_digit(c) else c.char
        letters = letters and ch.isalpha()
        out.append(ch)
    return "".join(out)


def _find_swaps(words: list[str], lang: Language) -> list[_Swap]:
    """Digit swaps: "(it's) a three not an eight", "three one not eight one". The quoted
    digits belong to no number: the one after "not" is the misheard one, the one before it
    the right one (the words after may restate the number's tail)."""
    swaps: list[_Swap] = []
    n = len(words)
    digit = lang.digit_words
    for i, w in enumerate(words):
        if w != lang.swap_word or i == 0:
            continue
        j = i + 1
        if j < n and words[j] in lang.articles:
            j += 1
        for k in (2, 1):
            left = [digit.get(x, "") for x in words[max(0, i - k) : i]]
            right = [digit.get(x, "") for x in words[j : j + k]]
            if len(left) == k and len(right) == k and all(left) and all(right) and left != right:
                start = i - k
                if start > 0 and words[start - 1] in lang.articles:
                    start -= 1
                diff = [(a, b) for a, b in zip(left, right) if a != b]
                if len(diff) == 1:
                    swaps.append(_Swap(start, j + k, diff[0][0], diff[0][1]))
                    break
    return swaps


def _not_digit_ones(words: list[str], lang: Language = ENGLISH) -> list[int]:
    """Indices of "one" that is a word, not a digit: "one moment", "one of", "one more",
    "hold on one", "a new one" / "the second one" (a number after or not), and "the one" /
    "no one" with no number after."""
    out = []
    n = len(words)
    for i, w in enumerate(words):
        if w != lang.one:
            continue
        nxt = words[i + 1] if i + 1 < n else ""
        if nxt in lang.one_not_digit_after or tuple(words[max(0, i - 2) : i]) in lang.hold_on or i > 0 and (
            words[i - 1] in lang.one_pronoun_after
            or words[i - 1] in lang.one_not_digit_before and not starts_number(words, i + 1, lang=lang)
        ):
            out.append(i)
        elif i == n - 1 and i > 0 and words[i - 1] not in lang.one_digit_after and words[i - 1] not in lang.lexicon:
            out.append(i)  # "i think i missed one", "if you have one": a pronoun ends the result
    return out


def _new_item_words(words: list[str], lang: Language) -> list[int]:
    """Indices of words that announce another number: "another", "the second", "your new",
    "my old", and "call" in "the number from that call" / "from my last call"."""
    return [
        k for k, w in enumerate(words)
        if w in lang.new_item or w == lang.call_word and k > 0 and words[k - 1] in lang.earlier_call_before
    ]


def _tail_cue(words: list[str], run: Run, lead: list[str], lang: Language) -> bool:
    """The run restates the end of a number: "four oh three at the end", "the last digits are
    four oh three", "it ends in four oh three"."""
    for phrase in lang.tail_after:
        if tuple(words[run.end : run.end + len(phrase)]) == phrase:
            return True
    if lang.tail_last in lead:
        # "the last digits are …", "the last three are …"
        after_last = lead[lead.index(lang.tail_last) + 1 :]
        if not lang.tail_names.isdisjoint(after_last) or after_last[:1] and after_last[0] in lang.digit_words:
            return True
    for k, w in enumerate(lead[:-1]):
        if w in lang.tail_ends and lead[k + 1] in lang.tail_end_preps:
            return True
    return False


def _denies(words: list[str], lang: Language) -> bool:
    """The result says something heard was wrong: "no …", "that's wrong", "not right"."""
    k = 0
    while k < len(words) and words[k] in lang.fillers:
        k += 1
    if k < len(words) and words[k] in lang.denials:
        # "no", "no it's …", "no that's …" — not "no problem", "no i have two"
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if len(words) - k <= 2 or nxt in lang.denial_next or nxt != lang.one and starts_number(words, k + 1, lang=lang):
            return True
    if lang.wrong_keys.isdisjoint(words):
        return False
    text = " " + " ".join(words) + " "
    return any(f" {p} " in text for p in lang.wrong_phrases)


def _lone_one(run: Run, words: list[str], lang: Language) -> bool:
    """A run that is just "one" with other words after it ("one moment please", "one for
    the card"): a word, not the rest of a number cut by a pause."""
    return len(run.chars) == 1 and words[run.start] in lang.one_words and not all(
        w in lang.trailing_all for w in words[run.end :]
    )


FORM_LETTERS = "ING"  # I-485, N-400, G-28


def _form_name(run: Run, words: list[str]) -> str | None:
    """"I765" for a run that names a form ("the i seven sixty five", "form n four hundred")."""
    chars = run.chars
    if not 3 <= len(chars) <= 5 or chars[0].char not in FORM_LETTERS or chars[0].alt:
        return None
    if not all(c.char.isdigit() for c in chars[1:4]):
        return None
    return "".join(c.char for c in chars)


def _split_form(run: Run) -> list[Run]:
    """"an i four eighty five s r c two four …": a form name then a receipt read straight on
    is two runs. The form name (I, N or G and two or three digits) ends at its number, and
    the letters after it start the receipt."""
    chars = run.chars
    if len(chars) < 7 or chars[0].char not in FORM_LETTERS or chars[0].alt:
        return [run]
    for k in (3, 2):
        head, rest = chars[1 : 1 + k], chars[1 + k :]
        if len(rest) < 4 or not all(c.char.isdigit() for c in head) or head[-1].last >= rest[0].first:
            continue
        if all(_can_letter(c) for c in rest[:3]) and not _can_digit(rest[0]) and any(_can_digit(c) for c in rest[3:]):
            cut = rest[0].first
            first = Run(
                chars=chars[: 1 + k], start=run.start, end=head[-1].last + 1,
                pairs=sum(1 for a, b in itertools.pairwise(head) if a.last == b.last and a.first == b.first),
                extras=[x for x in run.extras if x < cut],
            )
            second = Run(
                chars=rest, start=cut, end=run.end, homophones=run.homophones, letter_words=run.letter_words,
                quantity=run.quantity, pairs=max(0, run.pairs - first.pairs), extras=[x for x in run.extras if x > cut],
            )
            return [first, second]
    return [run]


def _norm_speaker(s: object, lang: Language) -> str | None:
    if not isinstance(s, str) or not s:
        return None
    low = s.lower()
    if low in lang.agent_labels:
        return nm.AGENT
    if low in lang.caller_labels:
        return nm.CALLER
    return low


@dataclass(slots=True)
class _Result:
    """One Vosk result being read: its words, what the scan found, and where reading is."""

    words: list[str]
    wd: list[dict[str, Any]]  # the Vosk word dicts
    speaker: str | None
    role: str | None
    t0: float
    t_end: float
    text: str  # " words joined "
    cues: list[_Cue]
    runs: list[Run]
    swaps: list[_Swap]
    repeat_asked: bool  # the result before asked to hear a number again
    new_item_before: bool  # … ended announcing another number
    updates: list[EntityUpdate] = field(default_factory=list)
    skip_first: bool = False  # the first run continued the open value
    used_end: int = 0  # where the last run that said something ended
    base: int = 0
    expect: _Expect | None = None
    expect_used: bool = False  # a question is answered by the first run that yields a value
    broken: _Open | None = None  # a partial run broken off just before ("… no sorry")
    request_made: bool = False


@dataclass(slots=True)
class _RunContext:
    """What the words around one run say about it; ``kind`` is what the rules resolved."""

    run: Run
    cue: _Cue | None
    lead: list[str]  # the words since the previous value
    correction: bool
    new_item: bool
    announced: bool  # a new-number word in the lead ("another", "hers")
    nth: int | None  # "sorry the second one is …"
    echo: bool  # said again to check it (a read-back, a repeat asked for)
    same_kind: str | None  # given by reference to an earlier number
    at_start: bool  # nothing said a value before it in this result
    kind: str | None = None
    pronoun: bool = False  # "the one for the work permit is …", "the first one is …"
    guessed: bool = False  # the kind is only suggested (a question's, the last entity's)
    from_expect: bool = False


@dataclass(slots=True)
class DialogueState:
    """What the call so far says about reading the next result: who is speaking, who asked
    what, the last cue left waiting for its value, who introduced themselves. Indices count
    results (``index`` is the one being read); ``-10`` is "never"."""

    index: int = -1
    spoken: int = 0  # results with words so far
    prev_role: str | None = None  # side of the previous result
    role: str | None = None  # side of the result being read (given or guessed)
    last_key: int | None = None  # the entity spoken of last
    open: _Open | None = None  # a value that may run on into the next result
    expect: _Expect | None = None  # a question or cue left without its value ("and your a number?")
    name_request: _NameRequest | None = None  # who asked for a name, of whom
    new_item_at: int = -10  # a result that ended announcing a new number ("the other one is")
    repeat_at: int = -10  # a result that asked to hear a number again
    handover_at: int = -10  # a result that mentioned a transfer or hold
    request_at: int = -10  # a result that made a request ("i'll put in a request")
    denied_at: int = -10  # a result that said a number was wrong ("no it's …")
    intro_at: int = -10  # a result where staff introduced themself by name
    form: str | None = None  # the form named last ("the i seven sixty five") …
    form_at: int = -10  # … in this result
    request_role: str | None = None  # the side that made it
    intro_tail: tuple[str, ...] = ()  # "… my name is" ending a result: the name starts the next
    intro_tail_at: int = -10
    number_at: int = -10  # a result that ended speaking of "the number" with none read after it
    number_role: str | None = None  # … the side that said it
    broken_off: _Open | None = None  # a number's start left open and never continued …
    broken_off_at: int = -10  # … given up in this result
    loose: tuple[str, int] | None = None  # a staff ID's shape no cue claimed, ending this result

    def within(self, at: int, results: int = EXPECT_RESULTS) -> bool:
        """Result ``at`` is one of the ``results`` before this one."""
        return 0 < self.index - at <= results


class StreamingExtractor:
    """Feed Vosk final results one at a time; get back what changed."""

    def __init__(
        self,
        receipt_prefixes: Iterable[str] | None = None,
        lang: Language = ENGLISH,
        known: Iterable[KnownValue] = (),
    ) -> None:
        """``receipt_prefixes``: the service-center table's prefixes (loaded once by the
        caller; the packaged table when None); ``lang``: the language spoken; ``known``: the
        user's own receipts and A-number, offered when a heard number is a mishearing of one."""
        self.lang = lang
        self._known = tuple(known)
        self._prefixes = frozenset(receipt_prefixes) if receipt_prefixes is not None else known_receipt_prefixes()
        self.d = DialogueState()  # who speaks, who asked what, the last cue: the call so far
        self.mem = EntityMemory(self.d, EXPECT_RESULTS)  # the entities, and how readings change them

    # ------------------------------------------------------------------ public API
    @property
    def known_values(self) -> tuple[KnownValue, ...]:
        """The user's own values this call's numbers may be mishearings of (priors)."""
        return self._known

    @property
    def receipt_prefixes(self) -> frozenset[str]:
        """The receipt prefixes this call's extractor knows."""
        return self._prefixes

    @property
    def entities(self) -> list[Entity]:
        return sorted(self.mem.entities.values(), key=lambda e: (e.start, e.key))

    def feed(self, result: dict[str, Any]) -> list[EntityUpdate]:
        """Read one Vosk ``Result()`` dict (with an optional ``speaker``); what changed.

        The stages: hear the words (scan cues and runs of spoken characters, who speaks) →
        continue a number cut by the last pause → each run: resolve its kind by the ordered
        rules in ``KIND_RULES``, then hand the reading to the entity memory → leave the
        dialogue state for the next result → names.
        """
        check_result(result)
        self.d.index += 1
        r = self._hear(result)
        if r is None:
            return []
        self._continue_open(r)
        if not r.runs and len(r.words) <= ACK_WORDS and all(
            w in self.lang.acknowledgments or w in self.lang.fillers for w in r.words
        ):
            self._acknowledged()
        self._start_runs(r)
        for ri, run in enumerate(r.runs):
            if ri == 0 and r.skip_first:
                continue
            self._read_one(r, ri, run)
        self._end_runs(r)
        self._another_agencys(r)
        self.d.spoken += 1
        self._names(r.words, r.wd, r.speaker, r.role, r.updates, r.text)
        self._end_result(r)
        return self._with_priors(r.updates)

    # ------------------------------------------------------------------ stage: hear
    def _hear(self, result: dict[str, Any]) -> _Result | None:
        """The result's words, cues, runs and speaker; None when it has no words."""
        lang, d = self.lang, self.d
        wd = [w for w in result.get("result") or [] if w.get("word")]
        if not wd:
            return None
        words = [w["word"].lower() for w in wd]
        speaker = result.get("speaker") if isinstance(result.get("speaker"), str) else None
        cues, runs, _stop, swaps = self._scan(words)
        if _denies(words, lang) or any(c.kind == CORRECTION for c in cues):
            d.denied_at = d.index  # "no it's …": a number heard before this was wrong
        role_given = _norm_speaker(speaker, lang)
        # a number running on from the last result starts this one ("oh yes …" does not)
        runs_on = bool(runs) and runs[0].start == 0 and not (len(runs[0].chars) == 1 and words[0] in lang.oh)
        role = role_given if role_given in (nm.AGENT, nm.CALLER) else nm.guess_role(
            words, d.prev_role, starts_with_number=runs_on, lang=lang
        )
        d.role = role
        if lang.number_word in words and lang.my_word in words:
            cues = self._intro_number_cues(cues, words, role)
        return _Result(
            words=words, wd=wd, speaker=speaker, role=role, t0=float(wd[0]["start"]), t_end=float(wd[-1]["end"]),
            text=" " + " ".join(words) + " ", cues=cues, runs=runs, swaps=swaps,
            repeat_asked=d.within(d.repeat_at), new_item_before=d.within(d.new_item_at),
        )

    def _acknowledged(self) -> None:
        """"okay", "uh huh": the listener's acknowledgment is no turn. What the result before
        left waiting (a cue or question, a request made, a new number announced, a repeat
        asked for, "the number" named) waits one result longer."""
        d = self.d
        if d.expect is not None:
            d.expect.index += 1
        for name in ("request_at", "new_item_at", "repeat_at", "number_at"):
            at = getattr(d, name)
            if at >= 0:
                setattr(d, name, at + 1)

    # ------------------------------------------------------------------ stage: continue
    def _continue_open(self, r: _Result) -> None:
        """A number cut by a pause: the leading run continues (or restarts) the open value."""
        lang, d = self.lang, self.d
        open_, d.open = d.open, None
        if open_ is None:
            return
        runs, words = r.runs, r.words
        used = False
        lead0 = words[: runs[0].start] if runs else []
        if runs and (r.t0 - open_.end_time <= CONTINUATION_GAP) and (
            r.speaker is None or open_.speaker is None or r.speaker == open_.speaker
        ):
            if open_.key is None and all(w in lang.restart_all for w in lead0) and (
                open_.broken or not lang.restart_marks.isdisjoint(lead0)
            ):
                # "s r c twenty one" / "sorry twenty two nine oh …": said again from the start
                used = self._restart(open_, runs[0], words, r.wd, r.speaker, r.updates)
            elif all(w in lang.leading_ok for w in lead0) and not _lone_one(runs[0], words, lang):
                used = self._continue(open_, runs[0], words, r.wd, r.speaker, r.updates)
            elif open_.key is None and any(c.kind == CORRECTION and c.end <= runs[0].start for c in r.cues):
                # "the referral number is four oh seven seven one three" / "sorry let me redo
                # that four oh seven …": a correction of the number still being read
                used = self._restart(open_, runs[0], words, r.wd, r.speaker, r.updates)
        if used:
            r.skip_first = True
        elif not runs and all(w in lang.restart_all or w in lang.fillers for w in words):
            # "four four two oh" / "uh" / "one one seven six": a result of fillers (or a bare
            # "eh sorry") between the parts of a number holds it open
            open_.end_time = r.t_end
            open_.broken = open_.broken or not lang.restart_marks.isdisjoint(words)
            d.open = open_
        else:
            self._close(open_, r.updates)

    def _start_runs(self, r: _Result) -> None:
        lang, d = self.lang, self.d
        expect = d.expect
        if expect is not None and (d.index - expect.index > EXPECT_RESULTS or r.t0 - expect.time > EXPECT_SECONDS):
            expect = d.expect = None
        r.expect = expect
        # where the last run that said something ended: a run that yields nothing ("one" in
        # "the next one is", the vocative "victor" after "what's your operator number") is
        # just words, so it neither hides the cue words before the next run nor answers a cue
        r.used_end = r.base = r.runs[0].end if r.skip_first else 0
        if lang.request_word in r.words:
            k = r.words.index(lang.request_word)
            # "i'll put in a request", "i'll request the appointment be rescheduled"
            if not lang.request_verbs.isdisjoint(r.words[max(0, k - 5) : k]) or k > 0 and (
                r.words[k - 1] in lang.request_as_verb_after
            ):
                d.request_at, d.request_role = d.index, r.role
        r.request_made = 0 <= d.index - d.request_at <= EXPECT_RESULTS

    # ------------------------------------------------------------------ stage: each run
    def _read_one(self, r: _Result, ri: int, run: Run) -> None:
        """One run of spoken characters: a restart, a digit swap's tail, or a value whose
        kind the rules resolve and the entity memory takes."""
        if r.broken is not None:
            prev, r.broken = r.broken, None
            if self._restart(prev, run, r.words, r.wd, r.speaker, r.updates):
                r.used_end = run.end
                return
        # "no that's a zero not an eight zero eight one at the end": the words after a digit
        # swap restate the tail of an earlier number
        if r.swaps and any(sw.end <= run.start for sw in r.swaps) and self._apply_swap(
            [sw for sw in r.swaps if sw.end <= run.start], run, r.wd, r.updates
        ):
            r.used_end = run.end
            return
        if len(run.chars) > 1 and run.chars[0].last - run.chars[0].first >= 2:
            # "s r d or s r t" / "t as in tango s r t two five …": a letter made clear by
            # example, then the number read back whole: the number
            rest = Run(chars=run.chars[1:], start=run.chars[1].first, end=run.end)
            if self._readback_of(rest) is not None:
                run = rest
        restated = self._position_restated(r, run)
        if restated is not None:
            # "no the third digit is five · two nine five three …": the number, corrected
            run, self.d.last_key = restated
        x = self._context(r, ri, run)
        if x is None:
            return  # a tail said again, already applied
        if restated is not None:
            # "the third digit", "the last two": a position in that number, no other number
            x.nth, x.new_item, x.announced, x.correction = None, False, False, True
        resolve_kind(self, r, x)
        self._take(r, ri, x)

    def _position_restated(self, r: _Result, run: Run) -> tuple[Run, int] | None:
        """"no the third digit is five two nine five three six …", "no the last two are nine
        three four four one …", "no el último es nueve cuatro siete …": a correction names a
        position and its characters, then says the whole number again, all in one run. The
        run without those characters and the key of the number it restates, when the rest is a
        reading of a recent number (at most its kind's ``same_number`` apart) that holds them
        at the position named; else None."""
        lang, words = self.lang, r.words
        lead = words[r.used_end : run.start]
        chars = run.chars
        if not lead or len(chars) < 5:
            return None
        if not (_denies(words, lang) or any(c.kind == CORRECTION and c.end <= run.start for c in r.cues)):
            return None
        at: int | None = None  # the position named: from the start, or -1 for the end
        for w in reversed(lead):
            if w == lang.tail_last or w in lang.swap_last:
                at = -1
                break
            if w in lang.ordinal_index:
                at = lang.ordinal_index[w]
                break
        if at is None:
            return None
        recent = sorted(
            (e for e in self.mem.entities.values()
             if e.kind not in (STAFF_NAME, PHONE_NUMBER) and r.t0 - e.end <= CORRECTION_WINDOW),
            key=lambda e: e.end, reverse=True,
        )
        for k in (1, 2, 3):
            if k >= len(chars) - 1 or chars[k].first <= chars[k - 1].last:
                continue  # the characters named end on a word of their own
            head, rest = _plain(chars[:k]), chars[k:]
            for ent in recent:
                status, value, _ = self._check(ent.kind, rest)
                if status != COMPLETE or len(value) != len(ent.value):
                    continue
                if sum(a != b for a, b in zip(value, ent.value)) > SPECS[ent.kind].same_number:
                    continue
                if (value[-k:] if at < 0 else value[at : at + k]) == head:
                    cut = rest[0].first
                    return Run(
                        chars=rest, start=cut, end=run.end, homophones=run.homophones, letter_words=run.letter_words,
                        pairs=run.pairs, extras=[x for x in run.extras if x > cut],
                    ), ent.key
        return None

    def _context(self, r: _Result, ri: int, run: Run) -> _RunContext | None:
        """What the words before ``run`` say about it (None: it restated a tail, applied)."""
        lang, words = self.lang, r.words
        cue = self._cue_for(run, r.cues, r.runs, ri)
        expect = r.expect
        correction = any(c.kind == CORRECTION and c.end <= run.start for c in r.cues) or (
            expect is not None and expect.correction and cue is None
        )
        # the words since the previous value: "and the second is", "so that's"
        lead_start = r.used_end
        lead = words[lead_start : run.start]
        last_new = max((lead_start + k for k in _new_item_words(lead, lang)), default=-1)
        new_item = last_new >= 0 or (
            lead_start == r.base and r.new_item_before and all(w in lang.leading_ok for w in lead)
        )
        nth = next((lang.ordinal_index[w] for w in reversed(lead) if w in lang.ordinal_index), None)
        same = self._same_as(run, lead, cue) if not lang.same_words.isdisjoint(lead) else None
        same_kind = None
        if same is not None:
            # "her receipt is the same letters as my dad's then zero nine three three", "hers
            # is the same number except it ends in four seven": another number, given by
            # reference to one heard before
            run, same_kind = same
            new_item, correction = True, False
        elif _tail_cue(words, run, lead, lang) and self._fix_tail(run, r.wd, correction or _denies(words, lang), r.updates):
            # "no it's four oh three at the end", "no the last digits are four oh three"
            r.used_end = run.end
            return None
        if new_item and correction:
            # "actually i have another one …": an additive cue after the correction cue wins;
            # "sorry no the second is …" still corrects (the second number)
            last_corr = max((c.start for c in r.cues if c.kind == CORRECTION and c.end <= run.start), default=-1)
            last_add = max(
                (lead_start + k for k in _new_item_words(lead, lang) if lead[k] not in lang.ordinal_index), default=-1
            )
            if last_add > last_corr or last_new < 0 and last_corr < 0:
                correction = False
        echo = r.repeat_asked
        if not echo and not lang.readback_keys.isdisjoint(lead):
            lead_text = " " + " ".join(lead) + " "
            echo = any(f" {p} " in lead_text for p in lang.readback_phrases)
        pronoun = any(
            w == lang.one and k > 0 and (lead[k - 1] in lang.one_pronoun_after or lead[k - 1] in lang.one_not_digit_before)
            for k, w in enumerate(lead)
        )
        return _RunContext(
            run=run, cue=cue, lead=lead, correction=correction, new_item=new_item, announced=last_new >= 0,
            nth=nth, echo=echo, same_kind=same_kind, at_start=r.used_end == r.base, pronoun=pronoun,
        )

    def _take(self, r: _Result, ri: int, x: _RunContext) -> None:
        """The run read as ``x.kind``: to the entity memory (or left open, or let go)."""
        run, kind, words, wd = x.run, x.kind, r.words, r.wd
        at_end = all(w in self.lang.trailing_all for w in words[run.end :])
        rwords = wd[run.start : run.end]
        if kind == NOT_ID:
            form = _form_name(run, words)
            if form is not None:
                self.d.form, self.d.form_at = form, self.d.index  # "and the i seven sixty five"
            # "reach us at one eight hundred …" is still worth keeping as a phone number
            skind, _, value, fit = self._by_shape(run, False)
            if skind == PHONE_NUMBER and not run.quantity:
                self.mem.observe(PHONE_NUMBER, value, fit, rwords, r.speaker, False, r.updates)
            if len(run.chars) > 1:  # a lone "one" ("the first one is") says nothing
                self._used(r, x)
            return
        if kind not in (None, PHONE_NUMBER) and _plain(run.chars) in NCSC_PHONES:
            kind = None  # "it said two oh two eight three eight twenty two hundred": Tier 2's line, by shape
        if kind is None or kind == PHONE_NUMBER and not run.chars:
            kind, status, value, fit = self._by_shape(run, at_end)
            if status == PARTIAL and self._readback_of(run) is not None:
                kind = None  # "k i m nine seven two": a staff ID read back, not the start of a receipt
        else:
            if kind == STAFF_ID:
                run = x.run = self._letter_word_before(run, words)
                rwords = wd[run.start : run.end]
            elif kind == REFERRAL_NUMBER:
                run = x.run = self._article_first(run, words)
                rwords = wd[run.start : run.end]
            status, value, fit = self._check(kind, run.chars)
            if kind == PHONE_NUMBER and status == INVALID:
                kind, status, value, fit = self._by_shape(run, at_end)
            elif status == INVALID and x.guessed and self._by_shape(run, at_end)[1] == COMPLETE:
                # a kind only guessed (the last entity's, a question's) that does not fit: a
                # whole receipt or A-number read after it is still that
                kind, status, value, fit = self._by_shape(run, at_end)
                x.from_expect = False
            elif status == INVALID and self._readback_of(run) is not None:
                kind = None
            elif x.from_expect:
                fit *= 0.95
        if kind is None:
            hit = self._readback_of(run)
            if hit is not None:
                self.mem.merge(hit, rwords, r.updates)
                self._used(r, x)
            elif self._bare_tail(run, wd, x.correction, words, r.updates):
                r.used_end = run.end
            elif self._said_back(r, x, at_end):
                self._used(r, x)
            return
        fit *= self._style_penalty(run)
        if status == PARTIAL:
            if at_end:
                self.d.open = _Open(kind, list(run.chars), list(rwords), r.speaker, r.t_end, fit)
                self._used(r, x)
            else:
                # "it's e a c two one uh no wait …": broken off to be said again
                nxt = r.runs[ri + 1].start if ri + 1 < len(r.runs) else len(words)
                gap = words[run.end : nxt]
                if gap and all(w in self.lang.restart_all for w in gap) and not self.lang.restart_marks.isdisjoint(gap):
                    op = _Open(kind, list(run.chars), list(rwords), r.speaker, r.t_end, fit, broken=True)
                    self._used(r, x)
                    if nxt < len(words):
                        r.broken = op
                    else:
                        self.d.open = op
            return
        if status == INVALID:
            if self._bare_tail(run, wd, x.correction, words, r.updates):
                r.used_end = run.end
            return
        self._used(r, x)
        key = self.mem.observe(
            kind, value, fit, rwords, r.speaker, x.correction, r.updates, new_item=x.new_item, echo=x.echo, nth=x.nth
        )
        if at_end and key is not None and self._extendable(kind, value, run.chars):
            ent = self.mem.entities[key]
            self.d.open = _Open(kind, list(run.chars), list(rwords), r.speaker, r.t_end, fit, key=key)
            if ent.value != value:  # merged into an earlier reading: do not extend that
                self.d.open = None

    def _article_first(self, run: Run, words: list[str]) -> Run:
        """A referral's first letter that is the language's article, a word of its own, before
        digits only ("the referral is **a** four four zero three …", "was for **a** six six …"
        for "four oh six six …"): the article or a digit misheard, not the code's letter — no
        referral the NCSC gives is one letter A and digits (an A-number is). The run without it;
        else ``run`` as it is."""
        cs = run.chars
        if (len(cs) < 2 or not cs[0].char.isalpha() or cs[0].first != cs[0].last
                or words[cs[0].first] not in self.lang.indefinite_articles
                or not all(c.char.isdigit() for c in cs[1:])):
            return run
        return Run(chars=cs[1:], start=cs[1].first, end=run.end, homophones=run.homophones,
                   letter_words=max(0, run.letter_words - 1), quantity=run.quantity, pairs=run.pairs,
                   extras=[e for e in run.extras if e >= cs[1].first])

    def _letter_word_before(self, run: Run, words: list[str]) -> Run:
        """"my i d is r three five one" heard "my ideas **are** three five one", "sure it's
        **our** one four four two": a word that sounds as a letter's name right before a
        staff ID's digits (the language's ``staff_id_letter_words``) is the ID's letter —
        also when spelled by example ("are as in robert seven seven three two"). The run
        with that letter first; else ``run`` as it is."""
        lang = self.lang
        if not run.chars or not run.chars[0].char.isdigit() or run.start == 0:
            return run
        k = run.start - 1
        spell = len(lang.spell_as)
        if k >= spell + 1 and tuple(words[k - spell : k]) == tuple(lang.spell_as):
            letter = lang.staff_id_letter_words.get(words[k - spell - 1])
            if letter is None or not words[k].startswith(letter.lower()):
                return run
            k -= spell + 1
        else:
            letter = lang.staff_id_letter_words.get(words[k])
        if letter is None or not all(c.char.isdigit() for c in run.chars):
            return run
        return Run(chars=[Char(letter, k, run.start - 1), *run.chars], start=k, end=run.end,
                   homophones=run.homophones, letter_words=run.letter_words + 1, quantity=run.quantity,
                   pairs=run.pairs, extras=run.extras)

    def _said_back(self, r: _Result, x: _RunContext, at_end: bool) -> bool:
        """"… my operational brits eleven forty seven" / "eleven forty seven okay": a number
        no cue claimed, ending one result and said again at the start of the next (a
        read-back, or a repeat) is a value confirmed by the two sides; of staff-ID length
        (4–6 characters, no other identifier kind so short) it is a staff ID whose cue was
        lost or never said. Never after a cue of another kind or a request in either
        result, nor while a number of another kind runs on, nor when it is a group of a
        longer number the call holds ("… nine one zero two" / "seven seven three six"). Records
        the run for the next result when it ends this one; True when it took a staff ID."""
        d, run = self.d, x.run
        loose, d.loose = d.loose, None
        status, value, fit = self._check(STAFF_ID, run.chars)
        if status != COMPLETE or r.request_made or d.open is not None or any(
            c.kind in (RECEIPT_NUMBER, REFERRAL_NUMBER, A_NUMBER, PHONE_NUMBER) for c in r.cues
        ) or any(e.kind not in (STAFF_ID, STAFF_NAME) and value in e.value for e in self.mem.entities.values()):
            return False  # (the last: a group of a longer number held, read back in parts)
        lang = self.lang
        if loose is not None and loose == (value, d.index - 1) and x.at_start and run.start <= SAID_BACK_LEAD and all(
            w in lang.leading_ok or w in lang.acknowledgments or w in lang.restart_marks for w in r.words[: run.start]
        ):
            key = self.mem.observe(
                STAFF_ID, value, fit * SAID_BACK_FIT, r.wd[run.start : run.end], r.speaker, False, r.updates, echo=True
            )
            return key is not None
        if at_end:
            d.loose = (value, d.index)
        return False

    @staticmethod
    def _used(r: _Result, x: _RunContext) -> None:
        """The run said something: later runs' lead starts after it; a question it answered
        is answered."""
        r.used_end = x.run.end
        r.expect_used = r.expect_used or x.from_expect

    # ------------------------------------------------------------------ stage: dialogue state
    def _end_runs(self, r: _Result) -> None:
        lang, d = self.lang, self.d
        if r.swaps and not any(run.start >= r.swaps[-1].end for run in r.runs) and not lang.swap_last.isdisjoint(r.words):
            # "the last digit is a four not a one": no tail restated, the last digit named
            self.mem.swap_last_digit(r.swaps[-1].old, r.swaps[-1].new, r.t0, r.updates)
        expect = r.expect
        if r.expect_used:
            d.expect = expect = None
        # a result that ends announcing another number ("the other one is") or asks to hear
        # one again ("can you repeat that") shapes how the next result's number is read
        if _new_item_words(r.words[r.used_end :], lang):
            d.new_item_at = d.index
        asks_repeat = not lang.repeat_keys.isdisjoint(r.words) and any(p in r.text for p in lang.repeat_request)
        if asks_repeat:
            d.repeat_at = d.index
        # a cue left without a value asks for it in the next result
        # ("two months ago": a unit after its number names that number, it asks for none)
        ends = {run.end for run in r.runs}
        pending = [c for c in r.cues if c.start >= r.used_end and c.reach > 2 and not (c.kind == NOT_ID and c.start in ends)]
        if asks_repeat or d.open is not None and d.open.broken:
            # "sorry could you say that again": the answer is a repeat, not a fix; "… uh no
            # wait": the broken-off number is said again (the open value takes it)
            pending = [c for c in pending if c.kind != CORRECTION]
        if len(pending) > 1 and pending[-1].kind == CORRECTION and pending[-1].end == len(r.words):
            # "what's the fax again sorry": the trailing "sorry" is politeness, the cue asks
            pending = [c for c in pending if c.kind != CORRECTION] or pending
        if pending:
            c = pending[-1]
            # "sorry let me repeat that" then the number: keep the kind of the latest entity
            correction = c.kind == CORRECTION
            d.expect = _Expect("" if correction else c.kind, d.index, r.t_end, correction=correction,
                               asker=_norm_speaker(r.speaker, self.lang))
        elif r.used_end > 0 and d.expect is expect and expect is not None and d.index > expect.index:
            d.expect = None

    def _another_agencys(self, r: _Result) -> None:
        """"that sounds like a national visa center case number": a receipt just heard, with a
        prefix no service center uses, said to be another agency's number is not ours."""
        lang, d = self.lang, self.d
        if r.updates or lang.number_word not in r.words or lang.other_agency.isdisjoint(r.words):
            return  # (a result that gave a value speaks of that value)
        ent = self.mem.entities.get(d.last_key) if d.last_key is not None else None
        if (
            ent is not None and ent.kind == RECEIPT_NUMBER and ent.value[:3] not in self._prefixes
            and d.index - self.mem.added_at.get(ent.key, -10) <= EXPECT_RESULTS
        ):
            self.mem.remove(ent, r.updates)

    def _end_result(self, r: _Result) -> None:
        d = self.d
        if any(m in r.text for m in self.lang.handover):
            d.handover_at = d.index
        if self.lang.number_word in r.words[r.used_end :]:
            d.number_at, d.number_role = d.index, r.role  # "it's a longer number please write it down" / …
        d.prev_role = r.role

    def _with_priors(self, updates: list[EntityUpdate]) -> list[EntityUpdate]:
        """Each added or revised entity carries the known value it is a mishearing of."""
        if self._known:
            for u in updates:
                if u.action != REMOVE:
                    u.entity.prior = match_known(u.entity.kind, u.entity.value, self._known)
        return updates

    def decide(self, key: int, status: str, value: str | None = None) -> list[EntityUpdate]:
        """The user's decision on entity ``key``: confirmed, rejected, or edited to ``value``
        (see ``EntityMemory.decide``)."""
        return self.mem.decide(key, status, value)

    def flush(self) -> list[EntityUpdate]:
        """End of the call: settle a value still waiting for its continuation."""
        updates: list[EntityUpdate] = []
        if self.d.open is not None:
            self._close(self.d.open, updates)
            self.d.open = None
        return self._with_priors(updates)

    # ------------------------------------------------------------------ reading a result
    def _scan(self, words: list[str]) -> tuple[list[_Cue], list[Run], set[int], list[_Swap]]:
        cues: list[_Cue] = []
        stop: set[int] = set()
        n = len(words)
        lang = self.lang
        swaps = _find_swaps(words, lang) if lang.swap_word in words else []
        for sw in swaps:
            stop.update(range(sw.start, sw.end))
        if lang.one in words:
            stop.update(_not_digit_ones(words, lang))
        i = 0
        while i < n:
            m = match_cue(words, i, lang)
            if m is not None and i > 0 and tuple(words[i - 1 : i + 1]) == lang.spell_as:
                m = None  # "e as in edward"
            if m is not None:
                end, kind, reach = m
                # "for" / "to" / "a" only start a cue when they are not digits/letters in a run
                cues.append(_Cue(i, end, kind, reach))
                stop.update(range(i, end))
                i = end
            else:
                i += 1
        runs = []
        i = 0
        lex = lang.lexicon
        asked = self.d.expect
        answers = asked is not None and asked.kind in SPECS and asked.index == self.d.index - 1
        while i < n:
            if i in stop or words[i] not in lex:
                i += 1  # (read_run starts no run on a word that spells nothing)
                continue
            # after a cue or its glue, or opening the answer to a question the last result asked
            # ("and your i d number" / "tea nine nine oh two"), a letter word may start a value
            lead = i - 1 in stop or words[i - 1] in lang.glue if i > 0 else answers
            run = read_run(words, i, stop, lang, lead=lead)
            if run is None:
                i += 1
                continue
            runs.extend(_split_form(run))
            i = max(run.end, i + 1)
        return cues, runs, stop, swaps

    def _intro_number_cues(self, cues: list[_Cue], words: list[str], role: str | None) -> list[_Cue]:
        """"this is officer hall my number is …": "my number is" names the staff ID only right
        after an introduction by staff (in this result, or the agent's previous one); else it
        is no cue. Its kind is only suggested: a phone number read after it stays one."""
        out = []
        for c in cues:
            if c.kind == STAFF_ID and tuple(words[c.start : c.end]) in self.lang.intro_number:
                hits = nm.find_names(words[: c.start], self.lang)
                staff = any(h.titled or h.staff_only for h in hits) or bool(hits) and role == nm.AGENT
                if not staff and not (role == nm.AGENT and self.d.index - self.d.intro_at == 1):
                    continue
                c.weak = True
            out.append(c)
        return out

    def _cue_for(self, run: Run, cues: list[_Cue], runs: list[Run], ri: int) -> _Cue | None:
        prev_end = runs[ri - 1].end if ri > 0 else -1
        best = None
        for c in cues:
            if c.end > run.start:
                break
            if c.end <= prev_end and not (ri > 0 and len(runs[ri - 1]) <= 1):
                continue
            if run.start - c.end <= c.reach:
                best = c
        return best

    def _looks_not_id(self, run: Run, words: list[str]) -> bool:
        """Dates, amounts, durations and form names ("i four eighty five")."""
        if run.quantity:
            return True
        after = words[run.end] if run.end < len(words) else ""
        lang = self.lang
        if after in lang.after_not_id or after in lang.ordinals:
            return True
        chars = run.chars
        letters = 0
        while letters < len(chars) and chars[-1 - letters].char.isalpha() and not chars[-1 - letters].alt:
            letters += 1
        if 2 <= letters < len(chars) <= letters + 4 and "".join(c.char for c in chars[-letters:]).lower() in lang.after_not_id:
            return True  # "two fifteen p m": a time, its "pm" spelled as letters
        before = words[max(0, run.start - 2) : run.start]
        if any(w in lang.months and w not in lang.month_words for w in before):
            return True
        # "may second twenty twenty", "the third uh nineteen": an ordinal right before the
        # digits is a date; "and the second is m s c …" enumerates numbers, it is no date,
        # nor is "el primero ele i ene …": no date starts with a letter
        k = run.start - 1
        while k >= 0 and words[k] in lang.fillers:
            k -= 1
        if k >= 0 and words[k] in lang.ordinals and not (run.chars and not _can_digit(run.chars[0])):
            return True
        if 3 <= len(chars) <= 5 and chars[0].char in "ING" and not chars[0].alt:
            cls = lang.lexicon.get(words[run.start])
            rest = chars[1:]
            if cls and cls[0] in (LETTER, WEAK_LETTER) and all(c.char.isdigit() for c in rest[:3]) and (
                run.pairs or (run.start > 0 and words[run.start - 1] in lang.form_before)
            ):
                return True
        return False

    def _style_penalty(self, run: Run) -> float:
        return (0.95**run.homophones) * (0.9**run.letter_words)

    # ------------------------------------------------------------------ kinds and values
    def _check(self, kind: str, chars: list[Char]) -> tuple[str, str, float]:
        """Status, normalised value and pattern fit of ``chars`` read as ``kind``."""
        n = len(chars)
        if kind == RECEIPT_NUMBER:
            for p in range(max(1, n - 12)):
                head, tail = chars[p : p + 3], chars[p + 3 : p + 13]
                if len(head) == 3 and all(_can_letter(c) for c in head) and all(_can_digit(c) for c in tail):
                    if len(tail) < 10:
                        return PARTIAL, "", 0.0
                    prefix = "".join(_letter(c) for c in head)
                    value = prefix + "".join(_digit(c) for c in tail)
                    fit = 1.0 if prefix in self._prefixes else 0.6
                    if n > p + 13 and any(_can_digit(c) for c in chars[p + 13 :]):
                        return INVALID, "", 0.0  # more digits than a receipt has
                    if p or n > p + 13:
                        fit *= 0.8
                    return COMPLETE, value, fit
            if n < 3 and all(_can_letter(c) for c in chars):
                return PARTIAL, "", 0.0
            return INVALID, "", 0.0
        if kind == A_NUMBER:
            cs = chars[1:] if chars and _can_letter(chars[0]) and _letter(chars[0]) == "A" else chars
            if not all(_can_digit(c) for c in cs):
                return INVALID, "", 0.0
            digits = "".join(_digit(c) for c in cs)
            if len(digits) < 8:
                return PARTIAL, "", 0.0
            if len(digits) > 9:
                return INVALID, "", 0.0
            return COMPLETE, "A" + digits.zfill(9), 1.0 if len(digits) == 9 else 0.95
        value = _plain(chars)
        if not value.isalnum():
            return INVALID, "", 0.0
        if kind == PHONE_NUMBER:
            if not value.isdigit():
                return INVALID, "", 0.0
            if len(value) < 10:
                return PARTIAL, "", 0.0
            try:
                return COMPLETE, parse_phone(value), 1.0
            except UserError:
                return INVALID, "", 0.0
        return self._check_shape(kind, _lettered(chars))

    @staticmethod
    def _check_shape(kind: str, value: str) -> tuple[str, str, float]:
        """Any other kind (staff ID, referral, a kind added to the registry): its ``Shape``
        and its validation rule decide."""
        spec = SPECS.get(kind)
        if spec is None or not spec.spoken:
            return INVALID, "", 0.0
        shape = spec.shape
        if shape.needs_digit and not any(ch.isdigit() for ch in value):
            return INVALID, "", 0.0
        if len(value) < shape.min_len:
            return PARTIAL, "", 0.0
        if len(value) > shape.max_len or spec.valid(value) is None:
            return INVALID, "", 0.0
        typical = shape.typical or (shape.min_len, shape.max_len)
        fit = 1.0 if typical[0] <= len(value) <= typical[1] else shape.off_typical_fit
        if sum(ch.isalpha() for ch in value) > len(value) // 2:
            fit *= shape.letters_fit
        return COMPLETE, value, fit

    def _by_shape(self, run: Run, at_end: bool) -> tuple[str | None, str, str, float]:
        """Kind from the characters alone, when nothing in the words names it."""
        chars = run.chars
        n = len(chars)
        strong_letters = sum(1 for c in chars[:3] if c.char.isalpha() and not c.alt)
        if strong_letters < 2 and n >= 14 and chars[0].char.isdigit():
            # "another one i o e …": a stray leading "one" before the prefix
            strong_letters = sum(1 for c in chars[1:4] if c.char.isalpha() and not c.alt)
        if n >= 3 and strong_letters >= 2:
            status, value, fit = self._check(RECEIPT_NUMBER, chars)
            if status == COMPLETE:
                return RECEIPT_NUMBER, status, value, fit * (0.95 if value[:3] in self._prefixes else 0.9)
            if status == PARTIAL and at_end and n >= 4:
                return RECEIPT_NUMBER, status, value, 0.85
        if n >= 9 and chars[0].char == "A" and not chars[0].alt:
            status, value, fit = self._check(A_NUMBER, chars)
            if status == COMPLETE:
                return A_NUMBER, status, value, fit * 0.7
        value = _plain(chars)
        if value.isdigit() and (len(value) == 11 and value[0] == "1" or len(value) == 10 and value[0] not in "01"):
            status, value, fit = self._check(PHONE_NUMBER, chars)
            if status == COMPLETE:
                return PHONE_NUMBER, status, value, 0.8
        return None, INVALID, "", 0.0

    @staticmethod
    def _extendable(kind: str, value: str, chars: list[Char]) -> bool:
        """A complete value that may still run on into the next result. One already whole
        for its kind (an A-number of nine digits heard, a receipt) never does."""
        if kind == A_NUMBER:
            cs = chars[1:] if chars and _can_letter(chars[0]) and _letter(chars[0]) == "A" else chars
            return len(cs) < 9  # eight digits heard so far (zero-padded for now)
        spec = SPECS.get(kind)
        if kind in (RECEIPT_NUMBER, PHONE_NUMBER) or spec is None or not spec.spoken:
            return False
        shape = spec.shape
        return len(value) < (shape.run_on_below or shape.max_len)

    # ------------------------------------------------------------------ call-level state
    def _continue(
        self, open_: _Open, run: Run, words: list[str], wd: list[Word], speaker: str | None, updates: list[EntityUpdate]
    ) -> bool:
        """Try ``run`` as the rest of ``open_``; True if it was."""
        if self._readback_of(run) is not None and (open_.key is not None or self._check(open_.kind, run.chars)[0] == COMPLETE):
            # a whole number read back after a part of it ("no it's six one seven seven" / "six
            # one seven seven two zero four three") is that number, not the part's continuation
            return False
        said = self.mem.entities.get(open_.key) if open_.key is not None else None
        head = _plain(run.chars)
        if said is not None and len(head) >= 3 and said.value.startswith(head):
            # "… seven two zero zero five one eight six" / "seven two zero zero": its start read
            # back, not more of it
            return False
        chars = open_.chars + run.chars
        status, value, fit = self._check(open_.kind, chars)
        rwords = open_.words + wd[run.start : run.end]
        at_end = all(w in self.lang.trailing_all for w in words[run.end :])
        if status == INVALID:
            return False
        if open_.key is not None:
            # already emitted: extend only to a complete, longer value
            if status != COMPLETE:
                return False
            fit = min(fit, open_.fit) * 0.95
            key: int | None = self.mem.revise(open_.key, value, fit, rwords, updates)
        elif status == PARTIAL:
            if at_end:
                self.d.open = _Open(open_.kind, chars, rwords, speaker, float(wd[-1]["end"]), open_.fit)
                return True
            return False
        else:
            fit = min(fit, open_.fit if open_.fit else 1.0) * 0.95 * self._style_penalty(run)
            key = self.mem.observe(open_.kind, value, fit, rwords, speaker or open_.speaker, False, updates)
        if at_end and key is not None and self._extendable(open_.kind, value, chars):
            self.d.open = _Open(open_.kind, chars, rwords, speaker, float(wd[-1]["end"]), fit, key=key)
        return True

    def _restart(
        self, open_: _Open, run: Run, words: list[str], wd: list[Word], speaker: str | None, updates: list[EntityUpdate]
    ) -> bool:
        """``run`` says ``open_`` (never emitted) again from the start; True if it did. A
        receipt's letters may be left out of the restart ("s r c twenty one" / "sorry twenty
        two nine oh …"): they are kept."""
        kind = open_.kind
        rw = wd[run.start : run.end]
        cands = []
        head = open_.chars[:3]
        first = run.chars[0]
        if kind == RECEIPT_NUMBER and len(head) == 3 and all(_can_letter(c) for c in head) and _can_digit(first):
            nhead = min(len(open_.words), head[-1].last - head[0].first + 1)
            cands.append((head + list(run.chars), open_.words[:nhead] + rw))
        cands.append((list(run.chars), rw))
        # "e a c one nine" / "no one two three …" may still just go on: a whole value read
        # that way is taken when no restart reading is whole
        cands.append((open_.chars + list(run.chars), open_.words + rw))
        at_end = all(w in self.lang.trailing_all for w in words[run.end :])
        checked = [(chars, cw, self._check(kind, chars)) for chars, cw in cands]
        for chars, cw, (status, value, fit) in checked:
            if status == COMPLETE:
                fit = fit * 0.95 * self._style_penalty(run)
                key = self.mem.observe(kind, value, fit, cw, speaker or open_.speaker, False, updates)
                if at_end and key is not None and self._extendable(kind, value, chars):
                    self.d.open = _Open(kind, chars, cw, speaker, float(wd[-1]["end"]), fit, key=key)
                return True
        for chars, cw, (status, value, fit) in checked[:-1]:
            if status == PARTIAL and at_end:
                self.d.open = _Open(kind, chars, cw, speaker, float(wd[-1]["end"]), open_.fit)
                return True
        return False

    def _bare_tail(
        self, run: Run, wd: list[Word], correction: bool, words: list[str], updates: list[EntityUpdate]
    ) -> bool:
        """"no it's four oh three": a few characters after a correction cue or a "no" that
        are no value of their own restate the tail of the latest number (at least one of
        them as heard)."""
        if not (2 <= len(run.chars) <= 6 and (correction or _denies(words, self.lang))):
            return False
        return self._fix_tail(run, wd, False, updates, denied=True)

    def _fix_tail(
        self, run: Run, wd: list[Word], correction: bool, updates: list[EntityUpdate], denied: bool = False
    ) -> bool:
        """``run`` restates the end of a recent number ("no it's four oh three at the end")."""
        return self.mem.fix_tail(
            _plain(run.chars), float(wd[run.start]["start"]), wd[run.start : run.end], correction, updates, denied=denied
        )

    def _apply_swap(self, swaps: list[_Swap], run: Run, wd: list[Word], updates: list[EntityUpdate]) -> bool:
        """Digits after a swap ("a zero not an eight · zero eight one at the end"): True if
        they restated a recent number's tail (fixed, or already right) or are too short to be
        a number of their own."""
        tail = _plain(run.chars)
        if not tail.isalnum():
            return False
        fixes = {(sw.old, sw.new) for sw in swaps}
        t0 = float(wd[run.start]["start"])
        return self.mem.fix_swapped_tail(tail, fixes, t0, wd[run.start : run.end], updates) or len(run.chars) < 7

    def _close(self, open_: _Open, updates: list[EntityUpdate]) -> None:
        """The open value got no continuation: keep a short staff ID, drop the rest."""
        if open_.key is not None:
            return
        # "the number is six six one" / "wait let me get a pen": it may be said again from its start
        self.d.broken_off, self.d.broken_off_at = open_, self.d.index
        if open_.kind == STAFF_ID:
            value = _plain(open_.chars)
            if len(value) == 3 and value.isalnum() and any(ch.isdigit() for ch in value):
                open_.key = self.mem.observe(STAFF_ID, value, 0.5, open_.words, open_.speaker, False, updates)

    def _readback_of(self, run: Run) -> Entity | None:
        """The entity this run repeats, if any."""
        for ent in self.mem.entities.values():
            if ent.kind in (STAFF_NAME, PHONE_NUMBER):
                continue
            status, value, _ = self._check(ent.kind, run.chars)
            if status == COMPLETE and value == ent.value:
                return ent
        return None

    # ------------------------------------------------------------------ names
    def _intro_place(self, text: str) -> str | None:
        """Where an unlabelled "i'm x" sits: ``"agent"`` just after a transfer or hold or
        beside an agent's greeting (the agent speaks there, whatever turn-taking says),
        ``"opening"`` in the call's first results (turn-taking decides), else None."""
        if 0 < self.d.index - self.d.handover_at <= HANDOVER_RESULTS or any(m in text for m in self.lang.agent_intro):
            return "agent"
        if self.d.spoken <= OPENING_RESULTS:
            return "opening"
        return None

    def _same_as(self, run: Run, lead: list[str], cue: _Cue | None) -> tuple[Run, str] | None:
        """A number given by reference to an earlier one: "the same letters as before" then
        its digits (the earlier number's letters lead), or "the same number except it ends in
        …" (the earlier number with that tail). (The run read so, its kind) or None."""
        lang = self.lang
        k = max(i for i, w in enumerate(lead) if w in lang.same_words)
        after = lead[k + 1 :]
        want = cue.kind if cue is not None and cue.kind in SPECS else None
        count = next((int(lang.units[w]) for w in after[:2] if w in lang.units), None)  # "same two letters"
        refs = sorted(
            (e for e in self.mem.entities.values()
             if e.kind not in (STAFF_NAME, PHONE_NUMBER) and (want is None or e.kind == want)),
            key=lambda e: e.start, reverse=True,
        )
        at = run.chars[0].first
        if not lang.prefix_words.isdisjoint(after[:4]):
            for ref in refs:
                letters = len(ref.value) - len(ref.value.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
                if letters and (count is None or letters == count) and all(_can_digit(c) for c in run.chars):
                    head = [Char(ch, at, at) for ch in ref.value[:letters]]
                    return Run(chars=head + list(run.chars), start=run.start, end=run.end), ref.kind
            return None
        if not lang.except_words.isdisjoint(after) and not lang.tail_ends.isdisjoint(after) and refs:
            ref, tail = refs[0], _plain(run.chars)
            if tail.isalnum() and len(tail) < len(ref.value):
                value = ref.value[: -len(tail)] + tail
                return Run(chars=[Char(ch, at, at) for ch in value], start=run.start, end=run.end), ref.kind
        return None

    def _names(
        self, words: list[str], wd: list[Word], speaker: str | None, role: str | None, updates: list[EntityUpdate], text: str = ""
    ) -> None:
        lang = self.lang
        req = self.d.name_request
        if req is not None and self.d.index - req.index > 2:
            req = self.d.name_request = None
        answerer = None
        if req is not None and req.index < self.d.index:
            if role in (nm.AGENT, nm.CALLER) and _norm_speaker(speaker, lang) in (nm.AGENT, nm.CALLER):
                answerer = role
            elif req.to_staff:
                answerer = nm.AGENT
            else:
                answerer = nm.CALLER if req.asker == nm.AGENT else nm.AGENT
        hits = self._find_names(words)
        if not hits and answerer is not None:
            bare = nm.bare_name(words, lang)
            if bare is not None:
                hits = [bare]
        if not hits and role == nm.CALLER and not self._named_since_handover():
            # "hi bernadette …" where the agent's own introduction was heard as no name ("my
            # name is printed at my id is …"): the caller greeting the agent names them
            greeted = nm.greeted_name(words, lang)
            if greeted is not None:
                hits = [greeted]
        if hits and not lang.polite_titles.isdisjoint(words):
            self._greeted_by_title(words, hits, _norm_speaker(speaker, lang), updates)
        for hit in hits:
            explicit = _norm_speaker(speaker, lang) in (nm.AGENT, nm.CALLER)
            who = answerer if answerer is not None and not hit.staff_only else role
            if hit.addressed and role == nm.CALLER:
                # "hi officer chen i have a question", "thank you officer grant": the caller
                # names the agent by title and name — often heard right where the agent's own
                # introduction was not ("my name is officer ten batch …"). Only a name of the
                # name list: the caller's words after "officer" are as often a misheard name
                # ("hi officer broke censor", "thank you officer mirrored sousa")
                if not nm.is_known_name(hit.value):
                    continue
                who = nm.AGENT
            if hit.weak and not explicit and answerer is None:
                # "hello officer i'm active duty" mid-call: the caller saying what they are
                place = self._intro_place(text)
                if place is None:
                    continue
                if place == "agent":
                    who = nm.AGENT if nm.marks(words, lang) >= 0 else nm.CALLER
            if not explicit and hit.titled:
                who = nm.AGENT  # "this is officer reyes": staff, whoever we guessed spoke
            if who == nm.CALLER and not (hit.titled and explicit):
                # the caller's own name; only "officer x" from the caller names staff
                if answerer is not None:
                    self.d.name_request = None  # the question is answered
                continue
            # "my name is shove on" / "sorry what was your name" / "s as in sam i o b …": the agent
            # spelling the name they were asked for right after giving it
            again = (
                self._misheard_name(hit.value)
                if hit.spelled and answerer == nm.AGENT and req is not None and req.index - self.d.intro_at == 1
                else None
            )
            if (
                answerer == nm.AGENT and not explicit and not hit.titled and req is not None and not req.to_staff
                and self._named_since_handover() and self._close_name(hit.value) is None and again is None
            ):
                # "and what's your name" / "my name is dmitri volkov": the agent already gave
                # theirs, so a different name answering the question is the caller's
                self.d.name_request = None
                continue
            fit = hit.strength * (1.0 if explicit or hit.staff_only else 0.9)
            rwords = wd[hit.first : hit.last + 1]
            self._commit_name(hit.value, fit, rwords, speaker, updates, spelled=hit.spelled, misheard=again)
            self.d.intro_at = self.d.index
            self.d.name_request = None
        if nm.asks_for_name(words, lang):
            self.d.name_request = _NameRequest(self.d.index, role, nm.asks_staff(words, lang))
        tail = None
        if words[-1] in lang.intro_ends:
            tail = next((p for p, _ in lang.intros if tuple(words[-len(p) :]) == p), None)
        if tail is not None and not hits:
            self.d.intro_tail, self.d.intro_tail_at = tail, self.d.index

    def _find_names(self, words: list[str]) -> list[nm.NameHit]:
        """Name introductions in this result, one begun at the end of the last result
        included ("thank you for calling u s c i s my name is" / "yolanda my i d …")."""
        d = self.d
        if d.intro_tail_at != d.index - 1 or not d.intro_tail:
            return nm.find_names(words, self.lang)
        k = len(d.intro_tail)
        hits = [h for h in nm.find_names(list(d.intro_tail) + words, self.lang) if h.last >= k]
        for h in hits:
            h.first, h.last = max(0, h.first - k), h.last - k
        return hits

    def _greeted_by_title(
        self, words: list[str], hits: list[nm.NameHit], given: str | None, updates: list[EntityUpdate]
    ) -> None:
        """"buenas tardes le habla marta rivera" / "mucho gusto señora rivera le habla eduardo en
        qué le ayudo": a name the agent greets with a polite title ("señora", "mister") before
        introducing themself by another name is the caller's: it is no staff name. The agent is
        the labelled one, or (no labels) one who also sounds like the agent after the introduction
        ("gracias señor eduardo le habla marta llamo por …" is the caller greeting the agent)."""
        lang = self.lang
        for i, w in enumerate(words[:-1]):
            if w not in lang.polite_titles:
                continue
            greeted = words[i + 1]
            intro = next((h for h in hits if h.first > i + 1 and greeted not in h.value.lower().split()), None)
            if intro is None:
                continue
            if given not in (nm.AGENT, nm.CALLER):
                given = nm.AGENT if nm.marks(words[intro.last + 1 :], lang) > 0 else None
            if given != nm.AGENT:
                return
            for ent in list(self.mem.entities.values()):
                if ent.kind == STAFF_NAME and greeted in ent.value.lower().split() and self.mem.remove(ent, updates):
                    self.mem.spelled_names.discard(ent.key)

    def _misheard_name(self, value: str) -> Entity | None:
        """The one-word staff name given in the result before the request a spelled ``value``
        answers, heard with its first letter alike however far the rest ("shove" / "siobhan"):
        the name asked for again, misheard."""
        return next(
            (e for e in self.mem.entities.values()
             if e.kind == STAFF_NAME and self.mem.added_at.get(e.key) == self.d.intro_at
             and e.value[:1].lower() == value[:1].lower() and " " not in e.value + value),
            None,
        )

    def _named_since_handover(self) -> bool:
        """A staff name was heard since the last transfer or hold (the agent on the line)."""
        return any(
            e.kind == STAFF_NAME and self.mem.added_at.get(e.key, -1) > self.d.handover_at for e in self.mem.entities.values()
        )

    def _close_name(self, value: str) -> Entity | None:
        """The staff name ``value`` is a different hearing of: a few letters apart ("hannah"
        / "anna", "fam" / "pham") or the same consonants ("oak offer" / "okafor"), compared
        without spaces."""
        b = value.lower().replace(" ", "")
        for ent in self.mem.entities.values():
            if ent.kind != STAFF_NAME:
                continue
            a = ent.value.lower().replace(" ", "")
            if a != b and (
                nm.edit_distance(a, b) <= max(2, min(len(a), len(b)) // 3) or _skeleton(a, self.lang) == _skeleton(b, self.lang) != ""
            ):
                return ent
        return None

    def _commit_name(
        self, value: str, fit: float, rwords: list[Word], speaker: str | None, updates: list[EntityUpdate],
        spelled: bool = False, misheard: Entity | None = None,
    ) -> None:
        if spelled:
            garbled = self._close_name(value) or misheard
            if garbled is not None and garbled.key not in self.mem.spelled_names:
                # "this is hannah" … "it's anna a n n a": the spelled form replaces the name it
                # corrects (and only that one) — unless the letters spell the name said,
                # misheard ("officer brennan" … "b r e n n i": a list name said, letters none)
                said, letters = garbled.value.lower(), value.lower()
                if " " not in said + letters and nm._spelling_of(said, letters) == said != letters:
                    self.mem.merge(garbled, rwords, updates)
                    self.mem.spelled_names.add(garbled.key)
                    return
                key = self.mem.revise(garbled.key, value, fit, rwords, updates)
                self.mem.spelled_names.add(key)
                return
        for ent in self.mem.entities.values():
            if ent.kind != STAFF_NAME:
                continue
            a, b = ent.value.lower().split(), value.lower().split()
            if a == b:
                self.mem.merge(ent, rwords, updates)
                return
            if a[0] == b[0] or a[-1] == b[-1] and len(a) + len(b) > 2:
                if len(b) > len(a):  # "Helen" then "Helen Ward"
                    self.mem.revise(ent.key, value, fit, rwords, updates)
                else:
                    self.mem.merge(ent, rwords, updates)
                return
        added = self.mem.observe(STAFF_NAME, value, fit, rwords, speaker, False, updates)
        if spelled and added is not None:
            self.mem.spelled_names.add(added)


# ---------------------------------------------------------------------- kind rules
# Each rule may decide a run's kind from what was said around it; the first that does wins.
# Then the vetoes: what the words around a number say it is *not*.
KindRule = Callable[[StreamingExtractor, _Result, _RunContext], bool]


def of_the_request(ex: StreamingExtractor, r: _Result, x: _RunContext) -> bool:
    """"i'll create a service request, the tracking number is …": whatever the side that made
    the request calls its number, it is the referral (the other side's "tracking number" is
    a parcel's)."""
    if not r.request_made or x.cue is None or x.cue.kind != NOT_ID or r.role != ex.d.request_role:
        return False
    if tuple(r.words[x.cue.start : x.cue.end]) not in ex.lang.request_number_cues:
        return False
    x.kind, x.guessed = REFERRAL_NUMBER, False
    return True


def by_reference(ex: StreamingExtractor, r: _Result, x: _RunContext) -> bool:
    """"the same letters as before …": the kind of the number referred to."""
    if x.same_kind is None:
        return False
    x.kind, x.guessed = x.same_kind, x.cue is not None and x.cue.weak
    return True


def from_cue(ex: StreamingExtractor, r: _Result, x: _RunContext) -> bool:
    """"my receipt number is …": the cue just before the run."""
    if x.cue is None or x.cue.kind == CORRECTION:
        return False
    x.kind, x.guessed = x.cue.kind, x.cue.weak
    return True


def said_again_from_its_start(ex: StreamingExtractor, r: _Result, x: _RunContext) -> bool:
    """"the number is six six one" / "wait hold on let me get a pen" / "okay six six one oh nine
    three two eight": a number broken off before it was whole, said again from its start."""
    d = ex.d
    held = d.broken_off
    if held is None or not x.at_start or not 0 <= d.index - d.broken_off_at <= EXPECT_RESULTS:
        return False
    head, value = _plain(held.chars), _plain(x.run.chars)
    if len(head) < 3 or len(value) <= len(head) or not value.startswith(head):
        return False
    d.broken_off = None
    x.kind, x.guessed = held.kind, False
    if held.key in ex.mem.entities:  # kept as a short staff ID: the whole one replaces it
        d.last_key, x.correction, x.new_item = held.key, True, False
    return True


def from_question(ex: StreamingExtractor, r: _Result, x: _RunContext) -> bool:
    """"and your a number?" … "a two zero …": the question the last result left open."""
    e = r.expect
    if e is None or e.correction or not x.at_start:
        return False
    if (e.kind == STAFF_ID and e.asker == nm.CALLER and _norm_speaker(r.speaker, ex.lang) == nm.CALLER
            and x.run.start > 0 and not x.echo):
        # "and your i d" … (the agent's answer garbled) … "my receipt is …": the caller asked
        # for the agent's ID; the caller's own next number, after words that do not read it
        # back, is not it (the bare "six two seven oh" after the answer is the ID read back)
        return False
    x.kind, x.from_expect, x.guessed = e.kind, True, True
    return True


def of_the_corrected(ex: StreamingExtractor, r: _Result, x: _RunContext) -> bool:
    """"sorry let me repeat that …": the kind of the number spoken of last."""
    if not x.correction or ex.d.last_key not in ex.mem.entities:
        return False
    x.kind, x.guessed = ex.mem.entities[ex.d.last_key].kind, True
    return True


def of_the_enumeration(ex: StreamingExtractor, r: _Result, x: _RunContext) -> bool:
    """"and for hers five oh three …": another number of the kind just given; so is "the one
    for the work permit is …" ("the one", "the first one": the pronoun for a number) right
    after a number was given."""
    if ex.d.last_key not in ex.mem.entities:
        return False
    if not x.announced and not (x.pronoun and ex.d.index - ex.mem.added_at.get(ex.d.last_key, -10) <= EXPECT_RESULTS):
        return False
    x.kind = ex.mem.entities[ex.d.last_key].kind
    x.guessed = x.kind != STAFF_NAME
    return True


def from_request(ex: StreamingExtractor, r: _Result, x: _RunContext) -> bool:
    """"i'll put in a request" … "the number is …": the referral ("the number" may end the
    result before: "it's a longer number please write it down" / "one three oh …")."""
    d = ex.d
    if not r.request_made or ex.lang.number_word not in x.lead and not (
        x.at_start and d.index - d.number_at == 1 and r.role == d.number_role
    ):
        return False
    x.kind, x.guessed = REFERRAL_NUMBER, False
    return True


def not_an_identifier(ex: StreamingExtractor, r: _Result, x: _RunContext) -> None:
    """Dates, amounts, durations and form names are no identifier, whatever cue came."""
    if x.kind != NOT_ID and ex._looks_not_id(x.run, r.words):
        x.kind = NOT_ID


def whole_receipt_answers(ex: StreamingExtractor, r: _Result, x: _RunContext) -> None:
    """"i sent three forms" / "w a c …": no distractor question hides a whole receipt."""
    if x.from_expect and x.kind == NOT_ID and ex._by_shape(x.run, False)[:2] == (RECEIPT_NUMBER, COMPLETE) and (
        not ex._looks_not_id(x.run, r.words)
    ):
        x.kind = None


KIND_RULES: tuple[KindRule, ...] = (
    by_reference, of_the_request, from_cue, said_again_from_its_start, from_question, of_the_corrected,
    of_the_enumeration, from_request,
)
KIND_VETOES: tuple[Callable[[StreamingExtractor, _Result, _RunContext], None], ...] = (
    not_an_identifier, whole_receipt_answers,
)


def resolve_kind(ex: StreamingExtractor, r: _Result, x: _RunContext) -> None:
    """``x.kind``: the first rule that decides, then the vetoes (None: the shape decides)."""
    for rule in KIND_RULES:
        if rule(ex, r, x):
            break
    for veto in KIND_VETOES:
        veto(ex, r, x)


def _skeleton(name: str, lang: Language) -> str:
    """A name's consonants, repeats collapsed ("oak offer", "okafor" → "kfr"): how it
    sounds, near enough to tell a garbled hearing of it."""
    out: list[str] = []
    for ch in name:
        if ch.isalpha() and ch not in lang.unsounded and (not out or out[-1] != ch):
            out.append(ch)
    return "".join(out)


def extract(
    results: Iterable[dict[str, Any]],
    receipt_prefixes: Iterable[str] | None = None,
    lang: Language = ENGLISH,
    known: Iterable[KnownValue] = (),
) -> list[Entity]:
    """Entities of a whole transcript (the streaming code, fed every result)."""
    ex = StreamingExtractor(receipt_prefixes, lang=lang, known=known)
    for r in results:
        ex.feed(r)
    ex.flush()
    return ex.entities
