"""Review of one call shows its notes, tier, hold time and service requests (Pilot, real store)."""

from __future__ import annotations

from datetime import timedelta

from tui_seed import NOW, frozen_now, seed_calls, settle, sync_tests, text_of

from companion.tui.app import make_app


async def test_review_head_shows_tier_hold_requests_and_notes(store):
    ids = seed_calls(store)
    call_id = ids[1]  # the seed's service-center request was made on this call
    store.update_call(call_id, tier_reached=2, hold_seconds=754.0, notes="Officer said [bold]wait[/bold]\nsecond line")
    store.add_service_request(call_id, "7601 4444", "field-office", type="expedite", created=(NOW - timedelta(days=7)).date())
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_review(call_id)
        await settle(app, pilot)
        screen = text_of(app)
        assert "Tier 2 · on hold 12:34" in screen
        # Both requests of this call, each with its venue, type and day.
        assert "Service request 76013389 · service center · created 2026-01-29" in screen
        assert "Service request 76014444 · field office · expedite · created 2026-03-03" in screen
        # Notes are data: shown literally, never read as markup.
        assert "Notes: Officer said [bold]wait[/bold]" in screen
        assert "second line" in screen


async def test_review_head_without_tier_requests_or_notes_says_so(store):
    ids = seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_review(ids[0])
        await settle(app, pilot)
        screen = text_of(app)
        assert "tier not recorded · on hold 00:00" in screen
        assert "No service request recorded" in screen
        assert "No notes." in screen


async def test_review_head_shows_a_request_as_soon_as_it_is_recorded(store):
    ids = seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_review(ids[2])
        await settle(app, pilot)
        assert "No service request recorded" in text_of(app)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("backspace", "f", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CallReviewScreen"
        assert "Service request 76013389 · field office" in text_of(app)
    assert [sr.venue for sr in store.service_requests(ids[2])] == ["field-office"]


sync_tests(globals())
