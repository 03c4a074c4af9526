"""The UI thread never waits on a large query: Follow-ups, Export and Form 7001 with 5,000 calls.

Each screen's slow part (the follow-up steps of every request, the Ombudsman draft over
every call of the case, the Form 7001 helper) is held at a gate in these tests: the real
function runs, but only once the test opens the gate. Meanwhile the screen must say it is
loading and answer a key. Had the work run on the UI thread, the event loop itself would
wait at the gate, no key would be answered and the gate's hang guard would run out, which
the tests check. When the gate opens, the content must be the real one, complete.
"""

from __future__ import annotations

import threading
from datetime import date

from tui_seed import HUGE_RECEIPT as RECEIPT
from tui_seed import NOW, frozen_now, huge_store, settle, sync_tests, text_of

from companion import casefile
from companion.tui.app import make_app

HANG_GUARD = 20.0  # seconds the gate waits for the test before letting the work through


class Gate:
    """Hold a real function at its start until the test opens the gate."""

    def __init__(self, monkeypatch, module, name: str) -> None:
        real = getattr(module, name)
        self.inside = threading.Event()
        self._open = threading.Event()
        self.timed_out = False
        self.ui_thread = threading.get_ident()
        self.ran_on_ui_thread = False

        def gated(*args, **kwargs):
            self.ran_on_ui_thread = threading.get_ident() == self.ui_thread
            self.inside.set()
            if not self._open.wait(HANG_GUARD):
                self.timed_out = True  # the UI was blocked: the test never got to open the gate
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, gated)

    def open(self) -> None:
        self._open.set()


async def until(pilot, condition, what: str) -> None:
    for _ in range(1200):  # a hang guard, not a time limit: the loaded machine may be slow
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened: {what}")


def notices(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_followups_answer_keys_while_5000_calls_load(store, monkeypatch):
    from companion import workflows
    from companion.tui.screens.followups import FollowUpsScreen

    huge_store(store)
    today = NOW.date()
    actions = workflows.follow_up_actions(store, today)
    requests = store.service_requests()
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        gate = Gate(monkeypatch, workflows, "follow_up_actions")  # Home has worked out its own list by now
        await pilot.press("f")
        await until(pilot, gate.inside.is_set, "the follow-ups being worked out")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpsScreen)
        assert "Loading the service requests…" in text_of(app)
        await pilot.press("d")  # Draft: nothing is listed yet, so the screen says what to do
        await pilot.pause()
        assert "Select a service request first." in notices(app)
        assert not gate.timed_out and not gate.ran_on_ui_thread
        gate.open()
        screen = app.screen
        listing = screen.query_one("#sr-list")
        timeline = screen.query_one("#timeline")
        windows = [a for a in actions if a.kind == "ombudsman_review_window" and a.status != "expired"]
        await until(pilot, lambda: not screen.loading_data and listing.option_count == len(requests), "the list")
        await until(pilot, lambda: timeline.option_count > len(windows), "the timeline")
        assert len(requests) == 500 and len(windows) == 5000
        assert f"{len(requests)} service request(s)." in text_of(app)
        # Every request's line shows its own next step (the index is the old scan's answer).
        for i, sr in enumerate(requests):
            nxt = next(a for a in actions if a.sr_id == sr.id and a.status not in ("done", "expired"))
            assert nxt.due.isoformat() in str(listing.get_option_at_index(i).prompt)
        first = requests[0]
        shown = "\n".join(str(timeline.get_option_at_index(i).prompt) for i in range(timeline.option_count))
        for step in (a for a in actions if a.sr_id == first.id):
            assert f"{step.due.isoformat()}" in shown
        assert shown.count("d left") == len(windows)  # every open Ombudsman window, none dropped
        await pilot.press("down")
        await settle(app, pilot)
        assert f"Service request {requests[1].referral_number}" in text_of(app)


async def test_export_answers_keys_while_the_draft_of_5000_calls_is_written(store, monkeypatch):
    from textual.widgets import Static

    from companion import workflows
    from companion.tui.screens.export import BLOCK_LINES, ExportScreen

    huge_store(store)
    today: date = NOW.date()
    latest = store.calls(limit=1)[0].id
    expected = workflows.draft_for(store, latest, "ombudsman", today=today)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        gate = Gate(monkeypatch, workflows, "draft_for")
        await pilot.press("e")
        await until(pilot, gate.inside.is_set, "the draft being written")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert "Loading the draft…" in text_of(app)
        await pilot.press("y")  # Copy before the draft exists: the screen says so
        await pilot.pause()
        assert "The draft is still being written" in text_of(app)
        assert not gate.timed_out and not gate.ran_on_ui_thread
        gate.open()
        await until(pilot, lambda: screen.draft is not None, "the draft")
        assert screen.draft is not None and screen.draft.as_text() == expected.as_text()
        lines = len(expected.as_text().split("\n")) + len(screen.draft.warnings)
        more = (lines - 1) // BLOCK_LINES  # blocks after the first
        await until(pilot, lambda: len(screen.query(".draft-more")) == more, "the whole draft shown")
        blocks = screen.query(".draft-more")
        shown = "\n".join(str(b.content) for b in [screen.query_one("#draft", Static), *blocks.results(Static)])
        assert len(shown.split("\n")) == lines > 5000  # every call of the case, in blocks, none dropped
        assert shown.endswith(expected.as_text())
        assert "Loading the draft…" not in text_of(app)
        await pilot.press("y")
        await pilot.pause()
        assert "Copied the email to the clipboard" in text_of(app)


async def test_form7001_answers_keys_while_the_helper_of_5000_calls_loads(store, monkeypatch):
    from textual.widgets import Static

    from companion.display import printable
    from companion.tui.screens.case import Form7001Screen

    huge_store(store)
    expected = printable(casefile.form7001_for(store, RECEIPT, NOW.date()).render("text"), newlines=True)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        gate = Gate(monkeypatch, casefile, "form7001_for")
        app.push_screen(Form7001Screen(RECEIPT))
        await until(pilot, gate.inside.is_set, "the helper being built")
        await pilot.pause()
        screen = app.screen
        assert "Loading the Form 7001 helper…" in text_of(app)
        await pilot.press("y")  # Copy before the helper exists: the screen says so
        await pilot.pause()
        assert "still loading" in text_of(app)
        assert not gate.timed_out and not gate.ran_on_ui_thread
        gate.open()
        await until(pilot, lambda: not screen.filling, "the whole helper shown")
        blocks = [screen.query_one("#form7001-body", Static), *screen.query(".form7001-more").results(Static)]
        assert len(blocks) > 1  # a long helper is shown in blocks, not one text the UI measures at once
        assert "\n".join(str(b.content) for b in blocks) == expected  # all of it, in order, none dropped
        await pilot.press("y")
        await pilot.pause()
        assert "Copied the Form 7001 helper" in text_of(app)


sync_tests(globals())
