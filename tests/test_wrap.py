"""Wrapping plain lines: at spaces only, with hanging indents, prompts keeping their space."""

from __future__ import annotations

import pytest

from crackcoach.base.wrap import reflow, wrap, wrap_code

PROMPT = ("Before you start: discomfort right now, 0-10 (0 = none, 10 = worst imaginable; "
          "Enter to skip): ")


def test_no_width_leaves_lines_as_they_are() -> None:
    assert wrap("a long line " * 20, None) == ["a long line " * 20]
    assert wrap("one\ntwo", None) == ["one", "two"]


def test_a_line_that_fits_is_untouched() -> None:
    assert wrap("Saved diary entry 3.", 20) == ["Saved diary entry 3."]
    assert wrap("", 20) == [""]


def test_a_message_continues_two_columns_in_and_never_inside_a_word() -> None:
    assert wrap(PROMPT.rstrip(), 60) == [
        "Before you start: discomfort right now, 0-10 (0 = none, 10 =",
        "  worst imaginable; Enter to skip):",
    ]


def test_a_prompt_keeps_its_space_for_the_answer_within_the_width() -> None:
    lines = wrap(PROMPT, 80)
    assert lines == [
        "Before you start: discomfort right now, 0-10 (0 = none, 10 = worst imaginable;",
        "  Enter to skip): "]
    assert all(len(line) <= 80 for line in lines)


@pytest.mark.parametrize(("line", "indent"), [
    ("  12. numbness or tingling between the legs or around the buttocks", 6),
    ("   1. numbness or tingling between the legs or around the buttocks", 6),
    ("  - numbness or tingling between the legs or around the buttocks", 4),
    ("* numbness or tingling between the legs or around the buttocks", 2),
    ("Saved diary entry e3 (2024-05-01 20:30): discomfort 3, stiffness 2", 2),
    ("    instructions that are indented but not a list item at all here", 6),
])
def test_list_items_continue_under_their_text(line: str, indent: int) -> None:
    first, *rest = wrap(line, 40)
    assert rest and all(part.startswith(" " * indent) and part[indent] != " " for part in rest)
    assert " ".join([first, *rest]).split() == line.split()


def test_hyphenated_words_and_long_paths_stay_whole() -> None:
    assert wrap("moving feels much-better than before today", 30) == [
        "moving feels much-better than", "  before today"]
    path = "/home/someone/.config/crackcoach/routines/evening-back.yaml"
    assert wrap(f"Wrote {path}", 30) == ["Wrote", f"  {path}"]


def test_a_narrow_width_drops_the_indent_rather_than_the_text() -> None:
    item = "  12. numbness or tingling between the legs"
    lines = wrap(item, 18)
    assert all(len(line) <= 18 for line in lines)
    assert " ".join(lines).split() == item.split()


def test_reflow_joins_lines_broken_for_the_file_and_keeps_paragraphs_and_items() -> None:
    text = ("Walk at an easy pace,\n  letting your arms swing.\n\nThen stand tall.\n"
            "- one\n- two\n  more of two\n3. three")
    assert reflow(text) == ["Walk at an easy pace, letting your arms swing.", "Then stand tall.",
                            "- one", "- two more of two", "3. three"]
    assert reflow("") == []


def test_a_long_comment_in_code_continues_as_a_comment_under_itself() -> None:
    line = "    seconds: 60                # 1-1800 s; the last cycle is cut short if needed"
    assert wrap_code(line, 60) == [
        "    seconds: 60                # 1-1800 s; the last cycle is",
        "                               # cut short if needed",
    ]


def test_a_comment_with_no_room_beside_the_code_moves_above_it() -> None:
    line = "    cues: [easy pace, breathe normally]   # optional; shown during the step"
    assert wrap_code(line, 58) == ["    # optional; shown during the step",
                                   "    cues: [easy pace, breathe normally]"]


def test_a_long_line_without_a_comment_goes_on_at_its_own_indentation() -> None:
    line = "      On all fours, round up as you breathe out, sag as you breathe in."
    assert wrap_code(line, 50) == ["      On all fours, round up as you breathe out,",
                                   "      sag as you breathe in."]
    long_word = "    " + "x" * 60
    assert wrap_code(long_word, 40) == [long_word]
    assert wrap_code("short: 1  # fits", 40) == ["short: 1  # fits"]
