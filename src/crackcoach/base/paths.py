"""Where crackcoach keeps things on disk.

Only the command line calls these; the core is always handed explicit paths.
``CRACKCOACH_HOME=DIR`` moves everything under ``DIR`` (tests and portable
installs use it).
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from crackcoach.base.typenames import NamedTuple

APP_NAME = "crackcoach"
HOME_ENV = "CRACKCOACH_HOME"
DB_FILENAME = "crackcoach.db"
CONFIG_FILENAME = "config.toml"
PLAN_STATE_FILENAME = "plan-state.json"
FIRST_CHECK_FILENAME = "first-check.json"  # beside the diary: see firstcheck.py



class Folder(NamedTuple):
    """A folder of routine or plan files; ``builtin`` for the ones shipped with crackcoach."""

    path: Path
    builtin: bool = False

def _home(env: Mapping[str, str]) -> Path | None:
    value = env.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def user_routines_dir(env: Mapping[str, str] = os.environ) -> Path:
    """The folder for the user's own routines."""
    home = _home(env)
    if home is not None:
        return home / "routines"
    return _platform_dir("config", env) / "routines"


_XDG = {"data": ("XDG_DATA_HOME", ".local/share"), "config": ("XDG_CONFIG_HOME", ".config"),
        "cache": ("XDG_CACHE_HOME", ".cache")}


def _platform_dir(kind: str, env: Mapping[str, str]) -> Path:
    """The user's data, config or cache folder for crackcoach, as the platform has it.

    On Linux and the BSDs this is the XDG rule, worked out here: loading
    platformdirs costs every command a few milliseconds, and it says the same.
    Elsewhere (macOS, Windows) platformdirs knows the platform's own places.
    """
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        variable, fallback = _XDG[kind]
        chosen = env.get(variable, "").strip()
        if chosen and os.path.isabs(chosen):
            return Path(chosen) / APP_NAME
        return Path(env.get("HOME") or os.path.expanduser("~")) / fallback / APP_NAME
    import platformdirs

    where = {"data": platformdirs.user_data_dir, "config": platformdirs.user_config_dir,
             "cache": platformdirs.user_cache_dir}[kind]
    return Path(where(APP_NAME))


def _data_dir(env: Mapping[str, str]) -> Path:
    home = _home(env)
    if home is not None:
        return home
    return _platform_dir("data", env)


def database_path(env: Mapping[str, str] = os.environ) -> Path:
    """The diary database file."""
    return _data_dir(env) / DB_FILENAME


def user_plans_dir(env: Mapping[str, str] = os.environ) -> Path:
    """The folder for the user's own plans (beside the diary)."""
    return _data_dir(env) / "plans"


def plan_state_path(env: Mapping[str, str] = os.environ) -> Path:
    """The small file that says which plan is active and since when."""
    return _data_dir(env) / PLAN_STATE_FILENAME


def config_path(env: Mapping[str, str] = os.environ) -> Path:
    """The settings file (TOML)."""
    home = _home(env)
    if home is not None:
        return home / CONFIG_FILENAME
    return _platform_dir("config", env) / CONFIG_FILENAME


def cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Where crackcoach keeps what it can always work out again (routines already read)."""
    home = _home(env)
    if home is not None:
        return home / "cache"
    return _platform_dir("cache", env)


def systemd_user_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Where systemd looks for a user's own units; CRACKCOACH_HOME does not move it."""
    config = env.get("XDG_CONFIG_HOME", "")
    if config and Path(config).is_absolute():
        return Path(config) / "systemd" / "user"
    home = env.get("HOME", "") or str(Path("~").expanduser())
    return Path(home) / ".config" / "systemd" / "user"


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and its missing parents, each 0700 whatever the umask.

    Folders that exist are left as they are (a link to a folder counts as
    one). FileExistsError, as from mkdir, when something else stands in the
    way; other OSErrors as they come.
    """
    missing: list[Path] = []
    level = Path(folder)
    while not level.is_dir():
        if os.path.lexists(level):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(level))
        missing.append(level)
        if level.parent == level:
            break
        level = level.parent
    for level in reversed(missing):
        try:
            os.mkdir(level, 0o700)
        except FileExistsError:
            if not level.is_dir():
                raise
            continue  # another process made it a moment ago
        os.chmod(level, 0o700)  # mkdir's mode is reduced by the umask


def builtin_routines_dir() -> Path:
    """The routines shipped with crackcoach.

    An installed wheel carries them inside the package; an editable install or
    a source checkout imports the package from ``src/`` and finds them in the
    repository's top-level ``routines/`` folder.
    """
    return _shipped("routines")


def builtin_plans_dir() -> Path:
    """The plans shipped with crackcoach (found like the routines)."""
    return _shipped("plans")


def _shipped(folder: str) -> Path:
    package = Path(__file__).resolve().parents[1]
    packaged = package / "builtin" / folder
    if packaged.is_dir():
        return packaged
    return package.parents[1] / folder


def docs_dir() -> Path:
    """The documentation files the program shows (``crackcoach learn routine-format``).

    Like the routines: inside the package when installed from a wheel, the
    repository's ``docs/`` folder in a source checkout.
    """
    return _shipped("docs")


def session_bus(env: Mapping[str, str] = os.environ) -> str:
    """The address of the desktop's message bus, which notify-send needs (from cron too)."""
    runtime = env.get("XDG_RUNTIME_DIR", "") or f"/run/user/{os.getuid()}"
    return env.get("DBUS_SESSION_BUS_ADDRESS", "") or f"unix:path={runtime}/bus"
