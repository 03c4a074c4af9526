"""Pilot tests of the Live call screen, driven by the keyboard as a user would."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest
from tui_seed import LIVE_NOW as NOW
from tui_seed import LiveApp, run_async, wait_for

from companion.records import CONFIRMED, REJECTED
from companion.tui.live.dialogs import ConsentScreen, SummaryScreen
from companion.tui.live_call import LiveCallScreen


def live(app) -> LiveCallScreen:
    screen = app.screen_stack[1] if len(app.screen_stack) > 1 else app.screen
    assert isinstance(screen, LiveCallScreen)
    return screen


async def replay_to_end(pilot, screen) -> None:
    await wait_for(pilot, lambda: screen.capture_state == "ended")
    await pilot.pause()


@run_async
async def test_replay_fills_candidates_and_confirm_commits(consented, shared_corpus):
    store = consented
    app = LiveApp(store, replay=shared_corpus / "transfer-to-tier2.jsonl", speed=1000)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = live(app)
        await replay_to_end(pilot, screen)
        panel = screen.fields_panel
        values = {f.value for f in panel.fields.values()}
        assert "EAC2219050123" in values
        prompts = [str(o.prompt) for o in panel.option_list.options]
        assert any("EAC2219050123" in p and "%" in p and p.endswith("?") for p in prompts), prompts
        # Transcript shows the finals with time.
        assert any("transfer you to a tier two officer" in line for line in screen.transcript.lines)
        assert screen.session.tier.tier == 2
        assert store.call(screen.session.call_id).tier_reached == 2
        # Select the receipt and confirm it with one key.
        receipt = next(f for f in panel.fields.values() if f.value == "EAC2219050123")
        panel.option_list.focus()
        await pilot.pause()
        while panel.selected().id != receipt.id:
            await pilot.press("down")
        await pilot.press("c")
        await pilot.pause()
        assert store.field(receipt.id).status == CONFIRMED
        assert "✓" in str(panel.option_list.get_option(f"f{receipt.id}").prompt)
        # Checklist ticked itself: staff asked, referral noted.
        done = screen.checklist_done()
        assert done["staff"] and done["referral"] and done["receipt"]
        # Reject another.
        await pilot.press("down")
        other = panel.selected()
        await pilot.press("x")
        await pilot.pause()
        assert store.field(other.id).status == REJECTED


@run_async
async def test_edit_with_invalid_value_shows_error_and_keeps_db(consented, shared_corpus):
    store = consented
    app = LiveApp(store, replay=shared_corpus / "transfer-to-tier2.jsonl", speed=1000)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = live(app)
        await replay_to_end(pilot, screen)
        panel = screen.fields_panel
        receipt = next(f for f in panel.fields.values() if f.kind == "receipt_number")
        panel.select(receipt.id)
        await pilot.press("e")
        await pilot.pause()
        edit = screen.query_one("#live-field-edit")
        assert edit.has_focus
        edit.value = ""
        await pilot.press(*"EAC22", "enter")
        await pilot.pause()
        assert "receipt" in panel.error_text.lower()
        assert store.field(receipt.id).value == receipt.value
        assert store.field(receipt.id).status == receipt.status
        # A valid correction is committed, typed and confirmed.
        edit.value = ""
        await pilot.press(*"eac2219050124", "enter")
        await pilot.pause()
        saved = store.field(receipt.id)
        assert (saved.value, saved.status, saved.source) == ("EAC2219050124", CONFIRMED, "typed")
        assert panel.error_text == ""


class Clock:
    def __init__(self, start: datetime) -> None:
        self.t = start

    def __call__(self) -> datetime:
        return self.t


@run_async
async def test_hold_toggle_saves_hold_seconds(consented):
    clock = Clock(NOW)
    app = LiveApp(consented, manual=True, now=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = live(app)
        await pilot.pause()
        await pilot.press("h")
        clock.t = NOW + timedelta(minutes=12, seconds=30)
        screen._refresh_clock()
        assert "ON HOLD 12:30" in str(screen.query_one("#live-status").render())
        await pilot.press("h")
        assert consented.call(screen.session.call_id).hold_seconds == pytest.approx(750)
        await pilot.press("h")
        clock.t += timedelta(seconds=30)
        await pilot.press("h")
        assert consented.call(screen.session.call_id).hold_seconds == pytest.approx(780)


@run_async
async def test_end_call_shows_ombudsman_date_and_returns(consented, shared_corpus):
    store = consented
    app = LiveApp(store, replay=shared_corpus / "tier1-service-request.jsonl", speed=1000, now=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = live(app)
        await replay_to_end(pilot, screen)
        call_id = screen.session.call_id
        # Record the service request: the referral defaults to the captured one.
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.query_one("#live-sr-referral").value == "76013389"
        await pilot.press(*"expedite", "enter")
        await pilot.pause()
        assert [sr.referral_number for sr in store.service_requests(call_id)] == ["76013389"]
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        text = str(app.screen.query_one("#live-summary-followups").render())
        ombudsman_day = (NOW.astimezone(store.profile().zone).date() + timedelta(days=90)).isoformat()
        assert ombudsman_day in text, text
        assert store.call(call_id).ended_at is not None
        await pilot.press("enter")
        await pilot.pause()
        assert app.left_with == call_id
        assert not isinstance(app.screen, LiveCallScreen)


@run_async
async def test_service_request_venue_field_office_is_recorded(consented, shared_corpus):
    store = consented
    app = LiveApp(store, replay=shared_corpus / "tier1-service-request.jsonl", speed=1000, now=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = live(app)
        await replay_to_end(pilot, screen)
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#live-venue-field-office").value = True
        await pilot.pause()
        app.screen.query_one("#live-sr-type").focus()
        await pilot.press(*"reschedule", "enter")
        await pilot.pause()
        [sr] = store.service_requests(screen.session.call_id)
        assert (sr.referral_number, sr.venue, sr.type) == ("76013389", "field-office", "reschedule")


@run_async
async def test_summary_says_when_a_heard_referral_has_no_service_request(consented, shared_corpus):
    app = LiveApp(consented, replay=shared_corpus / "tier1-service-request.jsonl", speed=1000, now=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = live(app)
        await replay_to_end(pilot, screen)
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        facts = str(app.screen.query_one("#live-summary-facts").render())
        assert "Referral 76013389 was heard but no service request is recorded" in facts, facts


@run_async
async def test_manual_mode_without_model(store, monkeypatch):
    from companion.asr import models

    monkeypatch.setattr(models, "resolve_model", lambda explicit=None, language=None: None)
    app = LiveApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        # First run: the consent notice, answered once and remembered.
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen))
        await pilot.press("enter")
        await pilot.pause()
        assert store.profile().consent_acknowledged
        screen = live(app)
        await wait_for(pilot, lambda: screen.model_missing)
        assert "No speech model found" in screen.banner_text
        # Fetching fails cleanly (no network here): the message is shown.
        monkeypatch.setattr(models, "fetch_model", _failing_fetch)
        await pilot.press("f")
        await wait_for(pilot, lambda: not screen.fetching)
        assert "Could not fetch the model" in screen.banner_text
        # Typing a field that was never heard.
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("down", "enter")  # staff ID
        await pilot.press(*"22719", "enter")
        await pilot.pause()
        fields = store.fields(screen.session.call_id)
        assert [(f.kind, f.value, f.status) for f in fields] == [("staff_id", "22719", CONFIRMED)]
        assert screen.checklist_done()["staff"]
        # Notes are saved (debounced) and durable.
        await pilot.press("n", *"asked for expedite")
        await pilot.pause(1.2)
        assert store.call(screen.session.call_id).notes == "asked for expedite"


def _failing_fetch(*args, progress=None, **kwargs):
    from companion.errors import UserError

    if progress:
        progress(0, 41_205_931)
    raise UserError("could not download https://alphacephei.com/vosk/models/x.zip: network unreachable")


@run_async
async def test_consent_is_not_asked_twice(consented, monkeypatch):
    app = LiveApp(consented, manual=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LiveCallScreen)


@run_async
async def test_captured_rows_are_in_the_database_while_the_call_runs(consented, shared_corpus, companion_home):
    """Another reader (a second connection, as `companion calls --json` would) sees them."""
    from companion.locations import database_path

    app = LiveApp(consented, replay=shared_corpus / "transfer-to-tier2.jsonl", speed=1000)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = live(app)
        await replay_to_end(pilot, screen)
        other = sqlite3.connect(database_path())
        n_utt = other.execute("select count(*) from utterances where call_id = ?", [screen.session.call_id]).fetchone()[0]
        values = {r[0] for r in other.execute("select value from fields where call_id = ?", [screen.session.call_id])}
        ended = other.execute("select ended_at from calls where id = ?", [screen.session.call_id]).fetchone()[0]
        other.close()
        assert n_utt == 11 and "EAC2219050123" in values and ended is None


@run_async
async def test_auto_scroll_pauses_while_scrolled_back(consented):
    app = LiveApp(consented, manual=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = live(app)
        t = screen.transcript
        for i in range(60):
            t.add_final(f"line {i}", float(i), "agent" if i % 2 else "caller")
        await pilot.pause()
        log = t.log_widget
        assert log.following and log.scroll_y == log.max_scroll_y > 0
        log.focus()
        await pilot.press("pageup")
        await pilot.pause()
        assert not log.following
        assert screen.query_one("#live-paused").display
        y = log.scroll_y
        t.add_final("a new line", 61.0, "agent")
        await pilot.pause()
        assert log.scroll_y == y  # stays where the user is reading
        await pilot.press("end")
        await pilot.pause()
        assert log.following and not screen.query_one("#live-paused").display
        t.add_final("another", 62.0, "agent")
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y
        assert "01:02 agent: another" in t.lines[-1]


@run_async
async def test_service_request_with_bad_referral_shows_error(consented):
    app = LiveApp(consented, manual=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = live(app)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"12", "enter")
        await pilot.pause()
        assert "referral" in str(app.screen.query_one("#live-sr-error").render()).lower()
        assert consented.service_requests(screen.session.call_id) == []
        await pilot.press("escape")
        await pilot.press("g")
        await pilot.pause()
        assert screen.query_one("#live-left").current == "live-guide"
        assert "Tier 2" in str(screen.query_one("#live-guide").render())


@run_async
async def test_quitting_mid_call_saves_notes_and_end_time(consented, shared_corpus):
    app = LiveApp(consented, replay=shared_corpus / "transfer-to-tier2.jsonl", speed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = live(app)
        await pilot.press("n", *"on hold again")
        call_id = screen.session.call_id
        await app.action_quit()
    call = consented.call(call_id)
    assert call.ended_at is not None and call.notes == "on hold again"


@run_async
async def test_actions_are_in_the_command_palette(consented):
    app = LiveApp(consented, manual=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = live(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"hold timer")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.on_hold
