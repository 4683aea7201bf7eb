"""CPU used by ``crackcoach start`` while a hold runs in a real pseudo-terminal.

Spawns the installed ``crackcoach`` on a routine with one long hold in a
30x100 pseudo-terminal (pexpect), presses Enter, lets the live view settle,
then reads the process's user + system CPU time from /proc/<pid>/stat over
about 10 seconds while draining its output like a terminal would. Prints the
CPU as a percentage of one core. Linux only (it reads /proc).

Run:  python bench/session_cpu.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from _util import crackcoach_command

ROUTINE = """\
version: 1
name: long-hold
title: One long hold
steps:
  - name: Long hold
    kind: hold
    hold: 120
    prepare: 0
    instructions: Hold still and breathe.
    cues: [breathe]
"""
SETTLE_SECONDS = 2.0
MEASURE_SECONDS = 10.0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of the file)
    return ticks / os.sysconf("SC_CLK_TCK")


def _drain(child, seconds: float) -> int:  # type: ignore[no-untyped-def]
    """Read the child's output for ``seconds`` so it never blocks on a full terminal."""
    import pexpect

    received = 0
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        try:
            received += len(child.read_nonblocking(65536, timeout=min(0.2, left)))
        except pexpect.TIMEOUT:
            continue
    return received


def measure() -> dict[str, float]:
    """CPU % of one core and terminal output per second while a hold runs."""
    import pexpect

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "routines"
        folder.mkdir()
        (folder / "long-hold.yaml").write_text(ROUTINE, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        env.update(TERM="xterm-256color", CRACKCOACH_HOME=str(Path(tmp) / "home"))
        program, *prefix = crackcoach_command()
        child = pexpect.spawn(program, [*prefix, "start", "long-hold", "--quiet", "--no-log",
                                        "--routines-dir", str(folder)],
                              env=env, dimensions=(30, 100), timeout=10)
        try:
            child.expect("Press Enter")
            child.send("\r")
            child.expect("HOLD")
            _drain(child, SETTLE_SECONDS)
            cpu_before, wall_before = _cpu_seconds(child.pid), time.monotonic()
            received = _drain(child, MEASURE_SECONDS)
            cpu = _cpu_seconds(child.pid) - cpu_before
            wall = time.monotonic() - wall_before
            child.send("q")
            child.expect(pexpect.EOF)
        finally:
            child.close(force=True)
    return {
        "seconds_measured": round(wall, 2),
        "cpu_percent_of_one_core": round(100 * cpu / wall, 2),
        "terminal_bytes_per_second": round(received / wall),
    }


def main() -> None:
    """Print the figures."""
    figures = measure()
    print(f"crackcoach start, one hold in a 30x100 pseudo-terminal, "
          f"{figures['seconds_measured']:g} s measured")
    print(f"  CPU: {figures['cpu_percent_of_one_core']:.2f}% of one core")
    print(f"  output: {figures['terminal_bytes_per_second']:.0f} bytes/s to the terminal")


if __name__ == "__main__":
    main()
