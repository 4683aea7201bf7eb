"""The ``crackcoach`` Typer application: which command is declared where, and building it.

Each command is declared in the ``cli`` module named like the ``app`` module
that does its work (``log``: :mod:`crackcoach.cli.diary` and
:mod:`crackcoach.app.diary`), listed in :data:`COMMANDS`. What the
declarations share is in :mod:`crackcoach.cli.options`.

Each command reads its options (with the readers of :mod:`crackcoach.diary.values`,
see :mod:`crackcoach.cli.readers`), takes the environment the entry point
built (``ctx.obj``) and returns what one use case returns. Help texts live in
the declarations; what a command does lives in ``app/``.

A run builds only the command it runs, so only that command's two modules
are imported (:func:`declaration`): importing every use case would cost each
command the start-up of all of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import typer

from crackcoach import __version__
from crackcoach.cli.listing import HELP
from crackcoach.cli.readers import Command, Group

# Command -> (the module of crackcoach.cli and crackcoach.app that hold it, the declaring
# function's name there), in the order of ``crackcoach --help``.
COMMANDS: dict[str, tuple[str, str]] = {
    "today": ("today", "today"),
    "start": ("session", "start"),
    "plan": ("plans", "plan"),
    "list": ("routines", "list_routines"),
    "show": ("routines", "show"),
    "validate": ("routines", "validate"),
    "new": ("routines", "new"),
    "sheet": ("sheet", "sheet"),
    "log": ("diary", "log"),
    "activity": ("activities", "activity"),
    "history": ("diary", "history"),
    "edit": ("corrections", "edit"),
    "delete": ("corrections", "delete"),
    "undo": ("corrections", "undo"),
    "done": ("corrections", "done"),
    "flags": ("safety", "flags"),
    "cleared": ("safety", "cleared"),
    "learn": ("safety", "learn"),
    "check": ("safety", "check"),
    "stats": ("progress", "stats"),
    "report": ("progress", "report"),
    "export": ("data", "export"),
    "import": ("data", "import_file"),
    "config": ("settings", "config"),
    "remind": ("remind", "remind"),
    "sync": ("sync", "sync"),
}


def declaration(name: str) -> Callable[..., int]:
    """The Typer declaration of command ``name``, importing only its module."""
    module, function = COMMANDS[name]
    declared: Callable[..., int] = getattr(
        importlib.import_module(f"crackcoach.cli.{module}"), function)
    return declared


def _version(value: bool) -> None:
    if value:
        typer.echo(f"crackcoach {__version__}")
        raise typer.Exit()


def build_app(only: str | None = None, *, listing_only: bool = False) -> typer.Typer:
    """The ``crackcoach`` Typer application with every command registered.

    With ``only`` (a command's name) just that command is registered: building
    a command means reading every parameter's declaration, and a run needs
    only the command it runs. With ``listing_only`` (for ``crackcoach --help``,
    which lists the commands and their summaries and runs none) each command
    is registered without its parameters, for the same reason.
    """
    app = typer.Typer(
        name="crackcoach",
        cls=Group,
        help=HELP,
        add_completion=True,
        no_args_is_help=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback(invoke_without_command=True)
    def _root(
        ctx: typer.Context,
        version: bool = typer.Option(False, "--version", "-V", callback=_version,
                                     is_eager=True, help="Show the version and exit."),
    ) -> int | None:
        """A stretching coach for your back, in the terminal."""
        if ctx.invoked_subcommand is None:
            raise typer.Exit(declaration("today")(ctx))
        return None

    for name in command_names():
        if only is None or name == only:
            function = declaration(name)
            app.command(name, cls=Command)(_summary_of(function) if listing_only else function)
    return app


def _summary_of(function: Callable[..., int]) -> Callable[[], None]:
    """A stand-in for a command in the list of ``--help``: its help text, no parameters."""
    def listed() -> None:
        raise AssertionError("a command listed by --help never runs")

    listed.__doc__ = function.__doc__
    return listed


def command_names() -> tuple[str, ...]:
    """The name of every command, in the order of ``crackcoach --help``."""
    return tuple(COMMANDS)
