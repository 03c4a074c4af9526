"""A-numbers in the number assist (issue 9, round 11, branch i9-r11-rcpt): rules found on the
ten design sets of the spoken-call rig and checked on blind17/18, each tested here without
the rig."""

from __future__ import annotations

from datetime import timedelta

from speech_rig import STAND_IN
from test_session_assist import Clock, spoken

from companion.asr.assist import heard_whole, trusted
from companion.asr.pipeline import NumberAssist
from companion.session import ASSIST_WAIT, CallSession


def _settled(session, clock, assist) -> list[tuple[str, str]]:
    session.add_number_assist(assist)
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    session.flush()
    return [(f.kind, f.value) for f in session.store.fields(session.call_id)]


# --------------------------------------------------------------------------- trust


def test_a_long_value_the_free_reading_heard_whole_is_trusted_in_bad_audio():
    # the agent's read-back "a seven one one one four two zero eight", heard so by both
    # recognizers in a call whose mean free confidence is 0.661 (< the stand-in's 0.67)
    free = "i seven one one one four two zero eight"
    assert heard_whole(free, "A071114208")  # the A-number's zero fill is not the free reading's
    assert trusted("A071114208", free, 0.661, STAND_IN)
    # the free reading heard a digit otherwise, or a few digits only: bad audio decides
    assert not heard_whole("eighty one five o four four six eight seven", "A215044687")
    assert not trusted("A215044687", "eighty one five o four four six eight seven", 0.659, STAND_IN)
    assert not heard_whole("nine zero four five two", "90452")  # a staff ID's five: met by chance
    assert not trusted("90452", "nine zero four five two", 0.5, STAND_IN)


def test_a_lettered_read_back_heard_whole_in_bad_audio_becomes_a_field(store):
    clock = Clock()
    session = CallSession.start(store, source="live", now=clock)
    session.assist_settings = STAND_IN
    session.add_result(spoken("i'd two two zero one four eight eight six zero", speaker="agent"))
    assist = NumberAssist("agent", 1.0, 4.45, "i'd two two zero one four eight eight six zero",
                          "i two two zero one four eight eight six zero", None, 0.667, ("a_number",))
    assert _settled(session, clock, assist) == [("a_number", "A220148860")]
