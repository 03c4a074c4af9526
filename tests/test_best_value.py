"""One best-value rule for a field: the Live screen, Review, the letters, the store's
summaries (CLI `calls`, Home) and the service request's receipt all pick the same value."""

from __future__ import annotations

from types import SimpleNamespace

from companion.export import best_fields
from companion.records import CONFIRMED, REJECTED, best_field, best_value, ranked_fields
from companion.session import best_value as live_best_value


def _heard(store, call_id, key, kind, value, conf, start):
    ent = SimpleNamespace(kind=kind, value=value, confidence=conf, start=start, end=start + 2, text="",
                          speaker="agent", key=key, words=[])
    return store.apply_entity_update(call_id, "add", ent)


def _everyone(store, call_id, kind):
    fields = store.fields(call_id)
    summary = next(s for s in store.call_summaries() if s["call"].id == call_id)
    return {
        "live": live_best_value(fields, kind),
        "review": best_value(fields, kind),
        "letters": best_fields(fields)[kind][0].value if kind in best_fields(fields) else "",
        "summaries": summary["best"].get(kind, ""),
    }


def test_every_surface_picks_the_same_referral_on_a_confidence_tie(store):
    call_id = store.start_call()
    _heard(store, call_id, 1, "referral_number", "76013389", 0.8, 10.0)  # heard first
    _heard(store, call_id, 2, "referral_number", "76013384", 0.8, 40.0)  # same confidence, later
    _heard(store, call_id, 3, "referral_number", "11111111", 0.5, 50.0)
    assert set(_everyone(store, call_id, "referral_number").values()) == {"76013384"}


def test_confirmed_beats_confidence_and_rejected_never_counts(store):
    call_id = store.start_call()
    sure = _heard(store, call_id, 1, "receipt_number", "IOE0912345678", 0.95, 10.0)
    low = _heard(store, call_id, 2, "receipt_number", "IOE0912345679", 0.40, 20.0)
    assert set(_everyone(store, call_id, "receipt_number").values()) == {"IOE0912345678"}
    store.set_field(low.id, status=CONFIRMED)
    assert set(_everyone(store, call_id, "receipt_number").values()) == {"IOE0912345679"}
    sr = store.add_service_request(call_id, "76013389", "service-center")
    assert sr.receipt_number == "IOE0912345679"
    store.set_field(low.id, status=REJECTED)
    store.set_field(sure.id, status=REJECTED)
    assert set(_everyone(store, call_id, "receipt_number").values()) == {""}


def test_the_rule_in_order():
    from companion.records import CapturedField

    def f(i, conf, start, status="candidate"):
        return CapturedField(id=i, call_id=1, kind="staff_id", value=str(4000 + i), confidence=conf, start=start,
                             status=status)

    fields = [f(1, 0.9, 5.0), f(2, 0.9, 9.0), f(3, 0.4, 1.0, CONFIRMED), f(4, 1.0, 2.0, REJECTED), f(5, 0.9, None)]
    assert [x.id for x in ranked_fields(fields, "staff_id")] == [3, 2, 1, 5]
    assert best_field(fields, "staff_id").id == 3
    assert best_value(fields, "staff_name") == ""
