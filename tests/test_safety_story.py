"""One safety story: the tiers, the stop rule, the opening screen, `flags`, `learn` and the
built-in routines say the same thing and never contradict each other.

Every safety sentence comes from crackcoach.safety; these tests read what each place
actually shows (the rendered screen, the commands' output, the routine files) and check it
against that one source.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from crackcoach import checkin, learn, safety
from crackcoach.library import Folder, load_file
from crackcoach.routines import VARIANTS, Routine, Step
from crackcoach.timeline import build
from crackcoach.views.session import render_prestart

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "routines").glob("*.yaml"))
ROUTINES = [load_file(path, Folder(path.parent, builtin=True)) for path in FILES]
URGENT = [f for f in safety.FLAGS if f.tier == "urgent"]

# The article's own list of signs, each with the key that records it.
ARTICLE_SIGNS = {
    "pain with the crack": "painful-crack",
    "swelling or warmth": "swelling",
    "less strength or numbness in a limb": "numbness",
    "cracking without movement": "cracks-by-itself",
    "feeling unstable or loose after cracking": "feels-unstable",
    "stretching that keeps producing sharp or radiating pain": "sharp-pain",
}

# Words that describe a sign of a tier. A sentence that calls something fine while using
# them would contradict the tiers ("if a joint pops on its own, that is fine").
SIGN_WORDS = ("on its own", "by itself", "without mov", "keeping still", "keep still",
              "swelling", "warmth", "numb", "tingl", "pins and needles", "shooting",
              "spreading", "radiating", "unstable", "loose", "night")
REASSURING = re.compile(r"\b(fine|harmless|normal|nothing to worry|okay|ok|no problem)\b", re.I)
PUSHING_ON = re.compile(r"push through|through the pain|no pain,? no gain|work through", re.I)


def flat(text: str) -> str:
    """Text as one line of single spaces: wrapped output compares with its source."""
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;:!?])\s+|\n\s*\n", flat(text)) if s]


def steps_and_variants(routine: Routine) -> Iterator[Step]:
    for step in routine.steps:
        yield step
        yield from (v for which in VARIANTS if (v := step.variant(which)) is not None)


def routine_texts(routine: Routine) -> Iterator[str]:
    """Everything a built-in routine says: its caution, and each step's words."""
    yield from filter(None, (routine.summary, routine.caution))
    for step in steps_and_variants(routine):
        yield from filter(None, (step.instructions, step.caution, step.why, *step.cues))
        yield from (phase.cue for phase in step.cycle)


def opening_screen(routine: Routine, width: int = 100, height: int | None = None) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(render_prestart(routine, build(routine), width=width, height=height))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return flat(output)


def page(topic: str) -> str:
    found = learn.find_topic(topic)
    return flat(" ".join(p for s in found.sections
                         for p in (s.heading or "", *s.paragraphs, *s.bullets)))


# --- the opening screen ------------------------------------------------------------------

@pytest.mark.parametrize("routine", ROUTINES, ids=[r.name for r in ROUTINES])
@pytest.mark.parametrize(("width", "height"), [(100, None), (80, 24), (60, 24)])
def test_every_urgent_sign_and_the_stop_rule_are_on_every_opening_screen(
        routine: Routine, width: int, height: int | None) -> None:
    shown = opening_screen(routine, width, height)
    for sign in URGENT:
        assert flat(sign.short) in shown, sign.key
    assert "do not start" in shown.lower()
    assert flat(safety.STOP_RULE_IN_FULL) in shown or safety.STOP_RULES[0] in shown


def test_the_reminders_say_the_stop_rule_and_the_pop_as_safety_py_words_them() -> None:
    assert safety.STOP_RULE_IN_FULL in safety.opening_reminders()
    assert safety.POP_DURING_A_STRETCH in safety.opening_reminders()
    assert safety.STOP_RULES[0] in safety.opening_reminders_short()
    assert len(safety.opening_reminders_short()) < len(safety.opening_reminders())


# --- flags and learn ---------------------------------------------------------------------

@pytest.fixture
def flags_output(cli: Any) -> str:
    result = cli("flags")
    assert result.exit_code == 0
    return flat(result.stdout)


def test_every_sign_its_advice_and_the_stop_rule_are_in_flags_and_learn(
        cli: Any, flags_output: str) -> None:
    learned = flat(cli("learn", "when-to-seek-help").stdout)
    for shown in (flags_output, learned, page("when-to-seek-help")):
        for sign in safety.FLAGS:
            assert sign.key in shown and flat(sign.text) in shown, sign.key
            assert flat(sign.note) in shown, sign.key
        for advice in safety.ADVICE.values():
            assert flat(advice.text) in shown, advice.tier
        assert flat(safety.STOP_RULE_IN_FULL) in shown
        assert flat(safety.NOT_A_DIAGNOSIS) in shown


def test_flags_json_carries_every_sign_with_its_tier_s_advice(cli: Any) -> None:
    import json

    items = json.loads(cli("flags", "--json").stdout)["flags"]
    assert [item["key"] for item in items] == list(safety.KEYS)
    for item in items:
        sign = safety.flag(item["key"])
        assert item["sign"] == sign.text and item["tier"] == sign.tier
        assert item["advice"].startswith(safety.ADVICE[sign.tier].text)


def test_the_before_you_start_page_lists_the_first_run_check_and_its_advice() -> None:
    shown = page("before-you-start")
    for condition in safety.CONDITIONS:
        assert flat(condition.text) in shown and condition.key in shown
    for line in safety.first_check_advice(safety.CONDITION_KEYS):
        assert flat(line) in shown
    for position in safety.ADAPTED_POSITIONS:
        assert position in shown


# --- the tiers against each other and against the stop rule ------------------------------

def test_the_article_s_signs_are_all_recorded_and_all_on_the_check_in_screen() -> None:
    screen = {f.key for f in safety.screen_flags()}
    for sign, key in ARTICLE_SIGNS.items():
        assert key in safety.KEYS and key in screen, sign


def test_sharp_pain_can_be_reported_after_a_session_and_agrees_with_the_stop_rule() -> None:
    sharp = safety.flag("sharp-pain")
    assert sharp in safety.screen_flags()
    for word in ("sharp", "shooting", "spreading"):  # the stop rule's own words
        assert word in sharp.text and word in safety.STOP_RULES[0].lower()
    # Once: ease off; keeps happening: a check-up.
    assert "once, ease off" in sharp.note and "keeps happening, book a check-up" in sharp.note
    # Its tier may let stretching go on only without whatever brings pain on.
    assert "leaving out any stretch that brings on pain" in safety.ADVICE["check-up"].text


def test_a_pop_during_a_stretch_and_a_crack_by_itself_never_read_as_one_thing() -> None:
    pop, by_itself = safety.POP_DURING_A_STRETCH, safety.flag("cracks-by-itself").text
    assert "during a stretch" in pop and "harmless" in pop
    assert "by itself" in by_itself and "still" in by_itself and "no movement" in by_itself
    assert not any(word in pop for word in ("by itself", "on its own", "still"))


def every_safety_text() -> Iterator[tuple[str, str]]:
    """(where, text) for every sentence crackcoach shows about safety or the routines."""
    for sign in safety.FLAGS:
        yield f"flag {sign.key}", f"{sign.text}. {sign.note}"
    for advice in safety.ADVICE.values():
        yield f"advice {advice.tier}", advice.text
    for line in (*safety.opening_reminders(), *safety.opening_reminders_short(),
                 safety.AFTER_STOPPING, safety.RELIANCE_NOTE, safety.WORSENING_NOTE):
        yield "safety.py", line
    for topic in learn.TOPICS:
        yield f"learn {topic.key}", page(topic.key)
    for routine in ROUTINES:
        for text in routine_texts(routine):
            yield f"routine {routine.name}", text


@pytest.mark.parametrize(("where", "text"), list(every_safety_text()))
def test_nothing_calls_a_sign_fine_or_urges_going_on_through_pain(where: str, text: str) -> None:
    for sentence in sentences(text):
        if REASSURING.search(sentence):
            assert not any(word in sentence.lower() for word in SIGN_WORDS), (where, sentence)
        assert not PUSHING_ON.search(sentence), (where, sentence)


@pytest.mark.parametrize("routine", ROUTINES, ids=[r.name for r in ROUTINES])
def test_no_routine_makes_a_crack_the_aim(routine: Routine) -> None:
    for text in routine_texts(routine):
        for sentence in sentences(text):
            if re.search(r"\b(crack|pop)", sentence, re.I):
                assert re.search(r"\b(never|not|no)\b", sentence, re.I), sentence


@pytest.mark.parametrize("routine", ROUTINES, ids=[r.name for r in ROUTINES])
def test_foam_rolling_is_kept_off_the_lower_back_in_every_version(routine: Routine) -> None:
    for step in steps_and_variants(routine):
        if "roller" in step.instructions.lower():
            cautions = " ".join(filter(None, (step.caution, routine.caution))).lower()
            assert "never" in cautions and "lower back" in cautions, step.name


# --- after an entry: the order ------------------------------------------------------------

def test_the_lighter_session_suggested_after_a_flare_is_the_routine_made_for_it() -> None:
    lighter = next(r for r in ROUTINES if r.name == checkin.LIGHTER_ROUTINE)
    assert "flare" in lighter.summary
    assert "--quick" not in " ".join(checkin.after_session_message(
        checkin.DiaryEntry(at=__import__("datetime").datetime(2024, 5, 1), discomfort=8)))


def test_what_a_session_stopped_for_pain_says_matches_the_stop_rule() -> None:
    for word in ("sharp", "spreading", "numbness", "tingling"):
        assert word in safety.AFTER_STOPPING
    assert "doctor or physiotherapist" in safety.AFTER_STOPPING


# --- what a wellness app must not claim ---------------------------------------------------

# "a diagnosed spine condition" is the person's, not a claim: only the app diagnosing counts.
CLAIM = re.compile(r"\b(diagnos(e|es|is|ing)\b|treats?|treatment|cures?|prevents?|realign\w*"
                   r"|clinically proven|replaces? (a|your) (doctor|physiotherapist|professional)"
                   r"|safe routine|that work\b)", re.I)
NEGATION = re.compile(r"\b(not|never|no|nothing|cannot|does not|doesn't)\b", re.I)


def product_texts() -> Iterator[tuple[str, str]]:
    yield from every_safety_text()
    yield "README.md", (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("where", "text"), list(product_texts()))
def test_no_text_claims_to_diagnose_treat_or_realign_except_to_deny_it(where: str,
                                                                       text: str) -> None:
    for sentence in sentences(text):
        if CLAIM.search(sentence):
            assert NEGATION.search(sentence), (where, sentence)
