"""Read a JSON document whose top level is an object, one member or array element at a time.

``json.load`` holds the whole document and all its values in memory; an
export of a large diary is one object with two long arrays. This reader
walks the top-level object itself and decodes each member's value, or each
element of a member that is an array, with :meth:`json.JSONDecoder.raw_decode`
over a buffer it refills from the stream. Memory is then bounded by the
largest single value, and every value comes with the line it starts on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from crackcoach.base.patterns import later
from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from typing import Any

CHUNK = 1 << 16
_SPACE = later(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
ARRAY = object()  # the value of a member whose elements follow one by one


class JsonError(ValueError):
    """The text is not valid JSON (or not an object at the top); ``line`` says where."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class NotAnObject(JsonError):
    """The document's top level is not an object."""


class Member(NamedTuple):
    """A top-level member (``value`` is ARRAY when its elements follow), or one element."""

    key: str
    line: int
    value: Any
    element: bool


class ObjectReader:
    """Walks the top-level object of the text that ``read(n)`` returns piece by piece.

    ``check(text, line)`` sees every piece read, with the line it starts on,
    and may raise to stop. A single value longer than ``limit`` characters is
    refused (it could only be read whole).
    """

    def __init__(self, read: Callable[[int], str], limit: int,
                 check: Callable[[str, int], None] | None = None) -> None:
        self._read = read
        self._limit = limit
        self._check = check
        self._buffer = ""
        self._pos = 0
        self._line = 1  # the line at self._pos
        self._eof = False

    def members(self) -> Iterator[Member]:
        """Every member of the object in order; arrays' elements one by one after them."""
        if self._skip() != "{":
            raise NotAnObject(self._line, "expected an object")
        self._pos += 1
        if self._skip() == "}":
            self._pos += 1
        else:
            while True:
                if self._skip() != '"':
                    raise self._error("Expecting property name enclosed in double quotes")
                _, key = self._value()
                self._expect(":", "Expecting ':' delimiter")
                char = self._skip()
                line = self._line
                if char == "[":
                    self._pos += 1
                    yield Member(key, line, ARRAY, False)
                    yield from self._elements(key)
                else:
                    line, value = self._value()
                    yield Member(key, line, value, False)
                if self._expect(",}", "Expecting ',' delimiter") == "}":
                    break
        if self._skip():
            raise self._error("Extra data")

    def _elements(self, key: str) -> Iterator[Member]:
        if self._skip() == "]":
            self._pos += 1
            return
        while True:
            line, value = self._value()
            yield Member(key, line, value, True)
            if self._expect(",]", "Expecting ',' delimiter") == "]":
                return

    def _more(self) -> bool:
        """Read another piece (at least as much as is buffered, so retries stay linear)."""
        if self._eof:
            return False
        piece = self._read(max(CHUNK, len(self._buffer) - self._pos))
        if not piece:
            self._eof = True
            return False
        if self._check is not None:
            self._check(piece, self._line + self._buffer.count("\n", self._pos))
        self._buffer = self._buffer[self._pos:] + piece
        self._pos = 0
        return True

    def _skip(self) -> str:
        """Skip white space; the next character, or "" at the end."""
        while True:
            found = _SPACE.match(self._buffer, self._pos)
            assert found is not None  # the pattern matches the empty string
            self._line += self._buffer.count("\n", self._pos, found.end())
            self._pos = found.end()
            if self._pos < len(self._buffer):
                return self._buffer[self._pos]
            if not self._more():
                return ""

    def _expect(self, chars: str, message: str) -> str:
        char = self._skip()
        if not char or char not in chars:
            raise self._error(message)
        self._pos += 1
        return char

    def _error(self, message: str, pos: int | None = None) -> JsonError:
        at = self._pos if pos is None else pos
        return JsonError(self._line + self._buffer.count("\n", self._pos, at), message)

    def _value(self) -> tuple[int, Any]:
        """Decode the value that starts here; its line and the value."""
        self._skip()
        line = self._line
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as exc:
                near_end = exc.pos >= len(self._buffer) - 16 or exc.msg.startswith(
                    "Unterminated")
                if near_end and self._grow(line):
                    continue
                raise self._error(exc.msg, exc.pos) from None
            except RecursionError:
                raise JsonError(line, "nested too deeply") from None
            except ValueError as exc:  # an integer of thousands of digits
                raise JsonError(line, str(exc).split(":")[0]) from None
            # A number that ends where the buffer does may go on in the next piece.
            if end == len(self._buffer) and self._grow(line):
                continue
            self._line += self._buffer.count("\n", self._pos, end)
            self._pos = end
            return line, value

    def _grow(self, line: int) -> bool:
        if len(self._buffer) - self._pos > self._limit:
            raise JsonError(line, f"a value longer than {self._limit:,} characters")
        return self._more()
