"""Where Call Companion keeps things. Every path comes from a function here.

``COMPANION_HOME`` (or ``--home DIR``, which sets it) overrides the platform data
directory, so tests and power users never touch the real data.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "call-companion"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir(create: bool = True) -> Path:
    """The private data directory (mode 0700 when we make it)."""
    override = os.environ.get("COMPANION_HOME")
    if override:
        path = Path(override).expanduser()
    else:
        from platformdirs import user_data_path

        path = user_data_path(APP_NAME, appauthor=False)
    if create:
        from companion.store.connection import prepare_folder, private_mode

        prepare_folder(path)  # one clear line for a file in its place or an unwritable parent
        private_mode(path, 0o700)  # group/other bits go; a 0500 the user chose stays 0500
    return path


def database_path() -> Path:
    return data_dir() / "calls.db"


def service_centers_path() -> Path:
    """User-editable copy of the service-center table (see companion/data)."""
    return data_dir() / "service_centers.json"


def user_models_dir() -> Path:
    return data_dir() / "models"


def checkout_models_dir() -> Path:
    """The ``models/`` folder beside the package in a source checkout."""
    return PROJECT_ROOT / "models"


def service_centers_override() -> Path | None:
    """The user's edited service-center table, if they made one."""
    path = service_centers_path()
    return path if path.exists() else None


def exports_dir() -> Path:
    """Where the app saves .eml and .ics files unless told otherwise (mode 0700)."""
    path = data_dir() / "exports"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
