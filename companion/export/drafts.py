"""Email drafts that follow up on an NCSC call, built only from the user's records.

Three letters come from the call guide: the request that the CIS Ombudsman ask USCIS to
review a call (possible within 90 days of it), the follow-up to the service center that
issued the receipt (30 days after a service request), and the escalation to Service
Center Operations (21 days after that). Each is a ``Draft``: the text plus the facts it
was built from, renderable as plain text, ``.eml``, a ``mailto:`` URI or JSON. Nothing
is sent and nothing is read here: the caller passes the records and "today".

Captured fields (what the extractor heard) are used as ``best_fields`` picks them:
confirmed values first; where none of a kind is confirmed, the best candidate, marked
"(unconfirmed)" in the letter; rejected values never. Values the user typed into a
service request or case count as confirmed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from urllib.parse import quote

from companion.display import printable
from companion.errors import UserError
from companion.followup.rules import (
    OMBUDSMAN_WINDOW_DAYS,
    SERVICE_CENTER_WAIT_DAYS,
    SERVICE_REQUEST_WAIT_DAYS,
    ombudsman_window_last_day,
    resolve_service_center,
)
from companion.identifiers import (
    NCSC_PHONE_DISPLAY,
    OMBUDSMAN_EMAIL_DEFAULT,
    SCOPS_EMAIL,
    ServiceCenter,
    format_phone,
    parse_email,
    service_center_for_receipt,
)
from companion.records import (
    A_NUMBER,
    CANDIDATE,
    CONFIRMED,
    FIELD_OFFICE,
    RECEIPT_NUMBER,
    REFERRAL_NUMBER,
    STAFF_ID,
    STAFF_NAME,
    TIER,
    Call,
    CapturedField,
    Case,
    Profile,
    ServiceRequest,
)

OMBUDSMAN, SERVICE_CENTER_KIND, SCOPS = "ombudsman", "service-center", "scops"
DRAFT_KINDS = (OMBUDSMAN, SERVICE_CENTER_KIND, SCOPS)
UNCONFIRMED = "(unconfirmed)"
_ADDRESS_FIELD = {  # where each kind's address comes from, for the one-line error
    OMBUDSMAN: "Ombudsman email (set it with `companion profile set --ombudsman-email`)",
    SERVICE_CENTER_KIND: "service-center email (check service_centers.json in your data folder)",
    SCOPS: "SCOPS email",
}
TIER_NAMES = {1: "Tier 1 (Customer Service Representative)", 2: "Tier 2 (Immigration Services Officer)"}


@dataclass(frozen=True)
class Draft:
    """An unsent email: where to, subject, body, and the facts behind the body."""

    to: str
    subject: str
    body: str
    kind: str  # "ombudsman" | "service-center" | "scops"
    facts: dict = field(hash=False)

    def __post_init__(self) -> None:
        # Headers come only from validated values: the address must be one plain address
        # (a newline in a profile setting or service_centers.json must not add a Bcc:),
        # the subject one line of printable text.
        if self.to:
            parse_email(self.to, _ADDRESS_FIELD.get(self.kind, "email address"))
        subject = " ".join("".join(c if c.isprintable() else " " for c in self.subject).split())
        object.__setattr__(self, "subject", subject)
        # A value typed or heard with terminal escapes must not ride into a draft's body.
        object.__setattr__(self, "body", printable(self.body, newlines=True))

    @property
    def warnings(self) -> list[str]:
        """Things the user should know before sending (e.g. no address is known)."""
        return list(self.facts.get("warnings", []))

    def as_text(self) -> str:
        return f"To: {self.to}\nSubject: {self.subject}\n\n{self.body}"

    def as_eml(self) -> bytes:
        """RFC 5322 bytes; ``X-Unsent: 1`` makes mail clients open it as a draft."""
        msg = EmailMessage(policy=default_policy)
        if self.to:
            msg["To"] = Address(addr_spec=self.to)
        msg["Subject"] = self.subject
        msg["X-Unsent"] = "1"
        msg.set_content(self.body)
        # An ASCII subject stays on one line (RFC 5322 allows 998): Python's parser keeps a
        # stray leading space when the folder moves the whole subject to a continuation
        # line. Non-ASCII subjects need the default folding to keep RFC 2047 words short.
        policy = default_policy.clone(max_line_length=998) if self.subject.isascii() else default_policy
        return msg.as_bytes(policy=policy)

    def as_mailto(self) -> str:
        """A ``mailto:`` URI (RFC 6068): every reserved character percent-encoded."""
        body = self.body.replace("\r\n", "\n").replace("\n", "\r\n")
        return (
            f"mailto:{quote(self.to, safe='@')}"
            f"?subject={quote(self.subject, safe='')}&body={quote(body, safe='')}"
        )

    def as_json(self) -> str:
        return json.dumps(
            {"kind": self.kind, "to": self.to, "subject": self.subject, "body": self.body, "facts": self.facts},
            indent=2,
            ensure_ascii=False,
        )


# --- choosing values ----------------------------------------------------------------------


def _norm(kind: str, value: str) -> str:
    if kind == STAFF_NAME:
        return " ".join(value.split()).casefold()
    return re.sub(r"[\s-]", "", value).upper()


def best_fields(fields: Iterable[CapturedField]) -> dict[str, list[CapturedField]]:
    """Per kind: every confirmed field (first of each value), else the best candidate.

    The best candidate has the highest confidence (the earliest wins a tie). Rejected
    fields are never returned; a kind with only rejected fields is absent.
    """
    by_kind: dict[str, list[CapturedField]] = {}
    for f in fields:
        by_kind.setdefault(f.kind, []).append(f)
    out: dict[str, list[CapturedField]] = {}
    for kind, items in by_kind.items():
        confirmed, seen = [], set()
        for f in items:
            if f.status == CONFIRMED and _norm(kind, f.value) not in seen:
                seen.add(_norm(kind, f.value))
                confirmed.append(f)
        if confirmed:
            out[kind] = confirmed
            continue
        candidates = [f for f in items if f.status == CANDIDATE]
        if candidates:
            best = candidates[0]
            for f in candidates[1:]:
                if f.confidence > best.confidence:
                    best = f
            out[kind] = [best]
    return out


@dataclass(frozen=True)
class _Value:
    value: str
    confirmed: bool

    def show(self) -> str:
        return self.value if self.confirmed else f"{self.value} {UNCONFIRMED}"

    def as_fact(self) -> dict:
        return {"value": self.value, "confirmed": self.confirmed}


def _values(
    kind: str,
    best: dict[str, list[CapturedField]],
    records: Iterable[str] = (),
    known: Iterable[str] = (),
) -> list[_Value]:
    """Values of ``kind``: typed records and confirmed fields; else the best candidate.

    A candidate equal to a ``known`` value (e.g. the receipt of a case the user typed in)
    counts as confirmed.
    """
    known_norm = {_norm(kind, v) for v in known if v}
    out: list[_Value] = []
    seen: set[str] = set()
    for v in records:
        if v and _norm(kind, v) not in seen:
            seen.add(_norm(kind, v))
            out.append(_Value(v, True))
    for f in best.get(kind, []):
        if f.status == CONFIRMED and _norm(kind, f.value) not in seen:
            seen.add(_norm(kind, f.value))
            out.append(_Value(f.value, True))
    if not out:
        out = [
            _Value(f.value, _norm(kind, f.value) in known_norm) for f in best.get(kind, []) if f.status == CANDIDATE
        ]
    return out


def _show(values: Sequence[_Value]) -> str:
    return ", ".join(v.show() for v in values)


def _long_date(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def call_time_display(call: Call) -> str:
    """``Monday, March 2, 2026, 2:05 PM EST (America/New_York)``: the call's own zone."""
    t = call.local_start
    hour = t.hour % 12 or 12
    return f"{t:%A}, {_long_date(t.date())}, {hour}:{t:%M} {'AM' if t.hour < 12 else 'PM'} {t.tzname()} ({call.timezone})"


def _tier(call: Call, best: dict[str, list[CapturedField]]) -> _Value | None:
    if call.tier_reached is not None:
        return _Value(TIER_NAMES.get(call.tier_reached, f"Tier {call.tier_reached}"), True)
    values = _values(TIER, best)
    if not values:
        return None
    v = values[0]
    digits = re.sub(r"\D", "", v.value)
    label = TIER_NAMES.get(int(digits), v.value) if digits else v.value
    return _Value(label, v.confirmed)


def _signature(profile: Profile) -> str:
    lines = ["Sincerely,"]
    if profile.name:
        lines.append(profile.name)
    if profile.phone:
        lines.append(format_phone(profile.phone))
    return "\n".join(lines)


def _line(label: str, values: Sequence[_Value], plural: str | None = None) -> str | None:
    if not values:
        return None
    return f"{plural if plural and len(values) > 1 else label}: {_show(values)}"


def _facts_list(values: Sequence[_Value]) -> list[dict]:
    return [v.as_fact() for v in values]


# --- the Ombudsman call-review request ---------------------------------------------------


def ombudsman_draft(
    call: Call,
    fields: list[CapturedField],
    profile: Profile,
    today: date,
    *,
    service_requests: Sequence[ServiceRequest] = (),
    cases: Sequence[Case] = (),
    force: bool = False,
) -> Draft:
    """Ask the CIS Ombudsman to have USCIS review ``call`` (only within 90 days, unless forced)."""
    call_day = call.local_date
    age = (today - call_day).days
    last_day = ombudsman_window_last_day(call)
    days_left = (last_day - today).days
    warnings: list[str] = []
    if days_left < 0:
        if not force:
            raise UserError(
                f"call on {call_day.isoformat()} is {age} days old; the Ombudsman can ask USCIS to "
                f"review only calls from the last {OMBUDSMAN_WINDOW_DAYS} days (use --force to draft it anyway)"
            )
        warnings.append(f"the call is {age} days old, past the {OMBUDSMAN_WINDOW_DAYS}-day review window")

    best = best_fields(f for f in fields if f.call_id == call.id)
    srs = [sr for sr in service_requests if sr.call_id == call.id]
    staff_ids = _values(STAFF_ID, best)
    staff_names = _values(STAFF_NAME, best)
    referrals = _values(REFERRAL_NUMBER, best, [sr.referral_number for sr in srs])
    case_receipts = [c.receipt_number for c in cases]
    receipts = _values(RECEIPT_NUMBER, best, [sr.receipt_number for sr in srs], known=case_receipts)
    if not receipts:
        receipts = _values(RECEIPT_NUMBER, {}, case_receipts)
    a_numbers = _values(A_NUMBER, best, known=[c.a_number for c in cases])
    if not a_numbers:
        a_numbers = _values(A_NUMBER, {}, [c.a_number for c in cases])
    tier = _tier(call, best)
    # Only a number the user gave: a number said on the call may be the NCSC's own or a
    # callback number, and a wrong "number I called from" would defeat the review.
    phone_used = call.phone_used or profile.phone
    when = call_time_display(call)
    ago = {0: "today", 1: "yesterday"}.get(age, f"{age} days ago")

    if days_left >= 0:
        window = (
            f"The call was {ago}, so it is within the {OMBUDSMAN_WINDOW_DAYS} days in which "
            f"you can ask for a review: {days_left} days are left, until {_long_date(last_day)}."
        )
    else:
        window = (
            f"The call was {ago}, more than the {OMBUDSMAN_WINDOW_DAYS} days in which you "
            "can usually ask for a review; I am writing in case it is still possible."
        )
    lines = [
        f"Date and time of the call: {when}",
        f"Phone number I called from: {format_phone(phone_used) or 'not recorded'}",
        f"Number called: USCIS Contact Center, {NCSC_PHONE_DISPLAY}",
    ]
    staff = [
        _line("Staff ID number", staff_ids, "Staff ID numbers"),
        _line("Staff name", staff_names, "Staff names"),
    ]
    staff = [s for s in staff if s]
    lines += staff or ["Staff ID number or name: not recorded"]
    if tier:
        lines.append(f"Tier reached: {tier.show()}")
    for label, plural, values in (
        ("Service request referral number", "Service request referral numbers", referrals),
        ("Receipt number", "Receipt numbers", receipts),
        ("A-number", "A-numbers", a_numbers),
    ):
        line = _line(label, values, plural)
        if line:
            lines.append(line)
    for sr in srs:
        what = f" ({sr.type})" if sr.type else ""
        lines.append(
            f"Service request {sr.referral_number or '(no referral number)'}{what} created on {_long_date(sr.created)}"
        )
    if call.hold_seconds:
        lines.append(f"Time on hold: {_duration(call.hold_seconds)}")
    if call.ended_at is not None:
        minutes = round((call.ended_at - call.started_at).total_seconds() / 60)
        lines.append(f"Length of the call: about {minutes} minutes")

    paragraphs = [
        "Dear CIS Ombudsman,",
        "I called the USCIS Contact Center (National Customer Service Center) and ask that you "
        "request USCIS to review the call, to understand my inquiry. " + window,
        "\n".join(lines),
    ]
    notes = "\n".join(p for p in (call.outcome.strip(), call.notes.strip()) if p)
    if notes:
        paragraphs.append("What happened on the call (my notes):\n" + notes)
    if any(not v.confirmed for v in [*staff_ids, *staff_names, *referrals, *receipts, *a_numbers, *([tier] if tier else [])]):
        paragraphs.append(f'Values marked "{UNCONFIRMED}" are from my notes of the call and are not yet verified.')
    paragraphs.append("Thank you for your help.")
    paragraphs.append(_signature(profile))

    facts = {
        "call_id": call.id,
        "call_date": call_day.isoformat(),
        "call_started": call.local_start.isoformat(),
        "call_time": when,
        "timezone": call.timezone,
        "phone_used": format_phone(phone_used),
        "staff_ids": _facts_list(staff_ids),
        "staff_names": _facts_list(staff_names),
        "tier": tier.as_fact() if tier else None,
        "referral_numbers": _facts_list(referrals),
        "receipt_numbers": _facts_list(receipts),
        "a_numbers": _facts_list(a_numbers),
        "service_requests": [_sr_fact(sr) for sr in srs],
        "notes": notes,
        "days_since_call": age,
        "window_last_day": last_day.isoformat(),
        "days_left": days_left,
        "name": profile.name,
        "phone": format_phone(profile.phone),
        "warnings": warnings,
    }
    return Draft(
        to=profile.ombudsman_email or OMBUDSMAN_EMAIL_DEFAULT,
        subject=f"Request to review my USCIS Contact Center call of {_long_date(call_day)} ({call_day.isoformat()})",
        body="\n\n".join(paragraphs) + "\n",
        kind=OMBUDSMAN,
        facts=facts,
    )


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} minutes"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _sr_fact(sr: ServiceRequest) -> dict:
    return {
        "id": sr.id,
        "referral_number": sr.referral_number,
        "venue": sr.venue,
        "created": sr.created.isoformat(),
        "type": sr.type,
        "service_center": sr.service_center,
        "receipt_number": sr.receipt_number,
    }


# --- service center and SCOPS follow-ups --------------------------------------------------


def _check_sr(call: Call, sr: ServiceRequest | None) -> ServiceRequest:
    if sr is None:
        raise UserError(
            f"call {call.id} has no service request to follow up on; record one with "
            f"`companion sr add {call.id} --referral NUMBER --venue service-center`",
            field="service request",
        )
    if sr.venue == FIELD_OFFICE:
        raise UserError(
            f"service request {sr.referral_number or sr.id} is a field office matter: the guide says to "
            f"call the NCSC again ({NCSC_PHONE_DISPLAY}) with the referral number, not to email a service center",
            field="venue",
        )
    return sr


def _case_facts(
    call: Call, sr: ServiceRequest, fields: Iterable[CapturedField], cases: Sequence[Case], profile: Profile
) -> dict:
    """The facts both service-center letters share."""
    best = best_fields(f for f in fields if f.call_id == call.id)
    receipts = _values(RECEIPT_NUMBER, best, [sr.receipt_number], known=[c.receipt_number for c in cases])
    if not receipts:
        receipts = _values(RECEIPT_NUMBER, {}, [c.receipt_number for c in cases])[:1]
    receipt = receipts[0] if receipts else None
    case = next(
        (c for c in cases if receipt and _norm(RECEIPT_NUMBER, c.receipt_number) == _norm(RECEIPT_NUMBER, receipt.value)),
        None,
    )
    a_numbers = _values(A_NUMBER, {}, [case.a_number] if case else [])
    if not a_numbers:
        a_numbers = _values(A_NUMBER, best, known=[c.a_number for c in cases])
    if not a_numbers:
        a_numbers = _values(A_NUMBER, {}, [c.a_number for c in cases])[:1]
    return {
        "call_id": call.id,
        "call_date": call.local_date.isoformat(),
        "service_request": _sr_fact(sr),
        "sr_date": sr.created.isoformat(),
        "referral_number": sr.referral_number,
        "sr_type": sr.type,
        "receipt_number": receipt.as_fact() if receipt else None,
        "form_type": case.form_type if case else "",
        "a_number": a_numbers[0].as_fact() if a_numbers else None,
        "name": profile.name,
        "phone": format_phone(profile.phone),
        "_receipt": receipt,
        "_a_number": a_numbers[0] if a_numbers else None,
    }


def _center(sr: ServiceRequest, f: dict, service_centers_path: Path | None) -> ServiceCenter | None:
    """The SR's center; when the SR names none, the one that issued the call's receipt."""
    center = resolve_service_center(sr, service_centers_path)
    if center is None and not sr.service_center and f["_receipt"] is not None:
        center = service_center_for_receipt(f["_receipt"].value, service_centers_path)
    return center


def _fact_lines(f: dict) -> list[str]:
    receipt, a_number = f["_receipt"], f["_a_number"]
    sr_day = date.fromisoformat(f["sr_date"])
    lines = [
        f"Service request date: {_long_date(sr_day)} ({f['sr_date']})",
        f"Service request referral number: {f['referral_number'] or 'not recorded'}",
        f"Receipt number: {receipt.show() if receipt else 'not recorded'}",
    ]
    if f["form_type"]:
        lines.append(f"Form: {f['form_type']}")
    lines.append(f"What was requested: {f['sr_type'] or 'not recorded'}")
    if a_number:
        lines.append(f"A-number: {a_number.show()}")
    if f["name"]:
        lines.append(f"Name: {f['name']}")
    return lines


def _subject_ids(f: dict) -> str:
    parts = []
    if f["referral_number"]:
        parts.append(f"service request {f['referral_number']}")
    if f["_receipt"]:
        parts.append(f"receipt {f['_receipt'].value}")
    return ", ".join(parts) or "my service request"


def _public(f: dict) -> dict:
    return {k: v for k, v in f.items() if not k.startswith("_")}


def _unconfirmed_note(f: dict) -> list[str]:
    if any(v is not None and not v.confirmed for v in (f["_receipt"], f["_a_number"])):
        return [f'Values marked "{UNCONFIRMED}" are from my notes of the call and are not yet verified.']
    return []


def service_center_draft(
    call: Call,
    sr: ServiceRequest | None,
    fields: list[CapturedField],
    profile: Profile,
    today: date,
    *,
    cases: Sequence[Case] = (),
    service_centers_path: Path | None = None,
) -> Draft:
    """Email the service center that issued the receipt: 30 days without a response."""
    sr = _check_sr(call, sr)
    f = _case_facts(call, sr, fields, cases, profile)
    center = _center(sr, f, service_centers_path)
    waited = (today - sr.created).days
    warnings = []
    to = center.followup_email if center and center.followup_email else ""
    if not to:
        who = f"the {center.name}" if center else "this service center"
        warnings.append(
            f"no follow-up address is known for {who}: email the center that issued the receipt "
            "(shown on Form I-797) and add its address to your service_centers.json"
        )
    if waited < SERVICE_REQUEST_WAIT_DAYS:
        warnings.append(
            f"only {waited} days have passed since the service request; the guide says to wait "
            f"{SERVICE_REQUEST_WAIT_DAYS} days (until {(sr.created + timedelta(days=SERVICE_REQUEST_WAIT_DAYS)).isoformat()})"
        )
        passed = f"It has been {waited} days and I have not received a response."
    else:
        passed = (
            f"It has now been {waited} days, and I have not received a response within "
            f"{SERVICE_REQUEST_WAIT_DAYS} days."
        )
    greeting = f"Dear {center.name}," if center else "Dear Service Center,"
    paragraphs = [
        greeting,
        "I am following up on a service request that the USCIS Contact Center (National Customer "
        f"Service Center) created for my case on {_long_date(sr.created)}. {passed}",
        "\n".join(_fact_lines(f)),
        *_unconfirmed_note(f),
        "Please let me know the status of this request and of my case.",
        _signature(profile),
    ]
    facts = _public(f) | {
        "service_center": asdict(center) if center else None,
        "days_since_request": waited,
        "warnings": warnings,
    }
    return Draft(
        to=to,
        subject=f"Follow-up on NCSC {_subject_ids(f)}: no response after {SERVICE_REQUEST_WAIT_DAYS} days",
        body="\n\n".join(paragraphs) + "\n",
        kind=SERVICE_CENTER_KIND,
        facts=facts,
    )


def scops_draft(
    call: Call,
    sr: ServiceRequest | None,
    fields: list[CapturedField],
    profile: Profile,
    today: date,
    *,
    emailed_service_center_on: date,
    cases: Sequence[Case] = (),
    service_centers_path: Path | None = None,
) -> Draft:
    """Email SCOPS (SCOPSSCATA@dhs.gov): the service center did not answer in 21 days."""
    sr = _check_sr(call, sr)
    f = _case_facts(call, sr, fields, cases, profile)
    center = _center(sr, f, service_centers_path)
    center_name = f"the {center.name}" if center else "the service center"
    waited = (today - emailed_service_center_on).days
    warnings = []
    if waited < SERVICE_CENTER_WAIT_DAYS:
        warnings.append(
            f"only {waited} days have passed since the service center was emailed; the guide says to wait "
            f"{SERVICE_CENTER_WAIT_DAYS} days (until "
            f"{(emailed_service_center_on + timedelta(days=SERVICE_CENTER_WAIT_DAYS)).isoformat()})"
        )
        passed = f"I have received no response in the {waited} days since."
    else:
        passed = f"I have received no response in the {SERVICE_CENTER_WAIT_DAYS} days since ({waited} days so far)."
    address = f" ({center.followup_email})" if center and center.followup_email else ""
    paragraphs = [
        "Dear Office of Service Center Operations,",
        "The USCIS Contact Center (National Customer Service Center) created a service request for my "
        f"case on {_long_date(sr.created)}. When I had no response after {SERVICE_REQUEST_WAIT_DAYS} days, "
        f"I emailed {center_name}{address} on {_long_date(emailed_service_center_on)} "
        f"({emailed_service_center_on.isoformat()}). {passed}",
        "\n".join(_fact_lines(f)),
        *_unconfirmed_note(f),
        "Please help me get a response to this service request.",
        _signature(profile),
    ]
    facts = _public(f) | {
        "service_center": asdict(center) if center else None,
        "service_center_emailed_on": emailed_service_center_on.isoformat(),
        "days_since_service_center_emailed": waited,
        "warnings": warnings,
    }
    return Draft(
        to=SCOPS_EMAIL,
        subject=f"No response from {center_name} to NCSC {_subject_ids(f)}",
        body="\n\n".join(paragraphs) + "\n",
        kind=SCOPS,
        facts=facts,
    )


__all__ = [
    "DRAFT_KINDS",
    "Draft",
    "best_fields",
    "call_time_display",
    "ombudsman_draft",
    "scops_draft",
    "service_center_draft",
]
