"""The first-run check: asked once before the first session, changed with ``crackcoach check``.

It advises and never blocks: any yes brings the advice to check with a
professional first, and a line on every later opening screen, but the
session is still there to start (after a recent hip replacement, with the
easier versions: crackcoach.app.played). It is asked only where a person can answer
(standard input is a terminal); elsewhere sessions run as before.
"""

from __future__ import annotations

from crackcoach.app.env import Env
from crackcoach.base.typenames import NamedTuple
from crackcoach.diary.checkin import CheckinCancelled, Question, ask_question
from crackcoach.errors import EXIT_OK, CrackcoachError, InputError
from crackcoach.safety import firstcheck, signs
from crackcoach.safety.firstcheck import Answers, Unreadable


class CheckOptions(NamedTuple):
    """The options of ``crackcoach check``, already read."""

    show: bool = False
    applies: tuple[str, ...] = ()
    none: bool = False


def before_first_session(env: Env) -> list[str]:
    """Ask the check if it was never answered, or only the questions added since the answers
    were given (once, the earlier answers kept); the notes it adds to the opening screen.

    Stopping the question (Ctrl-C, end of input) raises KeyboardInterrupt:
    no session starts and nothing new is remembered, so it is asked next time.
    """
    answers = _remembered(env)
    if answers is None or answers.not_asked():
        if not env.can_ask:
            return [] if answers is None else _reminder(answers)
        if answers is None:
            answers = _ask(env, signs.CONDITIONS, signs.FIRST_CHECK_INTRO)
        else:  # answered before these questions existed: only the new ones, once
            answers = answers.adding(_ask(env, answers.not_asked(),
                                          signs.FIRST_CHECK_NEW_INTRO))
        _remember(env, answers, warn_only=True)
        _show(env, answers, just_answered=True)
        if answers.applies:
            _wait_until_read(env)  # the opening screen would scroll the advice away
    return _reminder(answers)


def remembered_applies(env: Env) -> tuple[str, ...]:
    """The remembered yes answers, without a word when there are none or they are damaged
    (the first-run check itself says so before a session)."""
    found = firstcheck.read(env.places.first_check_path)
    return found.applies if isinstance(found, Answers) else ()


def _reminder(answers: Answers) -> list[str]:
    return [signs.first_check_reminder(answers.applies)] if answers.applies else []


def check(env: Env, options: CheckOptions) -> int:
    """``crackcoach check``: show the remembered answers, or answer the check again."""
    if options.show and (options.applies or options.none):
        raise InputError("--show only shows the answers; leave out --applies and --none")
    if options.none and options.applies:
        raise InputError("--none and --applies contradict each other; give one of them")
    if options.show:
        _show(env, _remembered(env), just_answered=False)
        return EXIT_OK
    if options.none or options.applies:
        answers = Answers(firstcheck.normalise(options.applies), env.now())
    elif env.can_ask:
        # Asked again (or first asked here): not "before your first session".
        again = firstcheck.read(env.places.first_check_path) is not None
        answers = _ask(env, signs.CONDITIONS,
                       signs.FIRST_CHECK_AGAIN if again else signs.FIRST_CHECK_INTRO)
    else:
        raise InputError("crackcoach check asks its questions in a terminal; without one, "
                         "give --none or --applies KEY (or --show to see your answers)")
    _remember(env, answers, warn_only=False)
    _show(env, answers, just_answered=True)
    return EXIT_OK


def _remembered(env: Env) -> Answers | None:
    found = firstcheck.read(env.places.first_check_path)
    if isinstance(found, Unreadable):
        env.warn(f"{env.places.first_check_path}: the first-run check's answers could not be read "
                 f"({found.reason}); they count as not given")
        return None
    return found


def _ask(env: Env, asked: tuple[signs.Condition, ...], intro: str) -> Answers:
    from crackcoach.views.console import console
    from crackcoach.views.firstcheck import print_question

    print_question(console(env.stdout), asked, intro)
    env.stdout.flush()
    question = Question("applies", signs.FIRST_CHECK_PROMPT,
                        lambda text: firstcheck.parse_answer(text, asked))
    try:
        applies: tuple[str, ...] = ask_question(question, env.ask, env.say)
    except CheckinCancelled:
        raise KeyboardInterrupt from None
    return Answers(applies, env.now(), tuple(c.key for c in asked))


def _wait_until_read(env: Env) -> None:
    """Enter goes on: a pause to read, not a question (Ctrl-C still leaves)."""
    try:
        env.ask(signs.FIRST_CHECK_READ)
    except EOFError:
        raise KeyboardInterrupt from None


def _remember(env: Env, answers: Answers, *, warn_only: bool) -> None:
    """Write the answers; before a session a failure is a warning, never a reason to stop."""
    try:
        firstcheck.write(env.places.first_check_path, answers)
    except CrackcoachError as exc:
        if not warn_only:
            raise
        env.warn(f"{exc}; the first-run check will be asked again next time")


def _show(env: Env, answers: Answers | None, *, just_answered: bool) -> None:
    from crackcoach.views.console import console
    from crackcoach.views.firstcheck import print_answers

    print_answers(console(env.stdout), answers, just_answered=just_answered)
    env.stdout.flush()
