"""Two writers for real: the app running in a tmux pane on a store while ``companion``
commands write to the same database (``sr add``, ``case link``, ``delete``,
``import-call``). Every write from both sides must be in the store afterwards, and the
app must show the fresh data when its screens are opened again.

tmux is one of the Debian packages ``scripts/test`` installs (as root); without it the
test is skipped and says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tui_seed import seed_calls

from companion.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus_examples"
RECEIPT = "IOE0891447326"


def companion_bin() -> str:
    for candidate in (ROOT / ".venv" / "bin" / "companion", Path(sys.prefix, "bin", "companion")):
        if candidate.exists():
            return str(candidate)
    pytest.skip("no installed companion entry point")


class Pane:
    """One tmux server of our own (its own socket) with the app in its only pane."""

    def __init__(self, socket: Path, env: dict[str, str], command: str) -> None:
        self.socket = str(socket)
        self.env = env
        self._tmux("new-session", "-d", "-s", "app", "-x", "120", "-y", "40", command)

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-S", self.socket, *args], capture_output=True, text=True, env=self.env,
                              timeout=30, check=False)
        assert done.returncode == 0, (args, done.stderr)
        return done.stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", "app", key)
            time.sleep(0.15)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "app")

    def wait_for(self, *texts: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(t in shown for t in texts):
                return shown
            time.sleep(0.3)
        raise AssertionError(f"never shown: {texts!r}\n{shown}")

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True, env=self.env, check=False)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (scripts/test installs it as root)")
def test_app_in_tmux_and_cli_writers_lose_nothing_and_the_app_shows_fresh_data(tmp_path, companion_home):
    exe = companion_bin()
    from companion.locations import database_path

    store = Store(database_path())
    try:
        old, closing, recent = seed_calls(store)
        fields = {f.kind: f.id for f in store.fields(recent)}
    finally:
        store.close()
    env = {**os.environ, "COMPANION_HOME": str(companion_home), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    env.pop("LC_ALL", None)
    env.pop("TMUX", None)
    pane = Pane(tmp_path / "tmux.sock", env, exe)
    try:
        pane.wait_for("Recent calls", f"#{recent} ")
        pane.keys("Enter")  # the newest call: its review
        pane.wait_for(f"Review call #{recent}", "candidate")
        # The CLI writes while the app writes: four commands at once, keys in between.
        cli = [
            [exe, "sr", "add", str(recent), "--referral", "76013390", "--venue", "field-office"],
            [exe, "case", "link", RECEIPT, str(recent)],
            [exe, "delete", "call", str(old), "--yes"],
            [exe, "import-call", str(CORPUS / "tier1-service-request.jsonl"), "--started-at",
             "2026-03-09T10:00:00-04:00", "--json"],
        ]
        procs = [subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for args in cli]
        pane.keys("c", "Down", "x", "Down", "c")  # confirm the name, reject the ID, confirm the referral
        outs = [p.communicate(timeout=120) for p in procs]
        for args, p, (out, err) in zip(cli, procs, outs):
            assert p.returncode == 0, (args, out, err)
            assert "Traceback" not in err
        pane.wait_for("✓ staff name", "× staff ID", "✓ referral")
        # Fresh data: back to Home, then Review of the call again, then the case.
        pane.keys("Escape")
        home = pane.wait_for("Recent calls", "Robert")  # the imported call (its agent is Robert)
        assert f"#{old} " not in home.split("Recent calls")[1]  # deleted by the CLI
        pane.keys("r")
        pane.wait_for("Call Companion — Review")
        pane.keys("Escape", "c")
        cases = pane.wait_for("Call Companion — Cases", RECEIPT)
        assert "1 request" in cases
        pane.keys("Enter")
        timeline = pane.wait_for(f"Case {RECEIPT}", f"Call #{recent}", "Service request 76013390")
        assert "field office" in timeline
        pane.keys("Enter")  # the call, from the case: the app's confirmations are there
        review = pane.wait_for(f"Review call #{recent}", "field office", "✓ staff name", "× staff ID", "✓ referral")
        assert "Traceback" not in review
    finally:
        pane.close()
    # Every write of both sides is in the store.
    store = Store(database_path())
    try:
        assert store.field(fields["staff_name"]).status == "confirmed"
        assert store.field(fields["staff_id"]).status == "rejected"
        assert store.field(fields["referral_number"]).status == "confirmed"
        assert [sr.referral_number for sr in store.service_requests(recent)] == ["76013390"]
        from companion import casefile

        assert casefile.case_of_call(store, recent).receipt_number == RECEIPT
        ids = [c.id for c in store.calls()]
        assert old not in ids and closing in ids and recent in ids
        assert len(ids) == 3  # closing, recent and the imported call
    finally:
        store.close()
