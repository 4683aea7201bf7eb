"""Answer the hottest commands without building the full Typer parser.

Building the Typer application and letting it convert option values costs
more than everything else ``list`` and ``log`` do (current Typer converts
every non-flag value through pydantic). These commands take only a few plain
options, so when the words are exactly those options this module calls the
same command function directly. Anything else (``--help``, a typo, a missing
value) returns None and the full parser runs, so messages stay identical.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Runner = Callable[[], int]


def resolve(args: list[str]) -> Runner | None:
    """A function running ``crackcoach ARGS`` directly, or None for the full parser."""
    if not args:
        return None
    command, rest = args[0], args[1:]
    if command == "log":
        from crackcoach.cli.quicklog import quick_runner

        return quick_runner(rest)
    if command == "list":
        return _list_runner(rest)
    return None


def _list_runner(words: list[str]) -> Runner | None:
    json_output = False
    folders: list[Path] = []
    rest = list(words)
    while rest:
        word = rest.pop(0)
        if word == "--json":
            json_output = True
        elif word.startswith("--routines-dir=") and len(word) > len("--routines-dir="):
            folders.append(Path(word.partition("=")[2]))
        elif word == "--routines-dir" and rest and not rest[0].startswith("-"):
            folders.append(Path(rest.pop(0)))
        else:
            return None

    def run() -> int:
        from crackcoach.cli.listing import list_catalog

        list_catalog(json_output, folders or None)
        return 0

    return run
