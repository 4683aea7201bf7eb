"""Checking plain data field by field, collecting every problem with its place.

A general checker: routine files (:mod:`crackcoach.routines.reader` and
:mod:`crackcoach.routines.steps`), plan files and the settings file all use it.
Each problem is one line with the file, line and column, the field, and what
was expected.
"""

from __future__ import annotations

from crackcoach.base import yamlsafe
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from typing import Any


class Range(NamedTuple):
    """The values a numeric field accepts, and how to say so in a message."""

    low: float
    high: float
    integer: bool = False

    def describe(self, unit: str) -> str:
        """E.g. "a whole number from 1 to 50", "a number of seconds from 1 to 600"."""
        kind = "a whole number" if self.integer else "a number"
        of_unit = f" of {unit.strip()}" if unit.strip() else ""
        return f"{kind}{of_unit} from {format_number(self.low)} to {format_number(self.high)}"


def format_number(value: float) -> str:
    """A number as written by a person: "20", "2.5"."""
    if isinstance(value, int):
        # float() of a huge YAML integer would overflow, and str() refuses more than 4,300
        # digits (a hex number in YAML can give that).
        try:
            return str(value)
        except ValueError:
            return "a number of thousands of digits"
    return str(int(value)) if value.is_integer() else str(value)


def type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (int, float)):
        shown = format_number(value)
        return shown if len(shown) <= 30 else shown[:27] + "..."
    if isinstance(value, str) and not value.strip():
        return "empty text"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    return type(value).__name__  # pragma: no cover


def closest(word: str, choices: tuple[str, ...] | list[str]) -> str | None:
    """The choice ``word`` is most likely a typo of, if any is close."""
    from difflib import get_close_matches  # only a file with a problem gets here

    close = get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """' (did you mean X?)' for the closest choice, or an empty string."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


class Problem(NamedTuple):
    """One problem: where it is (for the order), its message, and the key it says is missing."""

    where: tuple[int, int]
    message: str
    missing: tuple[tuple[Any, ...], str] | None = None


class Checker:
    """Walks the parsed data, collecting every problem with its position."""

    def __init__(self, doc: yamlsafe.Document, source: str) -> None:
        self.doc = doc
        self.source = source
        self.problems: list[Problem] = []
        # (mapping path, key) for every unknown key that looks like a typo of that key.
        self.typos: set[tuple[tuple[Any, ...], str]] = set()

    def problem(self, path: tuple[Any, ...], label: str, message: str, *,
                key: bool = False, missing: str | None = None) -> None:
        """Note a problem at ``path``; ``missing`` names the key it says is missing."""
        where = self.doc.where(path, key=key)
        place = f"{self.source}:{where[0]}:{where[1]}" if where else self.source
        self.problems.append(Problem(where or (0, 0), one_line(f"{place}: {label}: {message}"),
                                     None if missing is None else (path, missing)))

    def messages(self) -> list[str]:
        """Every problem in the order of the file, without a missing key that was misspelled.

        "secnds: unknown key (did you mean 'seconds'?)" already says all there is
        to say; "'seconds' is missing" after it would only repeat it.
        """
        kept = [p for p in self.problems if p.missing is None or p.missing not in self.typos]
        return [p.message for p in sorted(kept, key=lambda p: p.where)]

    def known_keys(self, data: dict[str, Any], path: tuple[Any, ...], label: str,
                   allowed: tuple[str, ...], everything: tuple[str, ...], what: str) -> None:
        for key in data:
            if key in allowed:
                continue
            if key in everything:
                self.problem((*path, key), join(label, key),
                             f"is not used by {what}; it takes {', '.join(allowed)}", key=True)
            else:
                typo_of = closest(key, allowed)
                if typo_of is not None:
                    self.typos.add((path, typo_of))
                self.problem((*path, key), join(label, key),
                             f"unknown key{suggest(key, allowed)}; expected one of "
                             f"{', '.join(allowed)}", key=True)

    def text(self, data: dict[str, Any], key: str, path: tuple[Any, ...], label: str, *,
             required: bool = True, limit: int = 200, one_line: bool = False) -> str | None:
        if key not in data:
            if required:
                self.problem(path, label, f"'{key}' is missing; expected {text_wanted(limit)}",
                             missing=key)
            return None
        value = data[key]
        where = (*path, key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = format_number(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(where, join(label, key),
                         f"expected {text_wanted(limit)}, got {type_name(value)}")
            return None
        if len(value) > limit:
            self.problem(where, join(label, key),
                         f"is {len(value)} characters long; at most {limit} are allowed")
            return None
        if one_line and "\n" in value.strip():
            self.problem(where, join(label, key), "expected one line of text, got several")
            return None
        return value.strip() if "\n" not in value.strip() else value.rstrip()

    def texts(self, data: dict[str, Any], key: str, path: tuple[Any, ...], label: str, *,
              limit: int, most: int) -> tuple[str, ...]:
        value = data.get(key, [])
        where = (*path, key)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(where, join(label, key),
                         f"expected a list of short texts, got {type_name(value)}")
            return ()
        if len(value) > most:
            self.problem(where, join(label, key), f"has {len(value)} items; at most {most}")
            return ()
        result = []
        for index, item in enumerate(value):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = format_number(item)
            if not isinstance(item, str) or not item.strip() or len(item) > limit:
                self.problem((*where, index), f"{join(label, key)} item {index + 1}",
                             f"expected {text_wanted(limit)}, got {type_name(item)}")
                continue
            result.append(item.strip())
        return tuple(result)

    def number(self, data: dict[str, Any], key: str, path: tuple[Any, ...], label: str,
               allowed: Range, unit: str, default: float | None = None) -> float:
        if key not in data:
            if default is None:
                self.problem(path, label,
                             f"'{key}' is missing; expected {allowed.describe(unit)}",
                             missing=key)
                return allowed.low
            return default
        value = data[key]
        wanted = allowed.describe(unit)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem((*path, key), join(label, key),
                         f"expected {wanted}, got {type_name(value)}")
            return allowed.low
        if allowed.integer and isinstance(value, float) and not value.is_integer():
            self.problem((*path, key), join(label, key),
                         f"expected {wanted}, got {type_name(value)}")
            return allowed.low
        if not allowed.low <= value <= allowed.high:
            self.problem((*path, key), join(label, key),
                         f"expected {wanted}, got {type_name(value)}")
            return allowed.low
        return int(value) if allowed.integer or float(value).is_integer() else value


# The labels of a whole file: its top-level fields are named alone ("title"), as written.
TOP_LABELS = ("routine", "plan")


def join(label: str, key: str) -> str:
    return f"{label} > {key}" if label and label not in TOP_LABELS else key


def text_wanted(limit: int) -> str:
    return f"non-empty text of at most {limit} characters"


def located(source: str, exc: yamlsafe.YamlProblem) -> str:
    """A reader problem as one "file:line:column: message" line."""
    if exc.where is not None:
        return one_line(f"{source}:{exc.where[0]}:{exc.where[1]}: {exc.message}")
    return one_line(f"{source}: {exc.message}")


def one_line(problem: str) -> str:
    # Values and keys quoted in a message may hold line breaks; one problem is one line.
    return problem.replace("\r", "\\r").replace("\n", "\\n")


