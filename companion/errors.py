"""Errors the user can act on.

A ``UserError`` carries one line naming the field and the form expected; the CLI prints
it without a traceback and exits non-zero, the TUI shows it as a notification.

The line is in the user's language: it is built when the error is raised (``_()`` at
raise time, never an English f-string), so a switch of language made after import still
shows. Field names and expected forms defined as constants are marked with ``N_()`` and
translated here, in ``invalid()``; identifiers' forms (``IOE0912345678``, ``A012345678``,
``YYYY-MM-DD``) stay as they are in every language. ``tests/test_i18n_errors.py`` fails on
a ``UserError`` raised with an unmarked English literal.
"""

from __future__ import annotations

from companion.i18n import _


class UserError(Exception):
    """Bad input or a missing prerequisite the user can fix. ``str()`` is the message."""

    exit_code = 2

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def invalid(field: str, value: object, expected: str) -> UserError:
    """The one-line error for a value that does not have the expected form.

    ``field`` and ``expected`` are msgids (marked with ``N_()`` where they are written) and
    are translated now; a value not in the catalogue (an option name such as
    ``--started-at``) is shown as it is."""
    return UserError(
        _("{field}: {value!r} is not valid; expected {expected}").format(
            field=_(field), value=value, expected=_(expected)
        ),
        field=field,
    )


def one_of(choices: list[str] | tuple[str, ...]) -> str:
    """``"a, b or c"`` in the current language (the choices themselves are not translated:
    they are what the user types)."""
    if len(choices) <= 1:
        return "".join(choices)
    return _("{choices} or {last}").format(choices=", ".join(choices[:-1]), last=choices[-1])
