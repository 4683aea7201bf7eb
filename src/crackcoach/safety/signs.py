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

from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.errors import InputError

if TYPE_CHECKING:
    from typing import Literal, TypeAlias

Tier: TypeAlias = "Literal['urgent', 'soon', 'check-up']"
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
         short="new or fast-worsening leg weakness, or pain and numbness down both legs"),
    Flag("injury-pain", "urgent",
         "sudden severe back pain after a fall, accident or blow",
         short="severe pain after a fall or accident"),
    Flag("chest-pain", "urgent",
         "sudden pain in the chest or upper back together with breathlessness, sweating or "
         "feeling faint",
         short="sudden chest or upper-back pain with breathlessness or sweating",
         note="Sudden chest or upper-back pain with breathlessness or sweating can come from "
              "the heart, the lungs or the body's main artery: call your local emergency "
              "number now rather than making your own way to hospital."),
    Flag("neck-signs", "urgent",
         "after cracking or twisting the neck: dizziness, double vision, slurred speech, "
         "trouble swallowing, sudden falls without passing out, or a sudden severe headache "
         "or neck pain unlike any before",
         short="dizziness, double vision, slurred speech or a sudden headache after a neck "
               "crack",
         note="Dizziness, double vision, slurred speech, trouble swallowing, a sudden fall "
              "or a sudden severe headache after a neck crack or twist can mean a tear in an "
              "artery of the neck, which can lead to a stroke: call your local emergency "
              "number now."),
    Flag("painful-crack", "soon",
         "pain that comes on with a crack"),
    Flag("swelling", "soon",
         "swelling or warmth around the part of the back that hurts"),
    Flag("numbness", "soon",
         "numbness, pins and needles or weakness in an arm or a leg that has been there a "
         "while and is not getting worse; new or fast-worsening leg weakness is urgent instead"),
    Flag("cracks-by-itself", "soon",
         "the back cracks by itself while you are keeping still, with no movement or stretch "
         "to set it off, and it hurts or swells"),
    Flag("fever-weight-loss", "soon",
         "fever, or weight loss you cannot explain, together with back pain"),
    Flag("night-pain", "soon",
         "back pain that stays through the night, whatever position you lie in",
         short="back pain all through the night"),
    Flag("cancer-history", "soon",
         "new back pain when you have had cancer in the past"),
    Flag("pain-after-fifty", "soon",
         "back pain that started for the first time after the age of 50"),
    Flag("long-term-steroids", "soon",
         "back pain after taking steroid tablets or injections for a long time"),
    Flag("immunity-or-drugs", "soon",
         "back pain with an immune system weakened by an illness or a medicine, or when you "
         "inject drugs"),
    Flag("fall-osteoporosis", "soon",
         "new back pain after a minor fall or knock when you have osteoporosis (thinning "
         "bones)"),
    Flag("constant-upper-back", "soon",
         "pain in the upper back that is there all the time and does not change when you "
         "move or change position"),
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
    Flag("cracks-painless", "check-up",
         "the back cracks by itself while you are keeping still, with no pain and no "
         "swelling",
         note="Cracking by itself while you keep still calls for a check-up when nothing "
              "hurts; if it comes with pain or swelling, it is a 'soon' sign instead "
              "(cracks-by-itself)."),
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
# a session itself can bring out, and painless cracking (so it need not be ticked as the
# 'soon' sign of cracking with pain). The numbers people type follow this order.
SCREEN_KEYS_AFTER = ("feels-unstable", "sharp-pain", "cracks-painless")

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
NECK_RULE = ("Never crack or twist your own neck: forcing it can, rarely, tear an artery in the "
             "neck and cause a stroke. These routines work on the middle and upper back, not "
             "the neck.")
NECK_RULE_SHORT = "never crack or twist your neck"
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
        NECK_RULE,
        STOP_RULE_IN_FULL,
        f"Do not start, and get urgent care today, if you notice {urgent_signs_in_short()}.",
    )


def opening_reminders_short() -> tuple[str, ...]:
    """The same points in fewer lines, for an opening screen that would not fit otherwise."""
    return (
        "Warm up, move slowly, go to mild tension - never into pain; never bounce, never force "
        f"a crack, and {NECK_RULE_SHORT}.",
        STOP_RULES[0],
        f"Urgent care today, and do not start: {urgent_signs_in_short()}.",
    )


def opening_reminders_compact() -> tuple[str, ...]:
    """The fewest lines that still say every point, for a small terminal with notes to show."""
    return (
        f"Warm up; mild tension, never pain; never bounce or force a crack; {NECK_RULE_SHORT}. "
        f"{STOP_RULES[0]}",
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


def report_screen_note() -> str:
    """What the safety screen asks about, for a report read by someone who never saw it."""
    return ("The safety screen asks after each session and diary entry about the urgent "
            f"signs ({urgent_signs_in_short()}), the 'soon' signs, and sharp pain, a loose "
            "feeling or painless cracking by itself.")


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


# -- before a session: a sign still open (crackcoach.progress.coach.open_sign) ---------------------

CONFIRM_WORD = "start"
CONFIRM_PROMPT = (f"Go on only if a professional has seen you since and said exercise is fine. "
                  f"Type {CONFIRM_WORD} to go on, or press Enter to leave: ")


def confirmed(answer: str) -> bool:
    """Whether a typed answer to :data:`CONFIRM_PROMPT` means "go on" (Enter does not)."""
    return answer.strip().lower() == CONFIRM_WORD


# -- before the first session ------------------------------------------------------------

class Condition(NamedTuple):
    """One question of the first-run check: a stable key, its wording and a short name.

    ``advice`` is said for this answer alone, under the advice for any yes;
    ``easier`` makes sessions play each step's easier version where it has one,
    unless ``--easier`` or ``--harder`` is given.
    """

    key: str
    text: str
    short: str
    advice: str = ""
    easier: bool = False


# In the spirit of the PAR-Q+, the common pre-exercise screen: who should ask a professional
# first. New questions go at the end: the file of answers records which were asked, and
# people who answered before are asked only the new ones (crackcoach.safety.firstcheck).
CONDITIONS: tuple[Condition, ...] = (
    Condition("pregnancy", "you are pregnant", "pregnancy"),
    Condition("osteoporosis", "you have osteoporosis (thinning bones)", "osteoporosis"),
    Condition("surgery-fracture", "you had spine surgery, or broke a bone, in the last year",
              "recent spine surgery or a fracture"),
    Condition("spine-condition", "you have a diagnosed spine condition, such as spinal "
                                 "stenosis, spondylolisthesis or an inflammatory arthritis",
              "a spine condition"),
    Condition("recent-fall", "you had a fall or an accident recently",
              "a recent fall or accident",
              advice="If the fall or accident brought on sudden severe back pain, that needs "
                     "urgent care today, not a routine."),
    Condition("heart-lung", "you have a heart or lung condition that limits how much exercise "
                            "you can do", "a heart or lung condition"),
    Condition("supervised-only", "a doctor has said you should exercise only under medical "
                                 "supervision", "a doctor's advice to exercise only under "
                                                "supervision",
              advice="A doctor said to exercise only under supervision: keep to that, and do "
                     "these routines where that supervision is until the doctor says "
                     "otherwise."),
    Condition("chest-pain-at-times", "you get pain in your chest at rest, in everyday life or "
                                     "when you are active", "chest pain at rest or when active",
              advice="Chest pain at rest, in everyday life or when active needs a doctor's "
                     "check before you start exercising. Sudden chest pain with "
                     "breathlessness or sweating is an emergency: call your local emergency "
                     "number."),
    Condition("dizziness-fainting", "you lose your balance because of dizziness, or you have "
                                    "lost consciousness, in the last year",
              "dizziness or fainting",
              advice="Ask a doctor about the dizziness or fainting before you start. Get up "
                     "slowly from the floor and keep something steady within reach; the "
                     "easier versions (crackcoach start --easier) keep most steps off the "
                     "floor."),
    Condition("hypermobility", "your joints are very loose or bendy (hypermobile), or a "
                               "joint has dislocated", "very loose joints",
              advice="With very loose joints, stretch only to a mild tension, well short of "
                     "the end of how far a joint will go, and put more of your effort into "
                     "the strength steps (bridges, clamshells, planks and pelvic tilts) than "
                     "into the stretches."),
    Condition("hip-replacement", "you had a hip replacement in the last year, or your surgeon "
                                 "still asks you to avoid some hip positions",
              "a recent hip replacement",
              advice="After a hip replacement, keep to the limits your surgeon or "
                     "physiotherapist gave you, with no kneeling or deep hip bends until they "
                     "say so. Sessions play the easier version of each step that has one (the "
                     "hip-flexor stretch standing rather than half-kneeling); leave out the "
                     "clamshell until they say it suits you.",
              easier=True),
)
CONDITION_KEYS = tuple(c.key for c in CONDITIONS)
ADAPTED_POSITIONS = ("lying on your back", "planks", "kneeling", "foam rolling")

FIRST_CHECK_TITLE = "First-run check"
FIRST_CHECK_ADVICE_TITLE = "Before you start"
FIRST_CHECK_READ = "Press Enter when you have read this: "
FIRST_CHECK_INTRO = ("Before your first session, a short check of who should talk to a "
                     "professional first. Do any of these apply to you?")
FIRST_CHECK_NEW_INTRO = ("The first-run check now asks a few more questions; your earlier "
                         "answers still stand. Do any of these apply to you?")
FIRST_CHECK_AGAIN = ("The first-run check again, a short check of who should talk to a "
                     "professional before stretching. Do any of these apply to you now?")
FIRST_CHECK_PROMPT = "Numbers separated by spaces, or Enter if none apply: "
FIRST_CHECK_NONE = ("Thank you. If that changes, 'crackcoach check' asks again; your answer "
                    "stays on this computer.")
FIRST_CHECK_NOT_A_BLOCK = ("crackcoach does not stop you starting: your answer only decides "
                           "which advice you see and, for a few answers, which versions of "
                           "the steps are played; 'crackcoach check' changes it.")


def conditions(keys: Iterable[str]) -> tuple[Condition, ...]:
    """The conditions with ``keys``, in the order of the check (unknown keys left out)."""
    chosen = set(keys)
    return tuple(c for c in CONDITIONS if c.key in chosen)


def first_check_advice(keys: Iterable[str]) -> list[str]:
    """What to do when any answer of the first-run check was yes; empty for none."""
    chosen = conditions(keys)
    if not chosen:
        return []
    positions = ", ".join(ADAPTED_POSITIONS[:-1]) + " and " + ADAPTED_POSITIONS[-1]
    lines = [f"Check with a doctor or physiotherapist before you start, and ask which moves "
             f"suit you. The positions most often adapted are {positions}; many steps have an "
             f"easier version (crackcoach start --easier, shown by crackcoach show)."]
    lines += [c.advice for c in chosen if c.advice]
    lines.append(FIRST_CHECK_NOT_A_BLOCK)
    return lines


def easier_because(keys: Iterable[str]) -> tuple[Condition, ...]:
    """The answers for which sessions play the easier versions; empty when none does."""
    return tuple(c for c in conditions(keys) if c.easier)


def first_check_reminder(keys: Iterable[str]) -> str:
    """One line for the opening screen while a yes to the first-run check is remembered."""
    chosen = conditions(keys)
    named = ", ".join(c.short for c in chosen)
    reminder = f"You noted {named}: ask a professional which moves suit you."
    if any(c.key == "hypermobility" for c in chosen):
        reminder += " Stretch to a mild tension only."
    return reminder


def easier_note(keys: Iterable[str]) -> str:
    """Why a session plays the easier versions by itself, for the opening screen."""
    named = ", ".join(c.short for c in easier_because(keys))
    return f"Easier versions where a step has one, as you noted {named}."


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
