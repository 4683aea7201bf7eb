"""Activities the person wants back (PSFS): naming them, rating them, and the ratings going
through edit, delete, undo, export and import with their entries."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from crackcoach.app.today import today
from crackcoach.diary.activities import Activity, Rating
from crackcoach.diary.records import DiaryEntry
from crackcoach.progress import function as function_measure
from crackcoach.store import open_store
from envs import ZONE, Clock, make_env, output


def entries(home: Path) -> list[Any]:
    with open_store(home / "crackcoach.db", read_only=True) as s:
        return s.entries()


def test_add_list_rename_remove(cli: Any) -> None:
    assert cli("activity", "add", "tie my shoes").exit_code == 0
    added = cli("activity", "add", "sit", "through", "a", "meeting")
    assert added.stdout.startswith("Following activity a2: 'sit through a meeting'.")
    listed = cli("activity").stdout
    assert "a1  tie my shoes" in listed and "a2  sit through a meeting" in listed
    assert cli("activity", "rename", "a1", "put on my socks").exit_code == 0
    assert cli("activity", "remove", "2").exit_code == 0
    shown = json.loads(cli("activity", "list", "--json").stdout)
    assert [(a["id"], a["name"], a["removed_at"] is None) for a in shown] == [
        (1, "put on my socks", True), (2, "sit through a meeting", False)]
    assert "sit through" not in cli("activity", "list").stdout


@pytest.mark.parametrize(("args", "message"), [
    (("add", "   "), "activity add: expected crackcoach activity add TEXT"),
    (("remove", "a9"), "there is no activity a9"),
    (("remove", "x"), "ID x: expected an activity's id"),
    (("rename", "a1"), "activity rename: expected crackcoach activity rename ID TEXT"),
    (("add", "tie my shoes"), "you follow 'tie my shoes' already, as a1"),
])
def test_bad_activity_commands_say_what_is_wrong(cli: Any, args: tuple[str, ...],
                                                  message: str) -> None:
    assert cli("activity", "add", "tie my shoes").exit_code == 0
    result = cli("activity", *args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_at_most_five_are_followed(cli: Any) -> None:
    for n in range(5):
        assert cli("activity", "add", f"thing {n}").exit_code == 0
    sixth = cli("activity", "add", "one more")
    assert sixth.exit_code == 2 and "5 activities already" in sixth.stderr
    assert cli("activity", "remove", "a3").exit_code == 0
    assert cli("activity", "add", "one more").exit_code == 0


def test_ratings_go_through_log_edit_delete_undo(cli: Any, home: Path) -> None:
    cli("activity", "add", "tie my shoes")
    cli("activity", "add", "walk the dog")
    saved = cli("log", "--activity", "1=3", "--activity", "a2=4")
    assert saved.exit_code == 0 and "activities a1 3, a2 4" in saved.stdout
    assert entries(home)[0].activities == ((1, 3), (2, 4))
    unknown = cli("log", "--activity", "7=3")
    assert unknown.exit_code == 2 and "no activity a7" in unknown.stderr
    bad = cli("log", "--activity", "1=11")
    assert bad.exit_code == 2 and "--activity 1=11: expected ID=SCORE" in bad.stderr
    assert len(entries(home)) == 1
    assert cli("edit", "e1", "--activity", "2=6").exit_code == 0
    assert entries(home)[0].activities == ((1, 3), (2, 6))
    assert cli("undo").exit_code == 0
    assert entries(home)[0].activities == ((1, 3), (2, 4))
    assert cli("delete", "e1", "--yes").exit_code == 0
    assert entries(home) == []
    assert cli("undo").exit_code == 0
    assert entries(home)[0].activities == ((1, 3), (2, 4))
    history = json.loads(cli("history", "--json").stdout)["records"]
    assert history[0]["activities"] == {"1": 3, "2": 4}


def test_ratings_travel_in_exports(cli: Any, home: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    cli("activity", "add", "tie my shoes")
    cli("log", "--activity", "1=3")
    cli("log", "--discomfort", "4", "--stiffness", "2", "--activity", "1=5")
    backup, table = tmp_path / "b.json", tmp_path / "b.csv"
    assert cli("export", "--format", "json", "-o", str(backup)).exit_code == 0
    assert cli("export", "-o", str(table)).exit_code == 0
    document = json.loads(backup.read_text())
    assert document["version"] == 3 and document["activities"][0]["name"] == "tie my shoes"
    # Into another diary that follows something else already: matched by name.
    monkeypatch.setenv("CRACKCOACH_HOME", str(tmp_path / "other"))
    cli("activity", "add", "walk the dog")
    assert cli("import", str(backup)).exit_code == 0
    other = entries(tmp_path / "other")
    assert [e.activities for e in other] == [((2, 3),), ((2, 5),)]
    assert cli("import", str(backup)).stdout.count("Skipped") == 1
    # The CSV table names the diary's own activity ids.
    monkeypatch.setenv("CRACKCOACH_HOME", str(tmp_path / "third"))
    refused = cli("import", str(table))
    assert refused.exit_code == 2 and "activity 1 is not in" in refused.stderr
    cli("activity", "add", "anything")
    assert cli("import", str(table)).exit_code == 0
    assert [e.activities for e in entries(tmp_path / "third")] == [((1, 3),), ((1, 5),)]


def test_an_old_export_still_imports(cli: Any, home: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text('{"format": "crackcoach-export", "version": 2, "sessions": [], "entries": '
                   '[{"id": 1, "at": "2024-05-01T08:00:00+02:00", "discomfort": 3}], '
                   '"changes": []}')
    assert cli("import", str(old)).exit_code == 0
    assert entries(home)[0].activities == ()


# --- the weekly function measure ------------------------------------------------------------

MONDAYS = [date(2026, 10, 19) + timedelta(weeks=n) for n in range(6)]
RISING = [3, 3, 4, 5, 6, 6]  # both activities, week by week
AS_OF = "2026-11-30"  # the Monday after the sixth week


def rising_diary(home: Path) -> None:
    """Discomfort steady at 5 (three readings a week); activities rising from 3 to 6."""
    with open_store(home / "crackcoach.db") as s:
        first = s.add_activity("tie my shoes", datetime.combine(MONDAYS[0], time(7), ZONE))
        second = s.add_activity("sit through a meeting",
                                datetime.combine(MONDAYS[0], time(7), ZONE))
        for monday, score in zip(MONDAYS, RISING, strict=True):
            for hour in (8, 12, 18):
                s.add_entry(DiaryEntry(datetime.combine(monday, time(hour), ZONE),
                                       discomfort=5, stiffness=4))
            s.add_entry(DiaryEntry(datetime.combine(monday, time(20), ZONE),
                                   activities=((first.id, score), (second.id, score))))


def test_function_can_improve_while_pain_is_unchanged_in_every_command(
        cli: Any, home: Path, tmp_path: Path) -> None:
    rising_diary(home)
    stats = cli("stats", "--as-of", AS_OF).stdout
    assert "Change against the baseline week: within day-to-day variation" in stats
    assert "Function against the baseline week: meaningful improvement" in stats
    assert "a1 tie my shoes: 3 -> 6 (+3); meaningful improvement" in stats
    assert "What moved: function (improved); pain is unchanged" in stats

    figures = json.loads(cli("stats", "--as-of", AS_OF, "--json").stdout)
    assert figures["change"]["verdict"] == "within day-to-day variation"
    assert figures["function"]["verdict"] == "meaningful improvement"
    assert (figures["function"]["baseline"], figures["function"]["latest"]) == (3.0, 6.0)
    assert [a["verdict"] for a in figures["function"]["activities"]] == [
        "meaningful improvement"] * 2
    assert figures["moved"] == "function"

    report = cli("report", "--as-of", AS_OF).stdout
    assert "**Meaningful improvement.** Baseline: an average of 3.0" in report
    assert "| a1 tie my shoes | 3 | 6 | +3 | meaningful improvement |" in report
    assert "**What moved: function (improved); pain is unchanged" in report
    page = cli("report", "--as-of", AS_OF, "--format", "html").stdout
    assert "Function: activities the person wants back" in page
    assert "What moved: function (improved)" in page
    assert "Activities, weekly average" in page  # the chart

    env = make_env(home, Clock(datetime(2026, 11, 30, 9, tzinfo=ZONE)))
    assert today(env) == 0
    screen = output(env)
    assert ": within day-to-day variation" in screen  # the discomfort trend, with its week
    assert "Function trend: meaningful improvement" in screen
    assert "What moved: function" in screen
    env = make_env(home, Clock(datetime(2026, 11, 30, 9, tzinfo=ZONE)))
    assert today(env, json_output=True) == 0
    data = json.loads(output(env))
    assert (data["trend"], data["function_trend"], data["moved"]) == (
        "within day-to-day variation", "meaningful improvement", "function")


def measure(scores: list[int | None], today: date = date(2026, 11, 30)) -> Any:
    """The function measure of one activity rated ``scores`` week by week (None: not rated)."""
    activity = Activity(1, "walk", datetime(2026, 10, 1, tzinfo=ZONE))
    ratings = [Rating(datetime.combine(monday, time(20), ZONE), 1, score, n)
               for n, (monday, score) in enumerate(zip(MONDAYS, scores, strict=False))
               if score is not None]
    return function_measure.compute(ratings, [activity], today=today)


def test_one_week_better_is_not_yet_an_improvement() -> None:
    assert measure([3, 3, 3, 3, 3, 6]).verdict == "within measurement error"  # +3 once
    assert measure([3, 3, 3, 3, 3, 6]).weeks[-2].status == "better by enough (1 week)"
    assert measure([3, 3, 3, 3, 6, 6]).verdict == "meaningful improvement"
    assert measure([3, 6, None, 6]).verdict == "meaningful improvement"  # rated weeks running
    assert measure([3, 4, 4, 4, 4, 4]).verdict == "within measurement error"
    assert measure([6, 6, 6, 6, 6, 4]).verdict == "possible worsening"
    assert measure([6]).verdict == "not enough data"
    assert measure([]).verdict == "not enough data"


def test_the_latest_rating_of_a_week_is_its_value_and_this_week_is_not_judged() -> None:
    activity = Activity(1, "walk", datetime(2026, 10, 1, tzinfo=ZONE))
    monday = MONDAYS[0]
    ratings = [Rating(datetime.combine(monday, time(9), ZONE), 1, 2, 1),
               Rating(datetime.combine(monday + timedelta(days=3), time(9), ZONE), 1, 4, 2),
               Rating(datetime.combine(monday + timedelta(days=7), time(9), ZONE), 1, 9, 3)]
    found = function_measure.compute(ratings, [activity], today=monday + timedelta(days=8))
    assert found.baseline == 4  # Thursday's rating replaced Monday's
    assert found.weeks[-1].status == "so far" and found.verdict == "not enough data"
    # Two activities with a detectable change on one (3 points) but not on the average.
    other = Activity(2, "sit", datetime(2026, 10, 1, tzinfo=ZONE))
    pairs = [(3, 5), (3, 5), (6, 5), (6, 5)]
    ratings = [Rating(datetime.combine(MONDAYS[n], time(9), ZONE), a, s, n)
               for n, pair in enumerate(pairs) for a, s in zip((1, 2), pair, strict=True)]
    found = function_measure.compute(ratings, [activity, other], today=MONDAYS[4])
    assert found.verdict == "within measurement error"  # the average rose by 1.5
    assert [a.verdict for a in found.activities] == ["meaningful improvement",
                                                     "within measurement error"]


@pytest.mark.parametrize(("pain", "function", "word"), [
    ("meaningful improvement", "meaningful improvement", "both"),
    ("meaningful improvement", "within measurement error", "pain"),
    ("within day-to-day variation", "possible worsening", "function"),
    ("not enough data", "not enough data", "neither"),
])
def test_each_screen_says_which_measure_moved(pain: str, function: str, word: str) -> None:
    which, sentence = function_measure.moved(pain, function)
    assert which == word and sentence.startswith("What moved: ")


def test_log_in_a_terminal_asks_the_ratings_once_a_week(tmp_path: Path) -> None:
    from crackcoach.app.diary import LogValues, log

    home = tmp_path / "home"
    monday = datetime(2026, 11, 30, 9, tzinfo=ZONE)
    with open_store(home / "crackcoach.db") as s:
        s.add_activity("tie my shoes", monday)
        s.add_activity("walk the dog", monday)
    comfort = "3\n2\n\n\n\n\n\n"  # discomfort, stiffness, then Enter past the rest
    env = make_env(home, Clock(monday), answers=comfort + "4\n\n")
    assert log(env, LogValues()) == 0
    assert "a1 tie my shoes, 0-10 (Enter to skip)" in output(env)
    assert entries(home)[-1].activities == ((1, 4),)  # the second one skipped
    later = make_env(home, Clock(monday + timedelta(days=2)), answers=comfort)
    assert log(later, LogValues()) == 0
    assert "tie my shoes" not in output(later) and entries(home)[-1].activities == ()
    next_week = make_env(home, Clock(monday + timedelta(days=7)), answers=comfort + "5\n6\n")
    assert log(next_week, LogValues()) == 0
    assert entries(home)[-1].activities == ((1, 5), (2, 6))


def test_after_a_session_the_ratings_are_asked_once_a_week(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    from homes import CRACKCOACH, first_check_answered, terminal_env, tiny_routines

    folder, home = tiny_routines(tmp_path), tmp_path / "home"
    first_check_answered(home)
    env = terminal_env(tmp_path)
    with open_store(home / "crackcoach.db") as s:
        s.add_activity("tie my shoes", datetime.now().astimezone())

    def session(rate: bool) -> None:
        child = pexpect.spawn(CRACKCOACH, ["start", "tiny", "--routines-dir", str(folder),
                                           "--quiet"], env=env, dimensions=(40, 100),
                              encoding="utf-8", timeout=30)
        child.expect_exact("Press Enter to start")
        child.send("\r")
        child.expect_exact("discomfort right now, 0-10")
        child.sendline("")
        for prompt, answer in (("Discomfort now, 0-10", "3"), ("Stiffness now, 0-10", "2"),
                               ("moving feels", "3"), ("Which side feels tighter?", ""),
                               ("on purpose today?", ""), ("or Enter for none: ", ""),
                               ("A note for your diary", "")):
            child.expect_exact(prompt)
            child.sendline(answer)
        if rate:
            child.expect_exact("a1 tie my shoes, 0-10 (Enter to skip)")
            child.sendline("4")
        child.expect_exact("Saved to your diary.")
        child.expect(pexpect.EOF)
        asked_again = "tie my shoes" in (child.before or "")
        child.close()
        assert not asked_again or rate

    session(rate=True)
    assert entries(home)[-1].activities == ((1, 4),)
    session(rate=False)
    assert entries(home)[-1].activities == ()


def test_an_edit_kept_before_activities_existed_can_still_be_undone(cli: Any,
                                                                      home: Path) -> None:
    import sqlite3

    assert cli("log", "--discomfort", "5", "--stiffness", "3").exit_code == 0
    assert cli("edit", "e1", "--discomfort", "2").exit_code == 0
    db = sqlite3.connect(home / "crackcoach.db")  # as an older crackcoach kept the change
    db.execute("UPDATE changes SET old = json_remove(old, '$.activities'), "
               "new = json_remove(new, '$.activities')")
    db.commit()
    db.close()
    undone = cli("undo")
    assert undone.exit_code == 0, undone.stderr
    assert entries(home)[0].discomfort == 5


def test_history_shows_the_ratings(cli: Any) -> None:
    cli("activity", "add", "tie my shoes")
    cli("log", "--activity", "1=4")
    assert "activities a1 4" in cli("history").stdout


def test_a_hostile_name_is_shown_as_text(cli: Any, home: Path) -> None:
    assert cli("activity", "add", "walk \x1b[2J[bold]far[/bold]").exit_code == 0
    cli("log", "--activity", "1=4")
    for args in (("activity",), ("stats",), ("report",)):
        out = cli(*args).stdout
        assert "\x1b" not in out, args
        assert "[bold]far" in out.replace("\\", ""), args


def test_today_says_when_this_week_has_no_rating(home: Path) -> None:
    rising_diary(home)
    monday = datetime(2026, 11, 30, 9, tzinfo=ZONE)  # the week after the last rating
    env = make_env(home, Clock(monday))
    assert today(env) == 0
    assert "Activities not rated this week" in output(env)
    with open_store(home / "crackcoach.db") as s:
        s.add_entry(DiaryEntry(monday, activities=((1, 6),)))
    env = make_env(home, Clock(monday + timedelta(hours=1)))
    assert today(env, json_output=True) == 0
    assert json.loads(output(env))["activities_rated_this_week"] is True


def test_the_json_backup_round_trip_is_exact(cli: Any, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    cli("activity", "add", "tie my shoes")
    cli("activity", "add", "walk the dog")
    cli("activity", "remove", "a2")
    cli("log", "--activity", "1=3", "--at", "2026-11-02T20:00")
    cli("log", "--discomfort", "4", "--stiffness", "2", "--activity", "1=5", "--activity",
        "2=4", "--at", "2026-11-09T20:00")
    cli("edit", "e1", "--activity", "1=4")
    first = cli("export", "--format", "json").stdout
    backup = tmp_path / "backup.json"
    backup.write_text(first, encoding="utf-8")
    monkeypatch.setenv("CRACKCOACH_HOME", str(tmp_path / "restored"))
    assert cli("import", str(backup)).exit_code == 0
    assert cli("export", "--format", "json").stdout == first


def test_a_damaged_rating_is_reported_as_a_damaged_diary(cli: Any, home: Path) -> None:
    import sqlite3

    cli("activity", "add", "tie my shoes")
    cli("log", "--activity", "1=4")
    db = sqlite3.connect(home / "crackcoach.db")
    db.execute("PRAGMA ignore_check_constraints = ON")
    db.execute("UPDATE activity_ratings SET score = 'x'")
    db.commit()
    db.close()
    for args in (("export", "--format", "json"), ("stats",), ("history",)):
        result = cli(*args)
        assert result.exit_code == 1, args
        assert "is damaged" in result.stderr and len(result.stderr.splitlines()) == 1, args
