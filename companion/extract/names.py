"""Who is speaking, and the staff member's name.

A staff name comes from an introduction ("this is angela with u s c i s", "officer
daniels speaking", "my name is helen w a r d") made by the agent's side. The caller's own
name is not a staff name: with a ``speaker`` field that is plain; without one the side is
guessed from what is said (``guess_role``) and from who asked for a name. A title used to
address someone ("hello officer i'm …", "thank you officer") marks the caller. "i'm x" /
"i am x" / "it's x" are weak introductions (``NameHit.weak``): never a ``PREDICATE`` word
("i'm active duty", "i'm retired"), and without speaker labels believed only where an
agent introduces themself (``StreamingExtractor._intro_place``); "it's x" only when x ends
the phrase ("it's maria from …", not "it's outside processing times"). Common English
words and menu verbs ("press", "outside") are never names. A spelled surname may hold
"o" ("grace o k a f o r"); "i d" after a name is the ID cue, and ID words (operator,
badge, employee, staff …) end a name. Letters spelled with no name
said are initials ("k j" → KJ); "mc"/"o'" names keep their inner capital (McDonald).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from companion.extract.lang import LETTER, NATO, WEAK_LETTER, Language
from companion.extract.lang.en import ENGLISH
from companion.extract.spoken import read_run

AGENT, CALLER = "agent", "caller"


def _has(text: str, marks: tuple[str, ...]) -> int:
    return sum(1 for m in marks if m in text)


def addresses_staff(words: list[str], lang: Language = ENGLISH) -> bool:
    """A title used to address the other side ("hello officer i'm …", "thank you officer"):
    said *to* staff, so by the caller. "officer daniels speaking" names the speaker instead."""
    if lang.titles.isdisjoint(words):
        return False
    n = len(words)
    for i, w in enumerate(words):
        if w in lang.titles and i > 0 and words[i - 1] in lang.vocative_before and (
            i + 1 >= n or not _is_name_word(words[i + 1], lang) or (i + 2 < n and words[i + 2] in lang.self_after_vocative)
        ):
            return True
    return False


def marks(words: list[str], lang: Language = ENGLISH) -> int:
    """Agent marks minus caller marks in what is said (> 0: sounds like the agent)."""
    text = " " + " ".join(words) + " "
    a = _has(text, lang.agent_marks)
    c = _has(text, lang.caller_marks)
    if addresses_staff(words, lang):
        a -= _has(text, tuple(t for t in lang.titles if t in lang.agent_marks))  # not "officer x speaking"
        c += 1
    return a - c


def guess_role(words: list[str], previous: str | None, starts_with_number: bool, lang: Language = ENGLISH) -> str:
    """Agent or caller, from what is said; ties go to turn-taking."""
    balance = marks(words, lang)
    if balance > 0:
        return AGENT
    if balance < 0:
        return CALLER
    if previous is None:
        return AGENT  # the agent answers the phone
    if starts_with_number:
        return previous  # a number running on after a pause
    return CALLER if previous == AGENT else AGENT


def asks_for_name(words: list[str], lang: Language = ENGLISH) -> bool:
    text = " ".join(words)
    return any(m in text for m in lang.name_request)


def asks_staff(words: list[str], lang: Language = ENGLISH) -> bool:
    """A name request aimed at the agent ("can i get your name and i d number")."""
    text = " " + " ".join(words) + " "
    return any(m in text for m in lang.staff_request)


def _is_name_word(w: str, lang: Language = ENGLISH) -> bool:
    if len(w) < 2 or w in lang.common or w in lang.fillers or w in lang.never_names:
        return False
    if len(w) > 5 and w.endswith(lang.name_suffixes):  # "i'm sending", "i'm currently"
        return False
    if len(w) > 4 and lang.past_suffixes and w.endswith(lang.past_suffixes):  # "the officer tried"
        return False
    if lang.clitics and w.endswith(lang.clitics):  # "what's the question", "officer holly's": no name
        return False
    c = lang.lexicon.get(w)
    if c is not None and c[0] != NATO:
        return False
    return w.replace("'", "").replace("-", "").isalpha()


@dataclass
class NameHit:
    value: str
    first: int  # word indices, inclusive
    last: int
    strength: float  # how sure the pattern is
    staff_only: bool  # the phrase is only said by staff ("officer x", "x speaking")
    answer: bool = False  # the words answer a name request (bare "tomas herrera")
    titled: bool = False  # "officer x", "supervisor x"
    weak: bool = False  # from "i'm x" / "i am x" / "it's x"
    spelled: bool = False  # spelled out letter by letter ("anna a n n a"): the surest form
    addressed: bool = False  # a title right before the name ("hi officer chen", "officer daniels speaking")


def _spelled(words: list[str], i: int, lang: Language = ENGLISH) -> tuple[str, int] | None:
    """Letters spelled from word ``i`` on (after optional "that's", "spelled"), if ≥ 2."""
    n = len(words)
    j = i
    while j < n and words[j] in lang.spelled_lead:
        j += 1
    if j >= n:
        return None
    c = lang.lexicon.get(words[j])
    # "o" is a letter as well as a digit: "grace o k a f o r" spells Okafor
    if c is None or c[0] not in (LETTER, WEAK_LETTER, NATO) and lang.oh.get(words[j]) != "O":
        return None
    run = read_run(words, j, lang=lang)
    if run is None or len(run) < 2:
        return None
    text = run.text(letters_first=len(run))
    if not text.isalpha():
        return None
    end = run.end
    idc = list(lang.id_cue)
    if end - j == 2 and words[j:end] == idc:
        return None  # "officer hernandez i d": the ID cue, never a surname "Id"
    if words[end - 2 : end] == idc and end < len(words) and words[end] in lang.after_id:
        # "officer hernandez i d number …", "helen w a r d i d is …": the ID cue ends the name
        text, end = text[:-2], end - 2
        if len(text) < 2:
            return None
    return text, end - 1


def _cap(part: str, lang: Language = ENGLISH) -> str:
    for prefix in lang.name_prefixes:  # "mcdonald" → McDonald, "o'brien" → O'Brien
        m = len(prefix)
        if len(part) > m + 1 and part.startswith(prefix):
            return prefix[:1].upper() + prefix[1:] + part[m : m + 1].upper() + part[m + 1 :]
    return part[:1].upper() + part[1:]


def _title(word: str, lang: Language = ENGLISH) -> str:
    return "-".join(_cap(p, lang) for p in word.split("-"))


def _initials(letters: str, lang: Language = ENGLISH) -> bool:
    """Letters spelled with no name said are initials ("k j" → KJ): two letters, or three
    with no vowel ("j r r"); "b o b" and "a m y" are names spelled out."""
    return len(letters) <= 2 or len(letters) == 3 and lang.vowels.isdisjoint(letters)


def _spelled_as_said(said: str, letters: str) -> bool:
    """Whether ``letters``, spelled right after the name ``said``, spell that name misheard
    rather than a surname: a name and then its spelling is one name ("my name is tiffany t i
    f f a n y" heard "… tiffany t i f f i n y"; "pritchard p r i t c h i r d"). A letter or
    two apart (one in four), the same first letter, and ``said`` a list name while the
    letters are not: spoken letters are misheard more often than a whole name, and where
    the letters spell a list name too ("sara s a r a h") they say which one was meant."""
    if said[:1] != letters[:1] or abs(len(said) - len(letters)) > 1:
        return False
    return edit_distance(said, letters) <= max(1, len(said) // 4) and is_known_name(said) and not is_known_name(letters)


def _spelling_of(said: str, letters: str) -> str | None:
    """The one name ``said`` and the ``letters`` spelled right after it are, when the letters
    spell that name misheard (not a surname): the name said when the letters are no list name
    (``_spelled_as_said``; also where neither is one: "chaudhry c h i t t h r y" heard for
    "c h a u d h r y", a letter in three off with both ends alike), the letters when they
    spell a list name ("sara s a r a h": they say which one was meant). None: another name."""
    if _spelled_as_said(said, letters):
        return said
    if said[:1] != letters[:1] or abs(len(said) - len(letters)) > 1:
        return None
    off = edit_distance(said, letters)
    if is_known_name(letters):
        return letters if off <= max(1, len(said) // 4) else None
    if is_known_name(said):
        # the letters no list name, a list name said: its spelling misheard when they start
        # alike and are at most half off ("brennan b r e n n i")
        return said if said[:2] == letters[:2] and off <= len(said) // 2 else None
    # neither a list name: the letters are misheard more often than the word said whole
    return said if said[-1:] == letters[-1:] and off <= len(said) // 2 else None


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _name_from(
    words: list[str], i: int, strength: float, staff_only: bool, start: int, lang: Language = ENGLISH
) -> NameHit | None:
    n = len(words)
    j = i
    titled = False
    while j < n and (words[j] in lang.titles or words[j] in lang.polite_titles):
        titled = titled or words[j] in lang.titles
        j += 1
    staff_only = staff_only or titled
    parts: list[str] = []
    k = j
    if k < n and words[k] in lang.names_also_words and (
        k + 1 >= n or words[k + 1] in lang.after_its_name or tuple(words[k + 1 : k + 3]) == lang.id_cue
    ):
        # "this is will i d four one nine nine": a first name that is also a word, where an
        # introduction ends
        parts.append(words[k])
        k += 1
    while k < n and len(parts) < 2 and _is_name_word(words[k], lang):
        if words[k] in lang.modals and k + 1 < n and words[k + 1] in lang.pronouns:
            break  # "this is marisol may i have your …": a question starts, not a surname
        # a NATO word is a name only if no spelling follows it ("mike" vs "mike alpha")
        c = lang.lexicon.get(words[k])
        if c is not None and c[0] == NATO and k + 1 < n and lang.lexicon.get(words[k + 1], ("", ""))[0] == NATO:
            break
        parts.append(words[k])
        k += 1
    last = k - 1
    spelled = _spelled(words, k, lang)
    if spelled:
        letters, last = spelled
        low = letters.lower()
        if not parts:
            parts = [low]
            if _initials(low, lang):
                return NameHit(letters.upper(), j, last, min(1.0, strength + 0.1), staff_only, titled=titled)
        elif low in parts:
            pass
        elif len(low) == 2 and len(parts[-1]) >= 4 and parts[-1].startswith(low[0]):
            # "cedric that's charlie **i** could tell to romeo …": two letters after a name, the
            # first its own — its spelling begun and then lost to words, no surname "Ci" (a
            # two-letter surname of the first name's letter, "wendy w u", is lost so: rarer)
            pass
        elif (one := _spelling_of(parts[-1], low)) is not None:
            parts[-1] = one  # the name said, then spelled: one name, not a surname
        elif len(parts) == 1:
            parts.append(low)
        else:
            parts[1] = low
        strength = min(1.0, strength + 0.1)
    if not parts or any(p in lang.never_names or p in lang.common for p in parts if p not in lang.names_also_words):
        return None  # "this is u s c i s": letters of an agency, no name
    if not titled and not spelled and k + 1 < n and words[k] in lang.titles and _is_name_word(words[k + 1], lang):
        return None  # "this is supervisory officer blake": a rank before the title, the name after it
    first = j if j < n else start
    hit = NameHit(" ".join(_title(p, lang) for p in parts), first, last, strength, staff_only, titled=titled)
    hit.spelled = bool(spelled)
    return hit


def find_names(words: list[str], lang: Language = ENGLISH) -> list[NameHit]:
    """Name introductions in one result's words."""
    hits: list[NameHit] = []
    n = len(words)
    i = 0
    while i < n:
        w = words[i]
        hit = None
        if w in lang.titles and i + 1 < n and _is_name_word(words[i + 1], lang) and words[i + 1] not in lang.titles:
            # "an officer may call you back", "an officer will call you": a title after an
            # article names no one (the free recognizer makes the verb a name: May, Akali)
            if not (i > 0 and words[i - 1] in lang.indefinite_articles):
                hit = _name_from(words, i + 1, 0.9, True, i, lang)
                if hit is not None:
                    hit.addressed = True
        elif i + 1 < n and words[i + 1] in lang.speaking and _is_name_word(w, lang) and (
            i == 0 or words[i - 1] in lang.greeting_before
        ):
            hit = NameHit(_title(w, lang), i, i + 1, 0.85, True)
        elif (tuple(words[i : i + 2]) in lang.intro_tails and i + 2 < n
              and (i == 0 or words[i - 1] not in lang.intro_tail_not_after)):
            # "your speaking with samuel": the staff introduction, its "you're" misheard. The
            # cue itself was misheard, so only a name of the name list is taken ("years
            # speaking with market" on a telephone line is no name)
            hit = _name_from(words, i + 2, 0.9, True, i, lang)
            if hit is not None and not is_known_name(hit.value):
                hit = None
        else:
            for phrase, staff_only in lang.intro_index.get(w, ()):
                m = len(phrase)
                if tuple(words[i : i + m]) == phrase:
                    strength = 0.9 if phrase[-1] in lang.strong_intro_ends else 0.75
                    hit = _name_from(words, i + m, strength, staff_only, i, lang)
                    if hit is not None and phrase in lang.weak_intros and not hit.titled:
                        if hit.value.split()[0].lower() in lang.predicate:
                            hit = None  # "i'm active duty", "i'm retired"
                        elif phrase == lang.its_intro and not hit.spelled and hit.last + 1 < n and (
                            words[hit.last + 1] not in lang.after_its_name
                        ):
                            hit = None  # "it's outside processing times": a sentence runs on
                        else:
                            hit.weak = True
                    break
        if hit is not None:
            hits.append(hit)
            i = hit.last + 1
        else:
            i += 1
    return hits


def bare_name(words: list[str], lang: Language = ENGLISH) -> NameHit | None:
    """A reply that is just a name ("tomas herrera", "it's angela"), after a name request."""
    j = 0
    n = len(words)
    while j < n and words[j] in lang.bare_lead:
        j += 1
    hit = _name_from(words, j, 0.7, False, j, lang)
    if hit is None:
        return None
    if hit.last < n - 3:  # a name, then a sentence: not a bare answer
        return None
    hit.answer = True
    return hit


def greeted_name(words: list[str], lang: Language = ENGLISH) -> NameHit | None:
    """The caller greeting the agent by name at the start of a result ("hi felicia i'm
    calling about …", "hello heather i need to reschedule"): one word of the name list right
    after the greeting, no common word. Only a name the list has: a word the recognizer made
    of a name is as often another word ("hi current calling for …" for Kiran)."""
    if len(words) < 2 or words[0] not in lang.caller_greetings:
        return None
    w = words[1]
    if w in lang.common or w in lang.never_names or w in lang.titles or not is_known_name(w):
        return None
    return NameHit(_title(w, lang), 1, 1, 0.7, False, addressed=True)


def _names_file() -> str:
    from importlib.resources import files

    # the list ships beside the name assist that reads it as a grammar
    return str(files("companion.asr") / "names_en.txt")


_NAMES: dict[str, frozenset[str]] = {}


def known_names(path: str | None = None) -> frozenset[str]:
    """The name list's words, lower case (``names_en.txt``: US census first names and
    surnames), read once."""
    path = path or _names_file()
    names = _NAMES.get(path)
    if names is None:
        with open(path, encoding="utf-8") as fh:
            names = frozenset(line.strip().lower() for line in fh if line.strip() and not line.startswith("#"))
        _NAMES[path] = names
    return names


def _name_words(value: str) -> list[str]:
    # the census writes "O'Brien" as obrien; a double-barrelled name is two names
    return value.lower().replace("'", "").replace("-", " ").split()


def is_known_name(value: str, names: Iterable[str] | None = None) -> bool:
    """Whether every word of ``value`` is in the name list ("Kevin Reyes" yes, "Tenure" no)."""
    known = set(names) if names is not None else known_names()
    parts = _name_words(value)
    return bool(parts) and all(p in known for p in parts)


@functools.cache
def census_names() -> frozenset[str]:
    """The US census names the name list lacks, less common English words, lower case
    (``names_census_en.txt.gz``, 158,389 names: ``scripts/make_census_names.py``), read once
    on first use (0.06 s and 18 MB here; only the recognizer's readings ask)."""
    import gzip
    from importlib.resources import files

    text = gzip.decompress((files("companion.asr") / "names_census_en.txt.gz").read_bytes()).decode("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def is_census_name(value: str) -> bool:
    """Whether every word of ``value`` is a name the census counts, in the name list or the
    wider census lists ("Raj", "Sato", "Nakamura"; "Media", "Over" are not: English words
    that common are left out of the wider lists). Tells a rare name heard right from a
    misheard word, where the name list is too short to (``CallSession``)."""
    parts, known, wider = _name_words(value), known_names(), census_names()
    return bool(parts) and all(p in known or p in wider for p in parts)


@dataclass(frozen=True)
class NameCue:
    """A sure introduction in one result's words (``name_cues``): a staff name follows it."""

    first: int  # the cue's first word
    after: int  # the first word after the cue (and any titles after it): where the name starts
    last: int  # one past the words that may hold the name (== ``after``: none in this result)
    staff_only: bool  # "you're speaking with", "this is officer": only staff say it


def name_cues(words: list[str], lang: Language = ENGLISH, most_words: int = 3) -> list[NameCue]:
    """The introductions after which a person surely says their name: "my name is", "you're
    speaking with", "le habla", or one that also opens any sentence ("this is") with a title
    after it ("this is officer …") or after an agent's greeting ("thank you for calling u s c i
    s this is …", ``lang.agent_intro``). A weak one ("i'm", "it's") or a title alone ("the
    officer will review it") says no name follows. The name's words are the next ``most_words``
    at most, up to a word that ends a name ("with", "my", the ID cue heard as one word)."""
    cues: list[NameCue] = []
    n = len(words)
    i = 0
    while i < n:
        match = next(((p, staff) for p, staff in lang.intro_index.get(words[i], ())
                      if tuple(words[i : i + len(p)]) == p), None)
        if match is None or match[0] in lang.weak_intros or match[0][-1] not in lang.strong_intro_ends:
            i += 1
            continue
        phrase, staff_only = match
        j = i + len(phrase)
        titled = False
        while j < n and (words[j] in lang.titles or words[j] in lang.polite_titles):
            titled = titled or words[j] in lang.titles
            j += 1
        if phrase in lang.open_intros and not titled and not _greeted(words[:i], lang):
            i += 1
            continue
        k = j
        while k < n and k - j < most_words and words[k] not in lang.after_its_name and words[k] not in lang.id_words:
            k += 1
        cues.append(NameCue(i, j, k, staff_only or titled))
        i = max(k, i + 1)
    return cues


def _greeted(before: list[str], lang: Language) -> bool:
    """Whether ``before`` (the words before a cue) hold an agent's greeting."""
    text = " " + " ".join(before) + " "
    return any(f" {g} " in text for g in lang.agent_intro)
