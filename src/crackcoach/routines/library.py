"""Find routines: the built-in ones, the user's, and any extra folders.

Folders are searched in order of precedence, lowest first: built-in, the
user's routines folder, then each ``--routines-dir`` in the order given. A
routine in a later folder overrides one of the same name in an earlier one.
A routine file is called ``<name>.yaml`` (or ``.yml``), so finding one routine
never needs to read the others.
"""

from __future__ import annotations

from pathlib import Path

from crackcoach.base.paths import Folder
from crackcoach.errors import InputError, RoutineError, RoutineNotFound
from crackcoach.routines.cache import RoutineCache
from crackcoach.routines.model import MAX_NAME_LENGTH, SLUG, Routine
from crackcoach.routines.reader import load_routine

SUFFIXES = (".yaml", ".yml")


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


def routine_files(folder: Path, kind: str = "routines") -> list[Path]:
    """The routine (or plan: ``kind="plans"``) files directly inside ``folder``, by name."""
    try:
        # Only regular files: opening a FIFO named x.yaml would block `list` forever.
        return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and not
                      p.name.startswith(".") and p.is_file())
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise InputError(f"cannot read the {kind} folder {folder}: {exc.strerror}") from None


def label(path: Path, folder: Folder) -> str:
    """How a routine file is named in messages: "built-in" files by their bare name."""
    return f"built-in {path.name}" if folder.builtin else str(path)


def load_file(path: Path, folder: Folder, cache: RoutineCache | None = None) -> Routine:
    """Load one routine file and check that its name matches the file name."""
    routine = load_routine(path, builtin=folder.builtin, source=label(path, folder),
                           cache=cache)
    if routine.name != path.stem:
        raise RoutineError([
            f"{label(path, folder)}: name: '{routine.name}' does not match the file name; "
            f"save it as {routine.name}{path.suffix} or change the name to '{path.stem}'"
        ])
    return routine


def scan(folders: list[Folder], cache: RoutineCache | None = None) -> Catalog:
    """Load every routine in ``folders``; broken files become warnings, not failures.

    A ``cache`` saves parsing unchanged files again (see :mod:`crackcoach.routines.cache`).
    """
    catalog = Catalog()
    by_name: dict[str, Routine] = {}
    for folder in folders:
        seen_here: dict[str, Path] = {}
        try:
            paths = routine_files(folder.path)
        except InputError as exc:  # an unreadable folder must not hide the others
            catalog.warnings.append(f"{exc}; its routines are left out")
            continue
        for path in paths:
            try:
                routine = load_file(path, folder, cache)
            except RoutineError as exc:
                catalog.warnings.append(exc.problems[0] + _more(exc.problems))
                continue
            if routine.name in seen_here:
                catalog.warnings.append(
                    f"{label(path, folder)}: name: '{routine.name}' is also defined in "
                    f"{seen_here[routine.name]}; this copy is ignored")
                continue
            seen_here[routine.name] = path
            if routine.name in by_name:
                catalog.overridden.setdefault(routine.name, []).append(by_name[routine.name])
            by_name[routine.name] = routine
    catalog.routines = sorted(by_name.values(), key=lambda r: r.name)
    if cache is not None:
        cache.save()
    return catalog


def _more(problems: list[str]) -> str:
    extra = len(problems) - 1
    return f" (and {extra} more problem{'s' if extra > 1 else ''})" if extra else ""


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


def find(name: str, folders: list[Folder], cache: RoutineCache | None = None) -> Routine:
    """The routine called ``name``, from the folder with the highest precedence."""
    check_name(name)
    unreadable: list[Path] = []
    for folder in reversed(folders):
        for suffix in SUFFIXES:
            path = folder.path / f"{name}{suffix}"
            try:
                found = path.is_file()
            except OSError:  # a folder we may not look into: the others still count
                unreadable.append(folder.path)
                break
            if found:
                try:
                    return load_file(path, folder, cache)
                finally:
                    if cache is not None:
                        cache.save()
    known: set[str] = set()
    for folder in folders:
        try:
            known.update(p.stem for p in routine_files(folder.path))
        except InputError:
            continue
    from difflib import get_close_matches

    close = get_close_matches(name, sorted(known), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    unread = (f"; {', '.join(map(str, unreadable))} could not be read" if unreadable else "")
    raise RoutineNotFound(f"no routine named '{name}'{hint}{unread} ('crackcoach list' shows "
                          "them all)")
