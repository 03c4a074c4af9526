"""Plain records passed between the store, the follow-up rules, export and the UI.

The store (``companion.store``) reads rows into these; the pure modules
(``companion.followup``, ``companion.export``) take them as input and never touch SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

# Kinds of captured field, as the extractor names them.
STAFF_NAME = "staff_name"
STAFF_ID = "staff_id"
REFERRAL_NUMBER = "referral_number"
RECEIPT_NUMBER = "receipt_number"
A_NUMBER = "a_number"
PHONE_NUMBER = "phone_number"
TIER = "tier"
FIELD_KINDS = (STAFF_NAME, STAFF_ID, REFERRAL_NUMBER, RECEIPT_NUMBER, A_NUMBER)

# Field status and source.
CANDIDATE, CONFIRMED, REJECTED = "candidate", "confirmed", "rejected"
EXTRACTED, TYPED = "extracted", "typed"
# Set by the number assist: the digits recognizer's reading replaced a free reading that
# was no valid value of its kind. Still a candidate until the user confirms it.
ASSISTED = "assisted"

# Service request venues.
SERVICE_CENTER, FIELD_OFFICE = "service-center", "field-office"
VENUES = (SERVICE_CENTER, FIELD_OFFICE)

# Follow-up events (what the user did or received), each with a date.
SERVICE_CENTER_EMAILED = "service_center_emailed"
SCOPS_EMAILED = "scops_emailed"
RESPONSE_RECEIVED = "response_received"
FORM_7001_FILED = "form7001_filed"
OMBUDSMAN_REVIEW_REQUESTED = "ombudsman_review_requested"
NCSC_CALLED = "ncsc_called"  # called the NCSC again about a field-office request
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
    words: list = field(default_factory=list)


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


@dataclass(frozen=True)
class FollowUpEvent:
    id: int
    kind: str  # one of EVENT_KINDS
    on: date
    sr_id: int | None = None
    call_id: int | None = None
    note: str = ""
