#!/usr/bin/env python3
"""How fast Review is on a two-hour call (~20,000 words, ~2,000 utterances).

Builds a synthetic call in a throwaway data directory, then drives the real app
headless (Textual's Pilot, 100x30) and prints wall-clock figures for: opening the
call in Review (store read + line building in a worker + first paint), twenty
PageDowns through the transcript, a full-text search from Enter to results on
screen, and a jump to a time. Usage: ``scripts/bench_tui.py [--utterances N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = (
    "thank you for calling the u s c i s contact center my name is please hold while i "
    "check your case the officer will review it can you verify your date of birth and "
    "address we received the form and it is pending processing times are posted online"
).split()


def build_call(store, utterances: int = 2000, words_per: int = 10, seed: int = 7) -> int:
    """A call of ``utterances`` results, ``words_per`` timed words each, plus a few fields."""
    rng = random.Random(seed)
    zone = ZoneInfo("America/New_York")
    call_id = store.start_call(datetime(2026, 3, 9, 9, 0, tzinfo=zone), source="import")
    t = 0.5
    for i in range(utterances):
        words = []
        for _ in range(words_per):
            w = rng.choice(WORDS)
            words.append({"word": w, "start": round(t, 2), "end": round(t + 0.3, 2), "conf": 0.9})
            t += 0.35
        if i == utterances // 2:
            words[-1]["word"] = "xylophone"  # one needle for the search
        store.add_utterance(
            call_id,
            {"text": " ".join(w["word"] for w in words), "result": words},
            "agent" if i % 2 else "caller",
        )
        t += 0.1
    for k in range(10):
        start = 30.0 + k * 700.0
        store.add_field(call_id, "referral_number", f"7601{k:04d}", start=start, end=start + 3,
                        source="extracted", status="candidate", confidence=0.7)
    store.end_call(call_id, datetime(2026, 3, 9, 9, 0, tzinfo=zone).fromtimestamp(
        datetime(2026, 3, 9, 9, 0, tzinfo=zone).timestamp() + t, zone))
    return call_id


async def _drive(store, call_id: int, pages: int = 20) -> dict[str, float]:
    from companion.tui.app import make_app

    figures: dict[str, float] = {}
    app = make_app(store=store, now=lambda: datetime(2026, 3, 10, 11, 0, tzinfo=ZoneInfo("America/New_York")))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        t0 = time.perf_counter()
        app.action_review(call_id)
        while not getattr(app.screen, "loaded", False):
            await asyncio.sleep(0.005)
        await pilot.pause()
        figures["open_review_s"] = time.perf_counter() - t0

        transcript = app.screen.query_one("#transcript")
        transcript.focus()
        await pilot.pause()
        t0 = time.perf_counter()
        for _ in range(pages):
            await pilot.press("pagedown")
        await pilot.pause()
        figures[f"pagedown_x{pages}_s"] = time.perf_counter() - t0
        figures["scroll_y_after"] = float(transcript.scroll_y)

        t0 = time.perf_counter()
        await pilot.press("g")
        app.screen.query_one("#prompt-input").value = "1:10:00"
        await pilot.press("enter")
        await pilot.pause()
        figures["goto_time_s"] = time.perf_counter() - t0

        await pilot.press("escape")
        await pilot.pause()
        app.action_review(None, True)
        await pilot.pause()
        search = app.screen.query_one("#search")
        search.value = "xylophone"
        t0 = time.perf_counter()
        await pilot.press("enter")
        while app.screen.hits is None:
            await asyncio.sleep(0.005)
        await pilot.pause()
        figures["search_s"] = time.perf_counter() - t0
        figures["search_hits"] = float(len(app.screen.hits))

        review = app.screen
        search.value = "the"  # a word in nearly every utterance: the worst case
        search.focus()
        await pilot.pause()
        review.hits = None
        t0 = time.perf_counter()
        await pilot.press("enter")
        while review.hits is None:
            await asyncio.sleep(0.005)
        await pilot.pause()
        figures["search_common_word_s"] = time.perf_counter() - t0
    return figures


def run_bench(utterances: int = 2000, words_per: int = 10) -> dict[str, float]:
    """Build the call and measure; returns the figures (seconds unless named otherwise)."""
    from companion.locations import database_path
    from companion.store import Store

    with tempfile.TemporaryDirectory() as home:
        old = os.environ.get("COMPANION_HOME")
        os.environ["COMPANION_HOME"] = home
        try:
            store = Store(database_path())
            t0 = time.perf_counter()
            call_id = build_call(store, utterances, words_per)
            build = time.perf_counter() - t0
            figures = asyncio.run(_drive(store, call_id))
            figures = {"utterances": float(utterances), "words": float(utterances * words_per),
                       "build_db_s": build, **figures}
            store.close()
        finally:
            if old is None:
                os.environ.pop("COMPANION_HOME", None)
            else:
                os.environ["COMPANION_HOME"] = old
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--utterances", type=int, default=2000)
    parser.add_argument("--words", type=int, default=10, help="words per utterance")
    args = parser.parse_args()
    figures = run_bench(args.utterances, args.words)
    for name, value in figures.items():
        unit = "" if not name.endswith("_s") else " s"
        print(f"{name:>24}: {value:10.3f}{unit}" if unit else f"{name:>24}: {value:10.0f}")


if __name__ == "__main__":
    main()
