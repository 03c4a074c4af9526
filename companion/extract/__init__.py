"""Spoken identifiers: staff names and IDs, referral, receipt and A-numbers from Vosk words.

``StreamingExtractor`` takes one Vosk final result at a time (the live call) and reports
what changed; ``extract`` runs it over a whole transcript; ``read_transcript`` loads a
``.jsonl`` file of results. Pure Python: no vosk, no Textual.
"""

from companion.extract.entity import ADD, REMOVE, UPDATE, Entity, EntityUpdate
from companion.extract.stream import StreamingExtractor, extract
from companion.extract.transcript import TranscriptError, read_transcript

__all__ = [
    "ADD",
    "REMOVE",
    "UPDATE",
    "Entity",
    "EntityUpdate",
    "StreamingExtractor",
    "TranscriptError",
    "extract",
    "read_transcript",
]
