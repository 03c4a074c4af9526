#!/usr/bin/env python3
"""How the case file reads and feels with many calls about one case.

Builds N calls (the TUI tests' seed call, 7 utterances and 3 fields each) linked to one
case in a throwaway data directory, then prints: ``casefile.case_timeline`` (min and max
of 5), and, driving the real app headless (Pilot, 100x30), the time from ``c`` Enter on
Home to the Case screen's timeline on screen and the latency of 21 Down keys in it
(p50, max), next to the same keys in the Review list for comparison.
Usage: ``scripts/bench_case.py [--calls N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    os.environ["COMPANION_HOME"] = tempfile.mkdtemp(prefix="bench-case-")

    from tui_seed import NOW, add_call, frozen_now, seed_calls

    from companion import casefile
    from companion.locations import database_path
    from companion.store import Store
    from companion.tui.app import make_app

    store = Store(database_path())
    seed_calls(store)
    receipt = "IOE0891447326"
    for i in range(args.calls):
        call_id = add_call(store, NOW - timedelta(days=1 + i % 300, hours=i % 7))
        casefile.link_call(store, receipt, call_id)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        timeline = casefile.case_timeline(store, receipt, NOW.date())
        times.append(time.perf_counter() - t0)
    print(f"case_timeline, {len(timeline['calls'])} calls: min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")

    async def drive() -> None:
        app = make_app(store=store, now=frozen_now)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            for name, keys in (("Review list", ("r",)), ("Case screen", ("escape", "c", "enter"))):
                t0 = time.perf_counter()
                await pilot.press(*keys)
                for _ in range(3):
                    await pilot.pause()
                    await app.workers.wait_for_complete()
                opened = time.perf_counter() - t0
                lat = []
                for _ in range(21):
                    t1 = time.perf_counter()
                    await pilot.press("down")
                    await pilot.pause()
                    lat.append(time.perf_counter() - t1)
                lat.sort()
                print(f"{name}: open {opened * 1000:.0f} ms; Down p50 {lat[10] * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms")

    asyncio.run(drive())
    store.close()


if __name__ == "__main__":
    main()
