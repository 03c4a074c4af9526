"""The captured-fields panel: extractor candidates with confidence, and the user's say.

Each row is one ``CapturedField``: ``Receipt  EAC2219050123  82% ?``. ``?`` is a candidate,
``✓`` confirmed, ``✗`` rejected. A candidate the digits recognizer heard otherwise shows
that reading after it (``Staff ID 4521 58% ?  alt 4921 (digits)``), which ``v`` takes.
The screen's keys act on the highlighted row; editing opens an inline input whose
validation error shows underneath.

The agent's name not heard clearly (``CallSession.name_notices``: a name held back as
unsure, or "my name is …" with no name after it) is a row of its own among them, in
call order, marked unconfirmed: ``Staff name  not heard clearly ?`` with what was heard,
and the name grammar's reading of it when it offers one (``heard “Tenure” 24%  read “Tonya”``);
``c`` (or Enter) takes the heard word, ``v`` the reading, ``e`` types the name starting from
the reading (else the heard word), ``x`` dismisses it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from companion.display import printable
from companion.i18n import N_, _
from companion.kinds import KINDS
from companion.records import ASSISTED, CANDIDATE, CONFIRMED, REJECTED, STAFF_NAME, TYPED, CapturedField
from companion.session import Alternative, NameNotice

KIND_LABELS: dict[str, str] = {k: spec.label for k, spec in KINDS.items()}  # from the registry
# The registry's labels and nouns (kinds.py), listed here so the catalogue carries them; shown through _().
KIND_WORDS = (
    N_("Staff name"), N_("Staff ID"), N_("Referral"), N_("Receipt"), N_("A-number"), N_("Phone"),
    N_("staff name"), N_("staff ID"), N_("referral"), N_("receipt"), N_("phone"), N_("tier"),
)
# Keyed by str: a field's status is stored as its text.
MARKS: dict[str, str] = {CANDIDATE: "?", CONFIRMED: "✓", REJECTED: "✗"}
VALUE_STYLES: dict[str, str] = {CONFIRMED: "bold", REJECTED: "strike dim"}
MARK_STYLES: dict[str, str] = {CONFIRMED: "bold green", REJECTED: "red", CANDIDATE: "bold yellow"}


def _conf(f: CapturedField, own: bool = False) -> str:
    if f.source == TYPED:
        return _("typed")
    if own:  # one of the user's own numbers, heard in the call: check it
        return _("matches your case")
    if f.source == ASSISTED:  # the digits (or names) recognizer's reading, applied for you: check it
        return _("by name list") if f.kind == STAFF_NAME else _("by digits")
    return f"{round(f.confidence * 100)}%"


def field_label(f: CapturedField, alt: Alternative | None = None, own: bool = False) -> str:
    """``Receipt EAC2219050123 82% ?`` — the row as plain text (``own``: the user's own
    number heard in the call, ``CallSession.own_match``)."""
    conf = _conf(f, own)
    label = f"{_(KIND_LABELS.get(f.kind, f.kind)):<10} {f.value} {conf} {MARKS.get(f.status, '?')}"
    return label + (f"  alt {alt.value} ({alt.source})" if alt else "")


def notice_label(n: NameNotice) -> str:
    """``Staff name  not heard clearly ?  heard “denies” 24%`` — a name notice as plain text."""
    return " ".join(notice_prompt(n).plain.split())


def notice_prompt(n: NameNotice) -> Text:
    """A name notice's row: unconfirmed (yellow ``?``), what was heard, and the keys."""
    text = Text()
    text.append(f"{_(KIND_LABELS[STAFF_NAME]):<10} ", style="dim")
    text.append(_("not heard clearly"), style="bold yellow")
    text.append(f" {MARKS[CANDIDATE]}", style=MARK_STYLES[CANDIDATE])
    text.append("\n  ")
    if n.heard:
        text.append(_("heard “{heard}”").format(heard=printable(n.heard)), style="yellow")
        if n.confidence is not None:
            text.append(f" {round(n.confidence * 100)}%", style="yellow")
        if n.reading:  # the name grammar's reading of the held word, offered beside it: ``v``
            text.append("  " + _("read “{reading}”").format(reading=printable(n.reading)), style="bold cyan")
            text.append("\n  " + _("c use heard · v use read · e type it · x dismiss"), style="dim")
        else:
            text.append("\n  " + _("c use it · e type it · x dismiss"), style="dim")
    else:
        text.append(_("ask them to spell it"), style="yellow")
        text.append("\n  " + _("e type it · x dismiss"), style="dim")
    return text


def field_prompt(f: CapturedField, alt: Alternative | None = None, own: bool = False) -> Text:
    conf = _conf(f, own)
    text = Text()
    text.append(f"{_(KIND_LABELS.get(f.kind, f.kind)):<10} ", style="dim")
    value_style = VALUE_STYLES.get(f.status, "")
    text.append(printable(f.value), style=value_style)
    conf_style = "dim" if f.source == TYPED or (f.source != ASSISTED and f.confidence >= 0.8) else "yellow"
    text.append(f" {conf}", style=conf_style)
    mark_style = MARK_STYLES[f.status]
    text.append(f" {MARKS.get(f.status, '?')}", style=mark_style)
    if alt is not None:
        text.append("  alt ", style="dim")
        text.append(printable(alt.value), style="bold cyan")
        text.append(f" ({alt.source})", style="dim")
    return text


class FieldsPanel(Vertical):
    DEFAULT_CSS = """
    FieldsPanel { height: 1fr; min-height: 6; }
    FieldsPanel > #live-tier-line { height: 1; padding: 0 1; color: $text-muted; }
    FieldsPanel > OptionList { height: 1fr; border: none; padding: 0; }
    FieldsPanel > #live-field-edit { display: none; height: 1; border: none; padding: 0 1; }
    FieldsPanel > #live-field-edit.-editing { display: block; }
    FieldsPanel > #live-field-error { display: none; height: auto; color: $error; padding: 0 1; }
    FieldsPanel > #live-field-error.-shown { display: block; }
    FieldsPanel > #live-fields-empty { height: auto; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fields: dict[int, CapturedField] = {}
        self.editing: int | None = None
        # The other reading offered for a field (``CallSession.alternative``), if any.
        self.alternative: Callable[[CapturedField], Alternative | None] = lambda f: None
        # Whose own number a field took from what the call heard (``CallSession.own_match``).
        self.own_match: Callable[[CapturedField], str | None] = lambda f: None
        # The agent's names not heard clearly (``CallSession.name_notices``), and those the
        # user answered or dismissed here (a worker's older list never brings one back).
        self.notices: dict[int, NameNotice] = {}
        self.closed: set[int] = set()
        self.editing_notice: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(_("Tier: not known yet"), id="live-tier-line")
        yield Static(_("Nothing captured yet — `a` to type a field"), id="live-fields-empty")
        yield OptionList(id="live-field-list")
        yield Input(id="live-field-edit", select_on_focus=False)
        yield Static("", id="live-field-error")

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#live-field-list", OptionList)

    def ordered(self) -> list[CapturedField]:
        return sorted(self.fields.values(), key=lambda f: (f.start if f.start is not None else 1e12, f.id))

    def upsert(self, fields: list[CapturedField]) -> None:
        for f in fields:
            self.fields[f.id] = f
        self.refresh_rows()

    def set_notices(self, notices: list[NameNotice]) -> list[NameNotice]:
        """Show ``notices`` (the session's, now); returns those new to the screen."""
        new = [n for n in notices if n.id not in self.notices and n.id not in self.closed]
        self.notices = {n.id: n for n in notices if n.id not in self.closed}
        self.refresh_rows()
        return new

    def close_notice(self, notice_id: int) -> None:
        self.closed.add(notice_id)
        self.notices.pop(notice_id, None)
        self.refresh_rows()

    def refresh_rows(self) -> None:
        ol = self.option_list
        current = ol.highlighted_option.id if ol.highlighted_option is not None else None
        rows: list[tuple[float, int, Option]] = [
            (f.start if f.start is not None else 1e12, f.id,
             Option(field_prompt(f, self.alternative(f), self.own_match(f) is not None), id=f"f{f.id}"))
            for f in self.fields.values()]
        rows += [(n.start, -n.id, Option(notice_prompt(n), id=f"n{n.id}")) for n in self.notices.values()]
        rows.sort(key=lambda r: (r[0], r[1]))
        ol.set_options([option for _start, _id, option in rows])
        if rows:
            ids = [option.id for _start, _id, option in rows]
            ol.highlighted = ids.index(current) if current in ids else 0
        self.query_one("#live-fields-empty").display = not rows

    def selected(self) -> CapturedField | None:
        ol = self.option_list
        option = ol.highlighted_option
        if option is None or not option.id or not option.id.startswith("f"):
            return None
        return self.fields.get(int(option.id[1:]))

    def selected_notice(self) -> NameNotice | None:
        """The highlighted row's name notice, if it is one."""
        option = self.option_list.highlighted_option
        if option is None or not option.id or not option.id.startswith("n"):
            return None
        return self.notices.get(int(option.id[1:]))

    def select(self, field_id: int) -> None:
        ol = self.option_list
        for i in range(ol.option_count):
            if ol.get_option_at_index(i).id == f"f{field_id}":
                ol.highlighted = i
                return

    def set_tier_line(self, text: str) -> None:
        self.query_one("#live-tier-line", Static).update(Text(printable(text)))

    # inline editing ---------------------------------------------------------------

    def begin_edit(self, f: CapturedField) -> None:
        self.editing = f.id
        edit = self.query_one("#live-field-edit", Input)
        edit.value = printable(f.value)
        edit.placeholder = KIND_LABELS.get(f.kind, f.kind)
        edit.add_class("-editing")
        edit.display = True
        self.show_error("")
        # Focus now, not on the next loop turn: keys already queued must reach the input.
        self.screen.set_focus(edit)
        edit.cursor_position = len(edit.value)

    def begin_notice_edit(self, n: NameNotice) -> None:
        """Type the name a notice is about, the name grammar's reading (else the heard word)
        to start from."""
        self.begin_edit(CapturedField(0, 0, STAFF_NAME, n.reading or n.heard))
        self.editing, self.editing_notice = None, n.id

    def end_edit(self) -> None:
        self.editing = None
        self.editing_notice = None
        edit = self.query_one("#live-field-edit", Input)
        edit.remove_class("-editing")
        edit.display = False
        self.show_error("")
        self.screen.set_focus(self.option_list)

    def show_error(self, text: str) -> None:
        err = self.query_one("#live-field-error", Static)
        err.update(Text(printable(text, newlines=True)))
        err.set_class(bool(text), "-shown")

    @property
    def error_text(self) -> str:
        return str(self.query_one("#live-field-error", Static).render())
