"""Every key the footer shows is readable: its key and whole label on screen, at 80 and 100
columns, in Spanish and in English.

Textual's footer gives each binding a column; when the labels are longer than the screen,
the last ones are cut or pushed off the edge (the footer scrolls sideways, nothing says so).
Spanish labels run longer than English ones, so each screen is driven with Pilot in both
languages and every ``FooterKey`` the footer holds must read in full on the footer's rows.
The Live call's footer, with a model and without one, is checked with its keys line in
``test_tui_live_keys.py``.
"""

from __future__ import annotations

import asyncio
import re
import time

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel
from tui_seed import LIVE_NOW, frozen_now, seed_calls, settle, sync_tests, with_profile

from companion import casefile, i18n
from companion.tui.app import make_app


def footer_problems(app) -> list[str]:
    """Each footer key whose ``key label`` is not whole on the footer's rows of the screen."""
    screen = app.screen
    footer = screen.query_one(Footer)
    rows = [strip.text for strip in screen._compositor.render_strips()]
    region = footer.region
    shown = "\n".join(row[region.x : region.right] for row in rows[region.y : region.bottom])
    problems = []
    keys = list(footer.query(FooterKey))
    assert keys, f"{type(screen).__name__}: the footer shows no key at all"
    labels = [f"{key.key_display} {key.description}".strip() for key in keys]
    labels += [str(label.render()).strip() for label in footer.query(FooterLabel)]  # a group's label
    for words in labels:  # whole, and not run into the next key ("Recordd Draft")
        if not re.search(rf"(?<![^\s▏]){re.escape(words)}(?![^\s▏])", shown):
            problems.append(f"{type(screen).__name__}: {words!r} not whole in footer {shown.strip()!r}")
    return problems


def _case(store) -> list[int]:
    ids = seed_calls(store)
    casefile.link_call(store, "IOE0891447326", ids[1])
    return ids


async def _walk(app, pilot, ids: list[int]) -> list[str]:
    """Home, Review (list and one call), Follow-ups, Cases, Case, Form 7001, Export, Prepare."""
    from companion.tui.screens.case import Form7001Screen

    problems = []

    async def check(name: str) -> None:
        await settle(app, pilot)
        await settle(app, pilot)
        assert type(app.screen).__name__ == name
        problems.extend(footer_problems(app))

    async def home() -> None:
        while len(app.screen_stack) > 2:  # the default screen, then Home
            app.pop_screen()
        await settle(app, pilot)

    await check("HomeScreen")
    for name, open_screen in [
        ("ReviewScreen", lambda: app.action_review()),
        ("CallReviewScreen", lambda: app.action_review(ids[1])),
        ("FollowUpsScreen", app.action_followups),
        ("CasesScreen", app.action_cases),
        ("ExportScreen", lambda: app.action_export(ids[1])),
        ("PrepareScreen", app.action_prepare),
        ("Form7001Screen", lambda: app.push_screen(Form7001Screen("IOE0891447326"))),
    ]:
        await home()
        open_screen()
        await check(name)
    await home()
    app.action_cases()
    await settle(app, pilot)
    await pilot.press("enter")
    await check("CaseScreen")
    return problems


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("width", [80, 100])
async def test_every_footer_key_is_readable(store, language, width):
    ids = _case(store)
    app = make_app(store=store, now=frozen_now, language=language)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(app, pilot)
        problems = await _walk(app, pilot, ids)
        assert i18n.current_language() == language
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("width", [80, 100])
async def test_first_run_footer_is_readable(store, monkeypatch, language, width):
    monkeypatch.setattr(casefile, "system_timezone", lambda: "America/Chicago")
    app = make_app(store=store, now=frozen_now, language=language)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(app, pilot)
        assert type(app.screen).__name__ == "FirstRunScreen"
        problems = footer_problems(app)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["es", "en"])
async def test_live_call_footer_with_the_other_reading_offered_is_readable(store, language):
    """A field with the digits recognizer's reading: v joins the footer, which still fits."""
    from test_tui_live_assist import ASSIST, STAFF_ID_SAID, deliver, rows

    from companion.asr.pipeline import FinalResult, NumberAssist
    from companion.tui.live_call import LiveCallScreen

    store.set_profile(consent_acknowledged=True)
    app = make_app(store=store, now=lambda: LIVE_NOW, language=language)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(LiveCallScreen(store, manual=True))
        await settle(app, pilot)
        screen = app.screen
        deadline = time.monotonic() + 15
        while screen.session is None:
            assert time.monotonic() < deadline, "no call session"
            await asyncio.sleep(0.02)
        await deliver(screen, FinalResult(None, STAFF_ID_SAID), NumberAssist(*vars(ASSIST).values()))
        while not any("alt" in r for r in rows(screen)):
            assert time.monotonic() < deadline, "the other reading was not offered"
            await asyncio.sleep(0.02)
        await settle(app, pilot)
        assert "v" in {key.key for key in screen.query(FooterKey)}
        problems = footer_problems(app)
    assert not problems, "\n".join(problems)


def test_the_check_sees_a_label_cut_off(store):
    """The check itself: a footer with more labels than 40 columns hold is reported."""

    async def run() -> list[str]:
        with_profile(store)
        app = make_app(store=store, now=frozen_now, language="es")
        async with app.run_test(size=(40, 20)) as pilot:
            await settle(app, pilot)
            assert type(app.screen).__name__ == "HomeScreen"
            return footer_problems(app)

    problems = asyncio.run(run())
    assert problems and all("HomeScreen" in p for p in problems)


sync_tests(globals())
