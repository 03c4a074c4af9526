"""Spoken identifiers: staff names and IDs, referral, receipt and A-numbers from Vosk words.

``StreamingExtractor`` takes one Vosk final result at a time (the live call) and reports
what changed; ``extract`` runs it over a whole transcript; ``read_transcript`` loads a
``.jsonl`` file of results. A ``Language`` (``ENGLISH`` by default) holds every word it
knows; ``KnownValue``s are the user's own numbers, offered when misheard. Pure Python: no
vosk, no Textual. Maintainer notes: ``companion/extract/README.md``.
"""

from companion.extract.entity import ADD, REMOVE, UPDATE, Entity, EntityUpdate
from companion.extract.lang import Language
from companion.extract.lang.en import ENGLISH
from companion.extract.priors import KnownValue, known_from_cases
from companion.extract.stream import StreamingExtractor, extract
from companion.extract.transcript import TranscriptError, read_transcript

__all__ = [
    "ADD",
    "ENGLISH",
    "REMOVE",
    "UPDATE",
    "Entity",
    "EntityUpdate",
    "KnownValue",
    "Language",
    "StreamingExtractor",
    "TranscriptError",
    "extract",
    "known_from_cases",
    "read_transcript",
]
