"""Every safety sentence crackcoach says, and the rules that choose between them.

This is fixed safety information, the same for everyone. crackcoach never
decides what a sign means for a person; it only says which kind of help the
sign calls for. The wording here is the single source for the check-in
screen, the advice after an entry, ``crackcoach flags``, ``crackcoach learn``
(when-to-seek-help, before-you-start), the opening screen's reminders, the
stop rule shown during every step, the stats and report lines about safety,
and the first-run check. tests/test_safety_story.py checks that they agree
with each other and with the built-in routines.

Two different things, both needed: the stop rule, for what a person feels
during a stretch (stop that stretch now), and the tiers, for what they
notice over days (how soon to see someone).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Literal, NamedTuple

from crackcoach.errors import InputError
from crackcoach.records import DiaryEntry

Tier = Literal["urgent", "soon", "check-up"]
TIERS: tuple[Tier, ...] = ("urgent", "soon", "check-up")

# From this many deliberate cracks in a day, the check-in mentions the check-up advice.
CRACKS_SEVERAL = 3


class Flag(NamedTuple):
    """One sign: a short stable key (stored in the diary), its tier and its wording.

    ``short`` names it in a few words where a list must be brief (the opening
    screen); ``note`` is advice for this sign alone, shown under its tier's.
    """

    key: str
    tier: Tier
    text: str
    short: str = ""
    note: str = ""


class Advice(NamedTuple):
    """What to do about the signs of one tier."""

    tier: Tier
    title: str
    text: str


# -- the tiers ---------------------------------------------------------------------------

FLAGS: tuple[Flag, ...] = (
    Flag("saddle-numbness", "urgent",
         "numbness or tingling between the legs or around the buttocks (the saddle area)",
         short="numbness between the legs"),
    Flag("bladder-bowel", "urgent",
         "new trouble passing or holding urine or stool, or a new change in sexual function",
         short="new bladder, bowel or sexual problems"),
    Flag("leg-weakness", "urgent",
         "weakness in one or both legs that is new or getting worse quickly, or pain and "
         "numbness going down both legs",
         short="new or fast-worsening leg weakness"),
    Flag("injury-pain", "urgent",
         "sudden severe back pain after a fall, accident or blow",
         short="severe back pain after a fall or accident"),
    Flag("painful-crack", "soon",
         "pain that comes on with a crack"),
    Flag("swelling", "soon",
         "swelling or warmth around the part of the back that hurts"),
    Flag("numbness", "soon",
         "numbness, pins and needles or less strength in an arm or a leg"),
    Flag("cracks-by-itself", "soon",
         "the back cracks by itself while you are keeping still, with no movement or stretch "
         "to set it off"),
    Flag("fever-weight-loss", "soon",
         "fever, or weight loss you cannot explain, together with back pain"),
    Flag("night-pain", "soon",
         "back pain that stays through the night, whatever position you lie in"),
    Flag("cancer-history", "soon",
         "new back pain when you have had cancer in the past"),
    Flag("long-term-pain", "check-up",
         "back pain that has gone on for months without an injury to explain it"),
    Flag("feels-unstable", "check-up",
         "the back feels loose or unstable after it cracks"),
    Flag("sharp-pain", "check-up",
         "a stretch brought on sharp, shooting or spreading pain",
         note="A single time needs no appointment yet. When a stretch brings on sharp, "
              "shooting or spreading pain once, ease off: "
              "leave that stretch out or go less far next time, or try the easier versions "
              "(crackcoach start --easier). If it keeps happening, book a check-up."),
    Flag("crack-reliance", "check-up",
         "you need to crack your back several times a day to feel relief"),
)

ADVICE: dict[Tier, Advice] = {
    "urgent": Advice(
        "urgent", "Get medical help today",
        "Stop here and do not start or go on with a routine. Go to an emergency department "
        "today, or call your local emergency number: these signs need a professional to "
        "look at them straight away."),
    "soon": Advice(
        "soon", "Pause and see a professional",
        "Pause the routines and arrange to see a doctor or physiotherapist soon. Until then, "
        "leave out anything that brings these signs on."),
    "check-up": Advice(
        "check-up", "Worth a check-up",
        "Book an appointment with a doctor or physiotherapist to talk it through. Until "
        "then you can go on stretching gently, leaving out any stretch that brings on pain."),
}

NOT_A_DIAGNOSIS = ("This is general safety information, not a diagnosis. crackcoach cannot "
                   "tell what is causing a symptom; a professional can.")

TIER_LABELS: dict[Tier, str] = {
    "urgent": "urgent: today",
    "soon": "soon: pause",
    "check-up": "check-up",
}

# Asked after a session and by `log`: every urgent and 'soon' sign, then the check-up signs
# a session itself can bring out. The numbers people type follow this order.
SCREEN_KEYS_AFTER = ("feels-unstable", "sharp-pain")

# -- during a session --------------------------------------------------------------------

# The stop rule, shown during every step; longest first, so a view takes the first that fits.
STOP_RULES = (
    "Sharp, shooting or spreading pain, numbness or tingling: stop.",
    "Sharp or spreading pain, numbness or tingling: stop.",
    "Sharp pain, numbness or tingling: stop.",
    "Sharp pain or tingling: stop.",
)
STOP_RULE_IN_FULL = ("Stop the stretch at once if you feel sharp, shooting or spreading pain, "
                     "numbness or tingling; end the session if it does not settle.")
POP_DURING_A_STRETCH = ("A painless pop during a stretch you did not force is harmless, but it "
                        "is never the aim: do not push or twist to get one.")
AFTER_STOPPING = ("You stopped because something hurt - the right thing to do. If sharp or "
                  "spreading pain, numbness or tingling stays or comes back, see a doctor or "
                  "physiotherapist.")


def urgent_signs_in_short() -> str:
    """The urgent signs in a few words each, as one list: "a; b; c; or d".

    Semicolons, as a sign's own words may hold a comma.
    """
    shorts = [f.short for f in FLAGS if f.tier == "urgent"]
    return "; ".join(shorts[:-1]) + "; or " + shorts[-1]


def opening_reminders() -> tuple[str, ...]:
    """The safety points of the opening screen, in full."""
    return (
        "Warm up first: the opening step is there to get blood moving.",
        "Move slowly and breathe out into each stretch; never bounce or jerk.",
        "Go as far as a mild, easy tension - never into pain.",
        POP_DURING_A_STRETCH,
        STOP_RULE_IN_FULL,
        f"Do not start, and get urgent care today, if you notice {urgent_signs_in_short()}.",
    )


def opening_reminders_short() -> tuple[str, ...]:
    """The same points in fewer lines, for an opening screen that would not fit otherwise."""
    return (
        "Warm up, move slowly, go to mild tension - never into pain; never bounce, never force "
        "a crack.",
        STOP_RULES[0],
        f"Urgent care today, and do not start: {urgent_signs_in_short()}.",
    )


# -- stats, report and check-in lines ----------------------------------------------------

RELIANCE_NOTE = ("Deliberate cracking has stayed at several times a day. Needing to crack the "
                 "back several times a day for relief is worth a check-up with a doctor or "
                 "physiotherapist.")
WORSENING_NOTE = ("That is 2 or more points higher: ease off, and if it stays up or new pain "
                  "appears, check with a professional.")
REPORT_FLAGS_NOTE = ("Safety-screen answers were recorded in this period. They are the "
                     "person's own answers, listed so a professional can ask about them.")
EARLIER_SIGNS = "If a sign is still there, this is what it calls for:"


def cracks_line(cracks: int, when: str | None = None) -> str:
    """The check-in's line when someone cracked their back on purpose several times a day.

    ``when`` names the day when it is not today ("yesterday", "on 21 Oct").
    """
    said = (f"You cracked your back on purpose {cracks} times today" if when is None else
            f"{when[0].upper()}{when[1:]} you cracked your back on purpose {cracks} times")
    return (f"{said}. If you find you need to several times a day for relief, a check-up is "
            "worth it: see 'crackcoach learn when-to-seek-help'.")


# -- looking up signs --------------------------------------------------------------------

_BY_KEY = {flag.key: flag for flag in FLAGS}
KEYS: tuple[str, ...] = tuple(_BY_KEY)


def flag(key: str) -> Flag:
    """The flag with ``key``; :class:`InputError` naming the valid keys if there is none."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise InputError(f"unknown safety flag '{key}'; expected one of: {', '.join(KEYS)} "
                         "(see 'crackcoach flags')") from None


def screen_flags() -> tuple[Flag, ...]:
    """The signs the check-in lists, most urgent first (see :data:`SCREEN_KEYS_AFTER`)."""
    return tuple(f for f in FLAGS if f.tier in ("urgent", "soon") or f.key in SCREEN_KEYS_AFTER)


def normalise(keys: Iterable[str]) -> tuple[str, ...]:
    """Check ``keys`` and return them once each, in the order of :data:`FLAGS`."""
    wanted = {flag(key.strip().lower()).key for key in keys}
    return tuple(key for key in KEYS if key in wanted)


def tiers_of(keys: Iterable[str]) -> tuple[Tier, ...]:
    """The tiers present among ``keys`` (unknown keys ignored), most urgent first."""
    present = {_BY_KEY[key].tier for key in keys if key in _BY_KEY}
    return tuple(tier for tier in TIERS if tier in present)


def has_urgent(keys: Iterable[str]) -> bool:
    """Whether any of ``keys`` is an urgent sign."""
    return "urgent" in tiers_of(keys)


def advice_for(keys: Iterable[str]) -> list[tuple[Advice, tuple[Flag, ...]]]:
    """The advice to show for the flagged signs, most urgent first, each with its flags."""
    chosen = set(keys)
    return [(ADVICE[tier], tuple(f for f in FLAGS if f.key in chosen and f.tier == tier))
            for tier in tiers_of(chosen)]


def label(key: str) -> str:
    """A flag key as a person reads it: the sign and its tier (unknown keys as they are)."""
    found = _BY_KEY.get(key)
    return key if found is None else f"{found.text} ({TIER_LABELS[found.tier]})"


def advice_lines(keys: Iterable[str]) -> list[str]:
    """Plain lines of advice for signs recorded earlier, with the not-a-diagnosis note."""
    chosen = set(keys)
    if not chosen:
        return []
    lines = [EARLIER_SIGNS]
    for advice, flags in advice_for(chosen):
        lines.append(f"{advice.title}: {advice.text}")
        lines += [f.note for f in flags if f.note]
    lines.append(NOT_A_DIAGNOSIS)
    return lines


# -- before a session: signs logged recently ---------------------------------------------

RECENT_DAYS = 14
StartCheck = Literal["none", "confirm", "advise"]
CONFIRM_WORD = "start"
CONFIRM_PROMPT = (f"Go on only if a professional has seen you since and said exercise is fine. "
                  f"Type {CONFIRM_WORD} to go on, or press Enter to leave: ")


class RecentSigns(NamedTuple):
    """What the diary's recent entries call for before a session, and why.

    ``check`` is "confirm" (an urgent sign: show the urgent advice and go on
    only after :func:`confirmed`), "advise" (a 'soon' sign: show its advice
    first) or "none". ``flags`` are the signs behind it, ``since`` the time of
    the latest entry that recorded one of them.
    """

    check: StartCheck
    flags: tuple[Flag, ...] = ()
    since: datetime | None = None


def recent_signs(entries: Iterable[DiaryEntry], now: datetime, *,
                 last_session: datetime | None = None) -> RecentSigns:
    """What to do before a session, from the diary ``entries`` (any order) and ``now``.

    The rule (docs/diary.md): an urgent sign recorded in the last
    :data:`RECENT_DAYS` days asks for a typed confirmation before every
    session; otherwise a 'soon' sign in that time shows its advice before the
    first session of each day - not again once a session was started
    (``last_session``) that day after the sign was recorded.
    """
    window = now - timedelta(days=RECENT_DAYS)
    recent = [e for e in entries if window <= e.at <= now and e.flags]
    steps: tuple[tuple[Tier, StartCheck], ...] = (("urgent", "confirm"), ("soon", "advise"))
    for tier, check in steps:
        found = [e for e in recent if tier in tiers_of(e.flags)]
        if not found:
            continue
        keys = {key for e in found for key in e.flags if _BY_KEY[key].tier == tier}
        since = max(e.at for e in found)
        if check == "advise" and last_session is not None and last_session >= since and \
                last_session.astimezone(now.tzinfo).date() == now.date():
            return RecentSigns("none")
        return RecentSigns(check, tuple(f for f in FLAGS if f.key in keys), since)
    return RecentSigns("none")


def confirmed(answer: str) -> bool:
    """Whether a typed answer to :data:`CONFIRM_PROMPT` means "go on" (Enter does not)."""
    return answer.strip().lower() == CONFIRM_WORD


# -- before the first session ------------------------------------------------------------

class Condition(NamedTuple):
    """One question of the first-run check: a stable key, its wording and a short name."""

    key: str
    text: str
    short: str


# In the spirit of the common pre-exercise screens: who should ask a professional first.
CONDITIONS: tuple[Condition, ...] = (
    Condition("pregnancy", "you are pregnant", "pregnancy"),
    Condition("osteoporosis", "you have osteoporosis (thinning bones)", "osteoporosis"),
    Condition("surgery-fracture", "you had spine surgery, or broke a bone, in the last year",
              "recent spine surgery or a fracture"),
    Condition("spine-condition", "you have a diagnosed spine condition, such as spinal "
                                 "stenosis, spondylolisthesis or an inflammatory arthritis",
              "a spine condition"),
    Condition("recent-fall", "you had a fall or an accident recently",
              "a recent fall or accident"),
    Condition("heart-lung", "you have a heart or lung condition that limits how much exercise "
                            "you can do", "a heart or lung condition"),
)
CONDITION_KEYS = tuple(c.key for c in CONDITIONS)
ADAPTED_POSITIONS = ("lying on your back", "planks", "kneeling", "foam rolling")

FIRST_CHECK_TITLE = "First-run check"
FIRST_CHECK_ADVICE_TITLE = "Before you start"
FIRST_CHECK_READ = "Press Enter when you have read this: "
FIRST_CHECK_INTRO = ("Before your first session, a short check of who should talk to a "
                     "professional first. Do any of these apply to you?")
FIRST_CHECK_AGAIN = ("The first-run check again, a short check of who should talk to a "
                     "professional before stretching. Do any of these apply to you now?")
FIRST_CHECK_PROMPT = "Numbers separated by spaces, or Enter if none apply: "
FIRST_CHECK_NONE = ("Thank you. If that changes, 'crackcoach check' asks again; your answer "
                    "stays on this computer.")
FIRST_CHECK_FALL = ("If the fall or accident brought on sudden severe back pain, that needs "
                    "urgent care today, not a routine.")
FIRST_CHECK_NOT_A_BLOCK = ("crackcoach does not stop you starting: your answer only decides "
                           "which advice you see, and 'crackcoach check' changes it.")


def first_check_advice(keys: Iterable[str]) -> list[str]:
    """What to do when any answer of the first-run check was yes; empty for none."""
    chosen = set(keys)
    if not chosen:
        return []
    positions = ", ".join(ADAPTED_POSITIONS[:-1]) + " and " + ADAPTED_POSITIONS[-1]
    lines = [f"Check with a doctor or physiotherapist before you start, and ask which moves "
             f"suit you. The positions most often adapted are {positions}; many steps have an "
             f"easier version (crackcoach start --easier, shown by crackcoach show)."]
    if "recent-fall" in chosen:
        lines.append(FIRST_CHECK_FALL)
    lines.append(FIRST_CHECK_NOT_A_BLOCK)
    return lines


def first_check_reminder(keys: Iterable[str]) -> str:
    """One line for the opening screen while a yes to the first-run check is remembered."""
    chosen = set(keys)
    named = ", ".join(c.short for c in CONDITIONS if c.key in chosen)
    return (f"You noted {named}: if you have not yet, ask a professional which moves suit "
            "you ('crackcoach check' changes your answer).")


# -- doses beyond the usual guidance (start --hold / --reps) -----------------------------

DOSE_HOLD_MAX = 60
DOSE_ROUNDS_MAX = 5
DOSE_PROMPT = "Type yes to go on with this dose, or press Enter to leave: "


def dose_concerns(hold: float | None, reps: int | None) -> list[str]:
    """Why the dose asked for is above the usual guidance; empty when it is not."""
    concerns = []
    if hold is not None and hold > DOSE_HOLD_MAX:
        concerns.append(f"--hold {hold:g}: usual stretching guidance is 10 to 30 s a hold "
                        f"(up to {DOSE_HOLD_MAX} s for older adults)")
    if reps is not None and reps > DOSE_ROUNDS_MAX:
        concerns.append(f"--reps {reps}: usual guidance is 2 to 4 rounds of each stretch "
                        f"(at most {DOSE_ROUNDS_MAX} here without asking)")
    return concerns
