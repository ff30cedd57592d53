"""How related two roles are, from what the role files say: O*NET's related occupations, the
SOC group (or, without SOC codes, the category) and shared skills. Pure.

The `related` pair policy gives each role a page with its most related partners: a bounded
number of pages per role (N roles make at most N * partners comparisons, not N * (N-1) / 2),
chosen so the natural pairs (Registered Nurse with Nurse Practitioner) stay.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import msgspec

from .model import Role

PARTNERS = 20  # each role's most related partners, unless the site says otherwise
LISTED = 60  # the most related occupations a role file lists: ranks count down from here

Closeness = tuple[int, int, bool, bool, int]  # the larger, the more related


class Kin(msgspec.Struct, frozen=True):
    """What relatedness reads of one role, worked out once."""

    listed: dict[str, int]  # related role's slug -> its place in this role's list, 0 first
    broad: str  # SOC broad occupation, 29-114; or the category
    minor: str  # SOC minor group, 29-1; or the category
    skills: frozenset[str]


def kin_of(roles: Sequence[Role]) -> dict[str, Kin]:
    """Return what relatedness needs of every role, by slug."""
    by_key: dict[str, str] = {}
    for role in roles:
        by_key[role.title.casefold()] = by_key[role.slug] = role.slug
        if role.soc_code:
            by_key[role.soc_code] = role.slug
    kin = {}
    for role in roles:
        listed: dict[str, int] = {}
        for place, related in enumerate(role.related):
            slug = by_key.get(related.soc_code or "") or by_key.get(related.title.casefold())
            if slug and slug != role.slug:
                listed.setdefault(slug, place)
        group = role.category or ""
        kin[role.slug] = Kin(listed, role.soc_code[:6] if role.soc_code else group,
                             role.soc_code[:4] if role.soc_code else group,
                             frozenset(s.name.casefold() for s in role.skills))
    return kin


def closeness(a: Kin, b: Kin, b_slug: str, a_slug: str) -> Closeness:
    """Return a sort key of `b` among the partners of `a`: its rank in a's related list,
    then a's rank in b's list, the same SOC broad occupation, the same minor group, and the
    number of shared skills."""
    own, back = a.listed.get(b_slug), b.listed.get(a_slug)
    return (LISTED - own if own is not None else 0, LISTED - back if back is not None else 0,
            a.broad == b.broad, a.minor == b.minor, len(a.skills & b.skills))


def ranked_partners(roles: Sequence[Role], count: int) -> dict[str, tuple[str, ...]]:
    """Return each role's partners under the `related` policy, the most related first.

    Each role picks its `count` most related roles; a pair is compared when either picked the
    other, so a role may have more partners than `count`, and the site at most N * count pairs.
    """
    kin = kin_of(roles)
    slugs = sorted(kin)
    lists_it: dict[str, set[str]] = {slug: set() for slug in slugs}
    group: dict[str, set[str]] = {}
    for slug in slugs:
        group.setdefault(kin[slug].minor, set()).add(slug)
        for other in kin[slug].listed:
            lists_it[other].add(slug)
    picked: dict[str, set[str]] = {slug: set() for slug in slugs}
    for a in slugs:
        # Only roles related in some way can outrank one sharing nothing but skills.
        near = kin[a].listed.keys() | lists_it[a] | group[kin[a].minor]
        for b in most_related(kin, a, near if len(near) > count else slugs)[:count]:
            picked[a].add(b)
            picked[b].add(a)
    return {slug: tuple(most_related(kin, slug, partners)) for slug, partners in picked.items()}


def most_related(kin: dict[str, Kin], slug: str, others: Iterable[str]) -> list[str]:
    """Return `others` (slugs) the most related to `slug` first, then by slug; never `slug`."""
    keyed = [(closeness(kin[slug], kin[b], b, slug), b) for b in others if b != slug]
    return [b for _, b in sorted(keyed, key=lambda kb: (tuple(-x for x in kb[0]), kb[1]))]
