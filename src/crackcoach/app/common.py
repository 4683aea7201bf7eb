"""What several use cases share: the settings in force, the folders routines and plans
are read from, and the line saying where a file was written."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from crackcoach.app.env import Env
from crackcoach.base import config, messages
from crackcoach.base.config import Config
from crackcoach.base.paths import Folder
from crackcoach.base.textsafe import printable
from crackcoach.errors import InputError


def load_config(env: Env) -> Config:
    """The settings in force."""

    return config.load(env.places.config_path)


def routine_folders(env: Env, extra: Sequence[Path] = ()) -> list[Folder]:
    """Built-in, user and extra routine folders, lowest precedence first."""

    folders = [Folder(env.places.builtin_routines_dir, builtin=True),
               Folder(env.places.user_routines_dir)]
    for folder in extra:
        if folder.exists() and not folder.is_dir():
            raise InputError(f"--routines-dir {folder}: expected a folder, not a file")
        if not folder.is_dir():
            raise InputError(f"--routines-dir {folder}: no such folder")
        folders.append(Folder(folder))
    return folders


def plan_folders(env: Env) -> list[Folder]:
    """Built-in plans, then the user's (which win over built-in ones of the same name)."""

    return [Folder(env.places.builtin_plans_dir, builtin=True), Folder(env.places.user_plans_dir)]


def tell_written(env: Env, output: Path | None, what: str) -> None:
    """Say on standard error that ``what`` was written to ``output`` (nothing for standard
    output: the text itself is there)."""
    if output is not None and str(output) != "-":
        env.stderr.write(messages.wrote(what, printable(str(output), single_line=True)) + "\n")
