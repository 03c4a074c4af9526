"""Email drafts: facts, field choice, the 90-day window, and the four output formats."""

from __future__ import annotations

import email
import email.policy
import json
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.errors import UserError
from companion.export import Draft, best_fields, call_time_display, ombudsman_draft, scops_draft, service_center_draft
from companion.records import (
    A_NUMBER,
    CANDIDATE,
    CONFIRMED,
    FIELD_OFFICE,
    RECEIPT_NUMBER,
    REFERRAL_NUMBER,
    REJECTED,
    SERVICE_CENTER,
    STAFF_ID,
    STAFF_NAME,
    TIER,
    Call,
    CapturedField,
    Case,
    Profile,
    ServiceRequest,
)

NY = "America/New_York"
PROFILE = Profile(name="Jane Q. Doe", phone="+15559876543")
CALL = Call(
    id=7,
    started_at=datetime(2026, 3, 2, 14, 5, tzinfo=ZoneInfo(NY)),
    timezone=NY,
    phone_used="+15551234567",
    tier_reached=2,
    notes="Officer said the case is past processing times; created an expedite request.",
)
SR = ServiceRequest(
    id=3, call_id=7, referral_number="76013389", venue=SERVICE_CENTER, created=date(2026, 3, 2),
    type="expedite request", service_center="VSC", receipt_number="EAC0912345678",
)
CASE = Case(id=1, receipt_number="EAC0912345678", form_type="I-485", a_number="A012345678")


def fld(id, kind, value, confidence=0.9, status=CANDIDATE, call_id=7) -> CapturedField:
    return CapturedField(id=id, call_id=call_id, kind=kind, value=value, confidence=confidence, status=status)


FIELDS = [
    fld(1, STAFF_ID, "4471", 0.95, CONFIRMED),
    fld(2, STAFF_ID, "5582", 0.70, CONFIRMED),
    fld(3, STAFF_NAME, "Officer Rivera", 0.60),
    fld(4, STAFF_NAME, "Officer Riviera", 0.40),
    fld(5, REFERRAL_NUMBER, "76013389", 0.9, CONFIRMED),
    fld(6, RECEIPT_NUMBER, "EAC0912345678", 0.9, CONFIRMED),
    fld(7, A_NUMBER, "A012345678", 0.8),
    fld(8, A_NUMBER, "A099999999", 0.99, REJECTED),
]


def om(today=date(2026, 3, 22), fields=FIELDS, **kw) -> Draft:
    kw.setdefault("service_requests", [SR])
    return ombudsman_draft(CALL, fields, PROFILE, today, **kw)


# --- best_fields ------------------------------------------------------------------------


def test_confirmed_beats_a_higher_confidence_candidate():
    fields = [fld(1, STAFF_ID, "1111", 0.3, CONFIRMED), fld(2, STAFF_ID, "2222", 0.99)]
    assert [f.value for f in best_fields(fields)[STAFF_ID]] == ["1111"]


def test_all_confirmed_values_are_kept_once_each():
    fields = [
        fld(1, STAFF_ID, "1111", status=CONFIRMED),
        fld(2, STAFF_ID, "2222", status=CONFIRMED),
        fld(3, STAFF_ID, "11 11", status=CONFIRMED),
    ]
    assert [f.value for f in best_fields(fields)[STAFF_ID]] == ["1111", "2222"]


def test_best_candidate_by_confidence_latest_on_tie():
    """records.ranked_fields, the rule the Live screen uses too: a tie goes to the later reading."""
    fields = [fld(1, STAFF_NAME, "A", 0.5), fld(2, STAFF_NAME, "B", 0.8), fld(3, STAFF_NAME, "C", 0.8)]
    assert [f.value for f in best_fields(fields)[STAFF_NAME]] == ["C"]


def test_rejected_never_chosen():
    fields = [fld(1, A_NUMBER, "A099999999", 1.0, REJECTED)]
    assert best_fields(fields) == {}
    fields.append(fld(2, A_NUMBER, "A012345678", 0.1))
    assert [f.value for f in best_fields(fields)[A_NUMBER]] == ["A012345678"]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([STAFF_ID, STAFF_NAME, A_NUMBER]),
            st.sampled_from(["1", "2", "3"]),
            st.floats(0, 1),
            st.sampled_from([CANDIDATE, CONFIRMED, REJECTED]),
        ),
        max_size=12,
    )
)
def test_best_fields_properties(rows):
    fields = [fld(i, k, v, c, s) for i, (k, v, c, s) in enumerate(rows)]
    best = best_fields(fields)
    for kind, chosen in best.items():
        of_kind = [f for f in fields if f.kind == kind]
        assert chosen and all(f.status != REJECTED for f in chosen)
        if any(f.status == CONFIRMED for f in of_kind):
            assert all(f.status == CONFIRMED for f in chosen)
            assert {f.value for f in chosen} == {f.value for f in of_kind if f.status == CONFIRMED}
        else:
            (one,) = chosen
            assert one.confidence == max(f.confidence for f in of_kind if f.status == CANDIDATE)
    for kind in {f.kind for f in fields} - set(best):
        assert all(f.status == REJECTED for f in fields if f.kind == kind)


# --- the Ombudsman draft ----------------------------------------------------------------------


def test_ombudsman_draft_contains_every_fact():
    d = om(cases=[CASE])
    assert d.kind == "ombudsman"
    assert d.to == "cisombudsman@dhs.gov"
    assert "March 2, 2026" in d.subject and "2026-03-02" in d.subject
    for fact in (
        "Monday, March 2, 2026, 2:05 PM EST (America/New_York)",
        "555-123-4567",  # phone used
        "4471",
        "5582",  # every staff ID
        "Officer Rivera (not yet confirmed)",
        "Tier 2 (Immigration Services Officer)",
        "76013389",
        "EAC0912345678",
        "A012345678",
        "past processing times",  # the user's notes
        "70 days are left",
        "May 31, 2026",
        "Jane Q. Doe",
        "555-987-6543",  # signature
    ):
        assert fact in d.body, fact
    assert "Officer Riviera" not in d.body  # not the best candidate
    assert "A099999999" not in d.body  # rejected
    assert d.body.rstrip().endswith("Jane Q. Doe\n555-987-6543")
    assert d.facts["days_left"] == 70
    assert d.facts["staff_ids"] == [{"value": "4471", "confirmed": True}, {"value": "5582", "confirmed": True}]
    assert d.facts["staff_names"] == [{"value": "Officer Rivera", "confirmed": False}]


def test_unconfirmed_value_is_marked_and_explained():
    d = om(fields=[fld(1, STAFF_ID, "4471", 0.7)], service_requests=[])
    assert "Staff member I spoke with: name not recorded, ID 4471 (not yet confirmed)" in d.body
    assert '"(not yet confirmed)"' in d.body


def test_candidate_matching_a_typed_case_counts_as_confirmed():
    d = om(fields=[fld(1, A_NUMBER, "A012345678", 0.5)], cases=[CASE], service_requests=[])
    assert "A-number: A012345678\n" in d.body


def test_case_values_fill_in_when_the_call_has_none():
    d = om(fields=[], service_requests=[], cases=[CASE])
    assert "Receipt number: EAC0912345678" in d.body
    assert "A-number: A012345678" in d.body
    assert "Staff ID number or name: not recorded" in d.body


def test_ombudsman_uses_profile_address_and_tier_from_field():
    call = Call(id=7, started_at=CALL.started_at, timezone=NY)
    profile = Profile(name="J", phone="+15559876543", ombudsman_email="cisombudsman@hq.dhs.gov")
    d = ombudsman_draft(call, [fld(1, TIER, "1", 0.8)], profile, date(2026, 3, 3))
    assert d.to == "cisombudsman@hq.dhs.gov"
    assert "Tier reached: Tier 1 (Customer Service Representative) (not yet confirmed)" in d.body
    assert "Phone number I called from: 555-987-6543" in d.body  # falls back to the profile


def test_fields_of_other_calls_are_ignored():
    d = om(fields=[fld(1, STAFF_ID, "9999", 1.0, CONFIRMED, call_id=8)], service_requests=[])
    assert "9999" not in d.body


def test_refuses_a_call_older_than_90_days():
    call = Call(id=7, started_at=datetime(2026, 1, 2, 9, 0, tzinfo=ZoneInfo(NY)), timezone=NY)
    with pytest.raises(UserError) as err:
        ombudsman_draft(call, [], PROFILE, date(2026, 5, 2))
    assert str(err.value) == (
        "call on 2026-01-02 is 120 days old; the Ombudsman can ask USCIS to review only calls "
        "from the last 90 days (use --force to draft it anyway)"
    )
    d = ombudsman_draft(call, [], PROFILE, date(2026, 5, 2), force=True)
    assert "120 days ago" in d.body and "more than the 90 days" in d.body
    assert d.warnings and d.facts["days_left"] == -30


def test_day_90_is_still_allowed_day_91_is_not():
    assert om(today=date(2026, 5, 31)).facts["days_left"] == 0
    with pytest.raises(UserError):
        om(today=date(2026, 6, 1))


def test_late_evening_call_keeps_its_local_date_and_zone():
    local = datetime(2026, 3, 7, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    call = Call(id=7, started_at=local.astimezone(UTC), timezone="America/Los_Angeles")
    assert call_time_display(call) == "Saturday, March 7, 2026, 11:30 PM PST (America/Los_Angeles)"
    d = ombudsman_draft(call, [], PROFILE, date(2026, 3, 8))
    assert "2026-03-07" in d.subject
    assert d.facts["window_last_day"] == "2026-06-05"


def test_time_display_noon_midnight_and_daylight_time():
    def at(h, m, month=7):
        return call_time_display(Call(id=1, started_at=datetime(2026, month, 6, h, m, tzinfo=ZoneInfo(NY)), timezone=NY))

    assert at(0, 7) == "Monday, July 6, 2026, 12:07 AM EDT (America/New_York)"
    assert at(12, 0) == "Monday, July 6, 2026, 12:00 PM EDT (America/New_York)"


# --- service center and SCOPS drafts -----------------------------------------------------


def test_service_center_draft_facts_and_address():
    d = service_center_draft(CALL, SR, FIELDS, PROFILE, date(2026, 4, 15), cases=[CASE])
    assert d.kind == "service-center"
    assert d.to == "vsc.ncscfollowup@dhs.gov"
    assert "76013389" in d.subject and "EAC0912345678" in d.subject
    for fact in (
        "Dear Vermont Service Center,",
        "March 2, 2026 (2026-03-02)",
        "referral number: 76013389",
        "Receipt number: EAC0912345678",
        "Form: I-485",
        "What was requested: expedite request",
        "44 days",
        "within 30 days",
        "A-number: A012345678",
        "Name: Jane Q. Doe",
    ):
        assert fact in d.body, fact
    assert d.warnings == []
    assert d.facts["service_center"]["code"] == "VSC"


def test_service_center_found_from_the_calls_receipt_when_sr_names_none():
    sr = ServiceRequest(id=3, call_id=7, referral_number="76013389", venue=SERVICE_CENTER, created=date(2026, 3, 2))
    d = service_center_draft(CALL, sr, [fld(1, RECEIPT_NUMBER, "WAC2212345678", 0.9, CONFIRMED)], PROFILE, date(2026, 4, 15))
    assert d.to == "csc-ncsc-followup@dhs.gov"


def test_service_center_unknown_gives_a_draft_without_address_and_a_warning():
    sr = ServiceRequest(id=3, call_id=7, referral_number="76013389", venue=SERVICE_CENTER, created=date(2026, 3, 2), receipt_number="MSC0912345678")
    d = service_center_draft(CALL, sr, [], PROFILE, date(2026, 4, 15))
    assert d.to == ""
    assert any("National Benefits Center" in w for w in d.warnings)
    assert "To: \n" in d.as_text()
    assert "To" not in email.message_from_bytes(d.as_eml(), policy=email.policy.default)


def test_service_center_too_early_warns():
    d = service_center_draft(CALL, SR, [], PROFILE, date(2026, 3, 20))
    assert any("only 18 days" in w for w in d.warnings)
    assert "It has been 18 days" in d.body


@pytest.mark.parametrize("draft", [service_center_draft, scops_draft])
def test_refuses_without_a_service_request(draft):
    kw = {"emailed_service_center_on": date(2026, 4, 2)} if draft is scops_draft else {}
    with pytest.raises(UserError, match=r"no service request.*companion sr add 7"):
        draft(CALL, None, FIELDS, PROFILE, date(2026, 5, 1), **kw)


def test_refuses_a_field_office_request():
    sr = ServiceRequest(id=3, call_id=7, referral_number="1234567", venue=FIELD_OFFICE, created=date(2026, 3, 2))
    with pytest.raises(UserError, match="call the NCSC again"):
        service_center_draft(CALL, sr, [], PROFILE, date(2026, 5, 1))


def test_scops_draft():
    d = scops_draft(CALL, SR, FIELDS, PROFILE, date(2026, 4, 25), emailed_service_center_on=date(2026, 4, 2), cases=[CASE])
    assert d.kind == "scops"
    assert d.to == "SCOPSSCATA@dhs.gov"
    assert "Vermont Service Center" in d.subject and "76013389" in d.subject
    for fact in (
        "emailed the Vermont Service Center (vsc.ncscfollowup@dhs.gov) on April 2, 2026 (2026-04-02)",
        "no response in the 21 days since",
        "referral number: 76013389",
        "Receipt number: EAC0912345678",
        "What was requested: expedite request",
        "A-number: A012345678",
        "Jane Q. Doe",
    ):
        assert fact in d.body, fact
    assert d.facts["service_center_emailed_on"] == "2026-04-02"
    assert d.warnings == []


def test_scops_too_early_warns():
    d = scops_draft(CALL, SR, [], PROFILE, date(2026, 4, 12), emailed_service_center_on=date(2026, 4, 2))
    assert any("only 10 days" in w for w in d.warnings)


# --- formats -----------------------------------------------------------------------------


ALL_DRAFTS = [
    lambda: om(cases=[CASE]),
    lambda: service_center_draft(CALL, SR, FIELDS, PROFILE, date(2026, 4, 15), cases=[CASE]),
    lambda: scops_draft(CALL, SR, FIELDS, PROFILE, date(2026, 4, 25), emailed_service_center_on=date(2026, 4, 2)),
]


@pytest.mark.parametrize("make", ALL_DRAFTS)
def test_as_text(make):
    d = make()
    assert d.as_text() == f"To: {d.to}\nSubject: {d.subject}\n\n{d.body}"


@pytest.mark.parametrize("make", ALL_DRAFTS)
def test_eml_parses_back_with_headers_and_body(make):
    d = make()
    msg = email.message_from_bytes(d.as_eml(), policy=email.policy.default)
    assert msg["To"] == d.to
    assert msg["Subject"] == d.subject  # long subjects fold and unfold intact
    assert msg["X-Unsent"] == "1"
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content().replace("\r\n", "\n") == d.body


@pytest.mark.parametrize("make", ALL_DRAFTS)
def test_mailto_round_trips(make):
    d = make()
    uri = d.as_mailto()
    assert uri.startswith("mailto:") and " " not in uri and "\n" not in uri
    parts = urlsplit(uri)
    assert unquote(parts.path) == d.to
    q = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert q["subject"] == [d.subject]
    assert q["body"][0].replace("\r\n", "\n") == d.body


def test_mailto_encodes_reserved_characters():
    d = Draft(to="a+b@example.gov", subject="R&D = 100% ok?", body="line 1\nx+y #2", kind="scops", facts={})
    uri = d.as_mailto()
    assert uri.startswith("mailto:a%2Bb@example.gov?subject=R%26D%20%3D%20100%25%20ok%3F&body=")
    assert "line%201%0D%0Ax%2By%20%232" in uri
    q = parse_qs(urlsplit(uri).query)
    assert q["subject"] == ["R&D = 100% ok?"] and q["body"] == ["line 1\r\nx+y #2"]


@pytest.mark.parametrize("make", ALL_DRAFTS)
def test_json_loads(make):
    d = make()
    data = json.loads(d.as_json())
    assert data["to"] == d.to and data["subject"] == d.subject and data["body"] == d.body
    assert data["kind"] == d.kind
    assert data["facts"] == d.facts


def test_non_ascii_name_survives_every_format():
    profile = Profile(name="José Núñez", phone="+15559876543")
    d = ombudsman_draft(CALL, FIELDS, profile, date(2026, 3, 22))
    assert "José Núñez" in email.message_from_bytes(d.as_eml(), policy=email.policy.default).get_content()
    long_subject = Draft(to="a@b.gov", subject="Revisión " * 12, body="Núñez\n", kind="scops", facts={})
    msg = email.message_from_bytes(long_subject.as_eml(), policy=email.policy.default)
    assert msg["Subject"].strip() == long_subject.subject.strip()
    assert all(len(line) <= 78 for line in long_subject.as_eml().splitlines())
    assert "José Núñez" in parse_qs(urlsplit(d.as_mailto()).query)["body"][0]
    assert json.loads(d.as_json())["facts"]["name"] == "José Núñez"


def test_pure_modules_load_no_ui_audio_or_database():
    import subprocess
    import sys

    code = (
        "import sys, companion.followup, companion.export\n"
        "bad = [m for m in ('textual', 'vosk', 'sounddevice', 'sqlite3', 'sqlite_utils') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_number_said_on_the_call_is_never_taken_as_the_phone_used():
    """'The number I called is 1 800 375 5283' must not become the caller's own number."""
    from dataclasses import replace

    from companion.records import PHONE_NUMBER

    call = replace(CALL, phone_used="")
    said = FIELDS + [fld(9, PHONE_NUMBER, "+18003755283", 0.9)]
    body = ombudsman_draft(call, said, Profile(name="Jane Q. Doe"), date(2026, 3, 2), service_requests=[SR]).body
    assert "Phone number I called from: not recorded" in body
    assert "The call was today" in body
    body = ombudsman_draft(call, said, PROFILE, date(2026, 3, 3), service_requests=[SR]).body
    assert "Phone number I called from: 555-987-6543" in body
    assert "The call was yesterday" in body
