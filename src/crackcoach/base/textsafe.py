"""Make untrusted text safe to put on a terminal.

Routine files and diary notes are written by people (or generators) we do not
control. Escape sequences, control characters and bidirectional overrides in
them are shown as visible escapes, never sent to the terminal raw.
"""

from __future__ import annotations

import re

from crackcoach.base.patterns import later

# C0 controls except tab and newline, DEL, C1 controls, the Unicode bidirectional
# embedding/override/isolate characters, and lone surrogates (bytes that were not text).
_UNSAFE = later("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
                "\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not text, kept by "surrogateescape"
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, single_line: bool = False) -> str:
    """Return ``text`` with every unsafe character replaced by a visible escape.

    With ``single_line`` newlines and tabs become spaces too.
    """
    cleaned = _UNSAFE.sub(_visible, text)
    if single_line:
        cleaned = " ".join(cleaned.split())
    return cleaned


SHOWN_LIMIT = 40


def shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """``repr(value)`` cut to about ``limit`` characters, for a one-line message.

    A 5 MB note in a file makes a one-line message: what was found, shortened.
    """
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 4] + "...'"
