"""``companion extract FILE.jsonl [--json]``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from companion.cli import cli


def _write(tmp_path: Path, lines: list[str]) -> Path:
    p = tmp_path / "call.jsonl"
    p.write_text("\n".join(lines) + "\n")
    return p


def _line(text: str, speaker: str | None = None) -> str:
    t = 0.0
    words = []
    for w in text.split():
        words.append({"word": w, "start": t, "end": t + 0.3, "conf": 0.9})
        t += 0.4
    d = {"text": text, "result": words}
    if speaker:
        d["speaker"] = speaker
    return json.dumps(d)


def test_json_output(tmp_path: Path) -> None:
    p = _write(tmp_path, [_line("my operator i d is two two seven one nine", "agent")])
    res = CliRunner().invoke(cli, ["extract", str(p), "--json"])
    assert res.exit_code == 0, res.output
    (ent,) = json.loads(res.output)
    assert ent["kind"] == "staff_id" and ent["value"] == "22719" and ent["speaker"] == "agent"
    assert {"start", "end", "confidence", "text"} <= set(ent)


def test_plain_output(tmp_path: Path) -> None:
    p = _write(tmp_path, [_line("my operator i d is two two seven one nine")])
    res = CliRunner().invoke(cli, ["extract", str(p)])
    assert res.exit_code == 0 and "22719" in res.output and "staff_id" in res.output


def test_nothing_found_is_an_empty_array(tmp_path: Path) -> None:
    p = _write(tmp_path, [_line("for english press one")])
    res = CliRunner().invoke(cli, ["extract", str(p), "--json"])
    assert res.exit_code == 0 and json.loads(res.output) == []


def test_bad_line_is_named(tmp_path: Path) -> None:
    p = _write(tmp_path, [_line("hello"), "not json"])
    res = CliRunner().invoke(cli, ["extract", str(p), "--json"])
    assert res.exit_code != 0
    assert "line 2" in res.output and "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_line_that_is_not_a_vosk_result(tmp_path: Path) -> None:
    p = _write(tmp_path, [json.dumps({"foo": 1})])
    res = CliRunner().invoke(cli, ["extract", str(p)])
    assert res.exit_code != 0 and "line 1" in res.output


def test_unreadable_file(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["extract", str(tmp_path / "nope.jsonl")])
    assert res.exit_code != 0 and "cannot read" in res.output


def test_shared_example_via_cli(shared_corpus: Path) -> None:
    res = CliRunner().invoke(cli, ["extract", str(shared_corpus / "transfer-to-tier2.jsonl"), "--json"])
    assert res.exit_code == 0
    kinds = [e["kind"] for e in json.loads(res.output)]
    assert kinds.count("staff_name") == 2
