"""Round 19 (issue 9): a digit a free "-ty" word swallowed ("nine two six …" heard "ninety
six …", a referral one digit short), found where the grammar heard it ("nineteen six …",
"four k two …"). Tested without the rig: results and readings built by hand."""

from __future__ import annotations

from test_assist import words
from test_assist_ids14 import STANDIN_LIKE
from test_name_assist import result
from test_session_assist import Clock

from companion.asr.assist import assisted_value, ty_split
from companion.session import CallSession

# --------------------------------------------------------------------------- a "-ty" that swallowed a digit


def test_a_ty_word_the_grammar_heard_as_a_teen_is_the_digit_and_a_two():
    """ "nine two six zero one seven three zero" heard "ninety six zero …" (9601730, seven
    digits) and read "nineteen six zero …": both heard a "t" after the nine; the referral is
    92601730."""
    free, reading = "ninety six zero one seven three zero", "nineteen six zero one seven three sierra"
    assert ty_split("referral_number", free, reading, STANDIN_LIKE) == "92601730"
    assert assisted_value("referral_number", reading, settings=STANDIN_LIKE, free_text=free) == "92601730"
    # the grammar's "t" after the digit is the "two" too
    assert ty_split("referral_number", "five eight zero one four forty seven",
                    "five eight zero one four four t seven", STANDIN_LIKE) == "58014427"
    assert ty_split("referral_number", "seventy seven one two two seven four",
                    "seven t seven one two two seven four", STANDIN_LIKE) == "72712274"


def test_a_ty_word_the_grammar_heard_as_the_digit_and_k_is_the_digit_and_an_eight():
    """ "four four eight two nine three five five" heard "four forty two nine …" (4429355) and
    read "four four k two nine …": the stand-in's "k" is the eight the "forty" swallowed."""
    free, reading = "four forty two nine three five five", "four four k two nine three five five"
    assert ty_split("referral_number", free, reading, STANDIN_LIKE) == "44829355"
    assert assisted_value("referral_number", reading, settings=STANDIN_LIKE, free_text=free) == "44829355"


def test_no_split_without_the_grammar_hearing_it_or_where_the_free_value_is_whole():
    free = "ninety six zero one seven three zero"
    # both heard "ninety six": a pair said (9601730 may be a seven-digit referral)
    assert ty_split("referral_number", free, "ninety six zero one seven three zero", STANDIN_LIKE) is None
    # the grammar heard the nine then a word no digit: nothing tells what was swallowed
    # (and a digit word it heard plainly is in its own value: "six eight four …" for "sixty four")
    assert ty_split("referral_number", "sixty four seven nine one five eight",
                    "six eight four seven nine one five eight", STANDIN_LIKE) is None
    assert ty_split("referral_number", free, "nine i six zero one seven three zero", STANDIN_LIKE) is None
    # the free value has the usual eight digits already ("ninety six" is a pair of it)
    assert ty_split("referral_number", "ninety six zero one seven three zero five",
                    "nineteen six zero one seven three zero five", STANDIN_LIKE) is None
    # two pairs: which one swallowed the digit is not known
    assert ty_split("referral_number", "ninety six zero one seventy three",
                    "nineteen six zero one seventeen three", STANDIN_LIKE) is None
    # not a staff ID (four to six digits: no digit is missing)
    assert ty_split("staff_id", "ninety six one", "nineteen six one", STANDIN_LIKE) is None


def test_an_a_number_one_digit_short_by_a_ty_word_is_whole_again():
    """ "nine four eight one six two seven four" heard "nine forty one six two seven four"
    (seven digits, no A-number) and read "nine four k one …": A094816274."""
    free, reading = "nine forty one six two seven four", "nine four k one six two seven four"
    assert assisted_value("a_number", reading, settings=STANDIN_LIKE, free_text=free) == "A094816274"


def test_the_session_takes_the_referral_the_ty_word_swallowed_a_digit_of(store):
    from companion.asr.pipeline import NumberAssist

    def referral_after(free: str, reading: str) -> list[str]:
        s = CallSession.start(store, source="live", now=Clock())
        s.assist_settings = STANDIN_LIKE
        s.add_result(result(f"your referral number is {free}", speaker="agent"))
        said = free.split()
        start = 1.0 + 0.35 * 4
        s.add_number_assist(NumberAssist("agent", start, start + 0.35 * len(said), free, reading,
                                         "referral_number", 1.0))
        s.flush()
        return [f.value for f in s.store.fields(s.call_id) if f.kind == "referral_number"]

    free = "ninety six zero one seven three zero"
    assert referral_after(free, "nineteen six zero one seven three sierra") == ["92601730"]
    # both heard the pair: the free value stands
    assert referral_after(free, "ninety six zero one seven three zero") == ["9601730"]


# --------------------------------------------------------------------------- "a number" heard as words


def test_a_number_stated_with_its_a_and_my_heard_as_words_is_an_a_number_span():
    """ "my a number is two one one …" heard "**by high** number is …" (the lead "my" heard
    "by", which the cue's lead check refused) or "**i i** number is …": an A-number's span."""
    from test_assist import number_word, words

    from companion.asr.assist import assist_spans

    for said in ("by high number is two one one four oh seven three five eight",
                 "i i number is six four one six seven seven seven oh"):
        spans = assist_spans(words(said), number_word, STANDIN_LIKE)
        assert [s.kind for s in spans] == ["a_number"], said
        assert spans[0].free_text.split()[0] in ("two", "six")
    # no statement ("is" after "number"): no cue; "by" alone before a real "a number" is no lead
    assert [s.kind for s in assist_spans(words("by high number two one one four"), number_word,
                                         STANDIN_LIKE)] != ["a_number"]
    assert [s.kind for s in assist_spans(words("given by a number two one one four oh seven three five eight"),
                                         number_word, STANDIN_LIKE)] != ["a_number"]


def test_a_question_ending_in_the_a_number_heard_as_words_asks_for_it_past_an_earlier_cue():
    """ "i see your receipt number here can you also give me your eye number": the receipt was
    named first, but the question ends asking for a number whose kind word was lost; its
    answer is not read as a receipt."""
    from test_assist import number_word, words

    from companion.asr.assist import ANSWER_KINDS, AssistContext, question_kind

    asked = words("i see your receipt number here can you also give me your eye number")
    assert question_kind(asked, number_word) == ""  # a number, its kind word lost
    assert question_kind(words("i see your a number here can you also give me your receipt number"),
                         number_word) == "receipt_number"
    context = AssistContext(STANDIN_LIKE)
    context.spans(asked, number_word, speaker="agent")
    [span] = context.spans(words("yes and six five one two two seven one oh", t0=8.0), number_word, speaker="caller")
    assert span.kinds == ANSWER_KINDS  # the answer's shape decides: eight digits are no receipt


def test_the_stand_ins_a_million_number_is_the_alien_number():
    """The stand-in writes "alien number" as "a million number" (five of the thirteen tuning
    sets): an A-number cue on its settings (``cue_sounds``), not on Vosk's."""
    from speech_rig import STAND_IN
    from test_assist import number_word, words

    from companion.asr.assist import VOSK, assist_spans

    said = words("make a million number is four seven two two oh one six eight")
    assert [s.kind for s in assist_spans(said, number_word, STAND_IN)] == ["a_number"]
    assert "a_number" not in [s.kind for s in assist_spans(said, number_word, VOSK)]


def test_the_letter_a_before_an_a_numbers_digits_heard_as_eight_is_no_digit():
    """ "my a number is a two one seven" / "three three eight nine zero oh", the free reading
    "… on a two one seven" "three three eight nine zero well", the grammar's "i eight two one
    seven three three eight nine zero l": the "eight" is the letter A the free reading heard
    (A217338900, not A821733890)."""
    reading = "i eight two one seven three three eight nine zero l"
    free = "on a two one seven three three eight nine zero well"
    assert assisted_value("a_number", reading, settings=STANDIN_LIKE, free_text=free) == "A217338900"
    # the free reading heard a digit there: the eight is one
    assert assisted_value("a_number", "eight two one seven three three eight nine zero",
                          settings=STANDIN_LIKE, free_text="eight two one seven three three eight nine zero") == "A821733890"


def test_write_down_this_number_heard_right_down_is_a_referral_cue():
    from test_assist import number_word, words

    from companion.asr.assist import VOSK, assist_spans

    said = words("right down this number six five to six six seven nine six")
    assert [s.kind for s in assist_spans(said, number_word, VOSK)] == ["referral_number"]
    # "right down" elsewhere names nothing
    assert "referral_number" not in [s.kind for s in assist_spans(words("go right down the hall two one"),
                                                                 number_word, VOSK)]


def test_the_stand_ins_serve_as_i_am_is_the_service_item():
    from speech_rig import STAND_IN
    from test_assist import number_word, words

    from companion.asr.assist import assist_spans

    said = words("i put in a serve as i am for you the number is eight nine three oh oh oh four nine oh four")
    assert [s.kind for s in assist_spans(said, number_word, STAND_IN)] == ["referral_number"]


# --------------------------------------------------------------------------- answers and read-backs


def test_an_answer_that_says_no_number_yet_leaves_the_question_open():
    """ "do you have the referral number" … "yes hold on let me find it" … "okay it's five
    seven …": the answer with no number word is no answer; the next one is, within the wait."""
    from test_assist import number_word, words

    from companion.asr.assist import AssistContext

    context = AssistContext(STANDIN_LIKE)
    context.spans(words("do you have the referral number", t0=1.0), number_word, speaker="agent")
    assert context.spans(words("yes hold on let me find it", t0=4.0), number_word, speaker="caller") == []
    [span] = context.spans(words("okay it's five seven seventy two nine to one", t0=9.0), number_word,
                           speaker="caller")
    assert span.kind == "referral_number"
    assert span.free_text.split()[0] == "five"
    # past the wait the question is closed, however many words with no number came between
    late = AssistContext(STANDIN_LIKE)
    late.spans(words("do you have the referral number", t0=1.0), number_word, speaker="agent")
    late.spans(words("yes hold on", t0=4.0), number_word, speaker="caller")
    assert late.spans(words("okay it's five seven seventy two nine to one",
                            t0=4.0 + STANDIN_LIKE.answer_wait + 6), number_word, speaker="caller") == []


def test_a_read_back_whose_reading_starts_with_the_words_before_the_number_is_read_from_the_number(session, clock):
    """The agent repeats the referral: "let me repeat that five seven seven eight two nine two
    one", read "… **ten i** five seven seven eight two nine two one" (the grammar's words for
    "that"): read from the word the free number starts with, it is the referral said again, of
    the usual length, and takes the place of the first reading's seven digits."""
    from test_assist import _after_the_wait, _caller_says, _cued

    _cued(session, "your referral number is five seven seventy two nine to one",
          "five seven seventy two nine two one", speaker="agent", confidence=0.9)
    [held] = _after_the_wait(session, clock, "referral_number")
    assert held.value == "5772921"
    _caller_says(session, "five seven seven eight to ninety one", "ten i five seven seven eight two nine two one", 10.0)
    assert [f.value for f in _after_the_wait(session, clock, "referral_number")] == ["57782921"]


def test_a_referral_a_digit_short_said_whole_right_after_is_not_kept_beside_it(session, clock):
    """ "… two nine five six double two six five" heard "… double to six by" (read "… double
    t six i i": 2956226, no field of the free reading's), then the caller's read-back heard
    whole: one referral, 29562265, not the short one beside it."""
    from speech_rig import STAND_IN
    from test_assist import _after_the_wait, _cued

    from companion.asr.pipeline import NumberAssist

    session.assist_settings = STAND_IN  # its grammar's "t" is a "two" ("double t": 22)
    _cued(session, "your referral number is two nine five six double to six by",
          "two nine five six double t six i i", speaker="agent", confidence=0.9)
    said = "two nine five six two two six five"
    ws = words(said, t0=8.0)
    session.add_result({"text": said, "result": ws, "speaker": "caller"})
    session.add_number_assist(NumberAssist("caller", 8.0, ws[-1]["end"], said, said, "referral_number", 0.9))
    assert [f.value for f in _after_the_wait(session, clock, "referral_number")] == ["29562265"]


def test_a_teen_the_grammar_heard_for_the_free_readings_ty_is_its_extra_digit():
    """ "twenty six eighty nine forty two oh four" heard "… eighty nine forty too low for" (the
    stand-in's "low" an "oh") and read "… **eighteen** nine forty two l four" (261894204, nine
    digits): the free words' digits are the referral, 26894204."""
    from speech_rig import STAND_IN

    reading, free = "twenty six eighteen nine forty two l four", "twenty six eighty nine forty too low for"
    assert assisted_value("referral_number", reading, settings=STAND_IN, free_text=free) == "26894204"
    # a word no number word among the free ones: the grammar's reading stands
    assert assisted_value("referral_number", reading, settings=STAND_IN,
                          free_text="twenty six eighty nine forty too low for you") == "261894204"
    # no "-teen" for the free "-ty": the grammar's reading stands
    assert assisted_value("referral_number", "twenty six eighty one nine forty two l four", settings=STAND_IN,
                          free_text=free) != "26894204"


def _assisted_then_said_again(session, clock, said: str) -> tuple:
    """The agent's referral the assist read (88312739, over the free 8312739), then ``said``
    by the agent: (that field, the call's referrals after)."""
    from test_assist import _after_the_wait, _cued

    _cued(session, "your service request number is eighty three one two seven three nine",
          "eight eight three one two seven three nine", speaker="agent", confidence=0.9)
    [first] = _after_the_wait(session, clock, "referral_number")
    assert (first.value, first.source) == ("88312739", "assisted")
    session.add_result({"text": said, "result": words(said, t0=9.0), "speaker": "agent"})
    return first, _after_the_wait(session, clock, "referral_number")


def test_a_correction_replaces_the_value_the_assist_gave_the_number(session, clock):
    """ "your service request number is eight eight three one two seven three nine" heard
    "… eighty three one two seven three nine" (8312739), the assist's 88312739; then "sorry let
    me repeat that eight eight three one two seven three seven": the correction is the number
    (one field, 88312737, the extractor's reading), not a second referral beside the first."""
    first, after = _assisted_then_said_again(session, clock, "sorry let me repeat that eight eight three one two seven "
                                                              "three seven")
    assert [(f.id, f.value, f.source) for f in after] == [(first.id, "88312737", "extracted")]
    # the store file holds it so (a new session reads it back)
    from companion.store import Store

    again = Store(session.store.path)
    assert [f.value for f in again.fields(session.call_id) if f.kind == "referral_number"] == ["88312737"]


def test_a_question_for_a_phone_number_ends_the_referral_exchange():
    """After the referral was given, "let me get a callback number" (heard "let me get i call
    that number"): the caller's "two oh two five five five …" is a phone number, not the
    referral read back."""
    from speech_rig import GRAMMAR_DIGITS, GRAMMAR_LETTERS, STAND_IN
    from test_assist import words

    from companion.asr.assist import AssistContext
    from companion.asr.pipeline import ENGLISH_HOMOPHONES

    def number_word(w: str) -> bool:  # the rig's: the grammar's words and the homophones
        return w in GRAMMAR_DIGITS or w in GRAMMAR_LETTERS or w in ENGLISH_HOMOPHONES

    def after(question: str) -> list:
        context = AssistContext(STAND_IN)
        for t0, speaker, said in ((10.0, "agent", "he has the referral number"),
                                  (17.6, "caller", "yes and seven seven one two zero three six four"),
                                  (21.0, "agent", "okay i see it was sent to the field office"),
                                  (24.0, "agent", question)):
            context.spans(words(said, t0=t0), number_word, speaker=speaker)
        return [s.kind for s in context.spans(words("it's too low to five five five oh one four three", t0=30.3),
                                              number_word, speaker="caller")]

    assert "referral_number" not in after("let me get i call that number")
    assert "referral_number" in after("let me get i check it")  # still the referral's exchange


def test_a_correction_that_says_the_assists_value_again_leaves_the_field_as_it_was(session, clock):
    """ "sorry let me repeat that eight eight three …" after the assist read that number: the
    field keeps its source and place (a later reading of the correction's words that holds
    more digits, "… one e r p eight six nine …", then finds it where it was: no second
    referral, en33)."""
    first, after = _assisted_then_said_again(session, clock, "sorry let me repeat that eight eight three one two seven "
                                                              "three nine")
    assert [(f.id, f.value, f.source) for f in after] == [(first.id, first.value, first.source)]


def test_an_ids_eight_run_into_a_ty_word_heard_as_a_letter_is_the_eight():
    """ "two four eight oh three" heard "to forty three", read "two four **k** echo three": the
    stand-in's "k" after the four the free "forty" holds is the eight (24803, not 2403); "seven
    eight nine two five" heard "seventy nine to five", read "seven **e** nine two five": 78925."""
    from speech_rig import STAND_IN

    assert assisted_value("staff_id", "two four k echo three", settings=STAND_IN,
                          free_text="to forty three") == "24803"
    assert assisted_value("staff_id", "seven e nine two five", settings=STAND_IN,
                          free_text="seventy nine to five") == "78925"
    # no "-ty" of that digit in the free reading: the letter is no eight
    assert assisted_value("staff_id", "two four k echo three", settings=STAND_IN,
                          free_text="to four okay oh three") != "24803"


def test_the_session_takes_the_id_whose_eight_the_free_ty_word_swallowed(store):
    from speech_rig import STAND_IN

    from companion.asr.pipeline import NumberAssist

    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = STAND_IN
    s.add_result(result("this is keisha my operator number is to forty three", speaker="agent"))
    start = 1.0 + 0.35 * 8
    s.add_number_assist(NumberAssist("agent", start, start + 0.35 * 3, "to forty three", "two four k echo three",
                                     "staff_id", 1.0))
    s.flush()
    assert [f.value for f in s.store.fields(s.call_id) if f.kind == "staff_id"] == ["24803"]


def test_a_referral_said_again_keeps_no_letter_read_after_it_as_a_digit(store):
    """ "sorry eight four zero nine eight zero two two i misread it": the free extractor reads
    the "i" into the referral (84098022I); the sayings agree on 84098022, which is the field's
    value — not "8" + 84098022 (the letter after the digits taken for a longer number's start)."""
    from speech_rig import STAND_IN

    from companion.asr.pipeline import GrammarReading

    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = STAND_IN
    for t0, speaker, said, grammar in (
            (1.0, "agent", "the referral number is eight four four nine eight zero two two",
             "t r f r l m three s eight four four nine eight zero two two"),
            (6.0, "agent", "sorry eight four zero nine eight zero two two i misread it",
             "s r e eight four zero nine eight zero two two i m s r e d i t"),
            (11.0, "caller", "eight four zero nine eight zero two two", "eight four zero nine eight zero two two")):
        ws = words(said, t0=t0)
        s.add_result({"text": said, "result": ws, "speaker": speaker})
        s.add_grammar_reading(GrammarReading(speaker, t0, ws[-1]["end"], said, grammar))
    assert [f.value for f in s.store.fields(s.call_id) if f.kind == "referral_number"] == ["84098022"]


def test_an_a_numbers_last_digit_the_grammar_heard_as_a_letter_is_the_free_readings():
    """ "a nine four one one six eight six six" after "your alien registration number", read
    "nine four one one six eight six **x**": seven digits are no A-number; the free reading's
    eight, whose last the grammar heard as a letter, are (A094116866)."""
    from speech_rig import STAND_IN

    reading = "nine four one one six eight six x"
    assert assisted_value("a_number", reading, settings=STAND_IN,
                          free_text="nine four one one six eight six six") == "A094116866"
    # the free reading heard no digit there either: nothing
    assert assisted_value("a_number", reading, settings=STAND_IN,
                          free_text="nine four one one six eight six") is None
