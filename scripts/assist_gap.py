#!/usr/bin/env python3
"""Why the number assist misses identifiers the grammar recognizer did hear.

    python scripts/assist_gap.py CORPUS_DIR [--limit N] [--jobs N] [--telephone] [--priors]
                                 [--verbose]

Replays a corpus through the spoken-call rig exactly as ``scripts/bench_speech.py`` does
(same cache, same ``speech_rig.play_call`` order), but watches every ``NumberAssist`` the
session is given. Then, for each expected identifier (staff ID, referral, receipt,
A-number) whose digits survive in some utterance's grammar reading (the bench's
"grammar" ceiling) but which the call with the assist did not capture, it says why — the
first of these that holds, in the pipeline's order:

* ``no span: free lost the cue`` — no assist span read those digits, and the transcript
  of that utterance has a cue of the kind the free reading did not keep;
* ``no span: no cue in the utterance`` — no assist span, and the transcript has no cue of
  the kind there either (the cue was in an earlier utterance, or there was none);
* ``span of unknown kind only`` — only a cue-less span (a low-confidence run) read them:
  it can only offer an alternative to a free field;
* ``span of another kind`` — a cue of another kind claimed the digits;
* ``span cut the digits`` — a span of the right kind exists in that utterance but its
  grammar reading does not hold the digits (time window, next cue, word limit);
* ``reading rejected`` — the right span's reading gives no value of a valid length;
* ``length off by one`` / ``receipt prefix wrong`` / ``other value`` — a value, but not
  the expected one;
* ``trust gate`` — the right value, but ``assist.trusted`` said no (bad-audio settings):
  only offered beside the free reading;
* ``only offered: free value kept`` — trusted and right, but the free value was plausible
  and kept; the assist's value is the alternative (``v``);
* ``applied, then lost`` — the right value was given to the session and is not among the
  call's fields in the end.

An identifier may also be split over two utterances: the ceiling counts one utterance at
a time, so those never enter this table; the missed ones whose digits two consecutive
grammar readings hold joined are counted on a line of their own (some are chance). Tuning sets only
(``tests/corpus --limit 40``; since round 5 of issue 9 ``tests/corpus_heldout``; since round 6
``tests/corpus_blind8`` and ``tests/corpus_blind10``; since round 8 ``tests/corpus_blind11`` and
``tests/corpus_blind12``; since round 9 ``tests/corpus_blind13`` and ``tests/corpus_blind14``): never read the misses of a measurement set (any newer blind set) with it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_speech
import speech_rig

from companion.asr.assist import assisted_value, digit_readings, trusted
from companion.extract.cues import match_cue
from companion.store import Store

CATEGORIES = (
    "no kind span: free lost the cue",
    "no kind span: cue kept, same utterance",
    "no kind span: free lost the cue before",
    "no kind span: cue before, not carried",
    "no kind span: no cue",
    "span of another kind",
    "span cut the digits",
    "reading rejected",
    "length off by one",
    "receipt prefix wrong",
    "other value",
    "trust gate",
    "only offered: free value kept",
    "applied, then lost",
)


@dataclass
class Seen:
    """One NumberAssist as the session got it, with what it made of it."""

    utterance: int
    kind: str | None
    free_text: str
    grammar_text: str
    value: str | None
    trusted: bool


def _digits(value: str) -> str:
    return bench_speech._digits(value)


def _cue_kinds(text: str) -> set[str]:
    words = text.lower().split()
    kinds = set()
    for i in range(len(words)):
        m = match_cue(words, i)
        if m is not None:
            kinds.add(str(m[1]))
    return kinds


def replay(store: Store, spoken: list[speech_rig.SpokenUtterance]):
    """``speech_rig.play_call`` with the assist, recording what each assist became."""
    seen: list[Seen] = []
    from companion.session import CallSession

    original = CallSession.add_number_assist
    current = {"i": -1}

    def watched(session, assist):
        kind = assist.kind
        value = None
        ok = False
        if kind:
            extractor = session.recorder.extractor
            known = [k.value for k in extractor.known_values if k.kind == kind]
            value = assisted_value(kind, assist.grammar_text, extractor.receipt_prefixes, known,
                                   session.assist_settings)
            if value is not None:
                ok = trusted(value, assist.free_text, assist.free_confidence, session.assist_settings)
        seen.append(Seen(current["i"], kind, assist.free_text, assist.grammar_text, value, ok))
        return original(session, assist)

    # play_call feeds utterances in order; follow the index through add_result
    original_add = CallSession.add_result

    def counted(session, result):
        current["i"] += 1
        return original_add(session, result)

    CallSession.add_number_assist = watched  # type: ignore[method-assign]
    CallSession.add_result = counted  # type: ignore[method-assign]
    try:
        session = speech_rig.play_call(store, spoken, assist=True)
    finally:
        CallSession.add_number_assist = original  # type: ignore[method-assign]
        CallSession.add_result = original_add  # type: ignore[method-assign]
    return session, seen


def split_over_two(value: str, spoken: list[speech_rig.SpokenUtterance]) -> bool:
    """Whether ``value``'s digits are in no one grammar reading but in two consecutive
    ones joined (a number split by a pause: half, "go ahead", the rest)."""
    target = _digits(value)
    readings = [digit_readings(" ".join(w["word"] for w in u.numbers), speech_rig.STAND_IN) for u in spoken]
    if any(target in r for rs in readings for r in rs):
        return False
    return any(target in a + b for i in range(len(readings) - 1) for a in readings[i] for b in readings[i + 1])


def classify(kind: str, value: str, spoken: list[speech_rig.SpokenUtterance], seen: list[Seen],
             offered: set[tuple[str, str]]) -> str | None:
    """Why (kind, value) was missed, or None when the grammar never heard its digits."""
    target = _digits(value)
    heard_in = [i for i, u in enumerate(spoken)
                if any(target in r for r in digit_readings(" ".join(w["word"] for w in u.numbers),
                                                           speech_rig.STAND_IN))]
    if not heard_in:
        return None
    mine = [s for s in seen if s.utterance in heard_in]
    covering = [s for s in mine
                if any(target in r for r in digit_readings(s.grammar_text, speech_rig.STAND_IN))]
    right = [s for s in covering if s.kind == kind]
    if not right:
        if any(s.kind == kind for s in mine):
            return "span cut the digits"
        if any(s.kind not in (None, kind) for s in covering):
            return "span of another kind"
        # no span of the kind read the digits: where was the cue said, and did free keep it?
        for i in heard_in:
            if kind in _cue_kinds(spoken[i].said):
                return ("no kind span: cue kept, same utterance" if kind in _cue_kinds(spoken[i].free["text"])
                        else "no kind span: free lost the cue")
        for i in heard_in:
            if i > 0 and kind in _cue_kinds(spoken[i - 1].said):
                if kind in _cue_kinds(spoken[i - 1].free["text"]):
                    return "no kind span: cue before, not carried"
                return "no kind span: free lost the cue before"
        return "no kind span: no cue"
    exact = [s for s in right if s.value == value]
    if not exact:
        values = [s.value for s in right if s.value is not None]
        if not values:
            return "reading rejected"
        if kind == "receipt_number" and any(_digits(v) == target for v in values):
            return "receipt prefix wrong"
        if any(abs(len(_digits(v)) - len(target)) == 1 for v in values):
            return "length off by one"
        return "other value"
    if not any(s.trusted for s in exact):
        return "trust gate"
    if (kind, value) in offered:
        return "only offered: free value kept"
    return "applied, then lost"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=None, help="only the first N calls")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--telephone", action="store_true")
    ap.add_argument("--priors", action="store_true", help="seed each call's store with the caller's own cases")
    ap.add_argument("--verbose", "-v", action="store_true", help="list each miss with its category")
    args = ap.parse_args(argv)
    if not (args.corpus / "expected.json").is_file():
        print(f"error: {args.corpus}/expected.json not found", file=sys.stderr)
        return 2
    results, expected = speech_rig.read_corpus(args.corpus)
    names = sorted(expected)[: args.limit] if args.limit else sorted(expected)
    condition = {"telephone": args.telephone, "noise_db": None}
    jobs = [(n, results[n], condition) for n in names]
    heard: dict[str, list[dict]] = {}
    if args.jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(args.jobs) as pool:
            for name, utts, _ in pool.map(bench_speech._hear, jobs):
                heard[name] = utts
    else:
        for job in jobs:
            name, utts, _ = bench_speech._hear(job)
            heard[name] = utts
    table: Counter = Counter()
    by_kind: dict[str, Counter] = {}
    identifiers = in_grammar = captured_n = split = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            store = Store(Path(tmp) / f"{name}.db")
            if args.priors:
                for receipt, a_number in speech_rig.caller_priors(results[name], expected[name]):
                    store.add_case(receipt, a_number=a_number)
            spoken = [speech_rig.SpokenUtterance(**u) for u in heard[name]]
            session, seen = replay(store, spoken)
            got = Counter(speech_rig.captured(store, session.call_id))
            offered = set()
            for f in store.fields(session.call_id):
                alt = session._alternatives.get(f.id)
                if alt is not None:
                    offered.add((f.kind, alt.value))
            store.close()
            want = Counter((e["kind"], e["value"]) for e in expected[name]
                           if e["kind"] in bench_speech.IDENTIFIER_KINDS)
            missing = want - got
            for (kind, value), n in want.items():
                identifiers += n
                for k in range(n):
                    why = classify(kind, value, spoken, seen, offered)
                    if why is None:
                        if k >= n - missing[(kind, value)] and split_over_two(value, spoken):
                            split += 1
                            if args.verbose:
                                print(f"{name}: {kind} {value}: split over two readings", file=sys.stderr)
                        continue
                    in_grammar += 1
                    if k < n - missing[(kind, value)]:
                        captured_n += 1
                        continue
                    table[why] += 1
                    by_kind.setdefault(why, Counter())[kind] += 1
                    if args.verbose:
                        print(f"{name}: {kind} {value}: {why}", file=sys.stderr)
    kinds = bench_speech.IDENTIFIER_KINDS
    short = {"staff_id": "staff", "referral_number": "refer", "receipt_number": "rcpt", "a_number": "anum"}
    print(f"corpus: {args.corpus} ({len(names)} calls, {'telephone' if args.telephone else 'clean'}"
          f"{', priors' if args.priors else ''})")
    print(f"identifiers: {identifiers}; digits in a grammar reading: {in_grammar}; "
          f"of those captured with the assist: {captured_n}; missed: {in_grammar - captured_n}")
    print(f"missed, digits in no one grammar reading but in two consecutive ones joined: {split}")
    print(f"\n{'why missed':<42}{'n':>4}  " + "".join(f"{short[k]:>6}" for k in kinds))
    for why in CATEGORIES:
        if table[why]:
            print(f"{why:<42}{table[why]:>4}  " + "".join(f"{by_kind[why][k]:>6}" for k in kinds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
