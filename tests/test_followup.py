"""Unit tests of the follow-up deadline engine, one block per rule of the call guide."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from companion.errors import UserError
from companion.followup import (
    CALL_NCSC,
    DONE,
    DUE,
    EMAIL_SCOPS,
    EMAIL_SERVICE_CENTER,
    EXPECT_SCOPS_REPLY,
    EXPIRED,
    FILE_FORM_7001,
    NCSC_CALLED,
    OMBUDSMAN_REVIEW_WINDOW,
    OVERDUE,
    UPCOMING,
    Action,
    follow_up_plan,
    open_actions,
    today_in,
)
from companion.records import (
    FIELD_OFFICE,
    FORM_7001_FILED,
    OMBUDSMAN_REVIEW_REQUESTED,
    RESPONSE_RECEIVED,
    SCOPS_EMAILED,
    SERVICE_CENTER,
    SERVICE_CENTER_EMAILED,
    Call,
    FollowUpEvent,
    ServiceRequest,
)

NY = "America/New_York"


def call_at(y, m, d, hh=14, mm=5, tz=NY, id=1) -> Call:
    return Call(id=id, started_at=datetime(y, m, d, hh, mm, tzinfo=ZoneInfo(tz)), timezone=tz)


def sr(created=date(2026, 1, 5), venue=SERVICE_CENTER, id=10, call_id=1, **kw) -> ServiceRequest:
    kw.setdefault("referral_number", "76013389")
    kw.setdefault("receipt_number", "EAC0912345678")
    return ServiceRequest(id=id, call_id=call_id, venue=venue, created=created, **kw)


def ev(kind, on, sr_id=10, call_id=None, id=1) -> FollowUpEvent:
    return FollowUpEvent(id=id, kind=kind, on=on, sr_id=sr_id, call_id=call_id)


def by_kind(actions: list[Action]) -> dict[str, Action]:
    out = {a.kind: a for a in actions}
    assert len(out) == len(actions), "one action per kind expected here"
    return out


def plan_sr(s, events=(), today=date(2026, 1, 20), **kw):
    return by_kind(follow_up_plan([], [s], events, today, **kw))


# --- field office: call the NCSC again after 30 days -------------------------------------


def test_field_office_call_ncsc_30_days_after_request():
    acts = plan_sr(sr(venue=FIELD_OFFICE), today=date(2026, 1, 20))
    a = acts[CALL_NCSC]
    assert set(acts) == {CALL_NCSC}
    assert a.due == date(2026, 2, 4)
    assert a.status == UPCOMING and a.days_left == 15
    assert a.address is None
    assert "76013389" in a.title and "1-800-375-5283" in a.title
    assert "30 days after the service request of 2026-01-05" in a.detail
    assert "referral number 76013389 at hand" in a.detail


@pytest.mark.parametrize(
    "today,status,left",
    [(date(2026, 2, 3), UPCOMING, 1), (date(2026, 2, 4), DUE, 0), (date(2026, 2, 5), OVERDUE, -1)],
)
def test_field_office_status_around_due_day(today, status, left):
    a = plan_sr(sr(venue=FIELD_OFFICE), today=today)[CALL_NCSC]
    assert (a.status, a.days_left) == (status, left)


def test_field_office_done_when_ncsc_called_again():
    a = plan_sr(sr(venue=FIELD_OFFICE), [ev(NCSC_CALLED, date(2026, 2, 6))], today=date(2026, 3, 1))[CALL_NCSC]
    assert a.status == DONE
    assert "Called on 2026-02-06" in a.detail


# --- service center: email the center after 30 days ----------------------------------------


def test_service_center_email_after_30_days_with_vermont_address():
    a = plan_sr(sr())[EMAIL_SERVICE_CENTER]
    assert a.due == date(2026, 2, 4)
    assert a.title == "Email the Vermont Service Center about referral 76013389"
    assert a.address == "vsc.ncscfollowup@dhs.gov"
    assert "No response 30 days after the service request of 2026-01-05" in a.detail


def test_service_center_code_wins_over_receipt_prefix():
    a = plan_sr(sr(service_center="TSC", receipt_number="EAC0912345678"))[EMAIL_SERVICE_CENTER]
    assert a.title.startswith("Email the Texas Service Center")
    assert a.address == "tsc.ncscfollowup@dhs.gov"


def test_service_center_from_receipt_prefix_when_no_code():
    a = plan_sr(sr(service_center=None, receipt_number="WAC2212345678"))[EMAIL_SERVICE_CENTER]
    assert a.address == "csc-ncsc-followup@dhs.gov"


@pytest.mark.parametrize(
    "kw",
    [
        {"service_center": "XYZ"},
        {"service_center": None, "receipt_number": "ZZZ0912345678"},
        {"service_center": None, "receipt_number": ""},
    ],
)
def test_unknown_service_center_still_gives_action_without_address(kw):
    a = plan_sr(sr(**kw))[EMAIL_SERVICE_CENTER]
    assert a.address is None
    assert a.due == date(2026, 2, 4)
    assert "unknown" in a.detail and "no follow-up address is known" in a.detail
    assert "Form I-797" in a.detail


def test_known_center_without_address_says_so():
    a = plan_sr(sr(service_center=None, receipt_number="MSC0912345678"))[EMAIL_SERVICE_CENTER]
    assert a.address is None
    assert "National Benefits Center" in a.title
    assert "No follow-up email address is known for the National Benefits Center" in a.detail


def test_user_service_center_table_is_used(tmp_path):
    table = {
        "service_centers": {"VSC": {"name": "Vermont Service Center", "followup_email": "new-vsc@example.gov"}},
        "prefixes": {"EAC": "VSC"},
    }
    path = tmp_path / "service_centers.json"
    path.write_text(json.dumps(table))
    a = plan_sr(sr(service_center=None), service_centers_path=path)[EMAIL_SERVICE_CENTER]
    assert a.address == "new-vsc@example.gov"


# --- SCOPS after 21 days, reply within 10, then Form 7001 ---------------------------------


def test_center_emailed_makes_it_done_and_scops_appears_21_days_later():
    acts = plan_sr(sr(), [ev(SERVICE_CENTER_EMAILED, date(2026, 2, 5))], today=date(2026, 2, 10))
    assert acts[EMAIL_SERVICE_CENTER].status == DONE
    s = acts[EMAIL_SCOPS]
    assert s.due == date(2026, 2, 26) and s.status == UPCOMING
    assert s.address == "SCOPSSCATA@dhs.gov"
    assert "21 days" in s.detail and "2026-02-05" in s.detail
    assert set(acts) == {EMAIL_SERVICE_CENTER, EMAIL_SCOPS}


def test_scops_emailed_gives_reply_expectation_and_form_7001_the_day_after():
    events = [ev(SERVICE_CENTER_EMAILED, date(2026, 2, 5), id=1), ev(SCOPS_EMAILED, date(2026, 2, 27), id=2)]
    acts = plan_sr(sr(), events, today=date(2026, 3, 9))
    assert acts[EMAIL_SCOPS].status == DONE
    reply, form = acts[EXPECT_SCOPS_REPLY], acts[FILE_FORM_7001]
    assert reply.due == date(2026, 3, 9) and reply.status == DUE
    assert form.due == date(2026, 3, 10) and form.status == UPCOMING
    later = plan_sr(sr(), events, today=date(2026, 3, 10))
    assert later[EXPECT_SCOPS_REPLY].status == OVERDUE
    assert later[FILE_FORM_7001].status == DUE


def test_form_7001_filed_closes_the_chain():
    events = [
        ev(SERVICE_CENTER_EMAILED, date(2026, 2, 5), id=1),
        ev(SCOPS_EMAILED, date(2026, 2, 27), id=2),
        ev(FORM_7001_FILED, date(2026, 3, 12), id=3),
    ]
    acts = plan_sr(sr(), events, today=date(2026, 4, 1))
    assert {a.status for a in acts.values()} == {DONE}
    assert len(acts) == 4


def test_later_step_without_earlier_implies_earlier_done():
    acts = plan_sr(sr(), [ev(SCOPS_EMAILED, date(2026, 3, 1))], today=date(2026, 3, 2))
    assert acts[EMAIL_SERVICE_CENTER].status == DONE
    assert acts[EMAIL_SCOPS].status == DONE
    assert acts[EXPECT_SCOPS_REPLY].due == date(2026, 3, 11)


def test_earliest_of_repeated_events_counts():
    events = [ev(SERVICE_CENTER_EMAILED, date(2026, 2, 20), id=1), ev(SERVICE_CENTER_EMAILED, date(2026, 2, 5), id=2)]
    assert plan_sr(sr(), events)[EMAIL_SCOPS].due == date(2026, 2, 26)


def test_event_naming_only_the_call_applies_to_its_service_requests():
    events = [ev(SERVICE_CENTER_EMAILED, date(2026, 2, 5), sr_id=None, call_id=1)]
    acts = plan_sr(sr(), events)
    assert acts[EMAIL_SERVICE_CENTER].status == DONE
    other_call = plan_sr(sr(call_id=2), events)
    assert other_call[EMAIL_SERVICE_CENTER].status == UPCOMING


def test_events_of_another_sr_do_not_count():
    acts = plan_sr(sr(), [ev(SERVICE_CENTER_EMAILED, date(2026, 2, 5), sr_id=99)])
    assert set(acts) == {EMAIL_SERVICE_CENTER}


# --- a response closes the chain ----------------------------------------------------------


@pytest.mark.parametrize("venue", [FIELD_OFFICE, SERVICE_CENTER])
def test_response_closes_chain_before_first_step(venue):
    acts = plan_sr(sr(venue=venue), [ev(RESPONSE_RECEIVED, date(2026, 1, 15))], today=date(2026, 3, 1))
    assert len(acts) == 1
    (a,) = acts.values()
    assert a.status == DONE
    assert "response was received on 2026-01-15" in a.detail
    assert open_actions(acts.values()) == []


def test_response_after_scops_closes_everything():
    events = [
        ev(SERVICE_CENTER_EMAILED, date(2026, 2, 5), id=1),
        ev(SCOPS_EMAILED, date(2026, 2, 27), id=2),
        ev(RESPONSE_RECEIVED, date(2026, 3, 3), id=3),
    ]
    acts = plan_sr(sr(), events, today=date(2026, 5, 1))
    assert all(a.status == DONE for a in acts.values())


def test_invalid_venue_is_a_user_error():
    with pytest.raises(UserError, match="venue"):
        follow_up_plan([], [sr(venue="consulate")], [], date(2026, 1, 1))


# --- the Ombudsman's 90-day review window ------------------------------------------------


def test_review_window_last_day_is_call_date_plus_90():
    (a,) = follow_up_plan([call_at(2026, 3, 2)], [], [], date(2026, 3, 10))
    assert a.kind == OMBUDSMAN_REVIEW_WINDOW
    assert a.due == date(2026, 5, 31)
    assert a.status == UPCOMING and a.days_left == 82
    assert a.address == "cisombudsman@dhs.gov"
    assert a.call_id == 1 and a.sr_id is None
    assert "2026-03-02" in a.title


@pytest.mark.parametrize(
    "today,status",
    [
        (date(2026, 5, 17), UPCOMING),  # 14 days left
        (date(2026, 5, 18), DUE),  # 13 days left: final 14 days
        (date(2026, 5, 31), DUE),  # last day
        (date(2026, 6, 1), EXPIRED),
    ],
)
def test_review_window_statuses(today, status):
    (a,) = follow_up_plan([call_at(2026, 3, 2)], [], [], today)
    assert a.status == status


def test_review_window_done_when_requested_for_that_call():
    calls = [call_at(2026, 3, 2, id=1), call_at(2026, 3, 3, id=2)]
    events = [FollowUpEvent(id=1, kind=OMBUDSMAN_REVIEW_REQUESTED, on=date(2026, 3, 20), call_id=1)]
    acts = {a.call_id: a for a in follow_up_plan(calls, [], events, date(2026, 7, 1))}
    assert acts[1].status == DONE
    assert acts[2].status == EXPIRED


def test_review_window_uses_profile_address():
    (a,) = follow_up_plan([call_at(2026, 3, 2)], [], [], date(2026, 3, 2), ombudsman_email="cisombudsman@hq.dhs.gov")
    assert a.address == "cisombudsman@hq.dhs.gov"
    assert "cisombudsman@hq.dhs.gov" in a.detail


def test_late_evening_call_keeps_its_local_date_not_utc():
    # 23:30 in New York is 04:30 the next day in UTC; stored in UTC it must not shift.
    local = datetime(2026, 1, 10, 23, 30, tzinfo=ZoneInfo(NY))
    call = Call(id=1, started_at=local.astimezone(UTC), timezone=NY)
    (a,) = follow_up_plan([call], [], [], date(2026, 1, 11))
    assert a.due == date(2026, 4, 10)


# --- plan shape ----------------------------------------------------------------------------


def test_plan_sorted_by_due_then_kind():
    srs = [sr(id=10, venue=FIELD_OFFICE), sr(id=11, venue=SERVICE_CENTER), sr(id=12, created=date(2026, 1, 1))]
    plan = follow_up_plan([call_at(2025, 11, 7)], srs, [], date(2026, 1, 20))
    assert [(a.due, a.kind) for a in plan] == sorted((a.due, a.kind) for a in plan)
    # 2026-01-31 (SR 12), 2026-02-04 twice (kind breaks the tie), 2026-02-05 (call + 90).
    assert [(a.kind, a.sr_id) for a in plan] == [
        (EMAIL_SERVICE_CENTER, 12),
        (CALL_NCSC, 10),
        (EMAIL_SERVICE_CENTER, 11),
        (OMBUDSMAN_REVIEW_WINDOW, None),
    ]


def test_open_actions_drops_done_and_expired():
    calls = [call_at(2025, 1, 1, id=1), call_at(2026, 1, 2, id=2)]
    srs = [sr(id=10), sr(id=11, venue=FIELD_OFFICE)]
    events = [ev(RESPONSE_RECEIVED, date(2026, 1, 9), sr_id=10)]
    plan = follow_up_plan(calls, srs, events, date(2026, 1, 20))
    assert {a.status for a in plan} == {DONE, EXPIRED, UPCOMING}
    assert [(a.kind, a.sr_id, a.call_id) for a in open_actions(plan)] == [
        (CALL_NCSC, 11, 1),
        (OMBUDSMAN_REVIEW_WINDOW, None, 2),
    ]


def test_to_dict_is_json_able():
    (a,) = follow_up_plan([call_at(2026, 3, 2)], [], [], date(2026, 3, 10))
    d = json.loads(json.dumps(a.to_dict()))
    assert d == {
        "kind": OMBUDSMAN_REVIEW_WINDOW,
        "due": "2026-05-31",
        "status": UPCOMING,
        "call_id": 1,
        "sr_id": None,
        "title": a.title,
        "address": "cisombudsman@dhs.gov",
        "detail": a.detail,
        "days_left": 82,
    }


def test_empty_records_give_empty_plan():
    assert follow_up_plan([], [], [], date(2026, 1, 1)) == []


# --- today in the user's zone ---------------------------------------------------------------


def test_today_in_uses_the_zone_not_utc():
    now = datetime(2026, 3, 3, 3, 30, tzinfo=UTC)  # 22:30 on the 2nd in New York
    assert today_in(NY, now) == date(2026, 3, 2)
    assert today_in("Asia/Tokyo", now) == date(2026, 3, 3)
    assert today_in("America/Los_Angeles", now) == date(2026, 3, 2)


def test_today_in_rejects_naive_now():
    with pytest.raises(ValueError):
        today_in(NY, datetime(2026, 3, 3, 3, 30))


def test_today_in_defaults_to_the_clock():
    got = today_in(NY)
    expected = {datetime.now(ZoneInfo(NY)).date(), (datetime.now(ZoneInfo(NY)) - timedelta(seconds=5)).date()}
    assert got in expected
