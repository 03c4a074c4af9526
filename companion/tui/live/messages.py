"""Messages the Live call's worker threads post to the screen (via ``post_message``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from companion.records import CapturedField
    from companion.session import NameNotice, ResultUpdate
    from companion.tui.live.dialogs import CallSummary


@dataclass
class PartialHeard(Message):
    """Words being spoken now; a newer partial replaces an older one still queued."""

    speaker: str | None
    text: str

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, PartialHeard) and message.speaker == self.speaker


@dataclass
class ResultCommitted(Message):
    """A final result is in the database."""

    update: ResultUpdate


@dataclass
class FieldsRevised(Message):
    """The extractor's last revisions (end of audio)."""

    fields: list[CapturedField] = field(default_factory=list)


@dataclass
class CaptureStatus(Message):
    """One line about the audio/model: severity is information, warning or error."""

    text: str
    severity: str = "information"
    manual: bool = False  # True: no recognition, the user types what they hear
    ended: bool = False
    state: str = ""  # a new capture state for the status bar (loading, listening, replaying)


@dataclass
class ModelMissing(Message):
    text: str


@dataclass
class FetchProgress(Message):
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, FetchProgress)


@dataclass
class FetchFinished(Message):
    path: str | None
    error: str | None


@dataclass
class CallFinished(Message):
    """The call is ended and saved."""

    summary: CallSummary


@dataclass
class NumberHeard(Message):
    """The digits-only recognizer read a doubtful number differently (a hint to check).

    ``fields`` are the captured fields that gained that reading as their alternative."""

    speaker: str | None
    free_text: str
    grammar_text: str
    fields: list[CapturedField] = field(default_factory=list)
    name: bool = False  # the name grammar's reading of a staff name (``NameAssist``), not a number
    own: bool = False  # one of the user's own numbers heard (``GrammarReading``): the fields took it


@dataclass
class NamesUnheard(Message):
    """The agent's names not heard clearly now (``CallSession.name_notices``), read on a
    worker after a name reading or the end of the audio."""

    notices: list[NameNotice] = field(default_factory=list)


@dataclass
class NameNoticeAnswered(Message):
    """A name notice taken or typed (``CallSession.accept_name_notice``, on a worker): the
    field saved, or the error that kept it from being saved; the notices after it."""

    notice_id: int
    saved: CapturedField | None
    error: str = ""
    notices: list[NameNotice] | None = None
