"""bench/scale.py still runs (tiny sizes) and its round trip is exact; figures not judged."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.slow
def test_the_scale_bench_imports_exports_and_checks_the_round_trip(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    for name in ("scale", "_util"):
        sys.modules.pop(name, None)
    import scale

    figures = scale.measure(count=300, rounds=1, formats=("csv", "json"))
    for fmt in ("csv", "json"):
        assert figures[f"{fmt} round trip exact"] == 1.0
        assert figures[f"{fmt} import 300 median s"] > 0
        assert figures[f"{fmt} export 300 MiB"] > 0


@pytest.mark.slow
def test_the_progress_scale_bench_runs_stats_and_report_over_a_whole_diary(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    for name in ("progress_scale", "scale", "_util"):
        sys.modules.pop(name, None)
    import progress_scale

    figures = progress_scale.measure(count=300, rounds=1)
    for command in ("stats", "stats --json", "report --format html"):
        assert figures[f"{command} 300 median s"] > 0
        assert figures[f"{command} 300 MiB"] > 0
