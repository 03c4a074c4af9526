"""The Live call screen: what the user has open while on the phone with the NCSC.

Recognition (a replay file, a WAV file, or the microphone, optionally with the speaker
monitor as the agent's side) runs on worker threads; each final result is committed and
extracted there (``session.CallSession.add_result``) and only then reported to the screen
with ``post_message``. The UI thread never waits on Vosk, audio or the model. Without a
model or a microphone the screen says so and everything works by typing (manual mode).
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Input, Label, OptionList, ProgressBar, Static

from companion import guide
from companion.errors import UserError
from companion.followup.titles import shown_title
from companion.i18n import N_, _, ngettext
from companion.records import (
    ASSISTED,
    CANDIDATE,
    CONFIRMED,
    REFERRAL_NUMBER,
    REJECTED,
    STAFF_NAME,
    CapturedField,
    Case,
    ServiceRequest,
)
from companion.session import CallSession, ResultUpdate, best_value, format_duration
from companion.store import Store, normalise_field
from companion.tui.formatting import plain
from companion.tui.live.dialogs import (
    AddFieldScreen,
    CallSummary,
    ConfirmEndScreen,
    ConsentScreen,
    ServiceRequestScreen,
    SummaryScreen,
)
from companion.tui.live.fields import KIND_LABELS, FieldsPanel, field_label, notice_label
from companion.tui.live.messages import (
    CallFinished,
    CaptureStatus,
    FetchFinished,
    FetchProgress,
    FieldsRevised,
    ModelMissing,
    NameNoticeAnswered,
    NamesUnheard,
    NumberHeard,
    PartialHeard,
    ResultCommitted,
)
from companion.tui.live.transcript import Transcript

if TYPE_CHECKING:  # imported where they are used: recognition starts on a worker
    from companion.asr.pipeline import RecognitionPipeline
    from companion.audio.sources import AudioSource

NOTES_DEBOUNCE = 0.8  # seconds of no typing before notes are saved
MAX_FINALS_IN_FLIGHT = 8  # results posted to the screen and not yet shown

# (action, title, help) for the command palette; keys are in BINDINGS.
ACTIONS = [
    ("toggle_hold", N_("Hold: start / stop the hold timer"), N_("Time how long you wait on hold")),
    ("confirm_field", N_("Field: confirm the selected field"), N_("Mark the highlighted value as right")),
    ("edit_field", N_("Field: edit the selected field"), N_("Correct the highlighted value")),
    ("reject_field", N_("Field: reject the selected field"), N_("Mark the highlighted value as wrong")),
    (
        "use_alternative",
        N_("Field: use the other reading"),
        N_("Take the digits recognizer's reading (alt) of the number"),
    ),
    ("add_field", N_("Field: add one by typing"), N_("A name or number that was not recognised")),
    ("service_request", N_("Service request: record one"), N_("Referral number, venue and type")),
    ("focus_notes", N_("Notes: type notes about the call"), N_("Saved as you type")),
    ("toggle_guide", N_("Tiers: what Tier 1 and Tier 2 can do"), N_("Show or hide the tier guide")),
    ("cycle_tier", N_("Tier: set the tier reached"), N_("Override what was heard")),
    ("fetch_model", N_("Model: fetch the default speech model"), N_("Download it (about 41 MB)")),
    ("end_call", N_("End the call"), N_("Save it and see the follow-up dates")),
]

# Keys the footer has no room for (it must fit 80 columns in Spanish), named on a line of
# their own above it while they can be used: (key, action, what it does).
MORE_KEYS = [
    ("a", "add_field", N_("add a field")),
    ("g", "toggle_guide", N_("tier guide")),
    ("f", "fetch_model", N_("fetch the model")),
]
KEY_STYLE = "bold $accent"


class LiveCallCommands(Provider):
    """Every Live call action in the command palette."""

    def _actions(self) -> Iterator[tuple[str, str, str]]:
        screen = self.screen
        for action, title, help_text in ACTIONS:
            if isinstance(screen, LiveCallScreen) and screen.check_action(action, ()) is not False:
                yield action, _(title), _(help_text)

    async def discover(self) -> Hits:
        for action, title, help_text in self._actions():
            yield DiscoveryHit(title, self._runner(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action, title, help_text in self._actions():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), self._runner(action), help=help_text)

    def _runner(self, action: str) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await self.screen.run_action(action)

        return run


def case_card(case: Case) -> Content:
    """The user's own numbers for the case this call is about, to read out to the agent."""
    rows = [(_("Receipt"), case.receipt_number + (f" ({case.form_type})" if case.form_type else ""))]
    rows.append((_("A-number"), case.a_number or _("not on file")))
    rows.append((_("Priority date"), case.priority_date.isoformat() if case.priority_date else _("not on file")))
    lines = [Content.styled(_("Your case (read out)"), "bold")]
    lines += [Content.assemble((f"{label:<14}", "dim"), (value, "bold")) for label, value in rows]
    return Content("\n").join(lines)


class LiveCallScreen(Screen[int]):
    """One call, live: timers, transcript, captured fields, checklist, tiers, notes."""

    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {LiveCallCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+e", "end_call", N_("End call"), priority=True),
        # not in the footer (80 columns in Spanish): the banner says "press f to fetch" while no
        # model is found, and so does the keys line above the footer (MORE_KEYS)
        Binding("f", "fetch_model", N_("Fetch model"), show=False),
        Binding("h", "toggle_hold", N_("Hold")),
        Binding("c", "confirm_field", N_("Confirm")),
        Binding("e", "edit_field", N_("Edit")),
        Binding("x", "reject_field", N_("Reject")),
        Binding("v", "use_alternative", N_("Use alt")),  # shown only when the field has one
        # a and g are not in the footer (80 columns in Spanish, with v): the keys line above it
        # names them (MORE_KEYS), and the command palette lists them
        Binding("a", "add_field", N_("Add"), show=False),
        Binding("s", "service_request", N_("SR")),
        Binding("g", "toggle_guide", N_("Tiers"), show=False),
        Binding("n", "focus_notes", N_("Notes"), show=False),
        Binding("t", "cycle_tier", N_("Set tier"), show=False),
        Binding("escape", "leave_input", N_("Back"), show=False),
        Binding("q", "end_call", N_("End call"), show=False),
    ]

    DEFAULT_CSS = """
    LiveCallScreen { layout: vertical; }
    LiveCallScreen #live-status { height: 1; background: $primary-muted; color: $text; padding: 0 1; }
    LiveCallScreen #live-status.-hold { background: $warning-muted; }
    LiveCallScreen #live-banner { height: auto; max-height: 4; display: none; padding: 0 1; background: $boost; }
    LiveCallScreen #live-banner.-shown { display: block; }
    LiveCallScreen #live-banner.-error { color: $error; }
    LiveCallScreen #live-banner.-warning { color: $warning; }
    LiveCallScreen #live-fetch-progress { display: none; height: 1; padding: 0 1; }
    LiveCallScreen #live-fetch-progress.-shown { display: block; }
    LiveCallScreen #live-hint { height: auto; display: none; background: $warning-muted; padding: 0 1; }
    LiveCallScreen #live-hint.-shown { display: block; }
    LiveCallScreen #live-body { height: 1fr; }
    LiveCallScreen #live-left { width: 1fr; }
    LiveCallScreen #live-right { width: 42; border-left: vkey $primary-darken-2; }
    LiveCallScreen #live-guide { height: 1fr; padding: 0 1; overflow-y: auto; }
    LiveCallScreen #live-case { height: auto; padding: 0 1; border-bottom: hkey $primary-darken-2; }
    LiveCallScreen #live-checklist { height: auto; padding: 0 1; border-top: hkey $primary-darken-2; }
    LiveCallScreen #live-notes-row { height: 1; }
    LiveCallScreen #live-notes-row > Label { width: auto; padding: 0 1; color: $text-muted; }
    LiveCallScreen #live-notes { height: 1; border: none; padding: 0; width: 1fr; }
    LiveCallScreen #live-notes:focus { background: $boost; }
    LiveCallScreen #live-keys { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(
        self,
        store: Store,
        *,
        replay: str | Path | None = None,
        speed: float = 1.0,
        wav: str | Path | None = None,
        device: int | str | None = None,
        monitor: str | None = None,
        model: str | Path | None = None,
        now: Callable[[], datetime] | None = None,
        two_source: bool = False,
        manual: bool = False,
        case: Case | None = None,
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id)
        self.store = store
        self.replay = Path(replay) if replay else None
        self.speed = float(speed or 1.0)
        self.wav = Path(wav) if wav else None
        self.device = device
        self.monitor = monitor
        self.model_path = model
        self.now = now
        self.two_source = two_source
        self.manual_only = manual
        self.case = case  # "this call is about…": its numbers are on screen to read out
        self.session: CallSession | None = None
        self.call_language = "en"  # what the call is in: decides the model and the number assist's words
        self.capture_state = "starting"  # starting | listening | replaying | manual | ended
        self.model_missing = False
        self.fetching = False
        self.ending = False
        self._stop = threading.Event()
        # Finals posted to the UI and not handled yet: a worker waits while this many are
        # queued, so a flood (a fast replay of a huge file) never grows the message queue
        # without bound or puts a second of work between a key press and its handling.
        self._in_flight = threading.Semaphore(MAX_FINALS_IN_FLIGHT)
        self._pipeline: RecognitionPipeline | None = None
        self._sources_live = 0
        self._notes_timer: Timer | None = None
        self._notes_saved = ""
        self._notes_text = ""
        self._status_text = ""
        self._alt_shown = False  # whether "v" (use the alternative) is in the footer
        self._more_keys = ""  # the line naming the keys the footer has no room for

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="live-status")
        yield Static("", id="live-banner")
        yield ProgressBar(total=100, show_eta=False, id="live-fetch-progress")
        yield Static("", id="live-hint")
        with Horizontal(id="live-body"):
            with ContentSwitcher(initial="live-transcript", id="live-left"):
                yield Transcript(id="live-transcript")
                yield Static(self._guide_text(), id="live-guide")
            with Vertical(id="live-right"):
                if self.case is not None:
                    yield Static(case_card(self.case), id="live-case")
                yield FieldsPanel(id="live-fields")
                yield Static("", id="live-checklist")
        with Horizontal(id="live-notes-row"):
            yield Label(_("Notes (n):"))
            yield Input(placeholder=_("type notes; saved as you go"), id="live-notes")
        yield Static("", id="live-keys")
        yield Footer(compact=True, show_command_palette=False)  # fits 80 columns; ^p still opens the palette

    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

    @property
    def fields_panel(self) -> FieldsPanel:
        return self.query_one(FieldsPanel)

    def on_mount(self) -> None:
        source = "replay" if self.replay else ("manual" if self.manual_only else "live")
        try:
            self.session = CallSession.start(self.store, source=source, now=self.now)
            self.call_language = self.store.call(self.session.call_id).language
        except UserError as exc:  # pragma: no cover - the store refused
            self.notify(str(exc), severity="error")
            return
        if self.case is not None:  # "this call is about…": the call joins that case now
            from companion import casefile

            try:
                casefile.link_call(self.store, self.case.receipt_number, self.session.call_id)
            except UserError as exc:  # e.g. the case was deleted meanwhile: the call still works
                self.notify(str(exc), severity="warning")
        self.fields_panel.alternative = self.session.alternative
        self.fields_panel.own_match = self.session.own_match
        self.bindings_updated_signal.subscribe(self, self._refresh_more_keys)
        self._refresh_more_keys()
        self._refresh_clock()
        self._refresh_checklist()
        self._refresh_tier()
        self.set_interval(1.0, self._refresh_clock)
        self.fields_panel.option_list.focus()
        profile = self.store.profile()
        if profile.consent_acknowledged:
            self._start_capture()
        else:
            self.app.push_screen(ConsentScreen(guide.consent_notice(profile.state)), self._consent_answered)

    def _consent_answered(self, acknowledged: bool | None) -> None:
        if acknowledged:
            try:
                self.store.set_profile(consent_acknowledged=True)
            except UserError as exc:  # pragma: no cover
                self.notify(str(exc), severity="error")
        self._start_capture()

    def on_unmount(self) -> None:
        """Quitting mid-call: stop capture without waiting, keep notes and the end time."""
        self._shutdown_capture(wait=False)
        if self.session and not self.ending:
            self._save_notes_now()
            if self.session.ended_at is None:
                try:
                    self.session.flush()
                    self.session.end()
                except Exception:  # pragma: no cover  # noqa: BLE001, S110 - the database went away at exit
                    pass

    # -- capture ---------------------------------------------------------------------

    def _start_capture(self) -> None:
        if self.manual_only:
            self._set_banner(_("Manual mode: type what you hear (a: add a field, n: notes)."), "information")
            self.capture_state = "manual"
        elif self.replay:
            self.capture_state = "replaying"
            self._sources_live = 1
            self._run_replay()
        else:
            self._run_recognition()
        self._refresh_clock()

    def _on_capture_event(self, event: object) -> None:
        """Called on worker threads (replay feeder, pipeline sources): never touches widgets.

        ``event`` is one of ``companion.asr.pipeline``'s events (the replay feeder sends them too)."""
        from companion.asr.pipeline import (
            FinalResult,
            GrammarReading,
            NameAssist,
            NumberAssist,
            Overflow,
            PartialText,
            SourceEnded,
        )

        session = self.session
        if session is None:  # pragma: no cover - capture starts only once the session has
            return
        if isinstance(event, PartialText):
            self.post_message(PartialHeard(event.speaker, event.text))
        elif isinstance(event, FinalResult):
            from companion.session import ResultKept

            try:
                update = session.add_result(event.result)
            except ResultKept as exc:  # kept in order, saved before the next result
                self.post_message(CaptureStatus(str(exc), "warning"))
                return
            except Exception as exc:  # noqa: BLE001 - a worker thread: report, keep capturing
                self.post_message(CaptureStatus(_("could not save what was said: {error}").format(error=exc), "error"))
                return
            # Stored already; wait for room on screen (never when the call is ending). Results
            # kept while the database was busy come first, each taking its own place.
            for committed in [*update.earlier, update]:
                while not self._in_flight.acquire(timeout=0.1):
                    if self._stop.is_set():
                        return
                if not self.post_message(ResultCommitted(committed)):
                    self._in_flight.release()
        elif isinstance(event, SourceEnded):
            self._sources_live -= 1
            if self._sources_live <= 0 and not self._stop.is_set():
                try:
                    self.post_message(FieldsRevised(session.flush()))
                    self.post_message(NamesUnheard(session.name_notices()))
                except Exception:  # pragma: no cover  # noqa: BLE001, S110 - saved already; only revisions lost
                    pass
            who = f"{event.speaker}: " if event.speaker else ""
            if event.reason.startswith("error: "):  # a replay stopped at a line it cannot read
                self.post_message(CaptureStatus(
                    who + _("replay stopped: {reason}; manual mode: keep typing.").format(
                        reason=event.reason[len("error: "):]
                    ),
                    "error",
                    manual=True,
                ))
            else:
                severity = "error" if event.reason.startswith(("error", "device")) else "information"
                self.post_message(
                    CaptureStatus(who + _("capture ended ({reason}); you can keep typing.").format(reason=event.reason), severity,
                                  ended=self._sources_live <= 0)
                )
        elif isinstance(event, NumberAssist):
            try:
                gained = session.add_number_assist(event)
            except Exception:  # pragma: no cover  # noqa: BLE001 - the hint alone still helps
                gained = []
            self.post_message(NumberHeard(event.speaker, event.free_text, event.grammar_text, gained))
        elif isinstance(event, GrammarReading):  # the user's own numbers heard anywhere; a receipt's prefix
            try:
                gained = session.add_grammar_reading(event)
            except Exception:  # pragma: no cover  # noqa: BLE001 - a hint lost, nothing else
                gained = []
            if gained:  # also a staff name spelled out (``add_grammar_reading``)
                self.post_message(NumberHeard(event.speaker, event.free_text, event.grammar_text, gained, own=True,
                                              name=any(f.kind == STAFF_NAME for f in gained)))
                self._post_notices(session)  # a held name spelled is a field now
        elif isinstance(event, NameAssist):
            try:
                gained = session.add_name_assist(event)
            except Exception:  # pragma: no cover  # noqa: BLE001 - the hint alone still helps
                gained = []
            self.post_message(NumberHeard(event.speaker, event.free_text, event.grammar_text, gained, name=True))
            self._post_notices(session)  # a held name the name grammar made a field
        elif isinstance(event, Overflow):
            self.post_message(CaptureStatus(
                _("audio is arriving faster than it is recognised ({count} blocks dropped)").format(count=event.dropped),
                "warning",
            ))

    @work(thread=True, exclusive=True, exit_on_error=False, group="capture")
    def _run_replay(self) -> None:
        from companion.session import ReplayFeeder, stream_transcript

        replay = self.replay
        if replay is None:  # pragma: no cover - started only for a replay
            return
        try:
            results = stream_transcript(replay)  # line by line: bounded memory
        except UserError as exc:
            self._sources_live = 0
            self.post_message(CaptureStatus(_("{error}; manual mode.").format(error=exc), "error", manual=True))
            return
        self.post_message(
            CaptureStatus(_("Replaying {name} at ×{speed}").format(name=replay.name, speed=f"{self.speed:g}"))
        )
        ReplayFeeder(results, self._on_capture_event, speed=self.speed, stop_event=self._stop).run()

    @work(thread=True, exclusive=True, exit_on_error=False, group="capture")
    def _run_recognition(self) -> None:
        from companion.asr import models

        try:
            path = models.resolve_model(
                None if self.model_path is None else str(self.model_path), language=self.call_language
            )
        except UserError as exc:
            self.post_message(CaptureStatus(_("{error}. Manual mode: type what you hear.").format(error=exc), "error", manual=True))
            return
        if path is None:
            self.post_message(ModelMissing(
                _(
                    "No speech model found: press f to fetch {model} (about 41 MB), "
                    "or keep going by typing (manual mode: a adds a field, n takes notes)."
                ).format(model=models.MODEL_FOR_LANGUAGE.get(self.call_language, models.DEFAULT_MODEL))
            ))
            return
        self.post_message(CaptureStatus(_("Loading the speech model {name}…").format(name=path.name), state="loading"))
        try:
            model = models.load_model(path)
        except UserError as exc:
            self.post_message(CaptureStatus(_("{error}. Manual mode: type what you hear.").format(error=exc), "error", manual=True))
            return
        if self._stop.is_set():
            return
        try:
            sources, label = self._make_sources()
            from companion.asr.pipeline import RecognitionPipeline
            from companion.extract.lang import get_language

            # the number assist's grammar and cues in the call's language (English: the product's
            # default word list, as `companion transcribe` uses)
            lang = get_language(self.call_language) if self.call_language != "en" else None
            pipeline = RecognitionPipeline(model, sources, on_event=self._on_capture_event, language=lang)
            if self.session is not None:  # the session decides with the engine's settings (its lexicon)
                self.session.assist_settings = pipeline.assist_settings
            self._sources_live = len(sources)
            pipeline.start()
        except UserError as exc:
            self._sources_live = 0
            self.post_message(CaptureStatus(
                _("{error}. Manual mode: type what you hear (a adds a field, n takes notes).").format(error=exc),
                "error",
                manual=True,
            ))
            return
        self._pipeline = pipeline
        if self._stop.is_set():  # the screen went away while the model loaded
            pipeline.stop(timeout=2)
            return
        self.post_message(CaptureStatus(_("Listening: {source}").format(source=label), state="listening"))

    def _make_sources(self) -> tuple[list[tuple[AudioSource, str | None]], str]:
        from companion.audio.sources import (
            MicrophoneSource,
            MonitorSource,
            WavSource,
            default_monitor,
        )

        if self.wav:
            return [(WavSource(self.wav), None)], f"file {self.wav.name}"
        monitor = self.monitor
        if self.two_source and not monitor:
            monitor = default_monitor()
            if not monitor:
                raise UserError(_("--two-source: no speaker monitor found; pass --monitor SINK.monitor"))
        if monitor:
            return [(MonitorSource(monitor), "agent"), (MicrophoneSource(self.device), "caller")], \
                f"agent from {monitor}, caller from the microphone"
        return [(MicrophoneSource(self.device), None)], "the microphone"

    def _shutdown_capture(self, wait: bool) -> None:
        """Stop every source. ``wait`` (worker threads only) joins and flushes."""
        self._stop.set()
        pipeline = self._pipeline
        if pipeline is None:
            return
        if wait:
            pipeline.stop(timeout=10)
        else:
            pipeline._stop.set()
            for source in pipeline.sources:
                try:
                    source.stop()
                except Exception:  # pragma: no cover  # noqa: BLE001, S110 - PortAudio: closing a vanished device
                    pass

    def _post_notices(self, session: CallSession) -> None:
        """On a worker: the agent's names not heard clearly now, to the screen."""
        try:
            notices = session.name_notices()
        except Exception:  # pragma: no cover  # noqa: BLE001 - the database went away: the fields stay
            return
        self.post_message(NamesUnheard(notices))

    # -- messages from workers -------------------------------------------------------

    @on(PartialHeard)
    def _partial(self, message: PartialHeard) -> None:
        if not self.ending:
            self.transcript.show_partial(message.speaker, message.text)

    @on(ResultCommitted)
    def _committed(self, message: ResultCommitted) -> None:
        try:
            self._show_committed(message)
        finally:
            self._in_flight.release()

    def _show_committed(self, message: ResultCommitted) -> None:
        update: ResultUpdate = message.update
        u = update.utterance
        self.transcript.add_final(u.text, u.start, u.speaker)
        if update.fields:
            self.fields_panel.upsert(update.fields)
            self._refresh_checklist()
            self._refresh_alt_binding()  # a waiting number assist may have met its field
        if update.tier_changed or update.show_hint:
            self._refresh_tier()
        self._show_notices(update.notices)

    @on(NamesUnheard)
    def _names_unheard(self, message: NamesUnheard) -> None:
        self._show_notices(message.notices)

    def _show_notices(self, notices: list) -> None:
        """The agent's names not heard clearly, in the fields; a new one is said at once."""
        panel = self.fields_panel
        if not notices and not panel.notices:
            return
        for n in panel.set_notices(notices):
            if n.heard:
                line = _("name check: the agent's name was not heard clearly (heard “{heard}”) — "
                         "ask them to spell it; c uses the heard word, e types the name").format(heard=n.heard)
            else:
                line = _("name check: the agent gave a name that was not caught — ask them to spell it; "
                         "e types the name")
            self.transcript.add_note("      " + line)
            self.notify(_("Agent's name not heard clearly: ask them to spell it."), severity="warning")
        self._alt_shown = self._alt_available()  # a reading offered on the highlighted notice: v
        self.refresh_bindings()

    @on(NumberHeard)
    def _number_heard(self, message: NumberHeard) -> None:
        # Read again: the user may have decided on the field since the worker looked.
        session = self.session
        if session is None:  # pragma: no cover - numbers are heard only once the session has
            return
        current = [self.store.field(f.id) for f in message.fields]
        offered = [(f, alt) for f in current if (alt := session.alternative(f)) is not None]
        own = [(f, label) for f in current if (label := session.own_match(f)) is not None]
        if message.own and own:  # one of the user's own numbers heard: the field has their value
            self.fields_panel.upsert([f for f, _label in own])
            self._refresh_alt_binding()
            f, label = own[0]
            advice = _("{kind} set to {value}: matches {label}, unconfirmed").format(
                kind=_(KIND_LABELS.get(f.kind, f.kind)), value=f.value, label=label)
        elif offered:
            self.fields_panel.upsert([f for f, _alt in offered])
            self._refresh_alt_binding()
            f, alt = offered[0]
            label = _(KIND_LABELS.get(f.kind, f.kind))
            if f.source == ASSISTED:  # the grammar's reading was applied: say so, and how to undo
                advice = _("{kind} set to {value} from it, unconfirmed; v puts back {alt}").format(
                    kind=label, value=f.value, alt=alt.value
                )
            else:
                advice = _("v uses {value} for {kind}").format(value=alt.value, kind=label)
        else:
            if current:  # a field the reading added (a staff name spelled out): show it
                self.fields_panel.upsert(current)
                self._refresh_checklist()
            advice = _("edit the field if so")
        check = (_("name check: “{heard}” may be “{grammar}” — {advice}") if message.name
                 else _("number check: “{heard}” may be “{grammar}” — {advice}"))
        self.transcript.add_note(
            "      " + check.format(heard=message.free_text, grammar=message.grammar_text, advice=advice)
        )

    @on(FieldsRevised)
    def _revised(self, message: FieldsRevised) -> None:
        if message.fields:
            self.fields_panel.upsert(message.fields)
            self._refresh_checklist()
            self._refresh_alt_binding()

    @on(OptionList.OptionHighlighted, "#live-field-list")
    def _field_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._refresh_alt_binding()

    def _alt_available(self) -> bool:
        session = self.session
        notice = self.fields_panel.selected_notice() if session else None
        if notice is not None:  # a held name's reading by the name grammar (``NameNotice.reading``)
            return bool(notice.reading)
        f = self.fields_panel.selected() if session else None
        return f is not None and session is not None and session.alternative(f) is not None

    def _refresh_more_keys(self, _screen: object = None) -> None:
        """Name the keys that are not in the footer, those that can be used now (f only while
        no model is found), with ^p for every other action."""
        keys = [(key, _(label)) for key, action, label in MORE_KEYS if self.check_action(action, ()) is True]
        keys.append(("^p", _("more")))
        line = Content(" · ").join(Content.assemble((key, KEY_STYLE), " ", label) for key, label in keys)
        if line.plain != self._more_keys:  # bindings refresh on every result: redraw only on a change
            self._more_keys = line.plain
            self.query_one("#live-keys", Static).update(line)

    def _refresh_alt_binding(self) -> None:
        """Show or hide "v" in the footer, only when that changes: a footer refresh on
        every highlight or result costs the keys their latency."""
        available = self._alt_available()
        if available != self._alt_shown:
            self._alt_shown = available
            self.refresh_bindings()

    @on(CaptureStatus)
    def _capture_status(self, message: CaptureStatus) -> None:
        if message.manual:
            self.capture_state = "manual"
        elif message.ended:
            self.capture_state = "ended" if self.capture_state != "manual" else "manual"
        elif message.state:
            self.capture_state = message.state
        if message.severity == "information" and not message.manual:
            self._status_text = message.text
            self._refresh_clock()
            if not (self.query_one("#live-banner").has_class("-error") and self.query_one("#live-banner").has_class("-shown")):
                self._set_banner("", "information")
        else:
            self._set_banner(message.text, message.severity)
        self.refresh_bindings()

    @on(ModelMissing)
    def _model_missing(self, message: ModelMissing) -> None:
        self.model_missing = True
        self.capture_state = "manual"
        self._set_banner(message.text, "warning")
        self.refresh_bindings()

    @on(FetchProgress)
    def _fetch_progress(self, message: FetchProgress) -> None:
        bar = self.query_one("#live-fetch-progress", ProgressBar)
        bar.update(total=message.total or None, progress=message.done)

    @on(FetchFinished)
    def _fetch_finished(self, message: FetchFinished) -> None:
        self.fetching = False
        self.query_one("#live-fetch-progress").remove_class("-shown")
        if message.error:
            self._set_banner(
                _("Could not fetch the model: {error}. Manual mode: keep typing.").format(error=message.error.rstrip(".")),
                "error",
            )
            self.refresh_bindings()
            return
        self.model_missing = False
        self.model_path = message.path
        self._set_banner(_("Model ready in {path}; starting to listen.").format(path=message.path), "information")
        self.refresh_bindings()
        self._run_recognition()

    @on(CallFinished)
    def _finished(self, message: CallFinished) -> None:
        summary: CallSummary = message.summary
        self.app.push_screen(SummaryScreen(summary), lambda _: self._leave(summary.call_id))

    def _leave(self, call_id: int) -> None:
        try:  # lists on Home and Review now hold a stale view of the calls
            from companion.tui.messages import StoreChanged

            self.app.post_message(StoreChanged("call"))
        except ImportError:  # pragma: no cover - the shell's messages module is optional
            pass
        if len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.dismiss(call_id)
        else:
            self.app.exit(call_id)

    # -- refreshers ------------------------------------------------------------------

    def _refresh_clock(self) -> None:
        if self.session is None:
            return
        s = self.session
        hold = s.hold_seconds()
        parts = [_("Call #{call}  {elapsed}").format(call=s.call_id, elapsed=format_duration(s.elapsed()))]
        if s.on_hold:
            parts.append(
                _("ON HOLD {current} (total {total})").format(
                    current=format_duration(s.hold.current(s.now())), total=format_duration(hold)
                )
            )
        else:
            parts.append(_("Hold {total}").format(total=format_duration(hold)))
        parts.append(_("Tier {tier}").format(tier=s.tier.tier) if s.tier.tier else _("Tier ?"))
        mode = {
            "replaying": _("replay ×{speed}").format(speed=f"{self.speed:g}"),
            "listening": _("listening"),
            "manual": _("manual mode"),
            "ended": _("audio ended"),
            "starting": _("starting…"),
            "loading": _("loading model…"),
        }.get(self.capture_state, self.capture_state)
        parts.append(mode)
        status = self.query_one("#live-status", Static)
        status.update(" │ ".join(parts))
        status.set_class(s.on_hold, "-hold")

    def _refresh_checklist(self) -> None:
        if self.session is None:
            return
        done = self.session.checklist(self.fields_panel.fields.values())
        short = {
            "date_time": _("Date and time of the call (saved)"),
            "staff": _("Ask for the staff name and/or ID"),
            "referral": _("Note the referral number"),
            "receipt": _("Give/confirm your receipt number"),
            "a_number": _("Give your A-number if asked"),
        }
        text = Text(_("During the call") + "\n", style="bold")
        for item in guide.DURING_CALL:
            ok = done.get(item.key, False)
            text.append("☑ " if ok else "☐ ", style="green" if ok else "")
            text.append(short.get(item.key, _(item.text)) + "\n", style="dim" if ok else "")
        text.rstrip()
        self.query_one("#live-checklist", Static).update(text)

    def checklist_done(self) -> dict[str, bool]:
        return self.session.checklist(self.fields_panel.fields.values()) if self.session else {}

    def _refresh_tier(self) -> None:
        if self.session is None:
            return
        tier = self.session.tier
        if tier.tier:
            line = _("Tier {tier} reached").format(tier=tier.tier) + (f" (\"{tier.heard}\")" if tier.heard else "")
        else:
            line = _("Tier: not known yet (t sets it)")
        self.fields_panel.set_tier_line(line)
        hint = self.query_one("#live-hint", Static)
        if tier.show_hint:
            hint.update(_("Tip: {hint}").format(hint=_(guide.TIER_2_HINT)))
        hint.set_class(tier.show_hint, "-shown")
        self.query_one("#live-guide", Static).update(self._guide_text())
        self._refresh_clock()

    def _guide_text(self) -> Text:
        text = Text()
        reached = self.session.tier.tier if self.session else None
        for n, tier in ((1, guide.TIER_1), (2, guide.TIER_2)):
            mark = _("  ◀ you are here") if reached == n else ""
            text.append(_(tier["title"]) + mark + "\n", style="bold")
            text.append(_("Can:") + "\n", style="green")
            for line in tier["can"]:
                text.append(f"  • {_(line)}\n")
            text.append(_("Cannot:") + "\n", style="red")
            for line in tier["cannot"]:
                text.append(f"  • {_(line)}\n")
            text.append("\n")
        if self.session and self.session.tier.show_hint:
            text.append(_(guide.TIER_2_HINT) + "\n", style="bold yellow")
        text.append(_("g: back to the transcript"), style="dim")
        return text

    def _set_banner(self, text: str, severity: str) -> None:
        banner = self.query_one("#live-banner", Static)
        banner.update(plain(text))
        banner.set_class(bool(text), "-shown")
        banner.set_class(severity == "error", "-error")
        banner.set_class(severity == "warning", "-warning")

    @property
    def banner_text(self) -> str:
        banner = self.query_one("#live-banner", Static)
        return str(banner.render()) if banner.has_class("-shown") else ""

    # -- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "fetch_model":
            return bool(self.model_missing and not self.fetching)
        if action in ("confirm_field", "edit_field", "reject_field"):
            return True if self.fields_panel.fields or self.fields_panel.notices else None
        if self.ending and action != "end_call":
            return False
        if action == "use_alternative":
            return self._alt_available()
        return True

    def action_toggle_hold(self) -> None:
        session = self.session
        if session is None:
            return
        try:
            on_hold = session.toggle_hold()
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        if not on_hold:
            self.notify(
                _("Hold time saved: {total} in total.").format(total=format_duration(session.hold.saved_seconds))
            )
        self._refresh_clock()

    def _selected(self) -> CapturedField | None:
        f = self.fields_panel.selected()
        if f is None:
            self.notify(_("No field selected: ↑/↓ to choose one, a to add one."), severity="warning")
        return f

    def _decide(self, status: str) -> None:
        session = self.session
        notice = self.fields_panel.selected_notice()
        if notice is not None and session is not None:
            self._answer_notice(notice, status)
            return
        f = self._selected()
        if f is None or session is None:
            return
        try:
            saved = session.decide_field(f.id, status=status)
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.fields_panel.upsert([saved])
        self._refresh_checklist()
        self._refresh_alt_binding()  # a decided field offers no alternative

    def action_confirm_field(self) -> None:
        self._decide(CONFIRMED)

    def action_reject_field(self) -> None:
        self._decide(REJECTED)

    def action_use_alternative(self) -> None:
        """Set the highlighted field to the digits recognizer's reading; that confirms it. On a
        name notice: take the name grammar's reading offered on it."""
        session = self.session
        notice = self.fields_panel.selected_notice()
        if notice is not None and session is not None:
            if notice.reading:
                self._save_notice(notice.id, None, reading=True)
            return
        f = self._selected()
        if f is None or session is None:
            return
        alt = session.alternative(f)
        if alt is None:
            self.notify(_("This field has no other reading to use."), severity="warning")
            return
        try:
            saved = session.use_alternative(f.id)
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.fields_panel.upsert([saved])
        self._refresh_checklist()
        self._refresh_alt_binding()
        self.notify(
            _("{kind} set to {value} (heard as “{heard}”).").format(
                kind=_(KIND_LABELS.get(saved.kind, saved.kind)), value=saved.value, heard=alt.text
            )
        )

    @on(OptionList.OptionSelected, "#live-field-list")
    def _enter_on_field(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._decide(CONFIRMED)

    def action_edit_field(self) -> None:
        notice = self.fields_panel.selected_notice()
        if notice is not None:
            self.fields_panel.begin_notice_edit(notice)
            return
        f = self._selected()
        if f is not None:
            self.fields_panel.begin_edit(f)

    # -- the agent's name not heard clearly ---------------------------------------------

    def _answer_notice(self, notice, status: str) -> None:
        """``c`` takes the heard word (typing it when none was heard), ``x`` dismisses."""
        session = self.session
        if session is None:
            return
        if status == REJECTED:
            session.dismiss_name_notice(notice.id)
            self.fields_panel.close_notice(notice.id)
            self.refresh_bindings()
            self.notify(_("Dismissed: {notice}").format(notice=notice_label(notice)))
        elif not notice.heard:
            self.fields_panel.begin_notice_edit(notice)
        else:
            self._save_notice(notice.id, None)

    def _save_notice(self, notice_id: int, value: str | None, reading: bool = False) -> None:
        """Commit the name on a worker (the session's lock and the store are never waited on
        here); ``NameNoticeAnswered`` brings the field back."""
        session = self.session
        if session is None:
            return

        def save() -> None:
            try:
                saved = session.accept_name_notice(notice_id, value, reading=reading)
            except UserError as exc:
                self.post_message(NameNoticeAnswered(notice_id, None, str(exc)))
                return
            except Exception as exc:  # noqa: BLE001 - a worker thread: report, keep the notice
                self.post_message(NameNoticeAnswered(notice_id, None, str(exc)))
                return
            self.post_message(NameNoticeAnswered(notice_id, saved, notices=session.name_notices()))

        self.run_worker(save, thread=True, group="name-notice", exit_on_error=False)

    @on(NameNoticeAnswered)
    def _notice_answered(self, message: NameNoticeAnswered) -> None:
        panel = self.fields_panel
        if message.saved is None:
            if panel.editing_notice == message.notice_id:
                panel.show_error(message.error)  # the input stays open: nothing was saved
            else:
                self.notify(message.error, severity="error")
            return
        panel.closed.add(message.notice_id)
        if panel.editing_notice == message.notice_id:
            panel.end_edit()
        panel.upsert([message.saved])
        panel.set_notices(message.notices or [])
        panel.select(message.saved.id)
        self._refresh_checklist()
        self.refresh_bindings()
        self.notify(_("Saved: {field}").format(field=field_label(message.saved)))

    @on(Input.Submitted, "#live-field-edit")
    def _edit_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        panel = self.fields_panel
        session = self.session
        if panel.editing_notice is not None and session is not None:
            try:  # checked here, at once: the worker only saves
                normalise_field(STAFF_NAME, event.value)
            except UserError as exc:
                panel.show_error(str(exc))
                return
            self._save_notice(panel.editing_notice, event.value)
            return
        if panel.editing is None or session is None:
            return
        try:
            saved = session.decide_field(panel.editing, value=event.value)
        except UserError as exc:
            panel.show_error(str(exc))  # the database keeps the old value
            return
        panel.upsert([saved])
        panel.end_edit()
        self._refresh_checklist()
        self._refresh_alt_binding()

    def action_leave_input(self) -> None:
        if self.fields_panel.editing is not None:
            self.fields_panel.end_edit()
        else:
            self.set_focus(self.fields_panel.option_list)

    def action_add_field(self) -> None:
        session = self.session
        if session is None:
            return

        def save(kind: str, value: str) -> CapturedField:
            return self.store.add_field(session.call_id, kind, value)

        def added(field: CapturedField | None) -> None:
            if field is not None:
                self.fields_panel.upsert([field])
                self.fields_panel.select(field.id)
                self._refresh_checklist()
                self.notify(_("Saved: {field}").format(field=field_label(field)))

        self.app.push_screen(AddFieldScreen(save), added)

    def action_service_request(self) -> None:
        session = self.session
        if session is None:
            return
        referral = best_value(self.fields_panel.fields.values(), REFERRAL_NUMBER)

        def save(referral_number: str, venue: str, sr_type: str) -> ServiceRequest:
            return self.store.add_service_request(session.call_id, referral_number, venue, type=sr_type)

        def added(sr: ServiceRequest | None) -> None:
            if sr is not None:
                self.notify(
                    _("Service request {referral} ({venue}) recorded.").format(referral=sr.referral_number, venue=sr.venue)
                )
                self.transcript.add_note(
                    _("— service request {referral} recorded ({venue})").format(referral=sr.referral_number, venue=sr.venue)
                )

        self.app.push_screen(ServiceRequestScreen(save, referral), added)

    def action_focus_notes(self) -> None:
        self.set_focus(self.query_one("#live-notes", Input))

    def action_toggle_guide(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        switcher.current = "live-guide" if switcher.current == "live-transcript" else "live-transcript"

    def action_cycle_tier(self) -> None:
        session = self.session
        if session is None:
            return
        new = 2 if session.tier.tier == 1 else 1
        session.set_tier(new)
        self._refresh_tier()

    def action_fetch_model(self) -> None:
        if not self.model_missing or self.fetching:
            return
        self.fetching = True
        self.query_one("#live-fetch-progress").add_class("-shown")
        self._set_banner(_("Fetching the speech model… (you can keep typing)"), "information")
        self.refresh_bindings()
        self._fetch_model()

    @work(thread=True, exclusive=True, exit_on_error=False, group="fetch")
    def _fetch_model(self) -> None:
        from companion.asr import models

        try:
            name = models.MODEL_FOR_LANGUAGE.get(self.call_language, models.DEFAULT_MODEL)
            path = models.fetch_model(name, progress=self._report_fetch_progress)
        except UserError as exc:
            self.post_message(FetchFinished(None, str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - an unexpected failure must still reach the user
            self.post_message(FetchFinished(None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(FetchFinished(str(path), None))

    def _report_fetch_progress(self, done: int, total: int) -> None:
        self.post_message(FetchProgress(done, total))

    # notes ---------------------------------------------------------------------------

    @on(Input.Changed, "#live-notes")
    def _notes_changed(self, event: Input.Changed) -> None:
        self._notes_text = event.value  # kept here: the widget may be gone at unmount
        if self._notes_timer is not None:
            self._notes_timer.stop()
        self._notes_timer = self.set_timer(NOTES_DEBOUNCE, self._save_notes_now)

    @on(Input.Submitted, "#live-notes")
    def _notes_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save_notes_now()
        self.set_focus(self.fields_panel.option_list)

    def _save_notes_now(self) -> None:
        if self.session is None:
            return
        text = self._notes_text
        if text == self._notes_saved:
            return
        try:
            self.session.save_notes(text)
            self._notes_saved = text
        except UserError as exc:
            self.notify(str(exc), severity="error")

    # ending --------------------------------------------------------------------------

    def action_end_call(self) -> None:
        if self.ending or self.session is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.ending = True
                self._save_notes_now()
                self.transcript.show_partial(None, "")
                self._set_banner(_("Ending the call: saving the last words…"), "information")
                self.refresh_bindings()
                self._finish_call()

        self.app.push_screen(ConfirmEndScreen(), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="end")
    def _finish_call(self) -> None:
        session = self.session
        if session is None:  # pragma: no cover - a call ends only once it has started
            return
        self._shutdown_capture(wait=True)  # pipeline.stop() flushes the last words
        try:
            self.post_message(FieldsRevised(session.flush()))
            session.end()
            summary = build_summary(session)
        except Exception as exc:  # noqa: BLE001 - keep the user informed, never a traceback
            summary = CallSummary(session.call_id, [_("The call was saved, but: {error}").format(error=exc)], [])
        self.post_message(CallFinished(summary))


def build_summary(session: CallSession) -> CallSummary:
    """What the end-of-call screen shows: facts, fields, service requests, follow-ups."""
    store = session.store
    call = store.call(session.call_id)
    local = call.local_start
    lines = [
        _("{when} ({zone}), {length} long, on hold {hold}").format(
            when=f"{local:%a %b %-d %Y, %H:%M}",
            zone=call.timezone,
            length=format_duration(session.elapsed()),
            hold=format_duration(call.hold_seconds),
        ),
        _("Tier reached: {tier}").format(tier=call.tier_reached or _("not known")),
    ]
    fields = [f for f in store.fields(call.id) if f.status != REJECTED]
    for f in fields:
        lines.append("  " + field_label(f))  # the label ends with the ✓ / ? mark
    unconfirmed = sum(1 for f in fields if f.status == CANDIDATE)
    if unconfirmed:
        lines.append(
            ngettext(
                "{count} field not confirmed yet: review it from Home → the call.",
                "{count} fields not confirmed yet: review them from Home → the call.",
                unconfirmed,
            ).format(count=unconfirmed)
        )
    srs = store.service_requests(call.id)
    for sr in srs:
        lines.append(
            _("Service request {referral} ({details})").format(
                referral=sr.referral_number, details=sr.venue + (", " + sr.type if sr.type else "")
            )
        )
    recorded = {sr.referral_number for sr in srs}
    heard = sorted({f.value for f in fields if f.kind == REFERRAL_NUMBER} - recorded)
    if heard:
        lines.append(
            _(
                "Referral {referrals} was heard but no service request is recorded, so it has no "
                "follow-up dates yet: open the call in Review and press s (or `companion sr add {call} …`)."
            ).format(referrals=", ".join(heard), call=call.id)
        )
    follow = []
    for action in sorted(session.follow_ups(), key=lambda a: a.due):
        follow.append(f"{action.due.isoformat()}  {shown_title(action.title)}")
    return CallSummary(call.id, lines, follow)
