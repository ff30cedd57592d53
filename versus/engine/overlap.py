"""The skills two roles share: pure, from the role files."""

from __future__ import annotations

import functools
from typing import NamedTuple

from .model import Role


@functools.cache  # skill names repeat across a site's roles, and each pair asks again
def skill_key(name: str) -> str:
    """Return the form two skill names are matched on: case and spacing do not count."""
    return " ".join(name.casefold().split())


class SkillKeys(NamedTuple):
    """A role's skills as they are matched: each (key, name) in the role's order, and the keys."""

    named: tuple[tuple[str, str], ...]
    keys: frozenset[str]


def skill_keys(role: Role) -> SkillKeys:
    """Return the role's skills keyed for matching (`skill_key`)."""
    named = tuple((skill_key(s.name), s.name) for s in role.skills)
    return SkillKeys(named, frozenset(key for key, _ in named))


def shared_skills(a: Role, b: Role) -> tuple[str, ...]:
    """Return the skills both roles list, as `a` names them, in its order: what a comparison
    page says of their skills (the lists under it give the rest of each role's)."""
    return shared_between(skill_keys(a), skill_keys(b))


def shared_between(a: SkillKeys, b: SkillKeys) -> tuple[str, ...]:
    """Return `shared_skills` of two roles from their keyed skills: each name once, the first
    spelling kept."""
    seen: dict[str, str] = {}
    for key, name in a.named:
        if key in b.keys:
            seen.setdefault(key, name)
    return tuple(seen.values())


class SkillMemo:
    """Each role's keyed skills, made once in a build and kept by slug: a comparison page
    names the skills its two roles share, and each role is on many comparisons.

    As `charts.ChartMemo`, keys are handed out only for the very role they were made from.
    """

    def __init__(self) -> None:
        self.keys: dict[str, tuple[Role, SkillKeys]] = {}

    def role(self, role: Role) -> SkillKeys:
        """Return the role's keyed skills, made on the first call for this role."""
        found = self.keys.get(role.slug)
        if found is None or found[0] is not role:
            found = self.keys[role.slug] = role, skill_keys(role)
        return found[1]

    def sentence(self, a: Role, b: Role) -> str:
        """Return the sentence naming the skills both roles list (`shared_sentence`)."""
        return shared_sentence(shared_between(self.role(a), self.role(b)))


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
