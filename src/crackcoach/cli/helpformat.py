"""``--help`` laid out like git's or sqlite-utils': names in capitals, no Python types.

Typer's plain help adds a parameter's type (``NAME <str>``), braces around
required arguments (``{NAME}``) and bracketed notes (``[default: 8]``,
``[required]``) that wrap badly and repeat what the help text says. Here each
row is just the option and its metavar, then its help; defaults and ranges
are written in the help texts themselves (:mod:`crackcoach.cli.commands`),
where a test checks that every default is mentioned.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import typer

try:
    from typer._click.formatting import HelpFormatter
except ImportError:  # Typer releases built on the click package
    from click.formatting import HelpFormatter  # type: ignore[no-redef,import-not-found,assignment,unused-ignore]

# The first sentence of a command's help, as long as it is, in the list of commands.
SUMMARY_LIMIT = 200


# textwrap breaks lines after a hyphen ("much-" / "worse", "2024-05-" / "01"); it never
# does after a non-breaking hyphen, so help text is wrapped with those and given back
# with ordinary ones.
_NO_BREAK = "\u2011"


def _unbreakable(text: str) -> str:
    return text.replace("-", _NO_BREAK)


class Formatter(HelpFormatter):
    """Click's help formatter, wrapping at spaces only."""

    def write_text(self, text: str) -> None:
        """A paragraph, wrapped to the width."""
        super().write_text(_unbreakable(text))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        """Rows of a name and its help, the help wrapped beside the name."""
        super().write_dl([(name, _unbreakable(text)) for name, text in rows], col_max,
                         col_spacing)

    def getvalue(self) -> str:
        """The help as written, with ordinary hyphens."""
        return super().getvalue().replace(_NO_BREAK, "-")


class HelpContext(typer.Context):
    """The context of our commands: its help is written by :class:`Formatter`."""

    formatter_class = Formatter


def metavar(param: Any) -> str:
    """What stands for a parameter's value: its metavar, or its name in capitals."""
    name: str = param.metavar or (param.name or "value").upper()
    return name


def _multiple(param: Any) -> bool:
    return bool(param.multiple or param.nargs == -1)


def usage_piece(argument: Any) -> str:
    """An argument in the usage line: NAME, [NAME] when optional, PATH... when repeated."""
    name = metavar(argument)
    if not argument.required:
        name = f"[{name}]"
    return name + ("..." if _multiple(argument) else "")


def _option_names(option: Any) -> str:
    # Short forms first, as in "-o, --output FILE".
    names = sorted(option.opts, key=lambda opt: len(opt) - len(opt.lstrip("-")))
    shown = ", ".join(names)
    if option.is_flag or getattr(option, "count", False):
        return shown
    return f"{shown} {metavar(option)}"


def help_record(param: Any) -> tuple[str, str] | None:
    """The (left column, help) row of a parameter, or None for a hidden one."""
    if getattr(param, "hidden", False):
        return None
    if param.param_type_name == "argument":
        left = metavar(param) + ("..." if _multiple(param) else "")
    else:
        left = _option_names(param)
    return left, param.help or ""


class PlainHelp:
    """Mixin for Typer's command classes: the usage line and parameter rows made here.

    The classes it is mixed into set ``context_class = HelpContext``, for the wrapping.
    """

    # Provided by click's Command, which this is mixed into (annotations only).
    options_metavar: str | None
    get_params: Any

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """``[OPTIONS]`` and the arguments, e.g. ``[OPTIONS] NAME`` or ``[OPTIONS] [PATH]...``."""
        pieces = [self.options_metavar] if self.options_metavar else []
        pieces += [usage_piece(p) for p in self.get_params(ctx)
                   if p.param_type_name == "argument"]
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        """The Arguments and Options sections."""
        for kind, title in (("argument", "Arguments"), ("option", "Options")):
            rows = [row for p in self.get_params(ctx) if p.param_type_name == kind
                    for row in [help_record(p)] if row is not None]
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def format_commands(group: Any, ctx: Any, formatter: Any) -> None:
    """The Commands section: each command's whole first sentence, never cut with "..."."""
    rows = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None and not command.hidden:
            rows.append((name, command.get_short_help_str(limit=SUMMARY_LIMIT)))
    if rows:
        with formatter.section("Commands"):
            formatter.write_dl(rows)
