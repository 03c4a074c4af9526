"""English: every word and phrase the extractor knows, as tables.

The small English Vosk model writes "E A C 2219050123" as
``e a c twenty two nineteen oh five oh one two three``; the tables below are what the
pipeline reads such words with. Phrases are lower-case words separated by spaces.
"""

from __future__ import annotations

from companion.extract.lang import CORRECTION, NOT_ID, Language
from companion.kinds import Kind

# ---------------------------------------------------------------- spoken characters
_UNITS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "niner": "9",
}
_HOMOPHONES = {"to": "2", "too": "2", "for": "4", "fore": "4", "ate": "8", "won": "1"}
_TEENS = {
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
}
_TENS = {
    "twenty": "2", "thirty": "3", "forty": "4", "fourty": "4", "fifty": "5", "sixty": "6",
    "seventy": "7", "eighty": "8", "ninety": "9",
}
NATO_ALPHABET = {
    "alpha": "A", "alfa": "A", "bravo": "B", "charlie": "C", "delta": "D", "echo": "E",
    "foxtrot": "F", "golf": "G", "hotel": "H", "india": "I", "juliet": "J", "juliett": "J",
    "kilo": "K", "lima": "L", "mike": "M", "november": "N", "oscar": "O", "papa": "P",
    "quebec": "Q", "romeo": "R", "sierra": "S", "tango": "T", "uniform": "U",
    "victor": "V", "whiskey": "W", "whisky": "W", "x-ray": "X", "xray": "X", "yankee": "Y",
    "zulu": "Z",
}
# Letter names Vosk may write as words. Common English words, so only inside a run.
_LETTER_WORDS = {
    "bee": "B", "see": "C", "sea": "C", "dee": "D", "gee": "G", "jay": "J", "kay": "K",
    "el": "L", "em": "M", "en": "N", "pea": "P", "pee": "P", "queue": "Q", "cue": "Q",
    "are": "R", "ar": "R", "es": "S", "ess": "S", "tea": "T", "tee": "T", "you": "U",
    "vee": "V", "ex": "X", "why": "Y", "zee": "Z", "zed": "Z", "aitch": "H", "eff": "F", "eye": "I", "be": "B",
    "ef": "F",
}
FILLERS = frozenset("uh um uhm umm er erm ah eh hm hmm mm mhm huh uh-huh dash hyphen".split())
EXAMPLE_WORDS = {
    "A": "adam", "B": "boy", "C": "charles", "D": "david", "E": "edward", "F": "frank",
    "G": "george", "H": "henry", "I": "ida", "J": "john", "K": "king", "L": "lincoln",
    "M": "mary", "N": "nancy", "O": "ocean", "P": "peter", "Q": "queen", "R": "robert",
    "S": "sam", "T": "tom", "U": "union", "V": "victor", "W": "william", "X": "xylophone",
    "Y": "yellow", "Z": "zebra",
}

# ---------------------------------------------------------------- cues
CUE_PHRASES: dict[str, list[str]] = {
    Kind.STAFF_ID: [
        "i d", "i d number", "id", "id number", "i'd number", "operator number", "operator i d",
        "operator id", "operator", "agent i d", "agent id", "agent number", "badge number",
        "badge", "employee i d", "employee id", "employee number", "representative i d",
        "representative number", "staff i d", "staff number", "officer i d", "officer number",
        "identification number", "i d is", "operator i d number", "agent i d number",
        "i s o number", "i s o i d", "i s o i d number", "iso number", "iso i d", "iso id",
        "c s r number", "c s r i d", "c s r i d number", "csr number", "csr i d", "csr id",
        "representative i d number", "employee i d number", "rep number", "rep i d",
        "my number is", "my number's",  # staff only right after an introduction: see INTRO_NUMBER
        # a staff title read straight into digits: "u s c i s agent eight eight four oh seven"
        "agent", "officer", "representative", "specialist", "supervisor",
    ],
    Kind.RECEIPT_NUMBER: [
        "receipt number", "receipt", "receipt numbers", "case number", "receipt no",
        "case receipt number", "receipt notice number",
    ],
    Kind.A_NUMBER: [
        "a number", "alien number", "alien registration number", "a file number",
        "alien registration", "a-number", "a numbers", "alien file number",
        "registration number",
    ],
    Kind.REFERRAL_NUMBER: [
        "service request", "service request number", "referral number", "referral",
        "service request referral number", "service item", "service item number",
        "confirmation number", "confirmation", "write down this number",
        "write this number down", "write down the number", "write this down",
        "reference number", "request number", "s r number",
        "service ticket", "ticket number", "sr number", "number for that request",
        "number for the request", "number for your request", "number for this request",
        "that request number", "the request number", "request confirmation number",
    ],
    Kind.PHONE_NUMBER: [
        "phone number", "telephone number", "number i called", "call back number",
        "callback number", "call us at", "call back at", "toll free number", "cell phone",
        "cell number", "phone", "call", "called", "calling", "dial", "dialed", "reach me at",
        "reach you at", "cell", "my cell", "cell phone number", "my phone", "my phone number",
        "call me", "call me at", "call me back", "call me back at", "reach me", "reach me on",
        "mobile", "mobile number", "my mobile", "best number", "good number", "contact number",
        "fax", "fax number", "fax it to", "fax line", "fax them to", "facsimile",
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
    "operator badge agent officer representative specialist supervisor".split()
)
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
    her his hers their theirs
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
RESTART_MARKS = frozenset("sorry no wait oops actually mean correction again over scratch redo".split())
RESTART_OK = LEADING_OK | RESTART_MARKS | frozenset(
    "uh um er ah hmm i let me start that it's its that's my bad mistake hold on".split()
)
# "one moment", "one second", "one of", "one more": the word "one" that is no digit.
ONE_NOT_DIGIT_AFTER = frozenset(
    "moment moments second seconds sec secs minute minutes mo of more thing things time".split()
)
# "the one", "no one", "that one" … when no number follows ("no one two three" is digits).
ONE_NOT_DIGIT_BEFORE = frozenset("the no that this which each every any someone".split())
# "a new one four eight six …", "another one", "the second one …": "one" after these words is
# the pronoun for a number (a digit would need "one" said again: "the new one one two …").
# Not "right", "correct", "same": "that's right one nine four …" reads a number back.
ONE_PRONOUN_AFTER = frozenset(
    """
    new old older other another separate different next additional previous original earlier
    prior first second third fourth fifth last
    """.split()
)
# "i put in a request …": a request was just made, so "the number is …" names its referral.
REQUEST_VERBS = frozenset(
    "put submit submitted submitting send sent sending create created creating make made "
    "open opened opening file filed place placed enter entered raise raised log logged".split()
)

# ---------------------------------------------------------------- names
TITLES = frozenset("officer supervisor agent representative rep specialist".split())
POLITE_TITLES = frozenset("mister mr miss ms mrs missus doctor dr".split())
# Introductions: the name follows these words.
_INTROS: list[tuple[tuple[str, ...], bool]] = [
    # (phrase, said only by staff)
    (("my", "name", "is"), False),
    (("my", "name's"), False),
    (("name", "is"), False),
    (("this", "is"), False),
    (("you're", "speaking", "with"), True),
    (("you", "are", "speaking", "with"), True),
    (("you're", "talking", "to"), True),
    (("you're", "talking", "with"), True),
    (("you're", "speaking", "to"), True),
    (("i'm",), False),
    (("i", "am"), False),
    (("my", "last", "name", "is"), False),
    (("last", "name", "is"), False),
    (("my", "first", "name", "is"), False),
    (("it's",), False),
]
# "i'm x" / "i am x" / "it's x" also say what the speaker *is* ("i'm active duty", "i'm
# retired"): weak introductions, believed only from the agent's side in an agent's place in
# the dialogue (see StreamingExtractor._names) and never for the words below.
WEAK_INTROS = frozenset({("i'm",), ("i", "am"), ("it's",)})
PREDICATE = frozenset(
    """
    active duty retired married single divorced widowed separated engaged disabled blind deaf
    pregnant deployed stationed overseas abroad away home unemployed employed self
    veteran military army navy marine citizen resident permanent lawful legal student
    worried concerned confused frustrated upset nervous anxious scared sick ill tired fine
    late early old young older elderly senior aware unsure stuck desperate available busy
    free alone already almost finally also actually really pretty quite too kind sort
    disappointed surprised calm patient eligible approved denied delayed pending interested
    currently originally basically trying supposed sure glad happy sorry afraid able unable
    new here there back over due out off on in at from with about
    """.split()
)
# Common English words that are never a staff name in an introduction ("it's outside
# processing times", "a representative press zero"): a compact list of frequent words,
# leaving out those that are also common first names or surnames (will, may, mark, grace,
# young, white, …). Checked with COMMON in every name position. ("age": the staff-ID cue
# "agent" heard as "age and" right after the name: "this is jasmine age and number …")
NEVER_NAMES = frozenset(
    """
    about above across after against ago ahead almost along already although always among
    another anybody anyone anyway anywhere application applied apply approved area ask asked
    asking available away bad based become before began begin behind below better between
    big both bring brought business busy calls came cannot card care change changed changes
    check child children choose city close come comes coming complete confirm connect
    connected continue could couple course current currently date day days dear decision
    department dial dialing different difficult during each early easy either else email end
    english enough enter entered even ever every everyone everything exactly example explain
    fact family far fast few file filed find fine finish first five follow following form
    forms four free friday full further general give given gives go goes gone got group had
    half hand hang happen happened hard hear heard held help here high hold home hour hours
    however hung important inside instead interview issue issues it item keep kind knew last
    late later least leave left less letter life line list listen live local look lot made
    mail main make makes many maybe mean means message might mind minute minutes moment
    monday money month months most much must name near nearly never next nice night nobody
    none nothing notice number office often old once online open option options order other
    others otherwise outside own paper part past pay pending people perhaps person phone
    place point possible press pressed pretty probably problem process processed processing
    program provide public question questions quick quickly quite rather reach reached
    reason receive received recently record remain repeat request requests required
    reschedule response rest return said saturday say says schedule scheduled second select
    selected send sent serve services set several since small something sometimes soon
    spanish speak spoke start started state states status stay step still such sunday
    support system take taken takes talk tell than thing things think third though thought
    three through thursday time times together told too took top toward transfer transferred
    try tuesday turn under until update upon usually various visit want wanted wants way
    website wednesday week weeks whatever whether whole within without word work world wrong
    year years yet
    urgent normal closed expired invalid valid clear simple usual unusual typical standard
    final official missing lost stolen damaged inactive impossible necessary optional
    incorrect wrong perfect great worse worst strange weird odd similar common rare
    unfortunately possibly certainly definitely probably usually normally hopefully
    denied rejected received transferred reopened updated scheduled expedited stuck
    under review taking showing saying asking telling waiting
    employee employees staff identification personnel extension ext user member unit desk
    uscis dhs ncsc nvc fbi irs
    team department rep reference confirmation tracking ticket account callback direct
    age
    """.split()
)
# Words that are never a name in these positions (function words, call vocabulary).
COMMON = frozenset(
    """
    a about actually after again all also am an and any anything are around as at back be
    because been before being but by calling call can case check checking correct could
    did do does doing done for from get getting glad going gonna good great had has have
    having he hello help her here hi him his hold how i i'm if in inquiring is it it's its
    just know let like looking me more my need new no not now of off ok okay on one only
    or our out over please pleased put ready really regarding right same see she should so
    some sorry speaking still sure talking tell thank thanks that that's the their them
    then there these they this those to today trying u uh um up us very wait was we well
    were what when where which while who why will with would yeah yes you your you're
    calling reaching following happy unable afraid transferring officer agent supervisor
    representative operator tier two level customer service uscis center contact
    immigration national u.s. mister miss ms mrs doctor afternoon morning evening
    number id receipt referral badge also still currently new just from with ahead
    recorded line monitored quality purposes concerning wondering hoping writing waiting
    calling about having asking trying name last first full spelled spell spelling that's
    """.split()
)
# Words that may follow the name in "it's x …" ("it's maria from u s c i s", "it's tanya
# again", "yes it's keisha badge number …"); any other word means a sentence runs on and x
# is no name ("it's outside processing times", "it's pending review").
_AFTER_ITS_NAME = frozenset(
    """
    with from at here speaking and how what i i'm i'll i've my thank thanks calling again
    your u operator badge agent officer employee representative supervisor over who yes ok
    okay um uh on returning back by just hi hello that's spelled
    """.split()
)

# A modal verb then a pronoun starts a question after the name ("may i", "shall we").
_MODALS = frozenset("may might shall must".split())
_PRONOUNS = frozenset("i we you i'll we'll".split())
_GREETING_BEFORE = frozenset("hello hi hey morning afternoon evening s officer yes".split())
# Words before a title used to address someone: "hello officer", "thank you officer".
_VOCATIVE_BEFORE = frozenset("hello hi hey morning afternoon evening thanks you yes okay ok excuse sorry dear".split())
# Phrases that say which side is talking (used only when the transcript has no speaker).
# An agent's greeting and the way staff name their ID: one list, used where turn-taking
# is guessed (_AGENT_MARKS) and where an unlabelled "i'm x" is believed (AGENT_INTRO).
AGENT_GREETINGS = (
    "thank you for calling", "thanks for calling", "how can i help", "how may i help", "how can i assist",
    "how may i assist", "you've reached", "speaking", "my i d", "my operator", "my badge", "my employee", "my agent",
)
_AGENT_MARKS = AGENT_GREETINGS + (
    "may i have", "can i have the", "can i have your", "verify", "please hold",
    "transfer you", "one moment", "pull up", "i've created", "i have created", "i'll submit",
    "put in a service", "i've submitted", "i have submitted", "your case", "your referral",
    "anything else", "reviewed",
    "i can see", "i see that", "normal processing", "write down", "you should receive",
    "with u s c i s", "from u s c i s", "i'm going to", "let me", "for calling",
    "outside", "i'll create", "i'll put", "created a",
    "u s c i s my name", "officer",
)
_CALLER_MARKS = (
    "i'm calling", "calling about", "calling because", "my receipt", "my a number",
    "my case", "my application", "can i get your", "could i get your", "what is your",
    "what's your", "your i d", "your operator", "your badge", "got it", "thank you so much",
    "i filed", "i applied", "my work permit", "my green card", "my husband", "my wife",
    "i received", "i got a", "i need", "i was told", "can you tell me", "i'd like",
)
_NAME_REQUEST = (
    "your name", "your full name", "your first name", "your last name", "who am i speaking",
    "who is this", "spell your", "name please", "your first and last name", "spell that", "spell it",
)
_NAME_REQUEST_TO_STAFF = (
    " i d", " id ", "operator", "badge", "can i get your", "could i get your", "could i have your name and",
)

# ---------------------------------------------------------------- dialogue (stream)
TRAILING_OK = frozenset("please okay ok and right".split())
# A transfer or hold: the next voice is a new agent's.
HANDOVER = ("transfer you", "transferring you", "transfer your call", "please hold", "for holding",
            "for waiting", "connect you", "connecting you", "one moment", "bear with me")
# Where an unlabelled "i'm x" sounds like the agent introducing themself.
AGENT_INTRO = AGENT_GREETINGS + (
    "u s c i s", "for holding", "for waiting", "i'll be helping", "i'll be assisting", "taking over",
)
AGENT_LABELS = frozenset("agent staff csr officer iso representative rep operator".split())
CALLER_LABELS = frozenset("caller customer user me applicant client".split())
TAIL_AFTER = (("at", "the", "end"), ("on", "the", "end"), ("at", "end"))
TAIL_NAMES = frozenset("digits digit numbers part".split())
DENIALS = frozenset("no nope nah".split())
DENIAL_NEXT = frozenset("it's its it that's that the sorry no wait not actually you wrong".split())
WRONG_PHRASES = ("wrong", "not right", "not correct", "incorrect")

# The number assist: an answer to "what is your a number" opens so ("sure, a eight five …");
# a number follows these words ("… the number for your records is twenty eight …").
ANSWER_OPENERS = frozenset(
    "sure yes yeah yep okay ok alright right um uh well so it's its that's mine is of course certainly".split()
)
VALUE_LEADS = frozenset("is it's was be".split())

ENGLISH = Language(
    code="en",
    units={k: v for k, v in _UNITS.items() if k != "oh"},
    oh={"oh": "0", "o": "O", "owe": "0"},  # "seven owe seven": the digit zero or the letter O
    homophones=_HOMOPHONES,
    homophones_never_final=frozenset({"to"}),
    homophone_prepositions=frozenset({"to", "for"}),
    teens=_TEENS,
    tens=_TENS,
    hundred=frozenset({"hundred"}),
    thousand=frozenset({"thousand"}),
    hundred_and=frozenset({"and"}),
    multipliers={"double": 2, "triple": 3},
    double_u=frozenset({"you", "u"}),
    letters={c: c.upper() for c in "bcdefghjklmnpqrstuvwxyz"},
    weak_letters={"a": "A", "i": "I"},
    spelling_alphabet=NATO_ALPHABET,
    two_word_letters={("x", "ray"): "X"},
    letter_words=_LETTER_WORDS,
    # the letter R's name is the word "are" (and, said quickly, "our"): a staff ID's R
    staff_id_letter_words={"are": "R", "our": "R"},
    # b, c, d, e, g, p, t, v, z said quickly ("the"), n and m ("and", "an", "in")
    letter_sounds=frozenset({"the", "and", "an", "in"}),
    example_words=EXAMPLE_WORDS,
    spell_as=("as", "in"),
    spell_joiners=frozenset({"like", "for"}),
    fillers=FILLERS,
    one="one",
    one_words=frozenset({"one", "won"}),
    one_not_digit_after=ONE_NOT_DIGIT_AFTER,
    one_not_digit_before=ONE_NOT_DIGIT_BEFORE,
    one_pronoun_after=ONE_PRONOUN_AFTER,
    one_digit_after=frozenset("is it's its was are number digit digits and then in with".split()),
    hold_on=(("hold", "on"), ("hang", "on")),
    cue_phrases={k: tuple(v) for k, v in CUE_PHRASES.items()},
    short_reach=SHORT_REACH,
    cue_needs_lead={"a": A_NUMBER_LEADS},
    id_cue=("i", "d"),
    agency_cues=frozenset({("case", "number")}),
    other_agency=OTHER_AGENCY,
    noun_cues={("call",): CALL_NOUN_BEFORE},
    intro_number=INTRO_NUMBER,
    request_number_cues=frozenset({("tracking", "number"), ("tracking", "number", "is")}),
    glue=GLUE,
    after_not_id=AFTER_NOT_ID,
    months=MONTHS,
    month_words=frozenset({"may"}),
    ordinals=ORDINALS,
    ordinal_index=ORDINAL_INDEX,
    form_before=frozenset({"form", "forms", "the", "an"}),
    new_item=NEW_ITEM,
    earlier_call_before=EARLIER_CALL_BEFORE,
    call_word="call",
    readback_phrases=READBACK_PHRASES,
    readback_keys=READBACK_KEYS,
    repeat_request=REPEAT_REQUEST,
    repeat_keys=REPEAT_KEYS,
    leading_ok=LEADING_OK,
    trailing_ok=TRAILING_OK,
    restart_marks=RESTART_MARKS,
    restart_ok=RESTART_OK,
    request_verbs=REQUEST_VERBS,
    acknowledgments=frozenset("okay ok yes yeah yep right alright sure got it go ahead i see".split()),
    request_as_verb_after=frozenset("i'll will i we'll we me gonna".split()),
    request_word="request",
    number_word="number",
    my_word="my",
    denials=DENIALS,
    denial_next=DENIAL_NEXT,
    wrong_phrases=WRONG_PHRASES,
    swap_word="not",
    articles=frozenset({"a", "an"}),
    tail_after=TAIL_AFTER,
    tail_last="last",
    tail_names=TAIL_NAMES,
    tail_ends=frozenset({"ends", "ending", "end"}),
    tail_end_preps=frozenset({"in", "with"}),
    swap_last=frozenset({"last", "end"}),
    same_words=frozenset({"same"}),
    prefix_words=frozenset({"letters", "prefix", "beginning", "start"}),
    except_words=frozenset({"except", "but", "only"}),
    agent_labels=AGENT_LABELS,
    caller_labels=CALLER_LABELS,
    handover=HANDOVER,
    agent_intro=AGENT_INTRO,
    agent_marks=_AGENT_MARKS,
    caller_marks=_CALLER_MARKS,
    titles=TITLES,
    polite_titles=POLITE_TITLES,
    intros=tuple(_INTROS),
    weak_intros=WEAK_INTROS,
    predicate=PREDICATE,
    common=COMMON,
    never_names=NEVER_NAMES,
    after_its_name=_AFTER_ITS_NAME,
    modals=_MODALS,
    pronouns=_PRONOUNS,
    speaking=frozenset({"speaking", "here"}),
    greeting_before=_GREETING_BEFORE,
    vocative_before=_VOCATIVE_BEFORE,
    caller_greetings=frozenset({"hi", "hello", "hey"}),
    closing_greetings=("what can i do for you", "what can i help you with", "how can i direct your call"),
    self_after_vocative=frozenset({"i'm", "i", "my", "i've", "i'd"}),
    strong_intro_ends=frozenset({"is", "with", "to", "name's"}),
    its_intro=("it's",),
    name_request=_NAME_REQUEST,
    staff_request=_NAME_REQUEST_TO_STAFF,
    after_id=frozenset("number is it's num please".split()),
    spelled_lead=frozenset(("that's", "spelled", "that", "is", "it's", "uh", "um", "as", "last", "name", "actually",
                            "sorry")),
    bare_lead=frozenset(("yes", "sure", "it's", "yeah", "oh", "uh", "um", "okay", "my", "name", "is")),
    name_prefixes=("mc", "o'"),
    vowels=frozenset("aeiouy"),
    unsounded=frozenset("aeiouyhw"),
    name_suffixes=("ing", "ly", "ved", "wed"),  # "removed", "reviewed" (not Javed, Jawed)
    # "the officer tried", "it's listed", "officer asked": not "-eed", "-med", "-red", "-led",
    # "-hed", "-yed", "-ved", "-wed", where names end (Rasheed, Ahmed, Jared, Khaled, Rashed,
    # Sayed, Javed, Jawed)
    past_suffixes=("ied", "ted", "ked", "sed", "ded", "ged", "ped", "ned", "lled"),
    intro_tail_not_after=frozenset("i am my was were been be not".split()),
    indefinite_articles=frozenset({"a", "an"}),
    id_words=frozenset({"id", "i'd"}),
    open_intros=frozenset({("this", "is")}),
    clitics=("'s",),
    names_also_words=frozenset(
        "will may mark grace joy hope faith rose bill art gene guy jack june april dawn summer sandy pat ray "
        "bob carol chris don frank gary june lane lee miles max rich sue terry victor wade".split()
    ),
    answer_openers=ANSWER_OPENERS,
    value_leads=VALUE_LEADS,
)
