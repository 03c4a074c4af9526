"""The app in Spanish: the catalogue covers every marked string, the screens leave no
English literal unmarked, and Home, the first-run form and the live call speak Spanish.

The msgids are read from the source with an AST walk (what ``xgettext --keyword=_
--keyword=N_ --keyword=ngettext:1,2`` does), so the test needs no gettext tools.
"""

from __future__ import annotations

import ast
import asyncio
import gettext
import io
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from tui_seed import replayed_live_call, settle, sync_tests, until_replay_ends

from companion import i18n

PACKAGE = Path(i18n.__file__).parent
FORMAT_FIELD = re.compile(r"{(\w*)[^}]*}")
WORD = re.compile(r"[A-Za-z]{2,}")


# -- the catalogue ----------------------------------------------------------------------


def marked_strings(root: Path = PACKAGE) -> dict[str, list[str]]:
    """msgid (plural entries as ``singular\\0plural``) → where it is used."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = node.args
            if node.func.id in ("_", "N_") and args and isinstance(args[0], ast.Constant):
                msgid = args[0].value
            elif node.func.id == "ngettext" and len(args) >= 2 and all(isinstance(a, ast.Constant) for a in args[:2]):
                msgid = f"{args[0].value}\0{args[1].value}"  # type: ignore[attr-defined]
            else:
                continue
            if isinstance(msgid, str) and msgid:
                found.setdefault(msgid, []).append(f"{path.relative_to(root.parent)}:{node.lineno}")
    return found


def spanish_catalogue() -> dict[str, str]:
    return i18n.parse_po(i18n.po_path("es").read_text(encoding="utf-8"))


def test_the_walk_finds_the_screens_strings():
    found = marked_strings()
    # one from each kind of place: a binding label, a notification, a guide line, a plural
    assert "New call" in found
    assert "Nothing to undo: no deletion left to restore." in found
    assert "Give legal advice" in found
    assert any("\0" in msgid for msgid in found)
    assert len(found) > 200


def test_every_marked_string_has_a_spanish_translation():
    catalogue = spanish_catalogue()
    missing = {msgid: where for msgid, where in marked_strings().items() if not catalogue.get(msgid)}
    assert not missing, "no Spanish for:\n" + "\n".join(f"{w[0]}: {m!r}" for m, w in missing.items())


def test_translations_keep_every_placeholder():
    for msgid, msgstr in spanish_catalogue().items():
        if not msgid:
            continue
        wanted = set(FORMAT_FIELD.findall(msgid.split("\0")[-1]))
        for form in msgstr.split("\0"):
            assert set(FORMAT_FIELD.findall(form)) == wanted, (msgid, form)


def test_no_stale_entries_in_the_catalogue():
    stale = set(spanish_catalogue()) - set(marked_strings()) - {""}
    assert not stale, f"translated but no longer used: {sorted(stale)}"


def test_no_msgid_is_in_the_catalogue_twice():
    # branches translate at once and .gitattributes merges the catalogue as a union, so a
    # string two branches both translated would be there twice (msgfmt refuses that file)
    text = i18n.po_path("es").read_text(encoding="utf-8")
    msgids = re.findall(r'^msgid ((?:".*"\n)+)', text + "\n", flags=re.MULTILINE)
    lines = [m for m in msgids if m.strip() != '""']
    twice = sorted({m for m in lines if lines.count(m) > 1})
    assert not twice, f"msgid more than once: {twice}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_the_in_memory_catalogue_reads_as_msgfmt_compiles_it(tmp_path):
    mo = tmp_path / "companion.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(mo), str(i18n.po_path("es"))], check=True)
    theirs = gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))
    ours = gettext.GNUTranslations(io.BytesIO(i18n.compile_mo(spanish_catalogue())))
    for msgid in marked_strings():
        if "\0" in msgid:
            singular, plural = msgid.split("\0")
            for n in (0, 1, 2, 5):
                assert ours.ngettext(singular, plural, n) == theirs.ngettext(singular, plural, n)
        else:
            assert ours.gettext(msgid) == theirs.gettext(msgid)


def test_language_choice_profile_then_locale_then_english():
    assert i18n.choose_language("es", environ={"LANG": "en_US.UTF-8"}) == "es"
    assert i18n.choose_language("", environ={"LANG": "es_MX.UTF-8"}) == "es"
    assert i18n.choose_language(None, environ={"LC_ALL": "es_US.UTF-8", "LANG": "en_US"}) == "es"
    assert i18n.choose_language(None, environ={"LC_ALL": "C.UTF-8", "LANG": "es_US"}) == "en"  # LC_ALL wins
    assert i18n.choose_language(None, environ={"LC_MESSAGES": "es", "LANG": "en_US"}) == "es"
    assert i18n.choose_language("fr", environ={}) == "en"  # no French catalogue: English
    assert i18n.choose_language(None, environ={}) == "en"


def test_switching_is_immediate_and_back():
    assert i18n._("Home") == "Home"
    i18n.set_language("es")
    assert i18n._("Home") == "Inicio"
    assert i18n.ngettext(
        "{count} field not confirmed yet: review it from Home → the call.",
        "{count} fields not confirmed yet: review them from Home → the call.",
        2,
    ).startswith("{count} datos")
    assert i18n._("a string nobody translated") == "a string nobody translated"
    i18n.set_language("en")
    assert i18n._("Home") == "Home"


def test_a_damaged_catalogue_means_english_not_a_crash(tmp_path, monkeypatch):
    bad = tmp_path / "es" / "LC_MESSAGES"
    bad.mkdir(parents=True)
    (bad / "companion.po").write_text('msgid "Home"\nmsgstr "Inicio\n', encoding="utf-8")  # unterminated
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n._load.cache_clear()
    try:
        i18n.set_language("es")
        assert i18n._("Home") == "Home"
    finally:
        i18n._load.cache_clear()


def test_the_catalogue_is_package_data():
    pyproject = (PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"locale/*/LC_MESSAGES/*.po"' in pyproject
    assert i18n.po_path("es").is_file()


# -- nothing left unmarked ----------------------------------------------------------------

# Calls whose first argument is shown to the user as it is.
SHOWN_FIRST = {
    "Static", "Label", "Button", "RadioButton", "Option", "notify", "_set_banner", "CaptureStatus",
    "ModelMissing", "Content", "styled", "add_note", "set_tier_line", "update", "show_error", "UserError",
}
SHOWN_KEYWORDS = {"placeholder", "title", "prompt", "description", "tooltip", "border_title"}


def _words(node: ast.AST) -> str:
    """The literal English in ``node`` (a string or the constant parts of an f-string)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if WORD.search(node.value) else ""
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        return text if WORD.search(text) else ""
    if isinstance(node, ast.BinOp):
        return _words(node.left) or _words(node.right)
    return ""


def unmarked_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            shown: list[ast.AST] = [kw.value for kw in node.keywords if kw.arg in SHOWN_KEYWORDS]
            if name == "Binding":
                shown += node.args[2:3]
            elif name in SHOWN_FIRST:
                shown += node.args[:1]
            elif name == "assemble":  # Content.assemble(("text", "style"), "text", …)
                shown += [a.elts[0] if isinstance(a, ast.Tuple) else a for a in node.args]
            found += [f"{path.name}:{node.lineno}: {_words(n)!r}" for n in shown if _words(n)]
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                shown_attr = isinstance(target, ast.Attribute) and target.attr in ("sub_title", "border_title", "title")
                if shown_attr and _words(node.value):
                    found.append(f"{path.name}:{node.lineno}: {_words(node.value)!r}")
    return found


TUI = PACKAGE / "tui"
TRANSLATED = [
    "app.py",
    "screens/home.py",
    "screens/first_run.py",
    "live_call.py",
    "live/dialogs.py",
    "live/fields.py",
    "live/transcript.py",
    "screens/export.py",
    "screens/prepare.py",
    "widgets/confirm.py",
    "widgets/prompt.py",
    "screens/review.py",
    "screens/followups.py",
    "screens/case.py",
]
NOT_YET: list[str] = []  # still English only: each fails this test until its strings are marked


def test_every_tui_module_is_listed():
    listed = set(TRANSLATED) | set(NOT_YET)
    modules = {str(p.relative_to(TUI)) for p in TUI.rglob("*.py") if p.name != "__init__.py"}
    assert modules - {"formatting.py", "localize.py", "messages.py", "live/messages.py"} == listed


@pytest.mark.parametrize(
    "module",
    TRANSLATED + [pytest.param(m, marks=pytest.mark.xfail(strict=True, reason="not translated yet")) for m in NOT_YET],
)
def test_no_english_literal_left_unmarked(module):
    assert unmarked_literals(TUI / module) == []


def test_the_literal_check_catches_an_unmarked_string(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'Binding("n", "new", "New call")\nself.notify(f"Saved {x}.")\nyield Static(_("ok words"))\n'
        'Content.assemble(("Next call is about ", "bold"), x)\nself.sub_title = "Home"\n',
        encoding="utf-8",
    )
    assert sorted(int(line.split(":")[1]) for line in unmarked_literals(sample)) == [1, 2, 4, 5]


# -- the screens in Spanish (Pilot) -------------------------------------------------------


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_home_in_spanish_from_the_system_locale(store, monkeypatch):
    from tui_seed import frozen_now, seed_calls

    from companion.tui.app import make_app

    seed_calls(store)
    monkeypatch.setattr(i18n, "system_language", lambda environ=None: "es")  # LANG=es_US.UTF-8
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert type(app.screen).__name__ == "HomeScreen"
        assert "Llamadas recientes (Enter para revisar)" in text
        assert "Seguimientos pendientes" in text
        assert "Nueva llamada" in text and "Preparar" in text  # the footer
        assert "Inicio" in app.screen.sub_title
        assert "Recent calls" not in text and "New call" not in text
        # the command palette too
        from companion.tui.app import CompanionCommands

        titles = [title for title, _help, _action in CompanionCommands(app.screen)._commands()]
        assert "Nueva llamada" in titles and "Buscar en transcripciones" in titles


async def test_english_stays_the_default(store):
    from tui_seed import frozen_now, seed_calls

    from companion.tui.app import make_app

    seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert "Recent calls (Enter to review)" in screen_text(app)
        assert i18n.current_language() == "en"


async def test_first_run_switches_to_spanish_at_once(store, monkeypatch):
    from tui_seed import frozen_now

    from companion import casefile
    from companion.tui.app import make_app

    monkeypatch.setattr(casefile, "system_timezone", lambda: "America/Chicago")
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert "Welcome. Before your first call" in screen_text(app)
        app.screen.query_one("#fr-language").value = "es"
        await settle(app, pilot)
        text = screen_text(app)
        assert "Bienvenido. Antes de su primera llamada" in text
        assert "Su nombre" in text and "Zona horaria" in text
        assert "Guardar" in text  # the footer's ^s
        await pilot.press(*"Ana Doe")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        text = screen_text(app)
        assert "Llamadas recientes" in text and "Nueva llamada" in text
    assert store.profile().name == "Ana Doe"
    assert store.profile().language == "es"  # picked on the form: the user's choice


@pytest.mark.parametrize("picks,saved", [((), ""), (("es", "en"), "en")])
async def test_first_run_saves_a_language_only_when_one_was_picked(store, monkeypatch, picks, saved):
    """The language the form shows first is the system's (or English), not a choice: kept as
    it is, none is saved, so `--lang es` on a later `live` or `extract` still switches the
    screen; one picked (even back to English) is saved and wins from then on."""
    from tui_seed import frozen_now

    from companion import casefile
    from companion.tui.app import make_app

    monkeypatch.setattr(casefile, "system_timezone", lambda: "America/Chicago")
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for code in picks:
            app.screen.query_one("#fr-language").value = code
            await settle(app, pilot)
        await pilot.press(*"Ana Doe")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
    profile = store.profile()
    assert profile.name == "Ana Doe"
    assert store.chosen_language() == saved
    assert i18n.choose_language(store.chosen_language(), {"LANG": "es_MX.UTF-8"}) == (saved or "es")


async def wait_for_replay(app, pilot) -> None:

    await until_replay_ends(app)
    await settle(app, pilot)



async def test_live_call_in_spanish(store):
    app = replayed_live_call(store, language="es")
    async with app.run_test(size=(120, 34)) as pilot:
        await wait_for_replay(app, pilot)
        text = screen_text(app)
        assert "Durante la llamada" in text  # the checklist
        assert "Llamada n.º" in text and "audio terminado" in text  # the status line
        assert "Notas (n):" in text
        assert "Terminar" in text and "Confirmar" in text  # the footer
        await pilot.press("g")  # the tier guide
        await settle(app, pilot)
        text = screen_text(app)
        assert "Nivel 1 — Representante de Servicio al Cliente" in text
        assert "No puede:" in text and "Dar asesoría legal" in text
        await pilot.press("g", "ctrl+e")  # end the call: the question in Spanish
        await settle(app, pilot)
        assert "¿Terminar la llamada?" in screen_text(app)
        await pilot.press("y")
        deadline = time.monotonic() + 15
        while type(app.screen).__name__ != "SummaryScreen":
            assert time.monotonic() < deadline, "the call did not end"
            await asyncio.sleep(0.05)
        await settle(app, pilot)
        text = screen_text(app)
        assert "guardada" in text and "Fechas de seguimiento" in text

async def test_export_explains_the_english_letter_in_spanish(store):
    from tui_seed import frozen_now, seed_calls

    from companion.tui.app import make_app

    ids = seed_calls(store)
    app = make_app(store=store, now=frozen_now, language="es")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.action_export(ids[2])
        await settle(app, pilot)
        text = screen_text(app)
        assert "La carta de abajo está en inglés a propósito" in text
        assert "Qué dice:" in text and "Cuándo enviarla:" in text and "90 días" in text
        from companion.workflows import draft_for

        draft = app.screen.draft.as_text()
        i18n.set_language("en")
        english = draft_for(store, ids[2], "ombudsman", today=app.today()).as_text()
        i18n.set_language("es")
        assert draft == english  # the letter itself: the same English text as in the English app
        await pilot.press("p")  # the SCOPS letter: its own summary, with the rule's days
        await settle(app, pilot)
        text = screen_text(app)
        assert "Operaciones de los Centros de Servicio" in text and "21 días" in text


async def test_export_in_english_shows_no_summary(store):
    from tui_seed import frozen_now, seed_calls

    from companion.tui.app import make_app

    ids = seed_calls(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.action_export(ids[2])
        await settle(app, pilot)
        assert app.screen.query_one("#export-explained").display is False
        assert "What it says" not in screen_text(app)


async def test_form7001_helper_explained_in_spanish(store):
    from test_tui_case_snapshots import _case
    from tui_seed import frozen_now

    from companion.tui.app import make_app

    _case(store)
    app = make_app(store=store, now=frozen_now, language="es")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        from companion.tui.screens.case import Form7001Screen

        app.push_screen(Form7001Screen("IOE0891447326"))
        await settle(app, pilot)
        text = screen_text(app)
        assert "Formulario 7001 · IOE0891447326" in app.screen.sub_title
        assert "El Formulario DHS 7001 pide ayuda al Ombudsman" in text
        assert "Llene el formulario en inglés" in text
        assert "Guardar .txt" in text  # the footer


async def test_prepare_switches_the_language(store):
    from tui_seed import frozen_now, with_profile

    from companion.tui.app import make_app

    with_profile(store)
    app = make_app(store=store, now=frozen_now)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.action_prepare()
        await settle(app, pilot)
        app.screen.query_one("#language").value = "es"
        await settle(app, pilot)
        assert i18n.current_language() == "es"
        assert "Guardar" in screen_text(app)  # the footer at once
        await pilot.press("escape")
        await settle(app, pilot)
        assert "Llamadas recientes" in screen_text(app)  # Home, redrawn in Spanish
        app.action_prepare()
        await settle(app, pilot)
        text = screen_text(app)
        assert "Caso (F2)" in text and "Número de recibo" in text
        app.screen.query_one("#language").value = "en"
        await settle(app, pilot)
        assert i18n.current_language() == "en"


def test_every_follow_up_title_is_shown_in_spanish(store):
    """Every kind of step the rules write, on both paths, comes out in Spanish."""
    from datetime import timedelta

    from tui_seed import NOW, seed_calls

    from companion.followup.titles import shown_title
    from companion.workflows import follow_up_actions

    ids = seed_calls(store)
    today = NOW.date()
    [center_sr] = store.service_requests()
    store.record_event("service_center_emailed", today - timedelta(days=35), sr_id=center_sr.id, today=today)
    store.record_event("scops_emailed", today - timedelta(days=12), sr_id=center_sr.id, today=today)
    created = today - timedelta(days=40)
    store.add_service_request(ids[1], "76013390", "service-center", created=created, today=today)  # no center known
    field = store.add_service_request(ids[1], "76013391", "field-office", created=created, today=today)
    store.record_event("ncsc_called", today - timedelta(days=5), sr_id=field.id, today=today)
    titles = {a.kind: a.title for a in follow_up_actions(store, today)} | {
        f"{a.kind}:{a.sr_id}": a.title for a in follow_up_actions(store, today)
    }
    english = set(titles.values())
    assert len(english) >= 7, english  # each form the rules write, at least once
    i18n.set_language("es")
    for title in english:
        shown = shown_title(title)
        assert shown != title, title
        assert not re.search(r"\b(about|the|your|Email|Last day)\b", shown), shown
        assert all(number in shown for number in re.findall(r"\d{4,}|\d{4}-\d\d-\d\d", title)), (title, shown)
    i18n.set_language("en")
    assert {shown_title(t) for t in english} == english


sync_tests(globals())
