"""Plain lines of text wrapped to a width at word boundaries, with hanging indents.

The questions and messages that the use cases write themselves (the check-in,
``log``'s confirmation) go through here; Rich wraps what the views draw. Pure:
the caller says how wide the screen is. Widths are terminal cells
(:func:`cells`): a CJK character or an emoji takes two, a combining accent none.

A wrapped line continues under its own text: a list item ("  12. numbness or
tingling ...") under the words after its marker, any other line two columns
in, so that one message never runs into the next. A word longer than the
width (a long path) is never cut; it gets a line of its own.

:func:`cut` is for cells of a table or a screen of fixed width, where a word
longer than the width must be cut so that nothing is lost past the edge.
"""

from __future__ import annotations

from collections.abc import Callable

from crackcoach.base.patterns import later

# Leading spaces, then an optional list marker: "- ", "* ", "• ", "12. ", "3) ".
_ITEM = later(r"( *)((?:[-*•]|[0-9]+[.)]) +)?")
HANG = 2  # continuation indent of a line that is not a list item
MIN_TEXT = 16  # narrower than this beside the indent, lines continue at the margin


def cells(text: str) -> int:
    """The terminal cells ``text`` takes: two for a wide character (CJK, most emoji), none
    for a combining mark or a zero-width joiner, one for the rest."""
    if text.isascii():
        return len(text)
    import unicodedata

    total = 0
    for char in text:
        if unicodedata.combining(char) or char in _ZERO_WIDTH:
            continue
        total += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return total


_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufe0e\ufe0f")


def hanging_indent(line: str) -> int:
    """The column a wrapped ``line`` continues at."""
    match = _ITEM.match(line)
    assert match is not None  # the pattern matches the empty string
    lead, marker = match.group(1), match.group(2)
    return len(lead) + (len(marker) if marker else HANG)


def _is_item(line: str) -> bool:
    match = _ITEM.match(line)
    return match is not None and match.group(2) is not None


def wrap(text: str, width: int | None) -> list[str]:
    """``text`` as lines of at most ``width`` cells (None: its lines as they are).

    Each line of ``text`` is wrapped on its own, so blank lines stay. Spaces at
    the end of the last line (a prompt's) are kept.
    """
    lines = text.split("\n")
    if width is None:
        return lines
    return [part for line in lines for part in _wrap_line(line, width)]


def words(text: str, width: int, indent: int = 0) -> list[str]:
    """``text`` broken into lines of ``width`` at spaces only, later lines ``indent`` in.

    Never after a hyphen ("much-" / "worse"), and a word longer than the width
    is kept whole on a line of its own. Widths are counted in terminal cells.
    """
    if cells(text) == len(text):  # one cell a character: the standard library's wrapping
        import textwrap

        return textwrap.wrap(text, width=max(width, 1), subsequent_indent=" " * indent,
                             break_long_words=False, break_on_hyphens=False) or [text]
    return _cell_words(text, max(width, 1), indent) or [text]


def _cell_words(text: str, width: int, indent: int) -> list[str]:
    """:func:`words` for text with wide or zero-width characters, measured in cells.

    A run of wide characters (CJK) may break between any two of them, filling
    each line; any other word longer than a line stays whole.
    """
    lines: list[str] = []
    current, used = "", 0
    for word in text.split():
        while True:
            lead = indent if lines else 0
            room = width - lead - used - (1 if current else 0)
            size = cells(word)
            if size <= room:
                current, used = (f"{current} {word}" if current else word), used + size + (
                    1 if current else 0)
                break
            if size != len(word) and room >= 2:  # wide characters: what fits goes here
                head = _fit(word, room, cells)
                if cells(head) <= room:
                    current = f"{current} {head}" if current else head
                    word = word[len(head):]
                    lines.append(" " * lead + current)
                    current, used = "", 0
                    continue
            if current:
                lines.append(" " * lead + current)
                current, used = "", 0
                continue
            current, used = word, size  # a long path or address: whole, on its own line
            break
    if current:
        lines.append(" " * (indent if lines else 0) + current)
    return lines


def under(prefix: str, text: str, width: int | None) -> list[str]:
    """``prefix`` then ``text`` wrapped beside it, each later line under the text's start
    (a table's last column); lines continue at the margin when too little room is left."""
    if width is None:
        return [prefix + text]
    column = cells(prefix)
    if width - column < MIN_TEXT:
        return wrap(prefix + text, width)
    parts = words(text, width - column)
    return [prefix + parts[0], *(" " * column + part for part in parts[1:])]


def _wrap_line(line: str, width: int) -> list[str]:
    if cells(line) <= width:
        return [line]
    body = line.rstrip(" ")
    trailing = line[len(body):]
    room = max(width - len(trailing), 1)  # the prompt's space stays on the same line
    indent = hanging_indent(body)
    if room - indent < MIN_TEXT:
        indent = 0
    parts = words(body, room, indent)
    parts[-1] += trailing
    return parts


def reflow(text: str) -> list[str]:
    """Text written with hard line breaks (a routine's ``instructions: |``) as paragraphs.

    Lines broken only to keep the file narrow are joined, so the text can wrap
    to any width. A blank line ends a paragraph, and a line that starts a list
    item ("- ", "1. ") starts a new one.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in text.strip().splitlines():
        line = raw.strip()
        starts_item = _is_item(line)
        if current and (not line or starts_item):
            paragraphs.append(" ".join(current))
            current = []
        if line:
            current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def wrap_code(line: str, width: int) -> list[str]:
    """A line of a code example (YAML, shell) made to fit ``width`` where it can.

    A comment at the end of the line ("seconds: 60   # how long, 1-3600 s")
    continues on comment lines aligned under it or, when that leaves too
    little room, moves onto lines of its own above the code. A line without a
    comment (the text of ``instructions: |``) continues at its own indentation,
    never at the margin. The example so stays valid and reads as written.
    """
    if len(line) <= width:
        return [line]
    indent = " " * (len(line) - len(line.lstrip()))
    column = line.find(" # ") + 1
    if column <= 0:
        return [indent + part for part in words(line.strip(), width - len(indent))]
    code, comment = line[:column].rstrip(), line[column + 2:]
    if width - column - 2 >= MIN_TEXT:
        parts = words(comment, width - column - 2)
        return [line[:column] + "# " + parts[0],
                *(" " * column + "# " + part for part in parts[1:])]
    above = words(comment, max(width - len(indent) - 2, MIN_TEXT))
    return [*(f"{indent}# {part}" for part in above), code]


def cut(text: str, width: int, measure: Callable[[str], int] | None = None) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width``, as ``measure`` counts.

    A word longer than a line is cut, so nothing is ever lost. ``measure`` is
    terminal cells (:func:`cells`) unless another count is given.
    """
    measure = cells if measure is None else measure
    width = max(1, width)
    lines: list[str] = []
    current = ""
    for word in text.split():
        while measure(word) > width:
            if current:
                lines.append(current)
                current = ""
            head = _fit(word, width, measure)
            lines.append(head)
            word = word[len(head):]
        if current and measure(current) + 1 + measure(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current] if current or not lines else lines


def _fit(word: str, width: int, measure: Callable[[str], int]) -> str:
    """The longest start of ``word`` that fits ``width`` (at least one character)."""
    if measure is len:
        return word[:width]
    end = 1
    while end < len(word) and measure(word[:end + 1]) <= width:
        end += 1
    return word[:end]
