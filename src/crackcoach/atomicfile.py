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
