"""Typer commands whose values are read by :mod:`crackcoach.diary.values`, the project's readers.

Current Typer converts every non-flag value through pydantic, which costs a
fifth of a second and 13 MiB on each start, more than most commands' own
work. Every parameter here is declared with ``parser=`` (one of the readers in
:mod:`crackcoach.diary.values`); :class:`Command` hands each value straight to that
reader, so pydantic is never imported and every bad value is refused in the
project's words. Should a Typer release stop offering the hook this relies on,
nothing breaks: Typer then calls the same readers through pydantic, only
slower, and the start-up test notices.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand, TyperGroup

from crackcoach.cli.helpformat import HelpContext, PlainHelp, format_commands
from crackcoach.diary import values
from crackcoach.errors import ReaderLeft


class _Direct:
    """Reads one parameter's value(s) with its reader, without pydantic."""

    def __init__(self, param: Any, reader: values.Reader | None) -> None:
        self._reader = reader
        self._name = param.opts[0] if param.param_type_name == "option" else (
            param.metavar or param.name or "argument")
        self._multiple = param.multiple or param.nargs == -1

    def coerce(self, value: Any, param: Any = None, ctx: Any = None) -> Any:
        if value is None:
            return () if self._multiple else None
        if self._reader is None:
            return value
        if self._multiple:
            return tuple(values.read(self._name, self._reader, item) for item in value)
        return values.read(self._name, self._reader, value)


def reader_of(param: Any) -> values.Reader | None:
    """The reader a parameter was declared with (``parser=``), if any."""
    descriptor = getattr(param, "type_descriptor", None)
    info = getattr(descriptor, "parameter_info", None)
    reader: values.Reader | None = getattr(info, "parser", None)
    return reader


def _read_directly(param: Any) -> Any:
    if hasattr(param, "_runtime_param"):  # see the module's docstring
        param._runtime_param = _Direct(param, reader_of(param))
    return param


class _ReadDirectly:
    """Mixin: every parameter of the command, ``--help`` included, read without pydantic."""

    params: list[Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            _read_directly(param)

    def get_params(self, ctx: Any) -> Any:
        """Every parameter, those added after the command was made (completion's) included."""
        return [_read_directly(param) for param in super().get_params(ctx)]  # type: ignore[misc]

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a reader that left the pipe is the entry point's to handle.

        Typer would turn it into exit status 1 before the entry point sees it.
        """
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except BrokenPipeError as exc:
            raise ReaderLeft from exc

    def get_help_option(self, ctx: Any) -> Any:
        """``--help``, made when a command runs; its value needs no reading either."""
        return _read_directly(super().get_help_option(ctx))  # type: ignore[misc]


class Command(_ReadDirectly, PlainHelp, TyperCommand):
    """A Typer command whose parameters are read by the project's readers.

    Its help is laid out by :class:`~crackcoach.cli.helpformat.PlainHelp`.
    """

    context_class = HelpContext


class Group(_ReadDirectly, PlainHelp, TyperGroup):
    """The command group, with the same direct reading and help layout for its own options."""

    context_class = HelpContext

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """``[OPTIONS] COMMAND [ARGS]...``."""
        return [*super().collect_usage_pieces(ctx), self.subcommand_metavar]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        """The group's options, then its commands."""
        super().format_options(ctx, formatter)
        format_commands(self, ctx, formatter)
