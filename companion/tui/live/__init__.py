"""Widgets, dialogs and messages of the Live call screen (``companion.tui.live_call``)."""
