"""Start-up time and peak memory of every command, as ratios to a bare ``python -c pass``.

Each round runs ``python -c pass`` and then every command once, so each
command's ratio is taken against the baseline of its own round (the same
machine load); the figure is the median ratio over the rounds, with the
spread between the 10th and the 90th percentile. The diary holds a few
entries so that reading commands have something to read.

Run: python bench/startup.py [ROUNDS]
In a clean environment, as a user installs it:
    python -m venv v && v/bin/pip install . && v/bin/python bench/startup.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))

from _util import crackcoach_command, env_with_home, peak_memory_kib, run_once, temp_home

# command -> goal (ratio to python -c pass)
GOALS = {
    "--version": 2.0,
    "log --discomfort 3 --stiffness 2": 4.0,
    "list": 6.0,
    "today": 6.0,  # what `crackcoach` alone runs: the same budget as list
    "--help": 7.0,
    "show back-reset": 12.0,
    "history": 12.0,
    "stats": 12.0,
    "report": 12.0,
    "flags": 12.0,
    "learn": 12.0,
    "export": 12.0,
    "validate": 12.0,
    "start --dry-run": 12.0,
    "start --help": 12.0,
}
MEMORY_GOAL_MIB = 25.0


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def measure(rounds: int = 21) -> dict[str, float]:
    """Median ratio (with its 10th-90th percentile spread), ms and peak MiB per command."""
    home = temp_home()
    env = env_with_home(home)
    base = crackcoach_command()
    for day in range(1, 6):
        subprocess.run([*base, "log", "--discomfort", str(day), "--stiffness", "2", "--at",
                        f"2026-11-0{day}T20:00"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
    commands = {args: [*base, *args.split()] for args in GOALS}
    ratios: dict[str, list[float]] = {args: [] for args in GOALS}
    times: dict[str, list[float]] = {args: [] for args in GOALS}
    baselines: list[float] = []
    for _ in range(rounds):
        baseline = run_once([sys.executable, "-c", "pass"], env)
        baselines.append(baseline)
        for args, argv in commands.items():
            seconds = run_once(argv, env)
            times[args].append(seconds)
            ratios[args].append(seconds / baseline)
    figures = {"python -c pass ms": statistics.median(baselines) * 1000}
    for args, argv in commands.items():
        figures[f"{args} ratio"] = statistics.median(ratios[args])
        figures[f"{args} ratio p10"] = _percentile(ratios[args], 0.1)
        figures[f"{args} ratio p90"] = _percentile(ratios[args], 0.9)
        figures[f"{args} ms"] = statistics.median(times[args]) * 1000
        figures[f"{args} MiB"] = peak_memory_kib(argv, env) / 1024
    return figures


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    figures = measure(rounds)
    print(f"python -c pass: {figures['python -c pass ms']:.1f} ms (the unit of the ratios); "
          f"{rounds} rounds; spread = 10th-90th percentile")
    print(f"{'command':44} {'ratio':>6} {'spread':>11} {'goal':>5} {'ms':>6} {'MiB':>5}")
    for args, goal in GOALS.items():
        mib = figures[f"{args} MiB"]
        flag = "" if figures[f"{args} ratio"] <= goal and mib <= MEMORY_GOAL_MIB else "  over"
        print(f"crackcoach {args:33} {figures[f'{args} ratio']:6.1f} "
              f"{figures[f'{args} ratio p10']:5.1f}-{figures[f'{args} ratio p90']:<5.1f} "
              f"{goal:5.1f} {figures[f'{args} ms']:6.0f} {mib:5.1f}{flag}")
    print(f"memory goal: {MEMORY_GOAL_MIB:.0f} MiB for every command")


if __name__ == "__main__":
    main()
