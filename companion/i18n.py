"""The app's words in the user's language: standard-library gettext, English by default.

Translations live in ``companion/locale/<lang>/LC_MESSAGES/companion.po`` — the ``.po``
source is the only file committed and shipped (``package-data``). It is compiled in memory
to the ``.mo`` form the first time a language is used and read by ``gettext.GNUTranslations``,
so a fresh clone installed with ``pip install -e`` needs no build step and no ``msgfmt``,
and the catalogue can never be stale against its source.

The language is the profile's (``Profile.language``), else the system locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG``: the first one set; ``es…`` means Spanish), else English. It can be
switched at run time (the first-run form and Prepare do): ``_()`` reads the current
catalogue on every call, so text built after a switch is in the new language. Strings
defined at import time (binding labels, table headings) are marked with ``N_()`` and passed
through ``_()`` where they are shown.

Plain Python: domain display modules (``guide``, ``followup``) may use it; no Textual here.
"""

from __future__ import annotations

import ast
import gettext
import io
import os
import struct
from datetime import date, datetime, time
from functools import cache
from pathlib import Path

DOMAIN = "companion"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "en"
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
LANGUAGE_LABEL = "Language / Idioma"  # in every language at once: the way to switch must be found in any

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it (translated where shown)."""
    return message


def _(message: str) -> str:
    """``message`` in the current language (itself when there is no translation)."""
    return _current.gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the current language."""
    return _current.ngettext(singular, plural, n)


WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MONTHS = (
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
)


def weekday_name(day: date) -> str:
    """``Tue`` / ``mar.``: strftime's ``%a`` follows the C locale, not the app's language."""
    return _(WEEKDAYS[day.weekday()])


def month_name(day: date) -> str:
    return _(MONTHS[day.month - 1])


def clock_time(moment: datetime | time, *, hour24: bool = False) -> str:
    """A time of day as a reader of the current language writes it: ``8:00 PM`` in English,
    ``20:00`` / ``8:00`` in Spanish (24-hour, as Spanish-speaking countries write times; no
    "p. m." to misread). ``hour24`` is for lists that align times in columns (``08:05``), the
    same in both languages. One helper, so no screen writes "PM" in Spanish."""
    if hour24:
        return f"{moment.hour:02d}:{moment.minute:02d}"
    if _language != DEFAULT_LANGUAGE:
        return f"{moment.hour}:{moment.minute:02d}"
    return f"{moment.hour % 12 or 12}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def current_language() -> str:
    return _language


def normalize(code: str | None) -> str:
    """``"es_US.UTF-8"`` → ``"es"``; anything not translated → ``""``."""
    base = (code or "").strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return base if base in LANGUAGES else ""


def system_language(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """The language the system locale asks for (``""`` when none we have)."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return normalize(value)
    return ""


def choose_language(profile_language: str | None, environ: dict[str, str] | None = None) -> str:
    """The profile's language, else the system locale's, else English."""
    return normalize(profile_language) or system_language(environ) or DEFAULT_LANGUAGE


def set_language(code: str | None) -> str:
    """Switch every later ``_()`` to ``code`` (unknown codes mean English); returns it."""
    global _current, _language
    language = normalize(code) or DEFAULT_LANGUAGE
    _current = gettext.NullTranslations() if language == DEFAULT_LANGUAGE else _load(language)
    _language = language
    return language


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _load(language: str) -> gettext.NullTranslations:
    path = po_path(language)
    try:
        entries = parse_po(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, SyntaxError):
        return gettext.NullTranslations()  # a missing or damaged catalogue: English, never a crash
    return gettext.GNUTranslations(io.BytesIO(compile_mo(entries)))


def parse_po(text: str) -> dict[str, str]:
    """``msgid`` → ``msgstr`` of a ``.po`` file (plural entries keyed ``singular\\0plural``,
    forms joined by ``\\0``, as in ``.mo``). Untranslated and fuzzy entries are left out."""
    entries: dict[str, str] = {}
    fields: dict[str, list[str]] = {}
    key = ""
    fuzzy = False

    def flush() -> None:
        nonlocal fuzzy
        if "msgid" in fields:
            msgid = "".join(fields["msgid"])
            if "msgid_plural" in fields:
                msgid += "\0" + "".join(fields["msgid_plural"])
                forms = [("".join(v)) for k, v in sorted(fields.items()) if k.startswith("msgstr[")]
                msgstr = "\0".join(forms)
                complete = all(forms)
            else:
                msgstr = "".join(fields.get("msgstr", []))
                complete = bool(msgstr)
            if complete and (not fuzzy or msgid == ""):
                entries[msgid] = msgstr
        fields.clear()
        fuzzy = False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                if "msgid" in fields:
                    flush()
                fuzzy = True
            continue
        if line.startswith('"'):
            fields.setdefault(key, []).append(ast.literal_eval(line))
            continue
        keyword, _sep, rest = line.partition(" ")
        if keyword == "msgid" and "msgid" in fields:
            flush()
        key = keyword
        fields[key] = [ast.literal_eval(rest.strip())]
    flush()
    return entries


def compile_mo(entries: dict[str, str]) -> bytes:
    """The GNU ``.mo`` bytes for ``entries`` (what ``msgfmt`` writes)."""
    keys = sorted(entries)
    ids = b""
    strs = b""
    offsets: list[tuple[int, int, int, int]] = []
    for key in keys:
        k = key.encode("utf-8")
        v = entries[key].encode("utf-8")
        offsets.append((len(ids), len(k), len(strs), len(v)))
        ids += k + b"\0"
        strs += v + b"\0"
    count = len(keys)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + len(ids)
    table: list[int] = []
    for id_off, id_len, _s, _l in offsets:
        table += [id_len, id_off + key_start]
    for _i, _il, str_off, str_len in offsets:
        table += [str_len, str_off + value_start]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    return header + struct.pack(f"{len(table)}i", *table) + ids + strs
