"""Subcommands over the call records: calls, show, search, import-call, sr, due, export,
profile and case. Scripts rely on these exact forms and on their ``--json`` output.

Every command validates its input before writing anything; a bad value is one line on
stderr naming the field and the expected form, and a non-zero exit.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path

import click

from companion import identifiers as ids
from companion.display import printable, printable_json
from companion.errors import UserError
from companion.i18n import DEFAULT_LANGUAGE, N_, _, current_language, ngettext

COMMANDS: list = []


def _command(*args, **kwargs):
    def register(fn):
        cmd = click.command(*args, **kwargs)(fn)
        COMMANDS.append(cmd)
        return cmd

    return register


# Words the records keep in English, shown in the user's language: an English run prints
# the record's own word, exactly as before (scripts read these lines); the msgids are the
# TUI's (companion/tui/formatting.py), so the catalogue has each once.
_WORDS: dict[str, str] = {
    "overdue": N_("overdue"), "due": N_("due"), "upcoming": N_("upcoming"), "done": N_("done"),
    "expired": N_("expired"), "candidate": N_("candidate"), "confirmed": N_("confirmed"),
    "rejected": N_("rejected"), "service-center": N_("service center"), "field-office": N_("field office"),
    "manual": N_("manual"), "import": N_("import"), "live": N_("live"), "replay": N_("replay"),
    "extracted": N_("extracted"), "typed": N_("typed"), "assisted": N_("assisted"),
}


def word(value: object) -> str:
    """A status, venue or source from the records: itself in English, translated otherwise."""
    text = str(value)
    if current_language() == DEFAULT_LANGUAGE or text not in _WORDS:
        return text
    return _(_WORDS[text])


def kind_word(kind: str) -> str:
    """A captured field's kind: ``staff_name`` as the English lines always showed it, or its
    noun in the user's language (``nombre del agente``)."""
    from companion.kinds import KINDS, Kind

    if current_language() == DEFAULT_LANGUAGE or kind not in KINDS:
        return kind
    return _(KINDS[Kind(kind)].noun)


def event_word(kind: str) -> str:
    """What the user did (``emailed SCOPS``), as the English lines always said it
    (``emailed scops``) or in the user's language."""
    from companion.records import EVENT_LABELS

    if current_language() == DEFAULT_LANGUAGE:
        return kind.replace("_", " ")
    return _(EVENT_LABELS.get(kind, kind.replace("_", " ")))


def _store():
    from companion.workflows import open_store

    store = open_store()
    store.profile()  # notes a bad saved time zone among the warnings
    for warning in store.warnings:  # e.g. opened read-only: said, not acted on
        click.echo(printable(_("Warning: {message}").format(message=warning)), err=True)
    return store


# Ids are SQLite integers: a larger number is refused by click, not by an OverflowError.
ID = click.IntRange(min=1, max=2**63 - 1)


def _hold_minutes(value: float | None) -> float | None:
    """``--hold-minutes`` as seconds: finite, from 0 to 24 hours."""
    if value is None:
        return None
    if not (math.isfinite(value) and 0 <= value <= 24 * 60):
        raise UserError(
            _("{field}: {value!r} is not valid; expected {expected}").format(
                field="--hold-minutes", value=value, expected=_("minutes from 0 to 1440 (24 hours)")
            ),
            field="--hold-minutes",
        )
    return value * 60


def _jsonable(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN or Infinity; nothing stored now is either
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _emit_json(value) -> None:
    click.echo(printable_json(_jsonable(value), indent=2, allow_nan=False))


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


def _warn_if_no_zone(store) -> None:
    """No silent New York: say which zone counted the call's day when none was chosen."""
    if store.profile_is_set():
        return
    from companion.casefile import system_timezone

    click.echo(
        _(
            "Note: your time zone is not set, so days are counted in {zone}; set yours with "
            "`companion profile set --timezone {suggested}`."
        ).format(zone=store.profile().timezone, suggested=system_timezone() or "ZONE"),
        err=True,
    )


# -- calls ---------------------------------------------------------------------------


@_command("import-call", help=N_(
    "Store a call from a transcript in Vosk result format (JSONL), extracting its fields."
))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--started-at", required=True, help=N_("When the call started, ISO 8601 (e.g. 2026-03-02T14:05-05:00)."))
@click.option("--phone", help=N_("The phone number you called from."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print {\"call_id\": N}."))
@click.option("--lang", "language", type=click.Choice(["en", "es"]), default=None,
              help=N_("The language of the call (default: your profile's)."))
def import_call(file: str, started_at: str, phone: str | None, as_json: bool, language: str | None) -> None:
    from companion.workflows import import_transcript

    if language:
        from companion.language import speak

        speak(language)  # the messages too, unless the profile chose the app's language

    with _store() as store:
        started = ids.parse_datetime(started_at, store.profile().zone, "--started-at")
        if phone:
            ids.parse_phone(phone, "--phone")
        call_id = import_transcript(store, file, started, phone=phone, language=language)
        fields = store.fields(call_id)
        _warn_if_no_zone(store)
    if as_json:
        _emit_json({"call_id": call_id})
    else:
        click.echo(
            ngettext(
                "Stored call {id} with {count} captured field. See `companion show {id}`.",
                "Stored call {id} with {count} captured fields. See `companion show {id}`.",
                len(fields),
            ).format(id=call_id, count=len(fields))
        )


@_command("add-call", help=N_("Record a call by hand (what you wrote down). Fields are stored as confirmed."))
@click.option("--started-at", required=True, help=N_("When the call started, ISO 8601; without an offset, your profile's zone."))
@click.option("--phone", help=N_("The phone number you called from (default: your profile's)."))
@click.option("--staff-name", multiple=True, help=N_("Name of the NCSC staff member (repeat for several)."))
@click.option("--staff-id", multiple=True, help=N_("ID number of the NCSC staff member (repeat for several)."))
@click.option("--receipt", multiple=True, help=N_("Receipt number discussed."))
@click.option("--tier", type=click.IntRange(1, 2), help=N_("Highest tier reached."))
@click.option("--hold-minutes", type=click.FloatRange(min=0), help=N_("Time spent on hold."))
@click.option("--notes", default=None)
@click.option("--json", "as_json", is_flag=True, help=N_("Print {\"call_id\": N}."))
def add_call(started_at, phone, staff_name, staff_id, receipt, tier, hold_minutes, notes, as_json) -> None:
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
        hold_seconds = _hold_minutes(hold_minutes)
        zone_name = getattr(started.tzinfo, "key", None)  # an IANA zone when the time was naive
        with store.transaction():  # the call and its fields, or nothing
            call_id = store.start_call(started, timezone=zone_name, phone_used=phone, source="manual")
            for kind, value in typed:
                store.add_field(call_id, kind, value)
            store.update_call(call_id, tier_reached=tier, hold_seconds=hold_seconds, notes=notes)
        _warn_if_no_zone(store)
    if as_json:
        _emit_json({"call_id": call_id})
    else:
        click.echo(_("Stored call {id}.").format(id=call_id))


@_command("update-call", help=N_(
    "Change a call's tier, hold time, notes or outcome; record an Ombudsman review request."
))
@click.argument("call_id", type=ID)
@click.option("--tier", type=click.IntRange(1, 2), help=N_("Highest tier reached."))
@click.option("--hold-minutes", type=click.FloatRange(min=0), help=N_("Time spent on hold."))
@click.option("--notes", help=N_("Replace the call's notes."))
@click.option("--outcome", help=N_("What came of the call."))
@click.option("--ombudsman-requested", help=N_("Date you asked the Ombudsman to review this call (YYYY-MM-DD)."))
@click.option("--force", is_flag=True, help=N_("Record --ombudsman-requested even after the 90-day window."))
def update_call(call_id, tier, hold_minutes, notes, outcome, ombudsman_requested, force) -> None:
    from companion.records import OMBUDSMAN_REVIEW_REQUESTED

    on = _date_option(ombudsman_requested, "--ombudsman-requested")
    hold_seconds = _hold_minutes(hold_minutes)
    with _store() as store, store.transaction():
        if on:  # checked first: a refused date changes nothing
            store.record_event(OMBUDSMAN_REVIEW_REQUESTED, on, call_id=call_id, force=force)
        store.update_call(call_id, tier_reached=tier, hold_seconds=hold_seconds, notes=notes, outcome=outcome)
    click.echo(_("Call {id} updated.").format(id=call_id))


@_command("calls", help=N_("List calls, newest first."))
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", type=click.IntRange(min=1, max=1_000_000), default=None, help=N_("Only the newest N calls."))
def calls(as_json: bool, limit: int | None) -> None:
    with _store() as store:
        summaries = store.call_summaries(limit)
    if as_json:
        _emit_json([_call_dict(s) for s in summaries])
        return
    if not summaries:
        click.echo(_("No calls yet. Start one with `companion live`, or `companion import-call FILE --started-at …`."))
        return
    for s in summaries:
        call, best = s["call"], s["best"]
        who = " / ".join(v for v in (best.get("staff_name"), best.get("staff_id")) if v) or _("staff unknown")
        ref = _("  referral {number}").format(number=best["referral_number"]) if "referral_number" in best else ""
        # one English form for every count, as this line always printed (scripts may read it);
        # Spanish has its singular
        count = ngettext("({count} utterances)", "({count} utterances)", s["utterances"]).format(count=s["utterances"])
        _say(f"{call.id:>4}  {call.local_start:%Y-%m-%d %H:%M %Z}  {who}{ref}  {count}")


@_command("show", help=N_("A call with its transcript, captured fields and service requests."))
@click.argument("call_id", type=ID)
@click.option("--json", "as_json", is_flag=True)
def show(call_id: int, as_json: bool) -> None:
    with _store() as store:
        call = store.call(call_id)
        utterances = store.utterances(call_id)
        fields = store.fields(call_id)
        srs = store.service_requests(call_id)
        events = [e for sr in srs for e in store.events(sr.id)]
        case_of = store.case_for_call(call_id)
        from companion.session import names_not_captured

        unheard = names_not_captured(store, call_id)  # "my name is …" with no name captured
    if as_json:
        d = asdict(call)
        d["case"] = case_of.receipt_number if case_of else None
        d["local_date"] = call.local_date.isoformat()
        d["utterances"] = [asdict(u) for u in utterances]
        d["fields"] = [asdict(f) for f in fields]
        d["service_requests"] = [asdict(sr) for sr in srs]
        d["events"] = [asdict(e) for e in events]
        d["names_not_captured"] = [{"start": n.start, "cue": n.cue, "heard": n.heard} for n in unheard]
        _emit_json(d)
        return
    from companion.i18n import weekday_name

    start = call.local_start
    weekday = f"{start:%A}" if current_language() == DEFAULT_LANGUAGE else weekday_name(start.date())
    _say(
        _("Call {id} — {weekday} {when} ({zone})").format(
            id=call.id, weekday=weekday, when=f"{start:%Y-%m-%d %H:%M %Z}", zone=call.timezone
        )
    )
    if case_of is not None:
        _say(_("Case: {receipt} (`companion case show {receipt}`)").format(receipt=case_of.receipt_number))
    if call.phone_used:
        click.echo(_("Phone used: {phone}").format(phone=ids.format_phone(call.phone_used)))
    if call.tier_reached:
        click.echo(_("Tier reached: {tier}").format(tier=call.tier_reached))
    if call.hold_seconds:
        click.echo(
            _("On hold: {minutes} min {seconds} s").format(
                minutes=int(call.hold_seconds // 60), seconds=int(call.hold_seconds % 60)
            )
        )
    click.echo("\n" + _("Captured fields:"))
    for f in fields or []:
        mark = {"confirmed": "✓", "rejected": "✗"}.get(f.status, "?")
        _say(f"  [{f.id}] {mark} {kind_word(f.kind):<16} {f.value:<16} {f.confidence:.0%} ({word(f.source)})")
    if not fields:
        click.echo("  " + _("none"))
    for n in unheard:
        at = f"{int(n.start // 60):02d}:{int(n.start % 60):02d}"
        heard = (_("heard “{heard}”").format(heard=n.heard) if n.heard else _("nothing heard after it"))
        _say("  ? " + _("{kind}: not captured — after “{cue}” at {time} ({heard})").format(
            kind=kind_word("staff_name"), cue=n.cue, time=at, heard=heard))
    for sr in srs:
        _say(
            "\n" + _("Service request {id}: referral {referral}, {venue}, created {created}").format(
                id=sr.id, referral=sr.referral_number, venue=word(sr.venue), created=sr.created
            ),
            newlines=True,
        )
    if call.notes:
        _say("\n" + _("Notes: {notes}").format(notes=call.notes), newlines=True)
    click.echo("\n" + _("Transcript:"))
    for u in utterances:
        t = f"{int(u.start // 60):02d}:{int(u.start % 60):02d}" if u.start is not None else "--:--"
        _say(f"  {t} {u.speaker or '':<7} {u.text}")


@_command("search", help=N_(
    "Search transcripts, captured values (digits with or without spaces), notes and requests."
))
@click.argument("text", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True)
def search(text: tuple[str, ...], as_json: bool) -> None:
    with _store() as store:
        hits = store.search(" ".join(text))
        records = store.search_records(" ".join(text))
    if as_json:
        _emit_json(records + hits)
        return
    if not hits and not records:
        click.echo(_("No matches."))
    for r in records:
        where = r["where"].replace("field:", "").replace("_", " ")
        sr = _(" request {id}").format(id=r["sr_id"]) if r["sr_id"] else ""
        when = (r["started_at"] or "")[:16]
        call_no = f"{r['call_id'] if r['call_id'] is not None else '-':>4}"
        _say(_("call {id}").format(id=call_no) + f"{sr}  {when}  {where}: {r['value']}")
    for h in hits:
        t = f"{int((h['start'] or 0) // 60):02d}:{int((h['start'] or 0) % 60):02d}"
        _say(_("call {id}").format(id=f"{h['call_id']:>4}") + f"  {h['started_at'][:16]}  {t}  {h['snippet']}")


# -- service requests ----------------------------------------------------------------


@click.group("sr", help=N_("Service requests made on a call, and what you did to follow them up."))
def sr() -> None:
    pass


COMMANDS.append(sr)


@sr.command("add", help=N_("Record a service request made on CALL_ID."))
@click.argument("call_id", type=ID)
@click.option("--referral", required=True, help=N_("The service request referral number."))
@click.option("--venue", required=True, type=click.Choice(["service-center", "field-office"]))
@click.option("--type", "sr_type", default="", help=N_("What was requested, e.g. 'expedite', 'processing delay'."))
@click.option("--created", help=N_("Date the request was made (YYYY-MM-DD); defaults to the call's date."))
@click.option("--receipt", help=N_("Receipt number it concerns; defaults to the one captured on the call."))
@click.option("--json", "as_json", is_flag=True)
def sr_add(call_id: int, referral: str, venue: str, sr_type: str, created: str | None, receipt: str | None, as_json: bool) -> None:
    created_d = _date_option(created, "--created")
    with _store() as store:
        made = store.add_service_request(
            call_id, referral, venue, type=sr_type, created=created_d, receipt_number=receipt
        )
    if as_json:
        _emit_json({"sr_id": made.id})
    else:
        center = f" ({made.service_center})" if made.service_center else ""
        click.echo(
            _("Service request {id}: referral {referral}, {venue}, created {created}").format(
                id=made.id, referral=made.referral_number, venue=f"{word(made.venue)}{center}", created=made.created
            )
            + "."
        )


@sr.command("update", help=N_("Record what happened with service request SR_ID, then show what comes next."))
@click.argument("sr_id", type=ID)
@click.option("--ncsc-called", help=N_("Date you called the NCSC again about it (YYYY-MM-DD); field-office requests."))
@click.option("--new-referral", help=N_("With --ncsc-called: the new referral number you were given."))
@click.option("--call", "recall_id", type=ID, help=N_("With --ncsc-called: the stored call of that re-call."))
@click.option("--service-center-emailed", help=N_("Date you emailed the service center (YYYY-MM-DD)."))
@click.option("--scops-emailed", help=N_("Date you emailed SCOPS (YYYY-MM-DD)."))
@click.option("--responded", help=N_("Date USCIS responded (YYYY-MM-DD); closes the follow-ups."))
@click.option("--form7001", help=N_("Date you filed DHS Form 7001 (YYYY-MM-DD)."))
def sr_update(
    sr_id: int, ncsc_called, new_referral, recall_id, service_center_emailed, scops_emailed, responded, form7001
) -> None:
    from companion.records import (
        FORM_7001_FILED,
        NCSC_CALLED,
        RESPONSE_RECEIVED,
        SCOPS_EMAILED,
        SERVICE_CENTER_EMAILED,
    )

    options = [
        (NCSC_CALLED, _date_option(ncsc_called, "--ncsc-called")),
        (SERVICE_CENTER_EMAILED, _date_option(service_center_emailed, "--service-center-emailed")),
        (SCOPS_EMAILED, _date_option(scops_emailed, "--scops-emailed")),
        (RESPONSE_RECEIVED, _date_option(responded, "--responded")),
        (FORM_7001_FILED, _date_option(form7001, "--form7001")),
    ]
    given: list[tuple[str, date]] = [(k, d) for k, d in options if d is not None]
    if not given:
        raise UserError(
            _(
                "sr update: give at least one of --ncsc-called, --service-center-emailed, "
                "--scops-emailed, --responded, --form7001"
            )
        )
    if (new_referral or recall_id is not None) and ncsc_called is None:
        raise UserError(_("sr update: --new-referral and --call go with --ncsc-called DATE"))
    from companion.casefile import next_steps, record_ncsc_recall

    with _store() as store, store.transaction():
        store.service_request(sr_id)
        for kind, on in given:  # check every date before recording any
            store.check_event(kind, on, sr_id=sr_id)
        lines = []
        for kind, on in given:
            if kind == NCSC_CALLED:
                recall = record_ncsc_recall(store, sr_id, on, new_referral=new_referral, call_id=recall_id)
                if recall.new_request is not None:
                    lines.append(
                        _(
                            "New referral number {referral} recorded as request {id}, linked to the first request."
                        ).format(referral=recall.new_request.referral_number, id=recall.new_request.id)
                    )
            else:
                store.record_event(kind, on, sr_id=sr_id)
        steps = next_steps(store, sr_id)
    from companion.followup.titles import shown_title

    done = ", ".join(f"{event_word(k)} {d}" for k, d in given)
    click.echo(_("Service request {id}: recorded {what}.").format(id=sr_id, what=done))
    for line in lines:
        click.echo(line)
    if steps:
        for a in steps:
            _say(_("Next: {due}  {title}").format(due=a.due, title=shown_title(a.title)))
    else:
        click.echo(_("Next: nothing more to do for this request."))


# -- follow-ups and export -----------------------------------------------------------


@_command("due", help=N_("What to do when: follow-up dates from your calls and service requests."))
@click.option("--today", help=N_("Compute as of this date (YYYY-MM-DD); default: today where you are."))
@click.option("--all", "show_all", is_flag=True, help=N_("Include done and expired actions."))
@click.option("--notify", "notify", is_flag=True, help=N_("Show what is due soon as a desktop notification (notify-send)."))
@click.option("--json", "as_json", is_flag=True)
def due(today: str | None, show_all: bool, notify: bool, as_json: bool) -> None:
    from companion.workflows import follow_up_actions, today_for

    today_d = _date_option(today, "--today")
    with _store() as store:
        actions = follow_up_actions(store, today_d)
        today_d = today_d or today_for(store)
    if notify:
        from companion import reminders

        soon = reminders.to_announce(actions, today_d)
        if not soon:
            click.echo(_("Nothing due soon; no notification shown."))
            return
        click.echo(reminders.notify(soon))
        return
    if as_json:  # scripts get every action, with its status
        _emit_json([a.to_dict() for a in actions])
        return
    if not show_all:
        actions = [a for a in actions if a.status not in ("done", "expired")]
    if not actions:
        click.echo(_("Nothing to follow up."))
    from companion.followup.titles import shown_title

    for a in actions:  # the title in the user's language (the JSON above keeps the rules' English)
        _say(f"{a.due}  {word(a.status):<8}  {shown_title(a.title)}" + (f"  <{a.address}>" if a.address else ""))


@_command("export", help=N_(
    "Draft the email for CALL_ID, the Form 7001 helper for a case (--case RECEIPT --to form7001), or "
    "write the follow-up calendar (--calendar FILE.ics)."
))
@click.argument("call_id", type=ID, required=False)
@click.option(
    "--to", "to", type=click.Choice(["ombudsman", "service-center", "scops", "form7001"]), default=None,
    help=N_("Which letter (default ombudsman), or form7001 with --case."),
)
@click.option("--format", "fmt", type=click.Choice(["text", "eml", "mailto", "json", "md"]), default="text")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help=N_("Write to this file instead of stdout."))
@click.option("--force", is_flag=True, help=N_("Draft the Ombudsman email even for a call older than 90 days."))
@click.option("--calendar", type=click.Path(dir_okay=False), help=N_("Write an .ics of every open follow-up date."))
@click.option("--case", "case_receipt", help=N_("The case (receipt number) for --to form7001."))
@click.option("--what-went-wrong", help=N_("One or two sentences of your own, added to the letter."))
@click.option("--today", help=N_("Compute as of this date (YYYY-MM-DD)."))
@click.option("--overwrite", is_flag=True, help=N_("Replace an existing -o / --calendar file (never a symbolic link)."))
def export(call_id, to, fmt, output, force, calendar, case_receipt, what_went_wrong, today, overwrite) -> None:
    from companion.export.files import check_target, write_private
    from companion.workflows import calendar_for, draft_for

    today_d = _date_option(today, "--today")
    for target in (calendar, output):  # refuse before writing either file
        if target:
            check_target(target, overwrite=overwrite)
    if case_receipt is not None or to == "form7001":
        if case_receipt is None or to not in (None, "form7001") or call_id is not None:
            raise UserError(_("export: the Form 7001 helper is `companion export --case RECEIPT --to form7001`"))
        if fmt not in ("text", "json", "md"):
            raise UserError(_("format: {value!r} is not valid for form7001; expected text, json or md").format(value=fmt))
        from companion.casefile import form7001_for

        with _store() as store:
            form = form7001_for(store, case_receipt, today_d)
        rendered = form.render(fmt)  # text a terminal would interpret is made visible, as for drafts
        rendered = printable_json(json.loads(rendered), indent=2) + "\n" if fmt == "json" else printable(rendered, newlines=True)
        data = rendered.encode("utf-8")
        if output:
            write_private(Path(output), data, overwrite=overwrite)
            click.echo(printable(_("Wrote {path}").format(path=output)), err=True)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        return
    to = to or "ombudsman"
    if fmt == "md":
        raise UserError(_("format: 'md' is only for --to form7001; expected text, eml, mailto or json"))
    if calendar:
        with _store() as store:
            data = calendar_for(store, today_d)
        write_private(Path(calendar), data, overwrite=overwrite)
        click.echo(printable(_("Wrote {path}").format(path=calendar)), err=True)
        if call_id is None:
            return
    if call_id is None:
        raise UserError(_("export: give a CALL_ID (see `companion calls`) or --calendar FILE.ics"))
    with _store() as store:
        draft = draft_for(store, call_id, to, today=today_d, force=force, what_went_wrong=what_went_wrong)
    for warning in getattr(draft, "warnings", ()):
        click.echo(printable(_("Warning: {message}").format(message=warning)), err=True)
    if fmt == "eml":
        data = draft.as_eml()
    else:
        text = {"text": draft.as_text, "mailto": draft.as_mailto, "json": draft.as_json}[fmt]()
        # Text a terminal (or `cat` of the file) would interpret is made visible.
        text = printable_json(json.loads(text), indent=2) if fmt == "json" else printable(text, newlines=True)
        data = (text if text.endswith("\n") else text + "\n").encode("utf-8")
    if output:
        write_private(Path(output), data, overwrite=overwrite)
        click.echo(printable(_("Wrote {path}").format(path=output)), err=True)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


# -- profile and cases ---------------------------------------------------------------


@click.group("profile", help=N_("Your name, the phone you call from, your state and time zone."))
def profile() -> None:
    pass


COMMANDS.append(profile)


@profile.command("set", help=N_("Set profile fields; each value is checked before any is saved."))
@click.option("--name")
@click.option("--phone", help=N_("The number you call from, e.g. 555-123-4567."))
@click.option("--state", help=N_("Two-letter US state (for the recording-consent note)."))
@click.option("--timezone", help=N_("IANA time zone, e.g. America/Chicago."))
@click.option("--ombudsman-email", help=N_("Where Ombudsman emails go (default cisombudsman@dhs.gov)."))
@click.option("--language", help=N_("The language of your calls and of the app: en (English) or es (Spanish)."))
def profile_set(name, phone, state, timezone, ombudsman_email, language) -> None:
    if all(v is None for v in (name, phone, state, timezone, ombudsman_email, language)):
        raise UserError(
            _("profile set: give at least one of --name, --phone, --state, --timezone, --ombudsman-email, --language")
        )
    with _store() as store:
        p = store.set_profile(
            name=name, phone=phone, state=state, timezone=timezone, ombudsman_email=ombudsman_email, language=language
        )
    if language is not None:  # the profile's choice is the app's language from this line on
        from companion.i18n import set_language

        set_language(p.language)
    _say(
        _("Profile: {name}, {phone}, {state}, {zone}, language {language}").format(
            name=p.name or _("(no name)"), phone=ids.format_phone(p.phone) or _("(no phone)"),
            state=p.state or "--", zone=p.timezone, language=p.language,
        )
    )


# `profile show` prints the profile's field names; a Spanish run shows them as words
PROFILE_LABELS: dict[str, str] = {
    "name": N_("name"), "phone": N_("phone"), "state": N_("state"), "timezone": N_("time zone"),
    "ombudsman_email": N_("Ombudsman email"), "consent_acknowledged": N_("consent noted"),
    "language": N_("language"),
}


@profile.command("show", help=N_("Show the profile."))
@click.option("--json", "as_json", is_flag=True)
def profile_show(as_json: bool) -> None:
    from companion.casefile import system_timezone

    with _store() as store:
        p = store.profile()
        is_set = store.profile_is_set()
    if as_json:
        _emit_json(asdict(p) | {"timezone_set": is_set, "system_timezone": system_timezone()})
    else:
        for k, v in asdict(p).items():
            if current_language() != DEFAULT_LANGUAGE:
                k = _(PROFILE_LABELS.get(k, k))
                v = (_("Yes") if v else _("No")) if isinstance(v, bool) else v
            _say(f"{k:<22} {v}")
        if not is_set:
            click.echo(
                _(
                    "Your time zone is not set: dates are counted in {zone} until you run "
                    "`companion profile set --timezone {suggested}` (this computer's zone)."
                ).format(zone=p.timezone, suggested=system_timezone() or "ZONE")
            )


@click.group("case", help=N_("Your cases: receipt numbers, form, A-number, priority date."))
def case() -> None:
    pass


COMMANDS.append(case)


@case.command("add", help=N_("Add (or update) the case with receipt number RECEIPT."))
@click.argument("receipt")
@click.option("--form", "form_type", default="", help=N_("Form type, e.g. I-765."))
@click.option("--a-number", default="", help=N_("A-number, e.g. A012345678."))
@click.option("--priority-date", help=N_("YYYY-MM-DD"))
@click.option("--receipt-date", help=N_("The date on the I-797 receipt notice, YYYY-MM-DD (Form 7001 asks for it)."))
@click.option("--notes", default="")
@click.option("--json", "as_json", is_flag=True)
def case_add(receipt, form_type, a_number, priority_date, receipt_date, notes, as_json) -> None:
    with _store() as store:
        c = store.add_case(
            receipt,
            form_type=form_type,
            a_number=a_number,
            priority_date=priority_date,
            notes=notes,
            receipt_date=receipt_date,
        )
    if as_json:
        _emit_json(asdict(c))
    else:
        from companion.locations import service_centers_override

        center = ids.service_center_for_receipt(c.receipt_number, service_centers_override())
        where = f" — {center.name}" if center else " — " + _("prefix not in the service-center table")
        _say(_("Case {id}: {receipt}").format(id=c.id, receipt=c.receipt_number) + where)


@case.command("list", help=N_("List your cases."))
@click.option("--json", "as_json", is_flag=True)
def case_list(as_json: bool) -> None:
    with _store() as store:
        cs = store.cases()
    if as_json:
        _emit_json([asdict(c) for c in cs])
    else:
        for c in cs:
            _say(f"{c.id:>3}  {c.receipt_number}  {c.form_type}  {c.a_number}  {c.priority_date or ''}")


# -- captured fields -----------------------------------------------------------------


@_command("field", help=N_("Confirm, reject or correct a captured field (ids from `companion show`)."))
@click.argument("field_id", type=ID)
@click.option("--confirm", "action", flag_value="confirmed", help=N_("Mark the field as confirmed."))
@click.option("--reject", "action", flag_value="rejected", help=N_("Mark the field as wrong."))
@click.option("--set", "value", help=N_("Correct the value (confirms it)."))
def field(field_id: int, action: str | None, value: str | None) -> None:
    if action is None and value is None:
        raise UserError(_("field: give --confirm, --reject or --set VALUE"))
    with _store() as store:
        f = store.set_field(field_id, status=action, value=value)
    _say(_("Field {id}: {kind} {value} ({status})").format(id=f.id, kind=kind_word(f.kind), value=f.value, status=word(f.status)))
