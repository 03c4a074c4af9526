#!/usr/bin/env python3
"""Store benchmark: 2,000 synthetic calls of about 5,000 words each.

Prints import throughput, database size, full-text search latency p50/p95 and the time
to compute every follow-up date. Targets: search p95 ≤ 50 ms, due ≤ 100 ms.

    .venv/bin/python scripts/bench_store.py [--calls 2000] [--words 5000] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from companion.store import Store

VOCAB = (
    "thank you for calling my name is the receipt number service request referral case "
    "processing times officer tier two transfer please hold one two three four five six "
    "seven eight nine zero oh can i have your date of birth address expedite appointment "
    "notice employment authorization green card biometrics interview field office center "
    "response within thirty days email follow up ombudsman review status online pending"
).split()
RARE = ["daniels", "angela", "robert", "herrera", "whiskey", "vermont", "nebraska", "potomac"]


def utterance_results(rng: random.Random, words: int):
    t = 0.0
    left = words
    while left > 0:
        n = min(left, rng.randint(6, 18))
        left -= n
        ws = []
        for _ in range(n):
            w = rng.choice(RARE) if rng.random() < 0.002 else rng.choice(VOCAB)
            ws.append({"word": w, "start": round(t, 2), "end": round(t + 0.3, 2), "conf": round(rng.uniform(0.5, 1), 3)})
            t += 0.35
        t += 1.0
        yield {"text": " ".join(w["word"] for w in ws), "result": ws, "speaker": rng.choice(["agent", "caller"])}


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--words", type=int, default=5000)
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="bench-store-")  # removed at the end unless --db was given
    os.environ.setdefault("COMPANION_HOME", tmp)
    db_path = args.db or Path(tmp) / "calls.db"
    store = Store(db_path)
    rng = random.Random(42)
    zone = ZoneInfo("America/New_York")
    start = datetime(2025, 1, 2, 9, 0, tzinfo=zone)

    t0 = time.perf_counter()
    total_words = 0
    total_utts = 0
    for i in range(args.calls):
        # Bulk import: one transaction per call (the live path commits per utterance;
        # see tests/test_store.py for that durability).
        with store.transaction():
            call_id = store.start_call(start + timedelta(hours=7 * i), timezone="America/New_York", source="import")
            for r in utterance_results(rng, args.words):
                store.add_utterance(call_id, r)
                total_words += len(r["result"])
                total_utts += 1
            if i % 3 == 0:
                sr = store.add_service_request(call_id, f"{rng.randint(10**7, 10**8 - 1)}", rng.choice(["service-center", "field-office"]))
                if i % 6 == 0:
                    store.record_event("service_center_emailed", sr.created + timedelta(days=31), sr_id=sr.id)
        if (i + 1) % 200 == 0:
            el = time.perf_counter() - t0
            print(f"  {i + 1} calls, {total_words:,} words, {el:.1f} s", file=sys.stderr)
    import_s = time.perf_counter() - t0
    store.db.execute("pragma wal_checkpoint(TRUNCATE)")
    size = db_path.stat().st_size

    queries = [rng.choice(RARE) for _ in range(args.queries // 2)] + [
        " ".join(rng.sample(VOCAB, 2)) for _ in range(args.queries - args.queries // 2)
    ]
    lat = []
    for q in queries:
        t = time.perf_counter()
        store.search(q, limit=50)
        lat.append((time.perf_counter() - t) * 1000)

    from companion.workflows import follow_up_actions

    due_ms = []
    for _ in range(5):
        t = time.perf_counter()
        actions = follow_up_actions(store)
        due_ms.append((time.perf_counter() - t) * 1000)

    print(f"calls                 {args.calls:,}")
    print(f"utterances            {total_utts:,}")
    print(f"words                 {total_words:,}")
    print(f"import                {import_s:.1f} s  ({total_words / import_s:,.0f} words/s, {total_utts / import_s:,.0f} utterances/s)")
    print(f"database size         {size / 1e6:,.1f} MB")
    print(f"search latency        p50 {percentile(lat, 50):.1f} ms   p95 {percentile(lat, 95):.1f} ms   ({len(lat)} queries, limit 50)   target p95 ≤ 50 ms")
    print(f"due computation       median {statistics.median(due_ms):.1f} ms  ({len(actions):,} actions)   target ≤ 100 ms")
    store.close()
    if args.db is None:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
