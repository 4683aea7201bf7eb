"""The benchmark scripts still run (with tiny sizes); their figures are not judged here."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(autouse=True)
def _bench_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    for name in ("startup", "routine_files", "_util"):
        sys.modules.pop(name, None)


@pytest.mark.slow
def test_startup_bench_reports_every_goal() -> None:
    import startup

    figures = startup.measure(rounds=1)
    for command in startup.GOALS:
        assert math.isfinite(figures[f"{command} wall"]), command
        assert math.isfinite(figures[f"{command} cpu"]), command
        assert figures[f"{command} MiB"] > 0


@pytest.mark.slow
def test_routine_files_bench_lists_the_generated_files() -> None:
    import routine_files

    figures = routine_files.measure(count=3, rounds=1)
    assert figures["list 3 files s"] > 0


@pytest.mark.slow
def test_completion_bench_times_every_request() -> None:
    import completion

    figures = completion.measure(rounds=1)
    for name in completion.REQUESTS:
        assert figures[f"{name} wall ms"] > 0, name
