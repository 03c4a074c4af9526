"""Staff IDs and receipts, round 14 (issue 9): a span the agent's closing greeting ends, the
word "a" before an ID (the digit eight or the letter), "eighty" for the letter H, a whole
receipt past the audio gate, and the stand-in's own sounds of the cues. Each tested without
the rig: results in Vosk's format built by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_assist import number_word, words

from companion.asr.assist import (
    VOSK,
    AssistContext,
    AssistSettings,
    assist_spans,
    first_sound_misheard,
    grammar_reading,
    receipt_shaped,
    trusted,
)

# An engine as the stand-in: its grammar hears "oh" as "l" or "echo", "two" as "t o"; it
# gates its readings below a call confidence of 0.67 and wants a third of the digits agreed.
STANDIN_LIKE = AssistSettings(
    "test", low_confidence=0.6, min_free_confidence=0.67, min_agreement=0.3,
    digit_confusions=((("t", "o"), "two"), (("l",), "oh?"), (("echo",), "oh?")),
    oh_words=("or", "of", "all", "well", "how", "owe", "al"),
    cue_sounds=((("i", "eighty"), ("i", "d")), (("t", "is"), ("i", "d", "is")),
                (("patch",), ("badge",)), (("batch",), ("badge",))))


def _grammar(said: str, t0: float) -> list[dict]:
    """Grammar words back to back from ``t0``, 0.3 s each (the free words' own pace)."""
    return [{"word": w, "start": round(t0 + 0.35 * i, 2), "end": round(t0 + 0.35 * i + 0.3, 2), "conf": 1.0}
            for i, w in enumerate(said.split())]


# --------------------------------------------------------------------------- the closing greeting


def test_the_agents_closing_greeting_ends_a_staff_ids_span():
    ws = words("my operator number is four four seven one how can i help you")
    [span] = [s for s in assist_spans(ws, number_word, STANDIN_LIKE) if s.kind == "staff_id"]
    assert span.free_text == "four four seven one"
    assert span.closed_at == ws[8]["start"]  # "how"
    # with no greeting after it the span runs on as before, and is not closed
    [open_span] = [s for s in assist_spans(words("my operator number is four four seven one okay"), number_word,
                                           STANDIN_LIKE) if s.kind == "staff_id"]
    assert open_span.closed_at is None and open_span.free_text == "four four seven one okay"


def test_no_grammar_word_past_the_greeting_is_the_ids():
    # "four three three one how may i help you": the grammar hears "one" and the start of
    # "how" as "one m" — read before as the letter ID 4331M
    ws = words("badge four three three one how may i help you")
    [span] = [s for s in assist_spans(ws, number_word, STANDIN_LIKE) if s.kind == "staff_id"]
    grammar = _grammar("four three three one", ws[1]["start"])
    grammar.append({"word": "m", "start": ws[4]["end"] - 0.05, "end": ws[5]["start"] + 0.2, "conf": 1.0})
    assert grammar_reading(span, grammar, STANDIN_LIKE) == "four three three one"
    # the same span not closed by a greeting keeps the word (a letter said after an ID)
    assert grammar_reading(replace(span, closed_at=None), grammar, STANDIN_LIKE) == "four three three one m"


def test_the_closings_are_the_languages_greetings_with_no_number_word():
    from companion.asr.assist import _closings
    from companion.extract.lang.en import ENGLISH

    closings = _closings(ENGLISH)
    assert ("how", "can", "i", "help") in closings and ("how", "may", "i", "assist") in closings
    # "thank you for calling" holds "for" (a homophone of four): a number may run into it
    assert all("for" not in c for c in closings)


# --------------------------------------------------------------------------- "a" for eight, "eighty" for H


def _context_spans(said: str, settings: AssistSettings = STANDIN_LIKE):
    ctx = AssistContext(settings)
    return [s for s in ctx.spans(words(said), number_word, (), "agent") if s.kind == "staff_id"]


def test_the_word_a_before_a_staff_id_is_read_by_the_grammar():
    [span] = _context_spans("this is ingrid my operator i d is a four oh six")
    assert span.free_text == "a four oh six" and span.letter_from is not None
    # a span that already starts at a letter's word is left alone
    [plain] = _context_spans("this is ingrid my operator i d is four oh six one")
    assert plain.free_text == "four oh six one" and plain.letter_from is None


@pytest.mark.parametrize(("free_text", "free_value", "value", "swapped"), [
    ("a four o six", "A406", "8406", True),  # "eight four oh six" heard "a four o six"
    ("eighty six five five two", "86552", "H6552", True),  # "h six five five two"
    ("a four o six", "A406", "A406", False),  # the grammar heard the letter too
    ("a four o six", "A406", "8407", False),  # another number, not the swap
    ("four o six", "A406", "8406", False),  # the span's first word is no "a"
])
def test_a_first_sound_the_grammar_read_as_the_other(free_text, free_value, value, swapped):
    assert first_sound_misheard("staff_id", free_value, value, free_text) is swapped
    assert not first_sound_misheard("referral_number", free_value, value, free_text)


def test_the_grammars_eight_replaces_the_free_letter_a(tmp_path):
    from companion.asr.pipeline import NumberAssist
    from companion.session import CallSession
    from companion.store import Store

    said = "this is ingrid my operator i d is a four oh six"
    store = Store(tmp_path / "c.db")
    session = CallSession.start(store, source="live")
    session.assist_settings = STANDIN_LIKE
    ws = words(said)
    [field] = [f for f in session.add_result({"text": said, "result": ws, "speaker": "agent"}).fields
               if f.kind == "staff_id"]
    assert field.value == "A406"
    [span] = _context_spans(said)
    session.add_number_assist(NumberAssist("agent", span.start, span.end, span.free_text, "eight four l six",
                                           span.kind, 0.9))
    held = store.field(field.id)
    alternative = session.alternative(held)
    session.end()
    store.close()
    assert (held.value, held.source) == ("8406", "assisted")
    assert alternative is not None and alternative.value == "A406"  # v swaps back


# --------------------------------------------------------------------------- a whole receipt on bad audio


def test_a_whole_receipt_of_a_known_prefix_passes_the_audio_gate():
    from companion.identifiers import known_receipt_prefixes

    known = known_receipt_prefixes()
    assert receipt_shaped("IOE0912345678", known) and receipt_shaped("WAC2301985530", known)
    assert not receipt_shaped("QQQ0912345678", known)  # no service center's prefix
    assert receipt_shaped("QQQ0912345678", {"QQQ"})  # … unless the call's table has it
    assert not receipt_shaped("IOE091234567", known)  # a digit short
    # the free reading heard most of it, not whole (its last digit as "eat"): not
    # ``heard_whole``, so only the receipt's shape can pass the gate
    free = "i o e zero nine one two three four five six seven eat"
    # the call heard badly (0.5 < 0.67): a receipt passes, a staff ID does not
    assert trusted("IOE0912345678", free, 0.5, STANDIN_LIKE, prefixes=known)
    assert not trusted("IOE0912345678", free, 0.5, STANDIN_LIKE)  # no prefixes known: gated
    assert not trusted("44071", "four four seven one", 0.5, STANDIN_LIKE, prefixes=known)
    # the free reading must still agree with it: no digit heard alike, no trust
    assert not trusted("IOE0912345678", "hello there", 0.5, STANDIN_LIKE, prefixes=known)


# --------------------------------------------------------------------------- the stand-in's sounds


@pytest.mark.parametrize("said", [
    "this is fernando i eighty one five five two three",  # "i d" as "i eighty"
    "my name is rosalie my t is one five five two three",  # "i d is" as "t is"
    "officer jameson patch one five five two three",  # "badge" as "patch"
    "officer chen speaking batch one five five two three",  # … or "batch"
])
def test_the_stand_ins_sounds_of_the_cues(said):
    # (a title makes a span of its own: "officer jameson patch …")
    assert [s.free_text for s in assist_spans(words(said), number_word, STANDIN_LIKE)
            if s.kind == "staff_id"][-1] == "one five five two three"
    # Vosk's settings know none of these sounds: no staff-ID span starts at the digits
    assert not [s for s in assist_spans(words(said), number_word, VOSK)
                if s.kind == "staff_id" and s.free_text == "one five five two three"]


def test_the_stand_in_hears_i_d_as_i_eighteen_in_its_grammar():
    from speech_rig import STAND_IN

    from companion.asr.assist import AssistSpan

    # "agent i d nine two one four": the grammar reads "… n i eighteen nine two one four"
    grammar = _grammar("n i eighteen nine two one four", 1.0)
    span = AssistSpan(grammar[2]["start"], grammar[-1]["end"], "eighty nine to one four", "staff_id")
    assert grammar_reading(span, grammar, STAND_IN) == "nine two one four"
    assert "eighteen" in grammar_reading(span, grammar, VOSK)
    assert "al" in STAND_IN.oh_words  # "seven two two six al": the last "oh" written "al"
    # the sounds tested above are the stand-in's own
    assert set(STANDIN_LIKE.cue_sounds) <= set(STAND_IN.cue_sounds)


# --------------------------------------------------------------------------- "oh oh?" may be one oh


def test_an_uncertain_pair_of_ohs_may_be_one():
    from companion.asr.assist import assisted_value, digit_readings

    settings = replace(STANDIN_LIKE, digit_confusions=((("l", "a"), "oh oh?"), (("l",), "oh?")))
    # "four four two oh nine one seven three" read "four four two l a nine …": both ohs, one, none
    reading = "four four two l a nine one seven three"
    assert digit_readings(reading, settings) == ["442009173", "44209173", "4429173"]
    # a referral's usual eight digits pick the single "oh" (the nine-digit reading was kept before)
    assert assisted_value("referral_number", reading, settings=settings) == "44209173"


# --------------------------------------------------------------------------- "k" for a first eight


def test_the_grammars_k_over_the_free_eight_is_the_ids_first_digit():
    from companion.asr.assist import AssistSpan, assisted_value

    grammar = _grammar("k two two one seven", 5.0)
    span = AssistSpan(5.0, grammar[-1]["end"], "eighty two one seven", "staff_id")
    reading = grammar_reading(span, grammar, STANDIN_LIKE)
    assert reading == "eight two two one seven"
    assert assisted_value("staff_id", reading, settings=STANDIN_LIKE) == "82217"
    # the free reading heard a K (or anything but an eight's sound): the letter stays
    for free in ("k two two one seven", "kay two two one seven", "two two one seven"):
        assert grammar_reading(replace(span, free_text=free), grammar, STANDIN_LIKE) == "k two two one seven"
