"""Review, Follow-ups and the case screens in Spanish, driven with Pilot on a seeded store;
times written as a Spanish reader writes them (20:00), English as it was (8:00 PM).

What these screens show from the domain (follow-up titles, statuses, venues, event labels,
tier names, day counts, "not yet confirmed") must read Spanish too: the checks below look
for the Spanish words and for the English ones that used to leak through.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from test_tui_case_snapshots import _case
from tui_seed import NOW, frozen_now, seed_calls, settle, sync_tests

from companion import i18n
from companion.tui.app import make_app

# English words that, on these screens, only ever come from an untranslated string
ENGLISH = re.compile(
    r"\b(Tier|on hold|created|candidate|confirmed|Service request|service center|field office|Due next|"
    r"not yet confirmed|days? ago|in \d+ days?|emailed|Staff|Referral:|call\(s\)|Delete|Back|Record)\b"
)


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def english_left(text: str) -> list[str]:
    """Lines with English words, but for the transcript (the call itself was in English)."""
    said = re.compile(r"^ \d\d:\d\d (agent|caller): ")
    return [line for line in text.splitlines() if ENGLISH.search(line) and not said.match(line)]


def dialog_text(text: str) -> str:
    """The words inside the dialog's frame (█ … █), on one line: it wraps where the width says."""
    inside = [line[line.index("█") + 1 : line.rindex("█")] for line in text.splitlines() if line.count("█") >= 2]
    return " ".join(" ".join(inside).split())


# -- Review -----------------------------------------------------------------------------


async def test_review_list_and_search_in_spanish(store):
    seed_calls(store)
    app = make_app(store=store, now=frozen_now, language="es")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_review()
        await settle(app, pilot)
        text = screen_text(app)
        assert app.screen.sub_title == "Revisar"
        assert "3 llamada(s). Enter: abrir · /: buscar · e: exportar · supr: borrar" in text
        assert "Buscar en todas las transcripciones (Enter)" in text
        assert re.search(r"#3 +mar\. 2026-03-03 10:00 EST +01:11 +7 frases +referencia 76013389 · agente Helen", text)
        assert "/ Buscar" in text and "esc Volver" in text  # the footer
        await pilot.press("slash", *"service request", "enter")
        await settle(app, pilot)
        text = screen_text(app)
        assert "3 resultado(s) para 'service request'. Enter: abrir en ese momento · Esc: todas las llamadas" in text
        await pilot.press("escape", "slash", *"zzzz", "enter")
        await settle(app, pilot)
        text = screen_text(app)
        assert "0 resultado(s) para 'zzzz'" in text and "Sin resultados." in text
        assert not english_left(text), english_left(text)


async def test_review_call_in_spanish_and_a_confirmation_is_saved(store):
    _case(store)
    ids = [c.id for c in store.calls()]
    closing = sorted(ids)[1]
    app = make_app(store=store, now=frozen_now, language="es")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_review(closing)
        await settle(app, pilot)
        text = screen_text(app)
        assert app.screen.sub_title == f"Revisar llamada n.º {closing}"
        assert f"Llamada n.º {closing}  sáb. 2025-12-20 11:00 EST  duración 01:11  teléfono 555-123-4567  (importada)" in text
        assert "Nivel 2 · en espera 10:00 · caso IOE0891447326 (k lo abre) · supr borra esta llamada" in text
        assert "Solicitud de servicio 76013389 · centro de servicio · creada el 2026-01-29" in text
        assert "Notas: Officer Grant made the request" in text  # the user's own words stay as typed
        # the fields: kind, value, status and where, in aligned Spanish columns
        assert re.search(r"\? agente +Helen +sin confirmar 90% en el 00:05", text)
        assert re.search(r"✓ ID del agente 4821 +confirmado +escrito en el 00:42", text)
        rows = [line for line in text.splitlines() if re.match(r" [?✓×] ", line)]
        assert len({line.index(value) for line, value in zip(rows, ("Helen", "5118", "Grant", "4821", "76013389"))}) == 1
        footer = text.splitlines()[-1]
        assert "c Confirmar x Rechazar e Editar g Ir a s Solicitud d Correo esc Volver" in footer
        assert not english_left(text), english_left(text)
        await pilot.press("c")  # confirm the highlighted field (Helen): written to the database
        await settle(app, pilot)
        helen = next(f for f in store.fields(closing) if f.value == "Helen")
        assert helen.status == "confirmed"
        assert re.search(r"✓ agente +Helen +confirmado +90% en el 00:05", screen_text(app))
        await pilot.press("g")  # go to time: the prompt and its one-line error in Spanish
        await settle(app, pilot)
        await pilot.press(*"doce", "enter")
        await settle(app, pilot)
        text = dialog_text(screen_text(app))
        assert "Ir al momento (mm:ss)" in text
        assert "momento: 'doce' no es válido; se espera mm:ss o h:mm:ss, p. ej. 12:34" in text


async def test_deleting_a_call_asks_in_spanish(store):
    ids = seed_calls(store)
    app = make_app(store=store, now=frozen_now, language="es")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_review(ids[2])
        await settle(app, pilot)
        await pilot.press("delete")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        text = dialog_text(screen_text(app))
        assert f"¿Borrar la llamada n.º {ids[2]} del mar. 2026-03-03 10:00 EST?" in text
        assert "no se elimina nada del archivo. u la restaura." in text
        await pilot.press("n")
        await settle(app, pilot)
    assert store.call(ids[2]).id == ids[2]  # "no" kept it


# -- Follow-ups -------------------------------------------------------------------------


async def test_followups_in_spanish_and_recording_a_step(store):
    _case(store)
    app = make_app(store=store, now=frozen_now, language="es")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_followups()
        await settle(app, pilot)
        text = screen_text(app)
        assert app.screen.sub_title == "Seguimiento"
        assert "1 solicitud(es) de servicio." in text
        assert "Teclas: 1 escribió al centro de servicio · 2 escribió a SCOPS · 3 USCIS respondió" in text
        assert "#1 76013389 centro de servicio VSC · creada el 2026-01-29 · llamada n.º 2 — próximo 2026-03-23" in text
        assert "Solicitud de servicio 76013389 (centro de servicio VSC)" in text
        assert "✓ 2026-03-02  usted escribió al centro de servicio" in text
        assert re.search(r"✓ 2026-02-28  hecho +\(hace 10 d\) Escriba al Vermont Service Center por la referencia 76013389", text)
        assert re.search(r"· 2026-03-23  próximo +\(en 13 d\) Escriba a Operaciones de los Centros de Servicio", text)
        assert "! 2026-03-20  llamada n.º 2: pendiente, quedan 10 d" in text
        assert "1 2 3 4 5 Anotar d Correo del Borrar esc Volver" in text.splitlines()[-1]
        assert not english_left(text), english_left(text)
        await pilot.press("2")  # emailed SCOPS today
        await settle(app, pilot)
        assert "Fecha en que usted escribió a SCOPS (AAAA-MM-DD)" in screen_text(app)
        assert "Referencia 76013389. Enter lo anota; Esc cancela." in screen_text(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "FollowUpsScreen"
        assert "usted escribió a SCOPS" in screen_text(app)
    assert [e.kind for e in store.events()] == ["service_center_emailed", "scops_emailed"]
    assert store.events()[-1].on == NOW.date()


async def test_followups_warning_in_spanish(store):
    ids = seed_calls(store)
    store.add_service_request(ids[2], "76015555", "field-office", created=(NOW - timedelta(days=5)).date())
    app = make_app(store=store, now=frozen_now, language="es")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.action_followups()
        await settle(app, pilot)
        await pilot.press("down")  # the field-office request (the newer one, listed second)
        await settle(app, pilot)
        assert app.screen._selected().referral_number == "76015555"
        app.screen.action_record("scops_emailed")  # e.g. from an old palette entry
        await settle(app, pilot)
        [note] = [n.message for n in app._notifications]
        assert note.startswith("La solicitud 76015555 es un asunto de oficina local")
    assert store.events() == []


# -- the case list and one case -------------------------------------------------------------


async def test_cases_and_case_timeline_in_spanish(store):
    _case(store)
    app = make_app(store=store, now=frozen_now, language="es")
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(app, pilot)
        app.action_cases()
        await settle(app, pilot)
        text = screen_text(app)
        assert "1 caso(s). Enter abre la cronología · p agrega un caso en Preparar." in text
        assert "IOE0891447326 · I-485 · A201553987  2 llamadas, 1 solicitud · próximo 2026-03-20: Último día" in text
        assert "p Agregar caso esc Volver" in text.splitlines()[-1]
        await pilot.press("enter")
        await settle(app, pilot)
        await settle(app, pilot)
        text = screen_text(app)
        assert app.screen.sub_title == "Caso IOE0891447326"
        assert "Caso IOE0891447326 · I-485 · número A A201553987" in text
        assert "Lo próximo" in text
        assert "! 2026-03-20 (en 10 días) Último día para pedir al Ombudsman de CIS" in text
        assert "2025-12-20 11:00 EST  Llamada n.º 2 · duración 01:11 · en espera 10:00 · Nivel 2" in text
        assert "Agentes: Nivel 1: Helen (aún sin confirmar), ID 5118 (aún sin confirmar); Nivel 2: Grant, ID" in text
        assert "Referencia: 76013389 (aún sin confirmar)" in text
        assert "Solicitud de servicio 76013389 · centro de servicio · en la llamada n.º 2" in text
        assert "✓ Usted: escribió al centro de servicio (solicitud 76013389)" in text
        assert "7 Form. 7001 f Seguimiento del Borrar u Deshacer esc Volver" in text.splitlines()[-1]
        assert not english_left(text), english_left(text)
        await pilot.press("down", "down")  # call, request, then the event; delete asks in Spanish
        await pilot.press("delete")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        text = dialog_text(screen_text(app))
        assert "¿Borrar «escribió al centro de servicio» del 2026-03-02?" in text
        assert "Las fechas de seguimiento se vuelven a calcular sin él." in text


# -- every label the domain hands these screens has Spanish -----------------------------------


def test_every_status_venue_and_event_label_reads_spanish():
    from companion.followup import ActionStatus
    from companion.records import EVENT_LABELS, Status, Venue
    from companion.tui.formatting import days_away, event_label, status_label, venue_label

    i18n.set_language("es")
    try:
        for status in [*ActionStatus, *Status]:
            assert status_label(status) != str(status) or str(status) == "manual", status
        assert {venue_label(v) for v in Venue} == {"centro de servicio", "oficina local"}
        for kind, english in EVENT_LABELS.items():
            assert event_label(kind) != english, kind  # a new or reworded label must be translated
        assert [days_away(n) for n in (0, 1, 3, -1, -10)] == ["hoy", "en 1 día", "en 3 días", "hace 1 día", "hace 10 días"]
    finally:
        i18n.set_language("en")
    assert [days_away(n) for n in (0, 1, 3, -1, -10)] == ["today", "in 1 day", "in 3 days", "1 day ago", "10 days ago"]
    assert status_label("overdue") == "overdue" and venue_label("field-office") == "field office"


# -- times of day ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "english", "spanish"),
    [(20, 0, "8:00 PM", "20:00"), (8, 5, "8:05 AM", "8:05"), (0, 30, "12:30 AM", "0:30"), (12, 0, "12:00 PM", "12:00")],
)
def test_clock_time_in_each_language(hour, minute, english, spanish):
    moment = datetime(2026, 3, 10, hour, minute)
    assert i18n.clock_time(moment) == english
    assert i18n.clock_time(time(hour, minute)) == english
    assert i18n.clock_time(moment, hour24=True) == f"{hour:02d}:{minute:02d}"
    i18n.set_language("es")
    try:
        assert i18n.clock_time(moment) == spanish
        assert i18n.clock_time(moment, hour24=True) == f"{hour:02d}:{minute:02d}"  # lists align alike
    finally:
        i18n.set_language("en")


def test_agent_hours_read_as_each_language_writes_them():
    from companion.guide import agent_availability

    chicago = ZoneInfo("America/Chicago")
    open_now = datetime(2026, 3, 10, 11, 0, tzinfo=ZoneInfo("America/New_York"))  # a Tuesday
    closed = datetime(2026, 3, 14, 11, 0, tzinfo=ZoneInfo("America/New_York"))  # a Saturday
    assert agent_availability(open_now, chicago).message.endswith("until Tue Mar 10, 7:00 PM CDT.")
    assert agent_availability(closed, chicago).message.endswith("Next opening: Mon Mar 16, 7:00 AM CDT.")
    i18n.set_language("es")
    try:
        assert agent_availability(open_now, chicago).message.endswith("hasta el mar. 10 de mar., 19:00 CDT.")
        message = agent_availability(closed, chicago).message
        assert message.endswith("Próxima apertura: lun. 16 de mar., 7:00 CDT.")
        assert not re.search(r"\b[AP]M\b", message)
    finally:
        i18n.set_language("en")


def test_a_holiday_is_named_in_spanish():
    from companion.guide import agent_availability

    christmas = datetime(2026, 12, 25, 11, 0, tzinfo=ZoneInfo("America/New_York"))  # a Friday
    zone = ZoneInfo("America/New_York")
    assert "closed now (Christmas Day)" in agent_availability(christmas, zone).message
    i18n.set_language("es")
    try:
        message = agent_availability(christmas, zone).message
    finally:
        i18n.set_language("en")
    assert message.startswith("Los agentes no atienden ahora (Navidad);")
    assert message.endswith("Próxima apertura: lun. 28 de dic., 8:00 EST.")


async def test_home_writes_the_closing_time_in_24_hours_in_spanish(store):
    seed_calls(store)
    app = make_app(store=store, now=frozen_now, language="es")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        line = screen_text(app).splitlines()[1]
        assert "hasta el mar. 10 de mar., 20:00 EDT." in line and "PM" not in line


sync_tests(globals())
