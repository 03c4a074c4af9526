"""Follow-ups: each service request's timeline, and keys to record what the user did.

The dates and statuses come from the deadline engine (``companion.followup``) over the
stored records; recording an event (emailed the service center, emailed SCOPS, called the
NCSC again, response received, Form 7001 filed) writes it to the store and the timeline
moves to the next step. The keys follow the request's venue: a field-office request
offers "called the NCSC again" and never the service-center or SCOPS steps; a
service-center request the other way round (the call guide's two paths).

The requests and their steps are read in a thread worker (a case with thousands of calls
takes seconds) while the status line says so; each request's next step and steps are
indexed once (``next_steps``, ``steps_by_request``), and long lists reach their widget a
chunk per turn of the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from companion.display import printable
from companion.errors import UserError
from companion.followup import DONE, DUE, EXPIRED, OMBUDSMAN_REVIEW_WINDOW, OVERDUE, Action
from companion.followup.titles import shown_title
from companion.i18n import N_, _
from companion.records import (
    FIELD_OFFICE,
    FORM_7001_FILED,
    NCSC_CALLED,
    OMBUDSMAN_REVIEW_REQUESTED,
    RESPONSE_RECEIVED,
    SCOPS_EMAILED,
    SERVICE_CENTER_EMAILED,
    FollowUpEvent,
    ServiceRequest,
)
from companion.tui.formatting import STATUS_MARK, plain, status_label
from companion.tui.messages import StoreChanged
from companion.tui.screens.case import FILL_CHUNK, CompanionScreen
from companion.tui.widgets.prompt import PromptScreen

# What the user did, as the end of "you …" / "Date you …" (shown through _()).
EVENT_LABEL: dict[str, str] = {
    NCSC_CALLED: N_("called the NCSC again"),
    SERVICE_CENTER_EMAILED: N_("emailed the service center"),
    SCOPS_EMAILED: N_("emailed SCOPS"),
    RESPONSE_RECEIVED: N_("received a response"),
    FORM_7001_FILED: N_("filed DHS Form 7001"),
    OMBUDSMAN_REVIEW_REQUESTED: N_("asked the Ombudsman to review the call"),
}
STATUS_STYLE: dict[str, str] = {OVERDUE: "bold $error", DUE: "bold $warning", DONE: "$success", EXPIRED: "dim"}
# Steps of the service-center path only: never offered for a field-office request.
SERVICE_CENTER_ONLY = (SERVICE_CENTER_EMAILED, SCOPS_EMAILED)
RECORD_KEYS = Binding.Group(N_("Record"))  # the footer's one label for the keys that record a step
LateRequest = tuple[str, date, date]  # an Ombudsman request dated after the window: ask first


def you_did(kind: str) -> str:
    """``you emailed SCOPS`` / ``usted escribió a SCOPS``."""
    return _("you {did}").format(did=_(EVENT_LABEL.get(kind, kind)))


def venue_label(sr: ServiceRequest) -> str:
    """``field office`` or ``service center VSC`` (a field office has no service center)."""
    if sr.venue == FIELD_OFFICE:
        return _("field office")
    return _("service center") + (f" {sr.service_center}" if sr.service_center else "")


def next_steps(actions: list[Action]) -> dict[int, Action]:
    """Each request's next open step (the first of its steps not done or expired), in one pass."""
    nxt: dict[int, Action] = {}
    for a in actions:
        if a.sr_id is not None and a.sr_id not in nxt and a.status not in (DONE, EXPIRED):
            nxt[a.sr_id] = a
    return nxt


def steps_by_request(actions: list[Action]) -> dict[int, list[Action]]:
    """Every request's steps, in the deadline engine's order, indexed once."""
    steps: dict[int, list[Action]] = {}
    for a in actions:
        if a.sr_id is not None:
            steps.setdefault(a.sr_id, []).append(a)
    return steps


def request_label(sr: ServiceRequest, nxt: Action | None, by_id: dict[int, ServiceRequest]) -> Content:
    """One line of the request list: referral, venue, date, call and the next step's status."""
    tail: tuple[str, str]
    if sr.parent_sr_id is not None:
        parent = by_id.get(sr.parent_sr_id)
        about = parent.referral_number if parent else "#" + str(sr.parent_sr_id)
        tail = (printable(_(" — given on a re-call about {referral}").format(referral=about)), "dim")
    elif nxt:
        tail = (f" — {status_label(nxt.status)} {nxt.due.isoformat()}", STATUS_STYLE.get(nxt.status, ""))
    else:
        tail = (_(" — closed"), "dim")
    return Content.assemble(
        (printable(f"#{sr.id} {sr.referral_number or _('(no referral)')} "), "bold"),
        plain(venue_label(sr) + _(" · created {date}").format(date=sr.created.isoformat())),
        _(" · call #{call}").format(call=sr.call_id) if sr.call_id else "",
        tail,
    )


def window_line(a: Action) -> Content:
    """One open Ombudsman review window (a call's 90 days)."""
    return Content.assemble(
        (f"{STATUS_MARK.get(a.status, '  ')}{a.due.isoformat()}  ", STATUS_STYLE.get(a.status, "")),
        _("call #{call}: {status}, {days}d left").format(call=a.call_id, status=status_label(a.status), days=a.days_left),
    )


@dataclass
class FollowUpsLoaded(Message):
    """The requests and their steps, read and laid out in a thread worker."""

    load: int  # which reading this is: an older one finishing late is dropped
    requests: list[ServiceRequest]
    actions: list[Action]
    error: str | None
    labels: list[Content] = field(default_factory=list)
    windows: list[Content] = field(default_factory=list)


class FollowUpsScreen(CompanionScreen):
    """Service requests, their next steps and due dates; record events by key."""

    # The keys that record a step share one footer label ("1 2 3 4 5 Record"): the line above
    # the list says what each one records, the full words are the tooltips (command palette,
    # F1), and the footer fits 80 columns in English and in Spanish.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "record('service_center_emailed')", N_("SC"), tooltip=N_("Emailed the service center"),
                group=RECORD_KEYS),
        Binding("2", "record('scops_emailed')", N_("SCOPS"), tooltip=N_("Emailed SCOPS"), group=RECORD_KEYS),
        Binding("c", "record('ncsc_called')", N_("NCSC again"), tooltip=N_("Called the NCSC again"),
                group=RECORD_KEYS),
        Binding("3", "record('response_received')", N_("Answer"), tooltip=N_("USCIS answered"), group=RECORD_KEYS),
        Binding("4", "record('form7001_filed')", N_("7001"), tooltip=N_("Filed DHS Form 7001"), group=RECORD_KEYS),
        Binding(
            "5", "record('ombudsman_review_requested')", N_("Ombuds"),
            tooltip=N_("Asked the Ombudsman to review the call"), group=RECORD_KEYS,
        ),
        Binding("d", "export", N_("Draft"), tooltip=N_("Draft the follow-up email")),
        Binding("delete", "delete", N_("Delete"), key_display="del",
                tooltip=N_("Delete the selected request (or, in the timeline, the selected event)")),
        Binding("u", "app.undo_delete", N_("Undo"), show=False, tooltip=N_("Undo the last deletion")),
        Binding("i", "app.save_calendar", N_("Save .ics"), show=False),
        Binding("escape", "app.pop_screen", N_("Back")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[ServiceRequest] = []
        self.actions: list[Action] = []
        self.next_by_sr: dict[int, Action] = {}
        self.steps_by_sr: dict[int, list[Action]] = {}
        self.window_lines: list[Content] = []
        self.loading_data = False  # the worker is reading the store (the lists show what they had)
        self._loads = 0  # readings of the store started (the newest one is shown)
        self._fills: dict[str, int] = {}  # per list, which filling is current (a newer one stops older ones)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="followups"):
            yield Static("", id="fu-status")
            yield Static("", id="fu-keys")
            yield OptionList(id="sr-list")
            yield OptionList(id="timeline")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = _("Follow-ups")
        self.query_one("#fu-status", Static).update(Content.styled(_("Loading the service requests…"), "dim"))
        self.query_one("#sr-list", OptionList).loading = True
        self.refresh_data()
        self.query_one("#sr-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Read the requests and work out their steps off the UI thread (thousands of calls take seconds)."""
        self.loading_data = True
        self._loads += 1
        self._load(self._loads, self.companion.today())

    @work(thread=True, exclusive=True, exit_on_error=False, group="followups")
    def _load(self, load: int, today: date) -> None:
        from companion.workflows import follow_up_actions

        store = self.companion.store
        requests = store.service_requests()
        error: str | None = None
        try:
            actions = follow_up_actions(store, today)
        except UserError as exc:
            actions, error = [], str(exc)
        nxt = next_steps(actions)
        by_id = {sr.id: sr for sr in requests}
        labels = [request_label(sr, nxt.get(sr.id), by_id) for sr in requests]
        windows = [window_line(a) for a in actions if a.kind == OMBUDSMAN_REVIEW_WINDOW and a.status != EXPIRED]
        # A message, not call_from_thread: if the user has left the screen it is dropped.
        self.post_message(FollowUpsLoaded(load, requests, actions, error, labels, windows))

    def on_follow_ups_loaded(self, message: FollowUpsLoaded) -> None:
        if message.load != self._loads:
            return  # a newer reading is on its way (the store changed meanwhile)
        self.loading_data = False
        self.requests = message.requests
        self.actions = message.actions
        self.next_by_sr = next_steps(message.actions)
        self.steps_by_sr = steps_by_request(message.actions)
        self.window_lines = message.windows
        status = self.query_one("#fu-status", Static)
        if message.error is not None:
            status.update(Content.styled(printable(message.error), "$error"))
        else:
            status.update(_("{count} service request(s).").format(count=len(self.requests)))
        listing = self.query_one("#sr-list", OptionList)
        listing.loading = False
        keep = listing.highlighted
        options = [Option(label, id=f"sr-{sr.id}") for sr, label in zip(self.requests, message.labels, strict=True)]
        if not self.requests:
            options = [
                Option(_("No service requests yet: record one from a call's review (s)."), id="none", disabled=True)
            ]
            keep = None
        else:
            keep = min(keep or 0, len(self.requests) - 1)
        self._fill_list("#sr-list", options, keep)
        self._show_timeline()

    def _fill_list(self, selector: str, options: list[Option], highlight: int | None) -> None:
        """Give the list its rows a chunk per turn of the event loop (it measures every row it is given)."""
        token = self._fills[selector] = self._fills.get(selector, 0) + 1
        self.query_one(selector, OptionList).clear_options()
        self._add_rows(selector, token, options, 0, highlight)

    def _add_rows(self, selector: str, token: int, options: list[Option], start: int, highlight: int | None) -> None:
        if self._fills.get(selector) != token or not self.is_attached:
            return  # a newer filling is under way, or the screen is gone
        listing = self.query_one(selector, OptionList)
        end = start + FILL_CHUNK
        listing.add_options(options[start:end])
        if start == 0 and (highlight is None or highlight >= end):
            listing.highlighted = None if highlight is None else 0
        if highlight is not None and start <= highlight < end:
            listing.highlighted = highlight
        if end < len(options):
            self.set_timer(0.001, lambda: self._add_rows(selector, token, options, end, highlight))

    def _next_step(self, sr: ServiceRequest) -> Action | None:
        return self.next_by_sr.get(sr.id)

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
            keys = _("Keys: c called the NCSC again · 3 USCIS answered · 4 filed Form 7001 · 5 asked the Ombudsman")
        else:
            keys = _(
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
        options: list[Option] = []

        def line(content: Content, option_id: str | None = None) -> None:
            options.append(Option(content, id=option_id, disabled=option_id is None))

        sr = self._selected()
        self._show_keys(sr)
        if sr is not None:
            store = self.companion.store
            root = self._root(sr)
            head = _("Service request {referral} ({venue})").format(referral=sr.referral_number, venue=venue_label(sr))
            line(Content.styled(printable(head), "bold"))
            if root.id != sr.id:
                line(Content(printable(
                    "  " + _("given on a re-call about {referral}: its steps are that request's").format(
                        referral=root.referral_number
                    )
                )))
            made = _("{referral} created on call #{call}").format(referral=root.referral_number, call=root.call_id)
            line(Content(printable(f"  {root.created.isoformat()}  {made}")))
            for child in (r for r in self.requests if r.parent_sr_id == root.id):
                given = _("new referral {referral} given on a re-call").format(referral=child.referral_number)
                line(Content(printable(f"  {child.created.isoformat()}  {given}")))
            for ev in store.events(root.id):
                line(Content(f"✓ {ev.on.isoformat()}  {you_did(ev.kind)}"), f"event-{ev.id}")
            steps = self.steps_by_sr.get(root.id, [])
            width = max(8, *(len(status_label(a.status)) for a in steps)) if steps else 8  # "pendiente"
            for a in steps:
                when = (
                    _("today")
                    if a.days_left == 0
                    else (
                        _("in {days}d").format(days=a.days_left)
                        if a.days_left > 0
                        else _("{days}d ago").format(days=-a.days_left)
                    )
                )
                line(
                    Content.assemble(
                        (f"{STATUS_MARK.get(a.status, '  ')}{a.due.isoformat()}  ", STATUS_STYLE.get(a.status, "")),
                        (f"{status_label(a.status):<{width}} ", STATUS_STYLE.get(a.status, "")),
                        plain(f"({when}) {shown_title(a.title)}"),
                        plain(f" → {a.address}" if a.address and a.status not in (DONE, EXPIRED) else ""),
                    )
                )
            line(Content(""))
        if self.window_lines:
            line(Content.styled(_("Ombudsman review windows (5 records a request for the call)"), "bold"))
            options.extend(Option(content, disabled=True) for content in self.window_lines)
        events = [i for i, o in enumerate(options) if not o.disabled]
        self._fill_list("#timeline", options, events[0] if events else None)  # Tab, then Del deletes that event

    def action_delete(self) -> None:
        """Del: the highlighted event when the timeline has focus, else the selected request."""
        from companion import casefile

        store = self.companion.store
        timeline = self.query_one("#timeline", OptionList)
        option = timeline.highlighted_option if timeline.has_focus else None
        if option is not None and option.id and option.id.startswith("event-"):
            event_id = int(option.id.removeprefix("event-"))
            ev = next((e for e in store.events() if e.id == event_id), None)
            if ev is None:
                return
            self.companion.confirm_delete(
                _("Delete '{what}' on {date}?").format(what=you_did(ev.kind), date=ev.on.isoformat()),
                _("The follow-up dates are worked out again without it. u restores it."),
                lambda: casefile.delete_event(store, event_id),
            )
            return
        sr = self._selected()
        if sr is None:
            self.companion.notify(_("Select a service request first."), severity="warning")
            return
        self.companion.confirm_delete(
            _("Delete service request {referral} ({venue}, {date})?").format(
                referral=sr.referral_number, venue=venue_label(sr), date=sr.created.isoformat()
            ),
            _(
                "Its follow-up events (and requests given on a re-call about it) go with it. u restores it. "
                "(To delete one event, Tab to the timeline and select it.)"
            ),
            lambda: casefile.delete_service_request(store, sr.id),
        )

    def action_record(self, kind: str) -> None:
        sr = self._selected()
        if sr is None:
            self.companion.notify(_("Select a service request first."), severity="warning")
            return
        if kind in SERVICE_CENTER_ONLY and sr.venue == FIELD_OFFICE:
            self.companion.notify(
                _(
                    "Request {referral} is a field-office matter: the call guide's next step is "
                    "to call the NCSC again (c), not to email the service center or SCOPS."
                ).format(referral=sr.referral_number),
                severity="warning",
            )
            return
        if kind == NCSC_CALLED and sr.venue != FIELD_OFFICE:
            self.companion.notify(
                _(
                    "Request {referral} is a service-center matter: email the service center (1), then SCOPS (2)."
                ).format(referral=sr.referral_number),
                severity="warning",
            )
            return
        if kind == NCSC_CALLED:
            self._record_recall(sr)
            return
        store = self.companion.store
        today = self.companion.today()
        sr = self._root(sr)
        sr_id = None if kind == OMBUDSMAN_REVIEW_REQUESTED else sr.id
        call_id = sr.call_id if kind == OMBUDSMAN_REVIEW_REQUESTED else None

        def submit(text: str) -> FollowUpEvent | LateRequest:
            if kind == OMBUDSMAN_REVIEW_REQUESTED and call_id is not None:
                from companion.followup import ombudsman_window_last_day
                from companion.identifiers import parse_date

                on = parse_date(text.strip(), N_("date you asked the Ombudsman"))
                last = ombudsman_window_last_day(store.call(call_id))
                if last < on <= today:
                    return ("after the window", on, last)  # ask before recording it anyway
            return store.record_event(kind, text.strip(), sr_id=sr_id, call_id=call_id, today=today)

        def recorded(event: FollowUpEvent | LateRequest | None) -> None:
            if isinstance(event, tuple):
                _reason, on, last = event
                self._confirm_late_ombudsman(call_id, on, last, recorded)
                return
            if event is not None:
                self.companion.notify(
                    _("Recorded: {what} on {date}.").format(what=you_did(kind), date=event.on.isoformat())
                )
                self.refresh_data()
                self.companion.post_message(StoreChanged("event"))

        self.companion.push_screen(
            PromptScreen(
                _("Date you {did} (YYYY-MM-DD)").format(did=_(EVENT_LABEL[kind])),
                self.companion.today().isoformat(),
                submit,
                hint=_("Referral {referral}. Enter records it; Esc cancels.").format(referral=sr.referral_number),
            ),
            recorded,
        )

    def _confirm_late_ombudsman(
        self, call_id: int | None, on: date, last: date, recorded: Callable[[FollowUpEvent], None]
    ) -> None:
        """The call's 90-day window had closed: record the request only if the user says so."""
        from companion.tui.widgets.confirm import ConfirmScreen

        store = self.companion.store
        today = self.companion.today()

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                event = store.record_event(
                    OMBUDSMAN_REVIEW_REQUESTED, on, call_id=call_id, today=today, force=True
                )
            except UserError as exc:
                self.companion.show_error(exc)
                return
            recorded(event)

        self.companion.push_screen(
            ConfirmScreen(
                _("Record an Ombudsman request on {date}, after the call's 90-day window?").format(date=on.isoformat()),
                _(
                    "The window closed on {date}: the Ombudsman can no longer ask USCIS to review "
                    "that call. Record it anyway only if you really asked on that day."
                ).format(date=last.isoformat()),
                yes=_("record it anyway"),
            ),
            answered,
        )

    def _record_recall(self, sr: ServiceRequest) -> None:
        """c: the date of the re-call, then the new referral number if the agent gave one."""
        from companion import casefile
        from companion.identifiers import parse_date

        store = self.companion.store
        today = self.companion.today()
        root = self._root(sr)

        def check_date(text: str) -> date:
            on = parse_date(text.strip(), N_("date you called the NCSC again"))
            if on > today:
                raise UserError(
                    _("date: {date} is in the future; expected today ({today}) or earlier").format(
                        date=on.isoformat(), today=today.isoformat()
                    )
                )
            if on < root.created:
                raise UserError(
                    _(
                        "date: {date} is before request {referral} was made ({created}); expected that day or later"
                    ).format(date=on.isoformat(), referral=root.referral_number, created=root.created.isoformat())
                )
            return on

        def ask_referral(on: date | None) -> None:
            if on is None:
                return

            def submit(text: str) -> casefile.Recall:
                return casefile.record_ncsc_recall(store, root.id, on, new_referral=text.strip() or None, today=today)

            self.companion.push_screen(
                PromptScreen(
                    _("New referral number from that call (leave empty if none)"),
                    "",
                    submit,
                    placeholder=_("e.g. 76019999"),
                    hint=_("About {referral}. Enter records the call; Esc cancels (nothing recorded).").format(
                        referral=root.referral_number
                    ),
                ),
                recorded,
            )

        def recorded(recall: casefile.Recall | None) -> None:
            if recall is None or isinstance(recall, str):
                return
            new = (
                _(" New referral {referral} linked to it.").format(referral=recall.new_request.referral_number)
                if recall.new_request
                else ""
            )
            nxt = recall.next_steps[0] if recall.next_steps else None
            then = _(" Next: {title}, {date}.").format(title=shown_title(nxt.title), date=nxt.due.isoformat()) if nxt else ""
            done = _("Recorded: {what} on {date}.").format(what=you_did(NCSC_CALLED), date=recall.event.on.isoformat())
            self.companion.notify(f"{done}{new}{then}")
            self.refresh_data()
            self.companion.post_message(StoreChanged("event"))

        self.companion.push_screen(
            PromptScreen(
                _("Date you {did} (YYYY-MM-DD)").format(did=_(EVENT_LABEL[NCSC_CALLED])),
                today.isoformat(),
                check_date,
                hint=_("Referral {referral} (field office). Enter: next question; Esc cancels.").format(
                    referral=root.referral_number
                ),
            ),
            ask_referral,
        )

    def action_export(self) -> None:
        sr = self._selected()
        from companion.tui.screens.export import ExportScreen

        if sr is None or sr.call_id is None:
            self.companion.notify(_("Select a service request first."), severity="warning")
            return
        if sr.venue == FIELD_OFFICE:  # no service-center or SCOPS letter on this path
            self.companion.push_screen(ExportScreen(sr.call_id, kind="ombudsman"))
            return
        emailed = any(e.kind == SERVICE_CENTER_EMAILED for e in self.companion.store.events(sr.id))
        self.companion.push_screen(ExportScreen(sr.call_id, kind="scops" if emailed else "service-center"))
