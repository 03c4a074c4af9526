"""Issue 11 tried again, independently, after it was merged: what still broke.

Each test is one class of failure found by attacking the merged code (the CLI in process
on a real SQLite file): text that is not UTF-8 from the command line or a transcript
(a traceback, exit 70), and data or file names reaching the terminal with their escape
sequences. Each asserts what the user sees and that nothing stored changed.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from faultkit import assert_ok, assert_refused, digest, run_cli

ESC = "\x1b]0;pwned\x07\x1b[2J"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NOT_UTF8 = "\udcff"  # what Python makes of a byte that is not UTF-8 in argv (surrogateescape)


@pytest.fixture
def home() -> Path:
    home = Path(os.environ["COMPANION_HOME"])
    assert_ok(run_cli("add-call", "--started-at", "2026-11-01T10:00", "--staff-id", "1234",
                      "--receipt", "IOE0912345678", "--notes", "first"))
    assert_ok(run_cli("case", "add", "IOE0912345678", "--form", "I-765"))
    assert_ok(run_cli("sr", "add", "1", "--referral", "SR12345678", "--venue", "field-office"))
    return home


def _db(home: Path) -> dict[str, str]:
    db = home / "calls.db"
    assert db.exists()
    return digest(db)


# -- text that is not UTF-8 ---------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["add-call", "--started-at", "2026-11-02T10:00", "--notes", NOT_UTF8],
        ["add-call", "--started-at", "2026-11-02T10:00", "--staff-name", "Kim" + NOT_UTF8],
        ["update-call", "1", "--notes", NOT_UTF8],
        ["update-call", "1", "--outcome", NOT_UTF8],
        ["field", "1", "--set", NOT_UTF8],
        ["profile", "set", "--name", NOT_UTF8],
        ["search", NOT_UTF8],
        ["sr", "add", "1", "--referral", "SR12345679", "--venue", "service-center", "--type", NOT_UTF8],
        ["case", "add", "IOE0912345679", "--form", NOT_UTF8],
        ["case", "add", "IOE0912345678", "--notes", NOT_UTF8],
        ["export", "1", "--what-went-wrong", NOT_UTF8, "--force"],
    ],
)
def test_argv_text_that_is_not_utf8_is_refused_naming_the_option(home: Path, args: list[str]) -> None:
    before = _db(home)
    line = assert_refused(run_cli(*args), usage=True)
    assert "UTF-8" in line, line
    assert _db(home) == before


def test_a_file_name_that_is_not_utf8_still_works(home: Path, tmp_path: Path) -> None:
    """Paths are bytes on Linux: a non-UTF-8 byte in a file name is not an error."""
    out = tmp_path / f"draft{NOT_UTF8}.txt"
    assert_ok(run_cli("export", "1", "--force", "-o", str(out)))
    assert out.exists()


@pytest.mark.parametrize("escape", ["\\ud800", "\\udcff", "\\uDFFF", "x\\ud83d"])
def test_a_transcript_with_a_lone_surrogate_escape_is_refused_whole(home: Path, tmp_path: Path, escape: str) -> None:
    path = tmp_path / "t.jsonl"
    good = json.dumps({"text": "my receipt number is IOE0912345678"})
    path.write_text(good + "\n" + '{"text": "hello ' + escape + ' there"}\n', encoding="utf-8")
    before = _db(home)
    line = assert_refused(run_cli("import-call", str(path), "--started-at", "2026-11-02T10:00"))
    assert "t.jsonl line 2" in line, line
    assert _db(home) == before


def test_a_surrogate_pair_escape_is_text(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text('{"text": "thanks \\ud83d\\ude00"}\n', encoding="utf-8")
    assert_ok(run_cli("import-call", str(path), "--started-at", "2026-11-02T10:00"))
    assert "\U0001f600" in run_cli("show", "2").stdout


# -- data and names reaching the terminal ---------------------------------------------------


def _clean(text: str) -> None:
    assert not RAW_CONTROL.search(text), repr(RAW_CONTROL.findall(text))


def test_search_shows_notes_and_names_without_their_escapes(home: Path) -> None:
    assert_ok(run_cli("add-call", "--started-at", "2026-11-02T10:00", "--staff-name", "Bob" + ESC,
                      "--notes", "pwned" + ESC + "\u202e"))
    result = run_cli("search", "pwned")
    assert_ok(result)
    assert "Bob" in result.stdout and "notes" in result.stdout
    _clean(result.stdout + result.stderr)


def test_case_show_and_form7001_show_a_request_type_without_its_escapes(home: Path) -> None:
    assert_ok(run_cli("sr", "add", "1", "--referral", "SR12345611", "--venue", "field-office",
                      "--type", "expedite" + ESC))
    assert_ok(run_cli("case", "add", "IOE0912345678", "--notes", "mine" + ESC, "--form", "I-765" + ESC))
    for args in (["case", "show", "IOE0912345678"], ["export", "--case", "IOE0912345678", "--to", "form7001"],
                 ["due", "--all"], ["case", "list"]):
        result = run_cli(*args)
        assert_ok(result)
        assert ("SR12345611" if args[0] == "due" else "IOE0912345678") in result.stdout
        _clean(result.stdout + result.stderr)


def test_form7001_as_json_stays_json_and_shows_no_escapes(home: Path) -> None:
    assert_ok(run_cli("case", "add", "IOE0912345678", "--notes", "mine" + ESC))
    assert_ok(run_cli("sr", "add", "1", "--referral", "SR12345611", "--venue", "field-office", "--type", "x" + ESC))
    result = run_cli("export", "--case", "IOE0912345678", "--to", "form7001", "--format", "json")
    assert_ok(result)
    _clean(result.stdout)
    assert "IOE0912345678" in json.dumps(json.loads(result.stdout))


@pytest.mark.parametrize("option", ["-o", "--calendar"])
def test_a_file_name_with_escapes_is_shown_as_text(home: Path, tmp_path: Path, option: str) -> None:
    target = tmp_path / f"out{ESC}.txt"
    args = ["export", "--calendar", str(target)] if option == "--calendar" else ["export", "1", "--force", "-o", str(target)]
    result = run_cli(*args)
    assert_ok(result)
    assert "Wrote" in result.stderr
    _clean(result.stdout + result.stderr)
    assert target.exists()


# -- the user's service-center table ------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "huge"])
def test_a_service_center_table_that_is_not_a_small_file_is_refused_not_waited_on(home: Path, kind: str) -> None:
    """A FIFO in its place blocked `case add` forever; a huge file was read whole."""
    import subprocess
    import sys

    table = home / "service_centers.json"
    if kind == "fifo":
        os.mkfifo(table)
    else:
        table.write_text('{"prefixes": {}, "service_centers": {"X": {"name": "' + "n" * (2 << 20) + '"}}}')
    before = _db(home)
    out = subprocess.run([sys.executable, "-m", "companion", "case", "add", "IOE0912345678", "--form", "I-130"],
                         capture_output=True, text=True, timeout=60, check=False)
    line = assert_refused(out)
    assert "service_centers.json" in line, line
    assert _db(home) == before


@pytest.mark.parametrize("code", [["VSC"], {"a": 1}, 7])
def test_a_service_center_prefix_naming_a_list_or_object_is_one_line(home: Path, code: object) -> None:
    """A prefix whose center is a list or object ended case show with 'unexpected TypeError'."""
    (home / "service_centers.json").write_text(
        json.dumps({"prefixes": {"IOE": code}, "service_centers": {"VSC": {"name": "Vermont"}}}))
    line = assert_refused(run_cli("case", "show", "IOE0912345678"))
    assert "service_centers.json" in line and "IOE" in line, line


def test_a_service_center_table_saved_with_a_bom_is_read(home: Path) -> None:
    """Notepad saves UTF-8 with a byte-order mark; the table is still the user's table."""
    table = {"prefixes": {"IOE": "VSC"}, "service_centers": {"VSC": {"name": "My Center", "followup_email": "a@b.cd"}}}
    (home / "service_centers.json").write_text("\ufeff" + json.dumps(table), encoding="utf-8")
    result = run_cli("case", "show", "IOE0912345678")
    assert_ok(result)
    assert "My Center" in result.stdout


def test_a_data_folder_whose_name_is_not_utf8_opens_again(tmp_path: Path) -> None:
    """The read-only probe quoted the path as text: the second command on such a folder
    was exit 70, and logging that crash crashed too (a raw traceback)."""
    home = tmp_path / f"h{NOT_UTF8}"
    assert_ok(run_cli("--home", str(home), "add-call", "--started-at", "2026-11-02T10:00", "--notes", "kept"))
    result = run_cli("--home", str(home), "calls")
    assert_ok(result)
    assert "2026-11-02" in result.stdout
