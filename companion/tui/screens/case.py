"""The case file: every case, and one case's timeline, its next step and Form 7001.

``CasesScreen`` lists the cases (c on Home). ``CaseScreen`` shows one case as
``casefile.case_timeline`` gives it: every call (date and time in the user's zone,
length, hold, tier, each staff member as a name-and-ID pair, referral numbers), every
service request, every follow-up event, in date order, and what is due next. From it:
Enter opens a call's review, Del deletes the selected call, request or event (after a
yes/no question; u restores it) and 7 opens the Form 7001 helper.

The timeline is read in a thread worker (a case with many calls reads every call's
fields) and every value from the records is shown as plain text, never as markup. The Form
7001 helper is built and rendered in a worker too, and its text is shown in blocks of lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast
from zoneinfo import ZoneInfo

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from companion import casefile
from companion.display import printable
from companion.errors import UserError
from companion.export.explained import explanation
from companion.export.form7001 import Form7001, shown_avenues
from companion.followup import DUE, OVERDUE
from companion.followup.titles import shown_title
from companion.i18n import N_, _, clock_time, ngettext
from companion.locations import exports_dir
from companion.records import FIELD_OFFICE, Case
from companion.tui.formatting import STATUS_MARK, clock, days_away, event_label
from companion.tui.widgets.prompt import save_file_prompt

if TYPE_CHECKING:
    from companion.tui.app import CompanionApp

STATUS_STYLE: dict[str, str] = {OVERDUE: "bold $error", DUE: "bold $warning"}
# Timeline rows given to the list per turn of the event loop: the list measures every row
# it is given (wrapping its text), 5,000 calls at once held the UI thread for seconds.
FILL_CHUNK = 100
FORM_CHUNK = 100  # lines of the Form 7001 helper per block (one Static each; each is wrapped on the UI thread)
DUE_SHOWN = 3
Entry = dict[str, Any]  # one entry of ``casefile.case_timeline`` (JSON-shaped)


def due_lines(due: list[Entry]) -> list[Content]:
    """What is due next for the case: the soonest open steps, each with its date."""
    lines = [Content.styled(_("Due next"), "bold")]
    if not due:
        lines.append(Content(_("  Nothing open: no follow-up is waiting on a date.")))
        return lines
    for a in due[:DUE_SHOWN]:
        style = STATUS_STYLE.get(a["status"], "")
        lines.append(
            Content.assemble(
                (STATUS_MARK.get(a["status"], "  "), style),
                (f"{a['due']} ({days_away(a['days_left'])}) ", style),
                printable(shown_title(a["title"])),
                f" → {printable(a['address'])}" if a.get("address") else "",
            )
        )
    if len(due) > DUE_SHOWN:
        lines.append(Content.styled(_("  … and {count} more").format(count=len(due) - DUE_SHOWN), "dim"))
    return lines


def case_head(case: Entry) -> Content:
    """``Case IOE… · I-485 · A-number … · priority date … · Vermont Service Center``."""
    parts = [printable(case["form_type"]) if case["form_type"] else _("form not recorded")]
    parts.append(
        _("A-number {number}").format(number=case["a_number"]) if case["a_number"] else _("A-number not on file")
    )
    if case.get("priority_date"):
        parts.append(_("priority date {date}").format(date=case["priority_date"]))
    center = case.get("service_center") or {}
    if center.get("name"):
        parts.append(printable(center["name"]))
    return Content.assemble((_("Case "), "bold"), (case["receipt_number"], "bold $accent"), " · " + " · ".join(parts))


NOT_CONFIRMED = N_(" (not yet confirmed)")


def staff_text(member: Entry) -> str:
    """``Tier 2: Grant, ID 4821`` from a timeline staff entry; unconfirmed values marked."""
    name = printable(member.get("name") or "")
    ident = printable(member.get("staff_id") or "")
    unconfirmed = _(NOT_CONFIRMED)
    who = (name + (unconfirmed if member.get("name_confirmed") is False else "")) if name else _("name not recorded")
    num = (
        _("ID {number}").format(number=ident) + (unconfirmed if member.get("id_confirmed") is False else "")
        if ident
        else _("ID not recorded")
    )
    tier = _("Tier {tier}: ").format(tier=member["tier"]) if member.get("tier") else ""
    return f"{tier}{who}, {num}"


def call_content(call: Entry) -> Content:
    """One call of the timeline: when (user's zone), length, hold, tier; staff; referrals."""
    zone = ZoneInfo(call["timezone"])
    local = datetime.fromisoformat(call["started_at"]).astimezone(zone)
    length = clock(call["length_seconds"]) if call["length_seconds"] is not None else _("still open")
    tier = _("Tier {tier}").format(tier=call["tier_reached"]) if call["tier_reached"] else _("tier not recorded")
    lines = [
        Content.assemble(
            (f"{local:%Y-%m-%d} {clock_time(local, hour24=True)} " + (local.tzname() or ""), "bold"),
            ("  " + _("Call #{call}").format(call=call["id"]), "bold"),
            _(" · {length} long · on hold {hold} · {tier}").format(
                length=length, hold=clock(call["hold_seconds"]), tier=tier
            ),
            (_(" · linked by you") if call.get("linked_by") == "user" else "", "dim"),
        )
    ]
    staff = [staff_text(member) for member in call["staff"]]
    lines.append(Content(_("    Staff: ") + ("; ".join(staff) if staff else _("name and ID not recorded"))))
    unconfirmed = _(NOT_CONFIRMED)
    refs = [printable(r["value"]) + ("" if r["confirmed"] else unconfirmed) for r in call["referral_numbers"]]
    if refs:
        lines.append(Content(_("    Referral: ") + ", ".join(refs)))
    return Content("\n").join(lines)


def sr_content(sr: Entry, referral_of: dict[int, str]) -> Content:
    venue = _("field office") if sr["venue"] == FIELD_OFFICE else _("service center")
    parent = sr.get("parent_sr_id")
    about = referral_of.get(parent, "#" + str(parent)) if parent is not None else ""
    return Content.assemble(
        (f"{sr['created']}            ", "bold"),
        (_("Service request "), "bold"),
        (sr["referral_number"], "bold $success"),
        f" · {venue}",
        f" · {printable(sr['type'])}" if sr["type"] else "",
        _(" · on call #{call}").format(call=sr["call_id"]) if sr.get("call_id") else "",
        (_(" · given on a re-call about {referral}").format(referral=about) if parent else "", "dim"),
    )


def event_content(event: Entry, referral_of: dict[int, str]) -> Content:
    label = event_label(event["kind"])
    about = ""
    if event.get("sr_id") in referral_of:
        about = _(" (request {referral})").format(referral=referral_of[event["sr_id"]])
    elif event.get("call_id"):
        about = _(" (call #{call})").format(call=event["call_id"])
    note = f" — {printable(event['note'])}" if event.get("note") else ""
    return Content.assemble((f"{event['on']}            ", "bold"), (_("✓ You: "), "$success"), f"{label}{about}{note}")


def timeline_options(timeline: Entry) -> list[Option]:
    """Calls, requests and events in date order (a call before what it started)."""
    referral_of = {sr["id"]: sr["referral_number"] for sr in timeline["service_requests"]}
    rows: list[tuple[str, int, int, Option]] = []
    for call in timeline["calls"]:
        rows.append((call["date"], 0, call["id"], Option(call_content(call), id=f"call-{call['id']}")))
    for sr in timeline["service_requests"]:
        rows.append((sr["created"], 1, sr["id"], Option(sr_content(sr, referral_of), id=f"sr-{sr['id']}")))
    for ev in timeline["events"]:
        rows.append((ev["on"], 2, ev["id"], Option(event_content(ev, referral_of), id=f"event-{ev['id']}")))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return [r[3] for r in rows]


class CompanionScreen(Screen):
    """A screen of this app: ``self.companion`` is the app with its store and clock, typed."""

    @property
    def companion(self) -> CompanionApp:
        return cast("CompanionApp", self.app)


# -- the list of cases ---------------------------------------------------------------------


@dataclass
class CasesLoaded(Message):
    rows: list[tuple[Case, int, int, Entry | None]]  # the case, its calls, its requests, the next step due
    error: str | None = None


class CasesScreen(CompanionScreen):
    """Every case on file; Enter opens its timeline."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "app.prepare", N_("Add a case")),
        Binding("u", "app.undo_delete", N_("Undo delete"), show=False),
        Binding("escape", "app.pop_screen", N_("Back")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cases: list[Case] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="cases-screen"):
            yield Static("", id="cases-status")
            yield OptionList(id="case-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = _("Cases")
        self.refresh_data()
        self.query_one("#case-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        self._load(self.companion.today())

    @work(thread=True, exclusive=True, exit_on_error=False, group="cases")
    def _load(self, today: date) -> None:
        store = self.companion.store
        rows: list[tuple[Case, int, int, Entry | None]] = []
        try:
            for case in store.cases():
                timeline = casefile.case_timeline(store, case.receipt_number, today)
                due = timeline["due"][0] if timeline["due"] else None
                rows.append((case, len(timeline["calls"]), len(timeline["service_requests"]), due))
        except UserError as exc:
            self.post_message(CasesLoaded(rows, str(exc)))
            return
        self.post_message(CasesLoaded(rows))

    def on_cases_loaded(self, message: CasesLoaded) -> None:
        listing = self.query_one("#case-list", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        self.cases = [row[0] for row in message.rows]
        for case, calls, requests, due in message.rows:
            head = " · ".join(printable(x) for x in (case.receipt_number, case.form_type, case.a_number) if x)
            counts = ", ".join(
                (
                    ngettext("{count} call", "{count} calls", calls).format(count=calls),
                    ngettext("{count} request", "{count} requests", requests).format(count=requests),
                )
            )
            nxt = (
                _(" · next {date}: {title}").format(date=due["due"], title=printable(shown_title(due["title"])))
                if due
                else ""
            )
            listing.add_option(Option(Content.assemble((head, "bold"), f"  {counts}{nxt}"), id=f"case-{case.id}"))
        status = self.query_one("#cases-status", Static)
        if message.error:
            status.update(Content.styled(message.error, "$error"))
        else:
            status.update(
                Content(_("{count} case(s). Enter opens the timeline · p adds a case in Prepare.").format(count=len(self.cases)))
            )
        if not self.cases:
            listing.add_option(
                Option(_("No cases yet: add your receipt number in Prepare (p)."), id="none", disabled=True)
            )
        else:
            listing.highlighted = min(keep or 0, len(self.cases) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("case-"):
            self.companion.push_screen(CaseScreen(int(option_id.removeprefix("case-"))))


# -- one case ------------------------------------------------------------------------------


@dataclass
class TimelineLoaded(Message):
    timeline: Entry | None
    error: str | None = None
    options: list[Option] | None = None  # built off the UI thread with the timeline


class CaseScreen(CompanionScreen):
    """One case: every call, request and event in one timeline, and what is due next."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("7", "form7001", N_("Form 7001")),
        Binding("f", "app.followups", N_("Follow-ups")),
        Binding("delete", "delete", N_("Delete"), key_display="del"),
        Binding("u", "app.undo_delete", N_("Undo")),
        Binding("escape", "app.pop_screen", N_("Back")),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.timeline: Entry | None = None
        self._fill = 0  # which filling of the timeline list is current (a newer one stops older ones)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="case-screen"):
            yield Static("", id="case-head")
            yield Static("", id="case-due", classes="panel")
            yield OptionList(id="case-timeline")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = _("Case")
        self.query_one("#case-timeline", OptionList).loading = True
        self.refresh_data()
        self.query_one("#case-timeline", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        self._load(self.companion.today())

    @work(thread=True, exclusive=True, exit_on_error=False, group="case")
    def _load(self, today: date) -> None:
        store = self.companion.store
        try:
            case = store.case(self.case_id)
            timeline = casefile.case_timeline(store, case.receipt_number, today)
        except UserError as exc:
            self.post_message(TimelineLoaded(None, str(exc)))
            return
        self.post_message(TimelineLoaded(timeline, options=timeline_options(timeline)))

    def on_timeline_loaded(self, message: TimelineLoaded) -> None:
        listing = self.query_one("#case-timeline", OptionList)
        listing.loading = False
        if message.timeline is None:
            self.query_one("#case-head", Static).update(Content.styled(message.error or "", "$error"))
            self._fill += 1
            listing.clear_options()
            return
        timeline = self.timeline = message.timeline
        self.sub_title = _("Case {receipt}").format(receipt=timeline["case"]["receipt_number"])
        self.query_one("#case-head", Static).update(case_head(timeline["case"]))
        self.query_one("#case-due", Static).update(Content("\n").join(due_lines(timeline["due"])))
        keep = listing.highlighted
        options = message.options if message.options is not None else timeline_options(timeline)
        self._fill += 1
        listing.clear_options()
        if not options:
            listing.add_option(
                Option(
                    _(
                        "No calls yet: a call joins this case when you confirm its receipt number, or pick "
                        "the case in Prepare ('This call is about') before calling."
                    ),
                    disabled=True,
                )
            )
            return
        self._add_rows(self._fill, options, 0, keep)

    def _add_rows(self, fill: int, options: list[Option], start: int, keep: int | None) -> None:
        """Add the next rows of the timeline, then let the UI breathe before the rest."""
        if fill != self._fill or not self.is_attached:
            return  # a newer timeline is being shown, or the screen is gone
        listing = self.query_one("#case-timeline", OptionList)
        listing.add_options(options[start : start + FILL_CHUNK])
        if start == 0:
            listing.highlighted = min(keep or 0, len(options) - 1) if (keep or 0) < FILL_CHUNK else 0
        end = start + FILL_CHUNK
        if end < len(options):
            self.set_timer(0.001, lambda: self._add_rows(fill, options, end, keep))
        elif keep is not None and keep >= FILL_CHUNK:
            listing.highlighted = min(keep, len(options) - 1)

    # -- selection ---------------------------------------------------------------------

    def _selected(self) -> tuple[str, int] | None:
        option = self.query_one("#case-timeline", OptionList).highlighted_option
        if option is None or not option.id or "-" not in option.id:
            return None
        what, _sep, ident = option.id.partition("-")
        return what, int(ident)

    def _entry(self, what: str, ident: int) -> dict[str, Any]:
        assert self.timeline is not None
        key = {"call": "calls", "sr": "service_requests", "event": "events"}[what]
        return next(e for e in self.timeline[key] if e["id"] == ident)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        what, ident = chosen
        from companion.tui.screens.review import CallReviewScreen

        if what == "call":
            self.companion.push_screen(CallReviewScreen(ident))
        elif what == "sr":
            call_id = self._entry("sr", ident).get("call_id")
            if call_id:
                self.companion.push_screen(CallReviewScreen(call_id))

    def action_delete(self) -> None:
        chosen = self._selected()
        if chosen is None or self.timeline is None:
            self.companion.notify(_("Select a call, request or event in the timeline first."), severity="warning")
            return
        what, ident = chosen
        store = self.companion.store
        entry = self._entry(what, ident)
        if what == "call":
            title = _("Delete call #{call} of {when}?").format(call=ident, when=f"{entry['date']} {entry['time']}")
            detail = _(
                "Its transcript and captured fields stay in the file but the call leaves every list, "
                "with its service requests and their follow-up events. u restores it."
            )
            self.companion.confirm_delete(title, detail, lambda: casefile.delete_call(store, ident))
        elif what == "sr":
            title = _("Delete service request {referral} ({date})?").format(
                referral=entry["referral_number"], date=entry["created"]
            )
            detail = _("Its follow-up events (and requests given on a re-call about it) go with it. u restores it.")
            self.companion.confirm_delete(title, detail, lambda: casefile.delete_service_request(store, ident))
        else:
            title = _("Delete '{what}' on {date}?").format(what=event_label(entry["kind"]), date=entry["on"])
            self.companion.confirm_delete(
                title,
                _("The follow-up dates are worked out again without it. u restores it."),
                lambda: casefile.delete_event(store, ident),
            )

    def action_form7001(self) -> None:
        if self.timeline is None:
            return
        self.companion.push_screen(Form7001Screen(self.timeline["case"]["receipt_number"]))


# -- Form 7001 -----------------------------------------------------------------------------


class Form7001Screen(CompanionScreen):
    """The Form 7001 helper for one case: what the records fill in and what is missing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "copy", N_("Copy")),
        Binding("w", "save('text')", N_("Save .txt")),
        Binding("m", "save('md')", N_("Save .md")),
        Binding("j", "save('json')", N_("Save .json")),
        Binding("escape", "app.pop_screen", N_("Back")),
    ]

    SUFFIX: ClassVar[dict[str, str]] = {"text": "txt", "md": "md", "json": "json"}

    def __init__(self, receipt: str) -> None:
        super().__init__()
        self.receipt = receipt
        self.form: Form7001 | None = None
        self.filling = True  # the form is being built, or its text is still being added

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="form7001"):
            yield Static("", id="form7001-status")
            yield Static("", id="form7001-explained")
            with VerticalScroll(id="form7001-scroll"):
                yield Static("", id="form7001-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = _("Form 7001 · {receipt}").format(receipt=self.receipt)
        summary = explanation("form7001")  # the helper stays in English; in Spanish, what it is for
        explained = self.query_one("#form7001-explained", Static)
        explained.update(summary)
        explained.display = bool(summary)
        self._status(_("Loading the Form 7001 helper…"), "dim")
        self._build(self.companion.today())

    @dataclass
    class Built(Message):
        form: Form7001 | None
        error: str | None = None
        text: str = ""  # the form as text, rendered off the UI thread

    @work(thread=True, exclusive=True, exit_on_error=False, group="form7001")
    def _build(self, today: date) -> None:
        # A message, not call_from_thread: if the user has left the screen it is dropped.
        try:
            form = casefile.form7001_for(self.companion.store, self.receipt, today)
        except UserError as exc:
            self.post_message(self.Built(None, str(exc)))
            return
        self.post_message(self.Built(form, text=printable(form.render("text"), newlines=True)))

    @on(Built)
    def _built(self, message: Built) -> None:
        self._show(message.form, message.error, message.text)

    def _show(self, form: Form7001 | None, error: str | None, text: str) -> None:
        body = self.query_one("#form7001-body", Static)
        if form is None:
            self.filling = False
            self._status("")
            body.update(Content.styled(error or "", "$error"))
            return
        self._status(shown_avenues(form.avenues), "bold $success" if form.exhausted else "bold $warning")
        # One Static per block of lines: one block of a case with thousands of calls held the
        # UI thread for seconds while it was measured. Each block is mounted once the last one
        # has been laid out (on a timer they piled up, and one layout wrapped a dozen at once).
        lines = text.split("\n")
        body.update(Content("\n".join(lines[:FORM_CHUNK])))
        self.call_after_refresh(self._add_block, lines, FORM_CHUNK, form)

    async def _add_block(self, lines: list[str], start: int, form: Form7001) -> None:
        if not self.is_attached:
            return
        if start >= len(lines):
            self.form = form  # y and the saves act on the whole form only once it is all shown
            self.filling = False
            return
        block = Static(Content("\n".join(lines[start : start + FORM_CHUNK])), classes="form7001-more")
        await self.query_one("#form7001-scroll", VerticalScroll).mount(block)
        self.call_after_refresh(self._add_block, lines, start + FORM_CHUNK, form)

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#form7001-status", Static).update(Content.styled(text, style) if style else Content(text))

    def _still_loading(self) -> bool:
        if self.form is None and self.filling:
            self._status(_("The Form 7001 helper is still loading: try again in a moment."), "$warning")
        return self.form is None

    def action_copy(self) -> None:
        if self._still_loading() or self.form is None:
            return
        self.companion.copy_to_clipboard(self.form.render("text"))
        self._status(_("Copied the Form 7001 helper to the clipboard (via the terminal, OSC 52)."), "$success")

    def action_save(self, fmt: str) -> None:
        form = self.form
        if self._still_loading() or form is None:
            return
        default = exports_dir() / f"case-{self.receipt}-form7001.{self.SUFFIX[fmt]}"

        def saved(path: Path | None) -> None:
            if path is not None:
                self._status(_("Saved to {path}").format(path=path), "$success")

        self.companion.push_screen(
            save_file_prompt(
                _("Save the Form 7001 helper ({format})").format(format=fmt),
                default,
                lambda: form.render(fmt).encode("utf-8"),
                empty=_("path: type where to save the file"),
            ),
            saved,
        )
