"""The registry of identifier kinds: one validation rule for the extractor, store and CLI."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from companion.errors import UserError
from companion.extract import extract
from companion.kinds import FIELD_KINDS, KINDS, Kind, Status, normalise, spec
from companion.records import A_NUMBER, CONFIRMED, RECEIPT_NUMBER, STAFF_ID
from companion.store import normalise_field


def _vosk(text: str, start: float = 0.0) -> dict:
    words = [{"word": w, "start": start + 0.35 * i, "end": start + 0.35 * i + 0.3, "conf": 1.0}
             for i, w in enumerate(text.split())]
    return {"text": text, "result": words}


def test_every_kind_has_one_entry_and_the_records_constants_are_the_enums():
    assert set(KINDS) == set(Kind)
    assert FIELD_KINDS == (Kind.STAFF_NAME, Kind.STAFF_ID, Kind.REFERRAL_NUMBER, Kind.RECEIPT_NUMBER, Kind.A_NUMBER)
    assert STAFF_ID is Kind.STAFF_ID and STAFF_ID == "staff_id"
    assert CONFIRMED is Status.CONFIRMED and f"{CONFIRMED}" == "confirmed"
    for kind, entry in KINDS.items():
        assert entry.kind is kind and entry.label and entry.form
        assert entry.shape.min_len <= entry.shape.max_len


@pytest.mark.parametrize(
    "kind, typed, written",
    [
        (RECEIPT_NUMBER, "ioe 0912345678", "IOE0912345678"),
        (A_NUMBER, "a-12345678", "A012345678"),
        (STAFF_ID, "c 4521", "C4521"),
        ("referral_number", "8842-9163", "88429163"),
        ("staff_name", "  helen   ward ", "Helen Ward"),
    ],
)
def test_store_and_registry_agree_on_written_forms(kind, typed, written):
    assert normalise(kind, typed) == written == normalise_field(kind, typed)


@pytest.mark.parametrize(
    "kind, bad, named",
    [
        (STAFF_ID, "BADGE", "staff ID"),  # no digit: neither typed nor heard
        (STAFF_ID, "12345678901", "staff ID"),
        ("referral_number", "ABCDEFGH", "referral number"),
        (RECEIPT_NUMBER, "IOE12345", "receipt number"),
        (A_NUMBER, "A1234", "A-number"),
    ],
)
def test_one_rule_refuses_with_a_line_naming_the_field(kind, bad, named):
    with pytest.raises(UserError, match=named) as err:
        normalise_field(kind, bad)
    assert "\n" not in str(err.value)
    assert spec(kind).valid(bad) is None


def test_unknown_kind_is_a_clear_error():
    with pytest.raises(UserError, match="field kind"):
        spec("shoe_size")


def test_extractor_never_offers_what_the_store_refuses():
    """Every value the extractor hears on the corpus passes the registry's rule."""
    from pathlib import Path

    from companion.extract import read_transcript

    corpus = Path(__file__).resolve().parent / "corpus"
    seen = 0
    for path in sorted(corpus.glob("*.jsonl"))[:40]:
        for e in extract(read_transcript(path)):
            assert KINDS[Kind(e.kind)].valid(e.value) == e.value, (path.name, e.kind, e.value)
            seen += 1
    assert seen > 100


def test_staff_id_heard_as_letters_only_is_not_an_id():
    got = extract([_vosk("my badge number is alpha bravo charlie delta")])
    assert not [e for e in got if e.kind == STAFF_ID]


def test_cli_refuses_a_staff_id_without_digits(companion_home):
    out = subprocess.run(
        [sys.executable, "-m", "companion", "add-call", "--started-at", "2026-01-05T10:00", "--staff-id", "ABC"],
        capture_output=True, text=True, env=os.environ.copy(), timeout=120, check=False,
    )
    assert out.returncode != 0
    assert "staff ID" in out.stderr and "Traceback" not in out.stderr


def test_full_width_digits_are_read_as_ascii_not_refused():
    assert normalise_field(STAFF_ID, "４８６２") == "4862"
    assert normalise_field("referral_number", "７６０１-３３８９") == "76013389"
