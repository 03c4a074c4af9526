"""Subcommands over the case file: ``case show``, ``case link``, ``case unlink``,
``delete`` and ``undo``. Thin: the work is in ``companion.casefile``.

Scripts rely on ``case show --json`` having the shape
``{"case", "calls", "service_requests", "events", "due"}``.
"""

from __future__ import annotations

import click

from companion.cli.records import ID, _emit_json, _say, _store, case
from companion.errors import UserError
from companion.i18n import N_, _
from companion.staff import StaffMember

COMMANDS: list = []


def _staff_args(fact: dict) -> dict:
    return {
        "name": fact["name"] or "",
        "name_confirmed": fact["name_confirmed"] is not False,
        "staff_id": fact["staff_id"] or "",
        "id_confirmed": fact["id_confirmed"] is not False,
        "tier": fact["tier"],
    }


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return "length not recorded"
    m = round(seconds / 60)
    return f"{m} minute" if m == 1 else f"{m} minutes"


@case.command("show", help=N_(
    "Every call, service request and follow-up about the case RECEIPT, and what is due."
))
@click.argument("receipt")
@click.option("--today", help=N_("Compute what is due as of this date (YYYY-MM-DD)."))
@click.option("--json", "as_json", is_flag=True)
def case_show(receipt: str, today: str | None, as_json: bool) -> None:
    from companion import identifiers as ids
    from companion.casefile import case_timeline

    today_d = ids.parse_date(today, "--today") if today is not None else None
    with _store() as store:
        timeline = case_timeline(store, receipt, today_d)
    if as_json:
        _emit_json(timeline)
        return
    c = timeline["case"]
    center = f" — {c['service_center']['name']}" if c["service_center"] else ""
    _say(f"Case {c['receipt_number']}{center}")
    extra = [
        f"form {c['form_type']}" if c["form_type"] else "",
        f"A-number {c['a_number']}" if c["a_number"] else "",
        f"priority date {c['priority_date']}" if c["priority_date"] else "",
    ]
    if any(extra):
        _say("  " + ", ".join(e for e in extra if e))
    _say("\nCalls:")
    if not timeline["calls"]:
        _say(f"  none yet (link one with `companion case link {c['receipt_number']} CALL_ID`)")
    for call in timeline["calls"]:
        hold = f", {_minutes(call['hold_seconds'])} on hold" if call["hold_seconds"] else ""
        tier = f", reached Tier {call['tier_reached']}" if call["tier_reached"] else ""
        _say(
            f"  [{call['id']}] {call['date']} {call['time']} ({call['timezone']}), "
            f"{_minutes(call['length_seconds'])}{hold}{tier}"
        )
        for s in call["staff"]:
            _say(f"      staff: {StaffMember(**_staff_args(s)).show()}")
        for r in call["referral_numbers"]:
            _say(f"      referral number {r['value']}" + ("" if r["confirmed"] else " (not yet confirmed)"))
    _say("\nService requests:")
    if not timeline["service_requests"]:
        _say("  none")
    for sr in timeline["service_requests"]:
        what = f" ({sr['type']})" if sr["type"] else ""
        parent = f", made when calling again about request {sr['parent_sr_id']}" if sr["parent_sr_id"] else ""
        _say(f"  [{sr['id']}] {sr['created']} referral {sr['referral_number']}, {sr['venue']}{what}{parent}")
    _say("\nWhat you did:")
    if not timeline["events"]:
        _say("  nothing recorded yet")
    for ev in timeline["events"]:
        on = f" (request {ev['sr_id']})" if ev["sr_id"] else (f" (call {ev['call_id']})" if ev["call_id"] else "")
        _say(f"  [{ev['id']}] {ev['on']} {ev['label']}{on}")
    _say("\nDue:")
    if not timeline["due"]:
        _say("  nothing")
    for a in timeline["due"]:
        _say(f"  {a['due']}  {a['status']:<8}  {a['title']}")


@case.command("link", help=N_("Say that call CALL_ID is about the case RECEIPT."))
@click.argument("receipt")
@click.argument("call_id", type=ID)
def case_link(receipt: str, call_id: int) -> None:
    from companion.casefile import link_call

    with _store() as store:
        c = link_call(store, receipt, call_id)
    click.echo(f"Call {call_id} is now part of case {c.receipt_number}.")


@case.command("unlink", help=N_("Undo `case link` for CALL_ID (a confirmed receipt number still links it)."))
@click.argument("call_id", type=ID)
def case_unlink(call_id: int) -> None:
    from companion.casefile import case_of_call, unlink_call

    with _store() as store:
        unlink_call(store, call_id)
        still = case_of_call(store, call_id)
    tail = f"; it still belongs to case {still.receipt_number} by its confirmed receipt number" if still else ""
    click.echo(f"Call {call_id} is no longer linked by hand{tail}.")


@click.group("delete", help=N_(
    "Delete a call, service request or follow-up event you recorded by mistake.\n\n"
    "Nothing is removed from the file: `companion undo` restores the last deletion."
))
def delete() -> None:
    pass


COMMANDS.append(delete)

_WHAT = {"call": "call", "sr": "service request", "event": "follow-up event"}


def _delete(what: str, row_id: int, yes: bool) -> None:
    from companion import casefile

    with _store() as store:
        if what == "call":
            call = store.call(row_id)
            srs = store.service_requests(row_id)
            extra = (f" and its {len(srs)} service request" + ("s" if len(srs) != 1 else "")) if srs else ""
            question = f"Delete call {row_id} of {call.local_start:%Y-%m-%d %H:%M}{extra}?"
        elif what == "sr":
            sr = store.service_request(row_id)
            question = f"Delete service request {sr.referral_number} ({sr.venue}, {sr.created}) and what you recorded about it?"
        else:
            ev = store.event(row_id)
            question = f"Delete the event '{ev.kind.replace('_', ' ')}' of {ev.on}?"
        if not yes:
            try:
                ok = click.confirm(question, default=False)
            except click.Abort:  # no answer (end of input)
                click.echo(err=True)
                ok = False
            if not ok:
                raise UserError(_("delete {what}: nothing deleted (answer y, or give --yes)").format(what=what))
        fn = {"call": casefile.delete_call, "sr": casefile.delete_service_request, "event": casefile.delete_event}[what]
        entry = fn(store, row_id)
    click.echo(casefile.describe_deletion(entry))


@delete.command("call", help=N_("Delete call CALL_ID with its service requests and their events."))
@click.argument("call_id", type=ID)
@click.option("--yes", is_flag=True, help=N_("Do not ask for confirmation."))
def delete_call(call_id: int, yes: bool) -> None:
    _delete("call", call_id, yes)


@delete.command("sr", help=N_("Delete service request SR_ID with its events."))
@click.argument("sr_id", type=ID)
@click.option("--yes", is_flag=True, help=N_("Do not ask for confirmation."))
def delete_sr(sr_id: int, yes: bool) -> None:
    _delete("sr", sr_id, yes)


@delete.command("event", help=N_("Delete follow-up event EVENT_ID (ids from `companion case show RECEIPT`)."))
@click.argument("event_id", type=ID)
@click.option("--yes", is_flag=True, help=N_("Do not ask for confirmation."))
def delete_event(event_id: int, yes: bool) -> None:
    _delete("event", event_id, yes)


@click.command("undo", help=N_("Restore the last deletion (again for the one before, and so on)."))
@click.option("--list", "show_list", is_flag=True, help=N_("List every deletion, newest first, without restoring."))
@click.option("--json", "as_json", is_flag=True)
def undo(show_list: bool, as_json: bool) -> None:
    from companion.casefile import describe_deletion, undo_last_deletion

    if show_list:
        with _store() as store:
            entries = store.trash()
        if as_json:
            _emit_json([
                {"what": e.what, "id": e.row_id, "label": e.label, "deleted_at": e.deleted_at,
                 "restored_at": e.restored_at}
                for e in entries
            ])
            return
        if not entries:
            click.echo("Nothing was ever deleted.")
        for e in entries:
            state = f"restored {e.restored_at:%Y-%m-%d %H:%M}" if e.restored_at else "deleted"
            _say(f"{e.deleted_at:%Y-%m-%d %H:%M}  {state:<24} {e.label}")
        return
    with _store() as store:
        entry = undo_last_deletion(store)
    if as_json:
        _emit_json(
            None if entry is None else {"what": entry.what, "id": entry.row_id, "label": entry.label}
        )
        return
    click.echo("Nothing to undo." if entry is None else describe_deletion(entry))


COMMANDS.append(undo)
