"""A comparison's related occupations: those both roles have, listed once, then each one's own.

Two related roles often share most of their related occupations (O*NET relates a Taper and
a Terrazzo Worker to the same dozen trades), and listing them under both roles doubled the
longest part of the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from markupsafe import Markup

from .markup import fill, html_markup
from .prepare import PreparedRole


class KinLists(NamedTuple):
    """List items (`<li>`s, joined) of a pair's related occupations; each empty when none."""

    both: Markup  # related to both roles, in the first role's order (the most related first)
    a: Markup  # related to the first role only, in its order
    b: Markup  # related to the second role only, in its order


class Kin:
    """Makes each role's related occupations into list items once a build; splits them per pair."""

    def __init__(self, link: Callable[[str], str]) -> None:
        self.link = link  # a comparison's links to site URLs (it sits as deep as a role page)
        self._items: dict[str, tuple[tuple[str, Markup], ...]] = {}

    def items(self, role: PreparedRole) -> tuple[tuple[str, Markup], ...]:
        """Return (key, list item) for each related occupation of `role`, made once; the key
        is the URL of the site's role for it, or its title casefolded when the site has none."""
        found = self._items.get(role.slug)
        if found is None:
            found = self._items[role.slug] = tuple(
                (url or title.casefold(),
                 fill('<li><a href="{}">{}</a>', self.link(url), title) if url
                 else fill("<li>{}", title))  # </li>: implied by the next item
                for title, url in role.related)
        return found

    def split(self, a: PreparedRole, b: PreparedRole) -> KinLists:
        """Return the related occupations of `a` and `b`: both's, then each one's own; never
        the page's other role, which the page itself compares."""
        items_a, items_b = self.items(a), self.items(b)
        keys_a, keys_b = {key for key, _ in items_a}, {key for key, _ in items_b}
        not_a, not_b = keys_b | {b.url}, keys_a | {a.url}
        # Items are markup: joined as text, not through Markup.join, which escapes each again.
        return KinLists(both=html_markup("".join([i for key, i in items_a if key in keys_b])),
                        a=html_markup("".join([i for key, i in items_a if key not in not_a])),
                        b=html_markup("".join([i for key, i in items_b if key not in not_b])))
