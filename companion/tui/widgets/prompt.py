"""A one-line question in a modal: the answer is checked before the modal closes.

``PromptScreen(title, value, submit)``: on Enter, ``submit(text)`` runs; if it raises a
``UserError`` its message is shown inline under the input and the modal stays open, so a
user error never becomes a traceback and never loses what was typed. Otherwise the modal
dismisses with whatever ``submit`` returned (or the text when there is no ``submit``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from companion.errors import UserError
from companion.i18n import N_, _
from companion.tui.formatting import plain


class PromptScreen(ModalScreen[Any]):
    """Ask for one value; Enter submits, Escape cancels (dismisses with ``None``)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(
        self,
        title: str,
        value: str = "",
        submit: Callable[[str], Any] | None = None,
        *,
        hint: str = "",
        placeholder: str = "",
    ) -> None:
        super().__init__(classes="prompt")
        self.title_text = title
        self.initial = value
        self.submit = submit
        self.hint = hint
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(plain(self.title_text), id="prompt-title")
            yield Input(self.initial, placeholder=self.placeholder, id="prompt-input")
            yield Static(plain(self.hint), id="prompt-hint")
            yield Static("", id="prompt-error", classes="error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        error = self.query_one("#prompt-error", Static)
        if self.submit is None:
            self.dismiss(text)
            return
        try:
            result = self.submit(text)
        except UserError as exc:
            error.update(plain(str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - a bug below must not end the app or lose the text
            self.log.error(f"prompt {self.title_text!r}: {exc!r}")
            error.update(
                plain(
                    _("That did not work ({error}); nothing was saved.").format(error=f"{type(exc).__name__}: {exc}")
                )
            )
            return
        self.dismiss(text if result is None else result)

    def action_cancel(self) -> None:
        self.dismiss(None)
