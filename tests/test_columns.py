"""The plain text tables of ``crackcoach list``: fitting, wrapping and never cutting words."""

from __future__ import annotations

from crackcoach.views.columns import Column, render, wrap

COLUMNS = (Column("name"), Column("title", wrap=True), Column("n", right=True),
           Column("tags", wrap=True, optional=True))
ROWS = [("back-reset", "Back reset for long days", "6", "back, mobility, core"),
        ("cat-cow", "Cat-cow", "12", "back")]


def test_a_table_that_fits_keeps_its_natural_widths() -> None:
    assert render(COLUMNS, ROWS, width=100) == (
        "name        title                      n  tags\n"
        "back-reset  Back reset for long days   6  back, mobility, core\n"
        "cat-cow     Cat-cow                   12  back\n")


def test_a_narrow_table_wraps_at_word_boundaries_without_trailing_spaces() -> None:
    text = render(COLUMNS, ROWS, width=44)
    assert max(len(line) for line in text.splitlines()) <= 44
    assert text == (
        "name        title           n  tags\n"
        "back-reset  Back reset      6  back,\n"
        "            for long days      mobility,\n"
        "                               core\n"
        "cat-cow     Cat-cow        12  back\n")
    assert all(line == line.rstrip() for line in text.splitlines())


def test_an_optional_column_gives_way_before_words_are_cut() -> None:
    assert render(COLUMNS, ROWS, width=30) == (
        "name        title            n\n"
        "back-reset  Back reset for   6\n"
        "            long days\n"
        "cat-cow     Cat-cow         12\n")


def test_cells_are_made_safe_and_colour_only_when_asked() -> None:
    text = render((Column("name"),), [("x\x1b[31my",)], width=80)
    assert "\x1b" not in text and "\\x1b[31m" in text
    assert render((Column("name"),), [("a",)], width=80, colour=True).startswith("\x1b[1mname")


def test_a_word_longer_than_the_width_is_cut_not_lost() -> None:
    assert wrap("a verylongword", 4) == ["a", "very", "long", "word"]
