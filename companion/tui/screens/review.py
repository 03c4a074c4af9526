"""Review: past calls, full-text search, and one call's transcript with its fields.

A two-hour call is ~2,000 utterances: the transcript is one ``OptionList`` (a line-API
scroll view that renders only the visible lines), filled from a worker that reads the
store and builds each line's ``Content`` off the UI thread. Searches run in a worker too.
"""

from __future__ import annotations

import bisect
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content, Span
from textual.message import Message
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from companion.display import printable
from companion.errors import UserError
from companion.i18n import N_, _
from companion.identifiers import format_phone
from companion.records import (
    CANDIDATE,
    CONFIRMED,
    FIELD_OFFICE,
    REFERRAL_NUMBER,
    REJECTED,
    SERVICE_CENTER,
    Call,
    CapturedField,
    Case,
    ServiceRequest,
    Utterance,
    Venue,
    best_value,
)
from companion.tui.formatting import (
    SOURCE_LABEL,
    call_when,
    clock,
    duration,
    kind_label,
    parse_clock,
    plain,
    status_label,
    venue_label,
)
from companion.tui.messages import SearchFailed, SearchFinished, StoreChanged
from companion.tui.screens.case import CompanionScreen
from companion.tui.widgets.prompt import PromptScreen

FIELD_STYLE = {
    "referral_number": "bold $success",
    "receipt_number": "bold $accent",
    "a_number": "bold $secondary",
    "staff_name": "bold $warning",
    "staff_id": "bold $warning",
}
STATUS_MARK: dict[str, str] = {CONFIRMED: "✓", REJECTED: "×", CANDIDATE: "?"}
SEARCH_LIMIT = 200
EXAMPLE_RECEIPT = "IOE0912345678"  # a receipt number, the same in every language
VENUE_CHOICES: dict[str, Venue] = {"s": SERVICE_CENTER, "service center": SERVICE_CENTER, "f": FIELD_OFFICE, "field office": FIELD_OFFICE}


class ReviewScreen(CompanionScreen):
    """Past calls, or the hits of a full-text search across all of them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", N_("Search"), key_display="/"),
        Binding("escape", "back", N_("Back")),
        Binding("e", "export", N_("Export")),
        Binding("f", "app.followups", N_("Follow-ups")),
        Binding("delete", "delete_call", N_("Delete call"), key_display="del", show=False),
        Binding("u", "app.undo_delete", N_("Undo delete"), show=False),
    ]

    def __init__(self, focus_search: bool = False) -> None:
        super().__init__()
        self.focus_search = focus_search
        self.hits: list[dict[str, Any]] | None = None  # None: showing calls

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="review"):
            yield Input(placeholder=_("Search every transcript (Enter)"), id="search")
            yield Static("", id="review-status")
            yield OptionList(id="review-list")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Review")
        self.refresh_data()
        if self.focus_search:
            self.query_one("#search", Input).focus()
        else:
            self.query_one("#review-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        if self.hits is None:
            self.refresh_data()

    def refresh_data(self) -> None:
        if self.hits is not None:
            return
        listing = self.query_one("#review-list", OptionList)
        listing.clear_options()
        summaries = self.companion.store.call_summaries()
        for s in summaries:
            call = s["call"]
            best = s["best"]
            facts = " · ".join(f"{kind_label(k)} {best[k]}" for k in ("referral_number", "staff_name") if k in best)
            said = _("{count} utt").format(count=f"{s['utterances']:>5}")
            listing.add_option(
                Option(
                    plain(f"#{call.id:<3} {call_when(call)}  {duration(call):>7}  {said}  {facts}", newlines=False),
                    id=f"call-{call.id}",
                )
            )
        status = self.query_one("#review-status", Static)
        status.update(
            _("{count} call(s). Enter: open · /: search · e: export · del: delete").format(count=len(summaries))
        )
        if not summaries:
            listing.add_option(Option(_("No calls yet."), id="none", disabled=True))
        else:
            listing.highlighted = 0

    # -- search ------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search":
            return
        query = event.value.strip()
        if not query:
            self.action_back()
            return
        self.query_one("#review-status", Static).update(plain(_("Searching for {query}…").format(query=repr(query))))
        self.run_search(query)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, query: str) -> None:
        try:
            rows = self.companion.store.search(query, limit=SEARCH_LIMIT)
        except (UserError, sqlite3.Error) as exc:  # a query the index refuses must not crash the app
            self.post_message(SearchFailed(query, str(exc)))
            return
        self.post_message(SearchFinished(query, rows))

    def on_search_finished(self, message: SearchFinished) -> None:
        self.hits = message.rows
        listing = self.query_one("#review-list", OptionList)
        listing.clear_options()
        for i, row in enumerate(message.rows):
            who = printable(f"{row['speaker']}: ") if row.get("speaker") else ""
            listing.add_option(
                Option(
                    Content.assemble(
                        (f"#{row['call_id']:<3} {row['started_at'][:10]} {clock(row['start'])}  ", "dim"),
                        who,
                        _snippet(printable(row.get("snippet") or row["text"])),
                    ),
                    id=f"hit-{i}",
                )
            )
        n = len(message.rows)
        more = "+" if n >= SEARCH_LIMIT else ""
        self.query_one("#review-status", Static).update(
            plain(
                _("{count} match(es) for {query}. Enter: open at that moment · Esc: all calls").format(
                    count=f"{n}{more}", query=repr(message.query)
                )
            )
        )
        if n:
            listing.highlighted = 0
            listing.focus()
        else:
            listing.add_option(Option(_("No matches."), id="none", disabled=True))

    def on_search_failed(self, message: SearchFailed) -> None:
        failed = _("Search failed: {error}").format(error=message.error)
        self.query_one("#review-status", Static).update(Content.styled(printable(failed), "$error"))

    # -- navigation --------------------------------------------------------------------

    def _selected(self) -> tuple[int, int | None] | None:
        option = self.query_one("#review-list", OptionList).highlighted_option
        if option is None or not option.id:
            return None
        if option.id.startswith("call-"):
            return int(option.id.removeprefix("call-")), None
        if option.id.startswith("hit-") and self.hits is not None:
            row = self.hits[int(option.id.removeprefix("hit-"))]
            return row["call_id"], row["seq"]
        return None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.companion.push_screen(CallReviewScreen(chosen[0], seq=chosen[1]))

    def action_delete_call(self) -> None:
        """Del on a call in the list: ask, then delete it (u restores it)."""
        from companion import casefile

        chosen = self._selected()
        if chosen is None:
            return
        store = self.companion.store
        try:
            call = store.call(chosen[0])
        except UserError as exc:
            self.companion.show_error(exc)
            return
        confirm_delete_call(self, call, lambda: casefile.delete_call(store, call.id))

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        if self.hits is not None:
            self.hits = None
            self.query_one("#search", Input).value = ""
            self.refresh_data()
            self.query_one("#review-list", OptionList).focus()
        else:
            self.companion.pop_screen()

    def action_export(self) -> None:
        chosen = self._selected()
        from companion.tui.screens.export import ExportScreen

        self.companion.push_screen(ExportScreen(chosen[0] if chosen else None))


def confirm_delete_call(screen: CompanionScreen, call: Call, delete: Callable[[], Any]) -> None:
    """Ask before deleting ``call`` (from the list or from its review); u restores it."""
    screen.companion.confirm_delete(
        _("Delete call #{call} of {when}?").format(call=call.id, when=call_when(call)),
        _(
            "It leaves every list, with its service requests and their follow-up events; "
            "nothing is erased from the file. u restores it."
        ),
        delete,
    )


def _snippet(text: str) -> Content:
    """``Store.search`` marks matches with [brackets]: show them bold instead."""
    parts: list[tuple[str, str] | str] = []
    rest = text
    while "[" in rest and "]" in rest[rest.index("[") :]:
        i = rest.index("[")
        j = rest.index("]", i)
        parts.append(rest[:i])
        parts.append((rest[i + 1 : j], "bold reverse"))
        rest = rest[j + 1 :]
    parts.append(rest)
    return Content.assemble(*parts)


# -- one call ----------------------------------------------------------------------------


@dataclass
class CallLoaded(Message):
    """The transcript worker's result: prompts built off the UI thread."""

    utterances: list[Utterance]
    fields: list[CapturedField]
    prompts: list[Content]


@dataclass
class FieldSaved(Message):
    """The field writer's news: a field as stored, or why it is not saved (yet)."""

    field: CapturedField | None
    error: str = ""
    pending: int = 0  # decisions still waiting to be written
    retrying: bool = False  # the database is busy: the decision is kept and tried again


FIELD_RETRY = 1.0  # seconds between attempts when the database stays busy past its wait


def _field_span(f: CapturedField) -> tuple[float, float] | None:
    if f.start is None or f.end is None:
        return None
    return (f.start - 0.01, f.end + 0.01)


def utterance_content(u: Utterance, fields: list[CapturedField]) -> Content:
    """One transcript line: time, speaker, text; words of captured fields styled."""
    head = printable(f"{clock(u.start)} " + (f"{u.speaker}: " if u.speaker else ""))
    text = printable(u.text)  # words below go through printable too, so offsets agree
    spans: list[Span] = []
    live = [
        f for f in fields
        if f.status != REJECTED and not (f.speaker and u.speaker and f.speaker != u.speaker)
    ]
    if live and u.words:
        pos = 0
        for w in u.words:
            word = printable(w.get("word", ""))
            at = text.find(word, pos) if word else -1
            if at < 0:
                continue
            pos = at + len(word)
            ws, we = w.get("start"), w.get("end")
            if ws is None or we is None:
                continue
            for f in live:
                span = _field_span(f)
                if span and span[0] <= ws and we <= span[1]:
                    spans.append(Span(len(head) + at, len(head) + pos, FIELD_STYLE.get(f.kind, "bold")))
                    break
    elif live:
        lowered = text.lower()
        for f in live:
            needle = printable(f.text or "").lower()
            if needle and needle in lowered:
                at = lowered.index(needle)
                spans.append(Span(len(head) + at, len(head) + at + len(needle), FIELD_STYLE.get(f.kind, "bold")))
    content = Content(head + text, spans=[Span(0, len(head), "dim"), *spans])
    return content


def field_content(f: CapturedField) -> Content:
    mark = STATUS_MARK.get(f.status, "?")
    mark_style = {"confirmed": "bold $success", "rejected": "bold $error"}.get(f.status, "bold $warning")
    where = _(" at {time}").format(time=clock(f.start)) if f.start is not None else ""
    conf = f" {f.confidence:.0%}" if f.source != "typed" else " " + _("typed")
    # columns as wide as the longest kind and status in the current language ("ID del agente")
    kind_width = max(10, *(len(kind_label(k)) for k in FIELD_STYLE))
    status_width = max(len(status_label(s)) for s in STATUS_MARK)
    return Content.assemble(
        (f"{mark} ", mark_style),
        (f"{kind_label(f.kind):<{kind_width}} ", "bold"),
        (printable(f"{f.value:<16}", newlines=False), "strike" if f.status == REJECTED else FIELD_STYLE.get(f.kind, "")),
        f" {status_label(f.status):<{status_width}}{conf}{where}",
    )


NOTES_LINES = 3


def call_head(call: Call, service_requests: list[ServiceRequest], case: Case | None = None) -> Content:
    """The head of one call's review: when, length, tier, hold, requests and notes.

    Every value from the records is plain text in ``Content`` (never parsed as markup).
    """
    tier = _("Tier {tier}").format(tier=call.tier_reached) if call.tier_reached else _("tier not recorded")
    source = _(SOURCE_LABEL[call.source]) if call.source in SOURCE_LABEL else call.source
    phone = format_phone(call.phone_used) or "—"
    lines = [
        Content.assemble(
            (_("Call #{call}").format(call=call.id), "bold"),
            printable(
                "  "
                + _("{when}  length {length}  phone {phone}  ({source})").format(
                    when=call_when(call), length=duration(call), phone=phone, source=source
                )
            ),
        ),
        Content.assemble(
            _("{tier} · on hold {hold}").format(tier=tier, hold=clock(call.hold_seconds)),
            (
                printable(_(" · case {receipt} (k opens it)").format(receipt=case.receipt_number))
                if case
                else _(" · no case (l links one)"),
                "" if case else "dim",
            ),
            (_(" · del deletes this call"), "dim"),
        ),
    ]
    if service_requests:
        for sr in service_requests:
            lines.append(
                Content.assemble(
                    (_("Service request "), "bold"),
                    (printable(sr.referral_number), FIELD_STYLE["referral_number"]),
                    f" · {venue_label(sr.venue)}",
                    printable(f" · {sr.type}") if sr.type else "",
                    _(" · created {date}").format(date=sr.created.isoformat()),
                )
            )
    else:
        lines.append(Content.styled(_("No service request recorded (s records one)."), "dim"))
    notes = [line for line in (call.notes or "").splitlines() if line.strip()]
    if notes:
        shown = notes[:NOTES_LINES]
        label = _("Notes: ")
        indent = " " * len(label)
        lines.append(Content.assemble((label, "bold"), printable(shown[0])))
        lines.extend(Content(indent + printable(line)) for line in shown[1:])
        if len(notes) > NOTES_LINES:
            more = _(" (+{count} more lines)").format(count=len(notes) - NOTES_LINES)
            lines.append(Content.styled(indent[:-1] + more, "dim"))
    else:
        lines.append(Content.styled(_("No notes."), "dim"))
    return Content("\n").join(lines)


class CallReviewScreen(CompanionScreen):
    """One call: its captured fields (fix them) and its transcript (jump, read)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "confirm", N_("Confirm")),
        Binding("x", "reject", N_("Reject")),
        Binding("e", "edit", N_("Edit")),
        Binding("g", "goto", N_("Go to"), tooltip=N_("Go to time")),
        Binding("s", "service_request", N_("Request"), tooltip=N_("Record the service request")),
        Binding("d", "export", N_("Draft"), tooltip=N_("Draft email")),
        # only when the call belongs to a case; not in the footer: the head line says "k opens it"
        Binding("k", "case", N_("Case"), show=False),
        Binding("l", "link_case", N_("Link to a case"), show=False),
        Binding("delete", "delete_call", N_("Delete call"), key_display="del", show=False),
        Binding("u", "app.undo_delete", N_("Undo delete"), show=False),
        Binding("escape", "app.pop_screen", N_("Back")),
    ]

    def __init__(self, call_id: int, seq: int | None = None) -> None:
        super().__init__()
        self.call_id = call_id
        self.seq = seq
        self.utterances: list[Utterance] = []
        self.fields: list[CapturedField] = []
        self._starts: list[float] = []
        self.loaded = False
        self.case: Case | None = None  # the case this call is about, if any
        # The user's decisions on fields, written in order off the UI thread (another
        # process may hold the database for seconds): (field id, status, value).
        self._writes: deque[tuple[int, str | None, str | None]] = deque()
        self._writes_lock = threading.Lock()
        self._writing = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="call-review"):
            yield Static("", id="call-head")
            yield OptionList(id="fields")
            yield Static("", id="field-error", classes="error hidden")
            yield OptionList(id="transcript")
        # no command-palette key: with it the Spanish labels would not fit 80 columns (^p still opens it)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = _("Review call #{call}").format(call=self.call_id)
        try:
            call = self.companion.store.call(self.call_id)
        except UserError as exc:
            self.companion.show_error(exc)
            self.companion.pop_screen()
            return
        self._show_head(call)
        self.query_one("#transcript", OptionList).loading = True
        self.load_call()

    def _show_head(self, call: Call | None = None) -> None:
        """Who, when and how long; tier, hold, service requests and notes of the call."""
        from companion import casefile

        store = self.companion.store
        try:
            call = call or store.call(self.call_id)
        except UserError:
            return
        srs = store.service_requests(self.call_id)
        self.case = casefile.case_of_call(store, self.call_id)
        self.query_one("#call-head", Static).update(call_head(call, srs, self.case))
        self.refresh_bindings()

    def refresh_data(self) -> None:
        try:
            self.companion.store.call(self.call_id)
        except UserError:  # deleted (here or elsewhere): nothing left to review
            if self.is_current:
                self.companion.pop_screen()
            return
        self._show_head()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "case":
            return self.case is not None
        return True

    def action_case(self) -> None:
        if self.case is not None:
            self.companion.action_case(self.case.id)

    def action_link_case(self) -> None:
        """l: this call is about a case (by its receipt number); empty removes the link."""
        from companion import casefile

        store = self.companion.store
        cases = store.cases()
        default = self.case.receipt_number if self.case else (cases[0].receipt_number if len(cases) == 1 else "")

        def submit(text: str) -> Case | str:
            if not text.strip():
                casefile.unlink_call(store, self.call_id)
                return "unlinked"
            return casefile.link_call(store, text, self.call_id)

        def done(result: Case | str | None) -> None:
            if result is None:
                return
            if isinstance(result, str):
                self.companion.notify(_("Call #{call} is no longer linked to a case by hand.").format(call=self.call_id))
            else:
                self.companion.notify(
                    _("Call #{call} is now part of case {receipt}.").format(call=self.call_id, receipt=result.receipt_number)
                )
            self.companion.post_message(StoreChanged("case"))

        known = ", ".join(c.receipt_number for c in cases) or _("none yet: add one in Prepare (p)")
        self.companion.push_screen(
            PromptScreen(
                _("This call is about the case with receipt number"),
                default,
                submit,
                placeholder=EXAMPLE_RECEIPT,
                hint=_("Your cases: {cases}. Empty: remove the link. Esc cancels.").format(cases=known),
            ),
            done,
        )

    def action_delete_call(self) -> None:
        from companion import casefile

        store = self.companion.store
        try:
            call = store.call(self.call_id)
        except UserError as exc:
            self.companion.show_error(exc)
            return
        confirm_delete_call(self, call, lambda: casefile.delete_call(store, call.id))

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load_call(self) -> None:
        store = self.companion.store
        utterances = store.utterances(self.call_id)
        fields = store.fields(self.call_id)
        prompts = [utterance_content(u, fields) for u in utterances]
        self.post_message(CallLoaded(utterances, fields, prompts))

    def on_call_loaded(self, message: CallLoaded) -> None:
        self.utterances = message.utterances
        self.fields = message.fields
        self._starts = [u.start if u.start is not None else 0.0 for u in self.utterances]
        transcript = self.query_one("#transcript", OptionList)
        transcript.loading = False
        transcript.set_options(message.prompts or [Option(_("(no transcript)"), disabled=True)])
        self._show_fields()
        if self.seq is not None:
            for i, u in enumerate(self.utterances):
                if u.seq == self.seq:
                    self._jump_to(i)
                    break
        else:
            (self.query_one("#fields", OptionList) if self.fields else transcript).focus()
        self.loaded = True

    def _show_fields(self, keep: int | None = None) -> None:
        listing = self.query_one("#fields", OptionList)
        highlighted = listing.highlighted if keep is None else keep
        listing.set_options([Option(field_content(f), id=f"field-{f.id}") for f in self.fields])
        if not self.fields:
            listing.add_option(Option(_("No fields captured. (Type them on the live call screen.)"), disabled=True))
        elif highlighted is not None:
            listing.highlighted = min(highlighted, len(self.fields) - 1)
        elif self.fields:
            listing.highlighted = 0

    def _error(self, text: str) -> None:
        error = self.query_one("#field-error", Static)
        error.update(plain(text))
        error.display = bool(text)

    def _selected_field(self) -> CapturedField | None:
        listing = self.query_one("#fields", OptionList)
        if listing.highlighted is None or listing.highlighted >= len(self.fields):
            self._error(_("No field selected."))
            return None
        return self.fields[listing.highlighted]

    def _jump_to(self, index: int) -> None:
        transcript = self.query_one("#transcript", OptionList)
        transcript.highlighted = index
        transcript.scroll_to_highlight(top=True)
        transcript.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "fields":
            f = self._selected_field()
            if f is not None and f.start is not None and self._starts:
                self._jump_to(max(0, bisect.bisect_right(self._starts, f.start) - 1))

    # -- fixing fields -----------------------------------------------------------------

    def _set(self, f: CapturedField, *, status: str | None = None, value: str | None = None) -> None:
        """Show the decision at once and queue it for the store; a bad value raises here."""
        from companion.store import normalise_field

        if value is not None:
            value = normalise_field(f.kind, value)  # a UserError before anything is queued
        shown = replace(f, status=CONFIRMED if value is not None else (status or f.status),
                        value=f.value if value is None else value, source="typed" if value is not None else f.source)
        self.fields = [shown if x.id == f.id else x for x in self.fields]
        self._show_fields()
        self._rehighlight(f, shown)
        with self._writes_lock:
            self._writes.append((f.id, status, value))
            start = not self._writing
            self._writing = True
        self._error(_("Saving…"))
        if start:
            # The app's writer, not this screen's: leaving the screen or quitting does not drop it.
            self.companion.write_in_background(self._write_fields)

    def _write_fields(self) -> None:
        """Write the queued decisions in order; a busy database is waited for, never lost."""
        from companion.store.connection import is_transient

        store = self.companion.store
        while True:
            with self._writes_lock:
                if not self._writes:
                    self._writing = False
                    return
                field_id, status, value = self._writes[0]
            try:
                updated = store.set_field(field_id, status=status, value=value)
            except UserError as exc:
                if is_transient(exc) and self.app.is_running:
                    self.post_message(
                        FieldSaved(None, _("Not saved yet, retrying: {error}").format(error=exc), len(self._writes), retrying=True)
                    )
                    time.sleep(FIELD_RETRY)
                    continue
                with self._writes_lock:
                    self._writes.popleft()
                self.post_message(FieldSaved(None, str(exc), len(self._writes)))
                continue
            with self._writes_lock:
                self._writes.popleft()
                left = len(self._writes)
            self.post_message(FieldSaved(updated, "", left))

    def on_field_saved(self, message: FieldSaved) -> None:
        if message.field is not None:
            saved = message.field
            old = next((x for x in self.fields if x.id == saved.id), None)
            self.fields = [saved if x.id == saved.id else x for x in self.fields]
            self._show_fields()
            self._rehighlight(*(x for x in (old, saved) if x is not None))
            self.companion.post_message(StoreChanged("field"))
        if message.error:
            self._error(message.error)
            if message.field is None and not message.retrying:
                self.load_call()  # not saved: show the fields as stored
        elif not message.pending:
            self._error("")

    def _rehighlight(self, *changed: CapturedField) -> None:
        transcript = self.query_one("#transcript", OptionList)
        for f in changed:
            span = _field_span(f)
            if span is None or not self.utterances:
                continue
            lo = max(0, bisect.bisect_right(self._starts, span[0]) - 1)
            for i in range(lo, len(self.utterances)):
                u = self.utterances[i]
                if u.start is not None and u.start > span[1]:
                    break
                transcript.replace_option_prompt_at_index(i, utterance_content(u, self.fields))

    def action_confirm(self) -> None:
        f = self._selected_field()
        if f is not None:
            try:
                self._set(f, status=CONFIRMED)
            except UserError as exc:
                self._error(str(exc))

    def action_reject(self) -> None:
        f = self._selected_field()
        if f is not None:
            try:
                self._set(f, status=REJECTED)
            except UserError as exc:
                self._error(str(exc))

    def action_edit(self) -> None:
        f = self._selected_field()
        if f is None:
            return

        def submit(text: str) -> bool:
            self._set(f, value=text)  # UserError stays in the prompt, shown inline
            return True

        self.companion.push_screen(
            PromptScreen(
                _("Correct the {kind}").format(kind=kind_label(f.kind)),
                printable(f.value, newlines=False),
                submit,
                hint=_("Enter saves as confirmed; Esc cancels"),
            )
        )

    def action_goto(self) -> None:
        def submit(text: str) -> int:
            try:
                seconds = parse_clock(text)
            except ValueError:
                raise UserError(
                    _("time: {text} is not valid; expected mm:ss or h:mm:ss, e.g. 12:34").format(text=repr(text))
                ) from None
            if not self.utterances:
                raise UserError(_("this call has no transcript"))
            return max(0, bisect.bisect_right(self._starts, seconds) - 1)

        def done(index: int | None) -> None:
            if index is not None:
                self._jump_to(index)

        self.companion.push_screen(PromptScreen(_("Go to time (mm:ss)"), "", submit, placeholder="12:34"), done)

    def action_service_request(self) -> None:
        """Record the service request the agent created on this call (starts its clock)."""
        best = best_value(self.fields, REFERRAL_NUMBER)
        store = self.companion.store

        def ask_venue(referral: str | None) -> None:
            if referral is None:
                return

            def submit(text: str) -> ServiceRequest:
                choice = text.strip().lower()
                venue = VENUE_CHOICES.get(choice) or {venue_label(v): v for v in (SERVICE_CENTER, FIELD_OFFICE)}.get(choice)
                if venue is None:
                    raise UserError(
                        _("venue: {text} is not valid; expected s (service center) or f (field office)").format(
                            text=repr(text)
                        )
                    )
                return store.add_service_request(self.call_id, referral, venue)

            def added(sr: ServiceRequest | None) -> None:
                if sr is not None:
                    self.companion.notify(
                        _("Service request {referral} recorded; see Follow-ups (f on Home).").format(
                            referral=sr.referral_number
                        )
                    )
                    self.companion.post_message(StoreChanged("service_request"))

            self.companion.push_screen(
                PromptScreen(_("Handled by: s = service center, f = field office"), "s", submit), added
            )

        def check_referral(text: str) -> str:
            from companion.store import normalise_field

            return normalise_field("referral_number", text)

        self.companion.push_screen(PromptScreen(_("Service request referral number"), best, check_referral), ask_venue)

    def action_export(self) -> None:
        from companion.tui.screens.export import ExportScreen

        self.companion.push_screen(ExportScreen(self.call_id))
