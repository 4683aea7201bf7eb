"""One safety story: the tiers, the stop rule, the opening screen, `flags`, `learn` and the
built-in routines say the same thing and never contradict each other.

Every safety sentence comes from crackcoach.safety.signs; these tests read what each place
actually shows (the rendered screen, the commands' output, the routine files) and check it
against that one source.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from crackcoach.base.paths import Folder
from crackcoach.diary import checkin
from crackcoach.progress import feedback
from crackcoach.routines.library import load_file
from crackcoach.routines.model import VARIANTS, Routine, Step
from crackcoach.routines.timeline import build
from crackcoach.safety import learn, signs
from crackcoach.views.session import render_prestart

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "routines").glob("*.yaml"))
ROUTINES = [load_file(path, Folder(path.parent, builtin=True)) for path in FILES]
URGENT = [f for f in signs.FLAGS if f.tier == "urgent"]

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
    assert flat(signs.STOP_RULE_IN_FULL) in shown or signs.STOP_RULES[0] in shown


def test_the_reminders_say_the_stop_rule_and_the_pop_as_safety_py_words_them() -> None:
    assert signs.STOP_RULE_IN_FULL in signs.opening_reminders()
    assert signs.POP_DURING_A_STRETCH in signs.opening_reminders()
    assert signs.STOP_RULES[0] in signs.opening_reminders_short()
    assert len(signs.opening_reminders_short()) < len(signs.opening_reminders())


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
        for sign in signs.FLAGS:
            assert sign.key in shown and flat(sign.text) in shown, sign.key
            assert flat(sign.note) in shown, sign.key
        for advice in signs.ADVICE.values():
            assert flat(advice.text) in shown, advice.tier
        assert flat(signs.STOP_RULE_IN_FULL) in shown
        assert flat(signs.NOT_A_DIAGNOSIS) in shown


# --- every sign in every place it appears -------------------------------------------------

def check_in_screen() -> str:
    """The check-in's list of signs as a person reads it, asked and answered with Enter."""
    shown: list[str] = []
    question = checkin.safety_question()
    assert checkin.ask_question(question, lambda prompt: shown.append(prompt) or "",
                                shown.append) == ()
    return flat(" ".join([*question.intro, *shown]))


@pytest.fixture(scope="module")
def check_in() -> str:
    return check_in_screen()


@pytest.mark.parametrize("sign", signs.FLAGS, ids=signs.KEYS)
def test_each_sign_is_in_flags_the_json_learn_and_by_its_tier_on_the_screens(
        sign: signs.Flag, cli: Any, flags_output: str, check_in: str) -> None:
    """One sign, every place it appears, in the same words (its text or its short name)."""
    import json

    places = {"flags": flags_output, "learn": flat(cli("learn", "when-to-seek-help").stdout)}
    items = {item["key"]: item for item in json.loads(cli("flags", "--json").stdout)["flags"]}
    assert items[sign.key]["tier"] == sign.tier and items[sign.key]["sign"] == sign.text
    if sign in signs.screen_flags():
        places["check-in"] = check_in
    for where, shown in places.items():
        assert flat(sign.text) in shown, (sign.key, where)
    if sign.tier == "urgent":
        assert flat(sign.short) in opening_screen(ROUTINES[0], 80, 24), sign.key
        assert flat(sign.short) in flat(" ".join(signs.opening_reminders_short()))
        assert flat(sign.short) in flat(signs.report_screen_note())
    if sign.tier in ("urgent", "soon"):
        assert sign in signs.screen_flags(), sign.key


@pytest.mark.parametrize("sign", signs.FLAGS, ids=signs.KEYS)
def test_each_recorded_sign_is_named_in_the_report_with_its_tier(
        sign: signs.Flag, cli: Any) -> None:
    assert cli("log", "--discomfort", "2", "--stiffness", "2", "--flag", sign.key).exit_code == 0
    for fmt in ("markdown", "html"):
        result = cli("report", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        shown = flat(html.unescape(result.stdout) if fmt == "html" else
                     result.stdout.replace("\\", ""))
        assert flat(signs.label(sign.key)) in shown, (sign.key, fmt)
        for urgent in URGENT:  # what the screen asks is said even when nothing was ticked
            assert flat(urgent.short) in shown, (urgent.key, fmt)


def test_the_neck_rule_is_on_the_opening_screen_and_in_the_learn_pages() -> None:
    assert flat(signs.NECK_RULE) in opening_screen(ROUTINES[0], 100)
    assert signs.NECK_RULE_SHORT in opening_screen(ROUTINES[0], 80, 24)
    for topic in ("why-it-cracks", "when-to-seek-help"):
        assert flat(signs.NECK_RULE) in page(topic), topic
    assert "neck" in page("myths") and "stroke" in page("myths")
    neck = signs.flag("neck-signs")
    assert neck.tier == "urgent"
    for symptom in ("dizziness", "double vision", "slurred speech", "trouble swallowing",
                    "falls", "headache"):
        assert symptom in neck.text, symptom


def test_numbness_that_is_not_new_cannot_be_mistaken_for_the_urgent_weakness() -> None:
    soon, urgent = signs.flag("numbness"), signs.flag("leg-weakness")
    assert "not getting worse" in soon.text and "is urgent" in soon.text
    assert "new or getting worse quickly" in urgent.text
    assert "pain and numbness down both legs" in urgent.short


def test_cracking_by_itself_is_a_check_up_without_pain_and_soon_with_it() -> None:
    painless, painful = signs.flag("cracks-painless"), signs.flag("cracks-by-itself")
    assert painless.tier == "check-up" and "no pain" in painless.text
    assert painful.tier == "soon" and "hurts or swells" in painful.text
    assert painful.key in painless.note


def test_flags_json_carries_every_sign_with_its_tier_s_advice(cli: Any) -> None:
    import json

    items = json.loads(cli("flags", "--json").stdout)["flags"]
    assert [item["key"] for item in items] == list(signs.KEYS)
    for item in items:
        sign = signs.flag(item["key"])
        assert item["sign"] == sign.text and item["tier"] == sign.tier
        assert item["advice"].startswith(signs.ADVICE[sign.tier].text)


def test_the_before_you_start_page_lists_the_first_run_check_and_its_advice() -> None:
    shown = page("before-you-start")
    for condition in signs.CONDITIONS:
        assert flat(condition.text) in shown and condition.key in shown
    for line in signs.first_check_advice(signs.CONDITION_KEYS):
        assert flat(line) in shown
    for position in signs.ADAPTED_POSITIONS:
        assert position in shown


# --- the tiers against each other and against the stop rule ------------------------------

def test_the_article_s_signs_are_all_recorded_and_all_on_the_check_in_screen() -> None:
    screen = {f.key for f in signs.screen_flags()}
    for sign, key in ARTICLE_SIGNS.items():
        assert key in signs.KEYS and key in screen, sign


def test_sharp_pain_can_be_reported_after_a_session_and_agrees_with_the_stop_rule() -> None:
    sharp = signs.flag("sharp-pain")
    assert sharp in signs.screen_flags()
    for word in ("sharp", "shooting", "spreading"):  # the stop rule's own words
        assert word in sharp.text and word in signs.STOP_RULES[0].lower()
    # Once: ease off; keeps happening: a check-up.
    assert "once, ease off" in sharp.note and "keeps happening, book a check-up" in sharp.note
    # Its tier may let stretching go on only without whatever brings pain on.
    assert "leaving out any stretch that brings on pain" in signs.ADVICE["check-up"].text


def test_a_pop_during_a_stretch_and_a_crack_by_itself_never_read_as_one_thing() -> None:
    pop, by_itself = signs.POP_DURING_A_STRETCH, signs.flag("cracks-by-itself").text
    assert "during a stretch" in pop and "harmless" in pop
    assert "by itself" in by_itself and "still" in by_itself and "no movement" in by_itself
    assert not any(word in pop for word in ("by itself", "on its own", "still"))


def every_safety_text() -> Iterator[tuple[str, str]]:
    """(where, text) for every sentence crackcoach shows about safety or the routines."""
    for sign in signs.FLAGS:
        yield f"flag {sign.key}", f"{sign.text}. {sign.note}"
    for advice in signs.ADVICE.values():
        yield f"advice {advice.tier}", advice.text
    for line in (*signs.opening_reminders(), *signs.opening_reminders_short(),
                 signs.AFTER_STOPPING, signs.RELIANCE_NOTE, signs.WORSENING_NOTE):
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
    assert "--quick" not in " ".join(feedback.after_session_message(
        checkin.DiaryEntry(at=__import__("datetime").datetime(2024, 5, 1), discomfort=8)))


def test_what_a_session_stopped_for_pain_says_matches_the_stop_rule() -> None:
    for word in ("sharp", "spreading", "numbness", "tingling"):
        assert word in signs.AFTER_STOPPING
    assert "doctor or physiotherapist" in signs.AFTER_STOPPING


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


def every_project_text() -> Iterator[tuple[str, str]]:
    """Every file a person may read: README, docs, routines, plans and the program's words."""
    for pattern in ("README.md", "docs/*.md", "routines/*.yaml", "plans/*.yaml",
                    "src/crackcoach/**/*.py"):
        for path in sorted(ROOT.glob(pattern)):
            yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_claims_are_worded_to_the_evidence_everywhere() -> None:
    for where, text in every_project_text():
        flat_text = flat(text).lower()
        assert "clinician's way" not in flat_text, where
        assert "way a clinician would" not in flat_text, where
        for sentence in sentences(text):
            if "MRI" in sentence:  # the film of a joint cracking was of finger joints
                assert "finger" in sentence, (where, sentence)
            # Plausible, not proven: habitual cracking "may" strain ligaments.
            assert not re.search(r"\bcan (overstretch|strain)", sentence, re.I), (where,
                                                                                  sentence)
    assert "one published case" in flat(learn.find_topic("why-it-cracks").sections[1]
                                         .paragraphs[1]).lower()
    hips = next(r for r in ROUTINES if r.name == "desk-hips")
    assert "one published case" in flat(hips.summary).lower()
