"""Before a session starts: signs recorded lately, and doses above the usual guidance.

Both are questions a person answers, so both are asked only where one can
answer. The rules (docs/diary.md, docs/session.md):

- an urgent sign recorded in the last 14 days shows the urgent advice, and
  the session starts only if the person types the word asked for: Enter, or
  no terminal to type in, starts nothing;
- a "see a professional soon" sign in that time shows its advice before the
  first session of the day, and the session goes on;
- ``--hold`` over 60 s or ``--reps`` over 5 says why that is more than the
  usual guidance and asks to go on; ``--yes`` answers for scripts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from crackcoach.app.env import Env
from crackcoach.errors import InputError
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


def recent_signs_allow(env: Env, store: Store) -> bool:
    """Show what signs recorded lately call for; whether the session may start."""
    now = env.now()
    since = now - timedelta(days=signs.RECENT_DAYS)
    entries = list(store.iter_entries(since))
    if not any(entry.flags for entry in entries):
        return True
    last = store.sessions(limit=1, newest_first=True)
    found = signs.recent_signs(entries, now,
                                last_session=last[0].started_at if last else None)
    if found.check == "none":
        return True
    from crackcoach.views.console import console
    from crackcoach.views.diary import print_advice

    keys = [flag.key for flag in found.flags]
    when = found.since.astimezone(now.tzinfo).strftime("%d %b") if found.since else "recently"
    env.say(f"On {when} your diary recorded a sign that needs attention:")
    env.stdout.flush()
    print_advice(console(env.stdout), signs.advice_for(keys))
    if found.check == "advise":
        return True
    if not env.can_ask:
        raise InputError(f"an urgent sign was recorded on {when}; a session can start only "
                         "after you confirm it in a terminal (crackcoach start, then type "
                         f"{signs.CONFIRM_WORD})")
    try:
        return signs.confirmed(env.ask(signs.CONFIRM_PROMPT))
    except EOFError:
        return False
