"""CPU and terminal output of ``crackcoach start`` while a hold runs in a real pseudo-terminal.

Spawns the installed ``crackcoach`` on a routine with one long hold in a
30x100 pseudo-terminal (pexpect), presses Enter, lets the live view settle,
then, over ``MEASURE_SECONDS`` while draining the output as a terminal would,
reads the process's CPU time and counts the bytes it wrote. This is done
``RUNS`` times; the median and the range (lowest to highest) are printed.

CPU time comes from the scheduler's running total in /proc/<pid>/sched
(microseconds) where the kernel has it, else from /proc/<pid>/stat (ticks of
10 ms, coarse for a process this quiet). Linux only (it reads /proc).

Run:  python bench/session_cpu.py [RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
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
SIZE = (30, 100)  # rows, columns
SETTLE_SECONDS = 2.0
MEASURE_SECONDS = 10.0
RUNS = 5


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far, as precisely as the kernel tells."""
    try:
        for line in Path(f"/proc/{pid}/sched").read_text().splitlines():
            if line.startswith("se.sum_exec_runtime"):
                return float(line.split(":")[1]) / 1000  # milliseconds
    except (OSError, ValueError, IndexError):
        pass
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


def measure_once() -> tuple[float, float]:
    """One run: CPU % of one core and bytes per second written to the terminal."""
    import pexpect

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "routines"
        folder.mkdir()
        (folder / "long-hold.yaml").write_text(ROUTINE, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        env.update(TERM="xterm-256color", CRACKCOACH_HOME=str(Path(tmp) / "home"))
        program, *prefix = crackcoach_command()
        # The first-run check is answered beforehand, as after a person's first session.
        subprocess.run([program, *prefix, "check", "--none"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        child = pexpect.spawn(program, [*prefix, "start", "long-hold", "--quiet", "--no-log",
                                        "--routines-dir", str(folder)],
                              env=env, dimensions=SIZE, timeout=10)
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
    return 100 * cpu / wall, received / wall


def measure(runs: int = RUNS) -> dict[str, float]:
    """Median and range of CPU % of one core and of bytes/s to the terminal over ``runs``."""
    cpu, output = zip(*(measure_once() for _ in range(runs)), strict=True)
    return {
        "runs": float(runs),
        "seconds_measured_per_run": MEASURE_SECONDS,
        "cpu_percent_median": round(statistics.median(cpu), 3),
        "cpu_percent_min": round(min(cpu), 3),
        "cpu_percent_max": round(max(cpu), 3),
        "terminal_bytes_per_second_median": round(statistics.median(output)),
        "terminal_bytes_per_second_min": round(min(output)),
        "terminal_bytes_per_second_max": round(max(output)),
    }


def main() -> None:
    """Print the figures."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    figures = measure(runs)
    rows, columns = SIZE
    print(f"crackcoach start, one hold in a {rows}x{columns} pseudo-terminal, "
          f"{runs} runs of {MEASURE_SECONDS:g} s")
    print(f"  CPU: {figures['cpu_percent_median']:.2f}% of one core (median; "
          f"{figures['cpu_percent_min']:.2f}-{figures['cpu_percent_max']:.2f}%)")
    print(f"  output: {figures['terminal_bytes_per_second_median']:.0f} bytes/s to the terminal "
          f"(median; {figures['terminal_bytes_per_second_min']:.0f}-"
          f"{figures['terminal_bytes_per_second_max']:.0f})")


if __name__ == "__main__":
    main()
