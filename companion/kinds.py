"""The registry of identifier kinds: one entry per kind of captured field.

Every part of the program that needs to know what a staff ID or a receipt number *is*
asks here: the store and the CLI validate a typed value with ``KINDS[kind].parse``; the
extractor accepts a heard value only if the same ``parse`` takes it, reads its length
bounds from ``shape``, and treats two readings as the same number misheard when they
differ in at most ``same_number`` characters; the TUI shows ``label``.

Adding a kind: one ``KindSpec`` below (and a ``Kind`` member), its cue phrases in each
language table (``companion/extract/lang/``), and tests. See ``companion/extract/README.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from companion import identifiers as ids
from companion.errors import UserError, invalid, one_of
from companion.i18n import N_


class Kind(StrEnum):
    """What a captured value is. A ``str``: stored, compared and printed as its value."""

    STAFF_NAME = "staff_name"
    STAFF_ID = "staff_id"
    REFERRAL_NUMBER = "referral_number"
    RECEIPT_NUMBER = "receipt_number"
    A_NUMBER = "a_number"
    PHONE_NUMBER = "phone_number"


class Status(StrEnum):
    """The user's decision on a captured field."""

    CANDIDATE = "candidate"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class Source(StrEnum):
    """Where a captured field's value came from."""

    EXTRACTED = "extracted"
    TYPED = "typed"
    # Set by the number assist: the digits recognizer's reading replaced a free reading that
    # was no valid value of its kind. Still a candidate until the user confirms it.
    ASSISTED = "assisted"


@dataclass(frozen=True)
class Shape:
    """How a kind's value looks when spoken: bounds the extractor reads against.

    ``min_len``/``max_len`` count the characters of a whole heard value; ``letters`` is the
    number of leading letters the written form has (3 for a receipt, 1 for an A-number);
    ``needs_digit``: a value with no digit is not this kind.
    """

    min_len: int
    max_len: int
    letters: int = 0
    needs_digit: bool = True
    typical: tuple[int, int] | None = None  # lengths heard most often (fit 1.0); None: any
    off_typical_fit: float = 1.0  # how well a value of another length fits
    letters_fit: float = 1.0  # … and one more letters than digits
    run_on_below: int | None = None  # a whole value shorter than this may run on (default max_len)


@dataclass(frozen=True)
class KindSpec:
    kind: Kind
    label: str  # shown to the user as a heading: "Staff ID"
    noun: str  # … and inside a sentence: "staff ID"
    form: str  # the expected written form, for one-line errors
    parse: Callable[[str], str]  # THE validation rule: written form, or UserError naming the field
    shape: Shape
    same_number: int  # two readings this many characters apart may be one number misheard
    spoken: bool = True  # read aloud character by character ("say" renders it)
    field: bool = True  # one of the call's captured fields (scored, on the checklist)

    def valid(self, value: str) -> str | None:
        """``value`` in its written form, or None when ``parse`` refuses it."""
        return _valid(self.kind, value)


@lru_cache(maxsize=4096)
def _valid(kind: Kind, value: str) -> str | None:
    """The registry's rule, remembered: the extractor asks again for every read-back."""
    try:
        return KINDS[kind].parse(value)
    except UserError:
        return None


def _compact(value: str) -> str:
    """Spaces and dashes out, upper case; full-width and other compatibility digits and
    letters ("４８６２") and other scripts' digits to ASCII first (``identifiers.ascii_form``)."""
    norm = re.sub(r"[\s-]", "", ids.ascii_form(value))
    # upper-case only what is ASCII already: "ß".upper() is "SS", which would pass the check
    return norm.upper() if norm.isascii() else norm


STAFF_ID_FORM = N_("2 to 10 letters or digits with at least one digit, e.g. 22719")
REFERRAL_FORM = N_("7 to 13 letters or digits with at least one digit, e.g. 76013389")
STAFF_NAME_FORM = N_("a name, e.g. Angela Ward")


def parse_staff_id(value: str, field: str = N_("staff ID")) -> str:
    norm = _compact(value)
    if not (norm.isascii() and norm.isalnum() and 2 <= len(norm) <= 10 and any(c.isdigit() for c in norm)):
        raise invalid(field, value, STAFF_ID_FORM)
    return norm


def parse_referral(value: str, field: str = N_("referral number")) -> str:
    norm = _compact(value)
    if not (norm.isascii() and norm.isalnum() and 7 <= len(norm) <= 13 and any(c.isdigit() for c in norm)):
        raise invalid(field, value, REFERRAL_FORM)
    return norm


def parse_staff_name(value: str, field: str = N_("staff name")) -> str:
    raw = " ".join((value or "").split())
    if not raw:
        raise invalid(field, value, STAFF_NAME_FORM)
    return " ".join(w[:1].upper() + w[1:] for w in raw.split())


KINDS: dict[Kind, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(Kind.STAFF_NAME, "Staff name", "staff name", STAFF_NAME_FORM, parse_staff_name,
                 Shape(2, 60, needs_digit=False), same_number=1, spoken=False),
        KindSpec(Kind.STAFF_ID, "Staff ID", "staff ID", STAFF_ID_FORM, parse_staff_id,
                 # 4–6 characters (domain.md; every staff ID of the ten spoken tuning sets): a longer
                 # run after a staff-ID cue is another number, or the ID with a digit heard twice
                 Shape(4, 6, typical=(4, 6), off_typical_fit=0.7, letters_fit=0.6, run_on_below=6), same_number=1),
        KindSpec(Kind.REFERRAL_NUMBER, "Referral", "referral", REFERRAL_FORM, parse_referral,
                 Shape(7, 13, typical=(8, 8), off_typical_fit=0.9), same_number=1),
        KindSpec(Kind.RECEIPT_NUMBER, "Receipt", "receipt", ids.RECEIPT_FORM, ids.parse_receipt,
                 Shape(13, 13, letters=3), same_number=2),
        KindSpec(Kind.A_NUMBER, "A-number", "A-number", ids.A_NUMBER_FORM, ids.parse_a_number,
                 Shape(8, 9, letters=1), same_number=1),
        KindSpec(Kind.PHONE_NUMBER, "Phone", "phone", ids.PHONE_FORM, ids.parse_phone, Shape(10, 11),
                 same_number=1, field=False),
    )
}

# The same entries by plain string (a kind as stored, or as the extractor carries it).
SPECS: dict[str, KindSpec] = {str(k): v for k, v in KINDS.items()}

# The kinds a call's captured fields are (scored, listed, on the checklist), in display order.
FIELD_KINDS: tuple[Kind, ...] = tuple(k for k, spec in KINDS.items() if spec.field)


def spec(kind: str) -> KindSpec:
    """The registry entry of ``kind``; ``UserError`` naming the field for an unknown kind."""
    try:
        return KINDS[Kind(kind)]
    except ValueError:
        raise invalid(N_("field kind"), kind, one_of(FIELD_KINDS)) from None


def normalise(kind: str, value: str) -> str:
    """A typed ``value`` of ``kind`` in its written form, or a one-line ``UserError``."""
    raw = (value or "").strip()
    s = spec(kind)
    if not raw:
        raise invalid(kind.replace("_", " "), value, N_("a value"))
    return s.parse(raw)
