"""Live recognition: audio sources in, transcript events out, never on the UI thread.

One worker thread per source owns that source's recognizers (a recognizer must stay on
one thread; the ``Model`` is shared). Each worker feeds 100 ms blocks to

* a free-form recognizer (``SetWords(True)``): throttled partials, final results as they
  arrive, and ``FinalResult()`` when the source ends or ``stop()`` is called, so the last
  words are kept;
* optionally a number-assist recognizer that always runs a digits-and-letters grammar.
  ``SetGrammar`` on a running recognizer aborts the process, so it is never called: the
  grammar is given at construction. Which spans of a free-form result to read again
  (after a number cue; a run of number words with low confidence or homophones) is
  decided by ``companion.asr.assist``; the grammar's reading of the same seconds is
  offered as a ``NumberAssist`` event;
  After each final result the grammar's words over that result's whole seconds are a
  ``GrammarReading`` event (the session looks for the user's own receipts and A-number
  there, cue or no cue, and settles a free receipt's misheard prefix);
* optionally a name recognizer (grammar: the name list's words the model knows, plus
  ``"[unk]"``) that hears only a staff name's seconds: each source keeps its last
  ``NAME_AUDIO_SECONDS`` of audio in memory (never on disk), and after a staff-name cue in
  a free result (``assist.name_spans``: "this is tenure with …") those seconds are fed to
  it, ``FinalResult()``, ``Reset()``; its reading is a ``NameAssist`` event. It costs CPU
  only on name spans, on the source's own worker thread.

Events go to ``on_event`` from the worker threads; the TUI wraps it with
``post_message``. Times are seconds from the start of the call (the pipeline's start).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from companion.asr.assist import (
    VOSK,
    AssistContext,
    AssistSettings,
    AssistSpan,
    NameSpan,
    grammar_reading,
    known_names,
    name_reading,
    name_spans,
    name_stops,
    reading_is_news,
    utterance_reading,
)
from companion.asr.models import import_vosk
from companion.audio.sources import AudioSource
from companion.extract.lang.en import ENGLISH

if TYPE_CHECKING:
    from companion.extract.lang import Language

# Spoken forms of digits, letters and their usual homophones, for English models (the
# small English model writes numbers as words) and Korean (the test model). Only words in
# the model's vocabulary are put in the grammar.
ENGLISH_DIGITS = ["zero", "oh", "one", "two", "three", "four", "five", "six", "seven",
                  "eight", "nine", "double", "triple",
                  # people group digits: "forty four", "nineteen"
                  "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                  "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
                  "sixty", "seventy", "eighty", "ninety", "hundred"]
ENGLISH_LETTERS = list("abcdefghijklmnopqrstuvwxyz")
ENGLISH_HOMOPHONES = {"to": "two", "too": "two", "for": "four", "fore": "four",
                      "ate": "eight", "won": "one", "o": "oh", "see": "c", "sea": "c",
                      "be": "b", "bee": "b", "you": "u", "are": "r", "why": "y",
                      "tea": "t", "tee": "t", "eye": "i", "jay": "j", "kay": "k",
                      "queue": "q", "ex": "x", "dee": "d", "gee": "g", "pea": "p"}
KOREAN_DIGITS = ["영", "공", "일", "이", "삼", "사", "오", "육", "륙", "칠", "팔", "구",
                 "하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉", "열"]
NUMBER_WORDS = ENGLISH_DIGITS + ENGLISH_LETTERS + KOREAN_DIGITS

LOW_CONFIDENCE = 0.85
NAME_AUDIO_SECONDS = 30.0  # audio each source keeps in memory for the name assist


# --------------------------------------------------------------------------- events


@dataclass
class PartialText:
    speaker: str | None
    text: str


@dataclass
class FinalResult:
    speaker: str | None
    result: dict  # Vosk Result() with "speaker" set when known; times from call start


@dataclass
class NumberAssist:
    speaker: str | None
    start: float
    end: float
    free_text: str
    grammar_text: str
    kind: str | None = None  # the field kind a cue announced ("my i d is …"), if any
    free_confidence: float = 1.0  # the call's mean free word confidence so far (``AssistContext.confidence``)
    kinds: tuple[str, ...] = ()  # the kinds an answer may be when its question's kind word was lost


@dataclass
class GrammarReading:
    """The number grammar's words over one final result's seconds (``assist.utterance_reading``),
    for the user's own numbers heard anywhere and a free receipt's misheard prefix
    (``CallSession.add_grammar_reading``)."""

    speaker: str | None
    start: float
    end: float
    free_text: str  # the result's free words
    grammar_text: str  # the number grammar's words over the same seconds ("" when none)


@dataclass
class NameAssist:
    """The name grammar's reading of a staff name's seconds (``assist.name_spans``)."""

    speaker: str | None
    start: float
    end: float
    free_text: str  # the free words of the span ("tenure")
    grammar_text: str  # the name grammar's words over the span's own audio ("tanya")
    free_confidence: float = 1.0  # the call's mean free word confidence so far (``AssistContext.confidence``)


@dataclass
class SourceEnded:
    speaker: str | None
    reason: str  # "file done", "stopped", "device vanished: ...", "error: ..."


@dataclass
class Overflow:
    speaker: str | None
    dropped: int  # blocks dropped so far by this source (cumulative)


@dataclass
class PipelineStats:
    """Per-source timing, for the benchmark and the status line."""

    audio_seconds: float = 0.0
    decode_seconds: float = 0.0
    chunk_latencies: list[float] = field(default_factory=list)  # seconds per block
    first_partial_at: float | None = None  # audio time (s) when the first partial showed


# --------------------------------------------------------------------------- helpers


def number_words(lang: Language) -> list[str]:
    """Every word that spells a digit or a letter in ``lang`` (the extractor's own tables:
    digits, slips, pairs, tens, hundreds, "doble", letter names, spelling words), in a
    stable order, each once."""
    words: list[str] = []
    for table in (lang.units, lang.oh, lang.homophones, lang.teens, lang.tens, lang.hundreds,
                  lang.multipliers, lang.letters, lang.weak_letters, lang.letter_words,
                  lang.spelling_alphabet):
        words += list(table)
    words += sorted(lang.hundred) + sorted(lang.thousand) + sorted(lang.tens_and)
    words += [w for pair in lang.two_word_letters for w in pair]
    return list(dict.fromkeys(w for w in words if w and " " not in w))


def number_grammar(model, lang: Language | None = None) -> list[str]:
    """The digits-and-letters grammar for ``model``: the known words plus ``[unk]``.
    With ``lang``, its number and letter words (``number_words``); words the model does not
    know are dropped."""
    vocabulary = number_words(lang) if lang is not None else NUMBER_WORDS
    words = [w for w in dict.fromkeys(vocabulary) if model.vosk_model_find_word(w) >= 0]
    return words + ["[unk]"] if words else []


def name_grammar(model, names: Iterable[str]) -> list[str]:
    """The name assist's grammar for ``model``: the ``names`` it knows plus ``[unk]``
    (empty when it knows none: then there is no name assist)."""
    words = [w for w in dict.fromkeys(names) if model.vosk_model_find_word(w) >= 0]
    return words + ["[unk]"] if words else []


def with_lexicon(model, settings: AssistSettings = VOSK) -> AssistSettings:
    """``settings`` with ``model``'s lexicon as its ``known_word`` (``vosk_model_find_word``):
    a name the agent spells that the name list lacks is read from its letters when the model
    knows the word (``assist.lexicon_spelled``, round 12). ``settings`` as they are when they
    already have a lexicon."""
    if settings.known_word is not None:
        return settings
    return replace(settings, known_word=lambda word: model.vosk_model_find_word(word) >= 0)


def _number_word(word: str, vocabulary: set[str]) -> bool:
    return word in vocabulary or word in ENGLISH_HOMOPHONES


def number_spans(words: list[dict], vocabulary: set[str]) -> list[list[dict]]:
    """Runs of consecutive number words (digits, letters, homophones) in a result."""
    spans, current = [], []
    for w in words:
        if _number_word(w.get("word", ""), vocabulary):
            current.append(w)
        else:
            if current:
                spans.append(current)
            current = []
    if current:
        spans.append(current)
    return spans


def doubtful(span: list[dict], threshold: float = LOW_CONFIDENCE) -> bool:
    """A span worth a second reading: a low-confidence word or a homophone in it."""
    return any(w.get("conf", 1.0) < threshold or w["word"] in ENGLISH_HOMOPHONES for w in span)


def _shift(result: dict, offset: float) -> dict:
    if offset:
        for w in result.get("result", ()):
            w["start"] = round(w["start"] + offset, 3)
            w["end"] = round(w["end"] + offset, 3)
    return result


# --------------------------------------------------------------------------- worker


class _SourceWorker:
    """Owns one source's recognizers; runs on its own thread."""

    def __init__(self, pipeline: RecognitionPipeline, source: AudioSource,
                 speaker: str | None) -> None:
        self.pipeline = pipeline
        self.source = source
        self.speaker = speaker
        self.stats = PipelineStats()
        self.thread = threading.Thread(target=self._run, name=f"asr:{speaker or source.name}",
                                       daemon=True)
        self._offset = 0.0
        self._grammar_words: list[dict] = []  # grammar reading, call-time seconds
        self._grammar_until = 0.0  # call time up to which the grammar has spoken
        self._pending: list[tuple[AssistSpan, float]] = []  # spans (and their result's confidence) awaiting the grammar
        self._readings: list[dict] = []  # final results whose grammar reading is still to come (``GrammarReading``)
        self._names: Any = None  # the name recognizer (``RecognitionPipeline._name_grammar``)
        self._rate = source.sample_rate
        self.audio = bytearray()  # the last ``name_audio_seconds`` of the source (name assist)
        self.audio_start = 0.0  # source seconds of ``audio``'s first sample

    def _emit(self, event) -> None:
        self.pipeline._emit(event)

    def _run(self) -> None:
        p = self.pipeline
        reason = "stopped"
        try:
            vosk = import_vosk()
            rate = self.source.sample_rate
            free = vosk.KaldiRecognizer(p.model, rate)
            free.SetWords(True)
            grammar = None
            if p.number_assist and p._grammar:
                grammar = vosk.KaldiRecognizer(
                    p.model, rate, json.dumps(p._grammar, ensure_ascii=False))  # Vosk
                grammar.SetWords(True)  # reads \u escapes literally: keep UTF-8
            if p._name_grammar:
                self._names = vosk.KaldiRecognizer(p.model, rate, json.dumps(p._name_grammar, ensure_ascii=False))
                self._names.SetWords(True)
            self._rate = rate
            reason = self._loop(free, grammar, rate)
        except Exception as exc:  # noqa: BLE001 - Vosk/PortAudio: report, never kill the app
            reason = f"error: {exc}"
        finally:
            self.source.stop()
            self._emit(SourceEnded(self.speaker, reason))

    def _loop(self, free, grammar, rate: int) -> str:
        p = self.pipeline
        last_partial_at = 0.0
        last_partial = ""
        reported_overflows = 0
        fed = 0.0  # audio seconds fed
        offset_set = False
        while True:
            if p._stop.is_set() and not self.source.ended:
                self.source.stop()
            block = self.source.read(timeout=0.1)
            if self.source.overflows != reported_overflows:
                reported_overflows = self.source.overflows
                self._emit(Overflow(self.speaker, reported_overflows))
            if block is None:
                break
            if not block:
                continue
            if not offset_set:
                started = self.source.started_at or time.monotonic()
                if self.source.clocked and p.started_at:
                    self._offset = round(max(0.0, started - p.started_at), 3)
                offset_set = True
            t0 = time.perf_counter()
            if self._names is not None:
                self._keep_audio(block, fed)
            fed += len(block) / 2 / rate
            endpoint = free.AcceptWaveform(block)
            if endpoint:
                self._final(json.loads(free.Result()))
            if grammar is not None and grammar.AcceptWaveform(block):
                self._grammar_result(json.loads(grammar.Result()), fed)
            now = time.perf_counter()
            if not endpoint and now - last_partial_at >= p.partial_interval:
                text = json.loads(free.PartialResult()).get("partial", "")
                last_partial_at = now
                if text and text != last_partial:
                    last_partial = text
                    if self.stats.first_partial_at is None:
                        self.stats.first_partial_at = fed
                    self._emit(PartialText(self.speaker, text))
            elif endpoint:
                last_partial = ""
            took = time.perf_counter() - t0
            self.stats.chunk_latencies.append(took)
            self.stats.decode_seconds += took
            self.stats.audio_seconds = fed
        # End of stream or stop: keep the last words.
        self._final(json.loads(free.FinalResult()))
        if grammar is not None:
            self._grammar_result(json.loads(grammar.FinalResult()), float("inf"))
        self._resolve_pending(final=True)
        return self.source.end_reason or "stopped"

    def _final(self, result: dict) -> None:
        if not result.get("text"):
            return
        _shift(result, self._offset)
        if self.speaker is not None:
            result["speaker"] = self.speaker
        self._emit(FinalResult(self.speaker, result))
        p = self.pipeline
        if p.number_assist and p._grammar:
            spans = p._assist_context.spans(result.get("result", []),
                                            lambda w: _number_word(w, p._vocabulary),
                                            ENGLISH_HOMOPHONES, self.speaker)
            confidence = p._assist_context.confidence  # the call's so far, this result included
            self._pending += [(span, confidence) for span in spans]
            if result.get("result"):  # the whole result's seconds too: the user's own numbers
                self._readings.append(result)
            self._resolve_pending()
        self._read_names(result.get("result", []))  # after the number assist: the call's confidence so far

    def _keep_audio(self, block: bytes, at: float) -> None:
        """Append a block (starting at source second ``at``); drop what is older than
        ``name_audio_seconds`` (bounded memory, never written anywhere)."""
        if not self.audio:
            self.audio_start = at
        self.audio += block
        most = int(self.pipeline.name_audio_seconds * self._rate) * 2
        over = len(self.audio) - most
        if over > 0:
            over += over % 2
            del self.audio[:over]
            self.audio_start += over / 2 / self._rate

    def _read_names(self, words: list[dict]) -> None:
        """Read each staff-name span of a free result (call seconds) again from the kept
        audio with the name grammar; a reading that differs from the free words is a
        ``NameAssist``."""
        rec = self._names
        if rec is None:
            return
        margin = self.pipeline.assist_settings.name_margin
        for span in self.pipeline._name_spans(words):
            a = span.start - margin - self._offset  # source seconds
            b = span.end + margin - self._offset
            if a < self.audio_start - margin or b <= a:
                continue  # its audio is gone already
            i = max(0, int((a - self.audio_start) * self._rate)) * 2
            j = min(len(self.audio), int((b - self.audio_start) * self._rate) * 2)
            if j <= i:
                continue
            rec.AcceptWaveform(bytes(self.audio[i:j]))
            heard = json.loads(rec.FinalResult())
            rec.Reset()
            text = name_reading(heard.get("result", []), self.pipeline.assist_settings)
            if text and text != span.free_text:
                self._emit(NameAssist(self.speaker, span.start, span.end, span.free_text, text,
                                      self.pipeline._assist_context.confidence))

    def _grammar_result(self, result: dict, fed: float) -> None:
        _shift(result, self._offset)
        self._grammar_words += [w for w in result.get("result", []) if w["word"] != "[unk]"]
        self._grammar_until = fed + self._offset
        self._resolve_pending()

    def _resolve_pending(self, final: bool = False) -> None:
        keep = []
        settings = self.pipeline.assist_settings
        for span, confidence in self._pending:
            if not final and span.end > self._grammar_until:
                keep.append((span, confidence))
                continue
            grammar_text = grammar_reading(span, self._grammar_words, settings)
            if reading_is_news(span, grammar_text, settings):
                self._emit(NumberAssist(self.speaker, span.start, span.end, span.free_text,
                                        grammar_text, span.kind, confidence, span.kinds))
        self._pending = keep
        waiting = []
        for result in self._readings:
            words = result["result"]
            if not final and words[-1]["end"] > self._grammar_until:
                waiting.append(result)
                continue
            self._emit(GrammarReading(self.speaker, float(words[0]["start"]), float(words[-1]["end"]),
                                      result.get("text", ""), utterance_reading(words, self._grammar_words, settings)))
        self._readings = waiting
        # Forget grammar words that no pending span or result can still need (bounded memory).
        horizon = min([*(s.start for s, _ in self._pending), *(float(r["result"][0]["start"]) for r in self._readings)],
                      default=self._grammar_until) - 30
        self._grammar_words = [w for w in self._grammar_words if w["end"] > horizon]


# --------------------------------------------------------------------------- pipeline


class RecognitionPipeline:
    """Recognise one or two sources with a shared model; see the module docstring."""

    def __init__(
        self,
        model,
        sources: list[tuple[AudioSource, str | None]],
        on_event: Callable[[object], None],
        number_assist: bool = True,
        partial_interval: float = 0.2,
        assist_settings: AssistSettings = VOSK,
        language: Language | None = None,
        name_assist: bool = True,
        names: Iterable[str] | None = None,
        find_name_spans: Callable[[list[dict]], list[NameSpan]] | None = None,
        name_audio_seconds: float = NAME_AUDIO_SECONDS,
    ) -> None:
        """``name_assist``: read staff names again with a grammar of ``names`` (default:
        the English name list, for an English call); ``find_name_spans(words)`` picks the
        seconds (default ``assist.name_spans`` in the call's language)."""
        if not sources:
            raise ValueError("a pipeline needs at least one source")
        self.model = model
        self.on_event = on_event
        self.number_assist = number_assist
        self.assist_settings = with_lexicon(model, assist_settings)
        # shared by the sources; the cues and glue words of the call's language
        self._assist_context = AssistContext(assist_settings, *([language] if language is not None else []))
        self.partial_interval = partial_interval
        self.started_at: float | None = None
        self.callback_errors: list[BaseException] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._started = False
        self._grammar = number_grammar(model, language) if number_assist else []
        self._vocabulary = set(self._grammar) - {"[unk]"}
        english = language is None or language.code == "en"
        if names is None and english:
            names = known_names()
        self._name_grammar = name_grammar(model, names) if name_assist and names is not None else []
        if find_name_spans is None:
            stops, spoken = name_stops(self.assist_settings), language if language is not None else ENGLISH
            find_name_spans = partial(name_spans, lang=spoken, stops=stops)
        self._name_spans: Callable[[list[dict]], list[NameSpan]] = find_name_spans
        self.name_audio_seconds = name_audio_seconds
        self._workers = [_SourceWorker(self, s, speaker) for s, speaker in sources]

    def _emit(self, event) -> None:
        try:
            self.on_event(event)
        except Exception as exc:  # noqa: BLE001 - a broken consumer must not stop recognition
            self.callback_errors.append(exc)

    def start(self) -> None:
        """Open every source (``UserError`` if one cannot) and start the workers."""
        with self._lock:
            if self._started:
                return
            self.started_at = time.monotonic()
            opened = []
            try:
                for worker in self._workers:
                    worker.source.start()
                    opened.append(worker.source)
            except BaseException:
                for source in opened:
                    source.stop()
                raise
            for worker in self._workers:
                worker.thread.start()
            self._started = True

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the sources, flush ``FinalResult()`` for each, join the workers."""
        self._stop.set()
        for worker in self._workers:
            worker.source.stop()
        self.join(timeout)

    def join(self, timeout: float | None = None) -> bool:
        """Wait for every source to end (a file to finish); True when all have."""
        deadline = None if timeout is None else time.monotonic() + timeout
        for worker in self._workers:
            if worker.thread.is_alive() or worker.thread.ident is not None:
                remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
                if worker.thread.ident is not None:
                    worker.thread.join(remaining)
        return not self.running

    @property
    def running(self) -> bool:
        return any(w.thread.is_alive() for w in self._workers)

    @property
    def stats(self) -> dict[str | None, PipelineStats]:
        return {w.speaker if w.speaker is not None else w.source.name: w.stats
                for w in self._workers}

    @property
    def sources(self) -> list[AudioSource]:
        return [w.source for w in self._workers]
