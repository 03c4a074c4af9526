"""Prepare: the case profile, the user's profile and the seed's pre-call checklist.

Values are checked as they are typed (the same parsers the store uses, so the message is
the same one-line error) and saved with ctrl+s; a bad value is shown beside its field and
nothing is written. The checklist ticks live in ``checklist.json`` (``prepare_state``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Checkbox,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from companion import identifiers as ids
from companion.display import printable
from companion.errors import UserError
from companion.guide import PRE_CALL
from companion.i18n import LANGUAGE_LABEL, LANGUAGES, N_, _, current_language
from companion.prepare_state import load_checklist, readiness, save_checklist
from companion.records import Case
from companion.tui.app import CompanionApp
from companion.tui.formatting import plain

PROCESSING_URL = "https://egov.uscis.gov/processing-times/"
NOTE_PROCESSING = "Processing times checked"
NOTE_CORRESPONDENCE = "Correspondence"


# Which parser checks each input as it is typed (empty is allowed: optional fields).
VALIDATORS: dict[str, Callable[[str], object]] = {
    "receipt": ids.parse_receipt,
    "a-number": ids.parse_a_number,
    "priority-date": lambda v: ids.parse_date(v, "priority date"),
    "phone": ids.parse_phone,
    "state": ids.parse_state,
    "timezone": ids.parse_timezone,
    "ombudsman-email": lambda v: ids.parse_email(v, "Ombudsman email"),
}


def encode_notes(processing_checked: bool, processing_note: str, correspondence: str) -> str:
    """The case's free-text notes, one ``Label: value`` per line."""
    lines = []
    if processing_checked or processing_note.strip():
        lines.append(f"{NOTE_PROCESSING}: {'yes' if processing_checked else 'no'}" + (f" — {processing_note.strip()}" if processing_note.strip() else ""))
    if correspondence.strip():
        lines.append(f"{NOTE_CORRESPONDENCE}: {correspondence.strip()}")
    return "\n".join(lines)


def decode_notes(notes: str) -> tuple[bool, str, str]:
    checked, note, corr = False, "", ""
    for line in (notes or "").splitlines():
        if line.startswith(NOTE_PROCESSING + ":"):
            rest = line.split(":", 1)[1].strip()
            checked = rest.startswith("yes")
            note = rest.split("—", 1)[1].strip() if "—" in rest else ""
        elif line.startswith(NOTE_CORRESPONDENCE + ":"):
            corr = line.split(":", 1)[1].strip()
    return checked, note, corr


def readiness_content(state: dict[str, bool]) -> Content:
    done, total = readiness(state)
    bar = "█" * done + "░" * (total - done)
    style = "bold $success" if done == total else "bold $warning"
    word = _("Ready to call") if done == total else _("Not ready yet")
    return Content.assemble((f"{word}: {done}/{total} ", style), (bar, style))


def _show_error(widget: Static, message: str) -> None:
    widget.update(plain(message))
    widget.set_class(not message, "hidden")


class PrepareScreen(Screen[None]):
    """Everything to have at hand before calling the NCSC."""

    app = getters.app(CompanionApp)  # typed: the store, the clock and the app's actions
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("f2", "tab('case')", N_("Case")),
        Binding("f3", "tab('profile')", N_("Profile")),
        Binding("f4", "tab('checklist')", N_("Checklist")),
        Binding("ctrl+n", "new_case", N_("New case")),
        Binding("ctrl+d", "delete_case", N_("Delete case")),
        Binding("escape", "app.pop_screen", N_("Back")),
    ]

    def __init__(self, tab: str = "case") -> None:
        super().__init__()
        self.initial_tab = tab
        self.cases: list[Case] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="checklist-tab" if self.initial_tab == "checklist" else self.initial_tab, id="prepare"):
            with TabPane(_("Case (F2)"), id="case"), VerticalScroll():
                with Horizontal(classes="form-row", id="about-row"):
                    yield Label(_("This call is about"))
                    yield Select[int]([], prompt=_("no case picked"), id="about-case")
                yield OptionList(id="cases")
                yield from self._row(_("Receipt number"), "receipt", "IOE0912345678")
                yield from self._row(_("Form"), "form-type", "I-485")
                yield from self._row(_("A-number"), "a-number", "A012345678")
                yield from self._row(_("Priority date"), "priority-date", _("YYYY-MM-DD"))
                yield Checkbox(
                    _("Processing times checked ({url})").format(url=PROCESSING_URL), id="processing-checked"
                )
                yield from self._row(
                    _("Processing note"), "processing-note", _("e.g. posted 8–12 months; mine: 14")
                )
                yield from self._row(
                    _("Correspondence"), "correspondence", _("e.g. I-797C 2025-05-02, RFE response 2025-09-01")
                )
                yield Static("", id="case-error", classes="field-error hidden")
            with TabPane(_("Profile (F3)"), id="profile"), VerticalScroll():
                yield from self._row(_("Your name"), "name", _("as on your application"))
                yield from self._row(_("Phone you call from"), "phone", "555-123-4567")
                yield from self._row(_("State"), "state", _("two letters, e.g. CA"))
                yield from self._row(_("Time zone"), "timezone", "America/New_York")
                yield from self._row(_("Ombudsman email"), "ombudsman-email", ids.OMBUDSMAN_EMAIL_DEFAULT)
                yield Static(
                    _(
                        "The call guide says cisombudsman@dhs.gov; newer DHS pages list "
                        "cisombudsman@hq.dhs.gov. Use the one you trust."
                    ),
                    classes="hint",
                )
                with Horizontal(classes="form-row"):
                    yield Label(LANGUAGE_LABEL)
                    yield Select(
                        [(name, code) for code, name in LANGUAGES.items()],
                        value=current_language(),
                        allow_blank=False,
                        id="language",
                    )
                yield Static("", id="profile-error", classes="field-error hidden")
            with TabPane(_("Checklist (F4)"), id="checklist-tab"), VerticalScroll():
                yield Static("", id="readiness")
                yield SelectionList[str](id="checklist")
        yield Footer()

    @staticmethod
    def _row(label: str, input_id: str, placeholder: str) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(label)
            yield Input(placeholder=placeholder, id=input_id)
        yield Static("", id=f"{input_id}-error", classes="field-error hidden")

    def on_mount(self) -> None:
        self.sub_title = _("Prepare")
        self._load_cases()
        profile = self.app.store.profile()
        for input_id, value in (
            ("name", profile.name),
            ("phone", ids.format_phone(profile.phone)),
            ("state", profile.state),
            ("timezone", profile.timezone),
            ("ombudsman-email", profile.ombudsman_email),
        ):
            self.query_one(f"#{input_id}", Input).value = printable(value)
        state = load_checklist()
        checklist = self.query_one("#checklist", SelectionList)
        checklist.add_options([(_(item.text), item.key, state[item.key]) for item in PRE_CALL])
        checklist.highlighted = 0
        self.query_one("#readiness", Static).update(readiness_content(state))
        self._focus_tab(self.initial_tab)

    # -- tabs --------------------------------------------------------------------------

    def _focus_tab(self, tab: str) -> None:
        target = {"case": "#receipt", "profile": "#name", "checklist": "#checklist"}[tab]
        self.query_one(target).focus()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = "checklist-tab" if tab == "checklist" else tab
        self.call_after_refresh(self._focus_tab, tab)

    # -- case --------------------------------------------------------------------------

    def _load_cases(self, select: int | None = None) -> None:
        self.cases = self.app.store.cases()
        listing = self.query_one("#cases", OptionList)
        listing.clear_options()
        for case in self.cases:
            extra = " · ".join(x for x in (case.form_type, case.a_number) if x)
            listing.add_option(Option(plain(f"{case.receipt_number}  {extra}", newlines=False), id=f"case-{case.id}"))
        listing.display = bool(self.cases)
        about = self.query_one("#about-case", Select)
        picked = getattr(self.app, "about_case_id", None)
        with about.prevent(Select.Changed):
            about.set_options([(self._case_label(case), case.id) for case in self.cases])
            if picked is not None and any(case.id == picked for case in self.cases):
                about.value = picked
        self.query_one("#about-row").display = bool(self.cases)
        if select is not None:
            for i, case in enumerate(self.cases):
                if case.id == select:
                    listing.highlighted = i

    @staticmethod
    def _case_label(case: Case) -> Content:
        """``IOE0891447326 · I-485``: plain text (a receipt or form is data, not markup)."""
        return Content(" · ".join(x for x in (case.receipt_number, case.form_type) if x))

    @on(Select.Changed, "#language")
    def _language_changed(self, event: Select.Changed) -> None:
        """The language switches now (keys at once, each screen as it is next drawn) and is
        kept in the profile once the profile has a language."""
        event.stop()
        if not isinstance(event.value, str) or event.value == current_language():
            return
        switch = getattr(self.app, "switch_language", None)
        if callable(switch):
            switch(event.value)
        store = self.app.store
        try:
            store.set_profile(language=event.value)
        except UserError as exc:
            self.app.show_error(exc)
        self.app.notify(_("Language: English. Screens already open change when you open them again."))

    def on_select_changed(self, event: Select.Changed) -> None:
        """"This call is about…": the next call is linked to that case and shows its numbers."""
        if event.select.id != "about-case":
            return
        value = event.value
        self.app.about_case_id = value if isinstance(value, int) else None
        case = next((c for c in self.cases if c.id == value), None)
        if case is not None:
            self.app.notify(_("The next call is about {receipt}: n on Home starts it.").format(receipt=case.receipt_number))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id != "cases" or event.option.id is None:
            return
        case = next(c for c in self.cases if f"case-{c.id}" == event.option.id)
        checked, note, corr = decode_notes(case.notes)
        self.query_one("#receipt", Input).value = case.receipt_number
        self.query_one("#form-type", Input).value = printable(case.form_type)
        self.query_one("#a-number", Input).value = case.a_number
        self.query_one("#priority-date", Input).value = case.priority_date.isoformat() if case.priority_date else ""
        self.query_one("#processing-checked", Checkbox).value = checked
        self.query_one("#processing-note", Input).value = printable(note)
        self.query_one("#correspondence", Input).value = printable(corr)
        self.query_one("#receipt", Input).focus()

    def action_new_case(self) -> None:
        for input_id in ("receipt", "form-type", "a-number", "priority-date", "processing-note", "correspondence"):
            self.query_one(f"#{input_id}", Input).value = ""
        self.query_one("#processing-checked", Checkbox).value = False
        self.action_tab("case")

    def action_delete_case(self) -> None:
        listing = self.query_one("#cases", OptionList)
        if listing.highlighted is None or not self.cases or not listing.has_focus:
            self.app.notify(_("Select a case in the list (above the form) to delete it."), severity="warning")
            return
        case = self.cases[listing.highlighted]
        self.app.store.delete_case(case.id)
        if self.app.about_case_id == case.id:
            self.app.about_case_id = None
        self.app.notify(_("Deleted case {receipt}.").format(receipt=case.receipt_number))
        self._load_cases()

    # -- validation as typed -----------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        input_id = event.input.id or ""
        check = VALIDATORS.get(input_id)
        if check is None:
            return
        error = self.query_one(f"#{input_id}-error", Static)
        value = event.value
        message = ""
        if value.strip():
            try:
                check(value)
            except UserError as exc:
                message = str(exc)
            except Exception:  # noqa: BLE001 - a parser failing is "not valid", never a crash
                message = f"{input_id.replace('-', ' ')}: {value!r} is not valid"
        _show_error(error, message)
        event.input.set_class(bool(message), "-invalid")

    # -- saving ------------------------------------------------------------------------

    def action_save(self) -> None:
        active = self.query_one(TabbedContent).active
        if active == "case":
            self._save_case()
        elif active == "profile":
            self._save_profile()
        else:
            self.app.notify(_("The checklist saves itself as you tick it."))

    def _value(self, input_id: str) -> str:
        return self.query_one(f"#{input_id}", Input).value

    def _save_case(self) -> None:
        error = self.query_one("#case-error", Static)
        checked = self.query_one("#processing-checked", Checkbox).value
        try:
            if not self._value("receipt").strip():
                raise UserError(_("receipt number: type one, e.g. IOE0912345678 (3 letters and 10 digits)"))
            case = self.app.store.add_case(
                self._value("receipt"),
                form_type=self._value("form-type"),
                a_number=self._value("a-number").strip(),
                priority_date=self._value("priority-date").strip() or None,
                notes=encode_notes(checked, self._value("processing-note"), self._value("correspondence")),
            )
        except UserError as exc:
            _show_error(error, str(exc))
            return
        _show_error(error, "")
        if checked:
            state = load_checklist()
            state["processing_times"] = True
            save_checklist(state)
            self._reload_checklist(state)
        self._load_cases(select=case.id)
        self.app.notify(_("Saved case {receipt}.").format(receipt=case.receipt_number))

    def _save_profile(self) -> None:
        error = self.query_one("#profile-error", Static)
        try:
            profile = self.app.store.set_profile(
                name=self._value("name"),
                phone=self._value("phone"),
                state=self._value("state"),
                timezone=self._value("timezone") or "America/New_York",
                ombudsman_email=self._value("ombudsman-email") or ids.OMBUDSMAN_EMAIL_DEFAULT,
            )
        except UserError as exc:
            _show_error(error, str(exc))
            return
        _show_error(error, "")
        self.app.notify(_("Saved your profile ({zone}).").format(zone=profile.timezone))

    # -- checklist ---------------------------------------------------------------------

    def _reload_checklist(self, state: dict[str, bool]) -> None:
        checklist = self.query_one("#checklist", SelectionList)
        with checklist.prevent(SelectionList.SelectedChanged):
            for item in PRE_CALL:
                if state[item.key]:
                    checklist.select(item.key)
                else:
                    checklist.deselect(item.key)
        self.query_one("#readiness", Static).update(readiness_content(state))

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        selected = set(event.selection_list.selected)
        state = {item.key: item.key in selected for item in PRE_CALL}
        try:
            save_checklist(state)
        except OSError as exc:
            self.app.show_error(_("checklist: cannot save ({error})").format(error=exc.strerror or exc))
        self.query_one("#readiness", Static).update(readiness_content(state))
