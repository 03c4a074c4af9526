"""How the screens write times, calls and statuses (short, fits 80 columns).

Words here are English msgids (``N_``) shown through ``_()``: a status, a venue, a kind of
event or of field reads Spanish in the Spanish app, while the records keep the English.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from textual.content import Content

from companion.display import printable
from companion.i18n import N_, _, clock_time, ngettext, weekday_name
from companion.kinds import KINDS
from companion.records import EVENT_LABELS, Call

STATUS_MARK = {
    "overdue": "!!",
    "due": "! ",
    "upcoming": "· ",
    "done": "✓ ",
    "expired": "× ",
}
KIND_LABEL: dict[str, str] = {**{k: spec.noun for k, spec in KINDS.items()}, "tier": "tier"}  # from the registry

# A follow-up step's status (``followup.ActionStatus``) and a captured field's (``records.Status``).
STATUS_LABEL: dict[str, str] = {
    "overdue": N_("overdue"),
    "due": N_("due"),
    "upcoming": N_("upcoming"),
    "done": N_("done"),
    "expired": N_("expired"),
    "candidate": N_("candidate"),
    "confirmed": N_("confirmed"),
    "rejected": N_("rejected"),
}
VENUE_LABEL: dict[str, str] = {"service-center": N_("service center"), "field-office": N_("field office")}
SOURCE_LABEL: dict[str, str] = {"manual": N_("manual"), "import": N_("import"), "live": N_("live"), "replay": N_("replay")}
# records.EVENT_LABELS, listed so the catalogue carries them (a test checks none is missing)
EVENT_WORDS = (
    N_("called the NCSC again"), N_("emailed the service center"), N_("emailed SCOPS"),
    N_("response received"), N_("filed DHS Form 7001"), N_("asked the Ombudsman for a call review"),
)


def status_label(status: object) -> str:
    """``overdue`` / ``vencido``: a status enum or string in the current language."""
    text = str(status)
    return _(STATUS_LABEL[text]) if text in STATUS_LABEL else text


def venue_label(venue: object) -> str:
    text = str(venue)
    return _(VENUE_LABEL[text]) if text in VENUE_LABEL else text


def event_label(kind: object) -> str:
    """What the user did (``emailed SCOPS``), from the records' label, in the current language."""
    text = str(kind)
    return _(EVENT_LABELS.get(text, text.replace("_", " ")))


def kind_label(kind: str) -> str:
    """A field kind as a noun in a sentence (``referral`` / ``referencia``)."""
    return _(KIND_LABEL.get(kind, kind))


def days_away(days_left: int) -> str:
    """``today`` / ``in 3 days`` / ``2 days ago`` in the current language."""
    if days_left == 0:
        return _("today")
    if days_left > 0:
        return ngettext("in {count} day", "in {count} days", days_left).format(count=days_left)
    return ngettext("{count} day ago", "{count} days ago", -days_left).format(count=-days_left)


def clock(seconds: float | None) -> str:
    """``754.2`` → ``12:34``; past an hour ``1:02:03``."""
    if seconds is None:
        return "--:--"
    s = int(seconds)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def parse_clock(text: str) -> float:
    """``12:34`` / ``1:02:03`` / ``95`` → seconds; ``ValueError`` otherwise."""
    parts = text.strip().split(":")
    if not parts or not all(p.strip().isdigit() for p in parts) or len(parts) > 3:
        raise ValueError(text)
    total = 0
    for p in parts:
        total = total * 60 + int(p)
    return float(total)


def call_when(call: Call) -> str:
    """``Tue 2026-03-03 10:05 EST`` in the zone the call was made in."""
    local = call.local_start
    return f"{weekday_name(local)} {local:%Y-%m-%d} {clock_time(local, hour24=True)} " + (local.tzname() or "")


def duration(call: Call) -> str:
    if not call.ended_at:
        return _("open")
    seconds = (call.ended_at - call.started_at).total_seconds()
    return clock(max(0.0, seconds))


def in_zone(dt: datetime, zone: str) -> datetime:
    return dt.astimezone(ZoneInfo(zone))


def plain(text: object, *, newlines: bool = True) -> Content:
    """Data shown as itself: never parsed as markup, control characters made visible.

    Every string that comes from a transcript, the user or a file reaches a widget
    through this (or through ``printable`` inside a ``Content``), never as a bare ``str``
    that Textual would parse as markup (``[/]`` in a search would end the app).
    """
    return Content(printable(text, newlines=newlines))
