"""The schema, as an ordered list of migrations (sqlite-utils ``Migrations``).

Never edit a migration that has shipped: add a new one. Each runs in a transaction with
the record of it having run, so a half-applied schema cannot exist.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("companion")


@migrations()
def m001_initial(db: Database) -> None:
    db.table("profile").create(
        {
            "id": int,
            "name": str,
            "phone": str,
            "state": str,
            "timezone": str,
            "ombudsman_email": str,
            "consent_acknowledged_at": str,
        },
        pk="id",
    )
    db.table("cases").create(
        {
            "id": int,
            "receipt_number": str,
            "form_type": str,
            "a_number": str,
            "priority_date": str,
            "notes": str,
            "created_at": str,
        },
        pk="id",
        not_null={"receipt_number"},
    )
    db.table("cases").create_index(["receipt_number"], unique=True)
    db.table("calls").create(
        {
            "id": int,
            "started_at": str,  # ISO 8601 with the UTC offset of the user's zone
            "timezone": str,  # IANA zone name
            "ended_at": str,
            "phone_used": str,
            "tier_reached": int,
            "hold_seconds": float,
            "notes": str,
            "outcome": str,
            "source": str,
            "created_at": str,
        },
        pk="id",
        not_null={"started_at", "timezone"},
        defaults={"hold_seconds": 0.0, "notes": "", "outcome": "", "phone_used": "", "source": "manual"},
    )
    db.table("utterances").create(
        {
            "id": int,
            "call_id": int,
            "seq": int,
            "speaker": str,
            "start": float,
            "end": float,
            "text": str,
            "words": str,  # JSON: Vosk word dicts with conf
        },
        pk="id",
        foreign_keys=[("call_id", "calls", "id")],
        not_null={"call_id", "seq", "text"},
    )
    db.table("utterances").create_index(["call_id", "seq"], unique=True)
    db.table("utterances").enable_fts(["text"], create_triggers=True, tokenize="porter")
    db.table("fields").create(
        {
            "id": int,
            "call_id": int,
            "kind": str,
            "value": str,
            "confidence": float,
            "start": float,
            "end": float,
            "text": str,
            "words": str,
            "speaker": str,
            "source": str,  # extracted | typed
            "status": str,  # candidate | confirmed | rejected
            "extractor_key": int,  # the extractor's stable key, so revisions replace
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("call_id", "calls", "id")],
        not_null={"call_id", "kind", "value", "source", "status"},
    )
    db.table("fields").create_index(["call_id", "kind"])
    db.table("fields").create_index(["call_id", "extractor_key"], unique=True)
    db.table("service_requests").create(
        {
            "id": int,
            "call_id": int,
            "referral_number": str,
            "type": str,
            "venue": str,
            "service_center": str,
            "receipt_number": str,
            "created": str,  # YYYY-MM-DD
        },
        pk="id",
        foreign_keys=[("call_id", "calls", "id")],
        not_null={"referral_number", "venue", "created"},
    )
    db.table("followup_events").create(
        {
            "id": int,
            "kind": str,
            "on_date": str,  # YYYY-MM-DD
            "sr_id": int,
            "call_id": int,
            "note": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("sr_id", "service_requests", "id"), ("call_id", "calls", "id")],
        not_null={"kind", "on_date"},
    )


@migrations()
def m002_case_file(db: Database) -> None:
    """Issue 10: calls belong to cases, re-call requests link to the first, and deletions
    are soft (a ``trash`` entry per deletion, restorable with ``companion undo``).

    ``receipt_source`` says where a service request's receipt number came from:
    ``typed`` (the user gave it), ``field`` (a confirmed captured field), ``case`` (the
    user's case on file) or ``candidate`` (heard on the call, never confirmed). Rows made
    before this migration are classified from what is on file now.
    """
    db.table("cases").add_column("receipt_date", str)  # YYYY-MM-DD, from the I-797 receipt notice
    db.table("calls").add_column("case_id", int)
    db.table("calls").add_column("deleted_by", int)
    db.table("service_requests").add_column("parent_sr_id", int)
    db.table("service_requests").add_column("receipt_source", str)
    db.table("service_requests").add_column("deleted_by", int)
    db.table("followup_events").add_column("deleted_by", int)
    db.table("trash").create(
        {
            "id": int,
            "what": str,  # call | service_request | event
            "row_id": int,
            "label": str,  # one line a person understands
            "deleted_at": str,
            "restored_at": str,
        },
        pk="id",
        not_null={"what", "row_id", "deleted_at"},
    )
    # The case file looks requests and events up by call, request and receipt.
    db.table("calls").create_index(["case_id"])
    db.table("service_requests").create_index(["call_id"])
    db.table("service_requests").create_index(["receipt_number"])
    db.table("followup_events").create_index(["sr_id"])
    db.table("followup_events").create_index(["call_id"])
    db.execute(
        """
        update service_requests set receipt_source = case
          when coalesce(receipt_number, '') = '' then null
          when receipt_number in (select receipt_number from cases) then 'case'
          when exists (select 1 from fields f where f.call_id = service_requests.call_id
                       and f.kind = 'receipt_number' and f.status = 'confirmed'
                       and f.value = service_requests.receipt_number) then 'field'
          else 'candidate' end
        """
    )


@migrations()
def m003_language(db: Database) -> None:
    """Issue 12: the language the user's calls are in ("en" or "es"), on the profile (the
    default for new calls) and on each call (the extractor and the number assist read it)."""
    db.table("profile").add_column("language", str)
    db.table("calls").add_column("language", str)
