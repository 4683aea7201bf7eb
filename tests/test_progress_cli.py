"""`stats`, `report`, `export` and `import` run in-process against a real diary file."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from crackcoach.base import atomicfile
from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.errors import CrackcoachError
from crackcoach.store import open_store

TODAY = date(2024, 5, 14)
AS_OF = ["--as-of", TODAY.isoformat()]
TZ = timezone(timedelta(hours=2))
Cli = Callable[..., Any]


def at(day: date, hour: int = 8, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def three_weeks() -> tuple[list[SessionRecord], list[DiaryEntry]]:
    """Sessions every other day for three weeks; discomfort 6 falling to 4."""
    sessions, entries = [], []
    for n in range(20, -1, -1):
        day = TODAY - timedelta(days=n)
        if n % 2:
            continue
        sid = len(sessions) + 1
        sessions.append(SessionRecord(
            "back-reset" if n % 4 else "desk-hips", at(day), at(day, 8, 10), 600.0, 540.0,
            0.0, ("cat-cow",), ("foam roller",) if n < 6 else (), "completed", id=sid))
        value = 6 if n >= 14 else 4
        entries.append(DiaryEntry(at(day, 8, 11), discomfort=value, stiffness=5,
                                  discomfort_before=value + 1, tighter_side="left",
                                  cracks=1, session_id=sid))
    return sessions, entries


def seed(home: Path, sessions: list[SessionRecord], entries: list[DiaryEntry]) -> None:
    with open_store(home / "crackcoach.db") as store:
        store.import_records(sessions, entries)


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def test_stats_with_an_empty_diary_says_what_to_do_and_creates_nothing(cli: Cli,
                                                                       home: Path) -> None:
    result = cli("stats", *AS_OF)
    assert result.exit_code == 0, result.stderr
    assert lines(result.stdout) == [
        "Progress  2024-03-25 to 2024-05-14 (8 weeks from Monday; all routines)",
        "Nothing recorded in the last 8 weeks yet. Run a routine with 'crackcoach start' or "
        "log how you feel",
        "with 'crackcoach log'; the weekly figures appear here as the diary fills.",
    ]
    assert not (home / "crackcoach.db").exists()


def test_stats_draws_weekly_bars_with_numbers(cli: Cli, home: Path) -> None:
    seed(home, *three_weeks())
    result = cli("stats", *AS_OF)
    assert result.exit_code == 0, result.stderr
    assert lines(result.stdout) == EXPECTED_STATS


EXPECTED_STATS = [
    'Progress  2024-04-22 to 2024-05-14 (4 weeks from Monday, all the diary holds; all routines)',
    '',
    'Change against the baseline week: meaningful improvement',
    '  Discomfort in the week of 6 May 2024: median 4 (4 readings), against median 6 in the'
    ' baseline week',
    '  of 22 Apr 2024 (3 readings): 2 points lower. Lower by enough in two weeks running: a'
    ' meaningful',
    '  improvement.',
    '  Stiffness in the same weeks: median 5 -> 5 (0); there is no agreed threshold, so no'
    ' verdict.',
    '',
    'Discomfort  weekly median, 0-10 (0 = none), lower is better',
    '  22 Apr ████████████           6 3 readings; change within sessions -1; baseline',
    '  29 Apr ████████               4 3 readings; change within sessions -1; lower by enough (1'
    ' week)',
    '  06 May ████████               4 4 readings; change within sessions -1; meaningful'
    ' improvement',
    '  13 May ████████               4 1 reading; change within sessions -1; so far',
    '',
    'Stiffness  weekly median, 0-10 (0 = none)',
    '  22 Apr ██████████             5 3 readings',
    '  29 Apr ██████████             5 3 readings',
    '  06 May ██████████             5 4 readings',
    '  13 May ██████████             5 1 reading',
    '',
    'Counted sessions a week  target 3; ✓ = reached; partial ones (less than half done) are not'
    ' counted',
    '  22 Apr ███████████████        3 ✓ 27 min',
    '  29 Apr ███████████████        3 ✓ 27 min',
    '  06 May ████████████████████   4 ✓ 36 min',
    '  13 May █████                  1 so far 9 min',
    '',
    '  Sessions        11 counted of 11 sessions',
    '  Weekly target   3 counted sessions, reached in 3 of 3 complete weeks',
    '  Time stretched  99 min in total, pauses left out',
    '  Streak          1 day in a row now; longest 1 (to 2024-05-14)',
    '  Skipped most    foam roller (3 of 3 times)',
    '  Tighter side    left 11 · right 0 · even 0',
    '',
    'Deliberate cracking  times a day, on days it was logged',
    '  22 Apr ██                     1 a day over 3 logged days',
    '  29 Apr ██                     1 a day over 3 logged days',
    '  06 May ██                     1 a day over 4 logged days',
    '  13 May ██                     1 a day over 1 logged day',
]


def test_stats_json_gives_the_same_figures(cli: Cli, home: Path) -> None:
    seed(home, *three_weeks())
    result = cli("stats", "--json", "--weeks", "4", "--target", "4", *AS_OF)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["change"]["verdict"] == "meaningful improvement"
    assert data["change"]["baseline"] == 6 and data["change"]["latest"] == 4
    assert [w["sessions"] for w in data["weeks"]] == [3, 3, 4, 1]
    assert [w["counted"] for w in data["weeks"]] == [3, 3, 4, 1]
    assert [w["partial"] for w in data["weeks"]] == [0, 0, 0, 0]
    assert [w["so_far"] for w in data["weeks"]] == [False, False, False, True]
    assert [w["met_target"] for w in data["weeks"]] == [False, False, True, False]
    assert data["target"] == 4 and data["weeks_on_target"] == 1
    assert (data["counted"], data["partial"], data["week_starts_on"]) == (11, 0, "monday")
    assert data["streaks"] == {"current": 1, "longest": 1, "longest_ended": "2024-05-14"}


def test_stats_for_one_routine(cli: Cli, home: Path) -> None:
    seed(home, *three_weeks())
    data = json.loads(cli("stats", "--json", "--routine", "desk-hips", *AS_OF).stdout)
    assert data["routine"] == "desk-hips"
    assert data["sessions"] == 6 and data["entries"] == 6
    unknown = cli("stats", "--routine", "neck", *AS_OF)
    assert unknown.exit_code == 2
    assert unknown.stderr == ("crackcoach: error: --routine neck: no sessions of that routine "
                              "in the diary; routines in the diary: back-reset, desk-hips\n")


def test_stats_puts_safety_answers_above_everything(cli: Cli, home: Path) -> None:
    sessions, entries = three_weeks()
    entries.append(DiaryEntry(at(TODAY - timedelta(days=3), 20), discomfort=5,
                              flags=("saddle-numbness", "night-pain")))
    seed(home, sessions, entries)
    out = lines(cli("stats", *AS_OF).stdout)
    assert out[0].startswith("╭─ A safety sign is open ─")  # not cleared: first of all
    assert "Get medical help today: the safety sign recorded on 2024-05-11" in out[1]
    start = out.index(next(line for line in out if "Safety-screen answers" in line))
    assert out[start + 1].startswith("│ 2024-05-11 20:00 +02:00  - numbness or tingling between")
    assert any("Get medical help today:" in line for line in out[:12])
    assert out.index(next(line for line in out if line.startswith("Progress"))) > 3


@pytest.mark.parametrize(("args", "message"), [
    (["stats", "--weeks", "0"], "--weeks 0: expected a whole number from 1 to 520"),
    (["stats", "--as-of", "last tuesday"],
     "--as-of 'last tuesday': expected a date like 2024-05-14"),
    (["stats", "--target", "x"], "--target x: expected a whole number from 1 to 21"),
    (["report", "--format", "pdf"], "--format pdf: expected markdown or html"),
    (["export", "--format", "xml"], "--format xml: expected csv, json or fhir"),
    (["import", "missing.csv"], "missing.csv: no such file"),
])
def test_bad_usage_exits_2_with_one_line(cli: Cli, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"crackcoach: error: {message}")
    assert result.stderr.count("\n") == 1


def test_report_markdown_on_stdout(cli: Cli, home: Path) -> None:
    seed(home, *three_weeks())
    result = cli("report", "--weeks", "3", *AS_OF)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Stretching and comfort diary: progress report\n")
    assert "| 2024-05-06 | 4 | 0 | 36 | 4 (4) | 5 | -1 | 1 | meaningful improvement |" in (
        result.stdout)


def test_report_html_written_atomically(cli: Cli, home: Path, tmp_path: Path) -> None:
    seed(home, *three_weeks())
    target = tmp_path / "report.html"
    result = cli("report", "--format", "html", "--output", str(target), *AS_OF)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Wrote the html report to {target}\n"
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 2
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_report_into_a_missing_folder_fails_cleanly(cli: Cli, tmp_path: Path) -> None:
    result = cli("report", "--output", str(tmp_path / "nope" / "r.md"), *AS_OF)
    assert result.exit_code == 1
    assert result.stderr == (f"crackcoach: error: cannot write {tmp_path / 'nope' / 'r.md'}: "
                             f"the folder {tmp_path / 'nope'} does not exist\n")


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_text("old backup\n")

    def half(out: Any) -> None:
        out.write("kind,id\nsession,")
        raise CrackcoachError("disk went away")

    with pytest.raises(CrackcoachError):
        atomicfile.write_text_atomic(target, half)
    assert target.read_text() == "old backup\n"
    assert os.listdir(tmp_path) == ["export.csv"]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_import_round_trip_into_an_empty_home(
        cli: Cli, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    sessions, entries = three_weeks()
    entries.append(DiaryEntry(at(TODAY, 21), note='a "note", with\nlines | <b>', flags=(
        "night-pain",), mobility="better"))
    entries.insert(0, DiaryEntry(datetime(2024, 5, 1, 23, 59, 59, 999999, timezone.utc),
                                 discomfort=0))
    seed(home, sessions, entries)
    first = cli("export", "--format", fmt)
    assert first.exit_code == 0, first.stderr
    backup = tmp_path / f"backup.{fmt}"
    backup.write_text(first.stdout, encoding="utf-8")

    monkeypatch.setenv("CRACKCOACH_HOME", str(tmp_path / "second"))
    imported = cli("import", str(backup))
    assert imported.exit_code == 0, imported.stderr
    assert imported.stdout == f"Imported 11 sessions and 13 diary entries from {backup}.\n"
    again = cli("export", "--format", fmt)
    assert again.stdout == first.stdout

    twice = cli("import", str(backup))
    assert twice.stdout == (f"Imported 0 sessions and 0 diary entries from {backup}.\n"
                            "Skipped 11 sessions and 13 diary entries already in the diary.\n")
    assert cli("export", "--format", fmt).stdout == first.stdout


def test_export_to_a_file_and_from_an_empty_diary(cli: Cli, home: Path,
                                                  tmp_path: Path) -> None:
    target = tmp_path / "diary.json"
    result = cli("export", "--format", "json", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote 0 sessions and 0 diary entries to {target}\n"
    assert json.loads(target.read_text()) == {
        "format": "crackcoach-export", "version": 3, "sessions": [], "entries": [],
        "activities": [], "changes": [], "clearances": []}
    assert not (home / "crackcoach.db").exists()


def test_a_bad_import_names_the_lines_and_writes_nothing(cli: Cli, home: Path,
                                                         tmp_path: Path) -> None:
    seed(home, *three_weeks())
    exported = cli("export").stdout.splitlines()
    exported[3] = exported[3].replace(",completed,", ",done,")
    exported[-1] = exported[-1].replace(",4,5,", ",4,55,")
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(exported) + "\n", encoding="utf-8")
    with open_store(home / "crackcoach.db") as store:
        before = (store.sessions(), store.entries())
    result = cli("import", str(bad))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"crackcoach: error: {bad}: line 4: outcome: 'done' is not one of completed, quit, "
        "interrupted, stopped\n"
        f"crackcoach: error: {bad}: line 23: stiffness: 55 is out of range; expected a whole "
        "number 0-10\n"
        f"crackcoach: error: {bad}: nothing was imported\n")
    with open_store(home / "crackcoach.db") as store:
        assert (store.sessions(), store.entries()) == before


def test_import_refuses_a_binary_file(cli: Cli, tmp_path: Path) -> None:
    junk = tmp_path / "photo.csv"
    junk.write_bytes(b"kind,id\n\xff\xd8\xff")
    result = cli("import", str(junk))
    assert result.exit_code == 2
    assert result.stderr == (f"crackcoach: error: {junk}: line 2: not UTF-8 text; expected a "
                             "file written by 'crackcoach export'\n")


@pytest.mark.parametrize("command", ["stats", "report", "export", "import"])
def test_every_command_has_help_with_an_example(cli: Cli, command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and f"crackcoach {command}" in result.stdout


def test_stats_with_a_gap_week_and_one_week_of_readings(cli: Cli, home: Path) -> None:
    entries = [DiaryEntry(at(TODAY - timedelta(days=15)), stiffness=6),
               DiaryEntry(at(TODAY - timedelta(days=1)), discomfort=5, stiffness=4),
               DiaryEntry(at(TODAY), discomfort=4, stiffness=4, discomfort_before=6)]
    seed(home, [], entries)
    result = cli("stats", "--weeks", "4", *AS_OF)
    assert result.exit_code == 0, result.stderr
    assert lines(result.stdout) == [
        'Progress  2024-04-29 to 2024-05-14 (3 weeks from Monday, all the diary holds; all'
        ' routines)',
        '',
        'Change against the baseline week: not enough data',
        '  No calendar week has 3 discomfort readings yet, so there is no baseline to compare'
        ' with (one',
        '  reading is too noisy). Log how you feel on at least 3 days in a week; that week'
        ' becomes the',
        '  baseline.',
        '',
        'Discomfort  weekly median, 0-10 (0 = none), lower is better',
        '  29 Apr ·                      – no readings',
        '  06 May ·                      – no readings',
        '  13 May █████████            4.5 2 readings; change within sessions -2; so far',
        '',
        'Stiffness  weekly median, 0-10 (0 = none)',
        '  29 Apr ████████████           6 1 reading',
        '  06 May ·                      – no readings',
        '  13 May ████████               4 2 readings',
        '',
        'Counted sessions a week  target 3; ✓ = reached; partial ones (less than half done) are'
        ' not counted',
        '  No sessions in this period.',
        '',
        '  Sessions        0 counted of 0 sessions',
        '  Weekly target   3 counted sessions, reached in 0 of 2 complete weeks',
        '  Time stretched  0 min in total, pauses left out',
        '  Streak          0 days in a row now; longest 0',
    ]


# --- one verdict everywhere -------------------------------------------------------------------

def _twelve_weeks_logged(cli: Cli) -> None:
    """A diary built as a person would, a day at a time with `log --at` and `done`: discomfort
    8 for the first week, easing to 5 by the last two (a meaningful improvement from 8)."""
    first = date(2026, 9, 7)  # a Monday
    for n in range(84):
        day = first + timedelta(days=n)
        value = 8 if n < 7 else 7 if n < 35 else 6 if n < 70 else 5
        assert cli("log", "--discomfort", str(value), "--stiffness", "4",
                   "--at", f"{day.isoformat()}T20:00").exit_code == 0
        if n % 2 == 0:
            assert cli("done", "quick-reset", "--at", f"{day.isoformat()}T19:00").exit_code == 0


def test_stats_json_and_both_reports_give_one_verdict_for_any_period_and_day(
        cli: Cli, home: Path) -> None:
    _twelve_weeks_logged(cli)
    seen = set()
    for offset in range(7):  # every day of the week after the twelfth
        as_of = (date(2026, 11, 30) + timedelta(days=offset)).isoformat()
        for weeks in ("4", "8", "12", "52"):
            data = json.loads(cli("stats", "--json", "--weeks", weeks, "--as-of", as_of).stdout)
            change = data["change"]
            seen.add((change["verdict"], change["explanation"], change["baseline_week"]))
            words = " ".join(cli("stats", "--weeks", weeks, "--as-of", as_of).stdout.split())
            assert f"Change against the baseline week: {change['verdict']}" in words
            assert " ".join(change["explanation"].split()) in words
            markdown = cli("report", "--weeks", weeks, "--as-of", as_of).stdout
            assert f"**{change['verdict'].capitalize()}.** {change['explanation']}" in markdown
            if offset == 0:
                page = cli("report", "--format", "html", "--weeks", weeks, "--as-of",
                           as_of).stdout
                assert f"{change['verdict'].capitalize()}.</span> " in page
                assert change["explanation"] in page
    assert len(seen) == 1, seen
    ((verdict, explanation, baseline),) = seen
    assert (verdict, baseline) == ("meaningful improvement", "2026-09-07")
    assert explanation.startswith("Discomfort in the week of 23 Nov 2026: median 5 "
                                  "(7 readings), against median 8 in the baseline week of "
                                  "7 Sep 2026 (7 readings)")


def test_the_week_start_setting_reaches_stats_and_report(cli: Cli, home: Path) -> None:
    seed(home, *three_weeks())
    assert cli("config", "set", "week-start", "sunday").exit_code == 0
    data = json.loads(cli("stats", "--json", *AS_OF).stdout)
    assert data["week_starts_on"] == "sunday"
    assert data["weeks"][0]["start"] == "2024-04-21"
    assert "(4 weeks from Sunday, all the diary holds;" in cli("report", *AS_OF).stdout


def test_stats_counts_eleven_quick_quits_and_one_completed_session_as_one(
        cli: Cli, home: Path) -> None:
    sessions = [SessionRecord("quick-reset", at(TODAY - timedelta(days=1), 7, n),
                              at(TODAY - timedelta(days=1), 7, n), 180.0, 3.0, 0.0, (), (),
                              "quit", id=n + 1) for n in range(11)]
    sessions.append(SessionRecord("quick-reset", at(TODAY, 7), at(TODAY, 7, 3), 180.0, 180.0,
                                  0.0, ("cat-cow",), (), "completed", id=12))
    seed(home, sessions, [])
    for args in ([], ["--routine", "quick-reset"]):
        data = json.loads(cli("stats", "--json", *args, *AS_OF).stdout)
        assert (data["sessions"], data["counted"], data["partial"]) == (12, 1, 11)
        assert data["weeks"][-1]["counted"] == 1 and not data["weeks"][-1]["met_target"]
        assert data["streaks"]["current"] == 1
    text = " ".join(cli("stats", *AS_OF).stdout.split())
    assert "Sessions 1 counted of 12 sessions, 11 partial (less than half done)" in text
    assert "1 so far 4 min, 11 partial" in text


def test_todays_screen_agrees_with_stats(cli: Cli, home: Path) -> None:
    _twelve_weeks_logged(cli)
    today = json.loads(cli("today", "--json").stdout)
    stats = json.loads(cli("stats", "--json").stdout)  # the same clock: today
    assert today["trend"] == stats["change"]["verdict"]
    assert today["streak"] == stats["streaks"]["current"]
    assert today["sessions_this_week"] == stats["weeks"][-1]["counted"]
