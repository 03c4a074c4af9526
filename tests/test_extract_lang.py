"""Languages are tables: the pipeline holds no words of its own."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

from companion.extract import StreamingExtractor
from companion.extract.lang import CORRECTION, NOT_ID
from companion.extract.lang.en import ENGLISH
from companion.kinds import Kind

PIPELINE = Path(__file__).resolve().parent.parent / "companion" / "extract"


def _vosk(text: str, start: float = 0.0, speaker: str | None = None) -> dict:
    words = [{"word": w, "start": start + 0.35 * i, "end": start + 0.35 * i + 0.3, "conf": 1.0}
             for i, w in enumerate(text.split())]
    d: dict = {"text": text, "result": words}
    if speaker:
        d["speaker"] = speaker
    return d


def _words_in_code(path: Path) -> list[str]:
    """Lower-case word literals in the code (not docstrings, not JSON keys of a Vosk result)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Module)) and ast.get_docstring(node) is not None
    }
    keys = {"word", "start", "end", "conf", "result", "speaker", "text"}
    internal = {"complete", "partial", "invalid", "agent", "caller", "opening"}
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
        and node.value.isalpha() and node.value.islower() and len(node.value) > 1
        and node.value not in keys | internal
    ]


def test_no_english_word_is_inline_in_the_pipeline():
    for name in ("stream.py", "cues.py", "names.py", "spoken.py"):
        assert _words_in_code(PIPELINE / name) == [], name


def test_a_second_language_is_a_table_with_no_change_to_the_pipeline():
    """A toy Spanish: its digits, letters and cue phrases are all the pipeline needs."""
    units = {"cero": "0", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
             "seis": "6", "siete": "7", "ocho": "8", "nueve": "9"}
    spanish = replace(
        ENGLISH,
        code="es-toy",
        units=units,
        oh={"o": "O"},
        homophones={},
        teens={},
        tens={},
        letters={c: c.upper() for c in "bcdefghjklmnpqrstuvwxyz"},
        letter_words={"be": "B", "ce": "C", "de": "D", "efe": "F", "ele": "L", "eme": "M", "ene": "N"},
        cue_phrases={
            Kind.RECEIPT_NUMBER: ("número de recibo", "recibo"),
            Kind.STAFF_ID: ("número de empleado", "identificación"),
            Kind.A_NUMBER: ("número a", "número de extranjero"),
            Kind.REFERRAL_NUMBER: ("número de referencia",),
            NOT_ID: ("código postal",),
            CORRECTION: ("perdón",),
        },
        one="uno",
        one_words=frozenset({"uno"}),
    )
    ex = StreamingExtractor(lang=spanish)
    ex.feed(_vosk("mi número de empleado es cuatro ocho seis dos", 0.0, "agent"))
    ex.feed(_vosk("mi número de recibo es i o e cero nueve uno dos tres cuatro cinco seis siete ocho", 5.0, "caller"))
    ex.feed(_vosk("y el código postal nueve dos ocho cero cuatro", 12.0, "caller"))
    ex.flush()
    got = sorted((str(e.kind), e.value) for e in ex.entities)
    assert got == [("receipt_number", "IOE0912345678"), ("staff_id", "4862")]
    # the same words mean nothing to English
    en = StreamingExtractor()
    en.feed(_vosk("mi número de empleado es cuatro ocho seis dos", 0.0, "agent"))
    assert en.entities == []


def test_a_letter_the_recognizer_writes_with_a_period_is_that_letter():
    """The free recognizer's dictionary writes a letter said on its own as the letter and a
    period ("badge number two one four four b."): the letter, as if written bare (issue 9,
    round 8b: blind8's 2144B was 2144)."""
    for text, want in (
        ("this is officer karen badge number two one four four b.", "2144B"),
        ("my i d is c. four one two", "C412"),
    ):
        ex = StreamingExtractor()
        ex.feed(_vosk(text, 0.0, "agent"))
        ex.flush()
        got = [e.value for e in ex.entities if e.kind == Kind.STAFF_ID]
        assert got == [want], text
    ex = StreamingExtractor()
    ex.feed(_vosk("the receipt number is s r c. one nine zero three two five five one four seven", 0.0, "agent"))
    ex.flush()
    assert [e.value for e in ex.entities if e.kind == Kind.RECEIPT_NUMBER] == ["SRC1903255147"]
