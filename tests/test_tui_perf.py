"""Review stays responsive on a two-hour call (figures: ``scripts/bench_tui.py``).

The bounds are lenient (a shared 2-core machine); the point is to catch an O(n²) or a
UI-thread read that turns seconds into minutes. Run the script to see the figures.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench_tui.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_tui", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_two_hour_call_opens_scrolls_and_searches_quickly(capsys):
    figures = _bench().run_bench(utterances=2000, words_per=10)
    with capsys.disabled():
        print("\nReview on a synthetic two-hour call:", {k: round(v, 3) for k, v in figures.items()})
    assert figures["words"] == 20000
    assert figures["open_review_s"] < 6.0
    assert figures["pagedown_x20_s"] < 10.0
    assert figures["scroll_y_after"] > 0
    assert figures["search_s"] < 3.0 and figures["search_hits"] == 1
    assert figures["search_common_word_s"] < 5.0
    assert figures["goto_time_s"] < 3.0
