"""The renderer's part for pages that help visitors and search engines find roles: job
family pages, the search index, structured data, and which comparisons are thin."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup

from .content import Content
from .families import Families, families_of, family_url
from .finder import index_json, index_script, search_index
from .model import Page, Role, Site
from .pairs import Pairing
from .plan import pair_url
from .prepare import PreparedRole, PreparedRoles
from .structured import breadcrumbs, ld_script, occupation, role_list
from .thin import thin_test

# A family page's table: (heading, figure cell, role field read to sort by).
FAMILY_COLUMNS: tuple[tuple[str, str, Callable[[Role], float | None]], ...] = (
    ("Yearly salary", "yearly", lambda r: r.salary.yearly),
    ("Median salary", "median", lambda r: r.salary.median),
    ("Growth rate", "growth", lambda r: r.outlook.growth_rate),
    ("Number of jobs", "jobs", lambda r: r.outlook.jobs),
)


class FindingPages:
    """Mixed into Renderer, which provides the attributes below and `_html`."""

    site: Site
    ordered: Sequence[Role]
    roles: PreparedRoles
    pairing: Pairing
    families: Families

    def start_finding(self, content: Content) -> None:
        """Work out the families and the thin test once, before any page is rendered."""
        self.families = families_of(content.roles)
        self.thin = thin_test(content.roles, content.site.min_shared_figures)
        self._search_index: dict[str, Any] | None = None

    def _html(self, template: str, page: Page, **context: Any) -> str:
        raise NotImplementedError  # Renderer's

    def absolute(self, url: str) -> str:
        """Return the absolute URL of a site-relative one."""
        return self.site.base_url + url[1:]

    def family_links(self) -> list[tuple[str, str, int]]:
        """Return (name, URL, number of roles) for every job family, by name."""
        return sorted(((self.families.name(slug), family_url(slug), len(members))
                       for slug, members in self.families.members.items()),
                      key=lambda item: item[0].casefold())

    def trail(self, *roles: PreparedRole) -> list[tuple[str, str]]:
        """Return the breadcrumbs down to `roles`' shared family, as (name, absolute URL)."""
        found = [(self.site.name, self.site.base_url)]
        family = {r.role.category for r in roles}
        url = self.families.url(family.pop()) if len(family) == 1 else None
        if url:
            found.append((roles[0].role.category or "", self.absolute(url)))
        return found

    def role_ld(self, role: PreparedRole) -> Markup:
        """Return the role page's JSON-LD: its one Occupation and its breadcrumbs."""
        url = self.absolute(role.url)
        return ld_script(occupation(role.role, url, role.description)) + ld_script(
            breadcrumbs([*self.trail(role), (role.title, url)]))

    def pair_ld(self, a: PreparedRole, b: PreparedRole) -> Markup:
        """Return a comparison page's JSON-LD: its breadcrumbs and its two role pages."""
        title = f"{a.title} vs {b.title}"
        here = self.absolute(pair_url(a.slug, b.slug))
        return ld_script(breadcrumbs([*self.trail(a, b), (title, here)])) + ld_script(
            role_list(title, [(r.title, self.absolute(r.url)) for r in (a, b)]))

    def is_indexed(self, page: Page) -> bool:
        """Return whether a content page belongs in the sitemap: all but thin comparisons."""
        return page.kind != "pair" or not self.thin(*page.slugs)

    def _category(self, page: Page) -> str:
        slug = page.slugs[0]
        members = sorted((self.roles[s] for s in self.families.members[slug]),
                         key=lambda r: r.title.casefold())
        columns = [(label, key, read) for label, key, read in FAMILY_COLUMNS
                   if any(read(r.role) is not None for r in members)]
        name = self.families.name(slug)
        return self._html("category.html", page, name=name, members=members, columns=columns,
                          ld=ld_script(breadcrumbs(self.trail(*members[:1]))))

    def search_data(self) -> dict[str, Any]:
        """Return the site's search index, made once."""
        if self._search_index is None:
            self._search_index = search_index(self.ordered, self.pairing)
        return self._search_index

    def _search(self, page: Page) -> str:
        return index_json(self.search_data())

    def _search_script(self, page: Page) -> str:
        return index_script(self.search_data())
