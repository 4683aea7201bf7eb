"""Names for type hints that cost nothing when a command runs.

Importing :mod:`typing` makes a bare Python start a third slower again
(``bench/startup.py --instructions``), and the commands people type most
(``log``, ``list``, today's screen) need none of it at run time: with
``from __future__ import annotations`` hints are never evaluated. So modules
take two names from here instead:

- ``TYPE_CHECKING``: False when running, seen as true by type checkers, which
  guard ``if TYPE_CHECKING: from typing import ...`` by its name.
- ``NamedTuple``: declares a named tuple exactly as ``typing.NamedTuple`` does
  (fields from the annotations, defaults from the values, methods kept), built
  on :func:`collections.namedtuple`. Type checkers see ``typing.NamedTuple``.
"""

from __future__ import annotations

TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    from collections import namedtuple

    # What a class body holds that is not a field, a method or a constant to keep.
    _NOT_COPIED = frozenset(("__module__", "__qualname__", "__annotations__", "__dict__",
                             "__weakref__", "__orig_bases__"))
    # What collections.namedtuple defines and a class body must not replace.
    _RESERVED = frozenset(("__new__", "__init__", "__slots__", "__getnewargs__", "_fields",
                           "_field_defaults", "_make", "_replace", "_asdict"))

    class _NamedTupleMeta(type):
        def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, object]
                    ) -> type:
            if not bases:  # NamedTuple itself
                return super().__new__(mcls, name, bases, namespace)
            annotations = dict(namespace.get("__annotations__", {}))  # type: ignore[call-overload]
            fields = tuple(annotations)
            defaults = [namespace[field] for field in fields if field in namespace]
            first_default = len(fields) - len(defaults)
            for field in fields[first_default:]:
                if field not in namespace:
                    raise TypeError(f"non-default field {field!r} follows a default field "
                                    f"in {name}")
            made = namedtuple(name, fields, defaults=defaults,  # type: ignore[misc]
                              module=namespace.get("__module__"))
            for key, value in namespace.items():
                if key in _RESERVED:
                    raise AttributeError(f"cannot overwrite NamedTuple attribute {key}")
                if key not in _NOT_COPIED and key not in fields:
                    setattr(made, key, value)
            made.__annotations__ = annotations
            made.__qualname__ = str(namespace.get("__qualname__", name))
            return made

    class NamedTuple(metaclass=_NamedTupleMeta):
        """Base of a named tuple declared with annotated fields (see the module)."""
