"""The two helpers that keep start-up light behave as what they stand in for.

``crackcoach.base.typenames.NamedTuple`` must build the same classes as
``typing.NamedTuple`` (every record type is declared with it), and
``crackcoach.base.patterns.later`` must match as ``re.compile`` does, compiling
once, on first use. ``tests/test_startup_imports.py`` checks what they buy.
"""

from __future__ import annotations

import pickle
import re
import typing

import pytest

from crackcoach.base import patterns, typenames


def declare(base: type) -> type:
    class Point(base):  # type: ignore[misc, valid-type]
        """A point on a line, with a label."""

        x: int
        label: str = "origin"
        tags: tuple[str, ...] = ()

        def moved(self, by: int) -> Point:
            return self._replace(x=self.x + by)  # type: ignore[attr-defined, no-any-return]

        @property
        def twice(self) -> int:
            return 2 * self.x  # type: ignore[no-any-return]

        @classmethod
        def at_zero(cls) -> Point:
            return cls(0)  # type: ignore[no-any-return]

    return Point


@pytest.mark.parametrize("base", [typing.NamedTuple, typenames.NamedTuple], ids=["typing", "light"])
def test_a_named_tuple_is_declared_as_typing_declares_it(base: type) -> None:
    point = declare(base)
    p = point(3)
    assert (p, p.label, p.tags) == ((3, "origin", ()), "origin", ())
    assert p.moved(2) == point(5) and p.twice == 6 and point.at_zero() == (0, "origin", ())
    assert repr(p) == "Point(x=3, label='origin', tags=())"
    assert p._asdict() == {"x": 3, "label": "origin", "tags": ()}
    assert point._fields == ("x", "label", "tags")  # type: ignore[attr-defined]
    assert point._field_defaults == {"label": "origin", "tags": ()}  # type: ignore[attr-defined]
    assert list(point.__annotations__) == ["x", "label", "tags"]
    assert point.__doc__ == "A point on a line, with a label."
    assert (point.__name__, point.__module__) == ("Point", __name__)
    assert isinstance(p, tuple)
    with pytest.raises(TypeError):
        point()  # x has no default
    with pytest.raises(AttributeError):
        p.x = 4  # type: ignore[misc]


class LightPoint(typenames.NamedTuple):  # at module level, so that pickle finds it
    x: int
    label: str


def test_a_light_named_tuple_pickles_and_compares_as_a_tuple() -> None:
    p = LightPoint(1, "a")
    assert pickle.loads(pickle.dumps(p)) == p == (1, "a")


@pytest.mark.parametrize("base", [typing.NamedTuple, typenames.NamedTuple], ids=["typing", "light"])
def test_a_field_without_default_after_one_with_is_refused_as_typing_refuses_it(
        base: type) -> None:
    with pytest.raises(TypeError, match=r"(?i)non-default"):
        class Bad(base):  # type: ignore[misc, valid-type]
            a: int = 1
            b: int


@pytest.mark.parametrize("base", [typing.NamedTuple, typenames.NamedTuple], ids=["typing", "light"])
def test_a_named_tuples_own_attributes_cannot_be_replaced(base: type) -> None:
    with pytest.raises(AttributeError):
        class Bad(base):  # type: ignore[misc, valid-type]
            a: int

            def _replace(self) -> None:  # type: ignore[override]
                pass


def test_typenames_names_type_checking_false_at_run_time() -> None:
    assert typenames.TYPE_CHECKING is False


SAMPLES = ["", "12", "x12y", "3.5 and 4", "a-b-c"]


@pytest.mark.parametrize("method", ["match", "fullmatch", "search", "findall", "split"])
def test_a_later_pattern_matches_as_a_compiled_one(method: str) -> None:
    source = r"([0-9]+)(\.[0-9]+)?"
    lazy, compiled = patterns.later(source), re.compile(source)
    for text in SAMPLES:
        got, want = getattr(lazy, method)(text), getattr(compiled, method)(text)
        assert (got.groups() if isinstance(got, re.Match) else got) == \
               (want.groups() if isinstance(want, re.Match) else want)
    assert lazy.sub("#", "a1b22") == compiled.sub("#", "a1b22") == "a#b#"
    assert [m.group() for m in lazy.finditer("1 2")] == ["1", "2"]
    assert lazy.pattern == source


def test_a_later_pattern_is_compiled_once_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    real = re.compile

    def counting(source: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(source)
        return real(source, flags)

    monkeypatch.setattr(patterns.re, "compile", counting)
    lazy = patterns.later("ab+", re.IGNORECASE)
    assert compiled == []
    assert lazy.fullmatch("ABB") and lazy.search("xab") and not lazy.match("x")
    assert compiled == ["ab+"]
    with pytest.raises(AttributeError):
        lazy.groupindex_typo  # type: ignore[attr-defined]  # noqa: B018
