"""The hottest commands, answered without loading Typer.

``crackcoach`` alone (today's screen) is typed most, ``crackcoach log
--discomfort 3 --stiffness 2`` sits in shell aliases and ``crackcoach list`` is
typed often; loading and building the Typer parser costs more than their own
work. For these commands this small table repeats
their options (the same readers, from :mod:`crackcoach.values`) and calls the
same use case. When the words are anything but plain options and values
(``--help``, a typo, a missing value) it steps aside and Typer parses them, so
help and messages stay Typer's. ``tests/test_fast_path.py`` fails when this
table and the Typer declarations in :mod:`crackcoach.cli.commands` differ, or
when a command prints anything different on the two paths.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from crackcoach import values
from crackcoach.app.env import Env


class Opt(NamedTuple):
    """One option: its name, the use-case field it fills, and how its value is read."""

    name: str
    dest: str
    reader: values.Reader | None = None  # None: a flag without a value
    multiple: bool = False


class FastCommand(NamedTuple):
    """A command's options and the function that runs it with the values read."""

    options: tuple[Opt, ...]
    run: Callable[[Env, dict[str, Any]], int]


def _log(env: Env, given: dict[str, Any]) -> int:
    from crackcoach.app.diary import LogValues, log

    return log(env, LogValues(**given))


def _list(env: Env, given: dict[str, Any]) -> int:
    from crackcoach.app.routines import list_routines

    return list_routines(env, json_output=given.get("json_output", False),
                         extra_dirs=tuple(given.get("extra_dirs", ())))


def _today(env: Env, given: dict[str, Any]) -> int:
    from crackcoach.app.today import today

    return today(env, json_output=given.get("json_output", False))


TABLE: dict[str, FastCommand] = {
    "today": FastCommand((Opt("--json", "json_output"),), _today),
    "log": FastCommand((
        Opt("--discomfort", "discomfort", values.scale),
        Opt("--stiffness", "stiffness", values.scale),
        Opt("--mobility", "mobility", values.mobility),
        Opt("--tighter-side", "tighter_side", values.side),
        Opt("--cracks", "cracks", values.cracks),
        Opt("--flag", "flags", values.flag_key, multiple=True),
        Opt("--note", "note", values.note),
        Opt("--at", "at", values.utf8),
    ), _log),
    "list": FastCommand((
        Opt("--json", "json_output"),
        Opt("--routines-dir", "extra_dirs", values.path, multiple=True),
    ), _list),
}


def resolve(args: Sequence[str]) -> Callable[[Env], int] | None:
    """A function running ``crackcoach ARGS`` directly, or None for the full parser.

    No words at all is today's screen.
    """
    if not args:
        args = ["today"]
    if args[0] not in TABLE:
        return None
    command = TABLE[args[0]]
    words = _split(args[1:], command.options)
    if words is None:
        return None
    given: dict[str, Any] = {}
    by_name = {opt.name: opt for opt in command.options}
    for name, text in words:
        opt = by_name[name]
        value = True if opt.reader is None else values.read(name, opt.reader, text)
        if opt.multiple:
            given[opt.dest] = (*given.get(opt.dest, ()), value)
        else:
            given[opt.dest] = value
    return lambda env: command.run(env, given)


def _split(words: Sequence[str], options: Sequence[Opt]) -> list[tuple[str, str]] | None:
    """(option, value) pairs, or None for anything but plain options and their values."""
    known = {opt.name: opt for opt in options}
    pairs: list[tuple[str, str]] = []
    rest = list(words)
    while rest:
        word = rest.pop(0)
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
    return pairs
