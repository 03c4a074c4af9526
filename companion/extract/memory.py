"""The entity memory: every entity heard so far, and how a new reading relates to them.

One component changes entities, whatever the reading: ``observe`` (a whole value: a repeat
makes it surer, a read-back a digit off folds into the number it repeats, a correction
revises, anything else is new), ``fix_tail`` / ``fix_swapped_tail`` / ``swap_last_digit``
(the end of a number said again: "no it's four oh three at the end", "a zero not an eight
… zero eight one", "the last digit is a four not a one"), ``revise`` (a number extended or
restarted, a name completed) and ``decide`` (the user's confirm / reject / edit: a decided
entity is never revised or removed; a different later reading is added beside it).

It reads the dialogue state (who is speaking, which result this is, the form named last,
when something was denied) and records there the entity spoken of last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from companion.extract.entity import ADD, REMOVE, UPDATE, Entity, EntityUpdate, Word
from companion.kinds import SPECS, Status
from companion.records import RECEIPT_NUMBER, STAFF_NAME

if TYPE_CHECKING:
    from companion.extract.stream import DialogueState

CORRECTION_WINDOW = 90.0  # a correction revises an entity at most this old (seconds)
READBACK_WINDOW = 300.0  # a read-back folds into an entity at most this old


def word_conf(words: list[Word]) -> float:
    """How sure Vosk was of ``words``: mean and minimum word confidence blended."""
    if not words:
        return 0.5
    confs = [float(w.get("conf", 1.0)) for w in words]
    return 0.6 * (sum(confs) / len(confs)) + 0.4 * min(confs)


class EntityMemory:
    """The call's entities by key, what is known about each, and the user's decisions."""

    def __init__(self, dialogue: DialogueState, form_results: int) -> None:
        self.d = dialogue
        self.form_results = form_results  # a form named this many results back still applies
        self.entities: dict[int, Entity] = {}
        self.next_key = 1
        self.roles: dict[int, str | None] = {}  # entity key -> side that first said it
        self.added_at: dict[int, int] = {}  # entity key -> index of the result that added it
        self.new_items: set[int] = set()  # keys of entities announced as a new number
        self.forms: dict[int, str | None] = {}  # receipt key -> the form named just before it
        self.decided: dict[int, Status] = {}  # entity key -> the user's decision
        self.spelled_names: set[int] = set()  # staff names spelled letter by letter

    def decide(self, key: int, status: str, value: str | None = None) -> list[EntityUpdate]:
        """The user's decision on entity ``key``: confirmed, rejected, or edited to ``value``
        (which confirms it). A decided entity is never revised again: a later reading that
        differs from it (a correction, a read-back a digit off) becomes a new entity beside
        it, and a rejected value never absorbs one."""
        ent = self.entities.get(key)
        if ent is None:
            return []
        self.decided[key] = Status(status) if value is None else Status.CONFIRMED
        if value is not None and value != ent.value:
            ent.value = value
            ent.confidence = 1.0
            return [EntityUpdate(UPDATE, ent)]
        return []

    def locked(self, ent: Entity) -> bool:
        return ent.key in self.decided

    def remove(self, ent: Entity, updates: list[EntityUpdate]) -> bool:
        """Drop ``ent`` (a misread folded into another); a decided entity stays."""
        if self.locked(ent):
            return False
        del self.entities[ent.key]
        updates.append(EntityUpdate(REMOVE, ent))
        return True

    def set_value(self, ent: Entity, value: str, rwords: list[Word], updates: list[EntityUpdate]) -> int:
        """``ent`` now reads ``value`` (a tail fixed, a digit swapped); the key holding it.
        A decided entity keeps its value: the new reading is offered beside it."""
        if self.locked(ent):
            return self.beside(ent, value, rwords or ent.words, ent.confidence, updates)
        ent.value = value
        updates.append(EntityUpdate(UPDATE, ent))
        return ent.key

    def beside(self, ent: Entity, value: str, rwords: list[Word], conf: float, updates: list[EntityUpdate]) -> int:
        """A new entity of ``ent``'s kind holding ``value`` (or the one that already does)."""
        for other in self.entities.values():
            if other.kind == ent.kind and other.value == value:
                return other.key
        new = Entity(
            kind=ent.kind, value=value, start=float(rwords[0]["start"]), end=float(rwords[-1]["end"]),
            confidence=round(conf, 3), text=" ".join(w["word"] for w in rwords), words=[dict(w) for w in rwords],
            speaker=ent.speaker, key=self.next_key,
        )
        self.next_key += 1
        self.entities[new.key] = new
        self.roles[new.key] = self.d.role
        self.added_at[new.key] = self.d.index
        updates.append(EntityUpdate(ADD, new))
        return new.key


    def fix_swapped_tail(
        self, tail: str, fixes: set[tuple[str, str]], t0: float, rwords: list[Word], updates: list[EntityUpdate]
    ) -> bool:
        """Digits after a swap ("a zero not an eight · zero eight one at the end") that
        restate the tail of a recent number, ``fixes`` (heard, meant) allowed: fix that
        number's tail. True if there was such a number (fixed, or already right)."""
        best = None
        for ent in self.entities.values():
            if ent.kind == STAFF_NAME or len(ent.value) <= len(tail) or t0 - ent.end > CORRECTION_WINDOW:
                continue
            old = ent.value[-len(tail) :]
            if all(a == b or (a, b) in fixes for a, b in zip(old, tail)) and (best is None or ent.end > best.end):
                best = ent
        if best is not None:
            key = best.key
            if not best.value.endswith(tail):
                value = best.value[: -len(tail)] + tail
                if not self.locked(best):
                    for other in list(self.entities.values()):
                        if other.key != best.key and other.kind == best.kind and other.value == value:
                            self.remove(other, updates)  # the right reading was heard too
                    best.confidence = round(min(1.0, best.confidence + 0.05), 3)
                key = self.set_value(best, value, rwords, updates)
            self.d.last_key = key
            return True
        return False

    def fix_tail(
        self, tail: str, t0: float, rwords: list[Word], correction: bool, updates: list[EntityUpdate], denied: bool = False
    ) -> bool:
        """A tail said again ("no it's four oh three at the end"): fix the end of the most
        recent number it fits (one or two characters apart; one alone only after a
        correction cue). A misread read-back fixed to a number already heard folds into it.
        With no correction cue and no "no" (``denied``), a tail a recent number already has
        is that number's end said again ("so they end in three four and three five"), never
        a fix of another one.
        True if ``tail`` was such a tail."""
        if not tail.isalnum() or len(tail) > 6:
            return False
        recent = sorted(
            (e for e in self.entities.values()
             if e.kind != STAFF_NAME and len(e.value) > len(tail) + 1 and t0 - e.end <= CORRECTION_WINDOW),
            key=lambda e: e.end,
            reverse=True,
        )
        if not (correction or denied):
            said = next((e for e in recent if e.value.endswith(tail)), None)
            if said is not None:
                self.d.last_key = said.key
                return True
        for ent in recent:
            old = ent.value[-len(tail) :]
            if any(a.isdigit() and not b.isdigit() for a, b in zip(old, tail)):
                continue  # "… one nine two eight" / "sorry … a g twenty eight": no digit is a letter
            diff = sum(a != b for a, b in zip(old, tail))
            if diff == 0:
                self.d.last_key = ent.key
                return True
            if diff <= 2 and (diff < len(tail) or correction):
                value = ent.value[: -len(tail)] + tail
                twin = next(
                    (o for o in self.entities.values() if o.key != ent.key and o.kind == ent.kind and o.value == value),
                    None,
                )
                if twin is not None:
                    # the misread read-back, fixed, is the number heard first
                    self.remove(ent, updates)
                    self.merge(twin, rwords, updates)
                    self.d.last_key = twin.key
                else:
                    self.d.last_key = self.set_value(ent, value, rwords, updates)
                return True
        return False

    def swap_last_digit(self, old: str, new: str, t0: float, updates: list[EntityUpdate]) -> None:
        """"the last digit is a four not a one": a one-character tail, swapped."""
        self.fix_swapped_tail(new, {(old, new)}, t0, [], updates)

    def merge(self, ent: Entity, rwords: list[Word], updates: list[EntityUpdate]) -> None:
        """A second hearing of ``ent``: it gets surer."""
        c2 = word_conf(rwords)
        new = round(min(1.0, 1 - (1 - ent.confidence) * (1 - 0.5 * c2)), 3)
        if new > ent.confidence + 1e-9:
            ent.confidence = new
            updates.append(EntityUpdate(UPDATE, ent))

    def similar(self, kind: str, value: str, start: float) -> Entity | None:
        for ent in self.entities.values():
            if ent.kind != kind or len(ent.value) != len(value) or start - ent.end > READBACK_WINDOW:
                continue
            diff = sum(a != b for a, b in zip(ent.value, value))
            limit = SPECS[kind].same_number
            if 0 < diff <= limit and len(value) >= 7:
                return ent
        return None


    def observe(
        self,
        kind: str,
        value: str,
        fit: float,
        rwords: list[Word],
        speaker: str | None,
        correction: bool,
        updates: list[EntityUpdate],
        new_item: bool = False,
        echo: bool = False,
        nth: int | None = None,
    ) -> int | None:
        """A whole value heard: the entity it is (its key), or None when the registry's rule
        refuses it. The same value again is a repeat (surer); after a correction cue it
        revises the latest (or the ``nth``) of its kind; a digit or two off one heard before
        is that one misheard, unless announced as new (``new_item``), another form's, or the
        same side's receipt with nothing saying it is read back (``echo``); else a new one."""
        if SPECS[kind].valid(value) is None:
            return None  # the registry's rule: what the store would refuse is never offered
        start, end = float(rwords[0]["start"]), float(rwords[-1]["end"])
        conf = round(max(0.0, min(1.0, word_conf(rwords) * fit)), 3)
        for ent in self.entities.values():
            if ent.kind == kind and ent.value == value:
                self.drop_misread(ent, start, correction, updates)
                self.merge(ent, rwords, updates)
                self.d.last_key = ent.key
                return ent.key
        letters = sum(c.isalpha() for c in value)
        if correction and SPECS[kind].shape.letters_fit < 1.0 and letters > len(value) - letters:
            # a kind of mostly digits (``Shape.letters_fit``: a staff ID) revised into more letters
            # than digits: "it should be s i o b h a n but they wrote s h i v o n", its "n" heard
            # "one", is a name spelled out, no correction of the staff ID heard before
            return None
        if correction:
            target = self.latest(kind, start)
            if target is not None and nth is not None:
                same = sorted((e for e in self.entities.values() if e.kind == kind), key=lambda e: e.start)
                if nth < len(same):
                    target = same[nth]  # "sorry the first one is …"
            if target is not None:
                key = self.revise(target.key, value, fit, rwords, updates, conf=conf, corrected=True)
                self.d.last_key = key
                return key
        twin = None if new_item else self.similar(kind, value, start)
        form = self.d.form if self.d.index - self.d.form_at <= self.form_results else None
        if twin is not None and kind == RECEIPT_NUMBER and form is not None and self.forms.get(twin.key) != form:
            # "… one four" / "and the i seven sixty five" / "… one five": a receipt asked for or
            # announced under another form than the close one before is another number
            twin, new_item = None, True
        if twin is not None and kind == RECEIPT_NUMBER and not echo and self.roles.get(twin.key) == self.d.role:
            # the same side saying a receipt a digit or two apart, with nothing saying it is a
            # read-back or a repeat: forms filed together get consecutive receipt numbers
            twin = None
        if twin is not None and self.locked(twin):
            twin = None  # the user decided on it: a reading a digit off is offered beside it
        if twin is not None:
            # the same number heard twice with a digit apart: keep the surer hearing
            if conf > twin.confidence:
                self.revise(twin.key, value, fit, rwords, updates, conf=round(conf * 0.9, 3))
            else:
                twin.confidence = round(twin.confidence * 0.9, 3)
                updates.append(EntityUpdate(UPDATE, twin))
            self.d.last_key = twin.key
            return twin.key
        ent = Entity(
            kind=kind,
            value=value,
            start=start,
            end=end,
            confidence=conf,
            text=" ".join(w["word"] for w in rwords),
            words=[dict(w) for w in rwords],
            speaker=speaker,
            key=self.next_key,
        )
        self.next_key += 1
        self.entities[ent.key] = ent
        self.roles[ent.key] = self.d.role
        self.added_at[ent.key] = self.d.index
        if new_item:
            self.new_items.add(ent.key)
        if kind == RECEIPT_NUMBER:
            self.forms[ent.key] = form
        self.d.last_key = ent.key
        updates.append(EntityUpdate(ADD, ent))
        return ent.key

    def drop_misread(self, ent: Entity, start: float, correction: bool, updates: list[EntityUpdate]) -> None:
        """``ent`` heard again after a correction cue or a "no": the latest number of its kind,
        a digit or two off it and not announced as a new one, was a misread read-back of it
        ("i o e … oh eight" / "no it's …" / "i o e … oh three"), so it goes."""
        misread = self.latest(ent.kind, start)
        if misread is None or misread.key == ent.key or misread.key in self.new_items:
            return
        if not (correction or self.added_at.get(misread.key, self.d.index) < self.d.denied_at):
            return
        if len(misread.value) != len(ent.value) or misread.start <= ent.start:
            return
        diff = sum(a != b for a, b in zip(misread.value, ent.value))
        if 0 < diff <= 2:
            self.remove(misread, updates)

    def latest(self, kind: str, before: float) -> Entity | None:
        best = None
        for ent in self.entities.values():
            if ent.kind == kind and before - ent.end <= CORRECTION_WINDOW and (best is None or ent.start > best.start):
                best = ent
        return best

    def revise(
        self, key: int, value: str, fit: float, rwords: list[Word], updates: list[EntityUpdate], conf: float | None = None,
        corrected: bool = False,
    ) -> int:
        """Entity ``key`` now reads ``value`` from ``rwords``; the key that holds it (a new
        one beside a decided entity, which keeps its value). ``corrected``: a correction cue
        made the reading (``EntityUpdate.corrected``)."""
        ent = self.entities[key]
        if conf is None:
            conf = round(max(0.0, min(1.0, word_conf(rwords) * fit)), 3)
        if self.locked(ent):
            return key if value == ent.value else self.beside(ent, value, rwords, conf, updates)
        # another entity already holding this value (a readback) is folded in
        for other in list(self.entities.values()):
            if other.key != key and other.kind == ent.kind and other.value == value:
                if self.locked(other):
                    return other.key  # the user already decided on that reading
                self.remove(other, updates)
        ent.value = value
        ent.start, ent.end = float(rwords[0]["start"]), float(rwords[-1]["end"])
        ent.text = " ".join(w["word"] for w in rwords)
        ent.words = [dict(w) for w in rwords]
        ent.confidence = conf
        updates.append(EntityUpdate(UPDATE, ent, corrected=corrected))
        return key

