"""Helpers shared by the benchmark scripts: run commands and time them side by side."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple


def crackcoach_command() -> list[str]:
    """How to run the crackcoach installed for this Python.

    The console script beside the interpreter comes first, so a benchmark run
    with a venv's python measures that venv's install; then one on PATH; then
    ``python -m crackcoach``.
    """
    beside = Path(sys.executable).with_name("crackcoach")
    if beside.exists():
        return [str(beside)]
    script = shutil.which("crackcoach")
    return [script] if script else [sys.executable, "-m", "crackcoach"]


# A child's peak memory (ru_maxrss) also counts the image it was forked or
# spawned from before exec (posix_spawn shares the parent's memory until the
# exec), so a child of the benchmark process reports at least the benchmark's
# own peak. /usr/bin/time -f %M (a small C program) is used where there is one;
# else this small launcher forks the command itself.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


class Measured(NamedTuple):
    """One run of a command: wall time, the CPU time it used, and its peak memory."""

    wall: float  # seconds
    cpu: float  # seconds of user + system time of the command itself
    peak_kib: int  # counts the spawning process too: use peak_memory_kib for the command's


def run_measured(argv: Sequence[str], env: dict[str, str] | None = None) -> Measured:
    """Run ``argv`` once with no input or output; its wall time, CPU time and peak memory.

    The command is spawned directly and reaped with wait4, so the CPU time and
    memory are its own: on a shared machine the CPU time moves far less than
    the wall time, because waiting for a core is not counted.
    """
    null = os.devnull
    actions = [(os.POSIX_SPAWN_OPEN, 0, null, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, null, os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, null, os.O_WRONLY, 0)]
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], list(argv), dict(os.environ if env is None else env),
                          file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {os.waitstatus_to_exitcode(status)}")
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def run_once(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Run ``argv`` once; return its wall time in seconds."""
    return run_measured(argv, env).wall


def peak_memory_kib(argv: Sequence[str], env: dict[str, str] | None = None) -> int:
    """The peak resident memory of one run of ``argv``, in KiB, as /usr/bin/time gives it."""
    if os.access("/usr/bin/time", os.X_OK):
        result = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited with {result.returncode}")
        return int(result.stderr.split()[-1])
    result = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, *argv], env=env,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {result.returncode}")
    return int(result.stdout.split()[-1])


def interleaved(commands: dict[str, Sequence[str]], rounds: int,
                env: dict[str, str] | None = None) -> dict[str, tuple[float, int]]:
    """Median wall time and peak memory per command, running them round-robin.

    Interleaving puts every command under the same machine load, which is what
    makes ratios between them meaningful on a shared, noisy machine.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    memory: dict[str, int] = dict.fromkeys(commands, 0)
    failed: set[str] = set()
    for _ in range(rounds):
        for name, argv in commands.items():
            if name in failed:
                continue
            try:
                times[name].append(run_once(argv, env))
                if not memory[name]:
                    memory[name] = peak_memory_kib(argv, env)
            except RuntimeError as exc:
                print(f"bench: {exc}; left out", file=sys.stderr)
                failed.add(name)
    nan = float("nan")
    return {name: (statistics.median(times[name]) if times[name] else nan, memory[name])
            for name in commands}


def temp_home() -> Path:
    """A fresh, empty CRACKCOACH_HOME."""
    return Path(tempfile.mkdtemp(prefix="crackcoach-bench-"))


def env_with_home(home: Path) -> dict[str, str]:
    """The current environment with CRACKCOACH_HOME pointing at ``home``."""
    env = dict(os.environ)
    env["CRACKCOACH_HOME"] = str(home)
    env.pop("CRACKCOACH_DEBUG", None)
    return env
