"""A planned page to its bytes, with Jinja2 templates and the roles prepared once."""

from __future__ import annotations

import functools
import hashlib
import itertools
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import jinja2
import jinja2.meta
from markupsafe import Markup, escape

from .content import Content, shown
from .model import ContentError, Page, Problem, Site
from .pairs import Pairing
from .picker import partner_lists
from .plan import SITEMAP_LIMIT, count_pairs, iter_content_pages, pair_url, sitemap_parts
from .prepare import UNKNOWN, PreparedRole, PreparedRoles, knows
from .prose import pair_description, pair_intro
from .state import folder_digest

TEMPLATES = ("index.html", "role.html", "compare.html", "404.html", "_parts.html")
PARTS = ("summary", "responsibilities", "best_practices", "skills", "tools", "career",
         "what_column", "responsibilities_column", "skills_column", "tools_column",
         "career_column", "crumb", "more_link", "pay", "people", "becoming", "related",
         "related_column")


def make_environment(folder: Path, bytecode: Path | None = None) -> jinja2.Environment:
    """Return a Jinja2 environment that escapes everything and fails on undefined names."""
    cache = None
    if bytecode is not None:
        bytecode.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(bytecode))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        bytecode_cache=cache,
        auto_reload=False,  # templates are read once a build: no stat of each per page
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def add_globals(env: jinja2.Environment) -> jinja2.Environment:
    """Return `env` with the helpers every template, imported ones included, may call."""
    env.globals["table"] = pair_table
    env.globals["unknown"] = UNKNOWN
    env.globals["knows"] = knows
    return env


# The template each kind of page starts from; what it extends or includes is found by Jinja.
# Role and comparison pages also take blocks from _parts.html (Renderer.parts).
PAGE_TEMPLATES = {"index": ("index.html",), "role": ("role.html", "_parts.html"),
                  "pair": ("compare.html", "_parts.html"), "notfound": ("404.html",)}


def template_digests(folder: Path) -> dict[str, str]:
    """Return, per kind of page, a hash of every template that page is made from."""
    env = make_environment(folder)
    result = {}
    for kind, names in PAGE_TEMPLATES.items():
        used, todo = set(), list(names)
        while todo:
            name = todo.pop()
            if name not in used:
                used.add(name)
                todo += uses(env, name)
        sources = [(name, (folder / name).read_bytes()) for name in sorted(used)]
        result[kind] = hashlib.blake2b(repr(sources).encode(), digest_size=12).hexdigest()
    return result


def uses(env: jinja2.Environment, name: str) -> list[str]:
    """Return the templates that `name` extends, includes or imports by a constant name."""
    assert env.loader is not None
    try:
        source = env.loader.get_source(env, name)[0]
        return [n for n in jinja2.meta.find_referenced_templates(env.parse(source)) if n]
    except jinja2.TemplateError:
        return []  # load_templates reports it, with its file and line


def load_templates(env: jinja2.Environment) -> dict[str, jinja2.Template]:
    """Return every page template compiled, so a template error stops the build early."""
    return {name: env.get_template(name) for name in TEMPLATES}


def template_problem(error: jinja2.TemplateError, templates: Path) -> Problem:
    """Return a template error as a problem naming the template's file and line."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        path, line = error.filename or str(templates / (error.name or "")), error.lineno
    else:  # Jinja rewrites tracebacks so that a template's frames carry its file and line
        frames = [f for f in traceback.extract_tb(error.__traceback__)
                  if Path(f.filename).is_relative_to(templates.resolve())]
        path, line = (frames[-1].filename, frames[-1].lineno or 1) if frames else (
            str(templates), 1)
    return Problem(shown(Path(path)), line, "", error.message or type(error).__name__)


@dataclass(frozen=True)
class Links:
    """Turns site URLs into links that work from one page, on a host or from disk."""

    root: str  # the way from the page back to the site's root
    pretty: bool

    def __call__(self, url: str) -> str:
        """Return the link to the site URL `url` from this page."""
        if url.endswith("/") and not self.pretty:
            url += "index.html"
        return self.root + url[1:]


def links_for(page: Page, site: Site) -> Links:
    """Return the links of a page: relative, but from the site's path for the 404 page."""
    if page.kind == "notfound":
        return Links("/" + site.base_url.split("://", 1)[-1].partition("/")[2], True)
    return Links("../" * page.url.count("/", 1), site.pretty_urls)


class Renderer:
    """Renders the pages of one site; holds the per-role parts, made once."""

    def __init__(self, content: Content, pairing: Pairing, templates: Path, static: Path,
                 roles: PreparedRoles, bytecode: Path | None = None):
        self.site = content.site
        self.ordered = content.roles  # in slug order, as the plan takes them
        self.roles = roles
        self.pairing = pairing
        self.folder = templates
        try:
            self.templates = load_templates(add_globals(make_environment(templates, bytecode)))
        except jinja2.TemplateError as error:
            raise ContentError([template_problem(error, templates)]) from None
        self.version = folder_digest(static)[:10]  # changes with any static file: busts caches
        self._parts: dict[str, dict[str, Markup]] = {}
        # Role pages and comparison pages sit two folders deep: one set of links serves both.
        self.deep_link = Links("../../", self.site.pretty_urls)
        self.macros = self.templates["_parts.html"].make_module(
            {"link": self.deep_link, "site": self.site})
        self._related_items: dict[str, list[tuple[str, Markup]]] = {}

    def parts(self, slug: str) -> dict[str, Markup]:
        """Return the HTML blocks of a role's pages that no other role changes, made once."""
        found = self._parts.get(slug)
        if found is None:
            role = self.roles[slug]
            found = self._parts[slug] = {name: Markup(getattr(self.macros, name)(role))
                                         for name in PARTS}
        return found

    def warm(self) -> None:
        """Make every role's parts now, so that forked workers share them."""
        for slug in self.roles:
            self.parts(slug)
            self.related_items(slug)

    def render(self, page: Page) -> bytes:
        """Return the bytes of `page`; raise ContentError naming the template that failed."""
        handler = getattr(self, "_" + page.kind.replace("-", "_"))
        try:
            text: str = handler(page)
        except jinja2.TemplateError as error:
            raise ContentError([template_problem(error, self.folder)]) from None
        return text.encode("utf-8")

    def _html(self, template: str, page: Page, **context: Any) -> str:
        link = links_for(page, self.site)
        canonical = self.site.base_url + page.url[1:]
        return self.templates[template].render(
            site=self.site, page=page, link=link, canonical=canonical,
            asset=lambda name: f"{link('/static/' + name)}?v={self.version}", **context)

    def _index(self, page: Page) -> str:
        roles = sorted(self.roles.values(), key=lambda r: r.title.casefold())
        return self._html("index.html", page, groups=group_by_category(self.roles), roles=roles,
                          pairs=count_pairs(self.ordered, self.pairing),
                          partners=partner_lists(roles, self.pairing))

    def _role(self, page: Page) -> str:
        role = self.roles[page.slugs[0]]
        others = [self.roles[s] for s in self.pairing.partners(role.slug)]
        return self._html("role.html", page, role=role, others=others, pair_url=pair_url,
                          parts=self.parts(role.slug))

    def _pair(self, page: Page) -> str:
        a, b = (self.roles[s] for s in page.slugs)
        return self._html(
            "compare.html", page, a=a, b=b, pa=self.parts(a.slug), pb=self.parts(b.slug),
            intro=pair_intro(a.words, b.words), description=pair_description(a.words, b.words),
            related=self.related_links(a, b) + self.related_links(b, a))

    def related_links(self, role: PreparedRole, partner: PreparedRole) -> Markup:
        """Return links to a few other comparisons of `role`, leaving out `partner`."""
        items = [li for slug, li in self.related_items(role.slug) if slug != partner.slug]
        return Markup("").join(items[:self.site.related_per_role])

    def related_items(self, slug: str) -> list[tuple[str, Markup]]:
        """Return (partner, list item) for the comparisons a role's pages link to, made once."""
        found = self._related_items.get(slug)
        if found is None:
            title, count = self.roles[slug].title, self.site.related_per_role + 1
            found = self._related_items[slug] = [
                (other, Markup('<li><a href="{}">{}</a></li>\n').format(
                    self.deep_link(pair_url(slug, other)), f"{title} vs {self.roles[other].title}"))
                for other in self.pairing.related(slug, count)]
        return found

    def _notfound(self, page: Page) -> str:
        return self._html("404.html", page)

    def _robots(self, page: Page) -> str:
        return f"User-agent: *\nAllow: /\n\nSitemap: {self.site.base_url}sitemap.xml\n"

    def _sitemap(self, page: Page) -> str:
        pages = iter_content_pages(self.ordered, self.pairing)
        if page.part:
            start = (page.part - 1) * SITEMAP_LIMIT
            pages = itertools.islice(pages, start, start + SITEMAP_LIMIT)
        urls = "".join(f"<url><loc>{xml_escape(self.site.base_url + p.url[1:])}</loc></url>\n"
                       for p in pages)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns='
                f'"http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n')

    def _sitemap_index(self, page: Page) -> str:
        parts = sitemap_parts(1 + len(self.ordered) + count_pairs(self.ordered, self.pairing))
        locs = "".join(f"<sitemap><loc>{xml_escape(self.site.base_url)}sitemap-{part}.xml"
                       "</loc></sitemap>\n" for part in range(1, parts + 1))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns='
                f'"http://www.sitemaps.org/schemas/sitemap/0.9">\n{locs}</sitemapindex>\n')


def pair_table(a: PreparedRole, b: PreparedRole, caption: str,
               fields: list[tuple[str, str]]) -> Markup:
    """Return a comparison table: a row per field either role knows, with each one's figure.

    Joined here rather than in a template loop: it is the hottest spot of a large build,
    and every cell is already escaped.
    """
    ca, cb = a.cells, b.cells
    rows = "".join(
        f'<tr><th scope="row">{_label(label)}</th><td>{ca[key]}</td><td>{cb[key]}</td></tr>\n'
        for label, key in fields if ca[key] != UNKNOWN or cb[key] != UNKNOWN)
    if not rows:
        return Markup('<p class="na">Not known for either role.</p>\n')
    caption = _label(caption)
    return Markup(
        f'<div class="table-scroll"><table class="compare">\n<caption>{caption}</caption>\n'
        f'<thead><tr><th scope="col">{caption}</th><th scope="col">{a.title_html}</th>'
        f'<th scope="col">{b.title_html}</th></tr></thead>\n<tbody>\n{rows}</tbody>\n'
        "</table></div>\n")


@functools.cache
def _label(text: str) -> Markup:
    """Return a template's label escaped, once per label rather than once per page."""
    return escape(text)


def group_by_category(roles: Mapping[str, PreparedRole]) -> list[tuple[str, list[PreparedRole]]]:
    """Return the roles grouped by category, both sorted by name; uncategorised roles last."""
    groups: dict[str, list[PreparedRole]] = {}
    for slug in sorted(roles):
        role = roles[slug]
        groups.setdefault(role.role.category or "", []).append(role)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0].casefold()))
    return [(name or "Other roles", sorted(members, key=lambda r: r.title.casefold()))
            for name, members in ordered]

