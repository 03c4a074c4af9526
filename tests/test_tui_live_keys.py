"""The Live call names the keys its footer has no room for: a (add a field), g (tier guide)
and f (fetch the model, only while no model is found), on a line of their own above the
footer, in the user's language and whole at 80 columns. The keys it names work.
"""

from __future__ import annotations

import threading

import pytest
from test_tui_footer_fit import footer_problems
from textual.widgets import ContentSwitcher
from tui_seed import LIVE_NOW, replayed_live_call, settle, sync_tests, text_of, until_replay_ends, wait_for

from companion.tui.app import make_app
from companion.tui.live_call import LiveCallScreen

WITHOUT_MODEL = {
    "en": "a add a field · g tier guide · f fetch the model · ^p more",
    "es": "a agregar un dato · g guía de niveles · f descargar el modelo · ^p más",
}
WITH_MODEL = {
    "en": "a add a field · g tier guide · ^p more",
    "es": "a agregar un dato · g guía de niveles · ^p más",
}


def keys_line(app) -> str:
    """What the screen shows on the keys line (its whole region: nothing cut off at the edge)."""
    region = app.screen.query_one("#live-keys").region
    rows = text_of(app).splitlines()[region.y : region.bottom]
    return " ".join(" ".join(row[region.x : region.right] for row in rows).split())


async def _without_model(store, monkeypatch, language: str):
    from companion.asr import models

    monkeypatch.setattr(models, "resolve_model", lambda explicit=None, language=None: None)
    store.set_profile(consent_acknowledged=True, state="MD")
    return make_app(store=store, now=lambda: LIVE_NOW, start_live=True, language=language)


@pytest.mark.parametrize("language", ["es", "en"])
async def test_no_model_names_a_g_and_f_and_they_work(store, monkeypatch, language):
    from companion.asr import models

    app = await _without_model(store, monkeypatch, language)
    async with app.run_test(size=(80, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LiveCallScreen) and app.screen.model_missing)
        await settle(app, pilot)
        screen = app.screen
        assert keys_line(app) == WITHOUT_MODEL[language]
        assert not footer_problems(app)  # the footer still fits
        assert "f" in screen.banner_text  # the banner says which key fetches the model

        await pilot.press("g")
        assert screen.query_one(ContentSwitcher).current == "live-guide"
        await pilot.press("g")
        assert screen.query_one(ContentSwitcher).current == "live-transcript"

        await pilot.press("a")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "AddFieldScreen"
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen

        # While the model is being fetched, f does nothing more, and the line stops naming it.
        release = threading.Event()

        def slow_failing_fetch(*args, progress=None, **kwargs):
            from companion.errors import UserError

            release.wait(10)
            raise UserError("could not download the model: network unreachable")

        monkeypatch.setattr(models, "fetch_model", slow_failing_fetch)
        await pilot.press("f")
        await pilot.pause()
        assert screen.fetching
        assert keys_line(app) == WITH_MODEL[language]
        release.set()
        await wait_for(pilot, lambda: not screen.fetching)
        await settle(app, pilot)
        assert keys_line(app) == WITHOUT_MODEL[language]  # the fetch failed: f is offered again


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("width", [80, 100])
async def test_with_a_model_f_is_not_named(store, language, width):
    app = replayed_live_call(store, language=language)
    async with app.run_test(size=(width, 30)) as pilot:
        await until_replay_ends(app)
        await settle(app, pilot)
        assert keys_line(app) == WITH_MODEL[language]
        assert not footer_problems(app)


sync_tests(globals())
