"""The Case screen: one case's timeline, reachable from Home and Review, and its Form 7001."""

from __future__ import annotations

from tui_seed import NOW, frozen_now, seed_calls, settle, sync_tests, text_of

from companion import casefile
from companion.tui.app import make_app

RECEIPT = "IOE0891447326"


def case_with_two_calls(store):
    """Two calls about the seed's case: a Tier 2 call with a request and an email, a recent one."""
    ids = seed_calls(store)
    _, closing, recent = ids
    store.update_call(closing, tier_reached=2, hold_seconds=600.0)
    store.add_field(closing, "staff_name", "Officer Grant", status="confirmed", start=40.0)
    store.add_field(closing, "staff_id", "4821", status="confirmed", start=42.0)
    casefile.link_call(store, RECEIPT, closing)
    casefile.link_call(store, RECEIPT, recent)
    [sr] = store.service_requests()
    store.record_event("service_center_emailed", "2026-03-02", sr_id=sr.id, today=NOW.date())
    return ids


async def open_case_from_home(app, pilot) -> None:
    await settle(app, pilot)
    await pilot.press("c")
    await settle(app, pilot)
    assert type(app.screen).__name__ == "CasesScreen"
    await pilot.press("enter")
    await settle(app, pilot)
    assert type(app.screen).__name__ == "CaseScreen"


async def test_case_timeline_from_home_shows_calls_requests_events_and_what_is_due(store):
    old, closing, recent = case_with_two_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 40)) as pilot:  # wide enough that no line wraps
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert "IOE0891447326 · I-485 · A201553987  2 calls, 1 request" in text_of(app)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = text_of(app)
        assert "Case IOE0891447326 · I-485 · A-number A201553987" in screen
        # Each call: date and time in the user's zone, length, hold, tier.
        assert f"2025-12-20 11:00 EST  Call #{closing} · 01:11 long · on hold 10:00 · Tier 2" in screen
        assert f"2026-03-03 10:00 EST  Call #{recent} · 01:11 long · on hold 00:00 · tier not recorded" in screen
        # Staff as name-and-ID pairs, Tier 1 and Tier 2; an unconfirmed value is marked.
        assert (
            "Staff: Tier 1: Helen (not yet confirmed), ID 5118 (not yet confirmed); Tier 2: Officer Grant, ID 4821"
            in screen
        )
        assert "Referral: 76013389 (not yet confirmed)" in screen
        assert "Service request 76013389 · service center" in screen
        assert "✓ You: emailed the service center (request 76013389)" in screen
        # What is due next: SCOPS, 21 days after the service-center email.
        assert "Due next" in screen
        assert "2026-03-23 (in 13 days) Email USCIS Service Center Operations (SCOPS)" in screen
        # The older call with no link and no confirmed receipt is not part of the case.
        assert f"Call #{old} " not in screen
        # In date order: the Tier 2 call, its request, the email, the recent call.
        order = [screen.index(s) for s in (f"Call #{closing}", "Service request 76013389", "✓ You:", f"Call #{recent}")]
        assert order == sorted(order)


async def test_times_are_shown_in_the_users_zone(store):
    _, closing, _ = case_with_two_calls(store)
    store.set_profile(timezone="America/Los_Angeles")  # the user moved west after the calls
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_case_from_home(app, pilot)
        assert f"2025-12-20 08:00 PST  Call #{closing}" in text_of(app)


async def test_enter_on_a_call_opens_its_review_and_review_k_opens_the_case(store):
    _, closing, recent = case_with_two_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_case_from_home(app, pilot)
        await pilot.press("enter")  # the first row: the Tier 2 call
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CallReviewScreen"
        assert app.screen.call_id == closing
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CaseScreen"
        # From Review of a call that belongs to the case, k opens the case.
        app.action_review(recent)
        await settle(app, pilot)
        assert f"case {RECEIPT} (k opens it)" in text_of(app)
        await pilot.press("k")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CaseScreen"
        assert app.screen.timeline["case"]["receipt_number"] == RECEIPT


async def test_review_of_a_call_with_no_case_offers_no_case_key(store):
    old, _, _ = case_with_two_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        app.action_review(old)
        await settle(app, pilot)
        assert "no case" in text_of(app)
        await pilot.press("k")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CallReviewScreen"
        assert "k Case" not in text_of(app).splitlines()[-1]


async def test_form7001_from_the_case_screen_shows_and_saves_the_helper(store, companion_home):
    case_with_two_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_case_from_home(app, pilot)
        await pilot.press("7")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "Form7001Screen"
        screen = text_of(app)
        assert "DHS Form 7001 (CIS Ombudsman case assistance request): IOE0891447326" in screen
        assert "Applicant name: Ana Doe" in screen
        assert "Not yet" in screen  # SCOPS has not been emailed: the avenues are not used up
        await pilot.press("m")
        await pilot.pause()
        assert type(app.screen).__name__ == "PromptScreen"
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "Form7001Screen"
    path = companion_home / "exports" / f"case-{RECEIPT}-form7001.md"
    assert (path.stat().st_mode & 0o777) == 0o600
    expected = casefile.form7001_for(store, RECEIPT, NOW.date()).render("md")
    assert path.read_text(encoding="utf-8") == expected
    assert expected.startswith("# DHS Form 7001")


async def test_cases_list_without_cases_says_how_to_add_one(store):
    from tui_seed import with_profile

    with_profile(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert "No cases yet: add your receipt number in Prepare (p)." in text_of(app)


async def test_link_a_past_call_to_a_case_from_review(store):
    old, _, _ = case_with_two_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_review(old)
        await settle(app, pilot)
        assert "no case (l links one)" in text_of(app)
        await pilot.press("l")
        await pilot.pause()
        prompt = app.screen.query_one("#prompt-input")
        assert prompt.value == RECEIPT  # the only case on file
        prompt.value = "IOE0000000000"
        await pilot.press("enter")
        await pilot.pause()
        assert "no case with receipt number IOE0000000000" in str(app.screen.query_one("#prompt-error").render())
        prompt.value = "ioe 089 144 7326"
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CallReviewScreen"
        assert f"case {RECEIPT} (k opens it)" in text_of(app)
        assert casefile.case_of_call(store, old).receipt_number == RECEIPT
        await pilot.press("k")
        await settle(app, pilot)
        assert f"Call #{old} " in text_of(app)


sync_tests(globals())
