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

from dataclasses import dataclass

from companion.extract.spoken import FILLERS, LEXICON, LETTER, NATO, WEAK_LETTER, read_run

AGENT, CALLER = "agent", "caller"

TITLES = frozenset("officer supervisor agent representative rep specialist".split())
POLITE_TITLES = frozenset("mister mr miss ms mrs missus doctor dr".split())

# Introductions: the name follows these words.
_INTROS: list[tuple[tuple[str, ...], bool]] = [
    # (phrase, said only by staff)
    (("my", "name", "is"), False),
    (("my", "name's"), False),
    (("name", "is"), False),
    (("this", "is"), False),
    (("you're", "speaking", "with"), True),
    (("you", "are", "speaking", "with"), True),
    (("you're", "talking", "to"), True),
    (("you're", "talking", "with"), True),
    (("you're", "speaking", "to"), True),
    (("i'm",), False),
    (("i", "am"), False),
    (("my", "last", "name", "is"), False),
    (("last", "name", "is"), False),
    (("my", "first", "name", "is"), False),
    (("it's",), False),
]
# "i'm x" / "i am x" / "it's x" also say what the speaker *is* ("i'm active duty", "i'm
# retired"): weak introductions, believed only from the agent's side in an agent's place in
# the dialogue (see StreamingExtractor._names) and never for the words below.
WEAK_INTROS = frozenset({("i'm",), ("i", "am"), ("it's",)})
PREDICATE = frozenset(
    """
    active duty retired married single divorced widowed separated engaged disabled blind deaf
    pregnant deployed stationed overseas abroad away home unemployed employed self
    veteran military army navy marine citizen resident permanent lawful legal student
    worried concerned confused frustrated upset nervous anxious scared sick ill tired fine
    late early old young older elderly senior aware unsure stuck desperate available busy
    free alone already almost finally also actually really pretty quite too kind sort
    disappointed surprised calm patient eligible approved denied delayed pending interested
    currently originally basically trying supposed sure glad happy sorry afraid able unable
    new here there back over due out off on in at from with about
    """.split()
)
_INTRO_INDEX: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
for _p, _staff in _INTROS:
    _INTRO_INDEX.setdefault(_p[0], []).append((_p, _staff))
for _v in _INTRO_INDEX.values():
    _v.sort(key=lambda e: -len(e[0]))

# Words that are never a name in these positions (function words, call vocabulary).
COMMON = frozenset(
    """
    a about actually after again all also am an and any anything are around as at back be
    because been before being but by calling call can case check checking correct could
    did do does doing done for from get getting glad going gonna good great had has have
    having he hello help her here hi him his hold how i i'm if in inquiring is it it's its
    just know let like looking me more my need new no not now of off ok okay on one only
    or our out over please pleased put ready really regarding right same see she should so
    some sorry speaking still sure talking tell thank thanks that that's the their them
    then there these they this those to today trying u uh um up us very wait was we well
    were what when where which while who why will with would yeah yes you your you're
    calling reaching following happy unable afraid transferring officer agent supervisor
    representative operator tier two level customer service uscis center contact
    immigration national u.s. mister miss ms mrs doctor afternoon morning evening
    number id receipt referral badge also still currently new just from with ahead
    recorded line monitored quality purposes concerning wondering hoping writing waiting
    calling about having asking trying name last first full spelled spell spelling that's
    """.split()
)

# Common English words that are never a staff name in an introduction ("it's outside
# processing times", "a representative press zero"): a compact list of frequent words,
# leaving out those that are also common first names or surnames (will, may, mark, grace,
# young, white, …). Checked with COMMON in every name position.
NEVER_NAMES = frozenset(
    """
    about above across after against ago ahead almost along already although always among
    another anybody anyone anyway anywhere application applied apply approved area ask asked
    asking available away bad based become before began begin behind below better between
    big both bring brought business busy calls came cannot card care change changed changes
    check child children choose city close come comes coming complete confirm connect
    connected continue could couple course current currently date day days dear decision
    department dial dialing different difficult during each early easy either else email end
    english enough enter entered even ever every everyone everything exactly example explain
    fact family far fast few file filed find fine finish first five follow following form
    forms four free friday full further general give given gives go goes gone got group had
    half hand hang happen happened hard hear heard held help here high hold home hour hours
    however hung important inside instead interview issue issues it item keep kind knew last
    late later least leave left less letter life line list listen live local look lot made
    mail main make makes many maybe mean means message might mind minute minutes moment
    monday money month months most much must name near nearly never next nice night nobody
    none nothing notice number office often old once online open option options order other
    others otherwise outside own paper part past pay pending people perhaps person phone
    place point possible press pressed pretty probably problem process processed processing
    program provide public question questions quick quickly quite rather reach reached
    reason receive received recently record remain repeat request requests required
    reschedule response rest return said saturday say says schedule scheduled second select
    selected send sent serve services set several since small something sometimes soon
    spanish speak spoke start started state states status stay step still such sunday
    support system take taken takes talk tell than thing things think third though thought
    three through thursday time times together told too took top toward transfer transferred
    try tuesday turn under until update upon usually various visit want wanted wants way
    website wednesday week weeks whatever whether whole within without word work world wrong
    year years yet
    urgent normal closed expired invalid valid clear simple usual unusual typical standard
    final official missing lost stolen damaged inactive impossible necessary optional
    incorrect wrong perfect great worse worst strange weird odd similar common rare
    unfortunately possibly certainly definitely probably usually normally hopefully
    denied rejected received transferred reopened updated scheduled expedited stuck
    under review taking showing saying asking telling waiting
    employee employees staff identification personnel extension ext user member unit desk
    team department rep reference confirmation tracking ticket account callback direct
    """.split()
)

# Words that may follow the name in "it's x …" ("it's maria from u s c i s", "it's tanya
# again", "yes it's keisha badge number …"); any other word means a sentence runs on and x
# is no name ("it's outside processing times", "it's pending review").
_AFTER_ITS_NAME = frozenset(
    """
    with from at here speaking and how what i i'm i'll i've my thank thanks calling again
    your u operator badge agent officer employee representative supervisor over who yes ok
    okay um uh on returning back by just hi hello that's spelled
    """.split()
)

# A modal verb then a pronoun starts a question after the name ("may i", "shall we").
_MODALS = frozenset("may might shall must".split())
_PRONOUNS = frozenset("i we you i'll we'll".split())

_GREETING_BEFORE = frozenset("hello hi hey morning afternoon evening s officer yes".split())
# Words before a title used to address someone: "hello officer", "thank you officer".
_VOCATIVE_BEFORE = frozenset("hello hi hey morning afternoon evening thanks you yes okay ok excuse sorry dear".split())

# Phrases that say which side is talking (used only when the transcript has no speaker).
_AGENT_MARKS = (
    "thank you for calling", "how can i help", "how may i help", "how can i assist",
    "how may i assist", "may i have", "can i have the", "can i have your", "verify", "please hold",
    "transfer you", "one moment", "pull up", "i've created", "i have created", "i'll submit",
    "put in a service", "i've submitted", "i have submitted", "your case", "your referral",
    "anything else", "speaking", "my i d", "my operator", "my badge", "reviewed",
    "i can see", "i see that", "normal processing", "write down", "you should receive",
    "with u s c i s", "from u s c i s", "i'm going to", "let me", "for calling",
    "outside", "i'll create", "i'll put", "created a", "my agent", "you've reached",
    "thanks for calling", "u s c i s my name", "officer", "my employee",
)
_CALLER_MARKS = (
    "i'm calling", "calling about", "calling because", "my receipt", "my a number",
    "my case", "my application", "can i get your", "could i get your", "what is your",
    "what's your", "your i d", "your operator", "your badge", "got it", "thank you so much",
    "i filed", "i applied", "my work permit", "my green card", "my husband", "my wife",
    "i received", "i got a", "i need", "i was told", "can you tell me", "i'd like",
)
_NAME_REQUEST = (
    "your name", "your full name", "your first name", "your last name", "who am i speaking",
    "who is this", "spell your", "name please", "your first and last name",
)


def _has(text: str, marks: tuple[str, ...]) -> int:
    return sum(1 for m in marks if m in text)


def addresses_staff(words: list[str]) -> bool:
    """A title used to address the other side ("hello officer i'm …", "thank you officer"):
    said *to* staff, so by the caller. "officer daniels speaking" names the speaker instead."""
    if TITLES.isdisjoint(words):
        return False
    n = len(words)
    for i, w in enumerate(words):
        if w in TITLES and i > 0 and words[i - 1] in _VOCATIVE_BEFORE:
            if i + 1 >= n or not _is_name_word(words[i + 1]) or (
                i + 2 < n and words[i + 2] in ("i'm", "i", "my", "i've", "i'd")
            ):
                return True
    return False


def marks(words: list[str]) -> int:
    """Agent marks minus caller marks in what is said (> 0: sounds like the agent)."""
    text = " " + " ".join(words) + " "
    a = _has(text, _AGENT_MARKS)
    c = _has(text, _CALLER_MARKS)
    if addresses_staff(words):
        a -= _has(text, tuple(t for t in TITLES if t in _AGENT_MARKS))  # not "officer x speaking"
        c += 1
    return a - c


def guess_role(words: list[str], previous: str | None, starts_with_number: bool) -> str:
    """Agent or caller, from what is said; ties go to turn-taking."""
    balance = marks(words)
    if balance > 0:
        return AGENT
    if balance < 0:
        return CALLER
    if previous is None:
        return AGENT  # the agent answers the phone
    if starts_with_number:
        return previous  # a number running on after a pause
    return CALLER if previous == AGENT else AGENT


def asks_for_name(words: list[str]) -> bool:
    text = " ".join(words)
    return any(m in text for m in _NAME_REQUEST)


def asks_staff(words: list[str]) -> bool:
    """A name request aimed at the agent ("can i get your name and i d number")."""
    text = " " + " ".join(words) + " "
    return any(m in text for m in (" i d", " id ", "operator", "badge", "can i get your", "could i get your", "could i have your name and"))


def _is_name_word(w: str) -> bool:
    if len(w) < 2 or w in COMMON or w in FILLERS or w in NEVER_NAMES:
        return False
    if len(w) > 5 and w.endswith(("ing", "ly")):  # "i'm sending", "i'm currently"
        return False
    c = LEXICON.get(w)
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


# Words after "i d" that make it the ID cue, not the end of a spelled name ("d a v i d").
_AFTER_ID = frozenset("number is it's num please".split())


def _spelled(words: list[str], i: int) -> tuple[str, int] | None:
    """Letters spelled from word ``i`` on (after optional "that's", "spelled"), if ≥ 2."""
    n = len(words)
    j = i
    while j < n and words[j] in ("that's", "spelled", "that", "is", "it's", "uh", "um", "as", "last", "name"):
        j += 1
    if j >= n:
        return None
    c = LEXICON.get(words[j])
    # "o" is a letter as well as a digit: "grace o k a f o r" spells Okafor
    if c is None or c[0] not in (LETTER, WEAK_LETTER, NATO) and words[j] != "o":
        return None
    run = read_run(words, j)
    if run is None or len(run) < 2:
        return None
    text = run.text(letters_first=len(run))
    if not text.isalpha():
        return None
    end = run.end
    if end - j == 2 and words[j:end] == ["i", "d"]:
        return None  # "officer hernandez i d": the ID cue, never a surname "Id"
    if words[end - 2 : end] == ["i", "d"] and end < len(words) and words[end] in _AFTER_ID:
        # "officer hernandez i d number …", "helen w a r d i d is …": the ID cue ends the name
        text, end = text[:-2], end - 2
        if len(text) < 2:
            return None
    return text, end - 1


_VOWELS = frozenset("aeiouy")


def _cap(part: str) -> str:
    if len(part) > 3 and part.startswith("mc"):
        return "Mc" + part[2:3].upper() + part[3:]  # "mcdonald" → McDonald
    if len(part) > 3 and part.startswith("o'"):
        return "O'" + part[2:3].upper() + part[3:]  # "o'brien" → O'Brien
    return part[:1].upper() + part[1:]


def _title(word: str) -> str:
    return "-".join(_cap(p) for p in word.split("-"))


def _initials(letters: str) -> bool:
    """Letters spelled with no name said are initials ("k j" → KJ): two letters, or three
    with no vowel ("j r r"); "b o b" and "a m y" are names spelled out."""
    return len(letters) <= 2 or len(letters) == 3 and _VOWELS.isdisjoint(letters)


def _name_from(words: list[str], i: int, strength: float, staff_only: bool, start: int) -> NameHit | None:
    n = len(words)
    j = i
    titled = False
    while j < n and (words[j] in TITLES or words[j] in POLITE_TITLES):
        titled = titled or words[j] in TITLES
        j += 1
    staff_only = staff_only or titled
    parts: list[str] = []
    k = j
    while k < n and len(parts) < 2 and _is_name_word(words[k]):
        if words[k] in _MODALS and k + 1 < n and words[k + 1] in _PRONOUNS:
            break  # "this is marisol may i have your …": a question starts, not a surname
        # a NATO word is a name only if no spelling follows it ("mike" vs "mike alpha")
        c = LEXICON.get(words[k])
        if c is not None and c[0] == NATO and k + 1 < n and LEXICON.get(words[k + 1], ("",))[0] == NATO:
            break
        parts.append(words[k])
        k += 1
    last = k - 1
    spelled = _spelled(words, k)
    if spelled:
        letters, last = spelled
        low = letters.lower()
        if not parts:
            parts = [low]
            if _initials(low):
                return NameHit(letters.upper(), j, last, min(1.0, strength + 0.1), staff_only, titled=titled)
        elif low in parts:
            pass
        elif len(parts) == 1:
            parts.append(low)
        else:
            parts[1] = low
        strength = min(1.0, strength + 0.1)
    if not parts:
        return None
    first = j if j < n else start
    return NameHit(" ".join(_title(p) for p in parts), first, last, strength, staff_only, titled=titled)


def find_names(words: list[str]) -> list[NameHit]:
    """Name introductions in one result's words."""
    hits: list[NameHit] = []
    n = len(words)
    i = 0
    while i < n:
        w = words[i]
        hit = None
        if w in TITLES and i + 1 < n and _is_name_word(words[i + 1]) and words[i + 1] not in TITLES:
            hit = _name_from(words, i + 1, 0.9, True, i)
        elif i + 1 < n and words[i + 1] in ("speaking", "here") and _is_name_word(w) and (
            i == 0 or words[i - 1] in _GREETING_BEFORE
        ):
            hit = NameHit(_title(w), i, i + 1, 0.85, True)
        else:
            for phrase, staff_only in _INTRO_INDEX.get(w, ()):
                m = len(phrase)
                if tuple(words[i : i + m]) == phrase:
                    strength = 0.9 if phrase[-1] in ("is", "with", "to", "name's") else 0.75
                    hit = _name_from(words, i + m, strength, staff_only, i)
                    if hit is not None and phrase in WEAK_INTROS and not hit.titled:
                        if hit.value.split()[0].lower() in PREDICATE:
                            hit = None  # "i'm active duty", "i'm retired"
                        elif phrase == ("it's",) and hit.last + 1 < n and words[hit.last + 1] not in _AFTER_ITS_NAME:
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


def bare_name(words: list[str]) -> NameHit | None:
    """A reply that is just a name ("tomas herrera", "it's angela"), after a name request."""
    j = 0
    n = len(words)
    while j < n and words[j] in ("yes", "sure", "it's", "yeah", "oh", "uh", "um", "okay", "my", "name", "is"):
        j += 1
    hit = _name_from(words, j, 0.7, False, j)
    if hit is None:
        return None
    if hit.last < n - 3:  # a name, then a sentence: not a bare answer
        return None
    hit.answer = True
    return hit
