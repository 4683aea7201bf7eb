"""Use cases of safety: ``flags``, ``cleared``, ``learn`` and the first-run ``check``; and
the open safety sign every command asks about.

The rule for an open sign is :func:`crackcoach.progress.coach.open_sign`; this
module only reads what it needs from the diary (the entries with a sign, and
the clearances), so today's screen, ``start``, ``plan``, ``stats`` and the
report all ask the same question of the same records.

The first-run check advises and never blocks: any yes brings the advice to
check with a professional first, and a line on every later opening screen,
but the session is still there to start (after a recent hip replacement, with
the easier versions: crackcoach.app.played). It is asked only where a person
can answer (standard input is a terminal); elsewhere sessions run as before.
"""

from __future__ import annotations

import os
from datetime import datetime, time

from crackcoach.app.env import Env
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.diary import values
from crackcoach.diary.checkin import CheckinCancelled, Question, ask_question
from crackcoach.diary.shapes import document
from crackcoach.errors import EXIT_OK, CrackcoachError, InputError
from crackcoach.progress import coach
from crackcoach.safety import firstcheck, signs
from crackcoach.safety.firstcheck import Answers, Unreadable

if TYPE_CHECKING:
    from crackcoach.diary.records import DiaryEntry
    from crackcoach.progress.coach import OpenSign, SignPeriod


def sign_records(env: Env, until: datetime | None = None
                 ) -> tuple[list[DiaryEntry], list[datetime]]:
    """The entries that recorded a sign and the clearance times (none without a diary)."""
    if not os.path.lexists(env.places.diary_path):
        return [], []
    from crackcoach.store import open_store

    with open_store(env.places.diary_path, read_only=True) as store, store.snapshot():
        entries = store.sign_entries(until)
        times = [c.at for c in store.clearances()]
    return entries, times


def open_sign(env: Env, now: datetime | None = None) -> OpenSign | None:
    """The urgent or "soon" sign open at ``now`` (default: the clock's now), or None."""

    moment = env.now() if now is None else now
    entries, times = sign_records(env)
    return coach.open_sign(entries, times, moment)


def sign_periods(env: Env) -> list[SignPeriod]:
    """Every stretch of time a sign was open, oldest first."""

    entries, times = sign_records(env)
    return coach.sign_periods(entries, times)


def cleared(env: Env, *, at: str | None = None) -> int:
    """``crackcoach cleared``: record that a professional has seen you about your signs."""
    from crackcoach.store import open_store

    now = env.now()
    moment = now if at is None else values.read("--at", values.moment(now, date_only=True), at)
    if at is not None and ":" not in at and moment.time() == time.min:
        # A day alone: seen that day, so the signs of that day are cleared too.
        moment = min(datetime.combine(moment.date(), time(23, 59, 59), moment.tzinfo), now)
    with open_store(env.places.diary_path) as store:
        entries, times = store.sign_entries(), [c.at for c in store.clearances()]
        store.add_clearance(moment, now)
    before = coach.open_sign(entries, times, moment)
    still = coach.open_sign(entries, [*times, moment], now)  # a sign recorded after it
    when = f"{moment:%a} {moment.day} {moment:%b %Y} {moment:%H:%M}"
    undo_hint = "'crackcoach undo' takes this back."
    if before is not None:
        env.say(f"Recorded that a professional saw you on {when}: the safety sign open since "
                f"{before.since:%a} {before.since.day} {before.since:%b} is cleared. Routines "
                f"and your plan go on as before; {undo_hint}")
    elif still is None:
        env.say(f"Recorded that a professional saw you on {when}. No safety sign was open; "
                f"{undo_hint}")
    else:
        env.say(f"Recorded that a professional saw you on {when}; {undo_hint}")
    if still is not None:
        env.say(coach.sign_words(still))
    return EXIT_OK


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


def flags(env: Env, *, json_output: bool = False) -> int:
    """``crackcoach flags``: the safety signs with their keys and tiers."""

    if json_output:
        env.write_json(document("flags", flags=[
            {"key": f.key, "tier": f.tier, "sign": f.text,
             "advice": " ".join(filter(None, (signs.ADVICE[f.tier].text, f.note)))}
            for f in signs.FLAGS]))
        return EXIT_OK
    from crackcoach.views.console import console
    from crackcoach.views.diary import print_flags

    print_flags(console(env.stdout))
    return EXIT_OK


def learn(env: Env, topic: str | None = None) -> int:
    """``crackcoach learn [TOPIC]``: the list of pages, or one page."""
    from crackcoach.safety.learn import PAGES, Reference, find_topic
    from crackcoach.views.console import console
    from crackcoach.views.diary import print_topic, print_topics

    if topic is None:
        print_topics(console(env.stdout), PAGES)
        return EXIT_OK
    page = find_topic(topic)
    if isinstance(page, Reference):
        from crackcoach.views.reference import print_reference

        print_reference(console(env.stdout), page.text(env.places.docs_dir))
    else:
        print_topic(console(env.stdout), page)
    return EXIT_OK
