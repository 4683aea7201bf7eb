"""Short reading pages for ``crackcoach learn``, and the reference pages beside them.

Plain data: each topic is a title, a one-line summary and a few sections of
paragraphs and bullet points. The page on seeking help is assembled from
:mod:`crackcoach.safety.signs`, so the safety wording exists in one place only.

The reference pages (the routine format, the data format) are the project's
documentation files themselves, docs/routines.md and docs/data.md, which the
package carries (see pyproject.toml), so an installed crackcoach can show them
and there is only one text to keep up to date.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crackcoach.base.typenames import NamedTuple
from crackcoach.errors import CrackcoachError, InputError
from crackcoach.safety import signs


@dataclass(frozen=True)
class Section:
    """A heading (optional), paragraphs, then bullet points."""

    heading: str | None = None
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    """One page of ``crackcoach learn``."""

    key: str
    title: str
    summary: str
    sections: tuple[Section, ...]


WHY_IT_CRACKS = Topic(
    "why-it-cracks", "Why a back cracks",
    "What the pop is, and why crackcoach never counts it as a goal.",
    (
        Section(paragraphs=(
            "The small joints between the vertebrae (facet joints) sit in a capsule filled "
            "with a slippery fluid. When a stretch pulls the joint surfaces apart a little, the "
            "pressure in that fluid drops and a gas bubble forms quickly. That is the pop. "
            "The bubble has been filmed forming on MRI, in finger joints pulled until they "
            "cracked (Kawchuk and colleagues, 2015); the spine's small joints are thought to "
            "pop the same way. It is not bone grinding on bone, and it does not put anything "
            "back into place.",
        )),
        Section("When it is fine, and when it is not", paragraphs=(
            signs.POP_DURING_A_STRETCH,
            "Forcing cracks, doing it out of habit, or needing to do it several times a day to "
            "feel better may strain ligaments and joint capsules over time (a likely idea, "
            "not a proven one), and may hide a movement problem underneath. One published "
            "case of a desk worker is an example: weak glutes and tight hip flexors from "
            "long days of sitting, with the lower back doing the work the hips should have "
            "done. One case shows what can happen, not what happens to everyone.",
            "A back that cracks by itself while you keep still, with no stretch or movement to "
            "set it off, is a different thing: worth a check-up with a professional, and "
            "worth seeing one soon if it comes with pain or swelling (see 'crackcoach learn "
            "when-to-seek-help').",
        )),
        Section("Your neck is different", paragraphs=(
            signs.NECK_RULE,
            "If you have cracked or twisted your neck and then notice dizziness, double "
            "vision, slurred speech, trouble swallowing, a sudden fall or a sudden severe "
            "headache, get urgent help: see 'crackcoach learn when-to-seek-help'.",
        )),
        Section("What crackcoach is for", paragraphs=(
            "crackcoach gives you slow, timed stretches as a controlled alternative to forcing "
            "a crack, and a private diary of how comfortable and mobile you feel over the "
            "weeks. Whether a joint cracked is not a score: the diary asks about discomfort, "
            "stiffness and movement instead.",
        )),
    ),
)

MYTHS = Topic(
    "myths", "Myths about cracking, and what is known",
    "Five things people often believe about cracking.",
    (
        Section("\"Cracking gives you arthritis\"", paragraphs=(
            "There is no good evidence for this. People who cracked their knuckles for "
            "decades have been compared with people who did not, and no link to arthritis "
            "turned up.",
        )),
        Section("\"The sound is bones grinding\"", paragraphs=(
            "The sound comes from gas forming in the joint fluid. Bone rubbing on bone would "
            "hurt, and would not make a single clean pop.",
        )),
        Section("\"Cracking puts the spine back in line\"", paragraphs=(
            "Nothing shows that cracking your own back moves a vertebra back into place or "
            "corrects anything. The relief many people feel is real, but it is not a "
            "realignment.",
        )),
        Section("\"Cracking your own neck does no harm\"", paragraphs=(
            "Twisting or cracking your own neck can, rarely, tear one of the arteries that "
            "run through it, and such a tear can cause a stroke. The risk is small, but the "
            "harm can be serious and nothing shows that the crack itself helps. Move the "
            "neck gently instead, and never force it to pop.",
        )),
        Section("\"You have to crack it regularly to stay healthy\"", paragraphs=(
            "Healthy joints come from moving often, building strength and changing position, "
            "not from cracking them.",
        )),
    ),
)

SAFE_STRETCHING = Topic(
    "safe-stretching", "Stretching safely",
    "How long to hold, how often, and what to avoid.",
    (
        Section("How much, and how often: the usual guidance", bullets=(
            "Warm up first: a few minutes of easy walking gets blood flowing.",
            "Hold each stretch for 10 to 30 seconds (30 to 60 if you are older), two to four "
            "times; 20 to 30 seconds, two or three times, is a good place to start.",
            "Aim for about a minute of stretching in total per exercise.",
            "Stretch at least two or three days a week; every day is better.",
        )),
        Section("How it should feel", bullets=(
            "Move slowly and smoothly. Never bounce or jerk into a stretch.",
            "Go to a point of mild tightness, never to pain.",
            "Breathe out as you ease into a stretch; do not hold your breath.",
            "Never use a foam roller on the lower back: keep it on the upper back, between "
            "the shoulder blades and the lower ribs.",
        )),
        Section("Building up", bullets=(
            "Start small and add one or two repetitions every few days if it stays "
            "comfortable.",
            "Give it six to eight weeks before judging: change shows over weeks, not in one "
            "session.",
            "Ease off, or stop, if symptoms get worse or a new pain appears.",
        )),
    ),
)


def _help_sections() -> tuple[Section, ...]:
    sections = [Section("While you stretch", paragraphs=(signs.STOP_RULE_IN_FULL,
                                                         signs.POP_DURING_A_STRETCH,
                                                         signs.NECK_RULE))]
    for tier in signs.TIERS:
        advice = signs.ADVICE[tier]
        flags = [f for f in signs.FLAGS if f.tier == tier]
        sections.append(Section(
            advice.title,
            paragraphs=(advice.text, *(f.note for f in flags if f.note)),
            bullets=tuple(f"{f.text} ({f.key})" for f in flags)))
    sections.append(Section(paragraphs=(
        signs.NOT_A_DIAGNOSIS,
        "After each session, and in 'crackcoach log', crackcoach asks whether you noticed "
        "any of the urgent or 'soon' signs, sharp pain or a loose feeling after a stretch, "
        "or painless cracking by itself; 'crackcoach flags' lists them all with the keys "
        "'crackcoach log --flag' accepts.",
    )))
    return tuple(sections)


WHEN_TO_SEEK_HELP = Topic(
    "when-to-seek-help", "When to stop and seek help",
    "The signs that mean a professional should take a look, and how soon.",
    _help_sections(),
)


def _before_you_start() -> tuple[Section, ...]:
    return (
        Section(paragraphs=(signs.FIRST_CHECK_INTRO,),
                bullets=tuple(f"{c.text} ({c.key})" for c in signs.CONDITIONS)),
        Section("If any of them applies", paragraphs=(
            *signs.first_check_advice(signs.CONDITION_KEYS),
        )),
        Section("Your answer", paragraphs=(
            "The check is asked once, at your first 'crackcoach start' in a terminal, and the "
            "answer is kept in a small private file beside your diary. 'crackcoach check' "
            "asks again, 'crackcoach check --show' shows what you answered, and "
            "'crackcoach check --none' or '--applies KEY' answer it without questions.",
        )),
    )


BEFORE_YOU_START = Topic(
    "before-you-start", "Before you start: who should ask a professional first",
    "The first-run check, and why a yes means talking to someone before stretching.",
    _before_you_start(),
)

TOPICS: tuple[Topic, ...] = (WHY_IT_CRACKS, MYTHS, SAFE_STRETCHING, WHEN_TO_SEEK_HELP,
                             BEFORE_YOU_START)


class Reference(NamedTuple):
    """A reference page: one Markdown file of the documentation folder."""

    key: str
    title: str
    summary: str
    filename: str

    def text(self, docs_dir: Path) -> str:
        """The page's Markdown, read from ``docs_dir``."""
        path = docs_dir / self.filename
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CrackcoachError(f"the reference page {self.key} cannot be read from {path} "
                                  f"({getattr(exc, 'strerror', None) or exc}); this "
                                  "installation of crackcoach is incomplete") from None


REFERENCES: tuple[Reference, ...] = (
    Reference("routine-format", "Routine format",
              "Writing your own routines: every key, its limits, an example.", "routines.md"),
    Reference("data-format", "Your data",
              "Where the diary is kept, and the export and import files.", "data.md"),
)

Page = Topic | Reference
PAGES: tuple[Page, ...] = (*TOPICS, *REFERENCES)


def find_topic(name: str) -> Page:
    """The page called ``name`` or starting with it; :class:`InputError` otherwise."""
    wanted = name.strip().lower()
    exact = [t for t in PAGES if t.key == wanted]
    matches = exact or [t for t in PAGES if wanted and t.key.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    keys = ", ".join(t.key for t in PAGES)
    if matches:
        raise InputError(f"topic '{name}' could mean several: "
                         f"{', '.join(t.key for t in matches)}")
    raise InputError(f"no topic called '{name}'; expected one of: {keys}")
