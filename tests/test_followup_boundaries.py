"""Calendar boundaries: leap day, daylight-saving switches, year end."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from companion.followup import (
    CALL_NCSC,
    EMAIL_SCOPS,
    EMAIL_SERVICE_CENTER,
    OMBUDSMAN_REVIEW_WINDOW,
    follow_up_plan,
)
from companion.records import FIELD_OFFICE, SERVICE_CENTER, SERVICE_CENTER_EMAILED, Call, FollowUpEvent, ServiceRequest


def _sr(created, venue=SERVICE_CENTER):
    return ServiceRequest(
        id=1, call_id=1, referral_number="76013389", venue=venue, created=created, receipt_number="EAC0912345678"
    )


def _kind(plan, kind):
    (a,) = [a for a in plan if a.kind == kind]
    return a


def test_leap_day_plus_30_and_plus_90():
    a = _kind(follow_up_plan([], [_sr(date(2028, 2, 29), FIELD_OFFICE)], [], date(2028, 3, 1)), CALL_NCSC)
    assert a.due == date(2028, 3, 30)
    call = Call(id=1, started_at=datetime(2028, 2, 29, 10, 0, tzinfo=ZoneInfo("America/New_York")), timezone="America/New_York")
    w = _kind(follow_up_plan([call], [], [], date(2028, 3, 1)), OMBUDSMAN_REVIEW_WINDOW)
    assert w.due == date(2028, 5, 29)
    assert w.days_left == 89


def test_thirty_days_across_february_in_a_leap_year():
    a = _kind(follow_up_plan([], [_sr(date(2028, 2, 1))], [], date(2028, 2, 1)), EMAIL_SERVICE_CENTER)
    assert a.due == date(2028, 3, 2)
    b = _kind(follow_up_plan([], [_sr(date(2027, 2, 1))], [], date(2027, 2, 1)), EMAIL_SERVICE_CENTER)
    assert b.due == date(2027, 3, 3)


@pytest.mark.parametrize(
    "tz,local_day,expected_last",
    [
        # Night of the spring-forward switch (2026-03-08 02:00 local).
        ("America/New_York", date(2026, 3, 7), date(2026, 6, 5)),
        ("America/Los_Angeles", date(2026, 3, 7), date(2026, 6, 5)),
        # Night of the fall-back switch (2026-11-01 02:00 local).
        ("America/New_York", date(2026, 10, 31), date(2027, 1, 29)),
        ("America/Los_Angeles", date(2026, 10, 31), date(2027, 1, 29)),
        # The switch day itself, late evening.
        ("America/New_York", date(2026, 3, 8), date(2026, 6, 6)),
        ("America/Los_Angeles", date(2026, 11, 1), date(2027, 1, 30)),
    ],
)
def test_call_at_2330_on_a_dst_night_keeps_its_local_day(tz, local_day, expected_last):
    local = datetime(local_day.year, local_day.month, local_day.day, 23, 30, tzinfo=ZoneInfo(tz))
    stored_utc = local.astimezone(UTC)
    assert stored_utc.date() != local_day  # the trap: UTC is already the next day
    call = Call(id=1, started_at=stored_utc, timezone=tz)
    assert call.local_date == local_day
    w = _kind(follow_up_plan([call], [], [], local_day), OMBUDSMAN_REVIEW_WINDOW)
    assert w.due == expected_last
    assert w.days_left == 90


def test_call_in_one_zone_judged_from_another_zone_uses_the_calls_own_day():
    # Call made while travelling in Los Angeles, 23:30 local; the user's zone is New York.
    call = Call(
        id=1,
        started_at=datetime(2026, 3, 7, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles")),
        timezone="America/Los_Angeles",
    )
    w = _kind(follow_up_plan([call], [], [], date(2026, 3, 8)), OMBUDSMAN_REVIEW_WINDOW)
    assert w.due == date(2026, 6, 5)


def test_year_end_21_days_crosses_into_next_year():
    events = [FollowUpEvent(id=1, kind=SERVICE_CENTER_EMAILED, on=date(2026, 12, 15), sr_id=1)]
    plan = follow_up_plan([], [_sr(date(2026, 11, 10))], events, date(2026, 12, 20))
    a = _kind(plan, EMAIL_SCOPS)
    assert a.due == date(2027, 1, 5)
    assert a.days_left == 16


def test_year_end_30_days():
    a = _kind(follow_up_plan([], [_sr(date(2026, 12, 15))], [], date(2026, 12, 31)), EMAIL_SERVICE_CENTER)
    assert a.due == date(2027, 1, 14)
