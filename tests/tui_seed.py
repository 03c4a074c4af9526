"""The one place the TUI tests seed data and host screens: a frozen clock, the user's profile
(with or without the recording-consent notice acknowledged), calls written via the real
store's API, and the bare app the Live call tests open the screen in.

The snapshot tests use ``seed_calls`` (store API only, so a change in the extractor never
changes a snapshot); ``import_corpus`` runs the real import path on the shared corpus.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import time
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from textual.app import App
from textual.pilot import Pilot

from companion.records import Profile
from companion.store import Store

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 10, 11, 0, tzinfo=NY)  # a Tuesday: live agents answer
LIVE_NOW = datetime(2025, 3, 4, 15, 0, 0, tzinfo=UTC)  # the Live call's clock: a Tuesday, 10 a.m. Eastern

T = TypeVar("T")


def frozen_now() -> datetime:
    return NOW


def _result(text: str, start: float, speaker: str, step: float = 0.4) -> dict[str, Any]:
    words = []
    t = start
    for w in text.split():
        words.append({"word": w, "start": round(t, 2), "end": round(t + step - 0.05, 2), "conf": 0.95})
        t += step
    return {"text": text, "result": words, "speaker": speaker}


CALL_LINES = [
    ("agent", "thank you for calling u s c i s my name is helen operator number five one one eight"),
    ("caller", "hi helen my receipt number is i o e zero eight nine one four four seven three two six"),
    ("agent", "thank you can you verify your date of birth"),
    ("caller", "april ninth nineteen eighty six"),
    ("agent", "i have created a service request for you please write down this number"),
    ("agent", "seven six zero one three three eight nine"),
    ("caller", "thank you very much have a good day"),
]


def add_call(store: Store, started_at: datetime, lines: Sequence[tuple[str, str]] = CALL_LINES, *,
             gap: float = 10.0) -> int:
    """A call with utterances and extracted candidate fields placed on their words."""
    call_id = store.start_call(started_at, phone_used="555-123-4567", source="import")
    t = 1.0
    starts = []
    for speaker, text in lines:
        store.add_utterance(call_id, _result(text, t, speaker), speaker)
        starts.append(t)
        t += gap
    end = t
    store.update_call(call_id, ended_at=started_at + timedelta(seconds=end))
    # Word 12 of utterance 0 is "helen", words 15-18 "five one one eight"; utterance 5 is
    # the referral.
    store.add_field(call_id, "staff_name", "Helen", start=starts[0] + 12 * 0.4, end=starts[0] + 12 * 0.4 + 0.35,
                    text="helen", speaker="agent", source="extracted", status="candidate", confidence=0.9)
    store.add_field(call_id, "staff_id", "5118", start=starts[0] + 15 * 0.4, end=starts[0] + 18 * 0.4 + 0.35,
                    text="five one one eight", speaker="agent", source="extracted", status="candidate", confidence=0.8)
    store.add_field(call_id, "referral_number", "76013389", start=starts[5], end=starts[5] + 7 * 0.4 + 0.35,
                    text="seven six zero one three three eight nine", speaker="agent", source="extracted",
                    status="candidate", confidence=0.85)
    return call_id


def with_profile(store: Store) -> Profile:
    """The user's profile, so the app opens Home rather than asking for it (first run)."""
    return store.set_profile(name="Ana Doe", phone="555-123-4567", state="NY", timezone="America/New_York")


def consent(store: Store, **profile: Any) -> Store:
    """The recording-consent notice acknowledged (and any other profile values), so the Live
    call starts capturing at once instead of asking first."""
    store.set_profile(consent_acknowledged=True, **profile)
    return store


def replayed_live_call(store: Store, *, language: str | None = None, now: datetime = LIVE_NOW,
                       call: str = "transfer-to-tier2.jsonl") -> App[Any]:
    """The app opening straight on a Live call that replays one of the example calls at
    1000x (consent given, state MD), in ``language`` (None: the profile's or the locale's)."""
    from conftest import SHARED_CORPUS

    from companion.tui.app import make_app

    consent(store, state="MD")
    options: dict[str, Any] = {"language": language} if language else {}
    return make_app(store=store, now=lambda: now, start_live=True, replay=str(SHARED_CORPUS / call), speed=1000,
                    **options)


def seed_calls(store: Store) -> list[int]:
    """Three calls: one a week ago with a service request, one 80 days ago, one too old."""
    with_profile(store)
    old = add_call(store, NOW - timedelta(days=120))
    closing = add_call(store, NOW - timedelta(days=80))
    recent = add_call(store, NOW - timedelta(days=7, hours=1))
    store.add_case("IOE0891447326", form_type="I-485", a_number="A201553987")
    # Made 40 days ago, so on a call at least that old (a request cannot predate its call).
    store.add_service_request(closing, "76013389", "service-center", created=(NOW - timedelta(days=40)).date(),
                              receipt_number="EAC2490012345", today=NOW.date())
    return [old, closing, recent]


def import_corpus(store: Store, corpus_dir: Path) -> list[int]:
    """The shared corpus through the real import path (extractor included)."""
    from companion import workflows

    ids = []
    for i, path in enumerate(sorted(corpus_dir.glob("*.jsonl"))):
        ids.append(workflows.import_transcript(store, path, NOW - timedelta(days=3 - i)))
    return ids


def run_async(fn: Callable[..., Coroutine[Any, Any, T]]) -> Callable[..., T]:
    """Run an ``async def`` test on a fresh event loop (no pytest-asyncio here)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


def sync_tests(namespace: dict[str, Any]) -> None:
    """Wrap every ``async def test_*`` in ``namespace`` with ``run_async``."""
    for name, fn in list(namespace.items()):
        if name.startswith("test_") and inspect.iscoroutinefunction(fn):
            namespace[name] = run_async(fn)


# -- hosting the Live call -----------------------------------------------------------------


class LiveApp(App[None]):
    """A bare app that opens the Live call (``LiveCallScreen(store, **options)``) over an
    empty screen; ``left_with`` is the call id the screen was dismissed with."""

    def __init__(self, store: Store, **options: Any) -> None:
        super().__init__()
        self.store = store
        self.options = options
        self.left_with: int | None = None

    def on_mount(self) -> None:
        from companion.tui.live_call import LiveCallScreen

        self.push_screen(LiveCallScreen(self.store, **self.options), self._left)

    def _left(self, call_id: int | None) -> None:
        self.left_with = call_id


async def wait_for(pilot: Pilot[Any], condition: Callable[[], object], timeout: float = 30.0,
                   step: float = 0.02) -> None:
    """Let the app run until ``condition()`` holds; ``timeout`` is a hang guard only."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await pilot.pause(step)


def text_of(app: App[Any]) -> str:
    """The visible screen as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def until_replay_ends(app: App[Any], timeout: float = 15.0) -> None:
    """Wait until the Live call's replay has played to its end (the screen's capture
    state "ended"); fails the test after ``timeout`` seconds."""
    from companion.tui.live_call import LiveCallScreen

    deadline = time.monotonic() + timeout
    while not (isinstance(app.screen, LiveCallScreen) and app.screen.capture_state == "ended"):
        assert time.monotonic() < deadline, "replay did not finish"
        await asyncio.sleep(0.02)


HUGE_RECEIPT = "IOE0891447326"


def huge_store(store: Store, calls: int = 5000, receipt: str = HUGE_RECEIPT) -> None:
    """A profile and ``calls`` imported calls about one case (``receipt``), each with a
    confirmed staff name and receipt and a candidate staff ID, a service request every
    tenth: the store the UI-stall tests and ``scripts/bench_ui_stall.py`` open."""
    with_profile(store)
    store.add_case(receipt, form_type="I-485")
    with store.transaction():  # one commit: seeding stays seconds, not minutes
        for i in range(calls):
            at = NOW - timedelta(days=1 + i % 85, minutes=i)
            call_id = store.start_call(at, phone_used="555-123-4567", source="import")
            store.update_call(call_id, ended_at=at + timedelta(minutes=20))
            store.add_field(call_id, "staff_name", "Helen", status="confirmed", start=1.0)
            store.add_field(call_id, "staff_id", "5118", status="candidate", start=2.0)
            store.add_field(call_id, "receipt_number", receipt, status="confirmed", start=3.0)
            if i % 10 == 0:
                store.add_service_request(call_id, f"{76000000 + i}", "service-center", created=at.date(),
                                          today=NOW.date())


async def settle(app: App[Any], pilot: Any) -> None:
    """Let the screen draw and every worker finish (loads, saves), then draw again."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
