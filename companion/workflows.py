"""What the CLI and the TUI both do, in one place and free of Textual.

``CallRecorder`` is the single path a transcript takes into the store, whether it comes
from a live recognizer, a replay or a file: each final result is committed, fed to the
streaming extractor, and the extractor's revisions applied to the call's candidates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

from companion.errors import UserError
from companion.locations import service_centers_override
from companion.records import Call, CapturedField, Utterance
from companion.store import Store


def open_store() -> Store:
    return Store.open_default()


def today_for(store: Store, now: datetime | None = None) -> date:
    """Today's date where the user is (their profile's time zone)."""
    zone = store.profile().zone
    return (now.astimezone(zone) if now else datetime.now(zone)).date()


class CallRecorder:
    """Feeds Vosk final results of one call into the store and the extractor."""

    def __init__(self, store: Store, call_id: int) -> None:
        from companion.extract import StreamingExtractor
        from companion.extract.priors import KnownValue, known_from_cases
        from companion.identifiers import known_receipt_prefixes

        self.store = store
        self.call_id = call_id
        # configuration loaded once: the user's service-center table, their cases as priors
        self.extractor = StreamingExtractor(
            known_receipt_prefixes(service_centers_override()), known=known_from_cases(store.cases())
        )
        self._keys: dict[int, int] = {}  # field id -> the extractor's entity key
        self.priors: dict[int, KnownValue] = {}  # field id -> the user's value it may be a mishearing of

    def add_result(self, result: dict) -> tuple[Utterance, list[CapturedField]]:
        """Commit one final result, then the fields it added or revised. Returns both."""
        utterance = self.store.add_utterance(self.call_id, result)
        return utterance, self._apply(self.extractor.feed(result))

    def finish(self) -> list[CapturedField]:
        """End of the transcript: let the extractor emit what it still holds."""
        return self._apply(self.extractor.flush())

    def decide(self, field_id: int, *, status: str | None = None, value: str | None = None) -> CapturedField:
        """The user's decision on a field (confirm, reject, edit): saved, then told to the
        extractor so it never revises that field and a different later reading of it
        becomes a new candidate."""
        saved = self.store.set_field(field_id, status=status, value=value)
        key = self._keys.get(field_id)
        if key is not None:
            self.extractor.decide(key, saved.status, value=saved.value if value is not None else None)
        return saved

    def _apply(self, updates) -> list[CapturedField]:
        changed = []
        for update in updates:
            field = self.store.apply_entity_update(self.call_id, update.action, update.entity)
            if field is not None:
                self._keys[field.id] = update.entity.key
                prior = getattr(update.entity, "prior", None)
                if prior is not None:
                    self.priors[field.id] = prior
                else:
                    self.priors.pop(field.id, None)
                changed.append(field)
        return changed


def import_transcript(
    store: Store,
    path: str | Path,
    started_at: datetime,
    *,
    phone: str | None = None,
    source: str = "import",
) -> int:
    """Store a whole transcript file (Vosk result JSONL) as a call; returns its id.

    The file is read and checked before anything is written, so a bad line stores nothing.
    """
    from companion.extract import read_transcript

    results = read_transcript(path)
    call_id = store.start_call(started_at, phone_used=phone, source=source)
    recorder = CallRecorder(store, call_id)
    for result in results:
        recorder.add_result(result)
    recorder.finish()
    if results:
        last_end = max((r.get("result") or [{}])[-1].get("end", 0) or 0 for r in results)
        store.update_call(call_id, ended_at=started_at + timedelta(seconds=float(last_end)))
    return call_id


def follow_up_actions(store: Store, today: date | None = None):
    """Every dated follow-up action from the stored records (see ``companion.followup``)."""
    from companion.followup import follow_up_plan

    profile = store.profile()
    return follow_up_plan(
        store.calls(),
        store.service_requests(),
        store.events(),
        today or today_for(store),
        ombudsman_email=profile.ombudsman_email,
        service_centers_path=service_centers_override(),
    )


def draft_for(
    store: Store,
    call_id: int,
    to: str,
    *,
    today: date | None = None,
    force: bool = False,
    sr_id: int | None = None,
):
    """The email draft for one call: ``to`` is ombudsman, service-center or scops."""
    from companion import export
    from companion.records import SERVICE_CENTER, SERVICE_CENTER_EMAILED

    call: Call = store.call(call_id)
    fields = store.fields(call_id)
    profile = store.profile()
    today = today or today_for(store)
    cases = store.cases()
    srs = store.service_requests(call_id)
    if to == "ombudsman":
        return export.ombudsman_draft(
            call, fields, profile, today, service_requests=srs, cases=cases, force=force
        )
    if to not in ("service-center", "scops"):
        raise UserError(f"to: {to!r} is not valid; expected ombudsman, service-center or scops")
    if sr_id is not None:
        srs = [sr for sr in srs if sr.id == sr_id]
    srs = [sr for sr in srs if sr.venue == SERVICE_CENTER] or srs
    if not srs:
        raise UserError(
            f"call {call_id} has no service request to follow up on; "
            f"record one with `companion sr add {call_id} --referral NUMBER --venue service-center`"
        )
    sr = srs[-1]
    if to == "service-center":
        return export.service_center_draft(
            call, sr, fields, profile, today, cases=cases, service_centers_path=service_centers_override()
        )
    emailed = [e.on for e in store.events(sr.id) if e.kind == SERVICE_CENTER_EMAILED]
    if not emailed:
        raise UserError(
            f"service request {sr.id}: the service center has not been emailed yet; email it first "
            f"and record the date with `companion sr update {sr.id} --service-center-emailed YYYY-MM-DD`"
        )
    return export.scops_draft(
        call,
        sr,
        fields,
        profile,
        today,
        emailed_service_center_on=emailed[-1],
        cases=cases,
        service_centers_path=service_centers_override(),
    )


def calendar_for(store: Store, today: date | None = None) -> bytes:
    """An .ics of every open follow-up date."""
    from companion.export import calendar_ics
    from companion.followup import open_actions

    return calendar_ics(open_actions(follow_up_actions(store, today)))


def results_of(utterances: Iterable[Utterance]) -> list[dict]:
    """Stored utterances back in Vosk result form (for re-extraction or export)."""
    out = []
    for u in utterances:
        r = {"text": u.text, "result": u.words}
        if u.speaker:
            r["speaker"] = u.speaker
        out.append(r)
    return out
