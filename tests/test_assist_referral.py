"""Referral numbers in the number assist (issue 9, round 9, branch i9-r9-ref): the shape of a
referral exchange — the agent names the request, gives the number (often in pieces), the
caller reads it back — found on the eight tuning sets of the spoken-call rig, each tested
here without the rig."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from test_assist import HARD_OF_HEARING, number_word
from test_assist import words as _words  # a Vosk result's words, one every 0.35 s

from companion.asr.assist import AssistContext, reading_is_news
from companion.asr.pipeline import NumberAssist
from companion.session import ASSIST_WAIT


def _spans(context: AssistContext, text: str, t0: float, speaker: str | None):
    return context.spans(_words(text, t0=t0), number_word, speaker=speaker)


def _kinded(context: AssistContext, text: str, t0: float, speaker: str | None) -> list[tuple[str | None, str]]:
    return [(s.kind, s.free_text) for s in _spans(context, text, t0, speaker) if s.kind]


def test_a_number_whose_kind_came_from_an_earlier_result_is_news_when_the_grammar_heard_the_same():
    # "i'll submit a service request" … "the number is one six six zero five two seven three":
    # the free reading heard every digit but never the kind, so the grammar's same words
    # still tell the session something: a referral
    context = AssistContext(HARD_OF_HEARING)
    _spans(context, "okay i'll submit a service request to the field office", 1.0, "agent")
    [told] = [s for s in _spans(context, "the number is one six six zero five two seven three", 6.0, "agent")
              if s.kind]
    assert told.kind == "referral_number"
    assert reading_is_news(told, told.free_text)
    # the answer to a question that named its kind, the same
    context = AssistContext(HARD_OF_HEARING)
    _spans(context, "your service request number is", 1.0, "agent")
    [answer] = [s for s in _spans(context, "eight zero zero two five one six nine", 5.0, "caller") if s.kind]
    assert answer.kind == "referral_number"
    assert reading_is_news(answer, answer.free_text)
    # a cue's own span whose grammar heard what the free recognizer did is no news (the
    # extractor has it already)
    [cued] = [s for s in _spans(AssistContext(HARD_OF_HEARING), "your referral number is one two three four "
                                "five six seven eight", 1.0, "agent") if s.kind]
    assert not reading_is_news(cued, cued.free_text)


@pytest.mark.parametrize("pieces, speaker", [
    # the agent gives it in pieces; the caller reads all of it back
    ([("agent", "the referral number is eight three oh"), ("agent", "oh four one two seven"),
      ("caller", "eight three oh")], "caller"),
    ([(None, "i've submitted a service request to the field office the number is six five"),
      (None, "four four nine one seven zero")], None),
    # the caller gives an old one in pieces; the agent reads it back
    ([("agent", "do you have the referral number from that call"), ("caller", "yes it's three oh"),
      ("caller", "nine nine"), ("caller", "two one five eight")], "agent"),
])
def test_a_referral_given_in_pieces_then_read_back_whole_is_a_referral(pieces, speaker):
    context = AssistContext(HARD_OF_HEARING)
    t0 = 1.0
    for who, piece in pieces:
        _spans(context, piece, t0, who)
        t0 += 3.0
    back = "yes eight three zero zero four one two seven"
    assert _kinded(context, back, t0, speaker) == [("referral_number", "eight three zero zero four one two seven")]


def test_a_bare_number_long_after_the_referral_or_of_another_length_is_none():
    context = AssistContext(HARD_OF_HEARING)
    _spans(context, "the referral number is eight three oh", 1.0, "agent")
    _spans(context, "oh four one two seven", 4.0, "agent")
    # seven digits in the free reading (the agent saying it all again; the caller's first
    # result after the cue is its answer, whatever its length): the grammar's reading counts
    # only when it has the usual eight ("zero zero" heard as one "zero" by the free recognizer)
    [span] = [s for s in _spans(context, "eight three zero four one two seven", 7.0, "agent") if s.kind]
    assert span.kind == "referral_number" and span.usual
    assert not reading_is_news(span, "eight three zero four one two seven", HARD_OF_HEARING)
    assert reading_is_news(span, "eight three zero zero four one two seven", HARD_OF_HEARING)
    # eight digits in the free reading, but the grammar hears more (a receipt spelled with its
    # prefix, "l i n two one nine zero zero …"): asked only at the usual length too
    [span] = [s for s in _spans(context, "eight three zero zero four one two seven", 8.0, "agent") if s.kind]
    assert span.usual and not reading_is_news(span, "l i n two one nine zero zero four four seven seven one",
                                              HARD_OF_HEARING)
    # four digits: no number of the kind at all
    assert _kinded(context, "four one two seven", 9.0, "agent") == []
    # the exchange is over once nothing with a number was said for ``answer_wait``
    late = 12.0 + HARD_OF_HEARING.answer_wait + 1
    assert _kinded(context, "eight three zero zero four one two seven", late, "agent") == []
    # no referral named: a bare eight-digit number is nothing of a kind
    assert _kinded(AssistContext(HARD_OF_HEARING), "eight three zero zero four one two seven", 1.0, "caller") == []


def _says(session, clock, speaker: str, said: str, reading: str, t0: float) -> None:
    """A result whose number is a referral a context carried (told, answered, read back)."""
    ws = _words(said, t0=t0)
    session.add_result({"text": said, "result": ws, "speaker": speaker})
    session.add_number_assist(NumberAssist(speaker, t0, ws[-1]["end"], said, reading, "referral_number", 0.9))


def _referrals(session, clock) -> list[str]:
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    session.flush()
    return [f.value for f in session.store.fields(session.call_id) if f.kind == "referral_number"]


def test_the_callers_read_back_a_digit_off_leaves_the_agents_referral(session, clock):
    # "the number is one six six zero five two seven three" / "one six six zero five seven
    # two three": the caller misread it; the agent's number stands
    said = "one six six zero five two seven three"
    _says(session, clock, "agent", said, said, 1.0)
    _says(session, clock, "caller", "one six six zero five seven to three", "one six six zero five seven two three",
          6.0)
    assert _referrals(session, clock) == ["16605273"]


def test_the_agent_saying_the_referral_again_still_decides(session, clock):
    # the agent's own second reading of the number replaces the first (a correction): the
    # later decides, as before
    _says(session, clock, "agent", "one six six zero five seven to three", "one six six zero five seven two three",
          1.0)
    _says(session, clock, "agent", "one six six zero five two seven three", "one six six zero five two seven three",
          6.0)
    assert _referrals(session, clock) == ["16605273"]


def test_a_read_back_of_the_usual_length_replaces_a_referral_a_digit_short(session, clock):
    # the agent's reading lost a digit ("four eight eight" heard "forty eight"): the caller's
    # read-back of the usual eight digits is the number
    _says(session, clock, "agent", "forty eight one five zero six two", "four eight one five zero six two", 1.0)
    _says(session, clock, "caller", "four eight eight one five zero six two", "four eight eight one five zero six two",
          6.0)
    assert _referrals(session, clock) == ["48815062"]


def test_a_read_back_of_the_usual_length_replaces_the_free_referral_a_digit_long(session, clock):
    # "sorry let me start over it's six five one eight three zero two seven": the free reading
    # heard "it's" as "eight", and the extractor took nine digits; the caller's read-back of
    # the usual eight is the number (the free value is the alternative, ``v``)
    said = "your referral number is eight six five one eight three zero two seven"
    session.add_result({"text": said, "result": _words(said), "speaker": "agent"})
    assert _referrals(session, clock) == ["865183027"]
    _says(session, clock, "caller", "six five one eight three zero two seven", "six five one eight three zero two seven",
          30.0)
    assert _referrals(session, clock) == ["65183027"]
    [field] = [f for f in session.store.fields(session.call_id) if f.kind == "referral_number"]
    assert session.alternative(field).value == "865183027"
    # read back again a digit short, it leaves the number of the usual length as it is
    _says(session, clock, "caller", "six five one eight three zero two", "six five one eight three zero two", 60.0)
    assert _referrals(session, clock) == ["65183027"]


def test_a_cue_only_the_assist_reads_makes_its_number_news():
    from companion.asr.assist import assist_spans

    # "so the referral number for your records is fourteen fifty three …" heard with
    # "referrals": the extractor reads no cue there (a cue's first word heard plural), so the
    # free number has no kind; the grammar's reading of it is news though it heard the same
    # words
    said = "so the referrals number for your records is fourteen fifty three thirty nine fifty seven"
    [span] = [s for s in assist_spans(_words(said), number_word) if s.kind]
    assert span.kind == "referral_number" and span.carried
    assert reading_is_news(span, span.free_text)
    # the cue as the extractor reads it: the same words from the grammar are no news — so is
    # a word inside the cue heard plural, which the extractor reads too (round 20: "the
    # service **requests** number is")
    for cue in ("referral", "service requests"):
        [span] = [s for s in assist_spans(_words(said.replace("referrals", cue)), number_word) if s.kind]
        assert not span.carried and not reading_is_news(span, span.free_text)


def test_a_piece_whose_free_reading_is_short_of_a_whole_number_still_runs_on():
    # "… the confirmation number is one zero four four" / "eight two six three one seven": the
    # second piece is near a referral's length, but its free reading is not a whole one, so
    # the span run on from the first piece stays beside it (its reading joins the ten digits)
    context = AssistContext(HARD_OF_HEARING)
    _spans(context, "i'll create a service request the confirmation number is one zero four four", 1.0, "agent")
    spans = _spans(context, "eight two six three one seven", 6.0, "agent")
    assert any(s.pauses and s.kind == "referral_number" for s in spans)
    assert any(s.usual and s.kind == "referral_number" for s in spans)


def test_the_extractor_saying_its_reading_again_is_no_second_field_beside_the_assists(session, clock):
    # "… referral number is six four zero to eighty one five": the free reading merged "eight
    # eight" into "eighty", the assist's reading replaced it; the caller reads it back, heard
    # the same, and the extractor counts its old reading again — no field of its own
    said = "alright your service request referral number is six four zero to eighty one five"
    ws = _words(said)
    session.add_result({"text": said, "result": ws, "speaker": "agent"})
    first = ws[7]["start"]
    [changed] = session.add_number_assist(NumberAssist(
        "agent", first, ws[-1]["end"], "six four zero to eighty one five", "six four zero two eight eight one five",
        "referral_number", 0.9))
    assert changed.value == "64028815"
    back = "six four zero to eighty one five"
    session.add_result({"text": back, "result": _words(back, t0=8.0), "speaker": "caller"})
    clock.t += timedelta(seconds=ASSIST_WAIT + 1)
    session.flush()
    assert [f.value for f in session.store.fields(session.call_id) if f.kind == "referral_number"] == ["64028815"]


def test_a_read_back_with_its_oh_written_as_a_word_is_still_a_bare_number():
    # "your referral number is one three oh five five two seven eight" / the caller: "one
    # three **or** five five to seven eight" — the free recognizer's word for "oh" inside it
    hears_or = replace(HARD_OF_HEARING, oh_words=("or",))  # an engine that writes "oh" as "or"
    context = AssistContext(hears_or)
    _spans(context, "your referral number is one three or five five to seven eight", 1.0, "agent")
    [span] = [s for s in _spans(context, "one three or five five to seven eight", 6.0, "caller") if s.kind]
    assert span.kind == "referral_number" and span.usual
    assert reading_is_news(span, "one three zero five five two seven eight", hears_or)
    # a word of no number in it ("one three **and** five …" is two numbers) is none
    context = AssistContext(hears_or)
    _spans(context, "your referral number is one three or five five to seven eight", 1.0, "agent")
    assert _kinded(context, "one three then five five to seven eight", 6.0, "caller") == []
    # an engine that does not write "oh" as "or" (Vosk, until real English calls show it): none
    context = AssistContext(HARD_OF_HEARING)
    _spans(context, "your referral number is one three or five five to seven eight", 1.0, "agent")
    assert _kinded(context, "one three or five five to seven eight", 6.0, "caller") == []


def test_a_request_opened_with_no_cue_opens_the_exchange_but_a_number_with_letters_is_no_referral():
    # "i'll send a request to have this looked into" … "and your **quest** number is one one
    # eight two nine three seven six" (no cue heard) / the caller's read-back
    context = AssistContext(HARD_OF_HEARING)
    _spans(context, "i'll send a request to have this looked into", 1.0, "agent")
    _spans(context, "in your quest number is one one eight two nine three seven six", 5.0, "agent")
    assert _kinded(context, "one one eight two nine three seven six", 10.0, "caller") == [
        ("referral_number", "one one eight two nine three seven six")]
    # a caller's "request" and then a receipt read with its prefix's letters (letter names
    # are number words to the assist, as the grammar's vocabulary holds them): no referral
    def with_letters(w: str) -> bool:
        return number_word(w) or (len(w) == 1 and w.isalpha())

    context = AssistContext(HARD_OF_HEARING)
    context.spans(_words("i need to request an expedite", t0=1.0), with_letters, speaker="caller")
    receipt = _words("l i n two one nine zero zero four four seven", t0=5.0)
    assert not [s for s in context.spans(receipt, with_letters, speaker="caller") if s.kind]
