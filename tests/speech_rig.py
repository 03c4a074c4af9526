"""A spoken-call rig for English: transcript corpus → speech → a stand-in recognizer.

No English Vosk model can be downloaded here, so English *speech* is tested with a
stand-in: text-to-speech (hibari's neural English voice for the agent, the same voice
pitched down 300 cents for the caller) and PocketSphinx's bundled ``en-us`` model as the
recognizer. (espeak-ng was tried for the caller: PocketSphinx reads it at a word error
rate of 0.77 against 0.22 for hibari and 0.26 for pitched hibari, on six caller
utterances — it would measure espeak, not the product.) Each utterance
of a corpus call (Vosk-format JSONL, ``expected.json`` beside it) is spoken and
recognized twice, as the live pipeline does:

* **free**: the general language model → a Vosk ``Result()`` dict (``result`` words with
  ``word``/``conf``/``start``/``end``, ``text``, ``speaker``), times in call seconds;
* **numbers**: a JSGF grammar of the number assist's vocabulary (digits, "oh",
  "double"/"triple", letter names, spelling-alphabet words, "as in") → its words.

``companion.asr.assist.number_assists`` turns the pair into ``NumberAssist`` events, the
same function the live pipeline calls for Vosk, and both go through ``CallSession`` —
the code a live call runs. Nothing here measures Vosk: it measures the product's path
*behind* a recognizer, with a recognizer that is worse at digits than a real English
Vosk model is expected to be.

Used only by tests and ``scripts/bench_speech.py``. Optional packages (the ``test``
extra): ``hibari-tts``, ``pocketsphinx``; tool: ``sox``. Audio and
recognition results are cached under ``$CALL_COMPANION_RIG_CACHE`` or
``~/.cache/call-companion-rig/``, keyed by a hash of everything that decides them, so a
second run only replays JSON. Everything is seeded: the same corpus gives the same words.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from companion.asr.assist import NUMBER_KINDS, AssistContext, AssistSettings, grammar_reading, reading_is_news
from companion.records import REFERRAL_NUMBER

RIG_VERSION = "2"  # bump when synthesis or recognition settings change (invalidates the cache)
RATE = 16000

# --------------------------------------------------------------------------- availability


def missing_parts() -> list[str]:
    """What the rig needs and this machine lacks (empty when it can run)."""
    missing = []
    for module, package in (("hibari", "hibari-tts"), ("pocketsphinx", "pocketsphinx"),
                            ("numpy", "numpy")):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"python package {package}")
    for tool in ("sox",):
        if not shutil.which(tool):
            missing.append(f"tool {tool}")
    return missing


def cache_dir() -> Path:
    root = os.environ.get("CALL_COMPANION_RIG_CACHE")
    path = Path(root) if root else Path.home() / ".cache" / "call-companion-rig"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _key(*parts: object) -> str:
    return hashlib.sha256(json.dumps([RIG_VERSION, *parts], sort_keys=True).encode()).hexdigest()[:24]


# --------------------------------------------------------------------------- text → speech

# Letter names a TTS engine says as letters (a bare "a" is read as the article).
_LETTER_SAY = {c: c.upper() for c in "abcdefghijklmnopqrstuvwxyz"}
_LETTER_SAY.update({"a": "ay", "i": "eye", "u": "you", "o": "oh"})


def speakable(text: str) -> str:
    """The words of a Vosk transcript as text a TTS engine reads the way a person said it:
    single letters become letter names ("e a c" → "E ay C")."""
    words = []
    for w in text.split():
        words.append(_LETTER_SAY.get(w, w) if len(w) == 1 and w.isalpha() else w)
    return " ".join(words)


@dataclass(frozen=True)
class Condition:
    """How the audio reaches the recognizer."""

    telephone: bool = False  # 8 kHz, 300–3400 Hz band, back to 16 kHz
    noise_db: float | None = None  # white noise this many dB below full scale (None: none)
    seed: int = 1

    @property
    def name(self) -> str:
        parts = ["telephone" if self.telephone else "clean"]
        if self.noise_db is not None:
            parts.append(f"noise{self.noise_db:g}")
        return "-".join(parts)


class Speaker:
    """Text → 16 kHz mono int16 PCM for one party of the call, cached on disk."""

    def __init__(self, voice: str) -> None:
        self.voice = voice  # "agent" (hibari) or "caller" (hibari, pitched down)
        self._tts: Any = None

    def pcm(self, text: str, seed: int, condition: Condition) -> bytes:
        path = cache_dir() / "audio" / f"{_key('audio', self.voice, text, seed, condition.name)}.pcm"
        if path.exists():
            return path.read_bytes()
        clean = self._clean_pcm(text, seed)
        pcm = _degrade(clean, condition) if (condition.telephone or condition.noise_db is not None) else clean
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pcm)
        tmp.replace(path)
        return pcm

    def _clean_pcm(self, text: str, seed: int) -> bytes:
        import numpy as np

        if self._tts is None:
            from hibari import Hibari  # type: ignore[import-untyped]

            self._tts = Hibari()
        audio = self._tts(speakable(text), seed=seed)
        raw = (np.clip(audio, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        effects = ("pitch", "-300") if self.voice == "caller" else ()
        return _sox(raw, 24000, RATE, *effects)


def _sox(raw: bytes, rate_in: int, rate_out: int, *effects: str) -> bytes:
    fmt = ["-e", "signed", "-b", "16", "-c", "1"]
    # -D: no dither (sox dithers with an unseeded generator: runs would differ by ±2 LSB)
    return subprocess.run(
        ["sox", "-D", "-R", "-t", "raw", "-r", str(rate_in), *fmt, "-", "-t", "raw", "-r", str(rate_out),
         *fmt, "-", *effects], input=raw, check=True, capture_output=True,
    ).stdout


def _degrade(pcm: bytes, condition: Condition) -> bytes:
    import numpy as np

    if condition.telephone:
        narrow = _sox(pcm, RATE, 8000, "sinc", "300-3400")
        pcm = _sox(narrow, 8000, RATE)
    if condition.noise_db is not None:
        x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
        rng = np.random.default_rng(condition.seed)
        x = x + rng.normal(0.0, 32767 * 10 ** (condition.noise_db / 20), size=x.shape)
        pcm = np.clip(x, -32768, 32767).astype("<i2").tobytes()
    return pcm


# --------------------------------------------------------------------------- recognizer

# The number assist's vocabulary, as a JSGF grammar (PocketSphinx has no [unk]: words
# outside it come back as the nearest digits or letters, which the time window drops).
def _pipeline_words() -> tuple[list[str], list[str]]:
    from companion.asr.pipeline import ENGLISH_DIGITS, ENGLISH_LETTERS

    return list(ENGLISH_DIGITS), list(ENGLISH_LETTERS)


# The product's English number vocabulary (digits, "oh", "double", "triple", teens and
# tens, letter names) plus spelling-alphabet words and "as in".
GRAMMAR_DIGITS, GRAMMAR_LETTERS = _pipeline_words()
GRAMMAR_SPELLING = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
                    "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa",
                    "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey",
                    "x-ray", "yankee", "zulu"]


def number_jsgf(known: Iterable[str] | None = None, cues: Iterable[str] = ()) -> str:
    """The digits-and-letters grammar: any sequence of tokens, "<letter> as in <word>";
    ``cues``: words added as tokens too (the cue-grammar experiment, ``cue_words``)."""
    words = GRAMMAR_DIGITS + GRAMMAR_LETTERS + GRAMMAR_SPELLING + [w for w in cues if w not in
                                                                   GRAMMAR_DIGITS + GRAMMAR_LETTERS]
    if known is not None:
        words = [w for w in words if w in set(known)]
    letters = [w for w in GRAMMAR_LETTERS if w in words]
    spelling = [w for w in GRAMMAR_SPELLING if w in words]
    return (
        "#JSGF V1.0;\ngrammar numbers;\n"
        "public <utterance> = ( <token> )* ;\n"
        f"<token> = {' | '.join(words)} | <spelled> ;\n"
        f"<spelled> = ( {' | '.join(letters)} ) as in ( {' | '.join(spelling)} ) ;\n"
    )


def cue_words(lang: Any = None) -> list[str]:
    """The words of the language table's number cues (staff ID, referral, receipt,
    A-number) that the number grammar lacks: "receipt", "number", "alien", "referral", …
    Function words ("is", "your", the cue glue) and number homophones ("for") are left
    out; so are the words of phrases that could not be heard whole with them (the grammar
    has no "this": "write this down" cannot be read, so "write" and "down" are not added).
    For the cue-grammar experiment (``SpeechRig(cue_grammar=True)``)."""
    from companion.asr.pipeline import ENGLISH_HOMOPHONES, number_words
    from companion.extract.lang.en import ENGLISH

    lang = lang or ENGLISH
    vocabulary = set(number_words(lang)) | set(GRAMMAR_DIGITS) | set(GRAMMAR_LETTERS)
    skip = vocabulary | set(ENGLISH_HOMOPHONES) | (set(lang.glue) - {lang.number_word}) | set(lang.value_leads)
    skip.add("no")  # "receipt no": "no" is what the grammar would hear for "oh"
    words: list[str] = []
    for phrase in _cue_phrases(lang):
        extra = [w for w in phrase if w not in vocabulary]
        if all(w.isalpha() and w not in skip for w in extra):
            words += [w for w in extra if w not in words]
    return words


def _cue_phrases(lang: Any) -> list[tuple[str, ...]]:
    return [tuple(p.split()) for kind, phrases in lang.cue_phrases.items() if kind in NUMBER_KINDS
            for p in phrases]


def grammar_cues(words: list[dict], lang: Any = None, phrases_only: bool = False) -> list[tuple[float, float, str]]:
    """(start, end, kind) of the number cues in a cue grammar's reading ("receipt number",
    "a number", "i d"), longest phrase first, left to right. No lead word is required
    before "a number" (the grammar has none to hear). ``phrases_only``: only cues of two or
    more words, one of them a cue word ("receipt number", "a number", "service request";
    not "id", "badge", "i d": the grammar forces other words onto those)."""
    from companion.extract.lang.en import ENGLISH

    lang = lang or ENGLISH
    added = set(cue_words(lang))
    phrases = sorted({(tuple(p.split()), str(kind)) for kind, ps in lang.cue_phrases.items()
                      if kind in NUMBER_KINDS for p in ps
                      if not phrases_only or (len(p.split()) >= 2 and added & set(p.split()))},
                     key=lambda pk: (-len(pk[0]), pk))
    texts = [w["word"] for w in words]
    out = []
    i = 0
    while i < len(texts):
        for phrase, kind in phrases:
            if tuple(texts[i:i + len(phrase)]) == phrase:
                out.append((float(words[i]["start"]), float(words[i + len(phrase) - 1]["end"]), str(kind)))
                i += len(phrase)
                break
        else:
            i += 1
    return out


def names_jsgf(known: Iterable[str] | None = None) -> str:
    """The name assist's grammar: one or two words of the product's name list
    (``companion/asr/names_en.txt``), those ``known`` to the decoder."""
    from companion.asr.assist import known_names

    words = sorted(known_names())
    if known is not None:
        keep = set(known)
        words = [w for w in words if w in keep]
    return (
        "#JSGF V1.0;\ngrammar names;\n"
        "public <utterance> = <name> [ <name> ] ;\n"
        f"<name> = {' | '.join(words)} ;\n"
    )


def free_lexicon() -> set[str]:
    """The words the stand-in's free decoder can write (its bundled dictionary,
    ``cmudict-en-us.dict``, lower case; alternates folded): a name outside it and outside
    the name list is one it never produces."""
    from pocketsphinx import get_model_path  # type: ignore[import-untyped]

    path = Path(get_model_path()) / "en-us" / "cmudict-en-us.dict"
    with open(path, encoding="utf-8") as f:
        return {line.split(" ", 1)[0].split("(", 1)[0].lower() for line in f if line.strip()}


_LEXICON: set[str] = set()


def _lexicon() -> set[str]:
    """``free_lexicon``, read once."""
    if not _LEXICON:
        _LEXICON.update(free_lexicon())
    return _LEXICON


class Recognizer(Protocol):
    """The narrow interface the rig needs; times in seconds from the utterance start."""

    engine: str

    def free(self, pcm: bytes) -> list[dict]: ...

    def numbers(self, pcm: bytes) -> list[dict]: ...

    def names(self, pcm: bytes) -> list[dict]: ...


_SKIP = {"<s>", "</s>", "<sil>", "(NULL)", "[NOISE]", "[SPEECH]"}


class PocketSphinxRecognizer:
    """PocketSphinx 5 with its bundled en-us model: a free decoder and a grammar decoder."""

    engine = "pocketsphinx-5-en-us"

    def __init__(self) -> None:
        from pocketsphinx import Decoder  # type: ignore[import-untyped]

        self._free = Decoder(samprate=RATE, loglevel="FATAL")
        # The grammar search is wide; the forward-flat and best-path passes add little to
        # a digits grammar and cost 10x the time.
        self._grammar = Decoder(samprate=RATE, loglevel="FATAL", lm=None, fwdflat=False,
                                bestpath=False)
        known = [w for w in GRAMMAR_DIGITS + GRAMMAR_LETTERS + GRAMMAR_SPELLING + ["as", "in"]
                 if self._grammar.lookup_word(w) is not None]
        self._grammar.add_jsgf_string("numbers", number_jsgf(known))
        self._grammar.activate_search("numbers")
        self._names: Any = None  # the name grammar's decoder, made on first use
        self._cues: Any = None  # the number grammar with cue words (``cue_numbers``), on first use

    @staticmethod
    def _decode(decoder, pcm: bytes, posteriors: bool) -> list[dict]:
        if not pcm:
            return []
        decoder.start_utt()
        decoder.process_raw(pcm, full_utt=True)
        decoder.end_utt()
        if posteriors:
            decoder.get_prob()  # computes the lattice posteriors that seg().prob then holds
        words: list[dict] = []
        if decoder.hyp() is None:  # nothing in the grammar fits (e.g. a name span of a breath)
            return words
        for s in decoder.seg():
            word = s.word.split("(")[0] if s.word not in _SKIP else s.word
            if word in _SKIP or word.startswith(("++", "[")):
                continue
            conf = min(1.0, max(0.0, float(s.prob))) if posteriors else 1.0
            words.append({"word": word.lower(), "start": round(s.start_frame / 100, 2),
                          "end": round((s.end_frame + 1) / 100, 2), "conf": round(conf, 6)})
        return words

    def free(self, pcm: bytes) -> list[dict]:
        return self._decode(self._free, pcm, posteriors=True)

    def numbers(self, pcm: bytes) -> list[dict]:
        return self._decode(self._grammar, pcm, posteriors=False)

    def cue_numbers(self, pcm: bytes) -> list[dict]:
        """The number grammar with the cue words added (``cue_words``): the experiment."""
        if self._cues is None:
            from pocketsphinx import Decoder

            self._cues = Decoder(samprate=RATE, loglevel="FATAL", lm=None, fwdflat=False, bestpath=False)
            known = [w for w in GRAMMAR_DIGITS + GRAMMAR_LETTERS + GRAMMAR_SPELLING + ["as", "in"] + cue_words()
                     if self._cues.lookup_word(w) is not None]
            self._cues.add_jsgf_string("cues", number_jsgf(known, cue_words()))
            self._cues.activate_search("cues")
        return self._decode(self._cues, pcm, posteriors=False)

    def names(self, pcm: bytes) -> list[dict]:
        """A short span (a name's seconds) read with the name grammar."""
        if self._names is None:
            from pocketsphinx import Decoder

            self._names = Decoder(samprate=RATE, loglevel="FATAL", lm=None, fwdflat=False, bestpath=False)
            from companion.asr.assist import known_names

            known = [w for w in sorted(known_names()) if self._names.lookup_word(w) is not None]
            self._names.add_jsgf_string("names", names_jsgf(known))
            self._names.activate_search("names")
        return self._decode(self._names, pcm, posteriors=False)


# --------------------------------------------------------------------------- calls


@dataclass
class SpokenUtterance:
    """One utterance as the stand-in heard it; times in call seconds."""

    speaker: str | None
    said: str  # the transcript's text (what the TTS spoke)
    start: float
    end: float
    free: dict  # a Vosk Result(): {"text", "result": [...], "speaker"?}
    numbers: list[dict]  # grammar words
    # the name assist: (span, the name grammar's words over the span's own audio), call seconds
    names: list[tuple[dict, list[dict]]] = field(default_factory=list)
    # the cue grammar's words, cue words included (``SpeechRig(cue_grammar=True)``; then
    # ``numbers`` are these without the cue words), call seconds; empty otherwise
    grammar_words: list[dict] = field(default_factory=list)


def read_corpus(corpus: Path) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """(calls by file name, expected fields by file name) of a corpus directory."""
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    calls = {}
    for name in sorted(expected):
        lines = (corpus / name).read_text(encoding="utf-8").splitlines()
        calls[name] = [json.loads(line) for line in lines if line.strip()]
    return calls, expected


def _voice(speaker: str | None, index: int) -> str:
    """Which voice says utterance ``index``; a transcript without speakers takes turns
    (calls alternate, near enough)."""
    if speaker is None:
        return "agent" if index % 2 == 0 else "caller"
    return "caller" if speaker == "caller" else "agent"


class SpeechRig:
    """Speaks and recognizes calls; one instance per process (the decoders are not shared)."""

    def __init__(self, condition: Condition | None = None, recognizer: Recognizer | None = None,
                 cue_grammar: bool | None = None) -> None:
        self.condition = condition or Condition()
        # the experiment: the number grammar holds the cue words too (default: the
        # environment's CALL_COMPANION_RIG_CUES=1; off otherwise)
        self.cue_grammar = os.environ.get("CALL_COMPANION_RIG_CUES") == "1" if cue_grammar is None else cue_grammar
        self._speakers: dict[str, Speaker] = {}
        self._recognizer = recognizer  # PocketSphinx unless another is given

    @property
    def recognizer(self) -> Recognizer:
        if self._recognizer is None:
            self._recognizer = PocketSphinxRecognizer()
        return self._recognizer

    @property
    def engine(self) -> str:
        return self._recognizer.engine if self._recognizer is not None else PocketSphinxRecognizer.engine

    def hear(self, text: str, voice: str, seed: int) -> tuple[float, list[dict], list[dict]]:
        """(seconds of audio, free words, grammar words) for one utterance, cached."""
        key = _key("heard", voice, text, seed, self.condition.name, self.engine, number_jsgf())
        path = cache_dir() / "heard" / f"{key}.json"
        if path.exists():
            data = json.loads(path.read_text())
            return data["seconds"], data["free"], data["numbers"]
        speaker_tts = self._speakers.setdefault(voice, Speaker(voice))
        pcm = speaker_tts.pcm(text, seed, self.condition)
        pad = b"\0\0" * int(0.3 * RATE)  # a little silence either side, as a VAD would cut
        pcm = pad + pcm + pad
        free = self.recognizer.free(pcm)
        numbers = self.recognizer.numbers(pcm)
        seconds = len(pcm) / 2 / RATE
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"seconds": seconds, "free": free, "numbers": numbers}))
        tmp.replace(path)
        return seconds, free, numbers

    def hear_cues(self, text: str, voice: str, seed: int) -> list[dict]:
        """The cue grammar's words (``number_jsgf`` with ``cue_words``) for one utterance,
        times in utterance seconds; cached apart from ``hear`` (the free words are the same)."""
        key = _key("cues", voice, text, seed, self.condition.name, self.engine, number_jsgf(cues=cue_words()))
        path = cache_dir() / "cues" / f"{key}.json"
        if path.exists():
            return json.loads(path.read_text())
        pad = b"\0\0" * int(0.3 * RATE)
        pcm = pad + self._speakers.setdefault(voice, Speaker(voice)).pcm(text, seed, self.condition) + pad
        recognizer = self.recognizer
        assert isinstance(recognizer, PocketSphinxRecognizer), "the cue grammar is the stand-in's"
        words = recognizer.cue_numbers(pcm)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(words))
        tmp.replace(path)
        return words

    def hear_names(self, text: str, voice: str, seed: int, free: list[dict]) -> list[tuple[Any, list[dict]]]:
        """The name assist over one utterance, as the pipeline does it: the staff-name spans
        of the free words (``assist.name_spans``), each span's own audio (± ``STAND_IN.name_margin``)
        read again with the name grammar; (span, words), times in utterance seconds. Cached."""
        from companion.asr.assist import name_spans, name_stops

        spans = name_spans(free, stops=name_stops(STAND_IN))
        if not spans:
            return []
        out = []
        pcm: bytes | None = None
        for span in spans:
            a = max(0.0, span.start - STAND_IN.name_margin)
            b = span.end + STAND_IN.name_margin
            key = _key("names", voice, text, seed, self.condition.name, self.engine, a, b,
                       names_jsgf())
            path = cache_dir() / "names" / f"{key}.json"
            if path.exists():
                words = json.loads(path.read_text())
            else:
                if pcm is None:
                    pad = b"\0\0" * int(0.3 * RATE)
                    pcm = pad + self._speakers.setdefault(voice, Speaker(voice)).pcm(text, seed, self.condition) + pad
                cut = pcm[int(a * RATE) * 2 : int(b * RATE) * 2]
                words = [dict(w, start=round(w["start"] + a, 2), end=round(w["end"] + a, 2))
                         for w in self.recognizer.names(cut)]
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_text(json.dumps(words))
                tmp.replace(path)
            out.append((span, words))
        return out

    def call(self, results: list[dict], name: str = "") -> list[SpokenUtterance]:
        """Speak one call's utterances in order; each starts where the transcript says or
        after the previous one ends, whichever is later."""
        out: list[SpokenUtterance] = []
        clock = 0.0
        base_seed = int(_key("seed", name, self.condition.seed), 16) % 100_000
        for i, r in enumerate(results):
            text = (r.get("text") or "").strip()
            if not text:
                continue
            words = r.get("result") or []
            said_at = float(words[0]["start"]) if words else clock
            start = round(max(said_at - 0.3, clock + 0.2), 2)
            speaker = r.get("speaker")
            seconds, free, numbers = self.hear(text, _voice(speaker, i), base_seed + i)
            shifted = [dict(w, start=round(w["start"] + start, 2), end=round(w["end"] + start, 2))
                       for w in free]
            result: dict = {"text": " ".join(w["word"] for w in shifted), "result": shifted}
            if speaker:
                result["speaker"] = speaker
            grammar = [dict(w, start=round(w["start"] + start, 2), end=round(w["end"] + start, 2))
                       for w in numbers]
            with_cues: list[dict] = []
            if self.cue_grammar:
                with_cues = [dict(w, start=round(w["start"] + start, 2), end=round(w["end"] + start, 2))
                             for w in self.hear_cues(text, _voice(speaker, i), base_seed + i)]
                extra = set(cue_words())
                grammar = [w for w in with_cues if w["word"] not in extra]
            names = [(dict(vars(span), start=round(span.start + start, 2), end=round(span.end + start, 2)),
                      [dict(w, start=round(w["start"] + start, 2), end=round(w["end"] + start, 2)) for w in heard])
                     for span, heard in self.hear_names(text, _voice(speaker, i), base_seed + i, free)]
            out.append(SpokenUtterance(speaker, text, start, round(start + seconds, 2), result, grammar, names,
                                       with_cues))
            clock = start + seconds
        return out


# --------------------------------------------------------------------------- the product's path

# The stand-in's thresholds. PocketSphinx posteriors sit near 1.0 even for wrong digits,
# so a low one means more than Vosk's; its grammar decoder marks word ends late, hence the
# wider margin. Receipt prefixes: its letters are worse than Vosk's, one full substitution
# (or two rhyming ones) is still settled.
STAND_IN = AssistSettings(
    "pocketsphinx-stand-in", low_confidence=0.6, margin=0.2, prefix_cost=1.0,
    # trust (tuned on the first 40 calls of tests/corpus clean and the first 14 with the
    # telephone band): the stand-in's free posteriors average 0.69-0.9 over a clean call
    # and 0.35-0.65 over a telephone one, where nearly every cue reading was wrong; a value
    # whose digits the free reading did not hear at all was wrong 8 times in 9. Round 15:
    # 0.67 → 0.6 — readings held back between them on four clean sets were right 11 times
    # of 14 (early in a call the greeting's garbled words drag the mean down); eight clean
    # sets gain 0.000 to 0.016 micro-F1, the band (blind25, blind27, held-out) −0.004 to +0.009
    min_free_confidence=0.6, min_agreement=0.3,
    # round 16: the mean starts from 20 sure words, so an ID said in the greeting (its
    # first result, often garbled) is applied, not only offered; a call heard badly throughout
    # still falls below 0.6 within a few results (blind29 +0.007, blind30 +0.0, the band
    # blind30 0.404 → 0.428)
    confidence_prior_words=20,
    # its name grammar has no [unk]: extra audio becomes a name of its own ("is oscar" →
    # "sapp oscar"); tuning 40, expected names among 85 spans' readings: margin 0.0 → 26, 0.05 → 20
    name_margin=0.0,
    # its grammar decoder hears "zero" as "sierra", "two" as "t o", and "oh" as "o" or
    # "l" — which are also what it hears for "uh" — or as the spelling word "echo" (its
    # letters and digits share one vowel there: "nine nine oh two" → "nine nine echo two"
    # on all six tuning sets; an "echo" may be a real E, so it is uncertain too)
    # ... and "oh oh" as "l a" ("two one oh oh seven" → "two one l a seven", four times on
    # the six tuning sets; a single "oh" is heard so too, where the uncertain reading drops it)
    digit_confusions=((("sierra", "o"), "zero"), (("sierra",), "zero"), (("o",), "oh?"),
                      (("l", "a"), "oh oh?"), (("l",), "oh?"),
                      (("t", "a", "o"), "two"), (("t", "o"), "two"), (("t", "u"), "two"), (("t",), "two?"),
                      (("echo",), "oh?")),
    # it hears the cue "i d (is)" right before a staff ID as "i eighty (s)" (the four tuning
    # sets: "my i d is five five one three oh" → "i i eighty s five five one three l"), or
    # "i eighteen" (blind26: "agent i d nine two one four" → "… i eighteen nine two one four")
    cue_echoes=(("i", "eighty", "s"), ("i", "eighty"), ("i", "eighteen")),
    # it hears the "is" of "i d is" and the "it's" before a number as the letters "s", "z"
    # and "x" ("i t s five five o four two", "number is" → "m three z", "n x five five one
    # seven zero")
    glue_letters=("s", "x", "z"),
    # it writes the "it's" before an answer's number as "at", which its grammar hears as
    # "eight" ("no problem it's seven seven five five": 87755 for 7755; en34, twice; "at"
    # before digits was never an eight on nine sets)
    glue_words=("at",),
    # a referral's "l" (or "echo", "o") between two digit words is its "oh", as a staff ID's
    # (round 17: blind29 +1 referral, blind31 +1, en33 ±0; no set lost one — the fillers
    # inside numbers a caller says are rarer than the ohs its grammar hears as "l")
    between_digits_kinds=(REFERRAL_NUMBER,),
    # it splits a number's last "two" ("four one eight two" → "four one eighty o", "four four
    # two" → "four four t l"; five false receipts on blind10-12, round 8b)
    splits_two=True,
    # it writes the digit "oh" inside a number as a word ("one three or five five", "five seven
    # seven one of three"; round 9, referral read-backs on blind8 and blind10)
    # ... and a last "oh" after a digit ending in "n" as "now" ("five one eight seven oh" →
    # "… seven now"; ten times of eleven on nine sets, round 17)
    # round 19: "low" ("two oh five" heard "too low five"; 22 times in the rig's cache, always
    # between digit words)
    oh_words=("or", "of", "all", "well", "how", "owe", "al", "now", "low"),
    # it hears a spelled "e" before the next letter as "eighty" ("n g u y e n" → "n g u y
    # eighty n", "w h i t f i e l d" → "w h i t f i eighty l t"; round 9, five sets)
    spelled_letters=(("eighty", "e"),),
    # its name grammar fills the seconds around a name with a name of its own: on the eight
    # tuning sets every expected name it read lasted 0.22 s or more, its fillers 0.19 s or
    # less ("la toya" → "latoya anne", the anne 0.09 s; "lisa l" → "lisa al", 0.19 s)
    min_name_seconds=0.2,
    # a staff name in no name list it heard below 0.75 was a misheard word 31 times in 32 on
    # the ten tuning sets ("denies", "media", "silly", "paypal", spelled letters "s i l b h i
    # n"; right once: Nwosu in spelling words); the list-less names it heard right sat at 0.81
    # and above (round 10)
    unsure_name_confidence=0.75,
    # a list-less name it heard with no title before it, whatever its confidence, was a
    # misheard word far more often than a name (round 13b): held, a notice; and the name
    # grammar's reading of a held name is offered on the notice, not made a field by itself
    hold_unlisted_names=True, release_held_names=False,
    # its free decoder's dictionary (``free_lexicon``): a spelled name the name list lacks is
    # read from its letters when they spell one of its words (``assist.lexicon_spelled``)
    known_word=lambda w: w in _lexicon(),
    # its free decoder hears the cue "i d is" before a staff ID as "i t is", "i t. is"
    # (its dictionary's letter "t."), "i t s" or "i g s" (round 13b); "i d" before the digits
    # as "i eighty" ("i eighty one five five two three"), and "i d is" as "t is" ("my t is
    # six zero …"), "badge" as "patch" or "batch" (round 14)
    cue_sounds=((("i", "t", "is"), ("i", "d", "is")), (("i", "t.", "is"), ("i", "d", "is")),
                (("i", "t", "s"), ("i", "d", "is")), (("i", "g", "s"), ("i", "d", "is")),
                (("i", "eighty"), ("i", "d")), (("t", "is"), ("i", "d", "is")),
                (("patch",), ("badge",)), (("batch",), ("badge",)),
                (("operation",), ("operator",)), (("carburetor",), ("operator",)), (("aged",), ("agent",)),
                (("d", "is"), ("i", "d", "is")), (("i", "t", "as"), ("i", "d", "is")),
                # round 16: "service request" as "service i am" ("… open a service i am for you")
                (("service", "i", "am"), ("service", "item")),
                # round 19: "service item" as "serve as i am" (eleven results of the rig's cache)
                (("serve", "as", "i", "am"), ("service", "item")), (("serve", "as", "item"), ("service", "item")),
                # round 19: "alien number" as "a million number" (five of the thirteen tuning sets)
                (("a", "million", "number"), ("alien", "number")), (("million", "number"), ("alien", "number"))),
)


def caller_priors(results: list[dict], expected: list[dict]) -> list[tuple[str, str]]:
    """The (receipt, A-number) cases the caller of one corpus call would have entered in
    the app before calling: each expected receipt the *caller* reads out in the transcript
    (off their receipt notice), and the A-number the caller reads, on the first such case
    (the app keeps A-numbers on cases). A number only the agent says (a new receipt, a
    referral) is not known beforehand and is no prior. Read from the transcript, never from
    what the recognizer heard."""
    from companion.session import read_spoken

    said = [read_spoken(r.get("text", "")) for r in results if r.get("speaker") == "caller"]
    # joined with no space between results: a number read in two breaths ("a zero six one"
    # … "five eight two seven seven three") is read by the caller all the same
    heard = "".join(x for readings in said for x in readings).upper()

    def read_by_caller(value: str) -> bool:
        digits = value.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return bool(digits) and digits in heard

    receipts = [e["value"] for e in expected if e["kind"] == "receipt_number" and read_by_caller(e["value"])]
    a_numbers = [e["value"] for e in expected if e["kind"] == "a_number" and read_by_caller(e["value"])]
    cases = [(r, "") for r in dict.fromkeys(receipts)]
    if cases and a_numbers:
        cases[0] = (cases[0][0], a_numbers[0])
    return cases


class CallClock:
    """The session's clock at call time ``t`` seconds (the rig replays faster than life)."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.t = 0.0

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=self.t)


CALL_START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


# The cue rule (experiment): how far before a span's start a grammar cue may end, how
# much of the span must follow it, and how many seconds of grammar words may follow a
# question's cue (the grammar forces "please" onto letters: "receipt number p e s").
CUE_BEFORE = 1.5
CUE_AFTER = 0.3
QUESTION_TAIL = 1.0


def cue_rule_span(span: Any, u: SpokenUtterance, asked: tuple[str, str | None, float] | None,
                  first: bool, settings: AssistSettings = STAND_IN, phrases_only: bool = False) -> Any:
    """The experiment's rule: a span with no kind (the free reading has no cue for it)
    takes the kind of a cue in the grammar reading — one ending just before its digits in
    the same utterance, else (the first such span of an answer) the kind the other side's
    last result asked for in its grammar reading (``asked``: kind, speaker, end)."""
    from dataclasses import replace

    if span.kind is not None or not u.grammar_words:
        return span
    near = [c for c in grammar_cues(u.grammar_words, phrases_only=phrases_only)
            if span.start - CUE_BEFORE <= c[1] <= span.end - CUE_AFTER]
    kind = min(near, key=lambda c: abs(c[1] - span.start))[2] if near else None
    if kind is None and asked is not None and first:
        asked_kind, asker, at = asked
        if (u.speaker is None or asker is None or u.speaker != asker) and u.start - at <= settings.answer_wait:
            kind = asked_kind
    return replace(span, kind=kind, kinds=()) if kind else span


def grammar_question(u: SpokenUtterance, phrases_only: bool = False) -> tuple[str, str | None, float] | None:
    """(kind, speaker, end) when the grammar reading of ``u`` ends with a number cue (at
    most ``QUESTION_TAIL`` seconds of grammar words after it): a question for that kind."""
    if not u.grammar_words:
        return None
    cues = grammar_cues(u.grammar_words, phrases_only=phrases_only)
    if cues and u.grammar_words[-1]["end"] - cues[-1][1] <= QUESTION_TAIL:
        return cues[-1][2], u.speaker, u.end
    return None


def play_call(store, utterances: list[SpokenUtterance], *, assist: bool = True,
              settings: AssistSettings = STAND_IN, names: bool | None = None, cue_rule: str = ""):
    """Feed a spoken call through ``CallSession`` as a live call would; returns the session.

    Each utterance's free result goes to ``add_result``; with ``assist`` the spans the
    pipeline's ``AssistContext`` picks are read from the grammar words
    (``grammar_reading``) and given to ``add_number_assist`` — the pipeline's own
    functions, in its order. ``names`` (default: as ``assist``): each utterance's name spans,
    read again by the name grammar (``SpeechRig.hear_names``), go to ``add_name_assist``.
    ``cue_rule`` (the experiment; needs ``SpeechRig(cue_grammar=True)``): "all" or
    "phrases" — spans with no kind take one from the grammar reading's cues, any or only
    those of two or more words (``cue_rule_span``); "" (default): off.
    """
    from companion.asr.assist import NameSpan, name_reading, utterance_reading
    from companion.asr.pipeline import ENGLISH_HOMOPHONES, GrammarReading, NameAssist, NumberAssist
    from companion.session import CallSession

    vocabulary = set(GRAMMAR_DIGITS) | set(GRAMMAR_LETTERS)
    clock = CallClock(CALL_START)
    session = CallSession.start(store, source="live", now=clock)
    session.assist_settings = settings
    context = AssistContext(settings)
    names = assist if names is None else names
    asked: tuple[str, str | None, float] | None = None  # the cue rule's question
    earlier: dict[str | None, list[dict]] = {}  # each speaker's grammar words of the last 30 s
    for u in utterances:
        clock.t = u.end
        session.add_result(u.free)
        if assist:
            spans = context.spans(u.free.get("result", []),
                                  lambda w: w in vocabulary or w in ENGLISH_HOMOPHONES,
                                  ENGLISH_HOMOPHONES, u.speaker)
            confidence = context.confidence
            if cue_rule:
                first = [s for s in spans if s.kind is None][:1]
                strict = cue_rule == "phrases"
                spans = [cue_rule_span(s, u, asked, s in first, settings, strict) for s in spans]
                if u.free.get("result"):
                    asked = grammar_question(u, strict) or (asked if asked and asked[1] == u.speaker else None)
            for span in spans:
                # a number split over results is read from the grammar words of the
                # speaker's earlier results too, as the pipeline keeps its source's
                text = grammar_reading(span, [*earlier.get(u.speaker, []), *u.numbers] if span.pauses
                                       else u.numbers, settings)
                if reading_is_news(span, text, settings):
                    session.add_number_assist(NumberAssist(u.speaker, span.start, span.end,
                                                           span.free_text, text, span.kind, confidence,
                                                           span.kinds))
            earlier[u.speaker] = [w for w in [*earlier.get(u.speaker, []), *u.numbers]
                                  if w["end"] > u.end - 30]
            words = u.free.get("result", [])
            if words:  # the user's own numbers, anywhere: the pipeline's GrammarReading
                session.add_grammar_reading(GrammarReading(
                    u.speaker, float(words[0]["start"]), float(words[-1]["end"]), u.free.get("text", ""),
                    utterance_reading(words, u.numbers, settings)))
        if names:  # after the number assist, as the pipeline: the call's confidence so far
            for span_dict, heard in u.names:
                name_span = NameSpan(**span_dict)
                text = name_reading(heard, settings)
                if text and text != name_span.free_text:
                    session.add_name_assist(NameAssist(u.speaker, name_span.start, name_span.end,
                                                       name_span.free_text, text, context.confidence))
    clock.t += 30
    session.flush()
    session.end()
    return session


def captured(store, call_id: int) -> list[tuple[str, str]]:
    """(kind, value) of the call's live fields of the five scored kinds."""
    from companion.records import FIELD_KINDS, REJECTED

    return [(f.kind, f.value) for f in store.fields(call_id)
            if f.kind in FIELD_KINDS and f.status != REJECTED]
