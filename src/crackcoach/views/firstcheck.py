"""The first-run check on screen: its question, and the answers with their advice."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from crackcoach import safety
from crackcoach.firstcheck import Answers
from crackcoach.views.session_text import wrap


def _say(out: Console, text: str, *, lead: str = "", style: str = "") -> None:
    """``text`` wrapped to the console, later lines indented under the first's words.

    Wrapped here rather than by Rich so that no line ends in a space.
    """
    indent = " " * len(lead)
    for number, line in enumerate(wrap(text, max(20, out.width - len(lead)))):
        out.print(Text((lead if number == 0 else indent) + line, style=style), no_wrap=True,
                  crop=False)


def print_question(out: Console, *, again: bool = False) -> None:
    """The heading, what the check is for, and the numbered conditions (``again``: asked
    once more with 'crackcoach check', not before a first session)."""
    _say(out, safety.FIRST_CHECK_TITLE, style="bold")
    _say(out, safety.FIRST_CHECK_AGAIN if again else safety.FIRST_CHECK_INTRO)
    for number, condition in enumerate(safety.CONDITIONS, 1):
        _say(out, condition.text, lead=f"  {number}. ")


def print_answers(out: Console, answers: Answers | None, *, just_answered: bool) -> None:
    """What was answered and when; after any yes, the advice in a box."""
    if answers is None:
        _say(out, "The first-run check has not been answered yet. It is asked at your first "
                  "'crackcoach start' in a terminal, or now with 'crackcoach check'.")
        return
    when = answers.answered_at.astimezone().strftime("%Y-%m-%d %H:%M")
    if not answers.applies:
        _say(out, f"First-run check, answered {when}: none of these apply.")
        if just_answered:
            _say(out, safety.FIRST_CHECK_NONE)
        return
    _say(out, "You said these apply:" if just_answered
         else f"First-run check, answered {when}. You said these apply:")
    for condition in safety.CONDITIONS:
        if condition.key in answers.applies:
            _say(out, f"{condition.text} ({condition.key})", lead="  - ")
    advice = Text("\n\n").join(Text(line) for line in safety.first_check_advice(answers.applies))
    out.print(Panel(advice, title=safety.FIRST_CHECK_ADVICE_TITLE, title_align="left",
                    style="yellow", box=box.ROUNDED, expand=False))
