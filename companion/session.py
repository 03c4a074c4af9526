"""One live call, free of Textual: timers, tier, checklist, and the path of each result.

The Live call screen owns a ``CallSession`` and drives it from two threads: recognition
results arrive on worker threads (``add_result`` commits them through
``workflows.CallRecorder`` and says what changed), while the UI thread toggles hold,
saves notes and reads the clocks. Everything the call produces is committed the moment
it happens, so another process sees the call while it is still running.

``ReplayFeeder`` plays a Vosk-result JSONL file "as if live": words appear when their
time comes (divided by the speed), as growing partials and then one final result, the
same events ``companion.asr.pipeline`` emits for a microphone.

A ``NumberAssist`` (the digits-and-letters recognizer heard a doubtful number otherwise)
becomes an ``Alternative`` for the candidate field it overlaps, kept in memory only: the
user takes it with one key (``use_alternative``) or ignores it. When a cue said what the
number is ("your referral number is …") and the free reading is no plausible value of
that kind, the digits reading is applied instead (source ``assisted``, still a candidate;
the free reading becomes the alternative) — the rules are in ``companion.asr.assist``.
A ``NameAssist`` (the name grammar's reading of a staff name's seconds) goes the same way:
it replaces a free name that is no known name ("Tenure") and is offered beside one that is.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from companion import guide
from companion.asr.assist import (
    LETTERED_KINDS,
    SAID_TWICE_DISTANCE,
    SHAPED_KINDS,
    VOSK,
    AssistSettings,
    agreed_digits,
    assisted_value,
    characters,
    cue_glued,
    digit_readings,
    first_sound_misheard,
    free_inside_reading,
    id_cue_a_number,
    is_known_name,
    kind_by_shape,
    letter_lost,
    lettered_shape,
    lexicon_spelled,
    lost_a_digit,
    name_cut_short,
    name_from_reading,
    name_spans,
    name_stops,
    nearest_run,
    oh_as_letter,
    own_matches,
    plausible,
    said_whole,
    sound_distance,
    spelled_name,
    spelled_runs,
    spells,
    split_two_at_end,
    starts_alike,
    trusted,
    ty_swallowed,
    usual_length,
    word_after_as_digit,
)
from companion.errors import UserError
from companion.extract.lang import Language
from companion.extract.names import is_census_name
from companion.extract.spoken import read_run
from companion.i18n import _, ngettext
from companion.identifiers import prefix_misheard
from companion.records import (
    A_NUMBER,
    ASSISTED,
    CANDIDATE,
    CONFIRMED,
    EXTRACTED,
    RECEIPT_NUMBER,
    REFERRAL_NUMBER,
    REJECTED,
    STAFF_ID,
    STAFF_NAME,
    TYPED,
    CapturedField,
    Utterance,
    best_value,
)
from companion.store import Store, normalise_field

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------- replay


def stream_transcript(path: str | Path) -> Iterator[dict]:
    """The results of a ``.jsonl`` transcript, read one line at a time (for replays).

    Memory stays bounded whatever the file's size (a 200,000-utterance file is ~120 MB
    of JSON and over 1 GB as Python objects; parsing it whole also pauses every thread
    for the garbage collector). The file is checked now, so a missing, unreadable or
    special file is a ``TranscriptError`` here; a bad line later raises it when that line
    is reached. The lines go through the same validator as ``import-call``
    (``extract.transcript.iter_transcript``).
    """
    from companion.extract.transcript import TranscriptError, iter_transcript

    p = Path(path)
    if p.exists() and not p.is_file():  # a folder, or a FIFO that would block the open
        raise TranscriptError(_("cannot read transcript {path!r}: not a regular file").format(path=str(p)))
    try:
        with open(p, "rb"):
            pass
    except OSError as exc:
        raise TranscriptError(
            _("cannot read transcript {path!r}: {reason}").format(path=str(p), reason=exc.strerror or exc)
        ) from None
    return iter_transcript(p)


class ReplayFeeder:
    """Emits a transcript's words on schedule: ``word.end / speed`` seconds after start.

    ``on_event`` receives ``PartialText`` as each word ends, then ``FinalResult`` with the
    whole result, then one ``SourceEnded`` at the end (``"file done"`` or ``"stopped"``).
    ``stop()`` (or the ``stop_event``) ends it between words, from any thread.
    """

    def __init__(
        self,
        results: Iterable[dict],
        on_event: Callable[[object], None],
        *,
        speed: float = 1.0,
        stop_event: threading.Event | None = None,
        clock: Callable[[], float] = time.monotonic,
        partials: bool = True,
    ) -> None:
        if not (0 < speed < float("inf")):  # NaN fails too: it made the feeder spin
            raise ValueError("speed must be a finite number > 0")
        self.results = results  # consumed lazily: a replay never holds the whole file
        self.on_event = on_event
        self.speed = float(speed)
        self.stop_event = stop_event or threading.Event()
        self.clock = clock
        self.partials = partials
        self.schedule: list[float] = []  # when each final went out, seconds after start

    def stop(self) -> None:
        self.stop_event.set()

    def _wait_until(self, started: float, call_time: float) -> bool:
        """Sleep until ``call_time`` (transcript seconds) has come; False when stopped."""
        if not math.isfinite(call_time):  # a NaN time must not make the wait spin or hang
            call_time = 0.0
        due = started + call_time / self.speed
        while True:
            left = due - self.clock()
            if left <= 0:
                return not self.stop_event.is_set()
            if self.stop_event.wait(min(left, 0.5)):
                return False

    def run(self) -> str:
        from companion.asr.pipeline import FinalResult as final_cls
        from companion.asr.pipeline import PartialText as partial_cls
        from companion.asr.pipeline import SourceEnded as ended_cls
        started = self.clock()
        reason = "file done"
        results = iter(self.results)
        while True:
            try:
                result = next(results)
            except StopIteration:
                break
            except UserError as exc:  # a bad line: the replay ends there, what came is kept
                reason = f"error: {exc}"
                break
            speaker = result.get("speaker")
            words = result.get("result") or []
            if self.partials:
                for i, word in enumerate(words[:-1]):
                    if not self._wait_until(started, float(word.get("end", 0) or 0)):
                        reason = "stopped"
                        break
                    self.on_event(partial_cls(speaker, " ".join(w["word"] for w in words[: i + 1])))
                if reason == "stopped":
                    break
            end = float(words[-1].get("end", 0) or 0) if words else float(result.get("end", 0) or 0)
            if not self._wait_until(started, end):
                reason = "stopped"
                break
            self.schedule.append(self.clock() - started)
            self.on_event(final_cls(speaker, dict(result)))
        self.on_event(ended_cls(None, reason))
        return reason


# --------------------------------------------------------------------------- timers


class HoldTimer:
    """On-hold periods of one call. Times are aware datetimes from the session clock."""

    def __init__(self, saved_seconds: float = 0.0) -> None:
        self.saved_seconds = float(saved_seconds)  # total of the periods already ended
        self.since: datetime | None = None  # start of the current hold, if on hold

    @property
    def on_hold(self) -> bool:
        return self.since is not None

    def start(self, now: datetime) -> None:
        if self.since is None:
            self.since = now

    def stop(self, now: datetime) -> float:
        """End the current hold; returns the new total (to be saved)."""
        if self.since is not None:
            self.saved_seconds += max(0.0, (now - self.since).total_seconds())
            self.since = None
        return self.saved_seconds

    def total(self, now: datetime) -> float:
        running = max(0.0, (now - self.since).total_seconds()) if self.since else 0.0
        return self.saved_seconds + running

    def current(self, now: datetime) -> float:
        """Seconds of the hold in progress (0 when not on hold)."""
        return max(0.0, (now - self.since).total_seconds()) if self.since else 0.0


def _storable_hold(total: float) -> float:
    """A hold total the store takes: the app left on hold over a weekend is a day at most."""
    from companion.store import MAX_CALL_SECONDS

    return round(min(max(total, 0.0), MAX_CALL_SECONDS), 1)


def format_duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


# --------------------------------------------------------------------------- tier


_TIER_2_PATTERNS = [
    re.compile(p)
    for p in (
        r"\btier (two|2)\b",
        r"\bsecond tier\b",
        r"\b(immigration )?services? officer\b",
        r"\bofficer \w+ speaking\b",
        r"\bthis is officer\b",
        r"\bi'?m officer\b",
        r"\btransfer(ring)? you\b(?! to (the|a|your) (local|field|service))",
        r"\bput you through to\b",
    )
]
_TIER_1_PATTERNS = [
    re.compile(p)
    for p in (
        r"\bthank you for calling\b",
        r"\bcustomer service\b",
        r"\bmy name is\b",
        r"\bthis is \w+\b",
        r"\bhow (can|may) i help\b",
        r"\boperator\b",
    )
]


@dataclass
class TierTracker:
    """The highest NCSC tier reached, guessed from what is said (the user can override)."""

    tier: int | None = None
    heard: str = ""  # the words that set the tier
    needs_tier_2: bool = False  # a TIER_2_TRIGGERS phrase was heard while at Tier 1
    trigger: str = ""

    def feed(self, text: str) -> bool:
        """Read one final utterance; True when tier or hint changed."""
        text = " " + (text or "").lower() + " "
        before = (self.tier, self.needs_tier_2)
        refused = re.search(r"\b(can'?t|cannot|not|unable to|won'?t) (be )?transfer", text)
        if self.tier != 2:
            for pattern in _TIER_2_PATTERNS:
                m = pattern.search(text)
                if m and not (refused and "transfer" in m.group(0)):
                    self.tier, self.heard = 2, m.group(0).strip()
                    break
        if self.tier is None:
            for pattern in _TIER_1_PATTERNS:
                m = pattern.search(text)
                if m:
                    self.tier, self.heard = 1, m.group(0).strip()
                    break
        if self.tier != 2 and not self.needs_tier_2:
            for phrase in guide.TIER_2_TRIGGERS:
                if re.search(r"\b" + re.escape(phrase) + r"\b", text):
                    self.needs_tier_2, self.trigger = True, phrase
                    break
        return (self.tier, self.needs_tier_2) != before

    def set(self, tier: int | None) -> None:
        self.tier, self.heard = tier, "set by you"

    @property
    def show_hint(self) -> bool:
        """Whether to show ``guide.TIER_2_HINT``: Tier 1 cannot help with what was asked."""
        return self.needs_tier_2 and self.tier != 2


# --------------------------------------------------------------------------- session


@dataclass
class ResultUpdate:
    """What one final result changed, for the UI."""

    utterance: Utterance
    fields: list[CapturedField] = field(default_factory=list)
    tier: int | None = None
    tier_changed: bool = False
    show_hint: bool = False
    earlier: list[ResultUpdate] = field(default_factory=list)  # kept results saved just now
    # the agent's names not heard clearly after this result (``CallSession.name_notices``)
    notices: list[NameNotice] = field(default_factory=list)


class ResultKept(UserError):
    """A final result the store could not take yet (busy, disk full): kept, retried later."""

    exit_code = 1


# --------------------------------------------------------------------------- number assist

ASSIST_WAIT = 10.0  # seconds an assist waits for the field it is about (the extractor may hold it)
ASSIST_SLACK = 0.15  # seconds of tolerance when comparing an assist's span with a field's
# how alike (a SequenceMatcher ratio of the digit strings) a cue-less reading's digits and a
# cue's reading's must be for the one to be the other read back (``CallSession._said_again``)
READ_BACK_LIKE = 0.75
# the digits a read-back may hold that the first reading of the number lost: "oh", which the
# free recognizer hears as a word ("or", "all", "know") and the grammar as a letter ("echo")
ONE_MORE = "0"
# a spelled staff name the call has no field for becomes one only when spelled letter for
# letter as a list name of at least this many letters (round 9: a name's own sound read by
# the number grammar makes short near-names — "marcus" → "m s a r k s")
SPELLED_NEW_LETTERS = 5
# a spelled word the name list lacks (``assist.lexicon_spelled``) is a name only where the free
# recognizer heard at least this many letters in the result too (``_letters_heard``)
SPELLED_FREE_LETTERS = 3
# Most sound distance (``assist.sound_distance``) between a held staff name and the name
# grammar's reading that starts like it at which the reading is the same word spelled as a
# name: released even where the engine's readings of held names are only offered ("sing" →
# Singh, 1.0; the readings offered on blind29/30 that were another name: 3.5 and more)
SAME_SOUND = 1.0
# How long after the name grammar read a name a spelling may confirm it (``_spelled_reading``):
# the agent spells it when asked, a question or two later.
SPELLED_READING_SECONDS = 60.0
# a free staff name the name list lacks, of at least this many letters, heard as the same one
# word in two results of the call, is a name the free recognizer knows, said twice: the name
# grammar's list name does not replace it (round 10: Octavia, Caspian, Bartholomew read as
# Octavio, Castillo, Bertha Langley; the short words heard twice were mishearings — "hell"
# for Hill, "march" for Marsh, "pre" for Priya)
HEARD_TWICE_LETTERS = 7

# how far apart (``assist.sound_distance``) two readings may be and still be one number said
# again: a correction of a digit or two, a read-back
SAID_AGAIN = 2


@dataclass(frozen=True)
class Alternative:
    """Another reading of a field's value: ``text`` is what the digits recognizer heard."""

    value: str
    text: str
    source: str = "digits"


# seconds after a name cue ("my name is", "you're speaking with", "this is officer") within
# which another is the same introduction said on, no second notice
NAME_CUE_SECONDS = 4.0


@dataclass(frozen=True)
class NameNotice:
    """The agent's name was not heard clearly (``CallSession.name_notices``): the user is told at
    once, to ask the agent to spell it and take or type it (``accept_name_notice``).

    ``held``: a staff name the session holds back as unsure (``heard`` is that word, as a
    name, and ``confidence`` the extractor's for it); else an introduction ("my name is …")
    or the answer to the caller's "can i get your name and i d" after which no name was
    captured (``heard`` the words said there, maybe none, and ``confidence`` None).
    ``start``/``end``: call seconds (the cue's start for an introduction); ``cue``: the
    introduction's words, or the question's ("your name"). ``id`` is positive and stays the same
    for the whole call."""

    id: int
    heard: str
    confidence: float | None
    start: float
    end: float
    speaker: str | None
    held: bool
    cue: str = ""
    # a held name's reading by the name grammar ("Tonya" for the heard "tenure"), offered
    # beside the heard word (the stand-in's ``release_held_names`` off): ``accept_name_notice``
    # with ``reading`` takes it; "" when none
    reading: str = ""


@dataclass
class _NameCue:
    """An introduction heard (``names.name_cues``): a notice while no name answers it."""

    id: int
    cue: str
    start: float  # the cue's first word
    end: float  # the last word that may hold the name (the cue's own end when none followed)
    heard: str  # the words after the cue
    speaker: str | None
    waiting: bool  # the cue ended its result: the name may start the next one
    opened: float = -1.0  # the start of the result it was said in (a name read from the whole result starts there)

    def notice(self) -> NameNotice:
        return NameNotice(self.id, self.heard, None, self.start, self.end, self.speaker, False, self.cue)


@dataclass
class _PendingAssist:
    speaker: str | None
    start: float
    end: float
    text: str
    readings: list[str]
    until: datetime
    kind: str | None = None  # what a cue said the number is
    value: str | None = None  # the digits reading as a value of ``kind``
    free_text: str = ""
    offer_only: bool = False  # never applied by itself (``assist.trusted`` said no)
    may_add: bool = True  # becomes a field of its own when the free reading has none there


# A number said twice (``CallSession._agree``): the kinds decided from all their sayings,
# with the digits they have, and how far apart (seconds) two sayings of one number may be.
SAID_TWICE_KINDS: dict[str, int] = {REFERRAL_NUMBER: 8}
SAID_TWICE_WINDOW = 90.0


def read_spoken(text: str) -> list[str]:
    """The characters ``text`` spells, with the extractor's reader (``spoken.read_run``).

    "four nine two one" gives ``["4921"]``. Two readings come back when an ``o``/``oh``
    could be a letter in a receipt's three-letter prefix (``"I0E…"``, ``"IOE…"``).
    """
    words = (text or "").lower().split()
    plain, lettered, i = [], [], 0
    while i < len(words):
        run = read_run(words, i)
        if run is None:
            i += 1
            continue
        plain.append(run.text())
        lettered.append(run.text(letters_first=3))
        i = max(run.end, i + 1)
    readings = ["".join(plain), "".join(lettered)]
    return [r for r in dict.fromkeys(readings) if r]


def _fitted(kind: str, reading: str, value: str) -> str | None:
    """``reading`` as a valid value of ``kind``, or None. A digits-only value drops letters
    the grammar heard at the edges of the span (the "d" of "my i d is …")."""
    tries = [reading]
    if value.isdigit():
        trimmed = reading.strip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if trimmed and trimmed.isdigit():
            tries.insert(0, trimmed)
    for attempt in tries:
        try:
            return normalise_field(kind, attempt)
        except UserError:
            continue
    return None


def _one_more_digit(earlier: str, later: str, any_digit: bool = False) -> bool:
    """Whether ``later`` is ``earlier`` with one more digit, a ``ONE_MORE`` one (any one
    with ``any_digit``), inside it (the first reading lost a digit the read-back heard)."""
    if len(later) != len(earlier) + 1 or later[:-1] == earlier:  # a digit more at the end: the
        return False  # words after the number ("three three nine zero" heard "… ninety r o": 33900)
    return any(later[:i] + later[i + 1:] == earlier and (any_digit or later[i] in ONE_MORE)
               for i in range(len(later)))


def _one_number(a: str, b: str) -> bool:
    """Whether two values of a kind are near enough to be one number said again."""
    return sound_distance(a, b) <= SAID_AGAIN


def _next_receipt(a: str, b: str) -> bool:
    """Whether two receipts differ only in their last two digits: the receipts of one
    filing are numbered one after another ("… two oh six seven", "… two oh six eight")."""
    return len(a) == len(b) == 13 and a[:3].isalpha() and a[:11] == b[:11] and a != b


def _following_receipt(earlier: str, later: str) -> bool:
    """Whether ``later`` is the receipt numbered right after ``earlier`` (one more, or two
    when one between was skipped): the receipts of one filing are numbered one after
    another ("… one two zero", "… one two one", "… one two two"). A correction of a
    misheard digit may go any way ("… one three three" → "… one three eight"; "… four four
    six" → "… four six four"): it is the same receipt said again."""
    if not (len(earlier) == len(later) == 13 and earlier[:3] == later[:3] and earlier[:3].isalpha()
            and earlier[3:].isdigit() and later[3:].isdigit()):
        return False
    return 1 <= int(later[3:]) - int(earlier[3:]) <= 2


def _a_digit_lost(value: str, heard: str) -> bool:
    """Whether ``value`` is an A-number of eight digits (zero-filled to nine) and ``heard``
    nine digits that hold its eight in order and one more: the first reading lost a digit
    ("two oh oh seven …" heard "two o seven …": "oh oh" as one "o"; "six six" as "six x")
    that a hearing of the whole number kept. Not a digit more before them: the letter A said
    before the digits, heard as one ("a nine eight seven …" heard "nine nine eight seven …")."""
    return (len(value) == 10 and value.startswith("A0") and len(heard) == 9 and heard.isdigit()
            and heard[1:] != value[2:] and _one_digit_more(heard, value[2:]))


def _said_digit_by_digit(text: str, lang: Language) -> str:
    """The digits of ``text`` when its number words are one run of digits said one by one
    ("okay two zero zero seven one three five five two", "i zero seven eight …": "oh", "o",
    "double", "triple" too); "" when there is none, more than one, or a word of the run is
    no single digit ("ninety eight …", "eight digits by seven …": words heard as digits
    whose number of digits the reading does not say). The digit words are ``lang``'s
    (its ``oh`` words, a zero or the letter O, read as zero here: a run of digits)."""
    digit = {**lang.units, **dict.fromkeys(lang.oh, "0")}
    words = (text or "").lower().split()
    at = [k for k, w in enumerate(words) if w in digit or w in lang.multipliers]
    if not at or any(w not in digit and w not in lang.multipliers for w in words[at[0]:at[-1] + 1]):
        return ""
    out, times = [], 1
    for w in words[at[0]:at[-1] + 1]:
        if w in lang.multipliers:
            times = lang.multipliers[w]
            continue
        out.append(digit[w] * times)
        times = 1
    return "".join(out)


def _read_back_by_other(f: CapturedField, p: _PendingAssist) -> bool:
    """Whether ``p`` is the other side reading back the referral ``f`` gave, at a length no
    more usual than ``f``'s: the caller repeating the agent's number a digit off ("one
    six six zero five **seven two** three"). The number's giver is not corrected by a
    read-back of it; only a value short or long of the kind's usual length gives way."""
    assert p.kind is not None and p.value is not None
    return (p.kind == REFERRAL_NUMBER and bool(p.speaker) and bool(f.speaker) and p.speaker != f.speaker
            and usual_length(p.kind, f.value))


def _read_back_of_held(f: CapturedField, p: _PendingAssist) -> bool:
    """Whether ``p`` is the referral ``f`` (held, of the usual length, from any source)
    read back a digit or two off: by the other side, or at a length not the usual one
    ("nine three o eight b one five six" → 9308156 after 93088156). A referral exchange
    gives one number; its read-back is no second one beside it."""
    assert p.kind is not None and p.value is not None
    if p.kind != REFERRAL_NUMBER or not usual_length(p.kind, f.value) or not _one_number(p.value, f.value):
        return False
    other = bool(p.speaker) and bool(f.speaker) and p.speaker != f.speaker
    return other or not usual_length(p.kind, p.value)


def _one_digit_more(longer: str, shorter: str) -> bool:
    """Whether ``longer`` is ``shorter`` with one digit more, anywhere in it."""
    return len(longer) == len(shorter) + 1 and any(
        longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def _a_digit_off_the_usual(kind: str, held: str, value: str) -> bool:
    """Whether ``value`` is a referral of the usual length and ``held`` is it with one digit
    more or fewer (a word before or after the number heard as a digit, "it's" as "eight";
    a digit lost in "forty eight" for "four eight eight"): said again, the usual length is
    the number."""
    if kind != REFERRAL_NUMBER or usual_length(kind, held) or not usual_length(kind, value):
        return False
    return _one_digit_more(held, value) or _one_digit_more(value, held)


def _overlap(start: float, end: float, f: CapturedField) -> float:
    """Seconds two spans share (with ``ASSIST_SLACK``); negative when apart."""
    if f.start is None or f.end is None:
        return -1.0
    return min(end, f.end) + ASSIST_SLACK - max(start, f.start)


def _letters_heard(words: list[str], lang) -> int:
    """How many of a free result's ``words`` are spoken letters: a letter name, a word that
    sounds like one ("see", "why", ``lang.letter_words``) or a spelling word ("bravo")."""
    return sum(1 for w in words if (len(w) == 1 and w.isalpha()) or w in lang.letter_words
               or w in lang.spelling_alphabet)


def _hear_cues(cues: list[_NameCue], result: dict, role: str | None, before: tuple[list[str], str | None] | None,
               named: Callable[[], bool], lang: Language, new_id: Callable[[], int]) -> None:
    """The introductions of one result (``names.name_cues``) added to ``cues``, from the agent's
    side only — never a result labelled the caller's, nor one the extractor took for the
    caller's (``role``) unless only staff say the cue ("my name is maria, i'm calling about …"
    is the caller's own name), nor the answer to "and your name?" when the agent asked it or
    (no side labelled: the extractor's rule) a staff name was given already (``named``); "can i
    get your name and i d" asks the agent's. ``before``: the result before, its words and side.
    A cue that ended the result before takes this one's first words as its name's."""
    from companion.extract import names as nm

    words = [w for w in result.get("result") or [] if w.get("word")]
    if not words:
        return
    texts = [str(w["word"]).lower() for w in words]
    for c in cues:
        if c.waiting:  # "… my name is" / "oluwaseun adebayo …"
            k = 0
            while k < min(3, len(texts)) and texts[k] not in lang.after_its_name and texts[k] not in lang.id_words:
                k += 1
            c.waiting, c.heard = False, " ".join(texts[:k])
            c.end = float(words[max(k, 1) - 1]["end"])
    speaker = result.get("speaker") if isinstance(result.get("speaker"), str) else None
    if speaker is not None and speaker.lower() in lang.caller_labels:
        return
    asked = before is not None and nm.asks_for_name(before[0], lang) and not nm.asks_staff(before[0], lang)
    answers_agent = asked and (before is not None and before[1] == nm.AGENT or named())
    found = nm.name_cues(texts, lang)
    if (not found and role != nm.CALLER and before is not None and nm.asks_staff(before[0], lang)
            and nm.asks_for_name(before[0], lang) and not named()):
        # "can i get your name and i d" answered with no introduction heard, and no staff name
        # given yet ("u s c i s pisses down" / "… your full name and employee number" / "…"):
        # the answer's first words are where the name was said
        j = 0
        while j < len(texts) and texts[j] in lang.bare_lead:
            j += 1
        last = min(j + 3, len(texts))
        asked_by = next((p.strip() for p in lang.name_request if p in " ".join(before[0])), "")
        cues.append(_NameCue(new_id(), asked_by, float(words[0]["start"]), float(words[last - 1]["end"]),
                             " ".join(texts[j:last]), speaker or None, waiting=False, opened=float(words[0]["start"])))
    for cue in found:
        if (role == nm.CALLER or answers_agent) and not cue.staff_only:
            continue
        start = float(words[cue.first]["start"])
        if any(c.start <= start <= c.end + NAME_CUE_SECONDS for c in cues):
            continue  # the same introduction said on ("my name is … my name is officer …")
        # the words where the name should be; none that could be one ("my name is my child
        # operator …"): the two said there
        last = cue.last if cue.last > cue.after else min(cue.after + 2, len(texts))
        cues.append(_NameCue(new_id(), " ".join(texts[cue.first:cue.after]), start, float(words[last - 1]["end"]),
                             " ".join(texts[cue.after:last]), speaker or None, waiting=cue.after >= len(texts),
                             opened=float(words[0]["start"])))


# Most grammar words a read-back's reading may hold before the number's first word (``_said_again``).
_BEFORE_THE_NUMBER = 2


def _unanswered(cues: list[_NameCue], names: list[tuple[float, str]], closed: set[int]) -> list[_NameCue]:
    """The introductions no staff name answers: none of ``names`` (call seconds, value) said
    after it and before the next introduction (a transfer's), and none the call holds said
    again in its words ("… my name is tiffany" once more, the field from the first time)."""
    out = []
    for i, c in enumerate(cues):
        if c.waiting or c.id in closed:
            continue
        until = cues[i + 1].start if i + 1 < len(cues) else math.inf
        heard = set(c.heard.split())
        # (from the start of its result: a name spelled there is read from the whole result)
        if not any(c.opened - ASSIST_SLACK <= t < until or not heard.isdisjoint(v.lower().split()) for t, v in names):
            out.append(c)
    return out


def names_not_captured(store: Store, call_id: int) -> list[NameNotice]:
    """After the call (``companion show``): the agent's introductions in the stored transcript
    that no captured staff name answers — ``CallSession.name_notices``' rule for
    introductions, read again from the stored words and fields. (A name held back during the
    call is not kept; its introduction is what is found.)"""
    import itertools
    from functools import partial

    from companion.extract import StreamingExtractor
    from companion.extract.lang import get_language

    lang = get_language(store.call(call_id).language)
    extractor = StreamingExtractor(lang=lang)  # only its guess at each result's side
    names = [(float(f.start), f.value) for f in store.fields(call_id)
             if f.kind == STAFF_NAME and f.status != REJECTED and f.start is not None]
    cues: list[_NameCue] = []
    ids = itertools.count(1)
    before: tuple[list[str], str | None] | None = None
    for u in store.utterances(call_id):
        result = {"text": u.text, "result": u.words, "speaker": u.speaker}
        extractor.feed(result)
        words = [str(w["word"]).lower() for w in u.words if w.get("word")]
        if not words:
            continue
        at = float(u.words[0].get("start", 0.0))
        given = any(t < at for t, _v in names)  # a staff name given before this result
        _hear_cues(cues, result, extractor.d.role, before, partial(bool, given), lang, partial(next, ids))
        before = (words, extractor.d.role)
    return [c.notice() for c in _unanswered(cues, names, set())]




class CallSession:
    """One call being made: its row in the store, its clocks and its recorder."""

    def __init__(self, store: Store, call_id: int, *, now: Clock | None = None) -> None:
        self.store = store
        self.call_id = call_id
        self.now = now or system_clock
        call = store.call(call_id)
        self.started_at = call.started_at
        self.hold = HoldTimer(call.hold_seconds)
        self.tier = TierTracker(tier=call.tier_reached)
        self.ended_at: datetime | None = None
        self._recorder = None
        self._lock = threading.Lock()  # two sources may deliver results at once
        self._alternatives: dict[int, Alternative] = {}  # field id -> the other reading
        self._pending_assists: list[_PendingAssist] = []
        self._own: dict[int, str] = {}  # field id -> whose own value it took ("your case …")
        # the numbers cues announced, most recent last: (kind, speaker, end, digit strings
        # the grammar and the free reading heard there) — a read-back meets them (``_said_again``)
        self._cued_numbers: list[tuple[str, str | None, float, tuple[str, ...]]] = []
        # each speaker's last grammar reading: one of the user's own numbers read in two
        # breaths ("a zero six one" … "five eight two seven seven three") is heard joined
        self._last_readings: dict[str | None, Any] = {}
        # every result's digits (grammar and free) with its seconds, and its free digits
        # apart: the sayings a number said twice is decided from (``_agree``)
        self._sayings: list[tuple[float, float, tuple[str, ...], str]] = []
        self.unsaved: list[dict] = []  # final results the store has not taken yet, in order
        # the last final results as the extractor read them: (start, end, words, side) — a
        # spelled name in the grammar's reading of one meets the question before it
        self._heard: list[tuple[float, float, list[str], str | None]] = []
        # each long word the free recognizer heard: in how many results (``_heard_twice``)
        self._long_words: dict[str, int] = {}
        self.assist_settings: AssistSettings = VOSK  # per engine (the test rig sets its own)
        # the call's free word confidences: how well the free recognizer hears this call
        # (``_unsure_name``, as the pipeline's ``AssistContext.confidence`` for the assists);
        # sum and count so far, and those of the result being read
        self._heard_conf = (0.0, 0)
        self._reading_conf = (0.0, 0)
        self._reading_words: list[str] = []  # the words of the result being read
        self._reading_starts: list[float] = []  # and their start seconds
        # the staff names (extractor keys) heard with a title right before them ("officer
        # x"): never held for being in no name list (``hold_unlisted_names``)
        self._titled_names: set[int] = set()
        # the name grammar's reading of a held name, offered on its notice, not applied
        # (``release_held_names`` off): extractor key -> the reading
        self._held_readings: dict[int, str] = {}
        # the names the name grammar read in the last ``SPELLED_READING_SECONDS`` ((start, end,
        # speaker, value, the span's free words), call seconds): a spelling after one may
        # confirm it, offered only or not applied at all
        self._name_readings: list[tuple[float, float, str | None, str, str]] = []
        # the letters spelled in the speaker's results that may give a name, as long ((start,
        # end, speaker, runs, the result's free words), ``_spelled_staff_name``): a name
        # reading after them may be confirmed
        self._spellings: list[tuple[float, float, str | None, list[str], list[str]]] = []
        # the agent's name not heard clearly (``name_notices``): the introductions heard, the
        # notice id of each held name (by the extractor's entity key), those the user dismissed
        # or answered, and the last notice id given
        self._name_cues: list[_NameCue] = []
        self._held_notice: dict[int, int] = {}
        self._notices_closed: set[int] = set()
        self._last_notice = 0

    @classmethod
    def start(
        cls, store: Store, *, source: str = "manual", now: Clock | None = None, language: str | None = None
    ) -> CallSession:
        """A new call, in ``language`` (else ``companion live --lang``, else the profile's)."""
        from companion.workflows import call_language

        clock = now or system_clock
        zone = store.profile().zone
        call_id = store.start_call(clock().astimezone(zone), source=source, language=call_language(store, language))
        return cls(store, call_id, now=clock)

    # clocks ------------------------------------------------------------------------

    def elapsed(self) -> float:
        end = self.ended_at or self.now()
        return max(0.0, (end - self.started_at).total_seconds())

    @property
    def on_hold(self) -> bool:
        return self.hold.on_hold

    def toggle_hold(self) -> bool:
        """Go on or off hold; each end of a hold saves the total. Returns ``on_hold``."""
        now = self.now()
        if self.hold.on_hold:
            total = self.hold.stop(now)
            self.store.update_call(self.call_id, hold_seconds=_storable_hold(total))
        else:
            self.hold.start(now)
        return self.hold.on_hold

    def hold_seconds(self) -> float:
        return self.hold.total(self.now())

    # results -----------------------------------------------------------------------

    @property
    def recorder(self):
        if self._recorder is None:
            from companion.workflows import CallRecorder

            self._recorder = CallRecorder(self.store, self.call_id, not_names=name_stops(self.assist_settings))
            self._recorder.hold_name = self._unsure_name
        return self._recorder

    def _unsure_name(self, entity) -> bool:
        """Whether the extractor's staff name ``entity`` is held back, no field: a name in no
        name list (English calls: the list is the US census's) heard less sure than the
        engine's ``unsure_name_confidence`` — "denies", "media", "silly": on the ten tuning
        sets a word misheard 31 times in 32 — on a call whose audio is good. The name grammar's
        reading of a list name there still becomes the field (``_release_unsure``)."""
        floor = self.assist_settings.unsure_name_confidence
        rec = self._recorder
        if rec is None or rec.language != "en":
            return False
        # on bad audio (the call's free words so far, the result being read included, heard
        # below ``min_free_confidence``: the assists' gate) every word is heard unsure, and
        # an unsure name says nothing: it stays a field (telephone band: right names lost)
        total, n = self._heard_conf[0] + self._reading_conf[0], self._heard_conf[1] + self._reading_conf[1]
        if n and total / n < self.assist_settings.min_free_confidence:
            return self._callers_title_name(entity)
        if is_known_name(entity.value):
            return False
        if self.assist_settings.hold_unlisted_names and not self._titled(entity):
            return True
        return 0 < floor and float(entity.confidence) < floor

    def _titled(self, entity) -> bool:
        """Whether staff name ``entity`` was said with a title right before it ("officer
        daniels", "agent x") in the result being read or an earlier one: a title says a name
        follows, and the word after it is a name more often than a word the list lacks."""
        key = int(getattr(entity, "key", 0))
        if key in self._titled_names:
            return True
        titles = self.recorder.extractor.lang.titles
        starts = {round(float(w.get("start", -1.0)), 2) for w in getattr(entity, "words", None) or []}
        for i, at in enumerate(self._reading_starts):
            if i and round(at, 2) in starts and self._reading_words[i - 1] in titles:
                self._titled_names.add(key)
                return True
        return False

    def _callers_title_name(self, entity) -> bool:
        """Whether staff name ``entity`` is the caller's title and name ("hi officer holly can i
        get your i d"), read on a call heard badly (``_unsure_name``): there the caller's word
        after the title is as often another list name (Holly for Hollis on the telephone band)
        and the agent's own introduction is the better hearing — held, no field."""
        from companion.extract import names as nm

        rec = self._recorder
        if rec is None or rec.extractor.d.role != nm.CALLER:
            return False
        words = self._reading_words
        first = str(entity.value).lower().split()[:1]
        titles = rec.extractor.lang.titles
        return any(w in titles and words[i + 1:i + 2] == first for i, w in enumerate(words))

    def _held_names(self, end: float) -> list[CapturedField]:
        """Caller holds the lock: the staff names held back (``_unsure_name``) said before
        ``end``, as candidate fields with the negated entity key as their id."""
        rec = self._recorder
        if rec is None:
            return []
        return [CapturedField(-key, self.call_id, STAFF_NAME, str(e.value), float(e.confidence), float(e.start),
                              float(e.end), str(e.text), e.speaker)
                for key, e in rec.held.items() if float(e.start) <= end]

    def _release_unsure(self, p: _PendingAssist) -> CapturedField | None:
        """Caller holds the lock: a held staff name (``_unsure_name``) the name grammar's
        reading ``p`` meets becomes a field whose value is the reading (assisted, unconfirmed;
        the free name its alternative) — unless the reading holds more names than the free
        name has words ("owner age" read "palmer gage", "aka for" read "ott cash": the
        grammar filled the words after a one-word name with a second name), or the audio is
        bad (``offer_only``). None when it meets none. Where the engine's
        ``release_held_names`` is off the reading is only offered on the held name's notice
        (``NameNotice.reading``): still None."""
        rec = self._recorder
        if rec is None or not rec.held or p.offer_only or p.value is None:
            return None
        for key, ent in list(rec.held.items()):
            if p.speaker and ent.speaker and p.speaker != ent.speaker:
                continue
            if min(p.end, float(ent.end)) - max(p.start, float(ent.start)) <= 0:
                continue
            if len(p.value.split()) > len(str(ent.value).split()) or not starts_alike(str(ent.value), p.value):
                return None
            heard, read = str(ent.value).replace(" ", "").upper(), p.value.replace(" ", "").upper()
            # a reading that is the heard word with a letter more or less at its end ("sing"
            # read "singh"), or its words joined, is the same sound spelled as a name: the two
            # hearings agree, the name is released as read ("alexa" read "alexis" is not)
            same = (heard.startswith(read) or read.startswith(heard)) and sound_distance(heard, read) <= SAME_SOUND
            if not self.assist_settings.release_held_names and not same:
                if p.value.lower() != str(ent.value).lower():
                    self._held_readings[key] = p.value
                return None
            field = rec.release(key)
            return None if field is None else self._take(field, p.value, p.free_text)
        return None

    def add_result(self, result: dict) -> ResultUpdate:
        """Commit one final result (any thread); returns what changed.

        A result is never dropped: when the store cannot take it (another process holds
        the database past the wait, the disk is full) it is kept, in order, and saved
        before the next one; ``ResultKept`` says so. The update of a kept result saved
        later comes back in ``earlier`` of the next update.
        """
        from companion.extract.transcript import TranscriptError, check_result, repair_result

        try:
            check_result(result)
        except TranscriptError:  # what was said happens once: repaired, never dropped
            result = repair_result(result)
        with self._lock:
            self.unsaved.append(result)
            saved = self._save_unsaved()
            last = saved[-1]
            last.earlier = saved[:-1]
            return last

    def _save_unsaved(self) -> list[ResultUpdate]:
        """Save the kept results in order; ``ResultKept`` at the first that will not go."""
        from companion.store.connection import is_transient

        saved: list[ResultUpdate] = []
        while self.unsaved:
            result = self.unsaved[0]
            confs = [float(w.get("conf", 1.0)) for w in result.get("result") or []]
            self._reading_conf = (sum(confs), len(confs))
            self._reading_words = [str(w.get("word", "")).lower() for w in result.get("result") or []]
            self._reading_starts = [float(w.get("start", -1.0)) for w in result.get("result") or []]
            try:
                utterance, changed = self.recorder.add_result(result)
            except UserError as exc:
                if not is_transient(exc):
                    self.unsaved.pop(0)  # a malformed result: saying so is all we can do
                    raise
                raise ResultKept(
                    ngettext(
                        "could not save what was said yet ({reason}); {count} utterance kept, "
                        "saved as soon as the database takes it",
                        "could not save what was said yet ({reason}); {count} utterances kept, "
                        "saved as soon as the database takes them",
                        len(self.unsaved),
                    ).format(reason=exc, count=len(self.unsaved))
                ) from exc
            self.unsaved.pop(0)
            self._heard_conf = (self._heard_conf[0] + sum(confs), self._heard_conf[1] + len(confs))
            self._reading_conf = (0.0, 0)
            words = result.get("result") or []
            if words:
                self._heard = [*self._heard[-3:], (float(words[0]["start"]), float(words[-1]["end"]),
                                                   [str(w.get("word", "")) for w in words],
                                                   self.recorder.extractor.d.role)]
            long_words = {w for w in (str(x.get("word", "")).lower() for x in words) if len(w) >= HEARD_TWICE_LETTERS}
            for w in long_words:
                self._long_words[w] = self._long_words.get(w, 0) + 1
            self._offer_known(changed)
            self._match_pending(changed)
            self._hear_name_cues(result)
            changed += self._said_whole(result)
            if long_words:  # only a long word is a second hearing (``_heard_again``)
                changed += self._heard_again(long_words)
            tier_changed = self.tier.feed(utterance.text)
            if tier_changed and self.tier.tier is not None:
                try:
                    self.store.update_call(self.call_id, tier_reached=self.tier.tier)
                except UserError:  # the tier is noted again at the next change or the end
                    pass
            saved.append(ResultUpdate(utterance, changed, self.tier.tier, tier_changed, self.tier.show_hint,
                                      notices=self._notices()))
        return saved

    def _write_unsaved(self) -> str:
        """The kept results as a Vosk JSONL file (0600) in the data folder; its path."""
        import os

        from companion.locations import data_dir

        try:
            path = data_dir() / f"unsaved-call-{self.call_id}-{int(time.time())}.jsonl"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                for result in self.unsaved:
                    fh.write(json.dumps(result, ensure_ascii=False) + "\n")
        except (OSError, UserError) as exc:
            return f"(nowhere: {exc})"
        return str(path)

    def flush(self) -> list[CapturedField]:
        """End of the audio: the extractor's last revisions."""
        with self._lock:
            if self._recorder is None:
                return []
            self._save_unsaved()
            changed = self.recorder.finish()
            self._offer_known(changed)
            self._match_pending(changed)
            changed += self._settle_waiting(everything=True)
            return changed

    def _offer_known(self, changed: list[CapturedField]) -> None:
        """Caller holds the lock: a field heard a character or two off one of the user's own
        receipts or A-number is offered that value, the match shown ("matches your case")."""
        for f in changed:
            prior = self.recorder.priors.get(f.id)
            if prior is not None:
                self._alternatives[f.id] = Alternative(prior.value, f.value, source=f"matches {prior.label}")

    # number assist -------------------------------------------------------------------

    def add_number_assist(self, assist) -> list[CapturedField]:
        """Offer a ``NumberAssist``'s reading to the candidate field it overlaps (any thread).

        Returns the fields that gained an alternative. An assist whose field is not there
        yet waits ``ASSIST_WAIT`` seconds for it; one that reads as nothing valid is dropped.
        """
        readings = read_spoken(assist.grammar_text)
        if not readings:
            return []
        cued = getattr(assist, "kind", None)
        kind, value = cued, None
        extractor = self.recorder.extractor  # the call's prefixes and the user's own values
        again = False
        cue_heard: tuple[str, ...] = ()  # what was heard at the cue a read-back reads back
        if cued:
            known = [k.value for k in extractor.known_values if k.kind == cued]
            value = assisted_value(cued, assist.grammar_text, extractor.receipt_prefixes, known,
                                   self.assist_settings, assist.free_text)
            if value is None and cued == STAFF_ID:
                # "my a number is …" heard "my (my) number is …": no staff ID has its digits
                value = id_cue_a_number(assist.grammar_text, [k.value for k in extractor.known_values
                                                             if k.kind == A_NUMBER], self.assist_settings)
                if value is not None and self._held_as_other(A_NUMBER, value):
                    value = None  # the caller reading back the agent's referral: that number, said again
                if value is not None:
                    kind = A_NUMBER
            self._remember_cued(assist, A_NUMBER if kind == A_NUMBER else cued)
        else:
            # an answer to a question whose kind word was lost reads as the kinds it may be;
            # a cue-less reading (a read-back: "okay so m s c nineteen forty two …") as a receipt
            kinds = tuple(getattr(assist, "kinds", ()))
            shaped = None
            if kinds != LETTERED_KINDS:  # a lettered run has no receipt's shape: its letter decides
                shaped = kind_by_shape(assist.grammar_text, kinds or SHAPED_KINDS, extractor.receipt_prefixes,
                                       [(k.kind, k.value) for k in extractor.known_values], self.assist_settings,
                                       assist.free_text)
            if shaped is None and kinds and kinds != LETTERED_KINDS:
                shaped = free_inside_reading(assist.free_text, assist.grammar_text, kinds, extractor.receipt_prefixes,
                                             [(k.kind, k.value) for k in extractor.known_values],
                                             self.assist_settings)
            if shaped is None and (not kinds or kinds in (SHAPED_KINDS, LETTERED_KINDS)):
                # an A-number said with its letter ("a two one five …", heard "i two one
                # five …"): its shape says its kind wherever it is said, as a receipt's does
                shaped = lettered_shape(assist.grammar_text, [k.value for k in extractor.known_values
                                                              if k.kind == A_NUMBER], self.assist_settings)
            if shaped is None:
                # the number a cue announced a moment ago, read back (by either side)
                said = self._said_again(assist)
                if said is not None:
                    again = True
                    shaped, cue_heard = said[:2], said[2]
            if (shaped is not None and shaped[0] == A_NUMBER and not again
                    and self._held_as_other(A_NUMBER, shaped[1], one_more_of=REFERRAL_NUMBER)):
                # an A-number by its shape alone that is a number the call holds, read back ("five
                # nine seventy eight six five oh, right?" read A059788650 beside referral 59788650)
                return []
            if shaped is not None:
                kind, value = shaped
            elif kinds == SHAPED_KINDS:
                return []  # runs joined for a receipt's shape only: each run has its own span
        if value is not None and kind == A_NUMBER:
            # the free words of the span heard the digit the grammar lost ("… five six six"
            # read "… five six x"): nine digits holding the reading's eight
            free = _said_digit_by_digit(assist.free_text, extractor.lang)
            if _a_digit_lost(value, free):
                value = "A" + free
        if value is not None:
            confidence = float(getattr(assist, "free_confidence", 1.0))
            with self._lock:
                misheard = self._prefix_misheard(kind, value)
                if misheard is not None:
                    return [misheard]
                if not cued and kind and self._held_already(kind, value):
                    return []
                if again and kind:  # a read-back of a number the call already holds nearly the same
                    met = self._read_back(kind, value, cue_heard, str(assist.free_text or ""),
                                          str(assist.grammar_text or ""))
                    if met is not None:
                        return met
                pending = _PendingAssist(
                    assist.speaker, float(assist.start), float(assist.end), assist.grammar_text,
                    readings, self.now() + timedelta(seconds=ASSIST_WAIT), kind, value,
                    assist.free_text,
                    # bad audio, or no agreement with the free reading: only offered beside it
                    offer_only=not trusted(value, assist.free_text, confidence, self.assist_settings,
                                           # an answer's A-number by its shape alone may be a
                                           # receipt both heard without its prefix and a digit
                                           whole=not (kind == A_NUMBER and RECEIPT_NUMBER in getattr(assist, "kinds", ())),
                                           prefixes=extractor.receipt_prefixes),
                )
                decided = self._decide(pending, self.store.fields(self.call_id))
                if decided is None:
                    self._pending_assists.append(pending)
                return [decided] if isinstance(decided, CapturedField) else []
        with self._lock:
            pending = _PendingAssist(
                assist.speaker, float(assist.start), float(assist.end), assist.grammar_text,
                readings, self.now() + timedelta(seconds=ASSIST_WAIT),
            )
            fields = self.store.fields(self.call_id)
            matched = self._attach(pending, fields)
            if matched is None and not any(self._spans_meet(pending, f) for f in fields):
                self._pending_assists.append(pending)
            return [matched] if matched is not None else []

    def add_grammar_reading(self, reading) -> list[CapturedField]:
        """The user's own numbers heard in one final result (a ``GrammarReading``: its free
        words and the number grammar's words over its seconds; any thread).

        One of the user's receipts or A-number (their cases: ``extractor.known_values``)
        within a digit or two of the digits heard there (``assist.own_matches``: cue or no
        cue, free reading or grammar) is that number being said. When the call holds no
        field of it yet it becomes one — the user's own value, source ``assisted``,
        unconfirmed, shown as matching the case (``own_match``); the user confirms or
        fixes it as any field. A value the call already holds (a field of that value, or
        one the extractor heard a character or two off it and offers it for, or a reading
        still waiting) changes nothing: read back, it is never a second field. A candidate
        of the kind the extractor took from the same seconds is that number misheard: it
        takes the user's value (its own is the alternative, ``v``). First, with or without
        the user's numbers, a free receipt of these seconds under a prefix no service center
        issues takes the grammar's prefix (``_settle_free_prefix``). Returns the fields
        added or changed."""
        settled = self._settle_free_prefix(reading) + self._spelled_staff_name(reading)
        settled += self._agree(reading)
        known = [(k.kind, k.value, k.label) for k in self.recorder.extractor.known_values]
        if not known:
            return settled
        free_text = str(getattr(reading, "free_text", "") or "")
        grammar_text = str(getattr(reading, "grammar_text", "") or "")
        heard = read_spoken(free_text)[:1] + digit_readings(grammar_text, self.assist_settings)
        own = [(k, v) for k, v, _label in known]
        matches = own_matches(heard, own, self.assist_settings)
        start, end, speaker = float(reading.start), float(reading.end), reading.speaker
        with self._lock:
            before = self._last_readings.get(speaker)
            self._last_readings[speaker] = reading
        if not matches and before is not None and 0.0 <= start - float(before.end) <= self.assist_settings.split_gap:
            # read in two breaths: the speaker's result before and this one, joined
            before_free = str(getattr(before, "free_text", "") or "")
            before_grammar = str(getattr(before, "grammar_text", "") or "")
            joined = ["".join((read_spoken(t) or [""])[0] for t in (before_free, free_text))]
            joined += digit_readings(f"{before_grammar} {grammar_text}", self.assist_settings)
            matches = own_matches(joined, own, self.assist_settings)
            if matches:
                start = float(before.start)
        if not matches:
            return settled
        labels = {(k, v): label for k, v, label in known}
        changed: list[CapturedField] = []
        with self._lock:
            fields = self.store.fields(self.call_id)
            for m in matches:
                label = labels[(m.kind, m.value)]
                if any(f.kind == m.kind and f.value == m.value for f in fields):
                    continue  # held already (or rejected by the user: not brought back)
                if any(p.kind == m.kind and p.value == m.value for p in self._pending_assists):
                    continue
                probe = _PendingAssist(speaker, start, end, grammar_text, [], self.now(), m.kind)
                # the same number misheard there: the extractor's (offered the user's value
                # or not) or a cue's grammar reading; never another number said in it
                misheard = [f for f in fields if f.kind == m.kind and f.status == CANDIDATE
                            and f.id not in self._own and self._spans_meet(probe, f)
                            and (self._prior_of(f) == m.value or sound_distance(f.value, m.value) <= 4)]
                if not misheard and any(f.kind == m.kind and self._prior_of(f) == m.value for f in fields):
                    continue  # heard a character or two off elsewhere: offered the user's value there
                # a cue's reading of those seconds still waiting is about the same number
                self._pending_assists = [
                    p for p in self._pending_assists
                    if not (p.kind == m.kind and p.value is not None
                            and (not p.speaker or not speaker or p.speaker == speaker)
                            and min(p.end, end) + ASSIST_SLACK - max(p.start, start) > 0)]
                if misheard:
                    f = misheard[0]
                    saved = self._take(f, m.value, f.text or free_text)
                else:
                    saved = self.store.add_field(
                        self.call_id, m.kind, m.value, confidence=0.5, start=start, end=end,
                        text=grammar_text or free_text, speaker=speaker, source=ASSISTED, status=CANDIDATE,
                    )
                    self.recorder.claims[(m.kind, m.value)] = saved.id  # read back later: this field
                self._own[saved.id] = label
                fields = [f for f in fields if f.id != saved.id] + [saved]
                changed.append(saved)
        return settled + changed

    def _settle_free_prefix(self, reading) -> list[CapturedField]:
        """A receipt the extractor took from these seconds under a prefix no service center
        issues ("w y c two two one two …" for WAC…) takes the prefix the grammar's letters
        settle to there (``kind_by_shape``), when the grammar heard the same ten digits:
        the free recognizer's letters were misheard, not its digits. Source ``assisted``,
        unconfirmed, the free value its alternative (``v``). Not when the call already holds
        that receipt (then the free one is a read-back: ``CallRecorder._absorb``)."""
        grammar_text = str(getattr(reading, "grammar_text", "") or "")
        if not grammar_text:
            return []
        prefixes = self.recorder.extractor.receipt_prefixes
        shaped = kind_by_shape(grammar_text, (RECEIPT_NUMBER,), prefixes, (), self.assist_settings)
        if shaped is None:
            return []
        value = shaped[1]
        probe = _PendingAssist(reading.speaker, float(reading.start), float(reading.end), grammar_text, [],
                               self.now(), RECEIPT_NUMBER)
        with self._lock:
            fields = self.store.fields(self.call_id)
            if any(f.kind == RECEIPT_NUMBER and f.value == value and f.status != REJECTED for f in fields):
                return []
            for f in fields:
                if (f.kind == RECEIPT_NUMBER and f.status == CANDIDATE and f.source == EXTRACTED
                        and prefix_misheard(f.value, value, prefixes) and self._spans_meet(probe, f)):
                    return [self._take(f, value, f.text or str(getattr(reading, "free_text", "") or ""))]
        return []

    def _agree(self, reading) -> list[CapturedField]:
        """A number said twice is one number: the agent reads a referral and the caller reads
        it back (or the agent repeats it), each saying heard a little differently. Each
        result's digits (its free reading and the grammar's) are kept as one saying; a
        candidate referral the call holds is decided from every saying of it within
        ``SAID_TWICE_WINDOW`` seconds that is no nearer another field of the kind
        (``assist.agreed_digits``: two sayings or more; the run of the kind's length nearest
        them all; a value two sayings heard whole stands). A value the free recognizer heard
        whole never gives way to one it never heard whole. When the agreed value differs the
        field takes it (source ``assisted``, unconfirmed, its own value the alternative,
        ``v``). A candidate the assist made whose every saying is another field's number,
        heard more often, or that agrees to the number an earlier field holds, is that
        number said again and goes, so the number shows once. A correction is left to the
        extractor (its cue words are no weight here: "oh eight" is heard "oh wait").
        Returns the fields changed."""
        free_text = str(getattr(reading, "free_text", "") or "")
        grammar_text = str(getattr(reading, "grammar_text", "") or "")
        free = [re.sub(r"\D", "", r) for r in read_spoken(free_text)[:1]]
        heard = tuple(r for r in dict.fromkeys(free + digit_readings(grammar_text, self.assist_settings)[:2]) if r)
        changed: list[CapturedField] = []
        with self._lock:
            if heard:
                self._sayings.append((float(reading.start), float(reading.end), heard, "".join(free)))
            for kind, length in SAID_TWICE_KINDS.items():
                changed += self._agree_kind(kind, length, free_text)
        return changed

    def _agree_kind(self, kind: str, length: int, free_text: str) -> list[CapturedField]:
        """Caller holds the lock: ``_agree`` for the fields of one kind."""
        fields = [f for f in self.store.fields(self.call_id) if f.kind == kind and f.status != REJECTED]
        fields.sort(key=lambda x: (x.start or 0.0, x.id))
        digits = {f.id: re.sub(r"\D", "", f.value)[-length:] for f in fields}

        def near(f: CapturedField) -> set[int]:
            """The sayings within ``SAID_TWICE_WINDOW`` seconds of ``f``."""
            if f.start is None:
                return set()
            return {i for i, (s, e, _h, _f) in enumerate(self._sayings)
                    if e >= f.start - SAID_TWICE_WINDOW and s <= (f.end or f.start) + SAID_TWICE_WINDOW}

        windows = {f.id: near(f) for f in fields}
        # how far each saying near a field is from each field's number (only those: a call's
        # sayings far from every field of the kind are not read at all)
        far = {i: {f.id: min(nearest_run(digits[f.id], r)[0] for r in self._sayings[i][2]) for f in fields}
               for i in set().union(*windows.values())}
        # the sayings of each field's number: near it in time and in digits, and no nearer
        # another field of the kind (a family's next receipt, a second referral is that number,
        # not this one said again)
        held = {f.id: {i for i in windows[f.id]
                       if far[i][f.id] <= SAID_TWICE_DISTANCE and far[i][f.id] == min(far[i].values())}
                for f in fields}
        changed: list[CapturedField] = []
        taken: set[str] = set()  # the values the call's earlier fields hold (or now took)
        for f in fields:
            mine = f.status == CANDIDATE and f.id not in self._own
            # every saying of it is a saying of another field's number, heard more often: that
            # number said again (the caller's read-back a digit off, the giver's correction
            # heard as the other): it shows once
            # (not a number two sayings heard whole, nor for one of a length not the kind's)
            if mine and f.source == ASSISTED and held[f.id] and said_whole(
                    digits[f.id], [self._sayings[i][2] for i in held[f.id]]) < 2 and any(
                    held[f.id] < held[g.id] and len(digits[g.id]) == length for g in fields if g.id != f.id
            ) and self.store.drop_assisted_copy(f.id):
                self._alternatives.pop(f.id, None)
                continue
            agreed = None
            if mine:
                agreed = agreed_digits(digits[f.id], [(self._sayings[i][2], 1.0) for i in sorted(held[f.id])], length)
                free = [self._sayings[i][3] for i in held[f.id]]
                if agreed is not None and any(digits[f.id] in r for r in free) and not any(agreed in r for r in free):
                    agreed = None  # the free recognizer heard the number whole, and never the other
                if agreed is not None:
                    # what stands before the digits agreed on (a prefix, a longer number's first
                    # digits) stays; letters after them do not ("84098022I", the "i" of "… two
                    # two i misread" read into it, is no "8" before 84098022)
                    core = re.sub(r"[A-Za-z]+$", "", f.value)
                    agreed = core[:len(core) - len(digits[f.id])] + agreed
                if agreed is not None and (agreed == f.value or not plausible(kind, agreed)):
                    agreed = None
            value = agreed or f.value
            if value in taken:  # an earlier field's number, said again: the number shows once
                if mine and f.source == ASSISTED and self.store.drop_assisted_copy(f.id):
                    self._alternatives.pop(f.id, None)
                continue
            taken.add(value)
            if agreed is not None:
                changed.append(self._take(f, agreed, f.text or free_text))
        return changed

    def own_match(self, f: CapturedField) -> str | None:
        """Whose value ``f`` took from what the call heard ("your case IOE0912345678"), while
        it still holds that value unconfirmed; None otherwise."""
        with self._lock:
            label = self._own.get(f.id)
        if label is None or f.status != CANDIDATE or f.source != ASSISTED:
            return None
        return label

    def _spelled_as_heard(self, f: CapturedField) -> list[CapturedField]:
        """Caller holds the lock: staff name ``f`` spelled as heard: nothing to change, but a
        held one (negative id, ``_held_names``) is a name after all — released, a field."""
        if f.id >= 0:
            return []
        released = self.recorder.release(-f.id)
        return [released] if released is not None else []

    def _spelled_staff_name(self, reading) -> list[CapturedField]:
        """A staff name spelled out in one result, read from the number grammar's letters
        there (``assist.spelled_runs``: the free recognizer makes spoken letters words, "n g
        u y e n" → "and she you why he and") against the name list (``assist.spelled_name``).
        Only where a staff name is being given: the agent's side (never a result the
        extractor took for the caller's) introducing a staff name there (a strong cue,
        ``assist.name_spans``) or answering a request for a name or its spelling ("how do
        you spell that", "what was your name again") the result before. The name replaces
        the call's latest staff name (a candidate) near it in sound ("Whitfitld", the
        free letters misheard; "Raise" in "Daniel Raise") — or becomes its alternative
        when the extractor or the user settled it — and is a field of its own (source
        ``assisted``, unconfirmed) when the call has none such, the run spells a list name of
        ``SPELLED_NEW_LETTERS`` or more exactly, no staff name was taken from this result,
        and the name was asked for or introduced as one free word. Returns the fields changed."""
        from companion.extract import names as nm
        from companion.extract.names import _title

        settings = self.assist_settings
        grammar_text = str(getattr(reading, "grammar_text", "") or "")
        runs = spelled_runs(grammar_text, settings)
        if not runs:
            return []
        start, end = float(reading.start), float(reading.end)
        with self._lock:
            heard = list(self._heard)
        mine = [h for h in heard if abs(h[0] - start) < 0.05 and abs(h[1] - end) < 0.05]
        if not mine:
            return []
        at = heard.index(mine[-1])
        words, side = mine[-1][2], mine[-1][3]
        if side == nm.CALLER or reading.speaker == nm.CALLER:
            return []
        lang = self.recorder.extractor.lang
        spans = name_spans([{"word": w, "start": 0.0, "end": 0.0} for w in words], lang)
        introduced = any(span.strong for span in spans)
        one_word = any(span.strong and len(span.free_text.split()) == 1 for span in spans)
        asked = at > 0 and nm.asks_for_name(heard[at - 1][2], lang)
        if not (introduced or asked) and not self._staff_name_from(start, end):
            return []  # unless the extractor took a staff name from this result's own letters
        confirmed = self._spelled_reading(runs, start, end, reading.speaker, words)
        if confirmed is not None:
            return confirmed
        found = spelled_name(runs, settings=settings)
        # a name the list lacks: its letters, when they spell a word the engine knows — also
        # over a shorter list name inside them ("b i a n c h i": Bianchi, not Bianca)
        word = lexicon_spelled(runs, settings)
        listed = found is not None and (word is None or len(word[0]) <= len(found[0]))
        if not listed:
            # only where the free recognizer heard letters too (letter names, their sound-alike
            # words, spelling words): a word a cue's own sound spells ("officer" read "k a s s
            # a": Kassa) is no spelled name
            found = word if _letters_heard(words, lang) >= SPELLED_FREE_LETTERS else None
        if found is None:
            return []
        name, cost = found
        value = _title(name)
        with self._lock:
            fields = [f for f in self.store.fields(self.call_id)
                      if f.kind == STAFF_NAME and f.status != REJECTED and f.start is not None and f.start <= end]
            held = self._held_names(end)
            if held:  # the staff names held back (``_unsure_name``) are names heard too
                fields = sorted([*fields, *held], key=lambda f: float(f.start or 0.0))
            said = next((f for f in fields if name in f.value.lower().replace("'", "").split()), None)
            if said is not None:
                return self._spelled_as_heard(said)
            for f in reversed(fields[-1:]):
                parts = f.value.split()
                # the stretch of the name's words the spelling is nearest
                off, i, j = min((sound_distance("".join(parts[i:j]).upper(), name.upper()), i, j)
                                for i in range(len(parts)) for j in range(i + 1, len(parts) + 1))
                if off > len(name) / 2 or is_known_name(" ".join(parts[i:j])):
                    continue  # another name; or a list name, heard as such
                if is_census_name(" ".join(parts[i:j])):
                    # a name the census counts heard whole, its spelling near it in sound
                    # ("officer zhang" … "c h a n g"): the letters misheard, the name spelled as heard
                    return self._spelled_as_heard(f)
                new = " ".join([*parts[:i], value, *parts[j:]])
                if f.id < 0:  # a held name the spelling corrects: a field after all
                    released = self.recorder.release(-f.id)
                    if released is None:
                        continue
                    f = released
                if f.status != CANDIDATE:
                    self._alternatives[f.id] = Alternative(new, grammar_text)
                    return [f]
                return [self._take(f, new, f.text or "")]
            if fields and fields[-1].start is not None and fields[-1].start >= start - settings.margin:
                return []  # a name said in this result: the letters are its own sound ("m a r k s")
            if not (asked or one_word) or (cost > 0 and listed) or len(name) < SPELLED_NEW_LETTERS:
                # a field of its own only from a name spelled letter for letter, asked for or
                # after an introduction of one word ("my name is now and that's …"): after
                # more words it may be the surname alone ("keisha nguyen n g u y e n", the
                # first name lost)
                return []
            saved = self.store.add_field(
                self.call_id, STAFF_NAME, value, confidence=0.5, start=start, end=end,
                text=grammar_text, speaker=reading.speaker, source=ASSISTED, status=CANDIDATE)
            return [saved]

    def _spelled_reading(self, runs: list[str], start: float, end: float,
                         speaker: str | None, words: list[str]) -> list[CapturedField] | None:
        """A name the name grammar read (``_name_readings``: offered on a held name's notice,
        or read where the free recognizer heard no name) that the letters spelled in the
        result ``start``–``end`` (free ``words``) confirm (``_spells_reading``): two hearings
        agree (``_confirmed_name``). The latest reading of the speaker's within
        ``SPELLED_READING_SECONDS``; the runs are kept for a reading still to come (the name
        assist reads the same result later). None when none is confirmed."""
        with self._lock:
            self._spellings.append((start, end, speaker, runs, words))
            self._spellings = [x for x in self._spellings if x[1] >= end - SPELLED_READING_SECONDS]
            recent = [r for r in self._name_readings
                      if start - SPELLED_READING_SECONDS <= r[0] <= end
                      and (speaker is None or r[2] is None or r[2] == speaker)]
        for r_start, r_end, _who, value, free_text in reversed(recent):
            if self._spells_reading(runs, start, end, words, value, r_start, free_text):
                return self._confirmed_name(value, r_start, r_end, speaker, end)
        return None

    def _reading_spelled(self, value: str, start: float, end: float, speaker: str | None,
                         free_text: str) -> list[CapturedField] | None:
        """The name grammar's reading ``value`` of ``start``–``end`` (free words ``free_text``)
        confirmed by letters the speaker spelled there or after (``_spellings``, within
        ``SPELLED_READING_SECONDS``): ``_spelled_reading`` the other way round. None when
        none spells it."""
        with self._lock:
            spellings = [x for x in self._spellings if x[1] >= start and x[0] <= start + SPELLED_READING_SECONDS
                         and (speaker is None or x[2] is None or x[2] == speaker)]
        for s_start, s_end, _who, runs, words in spellings:
            if self._spells_reading(runs, s_start, s_end, words, value, start, free_text):
                return self._confirmed_name(value, start, end, speaker, s_end)
        return None

    def _spells_reading(self, runs: list[str], start: float, end: float, words: list[str],
                        value: str, read_at: float, free_text: str) -> bool:
        """Whether the letters spelled in the result ``start``–``end`` (``runs``; its free
        ``words``) spell the name grammar's ``value`` read at ``read_at`` over the free words
        ``free_text`` (``assist.spells``: its last word, the surname or the one name). In
        the result that said the name, only where the free recognizer heard letters after
        it too (``SPELLED_FREE_LETTERS``): the number grammar reads a name's own sound as
        letters ("alexa" → "s l x n m i"), which would confirm the name read there."""
        if not spells(runs, value.split()[-1], self.assist_settings):
            return False
        if not (start - self.assist_settings.margin <= read_at <= end):
            return True  # spelled in a result of its own
        said = free_text.lower().split()
        at = next((i + len(said) for i in range(len(words)) if said and words[i:i + len(said)] == said), 0)
        return _letters_heard(words[at:], self.recorder.extractor.lang) >= SPELLED_FREE_LETTERS

    def _confirmed_name(self, value: str, start: float, end: float, speaker: str | None,
                        spelled_end: float) -> list[CapturedField]:
        """A staff name two hearings agree on (the name grammar's reading of ``start``–``end``
        and a spelling): the held name there released as it, the free name there (a
        candidate) replaced by it, or a field of its own (source ``assisted``, unconfirmed);
        nothing when the call has that name already or the user settled the one there."""
        with self._lock:
            fields = [f for f in self.store.fields(self.call_id)
                      if f.kind == STAFF_NAME and f.status != REJECTED]
            if any(f.value.lower() == value.lower() for f in fields):
                return []
            margin = self.assist_settings.margin
            here = [f for f in [*fields, *self._held_names(spelled_end)]
                    if f.start is not None and f.end is not None
                    and f.start <= end + margin and start - margin <= f.end]
            for f in here:
                if f.id < 0:  # a held name: a name after all, the one read
                    released = self.recorder.release(-f.id)
                    if released is not None:
                        return [self._take(released, value, released.text or "")]
                elif f.status == CANDIDATE:
                    return [self._take(f, value, f.text or "")]
                else:
                    return []  # the user settled it
            return [self.store.add_field(
                self.call_id, STAFF_NAME, value, confidence=0.5, start=start, end=end,
                text=value.lower(), speaker=speaker, source=ASSISTED, status=CANDIDATE)]

    def _staff_name_from(self, start: float, end: float) -> bool:
        """Whether the call holds a staff name (a field, not rejected) taken from the seconds
        ``start``–``end`` of one result: there a name was being given ("it's s h a u n",
        the free letters made "Shiun"), asked for or not."""
        margin = self.assist_settings.margin
        with self._lock:
            return any(f.kind == STAFF_NAME and f.status != REJECTED and f.start is not None
                       and start - margin <= f.start <= end
                       for f in self.store.fields(self.call_id))

    def _heard_twice(self, value: str) -> bool:
        """Caller holds the lock: whether a staff name is one word the name list lacks, of
        ``HEARD_TWICE_LETTERS`` or more, that the free recognizer heard in two results of the
        call ("my name is octavia" … "hi octavia"): a word of its own lexicon said twice, not
        a mishearing the name grammar should replace."""
        parts = value.lower().split()
        return (len(parts) == 1 and len(parts[0]) >= HEARD_TWICE_LETTERS and not is_known_name(parts[0])
                and self._long_words.get(parts[0], 0) >= 2)

    def _heard_elsewhere(self, value: str, free_text: str) -> bool:
        """Caller holds the lock: whether the name grammar's one-word reading ``value`` of
        ``HEARD_TWICE_LETTERS`` or more, which the span's free words (``free_text``) did not
        hear, is a word the free recognizer heard in another result of the call: two
        hearings of a long name agree."""
        parts = value.lower().split()
        return (len(parts) == 1 and len(parts[0]) >= HEARD_TWICE_LETTERS
                and parts[0] not in free_text.lower().split() and self._long_words.get(parts[0], 0) >= 1)

    def _heard_again(self, words: set[str]) -> list[CapturedField]:
        """Caller holds the lock: a staff name the name grammar replaced goes back to the free
        name it replaced when this result heard that name again (``_heard_twice``; the
        grammar's name stays its alternative, ``v``), and the grammar's long reading offered
        beside a free staff name takes the field when this result heard it
        (``_heard_elsewhere``; the free name becomes the alternative). Returns the fields changed."""
        changed = []
        # only a field whose other reading this result heard can change: those are read from
        # the store, not every field of the call for every result with a long word
        heard = [fid for fid, alt in self._alternatives.items() if alt.value.lower() in words]
        for fid in heard:
            try:
                f, alt = self.store.field(fid), self._alternatives[fid]
            except UserError:
                continue  # a candidate the extractor withdrew since
            if f.kind != STAFF_NAME or f.status != CANDIDATE:
                continue
            if f.source != ASSISTED and alt.source != "free" and self._heard_elsewhere(alt.value, f.value):
                changed.append(self._take(f, alt.value, f.text or ""))  # the offered reading, heard again
                continue
            if f.source != ASSISTED or alt.source != "free" or not self._heard_twice(alt.value):
                continue
            saved = self.store.unassist_field(f.id, alt.value)
            self._alternatives[f.id] = Alternative(f.value, alt.text)
            changed.append(saved)
        return changed

    def _take(self, f: CapturedField, value: str, text: str, source: str = "free") -> CapturedField:
        """Caller holds the lock: candidate ``f`` takes ``value`` (source ``assisted``,
        unconfirmed); its own value, heard as ``text``, becomes the alternative ``v`` puts back."""
        saved = self.store.assist_field(f.id, value)
        self._alternatives[f.id] = Alternative(f.value, text, source)
        return saved

    def _prior_of(self, f: CapturedField) -> str | None:
        """The user's value the extractor said field ``f`` may be a mishearing of (if any)."""
        if self._recorder is None or f.status == REJECTED:
            return None
        prior = self._recorder.priors.get(f.id)
        return prior.value if prior is not None else None

    def add_name_assist(self, assist) -> list[CapturedField]:
        """Apply a ``NameAssist`` (the name grammar's reading of a staff name's seconds; any
        thread) like a number cue's: it replaces a free staff name that is no known name
        ("Tenure" → "Tanya"; shown as assisted, unconfirmed, ``v`` swaps back), and is
        offered beside one that is, and beside any on bad audio (the call's free confidence
        below ``min_free_confidence``, as for numbers). It never becomes a name where the free reading has
        none (tuning set: each of the 12 names so added was wrong); it waits
        ``ASSIST_WAIT`` for the extractor's name. Returns the fields changed."""
        value = name_from_reading(assist.grammar_text, free_text=assist.free_text)
        if value is None:
            return []
        confidence = float(getattr(assist, "free_confidence", 1.0))
        with self._lock:
            if confidence >= self.assist_settings.min_free_confidence:  # not on bad audio
                self._name_readings.append((float(assist.start), float(assist.end), assist.speaker, value,
                                            str(assist.free_text)))
                # a spelling confirms a reading within ``SPELLED_READING_SECONDS``: older ones go
                self._name_readings = [r for r in self._name_readings
                                       if r[0] >= float(assist.start) - SPELLED_READING_SECONDS]
            pending = _PendingAssist(
                assist.speaker, float(assist.start), float(assist.end), assist.grammar_text,
                [value], self.now() + timedelta(seconds=ASSIST_WAIT), STAFF_NAME, value,
                assist.free_text,
                # bad audio (the number assist's gate): only offered beside the free name
                offer_only=confidence < self.assist_settings.min_free_confidence, may_add=False,
            )
            decided = self._decide(pending, self.store.fields(self.call_id))
            if decided is None:
                decided = self._release_unsure(pending)
            if decided is None:
                self._pending_assists.append(pending)
        if decided is None and not pending.offer_only:
            confirmed = self._reading_spelled(value, pending.start, pending.end, assist.speaker,
                                              str(assist.free_text))
            if confirmed is not None:
                return confirmed
        return [decided] if isinstance(decided, CapturedField) else []

    def alternative(self, f: CapturedField) -> Alternative | None:
        """The other reading to offer for ``f``: only while it is a candidate and differs."""
        with self._lock:
            alt = self._alternatives.get(f.id)
        if alt is None or f.status != CANDIDATE or alt.value == f.value:
            return None
        return alt

    # the agent's name not heard clearly ---------------------------------------------

    def name_notices(self) -> list[NameNotice]:
        """The agent's names not heard clearly, in call order (any thread; reads the store):
        each staff name held back as unsure (``_unsure_name``), and each introduction ("my
        name is …", "this is officer …") of the agent's side after which no staff name — a
        field or a held one — starts before the next introduction, and whose words hold no
        name the call has. A notice closes when a name answers it, or the user takes, types
        (``accept_name_notice``) or dismisses it (``dismiss_name_notice``)."""
        with self._lock:
            return self._notices()

    def accept_name_notice(self, notice_id: int, value: str | None = None, *, reading: bool = False) -> CapturedField:
        """Notice ``notice_id`` answered (any thread): the word heard (``value`` None), the name
        grammar's reading offered on it (``reading``: ``NameNotice.reading``) or the name the
        user typed becomes a confirmed staff name, committed at once; the notice closes. A held
        name is released as its field (the extractor hears the decision). ``UserError`` when the
        notice is no longer open, the name is empty, or ``reading`` and none was offered."""
        with self._lock:
            notice = next((n for n in self._notices() if n.id == notice_id), None)
            if notice is None:
                raise UserError(_("staff name: that name is no longer waiting (heard since, or dismissed)"))
            if reading and not notice.reading:
                raise UserError(_("staff name: no other reading to use"))
            said = notice.reading if reading else notice.heard
            name = normalise_field(STAFF_NAME, said if value is None else value)
            rec = self.recorder
            key = next((k for k, nid in self._held_notice.items() if nid == notice_id), None)
            with self.store.transaction():
                released = rec.release(key) if notice.held and key is not None else None
                if released is not None:
                    saved = rec.decide(released.id, status=CONFIRMED, value=None if name == released.value else name)
                else:
                    saved = self.store.add_field(
                        self.call_id, STAFF_NAME, name, confidence=1.0 if value is not None else notice.confidence or 0.0,
                        start=notice.start, end=notice.end, text=notice.heard, speaker=notice.speaker,
                        source=TYPED if value is not None else EXTRACTED, status=CONFIRMED)
            self._notices_closed.add(notice_id)
            return saved

    def dismiss_name_notice(self, notice_id: int) -> None:
        """The user needs no notice ``notice_id`` (any thread; never waits: no lock, no store)."""
        self._notices_closed.add(notice_id)

    def _notices(self) -> list[NameNotice]:
        """Caller holds the lock: ``name_notices``."""
        rec = self._recorder
        if rec is None or not (rec.held or self._name_cues):
            return []
        notices: list[NameNotice] = []
        held = list(rec.held.items())
        for key, e in held:
            nid = self._held_notice.get(key)
            if nid is None:
                self._last_notice += 1
                nid = self._held_notice[key] = self._last_notice
            if nid not in self._notices_closed:
                notices.append(NameNotice(nid, str(e.value), float(e.confidence), float(e.start), float(e.end),
                                          e.speaker, True, reading=self._held_readings.get(key, "")))
        if any(not c.waiting and c.id not in self._notices_closed for c in self._name_cues):
            names = [(float(e.start), str(e.value)) for _key, e in held]
            names += [(float(f.start), f.value) for f in self.store.fields(self.call_id)
                      if f.kind == STAFF_NAME and f.status != REJECTED and f.start is not None]
            notices += [c.notice() for c in _unanswered(self._name_cues, names, self._notices_closed)]
        return sorted(notices, key=lambda n: (n.start, n.id))

    def _hear_name_cues(self, result: dict) -> None:
        """Caller holds the lock: the introductions of the result just read (``_hear_cues``)."""

        def new_id() -> int:
            self._last_notice += 1
            return self._last_notice

        def named() -> bool:
            return any(f.kind == STAFF_NAME and f.status != REJECTED for f in self.store.fields(self.call_id))

        ex = self.recorder.extractor
        before = (self._heard[-2][2], self._heard[-2][3]) if len(self._heard) > 1 else None
        _hear_cues(self._name_cues, result, ex.d.role, before, named, ex.lang, new_id)

    def decide_field(self, field_id: int, *, status: str | None = None, value: str | None = None) -> CapturedField:
        """Confirm, reject or correct a field (any thread): saved at once, and the extractor
        hears it (a rejected value never absorbs a later reading; a confirmed one is never
        revised, a different reading is offered beside it)."""
        with self._lock:
            if self._recorder is None:
                return self.store.set_field(field_id, status=status, value=value)
            return self.recorder.decide(field_id, status=status, value=value)

    def use_alternative(self, field_id: int) -> CapturedField:
        """Set the field to its alternative (which confirms it); ``UserError`` if none."""
        f = self.store.field(field_id)
        alt = self.alternative(f)
        if alt is None:
            raise UserError(_("field {id}: no other reading to use").format(id=field_id))
        saved = self.decide_field(field_id, value=alt.value)
        with self._lock:
            self._alternatives.pop(field_id, None)
        return saved

    def _spans_meet(self, p: _PendingAssist, f: CapturedField) -> bool:
        """``f`` is the field ``p`` is about: same time (and speaker, when both are known)."""
        if p.speaker and f.speaker and p.speaker != f.speaker:
            return False
        # a staff name only meets a name assist (a number's span may run into a name)
        return (f.kind != STAFF_NAME or p.kind == STAFF_NAME) and _overlap(p.start, p.end, f) > 0

    def _attach(self, p: _PendingAssist, fields: Iterable[CapturedField]) -> CapturedField | None:
        """Attach ``p`` to the best-overlapping candidate it reads differently; the field or None."""
        candidates = [f for f in fields if f.status == CANDIDATE and self._spans_meet(p, f)]
        candidates.sort(key=lambda f: -_overlap(p.start, p.end, f))
        for f in candidates[:1]:
            for reading in p.readings:
                value = _fitted(f.kind, reading, f.value)
                if value is not None and value != f.value:
                    self._alternatives[f.id] = Alternative(value, p.text)
                    return f
        return None

    def _match_pending(self, changed: list[CapturedField]) -> None:
        """Caller holds the lock: assists still waiting meet the fields just added or revised."""
        if not self._pending_assists:
            return
        now = self.now()
        keep = []
        for p in self._pending_assists:
            if p.kind is not None and p.value is not None:
                if self._decide(p, changed) is None and self._read_again(p, changed) is None:
                    keep.append(p)
                continue
            if p.until < now:
                continue
            if self._attach(p, changed) is None and not any(
                self._spans_meet(p, f) for f in changed
            ):
                keep.append(p)
        self._pending_assists = keep
        changed += self._settle_waiting()

    def _read_again(self, p: _PendingAssist, fields: Iterable[CapturedField]) -> CapturedField | bool | None:
        """Caller holds the lock: a cue's assist still waiting for its field meets the same
        number read again *after* it — a field of its kind at most two characters from it
        ("i'm sorry, that should be three five one oh …"; the agent's read-back). That
        field is the one it is about: a plausible free value there stands and the reading is
        offered beside it, else the reading replaces it; either way it never becomes a field
        of its own beside the later one. None when no such field (a different number of
        the kind, a second receipt, leaves it waiting) — also for a receipt that differs
        only in its last two digits (``_next_receipt``: the filing's next one, "and my
        wife's is the same but ends in six eight")."""
        assert p.kind is not None and p.value is not None
        again = [f for f in fields if f.kind == p.kind and f.start is not None
                 and f.start >= p.end - self.assist_settings.margin
                 and (not p.speaker or not f.speaker or f.speaker == p.speaker)
                 and _one_number(p.value, f.value) and not _next_receipt(p.value, f.value)]
        if not again:
            return None
        f = again[0]
        if f.status != CANDIDATE or f.value == p.value:
            return True
        if plausible(p.kind, f.value) or p.offer_only:
            self._alternatives[f.id] = Alternative(p.value, p.text)
            return f
        return self._take(f, p.value, p.free_text)

    def _held_as_other(self, kind: str, value: str, one_more_of: str | None = None) -> bool:
        """Whether the call holds ``value``'s digits (an A-number's zero fill not counted) as a
        number of another kind, a reading still waiting for its field included: a number said
        again is the one it reads back. Of kind ``one_more_of`` with one digit more at either
        end too (the words after a read-back heard as one: "… six five oh **right**" read "… o
        eight")."""
        digits = re.sub(r"\D", "", value).lstrip("0")
        with self._lock:
            held = [(f.kind, f.value) for f in self.store.fields(self.call_id) if f.status != REJECTED]
            held += [(p.kind, p.value) for p in self._pending_assists if p.kind and p.value]
        for other, held_value in held:
            mine = re.sub(r"\D", "", held_value).lstrip("0")
            if other == kind or not mine:
                continue
            if digits == mine or (other == one_more_of and len(digits) == len(mine) + 1
                                  and (digits.startswith(mine) or digits.endswith(mine))):
                return True
        return False

    def _said_whole(self, result: dict) -> list[CapturedField]:
        """Caller holds the lock: a result that is one number of nine digits (a read-back,
        the number said again: "two zero zero seven one three five five two") is the
        A-number the call holds at eight digits that it holds in order with one more
        (``_a_digit_lost``): a reading still waiting takes it, as does a candidate the assist
        made (its own value the alternative, ``v``). Returns the fields changed."""
        heard = _said_digit_by_digit(str(result.get("text", "") or ""), self.recorder.extractor.lang)
        if len(heard) != 9:
            return []
        value = "A" + heard
        for p in self._pending_assists:
            if p.kind == A_NUMBER and p.value is not None and _a_digit_lost(p.value, heard):
                p.value = value
        changed = []
        for f in self.store.fields(self.call_id):
            if (f.kind == A_NUMBER and f.status == CANDIDATE and f.source == ASSISTED
                    and _a_digit_lost(f.value, heard)):
                changed.append(self._take(f, value, f.text or ""))
        return changed

    def _prefix_misheard(self, kind: str | None, value: str) -> CapturedField | None:
        """Caller holds the lock: a receipt the assist read whose ten digits the call holds as
        a candidate receipt under a prefix no service center issues (``prefix_misheard``:
        the caller's "y s c …" heard "y s e …", the read-back's grammar "y s c …"), said
        anywhere in the call: that field takes the assist's prefix (source ``assisted``,
        its own value the alternative, ``v``); it is never a second field beside it."""
        if kind != RECEIPT_NUMBER:
            return None
        prefixes = self.recorder.extractor.receipt_prefixes
        for f in self.store.fields(self.call_id):
            if f.kind == RECEIPT_NUMBER and f.status == CANDIDATE and prefix_misheard(f.value, value, prefixes):
                return self._take(f, value, f.text or "")
        return None

    def _held_already(self, kind: str, value: str) -> bool:
        """Caller holds the lock: whether the call already holds ``value`` as a number of
        ``kind`` — a live field, or a reading still waiting for its field. A reading found
        by its shape alone (no cue: the agent reading a receipt back, a run read again
        with its neighbours) never becomes a second field beside the same value."""
        if any(p.kind == kind and p.value == value for p in self._pending_assists):
            return True
        return any(f.kind == kind and f.value == value and f.status != REJECTED
                   for f in self.store.fields(self.call_id))

    def _read_back(self, kind: str, value: str, cue_heard: tuple[str, ...] = (),
                   free_text: str = "", grammar_text: str = "") -> list[CapturedField] | None:
        """Caller holds the lock: a read-back (``_said_again``) meets the number it reads
        back when the call already holds one of ``kind`` within two characters of it (a
        field, or a cue's reading still waiting). That one is the number; it takes the
        read-back's value only when the read-back is it with one more "0" (``ONE_MORE``:
        the first reading lost an "oh", "one three echo five five …" → 1355278, read back
        13055278) and it is still a candidate (then the earlier value is its alternative,
        ``v``) — not when the free words of the read-back (``free_text``) are the held value
        digit for digit and the grammar's reading (``grammar_text``) spelled a letter by example
        they have not: both hearings agree, the grammar's "0" is its own ("your number four one
        three six eight" read "u **o as in oscar** four one three six eight").
        Returns the fields changed ([] when none), None when the call holds no such number."""
        near = False
        # only where the grammar spelled a letter by example the free words have not ("o as in
        # oscar" for "number"): a digit only the grammar's example gives is the grammar's own
        examples = {w.lower() for w in self.recorder.extractor.lang.spelling_alphabet}
        own = bool(examples & set(grammar_text.lower().split()) - set(free_text.lower().split()))
        free = re.sub(r"\D", "", characters(free_text)) if own else ""
        # a digit the cue's readings did not hold, heard anew by the read-back: a held value
        # short of the kind's usual length lost it ("four four t seven" → 5801447, read
        # back "five eight zero one four four two seven")
        anew = re.sub(r"\D", "", value) not in cue_heard

        def lost(held: str) -> bool:
            if free == held:
                return False
            return _one_more_digit(held, value) or (
                anew and not usual_length(kind, held) and _one_more_digit(held, value, any_digit=True))

        for p in self._pending_assists:
            if p.kind == kind and p.value is not None and _one_number(value, p.value):
                near = True
                if lost(p.value):
                    p.value = value
        fields = [f for f in self.store.fields(self.call_id)
                  if f.kind == kind and f.status != REJECTED and _one_number(value, f.value)]
        for f in fields:
            if f.status == CANDIDATE and lost(f.value):
                return [self._take(f, value, f.text or "")]
        return [] if fields or near else None

    def _remember_cued(self, assist, kind: str) -> None:
        """A cue's reading: its digits (grammar and free) for a read-back to meet."""
        heard = digit_readings(assist.grammar_text, self.assist_settings)[:4]
        free = re.sub(r"\D", "", characters(assist.free_text))
        with self._lock:
            self._cued_numbers = [c for c in self._cued_numbers
                                  if float(assist.start) - c[2] <= self.assist_settings.answer_wait]
            self._cued_numbers.append((kind, assist.speaker, float(assist.end),
                                       tuple(d for d in (*heard, free) if d)))

    def _said_again(self, assist) -> tuple[str, str, tuple[str, ...]] | None:
        """(kind, value) when a reading with no cue of its own is the number a cue announced
        a moment ago (within ``answer_wait``), said again — the caller reading the agent's
        referral back, the agent reading the caller's receipt back: it reads as a plausible
        value of that kind, of the kind's usual length (``assist.usual_length``: a digit
        fewer or more is a digit lost or a filler), whose digits are nearly the cue
        reading's (grammar or free; ``READ_BACK_LIKE``), most recent cue first. The cue's own reading may have failed
        ("three echo three echo …"): the read-back is the number's second chance."""
        from difflib import SequenceMatcher

        extractor = self.recorder.extractor
        start = float(assist.start)
        with self._lock:
            cued = list(self._cued_numbers)
        # (the grammar's words before the one the free reading's number starts with are the
        # words before the number: "let me repeat that five seven …" read "… **ten i** five seven …")
        grammar, free = assist.grammar_text.split(), str(assist.free_text or "").split()
        first = next((i for i, w in enumerate(grammar[:_BEFORE_THE_NUMBER + 1]) if free and w == free[0]), 0)
        readings = [assist.grammar_text] + ([" ".join(grammar[first:])] if first else [])
        for kind, _speaker, end, digits in reversed(cued):
            if not 0.0 <= start - end <= self.assist_settings.answer_wait:
                continue
            known = [k.value for k in extractor.known_values if k.kind == kind]
            value = next((v for v in (assisted_value(kind, r, extractor.receipt_prefixes, known, self.assist_settings)
                                      for r in readings)
                          if v is not None and plausible(kind, v) and usual_length(kind, v)), None)
            if value is None:
                continue
            mine = re.sub(r"\D", "", value)
            if any(SequenceMatcher(None, mine, d, autojunk=False).ratio() >= READ_BACK_LIKE for d in digits):
                return kind, value, digits
        return None

    def _decide(self, p: _PendingAssist, fields: Iterable[CapturedField]) -> CapturedField | bool | None:
        """Caller holds the lock: a cue's assist meets its field. The digits reading replaces
        a value that is not plausible for the kind, else is offered beside it. Returns the
        field changed, True when settled with no change, None when its field is not there."""
        assert p.kind is not None and p.value is not None
        mine = [f for f in fields if f.kind == p.kind and self._spans_meet(p, f)]
        if not mine:
            return None
        mine.sort(key=lambda f: -_overlap(p.start, p.end, f))
        f = mine[0]
        if f.status != CANDIDATE or f.value == p.value:
            return True
        # the free reading stands when it is a plausible value and read the whole span
        # (an extractor value that starts later lost the span's first digits)
        whole = f.start is None or f.start <= p.start + self.assist_settings.margin
        lost = (lost_a_digit(p.kind, f.value, p.value, p.free_text, p.text, self.assist_settings,
                             self.recorder.extractor.lang)
                or cue_glued(p.kind, f.value, p.value, p.free_text, self.assist_settings)
                or letter_lost(p.kind, f.value, p.value, p.free_text, self.recorder.extractor.lang)
                or first_sound_misheard(p.kind, f.value, p.value, p.free_text, self.recorder.extractor.lang)
                or oh_as_letter(p.kind, f.value, p.value, p.free_text, self.assist_settings)
                or ty_swallowed(p.kind, p.value, p.free_text, p.text, self.assist_settings,
                                self.recorder.extractor.lang))
        # a staff name the census counts ("Kowalski", "Raj") stands, the reading offered: the
        # name grammar holds only the list's names, so its reading of a name the list lacks
        # is another name ("Cole Stevie", "Rutledge"); a misheard word ("tenure") gives way
        known = plausible(p.kind, f.value) or (p.kind == STAFF_NAME and is_census_name(f.value))
        stands = known and whole and not lost
        if p.kind == STAFF_NAME and name_cut_short(f.value, p.value, p.free_text):
            stands = False  # "Mark" heard in "mark is", read "Marcus": the name's end became a word
        if p.kind == STAFF_NAME and self._heard_twice(f.value):
            stands = True  # "octavia", said again: a name the list lacks, heard twice the same
        elif p.kind == STAFF_NAME and self._heard_elsewhere(p.value, p.free_text):
            stands = False  # "patty is" read "thaddeus", and "thaddeus" heard free later on
        elif p.kind == STAFF_NAME and not starts_alike(f.value, p.value):
            stands = True  # "pre" read "Curry": a list name of another first sound is only offered
        if stands or p.offer_only:
            self._alternatives[f.id] = Alternative(p.value, p.text)
            return f
        taken = self._take(f, p.value, p.free_text)
        if p.kind == STAFF_ID and any(g.id != f.id and g.kind == STAFF_ID and g.value == p.value
                                      and g.status != REJECTED for g in self.store.fields(self.call_id)
                                      ) and self.store.drop_assisted_copy(f.id):
            # the ID another field holds, said again (the caller's read-back "the operator
            # number was two oh five five three", heard "… too low five five three": 553): the
            # number shows once, as a referral said twice does (``_agree``)
            self._alternatives.pop(f.id, None)
            return True
        return taken

    def _settle_waiting(self, everything: bool = False) -> list[CapturedField]:
        """Caller holds the lock: a cue's assist whose field never came (the free reading
        held no number) becomes a field of its own once it has waited ``ASSIST_WAIT`` —
        unless the call holds that value already, or the assist's own earlier field (a
        candidate) is within two characters of it: the same number said again (a
        correction, a read-back), which then takes the later value, the earlier one its
        alternative. A field the extractor or the user gave is never changed so."""
        now = self.now()
        added, keep = [], []
        fields: list[CapturedField] | None = None  # read once, kept up to date below
        for p in self._pending_assists:
            if p.kind is None or p.value is None or (p.until >= now and not everything):
                keep.append(p)
                continue
            if p.offer_only or not p.may_add:  # no field of its own: not trusted, or a name
                continue
            if fields is None:
                fields = self.store.fields(self.call_id)
            if any(f.kind == p.kind and f.value == p.value for f in fields):
                continue  # the call holds that value already (said again; or the user rejected it)
            if any(f.kind == p.kind and f.id in self._own and _one_number(p.value, f.value) for f in fields):
                continue  # the user's own number, heard already: this is it said again, misheard
            if any(f.kind == p.kind and f.status != REJECTED and f.start is not None
                   and 0.0 <= f.start - p.end <= self.assist_settings.answer_wait
                   and _a_digit_off_the_usual(p.kind, p.value, f.value) and _one_digit_more(f.value, p.value)
                   for f in fields):
                # a referral a digit short ("… double to six by": 2956226), said again whole right
                # after (the caller's read-back, 29562265): that one is the number
                continue
            short = [f for f in fields if f.kind == p.kind and f.status == CANDIDATE and f.start is not None
                     and 0.0 <= f.start - p.end <= self.assist_settings.answer_wait
                     and _a_digit_off_the_usual(p.kind, f.value, p.value) and _one_digit_more(p.value, f.value)]
            if short:
                # the other way round: the cue's whole referral (92208292), and right after it a
                # field a digit short (the read-back "ninety two twenty eight to ninety two" the
                # extractor made 9228292): that field is the number misheard, it takes the value
                saved = self._take(short[0], p.value, short[0].text or "")
                added.append(saved)
                fields = [x for x in fields if x.id != saved.id] + [saved]
                continue
            said = [f for f in fields if f.kind == p.kind and f.source == ASSISTED and f.status == CANDIDATE
                    and f.end is not None and f.end <= p.start + self.assist_settings.margin
                    and _one_number(p.value, f.value)]
            if self.assist_settings.splits_two and any(split_two_at_end(f.value, p.value, p.text) for f in said):
                continue  # "… one eighty" cut from "… one eighty o": the earlier "… one eight two" read back
            if any(_following_receipt(f.value, p.value) for f in said):
                # the filing's next receipt ("… one two zero", "and my wife's … one two one"):
                # a receipt of its own, not one said before it said again
                said = []
            if said and _read_back_by_other(said[-1], p):
                continue  # the other side reading back the number given, a digit off: the giver's stands
            if not said and any(_read_back_of_held(f, p) for f in fields if f.kind == p.kind and f.status != REJECTED
                                and f.end is not None and f.end <= p.start + self.assist_settings.margin):
                continue  # a referral the call holds (the extractor's too), read back a digit or two off
            if not said:  # a referral held a digit long or short (any source): the usual length said again wins
                said = [f for f in fields if f.kind == p.kind and f.status == CANDIDATE
                        and f.end is not None and f.end <= p.start + self.assist_settings.margin
                        and _a_digit_off_the_usual(p.kind, f.value, p.value)]
                if any(word_after_as_digit(f.value, p.value, p.text, self.assist_settings, self.recorder.extractor.lang)
                       for f in said):
                    # a word after it the grammar heard as a last digit: "… nine one right" read
                    # "… nine one i eight" is 4571891 said again, not 45718918
                    continue
            misheard = self._prefix_misheard(p.kind, p.value)
            if misheard is not None:  # its ten digits held under a prefix no service center issues
                added.append(misheard)
                fields = [f for f in fields if f.id != misheard.id] + [misheard]
                continue
            held = [f for f in fields if f.kind == p.kind == STAFF_ID and f.status != REJECTED
                    and f.end is not None and f.end <= p.start + self.assist_settings.margin
                    and sound_distance(p.value, f.value) <= 1]
            if held and not said:
                # an ID the call holds (the extractor's too), said again a digit off: one with a
                # digit more found one the first reading lost ("for seven sixty nine" 4769, read
                # back "four seven six two nine"; "three three one nine now" 3319, said again
                # "… nine l"); any other is it misheard ("one four oh seven nine" read back "one
                # four seven nine"): no second field
                f = held[-1]
                if f.status == CANDIDATE and _one_digit_more(p.value, f.value):
                    saved = self._take(f, p.value, f.text or "")
                    added.append(saved)
                    fields = [x for x in fields if x.id != saved.id] + [saved]
                continue
            if said:  # the assist's own earlier reading of the same number, said again: the later decides
                f = said[-1]
                saved = self._take(f, p.value, f.text or "",  # the earlier was the assist's, or the free one's
                                   source="digits" if f.source == ASSISTED else "free")
            else:
                saved = self.store.add_field(
                    self.call_id, p.kind, p.value, confidence=0.5, start=p.start, end=p.end,
                    text=p.text, speaker=p.speaker, source=ASSISTED, status=CANDIDATE,
                )
            added.append(saved)
            fields = [f for f in fields if f.id != saved.id] + [saved]
        self._pending_assists = keep
        return added

    def set_tier(self, tier: int) -> None:
        self.tier.set(tier)
        self.store.update_call(self.call_id, tier_reached=tier)

    def save_notes(self, text: str) -> None:
        self.store.update_call(self.call_id, notes=text)

    def checklist(self, fields: Iterable[CapturedField]) -> dict[str, bool]:
        kinds = {f.kind for f in fields if f.status != REJECTED}
        return guide.during_call_done(kinds, call_started=True)

    def best_referral(self) -> str:
        return best_value(self.store.fields(self.call_id), REFERRAL_NUMBER)

    def end(self) -> None:
        """Close the hold, save the end time. Call ``flush`` first when audio ran.

        Results the store still refuses are written to a private JSONL file in the data
        folder, to import later; ``ResultKept`` names it.
        """
        with self._lock:
            try:
                self._save_unsaved()
            except ResultKept as exc:
                path = self._write_unsaved()
                raise ResultKept(
                    _(
                        "{problem}. They are in {path}: add them later with "
                        "`companion import-call {path} --started-at {started}`"
                    ).format(problem=exc, path=path, started=self.started_at.isoformat())
                ) from exc
        now = self.now()
        changes = {}
        if self.hold.on_hold:
            changes["hold_seconds"] = _storable_hold(self.hold.stop(now))
        self.ended_at = now
        self.store.end_call(self.call_id, ended_at=now, **changes)

    def follow_ups(self, today: date | None = None) -> list:
        """The follow-up actions this call (or its service requests) created."""
        from companion.workflows import follow_up_actions, today_for

        sr_ids = {sr.id for sr in self.store.service_requests(self.call_id)}
        today = today or today_for(self.store, self.now())
        return [
            a
            for a in follow_up_actions(self.store, today)
            if a.call_id == self.call_id or (a.sr_id is not None and a.sr_id in sr_ids)
        ]
