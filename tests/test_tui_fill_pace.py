"""Long texts reach the screen without holding the UI thread: the Export draft and the Form
7001 helper of a big case go in a block at a time, each block laid out before the next one
is mounted; Export drafts once when it opens; and the app leaves its startup objects out of
garbage collections while it runs.

What these guard was measured with ``scripts/bench_ui_stall.py`` (5,000 calls): blocks
mounted on a 1 ms timer piled up between two layouts, and one layout then wrapped a dozen
of them at once; a draft written twice at once doubled the wait; a full garbage collection
visited every object of the process. The checks are on the behaviour (how many blocks one
layout takes in, how many drafts run, whether objects are frozen), not on wall-clock
limits, which a loaded machine would break.
"""

from __future__ import annotations

import gc
from itertools import pairwise

from textual.screen import Screen
from tui_seed import HUGE_RECEIPT as RECEIPT
from tui_seed import NOW, frozen_now, huge_store, settle, sync_tests, wait_for

from companion import casefile, workflows
from companion.tui.app import make_app

CALLS = 1000  # a case long enough for several blocks (one line per call, a request every tenth)


def count_blocks_per_layout(monkeypatch, selector: str) -> list[int]:
    """How many ``selector`` blocks the screen holds at each of its layouts."""
    seen: list[int] = []
    real = Screen._refresh_layout

    def refresh_layout(screen, *args, **kwargs):
        seen.append(len(screen.query(selector)))
        return real(screen, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", refresh_layout)
    return seen


def at_most_one_new_block_per_layout(seen: list[int]) -> bool:
    return all(later - earlier <= 1 for earlier, later in pairwise(seen))


async def test_form7001_blocks_go_in_one_per_layout(store, monkeypatch):
    from textual.widgets import Static

    from companion.display import printable
    from companion.tui.screens.case import FORM_CHUNK, Form7001Screen

    huge_store(store, calls=CALLS)
    expected = printable(casefile.form7001_for(store, RECEIPT, NOW.date()).render("text"), newlines=True)
    blocks_wanted = -(-len(expected.split("\n")) // FORM_CHUNK) - 1  # after the first
    assert blocks_wanted >= 4
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        seen = count_blocks_per_layout(monkeypatch, ".form7001-more")
        app.push_screen(Form7001Screen(RECEIPT))
        await wait_for(pilot, lambda: isinstance(app.screen, Form7001Screen) and not app.screen.filling, 120)
        await settle(app, pilot)
        screen = app.screen
        blocks = [screen.query_one("#form7001-body", Static), *screen.query(".form7001-more").results(Static)]
        assert "\n".join(str(b.content) for b in blocks) == expected  # all of it, in order
    assert len(blocks) - 1 == blocks_wanted
    assert seen and seen[-1] == blocks_wanted
    assert at_most_one_new_block_per_layout(seen), seen


async def test_export_blocks_go_in_one_per_layout_and_the_draft_is_written_once(store, monkeypatch):
    from textual.widgets import Static

    from companion.tui.screens.export import BLOCK_LINES, ExportScreen

    huge_store(store, calls=CALLS)
    latest = store.calls(limit=1)[0].id
    expected = workflows.draft_for(store, latest, "ombudsman", today=NOW.date())
    drafts = []
    real_draft_for = workflows.draft_for

    def counted(*args, **kwargs):
        drafts.append(args[1])
        return real_draft_for(*args, **kwargs)

    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(workflows, "draft_for", counted)
        seen = count_blocks_per_layout(monkeypatch, ".draft-more")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen) and app.screen.draft is not None, 120)
        screen = app.screen
        lines = len(expected.as_text().split("\n")) + len(expected.warnings)
        more = (lines - 1) // BLOCK_LINES
        assert more >= 4
        await wait_for(pilot, lambda: len(screen.query(".draft-more")) == more, 120)
        await settle(app, pilot)
        shown = "\n".join(str(b.content) for b in [screen.query_one("#draft", Static),
                                                   *screen.query(".draft-more").results(Static)])
        assert shown.endswith(expected.as_text())
        assert drafts == [latest]  # opening drafted once, not once for mounting and again for resuming
        assert at_most_one_new_block_per_layout(seen), seen
        # Back from another screen, the draft is written again (what it shows may have changed).
        app.push_screen(Screen())
        await settle(app, pilot)
        app.pop_screen()
        await wait_for(pilot, lambda: app.screen is screen and screen.draft is not None and len(drafts) == 2, 120)
        assert drafts == [latest, latest]


async def test_startup_objects_are_left_out_of_collections_while_the_app_runs(store):
    from tui_seed import with_profile

    with_profile(store)
    gc.unfreeze()  # whatever an earlier test may have left frozen
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert gc.get_freeze_count() > 10_000  # Textual, the stylesheet, the screens' code
    assert gc.get_freeze_count() == 0  # collectable again once the app has gone


sync_tests(globals())
