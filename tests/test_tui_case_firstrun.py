"""First run: with no profile the app asks for one before anything else (Pilot, real store)."""

from __future__ import annotations

from tui_seed import frozen_now, settle, sync_tests, text_of, with_profile

from companion import casefile
from companion.tui.app import CompanionCommands, make_app


async def test_first_run_asks_for_the_profile_with_the_system_zone_preselected(store, monkeypatch):
    # The zone this computer reports (tzlocal caches it per process, so set it here).
    monkeypatch.setattr(casefile, "system_timezone", lambda: "America/Chicago")
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert type(app.screen).__name__ == "FirstRunScreen"
        assert app.screen.query_one("#fr-timezone").value == "America/Chicago"
        assert app.screen.query_one("#fr-name").has_focus
        # Nothing else is reachable from here: the palette offers no way around it.
        assert CompanionCommands(app.screen)._commands() == []
        await pilot.press(*"Ana Doe", "enter")
        await pilot.press(*"555 123 4567", "enter")
        await pilot.press(*"ZZ")
        await pilot.pause()
        assert "state: 'ZZ' is not valid" in text_of(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        # A bad value saves nothing and keeps what was typed.
        assert type(app.screen).__name__ == "FirstRunScreen"
        assert store.profile().name == ""
        assert app.screen.query_one("#fr-name").value == "Ana Doe"
        await pilot.press("backspace", "backspace", *"il", "enter")  # on to the time zone
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
    profile = store.profile()
    assert (profile.name, profile.phone, profile.state, profile.timezone) == (
        "Ana Doe",
        "+15551234567",
        "IL",
        "America/Chicago",
    )


async def test_a_directory_or_empty_time_zone_is_refused_inline(store, monkeypatch):
    monkeypatch.setattr(casefile, "system_timezone", lambda: "Europe/Berlin")
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"Ana Doe")
        zone = app.screen.query_one("#fr-timezone")
        zone.value = "America"  # a directory in the zoneinfo tree, not a zone
        await pilot.pause()
        assert "time zone" in text_of(app) and "not valid" in text_of(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "FirstRunScreen"
        zone.value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "e.g. America/Chicago" in text_of(app)
        assert store.profile().name == ""
        zone.value = "Europe/Berlin"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
    assert store.profile().timezone == "Europe/Berlin"


async def test_the_name_is_required(store):
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#fr-timezone").value = "America/Denver"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "FirstRunScreen"
        assert "your name" in text_of(app)
    assert store.profile().name == ""


async def test_an_unknown_system_zone_leaves_the_field_empty_never_new_york(store, monkeypatch):
    monkeypatch.setattr(casefile, "system_timezone", lambda: None)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.screen.query_one("#fr-timezone").value == ""
        await pilot.press(*"Ana Doe", "ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "FirstRunScreen"  # the zone must be given
    assert store.profile().name == ""


async def test_later_runs_go_straight_home(store):
    with_profile(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert "FirstRunScreen" not in [type(s).__name__ for s in app.screen_stack]


sync_tests(globals())
