"""``crackcoach log``, ``history``, ``flags`` and ``learn`` as a user runs them."""

from __future__ import annotations

import builtins
import io
import json
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from crackcoach import store
from crackcoach.cli import run
from crackcoach.diary.records import DiaryEntry, SessionRecord

UTC = timezone.utc


@pytest.fixture(autouse=True)
def _utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC in these tests, so rendered times are fixed."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def lines(text: str) -> str:
    """Rendered output without the spaces Rich pads table cells with."""
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def stored(home: Path) -> list[DiaryEntry]:
    with store.open_store(home / "crackcoach.db") as s:
        found = s.entries()
    assert all(e.uid is not None and len(e.uid) == 32 for e in found)  # each its own uid
    return [e._replace(uid=None) for e in found]


# --- log with options --------------------------------------------------------------------------

def test_log_saves_an_entry_and_confirms_it(cli: Any, home: Path) -> None:
    result = cli("log", "--discomfort", "3", "--stiffness", "2", "--at", "2024-05-01T20:30")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "Saved diary entry e1 (2024-05-01 20:30): discomfort 3, stiffness 2.\n", "")
    assert stored(home) == [DiaryEntry(at=datetime(2024, 5, 1, 20, 30, tzinfo=UTC),
                                       discomfort=3, stiffness=2, id=1)]


def test_log_defaults_to_now_in_local_time(cli: Any, home: Path) -> None:
    before = datetime.now(UTC)
    assert cli("log", "--discomfort", "0", "--stiffness", "0").exit_code == 0
    (entry,) = stored(home)
    assert before <= entry.at <= datetime.now(UTC)
    assert entry.at.utcoffset() == timedelta(0)


def test_log_with_every_option(cli: Any, home: Path) -> None:
    result = cli("log", "--discomfort=4", "--stiffness", "5", "--mobility", "much-better",
                 "--tighter-side", "right", "--cracks", "0", "--flag", "sharp-pain",
                 "--flag", "feels-unstable", "--note", "after the long drive",
                 "--at", "2024-05-01T20:30:00+02:00")
    assert result.exit_code == 0, result.stderr
    assert stored(home) == [DiaryEntry(
        at=datetime(2024, 5, 1, 20, 30, tzinfo=timezone(timedelta(hours=2))), discomfort=4,
        stiffness=5, mobility="much-better", tighter_side="right", cracks=0,
        flags=("feels-unstable", "sharp-pain"), note="after the long drive", id=1)]
    assert lines(result.stdout) == """\
Saved diary entry e1 (2024-05-01 20:30 +02:00): discomfort 4, stiffness 5, mobility much-better, tighter side right, cracks 0, flags feels-unstable, sharp-pain.
╭─ Worth a check-up ───────────────────────────────────────────────────────────────────────────────╮
│ Book an appointment with a doctor or physiotherapist to talk it through. Until then you can go   │
│ on stretching gently, leaving out any stretch that brings on pain.                               │
│                                                                                                  │
│ You noted:                                                                                       │
│   - the back feels loose or unstable after it cracks                                             │
│   - a stretch brought on sharp, shooting or spreading pain                                       │
│                                                                                                  │
│ A single time needs no appointment yet. When a stretch brings on sharp, shooting or spreading    │
│ pain once, ease off: leave that stretch out or go less far next time, or try the easier versions │
│ (crackcoach start --easier). If it keeps happening, book a check-up.                             │
│                                                                                                  │
│ This is general safety information, not a diagnosis. crackcoach cannot tell what is causing a    │
│ symptom; a professional can.                                                                     │
╰──────────────────────────────────────────────────────────────────────────────────────────────────╯
"""  # noqa: E501


def test_an_urgent_flag_shows_the_urgent_advice_first_alone_and_prominently(cli: Any) -> None:
    result = cli("log", "--discomfort", "6", "--stiffness", "5", "--flag", "night-pain",
                 "--flag", "bladder-bowel", "--at", "2024-05-01T20:30")
    assert result.exit_code == 0
    assert lines(result.stdout) == """\
┏━ URGENT: GET MEDICAL HELP TODAY ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ Stop here and do not start or go on with a routine. Go to an emergency department today, or call ┃
┃ your local emergency number: these signs need a professional to look at them straight away.      ┃
┃                                                                                                  ┃
┃ You noted:                                                                                       ┃
┃   - new trouble passing or holding urine or stool, or a new change in sexual function            ┃
┃                                                                                                  ┃
┃ This is general safety information, not a diagnosis. crackcoach cannot tell what is causing a    ┃
┃ symptom; a professional can.                                                                     ┃
┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛
Saved diary entry e1 (2024-05-01 20:30): discomfort 6, stiffness 5, flags bladder-bowel, night-pain.
"""


AT_EXPECTED = ("expected a date and time: ISO 8601 (2024-05-01T20:30 or "
               "2024-05-01T20:30+02:00), or 'yesterday 20:30', 'today 07:45', or 20:30 for today")
BAD_INPUT = [
    (["--discomfort", "11"], "--discomfort 11: expected a whole number from 0 to 10"),
    (["--discomfort", "-1"], "--discomfort -1: expected a whole number from 0 to 10"),
    (["--discomfort=abc"], "--discomfort abc: expected a whole number from 0 to 10"),
    (["--discomfort", "3.5"], "--discomfort 3.5: expected a whole number from 0 to 10"),
    (["--discomfort="], "--discomfort '': expected a whole number from 0 to 10"),
    (["--stiffness", "12"], "--stiffness 12: expected a whole number from 0 to 10"),
    (["--mobility", "fine"], "--mobility fine: expected one of much-worse, worse, same, "
                             "better, much-better (or 1-5)"),
    (["--tighter-side", "up"], "--tighter-side up: expected left, right or even (l, r, e)"),
    (["--tighter-side="], "--tighter-side '': expected left, right or even (l, r, e)"),
    (["--cracks", "101"], "--cracks 101: expected a whole number from 0 to 100"),
    (["--cracks", "many"], "--cracks many: expected a whole number from 0 to 100"),
    (["--flag", "backache"], "--flag backache: expected a safety-sign key: "
                             "saddle-numbness, bladder-bowel, leg-weakness, injury-pain, "
                             "chest-pain, neck-signs, painful-crack, swelling, numbness, "
                             "cracks-by-itself, fever-weight-loss, night-pain, cancer-history, "
                             "pain-after-fifty, long-term-steroids, immunity-or-drugs, "
                             "fall-osteoporosis, constant-upper-back, long-term-pain, "
                             "feels-unstable, sharp-pain, crack-reliance, cracks-painless (see "
                             "'crackcoach "
                             "flags')"),
    # A long value is shortened in the message: the error stays readable.
    (["--note", "x" * 2001], "--note " + "x" * 37 + "...: expected a note of at most 2000 "
                             "characters"),
    (["--at", "tomorrow"], f"--at tomorrow: {AT_EXPECTED}"),
    (["--at", "2024-05-01"], f"--at 2024-05-01: {AT_EXPECTED}"),
    (["--at", "2024-13-01T10:00"], f"--at 2024-13-01T10:00: {AT_EXPECTED}"),
    (["--at", "yesterday 25:00"], "--at 'yesterday 25:00': expected a time of day from 00:00 "
                                  "to 23:59"),
    (["--at", "1969-12-31T10:00"], "--at 1969-12-31T10:00: expected a time in 1970 or later"),
    (["--at", "2999-01-01T10:00"], "--at 2999-01-01T10:00: expected a time up to now, not in "
                                   "the future"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT)
@pytest.mark.parametrize("path", ["fast", "typer"])
def test_bad_input_exits_2_with_the_valid_range_and_writes_nothing(
        cli: Any, home: Path, capsys: pytest.CaptureFixture[str], args: list[str],
        message: str, path: str) -> None:
    full = ["log", "--discomfort", "3", "--stiffness", "2", *args]
    if path == "fast":
        result = cli(*full)
        code, out, err = result.exit_code, result.stdout, result.stderr
    else:
        code = run(full)
        out, err = capsys.readouterr()
    assert (code, out, err) == (2, "", f"crackcoach: error: {message}\n")
    assert not (home / "crackcoach.db").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--stiffness", "2"], "missing --discomfort: without a terminal"),
    (["--discomfort", "2"], "missing --stiffness: without a terminal"),
    (["--note", "hi"], "missing --discomfort and --stiffness: without a terminal"),
    ([], "missing --discomfort and --stiffness: without a terminal"),
])
def test_without_a_terminal_missing_options_exit_2(cli: Any, home: Path, args: list[str],
                                                  message: str) -> None:
    result = cli("log", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"crackcoach: error: {message} to ask in, crackcoach log "
                                    "needs at least --discomfort and --stiffness (e.g. "
                                    "crackcoach log --discomfort 3 --stiffness 2)")
    assert not (home / "crackcoach.db").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--discomfort"], "Option '--discomfort' requires an argument."),
    (["--pain", "3"], "No such option: --pain"),
    (["3"], "Got unexpected extra argument"),
])
def test_malformed_command_lines_are_usage_errors(cli: Any, home: Path, args: list[str],
                                                  message: str) -> None:
    result = cli("log", "--stiffness", "2", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"crackcoach: error: {message}")
    assert not (home / "crackcoach.db").exists()


def test_the_fast_path_and_typer_agree(cli: Any, home: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    args = ["log", "--discomfort", "7", "--stiffness", "1", "--cracks", "4", "--at",
            "2024-05-01T08:00"]
    fast = cli(*args).stdout
    for name in ("crackcoach.db", "crackcoach.db-wal", "crackcoach.db-shm"):
        (home / name).unlink(missing_ok=True)  # the cracking note is said once a day
    assert run(args) == 0
    slow = capsys.readouterr().out
    assert fast == slow
    assert "cracked your back on purpose 4 times" in fast


def test_a_damaged_diary_exits_1_naming_it(cli: Any, home: Path) -> None:
    home.mkdir()
    (home / "crackcoach.db").write_text("not a database " * 100)
    result = cli("log", "--discomfort", "3", "--stiffness", "2")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"crackcoach: error: the diary {home / 'crackcoach.db'} "
                                    "is damaged or is not a database")


def test_log_never_waits_for_input_when_stdin_is_not_a_terminal(home: Path) -> None:
    # stdin stays open and silent: a command that waited would hit the timeout.
    child = subprocess.run([sys.executable, "-m", "crackcoach", "log", "--note", "x"],
                           stdin=subprocess.PIPE, capture_output=True, text=True, timeout=30)
    assert child.returncode == 2
    assert "missing --discomfort and --stiffness" in child.stderr


# --- log in a terminal ------------------------------------------------------------------------

@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Pretend stdin is a terminal and type the given answers."""

    def type_answers(*answers: str | type[BaseException]) -> list[str]:
        prompts: list[str] = []
        queue = list(answers)

        def fake_input(prompt: str = "") -> str:
            prompts.append(prompt)
            answer = queue.pop(0)
            if isinstance(answer, type):
                raise answer()
            return answer

        fake_stdin = io.StringIO()
        fake_stdin.isatty = lambda: True  # type: ignore[method-assign]
        monkeypatch.setattr(sys, "stdin", fake_stdin)
        monkeypatch.setattr(builtins, "input", fake_input)
        return prompts

    return type_answers


def test_log_in_a_terminal_asks_the_questions(cli: Any, home: Path, terminal: Any) -> None:
    prompts = terminal("4", "x", "2", "better", "", "1", "", "slept badly")
    result = cli("log")
    assert result.exit_code == 0, result.stderr
    assert "Please enter a whole number from 0 to 10." in result.stdout
    assert "Compared with your last entry, moving feels:" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("Saved diary entry e1 (")
    (entry,) = stored(home)
    assert (entry.discomfort, entry.stiffness, entry.mobility, entry.cracks, entry.note) == (
        4, 2, "better", 1, "slept badly")
    assert len(prompts) == 8


def test_in_a_terminal_only_the_missing_answers_are_asked(cli: Any, home: Path,
                                                          terminal: Any) -> None:
    prompts = terminal("5")
    result = cli("log", "--discomfort", "2", "--mobility", "same", "--tighter-side", "even",
                 "--cracks", "0", "--flag", "swelling", "--note", "")
    assert result.exit_code == 0, result.stderr
    assert prompts == ["Stiffness now, 0-10 (0 = none, 10 = worst imaginable): "]
    assert stored(home)[0].flags == ("swelling",)


def test_bad_options_are_refused_before_any_question(cli: Any, terminal: Any) -> None:
    prompts = terminal("5")
    assert cli("log", "--discomfort", "12").exit_code == 2
    assert prompts == []


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError])
def test_stopping_the_questions_saves_nothing_and_says_so(cli: Any, home: Path, terminal: Any,
                                                          stop: type[BaseException]) -> None:
    terminal("3", "2", stop)
    result = cli("log")
    assert result.exit_code == 130
    assert result.stdout.endswith("\nStopped: nothing was saved.\n")
    assert not (home / "crackcoach.db").exists()


# --- history ------------------------------------------------------------------------------

def fill(home: Path) -> None:
    t0 = datetime(2024, 5, 1, 8, 0, tzinfo=timezone(timedelta(hours=2)))
    with store.open_store(home / "crackcoach.db") as s:
        sid = s.add_session(SessionRecord(
            "back-reset", t0, t0 + timedelta(minutes=14), 900, 840.0, 30, ("warm-up", "cat-cow",
                                                                            "rotation"),
            ("core",), "quit"))
        s.add_entry(DiaryEntry(t0 + timedelta(minutes=14), discomfort=3, stiffness=2,
                               mobility="better", discomfort_before=5, session_id=sid,
                               flags=("night-pain",), note="[bold]felt\x1b[31m good"))
        s.add_entry(DiaryEntry(t0 + timedelta(days=1), discomfort=2, stiffness=1,
                               tighter_side="left", cracks=2))


def test_history_shows_sessions_and_entries_newest_first(cli: Any, home: Path) -> None:
    fill(home)
    result = cli("history")
    assert result.exit_code == 0
    assert lines(result.stdout) == """\
id  when                     type     discomfort  stiffness  details
e2  2024-05-02 08:00 +02:00  entry             2          1  left side tighter, cracked 2x
e1  2024-05-01 08:14 +02:00  entry        5 -> 3          2  moving better, flags: night-pain,
                                                             "[bold]felt\\x1b[31m good"
s1  2024-05-01 08:00 +02:00  session                         back-reset quit, 14 of 15 min, 3 steps,
                                                             1 skipped
"""


def test_history_limit_and_since(cli: Any, home: Path) -> None:
    fill(home)
    assert len(json.loads(cli("history", "--limit", "1", "--json").stdout)["records"]) == 1
    since = json.loads(cli("history", "--since", "2024-05-01T06:10", "--json").stdout)[
        "records"]
    assert [item["type"] for item in since] == ["entry", "entry"]
    assert json.loads(cli("history", "--since", "2024-05-03", "--json").stdout)[
        "records"] == []


def test_history_json_uses_the_names_of_logs_options(cli: Any, home: Path) -> None:
    fill(home)
    items = json.loads(cli("history", "--json").stdout)["records"]
    assert all(len(item.pop("uid")) == 32 for item in items)
    assert items[1] == {
        "type": "entry", "id": 1, "at": "2024-05-01T08:14:00+02:00", "discomfort": 3,
        "discomfort_before": 5, "stiffness": 2, "mobility": "better", "tighter_side": None,
        "cracks": None, "flags": ["night-pain"], "note": "[bold]felt\x1b[31m good",
        "session_id": 1, "activities": {}}
    assert items[2] == {
        "type": "session", "id": 1, "at": "2024-05-01T08:00:00+02:00", "routine": "back-reset",
        "started_at": "2024-05-01T08:00:00+02:00", "ended_at": "2024-05-01T08:14:00+02:00",
        "outcome": "quit", "planned_seconds": 900.0, "actual_seconds": 840.0,
        "paused_seconds": 30.0, "steps_completed": ["warm-up", "cat-cow", "rotation"],
        "steps_skipped": ["core"], "timeline": [], "stopped_step": None,
        "recorded_afterwards": False}


def test_an_empty_history_says_how_to_begin(cli: Any) -> None:
    result = cli("history")
    assert (result.exit_code, lines(result.stdout)) == (0, (
        "Nothing in your diary yet. Run a routine with 'crackcoach start', or note how you "
        "feel with\n'crackcoach log'.\n"))
    assert json.loads(cli("history", "--json").stdout)["records"] == []


@pytest.mark.parametrize(("args", "message"), [
    (["--limit", "0"], "--limit 0: expected a whole number from 1 up"),
    (["--limit", "many"], "--limit many: expected a whole number from 1 up"),
    (["--since", "last week"], "--since 'last week': expected a date or a date and time: ISO "
                               "8601 (2024-05-01 or 2024-05-01T20:30) or today, yesterday, 3d, "
                               "2w"),
])
def test_history_bad_input_exits_2(cli: Any, args: list[str], message: str) -> None:
    result = cli("history", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"crackcoach: error: {message}")


def test_history_refuses_a_newer_diary(cli: Any, home: Path) -> None:
    fill(home)
    sqlite3.connect(home / "crackcoach.db").execute("PRAGMA user_version = 99").close()
    result = cli("history")
    assert result.exit_code == 1
    assert "was written by a newer crackcoach (schema version 99" in result.stderr


# --- flags and learn ----------------------------------------------------------------------

def test_flags_lists_every_key_with_its_tier(cli: Any) -> None:
    out = lines(cli("flags").stdout).splitlines()
    assert out[:3] == [
        "key                  tier           sign",
        "saddle-numbness      urgent: today  numbness or tingling between the legs or around "
        "the buttocks",
        "                                    (the saddle area)"]
    assert out[-2:] == ["symptom; a professional can.",
                        "Record a sign with: crackcoach log --flag KEY"]
    assert sum(line.split(" ")[0] in store_keys() for line in out) == 23


def store_keys() -> set[str]:
    from crackcoach.safety.signs import KEYS

    return set(KEYS)


def test_flags_json(cli: Any) -> None:
    items = json.loads(cli("flags", "--json").stdout)["flags"]
    assert items[0] == {
        "key": "saddle-numbness", "tier": "urgent",
        "sign": "numbness or tingling between the legs or around the buttocks (the saddle area)",
        "advice": "Stop here and do not start or go on with a routine. Go to an emergency "
                  "department today, or call your local emergency number: these signs need a "
                  "professional to look at them straight away."}
    sharp = next(item for item in items if item["key"] == "sharp-pain")
    assert sharp["advice"].startswith("Book an appointment") and "ease off" in sharp["advice"]


def test_learn_lists_the_topics(cli: Any) -> None:
    assert lines(cli("learn").stdout) == """\
why-it-cracks      What the pop is, and why crackcoach never counts it as a goal.
myths              Five things people often believe about cracking.
safe-stretching    How long to hold, how often, and what to avoid.
when-to-seek-help  The signs that mean a professional should take a look, and how soon.
before-you-start   The first-run check, and why a yes means talking to someone before stretching.
routine-format     Writing your own routines: every key, its limits, an example.
data-format        Where the diary is kept, and the export and import files.

Read one with: crackcoach learn TOPIC
"""


def test_learn_shows_a_page(cli: Any) -> None:
    out = lines(cli("learn", "myths").stdout)
    assert out.startswith("""\
Myths about cracking, and what is known

"Cracking gives you arthritis"
There is no good evidence for this. People who cracked their knuckles for decades have been compared
with people who did not, and no link to arthritis turned up.
""")


def test_learn_an_unknown_topic_exits_2(cli: Any) -> None:
    result = cli("learn", "yoga")
    assert (result.exit_code, result.stderr) == (2, (
        "crackcoach: error: no topic called 'yoga'; expected one of: why-it-cracks, myths, "
        "safe-stretching, when-to-seek-help, before-you-start, routine-format, data-format\n"))


@pytest.mark.parametrize("command", ["log", "history", "flags", "learn"])
def test_every_diary_command_has_a_summary_and_an_example(cli: Any, command: str) -> None:
    out = cli(command, "--help").stdout
    assert "Example:" in out and f"crackcoach {command}" in out.split("Example:")[1]


def test_log_with_options_loads_neither_typer_nor_rich(home: Path) -> None:
    code = textwrap.dedent("""
        import sys
        from crackcoach.cli import main
        try:
            main(["log", "--discomfort", "3", "--stiffness", "2"])
        finally:
            loaded = {name.split(".")[0] for name in sys.modules}
            print(sorted(loaded & {"typer", "click", "rich", "yaml"}))
        """)
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=60)
    assert child.stdout.splitlines()[-1] == "[]", child.stderr
    assert child.returncode == 0


def test_the_check_in_summary_for_a_session(tmp_path: Path) -> None:
    import io

    from crackcoach.app.diary import show_saved
    from crackcoach.app.env import Env, Places

    env = Env(places=Places.under(tmp_path), stdin=io.StringIO(), stdout=io.StringIO(),
              stderr=io.StringIO(), can_ask=False, interactive=False)
    show_saved(env, DiaryEntry(at=datetime(2024, 5, 1, tzinfo=UTC), discomfort=3,
                               discomfort_before=5, flags=("saddle-numbness",)),
               "Saved to your diary.")
    out = lines(env.stdout.getvalue()).splitlines()  # type: ignore[attr-defined]
    # After an urgent sign the box comes first and alone: no change line, no suggestion.
    assert out[0].startswith("┏━ URGENT: GET MEDICAL HELP TODAY ━")
    assert out[1].startswith("┃ Stop here and do not start or go on with a routine.")
    assert out[-2].startswith("┗━") and out[-1] == "Saved to your diary."
    assert not any("Discomfort" in line for line in out)


def test_history_cuts_a_long_note_but_json_keeps_it_whole(cli) -> None:  # type: ignore[no-untyped-def]
    note = "word " * 100
    assert cli("log", "--discomfort", "3", "--stiffness", "2", "--note", note).exit_code == 0
    table = cli("history").stdout
    assert len(table.splitlines()) <= 6
    assert "…" in table and note.strip() not in table
    assert json.loads(cli("history", "--json").stdout)["records"][0]["note"] == note.strip()


@pytest.mark.parametrize(("topic", "title", "source"), [
    ("routine-format", "Routine format (version 1)", "routines.md"),
    ("data", "Your data", "data.md"),
])
def test_reference_pages_are_the_documentation_files(cli: Any, topic: str, title: str,
                                                     source: str) -> None:
    from crackcoach.base import paths

    result = cli("learn", topic)
    assert (result.exit_code, result.stderr) == (0, "")
    out = lines(result.stdout).splitlines()
    assert out[0] == title
    text = (paths.docs_dir() / source).read_text(encoding="utf-8")
    for heading in (line.lstrip("#").strip() for line in text.splitlines()
                    if line.startswith("#")):
        assert heading in out


def test_a_reference_page_missing_from_the_installation_is_one_line(
        cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from crackcoach.base import paths

    monkeypatch.setattr(paths, "docs_dir", lambda: tmp_path / "nothing")
    result = cli("learn", "routine-format")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"crackcoach: error: the reference page routine-format cannot be read from "
        f"{tmp_path / 'nothing' / 'routines.md'} (No such file or directory); this "
        "installation of crackcoach is incomplete\n")


def test_the_template_and_export_help_point_at_pages_the_program_has(cli: Any) -> None:
    # docs/ is not part of an installed crackcoach; these pages are.
    template = cli("new", "evening-back", "--print").stdout
    assert "crackcoach learn routine-format" in template and "docs/" not in template
    export_help = cli("export", "--help").stdout
    assert "crackcoach learn data-format" in export_help and "docs/" not in export_help
