"""The language of a run (issue 12): ``--lang`` on ``live``, ``extract``, ``transcribe`` and
``import-call`` sets what the extractor hears and, unless the profile chose the app's
language, the words the app and the command show; ``companion --help`` and each command's
help in Spanish."""

from __future__ import annotations

import asyncio
import json
import re
import time
from pathlib import Path

import cli_session
import pytest
from audio_helpers import http_server  # noqa: F401 - fixture
from click.testing import CliRunner
from conftest import SHARED_CORPUS
from tui_seed import until_replay_ends

from companion import i18n
from companion.cli import cli
from companion.workflows import LANGUAGE_ENV

TESTS = Path(__file__).resolve().parent
ES_CALL = TESTS / "corpus_es" / "t1-maria-ioe-solicitud.jsonl"


@pytest.fixture
def seen_live(monkeypatch):
    """What `companion live` hands the app (the app itself is run below, under Pilot)."""
    monkeypatch.setenv(LANGUAGE_ENV, "")  # restored after: `live --lang` sets it for the run
    seen: dict = {}
    monkeypatch.setattr("companion.cli.live.run_tui", lambda **options: seen.update(options))
    return seen


def live(*args: str) -> None:
    res = CliRunner().invoke(cli, ["live", "--replay", str(SHARED_CORPUS / "transfer-to-tier2.jsonl"), *args])
    assert res.exit_code == 0, res.output


def test_live_lang_sets_the_app_language_when_the_profile_chose_none(seen_live):
    import os

    live("--lang", "es")
    assert seen_live["language"] == "es" and os.environ[LANGUAGE_ENV] == "es"
    live("--lang", "en")
    assert seen_live["language"] == "en"
    live()
    assert seen_live["language"] is None  # no --lang: the app decides (profile, locale) as before


def test_the_profiles_choice_wins_for_the_app_not_for_the_call(seen_live, monkeypatch):
    import os

    runner = CliRunner()
    assert runner.invoke(cli, ["profile", "set", "--language", "en"]).exit_code == 0
    live("--lang", "es")
    assert seen_live["language"] == "en"  # the user chose English words
    assert os.environ[LANGUAGE_ENV] == "es"  # … and the call is still heard as Spanish
    assert runner.invoke(cli, ["profile", "set", "--language", "es"]).exit_code == 0
    live("--lang", "en")
    assert seen_live["language"] == "es" and os.environ[LANGUAGE_ENV] == "en"


def test_lang_beats_the_system_locale_for_a_user_who_never_chose(seen_live, monkeypatch):
    monkeypatch.setattr(i18n, "system_language", lambda environ=None: "en")
    live("--lang", "es")
    assert seen_live["language"] == "es"


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def test_live_lang_es_opens_the_live_screen_in_spanish(seen_live, store):
    """The options `companion live --lang es` gives, in the real app under Pilot."""
    from companion.tui.app import make_app

    store.set_profile(consent_acknowledged=True, state="MD")  # consent seen; language never chosen
    live("--lang", "es", "--speed", "1000")
    assert seen_live["language"] == "es"
    app = make_app(store=store, **seen_live)

    async def run() -> None:
        async with app.run_test(size=(120, 34)) as pilot:
            await until_replay_ends(app)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            text = screen_text(app)
            assert "Durante la llamada" in text and "Llamada n.º" in text
            assert "Terminar" in text and "Confirmar" in text  # the footer's key labels
            assert "During the call" not in text

    asyncio.run(run())
    call = store.calls()[0]
    assert call.language == "es"  # the call itself is Spanish too


def test_extract_lang_es_speaks_spanish_without_a_profile(tmp_path):
    quiet = tmp_path / "nada.jsonl"
    quiet.write_text('{"text": "buenos días", "result": []}\n', encoding="utf-8")
    res = CliRunner().invoke(cli, ["extract", str(quiet), "--lang", "es"])
    assert res.exit_code == 0 and res.output.strip() == "No se encontraron identificadores."
    res = CliRunner().invoke(cli, ["extract", str(quiet), "--lang", "en"])
    assert res.output.strip() == "No identifiers found."


def test_import_call_lang_es_message_in_spanish(store):
    res = CliRunner().invoke(cli, ["import-call", str(ES_CALL), "--started-at", "2026-03-02T14:05-05:00", "--lang", "es"])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("Llamada 1 guardada con ") and "`companion show 1`" in res.stdout
    bad = CliRunner().invoke(cli, ["import-call", str(ES_CALL), "--started-at", "ayer", "--lang", "es"])
    assert bad.exit_code == 2
    assert "--started-at: 'ayer' no es válido; se espera una fecha y hora ISO 8601" in bad.stderr
    assert len(store.calls()) == 1  # the bad one stored nothing


def test_extract_json_has_the_same_shape_in_both_languages():
    """Key structure, recursively (not only the top-level keys), of two calls with speakers."""

    def shape(value):
        if isinstance(value, dict):
            return {k: shape(v) for k, v in sorted(value.items())}
        if isinstance(value, list):
            return [shape(value[0])] if value else []
        return type(value).__name__ if value is not None else "null"

    runner = CliRunner()
    es = json.loads(runner.invoke(cli, ["extract", str(ES_CALL), "--lang", "es", "--json", "--words"]).output)
    en = json.loads(runner.invoke(cli, ["extract", str(TESTS / "corpus" / "gen-03.jsonl"), "--json", "--words"]).output)
    assert es and en
    es_shapes = {json.dumps(shape(e), sort_keys=True) for e in es}
    en_shapes = {json.dumps(shape(e), sort_keys=True) for e in en}
    assert es_shapes <= en_shapes | {s.replace('"int"', '"float"') for s in en_shapes}, (es_shapes, en_shapes)


# -- help ------------------------------------------------------------------------------------


def every_command(command, path=("companion",)):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from every_command(sub, (*path, name))


def test_every_help_text_has_spanish():
    """Each command's and option's help (and click's own words used for them) is in the
    catalogue, so no --help in Spanish shows an English line. A new command or option
    written with a plain help="…" fails here."""
    from test_i18n import spanish_catalogue

    from companion.cli import localize_help

    catalogue = spanish_catalogue()
    localize_help(cli)  # keeps each msgid aside
    missing = []
    for path, command in every_command(cli):
        for item in (command, *command.params):
            msgid = item.__dict__.get("_help_msgid")
            if msgid and not catalogue.get(msgid):
                missing.append(f"{' '.join(path)} {getattr(item, 'name', '')}: {msgid!r}")
    assert not missing, "help without Spanish:\n" + "\n".join(missing)


def test_help_in_spanish_with_the_spanish_profile():
    runner = CliRunner()
    assert runner.invoke(cli, ["profile", "set", "--language", "es"]).exit_code == 0
    top = runner.invoke(cli, ["--help"], prog_name="companion")
    assert top.exit_code == 0
    assert top.output.startswith("Uso: companion [OPTIONS] [COMMAND] [ARGS]...")
    assert "Opciones:" in top.output and "Órdenes:" in top.output
    assert "Mostrar este mensaje y salir." in top.output
    assert "Qué hacer y cuándo" in top.output  # `due` in the list of commands
    assert "Show this message" not in top.output and "Commands:" not in top.output
    for args, spanish in (
        (["live", "--help"], "El idioma de la llamada (predeterminado: el de su"),
        (["extract", "--help"], "Imprimir una lista JSON de entidades."),
        (["import-call", "--help"], "Cuándo empezó la llamada, ISO 8601"),
        (["due", "--help"], "Incluir los pasos hechos y vencidos."),
        (["case", "add", "--help"], "Tipo de formulario, p. ej. I-765."),
        (["sr", "update", "--help"], "Fecha en que escribió a SCOPS (YYYY-MM-DD)."),
    ):
        res = runner.invoke(cli, args, prog_name="companion")
        assert res.exit_code == 0 and spanish in " ".join(res.output.split()), (args, res.output)
    # click's own usage errors too, naming the option
    bad = runner.invoke(cli, ["extract", "x.jsonl", "--lang", "fr"], prog_name="companion")
    assert bad.exit_code == 2
    assert "Error: Valor no válido para '--lang': 'fr' no es ninguno de 'en', 'es'." in bad.stderr
    assert "Pruebe 'companion extract --help' para ver la ayuda." in bad.stderr


def test_help_stays_english_by_default():
    res = CliRunner().invoke(cli, ["--help"], prog_name="companion")
    assert res.output.startswith("Usage: companion [OPTIONS] [COMMAND] [ARGS]...")
    assert "Show this message and exit." in res.output and "Commands:" in res.output
    res = CliRunner().invoke(cli, ["live", "--help"])
    assert "The language of the call (default: your profile's)." in " ".join(res.output.split())
    bad = CliRunner().invoke(cli, ["extract", "x.jsonl", "--lang", "fr"])
    assert "Error: Invalid value for '--lang': 'fr' is not one of 'en', 'es'." in bad.stderr


# -- the rest of issue 12, as a new Spanish-speaking user meets it ---------------------------


def test_first_live_call_in_spanish_shows_the_consent_notice_in_spanish(seen_live, store):
    """A user who has not yet seen the consent notice runs `companion live --lang es`."""
    from companion.tui.app import make_app

    store.set_profile(state="CA")  # consent not acknowledged yet; California: all-party
    live("--lang", "es", "--speed", "1000")
    app = make_app(store=store, **seen_live)

    async def run() -> None:
        async with app.run_test(size=(120, 34)) as pilot:
            deadline = time.monotonic() + 15
            while type(app.screen).__name__ != "ConsentScreen":
                assert time.monotonic() < deadline, "no consent notice"
                await asyncio.sleep(0.02)
            await pilot.pause()
            text = " ".join(screen_text(app).split())
            assert "Antes de empezar: grabación y consentimiento" in text
            assert "Call Companion transcribe la llamada en esta computadora" in text
            notice = app.screen.notice  # the whole text the dialog shows (the screen wraps it in a frame)
            assert notice.startswith("Call Companion transcribe la llamada en esta computadora")
            assert notice.endswith(" CA suele figurar como estado que exige el consentimiento de todas las partes: "
                                   "avíselo antes de empezar.")
            assert "Federal law" not in notice and "Federal law" not in text
            await pilot.press("enter")
            await pilot.pause()
            assert type(app.screen).__name__ == "LiveCallScreen"

    asyncio.run(run())
    assert store.profile().consent_acknowledged


def test_spanish_model_fetch_stops_in_spanish_on_an_unquoted_checksum(http_server, tmp_path):  # noqa: F811
    """`companion models fetch --lang es` for a Spanish user: the file served is not one of
    the quoted checksums, so it stops with one Spanish line that gives the way on
    (--sha256), installs nothing, and --sha256 with the user's own value installs it."""
    from test_models import model_zip, sha

    from companion.asr import models

    runner = CliRunner()
    assert runner.invoke(cli, ["profile", "set", "--language", "es"]).exit_code == 0
    body = model_zip(models.SPANISH_MODEL)
    url = http_server.serve("/es.zip", body)
    dest = tmp_path / "modelos"
    res = runner.invoke(cli, ["models", "fetch", "--lang", "es", "--url", url, "--dest", str(dest)])
    assert res.exit_code == 2
    line = res.stderr.strip().splitlines()[-1]
    assert line.startswith("Error: la suma de comprobación de ") and "sin verificar" in line
    assert "f7e409775888" in line and f"--sha256 {sha(body)}" in line
    assert not (dest / models.SPANISH_MODEL).exists()
    res = runner.invoke(cli, ["models", "fetch", "--lang", "es", "--url", url, "--dest", str(dest),
                              "--sha256", sha(body)])
    assert res.exit_code == 0, res.output
    assert models.is_model_dir(dest / models.SPANISH_MODEL)
    assert res.stdout.strip() == f"Modelo listo: {dest / models.SPANISH_MODEL}"
    bad = runner.invoke(cli, ["models", "fetch", "--lang", "es", "--sha256", "xyz"])
    assert bad.exit_code == 2
    assert "--sha256: 'xyz' no es válido; se espera 64 dígitos hexadecimales" in bad.stderr


def test_doctor_explains_in_spanish(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["profile", "set", "--language", "es"]).exit_code == 0
    res = runner.invoke(cli, ["doctor", "--model", str(tmp_path / "no-hay")])
    assert res.exit_code == 1
    line = next(line for line in res.output.splitlines() if "modelo" in line)
    assert line.startswith("PROBLEMA: modelo: --model: la carpeta del modelo ") and "no existe" in line
    assert line.endswith("-> solución: corrija la ruta o quite COMPANION_MODEL")
    assert "PROBLEM:" not in res.output and "fix:" not in res.output


def test_due_in_spanish_keeps_the_json_in_english(store):
    runner = CliRunner()
    assert runner.invoke(cli, ["profile", "set", "--language", "es", "--timezone", "America/Chicago"]).exit_code == 0
    res = runner.invoke(cli, ["import-call", str(ES_CALL), "--started-at", "2026-03-02T10:00-06:00", "--json"])
    call_id = json.loads(res.stdout)["call_id"]
    assert runner.invoke(cli, ["sr", "add", str(call_id), "--referral", "61047729", "--venue", "service-center"]
                         ).exit_code == 0
    res = runner.invoke(cli, ["due", "--today", "2026-03-03"])
    assert res.exit_code == 0
    assert "Último día para pedir al Ombudsman de CIS que USCIS revise su llamada del 2026-03-02" in res.output
    assert "Last day" not in res.output
    data = json.loads(runner.invoke(cli, ["due", "--today", "2026-03-03", "--json"]).stdout)
    assert any(a["title"].startswith("Last day to ask the CIS Ombudsman") for a in data)  # scripts: unchanged


def test_transcribe_lang_es_explains_a_bad_file_in_spanish(tmp_path):
    junk = tmp_path / "ruido.wav"
    junk.write_bytes(b"not audio")
    res = CliRunner().invoke(cli, ["transcribe", str(tmp_path / "no-hay.wav"), "--lang", "es"])
    assert res.exit_code == 2
    assert res.stderr.strip() == f"Error: el archivo WAV {tmp_path / 'no-hay.wav'} no existe"
    res = CliRunner().invoke(cli, ["transcribe", str(junk), "--lang", "es"])
    assert res.exit_code == 2 and len(res.stderr.strip().splitlines()) == 1
    assert res.stderr.startswith(f"Error: no se puede leer {junk} como archivo WAV PCM (")
    assert "conviértalo con `sox ruido.wav -r 16000 -c 1 -b 16 out.wav`" in res.stderr
    res = CliRunner().invoke(cli, ["transcribe", str(junk), "--lang", "en"])
    assert res.stderr.startswith(f"Error: cannot read {junk} as a PCM WAV file (")


# -- the commands' ordinary output (issue 12) ------------------------------------------

# What a Spanish run of each command of the scripted session must say (cli_session.py).
SPANISH_OUTPUT: dict[str, tuple[str, ...]] = {
    "profile set": ("Perfil: Ana, (sin teléfono), --, America/Chicago, idioma es",),
    "profile show": ("nombre                 Ana", "zona horaria           America/Chicago",
                     "consentimiento visto   No", "idioma                 es"),
    "calls (none)": ("Todavía no hay llamadas. Empiece una con `companion live`",),
    "undo (nothing)": ("No hay nada que deshacer.",),
    "undo --list (nothing)": ("Nunca se ha eliminado nada.",),
    "import-call": ("Llamada 1 guardada con 4 datos",),
    "add-call": ("Llamada 2 guardada.",),
    "update-call": ("Llamada 2 actualizada.",),
    "calls": ("Lee / 4471  (0 frases)", "María / 4712  referencia 61047729  (18 frases)"),
    "sr add": ("Solicitud de servicio 1: referencia 61047729, oficina local (ELIS), creada el 2026-03-04.",),
    "sr add 2": ("Solicitud de servicio 2: referencia 61047740, centro de servicio (",),
    "sr update": (
        "Solicitud de servicio 1: queda anotado: volvió a llamar al NCSC 2026-03-20.",
        "Nuevo número de referencia 61047731 registrado como solicitud 3, vinculada a la primera solicitud.",
        "Siguiente: 2026-04-19  Presente el Formulario DHS 7001",
    ),
    "sr update done": ("queda anotado: recibió respuesta 2026-03-10.", "Siguiente: no queda nada por hacer"),
    "show 1": ("Llamada 1 — lun. 2026-03-02 10:00 CST (America/Chicago)", "\nDatos capturados:\n",
               "? ID del agente    4712             79% (extraído)", "\nTranscripción:\n",
               "referencia 61047740, centro de servicio, creada el 2026-03-02"),
    "show 2": ("Nivel alcanzado: 2", "En espera: 12 min 30 s", "100% (escrito)", "Notas: Dijo que espere 30 días"),
    "search": ("llamada    1  2026-03-02T10:00", "llamada    2 solicitud 1  2026-03-04T09:00"),
    "search (none)": ("Sin resultados.",),
    "due": ("2026-04-19  próximo   Presente el Formulario DHS 7001",),
    "due --all": ("  hecho     ", "  próximo   "),
    "case add": ("Caso 1: IOE0912345678 — ",),
    "case add (unknown prefix)": ("Caso 2: ZZZ0912345678 — prefijo que no está en la tabla de centros de servicio",),
    "case link": ("La llamada 1 ahora forma parte del caso IOE0912345678.",),
    "case show": (
        "formulario I-765, número A A012345678, fecha de prioridad 2025-11-02", "\n\nLlamadas:\n",
        "agente: María (aún sin confirmar), ID 4712 (aún sin confirmar)", "llegó al Nivel 2",
        "12 minutos en espera", "hecha al volver a llamar por la solicitud 1", "\n\nLo que usted hizo:\n",
        "recibió respuesta (solicitud 2)", "\n\nPendiente:\n", "  próximo   Presente el Formulario DHS 7001",
    ),
    "case show (empty)": ("ninguna todavía (vincule una con `companion case link ZZZ0912345678 CALL_ID`)",
                          "nada registrado todavía", "\n\nPendiente:\n  nada\n"),
    "case unlink": ("La llamada 1 ya no está vinculada a mano.",),
    "case unlink (still)": ("sigue perteneciendo al caso IOE0912345678 por su número de recibo confirmado.",),
    "field": ("Dato 1: ID del agente 4712 (confirmado)",),
    "delete event (asked, no)": ("¿Eliminar el evento 'volvió a llamar al NCSC' del 2026-03-20?",),
    "delete sr (asked, no)": ("¿Eliminar la solicitud de servicio 61047740 (centro de servicio, 2026-03-02) y lo",),
    "delete call (asked, no)": ("¿Eliminar la llamada 1 del 2026-03-02 10:00 y su 1 solicitud de servicio?",),
    "delete call 2 (asked, no)": ("¿Eliminar la llamada 2 del 2026-03-04 09:00 y sus 2 solicitudes de servicio?",),
    "delete sr": ("Se eliminó ", "`companion undo` lo restaura."),
    "undo": ("Se restauró la solicitud de servicio 61047731 (oficina local, 2026-03-20).",),
    "delete event": ("Se eliminó el evento «volvió a llamar al NCSC» del 2026-03-20.",),
    "delete call": ("Se eliminó la llamada 2 del 2026-03-04 09:00. `companion undo` lo restaura.",),
    "undo (call)": ("Se restauró la llamada 2 del 2026-03-04 09:00.",),
    "undo (event)": ("Se restauró el evento «volvió a llamar al NCSC» del 2026-03-20.",),
    "undo --list": ("restaurado el YYYY-MM-DD HH:MM la llamada 2 del YYYY-MM-DD HH:MM\n",
                    "restaurado el YYYY-MM-DD HH:MM la solicitud de servicio 61047731 (oficina local, 2026-03-20)"),
}
DATA_ONLY = {"case list"}  # ids, receipt numbers, forms and dates: the same in both languages


def english_before() -> dict[str, str]:
    text = cli_session.ENGLISH_BEFORE.read_text(encoding="utf-8")
    return dict(re.findall(r"=== (.*)\n((?:(?!=== ).*\n)*)", text))


def test_an_english_run_prints_what_it_printed_before():
    """Byte for byte the output of the code before translation (only the blank lines of
    `case show`, which printed a visible ␊ before its headings, were fixed since)."""
    assert cli_session.transcript(cli_session.session("en")) == cli_session.ENGLISH_BEFORE.read_text(encoding="utf-8")


def test_a_spanish_run_prints_every_command_in_spanish():
    spanish = cli_session.session("es")
    english = english_before()
    assert set(spanish) == set(english) == set(SPANISH_OUTPUT) | DATA_ONLY
    for name, text in spanish.items():
        for words in SPANISH_OUTPUT.get(name, ()):
            assert words in text, (name, words, text)
        if name in DATA_ONLY:
            assert text == english[name]
            continue
        # no line of the English output is left (the call's own words excepted)
        left = [
            line for line in english[name].splitlines()
            if line.strip() and not re.match(r"  \d\d:\d\d ", line) and line in text.splitlines()
        ]
        assert not left, (name, left)


def test_json_output_is_the_same_in_both_languages():
    cli_session.session("es")
    in_spanish = cli_session.json_outputs()
    cli_session.run("profile", "set", "--language", "en")
    in_english = cli_session.json_outputs()
    assert in_spanish == in_english
    due = json.loads(in_spanish["due --today 2026-03-21 --json"])
    assert {a["status"] for a in due} >= {"done", "upcoming"}  # the records' English words
    assert any(a["title"].startswith("File DHS Form 7001") for a in due), due
    shown = json.loads(in_spanish["show 1 --json"])
    assert {f["source"] for f in shown["fields"]} == {"extracted"}
    assert {sr["venue"] for sr in shown["service_requests"]} == {"service-center"}


def test_devices_headings_in_spanish():
    runner = CliRunner()
    english = runner.invoke(cli, ["devices"])
    assert english.exit_code == 0, english.output
    assert english.stdout.startswith("Input devices (microphone: companion live --device INDEX|NAME):\n")
    assert "\nMonitor sources (the other party of the call: companion live --monitor NAME):\n" in english.stdout
    assert runner.invoke(cli, ["profile", "set", "--language", "es"]).exit_code == 0
    spanish = runner.invoke(cli, ["devices"])
    assert spanish.exit_code == 0, spanish.output
    assert spanish.stdout.startswith("Dispositivos de entrada (micrófono: companion live --device ÍNDICE|NOMBRE):\n")
    assert "\nFuentes de monitor (la otra parte de la llamada: companion live --monitor NOMBRE):\n" in spanish.stdout
    english_words = ("Input devices", "Monitor sources", "  none", "unavailable:", "carries what you hear")
    assert not [w for w in english_words if w in spanish.stdout]
    # the devices themselves (names, indexes, rates) are listed the same in both languages
    assert [line for line in english.stdout.splitlines() if line.startswith((" *", "  ")) and "Hz)" in line] == [
        line for line in spanish.stdout.splitlines() if line.startswith((" *", "  ")) and "Hz)" in line
    ]


def test_due_notify_in_spanish(tmp_path, monkeypatch):
    """`due --notify` prints (and hands notify-send) the reminder in the user's language; the
    stand-in notify-send records its arguments (no desktop session here, as in
    test_cli_casefile.test_due_notify)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "notified.txt"
    script = bin_dir / "notify-send"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {log}\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    cli_session.session("en")
    english = cli_session.run("due", "--notify", "--today", "2026-05-01")
    assert english.startswith("Call Companion: 2 follow-ups to do\n")
    assert "File DHS Form 7001 with the CIS Ombudsman about referral 61047729 if USCIS has not answered: " \
           "12 days late." in english
    assert "your call of 2026-03-02: in 30 days (2026-05-31). Write well before day 90." in english
    cli_session.run("profile", "set", "--language", "es")
    spanish = cli_session.run("due", "--notify", "--today", "2026-05-01")
    assert spanish.startswith("Call Companion: 2 seguimientos pendientes\n")
    assert "Presente el Formulario DHS 7001 ante el Ombudsman de CIS por la referencia 61047729 si USCIS no ha " \
           "respondido: 12 días de retraso." in spanish
    assert "Escriba mucho antes del día 90." in spanish
    assert log.read_text(encoding="utf-8").splitlines()[1] == "Call Companion: 2 seguimientos pendientes"
    assert not [w for w in ("follow-up", "late", "Write well", " in ") if w in spanish]
