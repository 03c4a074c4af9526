"""What the extractor hands out: entities and the changes to them while a call runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from companion.extract.priors import KnownValue

ADD, UPDATE, REMOVE = "add", "update", "remove"
Word = dict[str, Any]  # one Vosk word: {"word", "start", "end", "conf"}


@dataclass
class Entity:
    """One identifier heard on the call, normalised (``EAC2219050123``, ``A201553987``)."""

    kind: str
    value: str
    start: float
    end: float
    confidence: float  # 0..1: Vosk word confidence times how well the pattern fits
    text: str  # the spoken words it came from, space-joined
    words: list[Word] = field(default_factory=list)  # the Vosk word dicts it came from
    speaker: str | None = None
    key: int = 0  # stable within one extractor run: a revision keeps the same key
    prior: KnownValue | None = None  # the user's known value this one is a mishearing of

    def to_dict(self, words: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "kind": self.kind,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "confidence": self.confidence,
            "text": self.text,
            "speaker": self.speaker,
            "key": self.key,
        }
        if self.prior is not None:
            d["matches"] = {"value": self.prior.value, "label": self.prior.label}
        if words:
            d["words"] = [dict(w) for w in self.words]
        return d


@dataclass
class EntityUpdate:
    """``add`` a new entity, ``update`` one (same key) or ``remove`` it."""

    action: str
    entity: Entity
    # an update a correction cue made ("sorry let me repeat that …"): the number said again
    # in its corrected form, which replaces the field's value whoever read it before
    corrected: bool = False
