"""The site's URL layout, in one place: page URLs, output paths, links between pages.

Planning, pruning, the sitemap and every link ask this module; `parse_path` is the exact
inverse of the URLs made here, so a page kind never has its layout written twice.
"""

from __future__ import annotations

import re

import msgspec

SITEMAP_PART = re.compile(r"sitemap-([1-9][0-9]*)\.xml")

# Pages that exist once per site, by output path: their kind.
SINGLE_PAGES = {"index.html": "index", "404.html": "notfound", "robots.txt": "robots",
                "sitemap.xml": "sitemap", "search.json": "search",
                "search-data.js": "search-script"}


def role_url(slug: str) -> str:
    """Return the site-relative URL of a role page: `/roles/<slug>/`."""
    return f"/roles/{slug}/"


def pair_url(a: str, b: str) -> str:
    """Return the site-relative URL of the comparison of two roles, in slug order."""
    first, second = (a, b) if a <= b else (b, a)  # sorted(), without its list: per link
    return f"/compare/{first}-vs-{second}/"


def sitemap_part_url(part: int) -> str:
    """Return the URL of part `part` (from 1) of a split sitemap."""
    return f"/sitemap-{part}.xml"


def output_path(url: str) -> str:
    """Return the file path, relative to the output folder, of the page at site URL `url`."""
    return url[1:] + "index.html" if url.endswith("/") else url[1:]


def canonical_url(base_url: str, url: str) -> str:
    """Return the absolute URL of a page: the site's base URL joined with its URL."""
    return base_url + url[1:]


def parse_path(path: str) -> tuple[str, tuple[str, ...], int] | None:
    """Return (page kind, slugs, sitemap part) of the page at output `path`, or None.

    None means no URL of this layout leads there: a file the pages do not account for.
    """
    if path in SINGLE_PAGES:
        return SINGLE_PAGES[path], (), 0
    match = SITEMAP_PART.fullmatch(path)
    if match:
        return "sitemap", (), int(match.group(1))
    folder, _, rest = path.partition("/")
    name, _, tail = rest.partition("/")
    if tail != "index.html" or not name:
        return None
    if folder == "roles":
        return "role", (name,), 0
    if folder == "categories":
        return "category", (name,), 0
    a, sep, b = name.partition("-vs-")
    if folder == "compare" and sep and a and b and a < b:
        return "pair", (a, b), 0
    return None


class Links(msgspec.Struct, frozen=True):
    """Turns site URLs into links that work from one page, on a host or from disk."""

    root: str  # the way from the page back to the site's root
    pretty: bool

    def __call__(self, url: str) -> str:
        """Return the link to the site URL `url` from this page."""
        if url.endswith("/") and not self.pretty:
            url += "index.html"
        return self.root + url[1:]


def relative_links(url: str, pretty: bool) -> Links:
    """Return the links of the page at `url`: relative, so the site browses from disk."""
    return Links("../" * url.count("/", 1), pretty)


def rooted_links(base_url: str) -> Links:
    """Return links from the site's own path, for a page served at any depth (the 404 page)."""
    return Links("/" + base_url.split("://", 1)[-1].partition("/")[2], True)
