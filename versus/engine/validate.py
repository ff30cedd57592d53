"""Loaded documents to roles and site settings, or the problems that stop the build."""

from __future__ import annotations

from pathlib import Path

import msgspec

from .load import Document, field_name
from .model import Problem, Role, Site
from .schema import SITE, Record, role_spec


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
        site = msgspec.structs.replace(site, base_url=site.base_url + "/")
    return site, []
