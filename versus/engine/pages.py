"""The kinds of page, each declared once: its templates, which pages of it exist, its renderer.

Adding a kind of page is one `PageKind` here (and its URL in `urls`): planning, pruning, the
sitemap and the rebuild all go through this table. What a kind's renderer reads through its
`View` is what its pages depend on; nothing else needs telling.
"""

from __future__ import annotations

import html
import io
import itertools
from collections.abc import Callable, Iterator, Mapping, Set
from typing import TYPE_CHECKING

import msgspec

from .finding import (
    also_known_as,
    families_showing,
    family_links,
    pair_ld,
    plan_families,
    plan_search,
    plan_search_script,
    render_category,
    render_search,
    render_search_script,
    role_ld,
)
from .inputs import View
from .model import ContentError, Page
from .pairs import Pairing
from .prepare import PreparedRole
from .prose import pair_description
from .standing import pair_standings
from .templates import PAIR_TEMPLATES
from .urls import canonical_url, pair_url, role_url, sitemap_part_url

if TYPE_CHECKING:
    from .render import Renderer

SITEMAP_LIMIT = 50_000  # URLs per sitemap file, the protocol's limit

Render = Callable[["Renderer", Page, View], str | bytes]  # bytes: as written


def no_pages(pairing: Pairing, slugs: Set[str]) -> Iterator[Page]:
    """Yield nothing: a kind whose pages show no role in particular."""
    return iter(())


class PageKind(msgspec.Struct, frozen=True):
    """One kind of page: where its pages are, what they are made from, how one renders."""

    name: str
    templates: tuple[str, ...]  # what its pages start from; Jinja finds what they extend
    plan: Callable[[Pairing], Iterator[Page]]  # every page of the kind, in a fixed order
    render: Render
    showing: Callable[[Pairing, Set[str]], Iterator[Page]] = no_pages  # pages of these roles
    in_sitemap: bool = False
    domain: str = "role"  # what its pages' slugs name: roles, or job families


def group_by_category(roles: Mapping[str, PreparedRole]) -> list[tuple[str, list[PreparedRole]]]:
    """Return the roles grouped by category, both sorted by name; uncategorised roles last."""
    groups: dict[str, list[PreparedRole]] = {}
    for slug in sorted(roles):
        role = roles[slug]
        groups.setdefault(role.role.category or "", []).append(role)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0].casefold()))
    return [(name or "Other roles", sorted(members, key=lambda r: r.title.casefold()))
            for name, members in ordered]


def render_index(r: Renderer, page: Page, data: View) -> bytes:
    """Return the index: every role, by category, and a picker of two."""
    roles = data.roles()
    return r.html("index.html", page, data, groups=group_by_category(roles),
                  roles=sorted(roles.values(), key=lambda role: role.title.casefold()),
                  pairs=data.pairing.count(), families=family_links(data.families()),
                  aka=also_known_as)


def render_role(r: Renderer, page: Page, data: View) -> bytes:
    """Return a role's page, with links to its comparisons."""
    role = data.role(page.slugs[0])
    others = data.partners(role.slug)
    return r.html("role.html", page, data, role=role, others=others,
                  every_comparison=r.comparison_items(role, others),
                  closest=data.closest(role.slug),
                  pair_url=pair_url, parts=r.parts(role),
                  standing=r.standing(role, data),
                  ld=role_ld(data.site, data.families(), role))


def render_pair(r: Renderer, page: Page, data: View) -> bytes:
    """Return the comparison of two roles."""
    a, b = data.role(page.slugs[0]), data.role(page.slugs[1])
    return r.html(
        "compare.html", page, data, a=a, b=b, pa=r.parts(a), pb=r.parts(b),
        description=pair_description(a.words, b.words),
        related_a=r.related_links(data, a, b), related_b=r.related_links(data, b, a),
        kin=r.kin,
        standings=pair_standings(r.standing_line(a, data), r.standing_line(b, data)),
        ld=pair_ld(data.site, data.families(), a, b), noindex=r.is_thin(a, b, data.site))


def render_notfound(r: Renderer, page: Page, data: View) -> bytes:
    """Return the page a host serves for an address with no page."""
    return r.html("404.html", page, data)


def render_robots(r: Renderer, page: Page, data: View) -> str:
    """Return robots.txt, pointing at the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {data.site.base_url}sitemap.xml\n"


def iter_content_pages(pairing: Pairing, start: int = 0,
                       stop: int | None = None) -> Iterator[Page]:
    """Yield the pages a visitor reads, in the sitemap's order (index, roles, job families,
    pairs), from the `start`-th to before the `stop`-th.

    The comparisons before `start` are skipped as pairs of slugs, never planned: the last
    part of a split sitemap would otherwise plan 300,000 pages to list 50,000.
    """
    for kind in KINDS.values():
        if not kind.in_sitemap:
            continue
        if kind.name == "pair":
            yield from (Page("pair", pair_url(a, b), (a, b)) for a, b in
                        itertools.islice(pairing.iter_pairs(), start, stop))
            return
        planned = list(kind.plan(pairing))  # a page per role at most
        yield from planned[start:stop]
        start, stop = max(0, start - len(planned)), None if stop is None else stop - len(planned)
        if stop is not None and stop <= 0:
            return


def content_page_count(pairing: Pairing) -> int:
    """Return how many content pages the site has (the sitemap's URLs, and the thin
    comparisons it leaves out), without planning them."""
    return 1 + len(pairing.roles) + len(pairing.families.members) + pairing.count()


def sitemap_parts(pairing: Pairing) -> int:
    """Return how many files the sitemap splits into: 0 when one file holds every URL."""
    return parts_for(content_page_count(pairing))


def parts_for(urls: int) -> int:
    """Return how many files a sitemap of `urls` URLs splits into: 0 when one holds them all."""
    return 0 if urls <= SITEMAP_LIMIT else -(-urls // SITEMAP_LIMIT)


def iter_sitemap_pages(urls: int) -> Iterator[Page]:
    """Yield one sitemap, or an index and its parts when `urls` URLs are too many for one."""
    parts = parts_for(urls)
    if not parts:
        yield Page("sitemap", "/sitemap.xml")
        return
    yield Page("sitemap-index", "/sitemap.xml")
    for part in range(1, parts + 1):
        yield Page("sitemap", sitemap_part_url(part), part=part)


def plan_sitemaps(pairing: Pairing) -> Iterator[Page]:
    """Yield one sitemap, or its parts when there are too many URLs (the index is its own kind)."""
    return (p for p in iter_sitemap_pages(content_page_count(pairing)) if p.kind == "sitemap")


def xml_text(text: str) -> str:
    """Return `text` as an XML element's content: &, < and > escaped (no xml.sax, which
    pulls urllib and http.client into every start-up)."""
    return html.escape(text, quote=False)


def render_sitemap(r: Renderer, page: Page, data: View) -> bytes:
    """Return a sitemap: every content page's URL, or one part's share of them.

    Written as bytes URL by URL: a part of 50,000 URLs is 4.6 MB, which as one joined
    string, then encoded, took 17 MB at once and left a worker that much bigger.
    """
    start = (page.part - 1) * SITEMAP_LIMIT if page.part else 0
    pages = iter_content_pages(data.pairing, start, start + SITEMAP_LIMIT if page.part else None)
    # Thin comparisons are left out: that reads which figures roles give, not their values,
    # so a salary edit does not render every part of the sitemap again.
    base, known, minimum = data.site.base_url, data.known(), data.site.min_shared_figures
    out = io.BytesIO()  # its value is handed over, not copied
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n'
              b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
    for p in pages:
        if p.kind != "pair" or len(known[p.slugs[0]] & known[p.slugs[1]]) >= minimum:
            out.write(f"<url><loc>{xml_text(canonical_url(base, p.url))}</loc></url>\n"
                      .encode())
    out.write(b"</urlset>\n")
    return out.getvalue()


def render_sitemap_index(r: Renderer, page: Page, data: View) -> str:
    """Return the sitemap index that lists the parts of a split sitemap."""
    base = data.site.base_url
    locs = "".join(f"<sitemap><loc>{xml_text(canonical_url(base, sitemap_part_url(part)))}"
                   "</loc></sitemap>\n" for part in range(1, sitemap_parts(data.pairing) + 1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns='
            f'"http://www.sitemaps.org/schemas/sitemap/0.9">\n{locs}</sitemapindex>\n')


def plan_roles(pairing: Pairing) -> Iterator[Page]:
    """Yield every role's page, in slug order."""
    return (Page("role", role_url(r.slug), (r.slug,)) for r in pairing.roles)


def roles_showing(pairing: Pairing, slugs: Set[str]) -> Iterator[Page]:
    """Yield the pages of the roles `slugs` that the site has."""
    known = {r.slug for r in pairing.roles}
    return (Page("role", role_url(s), (s,)) for s in sorted(slugs & known))


def plan_pairs(pairing: Pairing) -> Iterator[Page]:
    """Yield every comparison page, each pair once, in slug order."""
    return (Page("pair", pair_url(a, b), (a, b)) for a, b in pairing.iter_pairs())


def pairs_showing(pairing: Pairing, slugs: Set[str]) -> Iterator[Page]:
    """Yield the comparison pages of the roles `slugs`, each once."""
    known = {r.slug for r in pairing.roles}
    for slug in sorted(slugs & known):
        for other in pairing.partners(slug):
            if other not in slugs or slug < other:
                a, b = sorted((slug, other))
                yield Page("pair", pair_url(a, b), (a, b))


def one_page(kind: str, url: str) -> Callable[[Pairing], Iterator[Page]]:
    """Return the plan of a kind that has one page, at `url`."""
    return lambda pairing: iter((Page(kind, url),))


def plan_sitemap_index(pairing: Pairing) -> Iterator[Page]:
    """Yield the sitemap index, when the sitemap is split."""
    return (p for p in iter_sitemap_pages(content_page_count(pairing))
            if p.kind == "sitemap-index")


# In the order pages are planned; the sitemap lists the kinds marked in_sitemap in this order.
KINDS: dict[str, PageKind] = {kind.name: kind for kind in (
    PageKind("index", ("index.html",), one_page("index", "/"), render_index, in_sitemap=True),
    PageKind("role", ("role.html", "_parts.html"), plan_roles, render_role, roles_showing,
             in_sitemap=True),
    PageKind("category", ("category.html",), plan_families, render_category, families_showing,
             in_sitemap=True, domain="family"),
    PageKind("pair", PAIR_TEMPLATES, plan_pairs, render_pair, pairs_showing,
             in_sitemap=True),
    PageKind("search", (), plan_search, render_search),
    PageKind("search-script", (), plan_search_script, render_search_script),
    PageKind("sitemap-index", (), plan_sitemap_index, render_sitemap_index),
    PageKind("sitemap", (), plan_sitemaps, render_sitemap),
    PageKind("robots", (), one_page("robots", "/robots.txt"), render_robots),
    PageKind("notfound", ("404.html",), one_page("notfound", "/404.html"), render_notfound),
)}


def plan_pages(pairing: Pairing) -> Iterator[Page]:
    """Yield every page of the site, each once, kind after kind."""
    for kind in KINDS.values():
        yield from kind.plan(pairing)


def render_page(renderer: Renderer, page: Page, data: View) -> bytes:
    """Return the bytes of `page`; raise ContentError naming the template that failed.

    Every page is made by the engine and its kind's templates, whatever else it reads.
    """
    data.read("engine")
    data.read("templates", page.kind)
    try:
        text = KINDS[page.kind].render(renderer, page, data)
    except renderer.template_error as error:
        raise ContentError([renderer.problem(error)]) from None
    return text if isinstance(text, bytes) else text.encode("utf-8")
