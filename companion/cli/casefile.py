"""Subcommands over the case file: ``case show``, ``case link``, ``case unlink``,
``delete`` and ``undo``. Thin: the work is in ``companion.casefile``.

Scripts rely on ``case show --json`` having the shape
``{"case", "calls", "service_requests", "events", "due"}``.
"""

from __future__ import annotations

import click

from companion.cli.records import ID, _emit_json, _say, _store, case, event_word, word
from companion.errors import UserError
from companion.i18n import DEFAULT_LANGUAGE, N_, _, current_language, ngettext
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


def _staff_line(fact: dict) -> str:
    """The staff member as the letters write it (English, ``StaffMember.show``), or in the
    user's language with the case screen's words."""
    if current_language() == DEFAULT_LANGUAGE:
        return StaffMember(**_staff_args(fact)).show()
    unconfirmed = " " + _("(not yet confirmed)")
    name, ident = fact["name"] or "", fact["staff_id"] or ""
    who = (name + (unconfirmed if fact["name_confirmed"] is False else "")) if name else _("name not recorded")
    num = (
        _("ID {number}").format(number=ident) + (unconfirmed if fact["id_confirmed"] is False else "")
        if ident
        else _("ID not recorded")
    )
    tier = _("Tier {tier}: ").format(tier=fact["tier"]) if fact["tier"] else ""
    return f"{tier}{who}, {num}"


def _heading(text: str) -> None:
    """A blank line, then a section heading (a newline given to ``_say`` is shown as ␊)."""
    click.echo()
    _say(text)


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return _("length not recorded")
    m = round(seconds / 60)
    return ngettext("{count} minute", "{count} minutes", m).format(count=m)


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
    _say(_("Case {receipt}").format(receipt=c["receipt_number"]) + center)
    extra = [
        _("form {form}").format(form=c["form_type"]) if c["form_type"] else "",
        _("A-number {number}").format(number=c["a_number"]) if c["a_number"] else "",
        _("priority date {date}").format(date=c["priority_date"]) if c["priority_date"] else "",
    ]
    if any(extra):
        _say("  " + ", ".join(e for e in extra if e))
    _heading(_("Calls:"))
    if not timeline["calls"]:
        _say("  " + _("none yet (link one with `companion case link {receipt} CALL_ID`)").format(receipt=c["receipt_number"]))
    for call in timeline["calls"]:
        hold = ", " + _("{minutes} on hold").format(minutes=_minutes(call["hold_seconds"])) if call["hold_seconds"] else ""
        tier = ", " + _("reached Tier {tier}").format(tier=call["tier_reached"]) if call["tier_reached"] else ""
        _say(
            f"  [{call['id']}] {call['date']} {call['time']} ({call['timezone']}), "
            f"{_minutes(call['length_seconds'])}{hold}{tier}"
        )
        for s in call["staff"]:
            _say("      " + _("staff: {staff}").format(staff=_staff_line(s)))
        for r in call["referral_numbers"]:
            _say(
                "      " + _("referral number {number}").format(number=r["value"])
                + ("" if r["confirmed"] else " " + _("(not yet confirmed)"))
            )
    _heading(_("Service requests:"))
    if not timeline["service_requests"]:
        _say("  " + _("none"))
    for sr in timeline["service_requests"]:
        what = f" ({sr['type']})" if sr["type"] else ""
        parent = (
            ", " + _("made when calling again about request {id}").format(id=sr["parent_sr_id"])
            if sr["parent_sr_id"] else ""
        )
        line = _("referral {referral}, {venue}").format(referral=sr["referral_number"], venue=word(sr["venue"]))
        _say(f"  [{sr['id']}] {sr['created']} {line}{what}{parent}")
    _heading(_("What you did:"))
    if not timeline["events"]:
        _say("  " + _("nothing recorded yet"))
    for ev in timeline["events"]:
        on = (
            " " + _("(request {id})").format(id=ev["sr_id"]) if ev["sr_id"]
            else (" " + _("(call {id})").format(id=ev["call_id"]) if ev["call_id"] else "")
        )
        label = ev["label"] if current_language() == DEFAULT_LANGUAGE else _(ev["label"])
        _say(f"  [{ev['id']}] {ev['on']} {label}{on}")
    _heading(_("Due:"))
    if not timeline["due"]:
        _say("  " + _("nothing"))
    from companion.followup.titles import shown_title

    for a in timeline["due"]:
        _say(f"  {a['due']}  {word(a['status']):<8}  {shown_title(a['title'])}")


@case.command("link", help=N_("Say that call CALL_ID is about the case RECEIPT."))
@click.argument("receipt")
@click.argument("call_id", type=ID)
def case_link(receipt: str, call_id: int) -> None:
    from companion.casefile import link_call

    with _store() as store:
        c = link_call(store, receipt, call_id)
    click.echo(_("Call {id} is now part of case {receipt}.").format(id=call_id, receipt=c.receipt_number))


@case.command("unlink", help=N_("Undo `case link` for CALL_ID (a confirmed receipt number still links it)."))
@click.argument("call_id", type=ID)
def case_unlink(call_id: int) -> None:
    from companion.casefile import case_of_call, unlink_call

    with _store() as store:
        unlink_call(store, call_id)
        still = case_of_call(store, call_id)
    if still:
        click.echo(
            _(
                "Call {id} is no longer linked by hand; it still belongs to case {receipt} by its confirmed "
                "receipt number."
            ).format(id=call_id, receipt=still.receipt_number)
        )
    else:
        click.echo(_("Call {id} is no longer linked by hand.").format(id=call_id))


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
            when = f"{call.local_start:%Y-%m-%d %H:%M}"
            if srs:
                question = ngettext(
                    "Delete call {id} of {when} and its {count} service request?",
                    "Delete call {id} of {when} and its {count} service requests?",
                    len(srs),
                ).format(id=row_id, when=when, count=len(srs))
            else:
                question = _("Delete call {id} of {when}?").format(id=row_id, when=when)
        elif what == "sr":
            sr = store.service_request(row_id)
            question = _(
                "Delete service request {referral} ({venue}, {created}) and what you recorded about it?"
            ).format(referral=sr.referral_number, venue=word(sr.venue), created=sr.created)
        else:
            ev = store.event(row_id)
            question = _("Delete the event '{event}' of {on}?").format(event=event_word(ev.kind), on=ev.on)
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
    from companion.casefile import describe_deletion, shown_label, undo_last_deletion

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
            click.echo(_("Nothing was ever deleted."))
        for e in entries:
            state = (
                _("restored {when}").format(when=f"{e.restored_at:%Y-%m-%d %H:%M}") if e.restored_at else _("deleted")
            )
            _say(f"{e.deleted_at:%Y-%m-%d %H:%M}  {state:<24} {shown_label(e.label)}")
        return
    with _store() as store:
        entry = undo_last_deletion(store)
    if as_json:
        _emit_json(
            None if entry is None else {"what": entry.what, "id": entry.row_id, "label": entry.label}
        )
        return
    click.echo(_("Nothing to undo.") if entry is None else describe_deletion(entry))


COMMANDS.append(undo)
