"""Round 20 (issue 9): numbers the grammar read better than the free recognizer but was not
trusted with — a staff ID's last "six" heard as the letter "x", a "-ty" that swallowed a
digit the grammar heard as itself, a letter T heard as "eighty", a last "four" heard as
"for"; "your idea" for the ID cue; an A-number's "-teen" the grammar misheard, an "oh" both
hearings wrote as other words; a cue heard with a plural word inside; the user's own number
read back a digit off by the other side. Tested without the rig: results and readings built
by hand."""

from __future__ import annotations

from test_assist import words
from test_name_assist import result
from test_session_assist import Clock

from companion.asr.assist import assisted_value, first_sound_misheard, ty_split, ty_swallowed
from companion.session import CallSession


def _session_with_id(store, said: str, free_span: str, reading: str) -> list[str]:
    """The staff IDs a session keeps for one agent result ``said`` whose ID span (its last
    words, ``free_span``) the grammar read as ``reading``."""
    from speech_rig import STAND_IN

    from companion.asr.pipeline import NumberAssist

    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = STAND_IN
    s.add_result(result(said, speaker="agent"))
    n = len(free_span.split())
    start = 1.0 + 0.35 * (len(said.split()) - n)
    s.add_number_assist(NumberAssist("agent", start, start + 0.35 * n, free_span, reading, "staff_id", 1.0))
    s.flush()
    return [f.value for f in s.store.fields(s.call_id) if f.kind == "staff_id"]


# --------------------------------------------------------------------------- a last digit heard as a letter


def test_a_staff_ids_last_six_the_grammar_heard_as_x_is_the_free_readings_six():
    """ "my operator i d is nine four six six six", read "i d s nine four six six **x**": a
    staff ID never ends in a letter, and the free reading heard the whole 94666 — not the
    grammar's four digits 9466."""
    from speech_rig import STAND_IN

    reading = "i d s nine four six six x"
    assert assisted_value("staff_id", reading, settings=STAND_IN,
                          free_text="nine four six six six") == "94666"
    # the free reading heard a word there, no digit: the grammar's four stand
    assert assisted_value("staff_id", reading, settings=STAND_IN, free_text="nine four six six thanks") == "9466"
    # the free digits are the grammar's: its letter after them is the words after the ID
    # ("seven oh five five how can i help", read "… five five **i**"), no digit of it
    assert assisted_value("staff_id", "seven echo five five i", settings=STAND_IN,
                          free_text="seven oh five five") == "7055"


def test_the_session_keeps_the_staff_id_whose_last_digit_the_grammar_heard_as_a_letter(store):
    # the span starts at the cue's "i d" heard "ideas", before the free digits: the grammar's
    # reading decides, with the free reading's last six
    assert _session_with_id(store, "my name is grace and my operator ideas nine four six six six",
                            "ideas nine four six six six", "i d s nine four six six x") == ["94666"]


# --------------------------------------------------------------------------- a "-ty" that swallowed a digit


def test_a_staff_ids_ty_word_the_grammar_heard_as_two_digit_words_is_split():
    """ "five seven eight eight seven one" heard "five **seventy eight** seven one" (57871, a
    valid five) and read as said: the grammar heard the eight the "-ty" swallowed as the word
    itself, between the seven and the free reading's unit — 578871."""
    from speech_rig import STAND_IN

    free, reading = "five seventy eight seven one", "five seven eight eight seven one"
    assert ty_split("staff_id", free, reading, STAND_IN) == "578871"
    assert ty_swallowed("staff_id", "578871", free, reading, STAND_IN)
    # "nine forty nine six four" read "c nine four eight nine six four": 948964
    assert ty_split("staff_id", "nine forty nine six four", "c nine four eight nine six four",
                    STAND_IN) == "948964"


def test_no_staff_id_split_where_the_grammar_heard_the_pair_or_no_swallowed_digit():
    from speech_rig import STAND_IN

    free = "five seventy eight seven one"
    # the grammar heard the pair too: "seventy eight" was said
    assert ty_split("staff_id", free, "five seventy eight seven one", STAND_IN) is None
    # a digit word after the seven that is no digit a "-ty" swallows (only a two or an eight)
    assert ty_split("staff_id", free, "five seven six eight seven one", STAND_IN) is None
    # the word after the swallowed digit is not the free reading's unit
    assert ty_split("staff_id", free, "five seven eight nine seven one", STAND_IN) is None
    # a teen is no evidence for a staff ID: any length from four to six is one
    assert ty_split("staff_id", "ninety six one", "nineteen six one", STAND_IN) is None
    # seven digits are no staff ID
    assert ty_split("staff_id", "five seventy eight seven one two", "five seven eight eight seven one two",
                    STAND_IN) is None


def test_the_session_takes_the_staff_id_whose_digit_the_free_ty_word_swallowed(store):
    assert _session_with_id(store, "my operator number is five seventy eight seven one",
                            "five seventy eight seven one", "five seven eight eight seven one") == ["578871"]


# --------------------------------------------------------------------------- the letter T heard as "eighty"


def test_a_staff_ids_letter_t_heard_as_eighty_is_the_grammars_t():
    """ "agent i d t six four two two" heard "… id **eighty** six four two two" (86422), read
    "t six four two …": the "-ty" is the letter's name (T6422), as "eighty" is an H's."""
    free = "eighty six four two two"
    assert first_sound_misheard("staff_id", "86422", "T6422", free)
    assert first_sound_misheard("staff_id", "86552", "H6552", "eighty six five five two")
    # another letter, or other digits after it: no
    assert not first_sound_misheard("staff_id", "86422", "P6422", free)
    assert not first_sound_misheard("staff_id", "86422", "T6423", free)
    assert not first_sound_misheard("staff_id", "86422", "T642", free)


def test_the_session_takes_the_staff_id_whose_t_the_free_reading_heard_as_eighty(store):
    assert _session_with_id(store, "my name is trevor agent id eighty six four two two",
                            "eighty six four two two", "t six four two t o") == ["T6422"]


# --------------------------------------------------------------------------- a last "four" heard as "for"


def test_a_staff_ids_last_four_heard_for_is_the_free_digits_and_the_grammars_four():
    """ "two seven three one four" heard "two seven three one **for**" (2731) and read
    "**thirty** seven three one four" (37314): the free reading's digits and the four the
    grammar heard last — 27314."""
    from speech_rig import STAND_IN

    reading, free = "thirty seven three one four", "two seven three one for"
    assert assisted_value("staff_id", reading, settings=STAND_IN, free_text=free) == "27314"
    # the grammar's last word is no four: the "for" was a word ("… three one for you")
    assert assisted_value("staff_id", "thirty seven three one", settings=STAND_IN, free_text=free) == "3731"


def test_the_session_takes_the_free_digits_and_the_four_heard_for(store):
    assert _session_with_id(store, "my i d is two seven three one for",
                            "two seven three one for", "thirty seven three one four") == ["27314"]



def test_a_staff_ids_letter_the_free_reading_heard_spelled_whole_is_its_letter():
    """ "t as in tom four nine oh" heard "t as in tom for nine al", read "t s n **ten** four nine
    l" (N1049: the grammar's "as in" and example lost): the free reading's example is the
    letter, its number words the digits — T490. Where its words after the example are not all
    number words, the grammar's digits after its own example are ("m as in **sierra** a l three
    echo eight", the free "an as in mary of three okay": M0308)."""
    from speech_rig import STAND_IN

    assert assisted_value("staff_id", "t s n ten four nine l", settings=STAND_IN,
                          free_text="t as in tom for nine al") == "T490"
    assert assisted_value("staff_id", "m as in sierra a l three echo eight", settings=STAND_IN,
                          free_text="an as in mary of three okay") == "M0308"
    # no example word the free reading heard ("ten" spells no letter): not this rule's
    assert not (assisted_value("staff_id", "t s n ten four nine l", settings=STAND_IN,
                               free_text="t as in ten for nine al") or "").startswith("T")

# --------------------------------------------------------------------------- pairs, a cue, an oh, a teen


def test_a_staff_ids_one_pair_of_several_the_grammar_heard_split_is_split():
    """ "sixty five four eight nine" heard "sixty five **forty nine**" (6549), read "sixty five
    four eight nine": the grammar heard the pair "sixty five" as the free reading did and the
    other as three digit words — 65489."""
    from speech_rig import STAND_IN

    assert ty_split("staff_id", "sixty five forty nine", "sixty five four eight nine", STAND_IN) == "65489"
    # a referral read in pairs keeps them: the grammar's "-teen" is its own mishearing
    assert ty_split("referral_number", "twenty nine twenty two forty nine four",
                    "twenty nine twenty two fourteen nine four", STAND_IN) is None


def test_your_idea_is_the_id_cue_a_bare_idea_is_not():
    """The free recognizer writes "i d" after whose ID it is as "idea" ("can i get **your
    idea** before we start"); "a good idea to keep" is no cue."""
    from test_assist import number_word

    from companion.asr.assist import question_kind

    def asked(text: str) -> str | None:
        return question_kind(words(text), number_word)

    assert asked("hi shannon can i get your idea before we start") == "staff_id"
    assert asked("could i get your operator idea please") == "staff_id"
    assert asked("it is a good idea to keep your notice") is None
    assert asked("no problem have an idea day") is None


def test_a_staff_ids_last_oh_the_grammar_heard_twice_is_one_oh():
    """ "two seven five five oh" heard "to seven five five al", read "… five five **o o**": one
    "oh" (27550), not the referral's rule of an "oh" both heard at the end (275500)."""
    from speech_rig import STAND_IN

    assert assisted_value("staff_id", "two seven five five o o", settings=STAND_IN,
                          free_text="to seven five five al") == "27550"


def test_an_a_numbers_teen_for_the_free_ty_is_the_grammars_mishearing():
    """ "a four ninety one four sixty nine five four" heard "i for ninety one for sixty nine
    five four" (an answer to "what's your a number"), read "z i four ninety one four
    **sixteen** nine five four": nine digits with a one no one said; the free eight are the
    A-number (A049146954), with or without the question's kind."""
    from speech_rig import STAND_IN

    from companion.asr.assist import kind_by_shape

    reading, free = "z i four ninety one four sixteen nine five four", "i for ninety one for sixty nine five four"
    assert assisted_value("a_number", reading, settings=STAND_IN, free_text=free) == "A049146954"
    assert kind_by_shape(reading, ("a_number",), settings=STAND_IN, free_text=free) == ("a_number", "A049146954")
    # the free reading heard the "-teen" too: it was said
    assert assisted_value("a_number", reading, settings=STAND_IN,
                          free_text="i for ninety one for sixteen nine five four") == "A491416954"


def test_an_oh_both_hearings_heard_as_other_words_at_one_place_is_the_oh():
    """ "eight eight eight one nine one oh two" heard "… one **of** two", read "… one **a**
    two": each hearing alone is seven digits; together they say the oh (A088819102)."""
    from speech_rig import STAND_IN

    from companion.asr.assist import kind_by_shape

    reading, free = "eight eight eight one nine one a two", "eight eight eight one nine one of two"
    assert kind_by_shape(reading, ("receipt_number", "a_number"), settings=STAND_IN,
                         free_text=free) == ("a_number", "A088819102")
    # the free reading heard no oh there: nothing
    assert assisted_value("a_number", reading, settings=STAND_IN,
                          free_text="eight eight eight one nine one two") is None
    # the grammar's "a" first is the letter, no oh
    assert assisted_value("a_number", "a eight eight one nine one two", settings=STAND_IN,
                          free_text="of eight eight one nine one two") is None



def test_a_whole_referral_then_its_read_back_a_digit_short_is_one_referral(session, clock):
    """The agent's "ninety two twenty eighty two ninety two" heard "… twenty eight two nine
    detail", read whole by the grammar (92208292, waiting for its field); the caller's
    read-back heard "ninety two twenty eight to ninety two" (the extractor's 9228292, a digit
    short): one referral, the whole one, the short reading its alternative."""
    from speech_rig import STAND_IN
    from test_assist import _after_the_wait, _cued

    from companion.asr.pipeline import NumberAssist

    session.assist_settings = STAND_IN
    _cued(session, "your referral number is ninety two twenty eight two nine detail",
          "ninety two twenty eighty two ninety t o", speaker="agent", confidence=0.9)
    said = "ninety two twenty eight to ninety two"
    ws = words(said, t0=8.0)
    session.add_result({"text": said, "result": ws, "speaker": "caller"})
    session.add_number_assist(NumberAssist("caller", 8.0, ws[-1]["end"], said,
                                           "ninety two twenty eighty two ninety two", None, 0.9))
    [field] = _after_the_wait(session, clock, "referral_number")
    assert field.value == "92208292"
    assert session.alternative(field).value == "9228292"


def test_an_oh_both_hearings_wrote_as_words_makes_an_a_number_of_nine_digits():
    """ "two oh four oh seven seven six one nine" heard "to all four **of** seven …", read "two
    o four **a** seven …": the grammar alone has eight digits (A020477619, a valid A-number);
    with the oh both heard at one place, nine — A204077619."""
    from speech_rig import STAND_IN

    assert assisted_value("a_number", "two o four a seven seven six one nine", settings=STAND_IN,
                          free_text="to all four of seven seven six one nine") == "A204077619"


def test_an_a_numbers_ty_the_grammar_heard_as_the_digit_and_k_is_nine_digits():
    """ "one seven seven nine nine nine nine eight two" heard "… nine nine **ninety two**"
    (eight digits, a valid A-number), read "… nine nine nine **k** two": the stand-in's "k" is
    the eight the "-ty" swallowed — A177999982. Its "-teen" is no such evidence."""
    from speech_rig import STAND_IN

    free = "one seven seven nine nine nine ninety two"
    assert assisted_value("a_number", "one seven seven nine nine nine nine k two", settings=STAND_IN,
                          free_text=free) == "A177999982"
    assert ty_split("a_number", free, "one seven seven nine nine nine nineteen two", STAND_IN) is None


def test_an_answer_the_grammar_heard_with_digits_around_the_free_ones_is_the_free_value(store):
    """ "and your spouse's a number" heard "… spouse's i number" (a question whose kind was
    lost); "it's one five six nine one four two three zero" heard right, read "**two** one five
    six nine one four two three **sierra o**" (eleven digits, nothing): both agree on the nine
    digits the free reading heard — A156914230. Digits the grammar lacks: nothing."""
    from speech_rig import STAND_IN

    from companion.asr.pipeline import NumberAssist

    def answered(reading: str) -> list[str]:
        return answered_with("it's one five six nine one four two three zero", reading)

    def answered_with(said: str, reading: str) -> list[str]:
        s = CallSession.start(store, source="live", now=Clock())
        s.assist_settings = STAND_IN
        r = result(said, speaker="caller", t0=5.0)
        s.add_result(r)
        s.add_number_assist(NumberAssist("caller", 5.35, r["result"][-1]["end"], said, reading, None, 0.9,
                                         kinds=("receipt_number", "a_number")))
        s.flush()
        return [f.value for f in s.store.fields(s.call_id) if f.kind == "a_number"]

    assert answered("two one five six nine one four two three sierra o") == ["A156914230"]
    assert answered("two one five six nine four four two three sierra o") == []
    # eight digits said, inside ten read ("i o e zero eight one nine nine …" heard "… early one
    # nine nine …"): a receipt's end, not an A-number of eight
    assert answered_with("early one nine nine four five six seven seven",
                         "echo p zero eight one nine nine four five six seven seven") == []


def test_a_question_after_a_word_of_sympathy_still_asks_for_the_lost_number():
    """ "i'm sorry to hear that may i have your a number" heard "… your **high** number": "i'm
    sorry" is a correction's cue, no number's — the question still asks for a number whose kind
    word was lost, and its answer's shape decides."""
    from test_assist import number_word

    from companion.asr.assist import lost_question

    assert lost_question(words("i'm sorry to hear that may i have your high number"), number_word)
    # a number cue before it still makes it no lost question ("your receipt number")
    assert not lost_question(words("i see your receipt number may i have your high number"), number_word)

# --------------------------------------------------------------------------- a cue heard with a plural word


def test_a_cue_heard_with_a_plural_word_inside_is_the_cue_for_the_extractor():
    """ "your service request number is" heard "the service **requests** number is", the
    number in two parts after it: the extractor joins them into the referral. A plural last
    word ("we handle service requests") or a one-word cue stays none."""
    from companion.extract import StreamingExtractor
    from companion.extract.cues import match_cue

    ex = StreamingExtractor()
    found = []
    t0 = 1.0
    for speaker, said in (("agent", "the service requests number is"), ("agent", "five three two zero"),
                          ("caller", "okay"), ("agent", "six three three three")):
        found += [(u.entity.kind, u.entity.value) for u in ex.feed(result(said, t0=t0, speaker=speaker))]
        t0 += 3.0
    found += [(u.entity.kind, u.entity.value) for u in ex.flush()]
    assert found == [("referral_number", "53206333")]
    assert match_cue("we handle service requests every day".split(), 2) is None
    assert match_cue("live agents are here".split(), 1) is None


# --------------------------------------------------------------------------- the user's own number read back


def _receipts_kept(store, lines) -> list[str]:
    """The receipts a session keeps for ``lines`` of (speaker, free words, the grammar's
    reading of them or "")."""
    from speech_rig import STAND_IN

    from companion.asr.pipeline import GrammarReading

    s = CallSession.start(store, source="live", now=Clock())
    s.assist_settings = STAND_IN
    t = 1.0
    for speaker, said, grammar in lines:
        r = result(said, speaker=speaker, t0=t)
        s.add_result(r)
        if grammar:
            s.add_grammar_reading(GrammarReading(speaker, t, r["result"][-1]["end"], said, grammar))
        t += 0.35 * len(said.split()) + 1.0
    s.flush()
    return [f.value for f in s.store.fields(s.call_id) if f.kind == "receipt_number"]


def test_the_users_own_receipt_read_back_a_digit_off_by_the_agent_is_no_second_receipt(store):
    """The caller reads LIN2410186992 off the notice (a case in the app): the free reading
    garbles it, the grammar's reading is the user's own; the agent's read-back "… six nine
    nine two, is that right" heard "… six nine ninety one": one receipt, the user's, not a
    second one a digit off."""
    store.add_case("LIN2410186992")
    caller = ("caller", "twenty four one zero one eighty six nine nine two",
              "l i n two four one zero one eight six nine nine two")
    assert _receipts_kept(store, [
        caller, ("agent", "l i n two four one zero one eight six nine ninety one is that right", ""),
    ]) == ["LIN2410186992"]


def test_a_receipt_a_digit_off_the_users_own_said_by_the_same_side_is_kept(store):
    """ "and my wife's is …" — the same side saying a number one off the user's own is the
    next receipt of one filing, a field of its own."""
    store.add_case("LIN2410186992")
    caller = ("caller", "twenty four one zero one eighty six nine nine two",
              "l i n two four one zero one eight six nine nine two")
    assert _receipts_kept(store, [
        caller, ("caller", "and my wife's is l i n two four one zero one eight six nine nine three", ""),
    ]) == ["LIN2410186992", "LIN2410186993"]
