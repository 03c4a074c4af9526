"""The receipts of one filing said one after another are receipts of their own (issue 9, round 10).

A family's forms filed together get receipt numbers one after another ("m s c … one two
zero", "and my wife's … one two one", "and my son's … one two two"). A reading of the
next one must not take over the field of the one before it as "the same number said
again" (``CallSession._settle_waiting``); a correction of a misheard digit ("… three
three", "oh sorry no it's … three eight") still does.
"""

from __future__ import annotations

from datetime import timedelta

from test_assist import words

from companion.asr.pipeline import NumberAssist
from companion.session import ASSIST_WAIT, _following_receipt

FIRST = ("okay so am i see nineteen forty to seventy seven seventy seven eighty five",
         "m s c nineteen forty two seventy seven seventy seven eighty five")  # MSC1942777785


def _say(session, clock, t0: float, free: str, grammar: str) -> None:
    """One result of the caller's with no receipt the free reading holds, and the grammar's
    reading of it (no cue: a receipt by its shape); then the reading waits its time out."""
    session.add_result({"text": free, "result": words(free, t0=t0), "speaker": "caller"})
    ws = words(free, t0=t0)
    session.add_number_assist(NumberAssist("caller", ws[2]["start"], ws[-1]["end"], " ".join(free.split()[2:]),
                                           grammar, None, 0.9))
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)


def _receipts(session) -> list[str]:
    session.flush()
    return sorted(f.value for f in session.store.fields(session.call_id) if f.kind == "receipt_number")


def test_the_filings_next_receipts_are_receipts_of_their_own(session, clock):
    _say(session, clock, 1.0, *FIRST)
    _say(session, clock, 20.0, "and my wife's am i see nineteen forty to seventy seven seventy seven eighty six",
         "m s c nineteen forty two seventy seven seventy seven eighty six")
    _say(session, clock, 40.0, "and my son's am i see nineteen forty to seventy seven seventy seven eighty eight",
         "m s c nineteen forty two seventy seven seventy seven eighty eight")
    assert _receipts(session) == ["MSC1942777785", "MSC1942777786", "MSC1942777788"]


def test_a_correction_of_a_digit_is_the_same_receipt_said_again(session, clock):
    _say(session, clock, 1.0, *FIRST)
    _say(session, clock, 20.0, "sorry no it's am i see nineteen forty to seventy seven seventy seven eighty nine",
         "m s c nineteen forty two seventy seven seventy seven eighty nine")
    assert _receipts(session) == ["MSC1942777789"]


def test_following_receipt():
    assert _following_receipt("MSC2190456120", "MSC2190456121")
    assert _following_receipt("EAC2503311047", "EAC2503311049")  # one between skipped
    assert not _following_receipt("SRC1804662133", "SRC1804662138")  # a digit misheard, corrected
    assert not _following_receipt("IOE0988120446", "IOE0988120464")  # two digits swapped, corrected
    assert not _following_receipt("MSC2190456121", "MSC2190456120")  # the one before: said again
    assert not _following_receipt("MSC2190456120", "WAC2190456121")
