"""Unit tests of companion.session: replay timing, hold math, tier detection, the session."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from companion import guide
from companion.session import CallSession, HoldTimer, ReplayFeeder, TierTracker, format_duration

T0 = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)


def result(words: list[tuple[str, float, float]], speaker=None) -> dict:
    r = {"text": " ".join(w for w, _, _ in words), "result": [
        {"word": w, "start": s, "end": e, "conf": 1.0} for w, s, e in words]}
    if speaker:
        r["speaker"] = speaker
    return r


class FakeClock:
    """A monotonic clock that only moves when the feeder waits (no real sleeping)."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


class FakeStop(threading.Event):
    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self.clock = clock

    def wait(self, timeout=None):  # advance virtual time instead of sleeping
        self.clock.t += timeout or 0
        return self.is_set()


@pytest.mark.parametrize("speed", [1, 2, 20, 0.5])
def test_replay_final_times_are_word_end_divided_by_speed(speed):
    clock = FakeClock()
    events = []
    results = [result([("hello", 0.5, 1.0), ("there", 1.1, 2.0)]), result([("bye", 10.0, 12.0)], "agent")]
    feeder = ReplayFeeder(results, events.append, speed=speed, stop_event=FakeStop(clock), clock=clock)
    assert feeder.run() == "file done"
    assert feeder.schedule == pytest.approx([2.0 / speed, 12.0 / speed], abs=1e-6)
    names = [type(e).__name__ for e in events]
    assert names == ["PartialText", "FinalResult", "FinalResult", "SourceEnded"]
    assert events[0].text == "hello"
    assert events[2].speaker == "agent" and events[2].result["text"] == "bye"


def test_replay_real_clock_at_speed_20():
    """Real time: a 2-second transcript at ×20 takes about 0.1 s, never less."""
    events = []
    results = [result([("one", 0.0, 1.0)]), result([("two", 1.5, 2.0)])]
    t0 = time.monotonic()
    ReplayFeeder(results, events.append, speed=20).run()
    took = time.monotonic() - t0
    assert 0.1 <= took < 0.6
    print(f"\nreplay of 2.0 s at x20 took {took * 1000:.0f} ms (ideal 100 ms)")


def test_replay_stops_between_words():
    stop = threading.Event()
    events = []
    results = [result([("a", 0.0, 0.1)]), result([("b", 50.0, 60.0)])]
    feeder = ReplayFeeder(results, events.append, speed=1, stop_event=stop)
    thread = threading.Thread(target=feeder.run)
    thread.start()
    time.sleep(0.3)
    stop.set()
    thread.join(2)
    assert not thread.is_alive()
    assert [type(e).__name__ for e in events] == ["FinalResult", "SourceEnded"]
    assert events[-1].reason == "stopped"


def test_hold_timer_math():
    h = HoldTimer()
    assert h.total(T0) == 0 and not h.on_hold
    h.start(T0)
    h.start(T0 + timedelta(seconds=5))  # already on hold: the first start counts
    assert h.total(T0 + timedelta(minutes=2)) == 120
    assert h.stop(T0 + timedelta(minutes=3)) == 180
    assert h.stop(T0 + timedelta(minutes=9)) == 180  # not on hold: nothing added
    h.start(T0 + timedelta(minutes=10))
    assert h.current(T0 + timedelta(minutes=10, seconds=30)) == 30
    assert h.total(T0 + timedelta(minutes=10, seconds=30)) == 210
    assert HoldTimer(saved_seconds=60).total(T0) == 60


@pytest.mark.parametrize("seconds,text", [(0, "00:00"), (59.9, "00:59"), (61, "01:01"), (3725, "1:02:05"), (-3, "00:00")])
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    "lines,tier",
    [
        (["thank you for calling u s c i s my name is robert"], 1),
        (["thank you for calling", "okay i'm going to transfer you to a tier two officer please hold"], 2),
        (["good afternoon officer daniels speaking my i d is six six one oh four"], 2),
        (["this is an immigration services officer"], 2),
        (["thank you for calling", "i can't transfer you to the local office"], 1),
        (["thank you for calling", "i'm transferring you to the service center"], 1),
        (["hello"], None),
    ],
)
def test_tier_detection(lines, tier):
    t = TierTracker()
    for line in lines:
        t.feed(line)
    assert t.tier == tier


def test_tier_2_hint_only_while_at_tier_1():
    t = TierTracker()
    t.feed("thank you for calling my name is angela")
    assert not t.show_hint
    assert t.feed("i can only see what is in case status online")
    assert t.show_hint and t.trigger in guide.TIER_2_TRIGGERS
    t.feed("let me transfer you to a tier two officer")
    assert t.tier == 2 and not t.show_hint


def test_session_records_results_hold_tier_and_end(store, shared_corpus):
    from companion.extract import read_transcript

    clock = [T0]
    session = CallSession.start(store, source="replay", now=lambda: clock[0])
    for r in read_transcript(shared_corpus / "transfer-to-tier2.jsonl"):
        session.add_result(r)
    session.flush()
    call = store.call(session.call_id)
    assert call.tier_reached == 2 and call.source == "replay"
    assert {f.value for f in store.fields(session.call_id)} >= {"EAC2219050123", "31577208"}
    done = session.checklist(store.fields(session.call_id))
    assert all(done.values())
    assert session.best_referral() == "31577208"
    session.toggle_hold()
    clock[0] += timedelta(seconds=90)
    session.toggle_hold()
    assert store.call(session.call_id).hold_seconds == 90
    session.toggle_hold()
    clock[0] += timedelta(seconds=10)
    session.save_notes("asked for an expedite")
    session.end()  # ends the hold too
    call = store.call(session.call_id)
    assert call.hold_seconds == 100 and call.notes == "asked for an expedite"
    assert call.ended_at == clock[0]
    kinds = {a.kind for a in session.follow_ups()}
    assert "ombudsman_review_window" in kinds
