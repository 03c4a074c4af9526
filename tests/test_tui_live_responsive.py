"""The Live call answers keys within 100 ms while a x20 replay is committing results,
and leaves no thread behind when the app quits."""

from __future__ import annotations

import asyncio
import importlib.util
import threading
import time

from conftest import REPO


def _bench():
    spec = importlib.util.spec_from_file_location("bench_live", REPO / "scripts" / "bench_live.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_keys_answer_within_100ms_during_x20_replay(store, shared_corpus):
    bench = _bench()
    store.set_profile(consent_acknowledged=True)
    out = asyncio.run(bench.measure(store, shared_corpus / "transfer-to-tier2.jsonl", 20, presses=30))
    s = bench.summarise(out["latencies"])
    print(
        f"\nkey latency during x20 replay: n={s['n']} median={s['median_ms']:.1f} ms "
        f"p95={s['p95_ms']:.1f} ms max={s['max_ms']:.1f} ms ({out['results_during']} results meanwhile)"
    )
    assert s["n"] >= 10 and out["results_during"] >= 3
    assert s["p95_ms"] < 100


def test_no_thread_outlives_the_app(store, shared_corpus):
    """Quitting mid-replay stops the feeder: nothing non-daemon keeps the process alive."""
    from textual.app import App

    from companion.tui.live_call import LiveCallScreen

    store.set_profile(consent_acknowledged=True)
    before = set(threading.enumerate())

    class QuitApp(App):
        def on_mount(self) -> None:
            self.push_screen(LiveCallScreen(store, replay=shared_corpus / "transfer-to-tier2.jsonl", speed=1))

    async def run() -> None:
        app = QuitApp()
        async with app.run_test() as pilot:
            await pilot.pause(0.5)
            assert app.screen.capture_state == "replaying"
            await app.action_quit()

    asyncio.run(run())
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        left = [t for t in set(threading.enumerate()) - before if t.is_alive() and not t.daemon]
        if not left:
            break
        time.sleep(0.05)
    assert not left, left
