"""Round 16 (issue 9): a name spelled with "double t", a held name whose reading its
spelling confirms, letters that correct the staff name the extractor took from them, and
no staff-ID span or question from a title alone or a cue word heard plural. Each tested
without the rig: results in Vosk's format built by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_assist import number_word, words
from test_name_assist import result, staff_names
from test_name_doubt13 import DOUBT
from test_name_precision10 import result as unsure_result
from test_session_assist import Clock
from test_spelled_name import reading

from companion.asr.assist import (
    VOSK,
    AssistContext,
    AssistSettings,
    assist_spans,
    assisted_value,
    digit_readings,
    question_kind,
    spelled_name,
    spelled_runs,
    spells,
)
from companion.asr.pipeline import NameAssist
from companion.records import ASSISTED, CANDIDATE
from companion.session import CallSession

# the round-13b name settings with the stand-in's "oh" heard as the letter "l"
OH_AS_L = replace(DOUBT, digit_confusions=((("l",), "oh?"),))


def started(store, settings=DOUBT) -> CallSession:
    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = settings
    return s


def held_then_read(store, heard: str, read: str) -> CallSession:
    """ "hello this is officer <heard> my i d is …", the name heard at 0.2 (held: unsure, in
    no list), then the name grammar's ``read`` over it."""
    s = started(store)
    said = unsure_result(f"hello this is officer {heard} my i d is fifty three fifty three", 1.0, (heard,), 0.2)
    s.add_result(said)
    [notice] = [n for n in s.name_notices() if n.held]
    assert notice.heard == heard.title()
    w = said["result"][4]
    s.add_name_assist(NameAssist(None, w["start"], w["end"], heard, read))
    return s


# --------------------------------------------------------------------------- "double t"


def test_a_letter_said_double_is_two_of_it_and_double_u_is_w():
    assert spelled_runs("p as in papa r u i double t") == ["PRUITT"]
    assert spelled_runs("s c o double t") == ["SCOTT"]
    assert spelled_runs("double u i l s o n") == ["WILSON"]
    assert spelled_runs("b r o double u n") == ["BROWN"]
    assert spelled_runs("double l o y d") == ["LLOYD"]
    # "double" before a digit is the number's ("double seven"): no letter, the run ends
    assert spelled_runs("h a n s double seven") == ["HANS"]
    # the stand-in's inserted "a" costs a letter: the list name is still the nearest
    found = spelled_name(spelled_runs("p as in papa r u a i double t"))
    assert found is not None and found[0] == "pruitt"


# --------------------------------------------------------------------------- a held name spelled


def test_a_held_names_reading_that_its_spelling_confirms_is_the_staff_name(store):
    """ "my name is proof" (Pruitt, a word the list lacks, held); the name grammar read
    "pruitt" there, offered only; then, asked, the agent spells it: two hearings agree."""
    s = started(store)
    said = result("thank you for calling my name is proof operator i d three three one seven", 1.0, "agent")
    s.add_result(said)
    assert [f.value for f in staff_names(s)] == []
    proof = said["result"][7]
    s.add_name_assist(NameAssist("agent", proof["start"], proof["end"], "proof", "pruitt"))
    [notice] = [n for n in s.name_notices() if n.held]
    assert (notice.heard, notice.reading) == ("Proof", "Pruitt")
    s.add_result(result("sorry could you spell your name", 8.0, "caller"))
    spelled = result("he is and how are you i double t", 12.0, "agent")
    s.add_result(spelled)
    s.add_grammar_reading(reading(spelled, "p as in papa r u a i double t"))
    [field] = staff_names(s)
    assert (field.value, field.source, field.status) == ("Pruitt", ASSISTED, CANDIDATE)
    assert not [n for n in s.name_notices() if n.held]


def test_a_held_names_reading_spelled_otherwise_stays_held(store):
    s = started(store)
    said = result("thank you for calling my name is proof operator i d three three one seven", 1.0, "agent")
    s.add_result(said)
    proof = said["result"][7]
    s.add_name_assist(NameAssist("agent", proof["start"], proof["end"], "proof", "pruitt"))
    s.add_result(result("sorry could you spell your name", 8.0, "caller"))
    spelled = result("he is and how are you i double t", 12.0, "agent")
    s.add_result(spelled)
    s.add_grammar_reading(reading(spelled, "m o r r i s"))  # another name: no agreement
    assert [f.value for f in staff_names(s) if f.value == "Pruitt"] == []


def test_a_name_read_where_no_name_was_heard_is_the_staff_name_when_spelled_in_the_same_result(store):
    """ "this is officer quintero that's q as in quebec u i n t e r o", heard "… officer can
    tear out that's que as in quebec …": no free name; the number grammar's letters there
    come first (the pipeline reads names after numbers), then the name grammar reads
    "quintero" over "can tear out": the letters, a few off, spell it — a field."""
    s = started(store, OH_AS_L)
    said = result("hello this is officer can tear out that's que as in quebec ui and t e r l", 1.0, "agent")
    s.add_result(said)
    assert [f.value for f in staff_names(s)] == []
    s.add_grammar_reading(reading(said, "kilo a s s alpha six n t r o a x q as in quebec q i a n t t r l"))
    assert [f.value for f in staff_names(s)] == []
    ws = said["result"]
    s.add_name_assist(NameAssist("agent", ws[4]["start"], ws[6]["end"], "can tear out", "quintero"))
    [field] = staff_names(s)
    assert (field.value, field.source, field.status) == ("Quintero", ASSISTED, CANDIDATE)


def test_a_name_read_where_no_name_was_heard_and_spelled_otherwise_is_no_name(store):
    # "you're speaking with thibodeaux t h i b o d e a u x", the name grammar's "bud odell"
    s = started(store, OH_AS_L)
    said = result("u s c i s h and one for eight six years speaking with the dow", 1.0, "agent")
    s.add_result(said)
    ws = said["result"]
    s.add_name_assist(NameAssist("agent", ws[-2]["start"], ws[-1]["end"], "the dow", "bud odell"))
    s.add_result(result("how do you spell that", 6.0, "caller"))
    spelled = result("t h i b l d i u i x", 9.0, "agent")
    s.add_result(spelled)
    s.add_grammar_reading(reading(spelled, "t h i b l d i u i x"))
    assert "Bud Odell" not in [f.value for f in staff_names(s)]


def test_a_held_name_read_a_letter_from_the_word_heard_is_released_as_read(store):
    """ "officer singh" heard "officer sing" at 0.2 (held: unsure, in no list); the name
    grammar reads "singh" — the same sound spelled as a name: the field Singh."""
    s = held_then_read(store, "sing", "singh")
    [field] = staff_names(s)
    assert (field.value, field.source) == ("Singh", ASSISTED)
    # a reading further off than a letter ("claim" read "queen") is only offered, as before
    other = held_then_read(store, "claim", "queen")
    assert staff_names(other) == []
    [notice] = [n for n in other.name_notices() if n.held]
    assert (notice.heard, notice.reading) == ("Claim", "Queen")


# --------------------------------------------------------------------------- letters of the extractor's name


def test_letters_spelling_a_list_name_correct_the_name_the_extractor_took_from_them(store):
    """ "my name is shaun" heard "sean"; no one asks, the agent spells it: "it's s h a u n",
    heard "it's s h i u n" — the extractor takes the letters for the name said: "Shiun". The
    grammar's letters there spell Shaun, a list name a letter from it."""
    s = started(store, replace(VOSK, spelled_letters=()))
    s.add_result(result("thank you for calling my name is sean how can i help you", 1.0, "agent"))
    spelled = result("it's s h i u n", 6.0, "agent")
    s.add_result(spelled)
    [free] = staff_names(s)
    assert free.value == "Shiun"
    s.add_grammar_reading(reading(spelled, "x s h a u n"))
    [field] = staff_names(s)
    assert (field.id, field.value, field.source) == (free.id, "Shaun", ASSISTED)


def test_letters_with_no_name_taken_from_them_and_no_request_make_no_name(store):
    s = started(store, replace(VOSK, spelled_letters=()))
    s.add_result(result("the office is on main street", 1.0, "caller"))
    said = result("it's s h a u n", 6.0, "agent")  # no name asked for, said or taken from it
    s.add_result(said)
    before = [f.value for f in staff_names(s)]
    s.add_grammar_reading(reading(said, "x s h a u n"))
    assert [f.value for f in staff_names(s)] == before


# --------------------------------------------------------------------------- titles and plurals


def _kinds(text: str) -> list[tuple[str | None, str]]:
    return [(s.kind, s.free_text) for s in assist_spans(words(text), number_word)]


def test_a_cue_word_heard_plural_alone_is_no_cue():
    assert "staff_id" not in [k for k, _ in _kinds("live agents are available monday through friday eight a m")]
    assert "staff_id" not in [k for k, _ in _kinds("our agents are available from eight to eight")]
    # a phrase with a word heard plural still is ("your service requests number is …")
    assert ("referral_number", "two four four one six eight zero nine") in _kinds(
        "your service requests number is two four four one six eight zero nine")


def test_a_title_cues_a_number_said_right_after_it_only():
    assert "staff_id" not in [k for k, _ in _kinds("hi officer i've been waiting almost two years")]
    assert ("staff_id", "four four one two") in _kinds("this is officer four four one two")
    # a letter heard as a glue word between the title and the digits: still the ID's
    assert "staff_id" in [k for k, _ in _kinds("agent the one nine four seven")]


def test_a_title_alone_asks_for_no_number():
    assert question_kind(words("let me transfer you to a tier two officer who can look at the case"),
                         number_word) is None
    assert question_kind(words("can i get your officer i d"), number_word) == "staff_id"
    assert question_kind(words("what is your operator number"), number_word) == "staff_id"


# --------------------------------------------------------------------------- an "oh" among fillers


def test_an_uncertain_oh_among_fillers_is_a_filler():
    """The stand-in hears "oh" as "l" (maybe a filler, maybe the digit): "… nine six **p z f
    l**" after a read-back is the words after it ("is that all"), never a last zero."""
    engine = AssistSettings("test", low_confidence=0.6, digit_confusions=((("l",), "oh?"), (("o",), "oh?")))
    assert digit_readings("three four seven seven one nine six p z f l", engine) == ["3477196"]
    # next to a digit, or past the "a" heard between digits: both readings, as before
    assert "85320" in digit_readings("eight five three two l", engine)
    assert "18227750" in digit_readings("one eight two two seven seven five a l", engine)
    assert "5002" in digit_readings("five l l two", engine)
    # past a letter that is no "a": a filler
    assert digit_readings("nine one five z i o p", engine) == ["915"]


def test_a_spelling_confirms_no_short_name_and_a_reading_not_starting_as_heard_stays_offered(store):
    # "t e v i t a" heard "e v i t i": "Vito" fits inside, too short to be confirmed by it
    assert not spells(["EVITI"], "vito")
    assert spells(["PRUAITT"], "pruitt")
    # "alexa" read "alexis": a letter or so off, but not the heard word with a letter more
    assert staff_names(held_then_read(store, "alexa", "alexis")) == []


def test_a_names_own_sound_read_as_letters_confirms_no_reading(store):
    """ "my name is aleksander" heard "alexa near"; the number grammar reads the name's own
    sound as letters there ("s l x n m i"), the name grammar "alexis": the letters are no
    spelling — the free recognizer heard none after the name — so nothing is confirmed."""
    s = started(store, OH_AS_L)
    said = result("thank you for calling my name is alexa near my id is three oh three oh eight", 1.0, "agent")
    s.add_result(said)
    s.add_grammar_reading(reading(said, "yankee four papa n nine e m s a l e x i s m i i t s three echo three echo eight"))
    ws = said["result"]
    s.add_name_assist(NameAssist("agent", ws[7]["start"], ws[8]["end"], "alexa near", "alexis"))
    assert "Alexis" not in [f.value for f in staff_names(s)]
    # the same letters after the name, heard as letters by the free recognizer too: a spelling
    other = started(store, OH_AS_L)
    said = result("thank you for calling my name is alexa near a l e x i s", 1.0, "agent")
    other.add_result(said)
    other.add_grammar_reading(reading(said, "yankee four papa n nine e m s l x n a l e x i s"))
    ws = said["result"]
    other.add_name_assist(NameAssist("agent", ws[7]["start"], ws[8]["end"], "alexa near", "alexis"))
    assert "Alexis" in [f.value for f in staff_names(other)]


def test_a_staff_ids_oh_heard_l_between_two_digits_is_a_digit():
    """ "my i d is one four four two oh nine": the grammar's "one four four two l nine" is
    144209 — a staff ID may have six digits; the usual five (14429, the "l" dropped as a
    filler) was the pick before. Other kinds keep both readings."""
    engine = AssistSettings("test", low_confidence=0.6, digit_confusions=((("l",), "oh?"),))
    assert assisted_value("staff_id", "one four four two l nine", settings=engine) == "144209"
    assert digit_readings("one four four two l nine", engine) == ["144209", "14429"]


def test_a_staff_ids_last_two_split_by_the_grammar_is_put_back():
    """The stand-in splits a last "two" ("… three **t l**", "… **seventy u**"); the other
    kinds put it back (``two_at_end``), and now a staff ID too: 8532 and 4072, not 85320
    (the "l" an oh) and 4070U (the "u" the ID's letter)."""
    engine = AssistSettings("test", low_confidence=0.6, digit_confusions=((("l",), "oh?"), (("echo",), "oh?")),
                            splits_two=True)
    assert assisted_value("staff_id", "eight five three t l", settings=engine) == "8532"
    assert assisted_value("staff_id", "four echo seventy u", settings=engine) == "4072"
    # an engine that does not split it: as before
    plain = AssistSettings("test", low_confidence=0.6, digit_confusions=((("l",), "oh?"), (("echo",), "oh?")))
    assert assisted_value("staff_id", "four echo seventy u", settings=plain) == "4070U"


def test_a_staff_ids_oh_heard_as_the_article_between_two_digits_is_a_digit():
    """The stand-in hears an "oh" between two digits as "a" ("seven seven one **a** two" for
    "… one oh two"): in a staff ID's reading it is the digit; beside an uncertain letter
    ("five a o one five") the "o" is the oh and the "a" a filler, as before."""
    engine = AssistSettings("test", low_confidence=0.6, digit_confusions=((("o",), "oh?"),))
    assert assisted_value("staff_id", "seven seven one a two", settings=engine) == "77102"
    assert assisted_value("staff_id", "four a nine one", settings=engine) == "4091"
    assert assisted_value("staff_id", "five a o one five", settings=engine) == "5015"
    # before "eight" the "a" is the eight's own first sound ("three three zero a eight")
    assert assisted_value("staff_id", "three three zero a eight", settings=engine) == "3308"
    # the other kinds' readings keep "a" a filler
    assert digit_readings("seven seven one a two", engine) == ["7712"]


def test_an_introduction_of_a_name_ends_a_staff_ids_span():
    """ "operator six oh three three my name is greta …": the ID's span ends at "my name is"
    (the grammar reads "name" as "nine e m": 603390 from the whole of it)."""
    spans = assist_spans(words("operator six three three my name is crap african i help you"), number_word)
    assert [(s.kind, s.free_text) for s in spans if s.kind] == [("staff_id", "six three three")]


def test_a_result_naming_no_identifier_answers_no_question_for_one():
    """ "i'll create a service request for the change of address" announces a referral; the
    caller's "the new address is two forty five park avenue … oh seven one oh four" is an
    address (a cue of no identifier, "avenue"), not the referral."""
    context = AssistContext()
    context.spans(words("i'll create a service request for the change of address", 1.0), number_word,
                  speaker="agent")
    spans = context.spans(words("the new address is two forty five park avenue newark new jersey oh seven one oh four",
                                6.0), number_word, speaker="caller")
    assert [s.kind for s in spans if s.kind] == []
    # the same announcement answered by a number alone: the referral, as before
    context = AssistContext()
    context.spans(words("i'll create a service request for the change of address", 1.0), number_word,
                  speaker="agent")
    spans = context.spans(words("okay two four five nine four seven one four", 6.0), number_word, speaker="agent")
    assert "referral_number" in [s.kind for s in spans]


def test_an_oh_written_as_a_word_first_after_the_cue_is_in_the_span():
    """ "your referral number is oh four seven seven three two nine one" heard "… is **all**
    four seven …": the span holds "all", so the grammar's "echo" there is read (04773291)."""
    engine = AssistSettings("test", low_confidence=0.6, oh_words=("all", "or"))
    said = "your referral number is all four seven seven three two nine one"
    [span] = [s for s in assist_spans(words(said), number_word, engine) if s.kind]
    assert span.free_text == "all four seven seven three two nine one"
    # an engine that writes no "oh" as "all": the span starts at the digits, as before
    [span] = [s for s in assist_spans(words(said), number_word) if s.kind]
    assert span.free_text == "four seven seven three two nine one"


# --------------------------------------------------------------------------- the call's confidence, with a prior


def test_the_calls_confidence_starts_from_sure_words_so_a_garbled_greeting_alone_is_no_bad_call():
    """With ``confidence_prior_words`` the mean counts that many words heard sure: after one
    garbled greeting (0.4 throughout) it stays above the trust floor, after a call heard
    badly throughout it falls below."""
    engine = AssistSettings("test", low_confidence=0.6, min_free_confidence=0.6, confidence_prior_words=20)
    plain = replace(engine, confidence_prior_words=0)
    greeting = "thank you for calling this is officer nadia"
    primed, bare = AssistContext(engine), AssistContext(plain)
    for context in (primed, bare):
        context.spans(words(greeting, low=tuple(greeting.split())), number_word)
    assert bare.confidence == pytest.approx(0.4) and bare.confidence < plain.min_free_confidence
    assert primed.confidence == pytest.approx((8 * 0.4 + 20) / 28)
    assert primed.confidence > engine.min_free_confidence
    for _ in range(8):  # the whole call heard as badly
        primed.spans(words(greeting, low=tuple(greeting.split())), number_word)
    assert primed.confidence < engine.min_free_confidence
    assert AssistContext(engine).confidence == 1.0


def test_a_question_reads_the_engines_own_sound_of_a_cue():
    """ "service request" heard "service i am" is the referral cue on an engine that hears it so
    (``cue_sounds``): a question for it, and none on an engine that does not."""
    engine = AssistSettings("test", low_confidence=0.6,
                            cue_sounds=((("service", "i", "am"), ("service", "item")),))
    asked = words("can you give me the service i am number")
    assert question_kind(asked, number_word, settings=engine) == "referral_number"
    assert question_kind(asked, number_word) is None
