"""'This call is about…' in Prepare; the Live screen shows that case's numbers to read out."""

from __future__ import annotations

from tui_seed import frozen_now, seed_calls, settle, sync_tests, text_of

from companion.tui.app import make_app


async def pick_in_prepare(app, pilot, index: int) -> None:
    """Open Prepare, open the 'This call is about' menu and choose option ``index``."""
    app.action_prepare()
    await settle(app, pilot)
    app.screen.query_one("#about-case").focus()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*["down"] * index, "enter")
    await pilot.pause()


async def test_the_case_picked_in_prepare_is_on_the_live_screen(store):
    seed_calls(store)
    store.add_case("LIN2490055555", form_type="I-765", a_number="A201553987", priority_date="2024-02-01")
    store.set_profile(consent_acknowledged=True)
    app = make_app(store=store, now=frozen_now, manual=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pick_in_prepare(app, pilot, 2)  # no case, IOE…, EAC…
        eac = next(c for c in store.cases() if c.receipt_number == "LIN2490055555")
        assert app.about_case_id == eac.id
        await pilot.press("escape")
        await settle(app, pilot)
        assert "Next call is about LIN2490055555" in text_of(app)  # Home says so
        await pilot.press("n")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "LiveCallScreen"
        screen = text_of(app)
        assert "Your case (read out)" in screen
        assert "LIN2490055555 (I-765)" in screen
        assert "A201553987" in screen
        assert "2024-02-01" in screen
        call_id = app.screen.session.call_id
    # The call joined the case the moment it started (before anything was said).
    from companion import casefile

    assert casefile.case_of_call(store, call_id).receipt_number == "LIN2490055555"
    timeline = casefile.case_timeline(store, "LIN2490055555", frozen_now().date())
    assert [c["id"] for c in timeline["calls"]] == [call_id]


async def test_without_a_pick_the_live_screen_shows_no_case(store):
    seed_calls(store)
    store.set_profile(consent_acknowledged=True)
    app = make_app(store=store, now=frozen_now, manual=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "LiveCallScreen"
        assert "Your case (read out)" not in text_of(app)
        call_id = app.screen.session.call_id
    from companion import casefile

    assert casefile.case_of_call(store, call_id) is None  # a call with no case still works


async def test_a_deleted_case_is_no_longer_picked(store):
    seed_calls(store)
    store.set_profile(consent_acknowledged=True)
    app = make_app(store=store, now=frozen_now, manual=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pick_in_prepare(app, pilot, 1)
        [case] = store.cases()
        assert app.about_case_id == case.id
        store.delete_case(case.id)
        assert app.about_case() is None and app.about_case_id is None


sync_tests(globals())
