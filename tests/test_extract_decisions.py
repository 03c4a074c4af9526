"""The user's decisions reach the extractor and the store: confirm, reject, edit.

The bug this guards: after the user rejected a captured field, the right number read back
later was folded into the rejected entity, and the store ignored updates to a rejected
field, so the right number was lost.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from companion.extract import ADD, StreamingExtractor
from companion.records import CANDIDATE, CONFIRMED, REJECTED
from companion.session import CallSession


def _vosk(text: str, start: float, speaker: str | None = None) -> dict:
    words = [{"word": w, "start": round(start + 0.35 * i, 2), "end": round(start + 0.35 * i + 0.3, 2), "conf": 0.9}
             for i, w in enumerate(text.split())]
    d: dict = {"text": text, "result": words}
    if speaker:
        d["speaker"] = speaker
    return d


def _values(ex: StreamingExtractor, kind: str) -> list[str]:
    return [e.value for e in ex.entities if e.kind == kind]


# ---------------------------------------------------------------- the extractor
@pytest.mark.parametrize(
    "heard, said_back, right",
    [
        # the agent reads it back a digit off what was heard ("so that's …")
        (("caller", "my receipt number is i o e zero nine one two three four five six seven eight"),
         ("agent", "so that's i o e zero nine one two three four five six seven nine"), "IOE0912345679"),
        # no speaker labels; "to confirm"
        ((None, "the referral number is seven six zero one three three eight nine"),
         (None, "to confirm the referral number is seven six zero one three three eight four"), "76013384"),
        # a correction cue after the reject: "sorry it's …"
        (("agent", "my operator i d is four eight six two"),
         ("agent", "sorry it's four eight six three"), "4863"),
        # a tail said again: "no it's … at the end"
        (("caller", "my a number is a two zero one five five three nine eight seven"),
         ("caller", "no it's nine eight six at the end"), "A201553986"),
    ],
)
def test_a_rejected_value_never_absorbs_a_later_reading(heard, said_back, right):
    ex = StreamingExtractor()
    ups = ex.feed(_vosk(heard[1], 1.0, heard[0]))
    (first,) = [u.entity for u in ups if u.action == ADD]
    wrong = first.value
    ex.decide(first.key, REJECTED)
    ups = ex.feed(_vosk(said_back[1], 8.0, said_back[0]))
    added = [u.entity for u in ups if u.action == ADD]
    assert [e.value for e in added] == [right]
    assert added[0].key != first.key
    assert sorted(_values(ex, first.kind)) == sorted([wrong, right])  # the rejected one kept as it was


def test_without_a_decision_the_read_back_still_revises_the_candidate():
    """Control: the same dialogues with no reject fold into one entity (what merging is for)."""
    ex = StreamingExtractor()
    ex.feed(_vosk("my receipt number is i o e zero nine one two three four five six seven eight", 1.0, "caller"))
    ex.feed(_vosk("so that's i o e zero nine one two three four five six seven nine", 8.0, "agent"))
    assert len(_values(ex, "receipt_number")) == 1
    ex = StreamingExtractor()
    ex.feed(_vosk("this is officer reyes", 0.0, "agent"))
    ex.feed(_vosk("my badge number is four four one two", 2.0, "agent"))
    ex.feed(_vosk("sorry i mean four four one three", 5.0, "agent"))
    assert _values(ex, "staff_id") == ["4413"]


def test_a_confirmed_value_is_never_revised_silently():
    ex = StreamingExtractor()
    ex.feed(_vosk("this is officer reyes", 0.0, "agent"))
    ex.feed(_vosk("my badge number is four four one two", 2.0, "agent"))
    (ent,) = [e for e in ex.entities if e.kind == "staff_id"]
    ex.decide(ent.key, CONFIRMED)
    ups = ex.feed(_vosk("sorry i mean four four one three", 5.0, "agent"))
    assert ent.value == "4412"  # unchanged
    offered = [u.entity for u in ups if u.action == ADD]
    assert [e.value for e in offered] == ["4413"]  # offered beside it
    assert not [u for u in ups if u.entity.key == ent.key]


def test_an_edited_value_is_the_entity_and_its_read_back_merges():
    ex = StreamingExtractor()
    ex.feed(_vosk("the referral number is seven six zero one three three eight nine", 1.0, "agent"))
    (ent,) = ex.entities
    ex.decide(ent.key, CONFIRMED, value="76013388")
    ups = ex.feed(_vosk("seven six zero one three three eight eight", 6.0, "caller"))
    assert [e.value for e in ex.entities] == ["76013388"]
    assert not [u for u in ups if u.action == ADD]


# ---------------------------------------------------------------- the store
def test_store_keeps_a_decided_field_and_takes_a_different_reading_as_a_new_candidate(store):
    call_id = store.start_call()
    ent = SimpleNamespace(kind="receipt_number", value="IOE0912345678", confidence=0.8, start=1.0, end=4.0,
                          text="…", speaker="caller", key=3, words=[])
    f = store.apply_entity_update(call_id, "add", ent)
    store.set_field(f.id, status=REJECTED)
    same = store.apply_entity_update(call_id, "update", ent)
    assert same.id == f.id and len(store.fields(call_id)) == 1
    right = store.apply_entity_update(call_id, "update", SimpleNamespace(**{**ent.__dict__, "value": "IOE0912345679"}))
    assert right.id != f.id and (right.value, right.status) == ("IOE0912345679", CANDIDATE)
    kept = store.field(f.id)
    assert (kept.value, kept.status) == ("IOE0912345678", REJECTED)
    # later revisions of that key reach the new candidate, never the rejected field
    again = store.apply_entity_update(call_id, "update", SimpleNamespace(**{**ent.__dict__, "value": "IOE0912345670"}))
    assert again.id == right.id and again.value == "IOE0912345670"
    store.apply_entity_update(call_id, "remove", ent)
    assert [x.id for x in store.fields(call_id)] == [f.id]


# ---------------------------------------------------------------- the whole path
def test_reject_then_read_back_during_a_live_call_keeps_the_right_number(store):
    clock = iter(datetime(2026, 3, 2, 15, 0, s, tzinfo=UTC) for s in range(60))
    session = CallSession.start(store, source="live", now=lambda: next(clock))
    up = session.add_result(_vosk("my receipt number is i o e zero nine one two three four five six seven eight", 1.0,
                                  "caller"))
    (heard,) = up.fields
    session.decide_field(heard.id, status=REJECTED)
    up = session.add_result(_vosk("so that's i o e zero nine one two three four five six seven nine", 8.0, "agent"))
    session.flush()
    fields = {f.value: f for f in store.fields(session.call_id)}
    assert fields["IOE0912345678"].status == REJECTED
    assert fields["IOE0912345679"].status == CANDIDATE
    assert [f.value for f in up.fields] == ["IOE0912345679"]


def test_confirm_then_correction_offers_the_new_reading_beside_it(store):
    session = CallSession.start(store, source="live")
    session.add_result(_vosk("this is officer reyes", 0.0, "agent"))
    up = session.add_result(_vosk("my badge number is four four one two", 2.0, "agent"))
    (sid,) = [f for f in up.fields if f.kind == "staff_id"]
    session.decide_field(sid.id, status=CONFIRMED)
    session.add_result(_vosk("sorry i mean four four one three", 5.0, "agent"))
    ids = sorted((f.value, f.status) for f in store.fields(session.call_id) if f.kind == "staff_id")
    assert ids == [("4412", CONFIRMED), ("4413", CANDIDATE)]
