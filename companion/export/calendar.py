"""The open follow-up actions as an iCalendar file (RFC 5545), for any calendar app.

One all-day event per open action, on its due day, with display alarms at 9:00 that
morning and at 9:00 ``ALARM_DAYS_BEFORE`` (3) days before; the Ombudsman's 90-day review
window also alarms on days 60 and 80 after the call (``companion.reminders``). The UID depends only on (kind, call, service request), so importing a fresh
export again updates the same events instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from companion.followup.rules import Action, open_actions
from companion.reminders import ALARM_DAYS_BEFORE, WINDOW_ADVICE, window_reminder_dates

PRODID = "-//Call Companion//companion//EN"
UID_DOMAIN = "call-companion.invalid"
ALARM_AT = timedelta(hours=9)  # from the start of the all-day event: 9:00 that morning


def action_uid(action: Action) -> str:
    """Stable per (kind, call_id, sr_id): the same follow-up keeps the same event."""
    call = action.call_id if action.call_id is not None else "none"
    sr = action.sr_id if action.sr_id is not None else "none"
    return f"{action.kind}-call{call}-sr{sr}@{UID_DOMAIN}"


def _alarm(trigger: timedelta, description: str) -> Alarm:
    """A display alarm ``trigger`` from the start of the all-day event (00:00 that day)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", trigger)
    alarm.add("description", description)
    return alarm


def calendar_ics(actions: Iterable[Action], *, now: datetime | None = None) -> bytes:
    """An ``.ics`` with one all-day VEVENT per open action (done and expired are left out)."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Call Companion follow-ups")
    for action in open_actions(actions):
        event = Event()
        event.add("uid", action_uid(action))
        event.add("dtstamp", stamp)
        event.add("dtstart", action.due)
        event.add("dtend", action.due + timedelta(days=1))
        event.add("summary", action.title)
        description = action.detail
        if action.address:
            description += f"\n\nEmail: {action.address}"
        event.add("description", description)
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy block
        event.add("categories", [action.kind])
        event.add_component(_alarm(ALARM_AT, action.title))
        event.add_component(
            _alarm(ALARM_AT - timedelta(days=ALARM_DAYS_BEFORE), f"In {ALARM_DAYS_BEFORE} days: {action.title}")
        )
        for day, on in window_reminder_dates(action):
            event.add_component(
                _alarm(ALARM_AT - (action.due - on), f"Day {day} since your call: {action.title}. {WINDOW_ADVICE}")
            )
        cal.add_component(event)
    return cal.to_ical()
