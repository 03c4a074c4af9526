"""Known values as priors: the user's own receipt numbers and A-number, known before the call.

A number heard one or two characters off a known one ("IOE0912345670" for the case
"IOE0912345678"), or with the known digits behind a garbled prefix ("EOE0912345678"), is
most likely that number misheard. It is never replaced silently: the entity keeps what was
heard and carries the match (``Entity.prior``), which the Live screen offers as the known
value with the match shown ("matches your case IOE0912345678").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from companion.kinds import Kind

MAX_OFF = 2  # characters a heard value may differ from a known one and still match it
MIN_DIGITS = 8  # digits a garbled-prefix match must share


@dataclass(frozen=True)
class KnownValue:
    """A value the user already has: ``label`` says whose ("your case IOE0912345678")."""

    kind: str
    value: str
    label: str


def _digits(value: str) -> str:
    return value[len(value) - len(value.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) :]


def match_known(kind: str, value: str, known: Iterable[KnownValue]) -> KnownValue | None:
    """The known value ``value`` (of ``kind``) is a mishearing of, or None.

    None too when ``value`` *is* a known value (nothing to offer) or is as close to two
    known values (no way to tell which).
    """
    best: list[tuple[int, KnownValue]] = []
    for k in known:
        if k.kind != kind:
            continue
        if k.value == value:
            return None
        if len(k.value) == len(value):
            off = sum(a != b for a, b in zip(k.value, value))
            if off <= MAX_OFF:
                best.append((off, k))
                continue
        digits = _digits(k.value)
        if len(digits) >= MIN_DIGITS and _digits(value).endswith(digits) and value[: -len(digits)] != k.value[: -len(digits)]:
            best.append((MAX_OFF, k))  # the known digits behind a garbled prefix
    if not best:
        return None
    best.sort(key=lambda e: e[0])
    if len(best) > 1 and best[0][0] == best[1][0]:
        return None
    return best[0][1]


def known_from_cases(cases: Iterable[object]) -> list[KnownValue]:
    """Receipts and A-numbers of the user's cases (``records.Case``) as known values."""
    out: list[KnownValue] = []
    for c in cases:
        receipt = getattr(c, "receipt_number", "")
        a_number = getattr(c, "a_number", "")
        if receipt:
            out.append(KnownValue(Kind.RECEIPT_NUMBER, receipt, f"your case {receipt}"))
        if a_number and all(k.value != a_number for k in out):
            out.append(KnownValue(Kind.A_NUMBER, a_number, f"your A-number {a_number}"))
    return out
