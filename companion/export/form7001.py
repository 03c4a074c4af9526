"""A helper for DHS Form 7001, the CIS Ombudsman's case assistance request.

The call guide says to submit Form 7001 "if you have tried these regular USCIS avenues";
the form asks for the applicant, each pending application (form, receipt number, receipt
date) and the actions already taken with USCIS. This module fills what the records hold —
every NCSC call with its staff and referral numbers, every service request, every email
to the service center and SCOPS and whether an answer came — lists what the user must
still add, and says whether the regular avenues are used up. Pure: the caller passes the
records (``companion.casefile.form7001_for`` gathers them from the store).
"""

from __future__ import annotations

import gettext
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from companion.followup.rules import (
    FILE_FORM_7001,
    FORM_7001_AFTER_SCOPS_DAYS,
    OMBUDSMAN_REVIEW_WINDOW,
    SCOPS_REPLY_DAYS,
    SERVICE_REQUEST_WAIT_DAYS,
    Action,
)
from companion.identifiers import NCSC_PHONE_DISPLAY, format_phone
from companion.records import (
    EVENT_LABELS,
    FIELD_OFFICE,
    FORM_7001_FILED,
    RESPONSE_RECEIVED,
    SCOPS_EMAILED,
    SERVICE_CENTER_EMAILED,
    Case,
    FollowUpEvent,
    Profile,
    ServiceRequest,
)

FORMATS = ("text", "json", "md")
NOT_CONFIRMED = "(not yet confirmed)"

# What Form 7001 asks for that the app never records.
ALWAYS_MISSING = (
    "your date of birth and country of birth",
    "your country of citizenship",
    "the reason for the request: what went wrong and what help you need from the Ombudsman",
    "copies of supporting documents (receipt notices, USCIS replies, emails you sent)",
)


@dataclass(frozen=True)
class CallAction:
    """One NCSC call, as Form 7001's "actions already taken" should show it."""

    call_id: int
    date: str  # YYYY-MM-DD, the user's zone
    time: str  # HH:MM and zone abbreviation
    staff: list[str]  # "Angela (ID 4862), Tier 1", with "(not yet confirmed)" where so
    referral_numbers: list[str]
    phone_used: str


@dataclass(frozen=True)
class Form7001:
    """What the records fill in, what the user must add, and whether it is time to file."""

    receipt_number: str
    applicant_name: str
    a_number: str
    phone: str
    applications: list[dict]  # {"form", "receipt_number", "receipt_date"}
    calls: list[CallAction]
    service_requests: list[dict]  # {"referral_number", "venue", "type", "created", "response"}
    emails: list[dict]  # {"to", "on", "referral_number", "answered"}
    other_actions: list[dict]  # re-calls, responses, earlier filings: {"what", "on", "referral_number"}
    missing: list[str]
    avenues: Avenues
    today: date
    warnings: list[str] = field(default_factory=list)

    @property
    def exhausted(self) -> bool:
        return self.avenues.used_up

    @property
    def exhausted_reason(self) -> str:
        """The avenues line in English, as the form is filled in (``shown_avenues``: on screen)."""
        return english_avenues(self.avenues)

    def to_dict(self) -> dict:
        return {
            "receipt_number": self.receipt_number,
            "filled": {
                "applicant_name": self.applicant_name or None,
                "a_number": self.a_number or None,
                "phone": self.phone or None,
                "applications": self.applications,
            },
            "actions_taken": {
                "ncsc_calls": [c.__dict__ for c in self.calls],
                "service_requests": self.service_requests,
                "emails": self.emails,
                "other": self.other_actions,
            },
            "missing": self.missing,
            "exhausted": self.exhausted,
            "exhausted_reason": self.exhausted_reason,
            "today": self.today.isoformat(),
            "warnings": self.warnings,
        }

    def render(self, fmt: str = "text") -> str:
        if fmt == "json":
            return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"
        if fmt not in FORMATS:
            from companion.errors import invalid, one_of
            from companion.i18n import N_

            raise invalid(N_("format"), fmt, one_of(FORMATS))
        md = fmt == "md"
        h1 = "# " if md else ""
        h2 = "## " if md else ""
        bullet = "- " if md else "  - "
        out = [f"{h1}DHS Form 7001 (CIS Ombudsman case assistance request): {self.receipt_number}", ""]
        status = "Ready to file" if self.exhausted else "Not yet"
        out += [f"{h2}Regular USCIS avenues used up? {status}", "", self.exhausted_reason, ""]
        out += [f"{h2}Filled from your records", ""]
        out.append(f"{bullet}Applicant name: {self.applicant_name or 'not recorded (set it with `companion profile set --name`)'}")
        out.append(f"{bullet}A-number: {self.a_number or 'not recorded'}")
        out.append(f"{bullet}Daytime phone: {self.phone or 'not recorded'}")
        for app in self.applications:
            out.append(
                f"{bullet}Application: {app['form'] or 'form not recorded'}, receipt number "
                f"{app['receipt_number']}, receipt date {app['receipt_date'] or 'not recorded'}"
            )
        out += ["", f"{h2}Actions already taken with USCIS", ""]
        if not (self.calls or self.service_requests or self.emails or self.other_actions):
            out.append(f"{bullet}none recorded")
        for c in self.calls:
            staff = "; ".join(c.staff) if c.staff else "staff name and ID not recorded"
            refs = f"; referral number {', '.join(c.referral_numbers)}" if c.referral_numbers else ""
            phone = f"; called from {c.phone_used}" if c.phone_used else ""
            out.append(f"{bullet}{c.date} {c.time}: called the USCIS Contact Center ({NCSC_PHONE_DISPLAY}); spoke with {staff}{refs}{phone}")
        for sr in self.service_requests:
            kind = "field office" if sr["venue"] == FIELD_OFFICE else "service center"
            what = f" ({sr['type']})" if sr["type"] else ""
            out.append(
                f"{bullet}{sr['created']}: service request {sr['referral_number']}{what}, a {kind} matter; "
                f"{sr['response']}"
            )
        for e in self.emails:
            answer = f"answered on {e['answered']}" if e["answered"] else "no answer"
            out.append(f"{bullet}{e['on']}: emailed {e['to']} about service request {e['referral_number']}; {answer}")
        for o in self.other_actions:
            out.append(f"{bullet}{o['on']}: {o['what']} (service request {o['referral_number']})")
        out += ["", f"{h2}You must still add", ""]
        out += [f"{bullet}{m}" for m in self.missing]
        if self.warnings:
            out += ["", f"{h2}Check before filing", ""]
            out += [f"{bullet}{w}" for w in self.warnings]
        return "\n".join(out) + "\n"


def _answered(events: Sequence[FollowUpEvent], sr_id: int, after: date) -> date | None:
    answers = sorted(e.on for e in events if e.sr_id == sr_id and e.kind == RESPONSE_RECEIVED and e.on >= after)
    return answers[0] if answers else None


def build_form7001(
    case: Case,
    profile: Profile,
    calls: Sequence[CallAction],
    service_requests: Sequence[ServiceRequest],
    events: Sequence[FollowUpEvent],
    actions: Sequence[Action],
    today: date,
    *,
    other_cases: Sequence[Case] = (),
    center_addresses: dict[int, str] | None = None,
) -> Form7001:
    """Fill Form 7001 for ``case`` from its records (``actions``: the case's follow-up plan).

    ``other_cases`` are more applications of the same person (the same A-number);
    ``center_addresses`` maps a service request id to the service center's name and
    address shown for its emails.
    """
    center_addresses = center_addresses or {}
    applications = [
        {
            "form": c.form_type,
            "receipt_number": c.receipt_number,
            "receipt_date": c.receipt_date.isoformat() if c.receipt_date else None,
        }
        for c in [case, *[o for o in other_cases if o.id != case.id]]
    ]
    srs = []
    emails = []
    other = []
    by_id = {sr.id: sr for sr in service_requests}
    for sr in service_requests:
        answered = _answered(events, sr.id, sr.created)
        parent = by_id.get(sr.parent_sr_id) if sr.parent_sr_id else None
        note = f"made when calling again about {parent.referral_number}; " if parent else ""
        srs.append(
            {
                "referral_number": sr.referral_number,
                "venue": sr.venue,
                "type": sr.type,
                "created": sr.created.isoformat(),
                "parent_referral_number": parent.referral_number if parent else None,
                "response": note + (f"USCIS responded on {answered.isoformat()}" if answered else "no response recorded"),
            }
        )
    for ev in sorted(events, key=lambda e: (e.on, e.id)):
        ev_sr = by_id.get(ev.sr_id) if ev.sr_id is not None else None
        ref = ev_sr.referral_number if ev_sr else "-"
        if ev.kind in (SERVICE_CENTER_EMAILED, SCOPS_EMAILED):
            to = "SCOPS (SCOPSSCATA@dhs.gov)" if ev.kind == SCOPS_EMAILED else center_addresses.get(ev.sr_id or -1, "the service center")
            answer = _answered(events, ev.sr_id, ev.on) if ev.sr_id is not None else None
            emails.append({"to": to, "on": ev.on.isoformat(), "referral_number": ref, "answered": answer.isoformat() if answer else None})
        elif ev.kind != RESPONSE_RECEIVED:
            other.append({"what": EVENT_LABELS.get(ev.kind, ev.kind), "on": ev.on.isoformat(), "referral_number": ref})

    missing = list(ALWAYS_MISSING)
    if not profile.name:
        missing.insert(0, "your full name (or set it: `companion profile set --name`)")
    if not case.a_number:
        missing.append("your A-number, if you have one (`companion case add RECEIPT --a-number A…`)")
    if not case.receipt_date:
        missing.append(
            f"the receipt date of {case.receipt_number}, from the I-797 receipt notice "
            f"(`companion case add {case.receipt_number} --receipt-date YYYY-MM-DD`)"
        )
    if not case.form_type:
        missing.append(f"the form type of {case.receipt_number}, e.g. I-485 (`companion case add {case.receipt_number} --form I-485`)")
    missing.append("your mailing address and email")

    avenues = _avenues(service_requests, events, actions, today)
    warnings = [f"call {c.call_id}: {s}" for c in calls for s in c.staff if NOT_CONFIRMED in s]
    return Form7001(
        receipt_number=case.receipt_number,
        applicant_name=profile.name,
        a_number=case.a_number,
        phone=format_phone(profile.phone),
        applications=applications,
        calls=list(calls),
        service_requests=srs,
        emails=emails,
        other_actions=other,
        missing=missing,
        avenues=avenues,
        today=today,
        warnings=["staff values marked (not yet confirmed) were heard on the call; check them"] if warnings else [],
    )


class AvenuesState(StrEnum):
    """Where the case stands on the guide's regular avenues, for the Form 7001 line."""

    NO_REQUEST = "no_request"  # no service request yet: the avenues have not started
    READY = "ready"  # Form 7001's day has come and no response is recorded
    FILED = "filed"  # the user recorded filing Form 7001
    ANSWERED = "answered"  # USCIS responded and no step is open
    NO_STEP = "no_step"  # no open step of the guide is recorded
    WAITING = "waiting"  # a step of the guide is still to take or to wait for


@dataclass(frozen=True)
class Avenues:
    """Whether the regular avenues are used up, as facts; worded in English for the form
    (``english_avenues``) and in the user's language on screen (``shown_avenues``)."""

    state: AvenuesState
    on: date | None = None  # READY: Form 7001's day; FILED: filed; ANSWERED: the answer; WAITING: the step's day
    since: date | None = None  # READY: the re-call (field office) or the SCOPS email the wait counts from
    venue: str = ""  # READY: the service request's venue
    step_title: str = ""  # WAITING: the next step's title, as the rules write it (English)
    days_left: int = 0  # WAITING: the step's day minus today
    form_day: date | None = None  # WAITING: when Form 7001 becomes the next step, if the chain got that far

    @property
    def used_up(self) -> bool:
        return self.state in (AvenuesState.READY, AvenuesState.FILED)


def _avenues(
    service_requests: Sequence[ServiceRequest], events: Sequence[FollowUpEvent], actions: Sequence[Action], today: date
) -> Avenues:
    """Whether the guide's chain ran out without an answer, and the facts that say why (or why not)."""
    if not service_requests:
        return Avenues(AvenuesState.NO_REQUEST)
    filed = [e.on for e in events if e.kind == FORM_7001_FILED]
    ready = [a for a in actions if a.kind == FILE_FORM_7001 and a.due <= today and a.status != "done"]
    if ready:
        a = min(ready, key=lambda a: a.due)
        venue = next((sr.venue for sr in service_requests if sr.id == a.sr_id), "")
        # The rules' wait before Form 7001: 30 days from the re-call (field office), 11 from the SCOPS email.
        wait = SERVICE_REQUEST_WAIT_DAYS if venue == FIELD_OFFICE else FORM_7001_AFTER_SCOPS_DAYS
        return Avenues(AvenuesState.READY, on=a.due, since=a.due - timedelta(days=wait), venue=venue)
    if filed:
        return Avenues(AvenuesState.FILED, on=min(filed))
    waiting = sorted((a for a in actions if a.is_open), key=lambda a: a.due)
    answered = [e for e in events if e.kind == RESPONSE_RECEIVED]
    if answered and not waiting:
        return Avenues(AvenuesState.ANSWERED, on=max(e.on for e in answered))
    nxt = next((a for a in waiting if a.kind != OMBUDSMAN_REVIEW_WINDOW), None)
    if nxt is None:
        return Avenues(AvenuesState.NO_STEP)
    return Avenues(
        AvenuesState.WAITING,
        on=nxt.due,
        step_title=nxt.title,
        days_left=(nxt.due - today).days,
        form_day=next((a.due for a in waiting if a.kind == FILE_FORM_7001), None),
    )


def _worded(
    av: Avenues,
    _: Callable[[str], str],
    ngettext: Callable[[str, str, int], str],
    title: Callable[[str], str],
) -> str:
    """The avenues line, worded with the translation functions given (named ``_`` and
    ``ngettext`` so the catalogue's msgid walk finds the sentences)."""
    state = AvenuesState
    if av.state == state.NO_REQUEST:
        return _(
            "Not yet: no service request is recorded for this case. The guide's regular avenues start with a "
            "service request made on an NCSC call."
        )
    if av.state == state.READY:
        assert av.on is not None and av.since is not None
        since = av.since.isoformat()
        if av.venue == FIELD_OFFICE:
            why = ngettext(
                "Yes: You called the NCSC again on {since} (field office matter). If USCIS has still not "
                "responded {days} day later, you have tried the regular USCIS avenues: submit DHS Form 7001 "
                "to the Ombudsman.",
                "Yes: You called the NCSC again on {since} (field office matter). If USCIS has still not "
                "responded {days} days later, you have tried the regular USCIS avenues: submit DHS Form 7001 "
                "to the Ombudsman.",
                SERVICE_REQUEST_WAIT_DAYS,
            ).format(since=since, days=SERVICE_REQUEST_WAIT_DAYS)
        else:
            why = ngettext(
                "Yes: No reply from SCOPS within {days} day of the email of {since}: you have tried the regular "
                "USCIS avenues, so submit DHS Form 7001 to the Ombudsman.",
                "Yes: No reply from SCOPS within {days} days of the email of {since}: you have tried the regular "
                "USCIS avenues, so submit DHS Form 7001 to the Ombudsman.",
                SCOPS_REPLY_DAYS,
            ).format(since=since, days=SCOPS_REPLY_DAYS)
        return why + " " + _(
            "The date for it, {date}, has passed or is today, and no response is recorded."
        ).format(date=av.on.isoformat())
    if av.state == state.FILED:
        assert av.on is not None
        return _("You recorded filing Form 7001 on {date}.").format(date=av.on.isoformat())
    if av.state == state.ANSWERED:
        assert av.on is not None
        return _(
            "Not needed so far: USCIS responded on {date}. If the answer did not resolve your case, you may still file."
        ).format(date=av.on.isoformat())
    if av.state == state.NO_STEP:
        return _("Not yet: no open step of the guide is recorded for this case.")
    assert av.on is not None
    step = title(av.step_title)
    if av.days_left == 0:
        line = _("Not yet: the next step of the guide is due today: {step}.").format(step=step)
    elif av.days_left > 0:
        line = _("Not yet: the next step of the guide is due by {date}: {step}.").format(date=av.on.isoformat(), step=step)
    else:
        line = _("Not yet: the next step of the guide is due since {date}: {step}.").format(
            date=av.on.isoformat(), step=step
        )
    if av.form_day is not None:
        line += " " + _("If USCIS has still not answered, Form 7001 is the next step from {date}.").format(
            date=av.form_day.isoformat()
        )
    return line


_ENGLISH = gettext.NullTranslations()


def english_avenues(av: Avenues) -> str:
    """The avenues line as the form says it: in English, whatever the app's language."""
    return _worded(av, _ENGLISH.gettext, _ENGLISH.ngettext, lambda title: title)


def shown_avenues(av: Avenues) -> str:
    """The avenues line in the user's language, for the screen (English: as the form says it)."""
    from companion import i18n
    from companion.followup.titles import shown_title

    return _worded(av, i18n._, i18n.ngettext, shown_title)
