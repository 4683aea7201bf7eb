"""Regular expressions compiled when first used, not when their module is imported.

Compiling a pattern runs Python code (the ``re`` parser), and the modules on
the path of ``crackcoach log`` declare about twenty of them, most of which a
run never uses. :func:`later` declares one at module level as before; the
first method called compiles it, and from then on its methods are the
compiled pattern's own, so using it costs no more than a compiled one.
"""

from __future__ import annotations

import re

# The methods of a compiled pattern a caller may use.
_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")


class _Later:
    __slots__ = ("_source", "_flags", "pattern", *_METHODS)

    def __init__(self, source: str, flags: int) -> None:
        self._source, self._flags = source, flags

    def __getattr__(self, name: str) -> object:  # only while not yet compiled
        if name not in _METHODS and name != "pattern":
            raise AttributeError(name)
        compiled = re.compile(self._source, self._flags)
        self.pattern = compiled.pattern
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def later(source: str, flags: int = 0) -> re.Pattern[str]:
    """The pattern ``re.compile(source, flags)`` gives, compiled on first use."""
    return _Later(source, flags)  # type: ignore[return-value]
