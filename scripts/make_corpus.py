#!/usr/bin/env python3
"""Write tests/corpus: NCSC calls as the small English Vosk model would transcribe them.

Each call is assembled from scenes (greeting, receipt check, A-number, distractors, service
request, transfer, closing) whose phrasings, number styles and Vosk word timings vary with
a fixed seed, so the committed files are reproducible: ``python scripts/make_corpus.py``.
Expected entities are written beside them in ``expected.json`` (same layout as
../shared/corpus). The numbers are spoken with ``companion.extract.speak``, the inverse of
the parser; the phrasing around them is written here, independently of the cue tables.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from companion.extract.speak import say

OUT = ROOT / "tests" / "corpus"
PREFIXES = ["EAC", "WAC", "LIN", "SRC", "MSC", "IOE", "YSC", "NBC"]
STAFF_FIRST = ["angela", "robert", "maria", "kevin", "denise", "luis", "tanya", "marcus",
               "priya", "gregory", "yolanda", "samuel", "keisha", "brandon", "nadia", "oscar"]
STAFF_LAST = ["daniels", "ward", "nguyen", "patel", "brooks", "alvarez", "coleman", "reyes",
              "fischer", "okafor", "lindqvist", "moreno", "bishop", "tran"]
CALLER_NAMES = [("tomas", "herrera"), ("li", "wei"), ("fatima", "khan"), ("jorge", "salinas"),
                ("anna", "kowalski"), ("david", "mensah"), ("elena", "petrova"), ("ahmed", "hassan")]


class Call:
    def __init__(self, rng: random.Random, with_speaker: bool):
        self.rng = rng
        self.with_speaker = with_speaker
        self.t = 1.2
        self.lines: list[dict] = []
        self.expected: list[dict] = []

    def say(self, who: str, words: list[str], low: float = 0.1) -> None:
        """One Vosk result; ``low`` is the share of words with a low confidence."""
        rng = self.rng
        result = []
        for w in words:
            dur = min(0.6, 0.12 + 0.045 * len(w) + rng.uniform(-0.03, 0.05))
            start = round(self.t, 2)
            end = round(self.t + dur, 2)
            r = rng.random()
            conf = 1.0 if r > low + 0.15 else round(rng.uniform(0.5, 0.99), 6) if r > low else round(rng.uniform(0.32, 0.6), 6)
            result.append({"conf": conf, "end": end, "start": start, "word": w})
            self.t = end + rng.uniform(0.01, 0.09)
        line = {"result": result, "text": " ".join(words)}
        if self.with_speaker:
            line["speaker"] = who
        self.lines.append(line)
        self.t += rng.uniform(0.8, 2.2)

    def expect(self, kind: str, value: str) -> None:
        self.expected.append({"kind": kind, "value": value})


def w(text: str) -> list[str]:
    return text.split()


def num(rng: random.Random, value: str, **kw) -> list[str]:
    return say(value, rng, homophones=kw.pop("homophones", 0.25), fillers=kw.pop("fillers", 0.1), **kw)


def digits(rng: random.Random, n: int) -> str:
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))


def receipt(rng: random.Random) -> str:
    return rng.choice(PREFIXES) + f"{rng.randint(15, 25):02d}" + "".join(str(rng.randint(0, 9)) for _ in range(8))


TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _boundary(spoken: list[str], cut: int) -> bool:
    """A pause may fall here: not inside "sixty five", "double two" or "e as in edward"."""
    before, after = spoken[cut - 1], spoken[cut] if cut < len(spoken) else ""
    if before in ("as", "in", "double", "triple", "for", "like") or after in ("as", "in", "for", "like"):
        return False
    return not (before in TENS and after in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "to", "too", "won", "ate"))


# ---------------------------------------------------------------- scenes
def ivr(c: Call) -> None:
    rng = c.rng
    c.say("agent", w(rng.choice([
        "thank you for calling u s c i s for english press one para espanol oprima dos",
        "welcome to the u s c i s contact center for english press one",
        "if you know your party's extension you may dial it at any time or press two for more options",
    ])))


def greeting(c: Call, first: str, last: str | None, sid: str | None, tier2: bool = False) -> None:
    rng = c.rng
    name = first if last is None else rng.choice([f"{first} {last}", first])
    if last and name == first:
        last = None
    value = name.title()
    if tier2:
        title_name = last or first
        value = title_name.title()
        opener = rng.choice([
            f"good morning officer {title_name} speaking",
            f"hello this is officer {title_name}",
            f"hi you're speaking with officer {title_name}",
            f"good afternoon officer {title_name} with u s c i s",
        ])
    else:
        opener = rng.choice([
            f"thank you for calling u s c i s my name is {name}",
            f"thank you for calling this is {name} with u s c i s",
            f"u s c i s this is {name} how may i help you",
            f"good morning you've reached u s c i s my name is {name}",
            f"hi thanks for calling you're speaking with {name}",
        ])
    words = w(opener)
    if last and rng.random() < 0.4 and not tier2:
        words += say(last.upper(), rng, letter_style=rng.choice(["plain", "plain", "nato"]))
        value = f"{first.title()} {last.title()}"
    c.expect("staff_name", value)
    if sid and rng.random() < 0.6:
        words += w(rng.choice(["my operator i d is", "my operator number is", "and my i d number is",
                               "my agent i d is", "my badge number is"])) + num(rng, sid)
        c.say("agent", words)
        c.expect("staff_id", sid)
    else:
        c.say("agent", words + w(rng.choice(["how can i help you", "how may i assist you today", ""]) or "okay"))
        if sid:
            c.say("caller", w(rng.choice([
                f"hi {first} can i get your i d number please",
                "before we start could i have your operator number",
                "hi can i get your agent i d",
                "hello what is your badge number",
            ])))
            c.say("agent", w(rng.choice(["sure it's", "yes it's", "of course", "it is", ""]) or "yes") + num(rng, sid))
            c.expect("staff_id", sid)


def caller_reason(c: Call) -> None:
    c.say("caller", w(c.rng.choice([
        "hi i'm calling because my work permit application is taking too long",
        "hello i'm calling about my green card case it has been pending for fourteen months",
        "hi i filed an i four eighty five last year and i haven't heard anything",
        "i need to change my address on my i seven sixty five",
        "hi i'm calling about my n four hundred interview",
        "i received a notice but it has the wrong name on it",
        "hello my i one thirty has been pending for over two years",
    ])))


def receipt_scene(c: Call, value: str, readback: bool, split: bool) -> None:
    rng = c.rng
    c.say("agent", w(rng.choice([
        "okay can i have the receipt number please", "may i have your receipt number",
        "what is the receipt number on your notice", "do you have the receipt number",
        "can you read me the thirteen character receipt number",
    ])))
    spoken = num(rng, value, letter_style=rng.choice(["plain", "plain", "nato", "as_in", "mixed"]))
    lead = w(rng.choice(["sure it's", "yes it is", "okay it's uh", "my receipt number is", "", "it's"]))
    if split:
        cut = rng.randint(6, len(spoken) - 3)
        while not _boundary(spoken, cut):
            cut += 1
        c.say("caller", lead + spoken[:cut], low=0.2)
        c.say("caller", spoken[cut:], low=0.2)
    else:
        c.say("caller", lead + spoken, low=0.25)
    c.expect("receipt_number", value)
    if readback:
        c.say("agent", w(rng.choice(["let me confirm", "that's", "okay so", ""]) or "so") + num(rng, value, letter_style="plain"))
        c.say("caller", w(rng.choice(["correct", "yes that's right", "yes"])))


def a_number_scene(c: Call, digits9: str) -> None:
    rng = c.rng
    value = "A" + digits9.zfill(9)
    ask = rng.choice(["and do you have an a number", "can i also get your alien registration number",
                      "what is your a number", None])
    spoken = num(rng, digits9)
    if ask:
        c.say("agent", w(ask))
        c.say("caller", w(rng.choice(["yes my a number is", "yes it's a", "it's", "yes", "sure a"])) + spoken)
    else:
        c.say("caller", w(rng.choice(["and my a number is", "my alien number is a", "also my a number is"])) + spoken)
    c.expect("a_number", value)


def verify_scene(c: Call) -> None:
    """Date of birth, zip code, phone: numbers that are not identifiers."""
    rng = c.rng
    kind = rng.choice(["dob", "zip", "phone", "address"])
    if kind == "dob":
        c.say("agent", w(rng.choice(["can you verify your date of birth", "and your date of birth please"])))
        c.say("caller", w(rng.choice(["april ninth nineteen eighty six", "march third nineteen ninety",
                                      "it's june twenty second nineteen seventy eight",
                                      "october first two thousand one"])))
    elif kind == "zip":
        c.say("agent", w(rng.choice(["and the zip code", "what zip code do you live in", "can i have your zip code"])))
        c.say("caller", num(rng, digits(rng, 5), homophones=0, fillers=0))
    elif kind == "phone":
        c.say("agent", w(rng.choice(["what's a good phone number for you", "can i get a call back number"])))
        c.say("caller", num(rng, str(rng.randint(201, 989)) + digits(rng, 7), homophones=0, fillers=0))
    else:
        c.say("caller", w("i moved to") + num(rng, str(rng.randint(100, 9999)), homophones=0, fillers=0)
              + w(rng.choice(["main street apartment", "oak avenue suite"])) + num(rng, str(rng.randint(1, 40)), homophones=0, fillers=0))


def chatter(c: Call) -> None:
    rng = c.rng
    c.say("agent", w(rng.choice([
        "thank you one moment while i pull up the case",
        "i see that your case is outside normal processing times",
        "the current processing time for that form is about eight and a half months",
        "the fee for the i ninety is four hundred fifteen dollars",
        "you should receive a response within thirty days",
        "please allow up to forty five days for the new card",
        "your priority date is march twenty twenty one",
        "the interview is scheduled for two thirty in the afternoon",
    ])))


def referral_scene(c: Call, value: str, style: str) -> None:
    rng = c.rng
    lead = rng.choice([
        "i've submitted a service request your referral number is",
        "i created a service request for you the number is",
        "i've put in a service item please write down this number",
        "your confirmation number is",
        "okay i'll send a referral to the service center and the referral number is",
        "so the service request number for your records is",
    ])
    spoken = num(rng, value)
    if style == "plain":
        c.say("agent", w(lead) + spoken)
    elif style == "split":
        cut = rng.randint(2, len(spoken) - 2)
        while not _boundary(spoken, cut):
            cut += 1
        c.say("agent", w(lead) + spoken[:cut])
        c.say("agent", spoken[cut:])
    elif style == "next":
        c.say("agent", w(lead))
        c.say("agent", spoken)
    elif style == "correct":
        wrong = list(value)
        k = rng.randrange(len(wrong))
        wrong[k] = str((int(wrong[k]) + rng.randint(1, 8)) % 10)
        c.say("agent", w(lead) + num(rng, "".join(wrong)))
        c.say("agent", w(rng.choice(["sorry let me repeat that", "i'm sorry that should be", "no wait it's",
                                     "my mistake it's", "actually it's", "correction"])) + spoken)
    if rng.random() < 0.5:
        c.say("caller", num(rng, value, homophones=0) + w(rng.choice(["got it", "okay", "thank you", ""]) or "okay"))
    c.expect("referral_number", value)


def caller_name_scene(c: Call) -> None:
    rng = c.rng
    first, last = rng.choice(CALLER_NAMES)
    c.say("agent", w(rng.choice(["and may i have your name", "can i have your full name please",
                                 "who am i speaking with today", "and your first and last name"])))
    c.say("caller", w(rng.choice([f"my name is {first} {last}", f"it's {first} {last}", f"{first} {last}",
                                  f"this is {first} {last}"])))


def transfer(c: Call) -> None:
    c.say("agent", w(c.rng.choice([
        "okay i'm going to transfer you to a tier two officer please hold",
        "let me transfer you to an immigration services officer one moment",
        "i'll escalate this to tier two please stay on the line",
    ])))


def closing(c: Call) -> None:
    rng = c.rng
    c.say("caller", w(rng.choice(["okay thank you so much", "great thanks for your help", "alright thank you bye"])))
    if rng.random() < 0.5:
        c.say("agent", w(rng.choice(["you're welcome have a good day", "is there anything else i can help you with"])))


def build(n: int, rng: random.Random) -> Call:
    c = Call(rng, with_speaker=rng.random() < 0.5)
    if rng.random() < 0.3:
        ivr(c)
    first, last = rng.choice(STAFF_FIRST), rng.choice(STAFF_LAST)
    sid = digits(rng, rng.choice([4, 4, 5, 5, 6])) if rng.random() < 0.85 else None
    greeting(c, first, last if rng.random() < 0.5 else None, sid)
    caller_reason(c)
    if rng.random() < 0.5:
        caller_name_scene(c)
    if rng.random() < 0.85:
        receipt_scene(c, receipt(rng), readback=rng.random() < 0.4, split=rng.random() < 0.25)
    if rng.random() < 0.5:
        verify_scene(c)
    if rng.random() < 0.45:
        a_number_scene(c, digits(rng, rng.choice([8, 9, 9])))
    if rng.random() < 0.5:
        chatter(c)
    if rng.random() < 0.35:
        transfer(c)
        t2_id = digits(rng, rng.choice([4, 5, 6])) if rng.random() < 0.8 else None
        greeting(c, rng.choice([f for f in STAFF_FIRST if f != first]),
                 rng.choice([x for x in STAFF_LAST if x != last]), t2_id, tier2=True)
        if rng.random() < 0.5:
            verify_scene(c)
    if rng.random() < 0.8:
        referral_scene(c, digits(rng, rng.choice([8, 8, 8, 7, 9, 10])), rng.choice(["plain", "plain", "split", "next", "correct"]))
    if rng.random() < 0.4:
        chatter(c)
    closing(c)
    return c


# Calls written out by hand (phrasings the scenes above do not produce).
# Each: (with_speaker, [(speaker, text), ...], [(kind, value), ...]).
HAND_CALLS: dict[str, tuple[bool, list[tuple[str, str]], list[tuple[str, str]]]] = {
    "hand-01-badge-letter.jsonl": (False, [
        ("agent", "for english press one for questions about your case press two"),
        ("agent", "hello my name is keisha i'm an agent with u s c i s may i have your receipt number"),
        ("caller", "yeah it's y s c uh twenty three ninety oh seven four one five two"),
        ("agent", "okay and your name"),
        ("caller", "fatima khan"),
        ("agent", "thank you miss khan let me check"),
        ("agent", "your case was approved on may fifth twenty twenty four"),
        ("caller", "can i have your name and badge number for my records"),
        ("agent", "sure it's keisha badge number k seven seven one two"),
        ("caller", "thank you"),
    ], [("staff_name", "Keisha"), ("receipt_number", "YSC2390074152"), ("staff_id", "K7712")]),
    "hand-02-followup.jsonl": (True, [
        ("agent", "u s c i s this is brandon"),
        ("caller", "hi brandon i need to follow up on a service request i made last month the referral number was s r one two three four five six seven eight"),
        ("agent", "okay and what's your a number"),
        ("caller", "a oh seven one two three four five six"),
        ("agent", "i show the case at the national benefits center the receipt is m s c two one nine oh six five four three two one"),
        ("caller", "m s c two one nine oh six five four three two one"),
        ("agent", "i'll create a new service request it's going to be eight two two triple five oh one"),
        ("caller", "eight two two five five five oh one"),
        ("caller", "and what was your i d"),
        ("agent", "my i d is three three oh nine"),
    ], [("staff_name", "Brandon"), ("referral_number", "SR12345678"), ("a_number", "A007123456"),
        ("receipt_number", "MSC2190654321"), ("referral_number", "82255501"), ("staff_id", "3309")]),
    "hand-03-caller-name.jsonl": (False, [
        ("agent", "hi good afternoon u s c i s my name is officer lopez how can i help"),
        ("caller", "hi officer lopez my name is jorge salinas and i'm calling about my case"),
        ("agent", "sure what's the receipt number"),
        ("caller", "it's w a c uh one nine"),
        ("caller", "one two three four five six seven eight"),
        ("agent", "and your phone number"),
        ("caller", "two one three five five five oh one nine nine"),
        ("agent", "thank you i'm going to put in a service request for you the confirmation number will be"),
        ("agent", "four four two nine uh zero zero one seven"),
        ("caller", "four four two nine zero zero one seven"),
        ("agent", "yes"),
        ("caller", "and what's your employee number officer"),
        ("agent", "six five two oh"),
    ], [("staff_name", "Lopez"), ("receipt_number", "WAC1912345678"), ("referral_number", "44290017"),
        ("staff_id", "6520")]),
    "hand-04-caller-corrects.jsonl": (True, [
        ("agent", "good evening you've reached u s c i s this is samuel operator number four four one six"),
        ("caller", "my receipt number is e a c one nine one three five seven two four six eight"),
        ("agent", "e a c one nine one three five seven two four six eight"),
        ("caller", "no sorry it's e a c one nine one three five seven two four six nine"),
        ("agent", "okay e a c one nine one three five seven two four six nine"),
        ("agent", "i'm sending a referral the number is one one two two three three four four"),
        ("caller", "thank you"),
    ], [("staff_name", "Samuel"), ("staff_id", "4416"), ("receipt_number", "EAC1913572469"),
        ("referral_number", "11223344")]),
    "hand-05-distractors.jsonl": (False, [
        ("agent", "thank you for calling this is denise"),
        ("caller", "hi denise i'm calling about my n four hundred the fee was seven hundred twenty five dollars"),
        ("agent", "okay i can help with that the processing time is about six to eight months"),
        ("caller", "can you give me the number to call back"),
        ("agent", "the number is one eight hundred three seven five five two eight three"),
        ("agent", "and my i d is four nine nine two if you need it"),
        ("caller", "thank you bye"),
    ], [("staff_name", "Denise"), ("staff_id", "4992")]),
    "hand-06-split-a-number.jsonl": (True, [
        ("agent", "u s c i s my name is oscar how can i help you"),
        ("caller", "hi oscar i'm elena i need the status of my case"),
        ("agent", "what is your a number"),
        ("caller", "it's a two four"),
        ("caller", "six eight one three five seven nine"),
        ("agent", "and can i get the receipt number"),
        ("caller", "i o e nine one two three four five six seven eight nine"),
        ("agent", "thank you i'll transfer you to tier two"),
        ("agent", "hello this is supervisor grant my badge number is b one two three four"),
        ("agent", "please write down this number seven seven seven eight eight eight nine"),
        ("caller", "seven seven seven eight eight eight nine"),
    ], [("staff_name", "Oscar"), ("a_number", "A246813579"), ("receipt_number", "IOE9123456789"),
        ("staff_name", "Grant"), ("staff_id", "B1234"), ("referral_number", "7778889")]),
    "hand-07-as-in.jsonl": (False, [
        ("agent", "u s c i s this is kevin"),
        ("caller", "hi kevin i have a question about case e as in edward a as in apple c as in cat two one one five zero three three eight seven six"),
        ("agent", "let me look that up"),
        ("agent", "your service request referral number is nine nine eight seven one two three four five"),
        ("caller", "nine nine eight seven one two three four five"),
        ("agent", "correct"),
    ], [("staff_name", "Kevin"), ("receipt_number", "EAC2115033876"), ("referral_number", "998712345")]),
    "hand-08-unknown-prefix.jsonl": (True, [
        ("agent", "my name is priya and my agent i d is seven eight three three one"),
        ("caller", "hi priya my receipt number is n r c two two one nine nine eight seven six five four"),
        ("agent", "that's an unusual prefix let me check"),
        ("agent", "okay i found it"),
    ], [("staff_name", "Priya"), ("staff_id", "78331"), ("receipt_number", "NRC2219987654")]),
}


def hand_call(rng: random.Random, with_speaker: bool, lines, expected) -> Call:
    c = Call(rng, with_speaker)
    for who, text in lines:
        c.say(who, w(text), low=0.2)
    for kind, value in expected:
        c.expect(kind, value)
    return c


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Write the generated part of tests/corpus.")
    ap.add_argument("--out", type=Path, default=OUT, help="directory to write (default tests/corpus)")
    out = ap.parse_args(argv).out
    rng = random.Random(20240611)
    out.mkdir(parents=True, exist_ok=True)
    exp_path = out / "expected.json"
    # calls this script does not write (hand-09 … and later, added by hand as .jsonl files with
    # an entry in expected.json) keep their entries: regenerating must not drop them
    kept = json.loads(exp_path.read_text(encoding="utf-8")) if exp_path.is_file() else {}
    expected = {}
    for n in range(1, 41):
        c = build(n, rng)
        name = f"gen-{n:02d}.jsonl"
        (out / name).write_text("".join(json.dumps(line, sort_keys=True) + "\n" for line in c.lines))
        expected[name] = c.expected
    for name, (with_speaker, lines, exp) in HAND_CALLS.items():
        c = hand_call(rng, with_speaker, lines, exp)
        (out / name).write_text("".join(json.dumps(line, sort_keys=True) + "\n" for line in c.lines))
        expected[name] = c.expected
    generated = len(expected)
    for name, entry in kept.items():
        if name not in expected and (out / name).is_file():
            expected[name] = entry
    exp_path.write_text(json.dumps(dict(sorted(expected.items())), indent=1) + "\n")
    print(f"wrote {generated} calls to {out}; kept {len(expected) - generated} other entries")


if __name__ == "__main__":
    main()
