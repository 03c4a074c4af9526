"""Whatever the two recognizers hear, the number assist never fails: any free words and any
grammar reading (the words the stand-in's grammar and free decoder write, in any order) give
a value of the kind or none, and a live session fed them keeps every result and raises
nothing. The rules read words at fixed places (the word after a "-ty", the last two words, an
"a" between digits): these properties guard the indexing round 20 added and every rule before."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_name_assist import result
from test_session_assist import Clock

from companion.asr.assist import assisted_value, kind_by_shape, plausible
from companion.identifiers import known_receipt_prefixes
from companion.session import CallSession

DIGITS = "zero oh one two three four five six seven eight nine".split()
TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety hundred".split()
LETTERS = list("abcdefghijklmnopqrstuvwxyz") + "alpha echo kilo sierra tango x-ray victor".split()
GLUE = "as in double triple is my your number i d".split()
# what the free recognizer writes around numbers: homophones, its words for "oh", cue sounds
FREE_ONLY = "for to too won ate it's al of well all now know how tail idea ideas high eye sorry i'm".split()
KINDS = ("staff_id", "referral_number", "receipt_number", "a_number")

grammar_words = st.lists(st.sampled_from(DIGITS + TEENS + TENS + LETTERS + GLUE), max_size=18)
free_words = st.lists(st.sampled_from(DIGITS + TEENS + TENS + LETTERS + GLUE + FREE_ONLY), max_size=18)


@settings(max_examples=400, deadline=None)
@given(kind=st.sampled_from(KINDS), reading=grammar_words, free=free_words)
def test_any_reading_and_free_words_give_a_value_of_the_kind_or_none(kind, reading, free):
    from speech_rig import STAND_IN

    value = assisted_value(kind, " ".join(reading), known_receipt_prefixes(), settings=STAND_IN,
                           free_text=" ".join(free))
    assert value is None or isinstance(value, str) and value
    shaped = kind_by_shape(" ".join(reading), KINDS, known_receipt_prefixes(), settings=STAND_IN,
                           free_text=" ".join(free))
    assert shaped is None or plausible(*shaped)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(turns=st.lists(st.tuples(st.sampled_from(("agent", "caller")), free_words, grammar_words,
                                st.sampled_from((None, *KINDS))), min_size=1, max_size=6))
def test_a_session_fed_any_words_and_readings_keeps_every_result(store, turns):
    from speech_rig import STAND_IN

    from companion.asr.pipeline import GrammarReading, NumberAssist

    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = STAND_IN
    t = 1.0
    kept = 0
    for speaker, free, reading, kind in turns:
        said = " ".join(free) or "okay"
        r = result(said, speaker=speaker, t0=t)
        s.add_result(r)
        kept += 1
        end = r["result"][-1]["end"]
        s.add_number_assist(NumberAssist(speaker, t, end, said, " ".join(reading), kind, 0.9,
                                         kinds=() if kind else ("receipt_number", "a_number")))
        s.add_grammar_reading(GrammarReading(speaker, t, end, said, " ".join(reading)))
        t = end + 1.0
    s.flush()
    assert len(s.store.utterances(s.call_id)) == kept
    for f in s.store.fields(s.call_id):
        assert f.value
