"""Subcommands that open the Textual app (``companion`` bare, ``companion live``)."""

from __future__ import annotations

import math
import os
import sys
from contextlib import contextmanager

import click

from companion.i18n import N_, _


def run_tui(**options) -> None:
    from companion.tui.app import make_app

    app = make_app(**options)
    with native_stderr_to_log():
        app.run()


@contextmanager
def native_stderr_to_log():
    """Keep native libraries from scribbling on the screen while the app runs.

    Kaldi and PortAudio write to file descriptor 2 even with Vosk's log level at -2
    (a bad model config, a vanished ALSA device), and Textual draws the screen on
    stderr. So Textual gets its own duplicate of the terminal, and fd 2 goes to a
    private log file in the data directory until the app exits.
    """
    try:
        interactive = os.isatty(2)
    except (OSError, ValueError):
        interactive = False
    if not interactive:
        yield
        return
    from companion.locations import data_dir

    try:
        log_fd = os.open(data_dir() / "native.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError:  # a read-only data folder: the app still opens, to read
        yield
        return
    saved_fd = os.dup(2)
    terminal = os.fdopen(os.dup(2), "w", encoding=sys.stderr.encoding or "utf-8", errors="replace")
    previous = sys.__stderr__, sys.stderr
    sys.__stderr__ = sys.stderr = terminal  # type: ignore[misc]  # Textual's Linux driver writes to sys.__stderr__
    os.dup2(log_fd, 2)
    os.close(log_fd)
    try:
        yield
    finally:
        terminal.flush()
        os.dup2(saved_fd, 2)
        os.close(saved_fd)
        sys.__stderr__, sys.stderr = previous  # type: ignore[misc]  # Final in typeshed; restored for Textual
        terminal.close()


def _finite(value: float, param: click.Parameter) -> float:
    """click's FloatRange lets NaN through (every comparison with it is false)."""
    if math.isnan(value):
        raise click.BadParameter(_("{value} is not a number from 0.01 to 1000").format(value=value), param=param)
    return value


def _device(value: str | None):
    """A sound device is a name or an index; sounddevice wants an int for the latter."""
    if value is None:
        return None
    return int(value) if value.strip().isdigit() else value


@click.command("live", help=N_(
    "Open the app on a new live call: transcript, captured fields, timers.\n\n"
    "Without --replay or --wav it listens to the microphone; without a model or a microphone it says "
    "so and you type what you hear."
))
@click.option("--replay", type=click.Path(exists=True, dir_okay=False), metavar="FILE.jsonl",
              help=N_("Play a Vosk-result transcript as if it were a live call (no audio, no model)."))
@click.option("--speed", type=click.FloatRange(min=0.01, max=1000), default=1.0, show_default=True,
              callback=lambda ctx, param, value: _finite(value, param),
              help=N_("Replay speed: 20 plays a 60-second call in 3 seconds."))
@click.option("--wav", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help=N_("Recognise a WAV file in real time instead of the microphone."))
@click.option("--device", metavar="NAME|INDEX", help=N_("Microphone to use (see `companion devices`)."))
@click.option("--monitor", metavar="SINK.monitor",
              help=N_("Also capture the speaker output (the agent's side) from this PulseAudio monitor."))
@click.option("--model", type=click.Path(file_okay=False), metavar="DIR",
              help=N_("Vosk model folder (default: see `companion models list`)."))
@click.option("--two-source", is_flag=True,
              help=N_("Agent from the default speaker monitor, caller from the microphone."))
@click.option("--lang", "language", type=click.Choice(["en", "es"]), default=None,
              help=N_("The language of the call (default: your profile's)."))
def live(replay, speed, wav, device, monitor, model, two_source, language) -> None:
    if replay and wav:
        raise click.UsageError(_("--replay and --wav are two different sources: give one"))
    ui = None
    if language:
        from companion.language import ui_language
        from companion.workflows import LANGUAGE_ENV

        os.environ[LANGUAGE_ENV] = language  # the call the app starts is in this language
        ui = ui_language(language)  # … and the app speaks it, unless the profile chose otherwise
    run_tui(
        language=ui,
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
