"""Roles to the pages of a site, planned lazily: no list of all pages is ever built."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence, Set

from .listing import (
    count_family_pages,
    has_listing_page,
    iter_family_pages,
    iter_search_pages,
)
from .model import Page, Role
from .pairs import Pairing

SITEMAP_LIMIT = 50_000  # URLs per sitemap file, the protocol's limit


def role_url(slug: str) -> str:
    """Return the site-relative URL of a role page."""
    return f"/roles/{slug}/"


def pair_url(a: str, b: str) -> str:
    """Return the site-relative URL of the comparison of two roles, in slug order."""
    first, second = sorted((a, b))
    return f"/compare/{first}-vs-{second}/"


def iter_content_pages(roles: Sequence[Role], pairing: Pairing) -> Iterator[Page]:
    """Yield the pages a visitor reads: the index, each role, each pair."""
    yield Page("index", "/")
    for role in roles:
        yield Page("role", role_url(role.slug), (role.slug,))
    yield from iter_family_pages(roles)
    for a, b in pairing.iter_pairs():
        yield Page("pair", pair_url(a, b), (a, b))


def count_pairs(roles: Sequence[Role], pairing: Pairing) -> int:
    """Return how many pairs the pairing has, without keeping them."""
    if pairing.policy == "all" and pairing.cap is None:
        return len(roles) * (len(roles) - 1) // 2
    return sum(1 for _ in pairing.iter_pairs())


def count_content_pages(roles: Sequence[Role], pairing: Pairing) -> int:
    """Return how many pages iter_content_pages yields, without keeping them."""
    return 1 + len(roles) + count_family_pages(roles) + count_pairs(roles, pairing)


def iter_sitemap_pages(content_pages: int) -> Iterator[Page]:
    """Yield one sitemap, or a sitemap index and its parts when there are too many URLs."""
    parts = sitemap_parts(content_pages)
    if not parts:
        yield Page("sitemap", "/sitemap.xml")
        return
    yield Page("sitemap-index", "/sitemap.xml")
    for part in range(1, parts + 1):
        yield Page("sitemap", f"/sitemap-{part}.xml", part=part)


def iter_pages_of(slugs: Set[str], pairing: Pairing, index: bool) -> Iterator[Page]:
    """Yield the pages that show the roles `slugs`: theirs, their pairs, and the index if asked."""
    if index:
        yield Page("index", "/")
        yield from iter_family_pages(pairing.roles)
        yield from iter_search_pages()
        # Which comparisons are thin, and so out of the sitemap, follows the roles' figures.
        yield from iter_sitemap_pages(count_content_pages(pairing.roles, pairing))
    for slug in sorted(slugs):
        yield Page("role", role_url(slug), (slug,))
        for other in pairing.partners(slug):
            if other not in slugs or slug < other:
                a, b = sorted((slug, other))
                yield Page("pair", pair_url(a, b), (a, b))


def plan_pages(roles: Sequence[Role], pairing: Pairing) -> Iterator[Page]:
    """Yield every page of the site, each once."""
    yield from iter_content_pages(roles, pairing)
    yield from iter_sitemap_pages(count_content_pages(roles, pairing))
    yield from iter_search_pages()
    yield Page("robots", "/robots.txt")
    yield Page("notfound", "/404.html")


def sitemap_parts(content_pages: int) -> int:
    """Return how many sitemap files a site of `content_pages` pages splits into."""
    return 0 if content_pages <= SITEMAP_LIMIT else -(-content_pages // SITEMAP_LIMIT)


def has_page(path: str, roles: Set[str], pairing: Pairing, parts: int,
             families: Set[str] = frozenset()) -> bool:
    """Return whether the plan has a page at output `path` (for removing stale pages)."""
    if path in ("index.html", "404.html", "robots.txt", "sitemap.xml") or has_listing_page(
            path, families):
        return True
    folder, _, rest = path.partition("/")
    name, _, tail = rest.partition("/")
    if tail != "index.html":
        match = re.fullmatch(r"sitemap-(\d+)\.xml", path)
        return match is not None and 1 <= int(match.group(1)) <= parts
    if folder == "roles":
        return name in roles
    a, sep, b = name.partition("-vs-")
    return folder == "compare" and bool(sep) and a in roles and b in roles and a < b and (
        pairing.has_pair(a, b))
