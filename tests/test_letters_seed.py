"""The letters' wording checked against the call guide, path by path (issue 10).

Each test first shows the guide says it (``tests/seed/ncsc-call-guide.txt``, a copy of the
CIS Ombudsman update the product encodes), then that the letter says the same and claims
nothing the records do not show: service center, SCOPS, field office, Ombudsman window
open and closed. Plus what a reviewer relies on: name-and-ID pairs for every staff member,
"(not yet confirmed)" marks, no negative day counts, "1 minute", honest subjects.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from companion.errors import UserError
from companion.export import ombudsman_draft, scops_draft, service_center_draft
from companion.export.drafts import WHAT_WENT_WRONG_MAX
from companion.followup import CALL_NCSC, FILE_FORM_7001, follow_up_plan
from companion.records import (
    CONFIRMED,
    FIELD_OFFICE,
    NCSC_CALLED,
    SERVICE_CENTER,
    Call,
    CapturedField,
    Case,
    FollowUpEvent,
    Profile,
    ServiceRequest,
)

SEED = " ".join((Path(__file__).parent / "seed" / "ncsc-call-guide.txt").read_text(encoding="utf-8").split())
NY = ZoneInfo("America/New_York")
PROFILE = Profile(name="Ana Doe", phone="+15551234567", timezone="America/New_York")
CASE = Case(id=1, receipt_number="EAC2219050123", form_type="I-485", a_number="A201553987")
CALL = Call(
    id=1,
    started_at=datetime(2026, 9, 1, 10, 0, tzinfo=NY),
    timezone="America/New_York",
    ended_at=datetime(2026, 9, 1, 10, 1, 1, tzinfo=NY),
    phone_used="+15551234567",
    tier_reached=2,
    hold_seconds=60,
)


def seed_says(phrase: str) -> None:
    assert phrase in SEED, f"the guide does not say: {phrase}"


def fld(id, kind, value, start, status=CONFIRMED):
    return CapturedField(id=id, call_id=1, kind=kind, value=value, start=start, status=status)


FIELDS = [
    fld(1, "staff_name", "Angela", 3.7),
    fld(2, "staff_id", "4862", 12.3),
    fld(3, "receipt_number", "EAC2219050123", 17.1),
    fld(4, "staff_name", "Daniels", 42.4, "candidate"),
    fld(5, "staff_id", "66104", 44.7),
    fld(6, "referral_number", "31577208", 53.2),
]
SC_SR = ServiceRequest(id=1, call_id=1, referral_number="31577208", venue=SERVICE_CENTER, created=date(2026, 9, 1),
                       type="processing delay", service_center="VSC", receipt_number="EAC2219050123", receipt_source="field")
FO_SR = ServiceRequest(id=2, call_id=1, referral_number="31577208", venue=FIELD_OFFICE, created=date(2026, 9, 1),
                       receipt_number="EAC2219050123", receipt_source="field")


def no_negative_days(text: str) -> None:
    assert not re.search(r"-\d+ days?", text), text


# --- service center ------------------------------------------------------------------------


def test_service_center_letter_follows_the_guide():
    seed_says("If USCIS has not responded to your initial service request within 30 days, please email the "
              "service center that has jurisdiction over your case.")
    seed_says("addressed only to the service center which issued your receipt and is identified on the "
              "Form I-797 (Notice of Action)")
    d = service_center_draft(CALL, SC_SR, FIELDS, PROFILE, date(2026, 10, 2), cases=[CASE])
    assert d.to == "vsc.ncscfollowup@dhs.gov"  # the center of the EAC receipt
    assert d.subject.endswith("no response after 30 days")
    assert "I have not received a response within 30 days" in d.body
    assert "the service center that issued my receipt, as shown on my Form I-797 (Notice of Action)" in d.body
    assert d.warnings == []


def test_service_center_letter_never_claims_a_wait_that_has_not_passed():
    d = service_center_draft(CALL, SC_SR, FIELDS, PROFILE, date(2026, 9, 1), cases=[CASE])
    assert "30 days" not in d.subject and "within 30 days" not in d.body
    assert "It was created today and I have not received a response yet." in d.body
    assert any("only 0 days have passed" in w for w in d.warnings)
    one = service_center_draft(CALL, SC_SR, FIELDS, PROFILE, date(2026, 9, 2), cases=[CASE])
    assert "It has been 1 day and" in one.body and any("only 1 day has passed" in w for w in one.warnings)
    # "today" before the request (e.g. --today by mistake): never a negative count.
    before = service_center_draft(CALL, SC_SR, FIELDS, PROFILE, date(2026, 8, 1), cases=[CASE])
    no_negative_days(before.body + before.subject + " ".join(before.warnings))
    assert before.facts["days_since_request"] == 0


# --- SCOPS -----------------------------------------------------------------------------------


def test_scops_letter_follows_the_guide():
    seed_says("If you do not receive a response within 21 days of contacting the service center, you may email "
              "the USCIS Headquarters Office of Service Center Operations at: SCOPSSCATA@dhs.gov and should "
              "receive a response in 10 days.")
    d = scops_draft(CALL, SC_SR, FIELDS, PROFILE, date(2026, 10, 23), emailed_service_center_on=date(2026, 10, 2), cases=[CASE])
    assert d.to == "SCOPSSCATA@dhs.gov"
    assert "When I had no response after 30 days, I emailed the Vermont Service Center (vsc.ncscfollowup@dhs.gov)" in d.body
    assert "I have received no response in the 21 days since." in d.body
    later = scops_draft(CALL, SC_SR, FIELDS, PROFILE, date(2026, 10, 30), emailed_service_center_on=date(2026, 10, 2), cases=[CASE])
    assert "in the 21 days since (28 days so far)." in later.body


def test_scops_letter_with_a_future_email_date_has_no_negative_days():
    """The bug report: a future 'emailed the service center' date gave 'only -31 days'."""
    d = scops_draft(CALL, SC_SR, FIELDS, PROFILE, date(2026, 10, 1), emailed_service_center_on=date(2026, 11, 1), cases=[CASE])
    no_negative_days(d.body + d.subject + " ".join(d.warnings))
    assert "I have received no response yet." in d.body
    assert d.facts["days_since_service_center_emailed"] == 0


# --- field office ----------------------------------------------------------------------------


def test_field_office_path_follows_the_guide():
    seed_says("If USCIS has not responded to your initial service request within 30 days, call the NCSC. "
              "Please have the initial service request referral number with you when you call.")
    seed_says("If you have tried these regular USCIS avenues and have not received the information you seek, "
              "please submit DHS Form 7001 to the Ombudsman.")
    for draft in (service_center_draft, scops_draft):
        kwargs = {"emailed_service_center_on": date(2026, 10, 2)} if draft is scops_draft else {}
        with pytest.raises(UserError, match="call the NCSC again .* with the referral number, not to email"):
            draft(CALL, FO_SR, FIELDS, PROFILE, date(2026, 10, 5), **kwargs)
    (call_ncsc,) = follow_up_plan([], [FO_SR], [], date(2026, 9, 15))
    assert (call_ncsc.kind, call_ncsc.due) == (CALL_NCSC, date(2026, 10, 1))
    assert "have the referral number 31577208 at hand" in call_ncsc.detail
    recalled = FollowUpEvent(id=1, kind=NCSC_CALLED, on=date(2026, 10, 3), sr_id=2)
    done, form = follow_up_plan([], [FO_SR], [recalled], date(2026, 10, 10))
    assert (done.kind, done.status) == (CALL_NCSC, "done")
    assert (form.kind, form.due, form.status) == (FILE_FORM_7001, date(2026, 11, 2), "upcoming")
    assert "tried the regular USCIS avenues: submit DHS Form 7001 to the Ombudsman" in form.detail


# --- the Ombudsman, window open and closed ---------------------------------------------------


def test_ombudsman_letter_window_open_has_what_the_guide_asks_for():
    seed_says("the Ombudsman can request that USCIS review an NCSC call to further understand your inquiry, "
              "if you called the NCSC within the last 90 days.")
    seed_says("It is also helpful to have the date and time of the call, the phone number you used to make the "
              "call, as well as the ID number of the customer service representative or the officer\u2019s name")
    seed_says("cisombudsman@dhs.gov")
    d = ombudsman_draft(CALL, FIELDS, PROFILE, date(2026, 11, 29), service_requests=[SC_SR], cases=[CASE], case=CASE)
    assert d.to == "cisombudsman@dhs.gov"
    assert "request USCIS to review the call, to understand my inquiry" in d.body
    assert "within the 90 days in which you can ask for a review: 1 day is left, until November 30, 2026." in d.body
    assert "Date and time of the call: Tuesday, September 1, 2026, 10:00 AM EDT (America/New_York)" in d.body
    assert "Phone number I called from: 555-123-4567" in d.body
    # Both staff members, each name with its ID, Tier 1 and Tier 2.
    assert "  - Tier 1 (Customer Service Representative): Angela, ID 4862\n" in d.body
    assert "  - Tier 2 (Immigration Services Officer): Daniels (not yet confirmed), ID 66104\n" in d.body
    assert "Time on hold: 1 minute\n" in d.body and "Length of the call: about 1 minute\n" in d.body
    assert [s["staff_id"] for s in d.facts["staff"]] == ["4862", "66104"]


def test_ombudsman_letter_window_closed_is_refused_unless_forced():
    with pytest.raises(UserError, match="only calls from the last 90 days"):
        ombudsman_draft(CALL, FIELDS, PROFILE, date(2026, 12, 1), cases=[CASE])
    d = ombudsman_draft(CALL, FIELDS, PROFILE, date(2026, 12, 1), cases=[CASE], force=True)
    assert "more than the 90 days in which you can usually ask for a review" in d.body
    assert any("91 days old, past the 90-day review window" in w for w in d.warnings)
    no_negative_days(d.body)


def test_what_went_wrong_is_the_users_sentence():
    d = ombudsman_draft(CALL, FIELDS, PROFILE, date(2026, 9, 2), what_went_wrong="  The agent hung up\n on me. ")
    assert "What went wrong, in my own words: The agent hung up on me.\n" in d.body
    with pytest.raises(UserError, match="what went wrong: .* too long"):
        ombudsman_draft(CALL, FIELDS, PROFILE, date(2026, 9, 2), what_went_wrong="x" * (WHAT_WENT_WRONG_MAX + 1))


# --- two imported calls, one case, one letter --------------------------------------------------


def test_two_imported_calls_about_one_receipt_appear_in_one_timeline_and_the_ombudsman_letter(store, shared_corpus):
    from companion import casefile
    from companion.workflows import draft_for, import_transcript

    store.set_profile(name="Tomas Herrera", phone="555-201-3344", timezone="America/New_York")
    store.add_case("EAC2219050123", form_type="I-485", a_number="A201553987")
    first = import_transcript(store, shared_corpus / "transfer-to-tier2.jsonl", datetime(2026, 9, 1, 10, tzinfo=NY))
    second = import_transcript(store, shared_corpus / "tier1-service-request.jsonl", datetime(2026, 10, 15, 10, tzinfo=NY))
    for f in store.fields(first):
        if f.kind == "receipt_number":
            store.set_field(f.id, status=CONFIRMED)
    casefile.link_call(store, "EAC2219050123", second)
    store.update_call(first, tier_reached=2)
    sr = store.add_service_request(first, "31577208", SERVICE_CENTER, type="processing delay", today=date(2026, 11, 1))
    store.record_event("service_center_emailed", "2026-10-02", sr_id=sr.id, today=date(2026, 11, 1))

    timeline = casefile.case_timeline(store, "EAC2219050123", date(2026, 11, 1))
    assert [c["id"] for c in timeline["calls"]] == [first, second]

    body = draft_for(store, second, "ombudsman", today=date(2026, 10, 20)).body
    history = body.split("My other contacts with USCIS about this case:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert history == [
        ("  - September 1, 2026, 10:00 EDT: called the USCIS Contact Center; spoke with "
        "Tier 1 (Customer Service Representative): Angela (not yet confirmed), ID 4862 (not yet confirmed); "
        "Tier 2 (Immigration Services Officer): Daniels (not yet confirmed), ID 66104 (not yet confirmed); "
        "referral number 31577208"),
        "  - September 1, 2026: service request 31577208 (processing delay), a service center matter",
        "  - October 2, 2026: emailed the Vermont Service Center (vsc.ncscfollowup@dhs.gov) about service request 31577208",
    ]
    # The call is about the case the user linked, so the case's receipt is the one named.
    assert "Receipt number: EAC2219050123\n" in body and "IOE0891447326" not in body
    # The first call's letter lists the second call.
    first_body = draft_for(store, first, "ombudsman", today=date(2026, 10, 20)).body
    assert "October 15, 2026, 10:00 EDT: called the USCIS Contact Center; spoke with Robert" in first_body
    # A call about no case has no such list.
    lone = import_transcript(store, shared_corpus / "spelled-and-corrected.jsonl", datetime(2026, 10, 19, 10, tzinfo=NY))
    assert "My other contacts" not in draft_for(store, lone, "ombudsman", today=date(2026, 10, 20)).body
    assert timedelta(0) < store.call(first).ended_at - store.call(first).started_at
