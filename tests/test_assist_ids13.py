"""Staff IDs, round 13b (issue 9, branch i9-r13b-ids): the cue as this engine hears it
(``AssistSettings.cue_sounds``) and a staff ID's digits said together (``_said_together``).
Each tested here without the rig: results in Vosk's format built by hand."""

from __future__ import annotations

from test_assist import number_word, words

from companion.asr.assist import VOSK, AssistSettings, assist_spans, reading_is_news

# An engine whose free recognizer hears "i d is" as "i t is", "i t. is", "i t s" or "i g s"
# (the stand-in's sounds) and whose grammar hears "oh" as "l", "o" or "echo", "two" as "t o".
HEARS_IT = AssistSettings(
    "test", low_confidence=0.6,
    digit_confusions=((("t", "o"), "two"), (("o",), "oh?"), (("l",), "oh?"), (("echo",), "oh?")),
    cue_sounds=((("i", "t", "is"), ("i", "d", "is")), (("i", "t.", "is"), ("i", "d", "is")),
                (("i", "t", "s"), ("i", "d", "is")), (("i", "g", "s"), ("i", "d", "is"))))


def _staff_spans(said: str, settings: AssistSettings):
    return [s for s in assist_spans(words(said), number_word, settings) if s.kind == "staff_id"]


# --------------------------------------------------------------------------- the cue as the engine hears it


def test_the_engines_sounds_of_i_d_is_are_the_staff_id_cue():
    for said in ("this is carmen my i t is four four one two", "my i t. is four four one two",
                 "my i t s four four one two", "and my i g s four four one two"):
        [span] = _staff_spans(said, HEARS_IT)
        assert span.free_text == "four four one two"
        # the free extractor never read that cue: the grammar's reading is news in the same words
        assert span.cue_unheard and reading_is_news(span, "four four one two", HEARS_IT)


def test_the_sounds_are_the_engines_not_the_languages():
    # Vosk's settings have none: the same words are no cue, no span
    assert VOSK.cue_sounds == ()
    assert _staff_spans("this is carmen my i t is four four one two", VOSK) == []


def test_words_like_the_sounds_are_no_cue():
    # "it is", "i t" with no "is" after: no cue
    assert _staff_spans("what it is four four one two", HEARS_IT) == []
    assert _staff_spans("my i t four four one two", HEARS_IT) == []


def test_the_sounds_cue_gives_the_call_its_staff_id(tmp_path):
    from companion.asr.pipeline import NumberAssist
    from companion.session import CallSession
    from companion.store import Store

    said = "this is carmen my i t is four four one two how can i help"
    got = {}
    for name, settings in (("vosk", VOSK), ("stand_in", HEARS_IT)):
        store = Store(tmp_path / f"{name}.db")
        session = CallSession.start(store, source="live")
        session.assist_settings = settings
        ws = words(said)
        session.add_result({"text": said, "result": ws, "speaker": "agent"})
        for span in _staff_spans(said, settings):
            session.add_number_assist(NumberAssist("agent", span.start, span.end, span.free_text,
                                                   "four four one two", span.kind, 0.9))
        session.flush()
        got[name] = [f.value for f in store.fields(session.call_id) if f.kind == "staff_id"]
        session.end()
        store.close()
    assert got == {"vosk": [], "stand_in": ["4412"]}


# --------------------------------------------------------------------------- digits said together


def _timed(said: str, t0: float = 5.0) -> list[dict]:
    """Grammar words back to back from ``t0``: a word of one letter 0.12 s, others 0.25 s;
    "_" is a silence of 0.4 s (no word)."""
    out, t = [], t0
    for w in said.split():
        d = 0.4 if w == "_" else 0.12 if len(w) == 1 else 0.25
        if w != "_":
            out.append({"word": w, "start": round(t, 2), "end": round(t + d, 2), "conf": 1.0})
        t += d
    return out


def _id_reading(grammar: str, settings: AssistSettings = HEARS_IT) -> str:
    from companion.asr.assist import AssistSpan, grammar_reading

    ws = _timed(grammar)
    span = AssistSpan(ws[0]["start"], ws[-1]["end"], "", "staff_id")
    return grammar_reading(span, ws, settings)


def test_a_staff_ids_digits_are_the_ones_said_together():
    from companion.asr.assist import assisted_value

    # "five seven three oh two how can i help you": the words after the ID heard as letters
    # and digits, "papa i" 0.37 s between the ID's last digit and the next "digit"
    reading = _id_reading("five seven three echo two papa i eight l p a")
    assert reading == "five seven three echo two papa i"
    assert assisted_value("staff_id", reading, settings=HEARS_IT) == "57302"
    # the next number after a silence (a read-back, a correction, another number)
    assert _id_reading("four four one two _ four four one three") == "four four one two"
    # a letter said right after the digits stays: it is no digit ("four four nine one b")
    assert _id_reading("four four nine one b _ seven") == "four four nine one b"
    # Vosk's settings (no confusions): the same
    assert _id_reading("four four one two _ four four one three", VOSK) == "four four one two"


def test_digits_said_together_are_read_whole():
    # fillers heard as one letter between digits are no pause ("four four l one two")
    assert _id_reading("four four l one two") == "four four l one two"
    assert _id_reading("k two two six l") == "k two two six l"
    assert _id_reading("d as in david one one eight three") == "d as in david one one eight three"
    # an ID said in pieces, the first too short for a whole ID: no cut ("five five one, oh nine")
    assert _id_reading("five five one _ o nine") == "five five one o nine"
    # a first run too short for an ID with no whole ID after it cuts nothing
    assert _id_reading("p two r victor i h four three") == "p two r victor i h four three"


def test_a_short_run_before_a_pause_is_no_part_of_the_id():
    from companion.asr.assist import assisted_value

    # "to try the patch four three three one" read "p two r victor i h four three three one":
    # the "two" of "to" and the letters of "try the patch" before the ID's four digits
    reading = _id_reading("p two r victor i h four three three one f m a i l p a")
    assert reading == "four three three one f m a i"  # the "l" of "help" after a pause too
    assert assisted_value("staff_id", reading, settings=HEARS_IT) == "4331"


def test_only_a_staff_ids_reading_is_cut():
    from companion.asr.assist import AssistSpan, grammar_reading

    ws = _timed("one two three four _ five six seven eight")
    span = AssistSpan(ws[0]["start"], ws[-1]["end"], "", "referral_number")
    assert grammar_reading(span, ws, HEARS_IT) == "one two three four five six seven eight"


# --------------------------------------------------------------------------- an ID read back shows once


def test_an_id_read_back_and_taken_from_the_grammar_is_no_second_field(tmp_path):
    from companion.asr.pipeline import NumberAssist
    from companion.session import CallSession
    from companion.store import Store

    store = Store(tmp_path / "c.db")
    session = CallSession.start(store, source="live")
    session.assist_settings = HEARS_IT

    def say(said: str, t0: float, speaker: str, reading: str) -> None:
        ws = words(said, t0=t0)
        session.add_result({"text": said, "result": ws, "speaker": speaker})
        for span in [s for s in assist_spans(ws, number_word, HEARS_IT) if s.kind == "staff_id"]:
            session.add_number_assist(NumberAssist(speaker, span.start, span.end, span.free_text, reading,
                                                   span.kind, 0.9))

    say("this is ingrid my operator number is two oh five five three", 1.0, "agent", "two l five five three")
    # the caller's read-back "… was two oh five five three", heard "too low five five three"
    # (the free 553), read "whiskey two o five five three": 20553, the agent's ID said again
    say("thank you ingrid and the operator number was too low five five three", 60.0, "caller",
        "whiskey two o five five three")
    session.flush()
    got = [f.value for f in store.fields(session.call_id) if f.kind == "staff_id"]
    session.end()
    store.close()
    assert got == ["20553"]


def test_a_different_id_read_later_is_still_a_field(tmp_path):
    from companion.asr.pipeline import NumberAssist
    from companion.session import CallSession
    from companion.store import Store

    store = Store(tmp_path / "c.db")
    session = CallSession.start(store, source="live")
    session.assist_settings = HEARS_IT
    for said, t0, reading in (("my operator number is two oh five five three", 1.0, "two l five five three"),
                              ("the supervisor operator number is too low five five four", 60.0,
                               "two o five five four")):
        ws = words(said, t0=t0)
        session.add_result({"text": said, "result": ws, "speaker": "agent"})
        for span in [s for s in assist_spans(ws, number_word, HEARS_IT) if s.kind == "staff_id"]:
            session.add_number_assist(NumberAssist("agent", span.start, span.end, span.free_text, reading,
                                                   span.kind, 0.9))
    session.flush()
    got = sorted(f.value for f in store.fields(session.call_id) if f.kind == "staff_id")
    session.end()
    store.close()
    assert got == ["20553", "20554"]
