"""Working files: private, only in the data folder or beside the output, never left behind.

An import stages every row it reads (notes included) in a working database,
and an export writes a new copy beside the file it replaces. Those files hold
health data, so they are made 0600 in the data folder (or beside the output),
never in the system's shared temporary folder, and they carry the id of the
process that made them. They are removed when the command ends, however it
ends short of SIGKILL; after SIGKILL, :func:`tidy` removes the ones whose
process is gone the next time crackcoach looks in that folder.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

_MARK = "crackcoach-work"
IMPORT = "import"  # an import's working database in the data folder


def make(folder: Path, label: str, suffix: str) -> Path:
    """A new empty 0600 file in ``folder`` for this process; OSError if none can be made."""
    import tempfile

    handle, name = tempfile.mkstemp(prefix=f".{label}.{_MARK}-{os.getpid()}-", suffix=suffix,
                                    dir=folder)
    os.close(handle)
    return Path(name)


def _pattern(label: str) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(label)}\.{_MARK}-(\d+)-[^/]*$")


def tidy(folder: Path, label: str, *, own: bool = False) -> int:
    """Remove ``label``'s working files in ``folder`` left by processes that are gone, and
    with ``own`` this process's too (however far their making got when it was stopped)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    pattern = _pattern(label)
    removed = 0
    for name in names:
        found = pattern.match(name)
        if found is None or (_alive(int(found.group(1)))
                             and not (own and int(found.group(1)) == os.getpid())):
            continue
        with contextlib.suppress(OSError):
            os.unlink(folder / name)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):
        return True  # someone else's process, or a number that is not a process: keep it
    return True
