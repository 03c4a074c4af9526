"""Home: what is due, which Ombudsman windows are closing, recent calls, agent hours.

Everything here is read from the store each time the screen is shown (on mount and on
resume), so returning from a call or from Follow-ups shows the new state at once. The
reads run in a thread worker: computing every follow-up date grows with the number of
calls (45 ms at 2,000 in scripts/bench_store.py) and the UI thread must not wait on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from companion.errors import UserError
from companion.followup import DUE, OMBUDSMAN_REVIEW_WINDOW, OVERDUE, UPCOMING, Action
from companion.followup.titles import shown_title
from companion.guide import agent_availability
from companion.i18n import N_, _
from companion.tui.app import CompanionApp
from companion.tui.formatting import KIND_LABEL, STATUS_MARK, call_when, duration, plain

RECENT_CALLS = 8


class HomeScreen(Screen[None]):
    """The first screen: today's follow-ups and the way to everything else."""

    app = getters.app(CompanionApp)  # typed: the store, the clock and the app's actions
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "app.new_call", N_("New call")),
        Binding("p", "app.prepare", N_("Prepare")),
        Binding("r", "app.review", N_("Review")),
        Binding("f", "app.followups", N_("Follow-ups")),
        Binding("c", "app.cases", N_("Cases")),
        Binding("u", "app.undo_delete", N_("Undo delete"), show=False),
        Binding("e", "export", N_("Export")),
        # works here, shown on Review's footer: with it Home's footer would not fit 80 columns in Spanish
        Binding("slash", "app.review(None, True)", N_("Search"), key_display="/", show=False),
        Binding("q", "app.quit", N_("Quit")),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("", id="availability")
            yield Static("", id="about-next", classes="hidden")
            yield Static("", id="due", classes="panel")
            yield Static("", id="windows", classes="panel")
            yield Static(_("Recent calls (Enter to review)"), id="recent-title", classes="section-title")
            yield OptionList(id="recent")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#recent", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    @dataclass
    class Loaded(Message):
        """What the worker read: follow-up actions (or the error) and the recent calls."""

        actions: list[Action]
        error: str | None
        summaries: list[dict[str, Any]]  # Store.call_summaries

    def refresh_data(self) -> None:
        app = self.app
        self.sub_title = _("Home")
        self.query_one("#recent-title", Static).update(_("Recent calls (Enter to review)"))
        availability = agent_availability(app.now(), app.store.profile().zone)
        mark = "● " if availability.open_now else "○ "
        self.query_one("#availability", Static).update(
            Content.styled(mark + availability.message, "bold $success" if availability.open_now else "$warning")
        )
        about = self.query_one("#about-next", Static)
        case = app.about_case()
        about.update(
            Content.assemble(
                (_("Next call is about "), "bold"), (case.receipt_number, "bold $accent"), _(" (change it in Prepare, p)")
            )
            if case
            else ""
        )
        about.set_class(case is None, "hidden")
        self._load(app.today())

    @work(thread=True, exclusive=True, exit_on_error=False, group="home")
    def _load(self, today: date) -> None:
        from companion.workflows import follow_up_actions

        store = self.app.store
        try:
            actions, error = follow_up_actions(store, today), None
        except UserError as exc:
            actions, error = [], str(exc)
        self.post_message(self.Loaded(actions, error, store.call_summaries(limit=RECENT_CALLS)))

    def on_home_screen_loaded(self, message: Loaded) -> None:
        self._show_followups(message.actions, message.error)
        self._show_recent(message.summaries)

    def _show_followups(self, actions: list[Action], error: str | None) -> None:
        due_panel = self.query_one("#due", Static)
        windows_panel = self.query_one("#windows", Static)
        if error is not None:
            due_panel.update(plain(_("Follow-ups: {error}").format(error=error)))
            windows_panel.update("")
            return
        steps = [a for a in actions if a.kind != OMBUDSMAN_REVIEW_WINDOW]
        pressing = [a for a in steps if a.status in (DUE, OVERDUE)]
        upcoming = [a for a in steps if a.status == UPCOMING]
        lines = [Content.styled(_("Follow-ups due"), "bold")]
        if pressing:
            for a in pressing[:4]:
                style = "bold $error" if a.status == OVERDUE else "bold $warning"
                when = _("today") if a.days_left == 0 else _("{days}d overdue").format(days=-a.days_left)
                lines.append(
                    Content.assemble((STATUS_MARK[a.status], style), plain(f"{a.due.isoformat()} ({when}) {shown_title(a.title)}"))
                )
            if len(pressing) > 4:
                lines.append(Content(_("  … and {count} more (f: Follow-ups)").format(count=len(pressing) - 4)))
        else:
            lines.append(Content(_("  Nothing due today.")))
        if upcoming:
            a = upcoming[0]
            lines.append(
                plain(_("  Next: {date} (in {days}d) {title}").format(date=a.due.isoformat(), days=a.days_left, title=shown_title(a.title)))
            )
        due_panel.update(Content("\n").join(lines))

        windows = [a for a in actions if a.kind == OMBUDSMAN_REVIEW_WINDOW and a.status == DUE]
        if windows:
            lines = [Content.styled(_("Ombudsman review windows closing"), "bold")]
            for a in windows[:3]:
                lines.append(
                    Content.assemble(
                        ("! ", "bold $warning"),
                        _("call #{call}: last day {date} ({days}d left) — select it below and press e").format(
                            call=a.call_id, date=a.due.isoformat(), days=a.days_left
                        ),
                    )
                )
            windows_panel.update(Content("\n").join(lines))
            windows_panel.display = True
        else:
            windows_panel.update("")
            windows_panel.display = False

    def _show_recent(self, summaries: list[dict[str, Any]]) -> None:
        recent = self.query_one("#recent", OptionList)
        highlighted = recent.highlighted
        recent.clear_options()
        for summary in summaries:
            call = summary["call"]
            best = summary["best"]
            facts = " · ".join(
                f"{_(KIND_LABEL[k])} {best[k]}" for k in ("referral_number", "staff_name", "staff_id") if k in best
            )
            label = f"#{call.id:<3} {call_when(call)}  {duration(call):>7}  {facts or call.source}"
            recent.add_option(Option(plain(label, newlines=False), id=f"call-{call.id}"))
        if not summaries:
            recent.add_option(Option(_("No calls yet — press n to start one."), id="none", disabled=True))
        else:
            recent.highlighted = min(highlighted or 0, len(summaries) - 1)

    def _selected_call_id(self) -> int | None:
        recent = self.query_one("#recent", OptionList)
        option = recent.highlighted_option
        if option is None or not option.id or not option.id.startswith("call-"):
            return None
        return int(option.id.removeprefix("call-"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        call_id = self._selected_call_id()
        if call_id is not None:
            from companion.tui.screens.review import CallReviewScreen

            self.app.push_screen(CallReviewScreen(call_id))

    def action_export(self) -> None:
        self.app.action_export(self._selected_call_id())
