"""Calls written blind to the extractor (tests/corpus_heldout, corpus_blind2..): a floor
on micro-F1 so a change that fits one corpus cannot quietly lose another.

Each set was first scored blind (see the commit that added it); later rounds of fixes
read the earlier sets, so only the newest set still measures generalisation. The floors
are the scores the sets have now, not the blind ones.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
BENCH = TESTS.parent / "scripts" / "bench_extract.py"
FLOORS = {
    "corpus_heldout": 1.0,
    "corpus_blind2": 1.0,
    "corpus_blind3": 1.0,
    "corpus_blind4": 1.0,
    "corpus_blind5": 1.0,  # scored 0.977 when first measured; 1.000 after issue 8
    "corpus_blind6": 0.99,  # blind en6: 0.971 when first measured (a80e202 and d3b8694 alike); 0.994 after issue 8
    "corpus_blind7": 1.0,  # blind en7: 0.897 when first measured (a80e202 and d3b8694 alike); 1.000 after issue 8
    "corpus_blind8": 0.97,  # blind en8: 0.946 before issue 8, 0.975 after it, scored once, never tuned on
    "corpus_blind9": 1.0,  # blind en9: 0.958 when first scored on main (0b2c8bd); 0.997 after its general causes were fixed; 1.000 once the NCSC's own numbers were never identifiers
    "corpus_blind10": 1.0,  # blind en10 (written to be spoken, conf 1.0): 0.976 when first scored on main (6fe4e37); 1.000 after its general causes were fixed
    "corpus_blind11": 0.96,  # blind en11 (written to be spoken, conf 1.0): 0.969 when first scored on main (4b5a7f1); a measurement set in round 7, a tuning set from round 8
    "corpus_blind12": 0.96,  # blind en12 (written to be spoken, conf 1.0): 0.973 when first scored on main (473c145); a measurement set in round 7, a tuning set from round 8
    "corpus_blind13": 0.94,  # blind en13 (written to be spoken, conf 1.0): 0.950 when first scored on main (bff6806); a measurement set in round 8, a tuning set from round 9
    "corpus_blind14": 0.94,  # blind en14 (written to be spoken, conf 1.0): 0.955 when first scored on main (bff6806); a measurement set in round 8, a tuning set from round 9
    "corpus_blind15": 0.96,  # blind en15 (written to be spoken, conf 1.0): 0.973 when first scored on main (005309a); issue 9's round-9 measurement set, its misses not read
    "corpus_blind16": 0.95,  # blind en16 (written to be spoken, conf 1.0): 0.966 when first scored on main (005309a); issue 9's second round-9 measurement set, its misses not read
    "corpus_blind17": 0.99,  # blind en17 (written to be spoken, conf 1.0): 1.000 when first scored on main (57ab976); issue 9's round-10 measurement set, its misses not read
    "corpus_blind18": 0.95,  # blind en18 (written to be spoken, conf 1.0): 0.966 when first scored on main (57ab976); issue 9's second round-10 measurement set, its misses not read
    "corpus_blind19": 0.97,  # blind en19 (written to be spoken, conf 1.0): 0.975 when first scored on main (3600099); issue 9's round-11 measurement set, its misses not read
    "corpus_blind20": 0.975,  # blind en20 (written to be spoken, conf 1.0): 0.981 when first scored on main (3600099); issue 9's second round-11 measurement set, its misses not read
    "corpus_blind21": 0.97,  # blind en21 (written to be spoken, conf 1.0): 0.977 when first scored on main (4b5dd3e); issue 9's round-12 measurement set
    "corpus_blind22": 0.955,  # blind en22 (written to be spoken, conf 1.0): 0.962 when first scored on main (4b5dd3e); issue 9's second round-12 measurement set
    "corpus_blind25": 0.985,  # blind en25 (written to be spoken, conf 1.0): 0.994 when first scored on main (ad8e820); issue 9's round-13 measurement set (en23/en24 were written in a session whose work was lost)
    "corpus_blind26": 0.97,  # blind en26 (written to be spoken, conf 1.0): 0.978 when first scored on main (ad8e820); issue 9's second round-13 measurement set
    "corpus_blind27": 0.99,  # blind en27 (written to be spoken, conf 1.0): 1.000 when first scored on main (c7c7094); issue 9's round-14 measurement set, its misses not read
    "corpus_blind28": 0.96,  # blind en28 (written to be spoken, conf 1.0): 0.969 when first scored on main (c7c7094); issue 9's second round-14 measurement set (its text misses seen, not tuned on)
    "corpus_blind29": 0.98,  # blind en29 (written to be spoken, conf 1.0): 0.987 when first scored on main (d8d9588); issue 9's round-15 measurement set, its misses not read
    "corpus_blind30": 0.985,  # blind en30 (written to be spoken, conf 1.0): 0.993 when first scored on main (d8d9588); issue 9's second round-15 measurement set, its misses not read
    "corpus_blind31": 0.975,  # blind en31 (written to be spoken, conf 1.0): 0.980 when first scored on main (60f911a); issue 9's round-16 measurement set, its misses not read
    "corpus_blind32": 0.97,  # blind en32 (written to be spoken, conf 1.0): 0.975 when first scored on main (60f911a); issue 9's second round-16 measurement set, its misses not read
    "corpus_blind33": 0.975,  # blind en33 (written to be spoken): 0.983 when first scored on main (9f4fa43); issue 9's round-17 tuning set (its speech misses read)
    "corpus_blind34": 0.99,  # blind en34 (written to be spoken): 0.997 when first scored on main (9f4fa43); issue 9's second round-17 tuning set (its speech misses read)
    "corpus_blind35": 0.99,  # blind en35 (written to be spoken): 0.997 when first scored (round 17, ba238c3); issue 9's round-17 measurement set, then read for two rules
    "corpus_blind36": 0.975,  # blind en36 (written to be spoken): 0.983 when first scored (round 17, ba238c3); issue 9's second round-17 measurement set, then read for two rules
    "corpus_blind37": 0.975,  # blind en37 (written to be spoken): 0.984 when first scored (round 18, 150ee5d); issue 9's round-18 measurement set, then read for two rules
    "corpus_blind38": 0.97,  # blind en38 (written to be spoken): 0.979 when first scored (round 18, 150ee5d); issue 9's round-18 measurement set, its misses not read (a round-19 tuning set)
    "corpus_blind39": 0.99,  # blind en39 (written to be spoken): 0.997 when first scored (round 19, 8c5fcab); issue 9's round-19 tuning set (its speech misses read)
    "corpus_blind40": 0.985,  # blind en40 (written to be spoken): 0.994 when first scored (round 19, 8c5fcab); issue 9's round-19 measurement set, its misses not read (a round-20 tuning set)
    "corpus_blind41": 0.965,  # blind en41 (written to be spoken): 0.976 when first scored (round 20, 680bd42); issue 9's round-20 tuning set (its speech misses read)
    "corpus_blind42": 0.975,  # blind en42 (written to be spoken): 0.983 when first scored (round 20, 680bd42); issue 9's round-20 measurement set, its misses not read
    "corpus_blind43": 0.985,  # blind en43 (written to be spoken, agents' names of many origins): 0.997 when first scored (round 21, 2108daf); issue 9's round-21 tuning set (its speech misses read)
    "corpus_blind44": 0.965,  # blind en44 (written to be spoken, agents' names of many origins): 0.976 when first scored (round 21, 2108daf); issue 9's round-21 measurement set, its misses not read
}


def _score():
    spec = importlib.util.spec_from_file_location("bench_extract", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


@pytest.mark.parametrize("folder", sorted(FLOORS))
def test_blind_corpus_micro_f1_floor(folder):
    corpus = TESTS / folder
    if not (corpus / "expected.json").exists():
        pytest.skip(f"{corpus} is not present")
    s = _score()(corpus)
    tp, fp, fn = (sum(s[k].values()) for k in ("tp", "fp", "fn"))
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    missing = {k: v for k, v in s["fn"].items() if v}
    extra = {k: v for k, v in s["fp"].items() if v}
    assert f1 >= FLOORS[folder] - 1e-9, f"{folder}: micro-F1 {f1:.3f}; missed {missing}, extra {extra}"


# Spanish calls (issue 12): the development set, and the blind set es1 — first scored blind,
# unchanged, at micro-F1 0.937 (P 0.944, R 0.929; commit "Spanish: letter words that start …").
SPANISH_FLOORS = {
    "corpus_es": 1.0,  # 0.989 before the fixes for es2/en9 (two of them were this set's misses too)
    "corpus_es_blind1": 0.98,  # 0.984 after fixing the general causes of its misses
    "corpus_es_blind2": 1.0,  # blind es2: 0.970 when first scored on main (0b2c8bd); 1.000 after its general causes were fixed
}


@pytest.mark.parametrize("folder", sorted(SPANISH_FLOORS))
def test_spanish_corpus_micro_f1_floor(folder):
    from companion.extract.lang.es import SPANISH

    corpus = TESTS / folder
    s = _score()(corpus, lang=SPANISH)
    tp, fp, fn = (sum(s[k].values()) for k in ("tp", "fp", "fn"))
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    missing = sorted(k for k, v in s["fn"].items() if v)
    extra = sorted(k for k, v in s["fp"].items() if v)
    assert f1 >= SPANISH_FLOORS[folder] - 1e-9, f"{folder}: micro-F1 {f1:.3f}; missed {missing}, extra {extra}"


def test_spanish_calls_mean_nothing_to_the_english_tables():
    """The Spanish corpus read with English tables finds (almost) nothing: the language matters."""
    s = _score()(TESTS / "corpus_es")
    assert sum(s["tp"].values()) < 0.5 * sum((s["tp"] + s["fn"]).values())
