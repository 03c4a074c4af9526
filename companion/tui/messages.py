"""App-wide messages: what one screen or worker tells the rest of the app.

Each is a ``@dataclass`` ``Message`` so workers can ``post_message`` them from a thread
without waiting for the UI. A widget's own messages live inside that widget's class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from companion.records import CapturedField, Utterance


@dataclass
class StoreChanged(Message):
    """Something was written to the store (a field, an event, a case): lists go stale."""

    what: str = ""


@dataclass
class SearchFinished(Message):
    """A full-text search worker finished; ``rows`` are ``Store.search`` dicts."""

    query: str
    rows: list[dict[str, Any]]


@dataclass
class SearchFailed(Message):
    """A search worker hit an error the user can read (a one-line message)."""

    query: str
    error: str


@dataclass
class TranscriptLoaded(Message):
    """A review worker read a call's utterances and fields off the UI thread."""

    call_id: int
    utterances: list[Utterance]
    fields: list[CapturedField]


@dataclass
class RecordsChanged(Message):
    """A deletion or an undo ran in a worker: ``entry`` (a ``DeletedEntry``, ``None`` when
    there was nothing to undo) or the one-line ``error``; ``then`` runs on the UI thread."""

    action: str  # "deleted" or "restored"
    entry: Any = None
    error: str = ""
    then: Callable[[], None] | None = None
