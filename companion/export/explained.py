"""What each letter says and when to send it, in the user's language.

The letters themselves stay in English: the Ombudsman, the service centers and SCOPS read
English, and a draft in another language would only delay the answer. A user who reads the
app in Spanish still has to know what they are sending, so the Export screen and the Form
7001 helper show this short summary above the English text. In English the draft speaks
for itself and nothing is shown (``explanation`` returns ``""``).

Plain text from the seed guide's rules (see ``followup.rules``); no Textual here.
"""

from __future__ import annotations

from companion.followup.rules import (
    OMBUDSMAN_WINDOW_DAYS,
    SCOPS_REPLY_DAYS,
    SERVICE_CENTER_WAIT_DAYS,
    SERVICE_REQUEST_WAIT_DAYS,
)
from companion.i18n import DEFAULT_LANGUAGE, N_, _, current_language

LETTERS_STAY_IN_ENGLISH = N_(
    "The letter below is in English on purpose: the office that receives it reads English. "
    "Here is what it says and when to send it."
)

SUMMARIES: dict[str, tuple[str, str]] = {
    # kind: (what the letter says, when to send it)
    "ombudsman": (
        N_(
            "It asks the CIS Ombudsman to have USCIS review your call to the Contact Center: the date and "
            "time of the call, the phone number you called from, the name or ID number of the staff who "
            "answered, and what went wrong."
        ),
        N_(
            "Send it by email to the Ombudsman within {window} days of the call, if the call did not go as it "
            "should (wrong information, no service request when one was due). After {window} days the Ombudsman "
            "can no longer ask for a review."
        ),
    ),
    "service-center": (
        N_(
            "It tells the service center that issued your receipt that USCIS has not answered the service "
            "request, gives the referral number and your receipt number, and asks them to act on it."
        ),
        N_(
            "Send it if there is no answer {sr_wait} days after the service request was made (service center "
            "matters only). Use the service center's email address shown on the screen."
        ),
    ),
    "scops": (
        N_(
            "It tells USCIS Service Center Operations (SCOPS) that neither the service request nor your "
            "email to the service center was answered, with the referral and receipt numbers and the dates "
            "you wrote."
        ),
        N_(
            "Send it if the service center has not answered {center_wait} days after your email. SCOPS should "
            "answer within {scops_reply} days; if not, the next step is DHS Form 7001 to the Ombudsman."
        ),
    ),
    "form7001": (
        N_(
            "DHS Form 7001 asks the CIS Ombudsman for help with your case. This helper lists what your "
            "records fill in (receipt number, service requests, the dates you followed up) and what you "
            "must still add yourself."
        ),
        N_(
            "File it only after the regular USCIS avenues are used up: no answer to the service request, "
            "to the service center and to SCOPS (or, for a field office matter, to the second call to the "
            "Contact Center) within the times given. The line above says whether that is the case. "
            "Fill in the form in English."
        ),
    ),
}


def explanation(kind: str) -> str:
    """The summary of the ``kind`` letter in the current language; ``""`` in English."""
    if current_language() == DEFAULT_LANGUAGE or kind not in SUMMARIES:
        return ""
    says, when = SUMMARIES[kind]
    days = {
        "window": OMBUDSMAN_WINDOW_DAYS,
        "sr_wait": SERVICE_REQUEST_WAIT_DAYS,
        "center_wait": SERVICE_CENTER_WAIT_DAYS,
        "scops_reply": SCOPS_REPLY_DAYS,
    }
    return "\n".join(
        [_(LETTERS_STAY_IN_ENGLISH), _("What it says: ") + _(says), _("When to send it: ") + _(when).format(**days)]
    )
