"""The check-in questions, answered by a script instead of a person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crackcoach.diary import checkin, values
from crackcoach.diary.checkin import BadValue, CheckinCancelled
from crackcoach.diary.records import MOBILITY, DiaryEntry
from crackcoach.progress import feedback
from crackcoach.safety import signs

AT = datetime(2024, 5, 1, 20, 30, tzinfo=timezone(timedelta(hours=2)))


class Script:
    """Plays the person: answers prompts in order and records everything shown."""

    def __init__(self, *answers: str | type[BaseException]) -> None:
        self.answers = list(answers)
        self.shown: list[str] = []

    def ask(self, prompt: str) -> str:
        self.shown.append(prompt)
        answer = self.answers.pop(0)
        if isinstance(answer, type):
            raise answer()
        self.shown.append(answer)
        return answer

    def say(self, line: str) -> None:
        self.shown.append(line)

    @property
    def io(self) -> tuple[Callable[[str], str], Callable[[str], None]]:
        return self.ask, self.say


# --- parsers -----------------------------------------------------------------------------

@given(st.integers(0, 10), st.text(" \t", max_size=3), st.text(" \t", max_size=3))
def test_any_whole_number_in_range_is_accepted_with_spaces_around(
        value: int, left: str, right: str) -> None:
    assert values.parse_scale(f"{left}{value}{right}") == value


@given(st.text(max_size=12))
def test_the_scale_parser_accepts_exactly_the_ascii_numbers_0_to_10(text: str) -> None:
    stripped = text.strip()
    valid = stripped.isascii() and stripped.isdigit() and int(stripped) <= 10
    try:
        result = values.parse_scale(text)
    except BadValue as exc:
        assert not valid
        assert exc.expected == "a whole number from 0 to 10"
    else:
        assert valid and result == int(stripped)


@given(st.integers().filter(lambda n: not 0 <= n <= 10))
def test_numbers_out_of_range_are_refused(value: int) -> None:
    with pytest.raises(BadValue):
        values.parse_scale(str(value))


@pytest.mark.parametrize("text", ["3.5", "abc", "", "  ", "-1", "11", "٣", "1_0", "+3", "3 4"])
def test_bad_scale_answers_are_refused(text: str) -> None:
    with pytest.raises(BadValue, match="expected a whole number from 0 to 10"):
        values.parse_scale(text)


def test_an_empty_scale_answer_is_a_skip_when_optional() -> None:
    assert values.parse_scale("  ", required=False) is None


@given(st.sampled_from(MOBILITY), st.sampled_from([str.upper, str.lower, str.title]),
       st.sampled_from(["-", " ", "_", "  "]))
def test_mobility_is_read_in_any_case_with_any_separator(
        choice: str, case: Callable[[str], str], separator: str) -> None:
    assert values.parse_mobility(case(choice.replace("-", separator))) == choice


@pytest.mark.parametrize(("text", "expected"), [("1", "much-worse"), ("3", "same"),
                                                ("5", "much-better")])
def test_mobility_can_be_given_by_number(text: str, expected: str) -> None:
    assert values.parse_mobility(text) == expected


@pytest.mark.parametrize("text", ["0", "6", "fine", "much", ""])
def test_bad_mobility_answers_are_refused(text: str) -> None:
    with pytest.raises(BadValue, match="much-worse, worse, same, better, much-better"):
        values.parse_mobility(text)


@pytest.mark.parametrize(("text", "expected"), [("l", "left"), ("RIGHT", "right"),
                                                (" even ", "even"), ("", None)])
def test_sides(text: str, expected: str | None) -> None:
    assert values.parse_side(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("", None), ("0", 0), ("100", 100)])
def test_cracks(text: str, expected: int | None) -> None:
    assert values.parse_cracks(text) == expected


def test_too_many_cracks_are_refused() -> None:
    with pytest.raises(BadValue, match="from 0 to 100"):
        values.parse_cracks("101")


def test_a_note_is_trimmed_and_an_empty_one_is_none() -> None:
    assert values.parse_note("  sore after gardening ") == "sore after gardening"
    assert values.parse_note("   ") is None
    with pytest.raises(BadValue, match="at most 2000 characters"):
        values.parse_note("x" * 2001)


CHOICES = signs.screen_flags()


@given(st.lists(st.integers(1, len(CHOICES)), max_size=6),
       st.sampled_from([" ", ",", ", "]))
def test_flags_by_number_come_back_as_keys_in_list_order(numbers: list[int],
                                                         separator: str) -> None:
    keys = values.parse_flags(separator.join(map(str, numbers)), CHOICES)
    assert keys == tuple(f.key for f in CHOICES if CHOICES.index(f) + 1 in numbers)


@pytest.mark.parametrize("text", ["", "none", "0", "No"])
def test_no_flags(text: str) -> None:
    assert values.parse_flags(text, CHOICES) == ()


def test_flags_can_be_given_by_key() -> None:
    assert values.parse_flags("night-pain 1", CHOICES) == ("saddle-numbness", "night-pain")


@pytest.mark.parametrize("text", ["22", "0 3", "x", "1 night"])
def test_bad_flag_answers_are_refused(text: str) -> None:
    with pytest.raises(BadValue, match="numbers from 1 to 21 separated by spaces, or Enter"):
        values.parse_flags(text, CHOICES)


# --- the questions -------------------------------------------------------------------------

def test_the_before_question_can_be_skipped_with_enter() -> None:
    script = Script("")
    assert checkin.ask_before(*script.io) is None
    assert script.shown == [
        "Before you start: discomfort right now, 0-10 (0 = none, 10 = worst imaginable; Enter "
        "to skip): ", ""]


def test_bad_answers_are_asked_again_with_the_valid_range() -> None:
    script = Script("11", "-1", "abc", "4")
    assert checkin.ask_before(*script.io) == 4
    assert script.shown.count("Please enter a whole number from 0 to 10.") == 3


def test_a_full_after_session_check_in() -> None:
    script = Script("3", "", "2", "4", "L", "2", "7 12 20", "  stiff in the morning ")
    entry = checkin.ask_after(*script.io, at=AT, before=5, session_id=7)
    assert entry == DiaryEntry(at=AT, discomfort=3, stiffness=2, mobility="better",
                               tighter_side="left", cracks=2,
                               flags=("painful-crack", "night-pain", "sharp-pain"),
                               note="stiff in the morning", discomfort_before=5, session_id=7)
    assert "Please enter a whole number from 0 to 10." in script.shown  # the empty stiffness
    assert "Compared with before the session, moving feels:" in script.shown
    assert "Any of these today?" in script.shown
    assert f"   1. {CHOICES[0].text}" in script.shown


def test_the_screen_lists_sharp_pain_from_a_stretch_so_it_can_be_reported_after_a_session(
        ) -> None:
    script = Script("3", "2", "3", "", "", "", "")
    checkin.ask_after(*script.io, at=AT)
    listed = [line.split(". ", 1)[1] for line in script.shown if line.startswith("  ")]
    assert signs.flag("sharp-pain").text in listed
    assert listed == [f.text for f in CHOICES]


def test_after_an_urgent_sign_nothing_more_is_asked() -> None:
    script = Script("3", "2", "4", "", "", "1")  # no answer left for a note question
    entry = checkin.ask_after(*script.io, at=AT, before=5)
    assert entry.flags == ("saddle-numbness",) and entry.note is None
    assert script.shown[-1] == "1"  # the screen's answer was the last thing asked


def test_an_urgent_sign_given_up_front_leaves_only_what_must_be_saved() -> None:
    script = Script("4", "2")
    entry = checkin.ask_log(*script.io, at=AT, given={"flags": ("bladder-bowel",)})
    assert (entry.discomfort, entry.stiffness, entry.flags) == (4, 2, ("bladder-bowel",))
    assert [s for s in script.shown if s.endswith(": ")] == [
        "Discomfort now, 0-10 (0 = none, 10 = worst imaginable): ",
        "Stiffness now, 0-10 (0 = none, 10 = worst imaginable): "]


def test_after_a_session_mobility_must_be_answered() -> None:
    script = Script("3", "2", "", "3", "", "", "", "")
    assert checkin.ask_after(*script.io, at=AT).mobility == "same"
    assert ("Please enter one of much-worse, worse, same, better, much-better (or 1-5)."
            in script.shown)


def test_a_log_entry_may_skip_everything_but_the_two_scales() -> None:
    script = Script("0", "10", "", "", "", "", "")
    assert checkin.ask_log(*script.io, at=AT) == DiaryEntry(at=AT, discomfort=0, stiffness=10)
    assert "Compared with your last entry, moving feels:" in script.shown


def test_answers_already_given_are_not_asked() -> None:
    script = Script("2", "")
    entry = checkin.ask_log(*script.io, at=AT, given={
        "discomfort": 4, "mobility": "worse", "tighter_side": "even", "cracks": 0,
        "flags": ("swelling",), "note": None})
    assert entry == DiaryEntry(at=AT, discomfort=4, stiffness=2, mobility="worse",
                               tighter_side="even", cracks=0, flags=("swelling",))
    assert len([s for s in script.shown if s.endswith(": ")]) == 1


@pytest.mark.parametrize("stop", [EOFError, KeyboardInterrupt])
@pytest.mark.parametrize("answered", [0, 3, 6])
def test_stopping_midway_cancels_the_whole_entry(stop: type[BaseException],
                                                 answered: int) -> None:
    answers = ["3", "2", "4", "", "", "", ""][:answered]
    with pytest.raises(CheckinCancelled):
        checkin.ask_after(*Script(*answers, stop).io, at=AT)


def test_stopping_at_the_before_question_cancels_too() -> None:
    with pytest.raises(CheckinCancelled):
        checkin.ask_before(*Script(KeyboardInterrupt).io)


def test_the_safety_screen_on_its_own() -> None:
    assert checkin.ask_safety(*Script("3").io) == ("leg-weakness",)


# --- after the entry -------------------------------------------------------------------------

def flare(reason: str) -> str:
    return (f"A flare: {reason}. Next time, try a lighter session: the quick-reset "
            "routine is made for days like this ('crackcoach start quick-reset'). Ease off "
            "anything that hurts.")


@pytest.mark.parametrize(("before", "after", "level", "lines"), [
    (5, 3, None, ["Discomfort 5 -> 3 (down 2)."]),
    (4, 4, None, ["Discomfort 4 -> 4 (no change)."]),
    (2, 3, None, ["Discomfort 2 -> 3 (up 1)."]),
    (None, 3, None, []),
    (2, 4, None, ["Discomfort 2 -> 4 (up 2).",
                  flare("discomfort rose from 2 to 4 in one session")]),
    (None, 6, None, []),  # no level to compare with yet
    (None, 6, 4, [flare("discomfort 6, 2 points above your recent level of 4")]),
    (None, 8, 6.5, []),  # 1.5 above: a steady high level is not a flare
    (7, 6, 6, ["Discomfort 7 -> 6 (down 1)."]),
    (None, 3, 1, []),  # 2 above, but under 4
])
def test_the_message_shows_the_raw_change_and_a_flare_against_the_own_level(
        before: int | None, after: int, level: float | None, lines: list[str]) -> None:
    entry = DiaryEntry(at=AT, discomfort=after, discomfort_before=before)
    assert feedback.after_session_message(entry, level=level) == lines


@given(st.one_of(st.none(), st.integers(0, 10)), st.integers(0, 10),
       st.one_of(st.none(), st.integers(0, 20).map(lambda n: n / 2)))
def test_a_flare_is_a_rise_in_a_session_or_two_above_the_level_and_at_least_four(
        before: int | None, after: int, level: float | None) -> None:
    entry = DiaryEntry(at=AT, discomfort=after, discomfort_before=before)
    expected = (before is not None and after - before >= 2) or (
        level is not None and after >= 4 and after - level >= 2)
    assert feedback.is_flare(entry, level) is expected


def test_after_an_urgent_sign_there_is_no_change_line_and_no_suggestion() -> None:
    entry = DiaryEntry(at=AT, discomfort=8, discomfort_before=3, cracks=5,
                       flags=("injury-pain", "night-pain"))
    assert feedback.after_session_message(entry) == []


def test_after_a_soon_sign_the_lighter_session_is_not_suggested() -> None:
    entry = DiaryEntry(at=AT, discomfort=7, discomfort_before=3, flags=("swelling",))
    assert feedback.after_session_message(entry) == ["Discomfort 3 -> 7 (up 4)."]
    checkup = DiaryEntry(at=AT, discomfort=7, discomfort_before=3, flags=("sharp-pain",))
    assert feedback.after_session_message(checkup)[1] == flare(
        "discomfort rose from 3 to 7 in one session")


def test_the_lighter_session_suggested_is_a_routine_that_exists_and_is_short() -> None:
    from crackcoach.base.paths import builtin_routines_dir
    from crackcoach.routines.library import Folder, load_file
    from crackcoach.routines.timeline import total_seconds

    folder = builtin_routines_dir()
    routine = load_file(folder / f"{checkin.LIGHTER_ROUTINE}.yaml", Folder(folder, True))
    back_reset = load_file(folder / "back-reset.yaml", Folder(folder, True))
    assert total_seconds(routine) <= total_seconds(back_reset) / 2


def test_cracking_several_times_a_day_points_to_the_check_up_advice() -> None:
    lines = feedback.after_session_message(DiaryEntry(at=AT, discomfort=1, cracks=3))
    assert lines == ["You cracked your back on purpose 3 times today. If you find you need to "
                     "several times a day for relief, a check-up is worth it: see 'crackcoach "
                     "learn when-to-seek-help'."]
    assert feedback.after_session_message(DiaryEntry(at=AT, discomfort=1, cracks=2)) == []
