"""Write a file so that it is either complete or not there at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from crackcoach.errors import CrackcoachError


def write_text_atomic(path: Path, write: Callable[[TextIO], object]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place.

    A crash or an error part-way leaves any earlier ``path`` untouched and no
    half-written file behind. The new file is private to the user (0600), as
    diary exports and reports hold health notes.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CrackcoachError(f"cannot write {path}: the folder {folder} does not exist")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=folder)
    except OSError as exc:
        raise CrackcoachError(f"cannot write {path}: {exc.strerror}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise CrackcoachError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def private_folder(folder: Path) -> None:
    """Make ``folder`` (and missing parents) readable by its owner only when it is created.

    An existing folder is left as it is: it may be shared on purpose.
    """
    if folder.is_dir():
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)  # mkdir's mode is reduced by the umask
    except OSError as exc:
        raise CrackcoachError(f"cannot create the folder {folder}: {exc.strerror or exc}"
                              ) from None


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (0600), creating its folder privately (0700)."""
    private_folder(path.parent)
    write_text_atomic(path, lambda out: out.write(text))
