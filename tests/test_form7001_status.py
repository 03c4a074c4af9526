"""The Form 7001 helper's "regular avenues used up?" line: the form's English sentence, and
the same facts worded in the user's language on screen (``shown_avenues``).

Each scenario is a real store in one state of the guide's chain, read back through
``casefile.form7001_for``: no service request, a step still to wait for (due by a date,
today, or overdue, with and without Form 7001's day known), Form 7001 ready after SCOPS or
after the field office re-call, Form 7001 filed, and an answer received.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from tui_seed import NOW, frozen_now, seed_calls, settle, sync_tests, text_of

from companion import casefile, i18n
from companion.export.form7001 import Avenues, AvenuesState, english_avenues, shown_avenues
from companion.followup.rules import FILE_FORM_7001
from companion.records import FIELD_OFFICE, ServiceRequest
from companion.tui.app import make_app

RECEIPT = "IOE0891447326"


def scenario(store, name: str) -> date:
    """Put ``store`` in the state ``name``; returns the day to read the helper on."""
    ids = seed_calls(store)
    [sr] = store.service_requests()
    today = NOW.date()
    if name == "no_request":
        casefile.link_call(store, RECEIPT, ids[2])  # the recent call made no request
        return today
    if name.startswith("field_office"):
        casefile.link_call(store, RECEIPT, ids[2])
        fo = store.add_service_request(ids[2], "31577208", "field-office", created=date(2026, 3, 3), today=today)
        if name == "field_office_waiting":
            return today
        store.record_event("ncsc_called", "2026-03-05", sr_id=fo.id, today=today)
        return date(2026, 4, 4)
    casefile.link_call(store, RECEIPT, ids[1])
    store.record_event("service_center_emailed", "2026-03-02", sr_id=sr.id, today=today)
    if name == "waiting_by":
        return today
    if name == "waiting_today":
        return date(2026, 3, 23)
    if name == "waiting_since":
        return date(2026, 3, 30)
    store.record_event("scops_emailed", "2026-03-05", sr_id=sr.id, today=today)
    if name == "waiting_form_day":
        return today
    if name == "ready_after_scops":
        return date(2026, 3, 16)
    if name == "filed":
        store.record_event("form7001_filed", "2026-03-08", sr_id=sr.id, today=today)
        return today
    if name == "answered":
        store.record_event("response_received", "2026-03-06", sr_id=sr.id, today=today)
        return today + timedelta(days=200)  # every call's review window has closed too
    raise AssertionError(name)


# The form's sentence for each state, byte for byte as the helper wrote it before the screen
# got its own wording (the English screen shows exactly this).
ENGLISH = {
    "no_request": (
        False,
        ("Not yet: no service request is recorded for this case. The guide's regular avenues start with a service "
        "request made on an NCSC call."),
    ),
    "field_office_waiting": (
        False,
        ("Not yet: the next step of the guide is due by 2026-04-02: Call the NCSC (1-800-375-5283) about referral "
        "31577208."),
    ),
    "field_office_ready": (
        True,
        ("Yes: You called the NCSC again on 2026-03-05 (field office matter). If USCIS has still not responded 30 days "
        "later, you have tried the regular USCIS avenues: submit DHS Form 7001 to the Ombudsman. The date for it, "
        "2026-04-04, has passed or is today, and no response is recorded."),
    ),
    "waiting_by": (
        False,
        ("Not yet: the next step of the guide is due by 2026-03-23: Email USCIS Service Center Operations (SCOPS) "
        "about referral 76013389."),
    ),
    "waiting_today": (
        False,
        ("Not yet: the next step of the guide is due today: Email USCIS Service Center Operations (SCOPS) about "
        "referral 76013389."),
    ),
    "waiting_since": (
        False,
        ("Not yet: the next step of the guide is due since 2026-03-23: Email USCIS Service Center Operations (SCOPS) "
        "about referral 76013389."),
    ),
    "waiting_form_day": (
        False,
        ("Not yet: the next step of the guide is due by 2026-03-15: Expect a reply from SCOPS about referral 76013389. "
        "If USCIS has still not answered, Form 7001 is the next step from 2026-03-16."),
    ),
    "ready_after_scops": (
        True,
        ("Yes: No reply from SCOPS within 10 days of the email of 2026-03-05: you have tried the regular USCIS "
        "avenues, so submit DHS Form 7001 to the Ombudsman. The date for it, 2026-03-16, has passed or is today, "
        "and no response is recorded."),
    ),
    "filed": (True, "You recorded filing Form 7001 on 2026-03-08."),
    "answered": (
        False,
        ("Not needed so far: USCIS responded on 2026-03-06. If the answer did not resolve your case, you may still "
        "file."),
    ),
}

# The Spanish line: the words that say where the case stands, and the step shown in Spanish.
SPANISH = {
    "no_request": "Todavía no: no hay ninguna solicitud de servicio registrada para este caso.",
    "field_office_waiting": "Todavía no: el siguiente paso de la guía vence el 2026-04-02: Llame al NCSC",
    "field_office_ready": "Sí: usted volvió a llamar al NCSC el 2026-03-05 (asunto de oficina local). Si USCIS "
    "todavía no ha respondido 30 días después,",
    "waiting_by": "Todavía no: el siguiente paso de la guía vence el 2026-03-23: Escriba a Operaciones",
    "waiting_today": "Todavía no: el siguiente paso de la guía vence hoy: Escriba a Operaciones",
    "waiting_since": "Todavía no: el siguiente paso de la guía venció el 2026-03-23: Escriba a Operaciones",
    "waiting_form_day": "el Formulario 7001 es el siguiente paso a partir del 2026-03-16.",
    "ready_after_scops": "Sí: SCOPS no respondió en 10 días desde su correo del 2026-03-05",
    "filed": "Usted registró que presentó el Formulario 7001 el 2026-03-08.",
    "answered": "Por ahora no hace falta: USCIS respondió el 2026-03-06.",
}

# Words of the English line that must not reach the Spanish screen.
ENGLISH_WORDS = re.compile(
    r"\b(Not yet|Yes|Not needed|You recorded|next step|the guide|is due|days?|service request|avenues|"
    r"has passed|no response|If USCIS|Email|Call the|Expect|referral)\b"
)


@pytest.fixture
def spanish():
    i18n.set_language("es")
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("name", ENGLISH)
def test_the_form_says_it_in_english_as_before_and_the_english_screen_the_same(store, name):
    form = casefile.form7001_for(store, RECEIPT, scenario(store, name))
    assert (form.exhausted, form.exhausted_reason) == ENGLISH[name]
    assert shown_avenues(form.avenues) == form.exhausted_reason
    assert form.to_dict()["exhausted_reason"] == form.exhausted_reason


@pytest.mark.parametrize("name", SPANISH)
def test_the_screen_line_is_spanish_and_the_form_stays_english(store, spanish, name):
    form = casefile.form7001_for(store, RECEIPT, scenario(store, name))
    shown = shown_avenues(form.avenues)
    assert SPANISH[name] in shown
    assert not ENGLISH_WORDS.search(shown), shown
    assert (form.exhausted, form.exhausted_reason) == ENGLISH[name]  # the form fills an English form
    assert ENGLISH[name][1] in form.render("text")


@pytest.mark.parametrize("name", ["field_office_ready", "ready_after_scops"])
def test_a_ready_line_says_what_the_rules_say(store, name):
    """The line is built from facts, not from the rule's sentence: it must still agree with it."""
    today = scenario(store, name)
    case = store.case_by_receipt(RECEIPT)
    [step] = [a for a in casefile.case_actions(store, case, today) if a.kind == FILE_FORM_7001]
    form = casefile.form7001_for(store, RECEIPT, today)
    assert form.exhausted_reason.startswith(f"Yes: {step.detail} ")


def test_no_open_step(spanish):
    from companion.export.form7001 import _avenues

    sr = ServiceRequest(id=1, call_id=1, referral_number="76013389", venue=FIELD_OFFICE, created=date(2026, 3, 3))
    avenues = _avenues([sr], [], [], NOW.date())
    assert avenues == Avenues(AvenuesState.NO_STEP)
    assert english_avenues(avenues) == "Not yet: no open step of the guide is recorded for this case."
    assert shown_avenues(avenues) == "Todavía no: no hay ningún paso abierto de la guía registrado para este caso."


# -- on screen ---------------------------------------------------------------------------------


def status_line(app) -> str:
    """What the screen shows in the status line above the helper, on one line."""
    region = app.screen.query_one("#form7001-status").region
    rows = text_of(app).splitlines()[region.y : region.bottom]
    return " ".join(" ".join(row[region.x : region.right] for row in rows).split())


async def open_form7001(app, pilot) -> None:
    await settle(app, pilot)
    app.action_cases()
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    await pilot.press("7")
    await settle(app, pilot)
    await settle(app, pilot)
    assert type(app.screen).__name__ == "Form7001Screen"


async def test_the_form7001_screen_says_where_the_case_stands_in_spanish(store):
    scenario(store, "waiting_form_day")
    store.set_profile(language="es")
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(110, 34)) as pilot:
        await open_form7001(app, pilot)
        assert status_line(app) == (
            "Todavía no: el siguiente paso de la guía vence el 2026-03-15: Espere la respuesta de SCOPS sobre la "
            "referencia 76013389. Si USCIS todavía no ha respondido, el Formulario 7001 es el siguiente paso a partir "
            "del 2026-03-16."
        )
        # The helper itself fills an English form, and says so in English.
        assert "Regular USCIS avenues used up? Not yet" in text_of(app)


async def test_the_form7001_screen_in_english_shows_the_forms_sentence(store):
    scenario(store, "waiting_form_day")
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(110, 34)) as pilot:
        await open_form7001(app, pilot)
        assert status_line(app) == ENGLISH["waiting_form_day"][1]


sync_tests(globals())


