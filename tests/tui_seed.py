"""Deterministic data for the TUI tests: a frozen clock and calls written via the store API.

The snapshot tests use ``seed_calls`` (store API only, so a change in the extractor never
changes a snapshot); ``import_corpus`` runs the real import path on the shared corpus.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 10, 11, 0, tzinfo=NY)  # a Tuesday: live agents answer


def frozen_now() -> datetime:
    return NOW


def _result(text: str, start: float, speaker: str, step: float = 0.4) -> dict:
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


def add_call(store, started_at: datetime, lines=CALL_LINES, *, gap: float = 10.0) -> int:
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


def with_profile(store):
    """The user's profile, so the app opens Home rather than asking for it (first run)."""
    return store.set_profile(name="Ana Doe", phone="555-123-4567", state="NY", timezone="America/New_York")


def seed_calls(store) -> list[int]:
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


def import_corpus(store, corpus_dir) -> list[int]:
    """The shared corpus through the real import path (extractor included)."""
    from companion import workflows

    ids = []
    for i, path in enumerate(sorted(corpus_dir.glob("*.jsonl"))):
        ids.append(workflows.import_transcript(store, path, NOW - timedelta(days=3 - i)))
    return ids


def run_async(fn):
    """Run an ``async def`` test on a fresh event loop (no pytest-asyncio here)."""
    import asyncio
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


def sync_tests(namespace: dict) -> None:
    """Wrap every ``async def test_*`` in ``namespace`` with ``run_async``."""
    import inspect

    for name, fn in list(namespace.items()):
        if name.startswith("test_") and inspect.iscoroutinefunction(fn):
            namespace[name] = run_async(fn)
