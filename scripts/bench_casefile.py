#!/usr/bin/env python3
"""Case-file benchmark: search over captured values, notes and requests; one case's timeline,
Form 7001 and delete/undo, on a store of many calls with their fields.

    .venv/bin/python scripts/bench_casefile.py [--calls 2000] [--case-calls 60]

Targets (the UI thread never waits on a large query; these run in workers, but should
still feel instant): record search p95 ≤ 50 ms, timeline and Form 7001 ≤ 200 ms.
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
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from companion.store import Store

NAMES = ["Angela", "Robert", "Daniels", "Helen Ward", "Rivera", "Kim", "Okafor", "Nguyen"]
NOTES = ["agent said to wait", "officer will call back", "transferred to tier two", "no answer after hold"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--case-calls", type=int, default=60, help="How many of the calls are about the one case.")
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="bench-casefile-")
    os.environ["COMPANION_HOME"] = tmp
    store = Store(Path(tmp) / "calls.db")
    store.set_profile(name="Bench User", phone="555-201-3344", timezone="America/New_York")
    rng = random.Random(7)
    zone = ZoneInfo("America/New_York")
    start = datetime(2025, 1, 2, 9, 0, tzinfo=zone)
    today = date(2026, 11, 1)
    case = store.add_case("EAC2219050123", form_type="I-485", a_number="A201553987")
    referrals = []

    t0 = time.perf_counter()
    for i in range(args.calls):
        with store._lock, store.db.atomic():
            call_id = store.start_call(start + timedelta(hours=7 * i), timezone="America/New_York", source="import")
            for j, name in enumerate(rng.sample(NAMES, 2)):
                store.add_field(call_id, "staff_name", name, start=10.0 + 40 * j, source="extracted", status="candidate")
                store.add_field(call_id, "staff_id", str(rng.randint(1000, 99999)), start=15.0 + 40 * j,
                                source="extracted", status="candidate")
            referral = str(rng.randint(10**7, 10**8 - 1))
            referrals.append(referral)
            store.add_field(call_id, "referral_number", referral, start=90.0, source="extracted", status="candidate")
            store.update_call(call_id, notes=rng.choice(NOTES), tier_reached=2)
            if i < args.case_calls:
                store.link_call(call_id, case.id)
            if i % 3 == 0:
                sr = store.add_service_request(call_id, referral, rng.choice(["service-center", "field-office"]),
                                               type=rng.choice(["expedite", "processing delay", "address change"]),
                                               today=today)
                if sr.venue == "service-center" and i % 6 == 0:
                    store.record_event("service_center_emailed", sr.created + timedelta(days=31), sr_id=sr.id, today=today)
    build_s = time.perf_counter() - t0

    queries = [" ".join(rng.choice(referrals)[k:k + 4] for k in (0, 4)) for _ in range(args.queries // 2)]
    queries += [rng.choice(["call back", "expedite", "Daniels", "tier two", "nothing like this"]) for _ in range(args.queries // 2)]
    lat = []
    for q in queries:
        t = time.perf_counter()
        store.search_records(q, limit=50)
        lat.append((time.perf_counter() - t) * 1000)

    from companion.casefile import case_timeline, form7001_for

    timeline_ms, form_ms = [], []
    for _ in range(5):
        t = time.perf_counter()
        timeline = case_timeline(store, case.receipt_number, today)
        timeline_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        form7001_for(store, case.receipt_number, today)
        form_ms.append((time.perf_counter() - t) * 1000)

    victim = timeline["calls"][0]["id"]
    t = time.perf_counter()
    store.delete_call(victim)
    store.undo_delete()
    undo_ms = (time.perf_counter() - t) * 1000

    print(f"calls                 {args.calls:,} ({args.case_calls} about the case), built in {build_s:.1f} s")
    print(f"record search         p50 {percentile(lat, 50):.1f} ms   p95 {percentile(lat, 95):.1f} ms   "
          f"({len(lat)} queries: referral digits with a space, notes, types, names)   target p95 ≤ 50 ms")
    print(f"case timeline         median {statistics.median(timeline_ms):.1f} ms  ({len(timeline['calls'])} calls, "
          f"{len(timeline['service_requests'])} requests, {len(timeline['events'])} events)   target ≤ 200 ms")
    print(f"Form 7001 helper      median {statistics.median(form_ms):.1f} ms   target ≤ 200 ms")
    print(f"delete call + undo    {undo_ms:.1f} ms")
    store.close()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
