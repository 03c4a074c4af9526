"""The TUI attacked with Pilot: hostile data, empty and huge stores, a call deleted or the
database locked by another process, a read-only data folder, tiny terminals, mashed keys,
a bad first run, and Form 7001 saved onto things that are not a new file.

Every test here is an attack that failed before its fix (or guards a path that held; the
report lists which). The app runs for real on a real SQLite file in a temporary folder.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from tui_seed import NOW, frozen_now, seed_calls, sync_tests

from companion import casefile
from companion.tui.app import make_app

RECEIPT = "IOE0891447326"
# Markup that would style, end a tag with nothing open (MarkupError), run an action, an
# escape that clears the screen, a right-to-left override, an emoji and wide characters.
HOSTILE = "[bold]B[/] [/] [@click=app.quit]Q[/] \x1b[2J \u202eevil\u202c 😀漢字"
RAW = ("\x1b", "\u202e", "\u202c")


def text_of(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


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


sync_tests(globals())
