"""The .ics export of open follow-up actions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from companion.export import action_uid, calendar_ics
from companion.followup import follow_up_plan, open_actions
from companion.records import FIELD_OFFICE, RESPONSE_RECEIVED, SERVICE_CENTER, Call, FollowUpEvent, ServiceRequest

NOW = datetime(2026, 1, 20, 12, 0, tzinfo=UTC)
TODAY = date(2026, 1, 20)


def _plan():
    calls = [
        Call(id=1, started_at=datetime(2026, 1, 5, 23, 30, tzinfo=ZoneInfo("America/New_York")), timezone="America/New_York"),
        Call(id=2, started_at=datetime(2025, 6, 1, 10, 0, tzinfo=ZoneInfo("America/New_York")), timezone="America/New_York"),
    ]
    srs = [
        ServiceRequest(id=10, call_id=1, referral_number="76013389", venue=SERVICE_CENTER, created=date(2026, 1, 5), receipt_number="EAC0912345678"),
        ServiceRequest(id=11, call_id=1, referral_number="1234567", venue=FIELD_OFFICE, created=date(2026, 1, 5)),
        ServiceRequest(id=12, call_id=1, referral_number="7654321", venue=FIELD_OFFICE, created=date(2026, 1, 5)),
    ]
    events = [FollowUpEvent(id=1, kind=RESPONSE_RECEIVED, on=date(2026, 1, 10), sr_id=12)]
    return follow_up_plan(calls, srs, events, TODAY)


def _events(ics: bytes):
    return Calendar.from_ical(ics).walk("VEVENT")


def test_one_event_per_open_action_with_due_date():
    plan = _plan()
    opened = open_actions(plan)
    assert len(opened) == 3 and len(plan) == 5  # a closed chain and an expired window drop out
    events = _events(calendar_ics(plan, now=NOW))
    assert len(events) == len(opened)
    by_uid = {str(e["UID"]): e for e in events}
    for a in opened:
        e = by_uid[action_uid(a)]
        assert e["DTSTART"].dt == a.due and not isinstance(e["DTSTART"].dt, datetime)
        assert e["DTEND"].dt == a.due + timedelta(days=1)
        assert str(e["SUMMARY"]) == a.title
        assert a.detail in str(e["DESCRIPTION"])
        if a.address:
            assert a.address in str(e["DESCRIPTION"])
        triggers = sorted(alarm["TRIGGER"].dt for alarm in e.walk("VALARM"))
        # 9:00 on the day and 9:00 three days before; the 90-day window also on days 60 and 80.
        expected = [timedelta(days=-3, hours=9), timedelta(hours=9)]
        if a.kind == "ombudsman_review_window":
            expected = [timedelta(days=-30, hours=9), timedelta(days=-10, hours=9), *expected]
        assert triggers == expected


def test_calendar_headers():
    cal = Calendar.from_ical(calendar_ics(_plan(), now=NOW))
    assert str(cal["VERSION"]) == "2.0"
    assert "Call Companion" in str(cal["PRODID"])


def test_uids_are_stable_and_unique():
    plan = _plan()
    first = calendar_ics(plan, now=NOW)
    later = follow_up_plan([], [], [], TODAY)  # unrelated; just make sure nothing is global
    assert later == []
    assert first == calendar_ics(plan, now=NOW)
    uids = [str(e["UID"]) for e in _events(first)]
    assert len(uids) == len(set(uids))
    assert "email_service_center-call1-sr10@call-companion.invalid" in uids
    assert "ombudsman_review_window-call1-srnone@call-companion.invalid" in uids
    # The same action on a later day keeps its UID (calendar apps update, not duplicate).
    later_plan = follow_up_plan([], [ServiceRequest(id=10, call_id=1, referral_number="76013389", venue=SERVICE_CENTER, created=date(2026, 1, 5), receipt_number="EAC0912345678")], [], TODAY + timedelta(days=20))
    assert str(_events(calendar_ics(later_plan, now=NOW))[0]["UID"]) == "email_service_center-call1-sr10@call-companion.invalid"


def test_empty_calendar_is_valid():
    cal = Calendar.from_ical(calendar_ics([], now=NOW))
    assert cal.walk("VEVENT") == []


def test_default_now_is_utc_stamp():
    (e, *_) = _events(calendar_ics(_plan()))
    assert e["DTSTAMP"].dt.tzinfo is not None


def test_alarms_ahead_of_each_due_date_and_the_90_day_window_reminders():
    """Reminders come before the day: 3 days ahead for every step; days 60 and 80 of the
    Ombudsman window, with the advice to write well before day 90."""
    window = next(a for a in open_actions(_plan()) if a.kind == "ombudsman_review_window")
    (event,) = [e for e in _events(calendar_ics(_plan(), now=NOW)) if str(e["UID"]) == action_uid(window)]
    call_day = date(2026, 1, 5)  # 23:30 in New York, though already the 6th in UTC
    start = datetime.combine(event.decoded("dtstart"), datetime.min.time())  # the all-day event's 00:00
    fire = {start + alarm["TRIGGER"].dt: str(alarm["DESCRIPTION"]) for alarm in event.walk("VALARM")}
    days = (call_day + timedelta(days=60), call_day + timedelta(days=80), window.due - timedelta(days=3), window.due)
    assert set(fire) == {datetime(d.year, d.month, d.day, 9) for d in days}
    day60 = fire[datetime(2026, 3, 6, 9)]
    assert day60.startswith("Day 60 since your call") and "write well before day 90" in day60
    assert fire[datetime(2026, 3, 26, 9)].startswith("Day 80 since your call")
    assert fire[datetime(2026, 4, 2, 9)].startswith("In 3 days: ")
