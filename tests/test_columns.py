"""The plain text tables of ``crackcoach list``: fitting, wrapping and never cutting words."""

from __future__ import annotations

from crackcoach.base.wrap import cut
from crackcoach.views.columns import Column, render

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
    assert cut("a verylongword", 4) == ["a", "very", "long", "word"]


SOURCES = (Column("name"), Column("title", wrap=True), Column("source", wrap=True))


def test_an_earlier_column_leaves_a_later_one_room_for_its_longest_word() -> None:
    rows = [("evening-back", "Upper-back foam rolling", "routines/evening-back.yaml")]
    text = render(SOURCES, rows, width=60)
    assert text == ("name          title               source\n"
                    "evening-back  Upper-back foam     routines/evening-back.yaml\n"
                    "              rolling\n")


def test_a_word_too_long_for_any_layout_is_cut_rather_than_the_line_too_long() -> None:
    # A long path in a narrow terminal: better folded in its column than the whole line
    # broken by the terminal at its edge.
    rows = [("evening-back", "Evening back", "/home/someone/.config/crackcoach/routines/x.yaml")]
    text = render(SOURCES, rows, width=50)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 50
    column = lines[0].index("source")
    assert "".join(line[column:] for line in lines[1:]) == rows[0][2]
