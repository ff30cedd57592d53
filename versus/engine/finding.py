"""The pages that help visitors and search engines find roles: a page per job family, the
search index (as JSON, and as a script for pages opened from disk), and the structured data
of role and comparison pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Set
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .families import Families, family_url
from .finder import also_known_as, index_json, index_script, search_index
from .inputs import View
from .model import Page, Role, Site
from .pairs import Pairing
from .prepare import PreparedRole
from .structured import breadcrumbs, breadcrumbs_to, ld_graph, ld_script, occupation
from .urls import canonical_url

if TYPE_CHECKING:
    from .render import Renderer

SEARCH_JSON = "/search.json"
SEARCH_SCRIPT = "/search-data.js"

# A family page's table: (heading, figure cell, role field read to sort by).
FAMILY_COLUMNS: tuple[tuple[str, str, Callable[[Role], float | None]], ...] = (
    ("Yearly salary", "yearly", lambda r: r.salary.yearly),
    ("Median salary", "median", lambda r: r.salary.median),
    ("Growth rate", "growth", lambda r: r.outlook.growth_rate),
    ("Number of jobs", "jobs", lambda r: r.outlook.jobs),
)


def family_links(families: Families) -> list[tuple[str, str, int]]:
    """Return (name, URL, number of roles) for every job family, by name."""
    return sorted(((families.name(slug), family_url(slug), len(members))
                   for slug, members in families.members.items()),
                  key=lambda item: item[0].casefold())


def trail(site: Site, families: Families,
          *roles: PreparedRole) -> list[tuple[str, str | None]]:
    """Return the breadcrumbs down to `roles`' shared family, as (name, absolute URL)."""
    found: list[tuple[str, str | None]] = [(site.name, site.base_url)]
    family = {r.role.category for r in roles}
    url = families.url(family.pop()) if len(family) == 1 else None
    if url:
        found.append((roles[0].role.category or "", canonical_url(site.base_url, url)))
    return found


def role_ld(site: Site, families: Families, role: PreparedRole) -> Markup:
    """Return a role page's JSON-LD: its one Occupation and its breadcrumbs."""
    url = canonical_url(site.base_url, role.url)
    return ld_graph(occupation(role.role, url, role.description),
                    breadcrumbs([*trail(site, families, role), (role.title, None)]))


def pair_ld(site: Site, families: Families, a: PreparedRole, b: PreparedRole) -> Markup:
    """Return a comparison page's JSON-LD: its breadcrumbs alone, never an Occupation (one a
    page, on the role's own; the page links both role pages for crawlers to follow)."""
    return breadcrumbs_to(tuple(trail(site, families, a, b)), f"{a.title} vs {b.title}")


def render_category(r: Renderer, page: Page, data: View) -> bytes:
    """Return a job family's page: its roles side by side, in a table that sorts."""
    families = data.families()
    members = sorted(data.family(page.slugs[0]), key=lambda role: role.title.casefold())
    columns = [(label, key, read) for label, key, read in FAMILY_COLUMNS
               if any(read(role.role) is not None for role in members)]
    ld = ld_script(breadcrumbs(trail(data.site, families, *members[:1])))
    return r.html("category.html", page, data, name=families.name(page.slugs[0]),
                  members=members, columns=columns, ld=ld)


def search_data(r: Renderer, data: View) -> dict[str, Any]:
    """Return the site's search index: every role, and which pairs have a page; made once."""
    roles = data.roles()
    pairing = data.pairing
    if r.search is None:
        r.search = search_index([role.role for role in roles.values()], pairing)
    return r.search


def render_search(r: Renderer, page: Page, data: View) -> str:
    """Return the search index as JSON, for the picker and the 404 page on a host."""
    return index_json(search_data(r, data))


def render_search_script(r: Renderer, page: Page, data: View) -> str:
    """Return the search index as a script, for pages opened from disk."""
    return index_script(search_data(r, data))


def plan_families(pairing: Pairing) -> Iterator[Page]:
    """Yield a page per job family, in slug order."""
    return (Page("category", family_url(slug), (slug,))
            for slug in pairing.families.members)


def families_showing(pairing: Pairing, slugs: Set[str]) -> Iterator[Page]:
    """Yield the pages of the job families `slugs` that the site has."""
    members = pairing.families.members
    return (Page("category", family_url(s), (s,)) for s in sorted(slugs & members.keys()))


def plan_search(pairing: Pairing) -> Iterator[Page]:
    """Yield the search index's JSON file."""
    yield Page("search", SEARCH_JSON)


def plan_search_script(pairing: Pairing) -> Iterator[Page]:
    """Yield the search index's script."""
    yield Page("search-script", SEARCH_SCRIPT)


__all__ = ["also_known_as", "family_links", "pair_ld", "role_ld"]
