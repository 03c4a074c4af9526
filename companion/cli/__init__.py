"""The ``companion`` command: a click group whose bare invocation opens the TUI.

Each stage owns a module of subcommands (``records`` for the store and follow-ups,
``extract``, ``asr`` for models, devices and transcription, ``live`` for the TUI). This
module and those must not import vosk, sounddevice or textual at import time: ``companion
--help`` stays light. Heavy imports happen inside the command functions.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from typing import Any

import click

from companion.display import printable
from companion.errors import UserError
from companion.i18n import _


class CompanionGroup(click.Group):
    """Turns a ``UserError`` anywhere below into one line on stderr and a non-zero exit,
    in the user's language (chosen before the arguments are parsed, so click's own usage
    errors and ``--help`` speak it too: see ``companion.language``)."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any) -> click.Context:
        if parent is None:
            from companion.language import speak

            speak()
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as exc:
            click.echo(_("Error: {message}").format(message=printable(str(exc))), err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # `companion show 1 | head`: the reader left, not an error
            _quiet_stdout()
            ctx.exit(141)
        except sqlite3.Error as exc:  # a database failure no command explained itself
            from companion.locations import database_path
            from companion.store.connection import explain

            click.echo(_("Error: {message}").format(message=explain(exc, database_path())), err=True)
            ctx.exit(2)
        except OSError as exc:  # the surroundings: a full disk, a read-only folder …
            where = f"{exc.filename}: " if exc.filename else ""
            problem = _("{where}{reason}; check that the disk has space and the folder is yours").format(
                where=where, reason=exc.strerror or exc
            )
            click.echo(printable(_("Error: {message}").format(message=problem)), err=True)
            ctx.exit(2)
        except Exception as exc:  # noqa: BLE001 - a bug: keep the traceback for a report, not the screen
            log = _log_crash()
            problem = _("unexpected {kind}: {reason} (details in {log})").format(kind=type(exc).__name__, reason=exc, log=log)
            click.echo(printable(_("Error: {message}").format(message=problem)), err=True)
            ctx.exit(70)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so Python's exit flush does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # pragma: no cover - no stdout at all
        pass


def _log_crash() -> str:
    import traceback
    from datetime import datetime

    from companion.locations import data_dir

    try:
        path = data_dir() / "errors.log"
        with open(path, "a", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(f"--- {datetime.now().isoformat()} {' '.join(sys.argv)}\n")
            fh.write(traceback.format_exc())
        os.chmod(path, 0o600)
        return str(path)
    except (OSError, UserError):  # no data folder to write to: the one line still goes out
        return "stderr unavailable"


@click.group(cls=CompanionGroup, invoke_without_command=True)
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    help="Data directory (overrides COMPANION_HOME and the platform default).",
)
@click.version_option(package_name="call-companion")
@click.pass_context
def cli(ctx: click.Context, home: str | None) -> None:
    """Call Companion: a terminal companion for calls to the USCIS Contact Center.

    Run without a command to open the app.
    """
    if home:
        os.environ["COMPANION_HOME"] = os.path.abspath(home)
        from companion.language import speak

        speak()  # that folder's profile may choose another language
    if ctx.invoked_subcommand is None:
        from companion.cli.live import run_tui

        run_tui()


class Text(click.types.StringParamType):
    """A text option or argument that must be text: refused, naming the option, when it
    carries bytes that are not UTF-8 (a terminal or script in another encoding hands
    Python such bytes as lone surrogates, which SQLite, JSON and the terminal cannot take).
    File names are ``click.Path`` and keep their bytes."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = super().convert(value, param, ctx)
        if isinstance(text, str) and _SURROGATE.search(text):
            self.fail(_("contains bytes that are not UTF-8 text; type it again in a UTF-8 terminal"), param, ctx)
        return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_params(command: click.Command) -> None:
    """Every plain text parameter below ``command`` becomes ``Text`` (one place, every command)."""
    for param in command.params:
        if type(param.type) is click.types.StringParamType:
            param.type = Text()
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _text_params(sub)


def _register() -> None:
    from companion.cli import asr, casefile, extract, live, records

    for module in (records, casefile, extract, asr, live):
        for command in module.COMMANDS:
            cli.add_command(command)
    _text_params(cli)


_register()


def main() -> None:
    try:
        cli.main(prog_name="companion")
    except KeyboardInterrupt:  # pragma: no cover - interactive
        click.echo("Interrupted.", err=True)
        sys.exit(130)
