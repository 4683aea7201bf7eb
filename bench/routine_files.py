"""Listing 1,000 routine files: ``crackcoach list --routines-dir DIR``.

Run: python bench/routine_files.py
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from _util import crackcoach_command, env_with_home, interleaved, temp_home

ROOT = Path(__file__).resolve().parents[1]


def make_routines(folder: Path, count: int) -> None:
    """Write ``count`` copies of the back-reset routine under new names."""
    text = (ROOT / "routines" / "back-reset.yaml").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        name = f"routine-{number:04d}"
        (folder / f"{name}.yaml").write_text(
            text.replace("name: back-reset", f"name: {name}"), encoding="utf-8")


def measure(count: int = 1000, rounds: int = 5) -> dict[str, float]:
    """Seconds to list ``count`` routine files, and to list the built-ins alone."""
    home = temp_home()
    folder = home / "many"
    make_routines(folder, count)
    base = crackcoach_command()
    results = interleaved({
        "built-in only": [*base, "list"],
        "with 1000 files": [*base, "list", "--routines-dir", str(folder)],
    }, rounds, env_with_home(home))
    shutil.rmtree(home, ignore_errors=True)
    return {
        "list built-in s": results["built-in only"][0],
        f"list {count} files s": results["with 1000 files"][0],
        f"list {count} files MiB": results["with 1000 files"][1] / 1024,
    }


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key:28} {value:8.3f}")
