"""The skills two roles share: pure, from the role files."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from .model import Role


@functools.cache  # skill names repeat across a site's roles, and each pair asks again
def skill_key(name: str) -> str:
    """Return the form two skill names are matched on: case and spacing do not count."""
    return " ".join(name.casefold().split())


def shared_skills(a: Role, b: Role) -> tuple[str, ...]:
    """Return the skills both roles list, as `a` names them, in its order: what a comparison
    page says of their skills (the lists under it give the rest of each role's)."""
    keys_b = {skill_key(s.name) for s in b.skills}
    return _unique(s.name for s in a.skills if skill_key(s.name) in keys_b)


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    """Return names once each, first spelling kept, in order."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(skill_key(name), name)
    return tuple(seen.values())


def shared_sentence(names: tuple[str, ...]) -> str:
    """Return, in one sentence, the skills both roles list (`shared_skills`): "2 skills are
    listed for both roles: Reporting and Salesforce." The lists under it give the rest of
    each role's."""
    if not names:
        return "No skill is listed for both roles."
    if len(names) == 1:
        return f"1 skill is listed for both roles: {names[0]}."
    listed = f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{len(names)} skills are listed for both roles: {listed}."
