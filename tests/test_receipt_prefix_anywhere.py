"""A receipt the assist reads whose ten digits the call holds under a prefix no service
center issues is that receipt, wherever in the call it was heard (issue 9, round 9, branch
i9-r9-rcpt): blind13's asylum caller says "y s c two four nine zero" … "one three zero seven
seven two" (free "y s e …"), the agent reads it back, and the grammar hears "y s c …" there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from test_session_assist import Clock, spoken

from companion.asr.pipeline import NumberAssist
from companion.records import ASSISTED, REJECTED
from companion.session import ASSIST_WAIT, CallSession

T0 = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)


def receipts(session) -> list[tuple[str, str]]:
    return sorted((f.value, f.source) for f in session.store.fields(session.call_id)
                  if f.kind == "receipt_number" and f.status != REJECTED)


def test_a_read_back_heard_under_a_known_prefix_settles_the_held_unknown_one(store):
    clock = Clock()
    session = CallSession.start(store, source="live", now=clock)
    session.add_result(spoken("y s e two four nine zero one three zero seven seven two", 1.0, speaker="caller"))
    assert receipts(session) == [("YSE2490130772", "extracted")]
    # the agent's read-back, seconds later: no cue, read for a receipt's shape by its grammar
    read_back = spoken("y s e two four nine zero one three zero seven seven two", 9.0, speaker="agent")
    session.add_result(read_back)
    words = read_back["result"]
    session.add_number_assist(NumberAssist("agent", words[0]["start"], words[-1]["end"], read_back["text"],
                                           "y s c two four nine zero one three zero seven seven two",
                                           None, 1.0, ("receipt_number",)))
    clock.t = T0 + timedelta(seconds=ASSIST_WAIT + 1)
    session.flush()
    assert receipts(session) == [("YSC2490130772", ASSISTED)]  # one field, the prefix settled
    [f] = [f for f in session.store.fields(session.call_id) if f.kind == "receipt_number"]
    assert session.alternative(f).value == "YSE2490130772"  # v puts the free value back


def test_other_digits_under_a_known_prefix_are_a_receipt_of_their_own(store):
    clock = Clock()
    session = CallSession.start(store, source="live", now=clock)
    session.add_result(spoken("y s e two four nine zero one three zero seven seven two", 1.0, speaker="caller"))
    read = spoken("w a c one nine zero two one five five three one nine", 9.0, speaker="caller")
    session.add_result(read)
    words = read["result"]
    session.add_number_assist(NumberAssist("caller", words[0]["start"], words[-1]["end"], read["text"],
                                           "w i c one nine zero two one five five three one nine",
                                           None, 1.0, ("receipt_number",)))
    clock.t = T0 + timedelta(seconds=ASSIST_WAIT + 1)
    session.flush()
    assert [v for v, _ in receipts(session)] == ["WAC1902155319", "YSE2490130772"]
