"""In a real terminal, an urgent sign brings the urgent advice at once, before anything else.

The check-in questions of ``crackcoach log`` (and after a session) run in a
pseudo-terminal as a person answers them: once an urgent sign is picked,
nothing more is asked, and the next thing on the screen is the urgent box.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from homes import CRACKCOACH, first_check_answered, terminal_env, tiny_routines

pexpect = pytest.importorskip("pexpect")

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals are POSIX only", allow_module_level=True)

TIMEOUT = 30
BOX_EDGES = re.compile(r"[\s━┏┓┗┛┃─╭╮╰╯│]|\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return terminal_env(tmp_path)


def screen_number(key: str, child: pexpect.spawn) -> str:
    """The number the check-in screen shows for ``key``'s sign, read from the screen."""
    from crackcoach.safety import signs

    text = " ".join(signs.flag(key).text.split()[:4])
    found = re.search(rf"(\d+)\. {re.escape(text)}", child.before)
    assert found, child.before
    return found.group(1)


def answer_up_to_the_safety_screen(child: pexpect.spawn, *, after_session: bool) -> None:
    child.expect_exact("Discomfort now, 0-10")
    child.sendline("3")
    child.expect_exact("Stiffness now, 0-10")
    child.sendline("2")
    child.expect_exact("moving feels")
    child.sendline("3" if after_session else "")
    child.expect_exact("Which side feels tighter?")
    child.sendline("")
    child.expect_exact("on purpose today?")
    child.sendline("")
    child.expect_exact("Numbers separated by spaces, or Enter for none: ")


def test_log_an_urgent_sign_is_followed_directly_by_the_urgent_box(env: dict[str, str]
                                                                    ) -> None:
    child = pexpect.spawn(CRACKCOACH, ["log"], env=env, dimensions=(40, 100),
                          encoding="utf-8", timeout=TIMEOUT)
    answer_up_to_the_safety_screen(child, after_session=False)
    urgent = screen_number("bladder-bowel", child)
    soon = screen_number("night-pain", child)
    child.sendline(f"{soon} {urgent}")
    child.expect_exact("URGENT: GET MEDICAL HELP TODAY")
    # Nothing between the answer and the box: no note question, no line of any kind.
    between = BOX_EDGES.sub("", child.before)
    assert between == f"{soon}{urgent}", repr(child.before)
    child.expect_exact("Saved diary entry e1")
    child.expect(pexpect.EOF)
    rest = child.before
    child.close()
    assert child.exitstatus == 0
    assert "A note" not in rest and "Discomfort" not in rest and "quick-reset" not in rest
    assert "Pause and see a professional" not in rest  # the urgent box stands alone
    history = subprocess.run([CRACKCOACH, "history", "--json"], env=env, capture_output=True,
                             text=True, timeout=TIMEOUT, check=True)
    (entry,) = json.loads(history.stdout)["records"]
    assert (entry["discomfort"], entry["stiffness"], entry["flags"], entry["note"]) == (
        3, 2, ["bladder-bowel", "night-pain"], None)


def test_log_a_soon_sign_puts_its_advice_before_any_suggestion(env: dict[str, str]) -> None:
    child = pexpect.spawn(CRACKCOACH, ["log", "--discomfort", "8", "--cracks", "5"], env=env,
                          dimensions=(40, 100), encoding="utf-8", timeout=TIMEOUT)
    child.expect_exact("Stiffness now, 0-10")
    child.sendline("4")
    child.expect_exact("moving feels")
    child.sendline("")
    child.expect_exact("Which side feels tighter?")
    child.sendline("")
    child.expect_exact("Numbers separated by spaces, or Enter for none: ")
    child.sendline(screen_number("swelling", child))
    child.expect_exact("A note for your diary")  # a 'soon' sign still lets the note be asked
    child.sendline("")
    child.expect(pexpect.EOF)
    out = child.before
    child.close()
    assert out.index("Saved diary entry e1") < out.index("Pause and see a professional") \
        < out.index("You cracked your back on purpose 5 times")
    assert "lighter session" not in out  # the advice is to pause, not to go lighter


def test_after_a_session_an_urgent_sign_brings_the_box_at_once(env: dict[str, str],
                                                              tmp_path: Path) -> None:
    folder = tiny_routines(tmp_path)
    first_check_answered(tmp_path / "home")
    child = pexpect.spawn(CRACKCOACH, ["start", "tiny", "--routines-dir", str(folder),
                                       "--quiet"], env=env, dimensions=(40, 100),
                          encoding="utf-8", timeout=TIMEOUT)
    child.expect_exact("Press Enter to start")
    child.send("\r")
    child.expect_exact("discomfort right now, 0-10")
    child.sendline("2")
    child.expect_exact("Session complete")
    answer_up_to_the_safety_screen(child, after_session=True)
    urgent = screen_number("injury-pain", child)
    child.sendline(urgent)
    child.expect_exact("URGENT: GET MEDICAL HELP TODAY")
    assert BOX_EDGES.sub("", child.before) == urgent, repr(child.before)
    child.expect_exact("Saved to your diary.")
    child.expect(pexpect.EOF)
    rest = child.before
    child.close()
    assert "A note" not in rest and "Discomfort 2 -> 3" not in rest
    assert "lighter session" not in rest
