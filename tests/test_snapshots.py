"""Snapshots of Home, Review and Export at 100x30 (Textual is pinned for this).

The clock is frozen (``now=frozen_now``), the data is written through the store API
only (no extractor), and cursors do not blink, so the pictures are deterministic.
Update with ``pytest tests/test_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from textual.widgets import Input
from tui_seed import frozen_now, seed_calls

from companion.tui.app import make_app

SIZE = (100, 30)


async def _settle(pilot) -> None:
    app = pilot.app
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_home(snap_compare, store):
    seed_calls(store)
    assert snap_compare(make_app(store=store, now=frozen_now), terminal_size=SIZE, run_before=_settle)


def test_review_call(snap_compare, store):
    ids = seed_calls(store)
    store.set_field(store.fields(ids[2])[0].id, status="confirmed")

    async def open_call(pilot) -> None:
        pilot.app.action_review(ids[2])
        await _settle(pilot)
        await _settle(pilot)

    assert snap_compare(make_app(store=store, now=frozen_now), terminal_size=SIZE, run_before=open_call)


def test_review_search(snap_compare, store):
    seed_calls(store)

    async def search(pilot) -> None:
        pilot.app.action_review(None, True)
        await _settle(pilot)
        await pilot.press(*"service request", "enter")
        await _settle(pilot)

    assert snap_compare(make_app(store=store, now=frozen_now), terminal_size=SIZE, run_before=search)


def test_export(snap_compare, store):
    ids = seed_calls(store)

    async def open_export(pilot) -> None:
        pilot.app.action_export(ids[2])
        await _settle(pilot)

    assert snap_compare(make_app(store=store, now=frozen_now), terminal_size=SIZE, run_before=open_export)
