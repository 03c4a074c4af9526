"""The app shell: the factory, the command palette, app-wide navigation, bad databases."""

from __future__ import annotations

from datetime import datetime

import pytest
from tui_seed import frozen_now, seed_calls, settle, sync_tests, with_profile

from companion.tui.app import CompanionApp, CompanionCommands, make_app


def test_make_app_passes_live_options_through(store):
    app = make_app(store=store, now=frozen_now, replay="x.jsonl", speed=4.0, device=None, start_live=True)
    assert isinstance(app, CompanionApp)
    assert app.start_live is True
    assert app.live_options == {"replay": "x.jsonl", "speed": 4.0, "now": frozen_now}
    assert app.now() == frozen_now()
    assert app.today().isoformat() == "2026-03-10"


def test_default_now_is_aware(store):
    now = make_app(store=store).now()
    assert isinstance(now, datetime) and now.tzinfo is not None


async def test_app_opens_the_default_store_and_shows_home(companion_home):
    from companion.locations import database_path
    from companion.store import Store

    with Store(database_path()) as store:
        with_profile(store)
    app = make_app(now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert (companion_home / "calls.db").exists()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_damaged_database_exits_with_one_line_not_a_traceback(companion_home):
    companion_home.mkdir(parents=True, exist_ok=True)
    (companion_home / "calls.db").write_bytes(b"this is not sqlite" * 100)
    app = make_app(now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.return_code == 2
    assert "not a Call Companion database" in app.startup_error


async def test_home_keys_open_every_screen_and_escape_returns(store):
    seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key, name in (("p", "PrepareScreen"), ("r", "ReviewScreen"), ("f", "FollowUpsScreen"), ("e", "ExportScreen")):
            await pilot.press(key)
            await settle(app, pilot)
            assert type(app.screen).__name__ == name
            await pilot.press("escape")
            await settle(app, pilot)
            assert type(app.screen).__name__ == "HomeScreen"
        assert len(app.screen_stack) == 2  # the default screen and Home: nothing leaks


async def test_command_palette_lists_app_actions_and_screen_keys(store):
    seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        provider = CompanionCommands(app.screen)
        titles = [title for title, _, _ in provider._commands()]
        for wanted in ("New call", "Prepare", "Review calls", "Search transcripts", "Follow-ups", "Export email", "Save calendar (.ics)"):
            assert wanted in titles
        app.action_review(1)
        await settle(app, pilot)
        titles = [title for title, _, _ in CompanionCommands(app.screen)._commands()]
        assert "Confirm (c)" in titles and "Go to time (g)" in titles
        # Drive the palette itself: search and run a command.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"follow-ups")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "FollowUpsScreen"
        # A screen-key command runs in its screen's namespace.
        provider = CompanionCommands(app.screen)
        [(_title, _, callback)] = [c for c in provider._commands() if c[0] == "Emailed the service center (1)"]
        await callback()
        await pilot.pause()
        assert type(app.screen).__name__ == "PromptScreen"


async def test_palette_search_palette_command_focuses_search(store):
    seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"search transcripts")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        assert app.screen.query_one("#search").has_focus


async def test_save_calendar_from_anywhere(store, companion_home):
    seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_save_calendar()
        await pilot.pause()
    assert (companion_home / "exports" / "follow-ups.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


async def test_new_call_key_opens_the_live_screen_or_says_why(store):
    with_profile(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        try:
            import companion.tui.live_call  # noqa: F401
        except ImportError:
            assert type(app.screen).__name__ == "HomeScreen"
        else:  # the live screen may put its first-run consent notice over itself
            assert "LiveCallScreen" in [type(s).__name__ for s in app.screen_stack]


async def test_start_live_pushes_the_live_screen_at_once(store):
    pytest.importorskip("companion.tui.live_call")
    app = make_app(store=store, now=frozen_now, start_live=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "LiveCallScreen" in [type(s).__name__ for s in app.screen_stack]


async def test_store_changed_message_refreshes_the_current_screen(store):
    from companion.tui.messages import StoreChanged

    with_profile(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        call_id = store.start_call(frozen_now())
        app.post_message(StoreChanged("call"))
        await settle(app, pilot)
        text = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert f"#{call_id}" in text


sync_tests(globals())
