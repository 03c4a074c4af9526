"""Known values as priors: the user's receipts and A-number, known before the call, are
offered (never swapped in silently) when a heard number is a mishearing of one; and the
user's edited service-center table reaches extraction and `case add`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources

import pytest

from companion.extract import StreamingExtractor
from companion.extract.priors import KnownValue, known_from_cases, match_known
from companion.locations import service_centers_path
from companion.records import CANDIDATE, CONFIRMED, Case
from companion.session import CallSession

CASE = "IOE0912345678"
ANUM = "A201553987"
KNOWN = known_from_cases([Case(id=1, receipt_number=CASE, a_number=ANUM)])


def _vosk(text: str, start: float, speaker: str | None = "caller") -> dict:
    words = [{"word": w, "start": round(start + 0.35 * i, 2), "end": round(start + 0.35 * i + 0.3, 2), "conf": 0.9}
             for i, w in enumerate(text.split())]
    return {"text": text, "result": words, "speaker": speaker}


@pytest.mark.parametrize(
    "said, heard, known",
    [
        ("my receipt number is i o e zero nine one two three four five six seven zero", "IOE0912345670", CASE),
        ("my receipt is i o e zero nine one two three four five six eight nine", "IOE0912345689", CASE),
        # the known digits behind a garbled prefix ("e o e" for "i o e")
        ("the receipt number is e o e zero nine one two three four five six seven eight", "EOE0912345678", CASE),
        ("my a number is a two zero one five five three nine eight one", "A201553981", ANUM),
    ],
)
def test_a_number_a_character_or_two_off_a_known_one_carries_the_match(said, heard, known):
    ex = StreamingExtractor(known=KNOWN)
    (ent,) = [u.entity for u in ex.feed(_vosk(said, 1.0))]
    assert ent.value == heard  # what was heard stays: never swapped silently
    assert ent.prior is not None and ent.prior.value == known
    assert ent.to_dict(words=False)["matches"]["label"].endswith(known)


@pytest.mark.parametrize(
    "said",
    [
        "my receipt number is i o e zero nine one two three four five six seven eight",  # it is the known one
        "my receipt number is w a c two one nine zero one one one two two two",  # another number
        "my receipt number is i o e zero nine one two three four zero zero zero zero",  # four off
    ],
)
def test_no_match_is_offered_for_the_known_value_itself_or_a_different_number(said):
    ex = StreamingExtractor(known=KNOWN)
    (ent,) = [u.entity for u in ex.feed(_vosk(said, 1.0))]
    assert ent.prior is None


def test_two_known_values_equally_close_offer_neither():
    known = [KnownValue("receipt_number", "IOE0912345678", "a"), KnownValue("receipt_number", "IOE0912345679", "b")]
    assert match_known("receipt_number", "IOE0912345670", known) is None
    assert match_known("receipt_number", "IOE0912345677", known[:1]) == known[0]


def test_the_live_call_offers_the_known_value_with_the_match_shown(store):
    store.add_case(CASE, a_number=ANUM)
    session = CallSession.start(store, source="live")
    up = session.add_result(_vosk("my receipt number is i o e zero nine one two three four five six seven zero", 1.0))
    (f,) = up.fields
    assert (f.value, f.status) == ("IOE0912345670", CANDIDATE)
    alt = session.alternative(f)
    assert alt is not None and alt.value == CASE and alt.source == f"matches your case {CASE}"
    saved = session.use_alternative(f.id)
    assert (saved.value, saved.status) == (CASE, CONFIRMED)


def test_without_cases_nothing_is_offered(store):
    session = CallSession.start(store, source="live")
    up = session.add_result(_vosk("my receipt number is i o e zero nine one two three four five six seven zero", 1.0))
    assert session.alternative(up.fields[0]) is None


def _custom_table(home) -> None:
    path = service_centers_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    table = json.loads((resources.files("companion.data") / "service_centers.json").read_text("utf-8"))
    table["service_centers"]["ZZC"] = {"name": "Zeta Test Center", "followup_email": None}
    table["prefixes"]["ZZZ"] = "ZZC"
    path.write_text(json.dumps(table), encoding="utf-8")


def test_the_users_service_center_table_reaches_extraction(store, companion_home):
    said = "my receipt number is z z z zero nine one two three four five six seven eight"
    before = CallSession.start(store, source="live").add_result(_vosk(said, 1.0)).fields[0].confidence
    _custom_table(companion_home)
    after = CallSession.start(store, source="live").add_result(_vosk(said, 1.0)).fields[0].confidence
    assert after > before  # a known prefix fits better


def test_case_add_names_the_center_from_the_users_table(companion_home):
    _custom_table(companion_home)
    out = subprocess.run([sys.executable, "-m", "companion", "case", "add", "ZZZ0912345678"],
                         capture_output=True, text=True, env=os.environ.copy(), timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert "Zeta Test Center" in out.stdout
