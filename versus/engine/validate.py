"""Loaded documents to roles and site settings, or the problems that stop the build."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .load import Document, field_name
from .model import Problem, Role, Site
from .schema import SITE, Record, role_spec

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def slug_words(title: str) -> list[str]:
    """Return the words a title's slug is made of: lower-case ASCII letters and digits."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    text = ascii_text.lower().replace("&", " and ").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def slug_problem(stem: str) -> str | None:
    """Return why `stem` cannot be a slug, or None when it can."""
    if not SLUG.match(stem):
        return "a role file's name must be its slug: lower-case a-z, 0-9 and single hyphens"
    if "vs" in stem.split("-"):
        return "a slug may not contain the word 'vs'; it separates the roles in compare URLs"
    return None


def check_record(spec: Record, doc: Document) -> list[Problem]:
    """Return the problems of `doc` against `spec`, each with its line."""
    return [
        Problem(doc.path, doc.line_of(where), field_name(where), message)
        for where, message in spec.check(doc.data, ())
    ]


def yaml12_problems(doc: Document) -> list[Problem]:
    """Return a problem for each value that YAML 1.2 editors read otherwise than the build:
    the editors' JSON Schema and the build must judge one document, not two."""
    return [Problem(doc.path, doc.line_of(where), field_name(where), hint)
            for where, hint in doc.hints.items()]


def validate_role(doc: Document, slug: str, source: Path | None = None) -> tuple[
        Role | None, list[Problem]]:
    """Return the role `doc` describes, or None and its problems."""
    spec = role_spec(slug, source)
    problems = check_record(spec, doc)
    problems += yaml12_problems(doc)
    if problems:
        return None, problems
    role: Role = spec.build(doc.data)
    return role, []


def validate_site(doc: Document) -> tuple[Site | None, list[Problem]]:
    """Return the site settings `doc` describes, or None and its problems."""
    problems = check_record(SITE, doc)
    if problems:
        return None, problems
    site: Site = SITE.build(doc.data)
    if not site.base_url.endswith("/"):
        site = dataclasses.replace(site, base_url=site.base_url + "/")
    return site, []


def title_key(title: str) -> str:
    """Return a title as a reader sees it: case, spacing, width and invisible marks ignored."""
    visible = "".join(c for c in unicodedata.normalize("NFKC", title)
                      if unicodedata.category(c) != "Cf")  # zero-width spaces, bidi marks
    return " ".join(visible.casefold().split())


def check_titles(roles: Iterable[tuple[Role, str, int]]) -> list[Problem]:
    """Return a problem for each role whose title an earlier role (by slug) already has."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for role, path, line in sorted(roles, key=lambda found: found[0].slug):
        first = seen.setdefault(title_key(role.title), role.slug)
        if first != role.slug:
            problems.append(Problem(path, line, "title",
                                    f"{role.title!r} is also the title of {first}"))
    return problems
