"""Delete an accidental call, service request or follow-up event (after a yes/no question),
and u restores the last deletion — asserted on the screen and in the real database."""

from __future__ import annotations

from tui_seed import NOW, frozen_now, seed_calls, settle, sync_tests, text_of

from companion import casefile
from companion.tui.app import make_app


async def test_delete_a_call_from_review_asks_first_then_u_restores_it(store):
    ids = seed_calls(store)
    recent = ids[2]
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_review(recent)
        await settle(app, pilot)
        await pilot.press("delete")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert f"Delete call #{recent} of Tue 2026-03-03 10:00 EST?" in text_of(app)
        await pilot.press("n")  # changed my mind: nothing happens
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CallReviewScreen"
        assert recent in [c.id for c in store.calls()]
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        # The call left every list, and its review closed; Home no longer lists it.
        assert recent not in [c.id for c in store.calls()]
        assert type(app.screen).__name__ == "HomeScreen"
        assert f"#{recent} " not in text_of(app)
        assert [t.what for t in store.trash()] == ["call"]
        await pilot.press("u")
        await settle(app, pilot)
        assert recent in [c.id for c in store.calls()]
        assert f"#{recent} " in text_of(app)
        # The transcript came back with it.
        assert len(store.utterances(recent)) == 7
        await pilot.press("u")  # nothing left to undo: says so, changes nothing
        await settle(app, pilot)
        assert len(store.calls()) == 3


async def test_delete_a_request_and_an_event_in_follow_ups_and_undo_each(store):
    seed_calls(store)
    [sr] = store.service_requests()
    first = store.record_event("service_center_emailed", "2026-03-02", sr_id=sr.id, today=NOW.date())
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_followups()
        await settle(app, pilot)
        assert "you emailed the service center" in text_of(app)
        # An event: Tab to the timeline, pick it, Del, y.
        await pilot.press("tab")
        await pilot.pause()
        timeline = app.screen.query_one("#timeline")
        assert timeline.has_focus
        assert timeline.highlighted_option.id == f"event-{first.id}"
        await pilot.press("delete")
        await pilot.pause()
        assert "Delete 'you emailed the service center' on 2026-03-02?" in text_of(app)
        await pilot.press("y")
        await settle(app, pilot)
        assert store.events() == []
        assert "you emailed the service center" not in text_of(app)
        assert "Email the Vermont Service Center" in text_of(app)  # the step is open again
        await pilot.press("u")
        await settle(app, pilot)
        assert [e.id for e in store.events()] == [first.id]
        # The request itself: back on the list, Del, y; its event goes with it.
        await pilot.press("shift+tab")
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert "Delete service request 76013389" in text_of(app)
        await pilot.press("y")
        await settle(app, pilot)
        assert store.service_requests() == [] and store.events() == []
        assert "No service requests yet" in text_of(app)
        await pilot.press("u")
        await settle(app, pilot)
        assert [s.id for s in store.service_requests()] == [sr.id]
        assert [e.id for e in store.events()] == [first.id]


async def test_delete_from_the_case_screen_and_escape_keeps_everything(store):
    ids = seed_calls(store)
    casefile.link_call(store, "IOE0891447326", ids[1])
    [sr] = store.service_requests()
    ev = store.record_event("service_center_emailed", "2026-03-02", sr_id=sr.id, today=NOW.date())
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("c", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "CaseScreen"
        timeline = app.screen.query_one("#case-timeline")
        ids_shown = [timeline.get_option_at_index(i).id for i in range(timeline.option_count)]
        assert ids_shown == [f"call-{ids[1]}", f"sr-{sr.id}", f"event-{ev.id}"]
        timeline.highlighted = 2
        await pilot.press("delete")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("escape")
        await settle(app, pilot)
        assert [e.id for e in store.events()] == [ev.id]
        await pilot.press("delete", "y")
        await settle(app, pilot)
        assert store.events() == []
        assert "✓ You:" not in text_of(app)
        await pilot.press("u")
        await settle(app, pilot)
        assert "✓ You: emailed the service center" in text_of(app)


async def test_delete_from_the_list_of_past_calls(store):
    ids = seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert "3 call(s)" in text_of(app)
        await pilot.press("delete", "y")  # the newest call is highlighted first
        await settle(app, pilot)
        assert "2 call(s)" in text_of(app)
        assert [c.id for c in store.calls()] == [ids[1], ids[0]]
        await pilot.press("u")
        await settle(app, pilot)
        assert "3 call(s)" in text_of(app)


async def test_the_deletion_notice_names_what_was_deleted_in_the_users_language(store):
    # the trash table keeps its label in English; a Spanish user reads it in Spanish
    ids = seed_calls(store)
    store.set_profile(language="es")
    recent = ids[2]
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_review(recent)
        await settle(app, pilot)
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert recent not in [c.id for c in store.calls()]
        said = [n.message for n in app._notifications]
        assert any(m.startswith(f"Se borró la llamada {recent} del ") for m in said), said
        assert not any(f"call {recent} of" in m for m in said), said


sync_tests(globals())
