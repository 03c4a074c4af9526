"""Who the user spoke with: each NCSC staff member as a name-and-ID pair, with the tier.

The call guide says to "request the name and/or ID number of NCSC staff"; the Ombudsman
asks for "the ID number of the customer service representative or the officer's name".
A letter that lists names and IDs separately loses who was who, and one that keeps only
the first agent drops the Tier 2 officer who made the service request. Pure: works on the
captured fields of one call.

Pairing, from the evidence there is:

* fields with a place in the transcript pair in spoken order: an ID goes with the name
  said just before it (or just after, when the ID came first) within ``PAIR_WITHIN``
  seconds, which is how agents introduce themselves;
* typed fields (no place in the transcript) pair by position only when there are as
  many names as IDs (``add-call --staff-name A --staff-id 1 --staff-name B --staff-id 2``);
  otherwise each is listed alone rather than guessed.

Tiers: on a call that reached Tier 2 with two or more people (in spoken order), the first
is Tier 1 and the later ones Tier 2; on a Tier 1 call everyone is Tier 1; else unknown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from companion.records import (
    CONFIRMED,
    REJECTED,
    STAFF_ID,
    STAFF_NAME,
    Call,
    CapturedField,
)

NOT_CONFIRMED = "(not yet confirmed)"
PAIR_WITHIN = 60.0  # seconds between a name and its ID
TIER_LABELS = {1: "Tier 1 (Customer Service Representative)", 2: "Tier 2 (Immigration Services Officer)"}


@dataclass(frozen=True)
class StaffMember:
    """One NCSC staff member on a call: name and ID kept together, and the tier if known."""

    name: str = ""
    name_confirmed: bool = True
    staff_id: str = ""
    id_confirmed: bool = True
    tier: int | None = None

    @property
    def confirmed(self) -> bool:
        """Every value shown was confirmed or typed by the user."""
        return (not self.name or self.name_confirmed) and (not self.staff_id or self.id_confirmed)

    def show(self) -> str:
        """``Tier 2 (Immigration Services Officer): Daniels, ID 66104 (not yet confirmed)``."""
        name = (self.name + ("" if self.name_confirmed else f" {NOT_CONFIRMED}")) if self.name else "name not recorded"
        ident = (
            f"ID {self.staff_id}" + ("" if self.id_confirmed else f" {NOT_CONFIRMED}")
            if self.staff_id
            else "ID not recorded"
        )
        tier = f"{TIER_LABELS.get(self.tier, f'Tier {self.tier}')}: " if self.tier else ""
        return f"{tier}{name}, {ident}"

    def as_fact(self) -> dict:
        return {
            "name": self.name or None,
            "name_confirmed": self.name_confirmed if self.name else None,
            "staff_id": self.staff_id or None,
            "id_confirmed": self.id_confirmed if self.staff_id else None,
            "tier": self.tier,
        }


def _norm(f: CapturedField) -> str:
    return "".join(f.value.split()).casefold()


def _same_person_guess(a: CapturedField, b: CapturedField) -> bool:
    """Two values of one kind that are the same mention heard two ways (Rivera / Riviera)."""
    if _norm(a) == _norm(b):
        return True
    if a.kind == STAFF_NAME and a.status != CONFIRMED and b.status != CONFIRMED:
        overlap = a.start is None or b.start is None or abs(a.start - b.start) < 5
        return overlap and SequenceMatcher(None, _norm(a), _norm(b)).ratio() >= 0.8
    return False


def _usable(fields: Iterable[CapturedField], call_id: int) -> list[CapturedField]:
    """Staff fields of the call: confirmed first, then candidates by confidence; each
    value once, and a candidate that is another hearing of a kept value dropped."""
    pool = [f for f in fields if f.call_id == call_id and f.kind in (STAFF_NAME, STAFF_ID) and f.status != REJECTED]
    pool.sort(key=lambda f: (f.status != CONFIRMED, -f.confidence, f.id))
    kept: list[CapturedField] = []
    for f in pool:
        if not any(k.kind == f.kind and _same_person_guess(k, f) for k in kept):
            kept.append(f)
    return kept


def staff_on_call(call: Call, fields: Iterable[CapturedField]) -> list[StaffMember]:
    """Each staff member on ``call`` as a name-and-ID pair, in the order they spoke."""
    kept = _usable(fields, call.id)
    timed = sorted((f for f in kept if f.start is not None), key=lambda f: (f.start, f.id))
    untimed = sorted((f for f in kept if f.start is None), key=lambda f: f.id)

    pairs: list[tuple[CapturedField | None, CapturedField | None]] = []
    open_pair: list[CapturedField | None] | None = None
    for f in timed:
        if open_pair is not None:
            other = open_pair[0] or open_pair[1]
            assert other is not None
            slot = 0 if f.kind == STAFF_NAME else 1
            close_enough = other.start is not None and f.start is not None and f.start - other.start <= PAIR_WITHIN
            if open_pair[slot] is None and close_enough:
                open_pair[slot] = f
                pairs.append((open_pair[0], open_pair[1]))
                open_pair = None
                continue
            pairs.append((open_pair[0], open_pair[1]))
        open_pair = [f, None] if f.kind == STAFF_NAME else [None, f]
    if open_pair is not None:
        pairs.append((open_pair[0], open_pair[1]))

    names = [f for f in untimed if f.kind == STAFF_NAME]
    ids = [f for f in untimed if f.kind == STAFF_ID]
    if len(names) == len(ids):
        pairs += list(zip(names, ids, strict=True))
    else:
        pairs += [(n, None) for n in names] + [(None, i) for i in ids]

    out = []
    for i, (name, ident) in enumerate(pairs):
        tier: int | None = None
        if call.tier_reached == 1:
            tier = 1
        elif call.tier_reached == 2 and len(pairs) >= 2 and not untimed:
            tier = 1 if i == 0 else 2
        out.append(
            StaffMember(
                name=name.value if name else "",
                name_confirmed=name.status == CONFIRMED if name else True,
                staff_id=ident.value if ident else "",
                id_confirmed=ident.status == CONFIRMED if ident else True,
                tier=tier,
            )
        )
    return out
