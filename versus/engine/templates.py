"""Which templates each kind of page is made from, found in their text, and their hash.

Kept apart from the renderer: deciding what to rebuild reads the templates' bytes, never
compiles them, so a rebuild with nothing to render never imports Jinja2.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

# `{% extends "x" %}`, `{% include ... %}`, `{% import ... %}`, `{% from ... import %}`: the
# word after the tag is the template's name when quoted, an expression otherwise.
REFERENCE = re.compile(r"\{%-?\s*(?:extends|include|import|from)\s+(\S+)")
PAIR_TEMPLATES = ("compare.html", "_parts.html")  # what a comparison page starts from


def template_digests(folder: Path, kinds: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Return, per kind of page, a hash of every template its pages are made from.

    `kinds` names the templates each kind starts from; what they extend, include or import is
    found in their text, and a template named by an expression counts every template in.
    """
    result = {}
    for kind, names in kinds.items():
        used, todo = set(), list(names)
        while todo:
            name = todo.pop()
            if name not in used:
                used.add(name)
                todo += uses(folder, name)
        sources = [(name, read_template(folder, name)) for name in sorted(used)]
        result[kind] = hashlib.blake2b(repr(sources).encode(), digest_size=12).hexdigest()
    return result


def read_template(folder: Path, name: str) -> bytes:
    """Return a template's bytes, or none if there is no such file (compiling it will say)."""
    try:
        return (folder / name).read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return b""


def uses(folder: Path, name: str) -> list[str]:
    """Return the templates that `name` extends, includes or imports: every template of the
    folder when one is named by an expression rather than a quoted name."""
    names = REFERENCE.findall(read_template(folder, name).decode("utf-8", "replace"))
    if all(n[:1] in "\"'" and n[-1:] == n[:1] and len(n) > 1 for n in names):
        return [n[1:-1] for n in names]
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
