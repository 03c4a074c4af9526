"""The Textual app: opens the store, shows Home, and knows every screen and action.

``make_app()`` is the one way to build it (the CLI and the tests share it). ``now`` is a
callable returning an aware datetime so tests and snapshots can freeze the clock; the
other options go to the live call screen untouched (``replay=``, ``speed=``, ``wav=``,
``device=``, ``monitor=``, ``model=``) and ``start_live=True`` opens it at once.
"""

from __future__ import annotations

import gc
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input

from companion.casefile import shown_label
from companion.display import printable
from companion.errors import UserError
from companion.i18n import N_, _, choose_language, set_language
from companion.records import Case, Profile
from companion.store import Store
from companion.tui.localize import localize_bindings
from companion.tui.messages import RecordsChanged, StoreChanged

Clock = Callable[[], datetime]


def _system_now() -> datetime:
    return datetime.now(UTC)


class CompanionCommands(Provider):
    """Every app action, plus the current screen's own keys, in the command palette."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        from companion.tui.screens.first_run import FirstRunScreen

        app = self.app
        assert isinstance(app, CompanionApp)
        if isinstance(self.screen, FirstRunScreen):
            return []  # first run: the profile comes before anything else
        commands: list[tuple[str, str, Callable[[], Any]]] = [
            (_(title), _(help_text), action)
            for title, help_text, action in (
                (N_("New call"), N_("Start the live call screen (n on Home)"), app.action_new_call),
                (N_("Prepare"), N_("Case profile, your profile and the pre-call checklist"), app.action_prepare),
                (N_("Review calls"), N_("Past calls, transcripts and captured fields"), app.action_review),
                (
                    N_("Search transcripts"),
                    N_("Full-text search over every call"),
                    partial(app.action_review, search=True),
                ),
                (
                    N_("Follow-ups"),
                    N_("Service request timelines; record emails and responses"),
                    app.action_followups,
                ),
                (N_("Export email"), N_("Ombudsman, service center or SCOPS email for a call"), app.action_export),
                (
                    N_("Save calendar (.ics)"),
                    N_("Every open follow-up date as a calendar file"),
                    app.action_save_calendar,
                ),
                (N_("Cases"), N_("Every case; open one's timeline (c on Home)"), app.action_cases),
                (
                    N_("Undo last deletion"),
                    N_("Restore the call, request or event deleted last (u)"),
                    app.action_undo_delete,
                ),
                (N_("Home"), N_("Back to the home screen"), app.action_home),
            )
        ]
        seen = {title.lower() for title, _help, _action in commands}
        screen = self.screen
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or not active.enabled:
                continue
            label = binding.tooltip or binding.description
            title = f"{label} ({binding.key_display or key})"
            if label.lower() in seen:
                continue
            seen.add(label.lower())
            commands.append(
                (title, f"{type(screen).__name__}: {binding.action}", partial(app.run_action, binding.action, active.node))
            )
        return commands

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


class CompanionApp(App[None]):
    """Call Companion's terminal UI."""

    CSS_PATH = "app.tcss"
    TITLE = "Call Companion"
    COMMANDS = App.COMMANDS | {CompanionCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", N_("Quit"), priority=True, show=False),
        Binding("f1", "app.show_help", N_("Keys"), show=False),
    ]

    def __init__(self, store: Store | None = None, now: Clock | None = None, **options: Any) -> None:
        super().__init__()
        self._own_store = store is None
        self._store = store
        self.now: Clock = now or _system_now
        self.startup_error: str | None = None
        self.about_case_id: int | None = None  # "this call is about…", picked in Prepare
        self.start_live = bool(options.pop("start_live", False))
        self.language_override: str | None = options.pop("language", None)  # --lang; else profile, locale
        self.live_options: dict[str, Any] = {k: v for k, v in options.items() if v is not None}
        self._writes: deque[Callable[[], None]] = deque()  # see write_in_background
        self._writes_lock = threading.Lock()
        self._writing = False
        if now is not None:
            self.live_options.setdefault("now", now)

    # -- shared state ------------------------------------------------------------------

    @property
    def store(self) -> Store:
        if self._store is None:
            from companion.workflows import open_store

            self._store = open_store()
        return self._store

    def today(self) -> date:
        from companion.workflows import today_for

        return today_for(self.store, self.now())

    def show_error(self, error: Exception | str) -> None:
        """A user error as a notification, never a traceback."""
        self.notify(str(error), title=_("Error"), severity="error", timeout=8)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification shows its text as text: messages carry data (a value the
        user typed, a referral number, an error naming a file), so markup is never parsed
        (``Widget.notify`` passes ``markup=True`` by default: ignored) and control
        characters are made visible."""
        super().notify(
            printable(message, newlines=True),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        """No input box ever holds a control character: a paste (or a stored value put
        into a form) with terminal escapes would be drawn raw. They become visible."""
        safe = printable(event.value)
        if safe != event.value:
            event.input.value = safe

    # -- lifecycle ---------------------------------------------------------------------

    def on_mount(self) -> None:
        from companion.tui.screens.home import HomeScreen

        try:
            store = self.store  # opening is fast; a damaged database is a UserError
        except UserError as exc:
            self.startup_error = str(exc)
            self.exit(return_code=exc.exit_code, message=f"Error: {exc}")
            return
        self.apply_language()
        for warning in store.warnings:  # e.g. a database the user made read-only
            self.notify(warning, title=_("Note"), severity="warning", timeout=10, markup=False)
        self.push_screen(HomeScreen())
        self.call_after_refresh(self._freeze_startup_objects)
        if self.start_live:
            self.action_new_call()
        else:
            self.ask_profile_if_missing()

    # -- language ----------------------------------------------------------------------

    def apply_language(self) -> str:
        """The language to speak: ``--lang``, else the profile's, else the system locale's."""
        profile_language = self.store.chosen_language()  # "" when never chosen: the locale decides
        return self.switch_language(self.language_override or choose_language(profile_language))

    def switch_language(self, code: str | None) -> str:
        """Speak ``code`` from now on: key labels at once, screen text as each screen refreshes."""
        language = set_language(code)
        localize_bindings(self)
        for screen in self.screen_stack:
            localize_bindings(screen)
        self.refresh_bindings()
        return language

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Every screen's key labels in the current language."""
        if isinstance(screen, Screen):
            localize_bindings(screen)
        return super().push_screen(screen, *args, **kwargs)

    def ask_profile_if_missing(self) -> None:
        """First run: no profile yet, so ask for one before anything else."""
        from companion.tui.screens.first_run import FirstRunScreen, needs_profile

        if needs_profile(self.store):

            def saved(profile: Profile | None) -> None:
                if profile is not None:
                    self.notify(_("Saved your profile ({zone}).").format(zone=profile.timezone), title=_("Welcome"))

            self.push_screen(FirstRunScreen(self.store), saved)

    @staticmethod
    def _freeze_startup_objects() -> None:
        """Leave what the app made to start (Textual, its CSS, the screens' code) out of
        every later garbage collection. A full collection visits every object in the
        process while the event loop waits: with a 5,000-call case loading in a worker it
        was measured at ~150 ms, ~50 ms once these are frozen. ``on_unmount`` unfreezes them."""
        gc.freeze()

    def on_unmount(self) -> None:
        gc.unfreeze()  # collectable again once the app has gone (tests run many apps in one process)
        deadline = time.monotonic() + 120  # the store waits up to a minute for a lock
        while self._writing and time.monotonic() < deadline:
            time.sleep(0.05)  # quitting: what the user did is written before the store closes
        if self._own_store and self._store is not None:
            self._store.close()

    def on_store_changed(self, message: StoreChanged) -> None:
        refresh = getattr(self.screen, "refresh_data", None)
        if callable(refresh):
            refresh()

    # -- actions (also in the command palette) -------------------------------------------

    def action_new_call(self) -> None:
        try:
            from companion.tui.live_call import LiveCallScreen
        except ImportError as exc:
            self.notify(_("The live call screen is not available yet ({error}).").format(error=exc), severity="warning")
            return
        try:
            self.push_screen(LiveCallScreen(self.store, case=self.about_case(), **self.live_options))
        except UserError as exc:
            self.show_error(exc)

    def about_case(self) -> Case | None:
        """The case picked in Prepare for the next call (``None``: no case, or deleted since)."""
        if self.about_case_id is None:
            return None
        try:
            return self.store.case(self.about_case_id)
        except UserError:
            self.about_case_id = None
            return None

    def _pop_to_home(self) -> None:
        from companion.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def _go(self, screen: Screen[Any]) -> None:
        """Open a top-level screen over Home (the stack never grows without bound)."""
        self._pop_to_home()
        self.push_screen(screen)

    def action_home(self) -> None:
        self._pop_to_home()

    def action_prepare(self) -> None:
        from companion.tui.screens.prepare import PrepareScreen

        self._go(PrepareScreen())

    def action_review(self, call_id: int | None = None, search: bool = False) -> None:
        from companion.tui.screens.review import CallReviewScreen, ReviewScreen

        if call_id is not None:
            self._go(CallReviewScreen(call_id))
        else:
            self._go(ReviewScreen(focus_search=search))

    def action_followups(self) -> None:
        from companion.tui.screens.followups import FollowUpsScreen

        self._go(FollowUpsScreen())

    def action_export(self, call_id: int | None = None) -> None:
        from companion.tui.screens.export import ExportScreen

        self._go(ExportScreen(call_id))

    def action_cases(self) -> None:
        from companion.tui.screens.case import CasesScreen

        self._go(CasesScreen())

    def action_case(self, case_id: int) -> None:
        """Open one case's timeline over the current screen (Esc comes back)."""
        from companion.tui.screens.case import CaseScreen

        self.push_screen(CaseScreen(case_id))

    # -- deleting and undoing --------------------------------------------------------------

    def confirm_delete(self, title: str, detail: str, delete: Callable[[], Any], after: Callable[[], None] | None = None) -> None:
        """Ask first; on yes run ``delete`` (a ``casefile.delete_*``), say how to undo it."""
        from companion.tui.widgets.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._write_records("deleted", delete, after)

        self.push_screen(ConfirmScreen(title, detail), answered)

    def action_undo_delete(self) -> None:
        """Restore the newest deletion (a call, service request or follow-up event)."""
        from companion import casefile

        self._write_records("restored", lambda: casefile.undo_last_deletion(self.store))

    def _write_records(self, action: str, write: Callable[[], Any], then: Callable[[], None] | None = None) -> None:
        """Run a deletion or an undo in a worker: another process may hold the database for
        seconds (the store waits it out), and the UI thread never waits with it."""

        def run() -> None:
            try:
                entry = write()
            except UserError as exc:
                self.post_message(RecordsChanged(action, error=str(exc)))
                return
            self.post_message(RecordsChanged(action, entry, then=then))

        self.write_in_background(run)

    def write_in_background(self, write: Callable[[], None]) -> None:
        """Queue ``write`` (it reports through messages) for the app's one writer worker.

        Writes run one at a time in the order given (delete, then undo, restores that
        deletion), off the UI thread, and the app waits for the queue before it closes the
        store, so leaving a screen or quitting never drops one.
        """
        with self._writes_lock:
            self._writes.append(write)
            if self._writing:
                return
            self._writing = True
        self.run_worker(self._drain_writes, thread=True, group="writes", exit_on_error=False)

    def _drain_writes(self) -> None:
        while True:
            with self._writes_lock:
                if not self._writes:
                    self._writing = False
                    return
                write = self._writes.popleft()
            try:
                write()
            except Exception as exc:  # noqa: BLE001 - a bug in one write must not stop the rest
                self.log.error(f"background write failed: {exc!r}")
                self.post_message(RecordsChanged("failed", error=_("That did not work ({error}); nothing was saved.").format(
                    error=f"{type(exc).__name__}: {exc}")))

    def on_records_changed(self, message: RecordsChanged) -> None:
        if message.error:
            self.show_error(message.error)
            return
        if message.entry is None:
            self.notify(_("Nothing to undo: no deletion left to restore."), severity="warning")
            return
        if message.action == "deleted":
            what = printable(shown_label(message.entry.label))  # kept in English in the trash table
            self.notify(_("Deleted {what}. Press u to restore it.").format(what=what), title=_("Deleted"), markup=False)
            if message.then is not None:
                message.then()
        else:
            what = printable(shown_label(message.entry.label))
            self.notify(_("Restored {what}.").format(what=what), title=_("Undo"), markup=False)
        self.post_message(StoreChanged(message.action))

    def action_save_calendar(self) -> None:
        from companion.tui.screens.export import save_calendar

        try:
            path, count = save_calendar(self.store, self.today())
        except (UserError, OSError) as exc:
            self.show_error(exc)
            return
        self.notify(_("Saved {count} open follow-up date(s) to {path}").format(count=count, path=path), title=_("Calendar"))

    def action_show_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()


def make_app(*, store: Store | None = None, now: Clock | None = None, **options: Any) -> CompanionApp:
    """Build the app; ``store`` defaults to the data directory's database."""
    return CompanionApp(store=store, now=now, **options)
