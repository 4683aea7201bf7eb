"""Shell completion answered without loading the command parser (Typer), in a few ms a TAB.

The scripts ``crackcoach --install-completion`` installs (Typer's) run the
program with ``_CRACKCOACH_COMPLETE=complete_bash`` (or ``_zsh``, ``_fish``)
and the words typed so far in the environment. This module reads those words,
works out what is being completed (a command, an option, an option's value or
an argument) and prints the candidates in the form the shell's script expects.
An empty answer lets the shell fall back to file names (bash, zsh), which is
right for the options and arguments that take a file.

The tables below name every command's options; tests/test_completion.py checks
them against the commands themselves, so they cannot drift apart.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from crackcoach.app.env import Places
from crackcoach.base import config
from crackcoach.diary.records import SessionRecord
from crackcoach.routines.model import SLUG
from crackcoach.safety.signs import CONDITION_KEYS, FLAGS

COMMANDS = ("today", "start", "plan", "list", "show", "validate", "new", "sheet", "log",
            "activity", "history", "edit", "delete", "undo", "done", "flags", "cleared",
            "learn", "check", "stats", "report", "export", "import", "config", "remind",
            "sync", "help")
GLOBAL_OPTIONS = ("--version", "--help", "--no-pager", "--install-completion",
                  "--show-completion")
_LOG = ("--discomfort", "--stiffness", "--mobility", "--tighter-side", "--cracks", "--flag",
        "--note", "--at", "--activity")
# Each command's options; those taking a value are in VALUE_OPTIONS.
OPTIONS: dict[str, tuple[str, ...]] = {
    "today": ("--json",),
    "start": ("--dry-run", "--hold", "--reps", "--quick", "--easier", "--harder", "--no-log",
              "--quiet", "--voice", "--plain", "--routines-dir", "--yes"),
    "plan": ("--yes", "--stop", "--check", "--preview", "--from", "--json"),
    "list": ("--json", "--routines-dir"),
    "show": ("--json", "--routines-dir"),
    "validate": ("--routines-dir",),
    "new": ("--print",),
    "sheet": ("--output", "--routines-dir"),
    "activity": ("--json",),
    "cleared": ("--at",),
    "log": _LOG, "edit": _LOG,
    "history": ("--limit", "--since", "--json"),
    "delete": ("--yes",), "undo": (),
    "done": ("--at", "--minutes", "--routines-dir"),
    "flags": ("--json",), "learn": (),
    "check": ("--show", "--none", "--applies"),
    "stats": ("--weeks", "--routine", "--target", "--as-of", "--json"),
    "report": ("--weeks", "--format", "--output", "--routine", "--target", "--as-of"),
    "export": ("--format", "--output", "--table", "--raw-cells", "--safe-cells",
               "--patient-name"),
    "import": (), "config": (),
    "remind": ("--at", "--days", "--output", "--install", "--uninstall", "--scheduler"),
    "sync": ("--git", "--status"),
    "help": (),
}
VALUE_OPTIONS = frozenset((
    "--hold", "--reps", "--routines-dir", "--check", "--discomfort", "--stiffness",
    "--mobility", "--tighter-side", "--cracks", "--flag", "--note", "--at", "--limit",
    "--since", "--minutes", "--applies", "--weeks", "--routine", "--target", "--as-of",
    "--format", "--output", "--table", "--days", "--scheduler", "--from", "--activity",
    "--patient-name"))
LEARN_TOPICS = ("why-it-cracks", "myths", "safe-stretching", "when-to-seek-help",
                "before-you-start", "routine-format", "data-format")
FLAG_KEYS = tuple(flag.key for flag in FLAGS)
DAYS = ("daily", "mon-fri", "weekdays", "weekend", "mon", "tue", "wed", "thu", "fri", "sat",
        "sun")
SCALE = tuple(str(n) for n in range(11))
FIXED_VALUES: dict[str, tuple[str, ...]] = {
    "--mobility": ("much-worse", "worse", "same", "better", "much-better"),
    "--tighter-side": ("left", "right", "even"),
    "--flag": FLAG_KEYS,
    "--discomfort": SCALE, "--stiffness": SCALE,
    "--table": ("sessions", "entries"),
    "--days": DAYS,
    "--scheduler": ("auto", "systemd", "cron"),
    "--since": ("today", "yesterday", "1w", "2w", "4w"),
    "--as-of": ("today", "yesterday", "1w"),
}
FORMATS = {"export": ("csv", "json", "fhir"), "report": ("markdown", "html")}
CONFIG_ACTIONS = ("show", "get", "set", "unset")
RECORD_LIMIT = 50  # the newest records offered for edit and delete


def answer(environ: Mapping[str, str], variable: str) -> str | None:
    """What to print for the shell's request in ``environ``; None for one not handled here."""
    shell = environ.get(variable, "").removeprefix("complete_")
    if shell not in ("bash", "zsh", "fish"):
        return None
    args, incomplete = _words(shell, environ)
    found = [c for c in candidates(args, incomplete, environ) if c.startswith(incomplete)]
    if shell == "bash":
        return "\n".join(found)
    if shell == "zsh":
        return _zsh(found)
    return "\n".join(found) if environ.get("_TYPER_COMPLETE_FISH_ACTION") == "get-args" else ""


def fish_has_values(environ: Mapping[str, str], variable: str) -> bool:
    """For fish's "is-args" question: whether there are candidates (else it offers files)."""
    args, incomplete = _words("fish", environ)
    return any(c.startswith(incomplete) for c in candidates(args, incomplete, environ))


def _words(shell: str, environ: Mapping[str, str]) -> tuple[list[str], str]:
    """The words after the program's name, and the one being typed."""
    if shell == "bash":
        words = _split(environ.get("COMP_WORDS", ""))
        try:
            cword = int(environ.get("COMP_CWORD", "0"))
        except ValueError:
            cword = len(words)
        return words[1:cword], words[cword] if cword < len(words) else ""
    line = environ.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(line)[1:]
    if words and not line.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


def _split(line: str) -> list[str]:
    import shlex

    try:
        return shlex.split(line)
    except ValueError:  # an open quote while typing
        return line.split()


def candidates(args: Sequence[str], incomplete: str, environ: Mapping[str, str]
               ) -> list[str]:
    """Every value that fits where the word being typed stands."""
    command = next((word for word in args if not word.startswith("-")), None)
    if command is None:
        return list(GLOBAL_OPTIONS if incomplete.startswith("-") else COMMANDS)
    rest = list(args[args.index(command) + 1:])
    if rest and rest[-1] in VALUE_OPTIONS:
        return _option_values(command, rest[-1], environ)
    if incomplete.startswith("-"):
        return [*OPTIONS.get(command, ()), "--help"]
    positional = [word for i, word in enumerate(rest) if not word.startswith("-")
                  and not (i and rest[i - 1] in VALUE_OPTIONS)]
    return _arguments(command, positional, environ)


def _option_values(command: str, option: str, environ: Mapping[str, str]) -> list[str]:
    if option == "--routine":
        return _routine_names(environ)
    if option == "--format":
        return list(FORMATS.get(command, ()))
    if option == "--applies":
        return _condition_keys()
    return list(FIXED_VALUES.get(option, ()))  # files and free values: the shell's own


def _arguments(command: str, given: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    one: dict[str, Callable[[Mapping[str, str]], list[str]]] = {
        "start": _routine_names, "show": _routine_names, "done": _routine_names,
        "sheet": _routine_names,
        "plan": _plan_names, "learn": lambda _: list(LEARN_TOPICS),
        "edit": lambda env: _record_ids(env, entries_only=True),
        "delete": _record_ids, "help": lambda _: list(COMMANDS[:-1]),
    }
    if command in one:
        return one[command](environ) if not given else []
    if command == "config":
        return _config(given, environ)
    return []


def _config(given: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    if not given:
        return list(CONFIG_ACTIONS)
    if len(given) == 1 and given[0] in ("get", "set", "unset"):
        return [key.name for key in config.KEYS]
    if len(given) == 2 and given[0] == "set":
        setting = config.BY_NAME.get(given[1])
        if setting is None:
            return []
        if setting.kind is bool:
            return ["true", "false"]
        if setting.name == "week-start":
            return ["monday", "sunday"]
        if setting.name == "default-routine":
            return _routine_names(environ)
        if setting.name == "weekly-target":
            return [str(n) for n in range(1, 22)]
    return []


def _places(environ: Mapping[str, str]) -> tuple[tuple[Path, Path], tuple[Path, Path], Path]:
    """The routine folders, the plan folders and the diary (built-in first)."""
    places = Places.from_environ(environ)
    return ((places.builtin_routines_dir, places.user_routines_dir),
            (places.builtin_plans_dir, places.user_plans_dir), places.diary_path)


def _yaml_names(folders: Sequence[Path]) -> list[str]:
    """The names of the routine or plan files in ``folders`` that the name rule allows: a
    file named "$(touch x).yaml", "a;b.yaml" or holding an escape is never offered, so the
    shell can neither run nor show it."""
    names: set[str] = set()
    for folder in folders:
        try:
            with os.scandir(folder) as found:
                names.update(entry.name.rsplit(".", 1)[0] for entry in found
                             if entry.name.endswith((".yaml", ".yml"))
                             and not entry.name.startswith("."))
        except OSError:
            continue
    return sorted(name for name in names if SLUG.fullmatch(name))


def _routine_names(environ: Mapping[str, str]) -> list[str]:
    return _yaml_names(_places(environ)[0])


def _plan_names(environ: Mapping[str, str]) -> list[str]:
    return _yaml_names(_places(environ)[1])


def _condition_keys() -> list[str]:
    return list(CONDITION_KEYS)


def _record_ids(environ: Mapping[str, str], *, entries_only: bool = False) -> list[str]:
    """The ids of the newest records (e12, s3), newest first; none without a diary."""
    diary = _places(environ)[2]
    if not diary.exists():
        return []
    from crackcoach.store import open_store

    try:
        with open_store(diary, read_only=True) as store:
            records = store.history(limit=RECORD_LIMIT)
    except Exception:  # completion must never print an error into the shell
        return []
    return [f"s{r.id}" if isinstance(r, SessionRecord) else f"e{r.id}" for r in records
            if not (entries_only and isinstance(r, SessionRecord))]


def _zsh(found: Sequence[str]) -> str:
    if not found:
        return "_files"

    def quoted(value: str) -> str:
        return '"' + value.replace('"', '""').replace("'", "''").replace(":", r"\\:") + '"'

    return "_arguments '*: :((" + "\n".join(quoted(value) for value in found) + "))'"
