"""Subcommands that open the Textual app (``companion`` bare, ``companion live``)."""

from __future__ import annotations

COMMANDS: list = []


def run_tui(**options) -> None:
    from companion.tui.app import make_app

    make_app(**options).run()
