"""A one-line question in a modal: the answer is checked before the modal closes.

``PromptScreen(title, value, submit)``: on Enter, ``submit(text)`` runs; if it raises a
``UserError`` its message is shown inline under the input and the modal stays open, so a
user error never becomes a traceback and never loses what was typed. Otherwise the modal
dismisses with whatever ``submit`` returned (or the text when there is no ``submit``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
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


def save_file_prompt(
    title: str,
    default: Path,
    contents: Callable[[], bytes],
    *,
    empty: str,
) -> PromptScreen:
    """Ask where to save a file (``default`` offered): a folder saves ``default``'s name inside
    it; an existing file is replaced only when the same path is submitted a second time
    (``write_private`` refuses it the first time and says so). Dismisses with the path
    written, or ``None`` when cancelled; ``empty`` is the line for an empty answer."""
    from companion.export.files import ExportExistsError, write_private

    confirmed: list[Path] = []  # a path the user was warned about and submitted again

    def submit(text: str) -> Path:
        raw = text.strip()
        if not raw:
            raise UserError(empty)
        path = Path(raw).expanduser()
        try:
            is_folder = path.is_dir()  # a folder, or a link to one: save inside it
        except (OSError, ValueError):  # a name too long, a NUL: write_private explains
            is_folder = False
        if is_folder:
            path = path / default.name
        try:
            return write_private(
                path,
                contents(),
                overwrite=path in confirmed,
                exists_hint=_("press Enter again to replace it, or change the name"),
            )
        except ExportExistsError:
            confirmed[:] = [path]
            raise

    return PromptScreen(title, str(default), submit, hint=_("Enter saves; Esc cancels"))
