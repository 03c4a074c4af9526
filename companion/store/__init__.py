"""The one class that owns the SQLite database of calls.

Every write is its own committed transaction the moment it happens (an utterance, a
confirmed field, a follow-up event), so killing the process mid-call loses at most the
utterance still being spoken. The file is private: directory 0700, database 0600.
WAL lets another process (``companion calls --json``) read while a call is being written.

All access goes through one connection guarded by a lock, so the TUI thread and the
recognition worker can share a ``Store``. Values are validated here (through
``companion.identifiers``) so the CLI and the TUI get the same one-line errors.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from companion import identifiers as ids
from companion.errors import UserError, invalid
from companion.locations import service_centers_override
from companion.records import (
    ASSISTED,
    CANDIDATE,
    CONFIRMED,
    EVENT_KINDS,
    EXTRACTED,
    REJECTED,
    TYPED,
    VENUES,
    A_NUMBER,
    RECEIPT_NUMBER,
    Call,
    CapturedField,
    Case,
    FollowUpEvent,
    Profile,
    ServiceRequest,
    Utterance,
)
from companion.store.migrations import migrations

STATUSES = (CANDIDATE, CONFIRMED, REJECTED)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _secure_file(path: Path) -> None:
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    os.chmod(path, 0o600)


class Store:
    """Calls, utterances, captured fields, cases, service requests and follow-up events."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _secure_file(self.path)
        try:
            conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=10)
        except sqlite3.Error as exc:  # pragma: no cover - unusual filesystem trouble
            raise UserError(f"database: cannot open {self.path}: {exc}") from exc
        self._lock = threading.RLock()
        self.db = Database(conn)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            migrations.apply(self.db)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise UserError(
                f"database: {self.path} is not a Call Companion database or is damaged ({exc}); "
                "move it aside and start again"
            ) from exc
        for suffix in ("-wal", "-shm"):
            side = Path(str(self.path) + suffix)
            if side.exists():
                os.chmod(side, 0o600)

    @classmethod
    def open_default(cls) -> "Store":
        from companion.locations import database_path

        return cls(database_path())

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self):
        """One committed transaction, serialised with every other access."""
        with self._lock, self.db.atomic():
            yield self.db

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict]:
        with self._lock:
            cursor = self.db.execute(sql, list(params))
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    # -- profile ---------------------------------------------------------------------

    def profile(self) -> Profile:
        rows = self._rows("select * from profile where id = 1")
        if not rows:
            return Profile()
        r = rows[0]
        defaults = Profile()
        return Profile(
            name=r["name"] or "",
            phone=r["phone"] or "",
            state=r["state"] or "",
            timezone=r["timezone"] or defaults.timezone,
            ombudsman_email=r["ombudsman_email"] or defaults.ombudsman_email,
            consent_acknowledged=bool(r["consent_acknowledged_at"]),
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
            addr = ombudsman_email.strip()
            if "@" not in addr or " " in addr:
                raise invalid("Ombudsman email", ombudsman_email, "an email address, e.g. cisombudsman@dhs.gov")
            values["ombudsman_email"] = addr
        if consent_acknowledged is not None:
            values["consent_acknowledged_at"] = _now() if consent_acknowledged else None
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
    ) -> Case:
        receipt = ids.parse_receipt(receipt_number)
        anum = ids.parse_a_number(a_number) if a_number else ""
        if isinstance(priority_date, str):
            priority_date = ids.parse_date(priority_date, "priority date") if priority_date else None
        row = {
            "receipt_number": receipt,
            "form_type": form_type.strip().upper(),
            "a_number": anum,
            "priority_date": priority_date.isoformat() if priority_date else None,
            "notes": notes,
            "created_at": _now(),
        }
        existing = self._rows("select id from cases where receipt_number = ?", [receipt])
        with self._write() as db:
            if existing:
                case_id = existing[0]["id"]
                db["cases"].update(case_id, {k: v for k, v in row.items() if v and k != "created_at"})
            else:
                case_id = db["cases"].insert(row).last_pk
        return self.case(case_id)

    def case(self, case_id: int) -> Case:
        rows = self._rows("select * from cases where id = ?", [case_id])
        if not rows:
            raise UserError(f"case: no case with id {case_id}")
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
    ) -> int:
        """Create a call now (or at ``started_at``) and return its id. Committed at once."""
        profile = self.profile()
        tz_name = timezone or profile.timezone
        zone = ZoneInfo(tz_name)
        if started_at is None:
            started_at = datetime.now(zone)
        elif started_at.tzinfo is None:
            started_at = started_at.replace(tzinfo=zone)
        phone = ids.parse_phone(phone_used, "phone used") if phone_used else profile.phone
        with self._write() as db:
            return db["calls"].insert(
                {
                    "started_at": started_at.astimezone(zone).isoformat(timespec="seconds"),
                    "timezone": tz_name,
                    "phone_used": phone,
                    "hold_seconds": 0.0,
                    "notes": "",
                    "outcome": "",
                    "source": source,
                    "created_at": _now(),
                }
            ).last_pk

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
            values["phone_used"] = ids.parse_phone(phone_used, "phone used") if phone_used else ""
        if tier_reached is not None:
            if tier_reached not in (1, 2):
                raise invalid("tier", tier_reached, "1 or 2")
            values["tier_reached"] = tier_reached
        if hold_seconds is not None:
            if hold_seconds < 0:
                raise invalid("hold seconds", hold_seconds, "a number of seconds ≥ 0")
            values["hold_seconds"] = float(hold_seconds)
        if notes is not None:
            values["notes"] = notes
        if outcome is not None:
            values["outcome"] = outcome
        if values:
            with self._write() as db:
                db["calls"].update(call_id, values)
        return self.call(call_id)

    def end_call(self, call_id: int, ended_at: datetime | None = None, **changes: Any) -> Call:
        return self.update_call(call_id, ended_at=ended_at or datetime.now(timezone.utc), **changes)

    def call(self, call_id: int) -> Call:
        rows = self._rows("select * from calls where id = ?", [call_id])
        if not rows:
            raise UserError(f"call: no call with id {call_id} (see `companion calls`)")
        return _call(rows[0])

    def calls(self, limit: int | None = None) -> list[Call]:
        sql = "select * from calls order by started_at desc, id desc"
        params: list[Any] = []
        if limit:
            sql += " limit ?"
            params.append(limit)
        return [_call(r) for r in self._rows(sql, params)]

    def call_summaries(self, limit: int | None = None) -> list[dict]:
        """Calls with counts and their best staff/referral values, for lists."""
        out = []
        for call in self.calls(limit):
            fields = self.fields(call.id)
            best: dict[str, str] = {}
            for f in sorted(fields, key=lambda f: (f.status != CONFIRMED, -f.confidence)):
                if f.status != REJECTED:
                    best.setdefault(f.kind, f.value)
            n = self._rows("select count(*) as n from utterances where call_id = ?", [call.id])[0]["n"]
            out.append({"call": call, "utterances": n, "best": best})
        return out

    # -- utterances ------------------------------------------------------------------

    def add_utterance(self, call_id: int, result: dict, speaker: str | None = None) -> Utterance:
        """Store one Vosk final result (``{"text", "result": [words]}``). Committed at once."""
        text = (result.get("text") or "").strip()
        words = result.get("result") or []
        speaker = speaker if speaker is not None else result.get("speaker")
        start = words[0].get("start") if words else result.get("start")
        end = words[-1].get("end") if words else result.get("end")
        with self._write() as db:
            seq = db.execute(
                "select coalesce(max(seq), 0) + 1 from utterances where call_id = ?", [call_id]
            ).fetchone()[0]
            uid = db["utterances"].insert(
                {
                    "call_id": call_id,
                    "seq": seq,
                    "speaker": speaker,
                    "start": start,
                    "end": end,
                    "text": text,
                    "words": json.dumps(words),
                }
            ).last_pk
        return Utterance(id=uid, call_id=call_id, seq=seq, text=text, start=start, end=end, speaker=speaker, words=words)

    def utterances(self, call_id: int) -> list[Utterance]:
        return [
            _utterance(r)
            for r in self._rows("select * from utterances where call_id = ? order by seq", [call_id])
        ]

    def search(self, text: str, limit: int = 50) -> list[dict]:
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
            where utterances_fts match ?
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
        words: list | None = None,
        speaker: str | None = None,
        source: str = TYPED,
        status: str = CONFIRMED,
        extractor_key: int | None = None,
    ) -> CapturedField:
        self.call(call_id)
        value = normalise_field(kind, value) if source == TYPED else value
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

    def apply_entity_update(self, call_id: int, action: str, entity: Any) -> CapturedField | None:
        """Apply one extractor event (add/update/remove) to the call's candidates.

        A field the user already confirmed, edited or rejected is theirs: the extractor
        never changes or removes it.
        """
        with self._lock:
            rows = self._rows(
                "select * from fields where call_id = ? and extractor_key = ?", [call_id, entity.key]
            )
            if action == "remove":
                if rows and rows[0]["status"] == CANDIDATE and rows[0]["source"] == EXTRACTED:
                    with self._write() as db:
                        db["fields"].delete(rows[0]["id"])
                return None
            values = {
                "kind": entity.kind,
                "value": entity.value,
                "confidence": float(entity.confidence),
                "start": entity.start,
                "end": entity.end,
                "text": entity.text,
                "words": json.dumps(getattr(entity, "words", []) or []),
                "speaker": entity.speaker,
                "updated_at": _now(),
            }
            if rows:
                if rows[0]["status"] != CANDIDATE or rows[0]["source"] != EXTRACTED:
                    return _field(rows[0])
                with self._write() as db:
                    db["fields"].update(rows[0]["id"], values)
                return self.field(rows[0]["id"])
            with self._write() as db:
                fid = db["fields"].insert(
                    {"call_id": call_id, "source": EXTRACTED, "status": CANDIDATE, "extractor_key": entity.key, **values}
                ).last_pk
            return self.field(fid)

    def assist_field(self, field_id: int, value: str) -> CapturedField:
        """The number assist's reading replaces a candidate's value; it stays a candidate
        (marked ``assisted``, so the extractor no longer revises it). A field the user
        has decided on is left alone."""
        with self._lock:
            current = self.field(field_id)
            if current.status != CANDIDATE:
                return current
            with self._write() as db:
                db["fields"].update(field_id, {"value": value, "source": ASSISTED, "updated_at": _now()})
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
                raise invalid("status", status, " or ".join(STATUSES))
            changes["status"] = status
        with self._write() as db:
            db["fields"].update(field_id, changes)
        return self.field(field_id)

    def field(self, field_id: int) -> CapturedField:
        rows = self._rows("select * from fields where id = ?", [field_id])
        if not rows:
            raise UserError(f"field: no captured field with id {field_id}")
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
    ) -> ServiceRequest:
        call = self.call(call_id)
        referral = normalise_field("referral_number", referral_number)
        if venue not in VENUES:
            raise invalid("venue", venue, " or ".join(VENUES))
        if isinstance(created, str):
            created = ids.parse_date(created, "created")
        created = created or call.local_date
        receipt = ids.parse_receipt(receipt_number) if receipt_number else self._best_receipt(call_id)
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
                }
            ).last_pk
        return self.service_request(sr_id)

    def _best_receipt(self, call_id: int) -> str:
        """The call's receipt number (confirmed first), else the only case on file."""
        candidates = [f for f in self.fields(call_id) if f.kind == RECEIPT_NUMBER and f.status != REJECTED]
        candidates.sort(key=lambda f: (f.status != CONFIRMED, -f.confidence))
        if candidates:
            return candidates[0].value
        cases = self.cases()
        return cases[0].receipt_number if len(cases) == 1 else ""

    def service_request(self, sr_id: int) -> ServiceRequest:
        rows = self._rows("select * from service_requests where id = ?", [sr_id])
        if not rows:
            raise UserError(f"service request: no service request with id {sr_id} (see `companion show CALL_ID`)")
        return _sr(rows[0])

    def service_requests(self, call_id: int | None = None) -> list[ServiceRequest]:
        if call_id is None:
            rows = self._rows("select * from service_requests order by created, id")
        else:
            rows = self._rows("select * from service_requests where call_id = ? order by id", [call_id])
        return [_sr(r) for r in rows]

    def record_event(
        self,
        kind: str,
        on: str | date,
        *,
        sr_id: int | None = None,
        call_id: int | None = None,
        note: str = "",
    ) -> FollowUpEvent:
        if kind not in EVENT_KINDS:
            raise invalid("event", kind, " or ".join(EVENT_KINDS))
        if isinstance(on, str):
            on = ids.parse_date(on, kind.replace("_", " ") + " date")
        if sr_id is not None:
            self.service_request(sr_id)
        if call_id is not None:
            self.call(call_id)
        with self._write() as db:
            eid = db["followup_events"].insert(
                {"kind": kind, "on_date": on.isoformat(), "sr_id": sr_id, "call_id": call_id, "note": note, "created_at": _now()}
            ).last_pk
        return _event(self._rows("select * from followup_events where id = ?", [eid])[0])

    def events(self, sr_id: int | None = None) -> list[FollowUpEvent]:
        if sr_id is None:
            rows = self._rows("select * from followup_events order by on_date, id")
        else:
            rows = self._rows("select * from followup_events where sr_id = ? order by on_date, id", [sr_id])
        return [_event(r) for r in rows]

    # -- health ----------------------------------------------------------------------

    def integrity_check(self) -> str:
        return self._rows("pragma integrity_check")[0]["integrity_check"]


def normalise_field(kind: str, value: str) -> str:
    """A typed value in its written form, or a one-line ``UserError``."""
    raw = (value or "").strip()
    if not raw:
        raise invalid(kind.replace("_", " "), value, "a value")
    if kind == RECEIPT_NUMBER:
        return ids.parse_receipt(raw)
    if kind == A_NUMBER:
        return ids.parse_a_number(raw)
    if kind == "referral_number":
        norm = raw.replace(" ", "").replace("-", "").upper()
        if not (norm.isalnum() and 7 <= len(norm) <= 13):
            raise invalid("referral number", value, "7 to 13 letters or digits, e.g. 76013389")
        return norm
    if kind == "staff_id":
        norm = raw.replace(" ", "").upper()
        if not (norm.isalnum() and 2 <= len(norm) <= 10):
            raise invalid("staff ID", value, "2 to 10 letters or digits, e.g. 22719")
        return norm
    if kind == "staff_name":
        return " ".join(w[:1].upper() + w[1:] for w in raw.split())
    if kind == "phone_number":
        return ids.parse_phone(raw)
    return raw


def _case(r: dict) -> Case:
    return Case(
        id=r["id"],
        receipt_number=r["receipt_number"],
        form_type=r["form_type"] or "",
        a_number=r["a_number"] or "",
        priority_date=date.fromisoformat(r["priority_date"]) if r["priority_date"] else None,
        notes=r["notes"] or "",
    )


def _call(r: dict) -> Call:
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
    )


def _utterance(r: dict) -> Utterance:
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


def _field(r: dict) -> CapturedField:
    return CapturedField(
        id=r["id"],
        call_id=r["call_id"],
        kind=r["kind"],
        value=r["value"],
        confidence=r["confidence"] if r["confidence"] is not None else 1.0,
        start=r["start"],
        end=r["end"],
        text=r["text"] or "",
        speaker=r["speaker"],
        source=r["source"],
        status=r["status"],
    )


def _sr(r: dict) -> ServiceRequest:
    return ServiceRequest(
        id=r["id"],
        call_id=r["call_id"],
        referral_number=r["referral_number"],
        venue=r["venue"],
        created=date.fromisoformat(r["created"]),
        type=r["type"] or "",
        service_center=r["service_center"],
        receipt_number=r["receipt_number"] or "",
    )


def _event(r: dict) -> FollowUpEvent:
    return FollowUpEvent(
        id=r["id"],
        kind=r["kind"],
        on=date.fromisoformat(r["on_date"]),
        sr_id=r["sr_id"],
        call_id=r["call_id"],
        note=r["note"] or "",
    )
