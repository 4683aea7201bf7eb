"""Time one TAB: how long ``crackcoach`` takes to answer the shell's completion request.

Each kind of request (a command, a learn topic, a setting's value, a routine
name, a record id from the diary) is run as the bash script runs it, in
rounds interleaved with a bare ``python -c pass`` so the figures of a busy
machine stay comparable. Prints the median wall and CPU time in milliseconds
of each request, and the same for the baseline. The goal is under 50 ms a TAB
on an idle machine (the interpreter's own start-up included).

Run: python bench/completion.py [ROUNDS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))

from _util import crackcoach_command, env_with_home, run_measured, temp_home

GOAL_MS = 50.0
REQUESTS = {
    "commands": "crackcoach st",
    "learn topics": "crackcoach learn ",
    "config value": "crackcoach config set week-start ",
    "routine names": "crackcoach stats --routine ",
    "record ids": "crackcoach edit ",
}


def _request(env: dict[str, str], words: str) -> dict[str, str]:
    parts = words.split(" ")
    return {**env, "_CRACKCOACH_COMPLETE": "complete_bash", "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1)}


def measure(rounds: int = 20) -> dict[str, float]:
    """Median ms of each request, wall and CPU, and of the baseline."""
    home = temp_home()
    env = env_with_home(home)
    program = crackcoach_command()
    for _ in range(30):  # a diary with records, so ids are read from it
        subprocess.run([*program, "log", "--discomfort", "3", "--stiffness", "2"], env=env,
                       check=True, capture_output=True)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in REQUESTS}
    times["python -c pass"] = []
    for _ in range(rounds):
        baseline = run_measured([sys.executable, "-c", "pass"], env)
        times["python -c pass"].append((baseline.wall, baseline.cpu))
        for name, words in REQUESTS.items():
            found = run_measured(program, _request(env, words))
            times[name].append((found.wall, found.cpu))
    figures: dict[str, float] = {}
    for name, values in times.items():
        figures[f"{name} wall ms"] = statistics.median(v[0] for v in values) * 1000
        figures[f"{name} cpu ms"] = statistics.median(v[1] for v in values) * 1000
    return figures


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    figures = measure(rounds)
    for name, value in figures.items():
        print(f"{name:32} {value:7.1f}")
    worst = max(v for k, v in figures.items() if k.endswith("wall ms")
                and not k.startswith("python"))
    print(f"slowest TAB {worst:.1f} ms (goal under {GOAL_MS:.0f} ms)")


if __name__ == "__main__":
    main()
