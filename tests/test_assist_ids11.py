"""Staff IDs, round 11 (issue 9, branch i9-r11-ids): rules about how a staff ID is said and
confirmed in a call, found on the ten design sets of the spoken-call rig and checked on two
fresh ones; each tested here without the rig."""

from __future__ import annotations

from companion.extract.stream import extract


def _results(*said: tuple[str | None, str]) -> list[dict]:
    """Vosk results, one per (speaker, text), a second apart."""
    out, t = [], 1.0
    for speaker, text in said:
        ws = []
        for w in text.split():
            ws.append({"word": w, "start": t, "end": t + 0.3, "conf": 1.0})
            t += 0.35
        t += 1.0
        result: dict = {"text": text, "result": ws}
        if speaker:
            result["speaker"] = speaker
        out.append(result)
    return out


def _kinds(*said: tuple[str | None, str]) -> list[tuple[str, str]]:
    return [(str(e.kind), e.value) for e in extract(_results(*said))]


# --------------------------------------------------------------------------- a number said back


def test_a_number_said_back_at_once_is_a_staff_id_whose_cue_was_lost():
    # the cue lost to a sound-alike ("my operator number it's" → "my operational brits"),
    # the caller reads the number back: the two sides confirm a staff ID's 4–6 characters
    assert _kinds(("agent", "i came to view my operational brits eleven forty seven"),
                  ("caller", "eleven forty seven okay")) == [("staff_id", "1147")]
    # the question's cue lost ("and your id sam" → "and you're it sound"): answer, then read-back
    assert _kinds(("caller", "great and you're it sound"), ("agent", "six three eight zero"),
                  ("caller", "six three eight oh")) == [("staff_id", "6380")]
    # said again by the same voice (a repeat asked for, then said once more)
    assert _kinds((None, "seven one three two zero"), (None, "seven one three two zero")) == [
        ("staff_id", "71320")]


def test_a_number_said_once_or_not_back_at_once_is_no_staff_id():
    # said once: nothing says what it is
    assert _kinds(("agent", "i came to view my operational brits eleven forty seven"),
                  ("caller", "okay thank you")) == []
    # said again only later in the result (not a read-back), or a result later
    assert _kinds(("agent", "eleven forty seven"), ("caller", "okay i wrote down the eleven forty seven")) == []
    assert _kinds(("agent", "eleven forty seven"), ("caller", "okay"), ("caller", "eleven forty seven")) == []
    # two different numbers
    assert _kinds(("agent", "eleven forty seven"), ("caller", "eleven forty eight")) == []
    # other words before it than a read-back's "yes", "okay", "sorry" (the telephone band:
    # "… up to nine four four" / "the eventual to nine four four okay", a referral's tail)
    assert _kinds((None, "take that into you up to nine four four"), (None, "the eventual to nine four four okay")) == []
    assert _kinds((None, "up to nine four four"), (None, "okay so to nine four four")) == [("staff_id", "2944")]


def test_a_number_said_back_under_another_kinds_cue_is_not_a_staff_id():
    # a referral read in groups, each group read back: the referral's, no staff ID
    got = _kinds(("agent", "the referral number is one three oh five"), ("agent", "five two seven eight"),
                 ("caller", "five two seven eight"))
    assert ("staff_id", "5278") not in got
    assert ("referral_number", "13055278") in got
    # a zip code said back (its cue names it) or a year
    assert _kinds(("caller", "my zip code is nine five one two five"), ("agent", "nine five one two five")) == []


# --------------------------------------------------------------------------- the letter R heard as a word


def test_the_letter_r_heard_as_are_or_our_before_a_staff_ids_digits_is_its_letter():
    # the name of the letter R is the word "are" ("our" said quickly): right before a staff
    # ID's digits it is the ID's letter
    assert _kinds(("caller", "and can i have your i d"), ("agent", "sure it's our one four four two")) == [
        ("staff_id", "R1442")]
    assert _kinds(("caller", "and your i d"), ("agent", "rachel and my ideas are three five one")) == [
        ("staff_id", "R351")]
    # spelled by example: "r as in robert" heard "are as in robert"
    assert _kinds(("caller", "can i have your i d"),
                  ("agent", "and my ideas are as in robert seven seven three two")) == [("staff_id", "R7732")]


def test_are_or_our_elsewhere_is_no_letter():
    # an example word of another letter: "are" is no R there
    assert _kinds(("caller", "can i have your operator number"),
                  ("agent", "my operator number is are as in tom one two three four")) == [("staff_id", "1234")]
    # before another kind's digits, or with no staff ID's digits after it
    got = _kinds(("agent", "your referral number is our one three oh five five two seven eight"))
    assert ("referral_number", "13055278") in got and not any(k == "staff_id" for k, _ in got)
    assert _kinds(("caller", "can i have your i d"), ("agent", "our lines are busy today")) == []
