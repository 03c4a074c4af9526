"""The case file (issue 10), on a real SQLite store fed through the real import path."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from companion import casefile
from companion.errors import UserError
from companion.followup import (
    CALL_NCSC,
    EMAIL_SCOPS,
    EMAIL_SERVICE_CENTER,
    FILE_FORM_7001,
)
from companion.records import (
    CONFIRMED,
    FIELD_OFFICE,
    RECEIPT_NUMBER,
    SERVICE_CENTER,
    Call,
    CapturedField,
)
from companion.staff import StaffMember, staff_on_call
from companion.store import Store
from companion.workflows import import_transcript

NY = ZoneInfo("America/New_York")
TODAY = date(2026, 11, 20)
RECEIPT = "EAC2219050123"  # read out on transfer-to-tier2.jsonl


def _confirm_receipt(store: Store, call_id: int) -> None:
    for f in store.fields(call_id):
        if f.kind == RECEIPT_NUMBER:
            store.set_field(f.id, status=CONFIRMED)


@pytest.fixture
def two_calls(store, shared_corpus):
    """The transfer call (receipt heard) and a later call about the same case."""
    store.set_profile(name="Tomas Herrera", phone="555-201-3344", timezone="America/Chicago")
    store.add_case(RECEIPT, form_type="I-485", a_number="A201553987")
    first = import_transcript(store, shared_corpus / "transfer-to-tier2.jsonl", datetime(2026, 9, 1, 10, tzinfo=NY))
    second = import_transcript(store, shared_corpus / "tier1-service-request.jsonl", datetime(2026, 10, 15, 10, tzinfo=NY))
    return first, second


# --- calls belong to cases ------------------------------------------------------------------


def test_a_heard_receipt_joins_the_case_only_once_confirmed(store, two_calls):
    first, second = two_calls
    case = store.case_by_receipt(RECEIPT)
    assert casefile.case_of_call(store, first) is None  # heard, not confirmed
    assert store.calls_for_case(case.id) == []
    _confirm_receipt(store, first)
    assert casefile.case_of_call(store, first) == case
    assert [c.id for c in store.calls_for_case(case.id)] == [first]
    assert casefile.case_of_call(store, second) is None  # a call with no case still works


def test_link_by_hand_and_unlink(store, two_calls):
    _first, second = two_calls
    case = casefile.link_call(store, "eac 2219050123", second)
    assert case.receipt_number == RECEIPT
    assert casefile.case_of_call(store, second) == case
    assert store.call(second).case_id == case.id
    casefile.unlink_call(store, second)
    assert casefile.case_of_call(store, second) is None
    with pytest.raises(UserError, match="no case with receipt number IOE0000000001"):
        casefile.link_call(store, "IOE0000000001", second)
    with pytest.raises(UserError, match="receipt number"):
        casefile.link_call(store, "not a receipt", second)


def test_the_users_pick_wins_over_a_confirmed_receipt_of_another_case(store, two_calls):
    first, _ = two_calls
    other = store.add_case("IOE0891447326")
    _confirm_receipt(store, first)
    store.link_call(first, other.id)
    assert casefile.case_of_call(store, first) == other
    assert store.calls_for_case(store.case_by_receipt(RECEIPT).id) == []


def test_two_imported_calls_about_one_receipt_share_one_timeline(store, two_calls):
    first, second = two_calls
    _confirm_receipt(store, first)
    casefile.link_call(store, RECEIPT, second)
    store.update_call(first, tier_reached=2, hold_seconds=61 * 60)
    sr = store.add_service_request(first, "31577208", SERVICE_CENTER, type="processing delay", today=TODAY)
    store.record_event("service_center_emailed", "2026-10-05", sr_id=sr.id, today=TODAY)

    t = casefile.case_timeline(store, RECEIPT, TODAY)
    assert set(t) == {"case", "calls", "service_requests", "events", "due"}
    assert t["case"]["receipt_number"] == RECEIPT and t["case"]["service_center"]["code"] == "VSC"
    assert [c["id"] for c in t["calls"]] == [first, second]
    c1 = t["calls"][0]
    # 10:00 New York is 09:00 in the user's zone (Chicago).
    assert (c1["date"], c1["time"], c1["timezone"]) == ("2026-09-01", "09:00", "America/Chicago")
    assert c1["hold_seconds"] == 61 * 60 and c1["tier_reached"] == 2 and c1["length_seconds"] > 0
    assert [(s["name"], s["staff_id"], s["tier"]) for s in c1["staff"]] == [
        ("Angela", "4862", 1),
        ("Daniels", "66104", 2),
    ]
    assert {"value": "31577208", "confirmed": True} in c1["referral_numbers"]
    assert c1["linked_by"] == "receipt" and t["calls"][1]["linked_by"] == "user"
    assert [(s["id"], s["venue"], s["type"]) for s in t["service_requests"]] == [(sr.id, SERVICE_CENTER, "processing delay")]
    assert [(e["kind"], e["on"], e["label"]) for e in t["events"]] == [
        ("service_center_emailed", "2026-10-05", "emailed the service center")
    ]
    kinds = [(a["kind"], a["due"]) for a in t["due"]]
    assert (EMAIL_SCOPS, "2026-10-26") in kinds  # 21 days after the email
    assert all(a["status"] not in ("done", "expired") for a in t["due"])


# --- staff pairs ----------------------------------------------------------------------------


def _f(id, kind, value, start=None, status="candidate", call_id=1):
    return CapturedField(id=id, call_id=call_id, kind=kind, value=value, start=start, status=status)


CALL2 = Call(id=1, started_at=datetime(2026, 3, 2, 14, 5, tzinfo=NY), timezone="America/New_York", tier_reached=2)


def test_staff_pair_in_spoken_order_and_tier_follows_the_transfer():
    fields = [
        _f(4, "staff_id", "66104", 44.7),
        _f(1, "staff_name", "Angela", 3.7, CONFIRMED),
        _f(3, "staff_name", "Daniels", 42.4),
        _f(2, "staff_id", "4862", 12.3, CONFIRMED),
    ]
    assert staff_on_call(CALL2, fields) == [
        StaffMember("Angela", True, "4862", True, 1),
        StaffMember("Daniels", False, "66104", False, 2),
    ]
    assert staff_on_call(CALL2, fields)[1].show() == (
        "Tier 2 (Immigration Services Officer): Daniels (not yet confirmed), ID 66104 (not yet confirmed)"
    )


def test_an_id_far_from_any_name_stands_alone():
    fields = [_f(1, "staff_name", "Angela", 3.0), _f(2, "staff_id", "4862", 300.0)]
    assert [(m.name, m.staff_id) for m in staff_on_call(CALL2, fields)] == [("Angela", ""), ("", "4862")]


def test_typed_values_pair_by_position_only_when_counts_match():
    typed = [_f(1, "staff_name", "Angela", status=CONFIRMED), _f(2, "staff_name", "Daniels", status=CONFIRMED),
             _f(3, "staff_id", "4862", status=CONFIRMED), _f(4, "staff_id", "66104", status=CONFIRMED)]
    assert [(m.name, m.staff_id) for m in staff_on_call(CALL2, typed)] == [("Angela", "4862"), ("Daniels", "66104")]
    # Three IDs, two names: no guessing who had which.
    more = [*typed, _f(5, "staff_id", "1234", status=CONFIRMED)]
    assert all(not (m.name and m.staff_id) for m in staff_on_call(CALL2, more))


def test_two_hearings_of_one_name_count_once_and_rejected_never():
    fields = [_f(1, "staff_name", "Rivera", 5.0), _f(2, "staff_name", "Riviera", 5.5),
              _f(3, "staff_id", "4471", 9.0, "rejected")]
    assert [(m.name, m.staff_id) for m in staff_on_call(CALL2, fields)] == [("Rivera", "")]


# --- the field-office path ------------------------------------------------------------------


def test_field_office_recall_links_the_new_referral_and_shows_form_7001_next(store, two_calls):
    first, second = two_calls
    sr = store.add_service_request(first, "31577208", FIELD_OFFICE, type="expedite", today=TODAY)
    (step,) = casefile.next_steps(store, sr.id, date(2026, 9, 20))
    assert (step.kind, step.due) == (CALL_NCSC, date(2026, 10, 1))

    recall = casefile.record_ncsc_recall(store, sr.id, "2026-10-15", new_referral="7601 3389", call_id=second, today=TODAY)
    assert recall.new_request is not None
    assert (recall.new_request.referral_number, recall.new_request.parent_sr_id) == ("76013389", sr.id)
    assert recall.new_request.call_id == second and recall.new_request.venue == FIELD_OFFICE
    (nxt,) = recall.next_steps
    assert (nxt.kind, nxt.due, nxt.status) == (FILE_FORM_7001, date(2026, 11, 14), "overdue")
    # Neither request shows a service-center or SCOPS step, and the re-call's request has
    # no chain of its own.
    from companion.workflows import follow_up_actions

    actions = follow_up_actions(store, TODAY)
    assert not [a for a in actions if a.kind in (EMAIL_SERVICE_CENTER, EMAIL_SCOPS)]
    assert not [a for a in actions if a.sr_id == recall.new_request.id]
    done = [a for a in actions if a.kind == CALL_NCSC]
    assert [(a.sr_id, a.status) for a in done] == [(sr.id, "done")]
    # A response on the new request closes the whole chain.
    store.record_event("response_received", "2026-11-18", sr_id=recall.new_request.id, today=TODAY)
    assert casefile.next_steps(store, sr.id, TODAY) == []


def test_recall_refusals_write_nothing(store, two_calls):
    first, second = two_calls
    sc = store.add_service_request(first, "31577208", SERVICE_CENTER, today=TODAY)
    fo = store.add_service_request(first, "11112222", FIELD_OFFICE, today=TODAY)
    with pytest.raises(UserError, match="service center matter"):
        casefile.record_ncsc_recall(store, sc.id, "2026-10-15", today=TODAY)
    with pytest.raises(UserError, match="field office matter"):
        store.record_event("service_center_emailed", "2026-10-15", sr_id=fo.id, today=TODAY)
    with pytest.raises(UserError, match="referral number"):
        casefile.record_ncsc_recall(store, fo.id, "2026-10-15", new_referral="12", call_id=second, today=TODAY)
    with pytest.raises(UserError, match="before call"):  # the re-call is dated before the call it was on
        casefile.record_ncsc_recall(store, fo.id, "2026-10-01", new_referral="76013389", call_id=second, today=TODAY)
    assert store.events() == [] and len(store.service_requests()) == 2


# --- dates that make sense ------------------------------------------------------------------


def test_date_refusals_each_one_line(store, two_calls):
    first, _ = two_calls
    sr = store.add_service_request(first, "31577208", SERVICE_CENTER, today=TODAY)
    cases = [
        (lambda: store.record_event("service_center_emailed", "2026-11-21", sr_id=sr.id, today=TODAY), "in the future"),
        (lambda: store.record_event("service_center_emailed", "2026-08-31", sr_id=sr.id, today=TODAY),
         "before the service request"),
        (lambda: store.add_service_request(first, "76013389", SERVICE_CENTER, created="2026-08-31", today=TODAY),
         "before the call"),
        (lambda: store.add_service_request(first, "76013389", SERVICE_CENTER, created="2026-11-21", today=TODAY),
         "in the future"),
        (lambda: store.record_event("ombudsman_review_requested", "2026-08-30", call_id=first, today=TODAY),
         "before the call"),
        (lambda: store.record_event("ombudsman_review_requested", "2026-12-01", call_id=first, today=date(2026, 12, 2)),
         r"after the 90-day review window .* \(last day 2026-11-30\); use --force"),
    ]
    for fn, message in cases:
        with pytest.raises(UserError, match=message) as err:
            fn()
        assert "\n" not in str(err.value)
    assert store.events() == [] and len(store.service_requests()) == 1
    # Day 90 (2026-11-30) is the last day; after it only with force.
    store.record_event("ombudsman_review_requested", "2026-12-01", call_id=first, today=date(2026, 12, 2), force=True)
    store.record_event("ombudsman_review_requested", "2026-11-30", call_id=first, today=date(2026, 12, 2))
    assert len(store.events()) == 2


# --- delete and undo ------------------------------------------------------------------------


def test_delete_and_undo_restore_everything_and_nothing_leaves_the_file(store, two_calls):
    first, second = two_calls
    sr = store.add_service_request(first, "31577208", FIELD_OFFICE, today=TODAY)
    casefile.record_ncsc_recall(store, sr.id, "2026-10-15", new_referral="76013389", call_id=second, today=TODAY)
    n_utterances = len(store.utterances(first))

    entry = casefile.delete_call(store, first)
    assert "call" in casefile.describe_deletion(entry) and "undo" in casefile.describe_deletion(entry)
    assert [c.id for c in store.calls()] == [second]
    # The call's request and what was recorded about it went with it; the request made on
    # the re-call (a call that still exists) stays, now the first of its chain.
    assert [s.referral_number for s in store.service_requests()] == ["76013389"] and store.events() == []
    with pytest.raises(UserError, match="deleted"):
        store.call(first)
    assert store.search("angela") == [] and store.search_records("4862") == []
    # Still in the file, byte for byte.
    raw = sqlite3.connect(store.path)
    assert raw.execute("select count(*) from utterances where call_id = ?", [first]).fetchone()[0] == n_utterances
    raw.close()

    e2 = casefile.delete_call(store, second)
    assert casefile.undo_last_deletion(store).id == e2.id  # newest first
    assert casefile.undo_last_deletion(store).id == entry.id
    assert casefile.undo_last_deletion(store) is None
    assert sorted(c.id for c in store.calls()) == [first, second]
    assert len(store.service_requests()) == 2 and len(store.events()) == 1
    assert len(store.utterances(first)) == n_utterances


def test_delete_a_request_or_an_event_alone(store, two_calls):
    first, _ = two_calls
    sr = store.add_service_request(first, "31577208", SERVICE_CENTER, today=TODAY)
    keep = store.add_service_request(first, "76013389", SERVICE_CENTER, today=TODAY)
    ev = store.record_event("service_center_emailed", "2026-10-02", sr_id=sr.id, today=TODAY)
    other = store.record_event("service_center_emailed", "2026-10-03", sr_id=keep.id, today=TODAY)
    casefile.delete_event(store, ev.id)
    assert [e.id for e in store.events()] == [other.id]
    casefile.delete_service_request(store, keep.id)
    assert [s.id for s in store.service_requests()] == [sr.id] and store.events() == []
    casefile.undo_last_deletion(store)
    casefile.undo_last_deletion(store)
    assert {e.id for e in store.events()} == {ev.id, other.id}
    with pytest.raises(UserError, match="no follow-up event"):
        casefile.delete_event(store, 999)


# --- search ---------------------------------------------------------------------------------


def test_search_finds_values_by_digits_notes_and_request_types(store, two_calls):
    first, second = two_calls
    store.update_call(second, notes="Agent said the officer would call back within 72 hours")
    store.add_service_request(first, "31577208", SERVICE_CENTER, type="Expedite request", today=TODAY)
    by_digits = store.search_records("3157 7208")
    assert {(h["where"], h["call_id"]) for h in by_digits} >= {("field:referral_number", first), ("service_request", first)}
    assert [h["call_id"] for h in store.search_records("22719")] == [second]  # a staff ID
    assert [h["where"] for h in store.search_records("call back")] == ["notes"]
    assert [h["where"] for h in store.search_records("expedite")] == ["service_request_type"]
    assert store.search_records("100%") == [] and store.search_records("  ") == []


# --- the promotion bug ----------------------------------------------------------------------


def test_a_heard_receipt_is_not_promoted_by_a_service_request(store, shared_corpus):
    call_id = import_transcript(store, shared_corpus / "tier1-service-request.jsonl", datetime(2026, 10, 1, 10, tzinfo=NY))
    sr = store.add_service_request(call_id, "76013389", SERVICE_CENTER, today=TODAY)
    assert (sr.receipt_number, sr.receipt_source, sr.receipt_confirmed) == ("IOE0891447326", "candidate", False)
    from companion.workflows import draft_for

    body = draft_for(store, call_id, "ombudsman", today=date(2026, 10, 5)).body
    assert "Receipt number: IOE0891447326 (not yet confirmed)" in body
    body = draft_for(store, call_id, "service-center", today=date(2026, 11, 5)).body
    assert "Receipt number: IOE0891447326 (not yet confirmed)" in body
    _confirm_receipt(store, call_id)
    typed = store.add_service_request(call_id, "76013390", SERVICE_CENTER, today=TODAY)
    assert typed.receipt_source == "field" and typed.receipt_confirmed
    body = draft_for(store, call_id, "ombudsman", today=date(2026, 10, 5)).body
    assert "Receipt number: IOE0891447326\n" in body


def test_migration_classifies_existing_requests(tmp_path):
    """A database from before the case file: its requests' receipts are classified on open."""
    from sqlite_utils import Database

    from companion.store.migrations import m001_initial

    path = tmp_path / "old.db"
    db = Database(path)
    m001_initial(db)
    db.execute(
        "create table _sqlite_migrations (migration_set text, name text, applied_at text, primary key (migration_set, name))"
    )
    db["_sqlite_migrations"].insert({"migration_set": "companion", "name": "m001_initial", "applied_at": "x"})
    db["cases"].insert({"receipt_number": "EAC2219050123", "created_at": "x"})
    for i, receipt in enumerate(("EAC2219050123", "IOE0891447326", "LIN0000000001"), start=1):
        db["calls"].insert({"id": i, "started_at": "2026-01-05T10:00:00-05:00", "timezone": "America/New_York"})
        db["service_requests"].insert(
            {"call_id": i, "referral_number": f"7601338{i}", "venue": "service-center", "created": "2026-01-05",
             "receipt_number": receipt}
        )
    db["fields"].insert({"call_id": 3, "kind": "receipt_number", "value": "LIN0000000001", "source": "typed",
                         "status": "confirmed"})
    db.conn.commit()
    db.close()
    store = Store(path)
    assert [sr.receipt_source for sr in store.service_requests()] == ["case", "candidate", "field"]
    store.close()


# --- first run -------------------------------------------------------------------------------


def test_system_timezone_is_a_real_zone_and_follows_tz(monkeypatch, store):
    import tzlocal

    monkeypatch.setenv("TZ", "Asia/Seoul")
    tzlocal.reload_localzone()
    assert casefile.system_timezone() == "Asia/Seoul"
    monkeypatch.setenv("TZ", "America/Denver")
    tzlocal.reload_localzone()
    name = casefile.system_timezone()
    assert name == "America/Denver" and ZoneInfo(name).utcoffset(datetime(2026, 1, 1)) == timedelta(hours=-7)
    assert casefile.has_profile(store) is False
    store.set_profile(timezone=name)
    assert casefile.has_profile(store) is True
    monkeypatch.undo()  # leave tzlocal's cache as the machine has it
    tzlocal.reload_localzone()


def test_a_request_joins_its_call_to_a_case_only_by_a_receipt_the_user_gave(store, shared_corpus):
    """With one case on file a request takes its receipt (as before), but that guess does
    not make the call part of the case; a receipt typed for the request does."""
    store.add_case("LIN0000000001")
    call_id = import_transcript(store, shared_corpus / "spelled-and-corrected.jsonl", datetime(2026, 10, 1, 10, tzinfo=NY))
    assert not [f for f in store.fields(call_id) if f.kind == RECEIPT_NUMBER and f.value == "LIN0000000001"]
    other = import_transcript(store, shared_corpus / "tier1-service-request.jsonl", datetime(2026, 10, 2, 10, tzinfo=NY))
    for f in store.fields(other):
        if f.kind == RECEIPT_NUMBER:
            store.set_field(f.id, status="rejected")
    guessed = store.add_service_request(other, "76013389", SERVICE_CENTER, today=TODAY)
    assert (guessed.receipt_number, guessed.receipt_source) == ("LIN0000000001", "case")
    case = store.case_by_receipt("LIN0000000001")
    assert store.calls_for_case(case.id) == [] and store.service_requests_for_case(case.id) == []
    typed = store.add_service_request(call_id, "31577208", SERVICE_CENTER, receipt_number="LIN0000000001", today=TODAY)
    assert typed.receipt_source == "typed"
    assert [c.id for c in store.calls_for_case(case.id)] == [call_id]
    assert [s.id for s in store.service_requests_for_case(case.id)] == [typed.id]
