"""Which language the app speaks for one run (issue 12).

The CLI asks before every command, ``--help`` included, so this stays light: it reads the
profile's language straight from the database file, read-only, without opening the store
(nothing is created or migrated by asking). Plain Python, no Textual.

The rule, for the app's words (not the call's: ``--lang`` always sets what the extractor
hears, see ``workflows.call_language``):

1. the language the user chose in their profile (a Spanish speaker who phones the English
   line still reads Spanish; an English reader helping a relative on the Spanish line
   still reads English);
2. else the call's language given with ``--lang`` on ``live``, ``extract``,
   ``transcribe`` or ``import-call`` (someone who types ``--lang es`` and never chose a
   language expects Spanish);
3. else the system locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``);
4. else English.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from companion import i18n
from companion.errors import UserError
from companion.i18n import DEFAULT_LANGUAGE, normalize, set_language


def profile_choice() -> str:
    """The language the user chose in their profile ("en" | "es"), or "" when they never
    chose one, there is no database yet, or it cannot be read."""
    from companion.locations import data_dir

    try:
        path = data_dir(create=False) / "calls.db"
        if not path.is_file():
            return ""
        # as the store identifies a file (store.connection.connect(probe=True)), without
        # importing the store (sqlite-utils: most of a --help's time): immutable unless a
        # -wal is there, so asking leaves no -wal or -shm beside any database
        immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
        conn = sqlite3.connect(f"file:{quote(os.fsencode(path))}?mode=ro{immutable}", uri=True, timeout=1.0)
        try:
            row = conn.execute("select language from profile where id = 1").fetchone()
        finally:
            conn.close()
    except (OSError, sqlite3.Error, UserError):  # an older schema, a locked or foreign file: no choice
        return ""
    return normalize(str(row[0] or "")) if row else ""


def ui_language(call_language: str | None = None) -> str:
    """The language of the app's words for this run (the rule above)."""
    return profile_choice() or normalize(call_language) or i18n.system_language() or DEFAULT_LANGUAGE


def speak(call_language: str | None = None) -> str:
    """Switch the app's words to ``ui_language(call_language)``; returns it."""
    return set_language(ui_language(call_language))
