"""Safety flags: stable keys, tiers, advice, and the learn page built from them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from crackcoach.diary.records import DiaryEntry
from crackcoach.errors import InputError
from crackcoach.safety import learn, signs

NOW = datetime(2024, 5, 10, 18, 0, tzinfo=timezone(timedelta(hours=2)))

# Keys are stored in people's diaries: renaming one would orphan old entries.
STABLE_KEYS = {
    "saddle-numbness": "urgent", "bladder-bowel": "urgent", "leg-weakness": "urgent",
    "injury-pain": "urgent", "painful-crack": "soon", "swelling": "soon", "numbness": "soon",
    "cracks-by-itself": "soon", "fever-weight-loss": "soon", "night-pain": "soon",
    "cancer-history": "soon", "long-term-pain": "check-up", "feels-unstable": "check-up",
    "sharp-pain": "check-up", "crack-reliance": "check-up",
    "chest-pain": "urgent", "neck-signs": "urgent", "pain-after-fifty": "soon",
    "long-term-steroids": "soon", "immunity-or-drugs": "soon", "fall-osteoporosis": "soon",
    "constant-upper-back": "soon", "cracks-painless": "check-up",
}


def test_the_keys_and_their_tiers_stay_stable() -> None:
    assert {f.key: f.tier for f in signs.FLAGS} == STABLE_KEYS


def test_keys_are_short_lowercase_slugs() -> None:
    for flag in signs.FLAGS:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", flag.key) and len(flag.key) <= 20


def test_the_screen_lists_urgent_then_soon_signs_then_those_a_stretch_can_bring_out() -> None:
    shown = signs.screen_flags()
    assert [f.tier for f in shown] == ["urgent"] * 6 + ["soon"] * 12 + ["check-up"] * 3
    assert [f.key for f in shown[-3:]] == ["feels-unstable", "sharp-pain", "cracks-painless"]


def test_every_tier_has_advice_and_urgent_advice_sends_to_emergency_care() -> None:
    assert set(signs.ADVICE) == set(signs.TIERS)
    assert "emergency" in signs.ADVICE["urgent"].text
    assert "do not start" in signs.ADVICE["urgent"].text


def test_no_wording_claims_to_diagnose_or_treat() -> None:
    texts = [f.text for f in signs.FLAGS] + [a.text for a in signs.ADVICE.values()]
    for text in texts:
        assert not re.search(r"\b(you have (a|an)\b|diagnos|cure|treat)", text, re.I), text
    assert "not a diagnosis" in signs.NOT_A_DIAGNOSIS


def test_normalise_orders_and_deduplicates_keys() -> None:
    assert signs.normalise(["night-pain", " Leg-Weakness", "night-pain"]) == (
        "leg-weakness", "night-pain")


def test_an_unknown_key_names_the_valid_ones() -> None:
    with pytest.raises(InputError, match=r"unknown safety flag 'back-ache'; expected one of: "
                                         r"saddle-numbness, bladder-bowel, .*crack-reliance"):
        signs.flag("back-ache")


def test_advice_comes_most_urgent_first_with_the_flags_of_each_tier() -> None:
    advice = signs.advice_for(["night-pain", "sharp-pain", "leg-weakness", "swelling"])
    assert [(a.tier, [f.key for f in flags]) for a, flags in advice] == [
        ("urgent", ["leg-weakness"]), ("soon", ["swelling", "night-pain"]),
        ("check-up", ["sharp-pain"])]
    assert signs.advice_for([]) == []


def test_the_seek_help_page_is_built_from_the_safety_wording() -> None:
    page = learn.find_topic("when-to-seek-help")
    text = " ".join(p for s in page.sections for p in (*s.paragraphs, *s.bullets))
    for flag in signs.FLAGS:
        assert flag.text in text and flag.key in text
    for advice in signs.ADVICE.values():
        assert advice.text in text


@pytest.mark.parametrize(("name", "key"), [("myths", "myths"), ("why", "why-it-cracks"),
                                           ("SAFE", "safe-stretching"), ("w", None)])
def test_topics_are_found_by_a_unique_start(name: str, key: str | None) -> None:
    if key is None:
        with pytest.raises(InputError, match="could mean several: why-it-cracks, "
                                             "when-to-seek-help"):
            learn.find_topic(name)
    else:
        assert learn.find_topic(name).key == key


def test_an_unknown_topic_lists_the_topics() -> None:
    with pytest.raises(InputError, match="no topic called 'yoga'; expected one of: "
                                         "why-it-cracks, myths, safe-stretching, "
                                         "when-to-seek-help"):
        learn.find_topic("yoga")


def test_no_page_makes_claims_a_wellness_app_must_not() -> None:
    for topic in learn.TOPICS:
        text = " ".join(p for s in topic.sections for p in (*s.paragraphs, *s.bullets))
        assert not re.search(r"realigns|clinically proven|cures", text, re.I)


# --- before a session: signs recorded recently (wired into `start` separately) -----------

def _entry(days_ago: float, *flags: str) -> DiaryEntry:
    return DiaryEntry(at=NOW - timedelta(days=days_ago), discomfort=3, flags=flags)


def test_only_the_confirmation_word_typed_in_full_goes_on() -> None:
    assert signs.CONFIRM_WORD in signs.CONFIRM_PROMPT
    assert signs.confirmed(" Start ") and not signs.confirmed("")
    assert not any(signs.confirmed(word) for word in ("y", "yes", "s", "\n"))


def test_doses_above_the_usual_guidance_are_named() -> None:
    assert signs.dose_concerns(60, 5) == [] and signs.dose_concerns(None, None) == []
    assert [c.split(":")[0] for c in signs.dose_concerns(600, 10)] == ["--hold 600",
                                                                        "--reps 10"]
