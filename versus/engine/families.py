"""Job families (a role's `category`): their slugs and URLs, and the roles each one holds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import msgspec

from .model import Role
from .rolefile import slug_words


def family_url(slug: str) -> str:
    """Return the site-relative URL of a job family's page."""
    return f"/categories/{slug}/"


def base_slug(name: str) -> str:
    """Return the slug a family's name makes alone: "Health & Care" -> "health-and-care"."""
    return "-".join(slug_words(name)) or "family"


def family_slugs(names: Iterable[str]) -> dict[str, str]:
    """Return a distinct slug per family name; names that make the same slug get -2, -3.

    Names are taken in sorted order, so the slugs do not depend on the order roles were read.
    """
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names)):
        slug, n = base_slug(name), 1
        while slug in taken:
            n += 1
            slug = f"{base_slug(name)}-{n}"
        taken.add(slug)
        slugs[name] = slug
    return slugs


class Families(msgspec.Struct, frozen=True):
    """The job families of a site: each named family's slug and its roles, in slug order."""

    slugs: Mapping[str, str]  # family name -> slug
    members: Mapping[str, tuple[str, ...]]  # family slug -> role slugs

    def url(self, name: str | None) -> str | None:
        """Return the URL of the family called `name`, or None for no family."""
        slug = self.slugs.get(name) if name else None
        return family_url(slug) if slug else None

    def name(self, slug: str) -> str:
        """Return the name of the family whose slug is `slug`."""
        return next(name for name, s in self.slugs.items() if s == slug)


def families_of(roles: Iterable[Role]) -> Families:
    """Return the families of `roles`; roles without a category belong to none."""
    roles = sorted(roles, key=lambda r: r.slug)
    slugs = family_slugs(r.category for r in roles if r.category)
    members: dict[str, list[str]] = {slug: [] for slug in sorted(slugs.values())}
    for role in roles:
        if role.category:
            members[slugs[role.category]].append(role.slug)
    return Families(slugs, {slug: tuple(found) for slug, found in members.items()})
