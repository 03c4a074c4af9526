"""Text from transcripts, users and files, made safe to put on a terminal.

A transcript word, a typed note or a line of an edited file may carry terminal control
sequences (``ESC ] 0 ; title BEL`` renames the window, ``ESC [ 2 J`` clears it, OSC 52
writes the clipboard) or characters that reorder what is shown (bidi overrides). Before
any such text reaches the terminal, from the CLI or the TUI, it goes through
``printable``: control characters become visible stand-ins (``␛`` for ESC, ``\\x9b`` for
a C1 control, ``<U+202E>`` for a bidi override) and lone surrogates, which cannot be
encoded, become ``�``. Nothing is removed silently: the user sees that something odd
was there. The stored text is never changed; this is for display only.

Rich/Textual markup is a separate matter handled in the TUI (data is always shown as
literal ``Content``, never parsed as markup).
"""

from __future__ import annotations

import json
import re

# C0 controls and DEL → the Unicode "control pictures" (U+2400..U+2421): ␛ ␇ ␀ ␡ ...
_C0 = {c: chr(0x2400 + c) for c in range(0x20) if c != 0x09}  # a tab is just space
_C0[0x7F] = "\u2421"
# C1 controls (0x80..0x9F: CSI, OSC, ST in 8-bit form) → a visible escape.
_C1 = {c: f"\\x{c:02x}" for c in range(0x80, 0xA0)}
# Characters that reorder or hide what follows (Trojan Source) or break lines unseen.
_FORMAT = {
    c: f"<U+{c:04X}>"
    for c in (0x061C, 0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}
_TABLE = {**_C0, **_C1, **_FORMAT}
_NEEDS = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NEEDS_BUT_NEWLINES = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
# What ``json.dumps(ensure_ascii=False)`` leaves raw inside strings (it escapes C0 itself;
# outside strings JSON holds only spaces and newlines, which must stay).
_JSON_NEEDS = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: object, *, newlines: bool = False) -> str:
    """``text`` with every control character made visible; tabs kept.

    ``newlines=True`` keeps ``\\n`` as a line break (multi-line text such as a draft or
    notes); otherwise a newline shows as ``␊`` so one value stays on one line.
    """
    s = text if isinstance(text, str) else str(text)
    # A long text with nothing to show but its newlines is returned as it is: translating it
    # all held the GIL, and so the UI thread, for 84-199 ms on a 5,000-call Form 7001 helper.
    if not (_NEEDS_BUT_NEWLINES if newlines else _NEEDS).search(s):
        return s
    if newlines:
        s = s.replace("\r\n", "\n")
        table = dict(_TABLE)
        del table[0x0A]
    else:
        table = _TABLE
    return _SURROGATE.sub("\ufffd", s.translate(table))


def printable_json(value: object, **kwargs) -> str:
    """``json.dumps`` whose output is safe on a terminal and still valid JSON.

    ``json`` escapes C0 controls itself; with ``ensure_ascii=False`` it leaves C1
    controls, bidi overrides and lone surrogates raw, so those become ``\\uXXXX``.
    """
    text = json.dumps(value, ensure_ascii=False, **kwargs)
    return _JSON_NEEDS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
