"""The pre-call checklist's ticks, kept between runs (no Textual here).

A small JSON file in the data directory (mode 0600): ``{"checked": {"key": true}}`` keyed
by ``guide.PRE_CALL`` item keys. Unknown keys are ignored, a damaged file reads as empty.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from companion.guide import PRE_CALL
from companion.locations import data_dir


def checklist_path() -> Path:
    return data_dir() / "checklist.json"


def load_checklist(path: Path | None = None) -> dict[str, bool]:
    """Each ``PRE_CALL`` key → ticked or not."""
    path = path or checklist_path()
    state = {item.key: False for item in PRE_CALL}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        checked = data.get("checked", {}) if isinstance(data, dict) else {}
    except (OSError, ValueError):
        checked = {}
    for key in state:
        state[key] = bool(checked.get(key, False))
    return state


def save_checklist(state: dict[str, bool], path: Path | None = None) -> Path:
    """Write the ticks atomically, readable by the user only."""
    path = path or checklist_path()
    known = {item.key for item in PRE_CALL}
    data = {"checked": {k: bool(v) for k, v in state.items() if k in known}}
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1, sort_keys=True)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return path


def readiness(state: dict[str, bool]) -> tuple[int, int]:
    """(ticked, total) over the pre-call checklist."""
    return sum(1 for item in PRE_CALL if state.get(item.key)), len(PRE_CALL)
