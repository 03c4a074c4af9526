"""How the screens write times, calls and statuses (short, fits 80 columns)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from textual.content import Content

from companion.display import printable
from companion.i18n import weekday_name
from companion.kinds import KINDS
from companion.records import Call

STATUS_MARK = {
    "overdue": "!!",
    "due": "! ",
    "upcoming": "· ",
    "done": "✓ ",
    "expired": "× ",
}
KIND_LABEL: dict[str, str] = {**{k: spec.noun for k, spec in KINDS.items()}, "tier": "tier"}  # from the registry


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
    return f"{weekday_name(local)} " + local.strftime("%Y-%m-%d %H:%M ") + (local.tzname() or "")


def duration(call: Call) -> str:
    if not call.ended_at:
        return "open"
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
