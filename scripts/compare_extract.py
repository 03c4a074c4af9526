#!/usr/bin/env python3
"""Run two versions of the extractor side by side on corpus directories.

    python scripts/compare_extract.py [--ref GIT_REF] [--diff] CORPUS_DIR ...

The other version is the ``companion`` package at ``GIT_REF`` (default: the commit before
the extractor redesign), unpacked into a temporary directory and run in a subprocess, so
both versions read the same transcripts with their own code. Prints micro-F1 of each
per corpus (the same scoring as ``bench_extract.py``) and, with ``--diff``, every call
whose entities differ.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEGACY_REF = "a80e202"
FIELD_KINDS = ("staff_name", "staff_id", "referral_number", "receipt_number", "a_number")

_RUN = """
import json, sys
from pathlib import Path
from companion.extract import StreamingExtractor, read_transcript
out = {}
for corpus in sys.argv[1:]:
    expected = json.loads((Path(corpus) / "expected.json").read_text(encoding="utf-8"))
    calls = {}
    for name in sorted(expected):
        ex = StreamingExtractor()
        for r in read_transcript(Path(corpus) / name):
            ex.feed(r)
        ex.flush()
        calls[name] = [[str(e.kind), e.value] for e in ex.entities]
    out[corpus] = calls
print(json.dumps(out))
"""


def _entities(pythonpath: Path, corpora: list[str]) -> dict:
    env = {"PYTHONPATH": str(pythonpath), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        # -S: no site-packages (the editable install), -P: not the working directory: only PYTHONPATH
        [sys.executable, "-S", "-P", "-c", _RUN, *corpora], capture_output=True, text=True, env=env, check=False
    )
    if proc.returncode:
        raise SystemExit(f"extractor at {pythonpath} failed:\n{proc.stderr}")
    return json.loads(proc.stdout)


def _f1(got_calls: dict, expected: dict) -> float:
    tp = fp = fn = 0
    for name, want_list in expected.items():
        got = Counter((k, v) for k, v in got_calls[name] if k in FIELD_KINDS)
        want = Counter((e["kind"], e["value"]) for e in want_list)
        both = sum((got & want).values())
        tp += both
        fp += sum(got.values()) - both
        fn += sum(want.values()) - both
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--ref", default=LEGACY_REF, help="git ref of the other version")
    ap.add_argument("--diff", action="store_true", help="list calls whose entities differ")
    args = ap.parse_args(argv)
    corpora = [str(Path(c).resolve()) for c in args.corpora]
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", args.ref, "companion"], capture_output=True, check=True
    ).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        old = _entities(Path(tmp), corpora)
    new = _entities(ROOT, corpora)
    worse = False
    for corpus in corpora:
        expected = json.loads((Path(corpus) / "expected.json").read_text(encoding="utf-8"))
        f_old, f_new = _f1(old[corpus], expected), _f1(new[corpus], expected)
        worse = worse or f_new < f_old - 1e-9
        differ = [n for n in expected if sorted(old[corpus][n]) != sorted(new[corpus][n])]
        print(f"{Path(corpus).name:<20} {args.ref}: {f_old:.3f}   this tree: {f_new:.3f}   calls differing: {len(differ)}")
        if args.diff:
            for n in differ:
                o, w = Counter(map(tuple, old[corpus][n])), Counter(map(tuple, new[corpus][n]))
                print(f"  {n}: only {args.ref} {sorted((o - w).elements())}  only this tree {sorted((w - o).elements())}")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
