"""The pages that help a visitor find a role, planned: job family pages and the search index.

New page kinds, kept here so that the engine's planning registers them in one line each:
`category` (/categories/<slug>/), `search` (/search.json) and `search-script`
(/search-data.js, the same index for pages opened from disk).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence, Set

from .families import families_of, family_url
from .finder import also_known_as
from .model import Page, Role
from .thin import known_figures

SEARCH_JSON = "/search.json"
SEARCH_SCRIPT = "/search-data.js"
KINDS = ("search", "search-script", "category")
_FAMILY_PATH = re.compile(r"categories/([a-z0-9]+(?:-[a-z0-9]+)*)/index\.html")


def iter_search_pages() -> Iterator[Page]:
    """Yield the search index's two files."""
    yield Page("search", SEARCH_JSON)
    yield Page("search-script", SEARCH_SCRIPT)


def iter_family_pages(roles: Sequence[Role]) -> Iterator[Page]:
    """Yield a page per job family, in slug order."""
    for slug in families_of(roles).members:
        yield Page("category", family_url(slug), (slug,))


def count_family_pages(roles: Sequence[Role]) -> int:
    """Return how many job family pages the roles make."""
    return len(families_of(roles).members)


def family_slugs(roles: Sequence[Role]) -> frozenset[str]:
    """Return the slugs of the roles' job families."""
    return frozenset(families_of(roles).members)


def has_listing_page(path: str, families: Set[str]) -> bool:
    """Return whether output `path` is one of these pages, for a site with `families`."""
    if path in (SEARCH_JSON[1:], SEARCH_SCRIPT[1:]):
        return True
    match = _FAMILY_PATH.fullmatch(path)
    return match is not None and match.group(1) in families


def shown_in_listings(role: Role) -> tuple[object, ...]:
    """Return what the index, the family pages, the search index and the sitemap show of a
    role, so that a change to any of it rebuilds them: names, key figures, and which figures
    it gives (which decides whether its comparisons are thin)."""
    return (role.slug, role.title, role.category, role.salary.yearly, role.salary.median,
            role.outlook.growth_rate, role.outlook.jobs, also_known_as(role),
            sorted(known_figures(role)))
