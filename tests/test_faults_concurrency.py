"""Several real processes on one data folder: a live call recording, CLI writes and ten
imports at once. Every write must succeed and every utterance of the live call be stored
(issue 11: deferred transactions got SQLITE_BUSY at once and utterances were dropped)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent / "corpus_examples"
COMPANION = [sys.executable, "-m", "companion"]

# A live call in its own process: CallSession commits each final result as the replay
# feeder delivers it, exactly as the live screen's worker does.
LIVE_CALL = textwrap.dedent(
    """
    import json, sys
    from companion.extract import read_transcript
    from companion.session import CallSession, ReplayFeeder
    from companion.store import Store

    path, rounds = sys.argv[1], int(sys.argv[2])
    one_call = read_transcript(path)
    store = Store(sys.argv[3])
    session = CallSession.start(store, source="replay")
    kept = []

    def on_event(event):
        if type(event).__name__ in ("FinalResult", "ReplayFinal"):
            try:
                session.add_result(event.result)
            except Exception as exc:  # counted: the test fails on any
                kept.append(repr(exc))

    # the same call replayed a few times over (its times restart each round), at a speed
    # that keeps the live call writing while the other processes write
    for _ in range(rounds):
        ReplayFeeder(one_call, on_event, speed=40, partials=False).run()
    session.flush()
    session.end()
    print(json.dumps({"call_id": session.call_id, "fed": len(one_call) * rounds, "errors": kept}))
    """
)


def _env(home: Path) -> dict:
    env = dict(os.environ, COMPANION_HOME=str(home))
    env.pop("COMPANION_MODEL", None)
    return env


def _run(args: list[str], home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(COMPANION + args, env=_env(home), capture_output=True, text=True, timeout=300, check=False)


def test_live_call_cli_writes_and_ten_imports_at_once(companion_home: Path, tmp_path: Path) -> None:
    transcript = EXAMPLES / "tier1-service-request.jsonl"
    n_lines = sum(1 for line in transcript.read_text().splitlines() if line.strip())
    assert _run(["profile", "set", "--timezone", "America/Chicago"], companion_home).returncode == 0
    db_path = companion_home / "calls.db"

    script = tmp_path / "live_call.py"
    script.write_text(LIVE_CALL)
    rounds = 6
    live = subprocess.Popen(
        [sys.executable, str(script), str(transcript), str(rounds), str(db_path)],
        env=_env(companion_home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    imports = [
        subprocess.Popen(
            COMPANION + ["import-call", str(EXAMPLES / name), "--started-at", f"2026-03-{2 + i:02d}T10:00", "--json"],
            env=_env(companion_home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i, name in enumerate((sorted(p.name for p in EXAMPLES.glob("*.jsonl")) * 4)[:10])
    ]
    cli_writes = [
        ["case", "add", "IOE0912345678", "--form", "I-765"],
        ["add-call", "--started-at", "2026-02-01T09:00", "--staff-id", "22719", "--hold-minutes", "12"],
        ["profile", "set", "--name", "Ana Example"],
        ["case", "add", "EAC2190012345", "--a-number", "A012345678"],
        ["add-call", "--started-at", "2026-02-02T09:00", "--staff-name", "Smith", "--tier", "2"],
        ["sr", "add", "1", "--referral", "76013389", "--venue", "service-center"],
        ["update-call", "1", "--notes", "written during a live call"],
    ]
    cli_results = [_run(args, companion_home) for args in cli_writes]

    import_out = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in imports]
    live_out, live_err = live.communicate(timeout=300)

    for args, r in zip(cli_writes, cli_results):
        assert r.returncode == 0, (args, r.stderr)
    for rc, out, err in import_out:
        assert rc == 0, err
    assert live.returncode == 0, live_err
    report = json.loads(live_out)
    assert report["errors"] == []
    assert report["fed"] == n_lines * rounds

    conn = sqlite3.connect(db_path)
    try:
        stored = conn.execute("select count(*) from utterances where call_id = ?", [report["call_id"]]).fetchone()[0]
        assert stored == n_lines * rounds  # every utterance of the live call
        seqs = [r[0] for r in conn.execute("select seq from utterances where call_id = ? order by seq", [report["call_id"]])]
        assert seqs == list(range(1, stored + 1))
        imported = [json.loads(out)["call_id"] for _, out, _ in import_out]
        assert len(set(imported)) == 10
        for call_id in imported:
            n = conn.execute("select count(*) from utterances where call_id = ?", [call_id]).fetchone()[0]
            assert n > 0
        assert conn.execute("select count(*) from cases").fetchone()[0] == 2
        assert conn.execute("select count(*) from service_requests").fetchone()[0] == 1
        assert conn.execute("select count(*) from calls where source = 'manual'").fetchone()[0] == 2
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
