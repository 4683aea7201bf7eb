"""The commands people type most, answered without loading Typer.

``crackcoach`` alone (today's screen) is typed most, ``crackcoach log
--discomfort 3 --stiffness 2`` sits in shell aliases, every session begins
with ``start``, and ``list``, ``show``, ``plan``, ``history``, ``flags``,
``learn``, ``stats`` and ``report`` are read often; loading and building the Typer
parser costs as much as their own work. For these commands
this table repeats their options and arguments (the same readers, from
:mod:`crackcoach.diary.values`) and calls the same use case. When the words are
anything but plain options, values and arguments (``--help``, a typo, a
missing value or argument) it steps aside and Typer parses them, so help and
messages stay Typer's. ``tests/test_fast_path.py`` fails when this table and
the Typer declarations differ (names, readers, multiplicity, defaults), or when
a command prints anything different on the two paths.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from crackcoach.app.env import Env
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.cli.listing import help_width, page
from crackcoach.diary import values

if TYPE_CHECKING:
    from typing import Any


class Opt(NamedTuple):
    """One option: its name, the use-case field it fills, and how its value is read."""

    name: str
    dest: str
    reader: values.Reader | None = None  # None: a flag without a value
    multiple: bool = False
    default: Any = None


class Arg(NamedTuple):
    """One positional argument: the field it fills, how it is read, and whether it must be."""

    dest: str
    reader: values.Reader
    required: bool = False


class FastCommand(NamedTuple):
    """A command's options and arguments, and the function that runs it with them read."""

    options: tuple[Opt, ...]
    run: Callable[[Env, dict[str, Any]], int]
    arguments: tuple[Arg, ...] = ()


def _listing(env: Env) -> int:
    """``crackcoach --help``: the description and the list of commands."""

    env.stdout.write(page(help_width()))
    return 0


def _log(env: Env, given: dict[str, Any]) -> int:
    from crackcoach.app.diary import LogValues, log

    return log(env, LogValues(**given))


def _list(env: Env, given: dict[str, Any]) -> int:
    from crackcoach.app.routines import list_routines

    return list_routines(env, json_output=given.get("json_output", False),
                         extra_dirs=tuple(given.get("extra_dirs", ())))


def _today(env: Env, given: dict[str, Any]) -> int:
    from crackcoach.app.today import today

    return today(env, json_output=given["json_output"])


def _show(env: Env, given: dict[str, Any]) -> int:
    from crackcoach.app.routines import show

    return show(env, given["name"], json_output=given["json_output"],
                extra_dirs=tuple(given["extra_dirs"]))


def _history(env: Env, given: dict[str, Any]) -> int:
    from crackcoach.app.diary import history

    return history(env, limit=given["limit"], since=given["since"],
                   json_output=given["json_output"])


def _flags(env: Env, given: dict[str, Any]) -> int:
    from crackcoach.app.safety import flags

    return flags(env, json_output=given["json_output"])


def _learn(env: Env, given: dict[str, Any]) -> int:
    from crackcoach.app.safety import learn

    return learn(env, given["topic"])


def _start(env: Env, given: dict[str, Any]) -> int:
    from crackcoach.app.session import start
    from crackcoach.app.start_options import StartOptions

    return start(env, StartOptions(**given))


def _stats(env: Env, given: dict[str, Any]) -> int:
    from crackcoach.app.progress import stats

    return stats(env, weeks=given["weeks"], routine=given["routine"], target=given["target"],
                 as_of=given["as_of"], json_output=given["json_output"])


def _plan(env: Env, given: dict[str, Any]) -> int:
    from crackcoach.app.plans import plan

    return plan(env, **given)


def _report(env: Env, given: dict[str, Any]) -> int:
    from crackcoach.app.progress import report

    return report(env, **given)


JSON = Opt("--json", "json_output", default=False)
ROUTINES_DIR = Opt("--routines-dir", "extra_dirs", values.path, multiple=True, default=())


TABLE: dict[str, FastCommand] = {
    "today": FastCommand((JSON,), _today),
    "log": FastCommand((
        Opt("--discomfort", "discomfort", values.scale),
        Opt("--stiffness", "stiffness", values.scale),
        Opt("--mobility", "mobility", values.mobility),
        Opt("--tighter-side", "tighter_side", values.side),
        Opt("--cracks", "cracks", values.cracks),
        Opt("--flag", "flags", values.flag_key, multiple=True, default=()),
        Opt("--note", "note", values.note),
        Opt("--at", "at", values.utf8),
        Opt("--activity", "activities", values.activity_rating, multiple=True, default=()),
    ), _log),
    "list": FastCommand((JSON, ROUTINES_DIR), _list),
    "show": FastCommand((JSON, ROUTINES_DIR), _show, (Arg("name", values.utf8, required=True),)),
    "history": FastCommand((
        Opt("--limit", "limit", values.LIMIT, default=20),
        Opt("--since", "since", values.utf8),
        JSON,
    ), _history),
    "flags": FastCommand((JSON,), _flags),
    "learn": FastCommand((), _learn, (Arg("topic", values.utf8),)),
    "plan": FastCommand((
        Opt("--yes", "yes", default=False),
        Opt("--stop", "stop", default=False),
        Opt("--check", "check", values.path, multiple=True, default=()),
        Opt("--preview", "preview", default=False),
        Opt("--from", "from_day", values.utf8),
        JSON,
    ), _plan, (Arg("name", values.utf8),)),
    "report": FastCommand((
        Opt("--weeks", "weeks", values.WEEKS, default=8),
        Opt("--output", "output", values.file_path),
        Opt("--format", "report_format", values.REPORT_FORMAT, default="markdown"),
        Opt("--routine", "routine", values.utf8),
        Opt("--target", "target", values.TARGET),
        Opt("--as-of", "as_of", values.utf8),
    ), _report),
    "start": FastCommand((
        Opt("--dry-run", "dry_run", default=False),
        Opt("--hold", "hold", values.HOLD),
        Opt("--reps", "reps", values.REPS),
        Opt("--quick", "quick", default=False),
        Opt("--easier", "easier", default=False),
        Opt("--harder", "harder", default=False),
        Opt("--no-log", "no_log", default=False),
        Opt("--quiet", "quiet", default=False),
        Opt("--voice", "voice", default=False),
        Opt("--plain", "plain", default=False),
        ROUTINES_DIR,
        Opt("--yes", "yes", default=False),
    ), _start, (Arg("name", values.utf8),)),
    "stats": FastCommand((
        Opt("--weeks", "weeks", values.WEEKS, default=8),
        Opt("--routine", "routine", values.utf8),
        Opt("--target", "target", values.TARGET),
        Opt("--as-of", "as_of", values.utf8),
        JSON,
    ), _stats),
}


def resolve(args: Sequence[str]) -> Callable[[Env], int] | None:
    """A function running ``crackcoach ARGS`` directly, or None for the full parser.

    No words at all is today's screen.
    """
    if not args:
        args = ["today"]
    if args in (["--help"], ["-h"]):
        return _listing
    if args[0] not in TABLE:
        return None
    command = TABLE[args[0]]
    split = _split(args[1:], command.options)
    if split is None:
        return None
    words, positional = split
    if len(positional) > len(command.arguments) or any(
            arg.required for arg in command.arguments[len(positional):]):
        return None  # missing or extra arguments: the parser explains
    given: dict[str, Any] = {opt.dest: opt.default for opt in command.options}
    given.update({arg.dest: None for arg in command.arguments})
    by_name = {opt.name: opt for opt in command.options}
    for name, text in words:
        opt = by_name[name]
        value = True if opt.reader is None else values.read(name, opt.reader, text)
        if opt.multiple:
            given[opt.dest] = (*(given[opt.dest] or ()), value)
        else:
            given[opt.dest] = value
    for arg, text in zip(command.arguments, positional, strict=False):
        given[arg.dest] = values.read(arg.dest.upper(), arg.reader, text)
    return lambda env: command.run(env, given)


def _split(words: Sequence[str], options: Sequence[Opt]
           ) -> tuple[list[tuple[str, str]], list[str]] | None:
    """(option, value) pairs and the positional words; None for anything unusual."""
    known = {opt.name: opt for opt in options}
    pairs: list[tuple[str, str]] = []
    positional: list[str] = []
    rest = list(words)
    while rest:
        word = rest.pop(0)
        if not word.startswith("-"):
            positional.append(word)
            continue
        name, has_value, value = word.partition("=")
        opt = known.get(name)
        if opt is None:
            return None
        if opt.reader is None:
            if has_value:
                return None  # "--json=yes": let the parser explain
            pairs.append((name, ""))
            continue
        if not has_value:
            # A value that looks like an option is probably a mistake: let the parser explain.
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        if not opt.multiple and any(seen == name for seen, _ in pairs):
            return None  # given twice: the parser decides which one wins
        pairs.append((name, value))
    return pairs, positional
