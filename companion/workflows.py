"""What the CLI and the TUI both do, in one place and free of Textual.

``CallRecorder`` is the single path a transcript takes into the store, whether it comes
from a live recognizer, a replay or a file: each final result is committed, fed to the
streaming extractor, and the extractor's revisions applied to the call's candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from companion.errors import UserError, one_of
from companion.i18n import _
from companion.identifiers import known_receipt_prefixes, parse_language, prefix_misheard
from companion.locations import service_centers_override
from companion.records import RECEIPT_NUMBER, REJECTED, STAFF_NAME, Call, CapturedField, Utterance
from companion.store import Store


def open_store() -> Store:
    return Store.open_default()


LANGUAGE_ENV = "COMPANION_LANG"  # set by `companion live --lang`, like --home sets COMPANION_HOME


def call_language(store: Store, language: str | None = None) -> str:
    """The language of a new call: ``language`` if given, else ``companion live --lang``
    (``COMPANION_LANG``), else the profile's."""
    import os

    chosen = language or os.environ.get(LANGUAGE_ENV, "")
    return parse_language(chosen) if chosen else store.profile().language


def default_language() -> str:
    """The profile's language ("en" when there is no database yet or it cannot be read).
    Never creates the data directory: a file command does not need one."""
    import sqlite3

    from companion.locations import database_path

    try:
        if not database_path().exists():
            return "en"
        with open_store() as store:
            return store.profile().language
    except (OSError, UserError, sqlite3.Error):  # an unreadable store must not stop a file command
        return "en"


def today_for(store: Store, now: datetime | None = None) -> date:
    """Today's date where the user is (their profile's time zone)."""
    zone = store.profile().zone
    return (now.astimezone(zone) if now else datetime.now(zone)).date()


class CallRecorder:
    """Feeds Vosk final results of one call into the store and the extractor."""

    def __init__(self, store: Store, call_id: int, language: str | None = None,
                 not_names: Iterable[str] = ()) -> None:
        """``language``: the call's ("en" | "es"); the one stored on the call when not given.
        ``not_names``: words the recognizer writes that are never a name beyond the
        language's own (the engine's sounds of a number cue, ``assist.name_stops``: "this is
        agent raise **patch** three …" is the name Raise, not "Raise Patch")."""
        from dataclasses import replace

        from companion.extract import StreamingExtractor
        from companion.extract.lang import get_language
        from companion.extract.priors import KnownValue, known_from_cases
        self.store = store
        self.call_id = call_id
        self.language = language or store.call(call_id).language
        lang = get_language(self.language)
        extra = frozenset(not_names) - lang.never_names
        if extra:
            lang = replace(lang, never_names=lang.never_names | extra)
        # configuration loaded once: the user's service-center table, their cases as priors
        self.extractor = StreamingExtractor(
            known_receipt_prefixes(service_centers_override()),
            lang=lang,
            known=known_from_cases(store.cases()),
        )
        self._keys: dict[int, int] = {}  # field id -> the extractor's entity key
        self.priors: dict[int, KnownValue] = {}  # field id -> the user's value it may be a mishearing of
        self._fed: tuple[dict, list] | None = None  # a result read but not yet saved
        # (kind, value) -> a field the session added (the user's own number heard): the
        # extractor's first reading of that value becomes that field, not a second one
        self.claims: dict[tuple[str, str], int] = {}
        # the extractor's receipts that are a held receipt read back under a prefix no
        # service center issues (``_read_back_of_held``): entity key -> its value
        self._absorbed: dict[int, str] = {}
        # staff names held back from the store: ``hold_name`` (the session's) says which — a
        # name in no list heard unsure, a word misheard more often than a name; entity key ->
        # the extractor's latest entity. ``release`` makes one a field after all.
        self.hold_name: Callable[[Any], bool] | None = None
        self.held: dict[int, Any] = {}

    def add_result(self, result: dict) -> tuple[Utterance, list[CapturedField]]:
        """Commit one final result with the fields it added or revised, together.

        If the store refuses (busy, disk full) nothing of it is kept and the caller may
        offer the same result again: the extractor reads it only once.
        """
        if self._fed is not None and self._fed[0] is result:
            updates = self._fed[1]
        else:
            updates = list(self.extractor.feed(result))
            self._fed = (result, updates)
        with self.store.transaction():
            utterance = self.store.add_utterance(self.call_id, result)
            changed = self._apply(updates)
        self._fed = None
        return utterance, changed

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
            if self._hold(update) or self._absorb(update):
                continue
            claimed = self.claims.get((update.entity.kind, update.entity.value))
            if update.action != "remove" and claimed is not None and update.entity.key not in self._keys.values():
                self.store.claim_for_extractor(claimed, update.entity.key)
                del self.claims[(update.entity.kind, update.entity.value)]
            field = self.store.apply_entity_update(self.call_id, update.action, update.entity,
                                                   corrected=update.corrected)
            if field is not None:
                self._keys[field.id] = update.entity.key
                prior = getattr(update.entity, "prior", None)
                if prior is not None:
                    self.priors[field.id] = prior
                else:
                    self.priors.pop(field.id, None)
                changed.append(field)
        return changed

    def _hold(self, update) -> bool:
        """Whether the extractor's ``update`` is about a staff name held back (``hold_name``)
        rather than a field: kept in ``held`` (its latest reading), dropped with it when the
        extractor withdraws it; a reading no longer held (heard again surer, or grown into a
        list name) goes to the store as usual. A name already a field is never held."""
        ent = update.entity
        if ent.kind != STAFF_NAME or self.hold_name is None or ent.key in self._keys.values():
            return False
        if update.action == "remove":
            return self.held.pop(ent.key, None) is not None
        if self.hold_name(ent):
            self.held[ent.key] = ent
            return True
        self.held.pop(ent.key, None)
        return False

    def release(self, key: int) -> CapturedField | None:
        """Held staff name ``key`` becomes a field (a candidate, as the extractor gave it)."""
        ent = self.held.pop(key, None)
        if ent is None:
            return None
        field = self.store.apply_entity_update(self.call_id, "add", ent)
        if field is not None:
            self._keys[field.id] = key
        return field

    def _absorb(self, update) -> bool:
        """Whether the extractor's ``update`` is a receipt the call already holds, read
        back under a prefix no service center issues: the free recognizer's letters garbled
        where its digits did not ("w i see two three …" for WAC23…, "y s e" for YSC, after
        the receipt was heard right once). Such an entity never becomes a second field
        beside the held one, and a field the entity already has keeps its value; a later
        reading of it with other digits or a known prefix is the extractor's again."""
        entity = update.entity
        if entity.key in self._absorbed:
            if update.action == "remove" or entity.value == self._absorbed[entity.key]:
                return True
            del self._absorbed[entity.key]
            return False
        if update.action != "remove" and entity.kind == STAFF_NAME and entity.key not in self._keys.values():
            # "… officer retreat guess" (the name grammar's Rodriguez) … "hi officer rodriguez":
            # a name the call already holds as a field, heard again, is that field, not a
            # second one beside it (the extractor knew only the free words it replaced)
            value = str(entity.value).lower()
            if any(f.kind == STAFF_NAME and f.status != REJECTED and f.value.lower() == value
                   for f in self.store.fields(self.call_id)):
                self._absorbed[entity.key] = entity.value
                return True
            return False
        if update.action != "remove" and entity.key not in self._keys.values() and self._own_read_back(entity):
            self._absorbed[entity.key] = entity.value
            return True
        if update.action == "remove" or entity.kind != RECEIPT_NUMBER:
            return False
        value = str(entity.value).upper()
        prefixes = self.extractor.receipt_prefixes
        if len(value) != 13 or value[:3] in prefixes:
            return False
        if not any(f.kind == RECEIPT_NUMBER and f.status != REJECTED and prefix_misheard(value, f.value, prefixes)
                   for f in self.store.fields(self.call_id)):
            return False
        if entity.key not in self._keys.values():  # no field of its own yet: none for this reading
            self._absorbed[entity.key] = entity.value
        return True  # a field of its own keeps its value (the extractor's later reading is not better)

    def _own_read_back(self, entity) -> bool:
        """Whether ``entity`` (no field yet) is the user's own receipt or A-number, which the
        call already holds as said by one side, read back by the other a character off: the
        agent's "l i n two four one … six nine nine two, is that right?" heard "… six nine
        ninety one" after the caller read LIN2410186992 off the notice. It is that number
        said again, misheard — no second field beside it. A number one off the user's own said
        by the same side stays a field of its own (the next receipt of one filing: "and my
        wife's is … one two one")."""
        prior = getattr(entity, "prior", None)
        value = str(entity.value).upper()
        if (prior is None or not entity.speaker or len(value) != len(prior.value)
                or sum(a != b for a, b in zip(value, prior.value.upper())) != 1):
            return False
        return any(f.kind == entity.kind and f.status != REJECTED and f.value.upper() == prior.value.upper()
                   and f.speaker and f.speaker != entity.speaker for f in self.store.fields(self.call_id))


def import_transcript(
    store: Store,
    path: str | Path,
    started_at: datetime,
    *,
    phone: str | None = None,
    source: str = "import",
    language: str | None = None,
) -> int:
    """Store a whole transcript file (Vosk result JSONL) as a call; returns its id.

    Atomic: the file is read twice, streamed. The first pass checks every line and runs
    the extractor, keeping only what it found; the second writes the call, its utterances
    and its fields in one transaction. A bad line, a full disk or a kill stores nothing,
    and the write lock is held only while writing, not while extracting.
    """
    from companion.extract import StreamingExtractor
    from companion.extract.lang import get_language
    from companion.extract.transcript import TranscriptError, iter_transcript

    lang = parse_language(language) if language else store.profile().language
    extractor = StreamingExtractor(lang=get_language(lang))
    found: dict[int, list] = {}
    count, last_end = 0, 0.0
    for index, result in enumerate(iter_transcript(path)):
        updates = extractor.feed(result)
        if updates:
            found[index] = list(updates)
        count += 1
        words = result.get("result") or []
        if words:
            last_end = max(last_end, float(words[-1]["end"]))
    tail = list(extractor.flush())

    with store.transaction():
        call_id = store.start_call(started_at, phone_used=phone, source=source, language=lang)
        written = 0
        for index, result in enumerate(iter_transcript(path)):
            store.add_utterance(call_id, result)
            for update in found.get(index, ()):
                store.apply_entity_update(call_id, update.action, update.entity)
            written += 1
        if written != count:
            raise TranscriptError(
                _("transcript {name} changed while it was being imported; nothing was stored").format(name=Path(path).name)
            )
        for update in tail:
            store.apply_entity_update(call_id, update.action, update.entity)
        if count:
            store.update_call(call_id, ended_at=started_at + timedelta(seconds=last_end))
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
    what_went_wrong: str | None = None,
):
    """The email draft for one call: ``to`` is ombudsman, service-center or scops.

    ``what_went_wrong``: an optional sentence of the user's own, added to the letter. The
    Ombudsman letter also lists the other calls, requests and emails about the call's case.
    """
    from companion import export
    from companion.casefile import case_history
    from companion.records import SERVICE_CENTER, SERVICE_CENTER_EMAILED

    call: Call = store.call(call_id)
    fields = store.fields(call_id)
    profile = store.profile()
    today = today or today_for(store)
    cases = store.cases()
    srs = store.service_requests(call_id)
    case = store.case_for_call(call_id)
    if to == "ombudsman":
        return export.ombudsman_draft(
            call,
            fields,
            profile,
            today,
            service_requests=srs,
            cases=cases,
            force=force,
            history=case_history(store, call_id),
            what_went_wrong=what_went_wrong,
            case=case,
        )
    if to not in ("service-center", "scops"):
        raise UserError(
            _("{field}: {value!r} is not valid; expected {expected}").format(
                field="to", value=to, expected=one_of(("ombudsman", "service-center", "scops"))
            )
        )
    if sr_id is not None:
        srs = [sr for sr in srs if sr.id == sr_id]
    srs = [sr for sr in srs if sr.venue == SERVICE_CENTER] or srs
    if not srs:
        raise UserError(
            _(
                "call {id} has no service request to follow up on; record one with "
                "`companion sr add {id} --referral NUMBER --venue service-center`"
            ).format(id=call_id)
        )
    sr = srs[-1]
    if to == "service-center":
        return export.service_center_draft(
            call,
            sr,
            fields,
            profile,
            today,
            cases=cases,
            service_centers_path=service_centers_override(),
            what_went_wrong=what_went_wrong,
            case=case,
        )
    emailed = [e.on for e in store.events(sr.id) if e.kind == SERVICE_CENTER_EMAILED]
    if not emailed:
        raise UserError(
            _(
                "service request {id}: the service center has not been emailed yet; email it first and record "
                "the date with `companion sr update {id} --service-center-emailed YYYY-MM-DD`"
            ).format(id=sr.id)
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
        what_went_wrong=what_went_wrong,
        case=case,
    )


def calendar_for(store: Store, today: date | None = None) -> bytes:
    """An .ics of every open follow-up date."""
    from companion.export import calendar_ics
    from companion.followup import open_actions

    return calendar_ics(open_actions(follow_up_actions(store, today)))
