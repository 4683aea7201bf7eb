"""Find routines: the built-in ones, the user's, and any extra folders.

Folders are searched in order of precedence, lowest first: built-in, the
user's routines folder, then each ``--routines-dir`` in the order given. A
routine in a later folder overrides one of the same name in an earlier one
(the rules for any kind of file are in :mod:`crackcoach.base.catalog`).
"""

from __future__ import annotations

from pathlib import Path

from crackcoach.base import catalog
from crackcoach.base.paths import Folder
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.errors import InputError, RoutineError, RoutineNotFound
from crackcoach.routines.cache import FileCache
from crackcoach.routines.model import MAX_NAME_LENGTH, SLUG, Routine
from crackcoach.routines.reader import load_routine

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


class Catalog:
    """Every usable routine, which ones are overridden, and the files that are broken.

    A plain class (not a dataclass): ``list`` is timed, and the dataclasses
    module costs it a noticeable part of its start-up.
    """

    def __init__(self) -> None:
        self.routines: list[Routine] = []
        self.overridden: dict[str, list[Routine]] = {}
        self.warnings: list[str] = []

    def get(self, name: str) -> Routine | None:
        """The routine in use under ``name``, if any."""
        return next((r for r in self.routines if r.name == name), None)


def check_name(name: str) -> None:
    """Refuse anything that is not a routine name, paths above all."""
    if "/" in name or "\\" in name or ".." in name:
        raise InputError(f"'{name}' is not a routine name; names never contain '/' or '..' "
                         "(use 'crackcoach validate PATH' to check a file)")
    if not SLUG.fullmatch(name):
        raise InputError(f"'{name}' is not a routine name; names use lowercase letters, digits "
                         "and single hyphens, e.g. 'back-reset'")
    if len(name) > MAX_NAME_LENGTH:
        raise InputError(f"'{name[:20]}...' is not a routine name; names are at most "
                         f"{MAX_NAME_LENGTH} characters long")


ROUTINES = catalog.Kind("routine", error=RoutineError, not_found=RoutineNotFound,
                        listed_by="'crackcoach list' shows them all", check_name=check_name,
                        counted="problem")


def routine_files(folder: Path) -> list[Path]:
    """The routine files directly inside ``folder``, by name."""
    return catalog.files(folder, ROUTINES.plural)


def _reader(cache: FileCache | None) -> Callable[[Path, Folder], Routine]:
    def read(path: Path, folder: Folder) -> Routine:
        return load_routine(path, builtin=folder.builtin, source=catalog.label(path, folder),
                            cache=cache)
    return read


def load_file(path: Path, folder: Folder, cache: FileCache | None = None) -> Routine:
    """Load one routine file and check that its name matches the file name."""
    return catalog.load(path, folder, ROUTINES, _reader(cache))


def scan(folders: Sequence[Folder], cache: FileCache | None = None) -> Catalog:
    """Load every routine in ``folders``; broken files become warnings, not failures.

    A ``cache`` saves parsing unchanged files again (see :mod:`crackcoach.routines.cache`).
    """
    found = Catalog()
    found.routines, found.overridden, found.warnings = catalog.scan(folders, ROUTINES,
                                                                    _reader(cache))
    if cache is not None:
        cache.save()
    return found


def find(name: str, folders: Sequence[Folder], cache: FileCache | None = None) -> Routine:
    """The routine called ``name``, from the folder with the highest precedence."""
    try:
        return catalog.find(name, folders, ROUTINES, _reader(cache))
    finally:
        if cache is not None:
            cache.save()
