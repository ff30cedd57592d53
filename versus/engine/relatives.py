"""Related occupations, each with the URL of the site's own role for it, where it has one."""

from __future__ import annotations

from collections.abc import Mapping

from .model import RelatedRole, Role

Relative = tuple[str, str | None]  # title, and the site URL of its role page or None


def relative(related: RelatedRole, urls: Mapping[str, str]) -> Relative:
    """Return a related occupation's title and the site URL of the role with its SOC code,
    title or slug (`urls` maps each of those to a URL), or None when the site has none."""
    keys = (related.soc_code or "", related.title.casefold())
    return related.title, next((urls[key] for key in keys if key in urls), None)


def relatives(role: Role, urls: Mapping[str, str]) -> tuple[Relative, ...]:
    """Return the role's related occupations, the most related first, never the role itself."""
    return tuple(relative(r, urls) for r in role.related
                 if r.soc_code is None or r.soc_code != role.soc_code)
