"""Staff IDs in the number assist, round 9 (issue 9, branch i9-r9-ids): rules found on the
eight tuning sets of the spoken-call rig, each tested here without the rig."""

from __future__ import annotations

from companion.asr.assist import AssistSettings, assisted_value

# An engine whose grammar hears "oh" (or "uh", or a letter of the words after a number) as
# "l", "o" or "echo", and "two" as "t o".
OHS = AssistSettings("test", low_confidence=0.6,
                     digit_confusions=((("t", "o"), "two"), (("o",), "oh?"), (("l",), "oh?"),
                                       (("echo",), "oh?")))


def test_an_oh_in_the_words_after_a_staff_id_is_no_digit_of_it():
    # "six six eight one how can i help": the "l" of "help" made 66810, a staff ID's usual five
    assert assisted_value("staff_id", "six six eight one papa i l", settings=OHS) == "6681"
    # the caller's "seven seven three three okay": "o k"
    assert assisted_value("staff_id", "seven seven three three o k", settings=OHS) == "7733"
    # "four oh four one seven how may i help you": the first "echo" is the ID's, the second not
    assert assisted_value("staff_id", "four echo four one seven m a i echo p a", settings=OHS) == "40417"


def test_an_oh_that_ends_a_staff_id_is_still_its_digit():
    # "six one two oh", "three three nine oh": the reading ends right after the digits
    assert assisted_value("staff_id", "six one two l", settings=OHS) == "6120"
    assert assisted_value("staff_id", "three three nine o", settings=OHS) == "3390"
    # "nine oh seven one two": the last "two" heard "t o" is a digit, certain
    assert assisted_value("staff_id", "nine echo seven one t o", settings=OHS) == "90712"


# --------------------------------------------------------------------------- "age and" is "agent"


def _number_word(w: str) -> bool:
    from test_assist import number_word

    return number_word(w) or w == "k"


def test_age_and_is_the_cue_agent():
    from test_assist import words

    from companion.asr.assist import assist_spans, reading_is_news

    # "this is jasmine agent number six six eight one": the free recognizer writes "age and"
    [span] = assist_spans(words("this is jasmine age and number six six eight one"), _number_word)
    assert (span.kind, span.free_text) == ("staff_id", "six six eight one")
    # the free extractor never read that cue: the grammar's reading is news in the same words
    assert span.cue_unheard and reading_is_news(span, "six six eight one")
    # "this is omar agent i d seven seven …" heard "… owner age and ninety seven seven …"
    [span] = assist_spans(words("this is owner age and ninety seven seven five one nine"), _number_word)
    assert span.kind == "staff_id"
    # a cue the free extractor reads is no news in the free reading's own words
    [span] = assist_spans(words("my agent number is six six eight one"), _number_word)
    assert span.kind == "staff_id" and not span.cue_unheard and not reading_is_news(span, "six six eight one")


def test_an_answer_that_names_its_number_starts_after_number_is():
    from test_assist import words

    from companion.asr.assist import AssistContext

    context = AssistContext(OHS)
    # the caller: "can i get your agent number"; the agent: "my agent number is three oh eight
    # seven one", heard "i h n number is three hour …" (the grammar reads "number is" as "m three s")
    context.spans(words("can i get your age and number"), _number_word, speaker="caller")
    [span] = context.spans(words("i h n number is three hour eight seven one", t0=4.0), _number_word,
                           speaker="agent")
    assert (span.kind, span.free_text) == ("staff_id", "three hour eight seven one")


def test_a_letter_among_the_digits_ends_a_lettered_staff_ids_digits():
    # the caller's "sorry was that t r four zero one", heard "r three three whiskey a t r four
    # zero one": the "r" before "three three" is no ID's letter once a letter cuts its digits
    assert assisted_value("staff_id", "r three three whiskey a t r four zero one", settings=OHS) == "33401"
    # the ID's own digits, said together, keep their letter ("k two two six oh", "t k four four nine")
    assert assisted_value("staff_id", "k two two six l", settings=OHS) == "K2260"
    assert assisted_value("staff_id", "t k four four nine", settings=OHS) == "TK449"


# --------------------------------------------------------------------------- an ID said again a digit off


def _session_with_id(said: str, value: str):
    import tempfile
    from pathlib import Path

    from test_assist import words

    from companion.session import CallSession
    from companion.store import Store

    tmp = tempfile.TemporaryDirectory()
    store = Store(Path(tmp.name) / "c.db")
    session = CallSession.start(store, source="live")
    session.assist_settings = OHS
    ws = words(f"my i d is {said}", t0=1.0)
    session.add_result({"text": " ".join(w["word"] for w in ws), "result": ws, "speaker": "agent"})
    assert [(f.kind, f.value) for f in store.fields(session.call_id) if f.kind == "staff_id"] == [("staff_id", value)]
    return tmp, store, session


def _read_back(session, said: str, reading: str, t0: float = 20.0):
    from test_assist import words

    from companion.asr.pipeline import NumberAssist

    ws = words(said, t0=t0)
    session.add_result({"text": said, "result": ws, "speaker": "caller"})
    session.add_number_assist(NumberAssist("caller", ws[0]["start"], ws[-1]["end"], said, reading,
                                           "staff_id", 0.9))
    session.flush()  # the end of the audio: a reading still waiting settles


def test_an_id_said_again_a_digit_short_is_no_second_id():
    from companion.records import CANDIDATE

    tmp, store, session = _session_with_id("one four zero seven nine", "14079")
    # the caller's "one four oh seven nine" heard "one four seven nine" (the "oh" lost)
    _read_back(session, "one four seven nine", "one four a seven nine")
    session.end()
    got = [(f.value, f.status) for f in store.fields(session.call_id) if f.kind == "staff_id"]
    store.close()
    tmp.cleanup()
    assert got == [("14079", CANDIDATE)]


def test_an_id_said_again_with_a_digit_more_takes_it():
    from companion.records import ASSISTED

    # the agent's "four seven six two nine" heard "four seven sixty nine": 4769
    tmp, store, session = _session_with_id("four seven sixty nine", "4769")
    _read_back(session, "four seven six to nine", "four seven six two nine")
    session.end()
    got = [(f.value, f.source) for f in store.fields(session.call_id) if f.kind == "staff_id"]
    alternative = session.alternative(store.fields(session.call_id)[0]) if got else None
    store.close()
    tmp.cleanup()
    assert got == [("47629", ASSISTED)]
    assert alternative is not None and alternative.value == "4769"
