"""The agent's name not heard clearly: the session says so at once (``CallSession.name_notices``).

Two ways a name goes unheard: the session holds a staff name back as unsure (a word in no
name list heard unsure: "this is denies"), or the agent introduces themself ("my name is …")
and no name is captured after it (a name the recognizer cannot know: Oluwaseun, Siobhan).
Each is a notice with what was heard and when; taking the heard word or typing the name
commits a confirmed staff name at once, in the real SQLite file; dismissing closes it.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from test_name_precision10 import INTRO, UNSURE, result
from test_session_assist import Clock

from companion.asr.pipeline import NameAssist
from companion.errors import UserError
from companion.extract import names as nm
from companion.extract.lang import get_language
from companion.records import CONFIRMED, EXTRACTED, STAFF_NAME, TYPED
from companion.session import NAME_CUE_SECONDS, CallSession, NameNotice


@pytest.fixture
def session(store):
    return CallSession.start(store, source="live", now=Clock())


def staff_names(session) -> list:
    return [f for f in session.store.fields(session.call_id) if f.kind == STAFF_NAME]


def agent(text: str, t0: float = 1.0, **kw) -> dict:
    r = result(text, t0=t0, **kw)
    r["speaker"] = "agent"
    return r


def caller(text: str, t0: float = 1.0) -> dict:
    r = result(text, t0=t0)
    r["speaker"] = "caller"
    return r


# --------------------------------------------------------------------------- the cue


@pytest.mark.parametrize("text, cue, heard", [
    ("thank you for calling my name is of the yeah my i d is four", "my name is", "of the yeah"),
    ("good morning you're speaking with officer how can i help", "you're speaking with officer", ""),
    ("this is officer shiv awn", "this is officer", "shiv awn"),
    ("thank you for calling u s c i s my name is", "my name is", ""),
])
def test_name_cues_finds_sure_introductions(text, cue, heard):
    words = text.split()
    [c] = nm.name_cues(words)
    assert " ".join(words[c.first:c.after]) == cue
    assert " ".join(words[c.after:c.last]) == heard


def test_this_is_after_the_agents_greeting_is_a_cue():
    """ "thank you for calling u s c i s this is the option how can i help" (Siobhan)."""
    words = "thank you for calling you a s c i s this is the option how can i help".split()
    [c] = nm.name_cues(words)
    assert " ".join(words[c.after:c.last]) == "the option"
    assert nm.name_cues("okay so this is the number for your records".split()) == []


@pytest.mark.parametrize("text", [
    "this is about my biometrics appointment",  # "this is" opens any sentence
    "the officer will review your case",  # a title alone names no one here
    "i'm calling about my case",  # a weak introduction
    "it's outside processing times",
])
def test_name_cues_ignores_what_is_no_introduction(text):
    assert nm.name_cues(text.split()) == []


def test_name_cues_spanish():
    [c] = nm.name_cues("buenas tardes le habla oluwaseun en qué le ayudo".split(), get_language("es"))
    assert c.staff_only and (c.after, c.last) == (4, 5)  # "en" ends the name


# --------------------------------------------------------------------------- notices


def test_a_held_name_is_a_notice_with_the_word_and_its_confidence(store):
    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = UNSURE
    update = s.add_result(result(INTRO, unsure=("denies",)))
    assert staff_names(s) == []
    [n] = s.name_notices()
    assert isinstance(n, NameNotice) and n.held and n.id > 0
    assert (n.heard, n.start, n.end) == ("Denies", 3.1, 3.4)
    assert n.confidence is not None and n.confidence < UNSURE.unsure_name_confidence
    assert update.notices == [n]  # the screen gets it with the result, no second look
    assert [f.id for f in s._held_names(10.0)] == [-key for key in s.recorder.held]  # the old callers


def test_a_held_name_the_name_grammar_makes_a_field_is_no_notice(store):
    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = UNSURE
    s.add_result(result(INTRO, unsure=("denies",)))
    assert s.name_notices()
    s.add_name_assist(NameAssist(None, 3.1, 3.4, "denies", "denise"))
    assert [f.value for f in staff_names(s)] == ["Denise"]
    assert s.name_notices() == []


def test_a_cue_with_no_name_is_a_notice(session):
    update = session.add_result(agent("thank you for calling my name is of the yeah how can i help"))
    assert staff_names(session) == []
    [n] = session.name_notices()
    assert not n.held and n.confidence is None
    assert (n.cue, n.heard, n.speaker) == ("my name is", "of the yeah", "agent")
    assert n.start == pytest.approx(2.4) and n.end == pytest.approx(4.45)
    assert update.notices == [n]


def test_a_cue_answered_by_a_name_is_no_notice(session):
    update = session.add_result(agent("thank you for calling my name is angela ward how can i help"))
    assert [f.value for f in staff_names(session)] == ["Angela Ward"]
    assert session.name_notices() == [] and update.notices == []


def test_a_cue_ending_its_result_waits_for_the_next(session):
    """ "… my name is" / "yolanda my i d is …": the name starts the next result."""
    assert session.add_result(agent("thank you for calling u s c i s my name is")).notices == []
    session.add_result(agent("yolanda my i d is four four one two", t0=6.0))
    assert [f.value for f in staff_names(session)] == ["Yolanda"]
    assert session.name_notices() == []
    other = CallSession.start(session.store, source="live", now=Clock())
    other.add_result(agent("thank you for calling u s c i s my name is"))
    other.add_result(agent("oh loo wash and how can i help", t0=6.0))
    [n] = other.name_notices()
    assert (n.cue, n.heard) == ("my name is", "oh loo wash")


def test_the_agents_name_asked_for_and_not_heard_is_a_notice(session):
    """The introduction lost ("u s c i s pisses down"), the caller asks, the answer holds no name."""
    session.add_result(agent("you sci s pisses down"))
    session.add_result(caller("hi can i get your full name and employee number", t0=4.0))
    session.add_result(agent("sure it's a shrill and my number is four four one two", t0=9.0))
    [n] = session.name_notices()
    assert (n.cue, n.heard, n.start) == ("your full name", "a shrill and", 9.0)
    answered = CallSession.start(session.store, source="live", now=Clock())
    answered.add_result(agent("good morning u s c i s"))
    answered.add_result(caller("good morning can i get your name and i d please", t0=4.0))
    answered.add_result(agent("sure it's ashley and my i d is four four one two", t0=9.0))
    assert [f.value for f in staff_names(answered)] == ["Ashley"] and answered.name_notices() == []
    given = CallSession.start(session.store, source="live", now=Clock())  # the name given already
    given.add_result(agent("thank you for calling my name is ashley"))
    given.add_result(caller("can i get your name and i d please", t0=4.0))
    given.add_result(agent("my i d is four four one two", t0=9.0))
    assert given.name_notices() == []


def test_the_callers_own_name_is_no_notice(session):
    session.add_result(caller("hi my name is xochitl and i'm calling about my case"))
    session.add_result(result("hi my name is of the and i'm calling about my case", t0=20.0))  # no label
    assert session.name_notices() == []


def test_a_name_after_the_next_introduction_does_not_answer_it(session):
    """A transfer: the second agent's name is not the first's."""
    session.add_result(agent("thank you for calling my name is of the yeah how can i help"))
    session.add_result(agent("this is officer angela ward", t0=4.45 + NAME_CUE_SECONDS + 5))
    assert [n.cue for n in session.name_notices()] == ["my name is"]


def test_a_name_captured_later_answers_it(session):
    """ "my name is of the yeah" … "thank you officer chen": the name was caught after all."""
    session.add_result(agent("thank you for calling my name is of the yeah how can i help"))
    assert session.name_notices()
    session.add_result(caller("thank you officer chen i have a question", t0=40.0))
    assert [f.value for f in staff_names(session)] == ["Chen"]
    assert session.name_notices() == []


def test_a_name_the_call_holds_said_again_answers_it(session):
    session.add_result(agent("thank you for calling my name is tiffany how can i help"))
    session.add_result(agent("sorry about that my name is tiffany and my operator number is", t0=90.0))
    assert [f.value for f in staff_names(session)] == ["Tiffany"]
    assert session.name_notices() == []


def test_the_answer_to_the_agents_name_request_is_the_callers(session):
    """No sides labelled: "may i have your name" … "my name is olga petrenko" is the caller's."""
    session.add_result(result("thank you for calling my name is monica how can i help"))
    session.add_result(result("may i have your name please", t0=20.0))
    session.add_result(result("my name is oh the patron p e t", t0=25.0))
    assert session.name_notices() == []
    asked = CallSession.start(session.store, source="live", now=Clock())
    asked.add_result(result("thank you for calling how can i help", t0=1.0))
    asked.add_result(result("hi can i get your name and i d number", t0=5.0))
    asked.add_result(result("my name is of the yeah", t0=9.0))
    assert [n.cue for n in asked.name_notices()] == ["my name is"]
    # the sides guessed wrong ("and your name" taken for the caller's): the agent's name was
    # given already, so the name answering the question is the caller's
    guessed = CallSession.start(session.store, source="live", now=Clock())
    guessed.add_result(result("you can see i asked this is monica operator id for four to six how can i help you"))
    for i, text in enumerate(["hi monica i need to request to expedite for humanitarian reasons",
                              "okay what's the receipt number",
                              "we met indian november twenty one ninety all four four seven seven one",
                              "l i n t y nine zero zero for four seven seven one", "yes that's correct",
                              "and your name", "my name is all the patron cookie t r e n tail"]):
        guessed.add_result(result(text, t0=10.0 + 5 * i))
    assert [f.value for f in staff_names(guessed)] == ["Monica"]
    assert guessed.name_notices() == []


# --------------------------------------------------------------------------- the user's answer


def test_accepting_the_heard_word_commits_a_confirmed_field(companion_home, store):
    from companion.locations import database_path

    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = UNSURE
    s.add_result(result(INTRO, unsure=("denies",)))
    [n] = s.name_notices()
    saved = s.accept_name_notice(n.id)
    assert (saved.kind, saved.value, saved.status, saved.source) == (STAFF_NAME, "Denies", CONFIRMED, EXTRACTED)
    assert (saved.start, saved.end) == (3.1, 3.4)
    assert s.name_notices() == [] and s.recorder.held == {}
    # committed at once: another process reads it from the file while the call goes on
    db = database_path()
    read = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "print(c.execute(\"select value, status from fields where kind = 'staff_name'\").fetchall())")
    out = subprocess.run([sys.executable, "-c", read, str(db)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[('Denies', 'confirmed')]"
    # the extractor heard the decision: the name said again is no second field
    s.add_result(result("so officer denies can i get your i d", t0=20.0, unsure=("denies",)))
    assert [(f.value, f.status) for f in staff_names(s)] == [("Denies", CONFIRMED)]


def test_typing_the_name_commits_it_and_survives_a_reopened_store(companion_home, store):
    from companion.locations import database_path
    from companion.store import Store

    s = CallSession.start(store, source="live", now=Clock())
    s.add_result(agent("good morning you're speaking with officer of the yeah how can i help"))
    [n] = s.name_notices()
    with pytest.raises(UserError, match="staff name"):
        s.accept_name_notice(n.id, "   ")  # nothing typed: the notice stays
    assert s.name_notices() == [n]
    saved = s.accept_name_notice(n.id, "oluwaseun adebayo")
    assert (saved.value, saved.status, saved.source) == ("Oluwaseun Adebayo", CONFIRMED, TYPED)
    assert saved.start == n.start and saved.text == n.heard
    assert s.name_notices() == []
    with pytest.raises(UserError):
        s.accept_name_notice(n.id, "someone else")  # answered once
    store.close()
    again = Store(database_path())
    try:
        rows = [(f.kind, f.value, f.status) for f in again.fields(s.call_id)]
    finally:
        again.close()
    assert rows == [(STAFF_NAME, "Oluwaseun Adebayo", CONFIRMED)]
    with sqlite3.connect(database_path()) as c:  # the file itself, no store code
        assert c.execute("select count(*) from fields where value = 'Oluwaseun Adebayo'").fetchone() == (1,)


def test_dismissing_closes_the_notice_only(session):
    session.add_result(agent("thank you for calling my name is of the yeah how can i help"))
    [n] = session.name_notices()
    session.dismiss_name_notice(n.id)
    assert session.name_notices() == [] and staff_names(session) == []
    session.add_result(agent("transferring you now", t0=30.0))
    session.add_result(agent("hello this is supervisor the in how can i help", t0=60.0))
    assert [m.cue for m in session.name_notices()] == ["this is supervisor"]  # a new introduction: a new notice


# --------------------------------------------------------------------------- after the call (CLI)


def _cli(*args: str) -> subprocess.CompletedProcess:
    import os

    out = subprocess.run([sys.executable, "-m", "companion", *args], capture_output=True, text=True,
                         env=os.environ.copy(), timeout=120)
    assert out.returncode == 0, out.stderr
    return out


def test_show_says_the_agents_name_was_not_captured(companion_home, tmp_path):
    import json

    call = tmp_path / "call.jsonl"
    call.write_text("\n".join(json.dumps(r) for r in (
        agent("thank you for calling my name is of the yeah how can i help"),
        caller("hi my name is xochitl and i'm calling about my case", t0=8.0),
        agent("okay one moment please", t0=15.0),
    )) + "\n")
    _cli("import-call", str(call), "--started-at", "2026-03-02T14:05-05:00")
    out = _cli("show", "1").stdout
    assert "staff_name: not captured — after “my name is” at 00:02 (heard “of the yeah”)" in out, out
    assert out.count("not captured") == 1  # the caller's own "my name is" is no notice
    shown = json.loads(_cli("show", "1", "--json").stdout)
    assert shown["names_not_captured"] == [{"start": 2.4, "cue": "my name is", "heard": "of the yeah"}]
    named = tmp_path / "named.jsonl"
    named.write_text(json.dumps(agent("thank you for calling my name is angela ward how can i help")) + "\n")
    _cli("import-call", str(named), "--started-at", "2026-03-02T15:05-05:00")
    out = _cli("show", "2").stdout
    assert "Angela Ward" in out and "not captured" not in out


def test_a_name_read_from_the_whole_result_answers_its_cue(session):
    """A spelled name ("my name is now and that's n g u y e n") is read from the whole
    result: its field starts where the result does, before the cue."""
    from companion.records import ASSISTED, CANDIDATE

    session.add_result(agent("thank you for calling my name is now and that's and she you why he and"))
    assert session.name_notices()
    session.store.add_field(session.call_id, STAFF_NAME, "Nguyen", confidence=0.5, start=1.0, end=6.0,
                            source=ASSISTED, status=CANDIDATE)
    assert session.name_notices() == []
