"""Follow-ups: each service request's timeline, and keys to record what the user did.

The dates and statuses come from the deadline engine (``companion.followup``) over the
stored records; recording an event (emailed the service center, emailed SCOPS, response
received, Form 7001 filed) writes it to the store and the timeline moves to the next step.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from companion.display import printable
from companion.errors import UserError
from companion.followup import OMBUDSMAN_REVIEW_WINDOW, OVERDUE, DUE, DONE, EXPIRED
from companion.records import (
    FORM_7001_FILED,
    OMBUDSMAN_REVIEW_REQUESTED,
    RESPONSE_RECEIVED,
    SCOPS_EMAILED,
    SERVICE_CENTER_EMAILED,
    ServiceRequest,
)
from companion.tui.formatting import STATUS_MARK, plain
from companion.tui.messages import StoreChanged
from companion.tui.widgets.prompt import PromptScreen

EVENT_LABEL = {
    SERVICE_CENTER_EMAILED: "emailed the service center",
    SCOPS_EMAILED: "emailed SCOPS",
    RESPONSE_RECEIVED: "received a response",
    FORM_7001_FILED: "filed DHS Form 7001",
    OMBUDSMAN_REVIEW_REQUESTED: "asked the Ombudsman to review the call",
}
STATUS_STYLE = {OVERDUE: "bold $error", DUE: "bold $warning", DONE: "$success", EXPIRED: "dim"}


class FollowUpsScreen(Screen):
    """Service requests, their next steps and due dates; record events by key."""

    BINDINGS = [
        Binding("1", "record('service_center_emailed')", "Emailed SC"),
        Binding("2", "record('scops_emailed')", "Emailed SCOPS"),
        Binding("3", "record('response_received')", "Response"),
        Binding("4", "record('form7001_filed')", "7001 filed"),
        Binding("5", "record('ombudsman_review_requested')", "Ombudsman asked"),
        Binding("d", "export", "Draft email"),
        Binding("i", "app.save_calendar", "Save .ics"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[ServiceRequest] = []
        self.actions: list = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="followups"):
            yield Static("", id="fu-status")
            yield OptionList(id="sr-list")
            with VerticalScroll(id="timeline-scroll"):
                yield Static("", id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Follow-ups"
        self.refresh_data()
        self.query_one("#sr-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        from companion.workflows import follow_up_actions

        store = self.app.store
        self.requests = store.service_requests()
        status = self.query_one("#fu-status", Static)
        try:
            self.actions = follow_up_actions(store, self.app.today())
        except UserError as exc:
            self.actions = []
            status.update(Content.styled(printable(str(exc)), "$error"))
        else:
            status.update(
                f"{len(self.requests)} service request(s). 1-4 record a step for the selected one "
                "(date defaults to today)."
            )
        listing = self.query_one("#sr-list", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        for sr in self.requests:
            nxt = self._next_step(sr)
            label = Content.assemble(
                (printable(f"#{sr.id} {sr.referral_number or '(no referral)'} ", newlines=False), "bold"),
                plain(f"{sr.venue}{' ' + sr.service_center if sr.service_center else ''} · created {sr.created.isoformat()}"),
                f" · call #{sr.call_id}" if sr.call_id else "",
                (f" — {nxt.status} {nxt.due.isoformat()}" if nxt else " — closed", STATUS_STYLE.get(nxt.status, "") if nxt else "dim"),
            )
            listing.add_option(Option(label, id=f"sr-{sr.id}"))
        if not self.requests:
            listing.add_option(
                Option("No service requests yet: record one from a call's review (s).", id="none", disabled=True)
            )
        else:
            listing.highlighted = min(keep or 0, len(self.requests) - 1)
        self._show_timeline()

    def _next_step(self, sr: ServiceRequest):
        open_steps = [a for a in self.actions if a.sr_id == sr.id and a.status not in (DONE, EXPIRED)]
        return open_steps[0] if open_steps else None

    def _selected(self) -> ServiceRequest | None:
        listing = self.query_one("#sr-list", OptionList)
        if listing.highlighted is None or listing.highlighted >= len(self.requests):
            return None
        return self.requests[listing.highlighted]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_timeline()

    def _show_timeline(self) -> None:
        timeline = self.query_one("#timeline", Static)
        lines: list[Content] = []
        sr = self._selected()
        if sr is not None:
            store = self.app.store
            lines.append(Content.styled(printable(f"Service request {sr.referral_number} ({sr.venue})"), "bold"))
            lines.append(Content(f"  {sr.created.isoformat()}  created on call #{sr.call_id}"))
            for ev in store.events(sr.id):
                lines.append(Content(f"✓ {ev.on.isoformat()}  you {EVENT_LABEL.get(ev.kind, ev.kind)}"))
            for a in (a for a in self.actions if a.sr_id == sr.id):
                when = (
                    "today"
                    if a.days_left == 0
                    else (f"in {a.days_left}d" if a.days_left > 0 else f"{-a.days_left}d ago")
                )
                lines.append(
                    Content.assemble(
                        (f"{STATUS_MARK.get(a.status, '  ')}{a.due.isoformat()}  ", STATUS_STYLE.get(a.status, "")),
                        (f"{a.status:<8} ", STATUS_STYLE.get(a.status, "")),
                        plain(f"({when}) {a.title}"),
                        plain(f" → {a.address}" if a.address and a.status not in (DONE, EXPIRED) else ""),
                    )
                )
            lines.append(Content(""))
        windows = [a for a in self.actions if a.kind == OMBUDSMAN_REVIEW_WINDOW and a.status != EXPIRED]
        if windows:
            lines.append(Content.styled("Ombudsman review windows (5 records a request for the call)", "bold"))
            for a in windows:
                lines.append(
                    Content.assemble(
                        (f"{STATUS_MARK.get(a.status, '  ')}{a.due.isoformat()}  ", STATUS_STYLE.get(a.status, "")),
                        f"call #{a.call_id}: {a.status}, {a.days_left}d left",
                    )
                )
        timeline.update(Content("\n").join(lines) if lines else "")

    def action_record(self, kind: str) -> None:
        sr = self._selected()
        if sr is None:
            self.app.notify("Select a service request first.", severity="warning")
            return
        store = self.app.store
        sr_id = None if kind == OMBUDSMAN_REVIEW_REQUESTED else sr.id
        call_id = sr.call_id if kind == OMBUDSMAN_REVIEW_REQUESTED else None

        def submit(text: str):
            return store.record_event(kind, text.strip(), sr_id=sr_id, call_id=call_id)

        def recorded(event) -> None:
            if event is not None:
                self.app.notify(f"Recorded: you {EVENT_LABEL[kind]} on {event.on.isoformat()}.")
                self.refresh_data()
                self.app.post_message(StoreChanged("event"))

        self.app.push_screen(
            PromptScreen(
                f"Date you {EVENT_LABEL[kind]} (YYYY-MM-DD)",
                self.app.today().isoformat(),
                submit,
                hint=f"Referral {sr.referral_number}. Enter records it; Esc cancels.",
            ),
            recorded,
        )

    def action_export(self) -> None:
        sr = self._selected()
        from companion.tui.screens.export import ExportScreen

        if sr is None or sr.call_id is None:
            self.app.notify("Select a service request first.", severity="warning")
            return
        emailed = any(e.kind == SERVICE_CENTER_EMAILED for e in self.app.store.events(sr.id))
        self.app.push_screen(ExportScreen(sr.call_id, kind="scops" if emailed else "service-center"))
