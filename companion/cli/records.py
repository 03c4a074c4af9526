"""Subcommands over the call records: calls, show, search, import-call, sr, due, export,
profile and case. Scripts rely on these exact forms and on their ``--json`` output.

Every command validates its input before writing anything; a bad value is one line on
stderr naming the field and the expected form, and a non-zero exit.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path

import click

from companion import identifiers as ids
from companion.display import printable, printable_json
from companion.errors import UserError

COMMANDS: list = []


def _command(*args, **kwargs):
    def register(fn):
        cmd = click.command(*args, **kwargs)(fn)
        COMMANDS.append(cmd)
        return cmd

    return register


def _store():
    from companion.workflows import open_store

    return open_store()


def _jsonable(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _emit_json(value) -> None:
    click.echo(printable_json(_jsonable(value), indent=2))


def _say(text: str, *, newlines: bool = False) -> None:
    """One line of output that carries data: control characters made visible."""
    click.echo(printable(text, newlines=newlines))


def _date_option(value: str | None, field: str) -> date | None:
    return ids.parse_date(value, field) if value is not None else None


def _call_dict(summary: dict) -> dict:
    call = summary["call"]
    d = asdict(call)
    d["local_date"] = call.local_date.isoformat()
    d["utterances"] = summary["utterances"]
    d["best"] = summary["best"]
    return d


# -- calls ---------------------------------------------------------------------------


@_command("import-call")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--started-at", required=True, help="When the call started, ISO 8601 (e.g. 2026-03-02T14:05-05:00).")
@click.option("--phone", help="The phone number you called from.")
@click.option("--json", "as_json", is_flag=True, help="Print {\"call_id\": N}.")
def import_call(file: str, started_at: str, phone: str | None, as_json: bool) -> None:
    """Store a call from a transcript in Vosk result format (JSONL), extracting its fields."""
    from companion.workflows import import_transcript

    with _store() as store:
        started = ids.parse_datetime(started_at, store.profile().zone, "--started-at")
        if phone:
            ids.parse_phone(phone, "--phone")
        call_id = import_transcript(store, file, started, phone=phone)
        fields = store.fields(call_id)
    if as_json:
        _emit_json({"call_id": call_id})
    else:
        click.echo(f"Stored call {call_id} with {len(fields)} captured field(s). See `companion show {call_id}`.")


@_command("add-call")
@click.option("--started-at", required=True, help="When the call started, ISO 8601; without an offset, your profile's zone.")
@click.option("--phone", help="The phone number you called from (default: your profile's).")
@click.option("--staff-name", multiple=True, help="Name of the NCSC staff member (repeat for several).")
@click.option("--staff-id", multiple=True, help="ID number of the NCSC staff member (repeat for several).")
@click.option("--receipt", multiple=True, help="Receipt number discussed.")
@click.option("--tier", type=click.IntRange(1, 2), help="Highest tier reached.")
@click.option("--hold-minutes", type=click.FloatRange(min=0), help="Time spent on hold.")
@click.option("--notes", default=None)
@click.option("--json", "as_json", is_flag=True, help="Print {\"call_id\": N}.")
def add_call(started_at, phone, staff_name, staff_id, receipt, tier, hold_minutes, notes, as_json) -> None:
    """Record a call by hand (what you wrote down). Fields are stored as confirmed."""
    from companion.records import RECEIPT_NUMBER, STAFF_ID, STAFF_NAME
    from companion.store import normalise_field

    with _store() as store:
        started = ids.parse_datetime(started_at, store.profile().zone, "--started-at")
        if phone:
            ids.parse_phone(phone, "--phone")
        typed = [(STAFF_NAME, v) for v in staff_name] + [(STAFF_ID, v) for v in staff_id] + [
            (RECEIPT_NUMBER, v) for v in receipt
        ]
        for kind, value in typed:  # check all before writing any
            normalise_field(kind, value)
        zone_name = getattr(started.tzinfo, "key", None)  # an IANA zone when the time was naive
        call_id = store.start_call(started, timezone=zone_name, phone_used=phone, source="manual")
        for kind, value in typed:
            store.add_field(call_id, kind, value)
        store.update_call(
            call_id,
            tier_reached=tier,
            hold_seconds=hold_minutes * 60 if hold_minutes is not None else None,
            notes=notes,
        )
    if as_json:
        _emit_json({"call_id": call_id})
    else:
        click.echo(f"Stored call {call_id}.")


@_command("update-call")
@click.argument("call_id", type=int)
@click.option("--tier", type=click.IntRange(1, 2), help="Highest tier reached.")
@click.option("--hold-minutes", type=click.FloatRange(min=0), help="Time spent on hold.")
@click.option("--notes", help="Replace the call's notes.")
@click.option("--outcome", help="What came of the call.")
@click.option("--ombudsman-requested", help="Date you asked the Ombudsman to review this call (YYYY-MM-DD).")
def update_call(call_id, tier, hold_minutes, notes, outcome, ombudsman_requested) -> None:
    """Change a call's tier, hold time, notes or outcome; record an Ombudsman review request."""
    from companion.records import OMBUDSMAN_REVIEW_REQUESTED

    on = _date_option(ombudsman_requested, "--ombudsman-requested")
    with _store() as store:
        store.update_call(
            call_id,
            tier_reached=tier,
            hold_seconds=hold_minutes * 60 if hold_minutes is not None else None,
            notes=notes,
            outcome=outcome,
        )
        if on:
            store.record_event(OMBUDSMAN_REVIEW_REQUESTED, on, call_id=call_id)
    click.echo(f"Call {call_id} updated.")


@_command("calls")
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the newest N calls.")
def calls(as_json: bool, limit: int | None) -> None:
    """List calls, newest first."""
    with _store() as store:
        summaries = store.call_summaries(limit)
    if as_json:
        _emit_json([_call_dict(s) for s in summaries])
        return
    if not summaries:
        click.echo("No calls yet. Start one with `companion live`, or `companion import-call FILE --started-at …`.")
        return
    for s in summaries:
        call, best = s["call"], s["best"]
        who = " / ".join(v for v in (best.get("staff_name"), best.get("staff_id")) if v) or "staff unknown"
        ref = f"  referral {best['referral_number']}" if "referral_number" in best else ""
        _say(f"{call.id:>4}  {call.local_start:%Y-%m-%d %H:%M %Z}  {who}{ref}  ({s['utterances']} utterances)")


@_command("show")
@click.argument("call_id", type=int)
@click.option("--json", "as_json", is_flag=True)
def show(call_id: int, as_json: bool) -> None:
    """A call with its transcript, captured fields and service requests."""
    with _store() as store:
        call = store.call(call_id)
        utterances = store.utterances(call_id)
        fields = store.fields(call_id)
        srs = store.service_requests(call_id)
        events = [e for sr in srs for e in store.events(sr.id)]
    if as_json:
        d = asdict(call)
        d["local_date"] = call.local_date.isoformat()
        d["utterances"] = [asdict(u) for u in utterances]
        d["fields"] = [asdict(f) for f in fields]
        d["service_requests"] = [asdict(sr) for sr in srs]
        d["events"] = [asdict(e) for e in events]
        _emit_json(d)
        return
    _say(f"Call {call.id} — {call.local_start:%A %Y-%m-%d %H:%M %Z} ({call.timezone})")
    if call.phone_used:
        click.echo(f"Phone used: {ids.format_phone(call.phone_used)}")
    if call.tier_reached:
        click.echo(f"Tier reached: {call.tier_reached}")
    if call.hold_seconds:
        click.echo(f"On hold: {int(call.hold_seconds // 60)} min {int(call.hold_seconds % 60)} s")
    click.echo("\nCaptured fields:")
    for f in fields or []:
        mark = {"confirmed": "✓", "rejected": "✗"}.get(f.status, "?")
        _say(f"  [{f.id}] {mark} {f.kind:<16} {f.value:<16} {f.confidence:.0%} ({f.source})")
    if not fields:
        click.echo("  none")
    for sr in srs:
        _say(f"\nService request {sr.id}: referral {sr.referral_number}, {sr.venue}, created {sr.created}", newlines=True)
    if call.notes:
        _say(f"\nNotes: {call.notes}", newlines=True)
    click.echo("\nTranscript:")
    for u in utterances:
        t = f"{int(u.start // 60):02d}:{int(u.start % 60):02d}" if u.start is not None else "--:--"
        _say(f"  {t} {u.speaker or '':<7} {u.text}")


@_command("search")
@click.argument("text", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True)
def search(text: tuple[str, ...], as_json: bool) -> None:
    """Full-text search over every call's transcript."""
    with _store() as store:
        hits = store.search(" ".join(text))
    if as_json:
        _emit_json(hits)
        return
    if not hits:
        click.echo("No matches.")
    for h in hits:
        t = f"{int((h['start'] or 0) // 60):02d}:{int((h['start'] or 0) % 60):02d}"
        _say(f"call {h['call_id']:>4}  {h['started_at'][:16]}  {t}  {h['snippet']}")


# -- service requests ----------------------------------------------------------------


@click.group("sr")
def sr() -> None:
    """Service requests made on a call, and what you did to follow them up."""


COMMANDS.append(sr)


@sr.command("add")
@click.argument("call_id", type=int)
@click.option("--referral", required=True, help="The service request referral number.")
@click.option("--venue", required=True, type=click.Choice(["service-center", "field-office"]))
@click.option("--type", "sr_type", default="", help="What was requested, e.g. 'expedite', 'processing delay'.")
@click.option("--created", help="Date the request was made (YYYY-MM-DD); defaults to the call's date.")
@click.option("--receipt", help="Receipt number it concerns; defaults to the one captured on the call.")
@click.option("--json", "as_json", is_flag=True)
def sr_add(call_id: int, referral: str, venue: str, sr_type: str, created: str | None, receipt: str | None, as_json: bool) -> None:
    """Record a service request made on CALL_ID."""
    created_d = _date_option(created, "--created")
    with _store() as store:
        made = store.add_service_request(
            call_id, referral, venue, type=sr_type, created=created_d, receipt_number=receipt
        )
    if as_json:
        _emit_json({"sr_id": made.id})
    else:
        center = f" ({made.service_center})" if made.service_center else ""
        click.echo(f"Service request {made.id}: referral {made.referral_number}, {made.venue}{center}, created {made.created}.")


@sr.command("update")
@click.argument("sr_id", type=int)
@click.option("--ncsc-called", help="Date you called the NCSC again about it (YYYY-MM-DD).")
@click.option("--service-center-emailed", help="Date you emailed the service center (YYYY-MM-DD).")
@click.option("--scops-emailed", help="Date you emailed SCOPS (YYYY-MM-DD).")
@click.option("--responded", help="Date USCIS responded (YYYY-MM-DD); closes the follow-ups.")
@click.option("--form7001", help="Date you filed DHS Form 7001 (YYYY-MM-DD).")
def sr_update(sr_id: int, ncsc_called, service_center_emailed, scops_emailed, responded, form7001) -> None:
    """Record what happened with service request SR_ID."""
    from companion.records import (
        FORM_7001_FILED,
        NCSC_CALLED,
        RESPONSE_RECEIVED,
        SCOPS_EMAILED,
        SERVICE_CENTER_EMAILED,
    )

    given = [
        (NCSC_CALLED, _date_option(ncsc_called, "--ncsc-called")),
        (SERVICE_CENTER_EMAILED, _date_option(service_center_emailed, "--service-center-emailed")),
        (SCOPS_EMAILED, _date_option(scops_emailed, "--scops-emailed")),
        (RESPONSE_RECEIVED, _date_option(responded, "--responded")),
        (FORM_7001_FILED, _date_option(form7001, "--form7001")),
    ]
    given = [(k, d) for k, d in given if d is not None]
    if not given:
        raise UserError(
            "sr update: give at least one of --ncsc-called, --service-center-emailed, "
            "--scops-emailed, --responded, --form7001"
        )
    with _store() as store:
        store.service_request(sr_id)
        for kind, on in given:
            store.record_event(kind, on, sr_id=sr_id)
    click.echo(f"Service request {sr_id}: recorded " + ", ".join(f"{k.replace('_', ' ')} {d}" for k, d in given) + ".")


# -- follow-ups and export -----------------------------------------------------------


@_command("due")
@click.option("--today", help="Compute as of this date (YYYY-MM-DD); default: today where you are.")
@click.option("--all", "show_all", is_flag=True, help="Include done and expired actions.")
@click.option("--json", "as_json", is_flag=True)
def due(today: str | None, show_all: bool, as_json: bool) -> None:
    """What to do when: follow-up dates from your calls and service requests."""
    from companion.workflows import follow_up_actions

    today_d = _date_option(today, "--today")
    with _store() as store:
        actions = follow_up_actions(store, today_d)
    if as_json:  # scripts get every action, with its status
        _emit_json([a.to_dict() for a in actions])
        return
    if not show_all:
        actions = [a for a in actions if a.status not in ("done", "expired")]
    if not actions:
        click.echo("Nothing to follow up.")
    for a in actions:
        _say(f"{a.due}  {a.status:<8}  {a.title}" + (f"  <{a.address}>" if a.address else ""))


@_command("export")
@click.argument("call_id", type=int, required=False)
@click.option("--to", "to", type=click.Choice(["ombudsman", "service-center", "scops"]), default="ombudsman")
@click.option("--format", "fmt", type=click.Choice(["text", "eml", "mailto", "json"]), default="text")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@click.option("--force", is_flag=True, help="Draft the Ombudsman email even for a call older than 90 days.")
@click.option("--calendar", type=click.Path(dir_okay=False), help="Write an .ics of every open follow-up date.")
@click.option("--today", help="Compute as of this date (YYYY-MM-DD).")
@click.option("--overwrite", is_flag=True, help="Replace an existing -o / --calendar file (never a symbolic link).")
def export(call_id, to, fmt, output, force, calendar, today, overwrite) -> None:
    """Draft the email for CALL_ID, or write the follow-up calendar (--calendar FILE.ics)."""
    from companion.export.files import check_target, write_private
    from companion.workflows import calendar_for, draft_for

    today_d = _date_option(today, "--today")
    for target in (calendar, output):  # refuse before writing either file
        if target:
            check_target(target, overwrite=overwrite)
    if calendar:
        with _store() as store:
            data = calendar_for(store, today_d)
        write_private(Path(calendar), data, overwrite=overwrite)
        click.echo(f"Wrote {calendar}", err=True)
        if call_id is None:
            return
    if call_id is None:
        raise UserError("export: give a CALL_ID (see `companion calls`) or --calendar FILE.ics")
    with _store() as store:
        draft = draft_for(store, call_id, to, today=today_d, force=force)
    for warning in getattr(draft, "warnings", ()):
        click.echo(printable(f"Warning: {warning}"), err=True)
    if fmt == "eml":
        data = draft.as_eml()
    else:
        text = {"text": draft.as_text, "mailto": draft.as_mailto, "json": draft.as_json}[fmt]()
        # Text a terminal (or `cat` of the file) would interpret is made visible.
        text = printable_json(json.loads(text), indent=2) if fmt == "json" else printable(text, newlines=True)
        data = (text if text.endswith("\n") else text + "\n").encode("utf-8")
    if output:
        write_private(Path(output), data, overwrite=overwrite)
        click.echo(f"Wrote {output}", err=True)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


# -- profile and cases ---------------------------------------------------------------


@click.group("profile")
def profile() -> None:
    """Your name, the phone you call from, your state and time zone."""


COMMANDS.append(profile)


@profile.command("set")
@click.option("--name")
@click.option("--phone", help="The number you call from, e.g. 555-123-4567.")
@click.option("--state", help="Two-letter US state (for the recording-consent note).")
@click.option("--timezone", help="IANA time zone, e.g. America/Chicago.")
@click.option("--ombudsman-email", help="Where Ombudsman emails go (default cisombudsman@dhs.gov).")
def profile_set(name, phone, state, timezone, ombudsman_email) -> None:
    """Set profile fields; each value is checked before any is saved."""
    if all(v is None for v in (name, phone, state, timezone, ombudsman_email)):
        raise UserError("profile set: give at least one of --name, --phone, --state, --timezone, --ombudsman-email")
    with _store() as store:
        p = store.set_profile(name=name, phone=phone, state=state, timezone=timezone, ombudsman_email=ombudsman_email)
    _say(f"Profile: {p.name or '(no name)'}, {ids.format_phone(p.phone) or '(no phone)'}, {p.state or '--'}, {p.timezone}")


@profile.command("show")
@click.option("--json", "as_json", is_flag=True)
def profile_show(as_json: bool) -> None:
    """Show the profile."""
    with _store() as store:
        p = store.profile()
    if as_json:
        _emit_json(asdict(p))
    else:
        for k, v in asdict(p).items():
            _say(f"{k:<22} {v}")


@click.group("case")
def case() -> None:
    """Your cases: receipt numbers, form, A-number, priority date."""


COMMANDS.append(case)


@case.command("add")
@click.argument("receipt")
@click.option("--form", "form_type", default="", help="Form type, e.g. I-765.")
@click.option("--a-number", default="", help="A-number, e.g. A012345678.")
@click.option("--priority-date", help="YYYY-MM-DD")
@click.option("--notes", default="")
@click.option("--json", "as_json", is_flag=True)
def case_add(receipt, form_type, a_number, priority_date, notes, as_json) -> None:
    """Add (or update) the case with receipt number RECEIPT."""
    with _store() as store:
        c = store.add_case(receipt, form_type=form_type, a_number=a_number, priority_date=priority_date, notes=notes)
    if as_json:
        _emit_json(asdict(c))
    else:
        center = ids.service_center_for_receipt(c.receipt_number)
        where = f" — {center.name}" if center else " — prefix not in the service-center table"
        _say(f"Case {c.id}: {c.receipt_number}{where}")


@case.command("list")
@click.option("--json", "as_json", is_flag=True)
def case_list(as_json: bool) -> None:
    """List your cases."""
    with _store() as store:
        cs = store.cases()
    if as_json:
        _emit_json([asdict(c) for c in cs])
    else:
        for c in cs:
            _say(f"{c.id:>3}  {c.receipt_number}  {c.form_type}  {c.a_number}  {c.priority_date or ''}")


# -- captured fields -----------------------------------------------------------------


@_command("field")
@click.argument("field_id", type=int)
@click.option("--confirm", "action", flag_value="confirmed", help="Mark the field as confirmed.")
@click.option("--reject", "action", flag_value="rejected", help="Mark the field as wrong.")
@click.option("--set", "value", help="Correct the value (confirms it).")
def field(field_id: int, action: str | None, value: str | None) -> None:
    """Confirm, reject or correct a captured field (ids from `companion show`)."""
    if action is None and value is None:
        raise UserError("field: give --confirm, --reject or --set VALUE")
    with _store() as store:
        f = store.set_field(field_id, status=action, value=value)
    _say(f"Field {f.id}: {f.kind} {f.value} ({f.status})")
