"""A planned page to its bytes, with Jinja2 templates and the roles prepared once."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Protocol

import jinja2
from markupsafe import Markup, escape

from .charts import ChartMemo
from .content import shown
from .inputs import Card, Inputs, View
from .jinjafast import PlainCallContext, settle_globals
from .kin import Kin
from .markup import as_html, escaped, fill, html_markup
from .model import ContentError, Page, Problem, Site
from .overlap import SkillMemo
from .prepare import UNKNOWN, PreparedRole, knows
from .standing import standing_sentences, standing_summary
from .tables import GLOBALS as TABLES
from .thin import known_figures
from .urls import canonical_url, pair_url, relative_links, rooted_links
from .verdict import Verdict, pair_verdict, verdict_list

PARTS = ("summary", "responsibilities", "best_practices", "skills", "tools", "career",
         "what_column", "responsibilities_column", "skills_column", "tools_column",
         "career_column", "more_link", "pay", "people", "becoming", "related")
PART_NAMES = frozenset(PARTS)


class PartStore(Protocol):
    """Roles' parts kept by an earlier build, as markup by role hash (a `state.BundleCache`)."""

    def get(self, key: str) -> Mapping[str, Markup] | None:
        """Return the parts kept under the role hash `key`, or None."""


def make_environment(folder: Path, bytecode: Path | None = None) -> jinja2.Environment:
    """Return a Jinja2 environment that escapes everything and fails on undefined names.

    Compiled templates are kept in `bytecode`, or by default in Jinja2's own per-user cache
    (checked to be the user's): compiling costs 60 ms, and a build into a new folder needs
    it no more than one into an old one. Each is known by its file and checked against its
    source, so sites and versions never mix.
    """
    if bytecode is not None:
        bytecode.mkdir(parents=True, exist_ok=True)
    cache = jinja2.FileSystemBytecodeCache(str(bytecode) if bytecode is not None else None)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        bytecode_cache=cache,
        auto_reload=False,  # templates are read once a build: no stat of each per page
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        cache_size=-1,  # a dict: the few templates, each looked up with no LRU bookkeeping
    )
    env.context_class = PlainCallContext
    return env


def add_globals(env: jinja2.Environment, charts: ChartMemo,
                skills: SkillMemo) -> jinja2.Environment:
    """Return `env` with the helpers every template, imported ones included, may call;
    `charts` draws a comparison's pictures and `skills` matches its skills, each role's
    part once."""
    env.globals.update(TABLES, verdict=prepared_verdict, verdict_list=verdict_list,
                       shared_skills=skills.sentence)
    env.globals["unknown"] = UNKNOWN
    env.globals["charts_section"] = charts.section
    env.globals["knows"] = knows
    return env


def prepared_verdict(a: PreparedRole, b: PreparedRole) -> Verdict:
    """Return the verdict on two prepared roles (`pair_verdict`), knowing which have figures."""
    return pair_verdict(a.role, b.role, (a.has_figures, b.has_figures))


def load_templates(env: jinja2.Environment) -> dict[str, jinja2.Template]:
    """Return every template of the folder compiled, so a template error stops the build
    before anything is written; each prints its values through `as_html`."""
    found = {name: env.get_template(name) for name in env.list_templates(extensions=["html"])}
    for template in found.values():
        print_through(template, as_html)
        settle_globals(template)
    return found


def print_through(template: jinja2.Template, printer: Callable[[Any], str]) -> None:
    """Make `template` print each `{{ value }}` through `printer` instead of markupsafe's
    `escape`, which must give the same text for every value (`as_html` does).

    Jinja compiles a `{{ value }}` of an autoescaping template to `escape(value)`, where
    `escape` is a name in the compiled template's module. `escape` makes a new `Markup` of
    every value, through two Python calls even for the prepared parts that are markup
    already: a tenth of a comparison page's work. A template compiled otherwise is left as
    it is.
    """
    namespace = template.root_render_func.__globals__
    if namespace.get("escape") is escape:
        namespace["escape"] = printer


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


class Renderer:
    """Renders the pages of one site: its templates, and each role's parts made once."""

    template_error = jinja2.TemplateError  # what a template raises when it fails

    def __init__(self, site: Site, templates: Path, static_version: str,
                 bytecode: Path | None = None, earlier: Renderer | None = None) -> None:
        """Compile the templates, or take them from `earlier`, a renderer made for the same
        settings, templates and static files (see Session.renderer), with each role's parts
        and charts: they serve again for every role that is the very same object."""
        self.site = site
        self.folder = templates
        if earlier is None:
            self.charts = ChartMemo()  # each role's part of the charts, made once
            self.skills = SkillMemo()  # each role's skills keyed for matching, made once
            try:
                self.templates = load_templates(add_globals(
                    make_environment(templates, bytecode), self.charts, self.skills))
            except jinja2.TemplateError as error:
                raise ContentError([template_problem(error, templates)]) from None
        else:
            self.charts, self.skills = earlier.charts, earlier.skills
            self.templates = earlier.templates
        self.version = static_version  # in every asset's URL: a new one busts caches
        # Role pages and comparison pages sit two folders deep: one set of links serves both.
        self.deep_link = relative_links("/roles/x/", site.pretty_urls)
        self.kin = Kin(self.deep_link)  # each role's related occupations, listed once a build
        self.macros: jinja2.environment.TemplateModule = (
            earlier.macros if earlier else self.templates["_parts.html"].make_module(
                {"link": self.deep_link, "site": site}))
        # by slug, with the prepared role they were made from: only that one gets them
        self._parts: dict[str, tuple[PreparedRole, SimpleNamespace]] = (
            earlier._parts if earlier else {})
        # Parts an earlier build made, as text by role hash (see `keep_parts`), and this
        # build's role hashes by slug: a role edited at 200 roles renders every role's parts
        # on its comparisons, 3,200 macro calls (187 M instructions) for one role changed.
        self.kept: PartStore | None = None
        self.role_keys: Mapping[str, str] = {}
        self.used: dict[str, SimpleNamespace] = {}  # the parts this build used, by role hash
        self.made = 0  # how many roles' parts this build made rather than took from `kept`
        # by slug, with the title and partners they were made from
        self._related: dict[str, tuple[tuple[str, tuple[Card, ...]],
                                       dict[str | None, Markup]]] = (
            earlier._related if earlier else {})
        self._standing: dict[str, list[str]] = {}
        self._summary: dict[str, tuple[str, str] | None] = {}
        self._known: dict[str, frozenset[str]] = {}
        self.search: dict[str, Any] | None = None  # the search index, made once

    def problem(self, error: jinja2.TemplateError) -> Problem:
        """Return a template's failure as a problem naming its file and line."""
        return template_problem(error, self.folder)

    def parts(self, role: PreparedRole) -> SimpleNamespace:
        """Return the HTML blocks of a role's pages that no other role changes, made once,
        each an attribute named as in PARTS: a template reads `pa.skills_column` at once,
        where from a dict Jinja would first fail to find the attribute (a raised error)."""
        slug = role.slug  # a property: read once, twice a comparison page
        found = self._parts.get(slug)
        if found is None or found[0] is not role:
            found = self._parts[slug] = (role, self.kept_or_made(role))
        key = self.role_keys.get(slug)
        if key is not None:
            self.used[key] = found[1]
        return found[1]

    def keep_parts(self, kept: PartStore, role_keys: Mapping[str, str]) -> None:
        """Take each role's parts from `kept` (text by role hash, made by an earlier build
        from the same engine, templates, settings and static files) where it has them;
        `role_keys` gives this build's role hash of each slug."""
        self.kept, self.role_keys, self.used, self.made = kept, role_keys, {}, 0

    def kept_or_made(self, role: PreparedRole) -> SimpleNamespace:
        """Return a role's parts: as an earlier build kept them, else made now."""
        key = self.role_keys.get(role.slug)
        text = self.kept.get(key) if self.kept is not None and key is not None else None
        if text is not None and text.keys() == PART_NAMES:  # Markup: see Run.parts_store
            return SimpleNamespace(**text)
        self.made += 1
        return SimpleNamespace(**{name: Markup(getattr(self.macros, name)(role))
                                  for name in PARTS})

    def parts_text(self, known: Collection[str]) -> dict[str, dict[str, str]]:
        """Return the parts this build used, as text by role hash (what `keep_parts` takes),
        but those under the hashes in `known`."""
        return {key: {name: str(getattr(found, name)) for name in PARTS}
                for key, found in self.used.items() if key not in known}

    def warm(self, inputs: Inputs) -> None:
        """Make every role's parts now, so that forked workers share them."""
        for slug, role in inputs.prepared.items():
            self.parts(role)
            self.charts.role(role.role)
            self.skills.role(role.role)
            self.related_lists(role, inputs.related(slug))
            self.kin.items(role)

    def html(self, template: str, page: Page, data: View, **context: Any) -> bytes:
        """Return `template` rendered for `page` in UTF-8, with what every page has besides
        `context`.

        Each piece the template yields is encoded, then the bytes joined: joined as text, a
        page takes two bytes a character from its first non-Latin-1 one (the breadcrumbs'
        U+203A), and such a string encodes at a quarter of the speed of the ASCII pieces it
        is mostly made of (a tenth of a comparison page's work went to joining and encoding).

        The pieces are drawn from the template's render function as `Template.render` does,
        not through `Template.generate`, a generator around it that every piece (a hundred a
        comparison page) passed through once more.
        """
        site = data.site
        link = rooted_links(site.base_url) if page.kind == "notfound" else relative_links(
            page.url, site.pretty_urls)

        def asset(name: str) -> str:
            data.read("static")
            return f"{link('/static/' + name)}?v={self.version}"

        found = self.templates[template]
        context.update(site=site, page=page, link=link, asset=asset,
                       canonical=canonical_url(site.base_url, page.url),
                       family_url=data.families().url)
        try:
            return b"".join(map(str.encode, found.root_render_func(found.new_context(context))))
        except Exception:  # raised again, naming the template's lines (as `render` does)
            found.environment.handle_exception()

    def is_thin(self, a: PreparedRole, b: PreparedRole, site: Site) -> bool:
        """Return whether the comparison of `a` and `b` shares too few known figures to be
        worth a search engine's index (the site's `min_shared_figures`)."""
        return len(self.known(a) & self.known(b)) < site.min_shared_figures

    def known(self, role: PreparedRole) -> frozenset[str]:
        """Return the names of the figures a role gives (`known_figures`), made once."""
        found = self._known.get(role.slug)
        if found is None:
            found = self._known[role.slug] = known_figures(role.role)
        return found

    def standing(self, role: PreparedRole, data: View) -> list[str]:
        """Return where a role stands among all the site's roles, in words, made once."""
        slug = role.slug
        found = data.standing(slug)  # read on every page, made once
        if slug not in self._standing:
            self._standing[slug] = standing_sentences(role.title, found)
        return self._standing[slug]

    def standing_line(self, role: PreparedRole, data: View) -> tuple[str, str] | None:
        """Return where a role stands among all the site's roles, as standing_summary's
        (among, clause) for a page of two roles, or None; made once."""
        slug = role.slug
        found = data.standing(slug)  # read on every page, made once
        if slug not in self._summary:
            self._summary[slug] = standing_summary(role.title, found)
        return self._summary[slug]

    def comparison_items(self, role: PreparedRole, others: list[Card]) -> Markup:
        """Return a list item linking a role's page to each comparison in `others`, titled
        by the partner: one join, as a template loop over every partner costs 20 µs each."""
        link, slug = self.deep_link, role.slug
        return html_markup("".join([f'<li><a href="{link(pair_url(slug, other.slug))}">'
                               f"{escaped(other.title)}</a></li>\n" for other in others]))

    def related_links(self, data: View, role: PreparedRole, partner: PreparedRole) -> Markup:
        """Return links to a few other comparisons of `role`, leaving out `partner`."""
        lists = self.related_lists(role, data.related(role.slug))
        return lists.get(partner.slug, lists[None])

    def related_lists(self, role: PreparedRole,
                      related: tuple[Card, ...]) -> dict[str | None, Markup]:
        """Return the list items a role's comparisons link to others with, joined, made once:
        under a partner's slug the list that leaves that partner out, under None the list
        for every other partner (none of the related is left out).

        A comparison page shows two such lists: joined once per role rather than filtered
        and joined again on each of its comparisons.
        """
        made_from = (role.title, related)
        slug = role.slug
        found = self._related.get(slug)
        if found is None or found[0] != made_from:
            items = self.related_items(role, related)
            count = self.site.related_per_role
            lists: dict[str | None, Markup] = {
                left_out: join_markup([li for other, li in items if other != left_out][:count])
                for left_out, _ in items}
            lists[None] = join_markup([li for _, li in items[:count]])
            found = self._related[slug] = made_from, lists
        return found[1]

    def related_items(self, role: PreparedRole,
                      related: tuple[Card, ...]) -> list[tuple[str, Markup]]:
        """Return (partner, list item) for the comparisons a role's pages link to."""
        return [(other.slug, fill('<li><a href="{}">vs {}</a>',
                    # from one comparison to another: a sibling folder
                    "../" + self.deep_link(pair_url(role.slug, other.slug)).removeprefix(
                        "../../compare/"),
                    other.title))  # under the heading that names `role`
                for other in related]


def join_markup(items: list[Markup]) -> Markup:
    """Return markup items joined as markup: as text, not through `Markup.join`, which
    escapes each again."""
    return html_markup("".join(items))
