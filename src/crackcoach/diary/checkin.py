"""The comfort questions asked before and after a session, and by ``crackcoach log``.

Pure logic: the caller passes ``ask`` (shows a prompt, returns the typed line)
and ``say`` (shows a line), so the same questions run in a terminal, in a
test, or anywhere else. Nothing here touches a terminal or the database.

A bad answer is met with the valid range and the question again. If the
person stops answering (Ctrl-C or end of input) :class:`CheckinCancelled` is
raised and no entry exists: the caller keeps the session and says that no
diary entry was saved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from crackcoach.base.textsafe import printable
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.diary.activities import QUESTION, label
from crackcoach.diary.records import MOBILITY, DiaryEntry
from crackcoach.diary.values import (
    parse_cracks,
    parse_flags,
    parse_mobility,
    parse_note,
    parse_scale,
    parse_side,
)
from crackcoach.errors import BadValue
from crackcoach.safety import signs

Ask = Callable[[str], str]
Say = Callable[[str], None]

if TYPE_CHECKING:
    from typing import Any

    from crackcoach.diary.activities import Activity
LIGHTER_ROUTINE = "quick-reset"  # the built-in routine made for the days after a flare
# After an urgent sign nothing more is asked but what an entry cannot be saved without.
MUST_BE_SAVED = ("discomfort", "stiffness")

_SIGINT = 2  # Ctrl-C stops the questions; any other ending signal ends the command
# (SIGINT is 2 on every platform; crackcoach.session.endings holds the same number.)


class CheckinCancelled(Exception):
    """The person stopped answering; no diary entry was made."""


class Question(NamedTuple):
    """One question: the DiaryEntry field it fills, its prompt, and its parser."""

    key: str
    prompt: str
    parse: Callable[[str], Any]
    intro: tuple[str, ...] = ()


def ask_question(question: Question, ask: Ask, say: Say) -> Any:
    """Ask until the answer parses; Ctrl-C or end of input raise CheckinCancelled."""
    for line in question.intro:
        say(line)
    while True:
        try:
            answer = ask(question.prompt)
        except (EOFError, KeyboardInterrupt) as exc:
            if getattr(exc, "signum", _SIGINT) != _SIGINT:
                raise  # kill, a closed terminal: the command ends here, with that signal
            raise CheckinCancelled() from None
        try:
            return question.parse(answer)
        except BadValue as exc:
            say(f"Please enter {exc.expected}.")


SCALE_HINT = "0 = none, 10 = worst imaginable"

BEFORE = Question("discomfort_before",
                  f"Before you start: discomfort right now, 0-10 ({SCALE_HINT}; "
                  "Enter to skip): ",
                  lambda text: parse_scale(text, required=False))


def safety_question() -> Question:
    """The "any of these today?" screen of urgent and 'soon' signs."""
    choices = signs.screen_flags()
    urgent = [flag for flag in choices if flag.tier == "urgent"]
    # The list is longer than a 24-row screen: the urgent signs, which head it, are named
    # again in short right above the prompt, where they are still in sight.
    recap = (f"Urgent, 1-{len(urgent)}: "
             + "; ".join(flag.short or flag.text for flag in urgent) + ".")
    intro = ("Any of these today?",
             *(f"  {number:>2}. {flag.text}" for number, flag in enumerate(choices, 1)),
             recap)
    return Question("flags", "Numbers separated by spaces, or Enter for none: ",
                    lambda text: parse_flags(text, choices), intro)


def after_questions(*, after_session: bool) -> tuple[Question, ...]:
    """The questions of an entry, in the order they are asked."""
    mobility_intro = ("Compared with before the session, moving feels:" if after_session
                      else "Compared with your last entry, moving feels:")
    choices = ", ".join(f"{n} {m.replace('-', ' ')}" for n, m in enumerate(MOBILITY, 1))
    return (
        Question("discomfort", f"Discomfort now, 0-10 ({SCALE_HINT}): ", parse_scale),
        Question("stiffness", f"Stiffness now, 0-10 ({SCALE_HINT}): ", parse_scale),
        Question("mobility", f"{choices}" + (": " if after_session else " (Enter to skip): "),
                 lambda text: parse_mobility(text, required=after_session),
                 (mobility_intro,)),
        Question("tighter_side", "Which side feels tighter? left, right or even "
                 "(Enter to skip): ", parse_side),
        Question("cracks", "How many times did you crack your back on purpose today? "
                 "(Enter to skip): ", parse_cracks),
        safety_question(),
        Question("note", "A note for your diary (Enter to skip): ", parse_note),
    )


def ask_before(ask: Ask, say: Say) -> int | None:
    """The one question before a session: discomfort now, or None if skipped."""
    value: int | None = ask_question(BEFORE, ask, say)
    return value


def ask_safety(ask: Ask, say: Say) -> tuple[str, ...]:
    """Only the safety screen; returns the chosen flag keys."""
    value: tuple[str, ...] = ask_question(safety_question(), ask, say)
    return value


def ask_after(ask: Ask, say: Say, *, at: datetime, before: int | None = None,
              session_id: int | None = None, given: Mapping[str, Any] | None = None,
              after_session: bool = True) -> DiaryEntry:
    """Ask the after-session questions and return the complete entry.

    ``at`` is the entry's time, ``before`` the answer of :func:`ask_before`.
    Answers already in ``given`` (field name -> value) are not asked again.
    Once an urgent sign is known (given, or picked on the safety screen),
    only the answers an entry cannot be saved without are still asked.
    With ``after_session=False`` the mobility question is worded for an
    entry on its own and may be skipped.
    """
    answers: dict[str, Any] = dict(given or {})
    for question in after_questions(after_session=after_session):
        if question.key in answers:
            continue
        if signs.has_urgent(answers.get("flags", ())) and question.key not in MUST_BE_SAVED:
            continue  # the urgent advice comes at once: see docs/diary.md
        answers[question.key] = ask_question(question, ask, say)
    answers.setdefault("flags", ())
    return DiaryEntry(at=at, discomfort_before=before, session_id=session_id, **answers)


def ask_log(ask: Ask, say: Say, *, at: datetime, given: Mapping[str, Any] | None = None
            ) -> DiaryEntry:
    """The questions of ``crackcoach log``: an entry on its own, outside a session."""
    return ask_after(ask, say, at=at, given=given, after_session=False)


def ask_activities(ask: Ask, say: Say, activities: Sequence[Activity]
                   ) -> tuple[tuple[int, int], ...]:
    """This week's rating of each activity (Enter skips one); CheckinCancelled on Ctrl-C."""

    say(f"This week's activities. {QUESTION}.")
    ratings = []
    for activity in activities:
        question = Question("activity", f"  {label(activity.id)} "
                            f"{printable(activity.name, single_line=True)}, 0-10 "
                            "(Enter to skip): ", lambda text: parse_scale(text, required=False))
        score = ask_question(question, ask, say)
        if score is not None:
            ratings.append((activity.id, score))
    return tuple(ratings)
