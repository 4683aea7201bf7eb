"""The clinician report: Markdown text, and the HTML page as a real browser sees it."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.progress import report
from crackcoach.progress.model import Progress
from crackcoach.progress.weekly import compute

TODAY = date(2024, 5, 14)
TZ = timezone(timedelta(hours=2))
CHROMIUM = "/usr/bin/chromium"  # Debian/Ubuntu package: chromium
HOSTILE = '<script>document.title="pwned"</script> | *bold* [x](http://e.invalid) &amp; \x1b[2J'


def at(day: date, hour: int = 8) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


def three_weeks() -> Progress:
    sessions, entries = [], []
    for n in range(21):
        day = TODAY - timedelta(days=n)
        if n % 2:
            continue
        sessions.append(SessionRecord("back-reset", at(day), at(day, 9), 600, 540, 0,
                                      ("cat-cow",), ("foam roller",) if n < 6 else (),
                                      "completed", id=n + 1))
        value = 6 if n >= 14 else 4
        entries.append(DiaryEntry(at(day, 9), discomfort=value, stiffness=5,
                                  discomfort_before=value + 1, tighter_side="left",
                                  session_id=n + 1))
    entries.append(DiaryEntry(at(TODAY - timedelta(days=3), 20), note=HOSTILE,
                              flags=("pain-with-crack",)))
    return compute(sessions, entries, today=TODAY, weeks=3)


def label(flag: str) -> str:
    return {"pain-with-crack": "pain that comes with the crack (see a professional)"}.get(
        flag, flag)


def test_markdown_report() -> None:
    text = report.render(three_weeks(), "markdown", label)
    assert text == """\
# Stretching and comfort diary: progress report

Period: 2024-04-29 to 2024-05-14 (3 weeks from Monday; all routines). Report made 2024-05-14.

*This is a self-reported diary kept with crackcoach, a stretching coach. It shows what the \
person recorded; it is not a diagnosis or a clinical assessment.*

## Safety-screen answers

Safety-screen answers were recorded in this period. They are the person's own answers, listed \
so a professional can ask about them.

| date | answered yes to |
|---|---|
| 2024-05-11 20:00 +02:00 | pain that comes with the crack (see a professional) |

The safety screen asks after each session and diary entry about the urgent signs (numbness\
 between the legs; new bladder, bowel or sexual problems; new or fast-worsening leg \
weakness, or pain and numbness down both legs; severe pain after a fall or accident; \
sudden chest or upper-back pain with breathlessness or sweating; or dizziness, double \
vision, slurred speech or a sudden headache after a neck crack), the 'soon' signs, and \
sharp pain, a loose feeling or painless cracking by itself.

## Adherence

- **Sessions:** 8 counted of 8 sessions
- **Weekly target:** 3 counted sessions, reached in 2 of 2 complete weeks
- **Time stretched:** 72 min in total, pauses left out
- **Streak:** 1 day in a row now; longest 1 (to 2024-05-14)
- **Skipped most:** foam roller (3 of 3 times)

## Week by week

| Week starting | Sessions counted | Partial | Minutes | Discomfort (readings) | Stiffness | \
Change within sessions | Cracks a day | Against baseline |
|---|---|---|---|---|---|---|---|---|
| 2024-04-22 | 3 | 0 | 27 | 6 (3) | 5 | -1 | – | baseline (before the period) |
| 2024-04-29 | 3 | 0 | 27 | 4 (3) | 5 | -1 | – | lower by enough (1 week) |
| 2024-05-06 | 4 | 0 | 36 | 4 (4) | 5 | -1 | – | meaningful improvement |
| 2024-05-13 | 1 | 0 | 9 | 4 (1) | 5 | -1 | – | so far |

Discomfort and stiffness are weekly medians on 0-10 (0 = none, 10 = worst imaginable), with \
the number of discomfort readings. Change within sessions is the median of discomfort after \
minus before. A session is counted when it was completed or at least half of it was done; \
shorter ones are partial. The current week is shown so far and judged once it is over.

## Change against the baseline week

**Meaningful improvement.** Discomfort in the week of 6 May 2024: median 4 (4 readings), \
against median 6 in the baseline week of 22 Apr 2024 (3 readings): 2 points lower. Lower by \
enough in two weeks running: a meaningful improvement.

Stiffness: weekly median 5 in the baseline week, 5 in the latest judged week (0). There is no \
agreed threshold for stiffness, so only the raw difference is shown.

Rule used: Weeks are calendar weeks. Baseline = the median discomfort of the diary's first \
week with at least 3 readings. Each later complete week with at least 2 readings is compared \
with it: meaningful improvement = the weekly median is lower by at least 1 point (baseline \
1-4), 2 points (5-7) or 3 points (8-10) and by at least 30%, in two weeks running; possible \
worsening = 2 or more points higher; otherwise within day-to-day variation. Weeks with fewer \
readings, and the current week, are shown but not judged. Single sessions are never judged \
this way.

## Other observations

- **Side reported tighter:** left 8, right 0, even 0

## Notes

- 2024-05-11 20:00 +02:00: \\<script\\>document.title="pwned"\\</script\\> \\| \\*bold\\* \
\\[x\\](http://e.invalid) \\&amp; \\\\x1b\\[2J
"""


def test_markdown_with_no_data_says_so_without_tables() -> None:
    text = report.render(compute([], [], today=TODAY), "markdown")
    assert "No sessions or diary entries in this period." in text
    assert "**Not enough data.** No discomfort readings yet." in text
    assert "|---|" not in text
    assert "No notes in this period." in text


def test_html_escapes_user_text_and_needs_no_network() -> None:
    page = report.render(three_weeks(), "html", label)
    assert "<script" not in page
    assert "&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;" in page
    assert "&amp;amp;" in page and "\\x1b[2J" in page
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "").replace(
        "http://e.invalid", "")
    assert page.count("<svg") == 2
    assert report.DISCLAIMER in page


def test_html_with_no_data_draws_no_chart() -> None:
    page = report.render(compute([], [], today=TODAY), "html")
    assert "<svg" not in page and "<table" not in page
    assert "No sessions or diary entries in this period." in page


def chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True, text=True, timeout=120, check=True)


needs_chromium = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None,
    reason="Chromium is not installed (Debian/Ubuntu package 'chromium'); .ci/run installs it")


@needs_chromium
def test_html_report_in_a_real_browser(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(report.render(three_weeks(), "html", label), encoding="utf-8")
    dom = chromium(["--dump-dom", page.as_uri()], tmp_path).stdout
    # The browser parsed two charts with their bars and labels, and the week table.
    assert dom.count("<svg") == 2
    assert dom.count('<rect x="') >= 3 * 2 + 3
    assert ">Weekly median, 0-10 (lower is better); the first bar is the baseline week" \
        "</figcaption>" in dom
    assert "<th>Against baseline</th>" in dom
    assert "<td>2024-05-06</td>" in dom and "meaningful improvement</td>" in dom
    # The hostile note stayed text: no script ran and none was created.
    assert "<title>Progress report 2024-04-29 to 2024-05-14</title>" in dom
    assert "pwned" in dom and "<script" not in dom
    shot = tmp_path / "report.png"
    chromium([f"--screenshot={shot}", "--window-size=900,1600", page.as_uri()], tmp_path)
    assert shot.stat().st_size > 10_000
