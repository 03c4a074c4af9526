"""Snapshot of the Live call mid-call at 100×30, in the real app (its stylesheet too).

The replay has run to its end (the call is still open), one field is confirmed; the
clock is frozen through ``now`` so the timers read the same every run.
"""

from __future__ import annotations

from tui_seed import replayed_live_call, until_replay_ends


async def settle(pilot, screen) -> None:
    """Wait until the transcript's layout stops changing (deferred RichLog renders)."""
    log = screen.transcript.log_widget
    last = None
    for _ in range(50):
        await pilot.pause(0.05)
        await pilot.wait_for_scheduled_animations()
        state = (log.virtual_size, log.scroll_y, log.max_scroll_y, log.size, len(log.lines))
        if state == last:
            return
        last = state


def test_live_call_mid_call(snap_compare, store, shared_corpus):

    app = replayed_live_call(store)

    async def run_before(pilot) -> None:
        await until_replay_ends(app)
        await pilot.press("down", "down", "c", "down")
        await settle(pilot, app.screen)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
