"""Key labels in the user's language.

Textual copies a class's ``BINDINGS`` into each node when it is built (the app adds its
command-palette key then too); the labels there are English msgids (marked ``N_``).
``localize_bindings`` keeps the node's first, English set and rebuilds the node's copy from
it through ``_()``, so the footer, the help panel and the command palette speak the current
language, and switching language again re-translates from English.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

from companion.i18n import _


def localize_bindings(node: DOMNode) -> None:
    original: BindingsMap | None = getattr(node, "_english_bindings", None)
    if original is None:
        original = node._bindings.copy()
        node._english_bindings = original  # type: ignore[attr-defined]
    node._bindings = BindingsMap.from_keys(
        {
            key: [
                replace(b, description=_(b.description), tooltip=_(b.tooltip) if b.tooltip else b.tooltip)
                for b in bindings
            ]
            for key, bindings in original.key_to_bindings.items()
        }
    )
