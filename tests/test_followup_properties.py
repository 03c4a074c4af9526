"""Property tests of the follow-up engine over random dates and event histories."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from companion.followup import (
    CALL_NCSC,
    CLOSED_STATUSES,
    DONE,
    DUE,
    EMAIL_SCOPS,
    EMAIL_SERVICE_CENTER,
    EXPECT_SCOPS_REPLY,
    EXPIRED,
    FILE_FORM_7001,
    OMBUDSMAN_DUE_WITHIN,
    OMBUDSMAN_REVIEW_WINDOW,
    OVERDUE,
    STATUSES,
    UPCOMING,
    follow_up_plan,
    open_actions,
)
from companion.records import (
    FIELD_OFFICE,
    FORM_7001_FILED,
    RESPONSE_RECEIVED,
    SCOPS_EMAILED,
    SERVICE_CENTER,
    SERVICE_CENTER_EMAILED,
    VENUES,
    Call,
    FollowUpEvent,
    ServiceRequest,
)

# A decorator per test, not a global profile: other modules' tests share the session.
fast = settings(max_examples=100, deadline=None)

dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
offsets = st.integers(min_value=0, max_value=120)
ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Pacific/Honolulu", "America/Anchorage"]
CHAIN_ORDER = [EMAIL_SERVICE_CENTER, EMAIL_SCOPS, EXPECT_SCOPS_REPLY, FILE_FORM_7001]


def _sr(created, venue, id=1, call_id=1):
    return ServiceRequest(id=id, call_id=call_id, referral_number="76013389", venue=venue, created=created, receipt_number="EAC0912345678")


@st.composite
def histories(draw):
    """A service-center SR and a plausible (chronological) subset of its events."""
    created = draw(dates)
    events = []
    on = created
    for i, kind in enumerate([SERVICE_CENTER_EMAILED, SCOPS_EMAILED, FORM_7001_FILED]):
        if not draw(st.booleans()):
            break
        on = on + timedelta(days=draw(offsets))
        events.append(FollowUpEvent(id=i, kind=kind, on=on, sr_id=1))
    if draw(st.booleans()):
        events.append(FollowUpEvent(id=9, kind=RESPONSE_RECEIVED, on=on + timedelta(days=draw(offsets)), sr_id=1))
    today = created + timedelta(days=draw(st.integers(min_value=-10, max_value=400)))
    return created, events, today


@fast
@given(created=dates, today_offset=st.integers(-400, 400))
def test_field_office_due_is_created_plus_30(created, today_offset):
    today = created + timedelta(days=today_offset)
    (a,) = follow_up_plan([], [_sr(created, FIELD_OFFICE)], [], today)
    assert a.kind == CALL_NCSC
    assert (a.due - created).days == 30
    assert a.days_left == (a.due - today).days


@fast
@given(created=dates, today=dates)
def test_service_center_due_is_created_plus_30(created, today):
    (a,) = follow_up_plan([], [_sr(created, SERVICE_CENTER)], [], today)
    assert a.kind == EMAIL_SERVICE_CENTER
    assert (a.due - created).days == 30


@fast
@given(histories())
def test_chain_order_and_intervals(h):
    created, events, today = h
    plan = follow_up_plan([], [_sr(created, SERVICE_CENTER)], events, today)
    kinds = [a.kind for a in plan]
    # The steps shown are a prefix of the guide's order, with no step skipped.
    present = [k for k in CHAIN_ORDER if k in kinds]
    assert present == CHAIN_ORDER[: len(present)]
    assert len(kinds) == len(set(kinds))
    assert (EXPECT_SCOPS_REPLY in kinds) == (FILE_FORM_7001 in kinds)
    got = {a.kind: a for a in plan}
    on = {e.kind: e.on for e in events}
    if SERVICE_CENTER_EMAILED in on:
        assert (got[EMAIL_SCOPS].due - on[SERVICE_CENTER_EMAILED]).days == 21
        assert got[EMAIL_SERVICE_CENTER].status == DONE
    if SCOPS_EMAILED in on:
        assert (got[EXPECT_SCOPS_REPLY].due - on[SCOPS_EMAILED]).days == 10
        assert (got[FILE_FORM_7001].due - got[EXPECT_SCOPS_REPLY].due).days == 1
        assert got[EMAIL_SCOPS].status == DONE
    # Every step the user takes, before the last one shown, has been taken.
    for kind in present[:-1]:
        if kind in (EMAIL_SERVICE_CENTER, EMAIL_SCOPS):
            assert got[kind].status == DONE


@fast
@given(histories())
def test_response_closes_everything(h):
    created, events, today = h
    events = [*events, FollowUpEvent(id=99, kind=RESPONSE_RECEIVED, on=created + timedelta(days=5), sr_id=1)]
    plan = follow_up_plan([], [_sr(created, SERVICE_CENTER)], events, today)
    assert plan and all(a.status == DONE for a in plan)
    assert open_actions(plan) == []


@fast
@given(histories())
def test_statuses_consistent_with_today(h):
    created, events, today = h
    for a in follow_up_plan([], [_sr(created, SERVICE_CENTER)], events, today):
        assert a.status in STATUSES
        assert a.days_left == (a.due - today).days
        if a.status == DONE:
            continue
        assert a.status != EXPIRED  # only windows expire
        expected = UPCOMING if today < a.due else DUE if today == a.due else OVERDUE
        assert a.status == expected


@fast
@given(
    day=dates,
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    zone=st.sampled_from(ZONES),
    today_offset=st.integers(-5, 200),
)
def test_review_window_statuses(day, hour, minute, zone, today_offset):
    started = datetime.combine(day, time(hour, minute), ZoneInfo(zone))
    call = Call(id=1, started_at=started.astimezone(ZoneInfo("UTC")), timezone=zone)
    today = day + timedelta(days=today_offset)
    (a,) = follow_up_plan([call], [], [], today)
    assert a.kind == OMBUDSMAN_REVIEW_WINDOW
    assert a.due == day + timedelta(days=90)  # the local day, whatever the UTC day
    assert a.status != OVERDUE
    if a.days_left < 0:
        assert a.status == EXPIRED
    elif a.days_left < OMBUDSMAN_DUE_WITHIN:
        assert a.status == DUE
    else:
        assert a.status == UPCOMING


@fast
@given(
    st.lists(st.tuples(dates, st.sampled_from(VENUES)), max_size=6),
    st.lists(dates, max_size=4),
    dates,
)
def test_plan_sorted_and_open_actions_filter(srs, call_days, today):
    service_requests = [_sr(c, v, id=i) for i, (c, v) in enumerate(srs)]
    calls = [
        Call(id=i, started_at=datetime.combine(d, time(12), ZoneInfo("America/New_York")), timezone="America/New_York")
        for i, d in enumerate(call_days)
    ]
    plan = follow_up_plan(calls, service_requests, [], today)
    assert len(plan) == len(srs) + len(call_days)
    keys = [(a.due, a.kind) for a in plan]
    assert keys == sorted(keys)
    assert all(a.status not in CLOSED_STATUSES for a in open_actions(plan))
    assert len(open_actions(plan)) == sum(a.status not in CLOSED_STATUSES for a in plan)
