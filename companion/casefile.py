"""The case file: every call, service request and follow-up about one case, in one place.

People call the NCSC more than once about the same case; the CIS Ombudsman (DHS Form 7001)
asks what they already tried. This module gathers a case's records from the store into a
timeline, links calls to cases, records a re-call on a field-office request, deletes and
restores records, and works out the user's time zone on first run. Like the rest of the
domain code it never imports Textual: the CLI (``companion case …``) and the TUI's Case
screen both call these functions.

A call belongs to a case when the user linked it (``link_call``) or, with no link, when
a receipt number of that case was confirmed on the call (see ``Store.calls_for_case``).
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from companion.errors import UserError
from companion.followup.rules import Action, follow_up_plan, open_actions
from companion.i18n import DEFAULT_LANGUAGE, N_, _, current_language
from companion.locations import service_centers_override
from companion.records import (
    CONFIRMED,
    EVENT_LABELS,
    FIELD_OFFICE,
    NCSC_CALLED,
    REFERRAL_NUMBER,
    REJECTED,
    Call,
    CapturedField,
    Case,
    FollowUpEvent,
    ServiceRequest,
    TrashEntry,
)
from companion.staff import StaffMember, staff_on_call
from companion.store import Store

# --- first run: the user's time zone -------------------------------------------------------


def system_timezone() -> str | None:
    """The IANA name of this machine's time zone, or ``None`` when it cannot be told.

    ``tzlocal`` reads ``$TZ``, ``/etc/timezone``, ``/etc/localtime`` and the platform's
    settings; a name that ``zoneinfo`` does not know is not returned. The TUI preselects
    this in the first-run profile form instead of silently assuming New York.
    """
    name: str | None
    try:
        from tzlocal import get_localzone_name

        name = get_localzone_name()
    except (ImportError, OSError, LookupError, ValueError):  # no tzlocal, or an unreadable setting
        name = _zone_from_localtime()
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (LookupError, ValueError, OSError):
        return None
    return name


def _zone_from_localtime(path: Path = Path("/etc/localtime")) -> str | None:
    try:
        target = os.path.realpath(path)
    except OSError:
        return None
    marker = "/zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else None


def has_profile(store: Store) -> bool:
    """Whether the user has set up their profile (first run asks before anything else)."""
    return store.profile_is_set()


# --- calls and cases -----------------------------------------------------------------------


def link_call(store: Store, receipt: str, call_id: int) -> Case:
    """Link ``call_id`` to the case with receipt number ``receipt`` (the user's pick)."""
    case = store.case_by_receipt(receipt)
    store.link_call(call_id, case.id)
    return case


def unlink_call(store: Store, call_id: int) -> None:
    """Remove the user's pick; the call may still belong to a case by a confirmed receipt."""
    store.link_call(call_id, None)


def case_of_call(store: Store, call_id: int) -> Case | None:
    """The case ``call_id`` is about, or ``None`` (a call with no case still works)."""
    return store.case_for_call(call_id)


def _referrals(call_id: int, fields: list[CapturedField], srs: list[ServiceRequest]) -> list[dict]:
    out: dict[str, bool] = {}
    for sr in srs:
        if sr.call_id == call_id:
            out[sr.referral_number] = True
    for f in fields:
        if f.kind == REFERRAL_NUMBER and f.status != REJECTED:
            norm = "".join(f.value.split()).upper()
            out[norm] = out.get(norm, False) or f.status == CONFIRMED
    return [{"value": v, "confirmed": c} for v, c in out.items()]


def _call_entry(store: Store, call: Call, case: Case, srs: list[ServiceRequest], zone: ZoneInfo) -> dict:
    fields = store.fields(call.id)
    local = call.started_at.astimezone(zone)
    length = (call.ended_at - call.started_at).total_seconds() if call.ended_at else None
    return {
        "id": call.id,
        "started_at": local.isoformat(),
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "timezone": zone.key,
        "length_seconds": length,
        "hold_seconds": call.hold_seconds,
        "tier_reached": call.tier_reached,
        "staff": [s.as_fact() for s in staff_on_call(call, fields)],
        "referral_numbers": _referrals(call.id, fields, srs),
        "linked_by": "user" if call.case_id == case.id else "receipt",
        "phone_used": call.phone_used,
        "notes": call.notes,
        "outcome": call.outcome,
    }


def _sr_entry(sr: ServiceRequest) -> dict:
    return {
        "id": sr.id,
        "call_id": sr.call_id,
        "referral_number": sr.referral_number,
        "venue": sr.venue,
        "type": sr.type,
        "created": sr.created.isoformat(),
        "receipt_number": sr.receipt_number,
        "receipt_confirmed": sr.receipt_confirmed,
        "service_center": sr.service_center,
        "parent_sr_id": sr.parent_sr_id,
    }


def _event_entry(ev: FollowUpEvent) -> dict:
    return {
        "id": ev.id,
        "kind": ev.kind,
        "label": EVENT_LABELS.get(ev.kind, ev.kind.replace("_", " ")),
        "on": ev.on.isoformat(),
        "sr_id": ev.sr_id,
        "call_id": ev.call_id,
        "note": ev.note,
    }


@dataclass(frozen=True)
class CaseRecords:
    """Everything on file about one case, read once."""

    case: Case
    calls: list[Call]
    service_requests: list[ServiceRequest]
    events: list[FollowUpEvent]


def case_records(store: Store, case: Case) -> CaseRecords:
    """The case's calls, service requests and events (one read of each)."""
    calls = store.calls_for_case(case.id)
    srs = store.service_requests_for_case(case.id, calls)
    return CaseRecords(case, calls, srs, store.events_for_case(case.id, calls, srs))


def case_actions(
    store: Store, case: Case, today: date | None = None, records: CaseRecords | None = None
) -> list[Action]:
    """Every follow-up action (open and closed) for the case's calls and requests."""
    profile = store.profile()
    records = records or case_records(store, case)
    return follow_up_plan(
        records.calls,
        records.service_requests,
        records.events,
        today or store.today(),
        ombudsman_email=profile.ombudsman_email,
        service_centers_path=service_centers_override(),
    )


def case_timeline(store: Store, receipt: str, today: date | None = None) -> dict:
    """The case with every call, service request and event about it, and what is due.

    ``{"case": {...}, "calls": [...], "service_requests": [...], "events": [...],
    "due": [...]}``; calls oldest first with date and time in the user's time zone, each
    staff member as a name-and-ID pair; ``due`` holds the open follow-up actions
    (``Action.to_dict()``), soonest first.
    """
    from companion.identifiers import service_center_for_receipt

    case = store.case_by_receipt(receipt)
    zone = store.profile().zone
    records = case_records(store, case)
    calls, srs, events = records.calls, records.service_requests, records.events
    center = service_center_for_receipt(case.receipt_number, service_centers_override())
    return {
        "case": {
            "id": case.id,
            "receipt_number": case.receipt_number,
            "form_type": case.form_type,
            "a_number": case.a_number,
            "priority_date": case.priority_date.isoformat() if case.priority_date else None,
            "notes": case.notes,
            "service_center": asdict(center) if center else None,
        },
        "calls": [_call_entry(store, c, case, srs, zone) for c in calls],
        "service_requests": [_sr_entry(sr) for sr in srs],
        "events": [_event_entry(e) for e in events],
        "due": [a.to_dict() for a in open_actions(case_actions(store, case, today, records))],
    }


def case_history(store: Store, call_id: int) -> list[str]:
    """The user's other contacts with USCIS about ``call_id``'s case, oldest first, one line
    each (for the Ombudsman letter): calls with staff and referral numbers, service
    requests, emails to the service center and SCOPS, re-calls, responses. Empty when the
    call belongs to no case."""
    from companion.followup.rules import resolve_service_center
    from companion.records import SCOPS_EMAILED, SERVICE_CENTER_EMAILED

    case = store.case_for_call(call_id)
    if case is None:
        return []
    zone = store.profile().zone
    records = case_records(store, case)
    srs = records.service_requests
    by_sr = {sr.id: sr for sr in srs}
    dated: list[tuple[str, int, str, str]] = []  # (day, calls first, time, line)
    for call in records.calls:
        if call.id == call_id:
            continue
        local = call.started_at.astimezone(zone)
        fields = store.fields(call.id)
        staff = staff_on_call(call, fields)
        who = "; ".join(m.show() for m in staff) if staff else "staff name and ID not recorded"
        refs = _referrals(call.id, fields, srs)
        ref = (
            "; referral number " + ", ".join(r["value"] + ("" if r["confirmed"] else " (not yet confirmed)") for r in refs)
            if refs
            else ""
        )
        dated.append(
            (local.date().isoformat(), 0, local.isoformat(), (f"{local:%B} {local.day}, {local.year}, {local:%H:%M %Z}: called the USCIS "
             f"Contact Center; spoke with {who}{ref}"))
        )
    for sr in srs:
        if sr.call_id == call_id:
            continue
        kind = "field office" if sr.venue == FIELD_OFFICE else "service center"
        what = f" ({sr.type})" if sr.type else ""
        parent = by_sr.get(sr.parent_sr_id) if sr.parent_sr_id else None
        again = f", given when I called again about {parent.referral_number}" if parent else ""
        dated.append(
            (sr.created.isoformat(), 1, "", (f"{_day(sr.created)}: service request {sr.referral_number}{what}, "
             f"a {kind} matter{again}"))
        )
    for ev in records.events:
        ev_sr = by_sr.get(ev.sr_id) if ev.sr_id is not None else None
        about = f" about service request {ev_sr.referral_number}" if ev_sr else ""
        if ev.kind == SERVICE_CENTER_EMAILED and ev_sr is not None:
            center = resolve_service_center(ev_sr, service_centers_override())
            to = f"the {center.name}" + (f" ({center.followup_email})" if center and center.followup_email else "") if center else "the service center"
            text = f"emailed {to}{about}"
        elif ev.kind == SCOPS_EMAILED:
            text = f"emailed USCIS Service Center Operations (SCOPSSCATA@dhs.gov){about}"
        else:
            text = EVENT_LABELS.get(ev.kind, ev.kind.replace("_", " ")) + about
        dated.append((ev.on.isoformat(), 2, "", f"{_day(ev.on)}: {text}"))
    return [line for *_, line in sorted(dated)]


def _day(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


# --- the field-office path -----------------------------------------------------------------


@dataclass(frozen=True)
class Recall:
    """What recording "called the NCSC again" did, and what comes next."""

    event: FollowUpEvent
    new_request: ServiceRequest | None  # a new referral number given on the re-call
    next_steps: list[Action]


def record_ncsc_recall(
    store: Store,
    sr_id: int,
    on: str | date,
    *,
    new_referral: str | None = None,
    call_id: int | None = None,
    note: str = "",
    today: date | None = None,
) -> Recall:
    """The user called the NCSC again about field-office request ``sr_id`` on ``on``.

    A new referral number given on that call becomes a request linked to the first one
    (on ``call_id``, the re-call, when it is recorded; else on the first request's call).
    Returns the open next steps of the chain: after a re-call, DHS Form 7001 if USCIS has
    not answered 30 days later.
    """
    sr = store.service_request(sr_id)
    while sr.parent_sr_id is not None:
        sr = store.service_request(sr.parent_sr_id)
    # Check everything before writing anything.
    on_date = store.check_event(NCSC_CALLED, on, sr_id=sr.id, call_id=call_id, today=today)
    host = call_id if call_id is not None else sr.call_id
    if call_id is not None:  # the stored call of the re-call cannot come after the re-call
        recall_day = store.call(call_id).local_date
        if on_date < recall_day:
            raise UserError(
                _(
                    "ncsc called date: {date} is before call {id} ({call_date}), the re-call; "
                    "expected the date of that call"
                ).format(date=on_date.isoformat(), id=call_id, call_date=recall_day.isoformat()),
                field="ncsc called date",
            )
    if new_referral:
        from companion.store import normalise_field

        normalise_field("referral_number", new_referral)
        if host is None:
            raise UserError(_("ncsc called: give the call the new referral number was read on (--call CALL_ID)"))
    new_sr = None
    with store.transaction():  # the event and the new request, or neither
        event = store.record_event(NCSC_CALLED, on_date, sr_id=sr.id, call_id=call_id, note=note, today=today)
        if new_referral and host is not None:
            new_sr = store.add_service_request(
                host,
                new_referral,
                FIELD_OFFICE,
                type=sr.type,
                created=on_date,
                receipt_number=sr.receipt_number if sr.receipt_confirmed else None,
                parent_sr_id=sr.id,
                today=today,
            )
    return Recall(event=event, new_request=new_sr, next_steps=next_steps(store, sr.id, today))


def next_steps(store: Store, sr_id: int, today: date | None = None) -> list[Action]:
    """The open follow-up actions of request ``sr_id``'s chain, soonest first."""
    sr = store.service_request(sr_id)
    while sr.parent_sr_id is not None:
        sr = store.service_request(sr.parent_sr_id)
    srs = [s for s in store.service_requests() if s.id == sr.id or s.parent_sr_id == sr.id]
    profile = store.profile()
    actions = follow_up_plan(
        [],
        srs,
        store.events(),
        today or store.today(),
        ombudsman_email=profile.ombudsman_email,
        service_centers_path=service_centers_override(),
    )
    return [a for a in open_actions(actions) if a.sr_id == sr.id]


# --- deleting and undoing ------------------------------------------------------------------


def delete_call(store: Store, call_id: int) -> TrashEntry:
    """Delete a call (with its service requests and their events); ``undo`` restores it."""
    return store.delete_call(call_id)


def delete_service_request(store: Store, sr_id: int) -> TrashEntry:
    """Delete a service request (with linked re-call requests and their events)."""
    return store.delete_service_request(sr_id)


def delete_event(store: Store, event_id: int) -> TrashEntry:
    """Delete one follow-up event."""
    return store.delete_event(event_id)


def undo_last_deletion(store: Store) -> TrashEntry | None:
    """Restore the newest deletion not yet restored (``None``: nothing to undo)."""
    return store.undo_delete()


# The forms of a deletion's label (``Store.delete_*`` keeps it in English, in the file)
_LABELS = (
    (re.compile(r"call (?P<id>\d+) of (?P<when>\d{4}-\d\d-\d\d \d\d:\d\d)"), N_("call {id} of {when}")),
    (
        re.compile(r"service request (?P<referral>\S+) \((?P<venue>[a-z-]+), (?P<created>\d{4}-\d\d-\d\d)\)"),
        N_("service request {referral} ({venue}, {created})"),
    ),
    (re.compile(r"(?P<event>[a-z ]+) on (?P<on>\d{4}-\d\d-\d\d)"), N_("{event} on {on}")),
)
_VENUES = {"service-center": N_("service center"), "field-office": N_("field office")}


def shown_label(label: str) -> str:
    """A deletion's label in the current language (itself in English, or when its form is
    unknown)."""
    if current_language() == DEFAULT_LANGUAGE:
        return label
    for pattern, msgid in _LABELS:
        match = pattern.fullmatch(label)
        if match:
            fields = match.groupdict()
            if "venue" in fields:
                fields["venue"] = _(_VENUES.get(fields["venue"], fields["venue"]))
            if "event" in fields:
                kind = fields["event"].replace(" ", "_")
                fields["event"] = _(EVENT_LABELS[kind]) if kind in EVENT_LABELS else fields["event"]
            return _(msgid).format(**fields)
    return label


def describe_deletion(entry: TrashEntry) -> str:
    """One line for the user: what was deleted, or restored."""
    if entry.restored_at is not None:
        return _("Restored {label}.").format(label=shown_label(entry.label))
    return _("Deleted {label}. `companion undo` restores it.").format(label=shown_label(entry.label))


# --- Form 7001 -----------------------------------------------------------------------------


def form7001_for(store: Store, receipt: str, today: date | None = None):
    """The Form 7001 helper for the case with receipt number ``receipt`` (see ``export.form7001``)."""
    from companion.export.form7001 import CallAction, build_form7001
    from companion.followup.rules import resolve_service_center
    from companion.identifiers import format_phone

    case = store.case_by_receipt(receipt)
    today = today or store.today()
    zone = store.profile().zone
    records = case_records(store, case)
    srs = records.service_requests
    calls = []
    for call in records.calls:
        local = call.started_at.astimezone(zone)
        fields = store.fields(call.id)
        calls.append(
            CallAction(
                call_id=call.id,
                date=local.date().isoformat(),
                time=f"{local:%H:%M} {local.tzname()}",
                staff=[m.show() for m in staff_on_call(call, fields)],
                referral_numbers=[
                    r["value"] + ("" if r["confirmed"] else " (not yet confirmed)")
                    for r in _referrals(call.id, fields, srs)
                ],
                phone_used=format_phone(call.phone_used),
            )
        )
    centers = {}
    for sr in srs:
        center = resolve_service_center(sr, service_centers_override())
        if center is not None:
            centers[sr.id] = f"the {center.name}" + (f" ({center.followup_email})" if center.followup_email else "")
    others = [c for c in store.cases() if case.a_number and c.a_number == case.a_number]
    return build_form7001(
        case,
        store.profile(),
        calls,
        srs,
        records.events,
        case_actions(store, case, today, records),
        today,
        other_cases=others,
        center_addresses=centers,
    )


__all__ = [
    "Recall",
    "StaffMember",
    "case_actions",
    "case_history",
    "case_of_call",
    "case_timeline",
    "delete_call",
    "delete_event",
    "delete_service_request",
    "describe_deletion",
    "form7001_for",
    "has_profile",
    "link_call",
    "next_steps",
    "record_ncsc_recall",
    "staff_on_call",
    "system_timezone",
    "undo_last_deletion",
    "unlink_call",
]
