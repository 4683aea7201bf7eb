"""The HTML report prints and travels: valid HTML, a viewport, charts that scale, light
colours whatever the browser's mode, 12 weeks on one printed page, longer tables with their
header on every page."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from crackcoach.diary.activities import Activity, Rating
from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.progress import report
from crackcoach.progress.weekly import compute

ZONE = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 30)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def page_of(weeks: int) -> str:
    """The HTML report of a diary kept for ``weeks`` weeks: three sessions and readings a
    week, two activities rated weekly, a safety answer and a few notes."""
    start = datetime.combine(TODAY - timedelta(weeks=weeks), time(8), ZONE)
    sessions, entries, ratings = [], [], []
    for w in range(weeks):
        for d in (0, 2, 4):
            n = len(sessions) + 1
            at = start + timedelta(weeks=w, days=d)
            sessions.append(SessionRecord("back-reset", at, at + timedelta(minutes=10), 600.0,
                                          600.0, 0.0, ("warm-up",), (), "completed", id=n))
            entries.append(DiaryEntry(
                at + timedelta(minutes=11), discomfort=max(1, 6 - w // 3), stiffness=5,
                discomfort_before=6, session_id=n,
                note="a long drive" if d == 2 and w % 4 == 0 else None,
                flags=("sharp-pain",) if (w, d) == (3, 0) else ()))
        rated = start + timedelta(weeks=w, days=5)
        ratings += [Rating(rated, 1, min(10, 3 + w // 2), 10_000 + w),
                    Rating(rated, 2, min(10, 4 + w // 3), 10_000 + w)]
    activities = [Activity(1, "tie my shoes", start), Activity(2, "sit through a meeting",
                                                                start)]
    progress = compute(sessions, entries, today=TODAY, weeks=weeks, ratings=ratings,
                       activities=activities)
    return report.render(progress, "html")


def test_the_page_scales_and_keeps_light_colours() -> None:
    page = page_of(12)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "color-scheme: light" in page
    svgs = re.findall(r"<svg [^>]*>", page)
    assert len(svgs) == 3  # discomfort and stiffness, activities, sessions
    assert all('viewBox="' in s and " width=" not in s for s in svgs)  # they take the width
    texts = re.findall(r"<text [^>]*>", page)
    assert texts and all('fill="#' in t for t in texts)  # no colour left to the browser
    # The activities chart comes right after discomfort, in the same row of charts.
    charts = page[page.index('<div class="charts">'):]
    assert charts.index("Weekly median") < charts.index("Activities, weekly average") < \
        charts.index("Counted sessions a week")
    assert "<thead><tr><th>Week starting</th>" in page


@pytest.mark.skipif(shutil.which("tidy") is None,
                    reason="tidy is not installed (Debian package 'tidy'); .ci/run installs it")
@pytest.mark.parametrize("weeks", [1, 12, 52])
def test_tidy_finds_no_errors(weeks: int, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(page_of(weeks), encoding="utf-8")
    found = subprocess.run(["tidy", "-q", "-e", str(path)], capture_output=True, text=True,
                           check=False)
    assert found.returncode in (0, 1), found.stderr  # 2: errors
    assert "Error:" not in found.stderr


def printed(page: str, tmp_path: Path, paper: str) -> Path:
    """The page printed to PDF by headless Chromium on ``paper`` (letter or A4)."""
    source = tmp_path / f"report-{paper}.html"
    source.write_text(page.replace("<style>", f"<style>@page {{ size: {paper}; }}", 1),
                      encoding="utf-8")
    pdf = tmp_path / f"report-{paper}.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", source.as_uri()],
                   capture_output=True, text=True, timeout=120, check=True)
    return pdf


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert found, info.stdout
    return int(found.group(1))


needs_printing = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None or shutil.which("pdfinfo") is None,
    reason="needs chromium and pdfinfo (Debian packages chromium, poppler-utils); .ci/run "
           "installs them")


@pytest.mark.slow
@needs_printing
@pytest.mark.parametrize("paper", ["letter", "A4"])
def test_twelve_weeks_print_on_one_page(paper: str, tmp_path: Path) -> None:
    assert pages(printed(page_of(12), tmp_path, paper)) == 1


@pytest.mark.slow
@needs_printing
def test_a_long_report_repeats_the_table_header_on_the_next_page(tmp_path: Path) -> None:
    pdf = printed(page_of(52), tmp_path, "A4")
    assert pages(pdf) >= 2
    text = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    first_line = next(line for line in text.splitlines() if line.strip())
    assert first_line.split()[:2] == ["Week", "Sessions"], text[:300]
