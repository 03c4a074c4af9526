"""The live transcript: finals appended with time and speaker, the partial below, dim.

Auto-scroll follows the newest line only while the view is at the end; scrolling back
pauses it (a line says so) and scrolling to the end again (``End``) resumes it.

The screen keeps the newest ``MAX_LINES`` lines (a long call, or a replay of a huge file,
must not grow memory and layout work without bound); the store keeps every utterance,
and Review shows the whole call.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import RichLog, Static

from companion.display import printable
from companion.i18n import _
from companion.session import format_duration

MAX_LINES = 2000  # transcript lines kept on screen during a call


class TranscriptLog(RichLog):
    """A RichLog that knows whether the user has scrolled away from the end."""

    following: reactive[bool] = reactive(True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.following = self.at_end()

    def at_end(self) -> bool:
        return self.max_scroll_y == 0 or self.scroll_y >= self.max_scroll_y - 0.5


class Transcript(Vertical):
    DEFAULT_CSS = """
    Transcript { height: 1fr; }
    Transcript > TranscriptLog { height: 1fr; border: none; background: $surface; }
    Transcript > #live-partial { display: none; height: auto; max-height: 2; color: $text-muted; text-style: italic; padding: 0 1; }
    Transcript > #live-paused { height: 1; display: none; background: $warning-muted; color: $text; padding: 0 1; }
    Transcript > #live-paused.-shown { display: block; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lines: deque[str] = deque(maxlen=MAX_LINES)  # plain text of the finals on screen
        self.total = 0  # finals shown since the call started

    def compose(self) -> ComposeResult:
        log = TranscriptLog(
            id="live-transcript-log", wrap=True, markup=False, auto_scroll=False, min_width=20, max_lines=MAX_LINES
        )
        log.can_focus = True
        log.border_title = _("Transcript")
        yield log
        yield Static("", id="live-partial")
        yield Static(_("⏸ Scrolled back: auto-scroll paused (End resumes)"), id="live-paused")

    def on_mount(self) -> None:
        self.watch(self.log_widget, "following", self._following_changed)

    @property
    def log_widget(self) -> TranscriptLog:
        return self.query_one(TranscriptLog)

    def _following_changed(self, following: bool) -> None:
        self.query_one("#live-paused").set_class(not following, "-shown")

    def show_partial(self, speaker: str | None, text: str) -> None:
        who = f"{speaker}: " if speaker else ""
        self._set_partial(Text(printable(f"… {who}{text}")) if text else None)

    def _set_partial(self, text: Text | None) -> None:
        # Hidden when empty: display changes force a relayout, a bare update("") may not.
        partial = self.query_one("#live-partial", Static)
        partial.update(text or "")
        partial.display = text is not None

    def add_final(self, text: str, start: float | None, speaker: str | None) -> None:
        log = self.log_widget
        follow = log.following  # changes only when the user (or we) scroll, not as lines arrive
        line = Text()
        line.append(f"{format_duration(start or 0)} ", style="dim")
        if speaker:
            line.append(printable(f"{speaker}: "), style="bold cyan" if speaker == "agent" else "bold green")
        line.append(printable(text))
        self.lines.append(line.plain)
        self.total += 1
        log.write(line, scroll_end=follow)
        self._set_partial(None)

    def add_note(self, text: str) -> None:
        log = self.log_widget
        log.write(Text(printable(text, newlines=True), style="dim italic"), scroll_end=log.following)
