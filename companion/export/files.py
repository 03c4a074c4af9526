"""Writing an export to disk without ever destroying a file.

Every file the app writes for the user (an email draft, a calendar) goes through
``write_private``:

- an existing file is left alone unless the caller says ``overwrite=True`` (the CLI's
  ``--overwrite``; in the TUI, pressing Enter a second time on the same name);
- the target may not be a symbolic link, dangling or not, nor a folder, FIFO or device:
  writing "through" a link would change a file the user never named;
- a symlinked *parent folder* is accepted: the user named that folder, and nothing in it
  is replaced without ``overwrite`` (e.g. ``~/Documents`` linked to another disk);
- the data goes to a temporary file in the target folder (mode 0600 from the start),
  flushed to disk, then linked (no overwrite: atomic "create only if absent") or renamed
  (overwrite) into place, so the result is always the whole file, mode 0600, or nothing;
- every failure is one ``UserError`` line naming the path and what to do.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from companion.errors import UserError
from companion.i18n import N_, _

REPLACE_HINT = N_("add --overwrite to replace it, or give another name")


class ExportExistsError(UserError):
    """The target exists and ``overwrite`` was not given (the TUI asks to confirm)."""

    def __init__(self, path: Path, hint: str) -> None:
        super().__init__(_("path: {path} already exists; {hint}").format(path=path, hint=_(hint)), field="path")
        self.path = path


def _refuse_unsafe_target(path: Path, overwrite: bool, hint: str) -> None:
    """Raise the one-line error ``write_private`` would give for ``path``, if any."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UserError(_("path: cannot use {path}: {reason}").format(path=path, reason=exc.strerror or exc), field="path") from exc
    if stat.S_ISLNK(st.st_mode):
        raise UserError(
            _("path: {path} is a symbolic link; give the name of a real file (links are never written through)").format(
                path=path
            ),
            field="path",
        )
    if stat.S_ISDIR(st.st_mode):
        raise UserError(
            _("path: {path} is a folder; give a file name, e.g. {example}").format(path=path, example=path / "draft.eml"),
            field="path",
        )
    if not stat.S_ISREG(st.st_mode):
        raise UserError(_("path: {path} is not a regular file; give another file name").format(path=path), field="path")
    if not overwrite:
        raise ExportExistsError(path, hint)


def check_target(
    path: Path | str, *, overwrite: bool = False, exists_hint: str = REPLACE_HINT
) -> None:
    """Check a target before any work (e.g. before writing a second file in one command)."""
    if "\0" in str(path):
        raise UserError(_("path: {path!r} is not a file name; give one, e.g. draft.eml").format(path=str(path)), field="path")
    _refuse_unsafe_target(Path(path).expanduser(), overwrite, exists_hint)


def write_private(
    path: Path | str,
    data: bytes,
    *,
    overwrite: bool = False,
    exists_hint: str = REPLACE_HINT,
) -> Path:
    """Write ``data`` to ``path`` (mode 0600) via a temporary file and a rename.

    Refuses an existing file unless ``overwrite``; refuses symbolic links always. A bad
    path is a one-line ``UserError``; an existing target is an ``ExportExistsError``.
    """
    path = Path(path).expanduser()
    if not path.name or path.name in (".", "..") or "\0" in str(path):
        raise UserError(_("path: {path!r} is not a file name; give one, e.g. draft.eml").format(path=str(path)), field="path")
    _refuse_unsafe_target(path, overwrite, exists_hint)
    parent = path.parent
    tmp: str | None = None
    try:
        if not parent.is_dir():
            parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o600)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if overwrite:
            _refuse_unsafe_target(path, True, exists_hint)  # still not a link or folder
            os.replace(tmp, path)
        else:
            _link_new(tmp, path, exists_hint)
        tmp = None
    except UserError:
        raise
    except OSError as exc:
        reason = _("the disk is full") if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise UserError(_("path: cannot write {path}: {reason}").format(path=path, reason=reason), field="path") from exc
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return path


def _link_new(tmp: str, path: Path, hint: str) -> None:
    """Put ``tmp`` at ``path`` only if nothing is there: ``link`` fails if it exists."""
    try:
        os.link(tmp, path)
    except FileExistsError as exc:  # appeared since we looked: still never replaced
        raise ExportExistsError(path, hint) from exc
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links: check, then rename (a tiny window remains).
        if os.path.lexists(path):
            raise ExportExistsError(path, hint) from exc
        os.replace(tmp, path)
        return
    os.unlink(tmp)
