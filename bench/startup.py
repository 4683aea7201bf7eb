"""Start-up time and memory of the hot commands, as ratios to a bare ``python -c pass``.

Run: python bench/startup.py
"""

from __future__ import annotations

import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))

from _util import crackcoach_command, env_with_home, interleaved, temp_home

GOALS = {"--version": 4.0, "--help": 8.0, "log --discomfort 3 --stiffness 2": 9.0, "list": 12.0}
MEMORY_GOAL_MIB = 40.0


def measure(rounds: int = 21) -> dict[str, float]:
    """Median ratio to ``python -c pass`` and peak MiB for each hot command."""
    home = temp_home()
    env = env_with_home(home)
    base = crackcoach_command()
    commands = {"python -c pass": [sys.executable, "-c", "pass"]}
    for args in GOALS:
        commands[args] = [*base, *args.split()]
    results = interleaved(commands, rounds, env)
    baseline = results["python -c pass"][0]
    figures = {"python -c pass ms": baseline * 1000}
    for args in GOALS:
        seconds, peak_kib = results[args]
        figures[f"{args} ratio"] = seconds / baseline
        figures[f"{args} ms"] = seconds * 1000
        figures[f"{args} MiB"] = peak_kib / 1024
    return figures


def main() -> None:
    figures = measure()
    print(f"python -c pass: {figures['python -c pass ms']:.1f} ms (the unit of the ratios)")
    print(f"{'command':40} {'ratio':>6} {'goal':>6} {'ms':>7} {'MiB':>6}")
    for args, goal in GOALS.items():
        print(f"crackcoach {args:29} {figures[f'{args} ratio']:6.1f} {goal:6.1f} "
              f"{figures[f'{args} ms']:7.1f} {figures[f'{args} MiB']:6.1f}")


if __name__ == "__main__":
    main()
