"""The TUI attacked with Pilot: hostile data, empty and huge stores, a call deleted or the
database locked by another process, a read-only data folder, tiny terminals, mashed keys,
a bad first run, and Form 7001 saved onto things that are not a new file.

Every test here is an attack that failed before its fix (or guards a path that held; the
report lists which). The app runs for real on a real SQLite file in a temporary folder.
"""

from __future__ import annotations

import contextlib
import os
from datetime import timedelta
from pathlib import Path

import pytest
from tui_seed import HUGE_RECEIPT, NOW, frozen_now, huge_store, seed_calls, settle, sync_tests, text_of

from companion import casefile
from companion.tui.app import make_app

RECEIPT = HUGE_RECEIPT
# Markup that would style, end a tag with nothing open (MarkupError), run an action, an
# escape that clears the screen, a right-to-left override, an emoji and wide characters.
HOSTILE = "[bold]B[/] [/] [@click=app.quit]Q[/] \x1b[2J \u202eevil\u202c 😀漢字"
RAW = ("\x1b", "\u202e", "\u202c")


def hostile_store(store) -> dict[str, int]:
    """The seed with hostile text in every free-text field the store accepts."""
    old, closing, recent = seed_calls(store)
    store.set_profile(name="Ana " + HOSTILE)
    store.update_call(closing, notes=HOSTILE + "\n" + "x" * 10_000, tier_reached=2)
    store.add_utterance(closing, {"text": HOSTILE, "result": []}, "agent")
    store.add_field(closing, "staff_name", HOSTILE, status="confirmed", start=40.0)
    store.add_field(closing, "staff_id", "4821", status="confirmed", start=42.0)
    store.add_case("IOE0891447399", form_type=HOSTILE)
    casefile.link_call(store, RECEIPT, closing)
    [sr] = store.service_requests()
    store.add_service_request(closing, "76013390", "field-office", type=HOSTILE,
                              created=(NOW - timedelta(days=30)).date(), today=NOW.date())
    store.record_event("service_center_emailed", "2026-03-02", sr_id=sr.id, note=HOSTILE, today=NOW.date())
    return {"old": old, "closing": closing, "recent": recent, "sr": sr.id}


def assert_shown_as_text(app) -> None:
    screen = text_of(app)
    for raw in RAW:
        assert raw not in screen, (raw, screen)
    assert app.is_running and app._exception is None


SCREENS = {
    "cases": ["c"],
    "case": ["c", "enter"],
    "form7001": ["c", "enter", "7"],
    "review": ["r"],
    "followups": ["f"],
    "prepare": ["p"],
}


@pytest.mark.parametrize("where", list(SCREENS))
async def test_hostile_text_on_every_screen_is_shown_as_text(store, where):
    hostile_store(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(app, pilot)
        for key in SCREENS[where]:
            await pilot.press(key)
            await settle(app, pilot)
        assert_shown_as_text(app)
        for key in ("down", "down", "enter"):
            await pilot.press(key)
            await settle(app, pilot)
            assert_shown_as_text(app)


async def test_hostile_text_in_call_review(store):
    ids = hostile_store(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(app, pilot)
        app.action_review(ids["closing"])
        await settle(app, pilot)
        assert_shown_as_text(app)
        for key in ("down", "down", "down", "tab", "down", "tab", "down"):
            await pilot.press(key)
            await settle(app, pilot)
        assert_shown_as_text(app)


# -- Form 7001 saved onto things that are not a new file ------------------------------------


async def _form7001_prompt(app, pilot, key: str = "w"):
    await settle(app, pilot)
    app.action_case(store_case_id(app))
    await settle(app, pilot)
    await pilot.press("7")
    await settle(app, pilot)
    assert type(app.screen).__name__ == "Form7001Screen"
    await pilot.press(key)
    await pilot.pause()
    assert type(app.screen).__name__ == "PromptScreen"
    return app.screen


def store_case_id(app) -> int:
    return app.store.case_by_receipt(RECEIPT).id


async def _submit(app, pilot, text: str) -> str:
    """Type ``text`` into the prompt and press Enter; the prompt's error line ('' if none)."""
    app.screen.query_one("#prompt-input").value = text
    await pilot.press("enter")
    await settle(app, pilot)
    if type(app.screen).__name__ != "PromptScreen":
        return ""
    return str(app.screen.query_one("#prompt-error").render())


def _form_store(store) -> None:
    _, closing, _ = seed_calls(store)
    casefile.link_call(store, RECEIPT, closing)


async def test_form7001_onto_an_existing_file_asks_then_replaces_on_a_second_enter(store, tmp_path):
    _form_store(store)
    target = tmp_path / "mine.txt"
    target.write_text("the user's own notes\n")
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await _form7001_prompt(app, pilot)
        error = await _submit(app, pilot, str(target))
        assert "already exists" in error
        assert "--overwrite" not in error  # a CLI flag means nothing here
        assert "Enter again" in error
        assert target.read_text() == "the user's own notes\n"
        assert await _submit(app, pilot, str(target)) == ""  # the second Enter replaces it
        assert type(app.screen).__name__ == "Form7001Screen"
    assert target.read_text().startswith("DHS Form 7001")
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("kind", ["symlink", "dangling", "folder-link-target", "readonly-dir", "markup", "long"])
async def test_form7001_onto_a_bad_target_is_one_line_and_writes_nothing(store, tmp_path, kind):
    _form_store(store)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    if kind == "symlink":
        target = tmp_path / "link.txt"
        target.symlink_to(victim)
    elif kind == "dangling":
        target = tmp_path / "dangling.txt"
        target.symlink_to(tmp_path / "nowhere.txt")
    elif kind == "folder-link-target":  # a folder named like a file: saved inside it
        target = tmp_path / "folder.txt"
        target.mkdir()
    elif kind == "readonly-dir":
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        target = ro / "form.txt"
    elif kind == "markup":
        folder = tmp_path / "[bold]x [@click=app.quit]q"
        folder.mkdir()
        target = folder / "[red]form.txt"
    else:
        target = tmp_path / ("n" * 300 + ".txt")
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await _form7001_prompt(app, pilot)
        error = await _submit(app, pilot, str(target))
        assert app.is_running and app._exception is None
        if kind == "folder-link-target":
            assert error == ""
            assert (target / f"case-{RECEIPT}-form7001.txt").read_text().startswith("DHS Form 7001")
        elif kind == "markup":
            assert error == ""
            assert target.read_text().startswith("DHS Form 7001")
            assert str(target) in str(app.screen.query_one("#form7001-status").render())  # shown as typed
        else:
            if kind == "readonly-dir" and __import__("os").geteuid() == 0:
                pytest.skip("root writes into a read-only folder")
            assert error.startswith("path: "), error
            assert "\n" not in error.strip()
            assert "Error" not in error and "did not work" not in error, error
    assert victim.read_text() == "keep me\n"


# -- the database locked by another process while the user confirms a field -----------------

LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def lock_database(path, seconds: float):
    """Another process holds the write lock for ``seconds`` (returns once it holds it)."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


async def test_confirm_while_another_process_locks_the_database_lands_and_the_ui_stays_live(store):
    import time

    _, closing, _ = seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_review(closing)
        await settle(app, pilot)
        first = app.screen.fields[0]
        assert first.status == "candidate"
        locker = lock_database(store.path, 10)
        try:
            began = time.monotonic()
            await pilot.press("c")
            await pilot.press("down")  # the UI answers keys while the write waits
            await pilot.pause()
            answered = time.monotonic() - began
            assert answered < 2.0, f"the UI thread waited {answered:.1f} s on the lock"
            assert "saving" in text_of(app).lower()  # the user sees it is not saved yet
        finally:
            locker.wait(timeout=30)
        await settle(app, pilot)
        assert store.field(first.id).status == "confirmed"  # landed once the lock was let go
        assert app.screen.fields[0].status == "confirmed"
        assert app._exception is None


# -- a call deleted by the CLI while the app shows it -----------------------------------------


def cli(*args: str):
    from faultkit import run_cli

    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    return result


def assert_alive(app) -> None:
    assert app.is_running and app._exception is None, app._exception


def _linked_case(store) -> dict[str, int]:
    old, closing, recent = seed_calls(store)
    casefile.link_call(store, RECEIPT, closing)
    casefile.link_call(store, RECEIPT, recent)
    [sr] = store.service_requests()
    ev = store.record_event("service_center_emailed", "2026-03-02", sr_id=sr.id, today=NOW.date())
    return {"old": old, "closing": closing, "recent": recent, "sr": sr.id, "event": ev.id}


@pytest.mark.parametrize("keys", [("enter",), ("delete", "y"), ("7",), ("u",), ("down", "delete", "y"),
                                  ("down", "down", "delete", "y"), ("down", "enter")])
async def test_case_screen_after_the_cli_deleted_what_it_shows(store, keys):
    ids = _linked_case(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_case(store.case_by_receipt(RECEIPT).id)
        await settle(app, pilot)
        cli("delete", "call", str(ids["closing"]), "--yes")  # with its request and event
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
            assert_alive(app)
        # Nothing the app did brought the deleted call back, or deleted anything else.
        live = [c.id for c in store.calls()]
        assert ids["closing"] not in live or keys == ("u",)
        assert ids["recent"] in live


@pytest.mark.parametrize("keys", [("c",), ("x",), ("e", "enter"), ("s", "enter", "enter"), ("l", "enter"),
                                  ("delete", "y"), ("k",), ("d",), ("g", *"0:30", "enter")])
async def test_call_review_after_the_cli_deleted_the_call(store, keys):
    ids = _linked_case(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_review(ids["recent"])
        await settle(app, pilot)
        cli("delete", "call", str(ids["recent"]), "--yes")
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
            assert_alive(app)
        assert ids["recent"] not in [c.id for c in store.calls()]  # not brought back by a write
        assert not store.service_requests(ids["recent"])


@pytest.mark.parametrize("keys", [("1", "enter"), ("delete", "y"), ("d",), ("c", "enter", "enter"), ("tab", "delete", "y")])
async def test_followups_after_the_cli_deleted_the_request(store, keys):
    ids = _linked_case(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        cli("delete", "sr", str(ids["sr"]), "--yes")
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
            assert_alive(app)
        assert store.service_requests() == []


# -- tiny terminals, mashed keys, empty stores -----------------------------------------------

ALL_SCREENS = {**SCREENS, "home": [], "export": ["e"], "search": ["/"]}


@pytest.mark.parametrize("size", [(40, 12), (20, 6)])
@pytest.mark.parametrize("where", list(ALL_SCREENS))
async def test_every_screen_at_a_tiny_size(store, where, size):
    hostile_store(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for key in ALL_SCREENS[where]:
            await pilot.press(key)
            await settle(app, pilot)
        for key in ("down", "enter", "tab", "down", "escape"):
            await pilot.press(key)
            await settle(app, pilot)
            assert_alive(app)


@pytest.mark.parametrize("where", list(ALL_SCREENS))
async def test_every_screen_on_an_empty_store(store, where):
    from tui_seed import with_profile

    with_profile(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key in ALL_SCREENS[where]:
            await pilot.press(key)
            await settle(app, pilot)
        for key in ("enter", "down", "delete", "y", "u", "c", "x", "e", "7", "1", "enter", "escape", "escape"):
            await pilot.press(key)
            await settle(app, pilot)
            assert_alive(app)


MASH = ["escape", "enter", "u", "delete", "y", "c", "x", "down", "enter", "escape", "n", "7", "escape", "u", "u",
        "delete", "y", "delete", "n", "up", "enter", "escape", "escape"]


@pytest.mark.parametrize("where", ["case", "review-call", "cases", "followups", "form7001"])
async def test_keys_mashed_without_waiting(store, where):
    ids = _linked_case(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        if where == "review-call":
            app.action_review(ids["recent"])
        elif where in ("case", "form7001"):
            app.action_case(store.case_by_receipt(RECEIPT).id)
        elif where == "cases":
            app.action_cases()
        else:
            app.action_followups()
        await settle(app, pilot)
        if where == "form7001":
            await pilot.press("7")
        for _round in range(3):
            await pilot.press(*MASH)  # no pause between keys
            assert_alive(app)
        await settle(app, pilot)
        assert_alive(app)
    # Whatever was deleted can be restored: nothing is gone for good.
    while casefile.undo_last_deletion(store) is not None:
        pass
    assert {ids["old"], ids["closing"], ids["recent"]} <= {c.id for c in store.calls()}


# -- a huge store: 5,000 calls about one case ------------------------------------------------


class StallMeter:
    """The longest the event loop went without running a 20 ms ticker (a frozen UI)."""

    def __init__(self) -> None:
        import asyncio

        self.longest = 0.0
        self._stop = False
        self._task = asyncio.get_running_loop().create_task(self._tick())

    async def _tick(self) -> None:
        import asyncio
        import time

        last = time.monotonic()
        while not self._stop:
            await asyncio.sleep(0.02)
            now = time.monotonic()
            self.longest = max(self.longest, now - last)
            last = now

    def reset(self) -> None:
        self.longest = 0.0

    async def stop(self) -> None:
        self._stop = True
        await self._task


async def test_a_case_with_5000_calls_opens_without_freezing_the_ui(store, capsys):
    huge_store(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        meter = StallMeter()
        await pilot.press("c")
        await settle(app, pilot)
        cases_stall = meter.longest
        meter.reset()
        await pilot.press("enter")
        await settle(app, pilot)
        listing = app.screen.query_one("#case-timeline")
        for _ in range(600):  # the rows arrive in chunks: wait for all of them
            if listing.option_count == 5500:
                break
            await pilot.pause(0.05)
        case_stall = meter.longest
        await meter.stop()
        with capsys.disabled():
            print(f"\n5,000 calls: longest UI stall opening Cases {cases_stall:.2f} s, the case {case_stall:.2f} s")
        assert listing.option_count == 5500  # every call and request, none dropped
        assert case_stall < 1.5, f"the UI thread was held {case_stall:.2f} s"
        assert cases_stall < 1.5
        await pilot.press("end")
        await settle(app, pilot)
        assert_alive(app)


# -- first run: bad time zones, cancelled halfway --------------------------------------------

BAD_ZONES = ["localtime", "posixrules", "Factory", "right/UTC", "posix/America/Chicago", "America", "Etc/GMT+99",
             "../../etc/passwd", "x" * 5000, "😀", "[bold]Europe/Berlin", "America/Chicago/", "Mars/Olympus"]


@pytest.mark.parametrize("zone", BAD_ZONES)
async def test_first_run_refuses_a_zone_that_is_not_a_place(store, monkeypatch, zone):
    monkeypatch.setattr(casefile, "system_timezone", lambda: None)  # nothing to preselect
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert type(app.screen).__name__ == "FirstRunScreen"
        assert app.screen.query_one("#fr-timezone").value == ""  # never a silent New York
        await pilot.press(*"Ana Doe")
        app.screen.query_one("#fr-timezone").value = zone
        await pilot.pause()
        error = str(app.screen.query_one("#fr-timezone-error").render())
        assert error.startswith("time zone: ") and "IANA" in error, error
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "FirstRunScreen"
        assert_alive(app)
    assert not casefile.has_profile(store)


@pytest.mark.parametrize("zone", ["localtime", "posixrules", "Factory", "right/UTC"])
def test_the_cli_refuses_the_same_zones(store, zone):
    from faultkit import assert_refused, run_cli

    line = assert_refused(run_cli("profile", "set", "--timezone", zone))
    assert "time zone" in line


async def test_first_run_quit_halfway_saves_nothing_and_asks_again(store, monkeypatch):
    monkeypatch.setattr(casefile, "system_timezone", lambda: "America/Chicago")
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"Ana", "enter", *"555", "escape", "escape", "tab")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code in (0, None)
    assert not casefile.has_profile(store)
    again = make_app(store=store, now=frozen_now)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        assert type(again.screen).__name__ == "FirstRunScreen"
        assert again.screen.query_one("#fr-name").value == ""
        await pilot.press(*"Ana Doe", "ctrl+s")
        await settle(again, pilot)
        assert type(again.screen).__name__ == "HomeScreen"
    assert store.profile().timezone == "America/Chicago"


# -- the data folder made read-only mid-session ----------------------------------------------

RO_KEYS = {
    "form7001-save": ("case", ("7", "w", "enter")),
    "calendar": ("followups", ("i",)),
    "eml-save": ("export", ("w", "enter")),
}


@contextlib.contextmanager
def read_only_folder(folder: Path):
    """``folder`` made read-only for real: a read-only bind mount as root (root ignores
    chmod), else chmod 0500. Undone when the block ends."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)
        return
    import subprocess

    done = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {done.stderr.strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True, capture_output=True)
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@pytest.mark.parametrize("what", list(RO_KEYS))
async def test_exports_folder_made_read_only_mid_session(store, companion_home, what):
    ids = _linked_case(store)
    app = make_app(store=store, now=frozen_now)
    where, keys = RO_KEYS[what]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        if where == "case":
            app.action_case(store.case_by_receipt(RECEIPT).id)
        elif where == "export":
            app.action_export(ids["recent"])
        else:
            app.action_followups()
        await settle(app, pilot)
        with read_only_folder(companion_home / "exports"):
            for key in keys:
                await pilot.press(key)
                await settle(app, pilot)
                assert_alive(app)
            shown = text_of(app) + " ".join(str(n.message) for n in app._notifications)
            assert "cannot write" in shown and "Traceback" not in shown, shown
            assert list((companion_home / "exports").iterdir()) == []


# -- text that is not UTF-8, written into the database by another tool -----------------------


def _bad_utf8(store, ids) -> None:
    import sqlite3

    conn = sqlite3.connect(store.path)
    conn.execute("update calls set notes = cast(x'41ff42eda080' as text) where id = ?", [ids["recent"]])
    conn.execute("update fields set value = cast(x'48656cff' as text) where call_id = ? and kind = 'staff_name'",
                 [ids["recent"]])
    conn.execute("update cases set form_type = cast(x'492dff' as text)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("where", [*ALL_SCREENS, "review-call"])
async def test_text_that_is_not_utf8_is_shown_not_crashed_on(store, where):
    ids = _linked_case(store)
    _bad_utf8(store, ids)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        if where == "review-call":
            app.action_review(ids["recent"])
        else:
            for key in ALL_SCREENS[where]:
                await pilot.press(key)
                await settle(app, pilot)
        await settle(app, pilot)
        for key in ("enter", "down", "enter"):
            await pilot.press(key)
            await settle(app, pilot)
            assert_alive(app)
        assert "Could not decode" not in text_of(app)


def test_the_cli_reads_text_that_is_not_utf8_too(store):
    from faultkit import assert_ok, run_cli

    ids = _linked_case(store)
    _bad_utf8(store, ids)
    for args in (("calls",), ("show", str(ids["recent"])), ("case", "show", RECEIPT), ("search", "Helen")):
        result = run_cli(*args)
        assert_ok(result)
    shown = run_cli("show", str(ids["recent"])).stdout
    assert "Hel\ufffd" in shown and "A\ufffdB" in shown  # the bad bytes shown as such, the rest kept


@pytest.mark.parametrize("keys", [("delete", "y"), ("u",)], ids=["delete", "undo"])
async def test_delete_or_undo_while_another_process_locks_the_database(store, keys):
    import time

    ids = _linked_case(store)
    casefile.delete_event(store, ids["event"])  # something to undo
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_case(store.case_by_receipt(RECEIPT).id)
        await settle(app, pilot)
        locker = lock_database(store.path, 4)
        try:
            began = time.monotonic()
            for key in keys:
                await pilot.press(key)
            await pilot.press("down")
            await pilot.pause()
            answered = time.monotonic() - began
            assert answered < 2.0, f"the UI thread waited {answered:.1f} s on the lock"
        finally:
            locker.wait(timeout=30)
        await settle(app, pilot)
        assert_alive(app)
    live = [c.id for c in store.calls()]
    if keys == ("u",):
        assert [e.id for e in store.events()] == [ids["event"]]  # restored once the lock went
    else:
        assert ids["closing"] not in live  # the first row: deleted once the lock went


sync_tests(globals())
