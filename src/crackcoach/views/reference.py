"""The reference pages of ``crackcoach learn``: Markdown documentation drawn for a terminal.

Its own module because Rich's Markdown support loads a Markdown parser and a
syntax highlighter, which no other page needs.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import CodeBlock, Heading, Markdown, MarkdownElement, TableElement
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from crackcoach.base.wrap import wrap_code

CODE_PADDING = 1  # columns Rich leaves each side of a code example


class _Heading(Heading):
    """Headings flush left and bold, like the titles of the other pages (not centred)."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(self.text.plain, style="bold")


class _Code(CodeBlock):
    """Code examples whose long comments continue as comments, not at the margin."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width - 2 * CODE_PADDING
        lines = str(self.text).rstrip().splitlines()
        code = "\n".join(part for line in lines for part in wrap_code(line, width))
        yield Syntax(code, self.lexer_name, theme=self.theme, word_wrap=True,
                     padding=CODE_PADDING)


class _Table(TableElement):
    """Tables whose long words (paths) are folded onto the next line rather than cut."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for part in super().__rich_console__(console, options):
            if isinstance(part, Table):
                for column in part.columns:
                    column.overflow = "fold"
            yield part


class _Page(Markdown):
    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **Markdown.elements, "heading_open": _Heading, "fence": _Code, "code_block": _Code,
        "table_open": _Table}


def print_reference(out: Console, text: str) -> None:
    """Draw a Markdown reference page."""
    out.print(_Page(text, code_theme="ansi_dark", hyperlinks=False))
