#!/usr/bin/env python3
"""Score the extractor on a corpus directory and time it.

    python scripts/bench_extract.py CORPUS_DIR [--verbose]

CORPUS_DIR holds one ``.jsonl`` transcript per call and ``expected.json`` mapping file
names to ``[{"kind", "value"}, ...]`` (the layout of ../shared/corpus). Matching is on the
multiset of (kind, value) per call; precision/recall are per kind over the five field
kinds, micro-F1 over all of them (other kinds the extractor emits, such as phone_number,
are reported but not scored). Throughput is words/second over the whole corpus (best of
several passes, one core); latency is per streamed result, p50/p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from companion.extract import StreamingExtractor, read_transcript
from companion.extract.lang import LANGUAGE_CODES, Language, get_language
from companion.records import FIELD_KINDS


def score(corpus: Path, verbose: bool = False, lang: Language | None = None) -> dict:
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    other: Counter = Counter()
    calls = {}
    for name in sorted(expected):
        results = read_transcript(corpus / name)
        calls[name] = results
        ex = StreamingExtractor(lang=lang) if lang is not None else StreamingExtractor()
        for r in results:
            ex.feed(r)
        ex.flush()
        got = Counter((str(e.kind), e.value) for e in ex.entities if e.kind in FIELD_KINDS)
        other.update(e.kind for e in ex.entities if e.kind not in FIELD_KINDS)
        want = Counter((e["kind"], e["value"]) for e in expected[name])
        for kind, value in got | want:
            hit = min(got[(kind, value)], want[(kind, value)])
            tp[kind] += hit
            fp[kind] += got[(kind, value)] - hit
            fn[kind] += want[(kind, value)] - hit
        if verbose and got != want:
            print(f"{name}: missing {sorted((want - got).elements())} extra {sorted((got - want).elements())}")
    return {"tp": tp, "fp": fp, "fn": fn, "other": other, "calls": calls}


def timing(calls: dict, passes: int = 5, lang: Language | None = None) -> tuple[float, list[float]]:
    words = sum(len(r.get("result") or []) for rs in calls.values() for r in rs)
    best = float("inf")
    latencies: list[float] = []
    for p in range(passes):
        lat = []
        t0 = time.perf_counter()
        for results in calls.values():
            ex = StreamingExtractor(lang=lang) if lang is not None else StreamingExtractor()
            for r in results:
                s = time.perf_counter()
                ex.feed(r)
                lat.append(time.perf_counter() - s)
            ex.flush()
        best = min(best, time.perf_counter() - t0)
        if p == passes - 1:
            latencies = lat
    return words / best if best else float("inf"), latencies


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--verbose", "-v", action="store_true", help="list the misses per call")
    ap.add_argument("--lang", choices=LANGUAGE_CODES, default="en", help="the language of the calls")
    args = ap.parse_args(argv)
    if not (args.corpus / "expected.json").is_file():
        print(f"error: {args.corpus}/expected.json not found", file=sys.stderr)
        return 2
    lang = get_language(args.lang)
    s = score(args.corpus, args.verbose, lang)
    tp, fp, fn = s["tp"], s["fp"], s["fn"]
    print(f"corpus: {args.corpus}  ({len(s['calls'])} calls)")
    print(f"{'kind':<17}{'tp':>4}{'fp':>4}{'fn':>4}  precision  recall     f1")
    for kind in FIELD_KINDS:
        p = tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else 1.0
        r = tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{kind:<17}{tp[kind]:>4}{fp[kind]:>4}{fn[kind]:>4}  {p:9.3f}  {r:6.3f}  {f:5.3f}")
    T, P, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    mp = T / (T + P) if T + P else 1.0
    mr = T / (T + N) if T + N else 1.0
    mf = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
    print(f"micro            {T:>4}{P:>4}{N:>4}  {mp:9.3f}  {mr:6.3f}  {mf:5.3f}")
    if s["other"]:
        print("also emitted (not scored): " + ", ".join(f"{k} {n}" for k, n in sorted(s["other"].items())))
    wps, lat = timing(s["calls"], lang=lang)
    ms = [x * 1000 for x in lat]
    print(f"throughput: {wps:,.0f} words/s   streaming latency per result: "
          f"p50 {_pct(ms, 0.5):.3f} ms  p95 {_pct(ms, 0.95):.3f} ms  max {max(ms) if ms else 0:.3f} ms"
          f"  ({len(ms)} results, mean {statistics.fmean(ms) if ms else 0:.3f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
