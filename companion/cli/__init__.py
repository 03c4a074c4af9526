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
from companion.i18n import N_, _, ngettext


class CompanionGroup(click.Group):
    """Turns a ``UserError`` anywhere below into one line on stderr and a non-zero exit,
    in the user's language (chosen before the arguments are parsed, so click's own usage
    errors and ``--help`` speak it too: see ``companion.language``)."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        if parent is None:
            from companion.language import speak

            speak()
            localize_help(self)
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


@click.group(cls=CompanionGroup, invoke_without_command=True, help=N_(
    "Call Companion: a terminal companion for calls to the USCIS Contact Center.\n\n"
    "Run without a command to open the app."
))
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    help=N_("Data directory (overrides COMPANION_HOME and the platform default)."),
)
@click.version_option(package_name="call-companion")
@click.pass_context
def cli(ctx: click.Context, home: str | None) -> None:
    if home:
        os.environ["COMPANION_HOME"] = os.path.abspath(home)
        from companion.language import speak

        speak()  # that folder's profile may choose another language
        localize_help(ctx.command)
    if ctx.invoked_subcommand is None:
        from companion.cli.live import run_tui

        run_tui()


def localize_help(command: click.Command) -> None:
    """Every help text below ``command`` in the current language.

    Click reads ``help=`` when the module is imported, before the language is known, so the
    texts are written as msgids (``help=N_(...)``) and each command and option keeps its
    msgid aside; this puts ``_(msgid)`` in its place before the arguments are parsed
    (``--help`` included). Like ``localize_bindings`` for the TUI's key labels."""
    help_option = getattr(command, "_help_option", None)  # made (and kept) at the first --help
    for item in (command, *command.params, *([help_option] if help_option else [])):
        if not hasattr(item, "help"):
            continue  # an argument: click shows no help for it
        msgid = item.__dict__.setdefault("_help_msgid", item.help)
        if msgid:
            item.help = _(msgid)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localize_help(sub)


# Click's own words (usage lines, its errors, the --help option), marked here so the Spanish
# catalogue carries them; click looks each up with ``gettext`` when it shows it.
CLICK_WORDS = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Error: {message}"), N_("Try '{command} {option}' for help."),
    N_("Invalid value for {param_hint}: {message}"), N_("Invalid value: {message}"), N_("Missing argument"),
    N_("Missing option"), N_("Missing parameter"), N_("Missing command."), N_("No such option {name!r}."),
    N_("No such command {name!r}."), N_("Show this message and exit."), N_("Show the version and exit."),
    N_("Choose from:\n\t{choices}"), N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."), N_("{name} {filename!r} does not exist."), N_("file"),
    N_("directory"), N_("Aborted!"), N_("default: {default}"), N_("required"),
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1),
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1),
    ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 1),
)


def _speak_through_click() -> None:
    """Click's messages through the app's catalogue: its modules bound the standard
    library's ``gettext``/``ngettext`` (the global ``messages`` domain, read from ``.mo``
    files on disk) at import; ours is compiled in memory (``companion.i18n``). English is
    unchanged: a ``NullTranslations`` gives every msgid back as it is."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


_speak_through_click()


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
        click.echo(_("Interrupted."), err=True)
        sys.exit(130)
