"""Call Companion: sits beside a person on a call to the USCIS Contact Center (NCSC).

Packages follow the path the data takes: ``audio`` (sources of PCM) → ``asr`` (Vosk) →
``extract`` (spoken identifiers) → ``store`` (SQLite) → ``followup`` (deadline rules) →
``export`` (emails, calendar). ``cli`` and ``tui`` are thin layers over them.
"""

__version__ = "0.1.0"
