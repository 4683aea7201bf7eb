"""Where crackcoach keeps things on disk.

Only the command line calls these; the core is always handed explicit paths.
``CRACKCOACH_HOME=DIR`` moves everything under ``DIR`` (tests and portable
installs use it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "crackcoach"
HOME_ENV = "CRACKCOACH_HOME"
DB_FILENAME = "crackcoach.db"
FIRST_CHECK_FILENAME = "first-check.json"  # beside the diary: see firstcheck.py


def _home(env: Mapping[str, str]) -> Path | None:
    value = env.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def user_routines_dir(env: Mapping[str, str] = os.environ) -> Path:
    """The folder for the user's own routines."""
    home = _home(env)
    if home is not None:
        return home / "routines"
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME)) / "routines"


def database_path(env: Mapping[str, str] = os.environ) -> Path:
    """The diary database file."""
    home = _home(env)
    if home is not None:
        return home / DB_FILENAME
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME)) / DB_FILENAME


def builtin_routines_dir() -> Path:
    """The routines shipped with crackcoach.

    An installed wheel carries them inside the package; an editable install or
    a source checkout imports the package from ``src/`` and finds them in the
    repository's top-level ``routines/`` folder.
    """
    packaged = Path(__file__).resolve().parent / "routines"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "routines"
