"""The recognition pipeline with real Vosk and the Korean model, on WAV files."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import wave

import pytest
from audio_helpers import (  # noqa: F401 - fixtures
    DIGITS_KO,
    concat_wavs,
    digits_wav,
    ko_model,
    ko_model_path,
    make_speech,
    need_tools,
    sentence_wav,
    speech_dir,
    wav_seconds,
)
from click.testing import CliRunner

from companion.asr.pipeline import (
    FinalResult,
    GrammarReading,
    NumberAssist,
    Overflow,
    PartialText,
    RecognitionPipeline,
    SourceEnded,
    doubtful,
    number_grammar,
    number_spans,
    with_lexicon,
)
from companion.audio.sources import WavSource
from companion.errors import UserError


def run_pipeline(model, sources, **kw):
    events: list = []
    lock = threading.Lock()

    def on_event(e):
        with lock:
            events.append(e)

    pipeline = RecognitionPipeline(model, sources, on_event, **kw)
    pipeline.start()
    assert pipeline.join(timeout=60)
    return pipeline, events


def finals(events, speaker="any"):
    return [e.result for e in events
            if isinstance(e, FinalResult) and (speaker == "any" or e.speaker == speaker)]


# --------------------------------------------------------------------------- pure parts


def test_number_spans_and_doubt():
    vocab = {"one", "two", "four", "a", "oh"}
    words = [{"word": w, "conf": c, "start": i, "end": i + 0.5}
             for i, (w, c) in enumerate([("my", 1), ("number", 1), ("a", 1), ("one", 1),
                                         ("to", 0.95), ("is", 1), ("four", 0.5)])]
    spans = number_spans(words, vocab)
    assert [[w["word"] for w in s] for s in spans] == [["a", "one", "to"], ["four"]]
    assert doubtful(spans[0])  # "to" is a homophone of two
    assert doubtful(spans[1])  # low confidence
    assert not doubtful([{"word": "one", "conf": 0.99}])


# --------------------------------------------------------------------------- WAV source


@pytest.mark.parametrize("rate,channels,bits", [(16000, 1, 16), (44100, 2, 16), (8000, 1, 8),
                                                (48000, 2, 24)])
def test_wav_source_converts_any_format_to_16k_mono(tmp_path, rate, channels, bits):
    wav = make_speech(tmp_path / "x.wav", "하나 둘", rate=rate, channels=channels, bits=bits)
    source = WavSource(wav, realtime=False)
    source.start()
    data = b"".join(source)
    assert source.end_reason == "file done"
    assert source.sample_rate == 16000
    seconds = len(data) / 2 / 16000
    assert abs(seconds - wav_seconds(wav)) < 0.05
    peak = max(abs(int.from_bytes(data[i:i + 2], "little", signed=True))
               for i in range(0, len(data), 2))
    assert peak > 1000  # speech survived the conversion


def test_wav_source_errors_are_user_errors(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        WavSource(tmp_path / "missing.wav")
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"RIFF....WAVEnot really")
    with pytest.raises(UserError, match="PCM WAV"):
        WavSource(junk)


def test_realtime_wav_is_paced_and_counts_overflow(tmp_path):
    wav = make_speech(tmp_path / "x.wav", "하나 둘 셋", pad_end=0.5)
    source = WavSource(wav, realtime=True, max_blocks=3)
    t0 = time.monotonic()
    source.start()
    time.sleep(1.0)  # nobody reads: the bounded queue fills, then blocks are dropped
    assert source.overflows >= 5
    source.stop()
    assert time.monotonic() - t0 < 2.0
    assert source.end_reason == "stopped"
    blocks = list(source)
    assert len(blocks) == 3  # what was queued is still readable


# --------------------------------------------------------------------------- real Vosk


@pytest.mark.vosk
def test_the_models_lexicon_is_the_assists_known_word(ko_model):
    # a spelled name is read from its letters only as a word the model knows
    settings = with_lexicon(ko_model)
    assert settings.known_word is not None
    assert settings.known_word("삼") and not settings.known_word("siobhan")
    assert with_lexicon(ko_model, settings) is settings  # a lexicon already given stays


@pytest.mark.vosk
def test_model_knows_the_test_words(ko_model):
    for word in DIGITS_KO.split():
        assert ko_model.vosk_model_find_word(word) >= 0, word
    grammar = number_grammar(ko_model)
    assert "삼" in grammar and grammar[-1] == "[unk]"


@pytest.fixture(scope="module")
def digits_run(ko_model, digits_wav):
    """One pipeline run over the digits file (speaker "caller"), shared by several tests."""
    return run_pipeline(ko_model, [(WavSource(digits_wav, realtime=False), "caller")])


@pytest.mark.vosk
def test_pipeline_streams_words_partials_and_speaker(digits_run, digits_wav):
    pipeline, events = digits_run
    results = finals(events)
    assert results, events
    words = [w for r in results for w in r["result"]]
    assert {"conf", "start", "end", "word"} <= set(words[0])
    assert all(r["speaker"] == "caller" for r in results)
    text = " ".join(r["text"] for r in results)
    assert sum(d in text.split() for d in ["이", "삼", "사"]) >= 2, text
    assert words == sorted(words, key=lambda w: w["start"])
    assert words[-1]["end"] <= wav_seconds(digits_wav) + 0.01
    partials = [e for e in events if isinstance(e, PartialText)]
    assert partials and all(p.speaker == "caller" and p.text for p in partials)
    assert isinstance(events[-1], SourceEnded) and events[-1].reason == "file done"
    stats = pipeline.stats["caller"]
    assert stats.first_partial_at is not None and stats.first_partial_at <= 1.2
    assert not pipeline.running and not pipeline.callback_errors


@pytest.mark.vosk
def test_results_are_the_corpus_format(digits_run):
    _, events = digits_run
    for result in finals(events):
        back = json.loads(json.dumps(result, ensure_ascii=False))
        assert set(back) == {"text", "result", "speaker"}
        assert back["text"] == " ".join(w["word"] for w in back["result"])


@pytest.mark.vosk
def test_grammar_recognizer_runs_beside_the_free_one(ko_model, digits_wav):
    import vosk

    grammar = number_grammar(ko_model)
    rec = vosk.KaldiRecognizer(ko_model, 16000, json.dumps(grammar, ensure_ascii=False))
    rec.SetWords(True)
    free = vosk.KaldiRecognizer(ko_model, 16000)
    with wave.open(str(digits_wav), "rb") as wf:
        while block := wf.readframes(1600):
            rec.AcceptWaveform(block)
            free.AcceptWaveform(block)
    g = json.loads(rec.FinalResult())["text"].split()
    f = json.loads(free.FinalResult())["text"].split()
    assert g and set(g) <= set(grammar)  # the grammar only ever says number words
    assert set(f) - set(grammar)  # the free one says other things too ("이어", "바오로")
    assert len(set(g) & set(DIGITS_KO.split())) >= 5, g


@pytest.mark.vosk
def test_number_assist_offers_the_grammar_reading(ko_model, digits_wav, digits_run):
    _, events = digits_run
    assists = [e for e in events if isinstance(e, NumberAssist)]
    assert assists, [e for e in events if not isinstance(e, PartialText)]
    for a in assists:
        assert a.speaker == "caller" and a.start <= a.end
        assert a.grammar_text != a.free_text
        assert set(a.grammar_text.split()) <= set(number_grammar(ko_model))
    _, plain = run_pipeline(ko_model, [(WavSource(digits_wav, realtime=False), "agent")],
                            number_assist=False)
    assert not [e for e in plain if isinstance(e, (NumberAssist, GrammarReading))]
    # (texts may differ in a word: when PartialResult() is called depends on the clock)
    assert finals(plain)


@pytest.mark.vosk
def test_each_final_result_gets_the_grammar_reading_of_its_seconds(ko_model, digits_run):
    """The user's own numbers are looked for in every result: the pipeline delivers the
    number grammar's words over each final result's seconds, after its number assists."""
    _, events = digits_run
    results = finals(events)
    readings = [e for e in events if isinstance(e, GrammarReading)]
    assert [(r.start, r.end, r.free_text) for r in readings] == [
        (r["result"][0]["start"], r["result"][-1]["end"], r["text"]) for r in results]
    assert all(r.speaker == "caller" for r in readings)
    vocabulary = set(number_grammar(ko_model)) - {"[unk]"}
    heard = " ".join(r.grammar_text for r in readings).split()
    assert heard and set(heard) <= vocabulary
    assert len(set(heard) & set(DIGITS_KO.split())) >= 5, heard
    order = [e for e in events if isinstance(e, (FinalResult, GrammarReading))]
    for i, e in enumerate(order):  # each reading comes after its own result
        if isinstance(e, GrammarReading):
            assert any(isinstance(x, FinalResult) and x.result["result"][-1]["end"] == e.end for x in order[:i])


def reference_words(model, wav) -> list[str]:
    """What one recognizer alone, in this thread, hears in ``wav``."""
    import vosk

    rec = vosk.KaldiRecognizer(model, 16000)
    words: list[str] = []
    with wave.open(str(wav), "rb") as wf:
        while block := wf.readframes(1600):
            if rec.AcceptWaveform(block):
                words += json.loads(rec.Result())["text"].split()
    return words + json.loads(rec.FinalResult())["text"].split()


@pytest.mark.vosk
def test_two_sources_share_one_model_in_two_threads(ko_model, digits_wav, short_wav):
    # number_assist off: the point here is two free recognizers on one Model at once
    _, events = run_pipeline(ko_model, [(WavSource(digits_wav, realtime=False), "agent"),
                                        (WavSource(short_wav, realtime=False), "caller")],
                             number_assist=False)
    agent, caller = finals(events, "agent"), finals(events, "caller")
    assert agent and caller
    assert all(r["speaker"] == "agent" for r in agent)
    assert all(r["speaker"] == "caller" for r in caller)
    agent_words = " ".join(r["text"] for r in agent).split()
    caller_words = " ".join(r["text"] for r in caller).split()
    # Each thread decodes its own file as a lone recognizer would: sharing the Model
    # mixes nothing up. (Espeak Korean is recognised poorly, and free-form text can
    # differ by a word from run to run, so compare with a tolerance, not exactly.)
    import difflib

    for words, wav in ((agent_words, digits_wav), (caller_words, short_wav)):
        alone = reference_words(ko_model, wav)
        ratio = difflib.SequenceMatcher(a=alone, b=words).ratio()
        assert ratio >= 0.7, (alone, words)
    assert len(caller_words) < len(agent_words)  # the short file says less
    ended = {e.speaker for e in events if isinstance(e, SourceEnded)}
    assert ended == {"agent", "caller"}


@pytest.mark.vosk
def test_end_of_stream_flush_keeps_the_last_words(ko_model, tmp_path):
    # No trailing silence: Vosk never reaches an endpoint, only FinalResult() has them.
    wav = make_speech(tmp_path / "cut.wav", "일 이 삼 사 오 육")
    subprocess.run(["sox", str(wav), str(tmp_path / "cut2.wav"), "reverse", "silence", "1",
                    "0.05", "1%", "reverse"], check=True)
    _, events = run_pipeline(ko_model, [(WavSource(tmp_path / "cut2.wav", realtime=False), None)])
    results = finals(events)
    assert results and results[-1]["result"][-1]["end"] > wav_seconds(tmp_path / "cut2.wav") - 0.6
    assert all("speaker" not in r for r in results)  # single-source: speaker unknown


@pytest.mark.vosk
def test_cancel_mid_stream_flushes_and_stops_quickly(ko_model, tmp_path, sentence_wav):
    """stop() mid-file ends the source at once and keeps the words heard so far.

    "Quickly" is asserted as order, not seconds (load stretches seconds): nothing the source
    would have produced after stop() is recognised, the source ends as "stopped" (not
    "file done") and stop() returns with the worker gone. Waits are hang guards only."""
    long = concat_wavs(tmp_path / "long.wav", *[sentence_wav] * 8)
    events: list = []
    # A short queue: a loaded machine recognises slower than real time, and stop() finishes
    # what is queued (10 s by default: over a minute to drain at load 10). Overflow drops.
    source = WavSource(long, realtime=True, max_blocks=5)
    pipeline = RecognitionPipeline(ko_model, [(source, "caller")], events.append)
    pipeline.start()
    started = time.monotonic()
    deadline = started + 60  # hang guard
    while not any(isinstance(e, PartialText) for e in events) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert any(isinstance(e, PartialText) for e in events), "no words heard within 60 s"
    pipeline.stop(timeout=60)
    # A realtime source sends a block no sooner than its time: by now, at most this much.
    assert source.started_at is not None
    played = time.monotonic() - source.started_at + 0.1
    assert not pipeline.running, "stop() returned with the worker still running"
    pipeline.stop()  # idempotent
    ended = [e for e in events if isinstance(e, SourceEnded)]
    assert len(ended) == 1 and ended[0].reason == "stopped"
    assert isinstance(events[-1], SourceEnded), "nothing may come after the end"
    results = finals(events)
    assert results, "the words heard before stop() must be flushed"
    recognised = pipeline.stats["caller"].audio_seconds
    assert recognised <= played, (recognised, played)  # the source made nothing after stop()
    assert recognised < wav_seconds(long)


@pytest.fixture(scope="module")
def short_wav(speech_dir):
    return make_speech(speech_dir / "short.wav", "하나 둘 셋", pad_end=0.5)


@pytest.mark.vosk
def test_overflow_is_reported(ko_model, short_wav):
    events: list = []
    gate = threading.Event()

    def slow(e):
        if isinstance(e, PartialText):
            gate.wait(1.0)  # a consumer stuck for a while: the live queue overflows
        events.append(e)

    source = WavSource(short_wav, realtime=True, max_blocks=2)
    pipeline = RecognitionPipeline(ko_model, [(source, None)], slow)
    pipeline.start()
    pipeline.join(timeout=30)
    overflows = [e for e in events if isinstance(e, Overflow)]
    assert overflows and overflows[-1].dropped == source.overflows > 0


# --------------------------------------------------------------------------- CLI


@pytest.mark.vosk
def test_transcribe_prints_jsonl(ko_model, ko_model_path, short_wav, tmp_path, monkeypatch):
    monkeypatch.setenv("COMPANION_HOME", str(tmp_path))
    from companion.asr import models
    from companion.cli import cli

    loaded = []
    monkeypatch.setattr(models, "load_model",  # the session's model: no second 2 s load
                        lambda path, **kw: loaded.append(path) or ko_model)
    result = CliRunner().invoke(cli, ["transcribe", str(short_wav), "--model", str(ko_model_path)])
    assert loaded == [ko_model_path]
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    parsed = [json.loads(line) for line in lines]
    assert parsed and all("result" in r and "text" in r for r in parsed)
    result = CliRunner().invoke(cli, ["transcribe", str(short_wav), "--model",
                                      str(ko_model_path), "--json", "--speaker", "agent",
                                      "--no-number-assist"])
    doc = json.loads(result.stdout)
    assert doc["results"] and doc["number_assist"] == []
    assert doc["name_assist"] == []  # the Korean model knows no English name: no name grammar
    assert all(r["speaker"] == "agent" for r in doc["results"])
    assert "entities" in doc


def test_transcribe_errors_are_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPANION_HOME", str(tmp_path))
    monkeypatch.setenv("COMPANION_MODEL", str(tmp_path / "no-model"))
    from companion.cli import cli

    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"not audio")
    for args in (["transcribe", str(tmp_path / "none.wav")], ["transcribe", str(junk)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2
        assert len(result.output.strip().splitlines()) == 1
        assert result.output.startswith("Error: ")
    need_tools("espeak-ng", "sox")
    wav = make_speech(tmp_path / "ok.wav", "하나")
    result = CliRunner().invoke(cli, ["transcribe", str(wav)])
    assert result.exit_code == 2 and "COMPANION_MODEL" in result.output


def test_help_does_not_load_vosk_or_sounddevice():
    code = ("import sys; from companion.cli import cli\n"
            "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit: pass\n"
            "bad = [m for m in ('vosk', 'sounddevice') if m in sys.modules]\n"
            "print(bad); sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
