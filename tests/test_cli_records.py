"""The scriptable CLI, run as a user would run it: a real process, a real database."""

from __future__ import annotations

import email
import email.policy
import json
import os
import subprocess
import sys
from datetime import date
from urllib.parse import unquote, urlsplit

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(*args, check=True):
    out = subprocess.run(
        [sys.executable, "-m", "companion", *args],
        capture_output=True, text=True, env=os.environ.copy(), timeout=120,
    )
    if check:
        assert out.returncode == 0, f"{args}: {out.stderr}"
    return out


def run_json(*args):
    return json.loads(run(*args, "--json").stdout)


def test_help_stays_light():
    """`companion --help` must not load vosk, sounddevice or textual."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from companion.cli import cli\n"
        "r = CliRunner().invoke(cli, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "heavy = [m for m in ('vosk', 'sounddevice', 'textual') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_domain_modules_never_import_textual():
    code = (
        "import sys\n"
        "import companion.store, companion.followup, companion.export, companion.extract\n"
        "import companion.workflows, companion.guide, companion.identifiers\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "args, field",
    [
        (["profile", "set", "--phone", "12345"], "phone number"),
        (["profile", "set", "--timezone", "Eastern"], "time zone"),
        (["case", "add", "EAC12"], "receipt number"),
        (["case", "add", "EAC2219050123", "--a-number", "A12"], "A-number"),
        (["case", "add", "EAC2219050123", "--priority-date", "2024/01/02"], "priority date"),
        (["import-call", "missing.jsonl", "--started-at", "yesterday"], "--started-at"),
        (["due", "--today", "tomorrow"], "--today"),
        (["show", "42"], "call"),
    ],
)
def test_bad_input_is_one_clear_line_and_writes_nothing(args, field, companion_home):
    out = run(*args, check=False)
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("Error: ") and field in lines[0]
    assert "Traceback" not in out.stderr
    assert run_json("case", "list") == []
    assert run_json("calls") == []


def test_import_call_then_calls_show_search(shared_corpus):
    path = shared_corpus / "transfer-to-tier2.jsonl"
    got = run_json("import-call", str(path), "--started-at", "2026-11-02T23:30:00-05:00", "--phone", "555-201-3344")
    call_id = got["call_id"]
    calls = run_json("calls")
    assert [c["id"] for c in calls] == [call_id]
    assert calls[0]["local_date"] == "2026-11-02"
    shown = run_json("show", str(call_id))
    assert len(shown["utterances"]) == sum(1 for _ in path.open())
    assert shown["phone_used"] == "+15552013344"
    values = {(f["kind"], f["value"]) for f in shown["fields"]}
    assert ("receipt_number", "EAC2219050123") in values
    assert ("referral_number", "31577208") in values
    assert all(f["status"] == "candidate" and f["source"] == "extracted" for f in shown["fields"])
    hits = run("search", "tier", "officer").stdout
    assert f"call {call_id:>4}" in hits and "[tier] two [officer]" in hits


def test_a_bad_transcript_line_stores_nothing(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "hello", "result": []}\nnot json at all\n')
    out = run("import-call", str(bad), "--started-at", "2026-11-02T10:00-05:00", check=False)
    assert out.returncode != 0 and "line 2" in out.stderr and "Traceback" not in out.stderr
    assert run_json("calls") == []


def test_service_center_chain_due_and_exports(shared_corpus, tmp_path):
    run("profile", "set", "--name", "Tomas Herrera", "--phone", "555-201-3344", "--timezone", "America/New_York")
    call_id = run_json("import-call", str(shared_corpus / "transfer-to-tier2.jsonl"), "--started-at", "2026-10-01T10:00:00-04:00")["call_id"]
    sr_id = run_json("sr", "add", str(call_id), "--referral", "31577208", "--venue", "service-center", "--type", "processing delay")["sr_id"]

    due = run_json("due", "--today", "2026-10-20")
    kinds = {(a["kind"], a["due"], a["status"]) for a in due}
    assert ("email_service_center", "2026-10-31", "upcoming") in kinds
    assert ("ombudsman_review_window", "2026-12-30", "upcoming") in kinds
    for a in due:
        assert {"kind", "due", "status", "call_id", "sr_id"} <= a.keys()
    esc = next(a for a in due if a["kind"] == "email_service_center")
    assert esc["address"] == "vsc.ncscfollowup@dhs.gov" and esc["sr_id"] == sr_id

    run("sr", "update", str(sr_id), "--service-center-emailed", "2026-11-02")
    due = run_json("due", "--today", "2026-11-24")
    scops = next(a for a in due if a["kind"] == "email_scops")
    assert (scops["due"], scops["status"]) == ("2026-11-23", "overdue")

    text = run("export", str(call_id), "--to", "ombudsman", "--today", "2026-11-24").stdout
    assert "cisombudsman@dhs.gov" in text and "4862" in text and "EAC2219050123" in text
    assert "555-201-3344" in text

    eml = tmp_path / "out" / "sc.eml"
    run("export", str(call_id), "--to", "service-center", "--format", "eml", "-o", str(eml), "--today", "2026-11-24")
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert msg["To"] == "vsc.ncscfollowup@dhs.gov" and "31577208" in msg.get_body().get_content()

    mailto = run("export", str(call_id), "--to", "scops", "--format", "mailto", "--today", "2026-11-24").stdout.strip()
    parts = urlsplit(mailto)
    assert parts.scheme == "mailto" and unquote(parts.path) == "SCOPSSCATA@dhs.gov"
    assert "2026-11-02" in unquote(parts.query) or "November 2, 2026" in unquote(parts.query)

    ics = tmp_path / "f.ics"
    run("export", "--calendar", str(ics), "--today", "2026-11-24")
    from icalendar import Calendar

    events = [c for c in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    assert {e.decoded("dtstart") for e in events} >= {date(2026, 11, 23), date(2026, 12, 30)}

    run("sr", "update", str(sr_id), "--responded", "2026-11-25")
    due = run_json("due", "--today", "2026-11-26")
    assert all(a["status"] == "done" for a in due if a["sr_id"] == sr_id)


def test_ombudsman_export_refuses_an_old_call_unless_forced(shared_corpus):
    call_id = run_json("import-call", str(shared_corpus / "tier1-service-request.jsonl"), "--started-at", "2026-01-02T09:00:00-05:00")["call_id"]
    out = run("export", str(call_id), "--today", "2026-06-01", check=False)
    assert out.returncode != 0 and "90 days" in out.stderr and "Traceback" not in out.stderr
    forced = run("export", str(call_id), "--today", "2026-06-01", "--force", "--format", "json")
    assert json.loads(forced.stdout)["to"] == "cisombudsman@dhs.gov"


def test_field_confirm_and_fix(shared_corpus):
    call_id = run_json("import-call", str(shared_corpus / "tier1-service-request.jsonl"), "--started-at", "2026-11-20T09:00:00-05:00")["call_id"]
    fields = run_json("show", str(call_id))["fields"]
    staff = next(f for f in fields if f["kind"] == "staff_id")
    run("field", str(staff["id"]), "--confirm")
    bad = run("field", str(staff["id"]), "--set", "!!", check=False)
    assert bad.returncode != 0 and "staff ID" in bad.stderr
    after = {f["id"]: f for f in run_json("show", str(call_id))["fields"]}
    assert after[staff["id"]]["status"] == "confirmed" and after[staff["id"]]["value"] == staff["value"]


def test_a_call_recorded_by_hand_and_its_review_window():
    run("profile", "set", "--timezone", "America/Chicago", "--phone", "312-555-0199")
    call_id = run_json(
        "add-call", "--started-at", "2026-11-20T23:30", "--staff-name", "helen ward",
        "--staff-id", "5118", "--tier", "2", "--hold-minutes", "62.5",
    )["call_id"]
    shown = run_json("show", str(call_id))
    assert shown["started_at"] == "2026-11-20T23:30:00-06:00" and shown["timezone"] == "America/Chicago"
    assert shown["tier_reached"] == 2 and shown["hold_seconds"] == 3750
    assert shown["phone_used"] == "+13125550199"
    assert {(f["kind"], f["value"], f["status"]) for f in shown["fields"]} == {
        ("staff_name", "Helen Ward", "confirmed"), ("staff_id", "5118", "confirmed")}
    window = next(a for a in run_json("due", "--today", "2026-11-28") if a["kind"] == "ombudsman_review_window")
    assert (window["due"], window["status"]) == ("2027-02-18", "upcoming")
    bad = run("add-call", "--started-at", "2026-11-20T10:00", "--staff-id", "5118", "--receipt", "EAC1", check=False)
    assert bad.returncode != 0 and "receipt number" in bad.stderr
    assert len(run_json("calls")) == 1
    run("update-call", str(call_id), "--ombudsman-requested", "2026-11-25")
    window = next(a for a in run_json("due", "--today", "2026-11-28") if a["kind"] == "ombudsman_review_window")
    assert window["status"] == "done"


def test_exports_are_written_private(shared_corpus, tmp_path):
    import stat

    call_id = run_json("import-call", str(shared_corpus / "tier1-service-request.jsonl"), "--started-at", "2026-11-20T09:00:00-05:00")["call_id"]
    out = tmp_path / "drafts" / "om.eml"
    run("export", str(call_id), "--format", "eml", "-o", str(out), "--today", "2026-11-21")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    bad = run("export", str(call_id), "-o", str(tmp_path), "--today", "2026-11-21", check=False)
    assert bad.returncode != 0 and "is a directory" in bad.stderr and "Traceback" not in bad.stderr
