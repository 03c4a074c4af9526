"""Issue 9, round 10: a staff name the name list lacks, heard as the same long word twice in
the call, is not replaced by the name grammar's list name (``CallSession._heard_twice``)."""

from __future__ import annotations

import pytest
from test_name_assist import result, staff_names
from test_session_assist import Clock

from companion.asr.pipeline import NameAssist
from companion.records import ASSISTED, CANDIDATE, EXTRACTED
from companion.session import HEARD_TWICE_LETTERS, CallSession


@pytest.fixture
def session(store):
    return CallSession.start(store, source="live", now=Clock())


INTRO = "thank you for calling my name is ottavia how can i help you"


def test_the_free_name_comes_back_when_the_call_hears_it_again(session):
    # "ottavia" is in no census list (the name list, nor the wider one: "octavia" is, and
    # stands beside any reading, ``test_name_census21``); the grammar reads the list's "octavio"
    session.add_result(result(INTRO, speaker="agent"))
    [free] = staff_names(session)
    assert free.value == "Ottavia"
    session.add_name_assist(NameAssist("agent", 3.45, 3.75, "ottavia", "octavio"))
    [field] = staff_names(session)
    assert (field.value, field.source) == ("Octavio", ASSISTED)  # one hearing: the grammar's
    update = session.add_result(result("hi ottavia could i have your id number", t0=8.0, speaker="caller"))
    [field] = staff_names(session)
    assert (field.value, field.source, field.status) == ("Ottavia", EXTRACTED, CANDIDATE)
    assert field.id in [f.id for f in update.fields]
    alt = session.alternative(field)
    assert alt is not None and alt.value == "Octavio"  # v still gives the grammar's name


def test_a_name_heard_twice_before_the_reading_keeps_its_place(session):
    session.add_result(result(INTRO, speaker="agent"))
    session.add_result(result("hello ottavia", t0=8.0, speaker="caller"))
    session.add_name_assist(NameAssist("agent", 3.45, 3.75, "ottavia", "octavio"))
    [field] = staff_names(session)
    assert (field.value, field.source) == ("Ottavia", EXTRACTED)
    alt = session.alternative(field)
    assert alt is not None and alt.value == "Octavio"


def test_a_short_word_heard_twice_is_still_a_mishearing(session):
    # "hell" for Hill, "march" for Marsh: short words the recognizer hears for many sounds
    assert len("march") < HEARD_TWICE_LETTERS
    session.add_result(result("thank you for calling this is officer march", speaker="agent"))
    session.add_result(result("thank you officer march", t0=8.0, speaker="caller"))
    session.add_name_assist(NameAssist("agent", 3.1, 3.4, "march", "marsh"))
    names = staff_names(session)
    assert [(f.value, f.source) for f in names][:1] == [("Marsh", ASSISTED)]


def test_a_word_said_twice_in_one_result_is_one_hearing(session):
    session.add_result(result("my name is ottavia that is ottavia how can i help", speaker="agent"))
    session.add_name_assist(NameAssist("agent", 2.05, 2.35, "ottavia", "octavio"))
    [field] = staff_names(session)[:1]
    assert (field.value, field.source) == ("Octavio", ASSISTED)


# --------------------------------------------------------------------------- the reading heard elsewhere

THADDEUS = "my name is patty is my operator id is four zero seven one eight"


def test_an_offered_long_reading_the_call_hears_later_takes_the_field(session):
    session.add_result(result(THADDEUS, speaker="agent"))
    session.add_name_assist(NameAssist("agent", 2.05, 2.7, "patty is", "thaddeus"))
    [field] = staff_names(session)
    assert (field.value, field.source) == ("Patty", EXTRACTED)  # a list name: only offered
    update = session.add_result(result("thaddeus t h a d d e u s", t0=150.0, speaker="agent"))
    [field] = staff_names(session)
    assert (field.value, field.source, field.status) == ("Thaddeus", ASSISTED, CANDIDATE)
    assert field.id in [f.id for f in update.fields]
    alt = session.alternative(field)
    assert alt is not None and alt.value == "Patty"


def test_a_long_reading_heard_before_replaces_the_known_free_name(session):
    session.add_result(result("is thaddeus there", speaker="caller"))
    session.add_result(result(THADDEUS, t0=5.0, speaker="agent"))
    session.add_name_assist(NameAssist("agent", 6.05, 6.7, "patty is", "thaddeus"))
    [field] = staff_names(session)
    assert (field.value, field.source) == ("Thaddeus", ASSISTED)


def test_a_short_reading_heard_elsewhere_is_only_offered(session):
    # "louis" (5 letters) heard later is no second hearing of the grammar's reading
    session.add_result(result("thank you for calling this is louise", speaker="agent"))
    session.add_name_assist(NameAssist("agent", 3.1, 3.4, "louise", "louis"))
    session.add_result(result("thank you louis", t0=60.0, speaker="caller"))
    [field] = staff_names(session)
    assert (field.value, field.source) == ("Louise", EXTRACTED)
