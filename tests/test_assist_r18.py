"""Round 18 (issue 9): a referral's last digit that one of the two hearings lost — written as
its homophone by the free recognizer ("… seven **to** you"), heard as a letter by the grammar
("… six **x**"), or an "oh" both heard at the end that the usual length dropped — and the
second part of a referral split at a pause whose last word the free recognizer misheard.
Each tested without the rig: results and grammar words in Vosk's format built by hand."""

from __future__ import annotations

from dataclasses import replace

from test_assist import number_word, words
from test_assist_ids14 import STANDIN_LIKE
from test_name_assist import result
from test_session_assist import Clock

from companion.asr.assist import AssistContext, assisted_value, lost_a_digit, split_reading
from companion.session import CallSession

OH_INSIDE = replace(STANDIN_LIKE, between_digits_kinds=("referral_number",),
                    oh_words=(*STANDIN_LIKE.oh_words, "now"))


# --------------------------------------------------------------------------- the last digit as a homophone


def test_a_referrals_last_digit_written_as_its_homophone_is_a_digit_the_free_value_lost():
    """ "… seven seven seven two" heard "… seven seven seven **to** you": the free value 7641777
    lost its last digit to the homophone; the grammar's reading (its last "two" split, "seventy
    u", put back) holds it: 76417772. Only when the homophone is that digit's."""
    free, reading = "seven six four one seven seven seven to you", "seven six four one seven seven seventy u"
    assert lost_a_digit("referral_number", "7641777", "76417772", free, reading, STANDIN_LIKE)
    # no homophone after the digits: the grammar's last digit (no digit word of its own) is
    # the words after the number
    assert not lost_a_digit("referral_number", "7641777", "76417772", "seven six four one seven seven seven you",
                            reading, STANDIN_LIKE)
    # a homophone of another digit ("for" is four)
    assert not lost_a_digit("referral_number", "7641777", "76417772", "seven six four one seven seven seven for you",
                            reading, STANDIN_LIKE)


def test_the_session_takes_the_referral_with_the_digit_its_homophone_said(store):
    from companion.asr.pipeline import NumberAssist

    def referral_after(free: str) -> list[str]:
        s = CallSession.start(store, source="live", now=Clock())
        s.assist_settings = replace(STANDIN_LIKE, splits_two=True)
        text = f"please write down this number {free}"
        s.add_result(result(text, speaker="agent"))
        said = free.split()
        start = 1.0 + 0.35 * 5
        s.add_number_assist(NumberAssist("agent", start, start + 0.35 * len(said), free,
                                         "seven six four one seven seven seventy u", "referral_number", 1.0))
        s.flush()
        return [f.value for f in s.store.fields(s.call_id) if f.kind == "referral_number"]

    assert referral_after("seven six four one seven seven seven to you") == ["76417772"]
    # with no homophone after the digits the free value stands (the grammar's only offered)
    assert referral_after("seven six four one seven seven seven thank you") == ["7641777"]


# --------------------------------------------------------------------------- the last digit as a letter


def test_a_referrals_last_digit_the_grammar_heard_as_a_letter_is_the_free_readings_digit():
    """ "… zero six six" read "… zero six **x**": the grammar's 7270406 is the free reading's
    72704066 (its "l" between two digits an "oh", as the engine says) with its last digit heard
    as a letter. A free reading that does not end in that digit changes nothing."""
    reading = "seventy two seven l four zero six x"
    assert assisted_value("referral_number", reading, settings=OH_INSIDE,
                          free_text="seventy two seven l four zero six six") == "72704066"
    assert assisted_value("referral_number", reading, settings=OH_INSIDE) == "7270406"
    assert assisted_value("referral_number", reading, settings=OH_INSIDE,
                          free_text="seventy two seven l four zero six thanks") == "7270406"
    # of the usual length too: "… seventy six eight" read "… seventy six **a**" (nine digits)
    assert assisted_value("referral_number", "twenty six seventy two forty six seventy six a", settings=OH_INSIDE,
                          free_text="twenty six seventy two forty six seventy six eight") == "267246768"


def test_an_oh_both_hearings_heard_at_a_referrals_end_is_its_digit():
    """ "… five eight oh" heard "… five eight **now**" and read "… five eight **l**": the usual
    length (eight) would drop the grammar's last "l" as a filler, but the free reading heard an
    "oh" there too: 684791580. Where only the grammar heard it, the length decides as before."""
    reading = "six eight four seven nine one five eight l"
    assert assisted_value("referral_number", reading, settings=OH_INSIDE,
                          free_text="sixty four seven nine one five eight now") == "684791580"
    assert assisted_value("referral_number", reading, settings=OH_INSIDE,
                          free_text="sixty four seven nine one five eight") == "68479158"
    assert assisted_value("referral_number", reading, settings=OH_INSIDE,
                          free_text="sixty four seven nine one five eight please") == "68479158"


# --------------------------------------------------------------------------- a split referral's misheard last word


def _joined(first_text: str, rest_text: str, low: tuple[str, ...] = ()) -> list:
    context = AssistContext(STANDIN_LIKE)
    [cued] = [s for s in context.spans(words(first_text, t0=30.0), number_word, speaker="agent") if s.kind]
    rest = words(rest_text, t0=cued.end + 2.0, low=low)
    return [s for s in context.spans(rest, number_word, speaker="agent") if s.pauses]


def test_a_split_referrals_second_part_whose_last_word_was_heard_unsure_runs_on():
    """ "your confirmation number is two eight zero five" … "two three three six" heard "two
    three three **sex**": the last word, heard unsure, may be a digit; the parts are read as one
    span and the grammar's reading decides (28052336)."""
    [joined] = _joined("your confirmation number is two eight zero five", "two three three sex", low=("sex",))
    assert joined.kind == "referral_number"
    assert joined.free_text == "two eight zero five two three three sex"
    first = words("two eight zero five", t0=joined.start)
    rest = words("two three three six", t0=joined.pauses[0][1])
    assert split_reading(joined, first + rest, STANDIN_LIKE) == "two eight zero five two three three six"
    # heard sure, the word is no digit: the second result is not the number's
    assert not _joined("your confirmation number is two eight zero five", "two three three sex")
    # a lone unsure word is no part of a number
    assert not _joined("your confirmation number is two eight zero five", "sex", low=("sex",))
