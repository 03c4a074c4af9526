"""Languages the extractor hears: every word and phrase it knows, as tables.

A ``Language`` holds the vocabulary of one language: how digits and letters are spoken,
the spelling alphabets, the cue phrases that name each kind of identifier, and the
phrases that steer the dialogue (corrections, read-backs, new numbers, restarts, name
introductions). The pipeline (``stream``, ``spoken``, ``cues``, ``names``) holds no
words of its own: it reads them from the ``Language`` it is given. English
(``companion.extract.lang.en``) is the first; a second language is one more module
building a ``Language`` and its corpus (see ``companion/extract/README.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

Phrase = tuple[str, ...]

# Token classes of the spoken-character lexicon (single characters: cheap to compare).
UNIT, OH, HOMO, TEEN, TENS, HUNDRED, THOUSAND, MULT, LETTER, WEAK_LETTER, NATO, LETTER_WORD, FILLER = (
    "u", "o", "h", "t", "x", "c", "k", "m", "l", "w", "n", "lw", "f",
)
NUMERIC = frozenset((UNIT, OH, TEEN, TENS, HUNDRED, THOUSAND, MULT))
CHARLIKE = frozenset((UNIT, OH, TEEN, TENS, HUNDRED, MULT, LETTER, NATO))

# Pseudo-kinds of cue phrases that name no identifier kind.
NOT_ID = "not_id"  # zip codes, dates, money, form names, menu prompts …
CORRECTION = "correction"  # "sorry let me repeat that", "no it's"


def _phrases(items: tuple[str, ...]) -> tuple[Phrase, ...]:
    return tuple(tuple(p.split()) for p in items)


@dataclass(frozen=True)
class Language:
    """The vocabulary of one language. Phrases are space-separated lower-case words."""

    code: str
    # -- spoken characters ----------------------------------------------------------
    units: Mapping[str, str]  # "one" -> "1" ("oh" is in ``oh``)
    oh: Mapping[str, str]  # words both a digit zero and a letter O: "oh" -> "0", "o" -> "O"
    homophones: Mapping[str, str]  # "for" -> "4": digits only next to number words
    homophones_never_final: frozenset[str]  # "to": never ends a number, never after "double"
    homophone_prepositions: frozenset[str]  # "twenty for" is 24 only if numbers follow
    teens: Mapping[str, str]
    tens: Mapping[str, str]  # "twenty" -> "2"
    hundred: frozenset[str]
    thousand: frozenset[str]
    hundred_and: frozenset[str]  # "four hundred and five"
    multipliers: Mapping[str, int]  # "double" -> 2
    double_u: frozenset[str]  # "double you" is the letter W
    letters: Mapping[str, str]  # single-letter words: "b" -> "B"
    weak_letters: Mapping[str, str]  # letters that are also words: "a", "i"
    spelling_alphabet: Mapping[str, str]  # "alpha" -> "A"
    two_word_letters: Mapping[Phrase, str]  # ("x", "ray") -> "X"
    letter_words: Mapping[str, str]  # letter names written as words ("see" -> "C"), only inside a run
    example_words: Mapping[str, str]  # "A" -> "adam": what callers spell by (for ``speak``)
    spell_as: Phrase  # "e as in edward"
    spell_joiners: frozenset[str]  # "e for echo", "e like eagle"
    fillers: frozenset[str]
    one: str  # the digit word that is also a pronoun ("one moment", "the one")
    one_words: frozenset[str]  # "one", "won": a lone one then words continues nothing
    one_not_digit_after: frozenset[str]  # "one moment", "one of"
    one_not_digit_before: frozenset[str]  # "the one", "no one" (when no number follows)
    one_digit_after: frozenset[str]  # "… is one": a lone "one" ending a result after these is a digit
    hold_on: tuple[Phrase, ...]  # "hold on one"
    # -- cues: phrases naming the kind of the characters after them ------------------
    cue_phrases: Mapping[str, tuple[str, ...]]  # kind (or NOT_ID / CORRECTION) -> phrases
    short_reach: frozenset[str]  # one-word cues that count only right next to the number
    cue_needs_lead: Mapping[str, frozenset[str]]  # "a number" is a cue only after "my", "your" …
    id_cue: Phrase  # "i d": not a cue inside spelled letters ("d a v i d")
    agency_cues: frozenset[Phrase]  # "case number": of another agency after these
    other_agency: frozenset[str]  # "n v c", "police", "court"
    noun_cues: Mapping[Phrase, frozenset[str]]  # "call" is no phone cue after "that", "the last"
    intro_number: tuple[Phrase, ...]  # "my number is": staff ID only after an introduction
    request_number_cues: frozenset[Phrase]  # "the tracking number is …" names the request just made
    glue: frozenset[str]  # words between a cue and its value
    after_not_id: frozenset[str]  # "… days", "… dollars": an amount or duration
    months: frozenset[str]
    month_words: frozenset[str]  # months that are also common words ("may")
    ordinals: frozenset[str]
    ordinal_index: Mapping[str, int]  # "sorry the second is …" corrects the second number
    form_before: frozenset[str]  # "form i four eighty five", "the i seven sixty five"
    # -- dialogue: corrections, read-backs, new numbers, restarts --------------------
    new_item: frozenset[str]  # "another", "the second", "my wife's": a different number
    earlier_call_before: frozenset[str]  # "the number from that call"
    call_word: str
    readback_phrases: tuple[str, ...]  # "so that's", "to confirm"
    readback_keys: frozenset[str]  # a word each read-back phrase holds (fast skip)
    repeat_request: tuple[str, ...]  # "could you repeat that"
    repeat_keys: frozenset[str]
    leading_ok: frozenset[str]  # words at a result's start that do not stop a continuation
    trailing_ok: frozenset[str]  # words after a number that still let it run on
    restart_marks: frozenset[str]  # "sorry", "wait": a number broken off to be said again
    restart_ok: frozenset[str]  # words that only frame a restart
    request_verbs: frozenset[str]  # "i'll put in a request" …
    request_word: str
    number_word: str  # … then "the number is" names the referral
    my_word: str
    denials: frozenset[str]  # "no", "nope"
    denial_next: frozenset[str]  # "no it's …", "no that's …"
    wrong_phrases: tuple[str, ...]  # "that's wrong", "not right"
    swap_word: str  # "a three not an eight"
    articles: frozenset[str]  # "a", "an"
    tail_after: tuple[Phrase, ...]  # "… four oh three at the end"
    tail_last: str  # "the last digits are …"
    tail_names: frozenset[str]  # "digits", "numbers"
    tail_ends: frozenset[str]  # "it ends in …"
    tail_end_preps: frozenset[str]
    swap_last: frozenset[str]  # "the last digit is a four not a one"
    same_words: frozenset[str]  # "the same letters as before …", "the same number except …"
    prefix_words: frozenset[str]  # "letters", "prefix": the letters of an earlier number
    except_words: frozenset[str]  # "except", "but": … with its tail changed
    # -- who is speaking --------------------------------------------------------------
    agent_labels: frozenset[str]  # speaker labels that mean the agent
    caller_labels: frozenset[str]
    handover: tuple[str, ...]  # "please hold", "transfer you": a new agent speaks next
    agent_intro: tuple[str, ...]  # an agent's greeting: "thank you for calling"
    agent_marks: tuple[str, ...]  # phrases that sound like the agent
    caller_marks: tuple[str, ...]
    # -- names --------------------------------------------------------------------------
    titles: frozenset[str]  # "officer", "supervisor"
    polite_titles: frozenset[str]  # "mister", "doctor"
    intros: tuple[tuple[Phrase, bool], ...]  # ("my name is", staff only?)
    weak_intros: frozenset[Phrase]  # "i'm x": also says what the speaker is
    predicate: frozenset[str]  # "i'm retired": never a name after a weak intro
    common: frozenset[str]  # never a name
    never_names: frozenset[str]
    after_its_name: frozenset[str]  # "it's maria from …"
    modals: frozenset[str]
    pronouns: frozenset[str]
    speaking: frozenset[str]  # "angela speaking", "angela here"
    greeting_before: frozenset[str]
    vocative_before: frozenset[str]  # "hello officer", "thank you officer"
    self_after_vocative: frozenset[str]  # "hello officer i'm …"
    strong_intro_ends: frozenset[str]  # "my name is", "speaking with": sure introductions end so
    its_intro: Phrase  # "it's x": only when x ends the phrase
    name_request: tuple[str, ...]  # "may i have your name", "who am i speaking with"
    staff_request: tuple[str, ...]  # a name request aimed at the agent ("your name and i d")
    after_id: frozenset[str]  # "i d number": the ID cue, not the end of a spelled name
    spelled_lead: frozenset[str]  # "that's spelled w a r d"
    bare_lead: frozenset[str]  # "yes it's angela": a bare name answer
    name_prefixes: tuple[str, ...]  # "mc", "o'": the inner capital (McDonald)
    vowels: frozenset[str]
    unsounded: frozenset[str]  # letters a name's sound skeleton leaves out ("oak offer" ~ "okafor")
    name_suffixes: tuple[str, ...]  # "sending", "currently": no name (words of six letters or more)
    names_also_words: frozenset[str]  # "will", "joy": a name only where an introduction ends
    # -- number shapes other languages have (empty for English) ----------------------------
    tens_and: frozenset[str] = frozenset()  # "treinta y dos": a word between tens and unit
    hundreds: Mapping[str, str] = field(default_factory=dict)  # "doscientos" -> "2": a hundred with its digit
    # letter words that may start a run with no cue before them, when more letters then digits
    # follow or the letter is spelled by example ("y o e cero …", "el i ene uno …", "te de tomás dos …")
    letter_words_start: frozenset[str] = frozenset()
    # words that sound as a letter's name, read as that letter right before a staff ID's
    # digits ("my ideas **are** three five one": R351); only there
    staff_id_letter_words: Mapping[str, str] = field(default_factory=dict)
    # glue words a free recognizer writes for a letter's name said between a staff-ID cue and
    # its digits ("my i d is **the** one nine four seven" for "c one nine …", "i d number
    # **and** eight one oh four" for "m eight …"): the number assist's grammar reads the letter
    # there (``companion.asr.assist._letter_start``); the letter is the grammar's, never the word's
    letter_sounds: frozenset[str] = frozenset()
    # the words a caller greets the agent with right before the agent's name ("hi heather i
    # filed …": ``names.greeted_name``); empty: no such rule
    caller_greetings: frozenset[str] = frozenset()
    # the agent's offers of help that close an introduction, beyond ``agent_intro``'s ("what
    # can i do for you"): a number said before one ends there (the number assist's
    # ``_closings``, read up to a number word); never a mark of who speaks (a caller asks
    # "what can i do" too). Empty: only ``agent_intro``'s.
    closing_greetings: tuple[str, ...] = ()
    # -- the number assist (``companion.asr.assist``) ------------------------------------
    # words that open an answer to a question for a number ("sure, a eight five …")
    answer_openers: frozenset[str] = frozenset()
    # words after which a number follows ("… number for your records is twenty eight …")
    value_leads: frozenset[str] = frozenset()
    # "a new one four eight six …", "the other one five three …", "the second one e a c …":
    # "one" after these is the pronoun for a number, never its first digit (empty: no such rule)
    one_pronoun_after: frozenset[str] = frozenset()
    # "i'll request the appointment be rescheduled", "let me request a review": "request" as
    # the verb right after these is a request made (empty: only ``request_verbs`` make one)
    request_as_verb_after: frozenset[str] = frozenset()
    # "okay", "uh huh", "got it": a result of only these (and fillers) is the listener's
    # acknowledgment, no turn of its own: a cue, question or request left waiting before it
    # still waits for its value (empty: every result is a turn)
    acknowledgments: frozenset[str] = frozenset()
    # -- names (empty: no such rule) ---------------------------------------------------
    past_suffixes: tuple[str, ...] = ()  # "tried", "listed": a past tense, no name (five letters or more)
    # a staff-only introduction's last two words ("… speaking with", "… talking to") introduce
    # a staff name whatever word came before them (speech recognition garbles "you're": "your
    # speaking with", "years speaking with", "i answer speaking with"), except after these:
    # the question "who am i speaking with" ("am i", heard "my") and the past ("i was speaking
    # with …"). Empty: only the whole phrase introduces.
    intro_tail_not_after: frozenset[str] = frozenset()
    # "an officer may call you back", "un oficial le llamará": a title after these names
    # someone, not a name (empty: no such rule)
    indefinite_articles: frozenset[str] = frozenset()
    # the ID cue "i d" heard as one word ("donna id number", "lee shot i'd …"): a staff
    # name's span for the name assist ends there (empty: only ``after_its_name`` ends it)
    id_words: frozenset[str] = frozenset()
    # a contraction or possessive ending ("what's", "holly's"): a word so heard is no name
    # (empty: no such rule)
    clitics: tuple[str, ...] = ()
    # introductions that also open any sentence ("this is about my case"): a cue that a staff
    # name follows only with a title after them ("this is officer …"; ``names.name_cues``)
    open_intros: frozenset[Phrase] = frozenset()

    # -- derived indexes (built once per language) ------------------------------------
    @cached_property
    def lexicon(self) -> dict[str, tuple[str, str]]:
        """Word -> (token class, character) for every word that can spell a character."""
        lex: dict[str, tuple[str, str]] = {}
        for w, d in self.units.items():
            lex[w] = (UNIT, d)
        for w, d in self.oh.items():
            lex[w] = (OH, d)
        for w, d in self.homophones.items():
            lex[w] = (HOMO, d)
        for w, d in self.teens.items():
            lex[w] = (TEEN, d)
        for w, d in self.tens.items():
            lex[w] = (TENS, d)
        for w in self.hundred:
            lex[w] = (HUNDRED, "00")
        for w, d in self.hundreds.items():
            lex[w] = (HUNDRED, d)
        for w in self.thousand:
            lex[w] = (THOUSAND, "000")
        for w, times in self.multipliers.items():
            lex[w] = (MULT, str(times))
        for w, c in self.letters.items():
            lex[w] = (LETTER, c)
        for w, c in self.weak_letters.items():
            lex[w] = (WEAK_LETTER, c)
        # a recognizer's dictionary writes a letter said on its own as the letter and a
        # period ("two one four four b.", "robert c. for charlie"): that letter, never a word
        for w, c in [*self.letters.items(), *self.weak_letters.items()]:
            lex.setdefault(w + ".", (LETTER, c))
        for w, c in self.spelling_alphabet.items():
            lex[w] = (NATO, c)
        for w, c in self.letter_words.items():
            lex.setdefault(w, (LETTER_WORD, c))
        for w in self.fillers:
            lex[w] = (FILLER, "")
        return lex

    @cached_property
    def cue_index(self) -> dict[str, list[tuple[Phrase, str]]]:
        """First word -> [(phrase words, kind)], longest phrase first."""
        index: dict[str, list[tuple[Phrase, str]]] = {}
        for kind, phrases in self.cue_phrases.items():
            for p in phrases:
                words = tuple(p.split())
                index.setdefault(words[0], []).append((words, kind))
        for v in index.values():
            v.sort(key=lambda e: -len(e[0]))
        return index

    @cached_property
    def intro_tails(self) -> frozenset[Phrase]:
        """The last two words of the staff-only introductions of three words or more
        ("speaking with", "talking to"), when ``intro_tail_not_after`` is set."""
        if not self.intro_tail_not_after:
            return frozenset()
        return frozenset(p[-2:] for p, staff in self.intros if staff and len(p) >= 3)

    @cached_property
    def intro_index(self) -> dict[str, list[tuple[Phrase, bool]]]:
        index: dict[str, list[tuple[Phrase, bool]]] = {}
        for p, staff in self.intros:
            index.setdefault(p[0], []).append((p, staff))
        for v in index.values():
            v.sort(key=lambda e: -len(e[0]))
        return index

    @cached_property
    def wrong_keys(self) -> frozenset[str]:
        """A word each "that's wrong" phrase holds (to skip the phrase scan)."""
        return frozenset(p.split()[-1] for p in self.wrong_phrases)

    @cached_property
    def intro_ends(self) -> frozenset[str]:
        """The last words of the introduction phrases ("… my name is")."""
        return frozenset(p[-1] for p, _ in self.intros)

    @cached_property
    def digit_words(self) -> dict[str, str]:
        """Words that are one digit on their own ("three", "oh"): the digits of a swap."""
        out = dict(self.units)
        out.update({w: d for w, d in self.oh.items() if d.isdigit()})
        return out

    @cached_property
    def restart_all(self) -> frozenset[str]:
        return self.leading_ok | self.restart_marks | self.restart_ok

    @cached_property
    def trailing_all(self) -> frozenset[str]:
        return self.fillers | self.trailing_ok


LANGUAGE_CODES = ("en", "es")


def get_language(code: str) -> Language:
    """The ``Language`` for a code ("en", "es"); ValueError names the codes known."""
    if code == "en":
        from companion.extract.lang.en import ENGLISH

        return ENGLISH
    if code == "es":
        from companion.extract.lang.es import SPANISH

        return SPANISH
    raise ValueError(f"language: expected one of {', '.join(LANGUAGE_CODES)}, got {code!r}")
