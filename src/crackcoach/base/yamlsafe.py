"""The data a YAML file held, with where every value came from; reading such a file.

Parsing itself is in :mod:`crackcoach.base.yamlparse`, which loads PyYAML; this
module does not, so that routines kept by :mod:`crackcoach.routines.cache`
are checked without it.

Only plain data is accepted: mappings with string keys, lists, strings,
numbers, booleans and null. Tags that would build objects are refused, files
over 1 MiB are refused, and alias expansion, nesting depth and node count are
bounded so a hostile file cannot hang the program or eat memory.
"""

from __future__ import annotations

from pathlib import Path

from crackcoach.base import guarded
from crackcoach.base.typenames import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 20_000

Key = str | int
Where = tuple[int, int]


class YamlProblem(Exception):
    """The file is not acceptable YAML; ``where`` is a 1-based (line, column)."""

    def __init__(self, message: str, where: Where | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


class Document:
    """Plain data read from YAML, with the position of each value and key."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.values: dict[tuple[Key, ...], Where] = {}
        self.keys: dict[tuple[Key, ...], Where] = {}

    def where(self, path: tuple[Key, ...], *, key: bool = False) -> Where | None:
        """Position of the value (or its key) at ``path``, else its nearest parent's."""
        if key and path in self.keys:
            return self.keys[path]
        while True:
            if path in self.values:
                return self.values[path]
            if not path:
                return None
            path = path[:-1]


def read_bytes(path: Path) -> bytes:
    """Read at most ``MAX_BYTES`` from ``path``; larger files are refused.

    Only regular files are opened: a FIFO or a device named like a routine
    would otherwise block or never end.
    """

    try:
        raw = guarded.read_bytes(path, MAX_BYTES)
    except guarded.Refused as exc:
        if exc.reason.startswith("is larger"):
            raise YamlProblem("is larger than 1 MiB; routine files must be smaller") from None
        if exc.reason.startswith("is a folder"):
            raise YamlProblem("is a folder, not a routine file") from None
        if exc.reason.endswith("not a regular file"):
            raise YamlProblem("is not a regular file (a pipe or a device?)") from None
        raise YamlProblem(exc.reason) from None
    if raw is None:
        raise YamlProblem("no such file")
    return raw


def decode(raw: bytes) -> str:
    """Decode UTF-8 text (a byte-order mark is allowed)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlProblem(
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None


def where_in(text: str, offset: int) -> Where:
    """1-based (line, column) of a character offset in ``text``."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
