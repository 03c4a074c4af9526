"""The name assist (issue 9): a staff name's seconds read again with a grammar of names.

The free recognizer turns names into English words ("this is tanya" → "this is tenure",
"officer nadia" → "officer media"). After a staff-name cue the pipeline reads the name's
own audio again with a grammar of the census name list; the session applies the reading
like a number cue's: it replaces a free name that is no known name (shown as assisted,
unconfirmed, ``v`` swaps back) and is offered beside a known one; it never adds a name
where the free reading has none.
"""

from __future__ import annotations

import threading
import wave
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from audio_helpers import ko_model, ko_model_path, make_speech, speech_dir  # noqa: F401 - fixtures
from test_session_assist import Clock

from companion.asr.assist import (
    NameSpan,
    is_known_name,
    known_names,
    name_from_reading,
    name_spans,
    plausible,
)
from companion.asr.pipeline import FinalResult, NameAssist, RecognitionPipeline, name_grammar
from companion.audio.sources import WavSource
from companion.records import ASSISTED, CANDIDATE, CONFIRMED, EXTRACTED, STAFF_NAME
from companion.session import CallSession

T0 = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)


def words(text: str, t0: float = 1.0) -> list[dict]:
    """Vosk result words: one every 0.35 s from ``t0``."""
    out = []
    for i, w in enumerate(text.split()):
        start = round(t0 + 0.35 * i, 2)
        out.append({"word": w, "start": start, "end": round(start + 0.3, 2), "conf": 0.9})
    return out


def result(text: str, t0: float = 1.0, speaker: str | None = None) -> dict:
    r: dict = {"text": text, "result": words(text, t0)}
    if speaker:
        r["speaker"] = speaker
    return r


# --------------------------------------------------------------------------- spans


def test_span_after_an_introduction_runs_to_the_word_that_ends_a_name():
    [span] = name_spans(words("thank you for calling this is tenure with you and see i asked"))
    assert (span.free_text, span.start, span.end) == ("tenure", 3.1, 3.4)
    assert not span.strong  # "this is" is said of many things


def test_span_after_a_title_and_after_speaking_with():
    [span] = name_spans(words("hello this is officer media my age and id is nine"))
    assert span.free_text == "media" and span.strong  # the title, not "this is", decides
    [span] = name_spans(words("hi thanks for calling years speaking with mark is okay"))
    assert span.free_text == "mark is"  # "you're" garbled: the cue's last words still hold
    [span] = name_spans(words("my name is pre of the ship be i asked"))
    assert span.free_text == "pre of the"  # at most three words


def test_name_then_speaking_is_a_span():
    [span] = name_spans(words("good morning officer coleman speaking okay"))
    assert span.free_text == "coleman"
    [span] = name_spans(words("hello bricks speaking how can i help"))
    assert span.free_text == "bricks" and span.strong


def test_no_span_without_a_cue_or_after_a_weak_one():
    assert name_spans(words("i'm calling about my case it's been pending")) == []
    assert name_spans(words("can i have your receipt number please")) == []
    assert name_spans(words("this is")) == []  # nothing after the cue


# --------------------------------------------------------------------------- names


def test_the_name_list_is_the_census_cut():
    names = known_names()
    assert 3000 <= len(names) <= 5000
    assert {"tanya", "nadia", "reyes", "brooks", "ward", "kevin"} <= names
    assert not any(n.startswith("#") or " " in n for n in names)
    assert "tenure" not in names and "media" not in names


def test_name_from_reading_is_title_case_and_at_most_first_and_last():
    assert name_from_reading("tanya") == "Tanya"
    assert name_from_reading("kevin reyes") == "Kevin Reyes"
    assert name_from_reading("[unk] kevin reyes ward") == "Kevin Reyes"
    assert name_from_reading("mcdonald") == "McDonald"
    assert name_from_reading("[unk]") is None
    assert name_from_reading("") is None
    # one free word read as two names: the grammar filled the seconds, no name it heard
    assert name_from_reading("may tia", free_text="media") is None
    assert name_from_reading("kevin reyes", free_text="kevin raise") == "Kevin Reyes"
    assert name_from_reading("brooks", free_text="bricks") == "Brooks"


def test_a_known_name_is_plausible_a_word_is_not():
    assert is_known_name("Kevin Reyes") and plausible(STAFF_NAME, "Kevin Reyes")
    assert not is_known_name("Kevin Raise") and not plausible(STAFF_NAME, "Tenure")
    assert not is_known_name("")
    assert is_known_name("O'Brien") and is_known_name("Smith-Jones")  # the census: obrien


# --------------------------------------------------------------------------- session


@pytest.fixture
def session(store):
    return CallSession.start(store, source="live", now=Clock())


def staff_names(session) -> list:
    return [f for f in session.store.fields(session.call_id) if f.kind == STAFF_NAME]


INTRO = "thank you for calling this is tenure with u s c i s how can i help you"


def test_a_reading_replaces_a_free_name_that_is_no_name(session):
    session.add_result(result(INTRO))
    [free] = staff_names(session)
    assert free.value == "Tenure"
    gained = session.add_name_assist(NameAssist(None, 3.1, 3.4, "tenure", "tanya"))
    [field] = staff_names(session)
    assert [f.id for f in gained] == [field.id] == [free.id]
    assert (field.value, field.source, field.status) == ("Tanya", ASSISTED, CANDIDATE)
    alt = session.alternative(field)
    assert alt is not None and (alt.value, alt.source) == ("Tenure", "free")
    # v puts the free reading back (and confirms it): the number assist's mechanism
    saved = session.use_alternative(field.id)
    assert (saved.value, saved.status) == ("Tenure", CONFIRMED)


def test_a_known_free_name_keeps_its_place_the_reading_is_offered(session):
    session.add_result(result("thank you for calling this is kevin with u s c i s"))
    gained = session.add_name_assist(NameAssist(None, 3.1, 3.4, "kevin", "gavin"))
    [field] = staff_names(session)
    assert (field.value, field.source) == ("Kevin", EXTRACTED)
    assert [f.id for f in gained] == [field.id]
    alt = session.alternative(field)
    assert alt is not None and alt.value == "Gavin"


def test_no_name_is_added_where_the_free_reading_had_none(session):
    session.add_result(result("who am i speaking with today", speaker="caller"))
    assert session.add_name_assist(NameAssist("caller", 2.4, 2.7, "today", "ted jay")) == []
    session.now.t = T0.replace(minute=5)  # long past the assist's wait
    session.add_result(result("okay thank you", t0=30.0))
    session.flush()
    assert staff_names(session) == []


def test_on_bad_audio_the_reading_is_only_offered(store):
    """The number assist's trust gate: a call whose free words are heard with a low mean
    confidence gets the reading beside its free name, never instead of it."""
    from companion.asr.assist import AssistSettings

    session = CallSession.start(store, source="live", now=Clock())
    session.assist_settings = AssistSettings("test", low_confidence=0.6, min_free_confidence=0.67)
    session.add_result(result(INTRO))
    session.add_name_assist(NameAssist(None, 3.1, 3.4, "tenure", "tanya", free_confidence=0.5))
    [field] = staff_names(session)
    assert (field.value, field.source) == ("Tenure", EXTRACTED)
    alt = session.alternative(field)
    assert alt is not None and alt.value == "Tanya"
    session.add_name_assist(NameAssist(None, 3.1, 3.4, "tenure", "tanya", free_confidence=0.8))
    [field] = staff_names(session)
    assert (field.value, field.source) == ("Tanya", ASSISTED)


def test_a_reading_that_is_no_name_changes_nothing(session):
    session.add_result(result(INTRO))
    assert session.add_name_assist(NameAssist(None, 3.1, 3.4, "tenure", "[unk]")) == []
    assert [f.value for f in staff_names(session)] == ["Tenure"]


def test_the_extractor_still_owns_an_assisted_name(store):
    """A later reading of the same name does not become a second name beside the
    assisted one; a name the extractor withdraws goes, assisted or not."""
    call_id = store.start_call()
    ent = SimpleNamespace(kind=STAFF_NAME, value="Tenure", confidence=0.8, start=2.75, end=3.05,
                          text="tenure", speaker="agent", key=7, words=[])
    f = store.apply_entity_update(call_id, "add", ent)
    store.assist_field(f.id, "Tanya")
    again = store.apply_entity_update(call_id, "update", SimpleNamespace(**{**ent.__dict__, "confidence": 0.9}))
    assert again.id == f.id and (again.value, again.source, again.confidence) == ("Tanya", ASSISTED, 0.9)
    assert len(store.fields(call_id)) == 1
    store.apply_entity_update(call_id, "remove", ent)
    assert store.fields(call_id) == []


# --------------------------------------------------------------------------- real Vosk

# Korean words the model knows (checked below), standing in for names: the Korean model
# knows no English names, so the grammar is made of these and the span is chosen by a
# finder given to the pipeline (the English cue finder is tested above).
NAMES_KO = ["오늘", "날씨", "접수", "번호", "안녕하세요"]
SAID_KO = "안녕하세요. 오늘 날씨가 좋습니다."


@pytest.fixture(scope="module")
def names_wav(speech_dir):  # noqa: F811 - fixture
    return make_speech(speech_dir / "names.wav", SAID_KO, pad_end=0.6, pad_start=0.3)


def _run(model, wav, **kw):
    events: list = []
    lock = threading.Lock()

    def on_event(e):
        with lock:
            events.append(e)

    spans: list[NameSpan] = []

    def finder(ws: list[dict]) -> list[NameSpan]:
        # every word of the result is a "name" span, its free text marked so any reading differs
        found = [NameSpan(float(w["start"]), float(w["end"]), "?" + w["word"], True) for w in ws]
        spans.extend(found)
        return found

    pipeline = RecognitionPipeline(model, [(WavSource(wav, realtime=False), "agent")], on_event,
                                   number_assist=False, names=NAMES_KO, find_name_spans=finder, **kw)
    pipeline.start()
    assert pipeline.join(timeout=60)
    return pipeline, events, spans


@pytest.mark.vosk
def test_the_pipeline_reads_a_name_span_again_from_its_own_audio(ko_model, names_wav):  # noqa: F811
    grammar = name_grammar(ko_model, NAMES_KO)
    assert grammar[-1] == "[unk]" and len(grammar) >= 3, grammar
    pipeline, events, spans = _run(ko_model, names_wav)
    assert not pipeline.callback_errors
    finals = [e for e in events if isinstance(e, FinalResult)]
    assists = [e for e in events if isinstance(e, NameAssist)]
    assert finals and spans and assists, events
    by_span = {(s.start, s.end): s for s in spans}
    for a in assists:
        assert (a.start, a.end) in by_span and a.speaker == "agent"
        assert a.free_text == by_span[(a.start, a.end)].free_text
        assert a.grammar_text and set(a.grammar_text.split()) <= set(grammar)
    # each assist comes after the final result it reads again
    first_final = events.index(finals[0])
    assert all(events.index(a) > first_final for a in assists)
    # the grammar heard the words of the sentence it was given, where they were said
    heard = {w for a in assists for w in a.grammar_text.split()}
    assert heard & {"오늘", "안녕하세요"}, [a.grammar_text for a in assists]
    # the audio kept in memory is bounded by name_audio_seconds
    worker = pipeline._workers[0]
    with wave.open(str(names_wav), "rb") as wf:
        seconds = wf.getnframes() / wf.getframerate()
    assert len(worker.audio) <= min(seconds, 30.0) * 16000 * 2 + 3200


@pytest.mark.vosk
def test_a_span_whose_audio_is_gone_is_not_read(ko_model, names_wav):  # noqa: F811
    pipeline, events, spans = _run(ko_model, names_wav, name_audio_seconds=0.5)
    assert spans  # the finder was asked
    worker = pipeline._workers[0]
    assert len(worker.audio) <= 0.5 * 16000 * 2 + 2
    early = [s for s in spans if s.end < worker.audio_start - 0.2]
    read = [(a.start, a.end) for a in events if isinstance(a, NameAssist)]
    assert early and not [s for s in early if (s.start, s.end) in read]


@pytest.mark.vosk
def test_no_name_recognizer_when_the_model_knows_no_name(ko_model):  # noqa: F811
    assert name_grammar(ko_model, ["tanya", "kevin", "reyes"]) == []


# --------------------------------------------------------------------------- round 8 (i9-r8-names)


@pytest.mark.parametrize("free_text", ["hi thanks for calling your speaking with samuel how may i assist you",
                                       "thank you for calling us see i answer speaking with ashley"])
def test_speaking_with_introduces_the_staff_name_when_youre_is_misheard(free_text):
    """The free recognizer garbles "you're" ("your", "i answer"); "speaking with" still
    introduces the agent's name (the name assist's spans already start there)."""
    from companion.extract.names import find_names

    [hit] = find_names(free_text.split())
    assert hit.value in ("Samuel", "Ashley") and hit.staff_only


@pytest.mark.parametrize("free_text", ["who am i speaking with today maria", "cool my speaking with maria",
                                       "i was speaking with maria last week",
                                       # the cue misheard: only a name of the list is taken
                                       "hi thanks for calling years speaking with market okay"])
def test_speaking_with_after_the_question_or_the_past_is_no_introduction(free_text):
    from companion.extract.names import find_names

    assert find_names(free_text.split()) == []


def test_name_cut_short():
    from companion.asr.assist import name_cut_short

    assert name_cut_short("Mark", "Marcus", "mark is")
    assert name_cut_short("Steve", "Steven", "steve an")
    assert not name_cut_short("Mark", "Marcus", "mark")  # nothing ran on: sound-alikes stay offered
    assert not name_cut_short("Louise", "Luis", "louise")
    assert not name_cut_short("Brian", "Bryon", "brian how")  # no longer than the free name
    assert not name_cut_short("Rose", "Rosa Ken", "rose second")  # two names: the grammar filling seconds
    assert not name_cut_short("Mark", "Darcus", "mark is")  # another first sound


def test_a_known_name_cut_short_takes_the_reading(session):
    """"you're speaking with marcus" heard "… with mark is": "Mark" is a known name, but
    the grammar read the same words as one longer name: the reading replaces it."""
    session.add_result(result("thank you for calling my name is mark is how can i help you"))
    [free] = staff_names(session)
    assert free.value == "Mark"
    session.add_name_assist(NameAssist(None, 3.1, 3.75, "mark is", "marcus"))
    [field] = staff_names(session)
    assert (field.value, field.source, field.status) == ("Marcus", ASSISTED, CANDIDATE)
    alt = session.alternative(field)
    assert alt is not None and alt.value == "Mark"


# --------------------------------------------------------------------------- round 9 (i9-r9-namesb)


@pytest.mark.parametrize("free_text", ["i'll send a request to have this looked into an officer may call you back",
                                       "an officer akali back from two oh two eight three eight",
                                       "a supervisor will call you within seventy two hours"])
def test_a_title_after_an_article_names_no_one(free_text):
    """"an officer may call you back": a title after "a"/"an" is someone, not a name — the
    free recognizer's verb there ("may", "will" heard "akali") is no staff name, and the
    name assist reads no span there."""
    from companion.extract.names import find_names

    assert find_names(free_text.split()) == []
    assert name_spans(words(free_text)) == []


def test_a_title_after_an_article_leaves_a_named_title_alone():
    from companion.extract.names import find_names

    [hit] = find_names("and officer hill do you have an i d".split())
    assert hit.value == "Hill"  # "and", not "an"
    [hit] = find_names("hello this is officer brooks how can i help".split())
    assert hit.value == "Brooks"


def test_a_word_before_a_title_and_a_name_is_a_rank():
    """"this is supervisory officer blake": the word after the introduction is the rank,
    the name follows the title."""
    from companion.extract.names import find_names

    [hit] = find_names("this is supervisory officer blake".split())
    assert hit.value == "Blake"
    # a name then the ID cue "agent …" stays the name
    [hit] = find_names("u s c i asked this is kevin agent for one for won".split())
    assert hit.value == "Kevin"


@pytest.mark.parametrize("free_text, name", [
    ("you can see i asked this is jasmine age and number six six eight one how can i help", "Jasmine"),
    ("hi thanks for calling years speaking with trevor age and i t t r four zero one", "Trevor"),
])
def test_agent_heard_as_age_after_the_name_is_no_surname(free_text, name):
    """The staff-ID cue "agent" right after the name is heard "age and": "age" is a
    frequent word and never a surname ("Jasmine Age"; after a misheard "speaking with"
    the unknown "Age" lost the whole name)."""
    from companion.extract.names import find_names

    [hit] = find_names(free_text.split())
    assert hit.value == name


def test_a_name_too_short_to_be_one_is_the_grammar_filling_seconds():
    """A name grammar with no "[unk]" (the stand-in's) fills the seconds left around a name
    with a name of its own, too short to be one ("la toya" read "latoya anne", the "anne"
    0.09 s): ``AssistSettings.min_name_seconds`` drops it, so the reading is one name and
    replaces the free "La Toya". Vosk's "[unk]" takes those seconds: every name is kept."""
    from speech_rig import STAND_IN

    from companion.asr.assist import VOSK, name_reading

    heard = [{"word": "latoya", "start": 5.0, "end": 5.42}, {"word": "anne", "start": 5.42, "end": 5.51}]
    assert name_reading(heard, STAND_IN) == "latoya"
    assert name_reading(heard, VOSK) == "latoya anne"
    assert name_reading([{"word": "[unk]", "start": 5.0, "end": 5.3}, *heard[:1]]) == "latoya"
    assert name_reading(heard[1:], STAND_IN) == ""  # nothing left: no reading
    # a short word before the name stays: the grammar found no name where the span starts
    denies = [{"word": "dunn", "start": 2.0, "end": 2.18}, {"word": "elias", "start": 2.18, "end": 2.56}]
    assert name_reading(denies, STAND_IN) == "dunn elias"


def test_the_rig_gives_the_session_the_reading_without_its_filler(tmp_path):
    """The rig reads a span's name words as the pipeline does (``name_reading`` with the
    engine's settings): "la toya" read "latoya anne" becomes the field Latoya where the
    engine releases a held name by its reading; so does the stand-in, which (round 13b) only
    offers most readings on the held name's notice: "la toya" and "latoya" are one sound
    (round 16, ``SAME_SOUND``)."""
    from dataclasses import replace

    from speech_rig import STAND_IN, SpokenUtterance, play_call

    from companion.store import Store

    free = result("thank you for waiting this is la toya with u s c i s", 0.5, "agent")
    span = {"start": 2.6, "end": 3.25, "free_text": "la toya", "strong": False}
    heard = [{"word": "latoya", "start": 2.6, "end": 3.1}, {"word": "anne", "start": 3.1, "end": 3.2}]
    u = SpokenUtterance("agent", "this is latoya", 0.5, 5.0, free, [], [(span, heard)])
    store = Store(tmp_path / "c.db")
    session = play_call(store, [u], settings=replace(STAND_IN, release_held_names=True))
    assert [f.value for f in store.fields(session.call_id) if f.kind == STAFF_NAME] == ["Latoya"]
    session = play_call(store, [u])
    assert [f.value for f in store.fields(session.call_id) if f.kind == STAFF_NAME] == ["Latoya"]
    assert session.name_notices() == []
    store.close()


def test_a_name_span_ends_at_the_id_cue_heard_as_one_word():
    """"this is lucia i d …" heard "this is lee shot i'd …": the ID cue ends the name (as
    it does for the extractor); read with the name's seconds, the grammar made it a name
    of its own ("lucia chi")."""
    [span] = name_spans(words("oh god you're honest hearts this is lee shot i'd also speak english"))
    assert span.free_text == "lee shot"
    [span] = name_spans(words("good morning my name is donna id number four four one two"))
    assert span.free_text == "donna"


@pytest.mark.parametrize("free_text", ["what's the question", "this is officer holly's",
                                       "hi officer holly's can i get your id"])
def test_a_word_with_a_contraction_or_possessive_is_no_name(free_text):
    """"what's the question" (a bare answer after a name request) and "officer hollis"
    heard "officer holly's": a word ending in "'s" is a contraction or a possessive, never a
    staff name ("O'Brien" keeps its apostrophe inside)."""
    from companion.extract.names import bare_name, find_names

    assert find_names(free_text.split()) == []
    assert bare_name(free_text.split()) is None
    [hit] = find_names("this is officer o'brien".split())
    assert hit.value == "O'Brien"
