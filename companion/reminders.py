"""Reminders ahead of time: which follow-ups to announce, and a desktop notification.

A date is no use if it is remembered the day after. The calendar export carries alarms
``ALARM_DAYS_BEFORE`` days before each due date; the Ombudsman's 90-day review window
gets two more, on day ``WINDOW_REMINDER_DAYS`` (60 and 80) after the call, with the
advice to write well before day 90. ``companion due --notify`` (for cron or a systemd
timer) shows the same things through ``notify-send`` where it exists.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from datetime import date

from companion.errors import UserError
from companion.followup.rules import (
    OMBUDSMAN_REVIEW_WINDOW,
    OMBUDSMAN_WINDOW_DAYS,
    Action,
    open_actions,
)
from companion.i18n import _, ngettext

ALARM_DAYS_BEFORE = 3  # an alarm this many days before every due date
WINDOW_REMINDER_DAYS = (60, 80)  # days after the call, for the 90-day Ombudsman window
WINDOW_ADVICE = (
    f"The CIS Ombudsman can ask USCIS to review a call only within {OMBUDSMAN_WINDOW_DAYS} days of it: "
    f"write well before day {OMBUDSMAN_WINDOW_DAYS}."
)


def window_reminder_dates(action: Action) -> list[tuple[int, date]]:
    """For a 90-day window action: ``(day after the call, date)`` of each reminder."""
    if action.kind != OMBUDSMAN_REVIEW_WINDOW:
        return []
    from datetime import timedelta

    call_day = action.due - timedelta(days=OMBUDSMAN_WINDOW_DAYS)
    return [(n, call_day + timedelta(days=n)) for n in WINDOW_REMINDER_DAYS]


def to_announce(actions: Iterable[Action], today: date) -> list[Action]:
    """Open actions to announce today: due, overdue, or due within ``ALARM_DAYS_BEFORE`` days;
    a 90-day window from its day-60 reminder on."""
    out = []
    for a in open_actions(actions):
        if a.kind == OMBUDSMAN_REVIEW_WINDOW:
            first = window_reminder_dates(a)[0][1]
            if today >= first:
                out.append(a)
        elif a.days_left <= ALARM_DAYS_BEFORE:
            out.append(a)
    return out


def reminder_line(a: Action) -> str:
    """One line per action: when, and what to do (in the user's language)."""
    from companion.followup.titles import shown_title

    if a.days_left < 0:
        when = ngettext("{count} day late", "{count} days late", -a.days_left).format(count=-a.days_left)
    elif a.days_left == 0:
        when = _("today")
    else:
        when = ngettext("in {count} day ({date})", "in {count} days ({date})", a.days_left).format(
            count=a.days_left, date=a.due.isoformat()
        )
    title = shown_title(a.title)
    if a.kind == OMBUDSMAN_REVIEW_WINDOW:
        return _("{title}: {when}. Write well before day {days}.").format(
            title=title, when=when, days=OMBUDSMAN_WINDOW_DAYS
        )
    return _("{title}: {when}.").format(title=title, when=when)


def notify(actions: list[Action]) -> str:
    """Show ``actions`` as one desktop notification; returns what was shown.

    Raises ``UserError`` (one line) when ``notify-send`` is not installed or fails.
    """
    exe = shutil.which("notify-send")
    if exe is None:
        raise UserError(
            _(
                "notify: notify-send is not installed (Debian/Ubuntu: apt install libnotify-bin); "
                "`companion due` still lists what is due"
            )
        )
    n = len(actions)
    summary = ngettext("Call Companion: {count} follow-up to do", "Call Companion: {count} follow-ups to do", n).format(
        count=n
    )
    body = "\n".join(reminder_line(a) for a in actions)
    try:
        subprocess.run(
            [exe, "--app-name=Call Companion", summary, body], check=True, capture_output=True, timeout=15
        )
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        msg = detail.decode("utf-8", "replace").strip() or str(exc)
        raise UserError(_("notify: notify-send failed ({reason}); is a desktop session running?").format(reason=msg)) from exc
    return summary + "\n" + body
