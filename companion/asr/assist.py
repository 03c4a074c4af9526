"""The number assist's decisions: which seconds of a call to read again with the
digits-and-letters grammar, and what that second reading is worth.

The live pipeline runs two recognizers over the same audio: a free one and one held to a
grammar of digits, letters and spelling words. Free recognition garbles digits ("five
they know three five one"); the grammar gets them back but confuses letters (o / oh / l,
p / b / d / e). So:

* **spans** (``assist_spans``): after a number cue in the free words ("your referral
  number is", "my i d is", "the a number") the words up to the next cue are a span of
  that kind; elsewhere a run of number words with a low-confidence word or a homophone
  is a span of unknown kind;
* **readings** (``grammar_reading``): the grammar's words over the same seconds;
* **values** (``assisted_value``, ``plausible``): a reading read as a value of the
  expected kind, letters settled by the kind (a receipt's prefix must be a known one,
  the nearest by how letter names sound; the user's own receipts and A-number win when
  a reading is within one character of them).

``companion.session`` applies the result: the grammar's value *replaces* a free value that
is not a plausible value of the expected kind (shown as such, still unconfirmed, ``v``
swaps back); a plausible free value keeps its place and the grammar's is offered beside it.

Thresholds live per engine (``AssistSettings``): ``VOSK`` for the product;
the spoken-call test rig (``tests/speech_rig.py``) brings its own for its stand-in
recognizer. Pure Python: no Vosk, no Textual, no store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from companion.extract.lang import Language
from companion.extract.lang.en import ENGLISH
from companion.extract.names import is_known_name, known_names
from companion.records import A_NUMBER, PHONE_NUMBER, RECEIPT_NUMBER, REFERRAL_NUMBER, STAFF_ID, STAFF_NAME

NUMBER_KINDS = (STAFF_ID, REFERRAL_NUMBER, RECEIPT_NUMBER, A_NUMBER)


@dataclass(frozen=True)
class AssistSettings:
    """Per-engine thresholds of the number assist."""

    engine: str
    low_confidence: float  # a free number word below this makes its span worth a second reading
    margin: float = 0.15  # seconds of slack when taking grammar words for a span
    cue_span_words: int = 24  # a cue's span ends at the next cue or after this many words
    answer_wait: float = 15.0  # seconds after a question ("what is your a number") its answer may start
    prefix_cost: float = 1.0  # most a heard receipt prefix may differ from a known one
    prior_distance: int = 1  # most characters a reading may differ from the user's own value
    # How this engine's grammar mishears digits, read back inside a digits-only value:
    # word sequence → digit word ("sierra" for "zero", "t o" for "two"); a digit word
    # ending in "?" may also be a filler ("l" is "oh" or "uh"): the kind's usual length
    # decides.
    digit_confusions: tuple[tuple[tuple[str, ...], str], ...] = ()
    # Besides a staff ID's (always), the kinds whose uncertain confusion between two digit
    # words is the digit, not a filler ("two two seven **l** three": an "oh" said inside the
    # number; ``digit_readings``' ``between``): an engine that hears "oh" so more often than
    # a filler there. () for Vosk until real English calls show it.
    between_digits_kinds: tuple[str, ...] = ()
    # The words this engine's free recognizer writes for the digit "oh" inside a number read
    # out ("one three **or** five five"): inside a bare number of a referral exchange they are
    # the number's, whose grammar reading decides (``_read_back_span``). None for Vosk until
    # real English calls show its own.
    oh_words: tuple[str, ...] = ()
    # How far a cue's grammar value is trusted to be applied by itself (else it is only
    # offered beside the free reading, ``v``): the mean confidence of the call's free
    # words so far (how bad the audio is: one result is too short to tell) and the share of the value's digits the free reading also
    # heard, in order (0: the free reading heard none of them). 0.0: always trusted.
    min_free_confidence: float = 0.0
    min_agreement: float = 0.0
    # The call's mean free confidence starts from this many words heard sure (1.0, a
    # prior): one garbled greeting alone does not make the first number said only offered;
    # a call heard badly throughout still falls below ``min_free_confidence`` after a few
    # results. 0: the plain mean from the first word.
    confidence_prior_words: int = 0
    # seconds of audio either side of a staff name's span read again by the name grammar
    name_margin: float = 0.1
    # number runs at most this many free words apart are also read together for a
    # receipt's shape (``_joined_spans``); 0: never
    join_gap: int = 3
    # the user's own numbers heard anywhere (``own_matches``): most digits wrong, missing or
    # extra between a reading and one of the user's receipts (ten digits) or A-number
    own_receipt_off: int = 2
    own_a_number_off: int = 1
    # seconds between two results of one speaker for a number to run on from the first
    # into the second (``AssistContext``: "oh four four" … "nine two one six two"); 0: never
    split_gap: float = 5.0
    # How this engine's grammar hears a cue said right before a number, as grammar words
    # ("i d is" → "i eighty s"): where one runs from before a digits-only span into its
    # start, the words inside are the cue, not digits (``grammar_reading``).
    cue_echoes: tuple[tuple[str, ...], ...] = ()
    # The letter names this engine's grammar hears for the glue said right before a number
    # ("is" → "s", "it's" → "x"): never a staff ID's letter (``_lettered_staff_id``).
    glue_letters: tuple[str, ...] = ()
    # The free words this engine writes for the glue said right before an answer's number,
    # which its grammar hears as a digit ("no problem **it's** seven seven five five": free
    # "at", grammar "eight"): an answer's span starts after one (``AssistContext.spans``).
    # () for Vosk until real English calls show one.
    glue_words: tuple[str, ...] = ()
    # Whether this engine's grammar splits a number's last "two": its "t" glued to the digit
    # before as a "-ty", its vowel a letter ("four one eight two" → "four one eighty o"), or
    # both letters ("four four t l"): ``two_at_end``. The stand-in does (round 8); Vosk's is
    # unknown (no English model here), so off until real English calls show it.
    splits_two: bool = False
    # Words this engine's grammar hears for a letter spelled out between letters, beyond
    # the letter names and spelling words ("e n" → "eighty n": ``spelled_runs``); none for
    # Vosk until real English calls show one.
    spelled_letters: tuple[tuple[str, str], ...] = ()
    # The shortest name this engine's name grammar hears, in seconds: a grammar with no
    # "[unk]" fills the seconds left over around a name with a name too short to be one
    # ("la toya" read "latoya anne", the "anne" 0.09 s); a shorter word of its reading is
    # dropped (``name_reading``). 0.0: every word is a name (Vosk's "[unk]" takes the rest).
    min_name_seconds: float = 0.0
    # A staff name the free recognizer heard that is in no name list, heard less sure than
    # this (the extractor's confidence: the words' times how well the cue fits), is a word
    # misheard more often than a name the list lacks (ten tuning sets, the stand-in: 1 right
    # of 32 below 0.75; the list-less names it heard right, 0.81 and surer): it is held back,
    # no field, unless the name grammar reads a list name there (``CallSession``). 0.0: never
    # held (Vosk's confidences on English names are unknown: no English model here).
    unsure_name_confidence: float = 0.0
    # A staff name in no name list, with no title said right before it ("officer x", "agent
    # x"), is held back whatever its confidence (a notice, no field): on this engine a word
    # the list lacks is a misheard word far more often than a name (``CallSession._unsure_name``).
    # False: only below ``unsure_name_confidence`` (Vosk: its confidences are unknown).
    hold_unlisted_names: bool = False
    # Whether the name grammar's reading of a held name makes it a field by itself
    # (``CallSession._release_unsure``); False: the reading is only offered on the name's
    # notice (``NameNotice.reading``), which the user takes or not.
    release_held_names: bool = True
    # Whether a word is one this engine's recognizer can write (its lexicon; the stand-in's
    # dictionary): a spelled name the name list lacks is read from its letters only when
    # they spell such a word (``lexicon_spelled``). None: no lexicon known, no such reading.
    known_word: Callable[[str], bool] | None = None
    # How this engine's free recognizer hears a number cue, beyond the language's own
    # sound-alikes (``_SOUNDS_LIKE_A_CUE``): free words -> the cue's words ("i t is" for
    # "i d is"), read as that cue wherever it is said (``_cue``). None for Vosk until real
    # English calls show its own.
    cue_sounds: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()


# Vosk: word confidences are posteriors; 0.85 is where the small English model's digit
# homophones sit. Not tuned on English speech (none can be downloaded here).
VOSK = AssistSettings("vosk", low_confidence=0.85)


@dataclass(frozen=True)
class AssistSpan:
    """Seconds of a free result to read again; ``kind`` when a cue said what follows."""

    start: float
    end: float
    free_text: str
    kind: str | None = None
    # the kinds an answer may be when the question's kind word was lost ("what is your
    # high number"): the reading's shape decides (``kind_by_shape``)
    kinds: tuple[str, ...] = ()
    # the pauses between results a number split over them crosses (call seconds): the
    # span's grammar words are read around them (``split_reading``); () for one result
    pauses: tuple[tuple[float, float], ...] = ()
    # the kind came from an earlier result, not a cue in this one (``_told_span``: "i'll open
    # a service request" … "the number is nine five …"): the free reading never knew it
    carried: bool = False
    # only a reading of the kind's usual length is worth giving (``reading_is_news``): a bare
    # number that only the exchange around it says is of ``kind`` (``AssistContext._exchanged``)
    usual: bool = False
    # the cue is one the free extractor does not read ("my ideas", "age and number"; a cue
    # word heard plural): the free reading never knew the kind, so the grammar's reading
    # is news even in the free reading's own words (``reading_is_news``)
    cue_unheard: bool = False
    # a staff ID's letter may be said before ``start`` (its first number word), where the free
    # reading wrote a word ("my i d is **the** one nine four seven"): the grammar's words are
    # read from here (``grammar_reading``) and ``free_text`` starts with that word; the span's
    # seconds stay the number's (a free value from ``start`` read it whole)
    letter_from: float | None = None
    # a closing greeting starts here, right after the number ("… three one **how may i help
    # you**", ``_closes``): no grammar word whose middle is past it is the number's
    closed_at: float | None = None


# What an agent asks a caller for: the caller's own numbers, the most distinctive first
# (a receipt's three letters and ten digits, then an A-number's eight or nine digits).
ANSWER_KINDS = (RECEIPT_NUMBER, A_NUMBER)
# What a caller asks an agent for: the agent's ID ("and your id number teresa"), then a
# referral (a staff ID's 4–6 characters and a referral's 7–10 digits never meet).
CALLER_ASKS = (STAFF_ID, REFERRAL_NUMBER)
# The word a caller asks for something of the agent's with ("and your id", "your name and
# number"), which the free reading keeps when it loses the kind word after it.
_YOUR = {"en": "your"}  # Spanish ("su") not done
# What a reading with no cue at all is by its shape alone: only a receipt's (a known
# three-letter prefix and ten digits) says its kind wherever it is said — the agent's
# read-back "okay so m s c nineteen forty two …".
SHAPED_KINDS = (RECEIPT_NUMBER,)
# What a run of the letter A and eight or more digits is by its letter alone (an A-number
# read back "a two two zero …", heard "i two two zero …": ``lettered_a_number``).
LETTERED_KINDS = (A_NUMBER,)


# --------------------------------------------------------------------------- spans

_CUE_WORDS: dict[str, frozenset[str]] = {}


def _singular(words: list[str], lang: Language) -> list[str]:
    """``words`` with a cue word the free recognizer heard plural made singular ("your
    service **requests** number", "receipt **numbers**"): a word ending in "s" that is
    no cue word while the word without it is."""
    known = _CUE_WORDS.get(lang.code)
    if known is None:
        known = frozenset(w for phrases in lang.cue_phrases.values() for p in phrases for w in p.split())
        _CUE_WORDS[lang.code] = known
    return [w[:-1] if w.endswith("s") and w not in known and w[:-1] in known else w for w in words]


def _cue(words: list[str], i: int, lang: Language = ENGLISH,
         settings: AssistSettings | None = None) -> tuple[int, str] | None:
    """(end index, kind) of a number cue starting at word ``i`` (a cue word heard plural
    is still one: ``_singular``; so is a sound-alike of the language's, ``_SOUNDS_LIKE_A_CUE``,
    or of the engine's, ``settings.cue_sounds``)."""
    from companion.extract.cues import match_cue

    m = match_cue(words, i, lang)
    if m is None:
        plain = _singular(words[i:i + 6], lang)
        if plain != words[i:i + 6]:
            m = match_cue(words[:i] + plain + words[i + 6:], i, lang)
            if m is not None and m[0] - i < 2:
                m = None  # one word heard plural is no cue: "live **agents** are available"
    if ((m is None or m[1] not in NUMBER_KINDS) and i < len(words)
            and not (i > 0 and (match_cue(words, i - 1, lang) or (0, ""))[0] == i)):
        # not after a cue that already announces the number ("operator ideas for forty nine");
        # over a cue of no number ("age": "your name and age")
        sounds = [*_SOUNDS_LIKE_A_CUE.get(lang.code, {}).items(), *(settings.cue_sounds if settings else ())]
        if i > 0:
            sounds += [(heard, cue) for heard, (cue, leads) in _SOUNDS_LIKE_A_CUE_AFTER.get(lang.code, {}).items()
                       if words[i - 1] in leads]
        for heard, cue in sounds:
            if tuple(words[i:i + len(heard)]) == heard:
                said = match_cue(words[:i] + list(cue) + words[i + len(heard):], i, lang)
                if said is not None:  # its end in the words as heard
                    m = (said[0] + len(heard) - len(cue), said[1], said[2])
                break
    if (m is None and i + 2 < len(words) and words[i] in _SOUNDS_LIKE_A_SAID.get(lang.code, ())
            and words[i + 1] == "number" and words[i + 2] in lang.value_leads):
        # "in my high number is two two …": the letter A heard as a word, in a statement;
        # its "my" heard as a sound-alike too ("**by high** number is …", "**i i** number is …")
        before = words[:i]
        if before and before[-1] in _SOUNDS_LIKE_MY.get(lang.code, ()):
            before = [*before[:-1], _MY.get(lang.code, before[-1])]
        m = match_cue(before + ["a"] + words[i + 1:], i, lang)
    if m is None:
        return None
    return m[0], m[1]


def _heard_plural(words: list[str], i: int, lang: Language = ENGLISH) -> bool:
    """Whether the number cue at word ``i`` is one only with a cue word heard plural made
    singular ("your service **requests** number is …"): the extractor reads none there."""
    from companion.extract.cues import match_cue

    plain = _singular(words[i:i + 6], lang)
    return (match_cue(words, i, lang) is None and plain != words[i:i + 6]
            and match_cue(words[:i] + plain + words[i + 6:], i, lang) is not None)


# Words that sound as a cue said quickly, as a free recognizer writes them: "my i d is"
# is "my ideas" (nine times in the six tuning sets, every time for "i d is"); "agent" is
# "age and" (22 times in the eight tuning sets' free readings, every one of them "agent":
# "age and number eight one four two", "this is omar age and ninety seven seven …").
# "write down this number" is "right down this number" (six results of the rig's cache, no
# other "right down" there): a homophone any recognizer may write. "i d" alone is "idea"
# after whose ID it is ("can i get **your idea** before we start", "my operator idea is to
# eight zero": 16 results of the rig's cache); a bare "idea" is the word as often ("a good
# idea to keep one", "have an idea day").
_SOUNDS_LIKE_A_CUE: dict[str, dict[tuple[str, ...], tuple[str, ...]]] = {
    "en": {("ideas",): ("id",), ("age", "and"): ("agent",), ("right", "down"): ("write", "down")}}
# Sound-alikes of a cue only after one of these words (the word before is kept).
_SOUNDS_LIKE_A_CUE_AFTER: dict[str, dict[tuple[str, ...], tuple[tuple[str, ...], frozenset[str]]]] = {
    "en": {("idea",): (("id",), frozenset({"your", "my", "operator"}))}}
# The letter A of "a number" as a free recognizer writes it ("your high number", "eye
# number", "the ai number"): a cue only in a statement of the number ("my high number is
# two two …"); a question ("what is your high number") stays a lost question (``lost_question``).
_SOUNDS_LIKE_A: dict[str, frozenset[str]] = {"en": frozenset({"high", "eye", "ai"})}
# In a statement of the number ("… number is"), also the letter itself ("my **i** number is":
# no "i number" is said otherwise); and the "my" before it as its sound-alikes ("**by** high
# number is", "**i** i number is"), which the A-number cue's lead (``cue_needs_lead``) lacks.
_SOUNDS_LIKE_A_SAID: dict[str, frozenset[str]] = {"en": _SOUNDS_LIKE_A["en"] | {"i"}}
_SOUNDS_LIKE_MY: dict[str, frozenset[str]] = {"en": frozenset({"by", "i", "buy", "bye"})}
_MY: dict[str, str] = {"en": "my"}


def assist_spans(words: list[dict], number_word, settings: AssistSettings = VOSK,
                 homophones: Iterable[str] = (), lang: Language = ENGLISH) -> list[AssistSpan]:
    """The spans of one free result (Vosk ``result`` words) worth a grammar reading.

    ``number_word(word)`` says whether a word is a digit, letter or homophone; the cues and
    the words between a cue and its number (``glue``) are ``lang``'s.
    """
    texts = [w.get("word", "") for w in words]
    spans: list[AssistSpan] = []
    i = 0
    while i < len(texts):
        cue = _cue(texts, i, lang, settings)
        if cue is None or cue[1] not in NUMBER_KINDS:
            i += 1
            continue
        end_idx, kind = cue
        j = end_idx
        while j < len(texts) and texts[j] in lang.glue:
            j += 1
        inner = _cue(texts, j, lang, settings) if j < len(texts) else None
        if inner is not None and inner[1] in NUMBER_KINDS:
            i = j  # "write this down, your referral number is …": the nearer cue decides
            continue
        j = _number_start(texts, j, lang)  # "… number for your records is twenty eight …"
        if (end_idx - i == 1 and texts[i] in lang.short_reach
                and not any(number_word(t) for t in texts[j:j + 2])):
            # a title or word of short reach ("officer", "agent") cues a number said right
            # after it (or a word after: "operator ideas for forty nine"): "hi officer
            # **i've been waiting** almost two years" holds none
            i += 1
            continue
        k = j
        closed = False  # the span ends at a closing greeting (``_closes``)
        while k < len(texts) and k - j < settings.cue_span_words:
            nxt = _cue(texts, k, lang, settings) if k > j else None
            if nxt is not None and nxt[1] in NUMBER_KINDS:
                break
            if k > j and _closes(texts, k, lang):
                closed = True
                break
            k += 1
        if k > j:
            # a staff ID's letter said between the cue and its digits, written as a word of the
            # glue ("my i d is **the** one nine four seven", "i d number **and** eight one oh
            # four", "**the** as in david …"): the grammar reads it there
            lj = (_letter_start(texts, end_idx, j, lang) if kind == STAFF_ID
                  else _digits_start(texts, end_idx, j, lang) if kind == REFERRAL_NUMBER else j)
            if lj == j > end_idx and kind in (STAFF_ID, REFERRAL_NUMBER) and texts[j - 1] in settings.oh_words:
                # "your referral number is **all** four seven seven …": the first digit, an
                # "oh" the free recognizer wrote as one of the engine's words for it
                lj = j - 1
            start = words[j]["start"]  # the grammar hears the cue's "is" as "s" or "three"
            # a cue heard plural ("your service **requests** number is …"): the extractor
            # saw no cue, so even a reading the free recognizer heard the same is news
            from companion.extract.cues import match_cue

            unheard = not any((match_cue(texts, x, lang) or (0, ""))[1] in NUMBER_KINDS for x in range(i, end_idx))
            spans.append(AssistSpan(float(start), float(words[k - 1]["end"]),
                                    " ".join(texts[lj:k]), kind, carried=_heard_plural(texts, i, lang),
                                    cue_unheard=unheard,
                                    letter_from=float(words[lj]["start"]) if lj < j else None,
                                    closed_at=float(words[k]["start"]) if closed else None))
        i = max(k, i + 1)
    homophones = set(homophones)
    cued = list(spans)
    run: list[dict] = []
    runs: list[tuple[int, int, bool]] = []  # (first, last) word index of each number run, doubtful
    for idx, w in enumerate([*words, None]):
        if w is not None and number_word(w.get("word", "")):
            run.append(w)
            continue
        lettered = False
        if run:
            doubtful = any(x.get("conf", 1.0) < settings.low_confidence or x["word"] in homophones
                           for x in run)
            lettered = _lettered_run([x["word"] for x in run], lang) and not any(
                c.start < float(run[-1]["end"]) and float(run[0]["start"]) < c.end for c in spans)  # no cue's
            runs.append((idx - len(run), idx - 1, doubtful))
        if run and (doubtful or lettered):
            s, e = float(run[0]["start"]), float(run[-1]["end"])
            if not any(c.start - settings.margin <= s and e <= c.end + settings.margin for c in spans):
                # a lettered run is read for the A-number's shape though every word was heard
                # with confidence, and though the grammar hears it as the free recognizer did
                # (``reading_is_news``: its kinds)
                spans.append(AssistSpan(s, e, " ".join(x["word"] for x in run), None,
                                        LETTERED_KINDS if lettered else ()))
        run = []
    spans.extend(_joined_spans(words, runs, cued, settings))
    spans.sort(key=lambda s: s.start)
    return spans


def _letter_said(word: str, lang: Language) -> bool:
    """Whether a free word may be a letter's name as a free recognizer writes it: a letter,
    a word of a letter's sound (``Language.letter_words``, ``staff_id_letter_words``) or one
    of the glue words a letter's name is heard as (``Language.letter_sounds``: "the" for
    b, d, v; "and" for n, m) — never "a" or "i", words before a number all the time."""
    if word in _WORD_LETTERS.get(lang.code, set()):
        return False
    return ((len(word) == 1 and word.isalpha()) or word in lang.letter_words
            or word in lang.staff_id_letter_words or word in lang.letter_sounds)


def _letter_start(texts: list[str], lo: int, j: int, lang: Language = ENGLISH) -> int:
    """Where a staff ID's grammar reading starts (``AssistSpan.letter_from``) when its letter
    is said between the cue (ending at ``lo``) and the first word of its number (``j``, past
    the glue): at the glue word before
    ``j`` that may be the letter's name, or at the letter before a spelled "as in" ("**the**
    as in david four four …"); else ``j``."""
    m = len(lang.spell_as)
    for p in range(max(lo, j - m), min(j + 1, len(texts) - m + 1)):
        if m and tuple(texts[p:p + m]) == lang.spell_as:
            return p - 1 if p - 1 >= lo and _letter_said(texts[p - 1], lang) else p
    if j - 1 >= lo and texts[j - 1] in lang.glue and _letter_said(texts[j - 1], lang):
        return j - 1
    return j


def _eight_first(span: AssistSpan, words: list[dict], lang: Language = ENGLISH) -> AssistSpan:
    """A staff ID's span right after the word "a" (``_FIRST_SOUNDS``) is read from that word
    on (``AssistSpan.letter_from``): the grammar says whether it was the digit eight or the
    letter ("… is a four o six", read "eight four o six"; ``first_sound_misheard``)."""
    if span.kind != STAFF_ID or span.letter_from is not None:
        return span
    # the words the free reading makes a letter of where the grammar may hear a digit ("a")
    sounds = {w for w, (free, _) in _FIRST_SOUNDS.get(lang.code, {}).items() if free.isalpha()}
    for i, w in enumerate(words):
        if abs(float(w.get("start", -1.0)) - span.start) < 0.01:
            if i and words[i - 1].get("word") in sounds:
                return replace(span, free_text=f"{words[i - 1]['word']} {span.free_text}",
                               letter_from=float(words[i - 1]["start"]))
            break
    return span


def _lettered_run(texts: list[str], lang: Language = ENGLISH) -> bool:
    """Whether a run of number words is the letter A then eight or more digit words ("i
    seven one one one four two zero eight": an A-number read back with its letter, every
    word heard with confidence): worth a grammar reading for the A-number's shape
    (``lettered_a_number``) though no word of it is doubtful."""
    return (len(texts) > _A_NUMBER_WORDS and texts[0] in _A_LETTERS.get(lang.code, ())
            and all(characters(t).isdigit() for t in texts[1:]))


# The fewest words an A-number's digits are said in one by one (eight)
_A_NUMBER_WORDS = 8


# The fewest words a receipt's ten digits are said in (in pairs: "nineteen forty two
# seventy seven …" takes five or more): fewer number words are no receipt.
_RECEIPT_WORDS = 5


def _joined_spans(words: list[dict], runs: list[tuple[int, int, bool]], cued: list[AssistSpan],
                  settings: AssistSettings) -> list[AssistSpan]:
    """Spans read for a receipt's shape only (``kinds=SHAPED_KINDS``): number runs at most
    ``settings.join_gap`` free words apart, one of them doubtful and five number words
    in all, joined, from up to
    ``settings.join_gap`` words before the first (a receipt read out is often heard as
    a few words and several runs: "as our seats you wanna nine nine three four four o
    one", "at massey two four nine no one five six six one three")."""
    out: list[AssistSpan] = []
    gap = settings.join_gap
    if gap <= 0:
        return out
    groups: list[list[tuple[int, int, bool]]] = []
    for r in runs:
        if groups and r[0] - groups[-1][-1][1] - 1 <= gap:
            groups[-1].append(r)
        else:
            groups.append([r])
    for g in groups:
        if not any(d for _, _, d in g) or sum(b - a + 1 for a, b, _ in g) < _RECEIPT_WORDS:
            continue
        first = max(0, g[0][0] - gap)
        last = g[-1][1]
        if len(g) == 1 and first == g[0][0]:
            continue
        s, e = float(words[first]["start"]), float(words[last]["end"])
        if any(c.start < e and s < c.end for c in cued):
            continue  # a cue's span reads it as its kind
        out.append(AssistSpan(s, e, " ".join(w.get("word", "") for w in words[first:last + 1]),
                              None, SHAPED_KINDS))
    return out


def _closings(lang: Language) -> tuple[tuple[str, ...], ...]:
    """The agent's greetings that end an introduction and never hold a number ("how can i
    help", "how may i assist"): ``lang.agent_intro``'s phrases of three words or more, none
    of them a number word or a homophone of one, not only letters; and the language's
    ``closing_greetings`` up to their first number word, three words or more of them ("what
    can i do for you": "what can i do"); and its introductions of a name of three words or
    more (``lang.intros``: "my name is")."""
    found = _CLOSINGS.get(lang.code)
    if found is None:
        numbers = {*lang.units, *lang.oh, *lang.homophones, *lang.teens, *lang.tens, *lang.multipliers}
        intro = [tuple(p.split()) for p in lang.agent_intro if not numbers & set(p.split())]
        closing = []
        for p in lang.closing_greetings:
            words = p.split()
            cut = next((n for n, w in enumerate(words) if w in numbers), len(words))
            closing.append(tuple(words[:cut]))
        # an introduction of a name ("my name is", "you're speaking with") ends a number too:
        # "operator six oh three three **my name is** greta" (the grammar reads "name" as "nine e m")
        names = [tuple(phrase) for phrase, _staff in lang.intros]
        found = _CLOSINGS[lang.code] = tuple(dict.fromkeys(
            p for p in (*intro, *closing, *names) if len(p) >= 3 and any(len(w) > 2 for w in p)))
    return found


_CLOSINGS: dict[str, tuple[tuple[str, ...], ...]] = {}


def _closes(texts: list[str], k: int, lang: Language = ENGLISH) -> bool:
    """Whether a closing greeting (``_closings``) starts at word ``k``: the number before it
    has ended ("… two two nine five four **how can i help**"), and the grammar's words over
    the greeting ("papa nine hotel") are not its digits."""
    return any(tuple(texts[k:k + len(p)]) == p for p in _closings(lang))


def _digits_start(texts: list[str], end: int, j: int, lang: Language = ENGLISH, most: int = 3) -> int:
    """Where a referral's grammar reading starts (``AssistSpan.letter_from``) when the free
    recognizer wrote its first digits as glue words ("your referral number is **it a go** to
    seven four four one six" for "… eight oh two seven …"): at the first glue word after the
    cue and its "is", when at most ``most`` of them come before the number and one of them
    is a digit's sound-alike (``_FIRST_SOUNDS``: "a" for eight); else ``j``."""
    k = end
    while k < j and texts[k] in lang.value_leads:
        k += 1
    digits = {w for w, (_, heard) in _FIRST_SOUNDS.get(lang.code, {}).items() if heard.isdigit()}
    return k if 0 < j - k <= most and any(texts[x] in digits for x in range(k, j)) else j


def _number_start(texts: list[str], j: int, lang: Language = ENGLISH, look: int = 6) -> int:
    """Where the number after a cue begins: after a later "is" within ``look`` words that
    a number follows ("… number for your records is twenty eight …"), else ``j`` (the
    words right after a cue may be digits the free recognizer garbled)."""
    from companion.extract.spoken import starts_number

    for k in range(j, min(len(texts) - 1, j + look)):
        if texts[k] in lang.value_leads and starts_number(texts, k + 1, lang=lang):
            return k + 1
    return j


# The fewest number words a value of each kind is said in: a referral's eight digits take
# four or more ("twenty two ninety eight forty one sixty"), a receipt's ten five or more.
# Fewer after a cue are no number of that kind: words misheard as number words ("… number
# for your records", "… receipt number on you notice", "operator number ten years").
_FEWEST_WORDS: dict[str, int] = {STAFF_ID: 1, REFERRAL_NUMBER: 4, RECEIPT_NUMBER: 5, A_NUMBER: 4}


def question_kind(words: list[dict], number_word, lang: Language = ENGLISH,
                  homophones: Iterable[str] = (), settings: AssistSettings | None = None) -> str | None:
    """The kind a result asks for: its last number cue with fewer number words after it
    than a value of its kind is said in (``_FEWEST_WORDS``: "can i have the receipt
    number please", "what is your a number", "the receipt number on you notice"). The
    engine's ``homophones`` of number words ("for", "to", "you") are not counted: "can i
    get your id number for my notes" asks for an ID. "" (a number, its kind lost) when it
    ends in "your high number" after a cue."""
    texts = [w.get("word", "") for w in words]
    asked = None
    for i in range(len(texts)):
        cue = _cue(texts, i, lang, settings)
        if cue is not None and cue[1] in NUMBER_KINDS and cue[0] - i == 1 and texts[i] in lang.titles:
            continue  # a title alone asks for no number: "a tier two **officer** who can look at it"
        if cue is not None and cue[1] in NUMBER_KINDS:
            after = sum(1 for t in texts[cue[0]:] if number_word(t) and t not in homophones)
            asked = cue[1] if after < _FEWEST_WORDS.get(cue[1], 1) else None
    if (asked is not None and len(texts) >= 3 and texts[-1] == lang.number_word
            and texts[-2] in _SOUNDS_LIKE_A.get(lang.code, ()) and texts[-3] in lang.cue_needs_lead.get("a", ())):
        # "… your receipt number here can you also give me **your eye number**": the question
        # ends asking for another number, whose kind word was lost (an A-number's "a", an "i d"):
        # the answer's shape decides, as for any such question (``lost_question``)
        asked = ""
    return asked


def _number_words(lang: Language) -> frozenset[str]:
    """The words that end the cues of three or more number kinds ("number"): a question
    ending in one asks for a number even when the kind word before it was misheard."""
    kinds: dict[str, set[str]] = {}
    for kind, phrases in lang.cue_phrases.items():
        if kind in NUMBER_KINDS:
            for phrase in phrases:
                kinds.setdefault(phrase.split()[-1], set()).add(kind)
    return frozenset(w for w, ks in kinds.items() if len(ks) >= 3)


def lost_question(words: list[dict], number_word, lang: Language = ENGLISH) -> bool:
    """Whether a result asks for a number whose kind word the free reading lost ("what is
    your high number", "may i have your seat number"): one of the cues' number words
    among its last two words, no number words after that, and no cue in it — but a word
    that is a cue of no identifier (``NOT_ID``: "on", "in", "at") or a correction's ending
    before that number word is none ("do you have her **on** a number": "her a number" misheard);
    "phone number", "account number" are."""
    from companion.extract.cues import CORRECTION
    from companion.extract.lang import NOT_ID

    texts = [w.get("word", "") for w in words]
    if not texts:
        return False
    tails = _number_words(lang)
    for i in range(len(texts) - 1, max(len(texts) - 3, -1), -1):
        if texts[i] in tails:
            if i == 0 or any(number_word(t) for t in texts[i + 1:]):
                return False
            cues = [_cue(texts, j, lang) for j in range(len(texts))]
            # a correction's words before it ask for nothing ("**i'm sorry** to hear that may i
            # have your high number")
            return not any(c is not None and (c[1] not in (NOT_ID, CORRECTION) or c[0] > i) for c in cues)
    return False


# The words a request is opened with when no cue is heard ("i'll send a request", "open a
# new request", "i'll put in a request"): a referral may be given from there.
_REQUEST_WORDS: dict[str, frozenset[str]] = {"en": frozenset({"request", "requests"})}


class AssistContext:
    """The spans of a call's results in order: ``assist_spans`` plus *answers* — a result
    right after a question for a number ("what is your a number") is that number, though
    it has no cue of its own ("sure, a eight five seven …"). Thread-safe: two sources
    (agent and caller) share one context."""

    def __init__(self, settings: AssistSettings = VOSK, lang: Language = ENGLISH) -> None:
        import threading

        self.settings = settings
        self.lang = lang
        self._conf_sum = 0.0  # the call's free word confidences so far (``confidence``)
        self._conf_n = 0
        self._asked: tuple[str, str | None, float] | None = None  # kind, asker, when
        self._open: dict[str | None, AssistSpan] = {}  # per speaker: a kind's span that ended its result
        self._announced: dict[str | None, tuple[str, float]] = {}  # per speaker: a kind named, no number yet
        self._exchange: tuple[str, float] | None = None  # a referral being given: kind, last heard of
        self._lock = threading.Lock()

    def spans(self, words: list[dict], number_word, homophones: Iterable[str] = (),
              speaker: str | None = None) -> list[AssistSpan]:
        homophones = frozenset(homophones)
        spans = assist_spans(words, number_word, self.settings, homophones, self.lang)
        if not words:
            return spans
        from companion.extract.cues import NOT_ID, REACH_SHORT, match_cue

        texts = [w.get("word", "") for w in words]
        # a result naming something that is no identifier ("the new address is … **avenue**",
        # "two **years**") answers no question for one: its numbers are that thing's (not a
        # word of short reach, "on" — "i o e" is heard "i go easier **on**")
        other = any((m := match_cue(texts, i, self.lang)) is not None and m[1] == NOT_ID and m[2] > REACH_SHORT
                    for i in range(len(texts)))
        with self._lock:
            self._conf_sum += sum(float(w.get("conf", 1.0)) for w in words)
            self._conf_n += len(words)
            asked = self._asked
            waiting = asked is not None and not any(number_word(t) for t in texts) and (
                words[0]["start"] - asked[2] <= self.settings.answer_wait)
            if asked is not None and (speaker is None or asked[1] is None or speaker != asked[1]) and waiting:
                # "yes hold on let me find it": no number word — the answer is still to come
                self._asked = (asked[0], asked[1], float(words[-1]["end"]))
            elif asked is not None and (speaker is None or asked[1] is None or speaker != asked[1]):
                self._asked = None  # the other side has spoken: the question is answered
                kind, _, at = asked
                # a caller's question whose kind word was lost is answered by the agent's
                # number alone ("seven one nine zero three"): words around it ("my agent
                # number is …" heard "i h n number is …") are read as digits by the grammar
                bare = kind or asked[1] != "caller" or _number_words_only(
                    [w.get("word", "") for w in words], number_word, self.lang)
                if (not any(s.kind for s in spans) and words[0]["start"] - at <= self.settings.answer_wait
                        and bare and not other):
                    answer = _answer_span(words, kind or None, self.lang,
                                          CALLER_ASKS if asked[1] == "caller" else ANSWER_KINDS,
                                          self.settings.glue_words)
                    if answer is not None:
                        spans = [s for s in spans if s.end < answer.start or s.start > answer.end]
                        spans = sorted([*spans, answer], key=lambda s: s.start)
            announced = self._announced.pop(speaker, None)
            if (announced is not None and not any(s.kind for s in spans) and not other
                    and words[0]["start"] - announced[1] <= self.settings.answer_wait):
                told = _told_span(words, announced[0], number_word, self.lang)
                if told is not None:
                    spans = [s for s in spans if s.end < told.start or s.start > told.end]
                    spans = sorted([*spans, told], key=lambda s: s.start)
            spans = self._run_on(spans, words, number_word, speaker)
            spans = self._exchanged(spans, words, number_word)
            spans = [_eight_first(s, words, self.lang) for s in spans]
            asks = question_kind(words, number_word, self.lang, homophones, self.settings)
            if asks:
                self._announced[speaker] = (asks, float(words[-1]["end"]))
            if asks is None and lost_question(words, number_word, self.lang):
                asks = ""  # a number of a kind the free reading lost: the answer's shape decides
            if asks is None and speaker == "caller" and _YOUR.get(self.lang.code, "") in [w.get("word") for w in words]:
                # the caller asking for something of the agent's ("cool and your id" heard
                # "cool in your head"): the agent's bare number next is their ID or a referral
                asks = ""
            if asks is not None:
                self._asked = (asks, speaker, float(words[-1]["end"]))
        return spans

    def _run_on(self, spans: list[AssistSpan], words: list[dict], number_word,
                speaker: str | None) -> list[AssistSpan]:
        """Caller holds the lock: a number split over two results of one speaker — a span
        of a kind a cue named (a cue's; an answer's to a question that named it) that ends
        its result, then, within
        ``settings.split_gap`` seconds, a result of that speaker of number words only (and
        fillers: "oh four four" … "nine um two one six") — is also read as one span of the
        kind over both (``pauses``: the gap between them); ``split_reading`` decides whether
        the reading is one number. A joined span that ends its result may run on again (a
        referral dictated in four pieces). A span whose kind only its shape decides (a
        lost question's answer, a lost cue's number) never runs on: an eight-digit
        referral's two halves read as an A-number."""
        texts = [w.get("word", "") for w in words]
        prev = self._open.pop(speaker, None)
        start = float(words[0]["start"])
        if (prev is not None and self.settings.split_gap > 0 and start - prev.end <= self.settings.split_gap
                and (_number_words_only(texts, number_word, self.lang)
                     or _number_words_but_last(words, number_word, self.lang, self.settings))):
            spans = sorted([*spans, AssistSpan(prev.start, float(words[-1]["end"]),
                                               f"{prev.free_text} {' '.join(texts)}", prev.kind, prev.kinds,
                                               (*prev.pauses, (prev.end, start)), letter_from=prev.letter_from)],
                           key=lambda s: s.start)
        end = float(words[-1]["end"])
        ending = [s for s in spans if s.kind and s.end >= end]
        last = ending[-1] if ending else None
        if (last is not None and _short(last, last.free_text, self.settings)
                # (its last "oh" written as one of the engine's words for it: "one eighty two **well**")
                and _at_end(last.free_text.split(), _or_oh_words(number_word, self.settings), self.lang)
                and (last.kind != STAFF_ID or _plain_digits(last.free_text, self.lang) >= 2)):
            # (a staff ID's first part: two digit words at least — "officer aka for that's okay"
            # is a name spelled, its "for" no digit)
            self._open[speaker] = last  # a number still being read, short of its kind's length
        return spans

    def _exchanged(self, spans: list[AssistSpan], words: list[dict], number_word) -> list[AssistSpan]:
        """Caller holds the lock: a referral being given — its kind named (a cue, an
        announcement: "i'll submit a service request", "the referral number is eight three
        oh"), then its digits, often in pieces, read back by the caller and confirmed —
        stays open while results with number words follow within ``answer_wait``. A result
        with no span of a kind that is only a number (after an answer's opening: "yes",
        "so") of the kind's usual length is that number, said or read back (``_told_span``'s
        bare number, from either side): "eight zero zero two five one six nine" after
        "… the service request number is" / "zero zero two" / "five one six nine"."""
        texts = [w.get("word", "") for w in words]
        start, end = float(words[0]["start"]), float(words[-1]["end"])
        exchange = self._exchange
        if exchange is not None and start - exchange[1] > self.settings.answer_wait:
            exchange = None
        if exchange is not None and _asks_for_phone(texts, self.lang, self.settings):
            # "let me get a callback number" (heard "… i call that number"): the number said
            # next is a phone number, no referral read back
            self._exchange = None
            return spans
        # (a span run on from the speaker's last result is no number of its own: this one is whole)
        # (nor a receipt's shape read over joined runs: a referral's digits are no receipt)
        if exchange is not None and not any((s.kind or s.kinds) and not s.pauses and s.kinds != SHAPED_KINDS
                                            for s in spans):
            told = _read_back_span(words, exchange[0], number_word, self.lang, self.settings)
            if told is not None:
                # a piece run on into this result stays when the free reading is not a whole
                # number: its reading decides whether the pieces make one ("… is one zero
                # four four" / "eight two six three one seven")
                whole = usual_length(told.kind or "", characters(told.free_text))
                spans = [s for s in spans if (s.pauses and not whole) or s.end < told.start or s.start > told.end]
                spans = sorted([*spans, told], key=lambda s: s.start)
        if any(s.kind == REFERRAL_NUMBER for s in spans) or any(
                (cue := _cue(texts, i, self.lang, self.settings)) is not None and cue[1] == REFERRAL_NUMBER for i in range(len(texts))
        ) or any(t in _REQUEST_WORDS.get(self.lang.code, ()) for t in texts):
            exchange = (REFERRAL_NUMBER, end)
        elif exchange is not None and any(number_word(t) for t in texts):
            exchange = (exchange[0], end)
        self._exchange = exchange
        return spans

    @property
    def confidence(self) -> float:
        """The mean confidence of the call's free words so far (1.0 before any): how well
        the free recognizer hears this call's audio (``AssistSettings.min_free_confidence``)."""
        with self._lock:
            prior = self.settings.confidence_prior_words
            n = self._conf_n + prior
            return (self._conf_sum + prior) / n if n else 1.0


def _asks_for_phone(texts: list[str], lang: Language = ENGLISH, settings: AssistSettings | None = None) -> bool:
    """Whether a result ends asking for a phone number: its number word last, a phone cue
    ("call", "phone", "callback number") among the three words before it."""
    if len(texts) < 2 or texts[-1] != lang.number_word:
        return False
    return any((cue := _cue(texts, i, lang, settings)) is not None and cue[1] == PHONE_NUMBER
               for i in range(max(0, len(texts) - 4), len(texts) - 1))


def _plain_digits(text: str, lang: Language = ENGLISH) -> int:
    """How many of ``text``'s words are digit words (``characters``), homophones ("for",
    "to") not counted."""
    return sum(1 for w in text.split() if w not in lang.homophones and characters(w).isdigit())


def _short(span: AssistSpan, reading: str, settings: AssistSettings = VOSK) -> bool:
    """Whether ``reading`` has fewer digits than a whole value of the longest kind ``span``
    may be (``_SHORT_DIGITS``): only then may the number run on into the next result."""
    kinds = [k for k in ((span.kind,) if span.kind else span.kinds) if k in _SHORT_DIGITS]
    most = max((len(d) for d in digit_readings(reading, settings)), default=0)
    return bool(kinds) and most < max(_SHORT_DIGITS[k] for k in kinds)


def _at_end(texts: list[str], number_word, lang: Language = ENGLISH) -> bool:
    """Whether a number is still being read at the end of these words: only trailing
    words ("ah", "okay") after the last number word ("… one zero four four please hold"
    has ended)."""
    last = max((i for i, t in enumerate(texts) if number_word(t)), default=None)
    return last is not None and all(t in lang.trailing_all for t in texts[last + 1:])


def _number_words_only(texts: list[str], number_word, lang: Language = ENGLISH) -> bool:
    """Whether a result is only a number's words, as the extractor's continuation reads
    one: the words before the first number word lead in ("and", "so", "uh"), the rest are
    number words and fillers ("nine um two one six"), with a trailing "okay", "please"."""
    first = next((i for i, t in enumerate(texts) if number_word(t)), None)
    if first is None or not all(t in lang.leading_ok for t in texts[:first]):
        return False
    last = max(i for i, t in enumerate(texts) if number_word(t))
    return (all(number_word(t) or t in lang.fillers for t in texts[first:last])
            and all(t in lang.trailing_all for t in texts[last + 1:]))


def _number_words_but_last(words: list[dict], number_word, lang: Language = ENGLISH,
                           settings: AssistSettings = VOSK) -> bool:
    """Whether a result is a number's words (``_number_words_only``) but for its last word,
    heard unsure (below ``settings.low_confidence``) — a digit the free recognizer made a
    word of ("two three three **sex**" for "… six"): the second part of a number split at a
    pause runs on from the first all the same, and the grammar's reading decides
    (``split_reading``: the parts must make a length of the kind)."""
    if len(words) < 2 or float(words[-1].get("conf", 1.0)) >= settings.low_confidence:
        return False
    texts = [w.get("word", "") for w in words[:-1]]
    return number_word(texts[-1]) and _number_words_only(texts, number_word, lang)


def _past(texts: list[str], *openings: Iterable[str]) -> int:
    """Where a result's number may begin: the index of its first word that is in none of
    ``openings`` (an answer's "yes", "it's", "uh"; the glue "is")."""
    j = 0
    while j < len(texts) and any(texts[j] in words for words in openings):
        j += 1
    return j


def _told_span(words: list[dict], kind: str, number_word, lang: Language = ENGLISH) -> AssistSpan | None:
    """The number a speaker announced a moment ago, told with no kind word of its own: "i'll
    open a service request for the delay" … "the number is nine five five two …". The words
    after the cues' number word and a value lead ("number is") are a span of ``kind``; a
    result that is only a number of ``kind``'s usual length is one too."""
    texts = [w.get("word", "") for w in words]
    tails = _number_words(lang)
    for i in range(len(texts) - 2):
        if texts[i] in tails and texts[i + 1] in lang.value_leads and number_word(texts[i + 2]):
            return AssistSpan(float(words[i + 2]["start"]), float(words[-1]["end"]), " ".join(texts[i + 2:]), kind,
                              carried=True)
    # the number told bare by the speaker who named its kind: the agent reading the caller's
    # answer back ("what is his alien number" … "a two zero eight seven seven seven five one
    # two") or telling the number announced ("i'll put in a service request" … "it's six zero
    # zero two …") — number words only after an answer's opening, as many digits as the
    # kind usually has (a bare number with no word of its kind must look like one: "seventy
    # two fifteen nine …", nine digits, is none). Not receipts: the asker's read-back of a
    # receipt spells its prefix, which the receipt's own paths read (i9-r8b-ref)
    j = _past(texts, lang.answer_openers, lang.leading_ok)
    if (kind != RECEIPT_NUMBER and j < len(texts) and number_word(texts[j])
            and _number_words_only(texts[j:], number_word, lang)
            and usual_length(kind, characters(" ".join(texts[j:])))):
        return AssistSpan(float(words[j]["start"]), float(words[-1]["end"]), " ".join(texts[j:]), kind,
                          carried=True)
    return None


# How far the free reading of a bare number in a referral exchange may be off the kind's
# usual length ("five seven seven one **of** three **to** two": a digit merged or lost) for
# the grammar's reading of it to be asked, which must have the usual length (``usual``).
_READ_BACK_SLACK = 2


def _or_oh_words(number_word, settings: AssistSettings) -> Callable[[str], bool]:
    """``number_word``, and the words the engine's free recognizer writes for the digit "oh"
    (``settings.oh_words``: "one three **or** five five")."""
    return lambda t: number_word(t) or t in settings.oh_words


def _read_back_span(words: list[dict], kind: str, number_word, lang: Language = ENGLISH,
                    settings: AssistSettings = VOSK) -> AssistSpan | None:
    """A result that is only a number (after an answer's opening) whose free reading has
    nearly as many digits as ``kind`` usually has: a span of ``kind`` whose grammar reading
    counts only at the usual length (``usual``)."""
    texts = [w.get("word", "") for w in words]
    j = _past(texts, lang.answer_openers, lang.leading_ok)
    usual = _USUAL_DIGITS.get(kind)

    said = _or_oh_words(number_word, settings)  # "one three **or** five five"
    if usual is None or j >= len(texts) or not number_word(texts[j]) or not _number_words_only(texts[j:], said, lang):
        return None
    if any(len(t) == 1 and t.isalpha() and t != "o" for t in texts[j:]):
        return None  # a letter in it ("e a c two two …"): a receipt or an ID read back, no referral
    digits = sum(c.isdigit() for c in characters(" ".join(texts[j:])))
    if not any(abs(digits - n) <= _READ_BACK_SLACK for n in usual):
        return None
    return AssistSpan(float(words[j]["start"]), float(words[-1]["end"]), " ".join(texts[j:]), kind,
                      carried=True, usual=True)


def _answer_span(words: list[dict], kind: str | None, lang: Language = ENGLISH,
                 kinds: tuple[str, ...] = ANSWER_KINDS, glue_words: Iterable[str] = ()) -> AssistSpan | None:
    texts = [w.get("word", "") for w in words]
    j = _past(texts, lang.glue, lang.answer_openers)
    glue = set(glue_words)
    # "no problem **it's** seven seven five five" heard "… at seven …": the engine's word for
    # the glue right before the number is no digit, however its grammar hears it ("eight")
    j = next((i + 1 for i in range(j, min(j + 3, len(texts) - 1)) if texts[i] in glue
              and characters(texts[i + 1]).isdigit()), j)
    # an answer that names its number first ("my agent number is three oh eight seven one",
    # heard "i h n number is three hour …") starts after the cues' number word and a value
    # lead: the grammar reads "number is" as digits ("m three s")
    tails = _number_words(lang)
    j = next((i + 2 for i in range(j, len(texts) - 2)
              if texts[i] in tails and texts[i + 1] in lang.value_leads), j)
    if j >= len(texts):
        return None
    return AssistSpan(float(words[j]["start"]), float(words[-1]["end"]), " ".join(texts[j:]), kind,
                      () if kind else kinds, carried=bool(kind))


def reading_is_news(span: AssistSpan, grammar_text: str, settings: AssistSettings = VOSK) -> bool:
    """Whether the grammar's reading of ``span`` is worth giving the session: it differs
    from the free words, or the span is a number split over results (``pauses``: the free
    reading never joined it), a lost question's answer (``kinds``: the free reading never
    knew its kind), a number whose kind came from an earlier result (``carried``) or a cue
    only the assist hears (``cue_unheard``), new even when the words are the same — and, for
    a span that only the exchange around it makes a number of its kind (``usual``), the
    reading has the kind's usual length. The pipeline and the test rig both ask this, so
    they emit the same readings."""
    if span.usual and span.kind and not any(usual_length(span.kind, d) for d in digit_readings(grammar_text, settings)):
        return False
    return bool(grammar_text) and (grammar_text != span.free_text or bool(span.pauses) or bool(span.kinds)
                                   or span.carried or span.cue_unheard
                                   # "my a number is" heard "my number is": the free reading
                                   # took an A-number for no staff ID (``id_cue_a_number``)
                                   or (span.kind == STAFF_ID and _id_cue_news(grammar_text, settings))
                                   # "i d is nine one …" heard "i d s nine one …": the glue as the
                                   # ID's letter, read the same by the grammar (``cue_glued``)
                                   or (span.kind == STAFF_ID and _glue_first(grammar_text, settings))
                                   # "nine l five five three eight": the engine's "oh", which the
                                   # free extractor took for the ID's letter (``oh_as_letter``)
                                   or (span.kind == STAFF_ID and _oh_after_digit(grammar_text, settings)))


def _oh_after_digit(reading: str, settings: AssistSettings) -> bool:
    """Whether a reading has one of the engine's one-letter words for "oh" (``_oh_letters``)
    right after a digit word ("nine **l** five …", "… three five **l**")."""
    words = (reading or "").lower().split()
    ohs = _oh_letters(settings)
    return any(w in ohs and characters(words[i - 1]).isdigit() for i, w in enumerate(words) if i)


def oh_as_letter(kind: str, free_value: str, value: str, free_text: str = "",
                 settings: AssistSettings = VOSK) -> bool:
    """Whether the free staff ID's letters are the engine's words for "oh" the free extractor
    took for letters ("nine l five five three eight": 9L5538; "two seven three five l":
    2735L): the free words hold that word, and the grammar's ``value`` is the free one with
    those letters its zeros (905538, 27350)."""
    if kind != STAFF_ID:
        return False
    ohs = {o.upper() for o in _oh_letters(settings)}
    heard = {w.upper() for w in (free_text or "").lower().split()}
    letters = {c for c in free_value.upper() if c.isalpha()}
    if not letters or not letters <= ohs or not letters <= heard:
        return False
    return "".join("0" if c in letters else c for c in free_value.upper()) == value.upper()


def _glue_first(reading: str, settings: AssistSettings) -> bool:
    """Whether a reading starts with one of the engine's glue letters right before a
    digit word ("s nine one eight eight")."""
    words = (reading or "").lower().split()
    return len(words) > 1 and words[0] in settings.glue_letters and characters(words[1]).isdigit()


def _id_cue_news(grammar_text: str, settings: AssistSettings) -> bool:
    """Whether a staff-ID cue's reading, heard the same by the free recognizer, is an
    A-number all the same (``id_cue_a_number``): said with its letter, or nine digits — not
    eight, a referral's usual length (the caller reading back the agent's referral after
    "… my number is" or a question for the agent's ID)."""
    if id_cue_a_number(grammar_text, (), settings) is None:
        return False
    heard = digit_readings(grammar_text, settings)
    return lettered_a_number(grammar_text, settings) is not None or bool(heard and len(heard[0]) == 9)


def grammar_reading(span: AssistSpan, grammar_words: Iterable[dict],
                    settings: AssistSettings = VOSK) -> str:
    """The grammar's words over ``span``'s seconds. A cue's span takes the words whose
    middle falls inside it (the grammar hears "is" as "s"); other spans any overlap. A
    digits-only kind's span leaves out a word that ends before its start (within a
    quarter of the margin): the cue's last syllable heard as a digit ("operator number
    six oh six one" → "m three six l six one", "i d four six" → "i eighty four six"). A
    receipt's keeps it: a prefix letter sits there. A span over several results
    (``pauses``) is read by ``split_reading``."""
    if span.pauses:
        return split_reading(span, grammar_words, settings)
    kept: list[dict] = []
    before: dict | None = None  # the last grammar word before the span's
    prior: list[str] = []  # the grammar words before the span's
    for w in grammar_words:
        if w.get("word") in (None, "[unk]"):
            continue
        if span.kind is not None:
            middle = (w["start"] + w["end"]) / 2
            start = span.start if span.letter_from is None else span.letter_from
            end = span.end + settings.margin if span.closed_at is None else min(span.end + settings.margin,
                                                                                    span.closed_at)
            inside = (start - settings.margin / 2 <= middle <= end
                      and (span.kind not in _USUAL_DIGITS or w["end"] > start + settings.margin / 4))
        else:
            inside = w["end"] > span.start - settings.margin and w["start"] < span.end + settings.margin
        if inside:
            kept.append(w)
        elif not kept:
            before = w
            prior.append(w["word"])
    out = [w["word"] for w in kept]
    if span.kind in _USUAL_DIGITS and out:
        out = out[_echo_length(out, prior, settings):]
        if span.kind == STAFF_ID:
            out = out[_spelled_cue_length(out, prior):]
            ours = kept[len(kept) - len(out):]
            together = _said_together(ours, settings)
            out = [w["word"] for w in together]
            if together and together[0] is not ours[0]:
                # the words before the ID heard as digits, then a pause, dropped: a cue echo
                # may end there ("terra ninety nine four …" read "romeo **i** | **eighty** nine four
                # …" for "tyrone i d nine four …")
                cut = next(i for i, w in enumerate(ours) if w is together[0])
                before_run = prior + [w["word"] for w in ours[:cut]]
                out = out[_echo_length(out, before_run, settings):]
        said = span.free_text.split()[:1]
        if (span.kind in (STAFF_ID, REFERRAL_NUMBER) and out and out[0] in _EIGHT_AS_LETTER
                and said and said[0] in _EIGHT_HEARD):
            # "… is eight two two one seven" heard "… is eighty two one seven", read "k two
            # two one seven": the free reading's eight is the ID's first digit, not a K (a
            # referral's too: "eight oh nine two …" heard "eight ninety one …", read "k e echo
            # nine two …")
            out = ["eight", *out[1:]]
    if (span.kind == RECEIPT_NUMBER and out and before is not None
            and before["end"] >= span.start - settings.margin and _letter_of(before["word"], ENGLISH)
            and 0 < _letters_before_digits(out) < 3):
        out.insert(0, before["word"])
    return " ".join(out)


# A staff ID's first "eight" the grammar heard as a letter of the same vowel, where the free
# reading heard an eight's sound ("k two two one seven" over "eighty two one seven"; "k double
# o four t o" over "a double o four two"): blind21 82217, blind26 80042
_EIGHT_AS_LETTER = frozenset({"k"})
_EIGHT_HEARD = frozenset({"eight", "eighty", "a", "ate"})


# A pause between two digit words of one number said aloud: the seconds between the end of one
# and the start of the next, over the words between them (a letter's name or a filler the
# grammar hears is a tenth or two of a second; the words after a number longer).
# blind21: 0.2, 0.3 and 0.45 s cut the same reading (57302, "… echo two **papa i** eight l p a")
_PAUSE = 0.3
# a run of fewer digits is no whole staff ID: a person says one in pieces ("five five one,
# oh nine"), which a pause must not cut (the stand-in's TTS never pauses inside one)
_TOGETHER_DIGITS = 4


def _said_together(words: list[dict], settings: AssistSettings = VOSK, lang: Language = ENGLISH) -> list[dict]:
    """A staff ID's grammar words up to the digits said after a pause: once a run of digit
    words said together (no pause, ``_PAUSE``, between one and the next) holds a staff ID's
    digits (``_TOGETHER_DIGITS`` or more), a digit word after a pause is the words after the
    ID heard as digits, another number or a read-back ("five seven three oh two how can i help
    you" read "five seven three echo two **papa i** eight l p a": 57328): it and the words
    after it are dropped. Words between the run and that digit (a letter said after the ID)
    stay. A short run first, then a pause, is words before the ID heard as digits ("to try
    the patch four three three one" read "p two r victor i h four three three one"): the next
    run is the ID when it has an ID's digits. Both engines: the pause is in the grammar
    words' own times."""
    runs = _digit_runs(words, settings, lang)
    first = 0
    if len(runs) > 1 and runs[0][1] < _TOGETHER_DIGITS:
        if runs[1][1] < _TOGETHER_DIGITS:
            return words  # no run holds an ID by itself: the pieces of one said slowly
        first, runs = runs[1][0], runs[1:]
    return words[first:runs[1][0] if len(runs) > 1 else len(words)]


def _digit_runs(words: list[dict], settings: AssistSettings, lang: Language) -> list[tuple[int, int]]:
    """The runs of digit words said together in ``words`` (``_said_together``): the index of
    each run's first digit word and how many digits it holds (a multiplier, a digit
    confusion's word: one)."""
    confused = _confusion_words(settings)
    runs: list[tuple[int, int]] = []
    last: dict | None = None  # the run's last digit word
    for n, w in enumerate(words):
        chars = characters(w["word"])
        if not (chars.isdigit() or w["word"] in confused or w["word"] in lang.multipliers):
            continue
        if last is None or float(w["start"]) - float(last["end"]) > _PAUSE:
            runs.append((n, 0))
        runs[-1] = (runs[-1][0], runs[-1][1] + (len(chars) if chars.isdigit() else 1))
        last = w
    return runs


def split_reading(span: AssistSpan, grammar_words: Iterable[dict], settings: AssistSettings = VOSK) -> str:
    """The grammar's words over a span split by pauses between results (each word by its
    middle, as a cue's span; none from the pauses), or "" unless they read as one number:
    the parts before the last pause have fewer digits than a whole value of the kind
    (``_SHORT_DIGITS``) and all parts together have a length of the kind (``_SPLIT_DIGITS``).
    Round 4 found a plain join false: the grammar's "three" for "… number" made nine
    digits of an eight-digit referral."""
    parts: list[list[str]] = [[] for _ in range(len(span.pauses) + 1)]
    for w in grammar_words:
        if w.get("word") in (None, "[unk]"):
            continue
        middle = (w["start"] + w["end"]) / 2
        start = span.start if span.letter_from is None else span.letter_from
        if not start - settings.margin / 2 <= middle <= span.end + settings.margin:
            continue
        if any(a <= middle <= b for a, b in span.pauses):
            continue
        if (span.kind or "") in _USUAL_DIGITS and w["end"] <= start + settings.margin / 4:
            continue  # the cue's last syllable heard as a digit, as a cue's span leaves it out
        parts[sum(middle > b for _, b in span.pauses)].append(w["word"])
    if not all(parts):
        return ""
    first = " ".join(" ".join(p) for p in parts[:-1])
    joined = f"{first} {' '.join(parts[-1])}"
    before = max((len(d) for d in digit_readings(first, settings)), default=0)
    after = [len(d) for d in digit_readings(joined, settings)]
    for kind in (span.kind,) if span.kind else span.kinds:
        full = _SPLIT_DIGITS.get(kind, ())
        if full and before < _SHORT_DIGITS[kind] and any(n in full for n in after):
            return joined
    return ""


# The staff-ID cue said letter by letter ("my **i d** is …"), as a letter grammar hears it in
# any engine: where the span's words start inside it ("i" before the span, "d" in it), its
# letters are the cue's, never the ID's letter ("agent i d seven two two nine" → D7229).
_SPELLED_CUES: dict[str, tuple[tuple[str, ...], ...]] = {"en": (("i", "d"),)}


def _spelled_cue_length(out: list[str], prior: list[str], lang: Language = ENGLISH) -> int:
    """How many of a staff ID's span's first grammar words finish the cue said letter by
    letter begun by the word before the span (``_SPELLED_CUES``: "i" before, "d" inside)."""
    for cue in _SPELLED_CUES.get(lang.code, ()):
        for m in range(1, len(cue)):
            if tuple(prior[-m:]) == cue[:m] and tuple(out[: len(cue) - m]) == cue[m:]:
                return len(cue) - m
    return 0


def _echo_length(out: list[str], prior: list[str], settings: AssistSettings) -> int:
    """How many of a span's first grammar words finish one of ``settings.cue_echoes``
    begun by the words before the span ("i" before, "eighty s" inside: "i eighty s")."""
    for echo in settings.cue_echoes:
        for m in range(len(echo)):
            if (m == 0 or tuple(prior[-m:]) == echo[:m]) and tuple(out[: len(echo) - m]) == echo[m:]:
                return len(echo) - m
    return 0


def _letters_before_digits(words: list[str]) -> int:
    """How many of ``words`` name a letter ("o" too) before the first that does not."""
    n = 0
    for w in words:
        if _letter_of(w, ENGLISH) is None:
            break
        n += 1
    return n


# --------------------------------------------------------------------------- trust


def agreement(free_text: str, value: str) -> float:
    """The share of ``value``'s digits the free reading also heard, in order (a
    ``SequenceMatcher`` ratio of the two digit strings; 0.0 when the free one has none)."""
    from difflib import SequenceMatcher

    heard = re.sub(r"\D", "", characters(free_text))
    digits = re.sub(r"\D", "", value)
    if not heard or not digits:
        return 0.0
    return SequenceMatcher(None, heard, digits, autojunk=False).ratio()


# The fewest digits (leading zeros not counted) a value heard whole by both recognizers
# has for their agreement to outweigh bad audio (``heard_whole``): a short number (a staff
# ID's four) is met in a garbled reading by chance, an A-number's eight or nine are not.
WHOLE_DIGITS = 7


def heard_whole(free_text: str, value: str) -> bool:
    """Whether the free reading heard the digits of ``value`` and no others (the A-number's
    zero fill not counted: "a seven one one one four two zero eight" is A071114208), a
    value of ``WHOLE_DIGITS`` or more: two recognizers, each hearing the same long number
    on its own, are not both wrong the same way. Not a part of a longer number the free
    reading heard (a receipt's ten digits, its prefix lost in bad audio, read as an
    A-number's nine)."""
    heard = re.sub(r"\D", "", characters(free_text)).lstrip("0")
    digits = re.sub(r"\D", "", value).lstrip("0")
    return len(digits) >= WHOLE_DIGITS and digits == heard


def trusted(value: str, free_text: str, confidence: float, settings: AssistSettings = VOSK,
            whole: bool = True, prefixes: Iterable[str] = ()) -> bool:
    """Whether a cue's grammar value may be applied by itself (``settings``' thresholds);
    an untrusted one is only offered beside the free reading. A long value the free
    reading heard whole (``heard_whole``; with ``whole``), or a whole receipt of a known
    prefix (``receipt_shaped``; ``prefixes``: the call's service-center prefixes), is trusted
    however bad the call's audio is."""
    if (confidence < settings.min_free_confidence and not (whole and heard_whole(free_text, value))
            and not receipt_shaped(value, prefixes)):
        return False
    return settings.min_agreement <= 0.0 or agreement(free_text, value) >= settings.min_agreement


def receipt_shaped(value: str, prefixes: Iterable[str]) -> bool:
    """Whether ``value`` is a whole receipt number of one of ``prefixes`` (three known letters
    and ten digits): a shape the grammar rarely reads by chance, on any audio — it passes
    ``trusted``'s audio gate (blind25 on the telephone band: receipts 27/0/16 → 34/2/9
    tp/fp/fn; clean, the gate had held back right receipts early in calls: blind21 +2)."""
    return len(value) == 13 and value[3:].isdigit() and value[:3] in set(prefixes)


# --------------------------------------------------------------------------- values

# Letters whose names sound alike, by vowel: a heard "z" for an "e" costs little.
_SOUND_GROUPS = ["bcdegptvz", "ahjk", "flmnsx", "iy", "quw", "o", "r"]
_GROUP = {c: n for n, group in enumerate(_SOUND_GROUPS) for c in group}


# Letter names of two groups that still sound alike: "ay" and "eye" differ only in the
# first vowel of their diphthong (EAC heard "e i c", WAC "w i c"); "why" ends in that
# same "eye", so it is as near "ay" (WAC heard "w y c").
_NEAR_PAIRS = {frozenset("ai"), frozenset("ay")}


def _letter_cost(a: str, b: str, half: float = 0.5) -> float:
    if a == b:
        return 0.0
    if a.isalpha() and b.isalpha() and (_GROUP.get(a.lower()) == _GROUP.get(b.lower())
                                        or frozenset((a.lower(), b.lower())) in _NEAR_PAIRS):
        return half
    return 1.0


def sound_distance(heard: str, known: str, half: float = 0.5) -> float:
    """Edit distance where a letter heard as one whose name rhymes costs ``half``."""
    prev = [float(j) for j in range(len(known) + 1)]
    for i, a in enumerate(heard, 1):
        cur = [float(i)]
        for j, b in enumerate(known, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + _letter_cost(a, b, half)))
        prev = cur
    return prev[-1]


def _hamming_close(a: str, b: str, most: int) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) <= most


def settle_prefix(letters: str | Sequence[str], prefixes: Iterable[str], most: float) -> str | None:
    """The known receipt prefix ``letters`` most likely was, or None when none is near or
    two are equally near. ``letters`` may carry extra letters before the prefix; a
    sequence of strings is the letters' possible readings (``prefix_letters``): each
    prefix costs the least over them."""
    candidates = [c.upper() for c in ([letters] if isinstance(letters, str) else letters) if c]
    if not candidates:
        return None
    best: list[tuple[float, str]] = []
    for p in prefixes:
        cost = min(sound_distance(t, p) + 0.1 * (len(c) - len(t))
                   for c in candidates for t in {c[-n:] for n in range(1, min(len(c), 5) + 1)})
        best.append((cost, p))
    best.sort()
    if not best or best[0][0] > most:
        return None
    if len(best) > 1 and best[1][0] == best[0][0]:
        # a tie: the prefix reached by letters that sound alike ("t i c": T→E and I→A,
        # each a rhyme) over one reached by a letter of another sound ("t i c": I→S)
        tied = [p for cost, p in best if cost == best[0][0]]
        near = sorted((min(sound_distance(t, p, half=0.45) + 0.1 * (len(c) - len(t))
                           for c in candidates for t in {c[-n:] for n in range(1, min(len(c), 5) + 1)}), p)
                      for p in tied)
        if near[1][0] == near[0][0]:
            return None
        return near[0][1]
    return best[0][1]


def _letter_of(word: str, lang: Language) -> str | None:
    """The letter a grammar word names in a receipt's prefix: a letter name, "oh", or a
    spelling-alphabet word ("oscar" is the letter O there, never the digit)."""
    if len(word) == 1 and word.isalpha():
        return word.upper()
    if word in lang.spelling_alphabet:
        return lang.spelling_alphabet[word].upper()
    if word in lang.oh:
        return "O"
    return None


def _example_letter(word: str, lang: Language) -> str | None:
    """The letter an example word stands for after "as in" ("bravo", "robert")."""
    if word in lang.spelling_alphabet:
        return lang.spelling_alphabet[word].upper()
    for letter, example in lang.example_words.items():
        if example == word:
            return letter.upper()
    return None


def prefix_letters(words: Sequence[str], lang: Language = ENGLISH, most: int = 16,
                   ohs: Iterable[str] = ()) -> list[str]:
    """The letters a receipt prefix's grammar words may spell, as spoken spelling goes:
    a spelling-alphabet word is its letter ("india oscar echo" → IOE); a letter name then
    its own spelling word is one letter, with at most one other word between them ("s
    for sierra" heard as "s three sierra"); "x as in y" is x or y (whichever the grammar
    misheard: both are readings). Other words (digits, fillers) carry no letter. A letter
    the engine hears for "oh" (``ohs``: "l") may also be the letter O ("i l e" is IOE).
    At most ``most`` readings, the first the grammar's letters as heard."""
    ohs = frozenset(ohs)
    units: list[tuple[str, ...]] = []
    n = len(words)
    m = len(lang.spell_as)
    i = 0
    while i < n:
        w = words[i]
        if m and tuple(words[i:i + m]) == lang.spell_as:
            k = i + m
            example = _example_letter(words[k], lang) if k < n else None
            if example is not None:
                if units and example not in units[-1]:
                    units[-1] = (*units[-1], example)
                k += 1
            i = k
            continue
        letter = _letter_of(w, lang)
        if letter is None:
            i += 1
            continue
        if len(w) == 1:
            for gap in (1, 2):
                k = i + gap
                if (k < n and lang.spelling_alphabet.get(words[k], "").upper() == letter
                        and (gap == 1 or _letter_of(words[i + 1], lang) is None)):
                    i = k
                    break
        units.append((letter, "O") if w in ohs and letter != "O" else (letter,))
        i += 1
    readings = [""]
    for unit in units:
        readings = [r + c for r in readings for c in unit][:most]
    return [r for r in readings if r]


def characters(reading: str) -> str:
    """The characters a reading spells, upper case (``read_spoken``'s first reading)."""
    from companion.session import read_spoken

    readings = read_spoken(reading)
    return readings[0].upper() if readings else ""


_Read = list[tuple[str, tuple[str, ...]]]  # (word read for a digit, "" when dropped; the grammar words)


def _confusion_variants(reading: str, settings: AssistSettings, between: bool = False,
                        lang: Language = ENGLISH) -> list[_Read]:
    """A reading's words with ``settings.digit_confusions`` read back — each pattern its
    digit word, an uncertain one ("l": "oh" or a filler) also dropped ("") — every way,
    at most 16, fewest dropped first. An uncertain one with no digit beside it (or past an
    "a") is a filler only. With ``between``, one between two digit words is the digit only,
    and so is an "a" between two plain digit words. Other words stand as heard."""
    words = (reading or "").lower().split()
    firsts = {pattern[0] for pattern, _ in settings.digit_confusions}

    def said_digit(k: int) -> bool:
        """Whether word ``k`` is there and a digit word."""
        return 0 <= k < len(words) and characters(words[k]).isdigit()

    def uncertain_word(k: int) -> bool:
        """Whether word ``k`` is one of the engine's uncertain confusions by itself ("l", "echo")."""
        return 0 <= k < len(words) and any(p == (words[k],) and d.endswith("?")
                                           for p, d in settings.digit_confusions)

    def digit_beside(k: int, step: int) -> bool:
        """Whether a digit word is at ``k``, past uncertain confusions (``step``: "two **o**
        echo six": a run of them between two digits is the digits), or a multiplier with its
        digit ("four echo **double eight**")."""
        while uncertain_word(k):
            k += step
        if step > 0 and 0 <= k < len(words) and words[k] in lang.multipliers:
            return said_digit(k + 1)
        return said_digit(k)

    def digit_like(k: int, step: int) -> bool:
        """Whether a digit (a digit word, a confusion's, a multiplier) is at ``k``, or past an
        "a" there (``step``: the article a recognizer hears between digits, "five **a** l")."""
        for at in (k, k + step):
            w = words[at] if 0 <= at < len(words) else ""
            if w and (w in firsts or w in lang.multipliers or said_digit(at)):
                return True
            if w not in lang.indefinite_articles:
                return False
        return False

    variants: list[tuple[int, _Read]] = [(0, [])]
    i = 0
    while i < len(words):
        for pattern, digit in settings.digit_confusions:
            if tuple(words[i : i + len(pattern)]) == pattern:
                item = (digit.rstrip("?"), pattern)
                after = i + len(pattern)
                if digit.endswith("?") and not (digit_like(i - 1, -1) or digit_like(after, 1)):
                    # an uncertain one among fillers, no digit next to it or a letter away
                    # ("… nine six p z f **l**"): a filler too, never a digit of the number
                    variants = [(d + 1, v + [("", pattern)]) for d, v in variants]
                elif between and digit.endswith("?") and digit_beside(i - 1, -1) and digit_beside(after, 1):
                    # between two digit words ("one four four two **l** nine"): the digit; of an
                    # "oh oh?" ("four **l a** nine": one "oh" and a filler, or two) one at least
                    said = item[0].split()
                    variants = [(d + len(said) - n, v + [(" ".join(said[:n]), pattern)])
                                for n in range(len(said), 0, -1) for d, v in variants]
                elif digit.endswith("?") and len(variants) < 16:
                    # "oh oh?": both, one ("l a" for a single "oh" then a filler) or none
                    said = item[0].split()
                    variants = [(d + len(said) - n, v + [(" ".join(said[:n]), pattern)])
                                for n in range(len(said), -1, -1) for d, v in variants]
                else:
                    variants = [(d, v + [item]) for d, v in variants]
                i += len(pattern)
                break
        else:
            word = words[i]
            if (between and word in lang.indefinite_articles
                    and all(said_digit(k) and words[k] not in firsts for k in (i - 1, i + 1))
                    and characters(words[i + 1]) != _FIRST_SOUNDS.get(lang.code, {}).get(word, ("", ""))[1]):
                # "seven seven one **a** two": the "oh" said between two digits, heard as the
                # article — a digit of a staff ID, not a filler (before "eight" it is the
                # eight's own first sound: "three three zero a eight")
                word = _unit_word("0", lang) or word
            variants = [(d, v + [(word, (words[i],))]) for d, v in variants]
            i += 1
    variants.sort(key=lambda v: v[0])
    return [v for _, v in variants]


def digit_readings(reading: str, settings: AssistSettings = VOSK, between: bool = False) -> list[str]:
    """The digit strings a grammar reading may spell where only digits are expected: the
    engine's digit confusions read back (an uncertain one both ways; with ``between``, one
    between two digit words as the digit only), letters dropped (the grammar's letters
    there are fillers). Fewest dropped first."""
    out = [re.sub(r"\D", "", characters(" ".join(r for r, _ in v if r)))
           for v in _confusion_variants(reading, settings, between)]
    return [d for d in dict.fromkeys(out) if d]


# The lengths each digits-only kind usually has, most usual first (domain.md: referrals
# are 8-digit codes, A-numbers 9 digits or 8; staff IDs 4–6, five the most common).
_USUAL_DIGITS: dict[str, tuple[int, ...]] = {STAFF_ID: (5, 4, 6), REFERRAL_NUMBER: (8,), A_NUMBER: (9, 8)}
_VALID_DIGITS: dict[str, Sequence[int]] = {STAFF_ID: range(4, 7), REFERRAL_NUMBER: range(7, 11), A_NUMBER: (8, 9)}
# A number split over results (``split_reading``): the digits it must have joined (a
# referral is an 8-digit code, or a 10-digit confirmation number; a staff ID four to six),
# and the fewest digits of a whole value — a first part with as many is a number of its own,
# not a start (round 17: "my badge number is eight three five" … "nine three", en33).
_SPLIT_DIGITS: dict[str, tuple[int, ...]] = {REFERRAL_NUMBER: (8, 10), A_NUMBER: (9, 8), RECEIPT_NUMBER: (10,),
                                           STAFF_ID: (4, 5, 6)}
_SHORT_DIGITS: dict[str, int] = {REFERRAL_NUMBER: 7, A_NUMBER: 8, RECEIPT_NUMBER: 10, STAFF_ID: 4}


def usual_length(kind: str, value: str) -> bool:
    """Whether ``value``'s digits are as many as ``kind``'s usually are (a referral's
    eight, an A-number's nine or eight, a staff ID's four to six; any for other kinds)."""
    usual = _USUAL_DIGITS.get(kind)
    return usual is None or sum(c.isdigit() for c in value) in usual


def _pick_digits(kind: str, readings: list[str]) -> str | None:
    """The reading whose length is the most usual for ``kind`` (fewest letters dropped
    among equals), else the first of a valid length."""
    for length in _USUAL_DIGITS[kind]:
        for r in readings:
            if len(r) == length:
                return r
    for r in readings:
        if len(r) in _VALID_DIGITS[kind]:
            return r
    return None


def plausible(kind: str, value: str) -> bool:
    """Whether ``value`` looks like a value of ``kind`` as the NCSC gives them (stricter
    than what a user may type: the assist only overrides a free value that fails this)."""
    v = (value or "").upper()
    if kind == STAFF_ID:
        return bool(re.fullmatch(r"(?=.{4,6}$)[A-Z]{0,2}\d+", v))  # "4–6 characters, mostly digits"
    if kind == REFERRAL_NUMBER:
        # not a lone "A" first: the article or a misheard "eight"/"oh" ("the referral is a four
        # four zero …", "for a six six …" for "four oh six six …"); no referral the NCSC gives
        # is one letter A and digits, an A-number is
        return bool(re.fullmatch(r"(?!A\d)[A-Z]{0,3}\d{7,10}", v))
    if kind == RECEIPT_NUMBER:  # and the prefix one a service center issues
        from companion.identifiers import known_receipt_prefixes

        return bool(re.fullmatch(r"[A-Z]{3}\d{10}", v)) and v[:3] in known_receipt_prefixes()
    if kind == A_NUMBER:
        return bool(re.fullmatch(r"A?\d{8,9}", v))
    if kind == STAFF_NAME:  # every word a name of the list ("Kevin Reyes"; "Tenure" is not)
        return is_known_name(value)
    return False


# "-teen" and "-ty" sound alike ("fourteen" / "forty"): where the grammar heard the one
# and the free reading the other, the grammar's extra digit is as doubtful as the free's.
_TEEN_TY = {"thirteen": "thirty", "fourteen": "forty", "fifteen": "fifty", "sixteen": "sixty",
            "seventeen": "seventy", "eighteen": "eighty", "nineteen": "ninety"}


def lost_a_digit(kind: str, free_value: str, value: str, free_text: str = "", reading: str = "",
                 settings: AssistSettings = VOSK, lang: Language = ENGLISH) -> bool:
    """Whether a plausible free value of a staff ID or referral is the grammar's
    ``value`` with one digit lost — ``value`` holds the free digits in order and one
    more, not last, and has the kind's most usual length where the free one has not: the
    free recognizer merged two digits into one word or swallowed an "oh" ("four four
    eight" → "four forty", "seven two oh" → "seventy well", "four oh seven" → "four
    seven"). A digit more at the end is the words after the number heard as one ("eight
    one five two how can i help you" → "… two papa i eight l p a"). Not when the
    grammar's ``reading`` has a "-teen" where the ``free_text`` has its "-ty" ("forty
    nine" heard "fourteen nine"): that digit is the grammar's mishearing. A last digit more
    is a lost one only when the grammar heard it as a digit word of its own right after the
    others (``_last_digit_said``), or, for a staff ID, when it is an "oh" the free reading
    wrote as one of the engine's ``oh_words`` at its end ("see seven to two **well**")."""
    if kind not in (STAFF_ID, REFERRAL_NUMBER):
        return False
    free, heard = re.sub(r"\D", "", free_value), re.sub(r"\D", "", value)
    words = (free_text or "").lower().split()
    if (heard == free + "0" and words and words[-1] in settings.oh_words
            and free_value.upper() == value[:-1]):
        # "c seven two two oh" heard "see seven to two **well**": the free recognizer wrote
        # the last "oh" as a word (the engine's ``oh_words``), the grammar heard it (C7220);
        # a referral's too ("… five eight three oh" heard "… eight three **al**": 42275830)
        return True
    if heard[:-1] == free and value.upper() == free_value.upper() + heard[-1:] and plausible(kind, value):
        # one digit more at the end, which the free reading made a word of:
        if lang.homophones.get(_word_after_digits(words)) == heard[-1]:
            # its homophone ("nine four five four seven **for**", "mike five one nine **to**"),
            # which the free reading leaves out as a word (94547, M519); the grammar heard "four",
            # "two" (945474, M5192); a referral's too ("… seven seven seven **to** you", the
            # grammar's "seventy u" its last "two" split: 7641777 → 76417772)
            return True
        restored = two_at_end(reading, lang) if settings.splits_two and heard[-1] == "2" else None
        if restored is not None and _last_digit_said(restored, "2", settings):
            # a last "two" the grammar split (``two_at_end``), right after the digits ("nine
            # four two three two" heard "… three **tail**", read "… three t l": 9423 → 94232)
            return True
    if len(heard) != len(free) + 1 or len(heard) != _USUAL_DIGITS[kind][0] or free_value.upper() != free:
        return False
    if heard[:-1] == free:  # "three three nine zero" heard "… ninety r l": a digit more at the end
        # is the words after the number, however the one before it repeats it — unless the
        # grammar heard it as a digit word of its own right after the number's digits ("eight
        # nine three oh eight" heard "… three oh **wait**", read "… three echo eight"): the
        # free recognizer made a word of the last digit
        return _last_digit_said(reading, heard[-1], settings)
    free_words = set(free_text.lower().split())
    if any(_TEEN_TY.get(w) in free_words for w in reading.lower().split()):
        return False
    return any(heard[:i] + heard[i + 1:] == free for i in range(len(heard) - 1))


def _word_after_digits(words: list[str]) -> str:
    """The word right after the last digit word of ``words`` ("" if none): "mike one thirty
    one **for** whom am i speaking with"."""
    last = max((i for i, w in enumerate(words) if characters(w).isdigit()), default=None)
    return words[last + 1] if last is not None and last + 1 < len(words) else ""


def letter_lost(kind: str, free_value: str, value: str, free_text: str = "", lang: Language = ENGLISH) -> bool:
    """Whether the grammar's staff ID is the free one's digits with the ID's letter the free
    reading lost, said before or after them ("**the** one seven four four" read "b one seven
    four four": B1744 for 1744; "four four nine one two **see**" read "… two c"): the free
    value is digits only, the grammar's is those digits and one or two letters on one side,
    and the free words there hold a word that may be the letter (``_letter_said``: the first
    of the span's free words — its reading starts there, ``AssistSpan.letter_from`` — or the
    last). A letter the grammar hears where the free reading has none is only offered."""
    if kind != STAFF_ID or not free_value.isdigit() or len(value) <= len(free_value) or len(value) > 6:
        return False
    words = [w.rstrip(".") for w in (free_text or "").lower().split()]
    if not words:
        return False
    if value.endswith(free_value):
        extra, said = value[:-len(free_value)], words[0]
        beside = extra[-1:]  # the letter right before the digits
    elif value.startswith(free_value):
        extra, said = value[len(free_value):], words[-1]
        beside = extra[:1]
    else:
        return False
    return (0 < len(extra) <= _MOST_LETTERS and extra.isalpha()
            and (_letter_said(said, lang) or _letter_run_on(said, beside, lang))
            and not characters(said).isdigit())


def _letter_run_on(word: str, letter: str, lang: Language = ENGLISH) -> bool:
    """Whether a free ``word`` is the name of ``letter`` (one of the language's words for
    it, ``letter_words``) run on into the first sound of the next word: "c nine nine six
    nine" heard "**seen** nine nine six nine" — the grammar heard the C."""
    names = [w for w, c in lang.letter_words.items() if c == letter.upper() and len(w) > 1]
    return any(word.startswith(n) and len(word) == len(n) + 1 for n in names)


def first_sound_misheard(kind: str, free_value: str, value: str, free_text: str = "", lang: Language = ENGLISH) -> bool:
    """Whether the free staff ID's first character is a sound-alike the grammar read as
    the other (``_FIRST_SOUNDS``): the digit eight said first heard as the word "a" ("my i
    d is eight four oh six" heard "… is a four o six": A406, read 8406), or the letter H as
    "eighty" ("h six five five two" heard "eighty six five five two": 86552, read H6552).
    The span's first free word is that word, and the grammar's value is the free one with
    the other character first."""
    words = (free_text or "").lower().split()
    if kind != STAFF_ID or not words or not free_value:
        return False
    swap = _FIRST_SOUNDS.get(lang.code, {}).get(words[0])
    return (swap is not None and free_value[0].upper() == swap[0] and len(value) == len(free_value)
            and value[:1].upper() in swap[1] and value[1:].upper() == free_value[1:].upper())


# Words a free recognizer writes for a staff ID's first character that the grammar hears as
# another: word -> (the character the free reading made of it, the grammar's: any of them).
# Where the free character is a letter ("a" for a first eight: "my i d is eight four oh six"
# heard "… is a four o six") the ID's span starts at that word (``_eight_first``), so the
# grammar reads it. "eighty" is the letter H ("aitch") or T ("tee", its "-ty": "agent i d t
# six four two two" heard "… id eighty six four two two", read "t six four two …": T6422).
_FIRST_SOUNDS: dict[str, dict[str, tuple[str, str]]] = {"en": {"a": ("A", "8"), "eighty": ("8", "HT")}}


def cue_glued(kind: str, free_value: str, value: str, free_text: str, settings: AssistSettings = VOSK) -> bool:
    """Whether a free staff ID is the grammar's ``value`` with the cue heard as its start:
    the free words of the span begin with one of ``settings.cue_echoes``, or its end
    ("operator **i eighty** three three zero eight": the cue "i d" heard as "i eighty", read
    I83308) and the free value is ``value`` with characters more before it. The grammar's
    reading leaves the echo out (``grammar_reading``): 3308. Or the span's first free word is
    one of the engine's ``glue_letters`` (never a staff ID's letter for it, as in
    ``_lettered_staff_id``) and the grammar's digits are the free value without it ("my i d
    is nine one eight eight" heard "i d **s** nine one eight eight": S9188, read 9188)."""
    if kind != STAFF_ID or not free_value.upper().endswith(value) or len(free_value) <= len(value):
        return False
    words = (free_text or "").lower().split()
    if words and words[0] in settings.glue_letters and value.isdigit() and free_value.upper() == words[0].upper() + value:
        return True
    # the span may start inside the echo ("i" read as the word before it: "eighty three …")
    return any(tuple(words[:len(echo) - m]) == echo[m:] and not all(len(w) == 1 for w in echo[m:])
               for echo in settings.cue_echoes for m in range(len(echo)))


def word_after_as_digit(held: str, value: str, reading: str, settings: AssistSettings = VOSK,
                        lang: Language = ENGLISH) -> bool:
    """Whether ``value`` is ``held`` and one digit more at its end that the grammar's
    ``reading`` heard after a word that is no digit ("… nine one i **eight**" for "… nine one
    right"): the words after the number, not a digit of it (``_last_digit_said``)."""
    held, value = re.sub(r"\D", "", held), re.sub(r"\D", "", value)
    if len(value) != len(held) + 1 or value[:-1] != held:
        return False
    words = (reading or "").lower().split()
    last = next((w for w in reversed(words) if characters(w).isdigit()), None)
    # (an "oh" is no such word: "… five a **o**" is the number's last "oh", however heard)
    return (last is not None and last not in lang.oh and characters(last) == value[-1]
            and not _last_digit_said(reading, value[-1], settings))


def _last_digit_said(reading: str, digit: str, settings: AssistSettings = VOSK) -> bool:
    """Whether the last digit word of a grammar ``reading`` is the single ``digit`` and
    follows a digit word or one of ``settings``' digit confusions straight away (no letter
    between: "… three echo **eight**", "… eight o **four** charlie i"): a digit said as the
    number's last, not a word after it heard as one ("… two papa i **eight**": "how can i help")."""
    words = (reading or "").lower().split()
    last = next((i for i in range(len(words) - 1, -1, -1) if characters(words[i]).isdigit()), None)
    if not last or characters(words[last]) != digit:
        return False
    # a confusion said whole right before it ("… three **echo** eight"; "l a" for "oh oh"), not
    # one word of a longer one ("… fifty t u **a** two m i s": "who am i speaking", no "l" before)
    return characters(words[last - 1]).isdigit() or any(
        len(p) <= last and tuple(words[last - len(p):last]) == p for p, _ in settings.digit_confusions)


def assisted_value(kind: str, reading: str, prefixes: Iterable[str] = (),
                   priors: Iterable[str] = (), settings: AssistSettings = VOSK, free_text: str = "") -> str | None:
    """A grammar reading (its words) as a value of ``kind``, or None.

    Digits-only kinds read the engine's digit confusions back and drop the letters the
    grammar puts where it heard fillers; a receipt keeps the letters before its ten
    digits and settles them to a known prefix; a value within ``settings.prior_distance``
    characters of one of the user's own (``priors``) becomes that one.
    """
    value: str | None = None
    if kind == STAFF_ID and free_text:
        # "two four eight oh three" heard "to forty three", read "two four k echo three": 24803
        reading = _eight_in_ty(reading, free_text) or reading
    # "… four one eighty o" is "… four one eight two" before it is "… four one eighty"
    restored = two_at_end(reading) if settings.splits_two else None
    if kind == STAFF_ID and free_text:
        # the free reading heard the letter spelled whole, the grammar its example wrong
        value = _free_spelled_letter(reading, free_text, settings)
    if kind == STAFF_ID and value is None:
        # its last "two" split first ("eight five three t l" is 8532, "four echo seventy u"
        # 4072, not 85320 and 4070U), as for the other kinds
        for heard in ([restored] if restored else []) + [reading]:
            value = (_lettered_staff_id(heard, settings, free_words=free_text.lower().split())
                     or _staff_id_letter_after(heard, settings))
            if value is None and free_text:
                # "k as in king zero seven nine two" heard "… **in king** zero seven nine two",
                # read "in tango zero seven ninety o": the free reading's example word is the letter
                value = _free_example_letter(heard, free_text, settings)
            if value is None:  # "… six eight one papa i l": the "l" is the words after the ID
                # an "oh" heard "l" between two digits is a digit of it: a staff ID may have four,
                # five or six ("one four four two l nine" is 144209, not the usual five's 14429)
                value = _pick_digits(kind, digit_readings(_after_the_number_cut(heard, settings), settings,
                                                          between=True))
            if value is not None:
                break
        if value is not None and value.isdigit() and free_text:
            # "… six six six" read "… six six **x**": a staff ID ends in digits, never a
            # letter (``plausible``); the free reading's last digit is the one the grammar lost
            value = (_free_digit_for_letter(kind, value, reading, free_text, settings)
                     or _homophone_last(kind, value, reading, free_text, settings) or value)
    if value is None and kind in _USUAL_DIGITS:
        between = kind in settings.between_digits_kinds
        if kind == A_NUMBER and free_text:
            reading = _letter_a_heard_eight(reading, free_text) or reading
        value = _pick_digits(kind, (digit_readings(restored, settings, between) if restored else [])
                             + digit_readings(reading, settings, between))
        if value is not None and kind == REFERRAL_NUMBER:
            value = _free_digit_for_letter(kind, value, reading, free_text, settings) or value
        if free_text:  # "ninety six …" read "nineteen six …": neither hearing's digits, the free one's split
            value = ty_split(kind, free_text, reading, settings) or value
        if free_text and kind == REFERRAL_NUMBER and value is not None and not usual_length(kind, value):
            value = _teen_for_ty(kind, reading, free_text, settings) or value
        if free_text and kind == A_NUMBER and value is not None:
            # "a four ninety one four sixty nine five four" heard "i for ninety one for sixty nine
            # …", read "… four **sixteen** nine …": nine digits (491416954) hold the grammar's
            # "-teen" for the free "-ty", a digit no one said; the free eight are the number
            said = (free_text or "").lower().split()
            while said and (said[0] == "a" or said[0] in _SOUNDS_LIKE_A_SAID.get(ENGLISH.code, ())):
                said = said[1:]
            value = _teen_for_ty(kind, reading, " ".join(said), settings) or value
        if value is None and kind == A_NUMBER and free_text:
            # "… six eight six six" read "… six eight six **x**": seven digits are no A-number,
            # the free reading's eight (its last the grammar's letter) are
            short = next(iter(digit_readings(reading, settings, between)), None)
            value = _free_digit_for_letter(kind, short, reading, free_text, settings) if short else None
        both = _oh_both_heard(kind, reading, free_text, settings) if free_text else None
        if both is not None and (value is None or (len(both) > len(value) and len(both) == _USUAL_DIGITS[kind][0])):
            # the grammar's "a" dropped left it a digit short, of a valid length all the same
            # ("to all four of seven …" read "two o four **a** seven …": 20477619 for 204077619)
            value = both
        if value is not None and kind == A_NUMBER:
            value = "A" + value.zfill(9)
        elif kind == A_NUMBER:
            value = lettered_a_number(reading, settings)
    elif kind == RECEIPT_NUMBER:
        value = next((v for v in (_receipt_after_prefix(r, list(prefixes), settings)
                                  for r in (restored, reading) if r) if v is not None), None)
    if value is None and kind == RECEIPT_NUMBER:
        prefixes = list(prefixes)
        # as heard first; then with the engine's digit confusions read back (an "oh" heard
        # as "l" is a digit, or a filler), as a digits-only kind reads them
        variants = _receipt_variants(reading, settings)
        if restored is not None:
            variants = _receipt_variants(restored, settings) + variants
        # a reading of exactly ten digits first: where the engine's confusions make more,
        # one of them was a filler ("… eight six sierra l": the l is "uh", not "oh")
        for words in [v for v in variants if _digit_count(v) == 10] + variants:
            value = _receipt_value(words, prefixes, settings)
            if value is not None:
                break
    if value is None:
        return None
    return _prior_value(value, priors, settings)


# The letters a grammar hears for an "eight" said right after a digit, where the free
# recognizer ran the two into one "-ty" word ("four eight" → "forty", read "four k"; "seven
# eight" → "seventy", read "seven e").
_EIGHT_IN_TY = _EIGHT_AS_LETTER | {"e"}


def _eight_in_ty(reading: str, free_text: str, lang: Language = ENGLISH) -> str | None:
    """``reading`` with a letter of ``_EIGHT_IN_TY`` right after a digit word read as "eight",
    where the free reading has that digit's "-ty" ("to forty three" read "two four **k** echo
    three": 24803, not 2403; "seventy nine to five" read "seven **e** nine two five": 78925).
    None where nothing is read so."""
    words = (reading or "").lower().split()
    tens = {lang.tens[w] for w in (free_text or "").lower().split() if w in lang.tens}
    eight = _unit_word("8", lang)
    if not tens or eight is None:
        return None
    out = [eight if w in _EIGHT_IN_TY and j and lang.units.get(words[j - 1]) in tens else w
           for j, w in enumerate(words)]
    return " ".join(out) if out != words else None


def _ohs_as_zero(words: Iterable[str], settings: AssistSettings, lang: Language = ENGLISH) -> list[str]:
    """Free ``words`` with the engine's words for an "oh" (``settings.oh_words``: the
    stand-in's "al", "of", "well") as the digit zero's word."""
    zero = _unit_word("0", lang) or "0"
    return [zero if w in settings.oh_words else w for w in words]


def _teen_for_ty(kind: str, reading: str, free_text: str, settings: AssistSettings = VOSK,
                 lang: Language = ENGLISH) -> str | None:
    """The free reading's digits where the grammar heard a "-teen" for its "-ty" ("twenty six
    eighty nine forty two oh four" heard "… eighty nine forty too low for", read "… **eighteen**
    nine forty two l four": 261894204, a digit more than a referral has) — the grammar's extra
    digit is its mishearing (as ``lost_a_digit`` says) — when the free words are number words
    only (the engine's ``oh_words`` the "oh") and their digits are the kind's usual length."""
    free = _ohs_as_zero((free_text or "").lower().split(), settings, lang)
    if not free or not any(_TEEN_TY.get(w) in free for w in (reading or "").lower().split()):
        return None
    if not all(characters(w).isdigit() or w in lang.homophones or w in lang.multipliers for w in free):
        return None
    between = kind in settings.between_digits_kinds
    return next((d for d in digit_readings(" ".join(free), settings, between) if usual_length(kind, d)), None)


def _letter_a_heard_eight(reading: str, free_text: str, lang: Language = ENGLISH) -> str | None:
    """An A-number's ``reading`` without the "eight" the grammar heard for the letter A said
    before the digits ("my a number is a two one seven …" read "… eight two one seven …"),
    where the free reading heard the letter there ("… on **a** two one seven …"): its first
    digit word after the "a" is the grammar's next after that "eight". None otherwise."""
    free, words = (free_text or "").lower().split(), (reading or "").lower().split()
    i = next((k for k, w in enumerate(free) if w == "a" or characters(w).isdigit()), None)
    j = next((k for k, w in enumerate(words) if characters(w).isdigit()), None)
    eight = _unit_word("8", lang)
    if (i is None or j is None or free[i] != "a" or i + 1 >= len(free) or j + 1 >= len(words)
            or words[j] != eight or free[i + 1] not in lang.units or words[j + 1] != free[i + 1]):
        return None
    return " ".join(words[:j] + words[j + 1:])


def _free_digit_for_letter(kind: str, value: str, reading: str, free_text: str,
                           settings: AssistSettings = VOSK, lang: Language = ENGLISH) -> str | None:
    """The free reading's digits where the grammar heard the number's last digit as a
    letter right after the others ("… zero six six" read "… zero six **x**": 7270406 for
    72704066): the free words of the span (the engine's digit confusions read back, as the
    grammar's are) end in a digit word and are ``value`` and one digit more, or end on the
    grammar's last digit word and then that one digit; or the readings' "oh" both heard at the
    end, which the kind's usual length dropped. A staff ID's only when the free digits are
    the grammar's and one more: its "two seven five five oh" the grammar hears "… five **o
    o**" (the second "o" that one "oh" again), and "seven oh five five" read "… five five
    **i**" ends on the words after it. None otherwise."""
    words, free = (reading or "").lower().split(), (free_text or "").lower().split()
    if len(words) < 2 or not free or not characters(words[-2]).isdigit():
        return None
    between = kind in settings.between_digits_kinds
    ohs = _oh_letters(settings)
    if words[-1] in ohs and kind == STAFF_ID:
        return None
    if words[-1] in ohs and (free[-1] in settings.oh_words or free[-1] in ohs or free[-1] in lang.oh):
        # "… five eight **l**" heard "… five eight **now**": both hearings have an "oh" at the
        # end, which the usual length dropped from the grammar's (684791580, not 68479158)
        return next((d for d in digit_readings(reading, settings, between)
                     if d == value + "0" and len(d) in _VALID_DIGITS[kind]), None)
    last = characters(free[-1])
    confused = _confusion_words(settings)  # "sierra" is the grammar's zero
    if (not last.isdigit() or _letter_of(words[-1], lang) is None or characters(words[-1]).isdigit()
            or words[-1] in confused):
        return None
    whole = next((d for d in digit_readings(" ".join(free), settings, between)
                  if d[:-1] == value and len(d) in _VALID_DIGITS[kind]), None)
    if whole is None and kind != STAFF_ID and len(free) > 1 and len(last) == 1 and characters(free[-2]) == characters(words[-2]):
        # the two readings part earlier ("eighty one …" read "eight eight one …"), but end on
        # the same digit word, then the free digit and the grammar's letter: that digit
        # ("… zero six six" read "… zero six x": 88142066)
        whole = value + last if len(value) + 1 in _VALID_DIGITS[kind] else None
    return whole


def _oh_both_heard(kind: str, reading: str, free_text: str, settings: AssistSettings = VOSK,
                   lang: Language = ENGLISH) -> str | None:
    """The digits of a number whose "oh" the grammar heard as the letter "a" and the free
    recognizer as one of its ``oh_words`` at the same place ("eight eight eight one nine one
    oh two" heard "… nine one **of** two", read "… nine one **a** two"): each hearing alone
    is a digit short (8881912), both together say the oh (88819102). The free words and the
    reading must be number words but for those, and read the same digits, of a valid length."""
    zero = _unit_word("0", lang) or "0"
    free = (free_text or "").lower().split()
    heard = (reading or "").lower().split()
    if "a" not in heard or not any(w in settings.oh_words for w in free):
        return None
    free_read = " ".join(_ohs_as_zero(free, settings, lang))
    heard_read = " ".join(zero if w == "a" and 0 < i < len(heard) - 1 else w for i, w in enumerate(heard))
    between = kind in settings.between_digits_kinds
    ours = set(digit_readings(heard_read, settings, between))
    return next((d for d in digit_readings(free_read, settings, between)
                 if d in ours and len(d) in _VALID_DIGITS[kind]), None)


def _homophone_last(kind: str, value: str, reading: str, free_text: str,
                    settings: AssistSettings = VOSK, lang: Language = ENGLISH) -> str | None:
    """The free reading's digits and then the digit whose homophone it heard last, where
    the grammar's last word is that digit ("two seven three one four" heard "… three one
    **for**", read "**thirty** seven three one four": 27314, not the free 2731 nor the
    grammar's 37314): the free words of the span end in a number word and the homophone,
    and the grammar's reading, as long as the free digits and that one, ends on it. The free
    recognizer heard the digits before it; the grammar heard that the last word was one."""
    free, words = (free_text or "").lower().split(), (reading or "").lower().split()
    if len(free) < 2 or not words or not characters(free[-2]).isdigit():
        return None
    digit = lang.homophones.get(free[-1])
    if digit is None or characters(words[-1]) != digit:
        return None
    between = kind in settings.between_digits_kinds
    return next((d + digit for d in digit_readings(" ".join(free[:-1]), settings, between)
                 if len(d) + 1 == len(value) and len(value) in _VALID_DIGITS[kind]), None)


def _prior_value(value: str, priors: Iterable[str], settings: AssistSettings) -> str:
    """``value``, or the user's own value (``priors``) within ``settings.prior_distance``
    characters of it."""
    for prior in priors:
        prior = prior.upper()
        if value == prior:
            return prior
        if _hamming_close(value, prior, settings.prior_distance):
            return prior
    return value


def _after_the_number_cut(reading: str, settings: AssistSettings) -> str:
    """``reading`` without the uncertain digit confusions (an "oh" heard as "l", "o",
    "echo") that follow its last certain digit word apart from it — a word between them
    ("six six eight one papa i **l**": "how can i help") or after them ("seven seven three
    three **o** k": "okay"): the words after a number heard as letters, never its last
    "oh" (which ends the reading right after the digits: "six one two **l**")."""
    words = (reading or "").lower().split()
    units: list[tuple[tuple[str, ...], bool, bool]] = []  # (words, a certain digit, an uncertain one)
    i = 0
    while i < len(words):
        for pattern, digit in settings.digit_confusions:
            if tuple(words[i:i + len(pattern)]) == pattern:
                units.append((pattern, not digit.endswith("?"), digit.endswith("?")))
                i += len(pattern)
                break
        else:
            units.append(((words[i],), characters(words[i]).isdigit(), False))
            i += 1
    last = max((n for n, u in enumerate(units) if u[1]), default=None)
    if last is None or all(u[2] for u in units[last + 1:]):
        return reading  # the digits' own last "oh", or nothing after them
    return " ".join(w for n, u in enumerate(units) if n <= last or not u[2] for w in u[0])


# A staff ID with a letter ("k two two six oh", "c as in cat four one two") has three to
# five digits after it, four the most usual (4–6 characters in all).
_LETTERED_DIGITS = (4, 3, 5)
_MOST_LETTERS = 2  # "t k four four nine"
# Letter names that are also words of the language, said before a number all the time
# ("i", "a"): no staff ID's letter — the grammar hears "like", "and" as them.
_WORD_LETTERS: dict[str, set[str]] = {"en": {"a", "i"}, "es": {"a", "e", "o", "u", "y"}}


def _lettered_staff_id(reading: str, settings: AssistSettings, lang: Language = ENGLISH,
                       free_words: Iterable[str] = ()) -> str | None:
    """A staff ID whose letter is said right before its digits, or None: the grammar word
    just before the first digit word is a letter name ("k two two six l" → K2260), or
    "x as in y" is ("c as in papa four one two" → C412: x, the letter said; the example
    is often misheard). The digit reader alone drops it (2260, or 412: too short, no
    value). A letter the engine hears for "oh" (``digit_confusions``: "l", "o") is no
    letter here: "l four four one" is an "oh" as often as an L."""
    words = (reading or "").lower().split()
    first = next((i for i, w in enumerate(words) if characters(w).isdigit()), None)
    if not first:
        return None
    not_letters = _oh_letters(settings) | set(lang.oh) | set(settings.glue_letters) | _WORD_LETTERS.get(lang.code, set())

    confused = _confusion_words(settings)
    # a spelling word is the ID's letter where the free reading heard that word too ("mike
    # five one nine to": M5192); one only the grammar heard is as often an "oh" ("bravo four
    # four seven" over "of four four seven")
    heard_free = set(free_words)
    alphabet = {w.lower(): c.lower() for w, c in lang.spelling_alphabet.items()
                if w.lower() not in confused and w.lower() in heard_free}

    def letter(word: str) -> bool:
        return (len(word) == 1 and word.isalpha() and word not in not_letters) or word in alphabet

    m = len(lang.spell_as)
    if m and first > m + 1 and tuple(words[first - m - 1:first - 1]) == lang.spell_as:
        letters = [words[first - m - 2]] if letter(words[first - m - 2]) else []
    else:
        letters = []
        k = first - 1
        while k >= 0 and len(letters) < _MOST_LETTERS and letter(words[k]):
            letters.insert(0, words[k])
            k -= 1
    if not letters:
        return None
    letters = [alphabet.get(w, w) for w in letters]
    if _cue_ends_at(words, first, lang):
        return None  # "i d seven two two nine": the cue "i d" said letter by letter, no ID's letter
    # its digits are said together: a letter among them ("r three three whiskey a t r four
    # zero one", the caller's "was that t r four zero one") ends them — the letter before was
    # no ID's but a word's, and the digits after it are the number
    digits = words[first:]
    end = next((n for n, w in enumerate(digits)
                if not characters(w).isdigit() and w not in confused and w not in lang.multipliers), len(digits))
    return _with_letters("".join(letters).upper(), digit_readings(" ".join(digits[:end]), settings))


def _with_letters(letters: str, readings: list[str]) -> str | None:
    """``letters`` and the digits reading of a lettered staff ID's most usual length
    (``_LETTERED_DIGITS``), six characters at most, or None."""
    for length in _LETTERED_DIGITS:
        for r in readings:
            if len(r) == length and len(r) + len(letters) <= 6:
                return letters + r
    return None


def _free_example_letter(reading: str, free_text: str, settings: AssistSettings,
                         lang: Language = ENGLISH) -> str | None:
    """A staff ID whose letter the free reading heard as "(as) in" and its example word right
    before the digits ("b as in boy one oh five five six", "… in king zero seven nine two")
    where the grammar's reading of the example is lost ("b as in kilo a one l …", "in tango
    zero …"): the example's letter and the grammar's digits (three to five of them), or None."""
    free = (free_text or "").lower().split()
    first = next((i for i, w in enumerate(free) if characters(w).isdigit()), None)
    if first is None or first < 2 or not lang.spell_as or free[first - 2] != lang.spell_as[-1]:
        return None
    letter = _example_letter(free[first - 1], lang)
    words = (reading or "").lower().split()
    start = next((i for i, w in enumerate(words) if characters(w).isdigit()), None)
    if letter is None or start is None:
        return None
    return _with_letters(letter, digit_readings(_after_the_number_cut(" ".join(words[start:]), settings),
                                                settings, between=True))


def _free_spelled_letter(reading: str, free_text: str, settings: AssistSettings,
                         lang: Language = ENGLISH) -> str | None:
    """A staff ID whose letter the free reading heard spelled whole ("t **as in tom** four nine
    oh" heard "t as in tom for nine al") where the grammar misheard the example ("t s n **ten**
    four nine l": N1049, or 10490): the example's letter, and the free digits after it when
    its words there are number words only (a homophone, the engine's ``oh_words``: 490), else
    the grammar's after its own "in" and the word it heard for the example ("m as in
    **sierra** a l three echo eight": 0308). None otherwise."""
    free = (free_text or "").lower().split()
    at = next((i for i in range(1, len(free) - 2) if tuple(free[i:i + 2]) == lang.spell_as), None)
    if at is None:
        return None
    letter = _example_letter(free[at + 2], lang)
    if letter is None:
        return None
    rest = free[at + 3:]
    if rest and all(characters(w).isdigit() or w in lang.homophones or w in settings.oh_words for w in rest):
        said = " ".join(_ohs_as_zero(rest, settings, lang))
        value = _with_letters(letter, digit_readings(said, settings, between=True))
        if value is not None:
            return value
    words = (reading or "").lower().split()
    after = next((i for i, w in enumerate(words) if w in (lang.spell_as[-1], "n")), None)
    if after is None or after + 2 >= len(words):
        return None
    tail = " ".join(words[after + 2:])
    return _with_letters(letter, digit_readings(_after_the_number_cut(tail, settings), settings, between=True))


def _staff_id_letter_after(reading: str, settings: AssistSettings, lang: Language = ENGLISH) -> str | None:
    """A staff ID whose letter is said right after its digits, the last thing said ("i d
    three one eight **b**", "… four four nine one two **c**"), or None: the reading ends in a
    letter name after a run of digit words of a staff ID's length with the letter (3–5
    digits). Only as the reading's last word: a letter with more words after it is the
    words after the number heard as letters ("… four four **n k c n e k**" for "in case you
    need it"). A letter the engine hears for "oh" ("l", "o") or for glue, "a" and "i" are
    none (as before the digits: ``_lettered_staff_id``)."""
    words = (reading or "").lower().split()
    not_letters = _oh_letters(settings) | set(lang.oh) | set(settings.glue_letters) | _WORD_LETTERS.get(lang.code, set())
    if len(words) < 4 or not (len(words[-1]) == 1 and words[-1].isalpha()) or words[-1] in not_letters:
        return None
    confused = _confusion_words(settings)
    if not characters(words[-2]).isdigit() or words[-2] in confused or any(
            len(p) > 1 and tuple(words[-len(p):]) == p for p, _ in settings.digit_confusions):
        return None  # after an "oh" heard as a letter ("… three **o k**": okay), or a digit's end ("t u")
    k = len(words) - 1
    while k > 0 and (characters(words[k - 1]).isdigit() or words[k - 1] in confused
                     or words[k - 1] in lang.multipliers):
        k -= 1
    if not characters(words[k]).isdigit() and words[k] not in lang.multipliers:
        return None  # the run starts with a word the engine hears for "oh": no certain start
    for r in digit_readings(" ".join(words[k:-1]), settings):
        if len(r) in _LETTERED_DIGITS:
            return r + words[-1].upper()
    return None


def _cue_ends_at(words: list[str], end: int, lang: Language = ENGLISH) -> bool:
    """Whether a staff-ID cue of the language ends right before word ``end`` ("… **i d**
    seven two two nine"): its letters are the cue's, said letter by letter."""
    from companion.extract.cues import match_cue

    for i in range(max(0, end - 3), end):
        m = match_cue(words, i, lang)
        if m is not None and m[0] == end and m[1] == STAFF_ID:
            return True
    return False


# A number's last "two" split by the grammar: its "t" glued to the digit before as that
# digit's "-ty" and its vowel heard as a letter ("six two" → "sixty a", "eight two" → "eighty
# o"), or the "t" and the vowel both heard as letters ("four two" → "four t l", "six two" →
# "six t a o"). The letters a number's end is heard as are the ones an "oh" is.
_TWO_TAIL = frozenset({"o", "a", "l", "u"})


def _unit_word(digit: str | None, lang: Language) -> str | None:
    """The language's word for a digit ("8" → "eight"), the first its table has."""
    return next((w for w, d in lang.units.items() if d == digit), None) if digit else None


def two_at_end(reading: str, lang: Language = ENGLISH) -> str | None:
    """``reading`` with a last "two" the grammar split put back ("… four one eighty o" →
    "… four one eight two"; "… five six t a o" → "… five six two"), or None when it does
    not end so: one or two of the letters a "two"'s vowel is heard as, after a "-ty" word
    or after the letter "t" that follows a digit word."""
    words = (reading or "").lower().split()
    k = len(words)
    while k > 0 and len(words) - k < 2 and words[k - 1] in _TWO_TAIL:
        k -= 1
    if k == len(words) or k == 0:
        return None
    last, two = words[k - 1], _unit_word("2", lang)
    unit = _unit_word(lang.tens.get(last), lang)  # "eighty" → "eight"
    if unit and two:
        return " ".join(words[: k - 1] + [unit, two])
    if last == "t" and two and k >= 2 and characters(words[k - 2]).isdigit():
        return " ".join(words[: k - 1] + [two])
    return None


# What the grammar heard for the digit a free "-ty" word swallowed after its tens digit
# ("nine two six …" heard "ninety six …"), beside a "-teen" of that digit ("nineteen six
# …"): the "t" of a "two" ("four four t seven"), the stand-in's "k" for an "eight" ("four
# eight two …" heard "forty two …", read "four k two …"). A digit word the grammar heard
# plainly is in its own value already.
_SWALLOWED = {"2": frozenset({"t"}), "8": _EIGHT_AS_LETTER}


def _swallowed_after(kind: str, free: list[str], i: int, heard: list[str],
                     lang: Language = ENGLISH) -> tuple[str, bool] | None:
    """(the digit the free pair ``free[i]`` ``free[i + 1]`` — "ninety six" — swallowed after
    its tens digit, whether the grammar heard it as a letter after that digit), where the
    grammar's words ``heard`` say so (``ty_split``); None where they do not."""
    tens = lang.tens[free[i]]
    unit = _unit_word(tens, lang)
    teen = next((w for w, d in lang.teens.items() if d == "1" + tens), None)
    swallowed: tuple[str, bool] | None = None
    for j, w in enumerate(heard):
        if kind == STAFF_ID:
            # any length from four to six is a staff ID's: only the grammar hearing the
            # swallowed digit as the word itself after the tens digit tells ("five seven eight
            # eight seven one" heard "five seventy eight seven one", read as said: 578871)
            if (w == unit and j + 2 < len(heard) and lang.units.get(heard[j + 1]) in _SWALLOWED
                    and heard[j + 2] == free[i + 1]):
                swallowed = (lang.units[heard[j + 1]], False)
        elif w == teen:
            swallowed = ("2", False)
        elif w == unit and j + 1 < len(heard):
            lettered = next((d for d, ws in _SWALLOWED.items() if heard[j + 1] in ws), None)
            swallowed = (lettered, True) if lettered is not None else swallowed
    return swallowed


def ty_split(kind: str, free_text: str, reading: str, settings: AssistSettings = VOSK,
             lang: Language = ENGLISH) -> str | None:
    """The digits of a referral or an A-number whose free reading is one digit short of the
    kind's usual length because the recognizer made a "-ty" word of a digit and the "two"
    or "eight" after it ("nine two six zero …" heard "ninety six zero …": 9601730 for
    92601730) — where the grammar heard that digit: the tens digit's "-teen" ("nineteen
    six …") or the digit word and then a letter for the swallowed digit (``_SWALLOWED``:
    "four k two …"). A staff ID's (four to six digits: no length is short) only where the
    grammar heard the swallowed digit as its word ("sixty five forty nine" read "sixty five
    four eight nine": 65489).
    The free tens word must be followed by a unit (a pair, "ninety six"), as the grammar's
    must not be (both hearing "ninety six" is a pair said), and be the free words' one pair
    (a staff ID's: the one the grammar heard so, ``_swallowed_after``). None otherwise."""
    if kind not in (REFERRAL_NUMBER, A_NUMBER, STAFF_ID):
        return None
    free, heard = (free_text or "").lower().split(), (reading or "").lower().split()
    pairs = [i for i in range(len(free) - 1)
             if free[i] in lang.tens and lang.units.get(free[i + 1], "0") != "0"]
    if kind != STAFF_ID and len(pairs) != 1:
        # numbers read in pairs ("twenty nine twenty two forty nine four"): the grammar's
        # "-teen" is its own mishearing of a pair said ("fourteen nine"), no swallowed digit
        return None
    found = [(i, d) for i in pairs for d in [_swallowed_after(kind, free, i, heard, lang)] if d is not None]
    if len(found) != 1:  # no pair the grammar heard split, or two: which one is not known
        return None
    i, (swallowed, lettered) = found[0]
    unit = _unit_word(lang.tens[free[i]], lang)
    if unit is None:
        return None
    between = kind in settings.between_digits_kinds
    short = _pick_digits(kind, digit_readings(" ".join(free), settings, between))
    if short is None and kind == A_NUMBER:
        short = next((d for d in digit_readings(" ".join(free), settings, between) if len(d) == 7), None)
    usual = _USUAL_DIGITS[kind] if kind != STAFF_ID else tuple(_VALID_DIGITS[kind])
    # an A-number of eight digits is one too, but of nine more often: the grammar hearing the
    # digit word and then the letter for the swallowed one splits it ("… nine nine ninety two"
    # read "… nine nine nine **k** two": A177999982, not A017799992); its "-teen" does not
    whole_too = kind == STAFF_ID or (kind == A_NUMBER and lettered and short is not None
                                     and len(short) + 1 == _USUAL_DIGITS[kind][0])
    if short is None or len(short) + 1 not in usual or (len(short) in usual and not whole_too):
        return None
    split = free[:i] + [unit, _unit_word(swallowed, lang) or swallowed] + free[i + 1:]
    whole = next((d for d in digit_readings(" ".join(split), settings, between)
                  if len(d) == len(short) + 1 and any(d[:k] + d[k + 1:] == short for k in range(len(d)))), None)
    return whole


def ty_swallowed(kind: str, value: str, free_text: str, reading: str, settings: AssistSettings = VOSK,
                 lang: Language = ENGLISH) -> bool:
    """Whether ``value`` is the free reading's digits with its "-ty" word split (``ty_split``:
    "ninety six …" read "nineteen six …" is 926…): the free value lost the digit the "-ty"
    swallowed (for ``CallSession._decide``, as ``lost_a_digit``)."""
    split = ty_split(kind, free_text, reading, settings, lang)
    return split is not None and re.sub(r"\D", "", value).lstrip("0") == split.lstrip("0")


def split_two_at_end(earlier: str, later: str, reading: str, lang: Language = ENGLISH) -> bool:
    """Whether ``later`` (read from ``reading``) is ``earlier`` with its last "two" split
    and cut: ``reading`` ends in a "-ty" word (the letter the "two"'s vowel was heard as
    fell outside the reading's seconds: "… four one eighty"), ``later`` ends in the "0"
    that word gives where ``earlier`` has a "2", and the rest is the same."""
    words = (reading or "").lower().split()
    return (bool(words) and words[-1] in lang.tens and len(earlier) == len(later)
            and later.endswith("0") and earlier.endswith("2") and earlier[:-1] == later[:-1])


def _receipt_variants(reading: str, settings: AssistSettings) -> list[_Read]:
    """A receipt reading's words as (word read for digits, the grammar words it stands
    for): first as heard, then with ``settings.digit_confusions`` read back
    (``_confusion_variants``: a dropped one keeps its words for the prefix)."""
    heard: _Read = [(w, (w,)) for w in (reading or "").lower().split()]
    out: list[_Read] = [heard]
    for v in _confusion_variants(reading, settings):
        if v not in out:
            out.append(v)
    return out


def _confusion_words(settings: AssistSettings) -> frozenset[str]:
    """Every word of the engine's digit confusions ("sierra", "t", "o", "l", "a", "echo"):
    words the grammar writes for digits, never a letter or the words after a number."""
    return frozenset(w for p, _ in settings.digit_confusions for w in p)


def _oh_letters(settings: AssistSettings) -> frozenset[str]:
    """The single letters this engine's grammar hears for the digit "oh" (``digit_confusions``:
    the stand-in's "l", "o", "echo"): an O in a receipt's prefix, no staff ID's letter."""
    return frozenset(p[0] for p, d in settings.digit_confusions if len(p) == 1 and d.rstrip("?") == "oh")


def _digit_count(words: _Read) -> int:
    return sum(c.isdigit() for c in characters(" ".join(r for r, _ in words if r)))


def _receipt_after_prefix(reading: str, prefixes: list[str], settings: AssistSettings,
                          lang: Language = ENGLISH) -> str | None:
    """A receipt read as a receipt is said: its prefix's letters, then the run of digit
    words right after them (``_digit_run``), the first ten digits of it — words said after
    the number and heard as digits ("… three eight right" heard "… three eight four i
    eight", "… two six four let me transfer you" heard "… two six four eleven e two …") are
    not its end. The first place where letters that settle to a known prefix meet a run of
    ten digits or more; a run of exactly ten read first (an uncertain "oh" dropped), then
    with every "oh" kept. None when there is no such place (``assisted_value`` then reads
    the last ten digits, as before). A last "two" the grammar split is put back by the
    caller (``assisted_value`` passes the reading ``two_at_end`` restores first)."""
    words = (reading or "").lower().split()
    for k in range(1, len(words)):
        if _letter_of(words[k - 1], lang) is None or characters(words[k - 1]).isdigit():
            continue
        run = _digit_run(words, k, settings, lang)
        if not run:
            continue
        readings = digit_readings(" ".join(run), settings)
        digits = next((r for r in readings if len(r) == 10), None) or next(
            (r[:10] for r in readings if len(r) > 10), None)
        if digits is None:
            continue
        prefix = settle_prefix(prefix_letters(words[:k], lang, ohs=_oh_letters(settings)), prefixes,
                               settings.prefix_cost)
        if prefix is not None:
            return prefix + digits
    return None


def _receipt_value(words: _Read, prefixes: list[str], settings: AssistSettings) -> str | None:
    """A receipt from (digit word, grammar words) pairs: the last ten digits are the
    number (letters among them are heard fillers); the grammar words before them spell
    the prefix, which must settle to a known one."""
    reads = [r for r, _ in words]
    chars = characters(" ".join(r for r in reads if r))
    where = [i for i, c in enumerate(chars) if c.isdigit()]
    if len(where) < 10:
        return None
    k = len(words)  # the words before the ten digits spell the prefix
    while k > 0 and sum(c.isdigit() for c in characters(" ".join(r for r in reads[k:] if r))) < 10:
        k -= 1
    letters = prefix_letters([g for _, gs in words[:k] for g in gs], ohs=_oh_letters(settings))
    prefix = settle_prefix(letters, prefixes, settings.prefix_cost)
    return prefix + "".join(chars[i] for i in where[-10:]) if prefix else None


# The letter A said right before an A-number's digits ("a two one five zero …"), as a
# grammar hears it: "i" (the two names differ only in the first vowel of "ay" and "eye",
# ``_NEAR_PAIRS``) — with the "eight" that rhymes with "a" heard beside it at times ("is a
# two one …" → "z i eight two one …", "it's a zero …" → "eight i zero …"). A lone "a" is
# not taken: the grammar hears "oh" and the end of "okay" so ("six a two five", "o k a one").
_A_LETTERS: dict[str, frozenset[str]] = {"en": frozenset({"i"})}


def _confusion_at(words: list[str], i: int, settings: AssistSettings) -> tuple[tuple[str, ...], str] | None:
    """The engine's digit confusion (pattern, digit word) that starts at word ``i``, if any."""
    for pattern, digit in settings.digit_confusions:
        if tuple(words[i:i + len(pattern)]) == pattern:
            return pattern, digit
    return None


def _digit_word(word: str, settings: AssistSettings, lang: Language) -> bool:
    return (word in lang.multipliers or characters(word).isdigit()
            or any(pattern == (word,) for pattern, _ in settings.digit_confusions))


# The rest of "okay" after its "o" as a grammar hears it ("l k", "o k"; "echo k")
_OKAY_END: dict[str, frozenset[str]] = {"en": frozenset({"k"})}


def _digit_run(words: list[str], i: int, settings: AssistSettings, lang: Language) -> list[str]:
    """The words from ``i`` that read as digits (digit words, "double", the engine's
    ``digit_confusions``), up to the first that does not. An uncertain "oh" confusion
    ("l", "o") right before the "k" of "okay" (``_OKAY_END``) is that word's first sound,
    not a digit: a read-back ends in "okay" all the time ("… two two okay" heard "… two two
    l k")."""
    out: list[str] = []
    uncertain = False
    while i < len(words):
        confusion = _confusion_at(words, i, settings)
        if confusion is not None:
            out.extend(confusion[0])
            uncertain = confusion[1].endswith("?") and len(confusion[0]) == 1
            i += len(confusion[0])
        elif words[i] in lang.multipliers or characters(words[i]).isdigit():
            out.append(words[i])
            uncertain = False
            i += 1
        else:
            if uncertain and words[i] in _OKAY_END.get(lang.code, ()):
                out.pop()
            return out
    return out


def lettered_a_number(reading: str, settings: AssistSettings = VOSK, lang: Language = ENGLISH) -> str | None:
    """An A-number said with its letter (``_A_LETTERS``: "a two one five zero zero six six
    three eight", heard "i two one five …"): the digits right after the letter, eight or
    nine of them — the A-number's own shape, as a receipt's is its prefix and ten digits.
    The letter is not inside a number (no digit word before it but the "eight" it rhymes
    with: "one i six seventy …" is a filler in a receipt). An "eight" right after it is
    read as the letter's echo first, then as a digit ("i eight two one seven seven three l
    four five": eight digits without it, nine with). None when no letter A is followed so."""
    words = (reading or "").lower().split()
    letters = _A_LETTERS.get(lang.code, frozenset())
    eight = _unit_word("8", lang)
    for k, w in enumerate(words):
        if w not in letters or (k > 0 and words[k - 1] != eight and _digit_word(words[k - 1], settings, lang)):
            continue
        starts = ([k + 2] if k + 1 < len(words) and words[k + 1] == eight else []) + [k + 1]
        for s in starts:
            run = _digit_run(words, s, settings, lang)
            if not run:
                continue
            text = " ".join(run)
            restored = two_at_end(text, lang) if settings.splits_two else None
            digits = _pick_digits(A_NUMBER, (digit_readings(restored, settings) if restored else [])
                                  + digit_readings(text, settings))
            if digits is not None:
                return "A" + digits.zfill(9)
    return None


def id_cue_a_number(reading: str, priors: Iterable[str] = (), settings: AssistSettings = VOSK,
                    lang: Language = ENGLISH) -> str | None:
    """The A-number a staff-ID cue's reading is when it is no staff ID: "my a number is"
    said quickly loses its weak "a" ("my number is", "my my number is": the cue of an
    agent's ID), but no staff ID has an A-number's eight or nine digits. The reading is one
    said with its letter (``lettered_a_number``: "i eight two zero three …"), or digit words
    only (the engine's digit confusions too: no letter, no word of another kind) whose
    digits as heard are eight or nine; else None. The user's own A-number (``priors``)
    when within ``settings.prior_distance`` of it."""
    value = lettered_a_number(reading, settings, lang)
    if value is None:
        words = (reading or "").lower().split()
        if not words or len(_digit_run(words, 0, settings, lang)) != len(words):
            return None
        heard = digit_readings(reading, settings)
        if not heard or len(heard[0]) not in _VALID_DIGITS[A_NUMBER]:
            return None
        value = "A" + heard[0].zfill(9)
    return _prior_value(value, priors, settings)


def lettered_shape(reading: str, priors: Iterable[str] = (), settings: AssistSettings = VOSK
                   ) -> tuple[str, str] | None:
    """(A_NUMBER, value) when a reading with no cue says an A-number with its letter
    (``lettered_a_number``), the user's own A-number (``priors``) when within
    ``settings.prior_distance`` of it; else None."""
    value = lettered_a_number(reading, settings)
    return (A_NUMBER, _prior_value(value, priors, settings)) if value is not None else None


def kind_by_shape(reading: str, kinds: Iterable[str], prefixes: Iterable[str] = (),
                  priors: Iterable[tuple[str, str]] = (), settings: AssistSettings = VOSK,
                  free_text: str = "") -> tuple[str, str] | None:
    """(kind, value) of the first of ``kinds`` that ``reading`` reads as a plausible value
    of (``assisted_value``, with the span's ``free_text``), or None. ``priors``: the user's
    own (kind, value) pairs."""
    prefixes = list(prefixes)
    priors = list(priors)
    for kind in kinds:
        value = assisted_value(kind, reading, prefixes, [v for k, v in priors if k == kind], settings, free_text)
        if value is not None and plausible(kind, value):
            return kind, value
    return None


def free_inside_reading(free_text: str, reading: str, kinds: Iterable[str], prefixes: Iterable[str] = (),
                        priors: Iterable[tuple[str, str]] = (), settings: AssistSettings = VOSK
                        ) -> tuple[str, str] | None:
    """(kind, value) of an answer whose grammar ``reading`` is no value of the ``kinds`` asked
    but holds the free reading's digits whole, with digits more only around them ("it's one
    five six nine one four two three zero" read "**two** one five six … three **sierra o**":
    the "it's" and the zero heard as digits): the free reading's value, when it is a
    plausible one of the kinds with as many digits said as the kind most often has (an
    A-number's nine: the eight of "i o e **zero eight** one nine nine four …" heard "… early
    one nine nine four …" are a receipt's end, not an A-number). Both hearings agree on
    those digits. None otherwise."""
    free = kind_by_shape(free_text or "", kinds, prefixes, priors, settings)
    if free is None:
        return None
    said = max(digit_readings(free_text or "", settings), key=len, default="")
    usual = _USUAL_DIGITS.get(free[0])  # the most usual count first
    if usual and len(said) != usual[0]:
        return None
    digits = re.sub(r"\D", "", free[1]).lstrip("0")
    return free if digits and any(digits in h for h in digit_readings(reading, settings)) else None


# --------------------------------------------------------------------------- own numbers
#
# The user's own receipts and A-number (typed in on the Prepare screen) are the strongest
# prior there is: ten (or nine) digits within a digit or two of one of them, said anywhere
# in the call — cue or no cue — are that number being said ("that's your receipt number").


@dataclass(frozen=True)
class OwnMatch:
    """One of the user's own values heard in a reading: ``off`` digits wrong, missing or extra."""

    kind: str
    value: str
    off: int


def _own_digits(kind: str, value: str) -> list[str]:
    """The digit strings ``value`` (one of the user's own) may be said as: a receipt's ten
    digits (its prefix is known); an A-number's nine, and without its leading zeros when
    eight or more are left ("a one two three …" for A012345678)."""
    digits = re.sub(r"\D", "", value or "")
    if kind == A_NUMBER:
        out = [digits.zfill(9)] if digits else []
        if len(digits.lstrip("0")) >= 8:
            out.append(digits.lstrip("0"))
        return list(dict.fromkeys(out))
    return [digits] if kind == RECEIPT_NUMBER and len(digits) == 10 else []


def _substring_distance(pattern: str, text: str) -> tuple[int, int, int]:
    """(edits, start, end): the fewest digits wrong, missing or extra between ``pattern``
    and any stretch ``text[start:end]`` (an edit distance free at both ends of ``text``)."""
    m = len(pattern)
    # each cell: (edits, where the stretch starts in text)
    prev = [(i, 0) for i in range(m + 1)]
    best = (prev[m][0], 0, 0)
    for j, t in enumerate(text, 1):
        cur = [(0, j)]
        for i, p in enumerate(pattern, 1):
            cur.append(min((prev[i - 1][0] + (p != t), prev[i - 1][1]),
                           (prev[i][0] + 1, prev[i][1]),  # an extra digit heard
                           (cur[i - 1][0] + 1, cur[i - 1][1])))  # a digit not heard
        prev = cur
        if prev[m][0] < best[0]:
            best = (prev[m][0], prev[m][1], j)
    return best


def own_matches(readings: Iterable[str], own: Iterable[tuple[str, str]],
                settings: AssistSettings = VOSK) -> list[OwnMatch]:
    """The user's own values (``own``: (kind, value) pairs, receipts and A-numbers) that the
    digit strings ``readings`` (what the call heard in one utterance: the free words' and
    the number grammar's digits) hold within ``settings.own_receipt_off`` /
    ``own_a_number_off`` digits wrong, missing or extra. The nearest wins: a value is
    left out when another of the user's values is at least as near over the same digits
    (two receipts one digit apart: a reading between them is neither); one heard exactly
    is always in. The digits heard must be all of the value's but one at most (a staff ID,
    a referral's eight digits are too short for a receipt's ten even where they are its
    last eight)."""
    most: dict[str, int] = {RECEIPT_NUMBER: settings.own_receipt_off, A_NUMBER: settings.own_a_number_off}
    own = [(k, v) for k, v in dict.fromkeys(own) if k in most]
    texts = [t for t in dict.fromkeys(re.sub(r"\D", "", r or "") for r in readings) if t]
    # each value's nearest stretch in each reading: (edits, reading, start, end)
    found: dict[tuple[str, str], list[tuple[int, int, int, int]]] = {}
    for kind, value in own:
        for n, text in enumerate(texts):
            for pattern in _own_digits(kind, value):
                off, a, b = _substring_distance(pattern, text)
                if b - a >= len(pattern) - 1:  # most digits heard: at most one of them missing
                    found.setdefault((kind, value), []).append((off, n, a, b))
    out = []
    for (kind, value), hits in found.items():
        off, n, a, b = min(hits)
        if off > most[kind]:
            continue
        rivals = [o for key, other in found.items() if key != (kind, value)
                  for o, n2, a2, b2 in other if n2 == n and a2 < b and a < b2 and o <= off]
        if off > 0 and rivals:
            continue  # as near (or nearer) to another of the user's values: no way to tell
        out.append(OwnMatch(kind, value, off))
    return sorted(out, key=lambda m: m.off)


def utterance_reading(words: Sequence[dict], grammar_words: Iterable[dict],
                      settings: AssistSettings = VOSK) -> str:
    """The number grammar's words over one final result's seconds (its free ``words``):
    those whose middle falls inside them (with ``settings.margin``), as for a cue's span."""
    if not words:
        return ""
    span = AssistSpan(float(words[0]["start"]), float(words[-1]["end"]), "", "")
    return grammar_reading(span, grammar_words, settings)


# --------------------------------------------------------------------------- names
#
# The name assist (issue 9): the free recognizer turns an agent's name into English words
# ("this is tanya" → "this is tenure", "officer nadia" → "officer media", "kevin reyes" →
# "kevin raise"). After a staff-name cue the seconds of the name are read again with a
# grammar of personal names (``names_en.txt``); ``companion.session`` applies the reading
# like a number cue's: it replaces a free name that is not a known name, and is offered
# beside one that is.

# Cues after which a staff name follows, by their last words (the free recognizer often
# garbles the first: "you're speaking with" → "years speaking with"). Weak introductions
# ("i'm", "it's") are left out: "i'm calling about …" is said all the time.
_NAME_CUE_WORDS = 2


def _name_cues(lang: Language) -> list[tuple[str, ...]]:
    cues = {phrase[-_NAME_CUE_WORDS:] for phrase, _staff in
            (p for ps in lang.intro_index.values() for p in ps)
            if phrase not in lang.weak_intros}
    return sorted(cues, key=len, reverse=True)


@dataclass(frozen=True)
class NameSpan:
    """Seconds of a free result that hold a staff name after a cue (``name_spans``)."""

    start: float
    end: float
    free_text: str  # the free words of the span ("tenure", "pre of the")
    strong: bool  # a title or "my name is" / "speaking with": a name surely follows


def name_stops(settings: AssistSettings) -> frozenset[str]:
    """The engine's own one-word sounds of a number cue (``cue_sounds``: the stand-in's
    "patch" for "badge", "aged" for "agent"): words that end a name, never one of its words
    ("this is agent raise **patch** three …")."""
    return frozenset(heard[0] for heard, _ in settings.cue_sounds if len(heard) == 1)


def name_spans(words: list[dict], lang: Language = ENGLISH, most_words: int = 3,
               stops: Iterable[str] = ()) -> list[NameSpan]:
    """The staff-name spans of one free result (Vosk ``result`` words): after a title
    ("officer media") or an introduction ("my name is ten year", "this is tenure with …"),
    the words up to the first word that ends a name (``lang.after_its_name``: "with",
    "my", "how" …, the ID cue heard as one word, ``lang.id_words``: "lee shot i'd", or one
    of the engine's ``stops``, ``name_stops``), at most ``most_words``; "x speaking" takes
    the word before."""
    stops = frozenset(stops)
    texts = [w.get("word", "") for w in words]
    cues = _name_cues(lang)
    spans: list[NameSpan] = []
    i = 0
    n = len(texts)
    while i < n:
        end = None
        strong = False
        if texts[i] in lang.titles:
            if i > 0 and texts[i - 1] in lang.indefinite_articles:  # "an officer may call you back": no one named
                i += 1
                continue
            end, strong = i + 1, True
        else:
            for cue in cues:
                if tuple(texts[i : i + len(cue)]) == cue:
                    end, strong = i + len(cue), cue != ("this", "is")
                    break
        if end is None:
            if (i + 1 < n and texts[i + 1] in lang.speaking and texts[i] not in lang.after_its_name
                    and texts[i] not in lang.common and (i == 0 or texts[i - 1] in lang.greeting_before)):
                spans.append(NameSpan(float(words[i]["start"]), float(words[i]["end"]), texts[i], True))
            i += 1
            continue
        while end < n and (texts[end] in lang.titles or texts[end] in lang.polite_titles):
            strong = strong or texts[end] in lang.titles
            end += 1  # "this is officer …": the title is a cue of its own, the name follows
        k = end
        while (k < n and k - end < most_words and texts[k] not in lang.after_its_name
               and texts[k] not in lang.id_words and texts[k] not in stops):
            k += 1
        if k > end:
            spans.append(NameSpan(float(words[end]["start"]), float(words[k - 1]["end"]),
                                  " ".join(texts[end:k]), strong))
        i = max(k, i + 1)
    return spans


def name_reading(words: Iterable[dict], settings: AssistSettings = VOSK) -> str:
    """The name grammar's words over a span (Vosk ``result`` words) as text: no
    ``[unk]``, and no word at its end shorter than ``settings.min_name_seconds`` (the
    grammar filling the seconds left after a name: "latoya anne"). A short word before a
    name stays: the grammar found no name where the span starts ("denies" read "dunn
    elias"), and the reading is two names for one word (``name_from_reading``)."""
    heard = [w for w in words if w.get("word") != "[unk]"]
    while heard and float(heard[-1].get("end", 0.0)) - float(heard[-1].get("start", 0.0)) < settings.min_name_seconds:
        heard.pop()
    return " ".join(w["word"] for w in heard)


def name_from_reading(reading: str, names: Iterable[str] | None = None, free_text: str | None = None) -> str | None:
    """A name grammar's reading as a staff name: its list words, title case, at most two
    (first and last); None when it read no name, or (with ``free_text``, the span's free
    words) more names than the free reading had words: one word heard as two names
    ("media" → "may tia") is the grammar filling the seconds, not a name it heard."""
    from companion.extract.names import _title

    known = set(names) if names is not None else known_names()
    parts = [w for w in (reading or "").lower().split() if w in known]
    if not parts or (free_text is not None and len(parts[:2]) > len(free_text.split())):
        return None
    return " ".join(_title(p) for p in parts[:2])


# first letters that sound alike at a word's start: the same place in the mouth, voiced or
# not (what a recognizer confuses), and c / k / q
_ALIKE_STARTS = ("bp", "dt", "gkcq", "fv", "sz", "aeiou")


def starts_alike(free_value: str, value: str) -> bool:
    """Whether the name grammar's reading ``value`` starts with the sound the free words
    ``free_value`` start with (the same first letter, one of ``_ALIKE_STARTS``' pairs, or
    two vowels). A name heard as a word keeps its first sound ("bricks" / Brooks, "perks"
    / Brooks, "hell" / Hill, "elisha" / Alicia); a list name of another first sound is the
    grammar forcing the list onto a name it lacks or a word that was no name ("pre" /
    Curry for Priya, "tenure" / Kenya, "navy" / Enid)."""
    a, b = free_value[:1].lower(), value[:1].lower()
    return bool(a) and (a == b or any(a in group and b in group for group in _ALIKE_STARTS))


def name_cut_short(free_value: str, value: str, free_text: str) -> bool:
    """Whether a known free staff name is the grammar's one-word name ``value`` cut short:
    the free recognizer heard the name's start as a shorter name and its end as a word of
    its own ("marcus" → "mark is", "steven" → "steve an", "jamal" → "jim oh"), and the
    grammar read the same words as one longer name of the same first letter. The free name
    is one word, the first of the span's free words (``free_text``), which hold one more."""
    free = free_value.lower().split()
    heard = value.lower().split()
    span = free_text.lower().split()
    return (len(free) == 1 and len(heard) == 1 and len(span) >= 2 and span[0] == free[0]
            and heard[0] != free[0] and heard[0][:1] == free[0][:1] and len(heard[0]) > len(free[0]))


# --------------------------------------------------------------------------- spelled names
#
# Agents spell their names, and callers ask them to ("okonkwo, o k o n k w o", "how do you
# spell that" — "n as in nancy g …"). The free recognizer makes the letters words ("and
# she you why he and"); the number grammar, reading every result's seconds for the
# user's own numbers (``GrammarReading``), holds them as letters, noisily ("n g u y
# eighty n"). A run of them, read against the name list with the letter confusions the
# assist knows (``_letter_cost``: letters whose names rhyme; the engine's "oh" letters),
# gives the name the list has where the name grammar heard another or none.

SPELLED_MIN_LETTERS = 4  # a shorter run is initials, a prefix, "u s c i s" …
SPELLED_COST = 0.2  # most sound cost per letter of the name (Reyes heard "r u y e s": 1.0)
SPELLED_LEFT = 0.25  # the cost of a letter of the run the name leaves out ("n g u y e n n m …")


def spelled_runs(grammar_text: str, settings: AssistSettings = VOSK, lang: Language = ENGLISH) -> list[str]:
    """The runs of letters spelled in a grammar reading, upper case, each of at least
    ``SPELLED_MIN_LETTERS``: letter names, spelling-alphabet words ("bravo india …"), "x as
    in y" (the letter x), "double t" (two of them; "double u" the letter W), and the engine's ``spelled_letters`` between two letters; any
    other word (a digit, a filler) ends a run."""
    words = (grammar_text or "").lower().split()
    extra = dict(settings.spelled_letters)
    m = len(lang.spell_as)
    runs: list[str] = []
    run = ""
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        if run and m and tuple(words[i:i + m]) == lang.spell_as:
            i += m + 1  # "n as in nancy": the letter was said; its example word is no letter
            continue
        letter = _letter_of(w, lang) if (len(w) == 1 or w in lang.spelling_alphabet) else None
        if letter is None and w in lang.multipliers and i + 1 < n and (
                len(words[i + 1]) == 1 or words[i + 1] in lang.spelling_alphabet):
            # "p r u i double t": the letter said twice ("double u" is the letter W)
            twice = _letter_of(words[i + 1], lang)
            if twice is not None:
                run += "W" if words[i + 1] in lang.double_u else twice * lang.multipliers[w]
                i += 2
                continue
        if letter is None and w in extra and run and i + 1 < n and (
                len(words[i + 1]) == 1 or words[i + 1] in lang.spelling_alphabet):
            letter = extra[w].upper()
        if letter is not None:
            run += letter
        else:
            if len(run) >= SPELLED_MIN_LETTERS:
                runs.append(run)
            run = ""
        i += 1
    if len(run) >= SPELLED_MIN_LETTERS:
        runs.append(run)
    return runs


def _spelled_cost(run: str, name: str, ohs: frozenset[str]) -> tuple[float, int]:
    """(sound cost, letters of ``run`` left out) of the cheapest stretch of ``run`` that
    spells ``name``: an edit distance free at the run's ends, a rhyming letter half a
    letter, an engine's "oh" letter for an O half."""
    inf = float("inf")
    prev = [0.0] * (len(run) + 1)  # row 0: the name may start anywhere in the run
    start = list(range(len(run) + 1))
    for j, b in enumerate(name, 1):
        cur = [float(j)] + [inf] * len(run)
        cur_start = [0] + [0] * len(run)
        for i, a in enumerate(run, 1):
            sub = 0.5 if (b == "O" and a in ohs) else _letter_cost(a, b)
            best = (prev[i - 1] + sub, start[i - 1])
            if prev[i] + 1 < best[0]:
                best = (prev[i] + 1, start[i])
            if cur[i - 1] + 1 < best[0]:
                best = (cur[i - 1] + 1, cur_start[i - 1])
            cur[i], cur_start[i] = best
        prev, start = cur, cur_start
    end = min(range(len(run) + 1), key=lambda i: (prev[i], -i))
    return prev[end], len(run) - (end - start[end])


SPELLED_WORD_LETTERS = 5  # a spelled word the name list lacks: a shorter one is found in any run
SPELLED_WORD_LEFT = 2  # most letters of its run such a word leaves out (a run spells one word)
SPELLED_WORD_CHANGES = 3  # most letters of a spelled run read as a near letter to make the word


def _letter_readings(settings: AssistSettings) -> dict[str, tuple[str, ...]]:
    """The letters a heard spelled letter may have been: the letter names that differ only
    in their vowel's start (``_NEAR_PAIRS``: "ay" and "eye"), and O for the letters this
    engine's grammar hears for "oh" (the stand-in's "l" and "echo")."""
    out: dict[str, list[str]] = {}
    for pair in _NEAR_PAIRS:
        a, b = sorted(pair)
        out.setdefault(a.upper(), []).append(b.upper())
        out.setdefault(b.upper(), []).append(a.upper())
    for w in _oh_letters(settings):
        letter = "E" if w == "echo" else w.upper()
        if len(letter) == 1 and letter != "O":
            out.setdefault(letter, []).append("O")
    return {k: tuple(v) for k, v in out.items()}


def _near_spellings(stretch: str, readings: dict[str, tuple[str, ...]], most: int) -> list[tuple[str, int]]:
    """``stretch`` and the spellings it may be with at most ``most`` letters read as a near
    one (``_letter_readings``), each with how many it changed."""
    out = [("", 0)]
    for ch in stretch:
        out = [(s + a, c + (a != ch)) for s, c in out for a in (ch, *readings.get(ch, ()))
               if c + (a != ch) <= most]
    return out


def lexicon_spelled(runs: Iterable[str], settings: AssistSettings = VOSK) -> tuple[str, float] | None:
    """(a word of the engine's lexicon a spelled run spells, lower case; how many of its
    letters were read as a near one), or None: the longest stretch of a run, of at least
    ``SPELLED_WORD_LETTERS`` letters and leaving at most ``SPELLED_WORD_LEFT`` of the run's
    out (a run spells one word, not a word inside it), that spells a word the recognizer knows
    (``settings.known_word``) as heard or with at most ``SPELLED_WORD_CHANGES`` letters read
    as a near one ("s i l b h i n" → Siobhan: "l" for "oh", "i" for "ay"); None when two
    words of that length are spelled (as heard or not: a near letter is as likely), or the
    engine has no lexicon. For a
    name the name list lacks, which no name grammar can give: its letters can."""
    known = settings.known_word
    if known is None:
        return None
    readings = _letter_readings(settings)
    found: list[tuple[int, int, str]] = []
    for run in runs:
        for i in range(min(len(run), SPELLED_WORD_LEFT + 1)):
            for j in range(max(i + SPELLED_WORD_LETTERS, len(run) - SPELLED_WORD_LEFT + i), len(run) + 1):
                for word, changes in _near_spellings(run[i:j], readings, SPELLED_WORD_CHANGES):
                    if known(word.lower()):
                        found.append((i - j, changes, word.lower()))
    if not found:
        return None
    found.sort()
    best = found[0]
    if any(f[0] == best[0] and f[2] != best[2] for f in found[1:]):
        return None  # two words of one length: the near letters say neither ("c h i n g": Ching or Chang)
    return best[2], float(best[1])


# Most sound cost per letter at which a spelled run still *confirms* one name heard
# already (the name grammar's reading of an introduction): a looser test than finding a
# name among the list's thousands (``SPELLED_COST``) — "q as in quebec q i a n t t r l"
# for Quintero costs 0.31 a letter, the same run for any other name read there far more.
SPELLED_CHECK_COST = 0.35
# The fewest letters of a name a spelling confirms: a shorter one fits inside the letters of
# another ("t e v i t a" heard "e v i t i" would confirm "Vito")
SPELLED_CHECK_LETTERS = 5


def spells(runs: Iterable[str], name: str, settings: AssistSettings = VOSK) -> bool:
    """Whether one of the spelled ``runs`` spells ``name`` (one word, of at least
    ``SPELLED_CHECK_LETTERS``) within ``SPELLED_CHECK_COST`` a letter."""
    word = name.upper()
    if len(word) < SPELLED_CHECK_LETTERS or not word.isalpha():
        return False
    ohs = frozenset(o.upper() for o in _oh_letters(settings))
    return any(_spelled_cost(run, word, ohs)[0] <= SPELLED_CHECK_COST * len(word) for run in runs)


def spelled_name(runs: Iterable[str], names: Iterable[str] | None = None,
                 settings: AssistSettings = VOSK) -> tuple[str, float] | None:
    """(the list name a spelled run spells, lower case; its sound cost), or None: the name
    of at least ``SPELLED_MIN_LETTERS`` letters whose cheapest stretch of a run costs at
    most ``SPELLED_COST`` a letter, ranked by that cost plus ``SPELLED_LEFT`` for each
    letter of the run left out (at most two letters' worth more: a run spells one name,
    not a short name inside it — "n g u y e n" is Nguyen, not Guy); None when two names
    rank the same. A letter the engine hears for "oh" (``settings``: the stand-in's "l")
    may be an O at half a letter ("o k l n k w l")."""
    ohs = frozenset(o.upper() for o in _oh_letters(settings))
    known = names if names is not None else known_names()
    ranked: list[tuple[float, float, str]] = []
    for run in runs:
        for name in known:
            if len(name) < SPELLED_MIN_LETTERS or not name.isalpha() or len(name) > len(run) + 2:
                continue
            cost, left = _spelled_cost(run, name.upper(), ohs)
            score = cost + SPELLED_LEFT * left
            if cost <= SPELLED_COST * len(name) and score <= SPELLED_COST * len(name) + 2 * SPELLED_LEFT:
                ranked.append((score, cost, name))
    ranked.sort()
    if not ranked or (len(ranked) > 1 and ranked[1][0] == ranked[0][0] and ranked[1][2] != ranked[0][2]):
        return None
    return ranked[0][2], ranked[0][1]


# A number said twice (issue 9, round 12) -------------------------------------------------

# How far (edit distance) a saying's digits may be from a held value and still be that
# number said again: a read-back a digit or two off, a digit lost or added by a cue word.
SAID_TWICE_DISTANCE = 2


def _aligned(ref: str, heard: str) -> tuple[int, list[str | None]]:
    """The edit distance from ``heard`` to ``ref`` and, for each position of ``ref``, the
    character of ``heard`` aligned with it (None where ``heard`` lost it)."""
    n, m = len(ref), len(heard)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (ref[i - 1] != heard[j - 1]))
    out: list[str | None] = [None] * n
    i, j = n, m
    while i > 0 and j > 0:
        if d[i][j] == d[i - 1][j - 1] + (ref[i - 1] != heard[j - 1]):
            out[i - 1] = heard[j - 1]
            i, j = i - 1, j - 1
        elif d[i][j] == d[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    return d[n][m], out


def nearest_run(digits: str, reading: str) -> tuple[int, str]:
    """The run of ``reading`` nearest ``digits`` (as long, or a digit shorter or longer) and
    its edit distance."""
    n = len(digits)
    best = (n + 1, "")
    for length in (n, n - 1, n + 1):
        for i in range(max(0, len(reading) - length + 1)):
            w = reading[i:i + length]
            d = _aligned(digits, w)[0]
            if d < best[0]:
                best = (d, w)
    return best


def said_whole(digits: str, sayings: Sequence[Sequence[str]]) -> int:
    """How many of ``sayings`` (each its readings) heard ``digits`` whole in one reading."""
    return sum(any(digits in r for r in readings) for readings in sayings)


def agreed_digits(digits: str, sayings: Sequence[tuple[Sequence[str], float]], length: int) -> str | None:
    """The number ``digits`` (a held value's digits) is, decided from every saying of it in
    the call. A saying holds it when one of its readings (its free digits, the grammar's)
    has a run within ``SAID_TWICE_DISTANCE`` edits of it. Of the runs of ``length`` digits
    the sayings heard, the one nearest all of them wins (the sum of each saying's weight —
    so the caller may weigh one — times its readings' mean edit distance, capped), ``digits``
    itself on a tie or when two sayings heard it whole. None unless two sayings or more hold
    it (said once: nothing to agree), or when two others tie."""
    held: list[tuple[Sequence[str], float]] = []
    heard: set[str] = set()
    for readings, weight in sayings:
        near = [(d, w) for d, w in (nearest_run(digits, r) for r in readings) if d <= SAID_TWICE_DISTANCE]
        if near:
            held.append((readings, weight))
            heard.update(w for _d, w in near if len(w) == length)
    if len(held) < 2 or not heard:
        return None
    if said_whole(digits, [readings for readings, _w in held]) >= 2:
        return digits  # heard whole the same twice: the sayings agree already
    cap = SAID_TWICE_DISTANCE + 1

    def cost(value: str) -> float:
        return sum(weight * sum(min(cap, nearest_run(value, r)[0]) for r in readings) / len(readings)
                   for readings, weight in held)

    scored = sorted((cost(v), v) for v in heard | ({digits} if len(digits) == length else set()))
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return digits if digits in (scored[0][1], scored[1][1]) else None
    return scored[0][1]
