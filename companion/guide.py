"""What the seed document (a CIS Ombudsman update on NCSC calls) tells a caller.

The tiers, the checklists before and during a call, when live agents answer, and the
recording-consent notice. Plain data and pure functions: the TUI renders them, the tests
check them, and nothing here needs a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypedDict
from zoneinfo import ZoneInfo

from companion.i18n import N_, _, clock_time, month_name, weekday_name
from companion.identifiers import ALL_PARTY_CONSENT_STATES, MIXED_CONSENT_STATES, NCSC_PHONE_DISPLAY
from companion.records import A_NUMBER, RECEIPT_NUMBER, REFERRAL_NUMBER, STAFF_ID, STAFF_NAME

EASTERN = ZoneInfo("America/New_York")
AGENT_HOURS = (time(8, 0), time(20, 0))  # Monday–Friday, Eastern, except federal holidays


class TierGuide(TypedDict):
    """What one tier of NCSC staff can and cannot do (msgids: shown through ``_()``)."""

    title: str
    can: list[str]
    cannot: list[str]


TIER_1: TierGuide = {
    "title": N_("Tier 1 — Customer Service Representative (contractor)"),
    "can": [
        N_("Relay basic immigration information from USCIS scripts"),
        N_("Answer questions about USCIS forms"),
        N_("Transfer calls to Tier 2 in certain circumstances"),
        N_("Create a service request"),
    ],
    "cannot": [
        N_("Answer case-specific questions beyond Case Status Online"),
        N_("Transfer calls to local offices or service centers"),
        N_("Give legal advice"),
    ],
}
TIER_2: TierGuide = {
    "title": N_("Tier 2 — Immigration Services Officer (ISO)"),
    "can": [
        N_("Review USCIS systems on your case"),
        N_("Ask that notices be re-issued"),
        N_("Give information you could get at an InfoPass appointment"),
        N_("Help dependents and members of the U.S. Armed Forces"),
        N_("Give information on pending and decided cases"),
        N_("Create a service request"),
    ],
    "cannot": [
        N_("Review Requests for Evidence already issued"),
        N_("Directly issue duplicate, receipt or RFE notices"),
        N_("Transfer calls to local offices or service centers"),
        N_("Give legal advice"),
    ],
}
TIER_2_HINT = N_(
    "Your question is about your own case: Tier 1 can only read you Case Status Online. "
    "Politely ask to be transferred to a Tier 2 officer."
)
# Words in what the caller or agent says that suggest Tier 1 cannot help.
TIER_2_TRIGGERS = (
    "case status online",
    "i can only see",
    "i don't have access",
    "i do not have access",
    "can't see that",
    "cannot see that",
    "request for evidence",
    "notice",
    "reissue",
    "re-issue",
    "military",
    "armed forces",
)


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: str
    field_kinds: tuple[str, ...] = ()  # ticked automatically when one of these is captured


PRE_CALL = (
    ChecklistItem("case_info", N_("Gather as much information on your case as possible")),
    ChecklistItem("status_online", N_("Check the status of your case online")),
    ChecklistItem("processing_times", N_("Find the processing times that apply to your case type")),
    ChecklistItem("priority_date", N_("Check your priority date, if applicable")),
    ChecklistItem("receipts", N_("Have all your receipt numbers at hand")),
    ChecklistItem("a_number", N_("Have your A-number, if you have one")),
    ChecklistItem("correspondence", N_("Have all relevant correspondence with USCIS")),
)

DURING_CALL = (
    ChecklistItem("date_time", N_("Record the date and time of the call")),
    ChecklistItem("staff", N_("Ask for the name and/or ID number of the NCSC staff"), (STAFF_NAME, STAFF_ID)),
    ChecklistItem("referral", N_("Note the service request referral number, if one is made"), (REFERRAL_NUMBER,)),
    ChecklistItem("receipt", N_("Give or confirm your receipt number"), (RECEIPT_NUMBER,)),
    ChecklistItem("a_number", N_("Give your A-number if asked"), (A_NUMBER,)),
)


def during_call_done(captured_kinds: set[str], call_started: bool = True) -> dict[str, bool]:
    """Which during-call items are done, given the kinds of field captured so far."""
    done = {}
    for item in DURING_CALL:
        if item.key == "date_time":
            done[item.key] = call_started  # the app records it when the call starts
        else:
            done[item.key] = any(k in captured_kinds for k in item.field_kinds)
    return done


def federal_holidays(year: int) -> dict[date, str]:
    """US federal holidays observed in ``year`` (5 U.S.C. 6103), with weekend shifts."""

    def nth_weekday(month: int, weekday: int, n: int) -> date:
        d = date(year, month, 1)
        d += timedelta(days=(weekday - d.weekday()) % 7)
        return d + timedelta(weeks=n - 1)

    def last_weekday(month: int, weekday: int) -> date:
        d = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
        return d - timedelta(days=(d.weekday() - weekday) % 7)

    def observed(d: date) -> date:
        if d.weekday() == 5:
            return d - timedelta(days=1)
        if d.weekday() == 6:
            return d + timedelta(days=1)
        return d

    days = {
        observed(date(year, 1, 1)): "New Year's Day",
        nth_weekday(1, 0, 3): "Martin Luther King Jr. Day",
        nth_weekday(2, 0, 3): "Washington's Birthday",
        last_weekday(5, 0): "Memorial Day",
        observed(date(year, 6, 19)): "Juneteenth",
        observed(date(year, 7, 4)): "Independence Day",
        nth_weekday(9, 0, 1): "Labor Day",
        nth_weekday(10, 0, 2): "Columbus Day",
        observed(date(year, 11, 11)): "Veterans Day",
        nth_weekday(11, 3, 4): "Thanksgiving Day",
        observed(date(year, 12, 25)): "Christmas Day",
    }
    # New Year's Day of next year observed on Dec 31 of this one.
    if date(year + 1, 1, 1).weekday() == 5:
        days[date(year, 12, 31)] = "New Year's Day (observed)"
    return days


# federal_holidays' names, listed so the catalogue carries them (shown through _())
HOLIDAY_NAMES = (
    N_("New Year's Day"), N_("Martin Luther King Jr. Day"), N_("Washington's Birthday"), N_("Memorial Day"),
    N_("Juneteenth"), N_("Independence Day"), N_("Labor Day"), N_("Columbus Day"), N_("Veterans Day"),
    N_("Thanksgiving Day"), N_("Christmas Day"), N_("New Year's Day (observed)"),
)


@dataclass(frozen=True)
class AgentAvailability:
    open_now: bool
    message: str  # one line, in the user's time zone
    next_open: datetime | None  # in the user's zone


def agent_availability(now: datetime, user_zone: ZoneInfo) -> AgentAvailability:
    """Whether live NCSC agents answer now (Mon–Fri 8–8 Eastern, not federal holidays)."""
    eastern_now = now.astimezone(EASTERN)

    def is_open_day(d: date) -> bool:
        return d.weekday() < 5 and d not in federal_holidays(d.year)

    def fmt(dt: datetime) -> str:
        local = dt.astimezone(user_zone)
        return _("{weekday} {month} {day}, {time}").format(
            weekday=weekday_name(local), month=month_name(local), day=local.day, time=clock_time(local) + " "
        ) + (local.tzname() or "")

    open_at = datetime.combine(eastern_now.date(), AGENT_HOURS[0], EASTERN)
    close_at = datetime.combine(eastern_now.date(), AGENT_HOURS[1], EASTERN)
    if is_open_day(eastern_now.date()) and open_at <= eastern_now < close_at:
        return AgentAvailability(
            True,
            _("Live agents are answering now at {phone}, until {until}.").format(
                phone=NCSC_PHONE_DISPLAY, until=fmt(close_at)
            ),
            None,
        )
    d = eastern_now.date() if eastern_now < open_at else eastern_now.date() + timedelta(days=1)
    while not is_open_day(d):
        d += timedelta(days=1)
    nxt = datetime.combine(d, AGENT_HOURS[0], EASTERN)
    holiday = federal_holidays(eastern_now.year).get(eastern_now.date())
    why = f" ({_(holiday)})" if holiday else ""  # the holiday's name in the user's language
    return AgentAvailability(
        False,
        _("Live agents are closed now{why}; the automated line runs 24/7. Next opening: {next}.").format(
            why=why, next=fmt(nxt)
        ),
        nxt.astimezone(user_zone),
    )


CONSENT_NOTICE = N_(
    "Call Companion transcribes the call on this computer and keeps no audio unless you "
    "ask. Federal law lets one party record a call, but some states require everyone's "
    "consent, and whether a transcript counts as a recording is unsettled. USCIS records "
    "its calls too. It is courteous and safest to say at the start: "
    "\"I'm taking notes of this call with a transcription tool.\""
)


def consent_notice(state: str) -> str:
    """The first-run notice, sharpened for the user's state."""
    state = (state or "").upper()
    if state in ALL_PARTY_CONSENT_STATES:
        extra = _(" {state} is usually listed as an all-party consent state: announce it before you start.")
    elif state in MIXED_CONSENT_STATES:
        extra = _(" {state}'s rules are mixed: announcing it is the safe choice.")
    elif state:
        extra = _(" {state} is usually listed as one-party consent.")
    else:
        extra = _(" Set your state in the profile for a more specific note.")
    return _(CONSENT_NOTICE) + extra.format(state=state)
