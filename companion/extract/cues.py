"""The words around a number that say what it is.

A *cue* is a phrase ("receipt number", "operator i d", "zip code") that names the kind of
the characters read after it — or says they are not an identifier at all (``NOT_ID``).
Phrases are matched longest first on whole words.
"""

from __future__ import annotations

from companion.extract.spoken import starts_number
from companion.records import A_NUMBER, PHONE_NUMBER, RECEIPT_NUMBER, REFERRAL_NUMBER, STAFF_ID

NOT_ID = "not_id"  # zip codes, dates, money, form names, menu prompts …
CORRECTION = "correction"  # "sorry let me repeat that", "no it's"

_PHRASES: dict[str, list[str]] = {
    STAFF_ID: [
        "i d", "i d number", "id", "id number", "i'd number", "operator number", "operator i d",
        "operator id", "operator", "agent i d", "agent id", "agent number", "badge number",
        "badge", "employee i d", "employee id", "employee number", "representative i d",
        "representative number", "staff i d", "staff number", "officer i d", "officer number",
        "identification number", "i d is", "operator i d number", "agent i d number",
        "i s o number", "i s o i d", "i s o i d number", "iso number", "iso i d", "iso id",
        "c s r number", "c s r i d", "c s r i d number", "csr number", "csr i d", "csr id",
        "representative i d number", "employee i d number", "rep number", "rep i d",
        "my number is", "my number's",  # staff only right after an introduction: see INTRO_NUMBER
    ],
    RECEIPT_NUMBER: [
        "receipt number", "receipt", "receipt numbers", "case number", "receipt no",
        "case receipt number", "receipt notice number",
    ],
    A_NUMBER: [
        "a number", "alien number", "alien registration number", "a file number",
        "alien registration", "a-number", "a numbers", "alien file number",
        "registration number",
    ],
    REFERRAL_NUMBER: [
        "service request", "service request number", "referral number", "referral",
        "service request referral number", "service item", "service item number",
        "confirmation number", "confirmation", "write down this number",
        "write this number down", "write down the number", "write this down",
        "reference number", "request number", "s r number",
        "service ticket", "ticket number", "sr number", "number for that request",
        "number for the request", "number for your request", "number for this request",
        "that request number", "the request number", "request confirmation number",
    ],
    PHONE_NUMBER: [
        "phone number", "telephone number", "number i called", "call back number",
        "callback number", "call us at", "call back at", "toll free number", "cell phone",
        "cell number", "phone", "call", "called", "calling", "dial", "dialed", "reach me at",
        "reach you at", "cell", "my cell", "cell phone number", "my phone", "my phone number",
        "call me", "call me at", "call me back", "call me back at", "reach me", "reach me on",
        "mobile", "mobile number", "my mobile", "best number", "good number", "contact number",
    ],
    NOT_ID: [
        "zip code", "zip", "zipcode", "postal code", "date of birth", "birthday", "born",
        "born on", "social security", "social security number", "social", "s s n",
        "press", "extension", "form", "forms", "fee", "dollars", "days", "business days",
        "within", "weeks", "months", "years", "minutes", "hours",
        "apartment", "suite", "street", "avenue", "passport number", "passport",
        "priority date", "date", "uscis online account number", "online account number",
        "account number", "at", "age", "filed", "since", "in", "on", "last", "o'clock",
        "option", "for english", "para espanol", "menu", "dollar", "cost", "costs", "pay",
        "paid", "amount", "step", "page", "line", "box", "part", "question", "item number",
        # numbers of other systems and agencies: never a referral (nor any field)
        "tracking number", "u s p s tracking number", "usps tracking number", "order number",
        "routing number", "bank account", "bank account number", "tax i d", "tax id",
        "tax i d number", "tax id number", "taxpayer i d", "taxpayer id", "ein",
        "i ninety four number", "i ninety four", "i-94 number", "i-94", "admission number",
        "social security card", "medicare number", "medicaid number", "policy number",
        "member number", "member i d", "member id", "invoice number", "check number",
        "credit card number", "license number", "driver's license", "plate number",
    ],
    CORRECTION: [
        "sorry", "let me repeat", "let me repeat that", "i mean", "correction", "actually",
        "no it's", "no it is", "no no", "no sorry", "no wait", "wait", "oops",
        "let me correct that", "that should be", "i'm sorry", "my mistake", "scratch that",
        "let me say that again", "it should be", "i said", "no that's", "that's wrong",
        "that's not right", "not quite",
    ],
}

# "case number" of another agency or a court ("my n v c case number", "the police case
# number") names no USCIS receipt: it is no identifier of ours.
OTHER_AGENCY = frozenset(
    "nvc fbi police court irs embassy consulate consular visa dos ssa bank labor dol eoir "
    "insurance hospital state county sheriff".split()
)
# "that call", "the last call": "call" as a noun, no phone cue.
CALL_NOUN_BEFORE = frozenset(
    "that the this a last my your our previous earlier first other same one prior".split()
)

# "this is officer hall my number is …": a bare "my number" names the staff ID only right
# after the agent's introduction (elsewhere it is a phone number, or nothing).
INTRO_NUMBER = (("my", "number", "is"), ("my", "number's"))

# How many words a cue may sit before its value. Short words ("at", "press") only count
# right next to the number; phrases that name an identifier reach further.
SHORT_REACH = frozenset(
    "at in on since about around within last age filed press dial call called calling "
    "phone fee cost costs pay paid option step page line box part question date born "
    "operator badge".split()
)
REACH_SHORT, REACH_LONG = 1, 9

# First word → [(phrase words, kind)], longest phrase first.
CUE_INDEX: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _kind, _phrases in _PHRASES.items():
    for _p in _phrases:
        _words = tuple(_p.split())
        CUE_INDEX.setdefault(_words[0], []).append((_words, _kind))
for _v in CUE_INDEX.values():
    _v.sort(key=lambda e: -len(e[0]))

# "a number" is an A-number only after these (not "give you a number", "is a number").
A_NUMBER_LEADS = frozenset(
    "my your an the his her their our and what's whats his alien his, with same".split()
)
# Words after a run that make it an amount or a duration, not an identifier.
AFTER_NOT_ID = frozenset(
    "days day weeks week months month years year dollars dollar cents percent minutes "
    "minute hours hour o'clock am pm a.m. p.m. pounds times business calendar".split()
)
MONTHS = frozenset(
    "january february march april may june july august september october november "
    "december".split()
)
ORDINALS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
    "twentieth thirtieth".split()
)
# Words that may sit between a cue and its value: "my receipt number is uh …".
GLUE = frozenset(
    "is it's its it was that that's this the a yes yeah sure okay ok so of number um uh "
    "would be will goes reads: as follows please and my your here's here you ready "
    "is: are got i've i have just real quick uh-huh alright all right go ahead".split()
)
# Words before a number that announce a *different* number of the same kind ("and the
# second is …", "my wife's is …", "i also have …", "the other one"): the number is new, never
# a read-back or a correction of the one before, however close its digits.
NEW_ITEM = frozenset(
    """
    second third fourth fifth last another other also next additional separate different
    new previous old older earlier original prior
    wife's husband's son's daughter's spouse's mother's father's mom's dad's child's kid's
    brother's sister's partner's fiance's fiancee's children's parents' kids'
    wife husband son daughter spouse mother father mom dad child children kids brother
    sister partner fiance fiancee parents
    """.split()
)
# "the number from that call", "from my last call": a number from an earlier call is another
# number than the one given on this call.
EARLIER_CALL_BEFORE = frozenset("that last previous earlier other first prior".split())
# Ordinals among them pick an item: "sorry the second is …" corrects the second number.
ORDINAL_INDEX = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4}
# Phrases before a number that say it is said again to check it ("so that's …", "let me
# read that back"): a near-identical number after one of these is the same number misheard.
READBACK_PHRASES = (
    "read that back", "read it back", "read back", "so that's", "so that is", "so it's",
    "to confirm", "confirming", "confirm", "you said", "i've got", "i have it as",
    "just to make sure", "to verify", "repeat that back", "is that",
)
# A request to hear a number again: the same side saying it again is a repeat.
# ("sorry can you repeat that" is a request, not a correction: the "sorry" is politeness).
REPEAT_REQUEST = (
    "can you repeat", "could you repeat", "would you repeat", "please repeat", "repeat that please",
    "repeat that for me", "repeat the", "say that again", "say it again", "one more time",
    "come again", "didn't catch", "didn't get that", "again please", "slower", "slowly",
    "once more", "read it again", "go over that again",
)
# A word every phrase above holds, to skip the phrase scans for most results.
READBACK_KEYS = frozenset("back that's is it's confirm confirming said got have make verify".split())
REPEAT_KEYS = frozenset("repeat again more slower slowly catch get come".split())
# Words at the start of a result that do not stop a continuation of the previous one.
LEADING_OK = frozenset("and then uh um er so okay ok the rest is".split())
# A speaker breaking off a number to say it again from the start ("s r c twenty one" /
# "sorry twenty two nine oh …", "a two one one no sorry a two zero …", "uh no wait"): a
# restart mark among words that only frame a restart.
RESTART_MARKS = frozenset("sorry no wait oops actually mean correction again over scratch".split())
RESTART_OK = LEADING_OK | RESTART_MARKS | frozenset(
    "uh um er ah hmm i let me start that it's its that's my bad mistake hold on".split()
)
# "one moment", "one second", "one of", "one more": the word "one" that is no digit.
ONE_NOT_DIGIT_AFTER = frozenset(
    "moment moments second seconds sec secs minute minutes mo of more thing things time".split()
)
# "the one", "no one", "that one" … when no number follows ("no one two three" is digits).
ONE_NOT_DIGIT_BEFORE = frozenset("the no that this which each every any someone".split())
# "i put in a request …": a request was just made, so "the number is …" names its referral.
REQUEST_VERBS = frozenset(
    "put submit submitted submitting send sent sending create created creating make made "
    "open opened opening file filed place placed enter entered raise raised log logged".split()
)


def _other_agency(words: list[str], i: int) -> bool:
    """The words before word ``i`` name another agency: "n v c", "fbi", "police"."""
    if i > 0 and words[i - 1] in OTHER_AGENCY:
        return True
    letters = words[max(0, i - 4) : i]
    k = len(letters)
    while k > 0 and len(letters[k - 1]) == 1:
        k -= 1
    spelled = "".join(letters[k:])
    return len(spelled) >= 2 and any(spelled.endswith(a) for a in OTHER_AGENCY)


def match_cue(words: list[str], i: int) -> tuple[int, str, int] | None:
    """(end index, kind, reach in words) of the longest cue phrase starting at word ``i``."""
    entries = CUE_INDEX.get(words[i])
    if not entries:
        return None
    n = len(words)
    for phrase, kind in entries:
        m = len(phrase)
        if i + m <= n and tuple(words[i : i + m]) == phrase:
            if kind == A_NUMBER and phrase[0] == "a":
                if i > 0 and words[i - 1] not in A_NUMBER_LEADS:
                    continue
            if phrase[:2] == ("i", "d") and i > 0 and len(words[i - 1]) == 1 and words[i - 1] != "a":
                # "d a v i d": letters of a spelled name, not "I D" — unless "number"/"is"
                # and digits follow ("helen w a r d i d is five five …")
                if not (m == 3 and starts_number(words, i + m)):
                    continue
            if kind == RECEIPT_NUMBER and phrase == ("case", "number") and _other_agency(words, i):
                kind = NOT_ID  # "my n v c case number is …"
            if kind == PHONE_NUMBER and phrase == ("call",) and i > 0 and words[i - 1] in CALL_NOUN_BEFORE:
                continue  # "the referral number from that call"
            reach = REACH_SHORT if m == 1 and phrase[0] in SHORT_REACH else REACH_LONG
            return i + m, kind, reach
    return None
