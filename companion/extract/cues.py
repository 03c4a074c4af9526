"""The words around a number that say what it is.

A *cue* is a phrase ("receipt number", "operator i d", "zip code") that names the kind of
the characters read after it — or says they are not an identifier at all (``NOT_ID``).
Phrases come from the language's ``cue_phrases`` table and are matched longest first on
whole words.
"""

from __future__ import annotations

from companion.extract.lang import CORRECTION, NOT_ID, Language
from companion.extract.lang.en import ENGLISH
from companion.extract.spoken import starts_number
from companion.kinds import Kind

__all__ = ["CORRECTION", "NOT_ID", "REACH_LONG", "REACH_SHORT", "match_cue"]

REACH_SHORT, REACH_LONG = 1, 9  # how many words a cue may sit before its value


def _other_agency(words: list[str], i: int, lang: Language) -> bool:
    """The words before word ``i`` name another agency: "n v c", "fbi", "police"."""
    if i > 0 and words[i - 1] in lang.other_agency:
        return True
    letters = words[max(0, i - 4) : i]
    k = len(letters)
    while k > 0 and len(letters[k - 1]) == 1:
        k -= 1
    spelled = "".join(letters[k:])
    return len(spelled) >= 2 and any(spelled.endswith(a) for a in lang.other_agency)


def _said_as(words: list[str], phrase: tuple[str, ...]) -> bool:
    """Whether ``words`` are the cue ``phrase``, a word inside it heard plural too ("your
    service **requests** number is", a free recognizer's ending): never its last word
    ("we give no referral **numbers**") nor a one-word cue."""
    if tuple(words) == phrase:
        return True
    return len(words) == len(phrase) and all(
        w == p or (0 < k < len(phrase) - 1 and w == p + "s") for k, (w, p) in enumerate(zip(words, phrase)))


def match_cue(words: list[str], i: int, lang: Language = ENGLISH) -> tuple[int, str, int] | None:
    """(end index, kind, reach in words) of the longest cue phrase starting at word ``i``."""
    entries = lang.cue_index.get(words[i])
    if not entries:
        return None
    n = len(words)
    for phrase, kind in entries:
        m = len(phrase)
        if i + m <= n and _said_as(words[i : i + m], phrase):
            leads = lang.cue_needs_lead.get(phrase[0])
            if leads is not None and kind == Kind.A_NUMBER and i > 0 and words[i - 1] not in leads:
                continue  # "give you a number", "is a number": no A-number cue
            spelled_id = phrase[:2] == lang.id_cue and i > 0 and len(words[i - 1]) == 1
            if spelled_id and words[i - 1] not in lang.weak_letters and not (m == 3 and starts_number(words, i + m, lang=lang)):
                # "d a v i d": letters of a spelled name, not "I D" — unless "number"/"is"
                # and digits follow ("helen w a r d i d is five five …")
                continue
            if kind == Kind.RECEIPT_NUMBER and phrase in lang.agency_cues and _other_agency(words, i, lang):
                kind = NOT_ID  # "my n v c case number is …"
            before = lang.noun_cues.get(phrase)
            if before is not None and i > 0 and words[i - 1] in before:
                continue  # "the referral number from that call"
            reach = REACH_SHORT if m == 1 and phrase[0] in lang.short_reach else REACH_LONG
            return i + m, kind, reach
    return None
