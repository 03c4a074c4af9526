"""A spelled name the name list lacks, read from its letters (issue 9, round 12).

Agents whose name is uncommon spell it ("siobhan s i o b h a n", "bravo india alpha …").
No name grammar can give a name its list lacks (Siobhan, Castellano, Delacroix), but the
letters can: the number grammar's letters over the spelling, as heard or with a letter read
as a near one (the stand-in's "l" for "oh", "i" for "ay"), that spell a word the engine's
recognizer knows (its lexicon: ``AssistSettings.known_word``) make the name.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from test_name_assist import result, staff_names
from test_session_assist import Clock
from test_spelled_name import reading

from companion.asr.assist import VOSK, lexicon_spelled
from companion.records import ASSISTED, CANDIDATE
from companion.session import CallSession

# the words an engine's lexicon holds, for these tests (the stand-in's own dictionary is
# read in ``test_the_stand_ins_lexicon_holds_names_the_list_lacks``)
LEXICON = frozenset({"siobhan", "castellano", "delacroix", "kowalski", "ching", "chang", "wails", "kassa"})
# an engine whose grammar hears "oh" as "l" (the stand-in's), with that lexicon
LEXICAL = replace(VOSK, digit_confusions=((("l",), "oh?"),), spelled_letters=(("eighty", "e"),),
                  known_word=LEXICON.__contains__)


def test_the_letters_spell_a_word_of_the_lexicon_as_heard_or_with_near_letters():
    assert lexicon_spelled(["DELACROIX"], LEXICAL) == ("delacroix", 0.0)
    # "o" heard "l" (the engine's "oh" letter), "a" heard "i": two near letters
    assert lexicon_spelled(["SILBHIN"], LEXICAL) == ("siobhan", 2.0)
    assert lexicon_spelled(["CISTELLINO"], LEXICAL) == ("castellano", 2.0)
    assert lexicon_spelled(["KEWILSKIA"], LEXICAL) is None  # "echo" is no "oh" letter of this engine
    assert lexicon_spelled(["HRKLWILSKI"], LEXICAL) == ("kowalski", 2.0)  # two letters before it


def test_no_word_when_the_engine_has_no_lexicon():
    assert lexicon_spelled(["DELACROIX"], VOSK) is None
    assert lexicon_spelled(["SILBHIN"], replace(LEXICAL, known_word=None)) is None


def test_a_word_inside_a_longer_run_is_no_spelled_name():
    # "k l w i a l s k i n m i g m": "wails" leaves nine letters of the run out
    assert lexicon_spelled(["KLWIALSKINMIGM"], LEXICAL) is None


def test_two_words_of_one_length_spelled_say_neither():
    # Zhang spelled, heard "c h i n g": Ching as heard, Chang with a near letter
    assert lexicon_spelled(["CHING"], LEXICAL) is None
    assert lexicon_spelled(["CHING"], replace(LEXICAL, known_word=frozenset({"ching"}).__contains__)) == ("ching", 0.0)


@pytest.fixture
def session(store):
    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = LEXICAL
    return s


def test_a_name_the_list_lacks_spelled_when_asked_for_becomes_the_staff_name(session):
    session.add_result(result("could you spell your name please", 1.0, "caller"))
    answer = result("see i can ask aisle be a giant", 4.0, "agent")
    session.add_result(answer)
    assert staff_names(session) == []
    changed = session.add_grammar_reading(reading(answer, "c r ten s i l b h i n"))
    [field] = staff_names(session)
    assert [f.id for f in changed] == [field.id]
    assert (field.value, field.source, field.status) == ("Siobhan", ASSISTED, CANDIDATE)


def test_without_the_lexicon_the_spelling_gives_no_name(session):
    session.assist_settings = replace(LEXICAL, known_word=None)
    session.add_result(result("could you spell your name please", 1.0, "caller"))
    answer = result("see i can ask aisle be a giant", 4.0, "agent")
    session.add_result(answer)
    assert session.add_grammar_reading(reading(answer, "c r ten s i l b h i n")) == []
    assert staff_names(session) == []


def test_a_spelled_word_over_a_shorter_list_name_inside_it(session):
    # "c a s t e l l a n o" heard "c i s t e l l i n o": the list's Stella is inside it
    session.add_result(result("how do you spell that", 1.0, "caller"))
    answer = result("c i s t l l i know", 4.0, "agent")
    session.add_result(answer)
    session.add_grammar_reading(reading(answer, "c i s t e l l i n o"))
    assert [f.value for f in staff_names(session) if f.source == ASSISTED] == ["Castellano"]


def test_no_spelled_word_where_the_free_recognizer_heard_no_letters(session):
    # a cue's own sound read as letters ("officer" → "k a s s a"): the free words hold no letter
    session.add_result(result("what was your name again", 1.0, "caller"))
    said = result("sorry about that officer ten will help you now", 4.0, "agent")
    session.add_result(said)
    session.add_grammar_reading(reading(said, "kilo a s s alpha ten"))
    assert "Kassa" not in [f.value for f in staff_names(session)]


def test_the_callers_spelling_is_never_the_staff_name(session):
    session.add_result(result("can you spell your last name for me", 1.0, "agent"))
    spelled = result("see i can ask aisle be a giant", 4.0, "caller")
    session.add_result(spelled)
    assert session.add_grammar_reading(reading(spelled, "s i l b h i n")) == []
    assert staff_names(session) == []


def test_the_stand_ins_lexicon_holds_names_the_list_lacks():
    pytest.importorskip("pocketsphinx")
    sys.path.insert(0, str(Path(__file__).parent))
    import speech_rig

    from companion.extract.names import is_known_name

    words = speech_rig.free_lexicon()
    assert {"siobhan", "castellano", "delacroix"} <= words
    assert not any(is_known_name(w) for w in ("siobhan", "castellano", "delacroix"))
    assert speech_rig.STAND_IN.known_word is not None and speech_rig.STAND_IN.known_word("siobhan")
    assert not speech_rig.STAND_IN.known_word("silbhin")


def _bench():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    import bench_speech

    return bench_speech


def test_the_bench_finds_the_letters_a_transcript_spells():
    spelled_in = _bench().spelled_in
    assert spelled_in("my name is bogdan b o g d a n operator i d b three three") == ["bogdan", "idb"]
    assert spelled_in("sure november whiskey oscar sierra uniform") == ["nwosu"]
    assert spelled_in("zhao z as in zebra h a o") == ["zhao"]
    assert spelled_in("the receipt is e a c one two") == ["eac"]
    assert spelled_in("i see it was sent to the field office") == []


def test_the_bench_names_ceiling_counts_what_recognition_can_give():
    bench = _bench()
    expected = {"a.jsonl": [{"kind": "staff_name", "value": "Bogdan"}, {"kind": "staff_id", "value": "B3309"}],
                "b.jsonl": [{"kind": "staff_name", "value": "Maria Okonkwo"}],
                "c.jsonl": [{"kind": "staff_name", "value": "Oluwaseun"}]}
    results = {"a.jsonl": [{"text": "my name is bogdan b o g d a n"}],
               "b.jsonl": [{"text": "this is maria okonkwo"}, {"text": "o k o n k w o"}],
               "c.jsonl": [{"text": "this is oluwaseun"}]}
    # Bogdan in the lexicon; Okonkwo in neither the lexicon nor the name list, but spelled
    got = bench.names_ceiling(results, expected, {"bogdan", "maria"})
    assert got == {"names": 3, "producible": 1, "spelled": 2, "spelled_only": 1, "out_of_reach": 1}
