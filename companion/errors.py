"""Errors the user can act on.

A ``UserError`` carries one line naming the field and the form expected; the CLI prints
it without a traceback and exits non-zero, the TUI shows it as a notification.
"""


class UserError(Exception):
    """Bad input or a missing prerequisite the user can fix. ``str()`` is the message."""

    exit_code = 2

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def invalid(field: str, value: object, expected: str) -> UserError:
    """The one-line error for a value that does not have the expected form."""
    return UserError(f"{field}: {value!r} is not valid; expected {expected}", field=field)
