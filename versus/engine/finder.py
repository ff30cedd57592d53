"""The search index: every role and which pairs have a page, as one small JSON document.

The index page's "compare two roles" picker and the 404 page read it, so that they offer
only comparisons that exist, whatever the pair policy and its cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .model import Role
from .pairs import Pairing
from .structured import safe_json

VERSION = 1
SCRIPT_NAME = "versusSearchIndex"  # the global the script form of the index sets


def also_known_as(role: Role) -> tuple[str, ...]:
    """Return the other names a role is known by; none until the format has the field."""
    return tuple(getattr(role, "also_known_as", None) or ())


def role_entry(role: Role, families: dict[str, int]) -> list[Any]:
    """Return a role as [slug, title, family index or null], plus its other names if any."""
    entry: list[Any] = [role.slug, role.title,
                        families[role.category] if role.category else None]
    names = also_known_as(role)
    return [*entry, list(names)] if names else entry


def pair_groups(slugs: Sequence[str], pairing: Pairing) -> list[int] | None:
    """Return a group number per role when two roles have a page exactly when they share
    a group (as under `pairs: all` or `pairs: category` without a cap); else None.

    Numbered as met in `slugs`. Told by the pairing when it can: asking each role's partners
    is N * N checks (690,000 at 832 roles, on every edit that renders the index again).
    """
    shared = pairing.groups()
    if shared is not None and all(slug in shared for slug in slugs):
        numbers: dict[str, int] = {}
        return [numbers.setdefault(shared[slug], len(numbers)) for slug in slugs]
    group: dict[str, int] = {}
    for slug in slugs:
        if slug in group:
            continue
        members = {slug, *pairing.partners(slug)}
        if any(m in group for m in members) or any(
                {m, *pairing.partners(m)} != members for m in members):
            return None
        number = len(set(group.values()))
        group.update(dict.fromkeys(members, number))
    return [group[s] for s in slugs]


def pair_lists(slugs: Sequence[str], pairing: Pairing) -> list[list[int]]:
    """Return, per role, the indexes of the later roles it has a comparison page with."""
    index = {slug: i for i, slug in enumerate(slugs)}
    return [sorted(index[p] for p in pairing.partners(slug) if index[p] > i)
            for i, slug in enumerate(slugs)]


def search_index(roles: Sequence[Role], pairing: Pairing) -> dict[str, Any]:
    """Return the search index of a site.

    {"version": 1, "families": [name, ...], "roles": [[slug, title, family index or null,
    (other names)], ...] in slug order, "pairs": {"groups": [group per role]} or
    {"lists": [[later role index, ...] per role]}}.
    """
    ordered = sorted(roles, key=lambda r: r.slug)
    names = sorted({r.category for r in ordered if r.category})
    families = {name: i for i, name in enumerate(names)}
    slugs = [r.slug for r in ordered]
    groups = pair_groups(slugs, pairing)
    pairs = {"groups": groups} if groups is not None else {"lists": pair_lists(slugs, pairing)}
    return {"version": VERSION, "families": names,
            "roles": [role_entry(r, families) for r in ordered], "pairs": pairs}


def index_json(index: dict[str, Any]) -> str:
    """Return the search index as compact JSON, the same text for the same index.

    Role text in it never looks like markup (`<` is written \\u003c), should a host ever
    serve the file as HTML.
    """
    return safe_json(index) + "\n"


def index_script(index: dict[str, Any]) -> str:
    """Return the search index as a script setting a global, for pages opened from disk,
    where a browser refuses to fetch the JSON file.

    JSON is valid JavaScript, and the file is loaded by its own URL, never inlined in HTML.
    """
    return f"window.{SCRIPT_NAME}={safe_json(index, ascii_only=True)};\n"
