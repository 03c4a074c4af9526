"""The deadline engine: which follow-up is due when, from the NCSC call guide's rules.

Every rule comes from the CIS Ombudsman's update "Getting the Most Out of Your Call to the
USCIS National Customer Service Center" (``/work/shared/seed/ncsc-call-guide.txt``):

=========================  ====================================  ==========================
kind                       due                                   done when
=========================  ====================================  ==========================
``call_ncsc``              field-office SR created + 30 days     ``ncsc_called`` event
``file_form_7001``         field office: NCSC called again (N)   ``form7001_filed``
                           + 30 days
``email_service_center``   service-center SR created + 30 days   ``service_center_emailed``
``email_scops``            service center emailed (E) + 21       ``scops_emailed``
``expect_scops_reply``     SCOPS emailed (S) + 10                ``form7001_filed``
``file_form_7001``         S + 11 (the day after the reply was   ``form7001_filed``
                           due: on day 10 a reply is on time)
``ombudsman_review_window``  call's local date (C) + 90 = last    ``ombudsman_review_requested``
                           day to ask for a review               naming the call
=========================  ====================================  ==========================

A ``response_received`` event for a service request closes its chain: the action the
chain had reached, and everything before it, is *done*. Only the chain's next step is
shown (after SCOPS is emailed, both the expected reply and the Form 7001 fallback are).
When an event names no service request but names a call, it applies to every service
request created during that call.

On a field-office matter the guide's only step is to call the NCSC again after 30 days;
once that is done, the regular avenues are used up, so the next step shown is DHS Form
7001, 30 days after the re-call if USCIS still has not answered. A request made on a
re-call (``parent_sr_id``) is part of the first request's chain: its events count for
the first request and it has no chain of its own. When the same step is recorded twice, the earliest
date counts (the guide's clocks start at the first contact).

Statuses (``today`` is a date in the user's time zone; ``days_left = due - today``):

* ``done``     — the step was taken (or a response closed the chain);
* ``upcoming`` — open and ``days_left > 0``;
* ``due``      — open and ``days_left == 0``;
* ``overdue``  — open and ``days_left < 0``; for ``expect_scops_reply`` it means the
  reply is late;
* ``expired``  — only for the Ombudsman review window, which closes: after its last
  day (``days_left < 0``) the Ombudsman can no longer ask USCIS to review the call.
  While open, the window is ``upcoming`` and turns ``due`` in its final
  ``OMBUDSMAN_DUE_WITHIN`` (14) days, i.e. when ``0 <= days_left <= 13``. It is never
  ``overdue``.

Days are calendar days (the guide never says business days). A call's day is
``Call.local_date``, the date where the caller was, never the UTC date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from companion.errors import UserError
from companion.i18n import _
from companion.identifiers import (
    NCSC_PHONE_DISPLAY,
    OMBUDSMAN_EMAIL_DEFAULT,
    SCOPS_EMAIL,
    ServiceCenter,
    service_center_for_receipt,
    service_center_table,
)
from companion.records import (
    FIELD_OFFICE,
    FORM_7001_FILED,
    NCSC_CALLED,
    OMBUDSMAN_REVIEW_REQUESTED,
    RESPONSE_RECEIVED,
    SCOPS_EMAILED,
    SERVICE_CENTER,
    SERVICE_CENTER_EMAILED,
    Call,
    FollowUpEvent,
    ServiceRequest,
)


class ActionKind(StrEnum):
    """What a follow-up step is. A ``str``: compared, stored and printed as its value."""

    CALL_NCSC = "call_ncsc"
    EMAIL_SERVICE_CENTER = "email_service_center"
    EMAIL_SCOPS = "email_scops"
    EXPECT_SCOPS_REPLY = "expect_scops_reply"
    FILE_FORM_7001 = "file_form_7001"
    OMBUDSMAN_REVIEW_WINDOW = "ombudsman_review_window"


class ActionStatus(StrEnum):
    """Where a follow-up step stands on ``today`` (see the module docstring)."""

    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"
    EXPIRED = "expired"


# The members under their old names, which the rest of the program imports.
CALL_NCSC = ActionKind.CALL_NCSC
EMAIL_SERVICE_CENTER = ActionKind.EMAIL_SERVICE_CENTER
EMAIL_SCOPS = ActionKind.EMAIL_SCOPS
EXPECT_SCOPS_REPLY = ActionKind.EXPECT_SCOPS_REPLY
FILE_FORM_7001 = ActionKind.FILE_FORM_7001
OMBUDSMAN_REVIEW_WINDOW = ActionKind.OMBUDSMAN_REVIEW_WINDOW
ACTION_KINDS = (
    CALL_NCSC,
    EMAIL_SERVICE_CENTER,
    EMAIL_SCOPS,
    EXPECT_SCOPS_REPLY,
    FILE_FORM_7001,
    OMBUDSMAN_REVIEW_WINDOW,
)

UPCOMING, DUE, OVERDUE, DONE = ActionStatus.UPCOMING, ActionStatus.DUE, ActionStatus.OVERDUE, ActionStatus.DONE
EXPIRED = ActionStatus.EXPIRED
STATUSES = (UPCOMING, DUE, OVERDUE, DONE, EXPIRED)
CLOSED_STATUSES = frozenset({DONE, EXPIRED})

_K = TypeVar("_K")

# The guide's periods, in calendar days.
SERVICE_REQUEST_WAIT_DAYS = 30
SERVICE_CENTER_WAIT_DAYS = 21
SCOPS_REPLY_DAYS = 10
FORM_7001_AFTER_SCOPS_DAYS = SCOPS_REPLY_DAYS + 1
OMBUDSMAN_WINDOW_DAYS = 90
OMBUDSMAN_DUE_WITHIN = 14


@dataclass(frozen=True)
class Action:
    """One dated thing to do (or that was done) to follow up on a call or service request."""

    kind: ActionKind
    due: date
    status: ActionStatus
    call_id: int | None
    sr_id: int | None
    title: str  # one line a person understands
    address: str | None  # email address to write to, when there is one
    detail: str  # why, citing the rule
    days_left: int  # due - today (negative when past)

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "due": self.due.isoformat(),
            "status": self.status,
            "call_id": self.call_id,
            "sr_id": self.sr_id,
            "title": self.title,
            "address": self.address,
            "detail": self.detail,
            "days_left": self.days_left,
        }


def today_in(tz_name: str, now: datetime | None = None) -> date:
    """Today's date in the IANA zone ``tz_name`` (``now`` must be aware; default: the clock)."""
    zone = ZoneInfo(tz_name)
    if now is None:
        return datetime.now(zone).date()
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    return now.astimezone(zone).date()


def ombudsman_window_last_day(call: Call) -> date:
    """The last day the Ombudsman can be asked to have USCIS review ``call``."""
    return call.local_date + timedelta(days=OMBUDSMAN_WINDOW_DAYS)


def open_actions(actions: Iterable[Action]) -> list[Action]:
    """The actions still to do or to wait for (neither done nor expired)."""
    return [a for a in actions if a.status not in CLOSED_STATUSES]


def resolve_service_center(sr: ServiceRequest, service_centers_path: Path | None = None) -> ServiceCenter | None:
    """The center to email for ``sr``: its ``service_center`` code, else its receipt prefix."""
    if sr.service_center:
        entry = service_center_table(service_centers_path)["service_centers"].get(sr.service_center)
        if entry is None:
            return None
        return ServiceCenter(code=sr.service_center, name=entry["name"], followup_email=entry.get("followup_email"))
    if sr.receipt_number:
        return service_center_for_receipt(sr.receipt_number, service_centers_path)
    return None


def _status(due: date, today: date, done: bool) -> ActionStatus:
    if done:
        return DONE
    if today < due:
        return UPCOMING
    if today == due:
        return DUE
    return OVERDUE


def _window_status(last_day: date, today: date, done: bool) -> ActionStatus:
    if done:
        return DONE
    days_left = (last_day - today).days
    if days_left < 0:
        return EXPIRED
    if days_left < OMBUDSMAN_DUE_WITHIN:
        return DUE
    return UPCOMING


def _referral(sr: ServiceRequest) -> str:
    return f"referral {sr.referral_number}" if sr.referral_number else "your service request"


class _Events:
    """Earliest date of each event kind, per service request and per call."""

    def __init__(self, events: Iterable[FollowUpEvent]) -> None:
        self.by_sr: dict[tuple[int, str], date] = {}
        self.by_call_only: dict[tuple[int, str], date] = {}  # events naming a call, no SR
        self.review: dict[int, date] = {}
        for ev in events:
            if ev.kind == OMBUDSMAN_REVIEW_REQUESTED:
                if ev.call_id is not None:
                    _keep_earliest(self.review, ev.call_id, ev.on)
            elif ev.sr_id is not None:
                _keep_earliest(self.by_sr, (ev.sr_id, ev.kind), ev.on)
            elif ev.call_id is not None:
                _keep_earliest(self.by_call_only, (ev.call_id, ev.kind), ev.on)

    def for_sr(self, sr: ServiceRequest, kind: str) -> date | None:
        dates = [self.by_sr.get((sr.id, kind))]
        if sr.call_id is not None:
            dates.append(self.by_call_only.get((sr.call_id, kind)))
        known = [d for d in dates if d is not None]
        return min(known) if known else None


def _keep_earliest(store: dict[_K, date], key: _K, on: date) -> None:
    if key not in store or on < store[key]:
        store[key] = on


def _sr_chain(
    sr: ServiceRequest,
    events: _Events,
    today: date,
    service_centers_path: Path | None,
) -> list[Action]:
    response = events.for_sr(sr, RESPONSE_RECEIVED)
    closed = response is not None
    closed_note = f" Closed: a response was received on {response.isoformat()}." if response is not None else ""
    out: list[Action] = []

    def add(kind: ActionKind, due: date, title: str, address: str | None, detail: str, done: bool) -> None:
        out.append(
            Action(
                kind=kind,
                due=due,
                status=_status(due, today, done or closed),
                call_id=sr.call_id,
                sr_id=sr.id,
                title=title,
                address=address,
                detail=detail + (closed_note if closed and not done else ""),
                days_left=(due - today).days,
            )
        )

    created = sr.created
    first_due = created + timedelta(days=SERVICE_REQUEST_WAIT_DAYS)
    rule_30 = f"No response {SERVICE_REQUEST_WAIT_DAYS} days after the service request of {created.isoformat()}"

    if sr.venue == FIELD_OFFICE:
        called = events.for_sr(sr, NCSC_CALLED)
        filed_7001 = events.for_sr(sr, FORM_7001_FILED)
        add(
            CALL_NCSC,
            first_due,
            f"Call the NCSC ({NCSC_PHONE_DISPLAY}) about {_referral(sr)}",
            None,
            f"{rule_30} (field office matter): call the NCSC again and have the referral "
            f"number {sr.referral_number or '(not recorded)'} at hand."
            + (f" Called on {called.isoformat()}." if called else ""),
            called is not None or filed_7001 is not None,
        )
        if called is None and filed_7001 is None:
            return out
        since = called or filed_7001
        assert since is not None
        add(
            FILE_FORM_7001,
            since + timedelta(days=SERVICE_REQUEST_WAIT_DAYS),
            f"File DHS Form 7001 with the CIS Ombudsman about {_referral(sr)} if USCIS has not answered",
            None,
            f"You called the NCSC again on {since.isoformat()} (field office matter). If USCIS has "
            f"still not responded {SERVICE_REQUEST_WAIT_DAYS} days later, you have tried the regular "
            "USCIS avenues: submit DHS Form 7001 to the Ombudsman."
            + (f" Filed on {filed_7001.isoformat()}." if filed_7001 else ""),
            filed_7001 is not None,
        )
        return out

    if sr.venue != SERVICE_CENTER:
        raise UserError(
            _("service request {id}: venue {venue!r} is not valid; expected {first} or {second}").format(
                id=sr.id, venue=sr.venue, first=SERVICE_CENTER, second=FIELD_OFFICE
            ),
            field="venue",
        )

    center = resolve_service_center(sr, service_centers_path)
    emailed_center = events.for_sr(sr, SERVICE_CENTER_EMAILED)
    emailed_scops = events.for_sr(sr, SCOPS_EMAILED)
    filed_7001 = events.for_sr(sr, FORM_7001_FILED)
    # A later step recorded without an earlier one implies the earlier one was taken.
    center_done = emailed_center is not None or emailed_scops is not None or filed_7001 is not None
    scops_done = emailed_scops is not None or filed_7001 is not None

    if center is not None:
        center_name = center.name
        address = center.followup_email
        missing = (
            ""
            if address
            else f" No follow-up email address is known for the {center.name}: find it "
            "(the center is the one on your Form I-797) and add it to your service_centers.json."
        )
    else:
        code_or_receipt = (
            f"code {sr.service_center!r}" if sr.service_center else f"receipt {sr.receipt_number or '(none)'}"
        )
        center_name = "service center"
        address = None
        missing = (
            f" The service center is unknown ({code_or_receipt}), so no follow-up address is known: "
            "email the center that issued your receipt, shown on Form I-797, and add it to "
            "your service_centers.json."
        )
    add(
        EMAIL_SERVICE_CENTER,
        first_due,
        f"Email the {center_name} about {_referral(sr)}",
        address,
        f"{rule_30} (service center matter): email the service center that issued the "
        f"receipt{f' {sr.receipt_number}' if sr.receipt_number else ''}."
        + missing
        + (f" Emailed on {emailed_center.isoformat()}." if emailed_center else ""),
        center_done,
    )
    if not center_done:
        return out

    center_step = emailed_center or emailed_scops or filed_7001
    assert center_step is not None  # center_done
    scops_due = center_step + timedelta(days=SERVICE_CENTER_WAIT_DAYS)
    waited_since = (
        f"the email to the {center_name} of {emailed_center.isoformat()}"
        if emailed_center
        else f"contacting the {center_name}"
    )
    add(
        EMAIL_SCOPS,
        scops_due,
        f"Email USCIS Service Center Operations (SCOPS) about {_referral(sr)}",
        SCOPS_EMAIL,
        f"No response {SERVICE_CENTER_WAIT_DAYS} days after {waited_since}: email {SCOPS_EMAIL}."
        + (f" Emailed on {emailed_scops.isoformat()}." if emailed_scops else ""),
        scops_done,
    )
    if not scops_done:
        return out

    s = emailed_scops or filed_7001
    assert s is not None  # scops_done
    add(
        EXPECT_SCOPS_REPLY,
        s + timedelta(days=SCOPS_REPLY_DAYS),
        f"Expect a reply from SCOPS about {_referral(sr)}",
        None,
        f"SCOPS was emailed on {s.isoformat()} and should respond within {SCOPS_REPLY_DAYS} days.",
        filed_7001 is not None,
    )
    add(
        FILE_FORM_7001,
        s + timedelta(days=FORM_7001_AFTER_SCOPS_DAYS),
        f"File DHS Form 7001 with the CIS Ombudsman about {_referral(sr)}",
        None,
        f"No reply from SCOPS within {SCOPS_REPLY_DAYS} days of the email of {s.isoformat()}: "
        "you have tried the regular USCIS avenues, so submit DHS Form 7001 to the Ombudsman."
        + (f" Filed on {filed_7001.isoformat()}." if filed_7001 else ""),
        filed_7001 is not None,
    )
    return out


def _review_window(call: Call, events: _Events, today: date, ombudsman_email: str) -> Action:
    c = call.local_date
    last = ombudsman_window_last_day(call)
    requested = events.review.get(call.id)
    return Action(
        kind=OMBUDSMAN_REVIEW_WINDOW,
        due=last,
        status=_window_status(last, today, requested is not None),
        call_id=call.id,
        sr_id=None,
        title=f"Last day to ask the CIS Ombudsman to have USCIS review your call of {c.isoformat()}",
        address=ombudsman_email,
        detail=(
            f"The Ombudsman can ask USCIS to review an NCSC call made within the last "
            f"{OMBUDSMAN_WINDOW_DAYS} days: the call of {c.isoformat()} can be reviewed until "
            f"{last.isoformat()}. Email {ombudsman_email} with the date and time of the call, the "
            "phone number used, and the staff ID number or name."
            + (f" Requested on {requested.isoformat()}." if requested else "")
        ),
        days_left=(last - today).days,
    )


def _root_id(sr: ServiceRequest, by_id: dict[int, ServiceRequest]) -> int:
    """The first request of ``sr``'s chain among ``by_id`` (itself when it has no parent there)."""
    seen = {sr.id}
    while sr.parent_sr_id is not None and sr.parent_sr_id in by_id and sr.parent_sr_id not in seen:
        sr = by_id[sr.parent_sr_id]
        seen.add(sr.id)
    return sr.id


def _sort_key(a: Action) -> tuple[date, str, int, int]:
    return (a.due, a.kind, a.call_id if a.call_id is not None else -1, a.sr_id if a.sr_id is not None else -1)


def follow_up_plan(
    calls: Iterable[Call],
    service_requests: Iterable[ServiceRequest],
    events: Iterable[FollowUpEvent],
    today: date,
    *,
    ombudsman_email: str = OMBUDSMAN_EMAIL_DEFAULT,
    service_centers_path: Path | None = None,
) -> list[Action]:
    """Every follow-up action the records call for, with its status on ``today``.

    Sorted by due date, then kind (then call and service request id, for a stable order).
    """
    srs = list(service_requests)
    by_id = {sr.id: sr for sr in srs}
    root = {sr.id: _root_id(sr, by_id) for sr in srs}
    ev = _Events(
        replace(e, sr_id=root[e.sr_id]) if e.sr_id is not None and e.sr_id in root else e for e in events
    )
    actions: list[Action] = []
    for sr in srs:
        if root[sr.id] == sr.id:
            actions.extend(_sr_chain(sr, ev, today, service_centers_path))
    for call in calls:
        actions.append(_review_window(call, ev, today, ombudsman_email or OMBUDSMAN_EMAIL_DEFAULT))
    return sorted(actions, key=_sort_key)
