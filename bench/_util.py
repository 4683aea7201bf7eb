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


def crackcoach_command() -> list[str]:
    """How to run the installed crackcoach: the console script, else ``python -m``."""
    script = shutil.which("crackcoach")
    return [script] if script else [sys.executable, "-m", "crackcoach"]


def run_once(argv: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Run ``argv`` once; return (wall seconds, peak resident memory in KiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {proc.returncode}")
    return elapsed, int(usage.ru_maxrss)


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
                elapsed, peak = run_once(argv, env)
            except RuntimeError as exc:
                print(f"bench: {exc}; left out", file=sys.stderr)
                failed.add(name)
                continue
            times[name].append(elapsed)
            memory[name] = max(memory[name], peak)
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
