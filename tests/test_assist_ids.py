"""Staff IDs in the number assist (issue 9, round 8, branch i9-r8-ids): rules found on the
six tuning sets of the spoken-call rig, each tested here without the rig."""

from __future__ import annotations

import tempfile
from pathlib import Path

from test_assist import number_word
from test_assist import words as _words  # a Vosk result's words, one every 0.35 s

from companion.asr.assist import CALLER_ASKS, AssistContext, AssistSettings, assisted_value
from companion.asr.pipeline import NumberAssist
from companion.records import ASSISTED, CANDIDATE
from companion.session import CallSession
from companion.store import Store

# An engine whose grammar hears "zero" as "sierra", "oh" (or "uh") as "l", and the glue
# before a number ("is", "it's") as the letters "s" and "x".
GLUEY = AssistSettings("test", low_confidence=0.6,
                       digit_confusions=((("sierra",), "zero"), (("l",), "oh?")),
                       glue_letters=("s", "x"))


def test_a_staff_ids_letter_said_before_its_digits_is_kept():
    # "it's k two two six oh": the digits alone were 2260, the K lost
    assert assisted_value("staff_id", "k two two six l", settings=GLUEY) == "K2260"
    # "yes it's r two two four": the digits alone (224) are no staff ID at all
    assert assisted_value("staff_id", "r two two four", settings=GLUEY) == "R224"
    # two letters: "my agent i d is t k four four nine"
    assert assisted_value("staff_id", "t k four four nine", settings=GLUEY) == "TK449"


def test_a_letter_said_as_in_a_word_is_the_letter_not_the_example():
    # "c as in cat four one two", the example misheard
    assert assisted_value("staff_id", "c as in papa four one two", settings=GLUEY) == "C412"


def test_the_glue_heard_as_a_letter_is_no_letter_of_the_id():
    # "my i d is five five oh four two" → "i t s five five l four two"; "and it's five five …"
    assert assisted_value("staff_id", "i t s five five l four two", settings=GLUEY) == "55042"
    assert assisted_value("staff_id", "n x five five one seven sierra", settings=GLUEY) == "55170"
    # the letter before the glue's is the ID's: "x k two two six l" ("it's k two two six oh")
    assert assisted_value("staff_id", "x k two two six l", settings=GLUEY) == "K2260"


def test_letters_that_are_words_or_an_oh_are_no_letter_of_the_id():
    # "like nine oh nine" heard "i eight nine a nine": "i" and "a" are words said everywhere
    assert assisted_value("staff_id", "i eight nine l nine", settings=GLUEY) == "8909"
    # an "oh" heard as "l" at the start is the digit as often as the letter
    assert assisted_value("staff_id", "l four four one two", settings=GLUEY) == "04412"


def test_no_letter_no_change():
    assert assisted_value("staff_id", "nine l four five two", settings=GLUEY) == "90452"


# --------------------------------------------------------------------------- a caller's lost question


def _number_word(w: str) -> bool:
    return number_word(w) or w == "k"


def test_a_callers_lost_question_is_answered_by_the_agents_id_or_a_referral():
    context = AssistContext(GLUEY)
    # "and your id number teresa": the "id" heard as "pin", the agent's name after "number"
    assert context.spans(_words("in your pin number terrorists"), _number_word, speaker="caller") == []
    [span] = context.spans(_words("seven one nine zero three", t0=4.0), _number_word, speaker="agent")
    assert (span.kind, span.kinds, span.free_text) == (None, CALLER_ASKS, "seven one nine zero three")


def test_only_a_bare_number_answers_a_callers_lost_question():
    context = AssistContext(GLUEY)
    context.spans(_words("can i get your edge and number"), _number_word, speaker="caller")
    # "my agent number is three oh eight seven one": the grammar reads "number is" as digits too
    spans = context.spans(_words("i h n number is three hour eight seven one", t0=4.0), _number_word,
                          speaker="agent")
    assert all(s.kinds == () for s in spans)


def test_an_agents_bare_answer_to_a_caller_becomes_a_staff_id_or_referral_by_its_shape():
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "c.db")
        session = CallSession.start(store, source="live")
        session.assist_settings = GLUEY
        for said, reading, kind, value in [("one nine zero four seven", "one nine zero four seven",
                                            "staff_id", "19047"),
                                           ("five five zero one four four two seven",
                                            "five five zero one four four two seven",
                                            "referral_number", "55014427")]:
            ws = _words(said, t0=10.0 if kind == "staff_id" else 40.0)
            session.add_result({"text": said, "result": ws})
            session.add_number_assist(NumberAssist("agent", ws[0]["start"], ws[-1]["end"], said, reading,
                                                   None, 0.9, CALLER_ASKS))
        added = session.flush()
        session.end()
        got = [(f.kind, f.value, f.source, f.status) for f in store.fields(session.call_id)
               if f.kind in ("staff_id", "referral_number")]
        store.close()
    assert ("staff_id", "19047", ASSISTED, CANDIDATE) in got
    assert ("referral_number", "55014427", ASSISTED, CANDIDATE) in got
    assert added


def test_a_digit_more_at_the_end_is_no_lost_digit_even_when_it_repeats_the_last():
    from companion.asr.assist import lost_a_digit

    # "three three nine zero" heard "three three ninety r l": 33900 holds 3390 and a 0 more,
    # but at the end — the words after the number, not a digit the free reading lost
    assert not lost_a_digit("staff_id", "3390", "33900", "three three nine zero", "three three ninety r l")
    # a digit lost inside still is: "four four eight" heard "four forty"
    assert lost_a_digit("staff_id", "4413", "44813", "four forty one three", "four four eight one three")


def test_a_read_back_with_a_zero_more_at_the_end_does_not_replace_the_number_held():
    from companion.session import _one_more_digit

    # the caller's "three three nine zero" heard "three three ninety r o": 33900 is 3390 and
    # the words after it, not the "oh" the first reading lost
    assert not _one_more_digit("3390", "33900")
    # an "oh" lost inside still is: "one three echo five five …" read back "one three oh five …"
    assert _one_more_digit("1355278", "13055278")


def test_my_ideas_is_my_i_d_is():
    from companion.asr.assist import assist_spans

    # "my i d is six oh six two one" heard "my ideas six of sixty won"
    [span] = assist_spans(_words("sure my name is patrick and my ideas six of sixty won"), _number_word)
    assert (span.kind, span.free_text) == ("staff_id", "six of sixty won")
    # after a cue that announced the number already, "ideas" is no second cue: the span is the cue's
    [span] = assist_spans(_words("and operator ideas for forty nine"), _number_word)
    assert (span.kind, span.free_text) == ("staff_id", "ideas for forty nine")



def test_a_caller_asking_for_something_of_the_agents_is_answered_by_the_agents_bare_number():
    context = AssistContext(GLUEY)
    # "cool and your id" heard "cool in your head": no cue, no "number", but "your"
    assert context.spans(_words("cool in your head"), _number_word, speaker="caller") == []
    [span] = context.spans(_words("eight two five zero", t0=3.0), _number_word, speaker="agent")
    assert (span.kind, span.kinds) == (None, CALLER_ASKS)
    # a caller's result without it asks nothing: the agent reading digits back is no ID
    context = AssistContext(GLUEY)
    context.spans(_words("it is on the card"), _number_word, speaker="caller")
    assert all(s.kinds == () for s in context.spans(_words("eight two five zero", t0=3.0), _number_word,
                                                       speaker="agent"))
