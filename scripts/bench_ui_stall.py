#!/usr/bin/env python3
"""The longest UI stall opening Export (Ombudsman) and the Form 7001 helper on a 5,000-call case.

    .venv/bin/python scripts/bench_ui_stall.py [--calls 5000] [--runs 3] [--profile] [--why]

Seeds a throwaway data directory with ``tests/tui_seed.huge_store`` (5,000 calls in
one case, a service request every tenth call), drives the real app headless (Textual's
Pilot, 120x40) and measures what a user feels: the longest the event loop went without
running a 20 ms ticker, from the key that opens the screen until the whole text is shown,
and, less at the mercy of the machine's load, the most CPU time the event loop's thread
spent between two ticks (its own work, without the time it waited for the CPU or the GIL).
The drafting and the helper run in workers; what is left on the UI thread is handing the
text to the widgets. ``--profile`` prints where the UI thread spent that time (cProfile of
the event loop's thread only).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import gc
import io
import os
import pstats
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from tui_seed import HUGE_RECEIPT as RECEIPT
from tui_seed import NOW
from tui_seed import huge_store as seed


class GcPauses:
    """The longest pause of Python's cyclic garbage collector per generation (it runs in
    whichever thread allocates, holding the GIL: the event loop waits for it too)."""

    def __init__(self) -> None:
        self.longest = [0.0, 0.0, 0.0]
        self.count = [0, 0, 0]
        self._start = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            generation = info["generation"]
            self.count[generation] += 1
            self.longest[generation] = max(self.longest[generation], time.perf_counter() - self._start)

    def stop(self) -> str:
        gc.callbacks.remove(self._callback)
        return ", ".join(f"gen{g} {self.count[g]}x ≤{self.longest[g] * 1000:.0f} ms" for g in range(3))


class StallMeter:
    """The longest the event loop went without running a 20 ms ticker. With ``why``, a
    watchdog thread samples the event loop thread's stack every 5 ms while a tick is more
    than 60 ms late, and counts where it was (the innermost frames of this repository and
    of Textual), so a stall can be traced to the code that held the loop."""

    def __init__(self, why: bool = False, per_tick: bool = False) -> None:
        self.per_tick = per_tick
        self.worst_tick: pstats.Stats | None = None
        self.longest = 0.0  # wall clock: what the user feels, load and other threads included
        self.longest_cpu = 0.0  # CPU time of the event loop's thread between two ticks: its own work
        self.last = time.monotonic()
        self._stop = False
        self.samples: collections.Counter[str] = collections.Counter()
        self.worst_episode: list[str] = []
        self._task = asyncio.get_running_loop().create_task(self._tick())
        if why:
            loop_thread = threading.get_ident()
            threading.Thread(target=self._watch, args=(loop_thread,), daemon=True).start()

    async def _tick(self) -> None:
        cpu = time.thread_time()
        profiler = self._profile_tick()
        while not self._stop:
            await asyncio.sleep(0.02)
            now, now_cpu = time.monotonic(), time.thread_time()
            self.longest = max(self.longest, now - self.last)
            if now_cpu - cpu > self.longest_cpu:
                self.longest_cpu = now_cpu - cpu
                if profiler is not None:  # the tick that took the most CPU: keep its profile
                    profiler.disable()
                    self.worst_tick = pstats.Stats(profiler)
            if profiler is not None:
                profiler.disable()
                profiler = self._profile_tick()
            self.last, cpu = time.monotonic(), time.thread_time()

    def _profile_tick(self) -> cProfile.Profile | None:
        if not self.per_tick:
            return None
        profiler = cProfile.Profile()
        profiler.enable()
        return profiler

    def _watch(self, loop_thread: int) -> None:
        episode: list[str] = []
        episode_start = 0.0
        worst = 0.0
        while not self._stop:
            time.sleep(0.005)
            late = time.monotonic() - self.last
            if late < 0.06:
                if episode and late < 0.03:  # the loop ticked again: the episode is over
                    length = time.monotonic() - episode_start
                    if length > worst:
                        worst, self.worst_episode = length, episode
                    episode = []
                continue
            if not episode:
                episode_start = self.last
            frames = sys._current_frames()
            line = []
            for ident, frame in frames.items():
                if ident == threading.get_ident():
                    continue
                stack = traceback.extract_stack(frame)
                ours = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in stack
                        if "/companion/" in f.filename or "/textual/" in f.filename or "sqlite" in f.filename]
                who = "LOOP" if ident == loop_thread else "other"
                line.append(f"{who}: " + " < ".join(reversed(ours[-3:])))
            episode.append(f"+{late * 1000:.0f} ms  " + " | ".join(line))
            self.samples[line[0] if line else ""] += 1

    async def stop(self) -> tuple[float, float]:
        self._stop = True
        await self._task
        return self.longest, self.longest_cpu


async def until(pilot, condition, what: str, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"never happened: {what}")
        await pilot.pause(0.02)


async def measure(
    store, which: str, profiler: cProfile.Profile | None, why: bool = False
) -> tuple[float, float, float]:
    """(longest stall, longest UI-thread work between ticks, seconds until all shown) opening
    ``which``: "export" or "form7001"."""
    from companion.tui.app import make_app
    from companion.tui.screens.case import Form7001Screen

    app = make_app(store=store, now=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        meter = StallMeter(why, per_tick=profiler is not None)
        pauses = GcPauses()
        start = time.monotonic()
        if which == "export":
            await pilot.press("e")
            await until(pilot, lambda: type(app.screen).__name__ == "ExportScreen", "Export")
            screen = app.screen
            await until(pilot, lambda: screen.draft is not None, "the draft")
            await until(pilot, lambda: _all_blocks_shown(screen), "the whole draft shown")
        else:
            app.push_screen(Form7001Screen(RECEIPT))
            await pilot.pause()
            screen = app.screen
            await until(pilot, lambda: not screen.filling, "the whole helper shown")
        await pilot.pause()
        took = time.monotonic() - start
        longest, longest_cpu = await meter.stop()
        print(f"  garbage collections: {pauses.stop()}")
        if meter.worst_tick is not None:
            out = io.StringIO()
            meter.worst_tick.stream = out  # type: ignore[attr-defined]
            meter.worst_tick.sort_stats("cumulative").print_stats(30)
            print("  the tick with the most UI-thread CPU, profiled:\n" + out.getvalue())
        if why:
            print("  the longest late episode, sampled every 5 ms:")
            for sample in meter.worst_episode:
                print("   ", sample)
        return longest, longest_cpu, took


def _all_blocks_shown(screen) -> bool:
    """Every block of the draft is mounted: as many as ``blocks_of`` cuts its text into."""
    from companion.tui.screens.export import BLOCK_LINES

    draft = screen.draft
    lines = len(draft.as_text().split("\n")) + len(draft.warnings)
    return 1 + len(screen.query(".draft-more")) >= -(-lines // BLOCK_LINES)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="profile the event loop's busiest 20 ms tick")
    ap.add_argument("--screens", nargs="+", choices=["export", "form7001"], default=["export", "form7001"])
    ap.add_argument("--why", action="store_true", help="sample the event loop's stack while it is late")
    args = ap.parse_args()
    home = tempfile.mkdtemp(prefix="bench-stall-")
    os.environ["COMPANION_HOME"] = home
    from companion.locations import database_path
    from companion.store import Store

    store = Store(database_path())
    t = time.monotonic()
    seed(store, args.calls)
    print(f"seeded {args.calls} calls in {time.monotonic() - t:.1f} s; load {os.getloadavg()[0]:.1f}")
    for which in args.screens:
        stalls, works = [], []
        for _ in range(args.runs):
            profiler = cProfile.Profile() if args.profile else None
            stall, work, took = asyncio.run(measure(store, which, profiler, args.why))
            stalls.append(stall)
            works.append(work)
            print(f"{which}: longest UI stall {stall:.3f} s (UI thread's own work {work:.3f} s CPU), "
                  f"all shown after {took:.1f} s; load {os.getloadavg()[0]:.1f}")
        print(f"{which}: longest stall over {args.runs} runs {max(stalls):.3f} s, best {min(stalls):.3f} s; "
              f"UI thread's own work at most {max(works):.3f} s CPU")
    store.close()


if __name__ == "__main__":
    main()
