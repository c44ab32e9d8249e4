"""Reading definition YAML safely, quickly and without YAML 1.1's surprises.

- Safe: only plain data (no Python tags). Plain scalars stay text except ``null``/``~``/empty
  (and the merge key ``<<``);
  the definition model then reads numbers, dates and booleans by each field's type, so ``012``
  stays the code ``012`` (not octal 10) and ``NO`` stays ``NO`` (not false).
- A key repeated in one mapping is refused (``DuplicateKey``) instead of keeping the last one.
- Bounded: before anything is built, one pass over libyaml's event stream (iterative, no
  recursion) measures nesting depth and the size the document would have with every alias
  expanded. Deep nesting would overflow the C stack of the recursive composer; a few nested
  aliases ("billion laughs") would make a small file expand to billions of values. Both are
  refused (``TooComplex``) before composing.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["MAX_DEPTH", "MAX_VALUES", "DuplicateKey", "TooComplex", "load_yaml_text"]

MAX_DEPTH = 64
"""Deepest nesting accepted; a definition needs about six levels."""
MAX_VALUES = 5_000_000
"""Most values (scalars, lists, mappings; aliases expanded) accepted in one document."""

try:  # libyaml's parser (PyYAML's wheels include it): much faster on large definitions
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Base  # type: ignore[assignment]


class DuplicateKey(Exception):
    def __init__(self, key: str, location: str) -> None:
        super().__init__(key)
        self.key = key
        self.location = location


class TooComplex(Exception):
    """The document nests too deeply or expands to too many values."""


class _TextLoader(_Base):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise DuplicateKey(str(key_node.value), f"line {key_node.start_mark.line + 1}")
                seen.add(key_node.value)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


_KEPT_TAGS = {"tag:yaml.org,2002:null", "tag:yaml.org,2002:merge"}  # ``~`` and ``<<`` only
_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag in _KEPT_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _check_shape(text: str) -> None:
    """Raise TooComplex if ``text`` nests deeper than MAX_DEPTH or expands past MAX_VALUES."""
    expanded: dict[str, int] = {}  # anchor -> values it stands for
    stack: list[list[Any]] = [[0, None]]  # per open collection: [values so far, its anchor]
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append([1, event.anchor])
            if len(stack) - 1 > MAX_DEPTH:
                raise TooComplex(f"nested deeper than {MAX_DEPTH} levels")
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            count, anchor = stack.pop()
        elif isinstance(event, yaml.ScalarEvent):
            count, anchor = 1, event.anchor
        elif isinstance(event, yaml.AliasEvent):
            count, anchor = expanded.get(event.anchor or "", 1), None
        else:
            continue
        if anchor is not None:
            expanded[anchor] = count
        stack[-1][0] += count
        if stack[-1][0] > MAX_VALUES:
            raise TooComplex(f"expands to more than {MAX_VALUES} values")


def load_yaml_text(text: str) -> Any:
    """The plain data in ``text``; yaml.YAMLError, DuplicateKey or TooComplex otherwise."""
    _check_shape(text)
    return yaml.load(text, Loader=_TextLoader)  # a safe loader (SafeConstructor)
