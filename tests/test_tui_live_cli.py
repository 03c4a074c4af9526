"""`companion live` passes its options to the app, which opens the Live call at once."""

from __future__ import annotations

from click.testing import CliRunner

from companion.cli import cli


def test_live_command_passes_options(monkeypatch, shared_corpus):
    seen = {}
    monkeypatch.setattr("companion.cli.live.run_tui", lambda **options: seen.update(options))
    replay = str(shared_corpus / "tier1-service-request.jsonl")
    result = CliRunner().invoke(cli, ["live", "--replay", replay, "--speed", "20", "--device", "3"])
    assert result.exit_code == 0, result.output
    assert seen["start_live"] is True and seen["replay"] == replay and seen["speed"] == 20
    assert seen["device"] == 3 and seen["two_source"] is None


def test_live_refuses_two_sources_of_one_kind(monkeypatch, shared_corpus, tmp_path):
    monkeypatch.setattr("companion.cli.live.run_tui", lambda **options: None)
    wav = tmp_path / "a.wav"
    wav.write_bytes(b"")
    replay = str(shared_corpus / "tier1-service-request.jsonl")
    result = CliRunner().invoke(cli, ["live", "--replay", replay, "--wav", str(wav)])
    assert result.exit_code == 2 and "give one" in result.output


def test_make_app_opens_the_live_call(consented, shared_corpus):
    import asyncio

    from companion.tui.app import make_app
    from companion.tui.live_call import LiveCallScreen

    app = make_app(store=consented, start_live=True, replay=str(shared_corpus / "transfer-to-tier2.jsonl"), speed=1000)

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, LiveCallScreen)
            assert app.screen.speed == 1000

    asyncio.run(run())
