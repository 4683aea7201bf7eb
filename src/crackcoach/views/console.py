"""The Rich consoles every view draws on, and safe text for them."""

from __future__ import annotations

import os
from typing import Any, TextIO

from rich.console import Console
from rich.text import Text

from crackcoach.textsafe import printable


def console(file: TextIO | None = None, *, stderr: bool = False) -> Console:
    """A console on ``file`` (standard output by default) that honours NO_COLOR and never
    interprets markup or emoji codes."""
    return Console(
        file=file,
        stderr=stderr,
        highlight=False,
        markup=False,
        emoji=False,
        no_color=bool(os.environ.get("NO_COLOR")),
    )


def safe(text: Any, style: str = "", *, single_line: bool = False) -> Text:
    """Untrusted text as a Rich ``Text``: markup stays literal, control codes become visible."""
    return Text(printable(str(text), single_line=single_line), style=style)
