"""A follow-up step's one-line title in the user's language, at display time.

``rules`` writes titles in English, and English they stay where they leave the app (the
JSON of ``companion due``, the Form 7001 helper, which is filled in in English). The
screens show them through ``shown_title``, which recognises each of the rules' title forms
and rebuilds it from the translated template. ``tests/test_i18n.py`` computes every kind of
step and checks that none is left in English, so a new or reworded title in ``rules``
cannot slip through untranslated.
"""

from __future__ import annotations

import re

from companion.i18n import DEFAULT_LANGUAGE, N_, _, current_language

_REFERRAL = re.compile(r"referral (?P<number>\S+)")

# (the rules' English title, the msgid to show); named groups are the template's fields
TITLES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Call the NCSC \((?P<phone>[^)]+)\) about (?P<ref>.+)"), N_("Call the NCSC ({phone}) about {ref}")),
    (
        re.compile(r"File DHS Form 7001 with the CIS Ombudsman about (?P<ref>.+) if USCIS has not answered"),
        N_("File DHS Form 7001 with the CIS Ombudsman about {ref} if USCIS has not answered"),
    ),
    (
        re.compile(r"File DHS Form 7001 with the CIS Ombudsman about (?P<ref>.+)"),
        N_("File DHS Form 7001 with the CIS Ombudsman about {ref}"),
    ),
    (
        re.compile(r"Email USCIS Service Center Operations \(SCOPS\) about (?P<ref>.+)"),
        N_("Email USCIS Service Center Operations (SCOPS) about {ref}"),
    ),
    (re.compile(r"Expect a reply from SCOPS about (?P<ref>.+)"), N_("Expect a reply from SCOPS about {ref}")),
    (re.compile(r"Email the service center about (?P<ref>.+)"), N_("Email the service center about {ref}")),
    (re.compile(r"Email the (?P<center>.+) about (?P<ref>.+)"), N_("Email the {center} about {ref}")),
    (
        re.compile(r"Last day to ask the CIS Ombudsman to have USCIS review your call of (?P<date>\S+)"),
        N_("Last day to ask the CIS Ombudsman to have USCIS review your call of {date}"),
    ),
]


def _reference(text: str) -> str:
    match = _REFERRAL.fullmatch(text)
    if match:
        return _("referral {number}").format(number=match["number"])
    if text == "your service request":
        return _("your service request")
    return text


def shown_title(title: str) -> str:
    """``title`` in the current language (itself in English, or when its form is unknown)."""
    if current_language() == DEFAULT_LANGUAGE:
        return title
    for pattern, msgid in TITLES:
        match = pattern.fullmatch(title)
        if match:
            fields = match.groupdict()
            if "ref" in fields:
                fields["ref"] = _reference(fields["ref"])
            return _(msgid).format(**fields)
    return title
