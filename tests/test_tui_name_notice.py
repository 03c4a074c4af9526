"""Pilot tests: the Live call says at once when the agent's name was not heard clearly.

The notice is a row among the fields (``FieldsPanel``), unconfirmed, with what was heard;
``c`` takes the heard word, ``e`` types the name, ``x`` dismisses — the keys of a field. The
name is committed on a worker (the UI thread never waits on the session or the store) and is
in the database when the row turns into a confirmed field.
"""

from __future__ import annotations

import json

from test_name_precision10 import INTRO, UNSURE, result
from test_tui_live_assist import deliver, rows, transcript_text
from tui_seed import LiveApp, run_async, text_of, wait_for

from companion.asr.pipeline import FinalResult
from companion.records import CONFIRMED, EXTRACTED, STAFF_NAME, TYPED
from companion.tui.live_call import LiveCallScreen


def staff_names(store, call_id: int) -> list[tuple[str, str, str]]:
    return [(f.value, f.status, f.source) for f in store.fields(call_id) if f.kind == STAFF_NAME]


def agent(text: str, t0: float = 1.0) -> dict:
    r = result(text, t0=t0)
    r["speaker"] = "agent"
    return r


@run_async
async def test_a_replayed_call_shows_the_notice_and_e_types_the_name(consented, tmp_path):
    call = tmp_path / "call.jsonl"
    call.write_text("\n".join(json.dumps(r) for r in (
        agent("thank you for calling my name is of the yeah how can i help"),
        {**result("hi i'm calling about my case", t0=6.0), "speaker": "caller"},
    )) + "\n")
    app = LiveApp(consented, replay=call, speed=1000)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, LiveCallScreen)
        await wait_for(pilot, lambda: screen.fields_panel.notices)
        await pilot.pause()
        [row] = rows(screen)
        assert row.startswith("Staff name") and "not heard clearly ?" in row and "heard “of the yeah”" in row, row
        assert "not heard clearly" in text_of(app)  # on screen, in the fields area
        assert "the agent's name was not heard clearly (heard “of the yeah”)" in transcript_text(screen)
        assert staff_names(consented, screen.session.call_id) == []

        await pilot.press("e")
        await pilot.pause()
        edit = screen.query_one("#live-field-edit")
        assert screen.focused is edit and edit.value == "of the yeah"
        edit.value = ""
        await pilot.press("enter")  # nothing typed: said so, nothing saved, the input stays
        await pilot.pause()
        assert "staff name" in screen.fields_panel.error_text and screen.focused is edit
        await pilot.press(*"oluwaseun adebayo", "enter")
        await wait_for(pilot, lambda: not screen.fields_panel.notices)
        await pilot.pause()
        assert staff_names(consented, screen.session.call_id) == [("Oluwaseun Adebayo", CONFIRMED, TYPED)]
        [row] = rows(screen)
        assert "Oluwaseun Adebayo" in row and "✓" in row and "not heard" not in row
        assert screen.focused is screen.fields_panel.option_list


@run_async
async def test_a_held_name_c_takes_the_heard_word(consented):
    app = LiveApp(consented, manual=True)  # no capture of its own: the pipeline's events by hand
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.session is not None)
        screen.session.assist_settings = UNSURE  # the stand-in's: "denies" heard unsure is held back
        await deliver(screen, FinalResult(None, result(INTRO, unsure=("denies",))))
        await wait_for(pilot, lambda: screen.fields_panel.notices)
        await pilot.pause()
        [row] = rows(screen)
        assert "not heard clearly" in row and "heard “Denies” 24%" in row and "c use it" in row, row
        assert "c" in screen.active_bindings

        await pilot.press("c")
        await wait_for(pilot, lambda: staff_names(consented, screen.session.call_id))
        await wait_for(pilot, lambda: not screen.fields_panel.notices)
        assert staff_names(consented, screen.session.call_id) == [("Denies", CONFIRMED, EXTRACTED)]
        [row] = rows(screen)
        assert "Denies" in row and "✓" in row and "not heard" not in row


@run_async
async def test_x_dismisses_and_c_with_nothing_heard_opens_the_input(consented):
    app = LiveApp(consented, manual=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_for(pilot, lambda: screen.session is not None)
        await deliver(screen, FinalResult(None, agent("thank you for calling u s c i s my name is")),
                      FinalResult(None, agent("with the contact center how can i help", t0=6.0)))
        await wait_for(pilot, lambda: screen.fields_panel.notices)
        await pilot.pause()
        [row] = rows(screen)
        assert "ask them to spell it" in row, row
        await pilot.press("c")  # nothing heard to take: type it
        await pilot.pause()
        assert screen.fields_panel.editing_notice is not None
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert rows(screen) == [] and not screen.fields_panel.notices
        assert screen.session.name_notices() == []  # the session keeps it closed too
        # a later reading never brings it back
        await deliver(screen, FinalResult(None, agent("okay one moment", t0=12.0)))
        await pilot.pause(0.2)
        assert rows(screen) == []
        assert staff_names(consented, screen.session.call_id) == []
