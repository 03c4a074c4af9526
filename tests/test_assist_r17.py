"""Round 17 (issue 9): a referral's "oh" heard as "l" between two digit words, the glue
before an answer's number that the engine's grammar hears as a digit, and a cue echo that
ends where the words before a staff ID were cut. Each tested without the rig: results and
grammar words in Vosk's format built by hand."""

from __future__ import annotations

from dataclasses import replace

from test_assist import number_word, words
from test_assist_ids14 import STANDIN_LIKE
from test_name_assist import result, staff_names
from test_session_assist import Clock

from companion.asr.assist import (
    AssistContext,
    AssistSpan,
    assisted_value,
    grammar_reading,
    lost_a_digit,
    name_spans,
    name_stops,
    split_reading,
)
from companion.extract import StreamingExtractor
from companion.session import CallSession

OH_INSIDE = replace(STANDIN_LIKE, digit_confusions=((("l", "a"), "oh oh?"), *STANDIN_LIKE.digit_confusions),
                    between_digits_kinds=("referral_number",))


# --------------------------------------------------------------------------- a referral's "oh" inside it


def test_a_referrals_uncertain_oh_between_two_digits_is_its_digit_on_an_engine_that_says_so():
    # "three three seven five oh one eight zero, uh" read "… five l one eight zero l": the inner
    # "l" is the number's "oh"; the last may still be a filler, the kind's usual length decides
    assert assisted_value("referral_number", "three three seven five l one eight zero l",
                          settings=OH_INSIDE) == "33750180"
    # an engine that does not say so keeps the older reading: one "l" of the two is a filler,
    # the inner one first
    assert assisted_value("referral_number", "three three seven five l one eight zero l",
                          settings=STANDIN_LIKE) == "33751800"
    # a nine-digit referral with its "oh" inside: kept, no digit dropped to reach eight
    assert assisted_value("referral_number", "five five l five zero two six six one", settings=OH_INSIDE) == "550502661"


def test_an_oh_oh_heard_between_two_digits_is_one_oh_at_least():
    # "seventy ninety four oh nine fifteen" read "seventy ninety four l a nine fifteen": one "oh"
    # and a filler (eight digits), never none (seven)
    assert assisted_value("referral_number", "seventy ninety four l a nine fifteen", settings=OH_INSIDE) == "70940915"
    # two "oh"s where the number needs them: "seven seven oh oh four one two five"
    assert assisted_value("referral_number", "seven seven l a four one two five", settings=OH_INSIDE) == "77004125"


# --------------------------------------------------------------------------- the glue before an answer


def test_an_answers_span_starts_after_the_engines_word_for_its_glue():
    """ "no problem it's seven seven five five" heard "… **at** seven …", whose grammar reading
    is "eight seven seven five five": the answer's span starts at "seven", so the grammar's
    "eight" over "at" is no digit of the ID (87755 for 7755)."""
    glued = replace(STANDIN_LIKE, glue_words=("at",))
    for settings, first in ((glued, "seven"), (STANDIN_LIKE, "no")):
        context = AssistContext(settings)
        context.spans(words("could i have your operator number", t0=1.0), number_word, speaker="caller")
        answer = words("no problem at seven seven five five", t0=5.0)
        [span] = context.spans(answer, number_word, speaker="agent")
        assert span.kind == "staff_id" and span.free_text.split()[0] == first
    # the glue word with no digit after it is a word of the answer as before
    context = AssistContext(glued)
    context.spans(words("could i have your operator number", t0=1.0), number_word, speaker="caller")
    [span] = context.spans(words("right at it seven seven five five", t0=5.0), number_word, speaker="agent")
    assert span.free_text == "at it seven seven five five"  # "right" opens it, as before


def test_the_grammars_digit_over_the_glue_is_left_out_of_the_answers_reading():
    glued = replace(STANDIN_LIKE, glue_words=("at",))
    context = AssistContext(glued)
    context.spans(words("could i have your operator number", t0=1.0), number_word, speaker="caller")
    answer = words("no problem at seven seven five five", t0=5.0)
    [span] = context.spans(answer, number_word, speaker="agent")
    grammar = [{"word": w, "start": a["start"], "end": a["end"], "conf": 1.0}
               for w, a in zip("l papa eight seven seven five five".split(), answer, strict=True)]
    reading = grammar_reading(span, grammar, glued)
    assert reading == "seven seven five five"
    assert assisted_value("staff_id", reading, settings=glued) == "7755"


# --------------------------------------------------------------------------- a cue echo past a cut


def test_a_cue_echo_ending_where_the_words_before_the_id_were_cut_is_left_out():
    """ "yes ma'am tyrone i d nine four nine three" read "… romeo i | eighty nine four nine
    three" (a pause after "i"): the words before the ID are cut at the pause, and the "eighty"
    after it finishes the cue "i d" ("i eighty"): 9493, not 89493."""
    echoing = replace(STANDIN_LIKE, cue_echoes=(("i", "eighty"),))
    span = AssistSpan(10.0, 12.2, "ma'am terra ninety nine four nine three", "staff_id")
    grammar = [{"word": w, "start": s, "end": e, "conf": 1.0} for w, s, e in (
        ("a", 10.05, 10.14), ("m", 10.14, 10.28), ("ten", 10.28, 10.47), ("romeo", 10.47, 10.73),
        ("i", 10.73, 10.82), ("eighty", 11.2, 11.38), ("nine", 11.38, 11.63), ("four", 11.63, 11.84),
        ("nine", 11.84, 12.1), ("three", 12.1, 12.2))]
    assert grammar_reading(span, grammar, echoing) == "nine four nine three"
    assert grammar_reading(span, grammar, STANDIN_LIKE) == "eighty nine four nine three"  # no echo known


# --------------------------------------------------------------------------- the engine's cue sounds end a name


def test_the_engines_sound_of_a_cue_ends_a_names_span():
    """ "this is agent harper **patch** three four …" ("badge" heard "patch"): the name grammar
    reads "harper", not "harper patch three" (read "harper baxter")."""
    ws = words("thank you for calling this is agent harper patch three four eight nine")
    [span] = name_spans(ws, stops=name_stops(STANDIN_LIKE))
    assert span.free_text == "harper"
    [span] = name_spans(ws)  # an engine with no such sound (Vosk): up to three words, as before
    assert span.free_text == "harper patch three"


def test_the_engines_sound_of_a_cue_is_never_a_word_of_the_staff_name(store):
    said = "thank you for calling this is agent harper patch three four eight nine one one"
    for settings, name in ((STANDIN_LIKE, "Harper"), (replace(STANDIN_LIKE, cue_sounds=()), "Harper Patch")):
        s = CallSession.start(store, source="live", now=Clock())
        s.assist_settings = settings
        s.add_result(result(said))
        assert [f.value for f in staff_names(s)] == [name]


# --------------------------------------------------------------------------- a spelling begun and lost


def test_two_letters_after_a_name_beginning_its_own_spelling_are_no_surname():
    """ "my name is cedric that's charlie i could tell to romeo …": "charlie i" begins the
    spelling of Cedric, the rest lost to words — the name is Cedric, not "Cedric Ci"; two
    letters of another first letter are still a surname ("anna l i" is Anna Li). The price:
    a two-letter surname spelled after a first name of its first letter ("wendy w u") is lost."""

    def names(text: str) -> list[str]:
        x = StreamingExtractor()
        ents = [u.entity for u in [*x.feed(result(text)), *x.flush()] if u.action != "remove"]
        return [str(e.value) for e in ents if e.kind == "staff_name"]

    assert names("good morning my name is cedric that's charlie i could tell to romeo india") == ["Cedric"]
    assert names("good morning my name is anna l i how can i help you") == ["Anna Li"]


# --------------------------------------------------------------------------- a staff ID's last digit as its homophone


def test_a_staff_ids_last_digit_the_free_reading_wrote_as_its_homophone_was_lost():
    # "nine four five four seven four" heard "… seven **for**": the free value 94547, the
    # grammar's 945474 (six digits, a staff ID's length)
    assert lost_a_digit("staff_id", "94547", "945474", "nine four five four seven for", "nine four five four seven four")
    # a last digit the free reading wrote as another word is no such case
    assert not lost_a_digit("staff_id", "94547", "945474", "nine four five four seven how",
                            "nine four five four seven four")
    assert not lost_a_digit("staff_id", "94547", "945471", "nine four five four seven for",
                            "nine four five four seven one")  # "for" is no one


# --------------------------------------------------------------------------- a staff ID split over two results


def _joined_after(first_text: str, rest_text: str) -> list:
    context = AssistContext(STANDIN_LIKE)
    [cued] = [s for s in context.spans(words(first_text, t0=30.0), number_word, speaker="agent") if s.kind]
    rest = words(rest_text, t0=cued.end + 2.0)
    return [s for s in context.spans(rest, number_word, speaker="agent") if s.pauses]


def test_a_staff_ids_first_digits_ending_a_result_run_on_into_the_next():
    """ "my badge number is eight three five" … "nine three": three digits are no whole staff
    ID (four to six), so the agent's next result of number words continues it (83593)."""
    [joined] = _joined_after("my badge number is eight three five", "nine three")
    assert joined.kind == "staff_id" and joined.free_text == "eight three five nine three"
    first = words("eight three five", t0=joined.start)
    rest = words("nine three", t0=joined.pauses[0][1])
    assert split_reading(joined, first + rest, STANDIN_LIKE) == "eight three five nine three"
    # a whole ID first is no start; a first part with no two digit words (a name spelled,
    # "okafor" heard "aka for that's okay") runs on into nothing
    assert not _joined_after("my badge number is eight three five one", "nine three")
    assert not _joined_after("officer aka for", "one four two seven")


# --------------------------------------------------------------------------- a referral read back is no A-number


def test_a_number_only_its_shape_made_an_a_number_that_holds_a_referral_the_call_has_is_no_a_number(store):
    """The agent gives referral 59788650; the caller reads it back ("five nine seventy eight six
    five oh, right?"), a result with no cue the grammar reads "five nine seven eight eight six
    five o mike": by its shape an A-number (A059788650), but it is the referral said again.
    A referral with one digit more at an end (the "right" heard "eight") is that too; digits of
    no referral the call holds stay an A-number."""
    from companion.asr.pipeline import NumberAssist

    def a_numbers_after(free: str, reading: str) -> list[str]:
        s = CallSession.start(store, source="live", now=Clock())
        s.assist_settings = STANDIN_LIKE
        s.add_result(result("your referral number is five nine seven eight eight six five zero", speaker="agent"))
        s.add_result(result(free, t0=8.0, speaker="caller"))
        s.add_number_assist(NumberAssist("caller", 8.0, 10.5, free, reading, None, 1.0,
                                         ("receipt_number", "a_number")))
        s.flush()
        return [f.value for f in s.store.fields(s.call_id) if f.kind == "a_number"]

    said = "five nine seventy eight six five oh right"
    assert a_numbers_after(said, "five nine seven eight eight six five o mike") == []
    assert a_numbers_after(said, "five nine seven eight eight six five o eight") == []
    other = "two one eight one eight one seven nine nine"
    assert a_numbers_after(other, other) == ["A218181799"]


# --------------------------------------------------------------------------- staff IDs: lettered, ohs in a run


def test_a_lettered_ids_last_digit_written_as_its_homophone_and_its_spelling_word_letter():
    """ "mike five one nine two" heard "mike five one nine **to**": the free value M519 lost its
    last digit to the homophone; the grammar's M5192 holds it — its letter the spelling word
    "mike", which the free reading heard too. A spelling word only the grammar heard is no
    letter ("bravo four four seven" over "of four four seven": an "oh", no B)."""
    reading, free = "mike five one nine two", "mike five one nine to"
    assert assisted_value("staff_id", reading, settings=STANDIN_LIKE, free_text=free) == "M5192"
    assert lost_a_digit("staff_id", "M519", "M5192", free, reading, STANDIN_LIKE)
    # the homophone right after the digits, words after it: "… one **for** whom am i speaking with"
    assert lost_a_digit("staff_id", "M131", "M1314", "mike one thirty one for whom i speaking with",
                        "mike one thirty one four m i s b", STANDIN_LIKE)
    assert assisted_value("staff_id", "bravo four four seven", settings=STANDIN_LIKE,
                          free_text="of four four seven") != "B447"
    assert assisted_value("staff_id", reading, settings=STANDIN_LIKE) == "5192"  # no free words given


def test_a_run_of_uncertain_ohs_between_two_digits_is_the_staff_ids_digits():
    # "seven three two oh oh six" read "seven three two **o echo** six": both ohs (732006), not
    # the usual five digits with one dropped
    assert assisted_value("staff_id", "seven three two o echo six", settings=STANDIN_LIKE) == "732006"
    # an "oh" before "double": between digits too ("four oh double eight seven five")
    assert assisted_value("staff_id", "four echo double eight seven five", settings=STANDIN_LIKE) == "408875"
    # at the end, no digit after it: still the length's to decide (the usual five)
    assert assisted_value("staff_id", "seven three two six echo", settings=STANDIN_LIKE) == "73260"
