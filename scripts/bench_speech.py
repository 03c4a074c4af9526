#!/usr/bin/env python3
"""Score spoken calls end to end: TTS → stand-in English recognizer → the live call path.

    python scripts/bench_speech.py CORPUS_DIR [--telephone] [--noise DB] [--json]
                                   [--limit N] [--jobs N] [--priors] [--verbose]
                                   [--cue-grammar [--cue-rule all|phrases]]

Every call of CORPUS_DIR (Vosk-format JSONL + ``expected.json``, the ../shared/corpus
layout) is spoken (hibari for the agent, espeak-ng for the caller) and recognized by
PocketSphinx twice, free and with the number grammar (``tests/speech_rig.py``). The free
results go through ``CallSession.add_result`` into a real SQLite store; with the assist,
the grammar's readings of the spans the pipeline would ask about go through
``CallSession.add_number_assist``. Scored like ``bench_extract.py``: multiset of (kind,
value) per call over the five field kinds; "assist" counts only what the assist applied
by itself (not alternatives the user would have to take with ``v``). "assist" is both
assists (numbers and the staff-name grammar); "numbers" the number assist alone, so the
name assist's share shows.

``--cue-grammar`` / ``--cue-rule``: the cue-grammar experiment (not kept; see
``companion/asr/README.md``, "Experiment: cue words in the number grammar").

``--priors``: each call gets a fresh store holding the cases its caller would have entered
before calling (``speech_rig.caller_priors``: the receipts and A-number the caller reads
out in the transcript), so the extractor and the assist know the user's own values.
Figures with and without priors are separate runs; never mix them.

The ceiling is the share of identifiers (staff ID, referral, receipt, A-number) whose
characters come out of recognition at all, in some utterance of the call: free only,
grammar only, either. The names ceiling (``names_ceiling``) counts the expected staff names
the stand-in can produce at all (each word in its free dictionary or the name list) and
those spelled in the call, so a report can say what is out of reach. This is a stand-in
recognizer: it says nothing about Vosk's own accuracy. Audio and recognition are cached (see ``tests/speech_rig.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import speech_rig

from companion.records import FIELD_KINDS
from companion.store import Store

IDENTIFIER_KINDS = ("staff_id", "referral_number", "receipt_number", "a_number")

_rig: speech_rig.SpeechRig | None = None


def _hear(args: tuple) -> tuple[str, list[dict], float]:
    """Worker: speak and recognize one call (cached); returns plain dicts. ``args``: (name,
    results, condition) or with a fourth item, the cue-grammar experiment on or off."""
    global _rig
    name, results, condition, *rest = args
    cues = bool(rest and rest[0])
    if _rig is None:
        _rig = speech_rig.SpeechRig(speech_rig.Condition(**condition), cue_grammar=cues)
    t0 = time.process_time()
    utterances = _rig.call(results, name)
    return name, [vars(u) for u in utterances], time.process_time() - t0


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def _score(got_by_call: dict[str, Counter], expected: dict[str, list[dict]]) -> tuple[dict, dict]:
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    misses = {}
    for name, want_list in expected.items():
        got = got_by_call[name]
        want = Counter((e["kind"], e["value"]) for e in want_list)
        for kind, value in (got | want):
            hit = min(got[(kind, value)], want[(kind, value)])
            tp[kind] += hit
            fp[kind] += got[(kind, value)] - hit
            fn[kind] += want[(kind, value)] - hit
        if got != want:
            misses[name] = {"missing": sorted((want - got).elements()), "extra": sorted((got - want).elements())}
    kinds = {k: {**_prf(tp[k], fp[k], fn[k]), "tp": tp[k], "fp": fp[k], "fn": fn[k]} for k in FIELD_KINDS}
    micro = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return {"micro": micro, "kinds": kinds}, misses


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit()).lstrip("0")


def ceiling(calls: dict[str, list[dict]], expected: dict[str, list[dict]]) -> dict:
    """Share of identifiers whose digits come out of recognition in order, contiguous
    once letters (fillers, misheard "uh"s) are dropped, in some utterance of the call —
    free, grammar (read with the stand-in's digit confusions), either. A receipt counts
    by its ten digits: its prefix letters are settled by the kind."""
    from companion.asr.assist import characters, digit_readings

    n = free = grammar = either = 0
    for name, want in expected.items():
        utts = calls[name]
        free_r = [_digits(characters(u["free"]["text"])) for u in utts]
        gram_r = [d for u in utts
                  for d in digit_readings(" ".join(w["word"] for w in u["numbers"]), speech_rig.STAND_IN)]
        for e in want:
            if e["kind"] not in IDENTIFIER_KINDS:
                continue
            n += 1
            target = _digits(e["value"])
            f = any(target in r for r in free_r)
            g = any(target in r for r in gram_r)
            free += f
            grammar += g
            either += f or g
    def share(k: int) -> float:
        return round(k / n, 3) if n else 0.0
    return {"identifiers": n, "free": share(free), "grammar": share(grammar), "either": share(either)}


def spelled_in(text: str) -> list[str]:
    """The letter runs a transcript line spells, lower case, each of three letters or more:
    letter names ("b o g d a n"), spelling-alphabet words ("bravo india …") and "x as in y"
    (the letter x; its example word is no letter)."""
    from companion.extract.lang.en import ENGLISH

    alphabet = {k: v.lower() for k, v in ENGLISH.spelling_alphabet.items()}
    words = text.lower().split()
    runs: list[str] = []
    run = ""
    i = 0
    while i < len(words):
        w = words[i]
        if run and tuple(words[i:i + len(ENGLISH.spell_as)]) == ENGLISH.spell_as:
            i += len(ENGLISH.spell_as) + 1
            continue
        if len(w) == 1 and w.isalpha():
            run += w
        elif w in alphabet and (run or (i + 1 < len(words)
                                        and (len(words[i + 1]) == 1 or words[i + 1] in alphabet))):
            run += alphabet[w]
        else:
            if len(run) >= 3:
                runs.append(run)
            run = ""
        i += 1
    if len(run) >= 3:
        runs.append(run)
    return runs


def names_ceiling(results: dict[str, list[dict]], expected: dict[str, list[dict]],
                  lexicon: set[str]) -> dict:
    """What of the expected staff names recognition can give at all: ``producible``, every
    word of the name in the stand-in's free dictionary (``lexicon``) or in the name list
    (the name grammar's); ``spelled``, a word of the name (three letters or more) spelled in
    the call by anyone (``spelled_in``: the letters are said, so a letter reading may give
    it); ``spelled_only``, spelled and not producible; ``out_of_reach``, neither."""
    from companion.extract.names import is_known_name

    n = producible = spelled = spelled_only = 0
    for name, want in expected.items():
        runs = [r for line in results.get(name, []) for r in spelled_in(line.get("text") or "")]
        for e in want:
            if e["kind"] != "staff_name":
                continue
            words = ["".join(c for c in w.lower() if c.isalpha()) for w in e["value"].split()]
            n += 1
            can = all(w in lexicon or is_known_name(w) for w in words)
            said = any(len(w) >= 3 and w in r for w in words for r in runs)
            producible += can
            spelled += said
            spelled_only += said and not can
    return {"names": n, "producible": producible, "spelled": spelled, "spelled_only": spelled_only,
            "out_of_reach": n - producible - spelled_only}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--telephone", action="store_true", help="8 kHz telephone band (300-3400 Hz)")
    ap.add_argument("--noise", type=float, default=None, metavar="DB",
                    help="add white noise DB below full scale (e.g. -40)")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--limit", type=int, default=None, help="only the first N calls")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--priors", action="store_true",
                    help="seed each call's store with the cases its caller reads out (the user's own receipts)")
    ap.add_argument("--cue-grammar", action="store_true",
                    help="experiment: the number grammar holds the number cues' words too "
                         "(speech_rig.cue_words; recognized and cached apart)")
    ap.add_argument("--cue-rule", choices=("all", "phrases"), default="",
                    help="experiment (with --cue-grammar): a span with no kind takes it from a cue "
                         "in the grammar reading, any or of two or more words (speech_rig.play_call's cue_rule)")
    ap.add_argument("--verbose", "-v", action="store_true", help="list the misses per call")
    args = ap.parse_args(argv)
    if not (args.corpus / "expected.json").is_file():
        print(f"error: {args.corpus}/expected.json not found (a corpus directory holds "
              "one .jsonl per call and expected.json)", file=sys.stderr)
        return 2
    missing = speech_rig.missing_parts()
    if missing:
        print(f"error: the speech rig needs {', '.join(missing)} "
              "(pip install -e '.[test]'; apt-get install sox espeak-ng)", file=sys.stderr)
        return 2
    results, expected = speech_rig.read_corpus(args.corpus)
    names = sorted(expected)[: args.limit] if args.limit else sorted(expected)
    expected = {n: expected[n] for n in names}
    condition = {"telephone": args.telephone, "noise_db": args.noise}
    t0 = time.perf_counter()
    heard: dict[str, list[dict]] = {}
    cpu = 0.0  # seconds of CPU the recognizing processes used (sox not counted)
    if args.cue_rule and not args.cue_grammar:
        print("error: --cue-rule needs --cue-grammar (the rule reads the grammar's cue words)", file=sys.stderr)
        return 2
    jobs = [(n, results[n], condition, args.cue_grammar) for n in names]
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            for name, utts, used in pool.map(_hear, jobs):
                heard[name], cpu = utts, cpu + used
    else:
        for job in jobs:
            name, utts, used = _hear(job)
            heard[name], cpu = utts, cpu + used
    recognized = time.perf_counter() - t0
    audio = sum(u[-1]["end"] for u in heard.values() if u)
    modes = ("free", "numbers", "assist")
    got: dict[str, dict[str, Counter]] = {mode: {} for mode in modes}
    t1 = time.perf_counter()
    priors = 0
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        for name in names:
            spoken = [speech_rig.SpokenUtterance(**u) for u in heard[name]]
            if args.priors:  # a store of the caller's own: their cases are the priors
                store.close()
                store = Store(Path(tmp) / f"{name}.db")
                for receipt, a_number in speech_rig.caller_priors(results[name], expected[name]):
                    store.add_case(receipt, a_number=a_number)
                    priors += 1 + bool(a_number)
            for mode in modes:
                session = speech_rig.play_call(store, spoken, assist=mode != "free", names=mode == "assist",
                                               cue_rule=args.cue_rule)
                got[mode][name] = Counter(speech_rig.captured(store, session.call_id))
        store.close()
    played = time.perf_counter() - t1
    report: dict = {}
    misses: dict = {}
    for mode in modes:
        report[mode], misses[mode] = _score(got[mode], expected)
    report["ceiling"] = ceiling(heard, expected)
    report["names_ceiling"] = names_ceiling(results, expected, speech_rig.free_lexicon())
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        cond = speech_rig.Condition(telephone=args.telephone, noise_db=args.noise).name
        print(f"corpus: {args.corpus}  ({len(names)} calls, {audio / 60:.1f} min of speech, {cond})"
              + (f"; priors: {priors} of the callers' own values" if args.priors else "; no priors"))
        for mode in modes:
            print(f"\n{mode}:" + {"numbers": " (the number assist alone)",
                                   "assist": " (number and name assists)"}.get(mode, ""))
            print(f"{'kind':<17}{'tp':>4}{'fp':>4}{'fn':>4}  precision  recall     f1")
            for kind, s in report[mode]["kinds"].items():
                print(f"{kind:<17}{s['tp']:>4}{s['fp']:>4}{s['fn']:>4}  {s['precision']:9.3f}  "
                      f"{s['recall']:6.3f}  {s['f1']:5.3f}")
            m = report[mode]["micro"]
            print(f"{'micro':<29}  {m['precision']:9.3f}  {m['recall']:6.3f}  {m['f1']:5.3f}")
        c = report["ceiling"]
        print(f"\nceiling ({c['identifiers']} identifiers survive recognition): free {c['free']:.3f}  "
              f"grammar {c['grammar']:.3f}  either {c['either']:.3f}")
        nc = report["names_ceiling"]
        print(f"names ceiling ({nc['names']} staff names): producible by the stand-in (each word in its "
              f"free dictionary or the name list) {nc['producible']}; spelled in the call {nc['spelled']} "
              f"(only spelled {nc['spelled_only']}); out of reach {nc['out_of_reach']}")
        with open("/proc/loadavg") as f:
            load = f.read().split()[0]
        print(f"time: speak+recognize {recognized:.1f} s wall ({args.jobs} jobs, {cpu:.1f} s CPU), "
              f"session+store {played:.1f} s; load average {load}")
    if args.verbose:
        for mode in modes:
            for name, m in misses[mode].items():
                print(f"[{mode}] {name}: missing {m['missing']} extra {m['extra']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
