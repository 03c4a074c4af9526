"""The one class that owns the SQLite database of calls.

Every write is its own committed transaction the moment it happens (an utterance, a
confirmed field, a follow-up event), so killing the process mid-call loses at most the
utterance still being spoken. The file is private: directory 0700, database 0600.
WAL lets another process (``companion calls --json``) read while a call is being written.

Writes go through one connection guarded by a lock, so the TUI thread and the
recognition worker can share a ``Store``; each takes SQLite's write lock up front and
waits its turn behind other processes (``store.connection``). Reads outside a
transaction use a second connection and never wait for a writer. ``transaction()``
groups writes that stand or fall together (an imported file). Values are validated
here (through ``companion.identifiers``) so the CLI and the TUI get the same one-line
errors; the file is identified before anything is written (``store.connection``).
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Self
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from companion import identifiers as ids
from companion.errors import UserError, invalid, one_of
from companion.i18n import N_, _
from companion.kinds import KINDS, SPECS, normalise
from companion.locations import service_centers_override
from companion.records import (
    ASSISTED,
    CANDIDATE,
    CONFIRMED,
    EVENT_KINDS,
    EXTRACTED,
    FIELD_OFFICE,
    NCSC_CALLED,
    OMBUDSMAN_REVIEW_REQUESTED,
    RECEIPT_CANDIDATE,
    RECEIPT_CASE,
    RECEIPT_FIELD,
    RECEIPT_NUMBER,
    RECEIPT_TYPED,
    REJECTED,
    SCOPS_EMAILED,
    SERVICE_CENTER_EMAILED,
    STAFF_NAME,
    TRASH_CALL,
    TRASH_EVENT,
    TRASH_SERVICE_REQUEST,
    TYPED,
    VENUES,
    Call,
    CapturedField,
    Case,
    FollowUpEvent,
    Profile,
    ServiceRequest,
    TrashEntry,
    Utterance,
    best_value,
    ranked_fields,
)
from companion.store.connection import (
    StoreProblem,
    begin_immediate,
    check_header,
    check_identity,
    connect,
    explain,
    is_busy,
    owner_writable,
    prepare_folder,
    private_mode,
)
from companion.store.migrations import migrations

STATUSES = (CANDIDATE, CONFIRMED, REJECTED)
# The field an event's date is, as a one-line error names it (translated where shown).
EVENT_DATE_FIELDS: dict[str, str] = {
    "ncsc_called": N_("ncsc called date"),
    "service_center_emailed": N_("service center emailed date"),
    "scops_emailed": N_("scops emailed date"),
    "response_received": N_("response received date"),
    "form7001_filed": N_("form7001 filed date"),
    "ombudsman_review_requested": N_("ombudsman review requested date"),
}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """Calls, utterances, captured fields, cases, service requests and follow-up events."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.warnings: list[str] = []  # said once by the CLI / TUI (e.g. opened read-only)
        conn, self.read_only = _open(self.path, self.warnings)
        self._lock = threading.RLock()
        self.db = Database(conn)
        # Reads from a thread that is not inside a transaction go through a second
        # connection: the UI thread's reads never queue behind a worker that is waiting
        # for another process's write lock (WAL readers do not wait for writers).
        try:
            self._reader = connect(self.path, read_only=self.read_only)
            self._reader.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as exc:
            conn.close()
            raise explain(exc, self.path) from exc
        self._read_lock = threading.Lock()
        self._writer_thread: int | None = None  # the thread inside transaction(), if any

    @classmethod
    def open_default(cls) -> Store:
        from companion.locations import database_path

        return cls(database_path())

    def close(self) -> None:
        with self._lock, self._read_lock:
            self._reader.close()
            self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Any]:  # Any: db["t"] is Table | View to mypy; ours are tables
        """One committed transaction, serialised with every other access.

        The write lock is taken first (``BEGIN IMMEDIATE``, waiting for another process's
        commit); nested inside ``transaction()`` it is a savepoint of the outer one. Any
        SQLite failure becomes a one-line ``StoreProblem`` and nothing is kept.
        """
        with self.transaction() as db:
            yield db

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """Everything inside commits together or not at all (e.g. one imported file)."""
        with self._lock:
            conn = self.db.conn
            if conn.in_transaction:
                with self.db.atomic():  # a savepoint of the outer transaction
                    yield self.db
                return
            if self.read_only:
                raise explain(sqlite3.OperationalError("attempt to write a readonly database"), self.path)
            try:
                begin_immediate(conn)
            except sqlite3.Error as exc:
                raise explain(exc, self.path) from exc
            self._writer_thread = threading.get_ident()
            try:
                yield self.db
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    try:
                        conn.execute("ROLLBACK")
                    except sqlite3.Error:  # pragma: no cover - the connection is gone
                        pass
                if isinstance(exc, sqlite3.Error):
                    raise explain(exc, self.path) from exc
                raise
            finally:
                self._writer_thread = None

    def _rows(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts: inside this thread's transaction on its connection (to see what
        it wrote), otherwise on the reader connection, which never waits for a writer."""
        lock: AbstractContextManager[Any]
        if self._writer_thread == threading.get_ident():
            conn, lock = self.db.conn, self._lock
        else:
            conn, lock = self._reader, self._read_lock
        with lock:
            try:
                cursor = conn.execute(sql, params if isinstance(params, dict) else list(params))
                names = [d[0] for d in cursor.description]
                return [dict(zip(names, row)) for row in cursor.fetchall()]
            except sqlite3.OperationalError as exc:
                if "fts5" in str(exc) or "syntax" in str(exc):
                    raise
                raise explain(exc, self.path) from exc
            except sqlite3.DatabaseError as exc:
                raise explain(exc, self.path) from exc

    # -- profile ---------------------------------------------------------------------

    def profile(self) -> Profile:
        rows = self._rows("select * from profile where id = 1")
        if not rows:
            return Profile()
        r = rows[0]
        defaults = Profile()
        zone_name = r["timezone"] or defaults.timezone
        try:
            ids.parse_timezone(zone_name)
        except UserError:  # saved by an older version that did not check
            warning = _(
                "profile: time zone {zone!r} is not known; using {default} "
                "(set yours with `companion profile set --timezone America/Chicago`)"
            ).format(zone=zone_name, default=defaults.timezone)
            if warning not in self.warnings:
                self.warnings.append(warning)
            zone_name = defaults.timezone
        return Profile(
            name=r["name"] or "",
            phone=r["phone"] or "",
            state=r["state"] or "",
            timezone=zone_name,
            ombudsman_email=r["ombudsman_email"] or defaults.ombudsman_email,
            consent_acknowledged=bool(r["consent_acknowledged_at"]),
            language=r.get("language") or defaults.language,
        )

    def set_profile(
        self,
        *,
        name: str | None = None,
        phone: str | None = None,
        state: str | None = None,
        timezone: str | None = None,
        ombudsman_email: str | None = None,
        consent_acknowledged: bool | None = None,
        language: str | None = None,
    ) -> Profile:
        """Validate every given value first; write none unless all are good."""
        values: dict[str, Any] = {}
        if name is not None:
            values["name"] = name.strip()
        if phone is not None:
            values["phone"] = ids.parse_phone(phone) if phone.strip() else ""
        if state is not None:
            values["state"] = ids.parse_state(state) if state.strip() else ""
        if timezone is not None:
            values["timezone"] = ids.parse_timezone(timezone).key
        if ombudsman_email is not None:
            values["ombudsman_email"] = ids.parse_email(ombudsman_email, "Ombudsman email")
        if consent_acknowledged is not None:
            values["consent_acknowledged_at"] = _now() if consent_acknowledged else None
        if language is not None:
            values["language"] = ids.parse_language(language)
        with self._write() as db:
            db["profile"].upsert({"id": 1, **values}, pk="id")
        return self.profile()

    # -- cases -----------------------------------------------------------------------

    def add_case(
        self,
        receipt_number: str,
        *,
        form_type: str = "",
        a_number: str = "",
        priority_date: str | date | None = None,
        notes: str = "",
        receipt_date: str | date | None = None,
    ) -> Case:
        receipt = ids.parse_receipt(receipt_number)
        anum = ids.parse_a_number(a_number) if a_number else ""
        if isinstance(priority_date, str):
            priority_date = ids.parse_date(priority_date, N_("priority date")) if priority_date else None
        if isinstance(receipt_date, str):
            receipt_date = ids.parse_date(receipt_date, N_("receipt date")) if receipt_date else None
        if receipt_date is not None and receipt_date > self.today():
            raise UserError(
                _(
                    "receipt date: {date} is in the future; expected the date on your receipt notice (YYYY-MM-DD)"
                ).format(date=receipt_date.isoformat()),
                field="receipt date",
            )
        row = {
            "receipt_number": receipt,
            "form_type": form_type.strip().upper(),
            "a_number": anum,
            "priority_date": priority_date.isoformat() if priority_date else None,
            "receipt_date": receipt_date.isoformat() if receipt_date else None,
            "notes": notes,
            "created_at": _now(),
        }
        with self._write() as db:
            existing = self._rows("select id from cases where receipt_number = ?", [receipt])
            if existing:
                case_id = existing[0]["id"]
                db["cases"].update(case_id, {k: v for k, v in row.items() if v and k != "created_at"})
            else:
                case_id = db["cases"].insert(row).last_pk
        return self.case(case_id)

    def case(self, case_id: int) -> Case:
        rows = self._rows("select * from cases where id = ?", [case_id])
        if not rows:
            raise UserError(_("case: no case with id {id}").format(id=case_id))
        return _case(rows[0])

    def cases(self) -> list[Case]:
        return [_case(r) for r in self._rows("select * from cases order by id")]

    def delete_case(self, case_id: int) -> None:
        self.case(case_id)
        with self._write() as db:
            db["cases"].delete(case_id)

    # -- calls -----------------------------------------------------------------------

    def start_call(
        self,
        started_at: datetime | None = None,
        *,
        timezone: str | None = None,
        phone_used: str | None = None,
        source: str = "manual",
        language: str | None = None,
    ) -> int:
        """Create a call now (or at ``started_at``) and return its id. Committed at once.
        ``language``: the call's ("en" | "es"); the profile's when not given."""
        profile = self.profile()
        lang = ids.parse_language(language) if language else profile.language
        tz_name = timezone or profile.timezone
        zone = ZoneInfo(tz_name)
        if started_at is None:
            started_at = datetime.now(zone)
        elif started_at.tzinfo is None:
            started_at = started_at.replace(tzinfo=zone)
        phone = ids.parse_phone(phone_used, N_("phone used")) if phone_used else profile.phone
        with self._write() as db:
            return int(db["calls"].insert(
                {
                    "started_at": started_at.astimezone(zone).isoformat(timespec="seconds"),
                    "timezone": tz_name,
                    "phone_used": phone,
                    "hold_seconds": 0.0,
                    "notes": "",
                    "outcome": "",
                    "source": source,
                    "language": lang,
                    "created_at": _now(),
                }
            ).last_pk)

    def update_call(
        self,
        call_id: int,
        *,
        ended_at: datetime | None = None,
        phone_used: str | None = None,
        tier_reached: int | None = None,
        hold_seconds: float | None = None,
        notes: str | None = None,
        outcome: str | None = None,
    ) -> Call:
        call = self.call(call_id)
        values: dict[str, Any] = {}
        if ended_at is not None:
            values["ended_at"] = ended_at.astimezone(ZoneInfo(call.timezone)).isoformat(timespec="seconds")
        if phone_used is not None:
            values["phone_used"] = ids.parse_phone(phone_used, N_("phone used")) if phone_used else ""
        if tier_reached is not None:
            if tier_reached not in (1, 2):
                raise invalid(N_("tier"), tier_reached, N_("1 or 2"))
            values["tier_reached"] = tier_reached
        if hold_seconds is not None:
            values["hold_seconds"] = check_seconds("hold time", hold_seconds)
        if notes is not None:
            values["notes"] = notes
        if outcome is not None:
            values["outcome"] = outcome
        if values:
            with self._write() as db:
                db["calls"].update(call_id, values)
        return self.call(call_id)

    def end_call(self, call_id: int, ended_at: datetime | None = None, **changes: Any) -> Call:
        return self.update_call(call_id, ended_at=ended_at or datetime.now(UTC), **changes)

    def call(self, call_id: int) -> Call:
        rows = self._rows("select * from calls where id = ?", [call_id])
        if not rows:
            raise UserError(_("call: no call with id {id} (see `companion calls`)").format(id=call_id))
        if rows[0]["deleted_by"] is not None:
            raise UserError(
                _("call: call {id} was deleted (`companion undo` restores the last deletion)").format(id=call_id)
            )
        return _call(rows[0])

    def calls(self, limit: int | None = None) -> list[Call]:
        sql = "select * from calls where deleted_by is null order by started_at desc, id desc"
        params: list[Any] = []
        if limit:
            sql += " limit ?"
            params.append(limit)
        return [_call(r) for r in self._rows(sql, params)]

    def call_summaries(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Calls with counts and their best staff/referral values, for lists."""
        out = []
        for call in self.calls(limit):
            fields = self.fields(call.id)
            best = {k: v for k in dict.fromkeys(f.kind for f in fields) if (v := best_value(fields, k))}
            n = self._rows("select count(*) as n from utterances where call_id = ?", [call.id])[0]["n"]
            out.append({"call": call, "utterances": n, "best": best})
        return out

    # -- utterances ------------------------------------------------------------------

    def add_utterance(self, call_id: int, result: dict[str, Any], speaker: str | None = None) -> Utterance:
        """Store one Vosk final result (``{"text", "result": [words]}``). Committed at once."""
        from companion.extract.transcript import check_result

        check_result(result)  # finite, in-range times and confidences, or a one-line error
        text = (result.get("text") or "").strip()
        words = result.get("result") or []
        speaker = speaker if speaker is not None else result.get("speaker")
        start = words[0].get("start") if words else result.get("start")
        end = words[-1].get("end") if words else result.get("end")
        with self._write() as db:
            seq = db.execute(
                "select coalesce(max(seq), 0) + 1 from utterances where call_id = ?", [call_id]
            ).fetchone()[0]
            # plain SQL: sqlite-utils' insert re-reads the table's columns on every call,
            # which was a third of the time of importing a long transcript
            uid = db.execute(
                'insert into utterances (call_id, seq, speaker, "start", "end", text, words) '
                "values (?, ?, ?, ?, ?, ?, ?)",
                [call_id, seq, speaker, start, end, text, json.dumps(words)],
            ).lastrowid
        return Utterance(id=uid, call_id=call_id, seq=seq, text=text, start=start, end=end, speaker=speaker, words=words)

    def utterances(self, call_id: int) -> list[Utterance]:
        return [
            _utterance(r)
            for r in self._rows("select * from utterances where call_id = ? order by seq", [call_id])
        ]

    def search(self, text: str, limit: int = 50) -> list[dict[str, Any]]:
        """Full-text search over every utterance, most recently recorded first.

        Ordering by FTS5 rank has to score every match before the LIMIT applies (p95
        136 ms on 10 M words in scripts/bench_store.py); walking the index backwards by
        rowid stops after ``limit`` rows (p95 about 1 ms on the same database).
        """
        terms = [t for t in text.replace('"', " ").split() if t]
        if not terms:
            return []
        query = " ".join(f'"{t}"' for t in terms)
        rows = self._rows(
            """
            select u.id, u.call_id, u.seq, u.start, u.speaker, u.text, c.started_at, c.timezone,
                   snippet(utterances_fts, 0, '[', ']', '…', 12) as snippet
            from utterances_fts
            join utterances u on u.rowid = utterances_fts.rowid
            join calls c on c.id = u.call_id
            where utterances_fts match ? and c.deleted_by is null
            order by utterances_fts.rowid desc
            limit ?
            """,
            [query, limit],
        )
        return rows

    # -- captured fields -------------------------------------------------------------

    def add_field(
        self,
        call_id: int,
        kind: str,
        value: str,
        *,
        confidence: float = 1.0,
        start: float | None = None,
        end: float | None = None,
        text: str = "",
        words: list[dict[str, Any]] | None = None,
        speaker: str | None = None,
        source: str = TYPED,
        status: str = CONFIRMED,
        extractor_key: int | None = None,
    ) -> CapturedField:
        self.call(call_id)
        value = normalise_field(kind, value) if source == TYPED else value
        confidence = check_fraction("confidence", confidence)
        start = check_seconds("start", start) if start is not None else None
        end = check_seconds("end", end) if end is not None else None
        with self._write() as db:
            fid = db["fields"].insert(
                {
                    "call_id": call_id,
                    "kind": kind,
                    "value": value,
                    "confidence": confidence,
                    "start": start,
                    "end": end,
                    "text": text,
                    "words": json.dumps(words or []),
                    "speaker": speaker,
                    "source": source,
                    "status": status,
                    "extractor_key": extractor_key,
                    "updated_at": _now(),
                }
            ).last_pk
        return self.field(fid)

    def apply_entity_update(self, call_id: int, action: str, entity: Any,
                            corrected: bool = False) -> CapturedField | None:
        """Apply one extractor event (add/update/remove) to the call's candidates.

        A field the user already confirmed, edited or rejected is theirs: the extractor
        never changes or removes it. A later *different* reading under its key is not lost:
        the decided field is let go of the key and the reading becomes a new candidate
        beside it (the number read back after the user rejected a misheard one).

        A candidate whose value the assist corrected (``assist_field``: source ``assisted``,
        the same kind) is still the extractor's field, not one the user decided: a later
        reading under its key that fits the kind's typical length worse than the assist's
        value — the old reading said again ("six four zero to eighty one five", 6402815, read
        back after the assist's 64028815), or revised by a digit to another length — is that
        field again, never a second one beside it. The assist's value stands (the
        extractor's reading is the field's alternative already); where and how sure follow
        the extractor. A reading that fits as well (both of the typical length; a kind with
        none) may be the right one: it becomes a candidate beside the assist's, as after a
        decision. A staff name the name assist re-read always stands (its length says
        nothing). The user's confirm or edit still wins as above. A reading a correction
        cue made (``corrected``: "sorry let me repeat that eight eight three …") replaces
        the assist's value: the number said again as it should be (source ``extracted``).
        """
        if action != "remove" and not _acceptable_extracted(entity):
            return None  # an identifier not ASCII after normalisation, or a number out of range
        with self._lock:
            rows = self._rows(
                "select * from fields where call_id = ? and extractor_key = ?", [call_id, entity.key]
            )
            # a field the assist re-read is still the extractor's: a later reading of it that
            # fits the kind worse is no second field beside it; a staff name is withdrawn with it
            assisted = bool(rows) and rows[0]["status"] == CANDIDATE and rows[0]["source"] == ASSISTED and (
                rows[0]["kind"] == entity.kind)
            assisted_name = assisted and entity.kind == STAFF_NAME
            if action == "remove":
                if rows and rows[0]["status"] == CANDIDATE and (rows[0]["source"] == EXTRACTED or assisted_name):
                    with self._write() as db:
                        db["fields"].delete(rows[0]["id"])
                return None
            values = {
                "kind": entity.kind,
                "value": _ascii_identifier(entity.kind, entity.value),
                "confidence": float(entity.confidence),
                "start": entity.start,
                "end": entity.end,
                "text": entity.text,
                "words": json.dumps(getattr(entity, "words", []) or []),
                "speaker": entity.speaker,
                "updated_at": _now(),
            }
            if rows:
                if assisted and corrected and not assisted_name and str(entity.value) != rows[0]["value"]:
                    with self._write() as db:  # the correction's reading is the field's value
                        db["fields"].update(rows[0]["id"], {**values, "source": EXTRACTED})
                    return self.field(rows[0]["id"])
                if assisted and (assisted_name or _fits_worse(entity.kind, str(entity.value), rows[0]["value"])):
                    # the assist's reading stands; where and how sure follow the extractor
                    with self._write() as db:
                        db["fields"].update(rows[0]["id"], {k: values[k] for k in ("confidence", "start", "end",
                                                                                   "text", "words", "updated_at")})
                    return self.field(rows[0]["id"])
                if rows[0]["status"] != CANDIDATE or rows[0]["source"] != EXTRACTED:
                    if rows[0]["value"] == entity.value or rows[0]["kind"] != entity.kind:
                        return _field(rows[0])
                    with self._write() as db:  # the user's field keeps its value; the reading is new
                        db["fields"].update(rows[0]["id"], {"extractor_key": None})
                        fid = db["fields"].insert(
                            {"call_id": call_id, "source": EXTRACTED, "status": CANDIDATE,
                             "extractor_key": entity.key, **values}
                        ).last_pk
                    return self.field(fid)
                with self._write() as db:
                    db["fields"].update(rows[0]["id"], values)
                return self.field(rows[0]["id"])
            with self._write() as db:
                fid = db["fields"].insert(
                    {"call_id": call_id, "source": EXTRACTED, "status": CANDIDATE, "extractor_key": entity.key, **values}
                ).last_pk
            return self.field(fid)

    def claim_for_extractor(self, field_id: int, key: int) -> None:
        """Field ``field_id`` (one the session added, no extractor key yet) is the one the
        extractor's entity ``key`` is about: its readings update that field, never a second
        one beside it (``apply_entity_update``; a field not the extractor's keeps its value)."""
        with self._lock, self._write() as db:
            db.execute("update fields set extractor_key = ? where id = ? and extractor_key is null",
                       [key, field_id])

    def assist_field(self, field_id: int, value: str) -> CapturedField:
        """The number assist's reading replaces a candidate's value; it stays a candidate
        (marked ``assisted``, so the extractor no longer revises it). A field the user
        has decided on is left alone."""
        return self._candidate_value(field_id, value, ASSISTED)

    def drop_assisted_copy(self, field_id: int) -> bool:
        """An undecided candidate whose value the number assist gave (source ``assisted``)
        that is the number another field holds, said again: it goes, so the call shows that
        number once. A field the user decided on, or the extractor's own reading, stays.
        Whether it went."""
        with self._lock, self._write() as db:
            cur = db.execute("delete from fields where id = ? and status = ? and source = ?",
                             [field_id, CANDIDATE, ASSISTED])
            return bool(cur.rowcount)

    def unassist_field(self, field_id: int, value: str) -> CapturedField:
        """An assisted candidate goes back to the extractor's ``value`` (source ``extracted``:
        the extractor revises it again), when the call shows the free reading was right. A
        field the user has decided on is left alone."""
        return self._candidate_value(field_id, value, EXTRACTED)

    def _candidate_value(self, field_id: int, value: str, source: str) -> CapturedField:
        with self._lock:
            current = self.field(field_id)
            if current.status != CANDIDATE:
                return current
            with self._write() as db:
                db["fields"].update(field_id, {"value": value, "source": source, "updated_at": _now()})
        return self.field(field_id)

    def set_field(self, field_id: int, *, status: str | None = None, value: str | None = None) -> CapturedField:
        """The user's decision on a field: confirm, reject, or correct its value."""
        current = self.field(field_id)
        changes: dict[str, Any] = {"updated_at": _now()}
        if value is not None:
            changes["value"] = normalise_field(current.kind, value)
            changes["source"] = TYPED
            changes["confidence"] = 1.0
            changes["status"] = CONFIRMED
        if status is not None:
            if status not in STATUSES:
                raise invalid(N_("status"), status, one_of(STATUSES))
            changes["status"] = status
        with self._write() as db:
            db["fields"].update(field_id, changes)
        return self.field(field_id)

    def field(self, field_id: int) -> CapturedField:
        rows = self._rows("select * from fields where id = ?", [field_id])
        if not rows:
            raise UserError(_("field: no captured field with id {id}").format(id=field_id))
        return _field(rows[0])

    def fields(self, call_id: int) -> list[CapturedField]:
        return [
            _field(r)
            for r in self._rows("select * from fields where call_id = ? order by coalesce(start, 1e12), id", [call_id])
        ]

    # -- service requests and follow-up events ---------------------------------------

    def add_service_request(
        self,
        call_id: int,
        referral_number: str,
        venue: str,
        *,
        type: str = "",
        created: str | date | None = None,
        service_center: str | None = None,
        receipt_number: str | None = None,
        parent_sr_id: int | None = None,
        today: date | None = None,
    ) -> ServiceRequest:
        """Record a service request made on ``call_id``; every value is checked first.

        The request cannot be dated before its call nor after ``today`` (the user's
        today by default). Without ``receipt_number`` the call's receipt is used: a
        confirmed one, else the linked case's, else a heard one kept as ``candidate`` so
        letters mark it "(not yet confirmed)" instead of promoting it to fact.
        ``parent_sr_id`` links a re-call's new referral number to the first request.
        """
        call = self.call(call_id)
        referral = normalise_field("referral_number", referral_number)
        if venue not in VENUES:
            raise invalid(N_("venue"), venue, one_of(VENUES))
        if isinstance(created, str):
            created = ids.parse_date(created, N_("created"))
        created = created or call.local_date
        today = today or self.today()
        if created < call.local_date:
            raise UserError(
                _(
                    "created: {date} is before the call it was made on ({call_date}); expected a date on or after the call"
                ).format(date=created.isoformat(), call_date=call.local_date.isoformat()),
                field="created",
            )
        if created > today:
            raise UserError(
                _("created: {date} is in the future; expected a date on or before today ({today})").format(
                    date=created.isoformat(), today=today.isoformat()
                ),
                field="created",
            )
        if parent_sr_id is not None:
            parent = self.service_request(parent_sr_id)
            while parent.parent_sr_id is not None:  # always link to the first request
                parent = self.service_request(parent.parent_sr_id)
            parent_sr_id = parent.id
        source: str
        if receipt_number:
            receipt, source = ids.parse_receipt(receipt_number), RECEIPT_TYPED
        else:
            receipt, source = self._best_receipt(call_id)
        center = service_center
        if center is None and receipt:
            found = ids.service_center_for_receipt(receipt, service_centers_override())
            center = found.code if found else None
        with self._write() as db:
            sr_id = db["service_requests"].insert(
                {
                    "call_id": call_id,
                    "referral_number": referral,
                    "type": type,
                    "venue": venue,
                    "service_center": center,
                    "receipt_number": receipt or "",
                    "created": created.isoformat(),
                    "parent_sr_id": parent_sr_id,
                    "receipt_source": source if receipt else None,
                }
            ).last_pk
        return self.service_request(sr_id)

    def _best_receipt(self, call_id: int) -> tuple[str, str]:
        """The call's receipt number and where it came from (see ``RECEIPT_SOURCES``).

        A confirmed field first; then the case the call belongs to; then a heard number
        the user also typed into a case; then the best heard candidate, kept as
        ``candidate``; with nothing heard, the only case on file.
        """
        fields = ranked_fields(self.fields(call_id), RECEIPT_NUMBER)  # the one best-value rule
        if fields and fields[0].status == CONFIRMED:
            return fields[0].value, RECEIPT_FIELD
        case = self.case_for_call(call_id)
        if case is not None:
            return case.receipt_number, RECEIPT_CASE
        cases = self.cases()
        typed = {c.receipt_number for c in cases}
        for f in fields:  # heard, and the user typed the same number into a case
            if f.value in typed:
                return f.value, RECEIPT_CASE
        if fields:
            return fields[0].value, RECEIPT_CANDIDATE
        if len(cases) == 1:
            return cases[0].receipt_number, RECEIPT_CASE
        return "", ""

    def service_request(self, sr_id: int) -> ServiceRequest:
        rows = self._rows("select * from service_requests where id = ?", [sr_id])
        if not rows:
            raise UserError(
                _("service request: no service request with id {id} (see `companion show CALL_ID`)").format(id=sr_id)
            )
        if rows[0]["deleted_by"] is not None:
            raise UserError(
                _(
                    "service request: service request {id} was deleted (`companion undo` restores the last deletion)"
                ).format(id=sr_id)
            )
        return _sr(rows[0])

    def service_requests(self, call_id: int | None = None) -> list[ServiceRequest]:
        if call_id is None:
            rows = self._rows("select * from service_requests where deleted_by is null order by created, id")
        else:
            rows = self._rows(
                "select * from service_requests where call_id = ? and deleted_by is null order by id", [call_id]
            )
        return [_sr(r) for r in rows]

    def check_event(
        self,
        kind: str,
        on: str | date,
        *,
        sr_id: int | None = None,
        call_id: int | None = None,
        today: date | None = None,
        force: bool = False,
    ) -> date:
        """The event's date if it makes sense; else a ``UserError``. Writes nothing.

        Refused, each with one line: a date after ``today``; a date before the service
        request (or, for an event on a call, before the call); emailing the service
        center or SCOPS about a field-office request (the guide says to call the NCSC),
        or "called the NCSC again" about a service-center one (the guide says to email);
        asking the Ombudsman for a review after the call's 90-day window, unless ``force``.
        """
        if kind not in EVENT_KINDS:
            raise invalid(N_("event"), kind, one_of(EVENT_KINDS))
        label = EVENT_DATE_FIELDS.get(kind, kind.replace("_", " ") + " date")
        shown = _(label)
        if isinstance(on, str):
            on = ids.parse_date(on, label)
        today = today or self.today()
        if on > today:
            raise UserError(
                _("{field}: {date} is in the future; expected a date on or before today ({today})").format(
                    field=shown, date=on.isoformat(), today=today.isoformat()
                ),
                field=label,
            )
        if sr_id is not None:
            sr = self.service_request(sr_id)
            if on < sr.created:
                raise UserError(
                    _(
                        "{field}: {date} is before the service request was made ({created}); "
                        "expected a date on or after it"
                    ).format(field=shown, date=on.isoformat(), created=sr.created.isoformat()),
                    field=label,
                )
            if sr.venue == FIELD_OFFICE and kind in (SERVICE_CENTER_EMAILED, SCOPS_EMAILED):
                raise UserError(
                    _(
                        "{field}: service request {referral} is a field office matter; the guide says to call the "
                        "NCSC again (record it with --ncsc-called), not to email a service center or SCOPS"
                    ).format(field=shown, referral=sr.referral_number),
                    field="event",
                )
            if sr.venue != FIELD_OFFICE and kind == NCSC_CALLED:
                raise UserError(
                    _(
                        "ncsc called: service request {referral} is a service center matter; the guide says to "
                        "email the service center, then SCOPS (record it with --service-center-emailed)"
                    ).format(referral=sr.referral_number),
                    field="event",
                )
        if call_id is not None:
            call = self.call(call_id)
            if sr_id is None and on < call.local_date:
                raise UserError(
                    _("{field}: {date} is before the call ({call_date}); expected a date on or after it").format(
                        field=shown, date=on.isoformat(), call_date=call.local_date.isoformat()
                    ),
                    field=label,
                )
            if kind == OMBUDSMAN_REVIEW_REQUESTED:
                from companion.followup.rules import (
                    OMBUDSMAN_WINDOW_DAYS,
                    ombudsman_window_last_day,
                )

                last = ombudsman_window_last_day(call)
                if on > last and not force:
                    raise UserError(
                        _(
                            "{field}: {date} is after the {days}-day review window of the call of {call_date} "
                            "(last day {last}); use --force to record it anyway"
                        ).format(
                            field=shown, date=on.isoformat(), days=OMBUDSMAN_WINDOW_DAYS,
                            call_date=call.local_date.isoformat(), last=last.isoformat(),
                        ),
                        field=label,
                    )
        return on

    def record_event(
        self,
        kind: str,
        on: str | date,
        *,
        sr_id: int | None = None,
        call_id: int | None = None,
        note: str = "",
        today: date | None = None,
        force: bool = False,
    ) -> FollowUpEvent:
        """Record what the user did or received, after ``check_event`` (one-line refusals)."""
        on = self.check_event(kind, on, sr_id=sr_id, call_id=call_id, today=today, force=force)
        with self._write() as db:
            eid = db["followup_events"].insert(
                {"kind": kind, "on_date": on.isoformat(), "sr_id": sr_id, "call_id": call_id, "note": note, "created_at": _now()}
            ).last_pk
        return _event(self._rows("select * from followup_events where id = ?", [eid])[0])

    def events(self, sr_id: int | None = None) -> list[FollowUpEvent]:
        if sr_id is None:
            rows = self._rows("select * from followup_events where deleted_by is null order by on_date, id")
        else:
            rows = self._rows(
                "select * from followup_events where sr_id = ? and deleted_by is null order by on_date, id", [sr_id]
            )
        return [_event(r) for r in rows]

    # -- the case file (issue 10) ----------------------------------------------------

    def profile_is_set(self) -> bool:
        """Whether the user has chosen a time zone (first run asks before anything else)."""
        rows = self._rows("select timezone from profile where id = 1")
        return bool(rows and rows[0]["timezone"])

    def chosen_language(self) -> str:
        """The language the user chose ("en" | "es"), or "" when they never chose one (the
        app then follows the system locale; new calls still default to English)."""
        rows = self._rows("select language from profile where id = 1")
        return str(rows[0]["language"] or "") if rows else ""

    def today(self) -> date:
        """Today's date where the user is (the profile's time zone)."""
        return datetime.now(self.profile().zone).date()

    def case_by_receipt(self, receipt_number: str) -> Case:
        """The case whose receipt number is ``receipt_number`` (any spacing), or a one-line error."""
        receipt = ids.parse_receipt(receipt_number)
        rows = self._rows("select * from cases where receipt_number = ?", [receipt])
        if not rows:
            raise UserError(
                _("case: no case with receipt number {receipt}; add it with `companion case add {receipt}`").format(
                    receipt=receipt
                ),
                field="receipt number",
            )
        return _case(rows[0])

    def link_call(self, call_id: int, case_id: int | None) -> Call:
        """The user's pick: ``call_id`` is about case ``case_id`` (``None`` removes the pick)."""
        self.call(call_id)
        if case_id is not None:
            self.case(case_id)
        with self._write() as db:
            db.table("calls").update(call_id, {"case_id": case_id})
        return self.call(call_id)

    # A call belongs to a case when the user linked it, or, with no link, when a receipt
    # number of that case was confirmed on the call: a confirmed field, or a service
    # request whose receipt the user typed or confirmed. A request that only took the
    # case's receipt because it is the only case on file (``case``) links nothing.
    _CALL_OF_CASE = """
        c.deleted_by is null and (
          c.case_id = :case_id
          or (c.case_id is null and (
            exists (select 1 from fields f where f.call_id = c.id and f.kind = 'receipt_number'
                    and f.status = 'confirmed' and f.value = :receipt)
            or c.id in (select s.call_id from service_requests s where s.receipt_number = :receipt
                        and s.deleted_by is null and s.receipt_source in ('typed', 'field')))))
    """

    def calls_for_case(self, case_id: int) -> list[Call]:
        """Every call about case ``case_id``, oldest first."""
        case = self.case(case_id)
        rows = self._rows(
            f"select c.* from calls c where {self._CALL_OF_CASE} order by c.started_at, c.id",
            {"case_id": case.id, "receipt": case.receipt_number},
        )
        return [_call(r) for r in rows]

    def case_for_call(self, call_id: int) -> Case | None:
        """The case ``call_id`` belongs to: the user's pick, else a confirmed receipt of a case."""
        call = self.call(call_id)
        if call.case_id is not None:
            rows = self._rows("select * from cases where id = ?", [call.case_id])
            if rows:
                return _case(rows[0])
        for case in self.cases():
            found = self._rows(
                f"select 1 from calls c where c.id = :call_id and {self._CALL_OF_CASE}",
                {"call_id": call_id, "case_id": case.id, "receipt": case.receipt_number},
            )
            if found:
                return case
        return None

    def service_requests_for_case(self, case_id: int, calls: list[Call] | None = None) -> list[ServiceRequest]:
        """Requests made on the case's calls, or naming its receipt as typed or confirmed, by date.

        ``calls``: the case's calls when the caller already has them.
        """
        case = self.case(case_id)
        call_ids = [c.id for c in (calls if calls is not None else self.calls_for_case(case_id))]
        marks = ",".join("?" * len(call_ids)) or "null"
        rows = self._rows(
            f"""select * from service_requests where deleted_by is null
                and (call_id in ({marks})
                     or (receipt_number = ? and receipt_source in ('typed', 'field')))
                order by created, id""",
            [*call_ids, case.receipt_number],
        )
        return [_sr(r) for r in rows]

    def events_for_case(
        self, case_id: int, calls: list[Call] | None = None, srs: list[ServiceRequest] | None = None
    ) -> list[FollowUpEvent]:
        """Follow-up events on the case's service requests or calls, by date."""
        calls = calls if calls is not None else self.calls_for_case(case_id)
        srs = srs if srs is not None else self.service_requests_for_case(case_id, calls)
        sr_ids = [sr.id for sr in srs]
        call_ids = [c.id for c in calls]
        sr_marks = ",".join("?" * len(sr_ids)) or "null"
        call_marks = ",".join("?" * len(call_ids)) or "null"
        rows = self._rows(
            f"""select * from followup_events where deleted_by is null
                and (sr_id in ({sr_marks}) or (sr_id is null and call_id in ({call_marks})))
                order by on_date, id""",
            [*sr_ids, *call_ids],
        )
        return [_event(r) for r in rows]

    # -- deleting and undoing ------------------------------------------------------------
    # Nothing is removed from the file: a deletion marks the rows with the id of a
    # ``trash`` entry (``deleted_by``), every list leaves them out, and ``undo_delete``
    # clears the mark of the newest entry not yet restored.

    def _trash(self, db: Database, what: str, row_id: int, label: str) -> int:
        row = {"what": what, "row_id": row_id, "label": label, "deleted_at": _now()}
        return int(db.table("trash").insert(row).last_pk or 0)

    def delete_call(self, call_id: int) -> TrashEntry:
        """Delete a call with its service requests and their events (restorable)."""
        call = self.call(call_id)
        label = f"call {call_id} of {call.local_start:%Y-%m-%d %H:%M}"
        with self._write() as db:
            tid = self._trash(db, TRASH_CALL, call_id, label)
            db.execute("update calls set deleted_by = ? where id = ?", [tid, call_id])
            db.execute(
                "update service_requests set deleted_by = ? where call_id = ? and deleted_by is null", [tid, call_id]
            )
            db.execute(
                """update followup_events set deleted_by = ? where deleted_by is null and (call_id = ?
                   or sr_id in (select id from service_requests where deleted_by = ?))""",
                [tid, call_id, tid],
            )
        return self.trash_entry(tid)

    def delete_service_request(self, sr_id: int) -> TrashEntry:
        """Delete a service request, the re-call requests linked to it, and their events."""
        sr = self.service_request(sr_id)
        label = f"service request {sr.referral_number} ({sr.venue}, {sr.created.isoformat()})"
        with self._write() as db:
            tid = self._trash(db, TRASH_SERVICE_REQUEST, sr_id, label)
            db.execute(
                "update service_requests set deleted_by = ? where (id = ? or parent_sr_id = ?) and deleted_by is null",
                [tid, sr_id, sr_id],
            )
            db.execute(
                """update followup_events set deleted_by = ? where deleted_by is null
                   and sr_id in (select id from service_requests where deleted_by = ?)""",
                [tid, tid],
            )
        return self.trash_entry(tid)

    def event(self, event_id: int) -> FollowUpEvent:
        rows = self._rows("select * from followup_events where id = ? and deleted_by is null", [event_id])
        if not rows:
            raise UserError(
                _("event: no follow-up event with id {id} (see `companion case show RECEIPT`)").format(id=event_id)
            )
        return _event(rows[0])

    def delete_event(self, event_id: int) -> TrashEntry:
        """Delete one follow-up event (restorable)."""
        ev = self.event(event_id)
        label = f"{ev.kind.replace('_', ' ')} on {ev.on.isoformat()}"
        with self._write() as db:
            tid = self._trash(db, TRASH_EVENT, event_id, label)
            db.execute("update followup_events set deleted_by = ? where id = ?", [tid, event_id])
        return self.trash_entry(tid)

    def trash_entry(self, trash_id: int) -> TrashEntry:
        rows = self._rows("select * from trash where id = ?", [trash_id])
        if not rows:
            raise UserError(_("trash: no deletion with id {id}").format(id=trash_id))
        return _trash_entry(rows[0])

    def trash(self) -> list[TrashEntry]:
        """Every deletion, newest first (restored ones included, with ``restored_at``)."""
        return [_trash_entry(r) for r in self._rows("select * from trash order by id desc")]

    def undo_delete(self) -> TrashEntry | None:
        """Restore the newest deletion not yet restored; ``None`` when there is none."""
        with self._lock:
            rows = self._rows("select * from trash where restored_at is null order by id desc limit 1")
            if not rows:
                return None
            tid = rows[0]["id"]
            with self._write() as db:
                for table in ("calls", "service_requests", "followup_events"):
                    db.execute(f"update {table} set deleted_by = null where deleted_by = ?", [tid])
                db.table("trash").update(tid, {"restored_at": _now()})
            return self.trash_entry(tid)

    # -- searching the records -----------------------------------------------------------

    def search_records(self, text: str, limit: int = 50) -> list[dict[str, Any]]:
        """Captured values, notes and service requests matching ``text``.

        A value is found by its letters and digits whatever the spacing ("7601 3389"
        finds 76013389); notes, outcomes and request types by a case-insensitive
        substring. Each hit: ``{"where", "call_id", "sr_id", "value", "started_at",
        "timezone"}``, newest call first. Deleted calls and rejected values are left out.
        """
        phrase = " ".join(text.split())
        if not phrase:
            return []
        compact = "".join(ch for ch in phrase if ch.isalnum()).upper()
        like = "%" + phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        hits: list[dict[str, Any]] = []
        if compact:
            hits += self._rows(
                """select 'field:' || f.kind as "where", f.call_id, null as sr_id, f.value,
                          c.started_at, c.timezone
                   from fields f join calls c on c.id = f.call_id
                   where c.deleted_by is null and f.status != 'rejected'
                     and instr(upper(replace(replace(f.value, ' ', ''), '-', '')), ?) > 0
                   order by c.started_at desc, f.id limit ?""",
                [compact, limit],
            )
            hits += self._rows(
                """select 'service_request' as "where", s.call_id, s.id as sr_id, s.referral_number as value,
                          c.started_at, c.timezone
                   from service_requests s left join calls c on c.id = s.call_id
                   where s.deleted_by is null and coalesce(c.deleted_by, 0) = 0
                     and (instr(s.referral_number, ?) > 0 or instr(upper(s.receipt_number), ?) > 0)
                   order by s.created desc, s.id limit ?""",
                [compact, compact, limit],
            )
        hits += self._rows(
            """select 'service_request_type' as "where", s.call_id, s.id as sr_id, s.type as value,
                      c.started_at, c.timezone
               from service_requests s left join calls c on c.id = s.call_id
               where s.deleted_by is null and coalesce(c.deleted_by, 0) = 0 and s.type like ? escape '\\'
               order by s.created desc, s.id limit ?""",
            [like, limit],
        )
        hits += self._rows(
            """select case when c.notes like :p escape '\\' then 'notes' else 'outcome' end as "where",
                      c.id as call_id, null as sr_id,
                      case when c.notes like :p escape '\\' then c.notes else c.outcome end as value,
                      c.started_at, c.timezone
               from calls c
               where c.deleted_by is null and (c.notes like :p escape '\\' or c.outcome like :p escape '\\')
               order by c.started_at desc limit :n""",
            {"p": like, "n": limit},
        )
        hits += self._rows(
            """select 'event_note' as "where", coalesce(e.call_id, s.call_id) as call_id, e.sr_id, e.note as value,
                      c.started_at, c.timezone
               from followup_events e left join service_requests s on s.id = e.sr_id
               left join calls c on c.id = coalesce(e.call_id, s.call_id)
               where e.deleted_by is null and e.note like ? escape '\\'
               order by e.on_date desc limit ?""",
            [like, limit],
        )
        return hits[:limit]

    # -- health ----------------------------------------------------------------------

    def integrity_check(self) -> str:
        return str(self._rows("pragma integrity_check")[0]["integrity_check"])


MAX_CALL_SECONDS = 24 * 3600.0
_IDENTIFIER_KINDS = ("receipt_number", "a_number", "referral_number", "staff_id", "phone_number")


def check_seconds(field: str, value: object) -> float:
    """A finite number of seconds within a day (a call, a hold, a time in the call)."""
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise invalid(field, value, N_("a number of seconds")) from None
    if isinstance(value, bool) or not math.isfinite(seconds) or not 0 <= seconds <= MAX_CALL_SECONDS:
        raise invalid(field, value, _("a number of seconds from 0 to {most} (24 hours)").format(most=f"{MAX_CALL_SECONDS:.0f}"))
    return seconds


def check_fraction(field: str, value: object) -> float:
    """A finite number from 0 to 1 (a confidence)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise invalid(field, value, N_("a number from 0 to 1")) from None
    if isinstance(value, bool) or not math.isfinite(number) or not 0.0 <= number <= 1.0:
        raise invalid(field, value, N_("a number from 0 to 1"))
    return number


def _fits_worse(kind: str, reading: str, held: str) -> bool:
    """Whether ``reading`` fits ``kind``'s typical length (``Shape.typical``) worse than
    ``held``: ``held`` has it and ``reading`` has not. False for a kind with none."""
    spec = SPECS.get(kind)
    typical = spec.shape.typical if spec is not None else None
    if typical is None:
        return False
    low, high = typical
    return low <= len(held) <= high and not low <= len(reading) <= high


def _ascii_identifier(kind: str, value: str) -> str:
    return ids.ascii_form(value) if kind in _IDENTIFIER_KINDS else value


def _acceptable_extracted(entity: Any) -> bool:
    """An extractor's entity fit to store: finite numbers, identifiers ASCII."""
    try:
        check_fraction("confidence", entity.confidence)
        for t in (entity.start, entity.end):
            if t is not None:
                check_seconds("time", t)
    except UserError:
        return False
    return not (entity.kind in _IDENTIFIER_KINDS and not _ascii_identifier(entity.kind, entity.value or "").isascii())


def normalise_field(kind: str, value: str) -> str:
    """A typed value in its written form, or a one-line ``UserError`` (the registry's rule)."""
    if kind not in KINDS:
        return (value or "").strip()
    return normalise(kind, value)


def _case(r: dict[str, Any]) -> Case:
    return Case(
        id=r["id"],
        receipt_number=r["receipt_number"],
        form_type=r["form_type"] or "",
        a_number=r["a_number"] or "",
        priority_date=date.fromisoformat(r["priority_date"]) if r["priority_date"] else None,
        notes=r["notes"] or "",
        receipt_date=date.fromisoformat(r["receipt_date"]) if r.get("receipt_date") else None,
    )


def _call(r: dict[str, Any]) -> Call:
    return Call(
        id=r["id"],
        started_at=datetime.fromisoformat(r["started_at"]),
        timezone=r["timezone"],
        ended_at=datetime.fromisoformat(r["ended_at"]) if r["ended_at"] else None,
        phone_used=r["phone_used"] or "",
        tier_reached=r["tier_reached"],
        hold_seconds=r["hold_seconds"] or 0.0,
        notes=r["notes"] or "",
        outcome=r["outcome"] or "",
        source=r["source"] or "manual",
        case_id=r.get("case_id"),
        language=r.get("language") or "en",
    )


def _utterance(r: dict[str, Any]) -> Utterance:
    return Utterance(
        id=r["id"],
        call_id=r["call_id"],
        seq=r["seq"],
        text=r["text"],
        start=r["start"],
        end=r["end"],
        speaker=r["speaker"],
        words=json.loads(r["words"] or "[]"),
    )


def _field(r: dict[str, Any]) -> CapturedField:
    return CapturedField(
        id=r["id"],
        call_id=r["call_id"],
        kind=r["kind"],
        value=r["value"],
        # NaN is stored by SQLite as NULL: an extracted value with no confidence is not sure
        confidence=r["confidence"] if r["confidence"] is not None else (1.0 if r["source"] == TYPED else 0.0),
        start=r["start"],
        end=r["end"],
        text=r["text"] or "",
        speaker=r["speaker"],
        source=r["source"],
        status=r["status"],
    )


def _sr(r: dict[str, Any]) -> ServiceRequest:
    return ServiceRequest(
        id=r["id"],
        call_id=r["call_id"],
        referral_number=r["referral_number"],
        venue=r["venue"],
        created=date.fromisoformat(r["created"]),
        type=r["type"] or "",
        service_center=r["service_center"],
        receipt_number=r["receipt_number"] or "",
        parent_sr_id=r.get("parent_sr_id"),
        receipt_source=r.get("receipt_source"),
    )


def _event(r: dict[str, Any]) -> FollowUpEvent:
    return FollowUpEvent(
        id=r["id"],
        kind=r["kind"],
        on=date.fromisoformat(r["on_date"]),
        sr_id=r["sr_id"],
        call_id=r["call_id"],
        note=r["note"] or "",
    )


def _trash_entry(r: dict[str, Any]) -> TrashEntry:
    return TrashEntry(
        id=r["id"],
        what=r["what"],
        row_id=r["row_id"],
        label=r["label"] or "",
        deleted_at=datetime.fromisoformat(r["deleted_at"]),
        restored_at=datetime.fromisoformat(r["restored_at"]) if r["restored_at"] else None,
    )


# -- opening ---------------------------------------------------------------------------


def _open(path: Path, warnings: list[str]) -> tuple[sqlite3.Connection, bool]:
    """Identify the file, open it (read-only if the user made it so), migrate it."""
    prepare_folder(path.parent)
    private_mode(path.parent, 0o700)
    exists = path.exists()
    if exists:
        check_header(path)
        private_mode(path, 0o600)
    read_only = exists and not (owner_writable(path) and owner_writable(path.parent))
    if not exists:
        if not owner_writable(path.parent):
            raise StoreProblem(
                _(
                    "data folder: {path} is read-only, so the database cannot be created; "
                    "make it writable (chmod u+w) or point --home at another folder"
                ).format(path=path.parent)
            )
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        except FileExistsError:
            pass  # another process made it a moment ago
        except OSError as exc:
            raise StoreProblem(_("database: cannot create {path} ({reason})").format(path=path, reason=exc.strerror or exc)) from None
    if exists and path.stat().st_size > 0:
        # Identify the file on a read-only connection first: a foreign or newer file is
        # refused before any connection that could write (even a checkpoint) touches it.
        try:
            probe = connect(path, read_only=True, probe=True)
        except sqlite3.Error as exc:
            raise explain(exc, path) from exc
        try:
            check_identity(probe, path, [m.name for m in migrations._migrations])
        except sqlite3.Error as exc:
            raise explain(exc, path) from exc
        finally:
            probe.close()
    try:
        conn = connect(path, read_only=read_only)
    except sqlite3.Error as exc:
        raise explain(exc, path) from exc
    try:
        known = [m.name for m in migrations._migrations]
        pending = check_identity(conn, path, known)
        if read_only:
            if pending:
                raise StoreProblem(
                    _(
                        "database: {path} is read-only and needs an update this version makes; "
                        "make it writable (chmod u+w {path} {folder}) and run again"
                    ).format(path=path, folder=path.parent)
                )
            warnings.append(
                _(
                    "database {path} is read-only: you can look, but nothing new can be saved "
                    "(chmod u+w {path} {folder} to record again)"
                ).format(path=path, folder=path.parent)
            )
        else:
            if conn.execute("pragma journal_mode").fetchone()[0].lower() != "wal":
                _retry_busy(lambda: conn.execute("PRAGMA journal_mode=WAL"))
            conn.execute("PRAGMA synchronous=FULL")
            if pending:
                _migrate(conn, path, known)
        conn.execute("PRAGMA foreign_keys=ON")
    except StoreProblem:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise explain(exc, path) from exc
    if not read_only:
        for suffix in ("-wal", "-shm"):
            private_mode(Path(str(path) + suffix), 0o600)
    return conn, read_only


def _retry_busy(fn: Any) -> Any:
    from companion.store import connection

    deadline = time.monotonic() + connection.WRITE_WAIT
    while True:
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _migrate(conn: sqlite3.Connection, path: Path, known: list[str]) -> None:
    """Apply pending migrations holding the write lock: two processes opening a new
    folder at once must not both try to create the tables."""
    begin_immediate(conn)
    try:
        check_identity(conn, path, known)  # again, under the lock
        migrations.apply(Database(conn))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def database_identity_problems(path: Path) -> list[tuple[str, str]]:
    """For ``companion doctor``: is ``path`` our database, intact? Read-only."""
    from companion.store.connection import check_database

    return check_database(path, [m.name for m in migrations._migrations])
