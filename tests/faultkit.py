"""Helpers for the fault suites (tests/test_faults_*.py): digest a database, run the CLI,
and check that a refusal is one clear line with a non-zero exit and nothing changed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner, Result

SQLITE_HEADER = b"SQLite format 3\x00"


def file_sha(path: Path) -> str:
    """The bytes of a file (for "left untouched": byte-identical)."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "<missing>"


def digest(path: Path) -> dict[str, str]:
    """A digest of every table of a database (schema included), read-only.

    A file that is not SQLite is digested as bytes. Rows are sorted, so the digest is
    about content, not page layout: a rolled-back write leaves it equal.
    """
    if not path.exists():
        return {"<missing>": ""}
    raw = path.read_bytes()
    if not raw.startswith(SQLITE_HEADER):
        return {"<bytes>": hashlib.sha256(raw).hexdigest()}
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        schema = conn.execute("select type, name, sql from sqlite_master order by type, name").fetchall()
        out = {"<schema>": hashlib.sha256(repr(schema).encode()).hexdigest()}
        for _, name, _ in schema:
            if _ != "table":
                continue
            rows = conn.execute(f'select * from "{name}"').fetchall()
            out[name] = hashlib.sha256(repr(sorted(rows, key=repr)).encode()).hexdigest()
        return out
    finally:
        conn.close()


def run_cli(*args: str) -> Result:
    """The ``companion`` command in process (COMPANION_HOME from the test's environment)."""
    from companion.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def assert_refused(result: Result | subprocess.CompletedProcess, *, usage: bool = False) -> str:
    """A non-zero exit that is not 70 (a crash), one ``Error:`` line, no traceback.

    ``usage``: click's own usage error (Usage/Try lines before the one Error line).
    Returns the error line.
    """
    code = result.exit_code if isinstance(result, Result) else result.returncode
    err = result.stderr
    out = result.stdout
    assert code not in (0, 70), (code, out, err)
    assert "Traceback" not in err + out, err
    assert "unexpected" not in err.lower(), err
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("Warning:")]
    if usage or (lines and lines[0].startswith("Usage:")):  # click's usage error format
        assert len(lines) == 3 and lines[1].startswith("Try "), err
        lines = lines[2:]
    assert len(lines) == 1, err
    assert lines[0].startswith("Error: "), err
    return lines[0]


def assert_ok(result: Result | subprocess.CompletedProcess) -> None:
    code = result.exit_code if isinstance(result, Result) else result.returncode
    assert code == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A real, tiny filesystem (root only); ``pytest.skip`` where mounting is not allowed."""
    import pytest

    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def remount_read_only(where: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True, capture_output=True)


def fill_disk(folder: Path, leave: int) -> Path:
    """Fill the filesystem holding ``folder`` until ``leave`` bytes are free."""
    filler = folder / "filler.bin"
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with open(filler, "wb") as fh:
        chunk = b"\0" * 65536
        remaining = max(0, free - leave)
        while remaining > 0:
            try:
                remaining -= fh.write(chunk[: min(len(chunk), remaining)])
            except OSError:
                break
    return filler
