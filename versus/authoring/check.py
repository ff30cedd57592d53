"""A content folder and the templates checked as a build would use them, writing nothing."""

from __future__ import annotations

from pathlib import Path

from ..engine.build import page_renderer
from ..engine.content import Content, load_content
from ..engine.model import ContentError, Page, Problem
from ..engine.pages import KINDS
from ..engine.pairs import Pairing
from ..engine.rebuild import root_file_problems
from .lint import content_warnings


def template_problems(templates: Path) -> list[Problem]:
    """Return a problem for every template file that does not compile."""
    import jinja2  # here, not at the top: a build that renders nothing never imports it

    from ..engine.render import make_environment, template_problem

    env = make_environment(templates)
    problems = []
    for name in env.list_templates():
        try:
            env.get_template(name)
        except jinja2.TemplateError as error:
            problems.append(template_problem(error, templates))
    return problems


def sample_pages(pairing: Pairing) -> list[Page]:
    """Return the first page of each kind the plan has: one of each a template renders."""
    first: dict[str, Page] = {}
    for kind in KINDS.values():
        page = next(kind.plan(pairing), None)
        if page is not None:
            first[kind.name] = page
    return list(first.values())


def render_samples(content: Content, templates: Path, static: Path) -> None:
    """Render one page of each kind to memory; raise ContentError naming a failing template."""
    pairing, render = page_renderer(content, templates, static)
    for page in sample_pages(pairing):
        render(page)


def check_site(folder: Path, templates: Path, static: Path) -> tuple[Content | None,
                                                                    list[Problem]]:
    """Return the content of `folder` and every problem found in it or in the templates."""
    problems = template_problems(templates) + root_file_problems(folder)
    try:
        content = load_content(folder)
    except ContentError as error:
        return None, sorted(error.problems + problems)
    if not problems:
        try:
            render_samples(content, templates, static)
        except ContentError as error:
            problems += error.problems
    return content, problems


def lint_warnings(content: Content) -> list[Problem]:
    """Return the warnings about the content, sorted."""
    return sorted(content_warnings(content))
