"""The store: schema, privacy, validation, durability under kill -9, full-text search."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from companion.errors import UserError
from companion.records import CANDIDATE, CONFIRMED, REJECTED, TYPED
from companion.store import Store


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_private_permissions_wal_and_foreign_keys(store, companion_home):
    assert mode(companion_home) == 0o700
    assert mode(store.path) == 0o600
    store.start_call()
    for suffix in ("-wal", "-shm"):
        side = str(store.path) + suffix
        if os.path.exists(side):
            assert mode(side) & 0o077 == 0, side
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("pragma foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        store.db["utterances"].insert({"call_id": 999, "seq": 1, "text": "orphan"})


def test_migrations_are_recorded_and_reopening_is_idempotent(store):
    from companion.store.migrations import migrations

    expected = [m.name for m in migrations._migrations]
    applied = [r["name"] for r in store.db["_sqlite_migrations"].rows]
    assert applied == expected and expected[0] == "m001_initial"
    store.close()
    again = Store(store.path)
    assert [r["name"] for r in again.db["_sqlite_migrations"].rows] == expected
    again.close()


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "calls.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(UserError, match="not a Call Companion database"):
        Store(bad)


def test_profile_validation_writes_nothing_when_any_value_is_bad(store):
    store.set_profile(name="Ana", phone="(555) 201-3344", state="tx", timezone="America/Chicago")
    with pytest.raises(UserError, match=r"^phone number: '123' is not valid; expected a US phone"):
        store.set_profile(name="Changed", phone="123")
    p = store.profile()
    assert (p.name, p.phone, p.state, p.timezone) == ("Ana", "+15552013344", "TX", "America/Chicago")
    with pytest.raises(UserError, match="time zone"):
        store.set_profile(timezone="Mars/Olympus")
    with pytest.raises(UserError, match="state"):
        store.set_profile(state="ZZ")


@pytest.mark.parametrize(
    "receipt, a_number, error",
    [
        ("EAC221905012", "", "receipt number"),
        ("1234567890123", "", "receipt number"),
        ("EAC2219050123", "A1234567", "A-number"),
        ("EAC2219050123", "B12345678", "A-number"),
    ],
)
def test_bad_case_values_are_refused(store, receipt, a_number, error):
    with pytest.raises(UserError, match=error):
        store.add_case(receipt, a_number=a_number)
    assert store.cases() == []


def test_case_normalises_and_updates_in_place(store):
    c = store.add_case("eac 2219050123", a_number="a12345678", priority_date="2024-02-29", form_type="i-765")
    assert (c.receipt_number, c.a_number, c.priority_date, c.form_type) == (
        "EAC2219050123", "A012345678", date(2024, 2, 29), "I-765")
    again = store.add_case("EAC2219050123", notes="RFE answered")
    assert again.id == c.id and again.notes == "RFE answered" and again.a_number == "A012345678"


def test_call_keeps_local_time_and_zone(store):
    started = datetime(2026, 3, 7, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    call_id = store.start_call(started, timezone="America/Los_Angeles", phone_used="555-201-3344")
    call = store.call(call_id)
    assert call.started_at == started
    assert call.local_date == date(2026, 3, 7)  # 07:30 UTC on the 8th
    assert call.phone_used == "+15552013344"
    with pytest.raises(UserError, match="tier"):
        store.update_call(call_id, tier_reached=3)
    assert store.update_call(call_id, tier_reached=2, hold_seconds=3605.5).hold_seconds == 3605.5


def test_utterances_sequence_words_and_search(store):
    call_id = store.start_call()
    words = [{"word": "referral", "start": 1.0, "end": 1.4, "conf": 0.9}, {"word": "number", "start": 1.5, "end": 1.8, "conf": 1.0}]
    u1 = store.add_utterance(call_id, {"text": "referral number", "result": words, "speaker": "agent"})
    u2 = store.add_utterance(call_id, {"text": "thank you so much"})
    assert (u1.seq, u2.seq) == (1, 2)
    got = store.utterances(call_id)
    assert got[0].words == words and got[0].speaker == "agent" and got[0].start == 1.0
    hits = store.search("referrals")  # porter stemming
    assert [h["id"] for h in hits] == [u1.id]
    assert "[referral]" in hits[0]["snippet"]
    assert store.search('"') == []  # a stray quote is not an FTS syntax error
    assert store.search("thank OR") == []  # operators are treated as words


def test_user_decisions_win_over_extractor_revisions(store):
    from types import SimpleNamespace

    call_id = store.start_call()
    ent = SimpleNamespace(kind="staff_id", value="4862", confidence=0.7, start=1, end=2, text="for eight six two", speaker="agent", key=5, words=[])
    f = store.apply_entity_update(call_id, "add", ent)
    assert (f.status, f.value) == (CANDIDATE, "4862")
    f = store.apply_entity_update(call_id, "update", SimpleNamespace(**{**ent.__dict__, "value": "48621"}))
    assert f.value == "48621"
    store.set_field(f.id, status=CONFIRMED)
    store.apply_entity_update(call_id, "update", SimpleNamespace(**{**ent.__dict__, "value": "999"}))
    store.apply_entity_update(call_id, "remove", ent)
    assert store.field(f.id).value == "48621" and store.field(f.id).status == CONFIRMED
    fixed = store.set_field(f.id, value="4862")
    assert (fixed.value, fixed.source, fixed.status) == ("4862", TYPED, CONFIRMED)
    with pytest.raises(UserError, match="staff ID"):
        store.set_field(f.id, value="4 8 6 2 !")
    assert store.field(f.id).value == "4862"
    assert store.set_field(f.id, status=REJECTED).status == REJECTED


def test_a_field_the_assist_corrected_is_the_extractors_still_not_the_users(store):
    # "six four zero to eighty one five" (6402815): the assist's reading 64028815 replaced it;
    # the extractor's later readings under the key that fit a referral's eight digits worse —
    # the old one said again (read back), or revised by a digit to nine — are that number
    # again, never a second field beside the assist's
    from types import SimpleNamespace

    call_id = store.start_call()
    ent = SimpleNamespace(kind="referral_number", value="6402815", confidence=0.6, start=1.0, end=3.0,
                          text="six four zero to eighty one five", speaker="agent", key=7, words=[])
    f = store.apply_entity_update(call_id, "add", ent)
    assisted = store.assist_field(f.id, "64028815")
    assert (assisted.source, assisted.status) == ("assisted", CANDIDATE)
    again = store.apply_entity_update(call_id, "update", SimpleNamespace(**{**ent.__dict__, "start": 8.0, "end": 10.0}))
    assert (again.id, again.value, again.start) == (f.id, "64028815", 8.0)
    longer = store.apply_entity_update(call_id, "update", SimpleNamespace(**{**ent.__dict__, "value": "640288155"}))
    assert (longer.id, longer.value) == (f.id, "64028815")
    assert [x.value for x in store.fields(call_id)] == ["64028815"]
    # a field of another kind under the key is no reading of it: left as it is
    other = store.apply_entity_update(call_id, "update", SimpleNamespace(**{**ent.__dict__, "kind": "staff_id", "value": "4862"}))
    assert (other.id, other.kind, other.value) == (f.id, "referral_number", "64028815")
    # a reading that fits as well (eight digits too) may be the right one: a candidate beside
    beside = store.apply_entity_update(call_id, "update", SimpleNamespace(**{**ent.__dict__, "value": "64028155"}))
    assert beside.id != f.id and (beside.value, beside.source, beside.status) == ("64028155", "extracted", CANDIDATE)
    assert (store.field(f.id).value, store.field(f.id).source) == ("64028815", "assisted")


def test_the_users_decision_on_an_assisted_field_still_wins(store):
    from types import SimpleNamespace

    call_id = store.start_call()
    ent = SimpleNamespace(kind="referral_number", value="6402815", confidence=0.6, start=1.0, end=3.0,
                          text="six four zero to eighty one five", speaker="agent", key=7, words=[])
    f = store.apply_entity_update(call_id, "add", ent)
    store.assist_field(f.id, "64028815")
    store.set_field(f.id, status=CONFIRMED)
    # confirmed, the field is theirs: never changed; a different reading is a new candidate
    same = store.apply_entity_update(call_id, "update", SimpleNamespace(**{**ent.__dict__, "start": 8.0}))
    assert same.id != f.id and same.value == "6402815"
    assert (store.field(f.id).value, store.field(f.id).status, store.field(f.id).start) == ("64028815", CONFIRMED, 1.0)
    store.apply_entity_update(call_id, "remove", ent)
    assert [x.id for x in store.fields(call_id)] == [f.id]


def test_service_request_looks_up_center_from_captured_receipt(store):
    call_id = store.start_call(datetime(2026, 1, 5, 10, tzinfo=ZoneInfo("America/New_York")), timezone="America/New_York")
    store.add_field(call_id, "receipt_number", "WAC2419266107")
    sr = store.add_service_request(call_id, "8842-9163", "service-center", type="processing delay")
    assert (sr.referral_number, sr.service_center, sr.created, sr.receipt_number) == (
        "88429163", "CSC", date(2026, 1, 5), "WAC2419266107")
    with pytest.raises(UserError, match="venue"):
        store.add_service_request(call_id, "88429163", "embassy")
    with pytest.raises(UserError, match="referral number"):
        store.add_service_request(call_id, "12", "field-office")
    ev = store.record_event("service_center_emailed", "2026-02-04", sr_id=sr.id)
    assert ev.on == date(2026, 2, 4)
    with pytest.raises(UserError, match="date"):
        store.record_event("scops_emailed", "02/04/2026", sr_id=sr.id)
    assert len(store.events()) == 1


WRITER = textwrap.dedent(
    """
    import sys, time
    from companion.store import Store
    store = Store(sys.argv[1])
    call_id = store.start_call(source="live")
    i = 0
    while True:
        i += 1
        store.add_utterance(call_id, {"text": f"utterance number {i}", "result": []})
        print(i, flush=True)
    """
)


def test_kill_minus_nine_mid_call_loses_no_committed_utterance(tmp_path):
    """A process writing a live call is killed with SIGKILL: everything it reported as
    committed is in the file, and the file passes integrity_check."""
    db = tmp_path / "calls.db"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True)
    committed = 0
    deadline = time.monotonic() + 30
    while committed < 200 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        committed = int(line)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert committed >= 200, "writer did not get going"
    store = Store(db)
    texts = [u.text for u in store.utterances(1)]
    assert len(texts) >= committed
    assert texts[:committed] == [f"utterance number {i}" for i in range(1, committed + 1)]
    assert store.integrity_check() == "ok"
    store.close()


def test_another_process_sees_a_call_while_it_is_being_written(store):
    call_id = store.start_call(source="live")
    store.add_utterance(call_id, {"text": "my operator i d is two two seven one nine"})
    out = subprocess.run(
        [sys.executable, "-m", "companion", "show", str(call_id), "--json"],
        capture_output=True, text=True, env=os.environ.copy(), timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "two two seven one nine" in out.stdout


def test_search_lists_the_most_recently_recorded_first_and_honours_limit(store):
    first = store.start_call()
    store.add_utterance(first, {"text": "your referral number is seven six"})
    second = store.start_call()
    for i in range(5):
        store.add_utterance(second, {"text": f"the referral number again {i}"})
    hits = store.search("referral number", limit=3)
    assert [h["call_id"] for h in hits] == [second] * 3
    assert [h["text"] for h in hits] == [f"the referral number again {i}" for i in (4, 3, 2)]
    assert store.search("seven six")[0]["call_id"] == first
