"""Settings: a small TOML file of defaults, read with the standard library.

Every key is flat (``weekly-target = 4``); unknown keys, wrong types and values
out of range are refused with the file, line and column, like a routine file.
Changing a setting edits only that key (with tomlkit, which keeps a file's
layout), so comments, blank lines and the order the person chose survive, and
the file is replaced atomically, private (0600).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from crackcoach.base import guarded
from crackcoach.base.atomicfile import write_private
from crackcoach.base.checker import suggest
from crackcoach.base.patterns import later
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.errors import BadValue, ConfigError, CrackcoachError, InputError

if TYPE_CHECKING:
    from typing import Any

MAX_BYTES = 64 * 1024
_SLUG = later(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


class Config(NamedTuple):
    """The settings in force: the file's values over the defaults."""

    default_routine: str = "back-reset"
    weekly_target: int = 3
    week_start: str = "monday"
    quiet: bool = False
    voice: bool = False
    plain: bool = False
    pager: bool = True
    sync_folder: str = ""  # every command that changes the diary syncs through it

    @property
    def first_weekday(self) -> int:
        """The weekday calendar weeks start on (Monday 0, Sunday 6)."""
        return 6 if self.week_start == "sunday" else 0


def _routine(value: str) -> str:
    if not _SLUG.fullmatch(value) or len(value) > 64:
        raise BadValue("a routine name such as back-reset")
    return value


def _target(value: int) -> int:
    if not 1 <= value <= 21:
        raise BadValue("a whole number from 1 to 21")
    return value


def _week_start(value: str) -> str:
    if value.strip().lower() not in ("monday", "sunday"):
        raise BadValue("monday or sunday")
    return value.strip().lower()


def _folder(value: str) -> str:
    text = value.strip()
    if not text or "\n" in text or "\x00" in text or len(text) > 4096:
        raise BadValue("a folder path such as ~/Sync/crackcoach")
    return text


class Key(NamedTuple):
    """One setting: its name in the file, its type, its check and what it is for."""

    name: str
    kind: type
    check: Callable[[Any], Any]
    expected: str
    about: str

    @property
    def field(self) -> str:
        """The Config field it fills."""
        return self.name.replace("-", "_")


def _flag(value: bool) -> bool:
    return value


KEYS: tuple[Key, ...] = (
    Key("default-routine", str, _routine, "a routine name such as back-reset",
        "the routine 'crackcoach start' runs when no plan is active"),
    Key("weekly-target", int, _target, "a whole number from 1 to 21",
        "sessions a week you aim for without a plan (also stats and report)"),
    Key("week-start", str, _week_start, "monday or sunday",
        "the day calendar weeks start on"),
    Key("quiet", bool, _flag, "true or false", "no bell at phase changes (start --quiet)"),
    Key("voice", bool, _flag, "true or false", "speak step names (start --voice)"),
    Key("plain", bool, _flag, "true or false",
        "one line per phase change, no full-screen view (start --plain)"),
    Key("pager", bool, _flag, "true or false",
        "show long output in a terminal through $PAGER or less (--no-pager: once)"),
    Key("sync-folder", str, _folder, "a folder path such as ~/Sync/crackcoach",
        "sync the diary through this folder after each change (crackcoach sync)"),
)
BY_NAME = {key.name: key for key in KEYS}


def key(name: str) -> Key:
    """The setting called ``name``; an error naming the settings there are."""

    found = BY_NAME.get(name)
    if found is None:
        raise InputError(f"no setting called '{name}'{suggest(name, list(BY_NAME))}; the "
                         f"settings are {', '.join(BY_NAME)}")
    return found


def read_typed(setting: Key, text: str) -> Any:
    """A value typed on the command line for ``setting``, checked; BadValue if it does not fit."""
    word = text.strip()
    if setting.kind is bool:
        if word.lower() not in (*_TRUE, *_FALSE):
            raise BadValue(setting.expected)
        return word.lower() in _TRUE
    if setting.kind is int:
        if not re.fullmatch(r"[0-9]{1,6}", word):
            raise BadValue(setting.expected)
        return setting.check(int(word))
    return setting.check(word)


def toml_value(value: Any) -> str:
    """``value`` written as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- reading -------------------------------------------------------------------------------

def read_text(path: Path) -> str | None:
    """The file's text, or None when there is no file."""

    try:
        raw = guarded.read_bytes(path, MAX_BYTES)
    except guarded.Refused as exc:
        raise ConfigError([f"{path}: {exc.reason}; a settings file is a few lines of "
                           "text"]) from None
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ConfigError([f"{path}:{line}: is not UTF-8 text"]) from None


def load(path: Path) -> Config:
    """The settings in ``path`` over the defaults; ConfigError listing every problem."""
    text = read_text(path)
    return Config() if text is None else parse(text, str(path))


def _toml() -> ModuleType:
    """The TOML reader, loaded only when there is a file to read."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    import tomli  # type: ignore[import-not-found, unused-ignore]  # pragma: no cover

    module: ModuleType = tomli
    return module


def parse(text: str, source: str) -> Config:
    """Settings from TOML ``text``; ConfigError with ``source:line:column`` for each problem."""
    tomllib = _toml()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([_syntax(source, exc)]) from None
    except RecursionError:
        raise ConfigError([f"{source}: is nested too deeply for a settings file"]) from None
    except ValueError as exc:  # a number of thousands of digits, say
        raise ConfigError([f"{source}: holds a value that cannot be read ({exc})"]) from None
    problems: list[str] = []
    values: dict[str, Any] = {}
    for name, value in data.items():
        place = _place(source, text, name)
        setting = BY_NAME.get(name)
        if setting is None:
            kind = ("table" if isinstance(value, dict) else
                    "setting" + suggest(name, list(BY_NAME)))
            problems.append(f"{place}: {name}: unknown {kind}; expected one of "
                            f"{', '.join(BY_NAME)}")
            continue
        try:
            # bool is a kind of int in Python; TOML keeps them apart, and so do we.
            if type(value) is not setting.kind:
                raise BadValue(setting.expected)
            values[setting.field] = setting.check(value)
        except BadValue as exc:
            problems.append(f"{place}: {name}: expected {exc.expected}, got {_described(value)}")
    if problems:
        raise ConfigError(problems)
    return Config(**values)


def _syntax(source: str, exc: Exception) -> str:
    """tomllib's message as ``source:line:column: message``."""
    message = str(exc)
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
    if found is None:
        return f"{source}: not valid TOML: {message}"
    what = message[:found.start()] + message[found.end():]
    return f"{source}:{found.group(1)}:{found.group(2)}: not valid TOML: {what.strip()}"


def _line_of(text: str, name: str) -> int | None:
    """The line number where ``name`` is set (or its table starts), if it can be found."""
    pattern = re.compile(rf"""^\s*(\[\s*)?(["']?){re.escape(name)}\2\s*(=|\])""")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _place(source: str, text: str, name: str) -> str:
    line = _line_of(text, name)
    return source if line is None else f"{source}:{line}"


def _described(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text '{value if len(value) <= 30 else value[:27] + '...'}'"
    return toml_value(value) if isinstance(value, (bool, int)) else str(value)


# -- changing ------------------------------------------------------------------------------

def with_setting(text: str, name: str, value: Any | None) -> str:
    """``text`` with ``name`` set to ``value`` (added at the end if missing), or removed when
    ``value`` is None; every comment, blank line and the order of the rest kept as they were.

    Edited with tomlkit, a TOML writer that keeps a file's layout (loaded only
    here: reading settings needs only the standard library). ValueError when
    ``text`` is not TOML.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(text)
    except TOMLKitError:
        # Not TOML: the line of that key alone is replaced, which repairs a file whose
        # only fault is that very setting ("quiet = maybe"); the result is checked after.
        return _with_line(text, name, value)
    try:
        if value is None:
            if name in document:
                del document[name]
        else:
            document[name] = value
        return tomlkit.dumps(document)
    except TOMLKitError as exc:
        raise ValueError(str(exc)) from None


def _with_line(text: str, name: str, value: Any | None) -> str:
    """``text`` with every line that sets ``name`` replaced by one (or none), line by line."""
    pattern = re.compile(rf"""^\s*(["']?){re.escape(name)}\1\s*=""")
    kept: list[str] = []
    done = False
    for line in text.splitlines():
        if pattern.match(line):
            if value is not None and not done:
                kept.append(f"{name} = {toml_value(value)}")
            done = True
            continue
        kept.append(line)
    if value is not None and not done:
        kept.append(f"{name} = {toml_value(value)}")
    return "".join(line + "\n" for line in kept)


def given_names(text: str) -> set[str]:
    """The settings ``text`` gives a value to (none when it is not TOML)."""
    tomllib = _toml()
    try:
        return set(tomllib.loads(text))
    except tomllib.TOMLDecodeError:
        return set()


def change(path: Path, name: str, value: Any | None) -> Config:
    """Set (or with None, remove) one setting in the file, keeping every other line.

    The result is checked before it is written: a file that would not read
    back is never written, and the old one stays as it was.
    """

    text = read_text(path) or ""
    try:
        new_text = with_setting(text, name, value)
        config = parse(new_text, str(path))
    except (ConfigError, ValueError) as exc:
        try:
            parse(text, str(path))
        except ConfigError as original:
            *earlier, last = original.problems
            raise ConfigError([*earlier, f"{last} (fix this first; nothing was changed)"]
                              ) from None
        if isinstance(exc, ValueError):
            raise ConfigError([f"{path}: cannot be changed here ({exc}); edit it by hand"]
                              ) from None
        raise
    if new_text != text:
        try:
            write_private(path, new_text)
        except CrackcoachError as exc:
            raise ConfigError([str(exc)]) from None
    return config
