"""Round 18 (issue 9): a referral's last digit that one of the two hearings lost — written as
its homophone by the free recognizer ("… seven **to** you"), heard as a letter by the grammar
("… six **x**"), or an "oh" both heard at the end that the usual length dropped — and the
second part of a referral split at a pause whose last word the free recognizer misheard.
Each tested without the rig: results and grammar words in Vosk's format built by hand."""

from __future__ import annotations

from dataclasses import replace

from test_assist import free_then_read, number_word, words
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
        s.assist_settings = STANDIN_LIKE
        text = f"please write down this number {free}"
        s.add_result(result(text, speaker="agent"))
        said = free.split()
        start = 1.0 + 0.35 * 5
        s.add_number_assist(NumberAssist("agent", start, start + 0.35 * len(said), free,
                                         "seven six four one seven seven seven i two", "referral_number", 1.0))
        s.flush()
        return [f.value for f in s.store.fields(s.call_id) if f.kind == "referral_number"]

    assert referral_after("seven six four one seven seven seven to you") == ["76417772"]
    # with no homophone after the digits the free value stands: the grammar's last "two", after
    # a word that is no digit, may be the words after the number (only offered)
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


# --------------------------------------------------------------------------- a staff ID's "oh" taken for a letter


def test_the_engines_oh_the_free_extractor_took_for_a_staff_ids_letter_is_the_zero_the_grammar_read(tmp_path):
    """ "nine oh five five three eight" heard "nine **l** five five three eight" by both
    recognizers: the free extractor, knowing nothing of the engine, writes 9L5538; the
    engine's "l" is its "oh" (``digit_confusions``), so the reading — the same words — is news,
    and 905538 replaces it. An engine whose "l" is no "oh" keeps 9L5538."""
    from companion.asr.assist import AssistSpan, oh_as_letter, reading_is_news

    said = "my operator number is nine l five five three eight"
    assert free_then_read(tmp_path, said, "nine l five five three eight", STANDIN_LIKE)[:2] == ("9L5538", "905538")
    span = AssistSpan(1.0, 2.0, "nine l five five three eight", "staff_id")
    assert reading_is_news(span, "nine l five five three eight", STANDIN_LIKE)
    plain = replace(STANDIN_LIKE, digit_confusions=())
    assert not reading_is_news(span, "nine l five five three eight", plain)
    # at the end too ("two seven three five l": 2735L → 27350); only the engine's "oh" letters
    assert oh_as_letter("staff_id", "2735L", "27350", "two seven three five l", STANDIN_LIKE)
    assert not oh_as_letter("staff_id", "2735K", "27350", "two seven three five k", STANDIN_LIKE)
    assert not oh_as_letter("staff_id", "2735L", "27350", "two seven three five l", plain)


def test_a_letters_name_run_on_into_the_next_word_is_the_letter_the_grammar_heard(tmp_path):
    """ "c nine nine six nine" heard "**seen** nine nine six nine" (the C's name and the N of
    "nine"), read "c nine nine six nine": C9969, not 9969. A word that only starts like another
    letter's name is not it."""
    from companion.asr.assist import letter_lost

    assert letter_lost("staff_id", "9969", "C9969", "seen nine nine six nine")
    assert not letter_lost("staff_id", "9969", "K9969", "seen nine nine six nine")
    assert not letter_lost("staff_id", "9969", "C9969", "seeing nine nine six nine")


def test_the_free_readings_example_word_gives_a_staff_ids_letter_the_grammar_lost():
    """ "k as in king zero seven nine two" heard "… **in king** zero seven nine two" and read
    "in tango zero seven ninety o" (its last "two" split): K0792. "b as in boy one oh five five
    six" read "b as in kilo a one l five five six": B10556. An "in" before digits with no
    example word is no letter."""
    settings = replace(STANDIN_LIKE, splits_two=True)
    assert assisted_value("staff_id", "in tango zero seven ninety o", settings=settings,
                          free_text="in king zero seven nine two") == "K0792"
    assert assisted_value("staff_id", "b as in kilo a one l five five six", settings=settings,
                          free_text="b as in boy one of five five six") == "B10556"
    assert assisted_value("staff_id", "in tango zero seven ninety o", settings=settings,
                          free_text="in zero seven nine two") == "0792"
    assert assisted_value("staff_id", "in tango zero seven ninety o", settings=settings) == "0792"


# --------------------------------------------------------------------------- a referral's first part ending in "oh"


def test_a_referrals_first_part_ending_in_the_engines_word_for_oh_runs_on():
    """ "your confirmation number is one eight two two oh" heard "… one eighty two **well**",
    then "four seven seven one three": the first part ends in a number (its "oh" one of the
    engine's ``oh_words``), so the second continues it (1822047713, a ten-digit confirmation
    number). An engine with no such word ends the number at "well"."""
    [joined] = _joined("your confirmation number is one eighty two well", "four seven seven one three")
    assert joined.kind == "referral_number"
    assert joined.free_text == "one eighty two well four seven seven one three"
    # the grammar's five words in the first part's four words' seconds
    first = [{"word": w, "start": round(joined.start + 0.27 * i, 2), "end": round(joined.start + 0.27 * i + 0.25, 2),
              "conf": 1.0} for i, w in enumerate("one eight two two l".split())]
    rest = words("four seven seven one three", t0=joined.pauses[0][1])
    assert split_reading(joined, first + rest, OH_INSIDE) == "one eight two two l four seven seven one three"
    assert assisted_value("referral_number", "one eight two two l four seven seven one three",
                          settings=OH_INSIDE) == "1822047713"
    context = AssistContext(replace(STANDIN_LIKE, oh_words=()))
    context.spans(words("your confirmation number is one eighty two well", t0=30.0), number_word, speaker="agent")
    assert not [s for s in context.spans(words("four seven seven one three", t0=45.0), number_word, speaker="agent")
                if s.pauses]


def test_the_grammars_letter_after_the_digit_word_both_readings_end_on_is_the_free_last_digit():
    """ "eight eight one four two zero six six" heard "eighty one four two zero six six" and read
    "eight eight one four two zero six x": the readings part at the start, but both end on
    "six" and then the free reading's "six" where the grammar heard "x" — that digit: 88142066.
    A grammar word that is one of its digit confusions ("sierra": zero) is no letter."""
    assert assisted_value("referral_number", "eight eight one four two zero six x", settings=OH_INSIDE,
                          free_text="eighty one four two zero six six") == "88142066"
    sierra = replace(OH_INSIDE, digit_confusions=((("sierra",), "zero"), *OH_INSIDE.digit_confusions))
    assert assisted_value("referral_number", "four eight eighty four eight nine one sierra", settings=sierra,
                          free_text="four eighty four eight nine one zero") == "48848910"


# --------------------------------------------------------------------------- words after the number as its last digit


def test_a_digit_after_one_word_of_a_longer_confusion_is_the_words_after_the_staff_id():
    """ "seven four fifty two who am i speaking with" read "seven four fifty t u **a two** m i s
    b": the "a" is one word of the engine's "l a" ("oh oh"), not that confusion said whole, so
    the "two" after it is "who", not a last digit the free reading lost (7452, not 74522). A
    whole confusion right before it still makes it a digit ("… three echo eight")."""
    settings = replace(STANDIN_LIKE, digit_confusions=((("l", "a"), "oh oh?"), *STANDIN_LIKE.digit_confusions))
    assert not lost_a_digit("staff_id", "7452", "74522", "seven four fifty two who am i speaking with",
                            "seven four fifty t u a two m i s b", settings)
    assert lost_a_digit("staff_id", "8930", "89308", "eight nine three oh wait",
                        "eight nine three echo eight", settings)
    assert lost_a_digit("staff_id", "8930", "89308", "eight nine three oh oh wait",
                        "eight nine three l a eight", settings)


def test_a_referral_read_back_with_a_word_after_it_heard_as_a_digit_is_the_one_held(store):
    """The agent gives 4571891 (seven digits); the caller reads it back "four five seven one
    eight nine one right", read "… nine one i **eight**": eight digits, the usual length, but
    its last digit is the "right" (after a word that is no digit) — the held number stands,
    no second one. Read back "… nine one **oh**" (heard "a o") it is the number with its last
    "oh" the first reading lost."""
    from companion.asr.pipeline import NumberAssist

    def referrals_after(free: str, reading: str) -> list[str]:
        s = CallSession.start(store, source="live", now=Clock())
        s.assist_settings = STANDIN_LIKE
        s.add_result(result("your referral number is four five seven one eight nine one", speaker="agent"))
        s.add_result(result(free, t0=8.0, speaker="caller"))
        s.add_number_assist(NumberAssist("caller", 8.0, 8.0 + 0.35 * len(free.split()), free, reading,
                                         "referral_number", 1.0))
        s.flush()
        return sorted(f.value for f in s.store.fields(s.call_id) if f.kind == "referral_number")

    assert referrals_after("four five seven one eight nine one right",
                           "four five seven one eight nine one i eight") == ["4571891"]
    assert referrals_after("four five seven one eight nine one oh",
                           "four five seven one eight nine one a o") == ["45718910"]


# --------------------------------------------------------------------------- a split referral's first part read as a cue's


def test_a_split_numbers_first_part_leaves_out_the_cues_syllable_heard_as_a_digit():
    """ "… write down this number three six nine two seven" … "three five two": the grammar
    hears "number" as "m three", its "three" ending as the span starts; a cue's span leaves it
    out, and so does the first part of the number split at the pause (36927352, not nine
    digits and no reading)."""
    [joined] = _joined("please write down this number three six ninety seven", "three five two")
    t = joined.start
    echo = [{"word": "m", "start": t - 0.5, "end": t - 0.25, "conf": 1.0},
            {"word": "three", "start": t - 0.15, "end": t + 0.03, "conf": 1.0}]
    first = [{"word": w, "start": round(t + 0.27 * i, 2), "end": round(t + 0.27 * i + 0.25, 2), "conf": 1.0}
             for i, w in enumerate("three six nine two seven".split())]  # in the four free words' seconds
    rest = words("three five two", t0=joined.pauses[0][1])
    assert split_reading(joined, echo + first + rest, STANDIN_LIKE) == "three six nine two seven three five two"


def test_a_split_referral_keeps_where_its_first_digit_was_heard_as_a_word_before_it():
    """ "the referral is eight four four zero" heard "… is **a** four four zero" (the span's
    reading starts at the "a", ``letter_from``), then "three nine one two": the joined span
    starts its reading there too, so the grammar's "eight" is in it (84403912)."""
    [joined] = _joined("your referral number is a four four zero", "three nine one two")
    assert joined.letter_from is not None and joined.letter_from < joined.start
    first = words("eight four four zero", t0=joined.letter_from)
    rest = words("three nine one two", t0=joined.pauses[0][1])
    assert split_reading(joined, first + rest, STANDIN_LIKE) == "eight four four zero three nine one two"


# --------------------------------------------------------------------------- a last "two" the free recognizer made a word of


def test_a_staff_ids_last_two_split_by_the_grammar_and_made_a_word_by_the_free_reading_is_its_digit(tmp_path):
    """ "nine four two three two" heard "nine four two three **tail**" and read "… three **t l**":
    on an engine that splits a last "two" (``splits_two``) the grammar's reading puts it back
    right after the digits — the digit the free value 9423 lost (94232). An engine that does
    not split it keeps the free value."""
    splits = replace(STANDIN_LIKE, splits_two=True)
    free, reading = "nine four two three tail", "nine four two three t l"
    assert lost_a_digit("staff_id", "9423", "94232", free, reading, splits)
    assert not lost_a_digit("staff_id", "9423", "94232", free, reading, STANDIN_LIKE)
    said = "my operator number is nine four two three tail"
    assert free_then_read(tmp_path, said, reading, splits)[:2] == ("9423", "94232")


def test_a_referrals_first_eight_the_grammar_heard_as_k_is_the_eight_the_free_reading_heard():
    """ "eight oh nine two one seven nine two one six" heard "**eight** ninety one seven ninety
    one six", read "**k** e echo nine two …": the K is the free reading's eight (as for a staff
    ID), so the reading offered beside the free value is the whole number (8092179216)."""
    from companion.asr.assist import AssistSpan, grammar_reading

    span = AssistSpan(10.0, 14.0, "eight ninety one seven ninety one six", "referral_number")
    grammar = words("k e echo nine two one seven nine two one six", t0=10.0)
    assert grammar_reading(span, grammar, OH_INSIDE).split()[0] == "eight"
    assert assisted_value("referral_number", grammar_reading(span, grammar, OH_INSIDE),
                          settings=OH_INSIDE) == "8092179216"
    other = AssistSpan(10.0, 14.0, "nine ninety one seven ninety one six", "referral_number")
    assert grammar_reading(other, grammar, OH_INSIDE).split()[0] == "k"
