"""Plain YAML values that this build and the editors read differently.

The build reads YAML 1.1 (PyYAML); editors checking a role file against the JSON Schema read
YAML 1.2, whose core schema knows fewer forms: to the build `1_000` is 1000, `012` is 10,
`1:30` is 90 and `yes` is true, where an editor sees the texts "1_000", the number 12, the
text "1:30" and the text "yes"; and `1e5` is text to the build but a number to an editor.
One file would then mean two things, so the build refuses such a value with a hint.
"""

from __future__ import annotations

import re

from .errors import clipped
from .scalars import BOOL, FLOAT, INT, STR

# The YAML 1.2 core schema's plain numbers and booleans (yaml.org/spec/1.2.2, 10.3.2).
CORE_INT = re.compile(r"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
CORE_FLOAT = re.compile(r"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
                        r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")
CORE_BOOL = re.compile(r"^(true|True|TRUE|false|False|FALSE)$")
_OCTAL_1_1 = re.compile(r"^[-+]?0[0-9_]+$")  # 1.1: octal; 1.2: a decimal with a leading zero


def disagreement(tag: str, text: str) -> str | None:
    """Return how the plain YAML value `text`, which PyYAML resolves to `tag`, reads otherwise
    in YAML 1.2, with what to write instead; None when both read it alike."""
    shown = clipped(text)
    if tag == BOOL and not CORE_BOOL.match(text):
        return (f"{shown} is true or false to the build but text to editors (YAML 1.2); write "
                "true or false, or put text in quotes")
    if (tag == INT and (not CORE_INT.match(text) or _OCTAL_1_1.match(text))) or (
            tag == FLOAT and not CORE_FLOAT.match(text)):
        return (f"{shown} is a different number, or text, to editors (YAML 1.2); write the "
                "number without underscores, leading zeros or colons, or put text in quotes")
    if tag == STR and (CORE_INT.match(text) or CORE_FLOAT.match(text)):
        return (f"{shown} is text to the build but a number to editors (YAML 1.2); write "
                f"{plain(text)}, or put text in quotes")
    return None


def plain(number: str) -> str:
    """Return a YAML 1.2 number as both readers read it alike: 1e5 as 100000, -.5 as -0.5."""
    if number.lstrip("+-").lower() in (".inf", ".nan"):  # only `!!str .inf` gets here
        return "a number within range"
    bases = {"0o": 8, "0x": 16}
    value = float(int(number, bases[number[:2]])) if number[:2] in bases else float(number)
    if value != value or value in (float("inf"), float("-inf")):
        return "a number within range"
    return str(int(value)) if value.is_integer() else repr(value)
