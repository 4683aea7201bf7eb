"""Parse YAML text into a :class:`~crackcoach.base.yamlsafe.Document`, defensively.

Only plain data is accepted (see :mod:`crackcoach.base.yamlsafe`). PyYAML is
loaded here alone: it costs a command tens of milliseconds to import.
"""

from __future__ import annotations

import yaml

from crackcoach.base.textsafe import shown
from crackcoach.base.typenames import TYPE_CHECKING
from crackcoach.base.yamlsafe import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    Document,
    Key,
    Where,
    YamlProblem,
    where_in,
)

if TYPE_CHECKING:
    from typing import Any

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


def parse(text: str) -> Document:
    """Parse one YAML document of plain data."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        # Only text built in Python can hold a lone surrogate; files are decoded first.
        raise YamlProblem(f"is not valid Unicode text (lone surrogate at offset {exc.start})",
                          where_in(text, exc.start)) from None
    if size > MAX_BYTES:
        raise YamlProblem("is larger than 1 MiB; routine files must be smaller")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in str(problem):  # newer libyaml has a depth limit of its own
            raise YamlProblem(f"is nested too deeply (more than {MAX_DEPTH} levels)",
                              where) from None
        if mark is not None and _indented_with_tab(text, mark.line, mark.column):
            raise YamlProblem(TAB_PROBLEM, where) from None
        if "expected a single document" in str(exc):
            problem = "holds more than one YAML document; a routine file holds exactly one"
        elif "duplicate anchor" in str(exc.context):
            first = exc.context_mark.line + 1 if exc.context_mark is not None else "?"
            problem = f"defines the same anchor twice (first on line {first})"
        raise YamlProblem(f"is not valid YAML: {problem}", where) from None
    except yaml.reader.ReaderError as exc:
        # The reader's own message spans two lines and names "<unicode string>";
        # libyaml counts the position in UTF-8 bytes, the Python reader in characters.
        offset = exc.position
        if exc.encoding != "unicode":
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        raise YamlProblem(
            f"is not valid YAML: it contains the control character U+{exc.character:04X}, "
            "which YAML does not allow", where_in(text, offset)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"is not valid YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem(f"is nested too deeply (more than {MAX_DEPTH} levels)") from None
    if node is None:
        raise YamlProblem("is empty; a routine needs at least version, name, title and steps")
    doc = Document(data=None)
    builder = _Builder(doc)
    doc.data = builder.build(node, (), 0)
    return doc


TAB_PROBLEM = "tab characters are not allowed for indentation in YAML; indent with spaces"


def _indented_with_tab(text: str, line: int, column: int) -> bool:
    """True when the parser stopped at a tab in a line's indentation (0-based position).

    The parsers word this three different ways, none of them naming the tab.
    The indentation of a list item ("-\tname") counts too.
    """
    rows = text.splitlines()
    if line >= len(rows):
        return False
    before = rows[line][:column + 1]
    return "\t" in before and not before.replace("-", "").strip()




class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0
        self.scalars: Any = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: tuple[Key, ...], depth: int) -> Any:
        self.count += 1
        where = (node.start_mark.line + 1, node.start_mark.column + 1)
        if self.count > MAX_NODES:
            raise YamlProblem(
                f"holds more than {MAX_NODES:,} values (counting each step's fields, and what "
                "any anchors and aliases expand to); a routine or plan file is far smaller",
                where
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(f"is nested too deeply (more than {MAX_DEPTH} levels)", where)
        self.doc.values.setdefault(path, where)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, where)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node.tag, _SEQ, where)
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            self._check_tag(node.tag, _MAP, where)
            return self._mapping(node, path, depth)
        raise YamlProblem("holds an unsupported YAML node", where)  # pragma: no cover

    def _mapping(self, node: yaml.MappingNode, path: tuple[Key, ...], depth: int) -> Any:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem("uses a merge key (<<), which routine files do not support",
                                  key_where)
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem("has a key that is a list or mapping; keys must be text",
                                  key_where)
            key = str(key_node.value)
            key_path = (*path, key)
            if key in result:
                first = self.doc.keys.get(key_path)
                seen = f" (first set on line {first[0]})" if first else ""
                raise YamlProblem(f"sets the key '{key}' twice{seen}", key_where)
            self.doc.keys[key_path] = key_where
            result[key] = self.build(value_node, key_path, depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode, where: Where) -> Any:
        if node.tag == _TIMESTAMP:
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise YamlProblem(f"uses the tag {_tag_name(node.tag)}, which routine files do not "
                              "allow", where)
        try:
            return self.scalars.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError, KeyError, IndexError, TypeError):
            if node.style is not None or node.tag != self.scalars.resolve(
                    yaml.ScalarNode, node.value, (True, False)):
                # Tagged on purpose (``!!bool maybe``, ``!!int ""``): say so, on its line.
                raise YamlProblem(f"{shown(node.value, 25)} is not a valid "
                                  f"{_tag_name(node.tag)} value", where) from None
            return node.value

    @staticmethod
    def _check_tag(tag: str, expected: str, where: Where) -> None:
        if tag != expected:
            raise YamlProblem(f"uses the tag {_tag_name(tag)}, which routine files do not allow",
                              where)


def _tag_name(tag: str) -> str:
    """A tag as people write it: ``!!set`` rather than ``tag:yaml.org,2002:set``."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag
