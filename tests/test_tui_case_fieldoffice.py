"""The field-office path in the TUI: re-call the NCSC, never the service-center or SCOPS steps."""

from __future__ import annotations

from datetime import timedelta

from tui_seed import NOW, frozen_now, seed_calls, settle, sync_tests, text_of

from companion.tui.app import CompanionCommands, make_app


def _footer_keys(app) -> set[str]:
    return {key for key, active in app.screen.active_bindings.items() if active.enabled and active.binding.show}


def field_office_request(store):
    ids = seed_calls(store)
    sr = store.add_service_request(ids[1], "7601 5555", "field-office", created=(NOW - timedelta(days=45)).date())
    return ids, sr


async def test_field_office_request_offers_the_recall_and_no_service_center_steps(store):
    _, fo = field_office_request(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_followups()
        await settle(app, pilot)
        screen = app.screen
        assert screen._selected().id == fo.id  # the older request is listed first
        keys = _footer_keys(app)
        assert "c" in keys and "1" not in keys and "2" not in keys
        footer = text_of(app).splitlines()[-1]
        assert "c 3 4 5 Record" in footer and "SCOPS" not in footer  # the recording keys, one label
        keys_line = str(screen.query_one("#fu-keys").render())
        assert "c called the NCSC again" in keys_line and "emailed SCOPS" not in keys_line
        titles = [t for t, _, _ in CompanionCommands(screen)._commands()]
        assert "Called the NCSC again (c)" in titles
        assert not any("service center" in t.lower() and "(1)" in t for t in titles)
        # The hidden keys do nothing on this path: nothing is recorded.
        await pilot.press("1")
        await pilot.press("2")
        await pilot.pause()
        assert type(app.screen).__name__ == "FollowUpsScreen"
        assert store.events() == []
        # The service-center request next to it offers the other path.
        await pilot.press("down")
        await pilot.pause()
        keys = _footer_keys(app)
        assert "1" in keys and "2" in keys and "c" not in keys


async def test_the_service_center_step_is_refused_for_a_field_office_request_even_when_run(store):
    _, fo = field_office_request(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_followups()
        await settle(app, pilot)
        app.screen.action_record("service_center_emailed")  # e.g. from an old palette entry
        await pilot.pause()
        assert type(app.screen).__name__ == "FollowUpsScreen"
    assert store.events(fo.id) == []


async def test_draft_for_a_field_office_request_is_the_ombudsman_letter(store):
    field_office_request(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_followups()
        await settle(app, pilot)
        await pilot.press("d")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ExportScreen"
        assert app.screen.kind == "ombudsman"


async def test_called_the_ncsc_again_with_a_new_referral_then_form_7001_is_next(store):
    _, fo = field_office_request(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_followups()
        await settle(app, pilot)
        assert app.screen._selected().id == fo.id
        await pilot.press("c")
        await pilot.pause()
        prompt = app.screen.query_one("#prompt-input")
        assert prompt.value == NOW.date().isoformat()
        # A date before the request was made is refused at once, in the prompt.
        prompt.value = "2026-01-01"
        await pilot.press("enter")
        await pilot.pause()
        assert "before request 76015555 was made" in str(app.screen.query_one("#prompt-error").render())
        prompt.value = "2026-03-09"
        await pilot.press("enter")
        await pilot.pause()
        assert "New referral number" in text_of(app)
        ref = app.screen.query_one("#prompt-input")
        ref.value = "12"  # not a referral number: inline error, nothing written
        await pilot.press("enter")
        await pilot.pause()
        assert "referral number" in str(app.screen.query_one("#prompt-error").render())
        assert store.events() == []
        ref.value = "7601 9999"
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "FollowUpsScreen"
        screen = text_of(app)
        # The re-call is recorded against the first request, the new number linked to it.
        [event] = store.events(fo.id)
        assert (event.kind, event.on.isoformat()) == ("ncsc_called", "2026-03-09")
        [child] = [s for s in store.service_requests() if s.parent_sr_id == fo.id]
        assert (child.referral_number, child.venue) == ("76019999", "field-office")
        # The next step is shown, never "closed": Form 7001 30 days after the re-call.
        assert "you called the NCSC again" in screen
        assert "2026-04-08" in screen and "Form 7001" in screen
        assert f"#{fo.id} 76015555 field office · created 2026-01-24 · call #2 — upcoming 2026-04-08" in screen
        assert "closed" not in screen
        assert f"#{child.id} 76019999 field office" in screen and "given on a re-call" in screen


async def test_a_recall_without_a_new_referral_records_only_the_call(store):
    _, fo = field_office_request(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_followups()
        await settle(app, pilot)
        await pilot.press("c", "enter")  # today
        await pilot.pause()
        await pilot.press("enter")  # no new referral number
        await settle(app, pilot)
        assert "Form 7001" in text_of(app)
    assert [e.kind for e in store.events(fo.id)] == ["ncsc_called"]
    assert [s.parent_sr_id for s in store.service_requests()] == [None, None]


async def test_escape_on_the_referral_question_records_nothing(store):
    field_office_request(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_followups()
        await settle(app, pilot)
        await pilot.press("c", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "FollowUpsScreen"
    assert store.events() == []


async def test_export_offers_no_service_center_or_scops_letter_for_a_field_office_call(store):
    ids = seed_calls(store)
    store.add_service_request(ids[2], "7601 5555", "field-office", created=(NOW - timedelta(days=7)).date())
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_export(ids[2])
        await settle(app, pilot)
        keys = _footer_keys(app)
        assert "s" not in keys and "p" not in keys
        head = str(app.screen.query_one("#export-head").render())  # the letters' keys are its tabs
        assert " o Ombudsman " in head and "Service center" not in head and "SCOPS" not in head
        await pilot.press("s")
        await pilot.press("p")
        await settle(app, pilot)
        assert app.screen.kind == "ombudsman"
        # The service-center call next to it still has both.
        app.action_export(ids[1])
        await settle(app, pilot)
        head = str(app.screen.query_one("#export-head").render())
        assert " s Service center " in head and " p SCOPS " in head


async def test_export_adds_the_users_sentence_on_what_went_wrong(store):
    ids = seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_export(ids[1])
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = "The agent hung up before giving a [referral] number."
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ExportScreen"
        assert "The agent hung up before giving a [referral] number." in app.screen.draft.as_text()


sync_tests(globals())
