"""The identifiers of an NCSC call, their written forms, and the service-center table.

Pure functions: each ``parse_*`` returns the normalised value or raises ``UserError``
naming the field and the expected form. Extraction (spoken words) lives in
``companion.extract``; this module is about the written form both share.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from companion.errors import UserError, invalid
from companion.i18n import N_, _

NCSC_PHONE_DISPLAY = "1-800-375-5283"
# The Contact Center's own numbers a caller hears read out: the 800 line, and the number
# Tier 2 calls back from (docs: 2022 guidance, 202-838-2200). Never a referral or an ID.
NCSC_PHONES = frozenset({"8003755283", "18003755283", "2028382200"})
SCOPS_EMAIL = "SCOPSSCATA@dhs.gov"
OMBUDSMAN_EMAIL_DEFAULT = "cisombudsman@dhs.gov"

RECEIPT_FORM = N_("3 letters and 10 digits, e.g. IOE0912345678")
A_NUMBER_FORM = N_("A followed by 8 or 9 digits, e.g. A012345678")
PHONE_FORM = N_("a US phone number with 10 digits, e.g. 555-123-4567")
DATE_FORM = N_("a date as YYYY-MM-DD")
DATETIME_FORM = N_("an ISO 8601 date and time, e.g. 2026-03-02T14:05-05:00")

_RECEIPT_RE = re.compile(r"^[A-Z]{3}[0-9]{10}$")
_A_RE = re.compile(r"^A?([0-9]{8,9})$")

US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE "
    "NV NH NJ NM NY NC ND OH OK OR PA PR RI SC SD TN TX UT VT VA WA WV WI WY GU VI AS MP".split()
)
# States usually listed as requiring every party's consent to record (domain.md).
ALL_PARTY_CONSENT_STATES = frozenset("CA DE FL IL MD MA MT NV NH PA WA CT".split())
MIXED_CONSENT_STATES = frozenset("MI OR".split())


@dataclass(frozen=True)
class ServiceCenter:
    code: str
    name: str
    followup_email: str | None


MAX_TABLE_BYTES = 1 << 20  # the built-in table is 3 KB


def _read_small_file(path: Path, limit: int) -> bytes:
    """The bytes of a user-edited file, which must be a regular file of at most ``limit``
    bytes: a FIFO or a device put in its place would block or never end (opened
    non-blocking, checked, then read)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit // 1024} KB", str(path))
    return data


def _load_table(path: Path | None) -> dict[str, Any]:
    if path is not None and path.exists():
        fix = _("fix it, or delete it to use the built-in table")
        try:
            table: object = json.loads(_read_small_file(path, MAX_TABLE_BYTES).decode("utf-8-sig"))
        except json.JSONDecodeError as exc:
            raise UserError(
                _("service centers: {path} is not valid JSON (line {line}, column {column}: {reason}); {fix}").format(
                    path=path, line=exc.lineno, column=exc.colno, reason=exc.msg, fix=fix
                ),
                field="service centers",
            ) from None
        except (OSError, UnicodeDecodeError, RecursionError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            raise UserError(
                _("service centers: cannot read {path} ({reason}); {fix}").format(path=path, reason=reason, fix=fix),
                field="service centers",
            ) from None
        problem = _table_problem(table)
        if problem:
            raise UserError(
                _("service centers: {path}: {problem}; {fix}").format(path=path, problem=problem, fix=fix),
                field="service centers",
            )
        assert isinstance(table, dict)  # _table_problem checked it
        return table
    builtin: dict[str, Any] = json.loads(
        resources.files("companion.data").joinpath("service_centers.json").read_text("utf-8")
    )
    return builtin


def _table_problem(table: object) -> str | None:
    """What is wrong with an edited service-center table, or None."""
    if not isinstance(table, dict):
        return _('expected a JSON object with "prefixes" and "service_centers"')
    prefixes, centers = table.get("prefixes"), table.get("service_centers")
    if not isinstance(prefixes, dict) or not isinstance(centers, dict):
        return _('expected "prefixes" and "service_centers" objects')
    for code, entry in centers.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            return _('service center {code!r} needs a "name" string').format(code=code)
        email = entry.get("followup_email")
        if email is not None and (not isinstance(email, str) or not _EMAIL_RE.match(email)):
            return _('service center {code!r}: "followup_email" {email!r} is not an email address').format(
                code=code, email=email
            )
    for prefix, code in prefixes.items():
        if not isinstance(prefix, str) or not re.fullmatch(r"[A-Za-z]{3}", prefix):
            return _("prefix {prefix!r} is not three letters").format(prefix=prefix)
        if not isinstance(code, str) or code not in centers:
            return _('prefix {prefix!r} names {code!r}, which is not in "service_centers"').format(prefix=prefix, code=code)
    return None


_EMAIL_RE = re.compile(r"^[^@\s<>,;:\"]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$", re.ASCII)


def ascii_form(value: str) -> str:
    """``value`` with compatibility characters folded (NFKC: full-width ``１`` → ``1``) and
    every Unicode decimal digit written as an ASCII digit. Callers refuse what is still
    not ASCII, so an identifier is never stored as typed in another script."""
    folded = unicodedata.normalize("NFKC", value or "")
    if folded.isascii():
        return folded
    out = []
    for ch in folded:
        digit = None if ch.isascii() else unicodedata.decimal(ch, None)
        out.append(str(digit) if digit is not None else ch)
    return "".join(out)


@lru_cache(maxsize=8)
def service_center_table(path: Path | None = None) -> dict[str, Any]:
    """The prefix → service-center table; a user copy at ``path`` wins over the default."""
    return _load_table(path)


def known_receipt_prefixes(path: Path | None = None) -> frozenset[str]:
    return frozenset(service_center_table(path)["prefixes"])


def prefix_misheard(heard: str, known: str, prefixes: Iterable[str]) -> bool:
    """Whether receipt ``heard`` is receipt ``known`` with its prefix misheard: the same ten
    digits, ``heard`` under a prefix no service center issues ("WYC…" for WAC…), ``known``
    under one that does (``prefixes``)."""
    prefixes = frozenset(prefixes)
    return (len(heard) == len(known) == 13 and heard[3:] == known[3:]
            and heard[:3] not in prefixes and known[:3] in prefixes)


def service_center_for_receipt(receipt: str, path: Path | None = None) -> ServiceCenter | None:
    """The service center that issued ``receipt`` (by its prefix), or None if unknown."""
    table = service_center_table(path)
    code = table["prefixes"].get(receipt[:3].upper())
    if code is None:
        return None
    entry = table["service_centers"][code]
    return ServiceCenter(code=code, name=entry["name"], followup_email=entry.get("followup_email"))


def parse_receipt(value: str, field: str = N_("receipt number")) -> str:
    norm = re.sub(r"[\s-]", "", ascii_form(value))
    norm = norm.upper() if norm.isascii() else norm  # "ı".upper() is "I": fold only ASCII
    if not _RECEIPT_RE.match(norm):
        raise invalid(field, value, RECEIPT_FORM)
    return norm


def parse_a_number(value: str, field: str = N_("A-number")) -> str:
    """``A12345678`` → ``A012345678`` (zero-padded to nine digits)."""
    norm = re.sub(r"[\s-]", "", ascii_form(value))
    norm = norm.upper() if norm.isascii() else norm
    m = _A_RE.match(norm)
    if not m:
        raise invalid(field, value, A_NUMBER_FORM)
    return "A" + m.group(1).zfill(9)


def parse_phone(value: str, field: str = N_("phone number")) -> str:
    """A US number in E.164 (``+15551234567``)."""
    digits = re.sub(r"[\s().+-]", "", ascii_form(value))
    if not (digits.isascii() and digits.isdigit()):
        raise invalid(field, value, PHONE_FORM)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01":
        raise invalid(field, value, PHONE_FORM)
    return "+1" + digits


def format_phone(e164: str | None) -> str:
    if not e164:
        return ""
    d = e164[-10:]
    return f"{d[:3]}-{d[3:6]}-{d[6:]}" if len(d) == 10 and d.isdigit() else e164


# Dates the app can reason about: follow-up rules add weeks to them, so the far ends of
# ``date`` (year 1, 9999) would overflow; nothing about a USCIS case is outside these.
MIN_YEAR, MAX_YEAR = 1900, 2200


def parse_date(value: str, field: str = N_("date")) -> date:
    try:
        d = date.fromisoformat(ascii_form(value).strip())
    except (ValueError, TypeError):
        raise invalid(field, value, DATE_FORM) from None
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise invalid(field, value, _("{form} between {first} and {last}").format(form=_(DATE_FORM), first=MIN_YEAR, last=MAX_YEAR))
    return d


def parse_datetime(value: str, tz: ZoneInfo | None = None, field: str = N_("date and time")) -> datetime:
    """An aware datetime; a naive value is taken in ``tz`` (the user's zone)."""
    try:
        dt = datetime.fromisoformat(ascii_form(value).strip())
    except (ValueError, TypeError):
        raise invalid(field, value, DATETIME_FORM) from None
    if not MIN_YEAR <= dt.year <= MAX_YEAR:
        raise invalid(field, value, _("{form}, between {first} and {last}").format(form=_(DATETIME_FORM), first=MIN_YEAR, last=MAX_YEAR))
    if dt.tzinfo is None:
        if tz is None:
            raise invalid(field, value, _("{form} with a time zone offset").format(form=_(DATETIME_FORM)))
        dt = dt.replace(tzinfo=tz)
    return dt


TIMEZONE_FORM = N_("an IANA time zone name, e.g. America/New_York")
# Names zoneinfo opens that are not a place: ``localtime`` follows whatever this computer
# is set to later, ``posixrules`` is a template (New York on most systems), ``Factory`` has
# no offset at all, ``right/…`` counts leap seconds and ``posix/…`` duplicates the zones.
_NOT_A_PLACE = frozenset({"localtime", "posixrules", "factory"})


def parse_timezone(value: str, field: str = N_("time zone")) -> ZoneInfo:
    """An IANA zone. ``America`` (a folder of zones) and paths are refused, not crashed on."""
    name = (value or "").strip()
    if (
        not name
        or not name.isascii()
        or name.startswith(("/", ".", "right/", "posix/"))
        or ".." in name
        or name.lower() in _NOT_A_PLACE
    ):
        raise invalid(field, value, TIMEZONE_FORM)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise invalid(field, value, TIMEZONE_FORM) from None


LANGUAGES = ("en", "es")


def parse_language(value: str, field: str = N_("language")) -> str:
    """The language of the calls and the app: ``en`` or ``es`` (any case, spaces trimmed)."""
    code = (value or "").strip().lower()
    if code not in LANGUAGES:
        raise invalid(field, value, N_("en (English) or es (Spanish)"))
    return code


EMAIL_FORM = N_("one email address, e.g. cisombudsman@dhs.gov")


def parse_email(value: str, field: str = N_("email address")) -> str:
    """One plain address (``name@example.org``), checked by ``email.headerregistry``.

    Refused: anything that is not exactly one ASCII ``local@domain.tld`` (display names,
    lists, quoted local parts, control characters, CR/LF that would inject a header).
    """
    from email.errors import HeaderParseError
    from email.headerregistry import Address

    text = (value or "").strip()
    if not text or len(text) > 254 or not text.isascii() or not text.isprintable() or " " in text:
        raise invalid(field, value, EMAIL_FORM)
    try:
        address = Address(addr_spec=text)
    except (ValueError, TypeError, IndexError, HeaderParseError):
        raise invalid(field, value, EMAIL_FORM) from None
    if (
        address.addr_spec != text
        or not re.fullmatch(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+", address.username)
        or not re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", address.domain)
    ):
        raise invalid(field, value, EMAIL_FORM)
    return text


def parse_state(value: str, field: str = N_("state")) -> str:
    norm = (value or "").strip().upper()
    if norm not in US_STATES:
        raise invalid(field, value, N_("a two-letter US state code, e.g. CA"))
    return norm
