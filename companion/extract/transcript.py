"""Reading a transcript file: one Vosk ``Result()`` JSON object per line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from companion.errors import UserError


class TranscriptError(UserError):
    """The transcript cannot be read, or a line is not a Vosk result (names the line)."""


_NUMBER = (int, float)  # exact types: bool (an int subclass) is no number here


def check_result(obj: object, where: str = "result") -> dict[str, Any]:
    """``obj`` if it has the shape of a Vosk final result, else ``TranscriptError``."""
    if not isinstance(obj, dict):
        raise TranscriptError(f"{where}: expected a JSON object with \"text\" or \"result\"")
    if "result" not in obj and "text" not in obj:
        raise TranscriptError(f"{where}: not a Vosk result (no \"text\" or \"result\" key)")
    words = obj.get("result", [])
    if not isinstance(words, list):
        raise TranscriptError(f"{where}: \"result\" must be a list of words")
    for n, w in enumerate(words, 1):
        # the usual word, straight from JSON, passes on exact types; anything else is looked at
        if type(w) is dict and type(w.get("word")) is str and type(w.get("start")) in _NUMBER and (
            type(w.get("end")) in _NUMBER and type(w.get("conf", 1.0)) in _NUMBER
        ):
            continue
        if not isinstance(w, dict) or not isinstance(w.get("word"), str):
            raise TranscriptError(f"{where}: word {n} has no \"word\" string")
        for key in ("start", "end"):
            v = w.get(key)
            if not isinstance(v, (int, float)) or isinstance(v, bool):
                raise TranscriptError(f"{where}: word {n} ({w['word']!r}) has no numeric \"{key}\"")
        conf = w.get("conf", 1.0)
        if not isinstance(conf, (int, float)) or isinstance(conf, bool):
            raise TranscriptError(f"{where}: word {n} ({w['word']!r}) has a non-numeric \"conf\"")
    speaker = obj.get("speaker")
    if speaker is not None and not isinstance(speaker, str):
        raise TranscriptError(f"{where}: \"speaker\" must be a string")
    return obj


def read_transcript(path: str | Path) -> list[dict[str, Any]]:
    """The results of a ``.jsonl`` transcript, in order; blank lines are skipped."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise TranscriptError(f"cannot read transcript {str(p)!r}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TranscriptError(f"{p}: not UTF-8 text") from None
    results: list[dict[str, Any]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{p.name} line {lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TranscriptError(f"{where}: not JSON ({exc.msg})") from None
        results.append(check_result(obj, where))
    return results
