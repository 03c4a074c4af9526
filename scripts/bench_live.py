#!/usr/bin/env python
"""How fast the Live call answers keys while a replay pours results in.

Runs the Live call headless (Textual's test driver) on a corpus transcript replayed at
``--speed`` (default 20×) and, while the replay worker is committing and extracting
each result, presses keys: ``h`` (hold on/off: the status bar changes and, on each hold
end, a database write) and ``down``/``up`` (the field highlight moves). Each latency is
from the key press until the screen's state shows the change. Prints count, median, p95
and max in milliseconds, and how many results arrived during the measurement.

    .venv/bin/python scripts/bench_live.py [--speed 20] [--file CORPUS.jsonl]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "tests" / "corpus_examples" / "transfer-to-tier2.jsonl"


def send_key(app, key: str) -> None:
    """Deliver a key the way the terminal driver does, without Pilot's wait-for-idle
    (which, while a replay keeps the loop busy, would measure the harness, not the app)."""
    from textual import events

    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)


async def measure(store, replay: Path, speed: float, presses: int = 40, gap: float = 0.04) -> dict:
    """Key latencies (seconds) while the replay runs; see the module docstring."""
    from textual.app import App

    from companion.tui.live_call import LiveCallScreen

    class BenchApp(App):
        def on_mount(self) -> None:
            self.push_screen(LiveCallScreen(store, replay=replay, speed=speed))

    latencies: list[float] = []
    app = BenchApp()
    async with app.run_test(size=(80, 24)):
        while not isinstance(app.screen, LiveCallScreen):
            await asyncio.sleep(0.01)
        screen: LiveCallScreen = app.screen
        while not screen.fields_panel.fields:  # wait for something to move through
            await asyncio.sleep(0.01)
        results_before = len(screen.transcript.lines)
        status = screen.query_one("#live-status")
        for i in range(presses):
            if screen.capture_state != "replaying":
                break
            if i % 2 == 0:
                before = screen.session.on_hold
                t0 = time.perf_counter()
                send_key(app, "h")
                while screen.session.on_hold == before or ("ON HOLD" in str(status.render())) == before:
                    await asyncio.sleep(0.0005)
            else:
                ol = screen.fields_panel.option_list
                before = ol.highlighted
                key = "down" if (before or 0) + 1 < ol.option_count else "up"
                t0 = time.perf_counter()
                send_key(app, key)
                while ol.highlighted == before and ol.option_count > 1:
                    await asyncio.sleep(0.0005)
            latencies.append(time.perf_counter() - t0)
            await asyncio.sleep(gap)
        results_during = len(screen.transcript.lines) - results_before
    return {"latencies": latencies, "results_during": results_during}


def summarise(latencies: list[float]) -> dict:
    ms = sorted(x * 1000 for x in latencies)
    if not ms:
        return {"n": 0, "median_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0}
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return {"n": len(ms), "median_ms": statistics.median(ms), "p95_ms": p95, "max_ms": ms[-1]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", type=float, default=20.0)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args()
    os.environ["COMPANION_HOME"] = tempfile.mkdtemp(prefix="bench-live-")
    from companion.locations import database_path
    from companion.store import Store

    store = Store(database_path())
    store.set_profile(consent_acknowledged=True)
    out = asyncio.run(measure(store, args.file, args.speed, args.presses))
    s = summarise(out["latencies"])
    print(
        f"live call key latency during a x{args.speed:g} replay of {args.file.name}: "
        f"n={s['n']} median={s['median_ms']:.1f} ms p95={s['p95_ms']:.1f} ms max={s['max_ms']:.1f} ms "
        f"({out['results_during']} results committed meanwhile)"
    )
    return 0 if s["n"] and s["p95_ms"] < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
