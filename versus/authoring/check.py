"""A content folder and the templates checked as a build would use them, writing nothing."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..engine.content import Content, load_content
from ..engine.model import ContentError, Page, Problem, Role
from ..engine.pairs import Pairing
from ..engine.plan import iter_content_pages
from ..engine.prepare import PreparedRoles
from ..engine.render import Renderer, make_environment, template_problem
from .lint import content_warnings


def template_problems(templates: Path) -> list[Problem]:
    """Return a problem for every template file that does not compile."""
    env = make_environment(templates)
    problems = []
    for name in env.list_templates():
        try:
            env.get_template(name)
        except jinja2.TemplateError as error:
            problems.append(template_problem(error, templates))
    return problems


def sample_pages(roles: tuple[Role, ...], pairing: Pairing) -> list[Page]:
    """Return one page of each kind a template renders (index, role, pair, 404), and robots."""
    first: dict[str, Page] = {}
    for page in iter_content_pages(roles, pairing):
        first.setdefault(page.kind, page)
        if page.kind == "pair":
            break
    return [*first.values(), Page("robots", "/robots.txt"), Page("notfound", "/404.html")]


def render_samples(content: Content, templates: Path, static: Path) -> None:
    """Render one page of each kind to memory; raise the first template error."""
    pairing = Pairing(content.roles, content.site.pairs, content.site.max_pairs_per_role)
    renderer = Renderer(content, pairing, templates, static, PreparedRoles(content.roles))
    for page in sample_pages(content.roles, pairing):
        renderer.render(page)


def check_site(folder: Path, templates: Path, static: Path) -> tuple[Content | None,
                                                                    list[Problem]]:
    """Return the content of `folder` and every problem found in it or in the templates."""
    problems = template_problems(templates)
    try:
        content = load_content(folder)
    except ContentError as error:
        return None, sorted(error.problems + problems)
    if not problems:
        try:
            render_samples(content, templates, static)
        except jinja2.TemplateError as error:
            problems.append(template_problem(error, templates))
    return content, problems


def lint_warnings(content: Content) -> list[Problem]:
    """Return the warnings about the content, sorted."""
    return sorted(content_warnings(content))
