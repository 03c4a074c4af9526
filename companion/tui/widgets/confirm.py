"""A yes/no question in a modal, for anything that removes a record.

``ConfirmScreen(title, detail)`` dismisses with ``True`` only on ``y`` (or Enter on the
default-yes form); ``n`` and Escape dismiss with ``False``. The texts are data (a
referral number, a staff name) and are shown as plain text, never parsed as markup.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from companion.i18n import N_, _


class ConfirmScreen(ModalScreen[bool]):
    """Ask before doing something the user may regret; ``y`` yes, ``n``/Esc no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Yes")),
        Binding("n,escape", "answer(False)", N_("No")),
    ]

    def __init__(self, title: str, detail: str = "", *, yes: str = N_("delete")) -> None:
        super().__init__(classes="prompt")
        self.title_text = title
        self.detail = detail
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(self.title_text, id="prompt-title", markup=False)
            if self.detail:
                yield Static(self.detail, id="confirm-detail", markup=False)
            yield Static(_("y: {yes}    n / esc: keep it").format(yes=_(self.yes)), id="prompt-hint", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
