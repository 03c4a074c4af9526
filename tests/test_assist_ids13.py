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
