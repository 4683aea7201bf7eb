"""Run tests while every core is kept busy, as on a loaded CI machine.

    python bench/under_load.py                    # the terminal and signal tests, twice
    python bench/under_load.py --rounds 1 tests/  # the whole suite once

One busy loop per core (``stress`` where it is installed, else Python loops)
runs for as long as the tests do. The tests that drive a real terminal wait on
what the screen shows, with generous timeouts, so they must pass here too; the
exit status is pytest's (0 only when every round passed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TERMINAL_TESTS = ["tests/test_diary_processes.py", "tests/test_session_endings.py",
                  "tests/test_signal_endings.py", "tests/test_session_pty.py",
                  "tests/test_journal.py"]
_BUSY = "while True: pass"


def hogs(count: int) -> list[subprocess.Popen[bytes]]:
    """``count`` processes that each keep one core busy until they are killed."""
    stress = shutil.which("stress")
    if stress is not None:
        return [subprocess.Popen([stress, "--cpu", str(count)], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)]
    return [subprocess.Popen([sys.executable, "-c", _BUSY]) for _ in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2, help="runs in a row (default 2)")
    parser.add_argument("--hogs", type=int, default=os.cpu_count() or 2,
                        help="busy loops (default: one per core)")
    parser.add_argument("--workers", default="2", help="pytest -n (default 2)")
    parser.add_argument("tests", nargs="*", default=TERMINAL_TESTS)
    options = parser.parse_args()
    busy = hogs(options.hogs)
    status = 0
    try:
        for round_number in range(1, options.rounds + 1):
            print(f"under_load: round {round_number} of {options.rounds}, "
                  f"{options.hogs} busy loops", flush=True)
            done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", options.workers,
                                   "-p", "no:cacheprovider", *options.tests], cwd=ROOT,
                                  check=False)
            status = status or done.returncode
    finally:
        for process in busy:
            process.kill()
            process.wait()
    return status


if __name__ == "__main__":
    sys.exit(main())
