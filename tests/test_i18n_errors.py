"""Error lines in the user's language (issue 12): every one-line error the domain code and
the CLI raise is marked for translation, and real bad-input CLI calls print it in Spanish
with the Spanish profile or a Spanish system locale, exit non-zero and change nothing.

The walk reads the source (an AST, as ``tests/test_i18n.py`` does for the screens): a new
``UserError("…English…")`` or ``invalid(field, value, "…English…")`` fails here, so no
English-only error line reaches CI.
"""

from __future__ import annotations

import ast
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_i18n import _words, spanish_catalogue

from companion import i18n
from companion.cli import cli

PACKAGE = Path(i18n.__file__).parent
TESTS = Path(__file__).resolve().parent
ES_CALL = TESTS / "corpus_es" / "t1-maria-ioe-solicitud.jsonl"

# Exceptions whose first argument (or ``message=``) is the line the user reads.
ERRORS = {
    "UserError", "StoreProblem", "TranscriptError", "ExportExistsError", "ResultKept",
    "BadParameter", "UsageError", "ClickException", "FileError", "fail",
}


def unmarked_errors(path: Path) -> list[str]:
    """Error lines in ``path`` built from an English literal not passed through ``_()``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            shown: list[ast.AST] = []
            if name in ERRORS:
                shown = node.args[:1] + [kw.value for kw in node.keywords if kw.arg == "message"]
            elif name == "invalid":  # invalid(field, value, expected): field and form are shown
                shown = [a for i, a in enumerate(node.args) if i != 1]
            found += [f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {_words(n)!r}" for n in shown if _words(n)]
        elif isinstance(node, ast.Assign) and node in tree.body:
            # module constants of expected forms (RECEIPT_FORM …) are shown by invalid()
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if any(n.endswith("_FORM") for n in names) and _words(node.value):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {_words(node.value)!r}")
    return found


def domain_and_cli_modules() -> list[Path]:
    """Everything but the TUI (``tests/test_i18n.py`` checks the screens' literals)."""
    return [p for p in sorted(PACKAGE.rglob("*.py")) if "tui" not in p.relative_to(PACKAGE).parts]


def test_every_error_line_is_marked_for_translation():
    found = [line for path in domain_and_cli_modules() for line in unmarked_errors(path)]
    assert not found, "English-only error lines (wrap them in _() at raise time):\n" + "\n".join(found)


def test_the_error_walk_catches_an_unmarked_line(tmp_path):
    sample = PACKAGE / "_sample_for_test.py"  # inside the package: the walk names paths from it
    try:
        sample.write_text(
            'raise UserError(f"case: no case with id {x}")\n'
            'raise UserError(_("case: no case with id {x}").format(x=x))\n'
            'raise invalid("tier", t, "1 or 2")\n'
            'raise invalid(N_("tier"), t, N_("1 or 2"))\n'
            'raise click.BadParameter("not a number", param=p)\n'
            'A_FORM = "a form, e.g. 12"\nB_FORM = N_("a form, e.g. 12")\n',
            encoding="utf-8",
        )
        assert sorted(int(line.split(":")[1]) for line in unmarked_errors(sample)) == [1, 3, 3, 5, 6]
    finally:
        sample.unlink()


def test_every_error_line_has_spanish():
    catalogue = spanish_catalogue()
    for msgid in (
        "{field}: {value!r} is not valid; expected {expected}",
        "Error: {message}",
        "receipt number",
        "3 letters and 10 digits, e.g. IOE0912345678",
    ):
        assert catalogue.get(msgid), msgid
    # identifiers' written forms stay as they are in Spanish
    assert "IOE0912345678" in catalogue["3 letters and 10 digits, e.g. IOE0912345678"]
    assert "YYYY-MM-DD" in catalogue["a date as YYYY-MM-DD"]


# -- real bad-input CLI calls ---------------------------------------------------------------


def dump(home: Path) -> list[str]:
    """Everything in the database (empty when there is none): "change nothing" is this."""
    db = home / "calls.db"
    if not db.exists():
        return []
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


BAD_CALLS = [  # (arguments, the field as the Spanish line names it, a piece of the form expected)
    (["case", "add", "IOE12"], "número de recibo", "3 letras y 10 dígitos, p. ej. IOE0912345678"),
    (["profile", "set", "--timezone", "Mars/Olympus"], "zona horaria", "zona horaria IANA"),
    (["profile", "set", "--state", "XX"], "estado", "código de estado de EE. UU."),
    (["add-call", "--started-at", "ayer"], "--started-at", "una fecha y hora ISO 8601"),
    (["show", "999"], "llamada", "no hay ninguna llamada con el id 999"),
]


def test_bad_input_in_spanish_with_the_spanish_profile(companion_home):
    runner = CliRunner()
    assert runner.invoke(cli, ["profile", "set", "--language", "es"]).exit_code == 0
    before = dump(companion_home)
    for args, field, form in BAD_CALLS:
        res = runner.invoke(cli, args)
        assert res.exit_code == 2, (args, res.output)
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1, (args, res.stderr)  # one line, no traceback
        assert lines[0].startswith(f"Error: {field}") or field in lines[0], (args, lines[0])
        assert form in lines[0], (args, lines[0])
        assert "not valid" not in lines[0] and "expected" not in lines[0], lines[0]
        assert res.stdout == ""
    assert dump(companion_home) == before  # nothing changed


def test_the_same_calls_in_english_as_before(companion_home):
    runner = CliRunner()
    res = runner.invoke(cli, ["case", "add", "IOE12"])
    assert res.exit_code == 2
    assert res.stderr.strip() == (
        "Error: receipt number: 'IOE12' is not valid; expected 3 letters and 10 digits, e.g. IOE0912345678"
    )
    res = runner.invoke(cli, ["show", "999"])
    assert res.stderr.strip() == "Error: call: no call with id 999 (see `companion calls`)"
    assert i18n.current_language() == "en"


def test_an_english_profile_wins_over_a_spanish_locale(companion_home, monkeypatch):
    monkeypatch.setattr(i18n, "system_language", lambda environ=None: "es")
    runner = CliRunner()
    res = runner.invoke(cli, ["case", "add", "IOE12"])
    assert "número de recibo" in res.stderr  # no profile choice yet: the locale
    assert runner.invoke(cli, ["profile", "set", "--language", "en"]).exit_code == 0
    res = runner.invoke(cli, ["case", "add", "IOE12"])
    assert res.exit_code == 2 and "receipt number: 'IOE12' is not valid" in res.stderr


def run_companion(home: Path, *args: str, lang: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(COMPANION_HOME=str(home), LANG=lang)
    return subprocess.run(
        [sys.executable, "-m", "companion", *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def test_a_spanish_system_locale_and_no_profile(tmp_path):
    """The real program, as a user with LANG=es_ES.UTF-8 runs it: no profile, no database."""
    home = tmp_path / "nuevo"
    res = run_companion(home, "case", "add", "IOE12", lang="es_ES.UTF-8")
    assert res.returncode == 2, res
    assert res.stderr.strip() == (
        "Error: número de recibo: 'IOE12' no es válido; se espera 3 letras y 10 dígitos, p. ej. IOE0912345678"
    )
    assert res.stdout == "" and "Traceback" not in res.stderr
    res = run_companion(home, "sr", "update", "1", "--ncsc-called", "2026-02-30", lang="es_ES.UTF-8")
    assert res.returncode == 2
    assert "--ncsc-called: '2026-02-30' no es válido; se espera una fecha en la forma YYYY-MM-DD" in res.stderr
    stored = [line for line in dump(home) if line.startswith("INSERT INTO \"") and "migrations" not in line and "_fts" not in line]
    assert stored == []  # nothing stored (opening may have made the empty database)
    res = run_companion(home, "case", "add", "IOE12", lang="en_US.UTF-8")
    assert res.stderr.strip().startswith("Error: receipt number: 'IOE12' is not valid; expected 3 letters")


def test_a_bad_transcript_line_in_spanish(tmp_path):
    bad = tmp_path / "llamada.jsonl"
    bad.write_text('{"text": "hola", "result": []}\n{"text": 5}\n', encoding="utf-8")
    i18n.set_language("es")  # what the CLI does for a Spanish user (above)
    from companion.errors import UserError
    from companion.extract import read_transcript

    with pytest.raises(UserError) as caught:
        list(read_transcript(bad))
    assert str(caught.value) == 'llamada.jsonl línea 2: "text" debe ser una cadena de texto'
