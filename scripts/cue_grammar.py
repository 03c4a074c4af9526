#!/usr/bin/env python3
"""The cue-grammar experiment (issue 9): does a number grammar that holds the number cues'
words ("receipt", "number", "alien", "referral", …) hear the kind where the free reading
lost it, and how many cues does it make up?

    python scripts/cue_grammar.py CORPUS_DIR [--limit N] [--phrases] [--verbose]

Needs the rig's cache of both grammars (``scripts/bench_speech.py CORPUS --cue-grammar``
fills the cue grammar's; no recognition here). For each expected identifier (staff ID,
referral, receipt, A-number) whose digits are in some utterance's grammar reading (the
bench's "grammar" ceiling; the first such utterance), it compares the cue the free reading
has for it — a cue of its kind in the same result before the digits, or the previous
result asking for it (``assist.question_kind``) — with what the cue grammar heard there
(``speech_rig.grammar_cues`` before the digits, or ``speech_rig.grammar_question`` of the
previous result). And it counts the grammar's cues against the transcript's: a grammar cue
of a kind no cue of the transcript's same utterance has is a false cue. Tuning set only.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import speech_rig

from companion.asr.assist import NUMBER_KINDS, digit_readings, question_kind
from companion.asr.pipeline import ENGLISH_DIGITS, ENGLISH_HOMOPHONES, ENGLISH_LETTERS
from companion.extract.cues import match_cue

VOCABULARY = set(ENGLISH_DIGITS) | set(ENGLISH_LETTERS)


def _number_word(w: str) -> bool:
    return w in VOCABULARY or w in ENGLISH_HOMOPHONES


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit()).lstrip("0")


def said_kinds(text: str) -> set[str]:
    """The number kinds the transcript's own words cue in one utterance."""
    words = text.split()
    kinds = set()
    for i in range(len(words)):
        m = match_cue(words, i)
        if m is not None and m[1] in NUMBER_KINDS:
            kinds.add(str(m[1]))
    return kinds


def free_kinds_before(words: list[dict], until: float) -> set[str]:
    texts = [w["word"] for w in words]
    kinds = set()
    for i in range(len(texts)):
        m = match_cue(texts, i)
        if m is not None and m[1] in NUMBER_KINDS and words[m[0] - 1]["end"] <= until:
            kinds.add(str(m[1]))
    return kinds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--phrases", action="store_true",
                    help="only cues of two or more words (speech_rig.grammar_cues' phrases_only)")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)
    results, expected = speech_rig.read_corpus(args.corpus)
    names = sorted(expected)[: args.limit] if args.limit else sorted(expected)
    rig = speech_rig.SpeechRig(cue_grammar=True)
    table: Counter = Counter()
    cues_total: Counter = Counter()
    for name in names:
        spoken = rig.call(results[name], name)
        for u in spoken:  # the grammar's cues against the transcript's
            truth = said_kinds(u.said)
            for _, _, kind in speech_rig.grammar_cues(u.grammar_words, phrases_only=args.phrases):
                cues_total["right" if kind in truth else "false"] += 1
                if args.verbose and kind not in truth:
                    print(f"false {kind}: {' '.join(w['word'] for w in u.grammar_words)!r} "
                          f"said {u.said!r}", file=sys.stderr)
            cues_total["said"] += len(truth)
        for e in expected[name]:
            if e["kind"] not in NUMBER_KINDS:
                continue
            target = _digits(e["value"])
            at = next((i for i, u in enumerate(spoken)
                       if any(target in d for d in digit_readings(" ".join(w["word"] for w in u.numbers),
                                                                   speech_rig.STAND_IN))), None)
            if at is None:
                table["digits in no grammar reading"] += 1
                continue
            u = spoken[at]
            prev = spoken[at - 1] if at > 0 else None
            # where the digits begin: the latest grammar word from which they are still read
            words = u.numbers
            first = next(words[k]["start"] for k in range(len(words) - 1, -1, -1)
                         if any(target in d for d in digit_readings(" ".join(w["word"] for w in words[k:]),
                                                                     speech_rig.STAND_IN)))
            free = free_kinds_before(u.free.get("result", []), first + 0.5)
            if prev is not None and prev.speaker != u.speaker:
                asked = question_kind(prev.free.get("result", []), _number_word)
                if asked:
                    free.add(str(asked))
            gram = {k for _, end, k in speech_rig.grammar_cues(u.grammar_words, phrases_only=args.phrases)
                    if end <= first + 0.5}
            q = speech_rig.grammar_question(prev, args.phrases) if prev is not None and prev.speaker != u.speaker else None
            if q:
                gram.add(q[0])
            f = "free kept the cue" if e["kind"] in free else "free lost the cue"
            if e["kind"] in gram:
                g = "grammar right" + (" (and another)" if len(gram) > 1 else "")
            else:
                g = "grammar another kind" if gram else "grammar none"
            table[(f, g)] += 1
            if args.verbose and f == "free lost the cue":
                print(f"{name} {e['kind']} {e['value']}: {g}; grammar "
                      f"{' '.join(w['word'] for w in u.grammar_words)!r}", file=sys.stderr)
    for key, n in sorted(table.items(), key=str):
        print(f"{' / '.join(key) if isinstance(key, tuple) else key:<60}{n:>4}")
    print(f"grammar cues: {cues_total['right']} of a kind the transcript's utterance cues, "
          f"{cues_total['false']} false; transcript cues (kinds per utterance): {cues_total['said']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
