"""Key labels in the user's language.

Textual copies a class's ``BINDINGS`` into each node when it is built (the app adds its
command-palette key then too); the labels there are English msgids (marked ``N_``).
``localize_bindings`` keeps the node's first, English set and rebuilds the node's copy from
it through ``_()``, so the footer, the help panel and the command palette speak the current
language, and switching language again re-translates from English. A binding group's
description (``Binding.Group``: several keys under one footer label) is translated too.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from companion.i18n import N_, _

# Textual's own command-palette key (the app adds it to its bindings), shown in the footer
TEXTUAL_WORDS = (N_("palette"), N_("Open the command palette"))


def _translated(b: Binding) -> Binding:
    group = replace(b.group, description=_(b.group.description)) if b.group else None
    return replace(b, description=_(b.description), tooltip=_(b.tooltip) if b.tooltip else b.tooltip, group=group)


def localize_bindings(node: DOMNode) -> None:
    original: BindingsMap | None = getattr(node, "_english_bindings", None)
    if original is None:
        original = node._bindings.copy()
        node._english_bindings = original  # type: ignore[attr-defined]
    node._bindings = BindingsMap.from_keys(
        {
            key: [_translated(b) for b in bindings]
            for key, bindings in original.key_to_bindings.items()
        }
    )
