"""Receipts read back under a prefix no service center issues (issue 9, branch i9-r8-rcpt).

The free recognizer garbles a receipt's letters far more than its digits: the agent's
read-back of WAC… is heard "w i see …" (WIC…), YSC… "y s e …". Once the call holds the
receipt with a known prefix, such a reading of the same ten digits is that receipt read
back, never a second field beside it (``CallRecorder._absorb``).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from test_session_assist import spoken  # a Vosk final result, one word every 0.35 s

from companion.asr.assist import AssistSettings, assisted_value, settle_prefix
from companion.asr.pipeline import GrammarReading, NumberAssist
from companion.identifiers import known_receipt_prefixes
from companion.records import ASSISTED, CANDIDATE, REJECTED
from companion.session import CallSession

T0 = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)
PREFIXES = known_receipt_prefixes()


@pytest.fixture
def session(store):
    return CallSession.start(store, source="live", now=lambda: T0)


def receipts(session) -> list[str]:
    return sorted(f.value for f in session.store.fields(session.call_id)
                  if f.kind == "receipt_number" and f.status != REJECTED)


def test_a_read_back_under_an_unknown_prefix_is_no_second_field(session):
    said = spoken("my receipt number is w y c two three eight zero two one six six seven four", 1.0,
                  speaker="caller")
    session.add_result(said)
    # the cue's grammar reading settles the prefix: the field takes WAC… (assisted)
    words = said["result"]
    session.add_number_assist(NumberAssist("caller", words[4]["start"], words[-1]["end"],
                                           " ".join(w["word"] for w in words[4:]),
                                           "w y c two three eight zero two one six six seven four",
                                           "receipt_number"))
    assert receipts(session) == ["WAC2380216674"]
    session.add_result(spoken("w i see two three eight zero two one six six seven four", 8.0, speaker="agent"))
    session.add_result(spoken("okay thank you", 14.0, speaker="caller"))
    session.flush()
    assert receipts(session) == ["WAC2380216674"]


def test_an_unknown_prefix_with_other_digits_is_a_receipt_of_its_own(session):
    session.add_result(spoken("my receipt number is w a c two three eight zero two one six six seven four",
                              1.0, speaker="caller"))
    # an asylum office's prefix (not in the service-center table), another number
    session.add_result(spoken("and the other one is z n y three one four zero two two eight eight six one",
                              8.0, speaker="caller"))
    session.add_result(spoken("okay thank you", 16.0, speaker="agent"))
    session.flush()
    assert receipts(session) == ["WAC2380216674", "ZNY3140228861"]


def test_an_unknown_prefix_alone_stays(session):
    session.add_result(spoken("w i see two three eight zero two one six six seven four", 1.0, speaker="agent"))
    session.add_result(spoken("okay thank you", 8.0, speaker="caller"))
    session.flush()
    assert receipts(session) == ["WIC2380216674"]


def grammar_reading(result: dict, grammar_text: str) -> GrammarReading:
    words = result["result"]
    return GrammarReading(result.get("speaker"), words[0]["start"], words[-1]["end"], result["text"], grammar_text)


def test_a_free_receipt_under_an_unknown_prefix_takes_the_prefix_the_grammar_settles(session):
    said = spoken("w y c two two one two zero four five eight seven three", 1.0, speaker="caller")
    session.add_result(said)
    session.add_result(spoken("okay thank you", 8.0, speaker="agent"))
    assert receipts(session) == ["WYC2212045873"]
    # the grammar heard the same ten digits, after letters that settle to WAC
    [f] = session.add_grammar_reading(grammar_reading(said, "s w y c two two one two zero four five eight seven three"))
    assert (f.value, f.source, f.status) == ("WAC2212045873", ASSISTED, CANDIDATE)
    assert session.alternative(f).value == "WYC2212045873"  # v puts the free value back
    assert receipts(session) == ["WAC2212045873"]


def test_other_digits_or_a_known_prefix_are_left_alone(session):
    said = spoken("w y c two two one two zero four five eight seven three", 1.0, speaker="caller")
    session.add_result(said)
    session.add_result(spoken("okay thank you", 8.0, speaker="agent"))
    # a digit differs: not the same number heard, nothing is taken
    assert session.add_grammar_reading(
        grammar_reading(said, "w a c two two one two zero four five eight seven two")) == []
    other = spoken("n s c two three nine zero eight seven one one four five", 12.0, speaker="agent")
    session.add_result(other)
    session.add_result(spoken("okay", 18.0, speaker="caller"))
    # a prefix the service centers issue is the free reading's own, whatever the grammar's letters
    assert session.add_grammar_reading(
        grammar_reading(other, "m s c two three nine zero eight seven one one four five")) == []
    assert receipts(session) == ["NSC2390871145", "WYC2212045873"]


# --------------------------------------------------------------------------- the reading

CONFUSED = AssistSettings("test", low_confidence=0.6,
                          digit_confusions=((("sierra",), "zero"), (("l",), "oh?"), (("echo",), "oh?")))


def test_a_tie_goes_to_the_prefix_reached_by_rhyming_letters():
    # EAC heard "t i c": EAC by T→E and I→A (each a rhyme, 0.5) ties TSC by I→S (1.0)
    assert settle_prefix("TIC", PREFIXES, 1.0) == "EAC"
    assert settle_prefix("ZLI", PREFIXES, 1.0) is None  # nothing near stays nothing


def test_a_receipt_reads_exactly_ten_digits_first():
    # "… zero eight six zero" heard "… zero eight six sierra l": the sierra is the zero,
    # the l a filler; both as digits make eleven, whose last ten shift the number
    assert assisted_value("receipt_number", "e i c twenty one fourteen fifty three zero eight six sierra l",
                          PREFIXES, (), CONFUSED) == "EAC2114530860"
    assert assisted_value("receipt_number", "t i c twenty one fourteen fifty three zero eight six sierra l",
                          PREFIXES, (), CONFUSED) == "EAC2114530860"  # with the tie above
    # ten digits as heard stay the first reading
    assert assisted_value("receipt_number", "w i c two four l nine five seven one three three eight",
                          PREFIXES, (), CONFUSED) == "WAC2409571338"


def test_echo_is_a_digit_oh_for_an_engine_that_spells_oh_so():
    # "… two three nine oh one two eight eight oh five": the grammar spells "oh" as "echo"
    assert assisted_value("receipt_number", "e i c two three nine echo one two eight eight echo five",
                          PREFIXES, (), CONFUSED) == "EAC2390128805"
    # an engine without that confusion (Vosk) reads it as before: a letter
    assert assisted_value("receipt_number", "e i c two three nine echo one two eight eight echo five",
                          PREFIXES, ()) is None
