"""Where crackcoach keeps things on disk.

Only the command line calls these; the core is always handed explicit paths.
``CRACKCOACH_HOME=DIR`` moves everything under ``DIR`` (tests and portable
installs use it).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "crackcoach"
HOME_ENV = "CRACKCOACH_HOME"
DB_FILENAME = "crackcoach.db"


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
    packaged = Path(__file__).resolve().parent / "routines"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "routines"
