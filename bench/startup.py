"""Start-up time and peak memory of every command, as ratios to a bare ``python -c pass``.

Each round runs ``python -c pass`` and then every command once, so each
command's ratio is taken against the baseline of its own round (the same
machine load). Two ratios are given: of wall time, and of the CPU time the
command itself used, which moves far less on a shared machine because time
spent waiting for a core is not counted. Each is the median over the rounds,
with the spread between the 10th and the 90th percentile. The diary holds a
few entries so that reading commands have something to read.

Run: python bench/startup.py [ROUNDS]
     python bench/startup.py --instructions   (instruction counts under valgrind: the
                                               same on a busy machine as on an idle one)
In a clean environment, as a user installs it:
    python -m venv v && v/bin/pip install . && v/bin/python bench/startup.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, __import__("os").path.dirname(__file__))

from _util import crackcoach_command, env_with_home, peak_memory_kib, run_measured, temp_home

# command -> goal (ratio to python -c pass): every command 9x at most, the hottest less;
# a cold cache (the first run after installing or editing routine files) 12x
GOALS = {
    "--version": 2.0,
    "log --discomfort 3 --stiffness 2": 4.0,
    "list": 6.0,
    "list, cache cold": 12.0,
    "today": 9.0,
    "today, cache cold": 12.0,
    "today, following a plan": 9.0,
    "plan": 9.0,
    "plan, cache cold": 12.0,
    "plan, following a plan": 9.0,
    "--help": 7.0,
    "show back-reset": 9.0,
    "history": 9.0,
    "stats": 9.0,
    "report": 9.0,
    "flags": 9.0,
    "learn": 9.0,
    "export": 9.0,
    "validate": 9.0,
    "start back-reset --dry-run": 9.0,
    "start --help": 9.0,
}
MEMORY_GOAL_MIB = 25.0
# "COMMAND, cache cold": COMMAND run with no cache of routine and plan files already
# read, as just after installing or editing them (crackcoach.routines.cache); the
# plain entries run with the cache in place, as on every later run. The built-in
# files must have been left alone for two seconds to be kept.
COLD = ", cache cold"
# "COMMAND, following a plan": COMMAND run in a second home, where a plan was started.
FOLLOWING = ", following a plan"
PLAN = "desk-back-8-weeks"


def argv_of(base: list[str], args: str) -> list[str]:
    return [*base, *args.removesuffix(COLD).removesuffix(FOLLOWING).split()]


@contextmanager
def cache_as_the_entry_wants(args: str, env: dict[str, str]) -> Iterator[None]:
    """For a cold entry, the cache folder is set aside during the block, then put back whole."""
    if not args.endswith(COLD):
        yield
        return
    cache = Path(env["CRACKCOACH_HOME"], "cache")
    aside = cache.with_name("cache-kept-by-the-bench")
    if cache.exists():
        cache.replace(aside)
    try:
        yield
    finally:
        if aside.exists():
            if cache.exists():
                shutil.rmtree(cache)
            aside.replace(cache)


def prepared_home(following: bool = False) -> tuple[dict[str, str], list[str]]:
    """The environment of a home whose diary holds five entries and whose cache is warm
    (``following``: where a plan was started too), and the command that runs crackcoach."""
    env = env_with_home(temp_home())
    base = crackcoach_command()
    for day in range(1, 6):
        subprocess.run([*base, "log", "--discomfort", str(day), "--stiffness", "2", "--at",
                        f"2026-11-0{day}T20:00"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
    if following:
        subprocess.run([*base, "plan", PLAN], env=env, check=True, stdout=subprocess.DEVNULL)
    time.sleep(2)  # freshly installed routine and plan files are kept once two seconds old
    for warming in (["list"], ["plan"]):
        subprocess.run([*base, *warming], env=env, check=True, stdout=subprocess.DEVNULL)
    return env, base


def prepared_homes() -> tuple[dict[str, dict[str, str]], list[str]]:
    """The environment each entry runs in, and the command that runs crackcoach."""
    env, base = prepared_home()
    following, _ = prepared_home(following=True)
    return {args: following if args.endswith(FOLLOWING) else env for args in GOALS}, base


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def _summary(name: str, ratios: list[float]) -> dict[str, float]:
    return {f"{name}": statistics.median(ratios), f"{name} p10": _percentile(ratios, 0.1),
            f"{name} p90": _percentile(ratios, 0.9)}


def measure(rounds: int = 21) -> dict[str, float]:
    """Per command: wall and CPU ratios (median, p10, p90), wall ms and peak MiB."""
    envs, base = prepared_homes()
    commands = {args: argv_of(base, args) for args in GOALS}
    wall: dict[str, list[float]] = {args: [] for args in GOALS}
    cpu: dict[str, list[float]] = {args: [] for args in GOALS}
    ms: dict[str, list[float]] = {args: [] for args in GOALS}
    peak: dict[str, int] = dict.fromkeys(GOALS, 0)
    baselines: list[float] = []
    for _ in range(rounds):
        floor = run_measured([sys.executable, "-c", "pass"], envs["list"])
        baselines.append(floor.wall)
        for args, argv in commands.items():
            env = envs[args]
            with cache_as_the_entry_wants(args, env):
                run = run_measured(argv, env)
            wall[args].append(run.wall / floor.wall)
            cpu[args].append(run.cpu / floor.cpu)
            ms[args].append(run.wall * 1000)
            if not peak[args]:
                # Not run.peak_kib: a child spawned from this process counts this
                # process's own memory as well (see _util.peak_memory_kib).
                with cache_as_the_entry_wants(args, env):
                    peak[args] = peak_memory_kib(argv, env)
    figures = {"python -c pass ms": statistics.median(baselines) * 1000}
    for args in GOALS:
        figures.update(_summary(f"{args} wall", wall[args]))
        figures.update(_summary(f"{args} cpu", cpu[args]))
        figures[f"{args} ms"] = statistics.median(ms[args])
        figures[f"{args} MiB"] = peak[args] / 1024
    return figures


def instructions(argv: list[str], env: dict[str, str]) -> int:
    """Instructions one run of ``argv`` executes, counted by valgrind (callgrind)."""
    result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                             *argv], env=env, capture_output=True, text=True, check=True,
                            stdin=subprocess.DEVNULL)
    for line in result.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    raise RuntimeError(f"valgrind counted nothing for {' '.join(argv)}")


def measure_instructions() -> dict[str, float]:
    """Per command: the ratio of instructions to ``python -c pass``'s (one run each)."""
    envs, base = prepared_homes()
    floor = instructions([sys.executable, "-c", "pass"], envs["list"])
    figures = {"python -c pass instructions": float(floor)}
    for args in GOALS:
        with cache_as_the_entry_wants(args, envs[args]):
            counted = instructions(argv_of(base, args), envs[args])
        figures[f"{args} instructions ratio"] = counted / floor
    return figures


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Start-up time and memory of every command.")
    parser.add_argument("rounds", nargs="?", type=int, default=21,
                        help="how many rounds of every command (default 21)")
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions under valgrind instead of timing")
    given = parser.parse_args()
    if given.instructions:
        counted = measure_instructions()
        print(f"python -c pass: {counted['python -c pass instructions'] / 1e6:.1f} million "
              "instructions (the unit of the ratios)")
        for args, goal in GOALS.items():
            ratio = counted[f"{args} instructions ratio"]
            print(f"{args:37} {ratio:5.1f}  goal {goal:4.1f}{'  over' if ratio > goal else ''}")
        return
    rounds = given.rounds
    f = measure(rounds)
    print(f"python -c pass: {f['python -c pass ms']:.1f} ms wall (the unit of the ratios); "
          f"{rounds} rounds; ratio = median, spread = 10th-90th percentile")
    print(f"{'command':37} {'wall':>5} {'spread':>10} {'cpu':>5} {'spread':>10} {'goal':>5} "
          f"{'ms':>5} {'MiB':>5}")
    for args, goal in GOALS.items():
        over = f[f"{args} cpu"] > goal or f[f"{args} MiB"] > MEMORY_GOAL_MIB
        print(f"{args:37} {f[f'{args} wall']:5.1f} "
              f"{f[f'{args} wall p10']:4.1f}-{f[f'{args} wall p90']:<5.1f} "
              f"{f[f'{args} cpu']:5.1f} {f[f'{args} cpu p10']:4.1f}-{f[f'{args} cpu p90']:<5.1f} "
              f"{goal:5.1f} {f[f'{args} ms']:5.0f} {f[f'{args} MiB']:5.1f}"
              f"{'  over' if over else ''}")
    print(f"memory goal: {MEMORY_GOAL_MIB:.0f} MiB for every command; 'over' compares the "
          "CPU ratio, the steadier one, with the goal")


if __name__ == "__main__":
    main()
