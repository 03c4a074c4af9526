"""``printable(..., newlines=True)`` on a long text: one with nothing to show but its line
breaks comes back as it is, without a translation of every character (a single C call that
held the GIL, and with it the UI thread, for 84-199 ms on a 5,000-call Form 7001 helper);
one with a control character anywhere is still made visible, line breaks kept.
"""

from __future__ import annotations

import pytest

from companion.display import printable

LONG = "\n".join(f"- 2026-03-{1 + i % 28:02d} 10:{i % 60:02d}: called the USCIS Contact Center; spoke with Helen"
                 for i in range(20_000))


def test_a_long_text_with_only_line_breaks_is_returned_as_it_is():
    assert printable(LONG, newlines=True) is LONG


@pytest.mark.parametrize(
    ("odd", "shown"),
    [("\x1b[2J", "␛[2J"), ("\r\n", "\n"), ("\r", "␍"), ("\x9b", "\\x9b"), ("\u202e", "<U+202E>"), ("\ud800", "\ufffd")],
)
def test_a_control_character_anywhere_in_a_long_text_is_still_shown(odd, shown):
    text = LONG[:50_000] + odd + LONG[50_000:]
    assert printable(text, newlines=True) == LONG[:50_000] + shown + LONG[50_000:]


def test_without_newlines_a_line_break_still_shows():
    assert printable("a\nb") == "a␊b"
