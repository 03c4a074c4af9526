"""Snapshots of the first-run form, the Case screen and the Form 7001 helper at 100x30.

Frozen clock, data written through the store API only, no cursor blink: deterministic.
Update with ``pytest tests/test_tui_case_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from textual.widgets import Input
from tui_seed import NOW, frozen_now, seed_calls

from companion import casefile
from companion.tui.app import make_app

SIZE = (100, 30)


async def _settle(pilot) -> None:
    app = pilot.app
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _case(store) -> None:
    ids = seed_calls(store)
    store.update_call(ids[1], tier_reached=2, hold_seconds=600.0, notes="Officer Grant made the request")
    store.add_field(ids[1], "staff_name", "Grant", status="confirmed", start=40.0)
    store.add_field(ids[1], "staff_id", "4821", status="confirmed", start=42.0)
    casefile.link_call(store, "IOE0891447326", ids[1])
    casefile.link_call(store, "IOE0891447326", ids[2])
    [sr] = store.service_requests()
    store.record_event("service_center_emailed", "2026-03-02", sr_id=sr.id, today=NOW.date())


def test_first_run(snap_compare, store, monkeypatch):
    monkeypatch.setattr(casefile, "system_timezone", lambda: "America/Chicago")
    assert snap_compare(make_app(store=store, now=frozen_now), terminal_size=SIZE, run_before=_settle)


def test_case_screen(snap_compare, store):
    _case(store)

    async def open_case(pilot) -> None:
        await _settle(pilot)
        await pilot.press("c", "enter")
        await _settle(pilot)
        await _settle(pilot)

    assert snap_compare(make_app(store=store, now=frozen_now), terminal_size=SIZE, run_before=open_case)


def test_form7001(snap_compare, store):
    _case(store)

    async def open_form(pilot) -> None:
        await _settle(pilot)
        await pilot.press("c", "enter")
        await _settle(pilot)
        await pilot.press("7")
        await _settle(pilot)
        await _settle(pilot)

    assert snap_compare(make_app(store=store, now=frozen_now), terminal_size=SIZE, run_before=open_form)
