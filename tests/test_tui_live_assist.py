"""Pilot tests of the number assist on the Live call: the row shows the other reading, `v` takes it.

Events reach the screen the way the recognition pipeline delivers them: its callback
(``LiveCallScreen._on_capture_event``) called on a worker thread with the pipeline's own
``FinalResult`` and ``NumberAssist`` classes.
"""

from __future__ import annotations

import asyncio
import re

from textual.widgets._footer import FooterKey
from tui_seed import LiveApp, run_async, wait_for

from companion.asr.pipeline import FinalResult, NameAssist, NumberAssist
from companion.records import CANDIDATE, CONFIRMED
from companion.tui.live_call import LiveCallScreen


def spoken(text: str, t0: float = 1.0, low: tuple[str, ...] = ()) -> dict:
    words = []
    for i, w in enumerate(text.split()):
        start = round(t0 + 0.35 * i, 2)
        words.append({"word": w, "start": start, "end": round(start + 0.3, 2),
                      "conf": 0.4 if w in low else 0.97})
    return {"text": text, "result": words}


STAFF_ID_SAID = spoken("my i d is for five too one", t0=5.0, low=("five",))  # 4521, at 6.40 .. 7.75
ASSIST = NumberAssist(None, 6.4, 7.75, "for five too one", "four nine two one")
GREETING = spoken("thank you for calling this is officer smith", t0=0.0)


async def deliver(screen: LiveCallScreen, *events) -> None:
    """Hand events to the screen's capture callback on a worker thread, in order."""

    def run() -> None:
        for event in events:
            screen._on_capture_event(event)

    await asyncio.to_thread(run)


def rows(screen: LiveCallScreen) -> list[str]:
    ol = screen.fields_panel.option_list
    return [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)]


def transcript_text(screen: LiveCallScreen) -> str:
    """Everything the transcript log shows, notes included, as plain text."""
    return " ".join(strip.text for strip in screen.transcript.log_widget.lines)


def footer_keys(screen: LiveCallScreen) -> set[str]:
    return {key.key for key in screen.query(FooterKey)}


@run_async
async def test_alternative_shows_on_the_row_and_v_takes_it(consented):
    app = LiveApp(consented, manual=True)  # no capture of its own
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, LiveCallScreen)
        await wait_for(pilot, lambda: screen.session is not None)
        await deliver(screen, FinalResult(None, STAFF_ID_SAID), NumberAssist(*vars(ASSIST).values()))
        await wait_for(pilot, lambda: any("alt" in r for r in rows(screen)))
        await pilot.pause()
        [row] = rows(screen)
        assert re.fullmatch(r"Staff ID +4521 \d+% \?  alt 4921 \(digits\)", row), row
        assert "v uses 4921 for Staff ID" in transcript_text(screen)
        assert "v" in screen.active_bindings and "v" in footer_keys(screen)
        [field] = consented.fields(screen.session.call_id)
        assert (field.value, field.status) == ("4521", CANDIDATE)

        await pilot.press("v")
        await pilot.pause()
        [field] = consented.fields(screen.session.call_id)
        assert (field.value, field.status) == ("4921", CONFIRMED)
        [row] = rows(screen)
        assert "4921" in row and "alt" not in row and "✓" in row
        assert "v" not in screen.active_bindings and "v" not in footer_keys(screen)


@run_async
async def test_assist_before_its_field_and_v_only_on_that_row(consented):
    app = LiveApp(consented, manual=True)  # no capture of its own
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.session is not None)
        # The assist overtakes the result it is about; a staff name comes first.
        await deliver(screen, FinalResult(None, GREETING), ASSIST, FinalResult(None, STAFF_ID_SAID))
        await wait_for(pilot, lambda: len(rows(screen)) == 2)
        await pilot.pause()
        name_row, id_row = rows(screen)
        assert "Smith" in name_row and "alt" not in name_row
        assert "alt 4921 (digits)" in id_row
        assert screen.fields_panel.selected().kind == "staff_name"
        assert "v" not in screen.active_bindings
        await pilot.press("v")  # nothing to use on this row: nothing changes
        await pilot.pause()
        assert {f.value for f in consented.fields(screen.session.call_id)} == {"Smith", "4521"}

        await pilot.press("down")
        await pilot.pause()
        assert screen.fields_panel.selected().kind == "staff_id"
        assert "v" in screen.active_bindings and "v" in footer_keys(screen)
        await pilot.press("v")
        await pilot.pause()
        field = next(f for f in consented.fields(screen.session.call_id) if f.kind == "staff_id")
        assert (field.value, field.status) == ("4921", CONFIRMED)


@run_async
async def test_confirming_the_heard_value_drops_the_alternative(consented):
    app = LiveApp(consented, manual=True)  # no capture of its own
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.session is not None)
        await deliver(screen, FinalResult(None, STAFF_ID_SAID), ASSIST)
        await wait_for(pilot, lambda: "v" in footer_keys(screen))
        await pilot.press("c")
        await pilot.pause()
        [field] = consented.fields(screen.session.call_id)
        assert (field.value, field.status) == ("4521", CONFIRMED)
        assert "alt" not in rows(screen)[0]
        assert "v" not in footer_keys(screen)


GARBLED_ID_SAID = spoken("this is officer nadia my agent i d is nine l four fifty two", t0=1.0)
CUE_ASSIST = NumberAssist(None, 4.15, 5.85, "nine l four fifty two", "nine oh four fifty two", "staff_id")


@run_async
async def test_a_reading_applied_by_the_assist_is_marked_and_v_puts_the_free_one_back(consented):
    app = LiveApp(consented, manual=True)  # no capture of its own
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.session is not None)
        await deliver(screen, FinalResult(None, GARBLED_ID_SAID), CUE_ASSIST)
        await wait_for(pilot, lambda: any("90452" in r for r in rows(screen)))
        await pilot.pause()
        row = next(r for r in rows(screen) if "Staff ID" in r)
        assert re.fullmatch(r"Staff ID +90452 by digits \?  alt 9L452 \(free\)", row), row
        shown = " ".join(transcript_text(screen).split())  # the log wraps long notes
        assert "Staff ID set to 90452 from it, unconfirmed; v puts back 9L452" in shown
        field = next(f for f in consented.fields(screen.session.call_id) if f.kind == "staff_id")
        assert (field.value, field.status) == ("90452", CANDIDATE)

        while screen.fields_panel.selected().kind != "staff_id":
            await pilot.press("down")
            await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        field = consented.field(field.id)
        assert (field.value, field.status) == ("9L452", CONFIRMED)


NAME_SAID = spoken("thank you for calling this is tenure with u s c i s", t0=0.0)  # "tenure" 2.10 .. 2.40
NAME_ASSIST = NameAssist(None, 2.1, 2.4, "tenure", "tanya")


@run_async
async def test_a_name_read_again_replaces_a_word_and_v_puts_it_back(consented):
    app = LiveApp(consented, manual=True)  # no capture of its own
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.session is not None)
        await deliver(screen, FinalResult(None, NAME_SAID), NAME_ASSIST)
        await wait_for(pilot, lambda: any("Tanya" in r for r in rows(screen)))
        await pilot.pause()
        [row] = rows(screen)
        assert re.fullmatch(r"\S.* +Tanya by name list \?  alt Tenure \(free\)", row), row
        shown = " ".join(transcript_text(screen).split())
        assert "name check: “tenure” may be “tanya”" in shown
        assert "set to Tanya from it, unconfirmed; v puts back Tenure" in shown
        await pilot.press("v")
        await pilot.pause()
        [field] = consented.fields(screen.session.call_id)
        assert (field.value, field.status) == ("Tenure", CONFIRMED)


@run_async
async def test_the_users_own_receipt_heard_shows_as_matching_their_case(consented):
    """A ``GrammarReading`` (the pipeline's event after each result) in which the user's own
    receipt is heard a digit off: the row takes their value, says it matches their case,
    and `c` confirms it; the read-back adds nothing."""
    from companion.asr.pipeline import GrammarReading

    consented.add_case("IOE0912345678")
    app = LiveApp(consented, manual=True)  # no capture of its own
    answer = spoken("sure i owe he oh nine won to three for five six seven ate", t0=4.0)
    back = spoken("okay i o e zero nine one two three four five six seven eight", t0=12.0)
    async with app.run_test(size=(110, 30)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.session is not None)
        await deliver(screen, FinalResult(None, answer),
                      GrammarReading(None, 4.0, 8.2, answer["text"], "i o e zero nine one two three four five six seven three"))
        await wait_for(pilot, lambda: any("IOE0912345678" in r for r in rows(screen)))
        await pilot.pause()
        [row] = rows(screen)
        assert re.fullmatch(r"Receipt +IOE0912345678 matches your case \?", row), row
        note = " ".join(transcript_text(screen).split())  # the log wraps long lines
        assert "Receipt set to IOE0912345678: matches your case IOE0912345678, unconfirmed" in note
        await pilot.press("c")
        await pilot.pause()
        [field] = consented.fields(screen.session.call_id)
        assert (field.value, field.status) == ("IOE0912345678", CONFIRMED)
        await deliver(screen, FinalResult(None, back),
                      GrammarReading(None, 12.0, 16.2, back["text"], "i o e zero nine one two three four five six seven eight"))
        await pilot.pause()
        assert [f.value for f in consented.fields(screen.session.call_id)] == ["IOE0912345678"]


@run_async
async def test_a_staff_name_spelled_out_shows_on_its_row(consented):
    """The agent spells their name when asked; the free recognizer made the letters words,
    the number grammar's ``GrammarReading`` holds them: a staff-name row appears at once
    (unconfirmed), and the transcript says where it came from."""
    from companion.asr.pipeline import GrammarReading

    app = LiveApp(consented, manual=True)  # no capture of its own
    asked = spoken("sorry how do you spell your last name", t0=4.0)
    spelled = spoken("and she you why he and", t0=8.0)
    async with app.run_test(size=(110, 30)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.session is not None)
        await deliver(screen, FinalResult(None, GREETING), FinalResult(None, asked), FinalResult(None, spelled),
                      GrammarReading(None, 8.0, 10.05, spelled["text"], "n g u y e n"))
        await wait_for(pilot, lambda: any("Nguyen" in r for r in rows(screen)))
        await pilot.pause()
        assert next(r for r in rows(screen) if "Nguyen" in r).rstrip().endswith("?")  # unconfirmed
        shown = " ".join(transcript_text(screen).split())
        assert "name check: “and she you why he and” may be “n g u y e n”" in shown
        [field] = [f for f in consented.fields(screen.session.call_id) if f.value == "Nguyen"]
        assert field.status == CANDIDATE
