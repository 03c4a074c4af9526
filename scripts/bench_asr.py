#!/usr/bin/env python
"""Compare the recognition pipeline with a bare Vosk loop on the same file and model.

    scripts/bench_asr.py WAV --model DIR [--repeat N]

Bare loop = Vosk's test_microphone.py pattern: AcceptWaveform per 100 ms block, Result()
at endpoints, PartialResult() otherwise. The pipeline runs WavSource(realtime=False)
through RecognitionPipeline, with and without number assist. Reported per mode: real-time
factor (decode wall time / audio time), overhead against bare, per-block latency p50/p95,
time to first partial (audio seconds from the start of speech to the first partial that
reached the callback), and peak RSS. Timing runs interleave the modes round by round in
one process; peak RSS comes from one fresh subprocess per mode. Targets: overhead <= 10 %, with number assist <= 25 %, first partial <= 1.2 s.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BLOCK = 1600  # samples: 100 ms at 16 kHz


def pcm16k(wav: str) -> bytes:
    from companion.audio.sources import WavSource

    source = WavSource(wav, realtime=False)
    source.start()
    return b"".join(source)


def speech_start(pcm: bytes, threshold: int = 500) -> float:
    """Seconds to the first sample louder than ``threshold``."""
    from array import array

    samples = array("h")
    samples.frombytes(pcm)
    for i, s in enumerate(samples):
        if abs(s) > threshold:
            return i / 16000
    return 0.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bare(model, pcm: bytes) -> dict:
    import vosk

    rec = vosk.KaldiRecognizer(model, 16000)
    rec.SetWords(True)
    latencies, first_partial = [], None
    t_start = time.perf_counter()
    fed = 0.0
    for i in range(0, len(pcm), BLOCK * 2):
        block = pcm[i:i + BLOCK * 2]
        t0 = time.perf_counter()
        fed += len(block) / 32000
        if rec.AcceptWaveform(block):
            rec.Result()
        else:
            if json.loads(rec.PartialResult())["partial"] and first_partial is None:
                first_partial = fed
        latencies.append(time.perf_counter() - t0)
    rec.FinalResult()
    return {"wall": time.perf_counter() - t_start, "latencies": latencies,
            "first_partial": first_partial}


def run_pipeline(model, wav: str, number_assist: bool) -> dict:
    from companion.asr.pipeline import RecognitionPipeline
    from companion.audio.sources import WavSource

    pipeline = RecognitionPipeline(model, [(WavSource(wav, realtime=False), None)],
                                   lambda e: None, number_assist=number_assist)
    t_start = time.perf_counter()
    pipeline.start()
    pipeline.join()
    wall = time.perf_counter() - t_start
    (stats,) = pipeline.stats.values()
    return {"wall": wall, "latencies": stats.chunk_latencies,
            "first_partial": stats.first_partial_at}


MODES = ("bare", "pipeline", "pipeline+assist")


def run_mode(mode: str, model, wav: str, pcm: bytes) -> dict:
    if mode == "bare":
        return run_bare(model, pcm)
    return run_pipeline(model, wav, number_assist=(mode == "pipeline+assist"))


def child(what: str, wav: str, model_dir: str, repeat: int) -> None:
    """``timing``: every mode, interleaved round by round (a busy machine slows them
    alike); ``rss:MODE``: one run of MODE alone, for its peak RSS. Prints JSON."""
    from companion.asr.models import load_model

    pcm = pcm16k(wav)
    model = load_model(model_dir)
    if what.startswith("rss:"):
        run_mode(what[4:], model, wav, pcm)
        print(json.dumps({"rss": peak_rss_mb()}))
        return
    runs: dict[str, list[dict]] = {m: [] for m in MODES}
    for _ in range(repeat):
        for mode in MODES:
            runs[mode].append(run_mode(mode, model, wav, pcm))
    rows = {}
    for mode, rs in runs.items():
        best = min(rs, key=lambda r: r["wall"])
        lat = sorted(x for r in rs for x in r["latencies"])
        rows[mode] = {
            "audio": len(pcm) / 32000, "wall": best["wall"], "walls": [r["wall"] for r in rs],
            "p50": lat[len(lat) // 2], "p95": lat[int(len(lat) * 0.95)],
            "first_partial": best["first_partial"], "speech_start": speech_start(pcm),
        }
    print(json.dumps(rows))


def _child(args, what: str) -> dict:
    out = subprocess.run([sys.executable, __file__, args.wav, "--model", args.model,
                          "--repeat", str(args.repeat), "--child", what],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wav")
    ap.add_argument("--model", required=True, help="Vosk model folder")
    ap.add_argument("--repeat", type=int, default=3, help="runs per mode (best wall time kept)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.wav, args.model, args.repeat)
        return
    rows = _child(args, "timing")
    for mode in MODES:
        rows[mode]["rss"] = _child(args, f"rss:{mode}")["rss"]
    bare = rows["bare"]["wall"]
    print(f"audio {rows['bare']['audio']:.1f} s, speech starts at {rows['bare']['speech_start']:.2f} s, "
          f"best of {args.repeat} interleaved runs per mode\n")
    print(f"{'mode':<17}{'RTF':>7}{'overhead':>10}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'1st partial':>13}{'peak RSS':>10}")
    for mode, r in rows.items():
        overhead = (r["wall"] / bare - 1) * 100
        fp = r["first_partial"]
        fp_s = f"{fp - r['speech_start']:.2f} s" if fp is not None else "none"
        print(f"{mode:<17}{r['wall'] / r['audio']:>7.3f}{overhead:>9.1f}%{r['p50'] * 1000:>9.1f}"
              f"{r['p95'] * 1000:>9.1f}{fp_s:>13}{r['rss']:>8.0f}MB")
    for mode, r in rows.items():
        print(f"  {mode} wall times: " + ", ".join(f"{w:.2f}" for w in r["walls"]) + " s")
    print("\ntargets: overhead <= 10 % (pipeline), <= 25 % (with number assist); "
          "first partial <= 1.2 s after speech starts")


if __name__ == "__main__":
    main()
