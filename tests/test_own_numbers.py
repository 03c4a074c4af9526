"""The user's own receipts and A-number heard anywhere in a call (``assist.own_matches``).

A receipt number or A-number the user typed in is the strongest prior there is: ten (or
nine) digits within a digit or two of it, said anywhere — cue or no cue — are that number.
What must not happen: a staff ID or referral read as the user's receipt, a reading
between two of the user's receipts one digit apart taken as either.
"""

from __future__ import annotations

from companion.asr.assist import VOSK, AssistSettings, OwnMatch, own_matches, utterance_reading
from companion.session import read_spoken

RECEIPT = "IOE0912345678"
RECEIPT_2 = "IOE0912345679"  # the user's second case, one digit apart
A_NUMBER = "A012345678"
OWN = [("receipt_number", RECEIPT), ("a_number", "A204618893")]


def heard(text: str) -> list[str]:
    return read_spoken(text)


def test_a_receipt_said_anywhere_is_the_users():
    got = own_matches(heard("okay zero nine one two three four five six seven eight thank you"), OWN)
    assert got == [OwnMatch("receipt_number", RECEIPT, 0)]


def test_a_digit_or_two_wrong_missing_or_extra_still_match():
    assert own_matches(heard("zero nine one two three four five six seven three"), OWN) == [
        OwnMatch("receipt_number", RECEIPT, 1)]  # one wrong
    assert own_matches(heard("zero nine one two four five six seven eight"), OWN) == [
        OwnMatch("receipt_number", RECEIPT, 1)]  # one missing
    assert own_matches(heard("zero nine one two two three four five six seven eight"), OWN) == [
        OwnMatch("receipt_number", RECEIPT, 1)]  # one extra
    assert own_matches(heard("zero nine one two three four five one seven three"), OWN) == [
        OwnMatch("receipt_number", RECEIPT, 2)]  # two wrong


def test_three_wrong_digits_are_another_number():
    assert own_matches(heard("zero nine one five three four five one seven three"), OWN) == []


def test_a_staff_id_or_a_referral_is_never_the_users_receipt():
    # the referral's eight digits are the receipt's last eight: two missing is too few heard
    assert own_matches(heard("your referral number is one two three four five six seven eight"), OWN) == []
    assert own_matches(heard("my i d is four five six seven eight"), OWN) == []
    assert own_matches(["12345678", "4567"], OWN) == []


def test_an_a_number_tolerates_one_digit_only():
    own = [("a_number", A_NUMBER)]
    assert own_matches(heard("zero one two three four five six seven eight"), own) == [
        OwnMatch("a_number", A_NUMBER, 0)]
    assert own_matches(heard("zero one two three four five six seven nine"), own) == [
        OwnMatch("a_number", A_NUMBER, 1)]
    assert own_matches(heard("zero one two three four five six two nine"), own) == []
    # said without its leading zero ("a one two three …")
    assert own_matches(heard("a one two three four five six seven eight"), own) == [
        OwnMatch("a_number", A_NUMBER, 0)]


def test_two_receipts_one_digit_apart_the_nearer_wins_a_tie_is_neither():
    own = [("receipt_number", RECEIPT), ("receipt_number", RECEIPT_2)]
    assert own_matches(["0912345678"], own) == [OwnMatch("receipt_number", RECEIPT, 0)]
    assert own_matches(["0912345679"], own) == [OwnMatch("receipt_number", RECEIPT_2, 0)]
    assert own_matches(["0912345670"], own) == []  # one off both: no way to tell
    # both read out in one result: both are there
    both = own_matches(["09123456780912345679"], own)
    assert sorted(m.value for m in both) == [RECEIPT, RECEIPT_2]


def test_the_nearest_reading_of_several_counts():
    # the free words lost digits; the grammar heard them
    got = own_matches(["09123", "0912345678"], OWN)
    assert got == [OwnMatch("receipt_number", RECEIPT, 0)]


def test_the_allowances_are_per_engine():
    strict = AssistSettings("strict", low_confidence=VOSK.low_confidence, own_receipt_off=0)
    assert own_matches(["0912345670"], OWN, strict) == []
    assert own_matches(["0912345678"], OWN, strict) == [OwnMatch("receipt_number", RECEIPT, 0)]


def test_only_receipts_and_a_numbers_are_looked_for():
    assert own_matches(["12345678"], [("referral_number", "12345678"), ("staff_id", "4821")]) == []


def test_utterance_reading_takes_the_grammar_words_inside_the_result():
    words = [{"word": "okay", "start": 10.0, "end": 10.4}, {"word": "nine", "start": 10.5, "end": 10.9}]
    grammar = [{"word": "five", "start": 8.0, "end": 8.4},  # the previous result's
               {"word": "oh", "start": 10.0, "end": 10.4}, {"word": "nine", "start": 10.5, "end": 10.9},
               {"word": "[unk]", "start": 10.9, "end": 11.0}]
    assert utterance_reading(words, grammar) == "oh nine"
    assert utterance_reading([], grammar) == ""
