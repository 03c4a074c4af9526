"""Modal dialogs of the Live call: consent notice, end confirmation, add a field,
record a service request, and the end-of-call summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from companion.errors import UserError
from companion.i18n import N_, _
from companion.records import FIELD_KINDS, FIELD_OFFICE, SERVICE_CENTER, CapturedField, ServiceRequest
from companion.tui.formatting import plain
from companion.tui.live.fields import KIND_LABELS

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 76; max-width: 100%; height: auto; max-height: 100%;
    border: thick $primary; background: $panel; padding: 0 1;
}}
{name} .live-title {{ text-style: bold; width: 100%; }}
{name} .live-error {{ color: $error; height: auto; display: none; }}
{name} .live-error.-shown {{ display: block; }}
{name} .live-keys {{ color: $text-muted; height: auto; }}
{name} Input {{ width: 100%; }}
"""


def show_error(where: Static, exc: UserError) -> None:
    """A dialog's one-line error under its inputs; the dialog stays open, nothing saved."""
    where.update(plain(str(exc)))
    where.add_class("-shown")


class ConsentScreen(ModalScreen[bool]):
    """The first-run recording-consent notice; True when acknowledged."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConsentScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "acknowledge", N_("I understand")),
        Binding("escape", "later", N_("Ask me next time")),
    ]

    def __init__(self, notice: str) -> None:
        super().__init__()
        self.notice = notice

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Before you start: recording and consent"), classes="live-title")
            yield Static(plain(self.notice), id="live-consent-text")
            yield Static(_("enter: I understand (don't show again)   esc: remind me next call"), classes="live-keys")

    def action_acknowledge(self) -> None:
        self.dismiss(True)

    def action_later(self) -> None:
        self.dismiss(False)


class ConfirmEndScreen(ModalScreen[bool]):
    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmEndScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", N_("End call")),
        Binding("n,escape", "answer(False)", N_("Keep going")),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("End the call?"), classes="live-title")
            yield Static(_("Capture stops, the last words are saved and the follow-up dates are set."))
            yield Static(_("y / enter: end the call    n / esc: keep going"), classes="live-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class AddFieldScreen(ModalScreen[CapturedField]):
    """Type a field that was never heard: choose its kind, type its value."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AddFieldScreen") + """
    AddFieldScreen OptionList { height: auto; max-height: 7; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, save: Callable[[str, str], CapturedField], kind: str | None = None) -> None:
        super().__init__()
        self.save = save
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Add a field (↑/↓ kind, enter, then type the value)"), classes="live-title")
            yield OptionList(*[Option(_(KIND_LABELS[k]), id=k) for k in FIELD_KINDS], id="live-kind")
            yield Input(placeholder=_("value, e.g. EAC2219050123"), id="live-value")
            yield Static("", classes="live-error", id="live-add-error")
            yield Static(_("enter: save   esc: cancel"), classes="live-keys")

    def on_mount(self) -> None:
        ol = self.query_one(OptionList)
        ol.highlighted = FIELD_KINDS.index(self.kind) if self.kind in FIELD_KINDS else 0
        ol.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#live-value", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        option = self.query_one(OptionList).highlighted_option
        kind = option.id if option is not None and option.id is not None else FIELD_KINDS[0]
        try:
            saved = self.save(kind, event.value)
        except UserError as exc:
            show_error(self.query_one("#live-add-error", Static), exc)
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ServiceRequestScreen(ModalScreen[ServiceRequest]):
    """Record the service request the agent made: type, venue, referral number."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ServiceRequestScreen") + """
    ServiceRequestScreen RadioSet { width: 100%; height: auto; layout: horizontal; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel")), Binding("ctrl+s", "save", N_("Save"))]

    def __init__(self, save: Callable[[str, str, str], ServiceRequest], referral: str = "") -> None:
        super().__init__()
        self.save_cb = save
        self.referral = referral

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Record a service request"), classes="live-title")
            yield Input(value=self.referral, placeholder=_("referral number, e.g. 76013389"), id="live-sr-referral")
            yield Input(placeholder=_("type: expedite, processing delay, change of address…"), id="live-sr-type")
            with RadioSet(id="live-sr-venue"):
                yield RadioButton(_("Service center"), value=True, id="live-venue-service-center")
                yield RadioButton(_("Field office"), id="live-venue-field-office")
            yield Static("", classes="live-error", id="live-sr-error")
            yield Static(_("tab: next   enter / ctrl+s: save   esc: cancel"), classes="live-keys")

    def on_mount(self) -> None:
        self.query_one("#live-sr-referral" if not self.referral else "#live-sr-type", Input).focus()

    def venue(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return FIELD_OFFICE if pressed is not None and pressed.id == "live-venue-field-office" else SERVICE_CENTER

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        referral = self.query_one("#live-sr-referral", Input).value
        sr_type = self.query_one("#live-sr-type", Input).value.strip()
        try:
            saved = self.save_cb(referral, self.venue(), sr_type)
        except UserError as exc:
            show_error(self.query_one("#live-sr-error", Static), exc)
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass
class CallSummary:
    call_id: int
    lines: list[str] = field(default_factory=list)  # facts about the call
    follow_ups: list[str] = field(default_factory=list)  # "2025-09-01  title"


class SummaryScreen(ModalScreen[None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="SummaryScreen") + """
    SummaryScreen VerticalScroll { height: auto; max-height: 16; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter,escape", "close", N_("Back to Home"))]

    def __init__(self, summary: CallSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        s = self.summary
        with Vertical():
            yield Label(_("Call {call} saved").format(call=s.call_id), classes="live-title", markup=False)
            with VerticalScroll():
                yield Static(plain("\n".join(s.lines)), id="live-summary-facts")
                yield Label(_("Follow-up dates"), classes="live-title")
                yield Static(
                    plain("\n".join(s.follow_ups) or _("No follow-up dates from this call.")),
                    id="live-summary-followups",
                )
            yield Static(_("enter: back to Home"), classes="live-keys")

    def action_close(self) -> None:
        self.dismiss(None)
