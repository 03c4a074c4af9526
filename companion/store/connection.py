"""Opening the database safely, and saying in one line what went wrong when it fails.

Three promises live here:

* **Several processes, one file.** The TUI and the CLI often run side by side on one data
  folder. Every write takes the write lock up front (``BEGIN IMMEDIATE``): a deferred
  transaction that reads before it writes gets ``SQLITE_BUSY`` at once, whatever the busy
  timeout, when another process committed in between. Waiting for the lock honours the
  busy timeout and then retries with backoff, so a writer waits its turn instead of
  failing; only a lock held for longer than ``WRITE_WAIT`` seconds is reported, and then
  as *busy*, never as damage.
* **Only our own file is touched.** Before anything is written the file is identified: a
  file that is not SQLite, a SQLite file of some other program (tables but no record of
  our migrations) and a database written by a newer Call Companion (migrations this
  version does not know) are refused and left byte-identical.
* **The user's permissions stand.** A database the user made read-only (0400, or a 0500
  folder) is opened read-only: ``calls`` and ``show`` work, a write says what to do.
  Group and other bits are still removed (the privacy promise), owner bits never added.
"""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import time
from pathlib import Path
from urllib.parse import quote

from companion.errors import UserError
from companion.i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_TABLE = "_sqlite_migrations"
MIGRATION_SET = "companion"
BUSY_TIMEOUT = 5.0  # seconds SQLite's own busy handler waits per attempt
WRITE_WAIT = 60.0  # seconds a writer waits in all for another process's lock


class StoreProblem(UserError):
    """The database or its surroundings (busy, read-only, full disk, foreign file).

    Exit code 2 like every ``UserError``: scripts see one non-zero code for "not done".
    """

    def __init__(self, message: str, *, field: str | None = "database", transient: bool = False) -> None:
        super().__init__(message, field=field)
        self.transient = transient


def _code(exc: BaseException) -> str:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name:
        return name
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "SQLITE_BUSY"
    if "readonly" in text or "read-only" in text:
        return "SQLITE_READONLY"
    if "disk is full" in text or "database or disk is full" in text:
        return "SQLITE_FULL"
    if "not a database" in text:
        return "SQLITE_NOTADB"
    if "malformed" in text:
        return "SQLITE_CORRUPT"
    if "unable to open" in text:
        return "SQLITE_CANTOPEN"
    if "disk i/o" in text:
        return "SQLITE_IOERR"
    return ""


def is_busy(exc: BaseException) -> bool:
    """True for a lock held by another connection (worth waiting for and retrying)."""
    return isinstance(exc, sqlite3.OperationalError) and _code(exc).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def is_transient(exc: BaseException) -> bool:
    """A failure that may pass (busy, full disk, I/O): keep the data and retry later."""
    if isinstance(exc, StoreProblem):
        return exc.transient
    if isinstance(exc, sqlite3.OperationalError):
        return _code(exc).startswith(("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL", "SQLITE_IOERR"))
    return isinstance(exc, OSError)


def explain(exc: BaseException, path: Path) -> StoreProblem:
    """One line naming the database, what happened and what to do."""
    code = _code(exc)
    transient = False
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        msg = _(
            "database: {path} is busy: another Call Companion window or command kept it locked "
            "for over {seconds} s; nothing was saved by this command, try it again"
        ).format(path=path, seconds=f"{WRITE_WAIT:g}")
        transient = True
    elif code.startswith("SQLITE_READONLY"):
        msg = _(
            "database: {path} is read-only (or its folder is); nothing was saved. "
            "To record, make it writable (chmod u+w {path} {folder})"
        ).format(path=path, folder=path.parent)
    elif code.startswith("SQLITE_FULL"):
        msg = _("database: the disk holding {folder} is full; nothing was saved. Free some space and try again").format(
            folder=path.parent
        )
        transient = True
    elif code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        msg = _(
            "database: {path} is damaged ({reason}); it was left as it is. Keep a copy, run "
            "`companion doctor`, and move it aside to start a new one"
        ).format(path=path, reason=exc)
    elif code.startswith("SQLITE_CANTOPEN"):
        msg = _("database: cannot open {path} ({reason}); check that the folder exists and is yours").format(
            path=path, reason=exc
        )
    elif code.startswith("SQLITE_IOERR"):
        msg = _(
            "database: the disk failed while reading or writing {path} ({reason}); nothing was saved. "
            "Check the disk and try again"
        ).format(path=path, reason=exc)
        transient = True
    else:
        msg = f"database: {path}: {exc}"
    return StoreProblem(msg, transient=transient)


def begin_immediate(conn: sqlite3.Connection, wait: float | None = None) -> None:
    """Take the write lock, waiting (busy timeout, then backoff) up to ``wait`` seconds."""
    deadline = time.monotonic() + (WRITE_WAIT if wait is None else wait)
    delay = 0.02
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(min(delay * (1 + random.random()), max(0.0, deadline - time.monotonic())))
        delay = min(delay * 2, 0.5)


# -- opening ----------------------------------------------------------------------------


def prepare_folder(folder: Path) -> list[str]:
    """Make the data folder (0700) if missing; refuse a file in its place. Returns warnings."""
    warnings: list[str] = []
    if folder.exists() and not folder.is_dir():
        raise StoreProblem(
            _("data folder: {path} is a file, not a folder; point COMPANION_HOME or --home at a folder").format(
                path=folder
            ),
            field="data folder",
        )
    if not folder.exists():
        try:
            folder.mkdir(parents=True, mode=0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise StoreProblem(
                    _(
                        "data folder: {path} (or a folder above it) is a file; point COMPANION_HOME or --home at a folder"
                    ).format(path=folder),
                    field="data folder",
                ) from None
        except OSError as exc:
            raise StoreProblem(
                _(
                    "data folder: cannot create {path} ({reason}); set COMPANION_HOME or --home to a folder you can write"
                ).format(path=folder, reason=exc.strerror or exc),
                field="data folder",
            ) from None
    return warnings


def private_mode(path: Path, owner_bits: int) -> None:
    """Drop group/other permission bits; never add owner bits the user removed."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, mode & owner_bits)
    except OSError:
        pass  # a read-only filesystem: nothing we can change, nothing we need to


def owner_writable(path: Path) -> bool:
    """The user's intent, from the mode bits (root ignores them, we do not)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & stat.S_IWUSR) and os.access(path, os.W_OK)


def check_header(path: Path) -> None:
    """Refuse, untouched, a non-empty file that is not SQLite."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except IsADirectoryError:
        raise StoreProblem(
            _("database: {path} is a folder, not a database file; move it aside").format(path=path), field="database"
        ) from None
    except OSError as exc:
        raise StoreProblem(
            _("database: cannot read {path} ({reason}); check its permissions").format(path=path, reason=exc.strerror or exc),
            field="database",
        ) from None
    if head and head != SQLITE_HEADER:
        raise StoreProblem(
            _(
                "database: {path} is not a Call Companion database (not even a SQLite file); it was left untouched. "
                "Move it aside or point --home at another folder"
            ).format(path=path),
            field="database",
        )


def _decode_text(raw: bytes) -> str:
    """TEXT as ``str``; bytes that are not UTF-8 (another tool wrote them) become ``�``.

    sqlite3's default raises on them, so one bad value in a row made the whole list it is
    in unreadable: every call, every case. The stored bytes are not changed.
    """
    return raw.decode("utf-8", "replace")


def connect(path: Path, *, read_only: bool, probe: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (we issue BEGIN ourselves); see ``_connect``."""
    conn = _connect(path, read_only=read_only, probe=probe)
    conn.text_factory = _decode_text
    return conn


def _connect(path: Path, *, read_only: bool, probe: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (we issue BEGIN ourselves).

    ``probe``: only to identify the file. Without a ``-wal`` beside it the file is read
    as immutable, so not even an empty ``-wal``/``-shm`` is created next to a file that
    may turn out not to be ours.
    """
    if probe and not Path(str(path) + "-wal").exists():
        uri = f"file:{quote(os.fsencode(path))}?mode=ro&immutable=1"
        return sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT, isolation_level=None)
    if read_only:
        uri = f"file:{quote(os.fsencode(path))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT, isolation_level=None)
        try:
            conn.execute("select count(*) from sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # A WAL database in a read-only folder, with no -shm to share: read the file as
            # it is (nothing else can be writing it either, the folder being read-only).
            conn.close()
            uri = f"file:{quote(os.fsencode(path))}?mode=ro&immutable=1"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT, isolation_level=None)
        return conn
    return sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT, isolation_level=None)


def check_identity(conn: sqlite3.Connection, path: Path, known: list[str]) -> list[str]:
    """Our schema, or a refusal (file untouched). Returns the migrations not yet applied."""
    tables = [
        r[0]
        for r in conn.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
        ).fetchall()
    ]
    if not tables:
        return list(known)  # a new, empty database
    applied: list[str] = []
    if MIGRATIONS_TABLE in tables:
        try:
            applied = [
                str(r[0])
                for r in conn.execute(
                    f"select name from {MIGRATIONS_TABLE} where migration_set = ? order by rowid", [MIGRATION_SET]
                ).fetchall()
            ]
        except sqlite3.OperationalError:  # a table of that name, but not sqlite-utils' own
            applied = []
    if not applied:
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise StoreProblem(
            _(
                "database: {path} is a SQLite file of another program (tables: {tables}), not a Call Companion "
                "database; it was left untouched. Move it aside or point --home at another folder"
            ).format(path=path, tables=shown),
            field="database",
        )
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise StoreProblem(
            _(
                "database: {path} was written by a newer Call Companion (schema step {step!r} is unknown "
                "to this version); it was left untouched. Update Call Companion to open it"
            ).format(path=path, step=unknown[-1]),
            field="database",
        )
    return [name for name in known if name not in applied]


def check_database(path: Path, known: list[str]) -> list[tuple[str, str]]:
    """``companion doctor``'s look at the database, read-only: (problem, fix) pairs.

    Identity (ours, not newer) and ``PRAGMA integrity_check``; nothing is written.
    """
    if not path.exists() or path.stat().st_size == 0:
        return []
    try:
        check_header(path)
        conn = connect(path, read_only=True)
    except StoreProblem as exc:
        return [(str(exc), _("move the file aside; Call Companion makes a new one"))]
    except sqlite3.Error as exc:
        return [(str(explain(exc, path)), _("check the file's permissions"))]
    try:
        check_identity(conn, path, known)
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
    except StoreProblem as exc:
        return [(str(exc), _("move the file aside or update Call Companion"))]
    except sqlite3.Error as exc:
        rows = [str(exc)]
    finally:
        conn.close()
    if rows == ["ok"]:
        return []
    return [
        (
            _("database {path} fails its integrity check: {problems}").format(path=path, problems="; ".join(rows[:3])),
            _(
                "keep a copy of {path}; `sqlite3 {path} .recover` can save what is readable; "
                "then move it aside to start a new one"
            ).format(path=path),
        )
    ]
