"""The Live call with real recognition (Vosk + the Korean test model on a WAV file), and
with a microphone that cannot be opened (manual mode)."""

from __future__ import annotations

import asyncio

from audio_helpers import digits_wav, ko_model_path, speech_dir  # noqa: F401 - fixtures
from tui_seed import LiveApp, wait_for

from companion.errors import UserError
from companion.tui.live.dialogs import SummaryScreen
from companion.tui.live_call import LiveCallScreen


def test_wav_through_the_pipeline_is_committed_and_flushed(consented, ko_model_path, digits_wav):
    store = consented
    app = LiveApp(store, wav=digits_wav, model=ko_model_path)

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            assert isinstance(screen, LiveCallScreen)
            # The UI answers while the model loads on a worker.
            await pilot.press("h")
            assert screen.session.on_hold
            await pilot.press("h")
            await wait_for(pilot, lambda: screen.capture_state in ("listening", "ended"))
            await wait_for(pilot, lambda: screen.transcript.lines)
            call_id = screen.session.call_id
            assert store.utterances(call_id), "nothing committed while the call runs"
            await pilot.press("ctrl+e", "y")
            await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
            assert store.call(call_id).ended_at is not None
            assert screen._pipeline is not None and not screen._pipeline.running

    asyncio.run(run())


def test_a_spanish_call_hears_with_the_spanish_number_assist(consented, ko_model_path, digits_wav):
    # The call's language reaches the recognizer: the number assist reads Spanish cues and
    # glue (the grammar keeps only the words the model knows: the Korean test model knows
    # none of them, so this checks the wiring, not Spanish recognition).
    store = consented
    store.set_profile(language="es")
    app = LiveApp(store, wav=digits_wav, model=ko_model_path)

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            assert isinstance(screen, LiveCallScreen)
            await wait_for(pilot, lambda: screen._pipeline is not None)
            assert store.call(screen.session.call_id).language == "es"
            assert screen._pipeline._assist_context.lang.code == "es"
            # the session decides with the engine's settings: the model's lexicon answers
            settings = screen.session.assist_settings
            assert settings is screen._pipeline.assist_settings and settings.known_word is not None
            await pilot.press("ctrl+e", "y")
            await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))

    asyncio.run(run())


def test_microphone_that_cannot_open_leaves_manual_mode(consented, monkeypatch):
    from companion.asr import models
    from companion.audio import sources

    class FakeModel:
        def vosk_model_find_word(self, word):
            return -1

    def no_mic(self):
        raise UserError("microphone: no input device found (is PortAudio installed?)")

    monkeypatch.setattr(models, "resolve_model", lambda explicit=None, language=None: models.Path("/fake/model"))
    monkeypatch.setattr(models, "load_model", lambda path: FakeModel())
    monkeypatch.setattr(sources.MicrophoneSource, "start", no_mic)
    store = consented
    app = LiveApp(store)

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            await wait_for(pilot, lambda: screen.capture_state == "manual")
            assert "no input device" in screen.banner_text and "Manual mode" in screen.banner_text
            await pilot.press("a", "enter", *"Officer Daniels", "enter")
            await pilot.pause()
            assert [(f.kind, f.value) for f in store.fields(screen.session.call_id)] == [
                ("staff_name", "Officer Daniels")
            ]

    asyncio.run(run())
