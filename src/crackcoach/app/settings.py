"""``crackcoach config``: show, get, set and unset the settings in the TOML file."""

from __future__ import annotations

from crackcoach.app.common import routine_folders
from crackcoach.app.env import Env
from crackcoach.base import config as settings
from crackcoach.base.textsafe import printable
from crackcoach.base.wrap import under, wrap
from crackcoach.diary.values import as_typed
from crackcoach.errors import EXIT_OK, BadValue, InputError, RoutineError
from crackcoach.routines import library

ACTIONS = ("show", "get", "set", "unset")


def config(env: Env, action: str | None, key: str | None, value: str | None) -> int:
    """``crackcoach config [show|get|set|unset] [KEY] [VALUE]``."""

    action = "show" if action is None else action
    if action not in ACTIONS:
        raise InputError(f"{as_typed(action)}: expected show, get, set or unset "
                         "(e.g. crackcoach config set weekly-target 4)")
    wants_key, wants_value = action != "show", action == "set"
    if key is None and wants_key:
        raise InputError(f"config {action} needs a setting: one of "
                         f"{', '.join(settings.BY_NAME)}")
    if (key is not None and not wants_key) or (value is not None and not wants_value):
        extra = key if not wants_key else value
        raise InputError(f"config {action} takes {'no setting' if not wants_key else 'no value'}"
                         f", but {as_typed(str(extra))} was given")
    if action == "show":
        return _show(env)
    assert key is not None
    setting = settings.key(key)
    if action == "get":
        current = settings.load(env.places.config_path)
        env.say(_plain(getattr(current, setting.field)))
        return EXIT_OK
    if action == "unset":
        settings.change(env.places.config_path, setting.name, None)
        default = getattr(settings.Config(), setting.field)
        env.say(f"{setting.name} is back to its default, {_plain(default)}.")
        return EXIT_OK
    if value is None:
        raise InputError(f"config set {setting.name} needs a value: {setting.expected}")
    try:
        typed = settings.read_typed(setting, value)
    except BadValue as exc:
        raise InputError(f"{setting.name} {as_typed(value)}: expected {exc.expected}") from None
    if setting.name == "default-routine":
        _check_routine(env, typed)
    settings.change(env.places.config_path, setting.name, typed)
    env.say(f"{setting.name} = {settings.toml_value(typed)} (saved in {env.places.config_path})")
    return EXIT_OK


def _check_routine(env: Env, name: str) -> None:
    """Refuse a default routine that does not exist (with the usual suggestion)."""

    try:
        library.find(name, routine_folders(env))
    except RoutineError as exc:
        raise InputError(f"default-routine {name}: that routine cannot be used "
                         f"({exc.lines()[0]})") from None


def _plain(value: object) -> str:
    """A setting's value as ``get`` prints it: true/false, a number, a word."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _show(env: Env) -> int:
    current = settings.load(env.places.config_path)
    text = settings.read_text(env.places.config_path)
    given = settings.given_names(text) if text is not None else set()
    where = printable(str(env.places.config_path), single_line=True)
    # A table: each description wraps under its own column, piped too (COLUMNS, else 80).
    from crackcoach.views.columns import drawing_width

    columns = env.width() or drawing_width()
    for line in wrap(f"Settings file: {where}" + ("" if text is not None else
                                                  " (not written yet)"), columns):
        env.stdout.write(line + "\n")
    width = max(len(k.name) for k in settings.KEYS)
    for setting in settings.KEYS:
        value = settings.toml_value(getattr(current, setting.field))
        source = "set" if setting.name in given else "default"
        prefix = f"  {setting.name.ljust(width)} = {value.ljust(12)} {source:<8} "
        for line in under(prefix, setting.about, columns):
            env.stdout.write(line + "\n")
    for line in wrap("Change one with: crackcoach config set KEY VALUE (unset KEY goes back "
                     "to the default).", columns):
        env.stdout.write(line + "\n")
    return EXIT_OK
