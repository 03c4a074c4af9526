"""Export: the email drafts for one call, the 90-day check, and ways to get them out.

Drafts come from ``workflows.draft_for``, run in a thread worker (a case with thousands of
calls takes seconds to read) while the screen says it is loading; this screen only shows
them and writes files. Nothing is ever sent: the user copies the text (OSC 52), saves an ``.eml``
their mail client opens as a draft, or follows the ``mailto:`` link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from companion.display import printable
from companion.errors import UserError
from companion.export.drafts import Draft
from companion.export.explained import explanation
from companion.export.files import write_private
from companion.i18n import N_, _
from companion.locations import exports_dir
from companion.store import Store
from companion.tui.app import CompanionApp
from companion.tui.formatting import call_when, plain
from companion.tui.widgets.prompt import PromptScreen, save_file_prompt

KINDS = {"ombudsman": N_("Ombudsman"), "service-center": N_("Service center"), "scops": N_("SCOPS")}
KIND_KEYS = {"ombudsman": "o", "service-center": "s", "scops": "p"}
OTHER_CALL = Binding.Group(N_("Other call"))  # [ and ] under one footer label


def save_calendar(store: Store, today: date, path: Path | None = None) -> tuple[Path, int]:
    """Every open follow-up as ``follow-ups.ics``; returns (path, number of events)."""
    from companion.followup import open_actions
    from companion.workflows import calendar_for, follow_up_actions

    count = len(open_actions(follow_up_actions(store, today)))
    data = calendar_for(store, today)
    # The app's own calendar file in its exports folder is regenerated on each save (the
    # UIDs are stable, so a calendar re-importing it updates events); a path the user
    # gives is never replaced.
    return write_private(path or exports_dir() / "follow-ups.ics", data, overwrite=path is None), count


@dataclass(frozen=True)
class DraftRequest:
    """What one drafting is for: a result for an older request is dropped."""

    call_id: int
    kind: str
    today: date
    force: bool
    what_went_wrong: str | None
    mailto: bool
    window_closed: bool


@dataclass
class DraftReady(Message):
    """A draft (or why there is none) and its body, made in a thread worker."""

    request: DraftRequest
    draft: Draft | None
    error: str | None
    blocks: list[Content]  # the body, a block of lines per Static (see BLOCK_LINES)


BLOCK_LINES = 100  # lines of a draft per Static: one text of thousands of lines held the UI for seconds


def blocks_of(body: Content) -> list[Content]:
    """``body`` cut into blocks of ``BLOCK_LINES`` lines, shown one under the other."""
    lines = body.split("\n", allow_blank=True)
    return [Content("\n").join(lines[i : i + BLOCK_LINES]) for i in range(0, len(lines), BLOCK_LINES)] or [body]


class ExportScreen(Screen[None]):
    """Preview and export the Ombudsman, service center or SCOPS email of a call."""

    app = getters.app(CompanionApp)  # typed: the store, the clock and the app's actions
    BINDINGS: ClassVar[list[BindingType]] = [
        # o, s and p are the tabs in the head line; F is offered in the 90-day line when it
        # applies; i is in the command palette: not in the footer, which must fit 80 columns
        Binding("o", "kind('ombudsman')", N_("Ombudsman"), show=False),
        Binding("s", "kind('service-center')", N_("Service ctr"), show=False),
        Binding("p", "kind('scops')", N_("SCOPS"), show=False),
        Binding("y", "copy", N_("Copy")),
        Binding("w", "save_eml", N_("Save .eml")),
        Binding("m", "mailto", N_("mailto:")),
        Binding("F", "force", N_("Force"), key_display="F", show=False),
        Binding("i", "save_ics", N_("Save .ics"), show=False),
        Binding(
            "a", "what_went_wrong", N_("What went wrong"), tooltip=N_("Add a sentence of your own on what went wrong")
        ),
        Binding("left_square_bracket", "other_call(-1)", N_("Prev call"), key_display="[", group=OTHER_CALL),
        Binding("right_square_bracket", "other_call(1)", N_("Next call"), key_display="]", group=OTHER_CALL),
        Binding("escape", "app.pop_screen", N_("Back")),
    ]

    def __init__(self, call_id: int | None = None, kind: str = "ombudsman") -> None:
        super().__init__()
        self.call_id = call_id
        self.kind = kind
        self.force = False
        self.showing_mailto = False
        self.draft: Draft | None = None
        self.error: str | None = None
        self.drafting: DraftRequest | None = None  # the draft being made in a worker, if any
        self._fill = 0  # which filling of the draft's blocks is current (a newer one stops older ones)
        self.what_went_wrong: str | None = None  # the user's own sentence, added to the letter
        self._field_office: bool | None = None  # whether the call's requests are all field-office ones
        self._resumed = False  # a draft of thousands of calls, written twice at once, doubled the wait

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="export"):
            yield Static("", id="export-head")
            yield Static("", id="export-check")
            yield Static("", id="export-explained")
            with VerticalScroll(id="draft-scroll"):
                yield Static("", id="draft")
            yield Static("", id="export-status")
        yield Footer(compact=True, show_command_palette=False)  # ^p still opens the palette

    def on_mount(self) -> None:
        self.sub_title = _("Export")
        if self.call_id is None:
            calls = self.app.store.calls(limit=1)
            self.call_id = calls[0].id if calls else None
        self.refresh_data()
        self.query_one("#draft-scroll").focus()

    def on_screen_resume(self) -> None:
        if not self._resumed:  # the first resume comes with the push: on_mount has just drafted
            self._resumed = True
            return
        self.refresh_data()

    # -- rendering ---------------------------------------------------------------------

    def refresh_data(self) -> None:
        from companion.followup import ombudsman_window_last_day

        head = self.query_one("#export-head", Static)
        check = self.query_one("#export-check", Static)
        body = self.query_one("#draft", Static)
        self.draft = None
        self.error = None
        self.drafting = None
        self._field_office = None  # the call's requests may have changed: read them once again
        self._fill += 1
        self.query(".draft-more").remove()  # the blocks of the last draft after its first
        explained = self.query_one("#export-explained", Static)
        summary = explanation(self.kind)
        explained.update(summary)
        explained.display = bool(summary)  # English: the draft speaks for itself
        if self.call_id is None:
            head.update(_("No calls yet: there is nothing to write about."))
            check.update("")
            body.update(_("Start a call from Home (n), or import a transcript with `companion import`."))
            return
        store = self.app.store
        try:
            call = store.call(self.call_id)
        except UserError as exc:
            head.update(plain(str(exc)))
            return
        if self.kind != "ombudsman" and self._field_office_only():
            self.kind = "ombudsman"  # a field-office matter has no service-center or SCOPS letter
        self.refresh_bindings()
        tabs: list[tuple[str, str] | str] = []
        for kind, label in KINDS.items():
            if self.check_action("kind", (kind,)) is False:
                continue  # the tabs are the keys o, s and p: only the letters this call can have
            tab = f" {KIND_KEYS[kind]} {_(label)} "
            tabs.append((tab, "bold reverse") if kind == self.kind else (tab, "dim"))
            tabs.append(" ")
        head.update(Content.assemble((_("Call #{call}").format(call=call.id) + f" {call_when(call)}  ", "bold"), *tabs))

        today = self.app.today()
        last_day = ombudsman_window_last_day(call)
        left = (last_day - today).days
        if left >= 0:
            check.update(
                Content.assemble(
                    (_("90-day check: "), "bold"),
                    (
                        _("open — the Ombudsman can ask for a review until {date} ({days} days left).").format(
                            date=last_day.isoformat(), days=left
                        ),
                        "$success",
                    ),
                )
            )
        else:
            check.update(
                Content.assemble(
                    (_("90-day check: "), "bold"),
                    (_("closed on {date} ({days} days ago)").format(date=last_day.isoformat(), days=-left), "$error"),
                    _(" — F drafts the Ombudsman email anyway.") if not self.force else _(" — forced."),
                )
            )
        request = DraftRequest(
            call.id, self.kind, today, self.force, self.what_went_wrong, self.showing_mailto, left < 0
        )
        self.drafting = request
        body.update(Content.styled(_("Loading the draft…"), "dim"))
        self._draft(request)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export-draft")
    def _draft(self, request: DraftRequest) -> None:
        """Draft the email off the UI thread (a case with thousands of calls takes seconds)."""
        from companion.workflows import draft_for

        try:
            draft: Draft = draft_for(
                self.app.store,
                request.call_id,
                request.kind,
                today=request.today,
                force=request.force,
                what_went_wrong=request.what_went_wrong,
            )
        except UserError as exc:
            closed = request.kind == "ombudsman" and request.window_closed and not request.force
            hint = _(" Press F to draft it anyway.") if closed else ""
            body = Content.assemble((_("Cannot draft this email: "), "bold $error"), plain(str(exc)), hint)
            self.post_message(DraftReady(request, None, str(exc), [body]))
            return
        if request.mailto:
            body = Content.assemble((_("mailto: link (y copies it)") + "\n\n", "bold"), plain(draft.as_mailto()))
        else:
            warnings = [Content.styled(printable(f"⚠ {w}"), "$warning") for w in draft.warnings]
            body = Content("\n").join([*warnings, plain(draft.as_text())])
        # A message, not call_from_thread: if the user has left the screen it is dropped.
        self.post_message(DraftReady(request, draft, None, blocks_of(body)))

    def on_draft_ready(self, message: DraftReady) -> None:
        if message.request != self.drafting:
            return  # the user has since asked for another letter, call or option
        self.drafting = None
        self.draft = message.draft
        self.error = message.error
        self.query_one("#draft", Static).update(message.blocks[0])
        self.call_after_refresh(self._add_blocks, self._fill, message.blocks, 1)

    async def _add_blocks(self, fill: int, blocks: list[Content], start: int) -> None:
        """The rest of a long draft, a block at a time: each is mounted once the last one has been
        laid out, so one layout never wraps more than one block on the UI thread."""
        if fill != self._fill or not self.is_attached or start >= len(blocks):
            return
        await self.query_one("#draft-scroll", VerticalScroll).mount(Static(blocks[start], classes="draft-more"))
        self.call_after_refresh(self._add_blocks, fill, blocks, start + 1)

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#export-status", Static).update(Content.styled(printable(text), style) if style else plain(text))

    # -- actions -----------------------------------------------------------------------

    def action_kind(self, kind: str) -> None:
        self.kind = kind
        self.showing_mailto = False
        self._status("")
        self.refresh_data()

    def action_force(self) -> None:
        self.force = not self.force
        self._status(_("Forced: the 90-day check is overridden.") if self.force else _("The 90-day check applies again."))
        self.refresh_data()

    def action_other_call(self, step: int) -> None:
        calls = self.app.store.calls()
        if not calls:
            return
        ids = [c.id for c in calls]  # newest first
        index = ids.index(self.call_id) if self.call_id in ids else 0
        index = max(0, min(len(ids) - 1, index - step))  # ] goes to the newer call
        self.call_id = ids[index]
        self.force = False
        self.showing_mailto = False
        self.refresh_data()

    def _need_draft(self) -> Draft | None:
        """The draft on screen; ``None`` (and the reason in the status line) when there is none."""
        if self.draft is None and self.drafting is not None:
            self._status(_("The draft is still being written: try again in a moment."), "$warning")
        elif self.draft is None:
            self._status(self.error or _("No draft to export."), "$error")
        return self.draft

    def action_copy(self) -> None:
        draft = self._need_draft()
        if draft is None:
            return
        text = draft.as_mailto() if self.showing_mailto else draft.as_text()
        self.app.copy_to_clipboard(text)
        copied = (
            _("Copied the mailto: link to the clipboard (via the terminal, OSC 52).")
            if self.showing_mailto
            else _("Copied the email to the clipboard (via the terminal, OSC 52).")
        )
        self._status(copied, "$success")

    def action_mailto(self) -> None:
        if self._need_draft() is None:
            return
        self.showing_mailto = not self.showing_mailto
        self.refresh_data()

    def action_save_eml(self) -> None:
        draft = self._need_draft()
        if draft is None:
            return
        default = exports_dir() / f"call-{self.call_id}-{draft.kind}.eml"

        def saved(path: Path | None) -> None:
            if path is not None:
                self._status(_("Saved the draft to {path} — open it in your mail client.").format(path=path), "$success")

        self.app.push_screen(
            save_file_prompt(
                _("Save the email as .eml"), default, draft.as_eml, empty=_("path: type where to save the .eml file")
            ),
            saved,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No service-center or SCOPS letter for a call whose requests are all field-office ones."""
        if action == "kind" and parameters and parameters[0] in ("service-center", "scops"):
            return not self._field_office_only()
        return True

    def _field_office_only(self) -> bool:
        """Read once per refresh: the footer asks on every refresh of the keys, and a read on
        the UI thread waits while a worker reads a big case."""
        from companion.records import FIELD_OFFICE

        if self.call_id is None:
            return False
        if self._field_office is None:
            srs = self.app.store.service_requests(self.call_id)
            self._field_office = bool(srs) and all(sr.venue == FIELD_OFFICE for sr in srs)
        return self._field_office

    def action_what_went_wrong(self) -> None:
        """The user's own sentence on what went wrong, added to the letter (empty removes it)."""

        def done(text: str | None) -> None:
            if text is None:
                return
            self.what_went_wrong = text.strip() or None
            self.refresh_data()
            self._status(_("Your sentence is in the letter.") if self.what_went_wrong else _("Your sentence was removed."))

        self.app.push_screen(
            PromptScreen(
                _("In one sentence, what went wrong? (added to the letter)"),
                self.what_went_wrong or "",
                hint=_(
                    "e.g. The agent said my case was pending but my card was returned as undeliverable. "
                    "Enter adds it; empty removes it; Esc cancels."
                ),
            ),
            done,
        )

    def action_save_ics(self) -> None:
        try:
            path, count = save_calendar(self.app.store, self.app.today())
        except UserError as exc:
            self._status(str(exc), "$error")
            return
        self._status(_("Saved {count} open follow-up date(s) to {path}").format(count=count, path=path), "$success")
