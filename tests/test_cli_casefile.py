"""The case-file commands run as a user runs them: a real process and a real database.

``case show``, ``case link``, the Form 7001 export, every date refusal, delete/undo and
``due --notify``. Dates are in 2026 before the machine's today, so "not in the future"
holds whenever the suite runs after 2026-11-20.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

RECEIPT = "EAC2219050123"


def run(*args, check=True, input=None, env=None):
    out = subprocess.run(
        [sys.executable, "-m", "companion", *args],
        capture_output=True, text=True, env=env or os.environ.copy(), timeout=120, input=input, check=False,
    )
    if check:
        assert out.returncode == 0, f"{args}: {out.stderr}"
    return out


def run_json(*args):
    return json.loads(run(*args, "--json").stdout)


def refused(*args, match: str) -> str:
    """A refusal: non-zero exit, one line on stderr naming the problem, no traceback."""
    out = run(*args, check=False)
    assert out.returncode != 0, f"{args} was accepted"
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and match in lines[0] and "Traceback" not in out.stderr, out.stderr
    return lines[0]


@pytest.fixture
def case_calls(shared_corpus):
    """A case, the transfer call (receipt confirmed) and a later call linked by hand."""
    run("profile", "set", "--name", "Tomas Herrera", "--phone", "555-201-3344", "--timezone", "America/Chicago")
    run("case", "add", RECEIPT, "--form", "I-485", "--a-number", "A201553987", "--receipt-date", "2026-03-02")
    first = run_json("import-call", str(shared_corpus / "transfer-to-tier2.jsonl"), "--started-at", "2026-09-01T10:00:00-04:00")["call_id"]
    second = run_json("import-call", str(shared_corpus / "tier1-service-request.jsonl"), "--started-at", "2026-10-15T10:00:00-04:00")["call_id"]
    shown = run_json("show", str(first))
    receipt_field = next(f for f in shown["fields"] if f["kind"] == "receipt_number")
    run("field", str(receipt_field["id"]), "--confirm")
    return first, second


def test_case_show_and_link(case_calls):
    first, second = case_calls
    t = run_json("case", "show", RECEIPT, "--today", "2026-10-20")
    assert set(t) == {"case", "calls", "service_requests", "events", "due"}
    assert [c["id"] for c in t["calls"]] == [first]

    out = run("case", "link", RECEIPT, str(second)).stdout
    assert f"Call {second}" in out and RECEIPT in out
    t = run_json("case", "show", RECEIPT, "--today", "2026-10-20")
    assert [(c["id"], c["linked_by"]) for c in t["calls"]] == [(first, "receipt"), (second, "user")]
    assert [(s["name"], s["staff_id"]) for s in t["calls"][0]["staff"]] == [("Angela", "4862"), ("Daniels", "66104")]
    assert t["calls"][0]["time"] == "09:00" and t["calls"][0]["timezone"] == "America/Chicago"

    text = run("case", "show", RECEIPT, "--today", "2026-10-20").stdout
    assert "Angela (not yet confirmed), ID 4862 (not yet confirmed)" in text
    assert "2026-09-01 09:00 (America/Chicago), 1 minute" in text

    refused("case", "link", "EAC0000000000", str(second), match="no case with receipt number EAC0000000000")
    refused("case", "link", "EAC22", str(second), match="receipt number")
    refused("case", "link", RECEIPT, "999", match="no call with id 999")
    refused("case", "show", "IOE0000000001", match="no case with receipt number")

    run("case", "unlink", str(second))
    assert [c["id"] for c in run_json("case", "show", RECEIPT)["calls"]] == [first]


def test_field_office_path_from_the_cli(case_calls):
    first, second = case_calls
    sr_id = run_json("sr", "add", str(first), "--referral", "31577208", "--venue", "field-office", "--type", "expedite")["sr_id"]
    refused("sr", "update", str(sr_id), "--service-center-emailed", "2026-10-05", match="field office matter")
    refused("sr", "update", str(sr_id), "--scops-emailed", "2026-10-05", match="field office matter")
    out = run("sr", "update", str(sr_id), "--ncsc-called", "2026-10-15", "--new-referral", "76013389", "--call", str(second)).stdout
    assert "linked to the first request" in out
    assert "Next: 2026-11-14  File DHS Form 7001" in out  # another 30 days, then Form 7001
    assert "closed" not in out.lower()
    t = run_json("case", "show", RECEIPT, "--today", "2026-11-01")
    assert [(s["referral_number"], s["parent_sr_id"]) for s in t["service_requests"]] == [
        ("31577208", None), ("76013389", sr_id)]
    assert [a["kind"] for a in t["due"] if a["sr_id"] is not None] == ["file_form_7001"]
    assert not any(a["kind"] in ("email_service_center", "email_scops") for a in run_json("due", "--today", "2026-11-01"))


def test_every_date_refusal_writes_nothing(case_calls, shared_corpus):
    first, _ = case_calls
    old = run_json("import-call", str(shared_corpus / "tier1-service-request.jsonl"), "--started-at", "2026-06-01T10:00:00-04:00")["call_id"]
    refused("sr", "add", str(first), "--referral", "31577208", "--venue", "service-center", "--created", "2026-08-31",
            match="before the call")
    refused("sr", "add", str(first), "--referral", "31577208", "--venue", "service-center", "--created", "2099-01-01",
            match="in the future")
    sr_id = run_json("sr", "add", str(first), "--referral", "31577208", "--venue", "service-center")["sr_id"]
    refused("sr", "update", str(sr_id), "--service-center-emailed", "2099-01-01", match="in the future")
    refused("sr", "update", str(sr_id), "--service-center-emailed", "2026-08-20", match="before the service request")
    refused("sr", "update", str(sr_id), "--ncsc-called", "2026-10-01", match="service center matter")
    # One good date and one bad: neither is recorded.
    refused("sr", "update", str(sr_id), "--service-center-emailed", "2026-10-02", "--scops-emailed", "2099-01-01",
            match="in the future")
    refused("update-call", str(first), "--ombudsman-requested", "2026-08-31", match="before the call")
    refused("update-call", str(first), "--ombudsman-requested", "2099-01-01", match="in the future")
    # The call of 2026-06-01 could be reviewed until 2026-08-30 (day 90).
    refused("update-call", str(old), "--ombudsman-requested", "2026-08-31", "--notes", "x",
            match="after the 90-day review window")
    assert run_json("case", "show", RECEIPT)["events"] == []
    assert run_json("show", str(old))["notes"] == ""  # the refused update changed nothing
    def window_status() -> str:
        due = json.loads(run("due", "--json").stdout)
        return next(a["status"] for a in due if a["kind"] == "ombudsman_review_window" and a["call_id"] == old)

    assert window_status() == "expired"
    run("update-call", str(old), "--ombudsman-requested", "2026-08-30")  # day 90: still inside
    assert window_status() == "done"
    run("update-call", str(old), "--ombudsman-requested", "2026-08-31", "--force")


def test_form7001_export(case_calls, tmp_path):
    first, second = case_calls
    run("case", "link", RECEIPT, str(second))
    run("update-call", str(first), "--tier", "2")
    not_yet = run("export", "--case", RECEIPT, "--to", "form7001", "--today", "2026-10-20").stdout
    assert "Regular USCIS avenues used up? Not yet" in not_yet
    sr_id = run_json("sr", "add", str(first), "--referral", "31577208", "--venue", "service-center", "--type", "processing delay")["sr_id"]
    run("sr", "update", str(sr_id), "--service-center-emailed", "2026-10-02", "--scops-emailed", "2026-10-24")

    form = json.loads(run("export", "--case", RECEIPT, "--to", "form7001", "--format", "json", "--today", "2026-11-04").stdout)
    assert form["exhausted"] is True and "2026-11-04" in form["exhausted_reason"]
    filled = form["filled"]
    assert (filled["applicant_name"], filled["a_number"]) == ("Tomas Herrera", "A201553987")
    assert filled["applications"] == [{"form": "I-485", "receipt_number": RECEIPT, "receipt_date": "2026-03-02"}]
    calls = form["actions_taken"]["ncsc_calls"]
    assert [c["date"] for c in calls] == ["2026-09-01", "2026-10-15"]
    assert any("Daniels" in s and "66104" in s and "Tier 2" in s for s in calls[0]["staff"])
    assert calls[0]["referral_numbers"] == ["31577208"]
    emails = form["actions_taken"]["emails"]
    assert [(e["on"], e["answered"]) for e in emails] == [("2026-10-02", None), ("2026-10-24", None)]
    assert "vsc.ncscfollowup@dhs.gov" in emails[0]["to"] and "SCOPSSCATA@dhs.gov" in emails[1]["to"]
    assert any("date of birth" in m for m in form["missing"])
    assert any("reason for the request" in m for m in form["missing"])
    assert not any("receipt date" in m for m in form["missing"])  # it was given

    # The day before Form 7001 is due: not yet.
    early = json.loads(run("export", "--case", RECEIPT, "--to", "form7001", "--format", "json", "--today", "2026-11-03").stdout)
    assert early["exhausted"] is False and "2026-11-04" in early["exhausted_reason"]

    md = tmp_path / "out" / "form7001.md"
    run("export", "--case", RECEIPT, "--to", "form7001", "--format", "md", "-o", str(md), "--today", "2026-11-04")
    text = md.read_text()
    assert text.startswith("# DHS Form 7001") and "## You must still add" in text
    assert stat.S_IMODE(md.stat().st_mode) == 0o600

    refused("export", "--case", RECEIPT, "--to", "form7001", "--format", "eml", match="format")
    refused("export", "--case", "IOE0000000001", "--to", "form7001", match="no case with receipt number")
    refused("export", "--to", "form7001", match="--case RECEIPT --to form7001")
    refused("export", str(first), "--format", "md", match="only for --to form7001")


def test_delete_asks_and_undo_restores(case_calls):
    first, second = case_calls
    out = run("delete", "call", str(second), input="n\n", check=False)
    assert out.returncode != 0 and "nothing deleted" in out.stderr
    out = run("delete", "call", str(second), check=False)  # no answer at all: nothing deleted
    assert out.returncode != 0 and "nothing deleted" in out.stderr
    assert len(run_json("calls")) == 2
    assert "Deleted call" in run("delete", "call", str(second), input="y\n").stdout
    assert [c["id"] for c in run_json("calls")] == [first]
    sr_id = run_json("sr", "add", str(first), "--referral", "31577208", "--venue", "service-center")["sr_id"]
    run("delete", "sr", str(sr_id), "--yes")
    assert run_json("case", "show", RECEIPT)["service_requests"] == []
    assert run_json("undo") == {"what": "service_request", "id": sr_id, "label": "service request 31577208 (service-center, 2026-09-01)"}
    assert "Restored call" in run("undo").stdout
    assert run("undo").stdout.strip() == "Nothing to undo."
    listed = run_json("undo", "--list")
    assert [(e["what"], e["restored_at"] is not None) for e in listed] == [("service_request", True), ("call", True)]
    assert len(run_json("calls")) == 2 and len(run_json("case", "show", RECEIPT)["service_requests"]) == 1
    refused("delete", "event", "42", "--yes", match="no follow-up event with id 42")


def test_search_finds_a_referral_typed_with_spaces_and_notes(case_calls):
    first, _ = case_calls
    run("update-call", str(first), "--notes", "Officer promised a callback")
    out = run("search", "3157", "7208").stdout
    assert f"call {first:>4}" in out and "referral number: 31577208" in out
    assert "notes: Officer promised a callback" in run("search", "callback").stdout


def _fake_notify_send(bin_dir: Path, log: Path) -> None:
    """A stand-in for notify-send (libnotify) that records its arguments: the machine has
    no desktop session, so the real one cannot show anything here."""
    script = bin_dir / "notify-send"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {log}\n")
    script.chmod(0o755)


def test_due_notify(case_calls, tmp_path):
    first, _ = case_calls
    run_json("sr", "add", str(first), "--referral", "31577208", "--venue", "service-center")
    env = os.environ.copy()
    env["PATH"] = str(tmp_path / "empty")  # no notify-send anywhere
    out = run("due", "--notify", "--today", "2026-09-29", check=False, env=env)
    assert out.returncode != 0 and "notify-send is not installed" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "notified.txt"
    _fake_notify_send(bin_dir, log)
    env["PATH"] = str(bin_dir)
    out = run("due", "--notify", "--today", "2026-09-20", env=env)  # 11 days before: too early
    assert "no notification" in out.stdout and not log.exists()
    run("due", "--notify", "--today", "2026-09-28", env=env)  # 3 days before the service-center email
    args = log.read_text().splitlines()
    assert args[0] == "--app-name=Call Companion" and args[1] == "Call Companion: 1 follow-up to do"
    assert "Email the Vermont Service Center about referral 31577208: in 3 days (2026-10-01)." in args[2]
    run("due", "--notify", "--today", "2026-10-31", env=env)  # day 60 of the call's review window
    text = log.read_text()
    assert "2 follow-ups to do" in text and "Write well before day 90" in text and "30 days late" in text


def test_no_silent_new_york_without_a_profile(shared_corpus):
    env = os.environ.copy()
    env["TZ"] = "Asia/Seoul"  # "this computer's zone"
    out = run("import-call", str(shared_corpus / "tier1-service-request.jsonl"), "--started-at",
              "2026-10-01T10:00:00-04:00", env=env)
    assert "time zone is not set" in out.stderr and "--timezone Asia/Seoul" in out.stderr
    shown = json.loads(run("profile", "show", "--json", env=env).stdout)
    assert (shown["timezone_set"], shown["system_timezone"]) == (False, "Asia/Seoul")
    run("profile", "set", "--timezone", "Asia/Seoul", env=env)
    out = run("import-call", str(shared_corpus / "tier1-service-request.jsonl"), "--started-at",
              "2026-10-02T10:00:00-04:00", env=env)
    assert out.stderr == ""
    assert json.loads(run("profile", "show", "--json", env=env).stdout)["timezone_set"] is True
