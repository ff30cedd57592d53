"""Which roles a site compares: the pair policy, and each role's most related partners."""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from . import relatedness
from .families import Families, families_of
from .model import Role

POLICIES = ("all", "category", "related")


def closeness(role: Role) -> tuple[str, float, str]:
    """Return a sort key that puts related roles next to each other: category, then pay."""
    pay = role.salary.yearly
    return (role.category or "", math.log(pay) if pay else math.inf, role.slug)


def neighbourhood(role: Role) -> tuple[str, str]:
    """Return a sort key for related links: category, then slug, so editing pay moves none."""
    return (role.category or "", role.slug)


@dataclass(frozen=True)
class Pairing:
    """The pairs of a site under a policy, with no list of all pairs kept in memory."""

    roles: Sequence[Role]  # sorted by slug
    policy: str = "all"
    cap: int | None = None  # at most this many pairs per role, the most related kept
    _order: list[str] = field(init=False, repr=False)
    _neighbours: list[str] = field(init=False, repr=False)
    _category: dict[str, str] = field(init=False, repr=False)
    _capped: dict[str, tuple[str, ...]] | None = field(init=False, repr=False)
    # Under the related policy: each role's partners, the most related first.
    _ranked: dict[str, tuple[str, ...]] | None = field(init=False, repr=False)
    _related: dict[tuple[str, int], tuple[str, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.policy == "related":  # the cap is how many partners each role picks
            object.__setattr__(self, "cap", self.cap or relatedness.PARTNERS)
        order = [r.slug for r in sorted(self.roles, key=closeness)]
        object.__setattr__(self, "_order", order)
        object.__setattr__(self, "_neighbours",
                           [r.slug for r in sorted(self.roles, key=neighbourhood)])
        object.__setattr__(self, "_category", {r.slug: r.category or "" for r in self.roles})
        object.__setattr__(self, "_ranked", relatedness.ranked_partners(
            self.roles, self.cap or 0) if self.policy == "related" else None)
        object.__setattr__(self, "_capped", None if self.cap is None else self._cap_pairs())
        object.__setattr__(self, "_related", {})  # the build's state and its pages ask alike

    def allows(self, a: str, b: str) -> bool:
        """Return whether the policy (before any cap) compares roles `a` and `b`."""
        if a == b:
            return False
        return self.policy == "all" or self._category[a] == self._category[b]

    def nearest(self, slug: str, order: list[str],
                allowed: frozenset[str] | None = None) -> Iterator[str]:
        """Yield the slugs the policy pairs with `slug`, nearest in `order` first."""
        i = order.index(slug)
        for step in range(1, len(order)):
            for j in (i - step, i + step):
                if 0 <= j < len(order) and self.allows(slug, order[j]) and (
                        allowed is None or order[j] in allowed):
                    yield order[j]

    def _cap_pairs(self) -> dict[str, tuple[str, ...]]:
        """Return each role's partners, keeping the most related pairs up to the cap."""
        if self._ranked is not None:
            return {slug: tuple(sorted(partners)) for slug, partners in self._ranked.items()}
        cap = self.cap or 0
        wanted = [(rank, min(s, other), max(s, other))
                  for s in self._order
                  for rank, other in enumerate(itertools.islice(self.nearest(s, self._order), cap))]
        chosen: dict[str, list[str]] = {s: [] for s in self._order}
        for _, a, b in sorted(set(wanted)):
            if b not in chosen[a] and len(chosen[a]) < cap and len(chosen[b]) < cap:
                chosen[a].append(b)
                chosen[b].append(a)
        return {s: tuple(sorted(p)) for s, p in chosen.items()}

    def groups(self) -> Mapping[str, str] | None:
        """Return each role's group, by slug, when two roles have a page exactly when they
        share a group (no cap: one group under `all`, the category under `category`);
        else None."""
        if self._capped is not None:
            return None
        return self._category if self.policy == "category" else dict.fromkeys(self._category, "")

    def has_pair(self, a: str, b: str) -> bool:
        """Return whether roles `a` and `b` get a comparison page."""
        if self._capped is not None:
            return b in self._capped.get(a, ())
        return self.allows(a, b)

    def partners(self, slug: str) -> tuple[str, ...]:
        """Return the slugs `slug` is compared with, in slug order."""
        if self._capped is not None:
            return self._capped[slug]
        return tuple(r.slug for r in self.roles if self.allows(slug, r.slug))

    def related(self, slug: str, count: int) -> tuple[str, ...]:
        """Return up to `count` partners of `slug`, the most related first."""
        found = self._related.get((slug, count))
        if found is None and self._ranked is not None:
            found = self._related[(slug, count)] = self._ranked[slug][:count]
        if found is None:
            allowed = None if self._capped is None else frozenset(self._capped[slug])
            found = tuple(itertools.islice(self.nearest(slug, self._neighbours, allowed), count))
            self._related[(slug, count)] = found
        return found

    def iter_pairs(self) -> Iterator[tuple[str, str]]:
        """Yield every pair once, as (a, b) with a before b in slug order."""
        for i, a in enumerate(self.roles):
            if self._capped is not None:
                yield from ((a.slug, b) for b in self._capped[a.slug] if b > a.slug)
            else:
                yield from ((a.slug, b.slug) for b in self.roles[i + 1:]
                            if self.allows(a.slug, b.slug))

    @functools.cached_property
    def families(self) -> Families:
        """Return the site's job families (from the roles' categories), worked out once."""
        return families_of(self.roles)

    def has_role(self, slug: str) -> bool:
        """Return whether the site has the role `slug`."""
        return slug in self._category

    def count(self) -> int:
        """Return how many pairs there are, without keeping them."""
        if self.policy == "all" and self._capped is None:
            return len(self.roles) * (len(self.roles) - 1) // 2
        return sum(1 for _ in self.iter_pairs())

    def digest(self) -> str:
        """Return a hash of which pairs exist: the roles, their categories, policy and cap."""
        listing = [(r.slug, r.category) for r in self.roles]
        data = repr((self.policy, self.cap, listing, self._capped)).encode()
        return hashlib.blake2b(data, digest_size=12).hexdigest()
