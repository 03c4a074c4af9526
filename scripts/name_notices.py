#!/usr/bin/env python3
"""How often the live screen says "agent's name: not heard clearly", and whether it is right to.

    python scripts/name_notices.py CORPUS_DIR [--limit N] [--jobs N] [--telephone] [--verbose]

Replays a corpus through the spoken-call rig exactly as ``scripts/bench_speech.py`` does
with both assists (same cache, ``speech_rig.play_call``), and reads each call's
``CallSession.name_notices()`` at its end — what the user would still see if they did
nothing. Per call it compares the staff names captured with the expected ones and counts:

* ``missed``: expected staff names not captured (the bench's staff-name fn);
* ``told``: of those, in a call with at least one notice (the user is told a name is missing);
* ``silent``: missed in a call with no notice (nothing on screen says so);
* ``notices``: the notices, ``held`` (a name held back as unsure) or ``cue`` (an
  introduction with no name after it), and ``noise``: notices in a call that captured every
  expected staff name (nothing was missing).

Tuning sets only (every set under ``tests/`` this round); never a measurement set.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_speech
import speech_rig

from companion.records import REJECTED, STAFF_NAME
from companion.store import Store


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--telephone", action="store_true")
    ap.add_argument("--verbose", "-v", action="store_true", help="each notice and each silent miss")
    args = ap.parse_args(argv)
    results, expected = speech_rig.read_corpus(args.corpus)
    names = sorted(expected)[: args.limit] if args.limit else sorted(expected)
    condition = {"telephone": args.telephone, "noise_db": None}
    jobs = [(n, results[n], condition) for n in names]
    heard: dict[str, list[dict]] = {}
    with ProcessPoolExecutor(args.jobs) as pool:
        for name, utts, _cpu in pool.map(bench_speech._hear, jobs):
            heard[name] = utts
    counts: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "notices.db")
        for name in names:
            spoken = [speech_rig.SpokenUtterance(**u) for u in heard[name]]
            session = speech_rig.play_call(store, spoken, assist=True, names=True)
            got = Counter(f.value for f in store.fields(session.call_id)
                          if f.kind == STAFF_NAME and f.status != REJECTED)
            want = Counter(e["value"] for e in expected[name] if e["kind"] == STAFF_NAME)
            missed = want - got
            notices = session.name_notices()
            counts["calls"] += 1
            counts["expected"] += sum(want.values())
            counts["missed"] += sum(missed.values())
            counts["told" if notices else "silent"] += sum(missed.values())
            counts["notices"] += len(notices)
            counts["held"] += sum(n.held for n in notices)
            counts["cue"] += sum(not n.held for n in notices)
            counts["noise"] += 0 if missed else len(notices)
            if args.verbose:
                for n in notices:
                    kind = "held" if n.held else f"cue “{n.cue}”"
                    conf = f" {n.confidence:.2f}" if n.confidence is not None else ""
                    print(f"{name}: notice {kind} at {n.start:.1f}s heard “{n.heard}”{conf}; "
                          f"expected {sorted(want)} got {sorted(got)}", file=sys.stderr)
                if missed and not notices:
                    print(f"{name}: silent miss {sorted(missed)} got {sorted(got)}", file=sys.stderr)
        store.close()
    print(" ".join(f"{k}={counts[k]}" for k in
                   ("calls", "expected", "missed", "told", "silent", "notices", "held", "cue", "noise")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
