"""The real app in a real terminal (tmux): scripts/smoke_tui.sh on each shared call."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "smoke_tui.sh"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (scripts/test installs it as root)")
@pytest.mark.parametrize("name", ["tier1-service-request.jsonl", "transfer-to-tier2.jsonl"])
def test_smoke_tui_in_tmux(name, shared_corpus):
    if not (ROOT / ".venv" / "bin" / "companion").exists() and not Path(sys.prefix, "bin", "companion").exists():
        pytest.skip("no installed companion entry point")
    out = subprocess.run(["bash", str(SCRIPT), str(shared_corpus / name)], capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stdout + out.stderr
