"""Reading a transcript file: one Vosk ``Result()`` JSON object per line.

A transcript comes from anywhere (a file the user was sent, a script), so every line is
checked before anything uses it: value types, finite times and confidences in range, the
number of words, the nesting depth, the length of a line and the size of the file.
``check_result`` is the one validator: import, replay and the live extractor all call it.
``iter_transcript`` reads the file streamed, one bounded line at a time, so memory stays
small whatever the file (``/dev/zero`` is refused at once: not a regular file).
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from companion.errors import UserError
from companion.i18n import _

MAX_FILE_BYTES = 256 * 1024 * 1024  # a two-hour call in Vosk JSON is about 5 MB
MAX_LINE_BYTES = 1024 * 1024  # one utterance; Vosk ends one after at most a few minutes
MAX_WORDS = 5000  # words in one result
MAX_SECONDS = 24 * 3600.0  # times are seconds from the start of the call
MAX_TEXT = 100_000  # characters of "text" or of one word
MAX_SPEAKER = 64  # characters of a speaker label
_SCALARS = (str, int, float, bool, type(None))
_REAL = (int, float)
_RESULT_KEYS = frozenset(("text", "result", "speaker", "start", "end"))
MAX_DEPTH = 8  # Vosk's "alternatives" are 3 deep


def _too_deep(value: object, limit: int) -> bool:
    """True if ``value`` nests lists/objects more than ``limit`` levels (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False
_WORD_KEYS = frozenset(("word", "start", "end", "conf"))


class TranscriptError(UserError):
    """The transcript cannot be read, or a line is not a Vosk result (names the line)."""


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _time(value: object, where: str, what: str) -> float:
    if not _number(value):
        raise TranscriptError(_("{where}: {what} is not a number of seconds").format(where=where, what=what))
    t = float(value)  # type: ignore[arg-type]
    if not math.isfinite(t) or not 0 <= t <= MAX_SECONDS:
        raise TranscriptError(
            _("{where}: {what} is {value!r}; expected seconds from 0 to {most}").format(
                where=where, what=what, value=value, most=f"{MAX_SECONDS:.0f}"
            )
        )
    return t


def check_result(obj: object, where: str = "result") -> dict[str, Any]:
    """``obj`` if it has the shape of a Vosk final result, else ``TranscriptError``.

    Words need a ``word`` string and finite ``start`` ≤ ``end`` within a day; ``conf``
    (optional) is a finite number from 0 to 1. Extra keys on a word must be plain values.
    """
    if not isinstance(obj, dict):
        raise TranscriptError(_('{where}: expected a JSON object with "text" or "result"').format(where=where))
    if "result" not in obj and "text" not in obj:
        raise TranscriptError(_('{where}: not a Vosk result (no "text" or "result" key)').format(where=where))
    text = obj.get("text", "")
    if not isinstance(text, str):
        raise TranscriptError(_('{where}: "text" must be a string').format(where=where))
    if len(text) > MAX_TEXT:
        raise TranscriptError(_('{where}: "text" is longer than {most} characters').format(where=where, most=MAX_TEXT))
    words = obj.get("result", [])
    if not isinstance(words, list):
        raise TranscriptError(_('{where}: "result" must be a list of words').format(where=where))
    if len(words) > MAX_WORDS:
        raise TranscriptError(
            _("{where}: {count} words in one result; at most {most} expected").format(
                where=where, count=len(words), most=MAX_WORDS
            )
        )
    for n, w in enumerate(words, 1):
        # The common case in one expression (NaN fails every comparison, bool is not in
        # the tuple); anything else goes through the checks below that name the problem.
        if (
            type(w) is dict
            and w.keys() <= _WORD_KEYS
            and type(w.get("word")) is str
            and type(start := w.get("start")) in _REAL
            and type(end := w.get("end")) in _REAL
            and type(conf := w.get("conf", 1.0)) in _REAL
            and 0.0 <= start <= end <= MAX_SECONDS  # type: ignore[operator]
            and 0.0 <= conf <= 1.0
            and len(w["word"]) <= MAX_TEXT
        ):
            continue
        if not isinstance(w, dict) or not isinstance(w.get("word"), str):
            raise TranscriptError(_('{where}: word {n} has no "word" string').format(where=where, n=n))
        label = _("word {n} ({word!r})").format(n=n, word=w["word"][:40])
        if len(w["word"]) > MAX_TEXT:
            raise TranscriptError(
                _("{where}: {label} is longer than {most} characters").format(where=where, label=label, most=MAX_TEXT)
            )
        for key in ("start", "end"):
            if not _number(w.get(key)):
                raise TranscriptError(_('{where}: {label} has no numeric "{key}"').format(where=where, label=label, key=key))
            _time(w[key], where, f"{label} \"{key}\"")
        if w["start"] > w["end"]:
            raise TranscriptError(
                _("{where}: {label} ends ({end}) before it starts ({start})").format(
                    where=where, label=label, end=w["end"], start=w["start"]
                )
            )
        conf = w.get("conf", 1.0)
        if not _number(conf):
            raise TranscriptError(_('{where}: {label} has a non-numeric "conf"').format(where=where, label=label))
        if not (math.isfinite(conf) and 0.0 <= conf <= 1.0):
            raise TranscriptError(
                _('{where}: {label} has "conf" {conf!r}; expected a number from 0 to 1').format(
                    where=where, label=label, conf=conf
                )
            )
        for key, value in w.items():
            if not isinstance(value, _SCALARS) or (isinstance(value, float) and not math.isfinite(value)):
                raise TranscriptError(
                    _('{where}: {label} has a "{key}" that is not a plain finite value').format(
                        where=where, label=label, key=key
                    )
                )
    for key in ("start", "end"):
        if key in obj and obj[key] is not None:
            _time(obj[key], where, f"\"{key}\"")
    if not obj.keys() <= _RESULT_KEYS:  # other keys are not stored, but not unbounded either
        for key in obj.keys() - _RESULT_KEYS:
            if _too_deep(obj[key], MAX_DEPTH):
                raise TranscriptError(
                    _('{where}: "{key}" is nested more than {most} levels deep').format(where=where, key=key, most=MAX_DEPTH)
                )
    speaker = obj.get("speaker")
    if speaker is not None and not isinstance(speaker, str):
        raise TranscriptError(_('{where}: "speaker" must be a string').format(where=where))
    if speaker is not None and len(speaker) > MAX_SPEAKER:
        raise TranscriptError(
            _('{where}: "speaker" is longer than {most} characters').format(where=where, most=MAX_SPEAKER)
        )
    return obj


def repair_result(obj: object) -> dict[str, Any]:
    """A live result that ``check_result`` refuses, made storable rather than dropped.

    Files are refused (the user can fix them); what the recognizer said on a live call
    happens once. Confidences are clamped to 0..1 (NaN: 0), times to 0..24 h, words
    without a usable shape are dropped, and at worst the text alone is kept.
    """
    if not isinstance(obj, dict):
        return {"text": str(obj)[:MAX_TEXT], "result": []}

    def clamp(value: object, low: float, high: float, default: float) -> float:
        if not _number(value) or not math.isfinite(float(value)):  # type: ignore[arg-type]
            return default
        return min(max(float(value), low), high)  # type: ignore[arg-type]

    words = []
    raw_words = obj.get("result")
    for w in raw_words[:MAX_WORDS] if isinstance(raw_words, list) else []:
        if not isinstance(w, dict) or not isinstance(w.get("word"), str):
            continue
        start = clamp(w.get("start"), 0.0, MAX_SECONDS, 0.0)
        end = max(start, clamp(w.get("end"), 0.0, MAX_SECONDS, start))
        words.append({"word": w["word"][:MAX_TEXT], "start": start, "end": end,
                      "conf": clamp(w.get("conf", 1.0), 0.0, 1.0, 0.0)})
    text = obj.get("text")
    repaired: dict[str, Any] = {"text": text[:MAX_TEXT] if isinstance(text, str) else " ".join(w["word"] for w in words),
                      "result": words}
    if isinstance(obj.get("speaker"), str):
        repaired["speaker"] = obj["speaker"][:MAX_SPEAKER]
    return repaired


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_line(line: str, where: str) -> dict[str, Any]:
    """One line of JSON, checked (``check_result``); every failure names ``where``."""
    try:
        obj = json.loads(line, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise TranscriptError(_("{where}: not JSON ({reason})").format(where=where, reason=exc.msg)) from None
    except RecursionError:
        raise TranscriptError(_("{where}: JSON nested too deeply to be a Vosk result").format(where=where)) from None
    except ValueError as exc:  # NaN/Infinity literals, integers too long to convert
        raise TranscriptError(_("{where}: not valid JSON ({reason})").format(where=where, reason=exc)) from None
    if _SURROGATE_ESCAPE.search(line) and _has_lone_surrogate(obj):
        raise TranscriptError(
            _("{where}: a \\u escape that is half a character (a lone surrogate); not text").format(where=where)
        )
    return check_result(obj, where)


# The line was strict UTF-8, so a lone surrogate can only come from a ``\uD800``-style escape.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _has_lone_surrogate(obj: object) -> bool:
    """Whether any string in ``obj`` holds half a surrogate pair (SQLite and the screen refuse it)."""
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def iter_transcript(path: str | Path) -> Iterator[dict[str, Any]]:
    """The results of a ``.jsonl`` transcript in order, read one line at a time.

    Blank lines are skipped. Refused with one line naming the file: something that is not
    a regular file, a file over ``MAX_FILE_BYTES``, a line over ``MAX_LINE_BYTES``, text
    that is not UTF-8, and any line ``check_result`` refuses.
    """
    p = Path(path)
    try:
        fh = open(p, "rb")  # noqa: SIM115 - the with below closes it; open's error named here
    except OSError as exc:
        raise TranscriptError(
            _("cannot read transcript {path!r}: {reason}").format(path=str(p), reason=exc.strerror or exc)
        ) from None
    with fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise TranscriptError(
                _("transcript {path!r}: not a regular file; give a .jsonl file of Vosk results").format(path=str(p))
            )
        if info.st_size > MAX_FILE_BYTES:
            raise TranscriptError(
                _("transcript {name}: {size} MB is too large; at most {most} MB expected").format(
                    name=p.name, size=f"{info.st_size / 2**20:.0f}", most=MAX_FILE_BYTES // 2**20
                )
            )
        total = 0
        lineno = 0
        while True:
            raw = fh.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            lineno += 1
            total += len(raw)
            where = _("{name} line {number}").format(name=p.name, number=lineno)
            if len(raw) > MAX_LINE_BYTES:
                raise TranscriptError(
                    _("{where}: longer than {most} KB; not a Vosk result").format(where=where, most=MAX_LINE_BYTES // 1024)
                )
            if total > MAX_FILE_BYTES:
                raise TranscriptError(
                    _("transcript {name}: grew past {most} MB while being read").format(
                        name=p.name, most=MAX_FILE_BYTES // 2**20
                    )
                )
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError:
                raise TranscriptError(_("{where}: not UTF-8 text").format(where=where)) from None
            if not line.strip():
                continue
            yield parse_line(line, where)


def read_transcript(path: str | Path) -> list[dict[str, Any]]:
    """The results of a ``.jsonl`` transcript, in order; blank lines are skipped."""
    return list(iter_transcript(path))
