"""Bad input and faults at the store, tried as an attacker and an unlucky user would
(issue 11). Each refusal must be one clear line, a non-zero exit that is not a crash
(70), and the database unchanged: every table digested before and after."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from faultkit import (
    assert_ok,
    assert_refused,
    digest,
    file_sha,
    fill_disk,
    remount_read_only,
    run_cli,
    tmpfs,
)

from companion.store import connection

EXAMPLES = Path(__file__).resolve().parent / "corpus_examples"
WORD = {"word": "hello", "start": 1.0, "end": 1.4, "conf": 0.9}
GOOD = {"text": "hello", "result": [WORD]}


@pytest.fixture
def seeded(companion_home: Path) -> Path:
    """A data folder holding a few records of every kind; returns the database path."""
    from companion.store import Store
    from companion.workflows import import_transcript

    db = companion_home / "calls.db"
    with Store(db) as store:
        store.set_profile(name="Ana", timezone="America/Chicago")
        call_id = import_transcript(
            store, EXAMPLES / "tier1-service-request.jsonl", datetime(2026, 3, 2, 15, tzinfo=UTC)
        )
        store.add_case("IOE0912345678", form_type="I-765")
        sr = store.add_service_request(call_id, "76013389", "service-center")
        store.record_event("service_center_emailed", "2026-04-05", sr_id=sr.id)
    return db


def _jsonl(tmp_path: Path, *lines: object, name: str = "t.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    return path


# -- two writers ------------------------------------------------------------------------


def _hold_lock(db: Path, seconds: float) -> threading.Thread:
    """Another connection takes the write lock and keeps it for ``seconds``."""
    ready = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    t = threading.Thread(target=hold)
    t.start()
    ready.wait(5)
    return t


def test_a_write_waits_for_another_writer_instead_of_failing(seeded: Path) -> None:
    holder = _hold_lock(seeded, 1.5)
    started = time.monotonic()
    result = run_cli("case", "add", "EAC2190012345")
    holder.join()
    assert_ok(result)
    assert time.monotonic() - started >= 1.0  # it really waited
    assert "damaged" not in result.stderr


def test_a_lock_held_too_long_is_busy_not_damaged(seeded: Path, monkeypatch) -> None:
    monkeypatch.setattr(connection, "WRITE_WAIT", 0.3)
    monkeypatch.setattr(connection, "BUSY_TIMEOUT", 0.1)
    before = digest(seeded)
    holder = _hold_lock(seeded, 2.0)
    try:
        result = run_cli("case", "add", "EAC2190012345")
    finally:
        holder.join()
    line = assert_refused(result)
    assert "busy" in line and "damaged" not in line
    assert digest(seeded) == before


def test_a_live_utterance_refused_by_a_busy_database_is_kept_and_saved_later(seeded: Path, monkeypatch) -> None:
    from companion.session import CallSession, ResultKept
    from companion.store import Store

    monkeypatch.setattr(connection, "WRITE_WAIT", 0.2)
    monkeypatch.setattr(connection, "BUSY_TIMEOUT", 0.05)
    with Store(seeded) as store:
        session = CallSession.start(store, source="live")
        session.add_result({"text": "one", "result": [dict(WORD, word="one")]})
        holder = _hold_lock(seeded, 1.0)
        with pytest.raises(ResultKept):
            session.add_result({"text": "two", "result": [dict(WORD, word="two", start=2.0, end=2.2)]})
        holder.join()
        update = session.add_result({"text": "three", "result": [dict(WORD, word="three", start=3.0, end=3.3)]})
        assert [u.utterance.text for u in update.earlier] == ["two"]
        session.flush()
        session.end()
        assert [u.text for u in store.utterances(session.call_id)] == ["one", "two", "three"]
        assert session.unsaved == []


def test_a_malformed_live_result_is_repaired_not_dropped(store) -> None:
    from companion.session import CallSession

    session = CallSession.start(store, source="live")
    odd = {"text": "my id is two two", "speaker": "agent", "result": [
        {"word": "my", "start": 0.0, "end": 0.2, "conf": float("nan")},
        {"word": "id", "start": 0.3, "end": 0.1, "conf": 1.0000001},
        {"word": "is", "start": float("inf"), "end": 1.0, "conf": 0.9},
        {"nonsense": True},
    ]}
    update = session.add_result(odd)
    assert update.utterance.text == "my id is two two"
    stored = store.utterances(session.call_id)[0]
    assert [w["word"] for w in stored.words] == ["my", "id", "is"]
    assert all(0.0 <= w["conf"] <= 1.0 and w["start"] <= w["end"] for w in stored.words)


def test_results_still_refused_when_the_call_ends_are_written_to_a_file_to_import(seeded: Path, monkeypatch) -> None:
    from companion.extract import read_transcript
    from companion.session import CallSession, ResultKept
    from companion.store import Store

    monkeypatch.setattr(connection, "WRITE_WAIT", 0.2)
    monkeypatch.setattr(connection, "BUSY_TIMEOUT", 0.05)
    with Store(seeded) as store:
        session = CallSession.start(store, source="live")
        holder = _hold_lock(seeded, 1.5)
        with pytest.raises(ResultKept):
            session.add_result({"text": "two", "result": [dict(WORD, word="two")]})
        with pytest.raises(ResultKept, match="import-call") as kept:
            session.end()
        holder.join()
    path = Path(str(kept.value).split("They are in ")[1].split(":")[0])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [r["text"] for r in read_transcript(path)] == ["two"]


def test_reads_do_not_queue_behind_a_writer_waiting_for_the_lock(seeded: Path) -> None:
    """The TUI shares one Store between the UI thread and workers: while a worker waits
    for another process's write lock, the UI thread still reads at once."""
    from companion.store import Store

    with Store(seeded) as store:
        holder = _hold_lock(seeded, 2.0)
        writer = threading.Thread(target=store.add_case, args=("EAC2190012345",))
        writer.start()
        time.sleep(0.3)  # the worker is now inside transaction(), waiting
        started = time.monotonic()
        cases = store.cases()
        took = time.monotonic() - started
        holder.join()
        writer.join()
        assert took < 1.0, took
        assert [c.receipt_number for c in cases] == ["IOE0912345678"]  # not the one in flight
        assert len(store.cases()) == 2


def test_five_processes_opening_a_new_folder_at_once_all_work(companion_home: Path) -> None:
    env = dict(os.environ, COMPANION_HOME=str(companion_home))
    procs = [
        subprocess.Popen([sys.executable, "-m", "companion", "calls", "--json"], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(5)
    ]
    outs = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert all(rc == 0 for rc, _ in outs), outs
    assert not any("damaged" in err for _, err in outs)


# -- atomic, validated import ---------------------------------------------------------------

BAD_TRANSCRIPTS = {
    "start is text": {"text": "a", "result": [dict(WORD, start="1.0")]},
    "NaN literal": '{"text": "a", "result": [{"word": "a", "start": NaN, "end": 1, "conf": 1}]}',
    "Infinity literal": '{"text": "a", "result": [{"word": "a", "start": 0, "end": Infinity}]}',
    "1e999 overflows to inf": '{"text": "a", "result": [{"word": "a", "start": 0, "end": 1e999}]}',
    "negative time": {"text": "a", "result": [dict(WORD, start=-5.0)]},
    "absurd time": {"text": "a", "result": [dict(WORD, start=1e12, end=1e12 + 1)]},
    "ends before it starts": {"text": "a", "result": [dict(WORD, start=5.0, end=1.0)]},
    "confidence above 1": {"text": "a", "result": [dict(WORD, conf=1.5)]},
    "confidence negative": {"text": "a", "result": [dict(WORD, conf=-0.1)]},
    "confidence a string": {"text": "a", "result": [dict(WORD, conf="high")]},
    "confidence a bool": {"text": "a", "result": [dict(WORD, conf=True)]},
    "word not a string": {"text": "a", "result": [dict(WORD, word=12)]},
    "result not a list": {"text": "a", "result": {"word": "a"}},
    "text not a string": {"text": ["a"], "result": [WORD]},
    "speaker not a string": {"text": "a", "result": [WORD], "speaker": {"x": 1}},
    "nested value in a word": {"text": "a", "result": [dict(WORD, extra=[[1]])]},
    "deeply nested JSON": "[" * 200_000 + "]" * 200_000,
    "an extra key nested 50 deep": '{"text": "a", "x": ' + "[" * 50 + "]" * 50 + "}",
    "integer with 5000 digits": '{"text": "a", "result": [{"word": "a", "start": ' + "9" * 5000 + ', "end": 1}]}',
    "too many words": {"text": "a", "result": [WORD] * 6000},
    "not JSON": "{text: a}",
    "a bare list": [1, 2],
}


@pytest.mark.parametrize("case", sorted(BAD_TRANSCRIPTS))
def test_a_bad_line_after_good_ones_stores_nothing(seeded: Path, tmp_path: Path, case: str) -> None:
    path = _jsonl(tmp_path, GOOD, GOOD, BAD_TRANSCRIPTS[case], GOOD)
    before = digest(seeded)
    line = assert_refused(run_cli("import-call", str(path), "--started-at", "2026-03-02T10:00"))
    assert "line 3" in line
    assert digest(seeded) == before


def test_not_utf8_and_overlong_lines_are_refused(seeded: Path, tmp_path: Path) -> None:
    before = digest(seeded)
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(json.dumps(GOOD).encode() + b"\n" + '{"text": "caf\xe9"}'.encode("latin-1") + b"\n")
    assert "not UTF-8" in assert_refused(run_cli("import-call", str(latin), "--started-at", "2026-03-02T10:00"))
    long = tmp_path / "long.jsonl"
    long.write_text(json.dumps({"text": "x" * (2 * 1024 * 1024)}) + "\n")
    assert "longer than" in assert_refused(run_cli("import-call", str(long), "--started-at", "2026-03-02T10:00"))
    assert digest(seeded) == before


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "folder", "fifo", "missing"])
def test_what_is_not_a_transcript_file_fails_fast(seeded: Path, tmp_path: Path, target: str) -> None:
    if target == "folder":
        path = str(tmp_path)
    elif target == "fifo":
        path = str(tmp_path / "pipe")
        os.mkfifo(path)
        threading.Thread(target=lambda: open(path, "wb").close(), daemon=True).start()
    elif target == "missing":
        path = str(tmp_path / "missing.jsonl")
    else:
        path = target
    before = digest(seeded)
    started = time.monotonic()
    assert_refused(run_cli("import-call", path, "--started-at", "2026-03-02T10:00"))
    assert time.monotonic() - started < 10
    assert digest(seeded) == before


def test_a_huge_sparse_file_is_refused_by_its_size_without_reading_it(seeded: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    with open(big, "wb") as fh:
        fh.truncate(300 * 1024 * 1024)  # sparse: takes no disk
    before = digest(seeded)
    started = time.monotonic()
    assert "too large" in assert_refused(run_cli("import-call", str(big), "--started-at", "2026-03-02T10:00"))
    assert time.monotonic() - started < 5
    assert digest(seeded) == before


def test_import_of_dev_zero_in_a_real_process_stays_small_and_quick(seeded: Path) -> None:
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from companion.cli import main\n"
        "sys.argv = ['companion', 'import-call', '/dev/zero', '--started-at', '2026-03-02T10:00']\n"
        "main()\n"
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert time.monotonic() - started < 30
    assert "not a regular file" in assert_refused(done)


@pytest.mark.parametrize("case", ["NaN literal", "deeply nested JSON", "1e999 overflows to inf"])
def test_replay_of_a_malformed_file_ends_with_a_clear_message(consented_store, tmp_path: Path, case: str) -> None:
    """The live screen's replay worker reads through the same validator: a NaN time or a
    deeply nested line ends in manual mode with the line named (it used to stall)."""
    import asyncio

    from textual.app import App

    from companion.tui.live_call import LiveCallScreen

    path = _jsonl(tmp_path, GOOD, BAD_TRANSCRIPTS[case])

    class LiveApp(App):
        def on_mount(self) -> None:
            self.push_screen(LiveCallScreen(consented_store, replay=path, speed=1000))

    async def run() -> str:
        app = LiveApp()
        async with app.run_test() as pilot:
            screen = app.screen
            deadline = time.monotonic() + 10
            while screen.capture_state != "manual":
                assert time.monotonic() < deadline, screen.capture_state
                await pilot.pause(0.05)
            return str(screen.query_one("#live-banner").render())

    banner = asyncio.run(run())
    assert "line 2" in banner and "manual mode" in banner


@pytest.fixture
def consented_store(store):
    store.set_profile(consent_acknowledged=True)
    return store


# -- numbers in range -----------------------------------------------------------------------


@pytest.mark.parametrize("speed", ["nan", "inf", "0", "-1", "1e308"])
def test_replay_speed_out_of_range_is_a_usage_error(tmp_path: Path, speed: str, monkeypatch) -> None:
    import companion.cli.live

    def no_tui(**options):
        raise AssertionError(f"the app would have opened with {options}")

    monkeypatch.setattr(companion.cli.live, "run_tui", no_tui)
    path = _jsonl(tmp_path, GOOD)
    assert_refused(run_cli("live", "--replay", str(path), "--speed", speed), usage=True)


def test_a_hold_longer_than_a_day_is_saved_as_a_day_not_refused(store) -> None:
    from datetime import timedelta

    from companion.session import CallSession

    clock = [datetime(2026, 3, 6, 17, tzinfo=UTC)]
    session = CallSession.start(store, now=lambda: clock[0])
    session.toggle_hold()
    clock[0] += timedelta(days=3)  # left on hold over a weekend
    session.toggle_hold()
    assert store.call(session.call_id).hold_seconds == 24 * 3600


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308", "-1", "1441"])
def test_hold_minutes_out_of_range_are_refused(seeded: Path, value: str) -> None:
    before = digest(seeded)
    line = assert_refused(run_cli("add-call", "--started-at", "2026-03-02T10:00", "--hold-minutes", value))
    assert "--hold-minutes" in line or "hold" in line.lower()
    assert_refused(run_cli("update-call", "1", "--hold-minutes", value))
    assert digest(seeded) == before


@pytest.mark.parametrize(
    "args",
    [
        ["due", "--today", "9999-12-31"],
        ["due", "--today", "0001-01-01"],
        ["add-call", "--started-at", "0001-01-01T00:00"],
        ["add-call", "--started-at", "9999-12-31T23:59"],
        ["sr", "update", "1", "--responded", "9999-12-31"],
        ["case", "add", "IOE0912345678", "--priority-date", "0001-01-01"],
    ],
)
def test_dates_at_the_far_ends_of_the_calendar_are_refused(seeded: Path, args: list[str]) -> None:
    before = digest(seeded)
    assert_refused(run_cli(*args))
    assert digest(seeded) == before


@pytest.mark.parametrize("args", [["show", "99999999999999999999"], ["field", "-5", "--confirm"],
                                  ["calls", "--limit", "99999999999999999999"]])
def test_ids_beyond_sqlite_integers_are_a_usage_error(seeded: Path, args: list[str]) -> None:
    before = digest(seeded)
    assert_refused(run_cli(*args), usage=True)
    assert digest(seeded) == before


def test_store_refuses_non_finite_field_numbers(store) -> None:
    from companion.errors import UserError

    call_id = store.start_call()
    for kwargs in ({"confidence": float("nan")}, {"confidence": 2.0}, {"start": float("inf")}, {"end": -1.0}):
        with pytest.raises(UserError):
            store.add_field(call_id, "staff_id", "22719", **kwargs)
    with pytest.raises(UserError):
        store.update_call(call_id, hold_seconds=float("nan"))
    assert store.fields(call_id) == []


def test_json_output_never_prints_nan_or_infinity_even_from_old_data(seeded: Path) -> None:
    """Rows written before the checks (SQLite keeps inf; NaN becomes NULL)."""
    conn = sqlite3.connect(seeded)
    conn.execute("update calls set hold_seconds = 9e999")
    conn.execute("update fields set confidence = NULL where source = 'extracted'")
    conn.commit()
    conn.close()

    def strict(text: str):
        return json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in --json output"))

    for args in (["calls", "--json"], ["show", "1", "--json"]):
        result = run_cli(*args)
        assert_ok(result)
        strict(result.stdout)
    shown = run_cli("show", "1").stdout
    assert "100% (extracted)" not in shown  # an unknown confidence is not certainty


# -- identifiers ASCII after normalisation -----------------------------------------------------


@pytest.mark.parametrize(
    "args, stored",
    [
        (["case", "add", "IOE１２３４５６７８９０"], ("cases", "receipt_number", "IOE1234567890")),
        (["case", "add", "ＥＡＣ２１９００１２３４５"], ("cases", "receipt_number", "EAC2190012345")),
        (["case", "add", "IOE0912345678", "--a-number", "A٠١٢٣٤٥٦٧٨"], ("cases", "a_number", "A012345678")),
        (["add-call", "--started-at", "2026-03-02T10:00", "--staff-id", "２２７１９"], ("fields", "value", "22719")),
        (["profile", "set", "--phone", "５５５-１２３-４５６７"], ("profile", "phone", "+15551234567")),
    ],
)
def test_unicode_digits_are_stored_as_ascii(seeded: Path, args: list[str], stored: tuple) -> None:
    assert_ok(run_cli(*args))
    table, column, value = stored
    conn = sqlite3.connect(seeded)
    values = [r[0] for r in conn.execute(f"select {column} from {table}")]
    conn.close()
    assert value in values
    assert all(v is None or v.isascii() for v in values)


@pytest.mark.parametrize(
    "args",
    [
        ["case", "add", "IOЕ1234567890"],  # a Cyrillic Е
        ["case", "add", "IOE12345678９٠x"],
        ["add-call", "--started-at", "2026-03-02T10:00", "--staff-id", "22７1９ß"],
        ["sr", "add", "1", "--referral", "७६०१३३८९Ж", "--venue", "service-center"],
        ["profile", "set", "--phone", "555-123-45６७-ext"],
        ["field", "1", "--set", "A０１２３４５６７８９０１２"],
    ],
)
def test_identifiers_that_stay_non_ascii_are_refused(seeded: Path, args: list[str]) -> None:
    before = digest(seeded)
    assert_refused(run_cli(*args))
    assert digest(seeded) == before


def test_extracted_values_are_ascii(store) -> None:
    """A transcript with a full-width digit inside a spoken A-number: stored in ASCII."""
    from dataclasses import replace

    from companion.workflows import CallRecorder

    call_id = store.start_call()
    rec = CallRecorder(store, call_id)
    words = ["my", "a", "number", "is", "a", "０", "one", "two", "three", "four", "five", "six", "seven", "eight"]
    rec.add_result({"text": " ".join(words), "result": [
        {"word": w, "start": float(i), "end": i + 0.5, "conf": 0.9} for i, w in enumerate(words)]})
    rec.finish()
    assert [f.value for f in store.fields(call_id)] == ["A012345678"]
    # an extractor that let a non-ASCII identifier through: folded, or not stored at all
    entity = rec.extractor.entities[0]
    folded = store.apply_entity_update(call_id, "add", replace(entity, key=entity.key + 1000, value="A０１２３４５６７８"))
    assert folded is not None and folded.value == "A012345678"
    assert store.apply_entity_update(call_id, "add", replace(entity, key=entity.key + 2000, value="AЖ12345678")) is None
    assert all(f.value.isascii() for f in store.fields(call_id))


# -- the database's identity -------------------------------------------------------------------


def test_a_newer_schema_is_refused_and_left_byte_identical(seeded: Path) -> None:
    conn = sqlite3.connect(seeded)
    conn.execute("insert into _sqlite_migrations (migration_set, name, applied_at) values ('companion', 'm999_future', 'x')")
    conn.commit()
    conn.close()
    before = file_sha(seeded)
    for args in (["calls"], ["case", "add", "IOE0912345678"]):
        line = assert_refused(run_cli(*args))
        assert "newer" in line
    assert file_sha(seeded) == before
    assert not Path(str(seeded) + "-wal").exists()


@pytest.mark.parametrize("tables", [["notes"], ["calls", "utterances"], ["_sqlite_migrations"]])
def test_a_foreign_sqlite_file_is_refused_untouched(companion_home: Path, tables: list[str]) -> None:
    companion_home.mkdir(parents=True)
    db = companion_home / "calls.db"
    conn = sqlite3.connect(db)
    for t in tables:
        conn.execute(f"create table {t} (x)")
    conn.commit()
    conn.close()
    before = file_sha(db)
    line = assert_refused(run_cli("calls"))
    assert "another program" in line
    assert file_sha(db) == before


@pytest.mark.parametrize("content", [b"hello, not a database\n" * 50, b"\x00" * 4096, b"SQLite format 2\x00" + b"x" * 100])
def test_a_file_that_is_not_sqlite_is_refused_untouched(companion_home: Path, content: bytes) -> None:
    companion_home.mkdir(parents=True)
    db = companion_home / "calls.db"
    db.write_bytes(content)
    assert "not a Call Companion database" in assert_refused(run_cli("calls"))
    assert db.read_bytes() == content


def test_a_folder_where_the_database_should_be_is_refused(companion_home: Path) -> None:
    (companion_home / "calls.db").mkdir(parents=True)
    assert "folder" in assert_refused(run_cli("calls"))


def test_a_read_only_database_can_be_read_but_not_written_and_keeps_its_mode(seeded: Path) -> None:
    os.chmod(seeded, 0o400)
    before = digest(seeded)
    listed = run_cli("calls")
    assert_ok(listed)
    assert "read-only" in listed.stderr and "1  " in listed.stdout
    assert_ok(run_cli("show", "1"))
    line = assert_refused(run_cli("case", "add", "EAC2190012345"))
    assert "read-only" in line
    assert stat.S_IMODE(seeded.stat().st_mode) == 0o400
    assert digest(seeded) == before


def test_a_read_only_folder_is_respected(seeded: Path) -> None:
    folder = seeded.parent
    os.chmod(folder, 0o500)
    try:
        assert_ok(run_cli("calls", "--json"))
        assert "read-only" in assert_refused(run_cli("profile", "set", "--name", "B"))
        assert stat.S_IMODE(folder.stat().st_mode) == 0o500
    finally:
        os.chmod(folder, 0o700)


def test_group_and_other_bits_are_removed_but_owner_bits_never_added(seeded: Path) -> None:
    os.chmod(seeded, 0o644)
    assert_ok(run_cli("calls"))
    assert stat.S_IMODE(seeded.stat().st_mode) == 0o600


def test_doctor_checks_the_database(seeded: Path) -> None:
    from companion.store import database_identity_problems

    assert database_identity_problems(seeded) == []
    # damage a page of the utterances table's index
    conn = sqlite3.connect(seeded)
    page_size = conn.execute("pragma page_size").fetchone()[0]
    rootpage = conn.execute("select rootpage from sqlite_master where name = 'utterances'").fetchone()[0]
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.close()
    with open(seeded, "r+b") as fh:
        fh.seek((rootpage - 1) * page_size + 8)
        fh.write(b"\xff" * 64)
    problems = database_identity_problems(seeded)
    assert problems and "integrity" in problems[0][0]
    result = run_cli("doctor")
    assert result.exit_code == 1
    assert "integrity" in result.stdout and "Traceback" not in result.stdout + result.stderr


# -- the surroundings --------------------------------------------------------------------------


def test_companion_home_pointing_at_a_file(tmp_path: Path, monkeypatch) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    for home in (afile, afile / "below"):
        monkeypatch.setenv("COMPANION_HOME", str(home))
        for args in (["calls"], ["case", "add", "IOE0912345678"]):
            line = assert_refused(run_cli(*args))
            assert "data folder" in line and "COMPANION_HOME" in line
    assert afile.read_text() == "x"


@pytest.mark.parametrize(
    "content",
    [
        '{"prefixes": {"IOE": "NBC"},',  # a typo: cut short
        '["not", "an", "object"]',
        '{"prefixes": {"IOE": "XXX"}, "service_centers": {}}',
        '{"prefixes": {"IOE": "NBC"}, "service_centers": {"NBC": {"name": "N", "followup_email": "a@b\\nBcc: x@y.z"}}}',
        '{"prefixes": {"IOE1": "NBC"}, "service_centers": {"NBC": {"name": "N"}}}',
    ],
)
def test_a_bad_service_centers_json_is_one_line(seeded: Path, content: str) -> None:
    (seeded.parent / "service_centers.json").write_text(content)
    before = digest(seeded)
    line = assert_refused(run_cli("sr", "add", "1", "--referral", "76013390", "--venue", "service-center"))
    assert "service_centers.json" in line
    assert digest(seeded) == before


def test_a_copy_of_the_built_in_service_centers_json_is_accepted(seeded: Path) -> None:
    from importlib import resources

    table = resources.files("companion.data").joinpath("service_centers.json").read_text("utf-8")
    (seeded.parent / "service_centers.json").write_text(table)
    assert_ok(run_cli("sr", "add", "1", "--referral", "76013390", "--venue", "service-center"))


@pytest.mark.parametrize("zone", ["America", "America/", "../../etc/passwd", "/etc/localtime", "", "Mars/Olympus", "UTC\x00"])
def test_an_unknown_time_zone_is_one_line(seeded: Path, zone: str) -> None:
    before = digest(seeded)
    line = assert_refused(run_cli("profile", "set", "--timezone", zone))
    assert "time zone" in line
    assert digest(seeded) == before


def test_a_bad_zone_saved_by_an_old_version_is_a_warning(seeded: Path) -> None:
    conn = sqlite3.connect(seeded)
    conn.execute("update profile set timezone = 'America'")
    conn.commit()
    conn.close()
    result = run_cli("due")
    assert_ok(result)
    assert "time zone" in result.stderr


def test_a_read_only_filesystem(tmp_path: Path, monkeypatch) -> None:
    from companion.store import Store

    with tmpfs(tmp_path / "mnt", "4m") as mnt:
        home = mnt / "home"
        monkeypatch.setenv("COMPANION_HOME", str(home))
        with Store(home / "calls.db") as store:
            store.add_case("IOE0912345678")
        remount_read_only(mnt)
        listed = run_cli("case", "list")
        assert_ok(listed)
        assert "IOE0912345678" in listed.stdout
        assert_ok(run_cli("calls"))
        assert "read-only" in assert_refused(run_cli("case", "add", "EAC2190012345"))
        monkeypatch.setenv("COMPANION_HOME", str(mnt / "new-home"))
        assert "data folder" in assert_refused(run_cli("calls"))


def test_a_full_disk_stores_no_partial_call_and_says_so(tmp_path: Path, monkeypatch) -> None:
    from companion.store import Store

    big = tmp_path / "big.jsonl"
    words = [{"word": f"w{i}", "start": i * 0.1, "end": i * 0.1 + 0.05, "conf": 0.9} for i in range(400)]
    big.write_text("\n".join(json.dumps({"text": " ".join(w["word"] for w in words), "result": words})
                             for _ in range(60)) + "\n")
    with tmpfs(tmp_path / "mnt", "2m") as mnt:
        home = mnt / "home"
        monkeypatch.setenv("COMPANION_HOME", str(home))
        with Store(home / "calls.db") as store:
            store.add_case("IOE0912345678")
        before = digest(home / "calls.db")
        filler = fill_disk(mnt, leave=96 * 1024)
        line = assert_refused(run_cli("import-call", str(big), "--started-at", "2026-03-02T10:00"))
        assert "full" in line
        assert digest(home / "calls.db") == before
        filler.unlink()  # space again: the same import now works, nothing was damaged
        assert_ok(run_cli("import-call", str(EXAMPLES / "transfer-to-tier2.jsonl"), "--started-at", "2026-03-02T10:00"))
        conn = sqlite3.connect(home / "calls.db")
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("select count(*) from calls").fetchone()[0] == 1
        conn.close()
