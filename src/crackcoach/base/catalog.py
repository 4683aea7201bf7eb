"""Files of one kind (routines, plans) in an ordered list of folders.

Folders are searched in order of precedence, lowest first: built-in, the
user's folder, then any extra folders given. A file in a later folder
overrides one of the same name in an earlier one. A file is called
``<name>.yaml`` (or ``.yml``), so finding one never needs to read the others.
What differs between kinds (their words, the name rule, how strict an
unreadable folder is taken) is a :class:`Kind`; how one file is read is a
function the caller passes in.
"""

from __future__ import annotations

from pathlib import Path

from crackcoach.base.paths import Folder
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.errors import InputError, RoutineError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Protocol, TypeVar

    class Named(Protocol):
        """Anything read from a file of a kind: it carries the name it was given."""

        @property
        def name(self) -> str: ...

    T = TypeVar("T", bound=Named)

SUFFIXES = (".yaml", ".yml")


class Kind:
    """One kind of file: what it is called, and the rules that differ between kinds."""

    def __init__(self, word: str, *, error: type[RoutineError],
                 not_found: type[InputError], listed_by: str,
                 check_name: Callable[[str], None], strict: bool = False,
                 counted: str = "") -> None:
        self.word = word  # "routine": in "no routine named ..."
        self.plural = word + "s"  # "routines": in "cannot read the routines folder ..."
        self.error = error  # what a file whose name is not its file's name raises
        self.not_found = not_found
        self.listed_by = listed_by  # how a person sees them all, for "no ... named"
        self.check_name = check_name  # refuses anything that is not a name, paths above all
        # strict: a folder that cannot be read is an error, not a warning that leaves it out.
        self.strict = strict
        self.counted = counted  # "problem": a broken file's warning says "(and 2 more problems)"


def files(folder: Path, plural: str) -> list[Path]:
    """The files directly inside ``folder`` (of routines or plans, say ``plural``), by name."""
    try:
        # Only regular files: opening a FIFO named x.yaml would block `list` forever.
        return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and not
                      p.name.startswith(".") and p.is_file())
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise InputError(f"cannot read the {plural} folder {folder}: {exc.strerror}") from None


def label(path: Path, folder: Folder) -> str:
    """How a file is named in messages: "built-in" files by their bare name."""
    return f"built-in {path.name}" if folder.builtin else str(path)


def load(path: Path, folder: Folder, kind: Kind, read: Callable[[Path, Folder], T]) -> T:
    """Read one file with ``read`` and check that the name in it is the file's name."""
    found = read(path, folder)
    if found.name != path.stem:
        raise kind.error([
            f"{label(path, folder)}: name: '{found.name}' does not match the file name; "
            f"save it as {found.name}{path.suffix} or change the name to '{path.stem}'"
        ])
    return found


def scan(folders: Sequence[Folder], kind: Kind, read: Callable[[Path, Folder], T]
         ) -> tuple[list[T], dict[str, list[T]], list[str]]:
    """Every usable file's content by name, which ones later folders override, and one
    warning per broken file: a broken file is a warning, not a failure."""
    by_name: dict[str, T] = {}
    overridden: dict[str, list[T]] = {}
    warnings: list[str] = []
    for folder in folders:
        seen_here: dict[str, Path] = {}
        try:
            paths = files(folder.path, kind.plural)
        except InputError as exc:  # an unreadable folder must not hide the others
            if kind.strict:
                raise
            warnings.append(f"{exc}; its {kind.plural} are left out")
            continue
        for path in paths:
            try:
                found = load(path, folder, kind, read)
            except RoutineError as exc:
                warnings.append(exc.problems[0] + _more(exc.problems, kind.counted))
                continue
            if found.name in seen_here:
                warnings.append(
                    f"{label(path, folder)}: name: '{found.name}' is also defined in "
                    f"{seen_here[found.name]}; this copy is ignored")
                continue
            seen_here[found.name] = path
            if found.name in by_name:
                overridden.setdefault(found.name, []).append(by_name[found.name])
            by_name[found.name] = found
    return sorted(by_name.values(), key=lambda f: f.name), overridden, warnings


def _more(problems: list[str], counted: str) -> str:
    extra = len(problems) - 1
    if not extra:
        return ""
    return f" (and {extra} more{f' {counted}' if counted else ''}" \
           f"{'s' if counted and extra > 1 else ''})"


def find(name: str, folders: Sequence[Folder], kind: Kind,
         read: Callable[[Path, Folder], T]) -> T:
    """The file called ``name``, read from the folder with the highest precedence."""
    kind.check_name(name)
    unreadable: list[Path] = []
    for folder in reversed(folders):
        for suffix in SUFFIXES:
            path = folder.path / f"{name}{suffix}"
            try:
                found = path.is_file()
            except OSError as exc:  # a folder we may not look into: the others still count
                if kind.strict:
                    raise InputError(f"cannot read the {kind.plural} folder {folder.path}: "
                                     f"{exc.strerror}") from None
                unreadable.append(folder.path)
                break
            if found:
                return load(path, folder, kind, read)
    from difflib import get_close_matches

    close = get_close_matches(name, names(folders, kind), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    unread = (f"; {', '.join(map(str, unreadable))} could not be read" if unreadable else "")
    raise kind.not_found(f"no {kind.word} named '{name}'{hint}{unread} ({kind.listed_by})")


def names(folders: Sequence[Folder], kind: Kind) -> list[str]:
    """The names of the files in ``folders``, without reading them."""
    known: set[str] = set()
    for folder in folders:
        try:
            known.update(p.stem for p in files(folder.path, kind.plural))
        except InputError:
            if kind.strict:
                raise
    return sorted(known)
