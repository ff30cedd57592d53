"""Roles to the pages of a site, planned lazily: no list of all pages is ever built."""

from __future__ import annotations

from collections.abc import Iterator, Set

from .model import Page
from .pages import KINDS, sitemap_parts
from .pairs import Pairing
from .urls import parse_path, role_url


def page_at(pairing: Pairing, path: str) -> Page | None:
    """Return the planned page whose file is at output `path`, or None if the plan has none."""
    parsed = parse_path(path)
    if parsed is None:
        return None
    kind, slugs, part = parsed
    if kind == "role" and pairing.has_role(slugs[0]):
        return Page("role", role_url(slugs[0]), slugs)
    if kind == "pair" and all(map(pairing.has_role, slugs)) and pairing.has_pair(*slugs):
        return Page("pair", "/" + path.removesuffix("index.html"), slugs)
    if kind == "sitemap":
        parts = sitemap_parts(pairing)
        if part == 0:
            return Page("sitemap-index" if parts else "sitemap", "/sitemap.xml")
        return Page("sitemap", f"/{path}", part=part) if part <= parts else None
    if kind == "category":
        return next((p for p in KINDS[kind].showing(pairing, set(slugs))), None)
    if kind in ("index", "notfound", "robots", "search", "search-script"):
        return next(KINDS[kind].plan(pairing))
    return None


RANK = {name: rank for rank, name in enumerate(KINDS)}  # each kind's place in the plan


def plan_key(path: str) -> tuple[int, tuple[str, ...], int] | None:
    """Return where the page at output `path` comes in the plan, as a key that grows along
    it: (its kind's place, its slugs, its sitemap part); None for a path no page has."""
    parsed = parse_path(path)
    if parsed is None:
        return None
    kind, slugs, part = parsed
    return RANK[kind], slugs, part


def pages_showing(pairing: Pairing, kinds: Set[str], slugs: Set[str]) -> Iterator[Page]:
    """Yield every page of `kinds`, then the pages of other kinds that show roles `slugs`."""
    for kind in KINDS.values():
        if kind.name in kinds:
            yield from kind.plan(pairing)
        elif slugs:
            yield from kind.showing(pairing, slugs)
