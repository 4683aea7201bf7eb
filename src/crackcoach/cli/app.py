"""Assemble the Typer application from the command modules."""

from __future__ import annotations

import typer

from crackcoach import __version__

HELP = """A stretching coach for your back, in the terminal.

Guided, timed routines as a controlled alternative to forcing your back to
crack, and a private comfort diary that shows over weeks whether they help.
crackcoach is not a medical device: it does not diagnose or treat anything.

\b
Examples:
  crackcoach start              run the back-reset routine
  crackcoach list               see every routine
  crackcoach log --discomfort 3 --stiffness 2
"""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"crackcoach {__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    """The ``crackcoach`` Typer application with every command registered."""
    app = typer.Typer(
        name="crackcoach",
        help=HELP,
        add_completion=False,
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def _root(
        version: bool = typer.Option(False, "--version", "-V", callback=_version,
                                     is_eager=True, help="Show the version and exit."),
    ) -> None:
        """A stretching coach for your back, in the terminal."""

    from crackcoach.cli import diary_cmd, progress_cmd, routines_cmd, session_cmd

    for module in (session_cmd, routines_cmd, diary_cmd, progress_cmd):
        module.register(app)
    return app
