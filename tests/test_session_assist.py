"""The number assist in the session: a digits-grammar reading becomes a field's alternative.

The free recognizer heard "my i d is for five too one" (a homophone and a low-confidence
word), which the extractor reads as staff ID 4521; the digits recognizer heard "four nine
two one" over the same seconds. The session offers 4921 as the field's alternative, and
one call takes it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from companion.asr.pipeline import NumberAssist
from companion.errors import UserError
from companion.records import CONFIRMED, REJECTED
from companion.session import ASSIST_WAIT, Alternative, CallSession, read_spoken

T0 = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)


def spoken(text: str, t0: float = 1.0, low: tuple[str, ...] = (), speaker: str | None = None) -> dict:
    """A Vosk final result: one word every 0.35 s from ``t0``; words in ``low`` have conf 0.4."""
    words = []
    for i, w in enumerate(text.split()):
        start = round(t0 + 0.35 * i, 2)
        words.append({"word": w, "start": start, "end": round(start + 0.3, 2),
                      "conf": 0.4 if w in low else 0.97})
    result = {"text": text, "result": words}
    if speaker:
        result["speaker"] = speaker
    return result


STAFF_ID_SAID = "my i d is for five too one"  # "for five too one" spans 2.40 .. 3.75


class Clock:
    def __init__(self) -> None:
        self.t = T0

    def __call__(self) -> datetime:
        return self.t


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def session(store, clock):
    return CallSession.start(store, source="live", now=clock)


def staff_id(session):
    [f] = [f for f in session.store.fields(session.call_id) if f.kind == "staff_id"]
    return f


def test_overlapping_assist_attaches_the_digits_reading(session):
    update = session.add_result(spoken(STAFF_ID_SAID, low=("five",)))
    assert [(f.kind, f.value) for f in update.fields] == [("staff_id", "4521")]
    gained = session.add_number_assist(NumberAssist(None, 2.4, 3.75, "for five too one", "four nine two one"))
    field = staff_id(session)
    assert [f.id for f in gained] == [field.id]
    assert session.alternative(field) == Alternative("4921", "four nine two one", "digits")


def test_use_alternative_sets_the_value_and_confirms(session):
    session.add_result(spoken(STAFF_ID_SAID, low=("five",)))
    session.add_number_assist(NumberAssist(None, 2.4, 3.75, "for five too one", "four nine two one"))
    saved = session.use_alternative(staff_id(session).id)
    assert (saved.value, saved.status) == ("4921", CONFIRMED)
    stored = session.store.field(saved.id)
    assert (stored.value, stored.status) == ("4921", CONFIRMED)
    assert session.alternative(stored) is None
    with pytest.raises(UserError):
        session.use_alternative(saved.id)


@pytest.mark.parametrize(
    "assist",
    [
        NumberAssist(None, 12.0, 13.5, "two two", "four nine two one"),  # another time
        NumberAssist(None, 2.4, 3.75, "for five too one", "four"),  # too short for a staff ID
        NumberAssist(None, 2.4, 3.75, "for five too one", "four five two one"),  # same value
        NumberAssist(None, 2.4, 3.75, "for five too one", "um uh"),  # spells nothing
        NumberAssist("agent", 2.4, 3.75, "for five too one", "four nine two one"),  # other side
    ],
    ids=["apart", "invalid", "same", "nothing", "other-speaker"],
)
def test_assists_that_do_not_fit_are_ignored(store, clock, assist):
    session = CallSession.start(store, now=clock)
    session.add_result(spoken(STAFF_ID_SAID, low=("five",), speaker="caller"))
    assert session.add_number_assist(assist) == []
    assert session.alternative(staff_id(session)) is None


def test_assist_before_its_field_waits_for_it(session, clock):
    assist = NumberAssist(None, 2.4, 3.75, "for five too one", "four nine two one")
    assert session.add_number_assist(assist) == []  # no field yet: it waits
    clock.t += timedelta(seconds=ASSIST_WAIT / 2)
    update = session.add_result(spoken(STAFF_ID_SAID, low=("five",)))
    [field] = update.fields
    assert session.alternative(field) == Alternative("4921", "four nine two one")


def test_waiting_assist_expires(session, clock):
    session.add_number_assist(NumberAssist(None, 2.4, 3.75, "for five too one", "four nine two one"))
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    [field] = session.add_result(spoken(STAFF_ID_SAID, low=("five",))).fields
    assert session.alternative(field) is None


def test_alternative_is_offered_only_while_the_field_is_a_candidate(session):
    session.add_result(spoken(STAFF_ID_SAID, low=("five",)))
    session.add_number_assist(NumberAssist(None, 2.4, 3.75, "for five too one", "four nine two one"))
    field = staff_id(session)
    assert session.alternative(field) is not None
    rejected = session.store.set_field(field.id, status=REJECTED)
    assert session.alternative(rejected) is None


def test_letters_the_grammar_heard_beside_a_digits_value_are_dropped(session):
    session.add_result(spoken(STAFF_ID_SAID, low=("five",)))
    # the grammar caught the "d" of "i d" within its margin
    session.add_number_assist(NumberAssist(None, 2.4, 3.75, "for five too one", "d four nine two one"))
    assert session.alternative(staff_id(session)).value == "4921"


def test_receipt_alternative(session):
    said = "my receipt number is e a c twenty two nineteen oh five oh one two three"
    session.add_result(spoken(said, low=("nineteen",)))
    [receipt] = [f for f in session.store.fields(session.call_id) if f.kind == "receipt_number"]
    assert receipt.value == "EAC2219050123"
    session.add_number_assist(NumberAssist(
        None, receipt.start, receipt.end, "e a c twenty two nineteen oh five oh one two three",
        "e a c two two one nine oh five oh one two eight",
    ))
    assert session.alternative(session.store.field(receipt.id)).value == "EAC2219050128"


@pytest.mark.parametrize(
    "text, readings",
    [
        ("four nine two one", ["4921"]),
        ("for five too one", ["4521"]),
        ("e a c two two one nine oh five oh one two three", ["EAC2219050123"]),
        ("i o e oh one two", ["I0E012", "IOE012"]),
        ("", []),
        ("uh um", []),
    ],
)
def test_read_spoken(text, readings):
    assert read_spoken(text) == readings
