"""Email drafts that follow up on an NCSC call, built only from the user's records.

Three letters come from the call guide: the request that the CIS Ombudsman ask USCIS to
review a call (possible within 90 days of it), the follow-up to the service center that
issued the receipt (30 days after a service request), and the escalation to Service
Center Operations (21 days after that). Each is a ``Draft``: the text plus the facts it
was built from, renderable as plain text, ``.eml``, a ``mailto:`` URI or JSON. Nothing
is sent and nothing is read here: the caller passes the records and "today".

Captured fields (what the extractor heard) are used as ``best_fields`` picks them:
confirmed values first; where none of a kind is confirmed, the best candidate, marked
"(not yet confirmed)" in the letter; rejected values never. Values the user typed into a
service request or case count as confirmed; a receipt number a service request only
took over from what was heard (``receipt_source == "candidate"``) does not.

Each staff member is one name-and-ID pair, and everyone on the call is listed (Tier 1
and Tier 2; ``companion.staff``). Day counts are never negative, numbers agree with
their nouns ("1 minute"), and a subject never claims a wait that has not passed. The
user may add a sentence of their own on what went wrong (``what_went_wrong``); the
Ombudsman letter lists the user's other contacts with USCIS about the same case
(``history``, lines built by ``companion.casefile.case_history``).
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
from companion.i18n import _, ngettext
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
    best_field,
)
from companion.staff import NOT_CONFIRMED, staff_on_call

OMBUDSMAN, SERVICE_CENTER_KIND, SCOPS = "ombudsman", "service-center", "scops"
DRAFT_KINDS = (OMBUDSMAN, SERVICE_CENTER_KIND, SCOPS)
UNCONFIRMED = NOT_CONFIRMED  # "(not yet confirmed)"
WHAT_WENT_WRONG_MAX = 1000  # characters: a sentence or two, not a second letter
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

    The best candidate is ``records.best_field``'s (the rule the Live screen, Review and
    the CLI use too). Rejected fields are never returned; a kind with only rejected fields
    is absent.
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
        best = best_field(items, kind)  # the one rule (records.ranked_fields)
        if best is not None:
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


def plural(n: int, noun: str, plural_form: str | None = None) -> str:
    """``1 day``, ``2 days``, ``0 days``."""
    return f"{n} {noun if n == 1 else (plural_form or noun + 's')}"


def check_what_went_wrong(text: str | None) -> str:
    """The user's own sentence, tidied; a one-line error when it is too long."""
    if text is None:
        return ""
    tidy = " ".join(text.split())
    if len(tidy) > WHAT_WENT_WRONG_MAX:
        raise UserError(
            _(
                "what went wrong: {count} characters is too long; expected a sentence or two (at most {most} characters)"
            ).format(count=len(tidy), most=WHAT_WENT_WRONG_MAX),
            field="what went wrong",
        )
    return tidy


def _own_words(text: str) -> list[str]:
    return [f"What went wrong, in my own words: {text}"] if text else []


def ombudsman_draft(
    call: Call,
    fields: list[CapturedField],
    profile: Profile,
    today: date,
    *,
    service_requests: Sequence[ServiceRequest] = (),
    cases: Sequence[Case] = (),
    force: bool = False,
    history: Sequence[str] = (),
    what_went_wrong: str | None = None,
    case: Case | None = None,
) -> Draft:
    """Ask the CIS Ombudsman to have USCIS review ``call`` (only within 90 days, unless forced).

    ``history``: one line per other contact with USCIS about the same case (calls,
    service requests, emails), oldest first, listed under the call's facts. ``case``: the
    case the call belongs to; its receipt and A-number are the user's own, so confirmed.
    """
    own = check_what_went_wrong(what_went_wrong)
    call_day = call.local_date
    age = (today - call_day).days
    last_day = ombudsman_window_last_day(call)
    days_left = (last_day - today).days
    warnings: list[str] = []
    if age < 0:
        warnings.append(_("today ({today}) is before the call ({date})").format(today=today.isoformat(), date=call_day.isoformat()))
        age = 0
        days_left = min(days_left, OMBUDSMAN_WINDOW_DAYS)
    if days_left < 0:
        if not force:
            raise UserError(
                ngettext(
                    "call on {date} is {age} day old; the Ombudsman can ask USCIS to review only calls from the "
                    "last {days} days (use --force to draft it anyway)",
                    "call on {date} is {age} days old; the Ombudsman can ask USCIS to review only calls from the "
                    "last {days} days (use --force to draft it anyway)",
                    age,
                ).format(date=call_day.isoformat(), age=age, days=OMBUDSMAN_WINDOW_DAYS)
            )
        warnings.append(
            ngettext(
                "the call is {age} day old, past the {days}-day review window",
                "the call is {age} days old, past the {days}-day review window",
                age,
            ).format(age=age, days=OMBUDSMAN_WINDOW_DAYS)
        )

    best = best_fields(f for f in fields if f.call_id == call.id)
    srs = [sr for sr in service_requests if sr.call_id == call.id]
    staff = staff_on_call(call, fields)
    staff_ids = _values(STAFF_ID, best)
    staff_names = _values(STAFF_NAME, best)
    referrals = _values(REFERRAL_NUMBER, best, [sr.referral_number for sr in srs])
    case_receipts = [c.receipt_number for c in cases]
    receipts = _values(
        RECEIPT_NUMBER,
        _with_sr_receipts(best, srs, call.id),
        [sr.receipt_number for sr in srs if sr.receipt_confirmed] + ([case.receipt_number] if case else []),
        known=case_receipts,
    )
    if not receipts:
        receipts = _values(RECEIPT_NUMBER, {}, case_receipts)
    a_numbers = _values(A_NUMBER, best, [case.a_number] if case and case.a_number else [], known=[c.a_number for c in cases])
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
            f"you can ask for a review: {plural(days_left, 'day')} "
            f"{'is' if days_left == 1 else 'are'} left, until {_long_date(last_day)}."
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
    if len(staff) == 1:
        lines.append(f"Staff member I spoke with: {staff[0].show()}")
    elif staff:
        lines.append("Staff members I spoke with, in order:")
        lines += [f"  - {m.show()}" for m in staff]
    else:
        lines.append("Staff ID number or name: not recorded")
    if tier:
        lines.append(f"Tier reached: {tier.show()}")
    for label, plural_label, values in (
        ("Service request referral number", "Service request referral numbers", referrals),
        ("Receipt number", "Receipt numbers", receipts),
        ("A-number", "A-numbers", a_numbers),
    ):
        line = _line(label, values, plural_label)
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
        minutes = max(0, round((call.ended_at - call.started_at).total_seconds() / 60))
        lines.append(f"Length of the call: about {plural(minutes, 'minute')}")

    paragraphs = [
        "Dear CIS Ombudsman,",
        "I called the USCIS Contact Center (National Customer Service Center) and ask that you "
        "request USCIS to review the call, to understand my inquiry. " + window,
        "\n".join(lines),
    ]
    notes = "\n".join(p for p in (call.outcome.strip(), call.notes.strip()) if p)
    if notes:
        paragraphs.append("What happened on the call (my notes):\n" + notes)
    paragraphs += _own_words(own)
    if history:
        paragraphs.append(
            "My other contacts with USCIS about this case:\n" + "\n".join(f"  - {h}" for h in history)
        )
    unconfirmed = [*staff_ids, *staff_names, *referrals, *receipts, *a_numbers, *([tier] if tier else [])]
    if any(not v.confirmed for v in unconfirmed) or any(not m.confirmed for m in staff):
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
        "staff": [m.as_fact() for m in staff],
        "staff_ids": _facts_list(staff_ids),
        "staff_names": _facts_list(staff_names),
        "tier": tier.as_fact() if tier else None,
        "referral_numbers": _facts_list(referrals),
        "receipt_numbers": _facts_list(receipts),
        "a_numbers": _facts_list(a_numbers),
        "service_requests": [_sr_fact(sr) for sr in srs],
        "notes": notes,
        "what_went_wrong": own,
        "history": list(history),
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


def _with_sr_receipts(
    best: dict[str, list[CapturedField]], srs: Sequence[ServiceRequest], call_id: int
) -> dict[str, list[CapturedField]]:
    """``best`` plus, when the call has no receipt field, a receipt a request only heard:
    as a candidate, so it is marked and never promoted by the request."""
    if best.get(RECEIPT_NUMBER):
        return best
    heard = [sr.receipt_number for sr in srs if sr.receipt_number and not sr.receipt_confirmed]
    if not heard:
        return best
    return best | {
        RECEIPT_NUMBER: [CapturedField(id=0, call_id=call_id, kind=RECEIPT_NUMBER, value=heard[0], status=CANDIDATE)]
    }


def _duration(seconds: float) -> str:
    minutes = max(0, round(seconds / 60))
    if minutes < 60:
        return plural(minutes, "minute")
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
            _(
                "call {id} has no service request to follow up on; record one with "
                "`companion sr add {id} --referral NUMBER --venue service-center`"
            ).format(id=call.id),
            field="service request",
        )
    if sr.venue == FIELD_OFFICE:
        raise UserError(
            _(
                "service request {referral} is a field office matter: the guide says to call the NCSC again "
                "({phone}) with the referral number, not to email a service center"
            ).format(referral=sr.referral_number or sr.id, phone=NCSC_PHONE_DISPLAY),
            field="venue",
        )
    return sr


def _case_facts(
    call: Call,
    sr: ServiceRequest,
    fields: Iterable[CapturedField],
    cases: Sequence[Case],
    profile: Profile,
    call_case: Case | None = None,
) -> dict:
    """The facts both service-center letters share (``call_case``: the call's own case)."""
    best = best_fields(f for f in fields if f.call_id == call.id)
    receipts = _values(
        RECEIPT_NUMBER,
        _with_sr_receipts(best, [sr], call.id),
        ([sr.receipt_number] if sr.receipt_confirmed else []) + ([call_case.receipt_number] if call_case else []),
        known=[c.receipt_number for c in cases],
    )
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
    what_went_wrong: str | None = None,
    case: Case | None = None,
) -> Draft:
    """Email the service center that issued the receipt: 30 days without a response."""
    own = check_what_went_wrong(what_went_wrong)
    sr = _check_sr(call, sr)
    f = _case_facts(call, sr, fields, cases, profile, case)
    center = _center(sr, f, service_centers_path)
    waited = (today - sr.created).days
    warnings = []
    if waited < 0:
        warnings.append(
            _("today ({today}) is before the service request ({date})").format(
                today=today.isoformat(), date=sr.created.isoformat()
            )
        )
        waited = 0
    to = center.followup_email if center and center.followup_email else ""
    if not to:
        who = _("the {center}").format(center=center.name) if center else _("this service center")
        warnings.append(
            _(
                "no follow-up address is known for {who}: email the center that issued the receipt "
                "(shown on Form I-797) and add its address to your service_centers.json"
            ).format(who=who)
        )
    waited_30 = waited >= SERVICE_REQUEST_WAIT_DAYS
    if not waited_30:
        warnings.append(
            ngettext(
                "only {count} day has passed since the service request; the guide says to wait {days} days "
                "(until {until})",
                "only {count} days have passed since the service request; the guide says to wait {days} days "
                "(until {until})",
                waited,
            ).format(
                count=waited, days=SERVICE_REQUEST_WAIT_DAYS,
                until=(sr.created + timedelta(days=SERVICE_REQUEST_WAIT_DAYS)).isoformat(),
            )
        )
        passed = (
            "It was created today and I have not received a response yet."
            if waited == 0
            else f"It has been {plural(waited, 'day')} and I have not received a response."
        )
    else:
        passed = (
            f"It has now been {plural(waited, 'day')}, and I have not received a response within "
            f"{SERVICE_REQUEST_WAIT_DAYS} days."
        )
    greeting = f"Dear {center.name}," if center else "Dear Service Center,"
    paragraphs = [
        greeting,
        ("I am following up on a service request that the USCIS Contact Center (National Customer "
        f"Service Center) created for my case on {_long_date(sr.created)}. {passed} I am writing to you "
        "as the service center that issued my receipt, as shown on my Form I-797 (Notice of Action)."),
        "\n".join(_fact_lines(f)),
        *_own_words(own),
        *_unconfirmed_note(f),
        "Please let me know the status of this request and of my case.",
        _signature(profile),
    ]
    facts = _public(f) | {
        "service_center": asdict(center) if center else None,
        "days_since_request": waited,
        "what_went_wrong": own,
        "warnings": warnings,
    }
    subject = f"Follow-up on NCSC {_subject_ids(f)}"
    if waited_30:
        subject += f": no response after {SERVICE_REQUEST_WAIT_DAYS} days"
    return Draft(
        to=to,
        subject=subject,
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
    what_went_wrong: str | None = None,
    case: Case | None = None,
) -> Draft:
    """Email SCOPS (SCOPSSCATA@dhs.gov): the service center did not answer in 21 days."""
    own = check_what_went_wrong(what_went_wrong)
    sr = _check_sr(call, sr)
    f = _case_facts(call, sr, fields, cases, profile, case)
    center = _center(sr, f, service_centers_path)
    center_name = f"the {center.name}" if center else "the service center"
    waited = (today - emailed_service_center_on).days
    warnings = []
    if waited < 0:
        warnings.append(
            _("today ({today}) is before the email to the service center ({date})").format(
                today=today.isoformat(), date=emailed_service_center_on.isoformat()
            )
        )
        waited = 0
    if waited < SERVICE_CENTER_WAIT_DAYS:
        warnings.append(
            ngettext(
                "only {count} day has passed since the service center was emailed; the guide says to wait "
                "{days} days (until {until})",
                "only {count} days have passed since the service center was emailed; the guide says to wait "
                "{days} days (until {until})",
                waited,
            ).format(
                count=waited, days=SERVICE_CENTER_WAIT_DAYS,
                until=(emailed_service_center_on + timedelta(days=SERVICE_CENTER_WAIT_DAYS)).isoformat(),
            )
        )
        passed = (
            "I have received no response yet."
            if waited == 0
            else f"I have received no response in the {plural(waited, 'day')} since."
        )
    else:
        passed = f"I have received no response in the {SERVICE_CENTER_WAIT_DAYS} days since" + (
            "." if waited == SERVICE_CENTER_WAIT_DAYS else f" ({plural(waited, 'day')} so far)."
        )
    address = f" ({center.followup_email})" if center and center.followup_email else ""
    paragraphs = [
        "Dear Office of Service Center Operations,",
        ("The USCIS Contact Center (National Customer Service Center) created a service request for my "
        f"case on {_long_date(sr.created)}. When I had no response after {SERVICE_REQUEST_WAIT_DAYS} days, "
        f"I emailed {center_name}{address} on {_long_date(emailed_service_center_on)} "
        f"({emailed_service_center_on.isoformat()}). {passed}"),
        "\n".join(_fact_lines(f)),
        *_own_words(own),
        *_unconfirmed_note(f),
        "Please help me get a response to this service request.",
        _signature(profile),
    ]
    facts = _public(f) | {
        "service_center": asdict(center) if center else None,
        "service_center_emailed_on": emailed_service_center_on.isoformat(),
        "days_since_service_center_emailed": waited,
        "what_went_wrong": own,
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
    "check_what_went_wrong",
    "ombudsman_draft",
    "plural",
    "scops_draft",
    "service_center_draft",
]
