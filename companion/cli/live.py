"""Subcommands that open the Textual app (``companion`` bare, ``companion live``)."""

from __future__ import annotations

import click


def run_tui(**options) -> None:
    from companion.tui.app import make_app

    make_app(**options).run()


def _device(value: str | None):
    """A sound device is a name or an index; sounddevice wants an int for the latter."""
    if value is None:
        return None
    return int(value) if value.strip().isdigit() else value


@click.command("live")
@click.option("--replay", type=click.Path(exists=True, dir_okay=False), metavar="FILE.jsonl",
              help="Play a Vosk-result transcript as if it were a live call (no audio, no model).")
@click.option("--speed", type=click.FloatRange(min=0.01), default=1.0, show_default=True,
              help="Replay speed: 20 plays a 60-second call in 3 seconds.")
@click.option("--wav", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="Recognise a WAV file in real time instead of the microphone.")
@click.option("--device", metavar="NAME|INDEX", help="Microphone to use (see `companion devices`).")
@click.option("--monitor", metavar="SINK.monitor",
              help="Also capture the speaker output (the agent's side) from this PulseAudio monitor.")
@click.option("--model", type=click.Path(file_okay=False), metavar="DIR",
              help="Vosk model folder (default: see `companion models list`).")
@click.option("--two-source", is_flag=True,
              help="Agent from the default speaker monitor, caller from the microphone.")
def live(replay, speed, wav, device, monitor, model, two_source) -> None:
    """Open the app on a new live call: transcript, captured fields, timers.

    Without --replay or --wav it listens to the microphone; without a model or a
    microphone it says so and you type what you hear.
    """
    if replay and wav:
        raise click.UsageError("--replay and --wav are two different sources: give one")
    run_tui(
        start_live=True,
        replay=replay,
        speed=speed,
        wav=wav,
        device=_device(device),
        monitor=monitor,
        model=model,
        two_source=two_source or None,
    )


COMMANDS: list = [live]
