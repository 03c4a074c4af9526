"""Writing an export to disk: private (0600), with a one-line error for a bad path."""

from __future__ import annotations

import os
from pathlib import Path

from companion.errors import UserError


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (mode 0600); a bad path is a one-line ``UserError``."""
    path = Path(path).expanduser()
    try:
        if path.is_dir():
            raise UserError(f"path: {path} is a folder; give a file name, e.g. {path / 'draft.eml'}")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise UserError(f"path: cannot write {path}: {exc.strerror or exc}") from exc
    return path
