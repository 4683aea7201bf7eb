"""The safety screen: signs that mean "stop and get help", in three tiers.

This is fixed safety information, the same for everyone. crackcoach never
decides what a sign means for a person; it only says which kind of help the
sign calls for. The wording here is the single source for the check-in
screen, ``crackcoach flags``, ``crackcoach learn when-to-seek-help`` and the
advice shown after an entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, NamedTuple

from crackcoach.errors import InputError

Tier = Literal["urgent", "soon", "check-up"]
TIERS: tuple[Tier, ...] = ("urgent", "soon", "check-up")
SCREEN_TIERS: tuple[Tier, ...] = ("urgent", "soon")
"""The tiers the "any of these today?" question lists; check-up signs are for reading."""

# From this many deliberate cracks in a day, the check-in mentions the check-up advice.
CRACKS_SEVERAL = 3


class Flag(NamedTuple):
    """One sign: a short stable key (stored in the diary), its tier and its wording."""

    key: str
    tier: Tier
    text: str


class Advice(NamedTuple):
    """What to do about the signs of one tier."""

    tier: Tier
    title: str
    text: str


FLAGS: tuple[Flag, ...] = (
    Flag("saddle-numbness", "urgent",
         "numbness or tingling between the legs or around the buttocks (the saddle area)"),
    Flag("bladder-bowel", "urgent",
         "new difficulty passing or holding urine or stool"),
    Flag("leg-weakness", "urgent",
         "weakness in one or both legs that is new or getting worse quickly"),
    Flag("injury-pain", "urgent",
         "sudden severe back pain after a fall, accident or blow"),
    Flag("painful-crack", "soon",
         "pain that comes on with the crack"),
    Flag("swelling", "soon",
         "swelling or warmth around the part of the back that hurts"),
    Flag("numbness", "soon",
         "numbness, pins and needles or less strength in an arm or a leg"),
    Flag("cracks-by-itself", "soon",
         "the back cracks on its own, without you moving it"),
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
         "stretching keeps bringing sharp pain, or pain that shoots into a limb"),
    Flag("crack-reliance", "check-up",
         "you need to crack your back several times a day to feel relief"),
)

ADVICE: dict[Tier, Advice] = {
    "urgent": Advice(
        "urgent", "Get medical help today",
        "Stop here and do not start or continue a routine. Go to an emergency department "
        "today, or call your local emergency number. These signs need to be seen by a "
        "professional straight away."),
    "soon": Advice(
        "soon", "Pause and see a professional",
        "Pause the routines and arrange to see a doctor or physiotherapist soon. Until then, "
        "leave out anything that brings these signs on."),
    "check-up": Advice(
        "check-up", "Worth a check-up",
        "You can keep stretching gently, and it is worth booking an appointment with a "
        "doctor or physiotherapist to talk it through."),
}

NOT_A_DIAGNOSIS = ("This is general safety information, not a diagnosis. crackcoach cannot "
                   "tell what is causing a symptom; a professional can.")

TIER_LABELS: dict[Tier, str] = {
    "urgent": "urgent: today",
    "soon": "soon: pause",
    "check-up": "check-up",
}

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
    """The signs the after-session screen lists, most urgent first."""
    return tuple(f for f in FLAGS if f.tier in SCREEN_TIERS)


def normalise(keys: Iterable[str]) -> tuple[str, ...]:
    """Check ``keys`` and return them once each, in the order of :data:`FLAGS`."""
    wanted = {flag(key.strip().lower()).key for key in keys}
    return tuple(key for key in KEYS if key in wanted)


def tiers_of(keys: Iterable[str]) -> tuple[Tier, ...]:
    """The tiers present among ``keys`` (unknown keys ignored), most urgent first."""
    present = {_BY_KEY[key].tier for key in keys if key in _BY_KEY}
    return tuple(tier for tier in TIERS if tier in present)


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
    lines = ["If a sign is still there, this is what it calls for:"]
    lines += [f"{advice.title}: {advice.text}" for advice, _ in advice_for(chosen)]
    lines.append(NOT_A_DIAGNOSIS)
    return lines
