"""Emails and calendar files built from the records (pure; used by the CLI and the TUI).

``drafts`` writes the Ombudsman, service-center and SCOPS letters; ``calendar`` turns the
open follow-up actions into an ``.ics``.
"""

from companion.export.calendar import action_uid, calendar_ics
from companion.export.drafts import (
    DRAFT_KINDS,
    Draft,
    best_fields,
    call_time_display,
    ombudsman_draft,
    scops_draft,
    service_center_draft,
)

__all__ = [
    "DRAFT_KINDS",
    "Draft",
    "action_uid",
    "best_fields",
    "calendar_ics",
    "call_time_display",
    "ombudsman_draft",
    "scops_draft",
    "service_center_draft",
]
