"""First run: with no profile, ask who the user is before anything else.

Every date the app computes is a calendar day in the user's time zone, so the zone must
never silently default to New York: the form preselects the system's zone (or leaves the
field empty when it cannot be told) and saves nothing until every value is valid. Each
input is checked as it is typed by the same parsers the store uses; a parser never raises
out of here (a bad value is shown beside its field, the other values stay as typed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar
from zoneinfo import available_timezones

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Header, Input, Label, Select, Static

from companion import casefile
from companion import identifiers as ids
from companion.errors import UserError
from companion.i18n import LANGUAGE_LABEL, LANGUAGES, N_, _, current_language
from companion.records import Profile
from companion.store import Store


def needs_profile(store: Store) -> bool:
    """True until the user has set up a profile (its time zone is the least the dates need)."""
    return not casefile.has_profile(store)


def _check_name(value: str) -> str:
    name = value.strip()
    if not name:
        raise UserError(_("your name: type it as on your application, e.g. Ana Doe"))
    return name


def _check_timezone(value: str) -> str:
    if not value.strip():
        raise UserError(_("time zone: type an IANA time zone name, e.g. America/Chicago"))
    return ids.parse_timezone(value).key


def _optional(parse: Callable[[str], str]) -> Callable[[str], str]:
    return lambda value: parse(value) if value.strip() else ""


# input id → (label, placeholder, check). The check returns the stored form or raises.
FIELDS: dict[str, tuple[str, str, Callable[[str], object]]] = {
    "fr-name": (N_("Your name"), N_("as on your application"), _check_name),
    "fr-phone": (N_("Phone you call from"), N_("555-123-4567 (optional)"), _optional(ids.parse_phone)),
    "fr-state": (N_("State"), N_("two letters, e.g. CA (optional)"), _optional(ids.parse_state)),
    "fr-timezone": (N_("Time zone"), N_("e.g. America/Chicago"), _check_timezone),
}


def check(input_id: str, value: str) -> str:
    """The one-line problem with ``value`` for that field, or ``""``; never raises."""
    try:
        FIELDS[input_id][2](value)
    except UserError as exc:
        return str(exc)
    except (OSError, ValueError):  # e.g. ZoneInfo("America") is a directory
        return _("{field}: {value} is not valid").format(field=_(FIELDS[input_id][0]).lower(), value=repr(value))
    return ""


WELCOME = N_("Welcome. Before your first call, tell the app who you are.")
WELCOME_HINT = N_(
    "Every follow-up date is counted in calendar days where you are, so check the "
    "time zone. Everything stays on this computer; change it later in Prepare (p, F3)."
)
SAVE_HINT = N_("Enter on the last field or ctrl+s saves.")


class FirstRunScreen(Screen[Profile]):
    """Name, phone, state and time zone; dismissed with the saved profile."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("ctrl+q", "app.quit", N_("Quit"), priority=True),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        # the language shown first (the system's, or English) is not the user's choice:
        # only a language picked here is saved, so `--lang` still decides for one who kept it
        self._first_language = current_language()
        self._language_chosen = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="first-run"):
            yield Static(_(WELCOME), id="fr-welcome", classes="section-title")
            yield Static(_(WELCOME_HINT), id="fr-hint", classes="hint")
            with Horizontal(classes="form-row"):
                yield Label(LANGUAGE_LABEL)
                yield Select(
                    [(name, code) for code, name in LANGUAGES.items()],
                    value=current_language(),
                    allow_blank=False,
                    id="fr-language",
                )
            for input_id, (label, placeholder, _check) in FIELDS.items():
                with Horizontal(classes="form-row"):
                    yield Label(_(label), id=f"{input_id}-label")
                    suggester = (
                        SuggestFromList(sorted(available_timezones()), case_sensitive=False)
                        if input_id == "fr-timezone"
                        else None
                    )
                    yield Input(placeholder=_(placeholder), id=input_id, suggester=suggester)
                yield Static("", id=f"{input_id}-error", classes="field-error hidden", markup=False)
            yield Static(_(SAVE_HINT), id="fr-save-hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Your profile")
        profile = self.store.profile()
        zone = casefile.system_timezone() or ""  # never a silent New York: empty if unknown
        values = {
            "fr-name": profile.name,
            "fr-phone": ids.format_phone(profile.phone),
            "fr-state": profile.state,
            "fr-timezone": zone,
        }
        for input_id, value in values.items():
            self.query_one(f"#{input_id}", Input).value = value
        self.query_one("#fr-name", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        input_id = event.input.id or ""
        if input_id in FIELDS:
            self._show(input_id, check(input_id, event.value) if event.value.strip() else "")

    def on_select_changed(self, event: Select.Changed) -> None:
        """The language switches at once: this form, the footer, then every other screen."""
        if event.select.id != "fr-language" or not isinstance(event.value, str):
            return
        event.stop()
        if event.value != self._first_language:
            self._language_chosen = True
        switch = getattr(self.app, "switch_language", None)
        if callable(switch):
            switch(event.value)
        self.sub_title = _("Your profile")
        self.query_one("#fr-welcome", Static).update(_(WELCOME))
        self.query_one("#fr-hint", Static).update(_(WELCOME_HINT))
        self.query_one("#fr-save-hint", Static).update(_(SAVE_HINT))
        for input_id, (label, placeholder, _check) in FIELDS.items():
            self.query_one(f"#{input_id}-label", Label).update(_(label))
            field = self.query_one(f"#{input_id}", Input)
            field.placeholder = _(placeholder)
            self._show(input_id, check(input_id, field.value) if field.value.strip() else "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        order = list(FIELDS)
        input_id = event.input.id or ""
        if input_id in order and input_id != order[-1]:
            self.query_one(f"#{order[order.index(input_id) + 1]}", Input).focus()
        else:
            self.action_save()

    def _show(self, input_id: str, message: str) -> None:
        error = self.query_one(f"#{input_id}-error", Static)
        error.update(message)
        error.set_class(not message, "hidden")
        self.query_one(f"#{input_id}", Input).set_class(bool(message), "-invalid")

    def action_save(self) -> None:
        values = {input_id: self.query_one(f"#{input_id}", Input).value for input_id in FIELDS}
        problems = {input_id: check(input_id, value) for input_id, value in values.items()}
        for input_id, message in problems.items():
            self._show(input_id, message)
        bad = [input_id for input_id, message in problems.items() if message]
        if bad:
            self.query_one(f"#{bad[0]}", Input).focus()
            return
        try:
            profile = self.store.set_profile(
                name=values["fr-name"],
                phone=values["fr-phone"],
                state=values["fr-state"],
                timezone=values["fr-timezone"],
                language=current_language() if self._language_chosen else None,
            )
        except UserError as exc:  # the store's own check disagreed: show it, keep the form
            self._show("fr-name", str(exc))
            return
        self.dismiss(profile)
