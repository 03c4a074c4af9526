"""Plain records passed between the store, the follow-up rules, export and the UI.

The store (``companion.store``) reads rows into these; the pure modules
(``companion.followup``, ``companion.export``) take them as input and never touch SQLite.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from companion import kinds
from companion.kinds import Kind, Source, Status

# Kinds of captured field, status and source: enums from the registry (companion.kinds).
STAFF_NAME = Kind.STAFF_NAME
STAFF_ID = Kind.STAFF_ID
REFERRAL_NUMBER = Kind.REFERRAL_NUMBER
RECEIPT_NUMBER = Kind.RECEIPT_NUMBER
A_NUMBER = Kind.A_NUMBER
PHONE_NUMBER = Kind.PHONE_NUMBER
TIER = "tier"
FIELD_KINDS = kinds.FIELD_KINDS  # the registry's field kinds, in display order

CANDIDATE, CONFIRMED, REJECTED = Status.CANDIDATE, Status.CONFIRMED, Status.REJECTED
EXTRACTED, TYPED, ASSISTED = Source.EXTRACTED, Source.TYPED, Source.ASSISTED


class Venue(StrEnum):
    """Who handles a service request: a service center or a field office."""

    SERVICE_CENTER = "service-center"
    FIELD_OFFICE = "field-office"


class ReceiptSource(StrEnum):
    """Where a service request's receipt number came from."""

    TYPED = "typed"
    FIELD = "field"
    CASE = "case"
    CANDIDATE = "candidate"


class EventKind(StrEnum):
    """A follow-up event: what the user did or received, each with a date."""

    SERVICE_CENTER_EMAILED = "service_center_emailed"
    SCOPS_EMAILED = "scops_emailed"
    RESPONSE_RECEIVED = "response_received"
    FORM_7001_FILED = "form7001_filed"
    OMBUDSMAN_REVIEW_REQUESTED = "ombudsman_review_requested"
    NCSC_CALLED = "ncsc_called"  # called the NCSC again about a field-office request


# The members under their old names, which the rest of the program imports. Records read
# from the database keep these as plain ``str`` (equal to the members).
SERVICE_CENTER, FIELD_OFFICE = Venue.SERVICE_CENTER, Venue.FIELD_OFFICE
VENUES = tuple(Venue)
RECEIPT_TYPED, RECEIPT_FIELD = ReceiptSource.TYPED, ReceiptSource.FIELD
RECEIPT_CASE, RECEIPT_CANDIDATE = ReceiptSource.CASE, ReceiptSource.CANDIDATE
RECEIPT_SOURCES = tuple(ReceiptSource)
SERVICE_CENTER_EMAILED = EventKind.SERVICE_CENTER_EMAILED
SCOPS_EMAILED = EventKind.SCOPS_EMAILED
RESPONSE_RECEIVED = EventKind.RESPONSE_RECEIVED
FORM_7001_FILED = EventKind.FORM_7001_FILED
OMBUDSMAN_REVIEW_REQUESTED = EventKind.OMBUDSMAN_REVIEW_REQUESTED
NCSC_CALLED = EventKind.NCSC_CALLED
EVENT_LABELS: dict[str, str] = {
    NCSC_CALLED: "called the NCSC again",
    SERVICE_CENTER_EMAILED: "emailed the service center",
    SCOPS_EMAILED: "emailed SCOPS",
    RESPONSE_RECEIVED: "response received",
    FORM_7001_FILED: "filed DHS Form 7001",
    OMBUDSMAN_REVIEW_REQUESTED: "asked the Ombudsman for a call review",
}
EVENT_KINDS = (
    NCSC_CALLED,
    SERVICE_CENTER_EMAILED,
    SCOPS_EMAILED,
    RESPONSE_RECEIVED,
    FORM_7001_FILED,
    OMBUDSMAN_REVIEW_REQUESTED,
)


@dataclass(frozen=True)
class Profile:
    name: str = ""
    phone: str = ""  # E.164, the number the user calls from
    state: str = ""  # two-letter code, for the recording-consent notice
    timezone: str = "America/New_York"  # IANA name: all calendar days are counted here
    ombudsman_email: str = "cisombudsman@dhs.gov"
    consent_acknowledged: bool = False
    language: str = "en"  # the language of the user's calls and of the app: "en" | "es"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Case:
    id: int
    receipt_number: str
    form_type: str = ""
    a_number: str = ""
    priority_date: date | None = None
    notes: str = ""
    receipt_date: date | None = None  # the date on the I-797 receipt notice (Form 7001 asks)


@dataclass(frozen=True)
class Call:
    id: int
    started_at: datetime  # aware, in the zone the user was in
    timezone: str  # IANA name of that zone
    ended_at: datetime | None = None
    phone_used: str = ""
    tier_reached: int | None = None
    hold_seconds: float = 0.0
    notes: str = ""
    outcome: str = ""
    source: str = "manual"  # manual | import | live | replay
    case_id: int | None = None  # the case the user linked this call to by hand
    language: str = "en"  # the language the call was in: "en" | "es"

    @property
    def local_start(self) -> datetime:
        return self.started_at.astimezone(ZoneInfo(self.timezone))

    @property
    def local_date(self) -> date:
        """The calendar day of the call where the user was (not UTC)."""
        return self.local_start.date()


@dataclass(frozen=True)
class CapturedField:
    id: int
    call_id: int
    kind: str
    value: str
    confidence: float = 1.0
    start: float | None = None
    end: float | None = None
    text: str = ""
    speaker: str | None = None
    source: str = EXTRACTED
    status: str = CANDIDATE


@dataclass(frozen=True)
class Utterance:
    id: int
    call_id: int
    seq: int
    text: str
    start: float | None = None
    end: float | None = None
    speaker: str | None = None
    words: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ServiceRequest:
    id: int
    call_id: int | None
    referral_number: str
    venue: str  # service-center | field-office
    created: date
    type: str = ""
    service_center: str | None = None  # code from the service-center table, e.g. "VSC"
    receipt_number: str = ""
    parent_sr_id: int | None = None  # a re-call's new request points at the first one
    receipt_source: str | None = None  # typed | field | case | candidate (see RECEIPT_SOURCES)

    @property
    def receipt_confirmed(self) -> bool:
        """The receipt number was typed or confirmed by the user, not only heard."""
        return bool(self.receipt_number) and self.receipt_source != RECEIPT_CANDIDATE


@dataclass(frozen=True)
class FollowUpEvent:
    id: int
    kind: str  # one of EVENT_KINDS
    on: date
    sr_id: int | None = None
    call_id: int | None = None
    note: str = ""


# What a deletion removed (``TrashEntry.what``).
TRASH_CALL, TRASH_SERVICE_REQUEST, TRASH_EVENT = "call", "service_request", "event"


@dataclass(frozen=True)
class TrashEntry:
    """One deletion the user asked for; ``companion undo`` restores the newest."""

    id: int
    what: str  # call | service_request | event
    row_id: int
    label: str
    deleted_at: datetime
    restored_at: datetime | None = None


# --------------------------------------------------------------------------- the best value


def ranked_fields(fields: Iterable[CapturedField], kind: str) -> list[CapturedField]:
    """The fields of ``kind`` worth showing, best first — THE rule, used by the Live screen,
    Review, the letters, the store's summaries and the CLI alike.

    Confirmed (or typed) before candidates; then the most confident; then the latest heard
    (a later reading is a correction or a read-back); rejected fields never.
    """
    live = [f for f in fields if f.kind == kind and f.status != REJECTED]
    live.sort(key=lambda f: (f.status != CONFIRMED, -f.confidence, -(f.start if f.start is not None else -1.0), -f.id))
    return live


def best_field(fields: Iterable[CapturedField], kind: str) -> CapturedField | None:
    """The one field of ``kind`` to trust (see ``ranked_fields``), or None."""
    ranked = ranked_fields(fields, kind)
    return ranked[0] if ranked else None


def best_value(fields: Iterable[CapturedField], kind: str) -> str:
    """The value to trust for ``kind`` (see ``ranked_fields``), or ""."""
    best = best_field(fields, kind)
    return best.value if best is not None else ""
