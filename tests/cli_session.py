"""One scripted session over the record commands (issue 12: their ordinary output in the
user's language). ``session(language)`` seeds a store in ``COMPANION_HOME`` through the CLI
and returns what each command printed, keyed by a short name; ``json_outputs()`` the
``--json`` output of every command that has one, over the same store.

``cli_session_en.txt`` is what an English run printed before the output was translated
(made by running this session on the code before that change): an English run must still
print it byte for byte.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from companion.cli import cli

TESTS = Path(__file__).resolve().parent
ES_CALL = TESTS / "corpus_es" / "t1-maria-ioe-solicitud.jsonl"
ENGLISH_BEFORE = TESTS / "cli_session_en.txt"
RECEIPT = "IOE0912345678"


def run(*args: str, input: str | None = None, code: int = 0) -> str:
    res = CliRunner().invoke(cli, list(args), input=input)
    assert res.exit_code == code, (args, res.output, res.exception)
    return res.stdout


def _stamps(text: str) -> str:
    """Deletion times are the clock's: the same placeholder in every run."""
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d", "YYYY-MM-DD HH:MM", text)


def session(language: str) -> dict[str, str]:
    out: dict[str, str] = {}
    out["profile set"] = run("profile", "set", "--language", language, "--name", "Ana", "--timezone", "America/Chicago")
    out["profile show"] = run("profile", "show")
    out["calls (none)"] = run("calls")
    out["undo (nothing)"] = run("undo")
    out["undo --list (nothing)"] = run("undo", "--list")
    out["import-call"] = run("import-call", str(ES_CALL), "--started-at", "2026-03-02T10:00-06:00")
    out["add-call"] = run(
        "add-call", "--started-at", "2026-03-04T09:00", "--staff-name", "Lee", "--staff-id", "4471",
        "--receipt", RECEIPT, "--tier", "2", "--hold-minutes", "12.5",
    )
    out["update-call"] = run("update-call", "2", "--notes", "Dijo que espere 30 días", "--outcome", "referral")
    out["calls"] = run("calls")
    out["sr add"] = run("sr", "add", "2", "--referral", "61047729", "--venue", "field-office", "--type", "expedite")
    out["sr add 2"] = run("sr", "add", "1", "--referral", "61047740", "--venue", "service-center")
    out["sr update"] = run("sr", "update", "1", "--ncsc-called", "2026-03-20", "--new-referral", "61047731")
    out["sr update done"] = run("sr", "update", "2", "--responded", "2026-03-10")
    out["show 1"] = run("show", "1")
    out["show 2"] = run("show", "2")
    out["search"] = run("search", "61047729")
    out["search (none)"] = run("search", "zzzz")
    out["due"] = run("due", "--today", "2026-03-21")
    out["due --all"] = run("due", "--today", "2026-03-21", "--all")
    out["case add"] = run("case", "add", RECEIPT, "--form", "I-765", "--a-number", "A012345678",
                          "--priority-date", "2025-11-02")
    out["case add (unknown prefix)"] = run("case", "add", "ZZZ0912345678")
    out["case list"] = run("case", "list")
    out["case link"] = run("case", "link", RECEIPT, "1")
    out["case show"] = run("case", "show", RECEIPT, "--today", "2026-03-21")
    out["case show (empty)"] = run("case", "show", "ZZZ0912345678", "--today", "2026-03-21")
    out["case unlink"] = run("case", "unlink", "1")
    out["case unlink (still)"] = run("case", "unlink", "2")
    out["field"] = run("field", "1", "--confirm")
    out["delete event (asked, no)"] = run("delete", "event", "1", input="n\n", code=2)
    out["delete sr (asked, no)"] = run("delete", "sr", "2", input="n\n", code=2)
    out["delete call (asked, no)"] = run("delete", "call", "1", input="n\n", code=2)
    out["delete call 2 (asked, no)"] = run("delete", "call", "2", input="n\n", code=2)
    out["delete sr"] = run("delete", "sr", "3", "--yes")
    out["undo"] = run("undo")
    out["delete event"] = run("delete", "event", "1", "--yes")
    out["delete call"] = run("delete", "call", "2", "--yes")
    out["undo (call)"] = run("undo")
    out["undo (event)"] = run("undo")
    out["undo --list"] = _stamps(run("undo", "--list"))
    return out


JSON_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("calls", "--json"),
    ("show", "1", "--json"),
    ("show", "2", "--json"),
    ("search", "61047729", "--json"),
    ("due", "--today", "2026-03-21", "--json"),
    ("case", "list", "--json"),
    ("case", "show", RECEIPT, "--today", "2026-03-21", "--json"),
    ("undo", "--list", "--json"),
)


def json_outputs() -> dict[str, str]:
    return {" ".join(args): run(*args) for args in JSON_COMMANDS}


def transcript(outputs: dict[str, str]) -> str:
    return "".join(f"=== {name}\n{text}" for name, text in outputs.items())
