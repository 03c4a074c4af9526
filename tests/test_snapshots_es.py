"""Snapshots of Home, the live call, Review, Follow-ups and the case timeline in Spanish.

Same data, clock and size as ``test_snapshots.py``, ``test_snapshot_live.py`` and
``test_tui_case_snapshots.py``; only ``language="es"`` differs. Update with
``--snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from test_snapshot_live import settle as settle_live
from test_snapshots import SIZE, _settle
from test_tui_case_snapshots import _case
from tui_seed import frozen_now, replayed_live_call, seed_calls, until_replay_ends

from companion.tui.app import make_app


def test_home_es(snap_compare, store):
    seed_calls(store)
    assert snap_compare(make_app(store=store, now=frozen_now, language="es"), terminal_size=SIZE, run_before=_settle)


def test_live_call_mid_call_es(snap_compare, store):

    app = replayed_live_call(store, language="es")

    async def run_before(pilot) -> None:
        await until_replay_ends(app)
        await pilot.press("down", "down", "c", "down")
        await settle_live(pilot, app.screen)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_review_call_es(snap_compare, store):
    _case(store)  # the 80-day-old call: tier 2, on hold, a request, notes, confirmed and candidate fields
    closing = sorted(c.id for c in store.calls())[1]

    async def open_call(pilot) -> None:
        pilot.app.action_review(closing)
        await _settle(pilot)
        await _settle(pilot)

    assert snap_compare(make_app(store=store, now=frozen_now, language="es"), terminal_size=SIZE, run_before=open_call)


def test_followups_es(snap_compare, store):
    _case(store)

    async def open_followups(pilot) -> None:
        pilot.app.action_followups()
        await _settle(pilot)
        await _settle(pilot)

    assert snap_compare(
        make_app(store=store, now=frozen_now, language="es"), terminal_size=SIZE, run_before=open_followups
    )


def test_case_screen_es(snap_compare, store):
    _case(store)

    async def open_case(pilot) -> None:
        await _settle(pilot)
        await pilot.press("c", "enter")
        await _settle(pilot)
        await _settle(pilot)

    assert snap_compare(make_app(store=store, now=frozen_now, language="es"), terminal_size=SIZE, run_before=open_case)
