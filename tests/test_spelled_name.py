"""A staff name spelled out, read from the number grammar's letters (issue 9, round 9).

Agents spell their names when asked ("how do you spell that" — "n g u y e n"); the free
recognizer makes the letters words ("and she you why he and"), the number grammar, which
reads every result for the user's own numbers (``GrammarReading``), keeps them as letters,
noisily. A run of them read against the name list gives the name.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_name_assist import result, staff_names
from test_session_assist import Clock

from companion.asr.assist import VOSK, spelled_name, spelled_runs
from companion.asr.pipeline import GrammarReading
from companion.records import ASSISTED, CANDIDATE
from companion.session import CallSession

# an engine that hears a spelled "e" as "eighty" (the stand-in's trait)
EIGHTY = replace(VOSK, spelled_letters=(("eighty", "e"),))


def test_spelled_runs_take_letters_spelling_words_and_the_engines_letter_words():
    assert spelled_runs("n g u y eighty n", EIGHTY) == ["NGUYEN"]
    assert spelled_runs("n g u y eighty n") == ["NGUY"]  # Vosk: "eighty" is no letter, it ends the run
    assert spelled_runs("bravo india alpha november charlie hotel india") == ["BIANCHI"]
    assert spelled_runs("n as in nancy g u y e n") == ["NGUYEN"]
    # a digit ends a run; a run of three letters is no name ("e a c", a receipt's prefix)
    assert spelled_runs("e a c one two three w h i t f i e l d") == ["WHITFIELD"]
    assert spelled_runs("eighty n g u y") == ["NGUY"]  # "eighty" between two letters only


def test_spelled_name_is_the_list_name_the_whole_run_spells():
    assert spelled_name(["NGUYEN"]) == ("nguyen", 0.0)
    assert spelled_name(["NXNGUYEN"]) == ("nguyen", 0.0)  # a letter or two before it
    name = spelled_name(["WHITFIELT"])  # "d" heard "t": letters that rhyme cost half
    assert name is not None and name[0] == "whitfield" and name[1] == 0.5
    assert spelled_name(["SILBHIN"]) is None  # Siobhan: not in the list, nothing near
    assert spelled_name(["NGUY"]) is None  # "guy" inside: a run spells one whole name


@pytest.fixture
def session(store):
    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = EIGHTY
    return s


def reading(r: dict, grammar: str) -> GrammarReading:
    words = r["result"]
    return GrammarReading(r.get("speaker"), words[0]["start"], words[-1]["end"], r["text"], grammar)


def test_a_name_spelled_when_asked_for_becomes_the_staff_name(session):
    session.add_result(result("good morning officer how do you spell your last name", 1.0, "caller"))
    answer = result("and she you why he and an eye patch number is double seven", 6.0, "agent")
    session.add_result(answer)
    assert staff_names(session) == []
    changed = session.add_grammar_reading(reading(answer, "n g u y eighty n n mike i h m three s double seven"))
    [field] = staff_names(session)
    assert [f.id for f in changed] == [field.id]
    assert (field.value, field.source, field.status) == ("Nguyen", ASSISTED, CANDIDATE)


def test_a_spelled_name_settles_the_free_letters_of_the_name(session):
    session.add_result(result("i'm sorry could you spell that", 1.0, "caller"))
    answer = result("w h i t f i t l d", 4.0, "agent")
    session.add_result(answer)
    [free] = staff_names(session)
    assert free.value == "Whitfitld"
    session.add_grammar_reading(reading(answer, "w h i t f i eighty l t"))
    [field] = staff_names(session)
    assert (field.id, field.value, field.source) == (free.id, "Whitfield", ASSISTED)
    alt = session.alternative(field)
    assert alt is not None and alt.value == "Whitfitld"  # ``v`` puts the free letters back


def test_no_spelled_name_from_the_caller_or_unasked(session):
    # the caller spelling (their own name, or the agent's back): never the staff name
    session.add_result(result("can you spell your name for me", 1.0, "agent"))
    spelled = result("and she you why he and", 4.0, "caller")
    session.add_result(spelled)
    assert session.add_grammar_reading(reading(spelled, "n g u y eighty n")) == []
    # letters with no request for a name before them (a receipt's letters, a name's own
    # sound read as letters): nothing
    said = result("thank you for holding my name is marcus can i get the receipt", 8.0, "agent")
    session.add_result(said)
    session.add_grammar_reading(reading(said, "yankee a triple d nine e m s a r k s ten i d a three"))
    assert [f.value for f in staff_names(session)] == ["Marcus"]
    assert staff_names(session)[0].source != ASSISTED


def test_a_name_said_near_but_a_list_name_is_not_replaced(session):
    # "Marks" spelled near "Marcus": a list name heard as such stands
    session.add_result(result("what was your name again", 1.0, "caller"))
    said = result("my name is marcus", 4.0, "agent")
    session.add_result(said)
    session.add_grammar_reading(reading(said, "nine e m s m a r k s"))
    [field] = staff_names(session)
    assert field.value == "Marcus"


def test_a_name_the_census_counts_heard_whole_is_not_replaced(session):
    # round 21 (en43): "officer zhang" heard right, its spelling "zulu hotel …" read "c h a n
    # g": a name the census counts, heard as such, stands as a list name does
    session.add_result(result("hi this is officer zhang how can i help", 1.0, "agent"))
    session.add_result(result("sorry can you spell that for me", 5.0, "caller"))
    spelled = result("sure it's still a hotel alpha november golf", 8.0, "agent")
    session.add_result(spelled)
    session.add_grammar_reading(reading(spelled, "x c hotel alpha november golf"))
    assert [f.value for f in staff_names(session)] == ["Zhang"]


def test_a_held_census_name_spelled_near_its_sound_is_released(store):
    # the stand-in holds "zhang" heard unsure (``unsure_name_confidence``): its spelling, near
    # in sound, says it was a name after all — the name heard, not the letters' "Chang"
    from test_name_doubt13 import DOUBT

    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = replace(DOUBT, spelled_letters=EIGHTY.spelled_letters)
    intro = result("hi this is officer zhang how can i help", 1.0, "agent")
    for w in intro["result"]:
        w["conf"] = 0.4 if w["word"] == "zhang" else 0.95
    s.add_result(intro)
    assert staff_names(s) == [] and [n.heard for n in s.name_notices()] == ["Zhang"]
    s.add_result(result("sorry can you spell that for me", 5.0, "caller"))
    spelled = result("sure it's still a hotel alpha november golf", 8.0, "agent")
    s.add_result(spelled)
    s.add_grammar_reading(reading(spelled, "x c hotel alpha november golf"))
    assert [f.value for f in staff_names(s)] == ["Zhang"] and s.name_notices() == []


def test_a_name_of_one_word_introduced_and_spelled_is_the_name_a_longer_one_is_not(session):
    # "my name is nguyen that's n g u y e n": one free word where the name was said
    said = result("my name is now and that's and she you why he and", 1.0, "agent")
    session.add_result(said)
    assert staff_names(session) == []
    session.add_grammar_reading(reading(said, "nine e m p z nine n x n g u y eighty n"))
    assert [(f.value, f.source) for f in staff_names(session)] == [("Nguyen", ASSISTED)]


def test_a_spelled_surname_after_a_longer_introduction_is_no_field_of_its_own(session):
    # "you're speaking with keisha nguyen n g u y e n": Keisha lost, "Nguyen" alone is not her name
    said = result("your speaking with k shanghai n n g u y eighty and and my id number is", 1.0, "agent")
    session.add_result(said)
    session.add_grammar_reading(reading(said, "i tango triple n e s b t whiskey h n nine n g u y eighty n n i i"))
    assert staff_names(session) == []
