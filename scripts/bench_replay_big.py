#!/usr/bin/env python
"""Memory and key latency while the Live call replays a huge transcript.

Writes a synthetic transcript of ``--utterances`` results (default 200,000: ~120 MB of
Vosk-format JSON), replays it at ``--speed`` (default 20×) in the Live call, headless,
and presses ``h`` (hold on/off: a status change and a database write) every 50 ms for
``--seconds``. Prints peak RSS of the process, key latency (median, p95, max) and how
many results were shown and stored meanwhile; with ``--json`` one JSON object instead.

    .venv/bin/python scripts/bench_replay_big.py [--utterances 200000] [--speed 20] [--seconds 20]

Exit status 1 when peak RSS exceeds 1 GB or a key waited a second or more.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

SENTENCE = ("thank you for calling my receipt number is i o e zero eight nine one four four seven "
            "three two six please hold while i check")
WORDS = SENTENCE.split()


def write_transcript(path: Path, utterances: int, words: int = 8) -> Path:
    """``utterances`` Vosk results of ``words`` words each, 0.25 s per word."""
    t = 0.0
    with open(path, "w", encoding="utf-8") as out:
        for i in range(utterances):
            ws = []
            for j in range(words):
                w = WORDS[(i * 3 + j) % len(WORDS)]
                ws.append(f'{{"word": "{w}", "start": {t:.2f}, "end": {t + 0.2:.2f}, "conf": 0.9}}')
                t += 0.25
            text = " ".join(WORDS[(i * 3 + j) % len(WORDS)] for j in range(words))
            speaker = "agent" if i % 2 else "caller"
            out.write(f'{{"text": "{text}", "result": [{", ".join(ws)}], "speaker": "{speaker}"}}\n')
    return path


def peak_rss_mb() -> float:
    """This process's peak resident memory. ``VmHWM`` belongs to the process image, while
    ``ru_maxrss`` survives ``exec`` (a child of a big pytest process would report its
    parent's peak), so it is only the fallback."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


async def measure(store, replay: Path, speed: float, seconds: float) -> dict:
    from bench_live import send_key
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
        status = screen.query_one("#live-status")
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            before = screen.session.on_hold
            t0 = time.perf_counter()
            send_key(app, "h")
            while screen.session.on_hold == before or ("ON HOLD" in str(status.render())) == before:
                await asyncio.sleep(0.0005)
            latencies.append(time.perf_counter() - t0)
            await asyncio.sleep(0.05)
        shown = screen.transcript.total
        on_screen = len(screen.transcript.lines)
        call_id = screen.session.call_id
        screen._stop.set()
    stored = len(store.utterances(call_id))
    return {"latencies": latencies, "shown": shown, "on_screen": on_screen, "stored": stored}


def main() -> int:
    from bench_live import summarise

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--utterances", type=int, default=200_000)
    parser.add_argument("--speed", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-replay-big-"))
    os.environ["COMPANION_HOME"] = str(work / "home")
    path = write_transcript(work / "big.jsonl", args.utterances)
    size = path.stat().st_size
    from companion.locations import database_path
    from companion.store import Store

    store = Store(database_path())
    store.set_profile(consent_acknowledged=True)
    out = asyncio.run(measure(store, path, args.speed, args.seconds))
    peak_mb = peak_rss_mb()
    s = summarise(out["latencies"])
    report = {
        "utterances": args.utterances, "file_mb": round(size / 1e6, 1), "speed": args.speed,
        "seconds": args.seconds, "peak_rss_mb": round(peak_mb), "keys": s["n"],
        "median_ms": round(s["median_ms"], 1), "p95_ms": round(s["p95_ms"], 1), "max_ms": round(s["max_ms"], 1),
        "shown": out["shown"], "on_screen": out["on_screen"], "stored": out["stored"],
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"replay of {args.utterances:,} utterances ({report['file_mb']} MB) at x{args.speed:g} for "
            f"{args.seconds:g} s: peak RSS {report['peak_rss_mb']} MB; keys n={s['n']} "
            f"median={s['median_ms']:.1f} ms p95={s['p95_ms']:.1f} ms max={s['max_ms']:.1f} ms; "
            f"{out['shown']} results shown ({out['on_screen']} on screen), {out['stored']} stored"
        )
    sys.stdout.flush()
    os._exit(0 if peak_mb < 1024 and s["n"] and s["max_ms"] < 1000 else 1)  # skip teardown of the feeder


if __name__ == "__main__":
    main()
