"""Where ``--output`` writes: regular files atomically, anything else straight, never replaced.

A regular file (or a new name) is written to a private temporary file beside
it and renamed into place at the end, so it is either complete or as it was.
A pipe, a terminal or a device such as /dev/null or /dev/full is written
straight into: replacing it would turn it into a regular file (as root, the
system's /dev/null). ``-`` is standard output.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from crackcoach.base import tempfiles
from crackcoach.base.paths import make_private_folder
from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.errors import CrackcoachError, InputError

if TYPE_CHECKING:
    from typing import TextIO


def _name(path: str | os.PathLike[str]) -> str:
    return printable(os.fspath(path), single_line=True)


def _failure(name: str, exc: OSError) -> CrackcoachError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        why = f"the disk is full ({exc.strerror})"
    elif exc.errno == errno.EPIPE:
        why = "the program reading it stopped"
    else:
        why = exc.strerror or str(exc)
    return CrackcoachError(f"cannot write {name}: {why}")


@contextmanager
def open_output(target: str | os.PathLike[str] | None, stdout: TextIO) -> Iterator[TextIO]:
    """A text stream for an output option; the output is in place once the block ends.

    ``None`` or ``-``: ``stdout`` (left open). A regular file, a new name, or
    a symbolic link to either: a temporary file (0600) beside the real file,
    renamed over it at the end; an error leaves the old file as it was. A
    pipe, terminal or character device: written straight into, never
    replaced; a pipe nobody reads is refused rather than waited on. A folder,
    socket or block device: InputError. Any failure to write, a full disk
    included, is a CrackcoachError in one line.
    """
    if target is None or os.fspath(target) == "-":
        yield stdout
        return
    name = _name(target)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None  # a new file, or a link to one not made yet
    except OSError as exc:
        raise CrackcoachError(f"cannot write {name}: {exc.strerror}") from None
    if info is None or stat.S_ISREG(info.st_mode):
        # The real file, so a link to a backup keeps pointing at the new one.
        with _atomic(Path(os.path.realpath(target)), name) as out:
            yield out
    elif stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
        with _straight(target, name) as out:
            yield out
    else:
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a socket or block device"
        raise InputError(f"cannot write {name}: it is {kind}; give a file name, or - for "
                         "standard output")


@contextmanager
def _straight(target: str | os.PathLike[str], name: str) -> Iterator[TextIO]:
    try:
        # No O_CREAT, no O_TRUNC: only ever write into what is there.
        handle = os.open(target, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a pipe with no reader: it would wait for ever
            raise CrackcoachError(f"cannot write {name}: nothing is reading from that pipe; "
                                  "start the reader first") from None
        raise _failure(name, exc) from None
    os.set_blocking(handle, True)
    out = open(handle, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    try:
        yield out
        out.flush()
    except OSError as exc:
        raise _failure(name, exc) from None
    finally:
        with contextlib.suppress(OSError):  # a failed flush was reported above
            out.close()


@contextmanager
def _atomic(path: Path, name: str) -> Iterator[TextIO]:
    folder = path.parent
    if not folder.is_dir():
        raise CrackcoachError(f"cannot write {name}: the folder {_name(folder)} does not exist")

    try:
        tempfiles.tidy(folder, path.name)  # copies left by an export that was killed
        temp = tempfiles.make(folder, path.name, ".tmp")
        handle = os.open(temp, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    except BaseException as exc:
        # Also a signal the moment the copy exists: nothing is left beside the output.
        tempfiles.tidy(folder, path.name, own=True)
        if isinstance(exc, OSError):
            raise _failure(name, exc) from None
        raise
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise _failure(name, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def write_text_atomic(path: Path, write: Callable[[TextIO], object]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place.

    A crash or an error part-way leaves any earlier ``path`` untouched and no
    half-written file behind. The new file is private to the user (0600), as
    diary exports and reports hold health notes.
    """
    with _atomic(path, _name(path)) as out:
        write(out)


def private_folder(folder: Path) -> None:
    """Create ``folder`` (and missing parents) readable by its owner only (0700).

    An existing folder is left as it is: it may be shared on purpose.
    """

    try:
        make_private_folder(folder)
    except OSError as exc:
        raise CrackcoachError(f"cannot create the folder {folder}: {exc.strerror or exc}"
                              ) from None


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (0600), creating its folder privately (0700)."""
    private_folder(path.parent)
    write_text_atomic(path, lambda out: out.write(text))
