"""YAML scalars to tags and values as PyYAML's safe loader makes them, by a shorter way.

A role file holds some 130 scalars. For each, libyaml's composer asks the loader in Python for
the scalar's tag, and PyYAML's constructor makes its value through a chain of Python calls.
Here a short plain scalar's tag is looked up by its text once a process, and the common values
(text, null, true/false, whole numbers and decimals as people write them) are made directly;
anything else goes to PyYAML's own constructor, whose result stands.
"""

from __future__ import annotations

import re
from typing import Any

from . import pyyaml  # noqa: F401 - before PyYAML, to make its import cheaper

# isort: split
import yaml
from yaml.constructor import SafeConstructor

try:  # libyaml's loader is about 8x faster; the pure-Python one behaves the same
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
_BOOLS = SafeConstructor.bool_values  # yes, no, true, false, on, off
# Numbers whose value Python's int() and float() give as PyYAML does: no underscores, base
# prefixes, leading zeros (octal in YAML 1.1), sexagesimal colons, exponents or infinities.
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]{0,17})")
_PLAIN_FLOAT = re.compile(r"[-+]?[0-9]{1,17}\.[0-9]{0,17}")
# Characters of the longest whole number read: Python's int() refuses longer decimals, and a
# longer 1:59:59... (sexagesimal) would print too long for schema.py's messages to be made,
# and take PyYAML time growing with the square of its length to make (5 s at 80,000 colons).
_INT_CHARS = 4_300
_MEMO_SIZE = 20_000  # distinct plain texts remembered: keys and figures recur across roles
_MEMO_TEXT = 100  # characters of the longest: a server's memory stays under 2 MB

_plain_tags: dict[str, str] = {}


class ResolvedTag(str):
    """A plain scalar's tag as the loader resolved it from the text, not one written in the
    file: only such a value may read otherwise in YAML 1.2 (`010` is 8 to the build and 10 to
    editors, while `!!str 010` is text to both). Equal to the tag it holds."""

    __slots__ = ()


class Loader(SafeLoader):
    """PyYAML's safe loader, resolving tags as it does, with each plain text resolved once."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """Return the tag of an untagged node: what the safe loader's resolver returns, which
        has no path resolvers, so a plain scalar's tag depends on its text alone."""
        if kind is not yaml.ScalarNode:
            return SEQ if kind is yaml.SequenceNode else MAP
        if not implicit[0]:
            return STR  # quoted, or tagged "!": text
        tag = _plain_tags.get(value)
        if tag is None:
            tag = ResolvedTag(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
            if len(value) <= _MEMO_TEXT:  # a long text would keep a large string alive
                if len(_plain_tags) >= _MEMO_SIZE:
                    _plain_tags.clear()
                _plain_tags[value] = tag
        return tag

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Do nothing: only path resolvers, which the safe loader has none of, need it."""

    def ascend_resolver(self) -> None:
        """Do nothing (see descend_resolver)."""


def short_tag(tag: str) -> str:
    """Return a YAML tag as it was written in the file: !!python/object."""
    return tag.replace("tag:yaml.org,2002:", "!!")


class NotOfTag(ValueError):
    """A scalar's text that its explicit tag cannot read: `!!bool maybe`, `!!int ""`."""


def scalar_value(tag: str, text: str, constructor: SafeConstructor, node: yaml.Node) -> Any:
    """Return the value of the scalar `node` (its `tag` and `text`): what `constructor` makes
    of it. Raise what the constructor raises (yaml.YAMLError, ValueError, OverflowError), or
    NotOfTag where its error would say nothing to a contributor (a KeyError, IndexError or
    AttributeError; Python's own words on a number it could not read)."""
    if tag == STR:
        return text
    if tag == NULL:
        return None
    if tag == BOOL:
        value = _BOOLS.get(text.lower())
        if value is None:
            raise NotOfTag(f"not a {short_tag(tag)}")
        return value
    if tag == INT and _PLAIN_INT.fullmatch(text):
        return int(text)
    if tag == FLOAT and _PLAIN_FLOAT.fullmatch(text):
        return float(text)
    if tag == INT and len(text) > _INT_CHARS:
        raise ValueError(f"a whole number of more than {_INT_CHARS:,} characters")
    try:
        return constructor.construct_object(node)
    except (KeyError, IndexError, AttributeError) as error:
        # an empty !!int or !!float, or a !!timestamp that is no date
        raise NotOfTag(f"not a {short_tag(tag)}") from error
    except ValueError as error:
        if tag in (INT, FLOAT):  # Python's words ("invalid literal for int() with base 8")
            raise NotOfTag(f"not a {short_tag(tag)}") from error
        raise
