"""What the index's "compare two roles" picker needs to know of the site's pairs. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from .pairs import Pairing
from .prepare import PreparedRole


def partner_lists(roles: Sequence[PreparedRole], pairing: Pairing) -> dict[str, str] | None:
    """Return, by slug, the places in `roles` of each role's partners ("3 17 42"), or None when
    the picker can tell a pair from the policy alone (every pair, or one category)."""
    if pairing.cap is None:
        return None
    place = {role.slug: str(i) for i, role in enumerate(roles)}
    return {role.slug: " ".join(sorted((place[p] for p in pairing.partners(role.slug)), key=int))
            for role in roles}
