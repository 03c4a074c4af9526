"""Dates that make sense, in the TUI: refused with one line in the prompt, nothing written;
an Ombudsman request after the 90-day window only after a yes/no question."""

from __future__ import annotations

from datetime import timedelta

from tui_seed import NOW, frozen_now, seed_calls, settle, sync_tests, text_of

from companion.tui.app import make_app


def prompt_error(app) -> str:
    return str(app.screen.query_one("#prompt-error").render())


async def test_future_and_before_the_request_dates_are_refused_in_the_prompt(store):
    seed_calls(store)
    [sr] = store.service_requests()
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_followups()
        await settle(app, pilot)
        await pilot.press("1")
        await pilot.pause()
        prompt = app.screen.query_one("#prompt-input")
        prompt.value = "2026-03-11"  # tomorrow, by the app's clock
        await pilot.press("enter")
        await pilot.pause()
        assert "is in the future" in prompt_error(app)
        prompt.value = "2026-01-01"  # before the request was made (2026-01-29)
        await pilot.press("enter")
        await pilot.pause()
        assert "before the service request was made (2026-01-29)" in prompt_error(app)
        assert store.events() == []
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "FollowUpsScreen"
    assert store.events(sr.id) == []


async def test_ombudsman_request_after_the_window_asks_before_recording(store):
    ids = seed_calls(store)
    old = ids[0]  # 120 days ago: its 90-day window closed on 2026-02-08
    store.add_service_request(old, "7601 2222", "service-center", created=(NOW - timedelta(days=110)).date(),
                              today=NOW.date())
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_followups()
        await settle(app, pilot)
        screen = app.screen
        screen.query_one("#sr-list").highlighted = [r.call_id for r in screen.requests].index(old)
        await pilot.pause()
        await pilot.press("5", "enter")  # today
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert "after the call's 90-day window" in app.screen.title_text
        assert "The window closed on 2026-02-08" in text_of(app)
        await pilot.press("n")
        await settle(app, pilot)
        assert store.events() == []
        await pilot.press("5", "enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        [event] = store.events()
        assert (event.kind, event.call_id, event.on) == ("ombudsman_review_requested", old, NOW.date())


async def test_ombudsman_request_inside_the_window_is_recorded_without_a_question(store):
    ids = seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_followups()
        await settle(app, pilot)
        await pilot.press("5", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "FollowUpsScreen"
    [event] = store.events()
    assert (event.kind, event.call_id) == ("ombudsman_review_requested", ids[1])


sync_tests(globals())
