"""Follow-ups: each service request's timeline, and keys to record what the user did.

The dates and statuses come from the deadline engine (``companion.followup``) over the
stored records; recording an event (emailed the service center, emailed SCOPS, called the
NCSC again, response received, Form 7001 filed) writes it to the store and the timeline
moves to the next step. The keys follow the request's venue: a field-office request
offers "called the NCSC again" and never the service-center or SCOPS steps; a
service-center request the other way round (the call guide's two paths).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from companion.display import printable
from companion.errors import UserError
from companion.followup import DONE, DUE, EXPIRED, OMBUDSMAN_REVIEW_WINDOW, OVERDUE
from companion.followup.titles import shown_title
from companion.records import (
    FIELD_OFFICE,
    FORM_7001_FILED,
    NCSC_CALLED,
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
    NCSC_CALLED: "called the NCSC again",
    SERVICE_CENTER_EMAILED: "emailed the service center",
    SCOPS_EMAILED: "emailed SCOPS",
    RESPONSE_RECEIVED: "received a response",
    FORM_7001_FILED: "filed DHS Form 7001",
    OMBUDSMAN_REVIEW_REQUESTED: "asked the Ombudsman to review the call",
}
STATUS_STYLE = {OVERDUE: "bold $error", DUE: "bold $warning", DONE: "$success", EXPIRED: "dim"}
# Steps of the service-center path only: never offered for a field-office request.
SERVICE_CENTER_ONLY = (SERVICE_CENTER_EMAILED, SCOPS_EMAILED)


def venue_label(sr: ServiceRequest) -> str:
    """``field office`` or ``service center VSC`` (a field office has no service center)."""
    if sr.venue == FIELD_OFFICE:
        return "field office"
    return "service center" + (f" {sr.service_center}" if sr.service_center else "")


class FollowUpsScreen(Screen):
    """Service requests, their next steps and due dates; record events by key."""

    # Short footer labels (the full words are the tooltips, shown in the command palette)
    # so the footer fits 80 columns.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "record('service_center_emailed')", "SC", tooltip="Emailed the service center"),
        Binding("2", "record('scops_emailed')", "SCOPS", tooltip="Emailed SCOPS"),
        Binding("c", "record('ncsc_called')", "NCSC again", tooltip="Called the NCSC again"),
        Binding("3", "record('response_received')", "Answer", tooltip="USCIS answered"),
        Binding("4", "record('form7001_filed')", "7001", tooltip="Filed DHS Form 7001"),
        Binding("5", "record('ombudsman_review_requested')", "Ombuds", tooltip="Asked the Ombudsman to review the call"),
        Binding("d", "export", "Draft", tooltip="Draft the follow-up email"),
        Binding("delete", "delete", "Delete", key_display="del",
                tooltip="Delete the selected request (or, in the timeline, the selected event)"),
        Binding("u", "app.undo_delete", "Undo", show=False, tooltip="Undo the last deletion"),
        Binding("i", "app.save_calendar", "Save .ics", show=False),
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
            yield Static("", id="fu-keys")
            yield OptionList(id="sr-list")
            yield OptionList(id="timeline")
        yield Footer(compact=True)

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
            status.update(f"{len(self.requests)} service request(s).")
        listing = self.query_one("#sr-list", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        by_id = {sr.id: sr for sr in self.requests}
        for sr in self.requests:
            nxt = self._next_step(sr)
            if sr.parent_sr_id is not None:
                parent = by_id.get(sr.parent_sr_id)
                tail = (printable(f" — given on a re-call about {parent.referral_number if parent else '#' + str(sr.parent_sr_id)}"), "dim")
            elif nxt:
                tail = (f" — {nxt.status} {nxt.due.isoformat()}", STATUS_STYLE.get(nxt.status, ""))
            else:
                tail = (" — closed", "dim")
            label = Content.assemble(
                (printable(f"#{sr.id} {sr.referral_number or '(no referral)'} "), "bold"),
                plain(venue_label(sr) + f" · created {sr.created.isoformat()}"),
                f" · call #{sr.call_id}" if sr.call_id else "",
                tail,
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
        if event.option_list.id == "sr-list":
            self._show_timeline()
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only the steps of the selected request's path (hidden, not just dimmed)."""
        if action == "record" and parameters:
            sr = self._selected()
            field_office = sr is not None and sr.venue == FIELD_OFFICE
            if parameters[0] in SERVICE_CENTER_ONLY:
                return not field_office
            if parameters[0] == NCSC_CALLED:
                return field_office
        return True

    def _show_keys(self, sr: ServiceRequest | None) -> None:
        """What the footer's short keys record, for the selected request's path."""
        if sr is None:
            keys = ""
        elif sr.venue == FIELD_OFFICE:
            keys = "Keys: c called the NCSC again · 3 USCIS answered · 4 filed Form 7001 · 5 asked the Ombudsman"
        else:
            keys = (
                "Keys: 1 emailed the service center · 2 emailed SCOPS · 3 USCIS answered · "
                "4 filed Form 7001 · 5 asked the Ombudsman"
            )
        self.query_one("#fu-keys", Static).update(Content.styled(keys, "dim"))

    def _root(self, sr: ServiceRequest) -> ServiceRequest:
        """The first request of a re-call chain (its events and steps belong to it)."""
        by_id = {r.id: r for r in self.requests}
        seen = {sr.id}
        while sr.parent_sr_id is not None and sr.parent_sr_id in by_id and sr.parent_sr_id not in seen:
            sr = by_id[sr.parent_sr_id]
            seen.add(sr.id)
        return sr

    def _show_timeline(self) -> None:
        timeline = self.query_one("#timeline", OptionList)
        options: list[Option] = []

        def line(content: Content, option_id: str | None = None) -> None:
            options.append(Option(content, id=option_id, disabled=option_id is None))

        sr = self._selected()
        self._show_keys(sr)
        if sr is not None:
            store = self.app.store
            root = self._root(sr)
            line(Content.styled(printable(f"Service request {sr.referral_number} ({venue_label(sr)})"), "bold"))
            if root.id != sr.id:
                line(Content(printable(f"  given on a re-call about {root.referral_number}: its steps are that request's")))
            line(Content(printable(f"  {root.created.isoformat()}  {root.referral_number} created on call #{root.call_id}")))
            for child in (r for r in self.requests if r.parent_sr_id == root.id):
                line(Content(printable(f"  {child.created.isoformat()}  new referral {child.referral_number} given on a re-call")))
            for ev in store.events(root.id):
                line(Content(f"✓ {ev.on.isoformat()}  you {EVENT_LABEL.get(ev.kind, ev.kind)}"), f"event-{ev.id}")
            for a in (a for a in self.actions if a.sr_id == root.id):
                when = (
                    "today"
                    if a.days_left == 0
                    else (f"in {a.days_left}d" if a.days_left > 0 else f"{-a.days_left}d ago")
                )
                line(
                    Content.assemble(
                        (f"{STATUS_MARK.get(a.status, '  ')}{a.due.isoformat()}  ", STATUS_STYLE.get(a.status, "")),
                        (f"{a.status:<8} ", STATUS_STYLE.get(a.status, "")),
                        plain(f"({when}) {shown_title(a.title)}"),
                        plain(f" → {a.address}" if a.address and a.status not in (DONE, EXPIRED) else ""),
                    )
                )
            line(Content(""))
        windows = [a for a in self.actions if a.kind == OMBUDSMAN_REVIEW_WINDOW and a.status != EXPIRED]
        if windows:
            line(Content.styled("Ombudsman review windows (5 records a request for the call)", "bold"))
            for a in windows:
                line(
                    Content.assemble(
                        (f"{STATUS_MARK.get(a.status, '  ')}{a.due.isoformat()}  ", STATUS_STYLE.get(a.status, "")),
                        f"call #{a.call_id}: {a.status}, {a.days_left}d left",
                    )
                )
        timeline.set_options(options)
        events = [i for i, o in enumerate(options) if not o.disabled]
        timeline.highlighted = events[0] if events else None  # Tab, then Del deletes that event

    def action_delete(self) -> None:
        """Del: the highlighted event when the timeline has focus, else the selected request."""
        from companion import casefile

        store = self.app.store
        timeline = self.query_one("#timeline", OptionList)
        option = timeline.highlighted_option if timeline.has_focus else None
        if option is not None and option.id and option.id.startswith("event-"):
            event_id = int(option.id.removeprefix("event-"))
            ev = next((e for e in store.events() if e.id == event_id), None)
            if ev is None:
                return
            self.app.confirm_delete(
                f"Delete 'you {EVENT_LABEL.get(ev.kind, ev.kind)}' on {ev.on.isoformat()}?",
                "The follow-up dates are worked out again without it. u restores it.",
                lambda: casefile.delete_event(store, event_id),
            )
            return
        sr = self._selected()
        if sr is None:
            self.app.notify("Select a service request first.", severity="warning")
            return
        self.app.confirm_delete(
            f"Delete service request {sr.referral_number} ({venue_label(sr)}, {sr.created.isoformat()})?",
            "Its follow-up events (and requests given on a re-call about it) go with it. u restores it. "
            "(To delete one event, Tab to the timeline and select it.)",
            lambda: casefile.delete_service_request(store, sr.id),
        )

    def action_record(self, kind: str) -> None:
        sr = self._selected()
        if sr is None:
            self.app.notify("Select a service request first.", severity="warning")
            return
        if kind in SERVICE_CENTER_ONLY and sr.venue == FIELD_OFFICE:
            self.app.notify(
                f"Request {sr.referral_number} is a field-office matter: the call guide's next step is "
                "to call the NCSC again (c), not to email the service center or SCOPS.",
                severity="warning",
            )
            return
        if kind == NCSC_CALLED and sr.venue != FIELD_OFFICE:
            self.app.notify(
                f"Request {sr.referral_number} is a service-center matter: email the service center (1), "
                "then SCOPS (2).",
                severity="warning",
            )
            return
        if kind == NCSC_CALLED:
            self._record_recall(sr)
            return
        store = self.app.store
        today = self.app.today()
        sr = self._root(sr)
        sr_id = None if kind == OMBUDSMAN_REVIEW_REQUESTED else sr.id
        call_id = sr.call_id if kind == OMBUDSMAN_REVIEW_REQUESTED else None

        def submit(text: str):
            if kind == OMBUDSMAN_REVIEW_REQUESTED and call_id is not None:
                from companion.followup import ombudsman_window_last_day
                from companion.identifiers import parse_date

                on = parse_date(text.strip(), "date you asked the Ombudsman")
                last = ombudsman_window_last_day(store.call(call_id))
                if last < on <= today:
                    return ("after the window", on, last)  # ask before recording it anyway
            return store.record_event(kind, text.strip(), sr_id=sr_id, call_id=call_id, today=today)

        def recorded(event) -> None:
            if isinstance(event, tuple):
                _, on, last = event
                self._confirm_late_ombudsman(call_id, on, last, recorded)
                return
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

    def _confirm_late_ombudsman(self, call_id: int | None, on: date, last: date, recorded) -> None:
        """The call's 90-day window had closed: record the request only if the user says so."""
        from companion.tui.widgets.confirm import ConfirmScreen

        store = self.app.store
        today = self.app.today()

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                event = store.record_event(
                    OMBUDSMAN_REVIEW_REQUESTED, on, call_id=call_id, today=today, force=True
                )
            except UserError as exc:
                self.app.show_error(exc)
                return
            recorded(event)

        self.app.push_screen(
            ConfirmScreen(
                f"Record an Ombudsman request on {on.isoformat()}, after the call's 90-day window?",
                f"The window closed on {last.isoformat()}: the Ombudsman can no longer ask USCIS to review "
                "that call. Record it anyway only if you really asked on that day.",
                yes="record it anyway",
            ),
            answered,
        )

    def _record_recall(self, sr: ServiceRequest) -> None:
        """c: the date of the re-call, then the new referral number if the agent gave one."""
        from companion import casefile
        from companion.identifiers import parse_date

        store = self.app.store
        today = self.app.today()
        root = self._root(sr)

        def check_date(text: str) -> date:
            on = parse_date(text.strip(), "date you called the NCSC again")
            if on > today:
                raise UserError(f"date: {on.isoformat()} is in the future; expected today ({today.isoformat()}) or earlier")
            if on < root.created:
                raise UserError(
                    f"date: {on.isoformat()} is before request {root.referral_number} was made "
                    f"({root.created.isoformat()}); expected that day or later"
                )
            return on

        def ask_referral(on: date | None) -> None:
            if on is None:
                return

            def submit(text: str):
                return casefile.record_ncsc_recall(store, root.id, on, new_referral=text.strip() or None, today=today)

            self.app.push_screen(
                PromptScreen(
                    "New referral number from that call (leave empty if none)",
                    "",
                    submit,
                    placeholder="e.g. 76019999",
                    hint=f"About {root.referral_number}. Enter records the call; Esc cancels (nothing recorded).",
                ),
                recorded,
            )

        def recorded(recall) -> None:
            if recall is None or isinstance(recall, str):
                return
            new = f" New referral {recall.new_request.referral_number} linked to it." if recall.new_request else ""
            nxt = recall.next_steps[0] if recall.next_steps else None
            then = f" Next: {nxt.title}, {nxt.due.isoformat()}." if nxt else ""
            self.app.notify(f"Recorded: you called the NCSC again on {recall.event.on.isoformat()}.{new}{then}")
            self.refresh_data()
            self.app.post_message(StoreChanged("event"))

        self.app.push_screen(
            PromptScreen(
                "Date you called the NCSC again (YYYY-MM-DD)",
                today.isoformat(),
                check_date,
                hint=f"Referral {root.referral_number} (field office). Enter: next question; Esc cancels.",
            ),
            ask_referral,
        )

    def action_export(self) -> None:
        sr = self._selected()
        from companion.tui.screens.export import ExportScreen

        if sr is None or sr.call_id is None:
            self.app.notify("Select a service request first.", severity="warning")
            return
        if sr.venue == FIELD_OFFICE:  # no service-center or SCOPS letter on this path
            self.app.push_screen(ExportScreen(sr.call_id, kind="ombudsman"))
            return
        emailed = any(e.kind == SERVICE_CENTER_EMAILED for e in self.app.store.events(sr.id))
        self.app.push_screen(ExportScreen(sr.call_id, kind="scops" if emailed else "service-center"))
