"""The first-run check on screen: its question, and the answers with their advice."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from crackcoach.safety import signs
from crackcoach.safety.firstcheck import Answers
from crackcoach.views.session_text import cut_lines


def _say(out: Console, text: str, *, lead: str = "", style: str = "") -> None:
    """``text`` wrapped to the console, later lines indented under the first's words.

    Wrapped here rather than by Rich so that no line ends in a space.
    """
    indent = " " * len(lead)
    for number, line in enumerate(cut_lines(text, max(20, out.width - len(lead)))):
        out.print(Text((lead if number == 0 else indent) + line, style=style), no_wrap=True,
                  crop=False)


def print_question(out: Console, asked: Sequence[signs.Condition] = signs.CONDITIONS,
                   intro: str = signs.FIRST_CHECK_INTRO) -> None:
    """The heading, what the check is for, and the numbered conditions ``asked``."""
    _say(out, signs.FIRST_CHECK_TITLE, style="bold")
    _say(out, intro)
    for number, condition in enumerate(asked, 1):
        _say(out, condition.text, lead=f"  {number}. ")


def print_answers(out: Console, answers: Answers | None, *, just_answered: bool) -> None:
    """What was answered and when; after any yes, the advice in a box."""
    if answers is None:
        _say(out, "The first-run check has not been answered yet. It is asked at your first "
                  "'crackcoach start' in a terminal, or now with 'crackcoach check'.")
        return
    when = answers.answered_at.astimezone().strftime("%Y-%m-%d %H:%M")
    if answers.not_asked() and not just_answered:
        _say(out, "Questions added since you answered, asked once at your next 'crackcoach "
                  "start' in a terminal: " + ", ".join(c.key for c in answers.not_asked())
             + ".")
    if not answers.applies:
        _say(out, f"First-run check, answered {when}: none of these apply.")
        if just_answered:
            _say(out, signs.FIRST_CHECK_NONE)
        return
    _say(out, "You said these apply:" if just_answered
         else f"First-run check, answered {when}. You said these apply:")
    for condition in signs.CONDITIONS:
        if condition.key in answers.applies:
            _say(out, f"{condition.text} ({condition.key})", lead="  - ")
    advice = Text("\n\n").join(Text(line) for line in signs.first_check_advice(answers.applies))
    out.print(Panel(advice, title=signs.FIRST_CHECK_ADVICE_TITLE, title_align="left",
                    style="yellow", box=box.ROUNDED, expand=False))
