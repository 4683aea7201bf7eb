"""``crackcoach sheet``: a routine as one printable page, with a figure for each step."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crackcoach.base.paths import Folder
from crackcoach.plans.sheet import NO_FIGURE, sheet_html
from crackcoach.routines.library import load_file
from crackcoach.safety import signs
from homes import routines_folder

Cli = Callable[..., Any]
ROUTINES = Path(__file__).resolve().parents[1] / "routines"
NAMES = sorted(p.stem for p in ROUTINES.glob("*.yaml"))
CHROMIUM = "/usr/bin/chromium"  # Debian/Ubuntu package: chromium
TIDY = shutil.which("tidy")  # Debian/Ubuntu package: tidy
PDFINFO = shutil.which("pdfinfo")  # Debian/Ubuntu package: poppler-utils


def sheet_of(cli: Cli, name: str) -> str:
    result = cli("sheet", name)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


@pytest.mark.parametrize("name", NAMES)
def test_each_built_in_sheet_has_a_figure_for_every_step_and_the_safety_foot(
        cli: Cli, name: str) -> None:
    page = sheet_of(cli, name)
    routine = load_file(ROUTINES / f"{name}.yaml", Folder(ROUTINES, builtin=True))
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert page.count("<svg") == len(routine.steps) == page.count("<tr>")
    assert NO_FIGURE not in page
    for step in routine.steps:
        assert f'<span class="name">{step.name}</span>' in page
        for cue in step.cues:
            assert cue.replace("'", "&#x27;") in page
        if step.easier is not None:
            assert f"<strong>Easier:</strong> {step.easier.name} - " in page
    foot = page[page.index("<footer>"):]
    assert signs.STOP_RULE_IN_FULL in foot
    for flag in signs.FLAGS:
        assert (flag.text in foot) == (flag.tier == "urgent")
    # Self-contained: nothing to fetch and nothing to run.
    assert "<script" not in page and "src=" not in page and "href=" not in page
    assert re.findall(r"https?://[^\"]+", page) == ["http://www.w3.org/2000/svg"] * page.count(
        "<svg")


def test_the_sheet_names_the_plan_week_when_a_plan_is_followed(cli: Cli) -> None:
    assert 'class="plan"' not in sheet_of(cli, "quick-reset")
    assert cli("plan", "daily-reset").exit_code == 0
    page = sheet_of(cli, "quick-reset")
    assert re.search(r'<p class="plan">Plan: [^<]+, week 1 of \d+; this routine ', page)


def test_written_to_a_file_privately_with_a_line_saying_where(cli: Cli, tmp_path: Path
                                                             ) -> None:
    target = tmp_path / "sheet.html"
    result = cli("sheet", "back-reset", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"Wrote the exercise sheet to {target}\n"
    assert target.read_text(encoding="utf-8") == sheet_of(cli, "back-reset")
    assert target.stat().st_mode & 0o077 == 0


def test_an_unknown_routine_or_a_missing_folder_is_one_line(cli: Cli, tmp_path: Path) -> None:
    result = cli("sheet", "no-such-routine")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "no routine named 'no-such-routine'" in result.stderr
    result = cli("sheet", "back-reset", "-o", str(tmp_path / "gone" / "x.html"))
    assert result.exit_code == 1 and "does not exist" in result.stderr


HOSTILE = """\
version: 1
name: odd
title: "Odd <script>alert(1)</script> \\e[31m"
steps:
  - name: "A <b>bold</b> step"
    kind: timed
    seconds: 30
    instructions: Walk & talk.
    cues: ["<img src=x>"]
"""


def test_text_from_the_file_stays_text_and_a_step_without_a_figure_says_so(cli: Cli,
                                                                           tmp_path: Path
                                                                           ) -> None:
    folder = routines_folder(tmp_path, odd=HOSTILE)
    page = cli("sheet", "odd", "--routines-dir", str(folder)).stdout
    assert "<script" not in page and "<b>" not in page and "<img" not in page
    assert "Odd &lt;script&gt;alert(1)&lt;/script&gt; \\x1b[31m" in page
    assert "Walk &amp; talk." in page and "&lt;img src=x&gt;" in page
    assert "<svg" not in page and NO_FIGURE in page


@pytest.mark.skipif(TIDY is None, reason="tidy is not installed (Debian/Ubuntu package 'tidy')")
@pytest.mark.parametrize("name", NAMES)
def test_tidy_finds_no_errors(name: str, tmp_path: Path) -> None:
    page = tmp_path / "sheet.html"
    page.write_text(sheet_html(load_file(ROUTINES / f"{name}.yaml", Folder(ROUTINES))),
                    encoding="utf-8")
    done = subprocess.run([str(TIDY), "-q", "-e", str(page)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr  # 1 is warnings, 2 errors
    assert "Error:" not in done.stderr


@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists() or PDFINFO is None,
                    reason="needs Chromium and pdfinfo (Debian/Ubuntu packages 'chromium' "
                           "and 'poppler-utils'); .ci/run installs them")
@pytest.mark.parametrize("size", ["A4", "letter"])
def test_every_built_in_sheet_prints_on_one_page(size: str, tmp_path: Path) -> None:
    for name in NAMES:
        routine = load_file(ROUTINES / f"{name}.yaml", Folder(ROUTINES))
        page = sheet_html(routine, plan_line="Plan: Desk back, eight weeks, week 3 of 8; this "
                                             "routine 3 times a week this week.")
        # The paper size as a printer driver would set it.
        page = page.replace("@page {", f"@page {{ size: {size};", 1)
        source, pdf = tmp_path / f"{name}.html", tmp_path / f"{name}.pdf"
        source.write_text(page, encoding="utf-8")
        subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf}", source.as_uri()],
            capture_output=True, text=True, timeout=120, check=True)
        info = subprocess.run([str(PDFINFO), str(pdf)], capture_output=True, text=True,
                              timeout=60, check=True).stdout
        assert re.search(r"^Pages:\s+1$", info, re.M), (name, size, info)

