"""Before a session starts: signs recorded lately, and doses above the usual guidance.

Both are questions a person answers, so both are asked only where one can
answer. The rules (docs/diary.md, docs/session.md):

- while an urgent or "soon" sign is open (until ``crackcoach cleared``), its
  advice is shown and the session starts only if the person types the word
  asked for: Enter, or no terminal to type in, starts nothing and is not an
  error (exit 0);
- ``--hold`` over 60 s or ``--reps`` over 5 says why that is more than the
  usual guidance and asks to go on; ``--yes`` answers for scripts.
"""

from __future__ import annotations

from crackcoach.app.env import Env
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.errors import InputError
from crackcoach.progress import coach
from crackcoach.safety import signs

if TYPE_CHECKING:
    from crackcoach.store import Store


def dose_accepted(env: Env, hold: float | None, reps: int | None, *, yes: bool) -> bool:
    """Whether to go on with the dose asked for (True when it is within the guidance)."""
    concerns = signs.dose_concerns(hold, reps)
    if not concerns or yes:
        return True
    if not env.can_ask:
        raise InputError(f"{'; '.join(concerns)}. To go on with this dose anyway, add --yes")
    for concern in concerns:
        env.say(f"{concern}.")
    try:
        answer = env.ask(signs.DOSE_PROMPT)
    except EOFError:
        return False
    return answer.strip().lower() == "yes"


def open_sign_allows(env: Env, store: Store) -> bool:
    """Show the advice of a sign still open; whether the session may start.

    The question is :func:`crackcoach.progress.coach.open_sign`'s, the same one today's
    screen and ``plan`` ask: a sign stays open until ``crackcoach cleared``.
    """

    sign = coach.open_sign(store.sign_entries(), [c.at for c in store.clearances()],
                           env.now())
    if sign is None:
        return True
    from crackcoach.views.console import console
    from crackcoach.views.diary import print_advice

    env.say(coach.sign_words(sign))
    env.stdout.flush()
    print_advice(console(env.stdout), signs.advice_for(sign.keys))
    if not env.can_ask:
        env.say(f"A session starts only once you type {signs.CONFIRM_WORD} in a terminal "
                f"(crackcoach start), or after 'crackcoach cleared'.")
        return False
    try:
        return signs.confirmed(env.ask(signs.CONFIRM_PROMPT))
    except EOFError:
        return False
