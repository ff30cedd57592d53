"""Makes PyYAML's import cheaper: import this module before `yaml`.

`yaml.reader` compiles at import a character class of every printable code point
(`Reader.NON_PRINTABLE`): Python's regex compiler walks 64,000 of them one by one, 59 M
instructions, two thirds of `import yaml` and 3% of a one-role rebuild. Only the pure-Python
reader uses it; libyaml, which reads role files, checks characters in C. PyYAML has left the
fix open since 2018 (yaml/pyyaml#124, #301). So the same set, written as the code points it
leaves out, is compiled first (4 M instructions) and put in `re`'s cache under the pattern
PyYAML asks for, which `re.compile` then returns. A later PyYAML asking for another pattern
compiles its own, as before. tests/test_load.py checks both sets agree on every code point.
"""

from __future__ import annotations

import re
import sys

# yaml/reader.py, PyYAML 3.x to 6.0.3
NON_PRINTABLE = "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]"
# the code points NON_PRINTABLE matches, as ranges
LEFT_OUT = "[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]"

_cache = getattr(re, "_cache", None)
if isinstance(_cache, dict) and "yaml" not in sys.modules:
    _cache.setdefault((str, NON_PRINTABLE, 0), re.compile(LEFT_OUT))
