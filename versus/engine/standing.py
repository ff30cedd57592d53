"""Where each role stands among all the site's roles: computed once a build, from every role.

"Pays more than 72% of the 832 roles on this site whose pay is known." Shares are whole
percents rounded down, so that what a page says is never more than the truth, and so that a
small change in one role's pay changes only the pages whose shown figure moves.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .model import Role

MINIMUM = 3  # fewer roles with a figure than this, and a standing says nothing worth saying
TENTHS_FROM = 20  # "among the fastest-growing 10%" of fewer roles than this means little


@dataclass(frozen=True, slots=True)
class Standing:
    """Where one role stands on one figure among the roles of the site that have it."""

    below: int  # percent (0-100, rounded down) of the other roles whose figure is lower
    above: int  # percent (0-100, rounded down) of the other roles whose figure is higher
    known: int  # how many roles of the site have the figure, this one included


# What each standing is about, and how to read it from a role.
FIGURES: dict[str, Callable[[Role], float | None]] = {
    "pay": lambda role: role.salary.yearly,  # the average (mean) salary, USD a year
    "growth": lambda role: role.outlook.growth_rate,  # projected growth, percent
    "jobs": lambda role: role.outlook.jobs,  # people employed
}


def standings(roles: Sequence[Role]) -> dict[str, dict[str, Standing]]:
    """Return, per slug, the role's standing on each figure it has (see FIGURES).

    Figures come from the role files; a role without a figure has no standing on it, and
    no figure known by fewer than MINIMUM roles gets standings at all.
    """
    result: dict[str, dict[str, Standing]] = {role.slug: {} for role in roles}
    for figure, read in FIGURES.items():
        known = [(value, role.slug) for role in roles if (value := read(role)) is not None]
        if len(known) < MINIMUM:
            continue
        values = sorted(value for value, _ in known)
        others = len(values) - 1
        for value, slug in known:
            lower = bisect.bisect_left(values, value)
            higher = len(values) - bisect.bisect_right(values, value)
            result[slug][figure] = Standing(100 * lower // others, 100 * higher // others,
                                            len(values))
    return result


# Per figure: (what the role does, its top, its bottom, what the roles compared have known).
WORDS = {
    "pay": ("pays more than", "pays the most", "pays the least", "whose pay is known"),
    "growth": ("is projected to grow faster than", "is projected to grow fastest",
               "is projected to grow slowest", "whose growth is known"),
    "jobs": ("employs more people than", "employs the most people",
             "employs the fewest people", "whose number of jobs is known"),
}


def standing_sentences(title: str, found: dict[str, Standing]) -> list[str]:
    """Return what a role's standings say, in words: one sentence a figure it has.

    `title` is the role's title, singular ("Registered Nurse"). Growth at either end says
    so by tenths: "among the fastest-growing 10%".
    """
    figures = [figure for figure in WORDS if figure in found]
    return [f"It {standing_clause(figure, found[figure], '')}." if i else
            f"The {title} role {standing_clause(figure, found[figure], ' on this site')}."
            for i, figure in enumerate(figures)]


def standing_clause(figure: str, standing: Standing, where: str) -> str:
    """Return where a role stands on `figure`: "pays more than 72% of the 832 roles{where}..."."""
    more, top, bottom, known = WORDS[figure]
    roles = f"the {standing.known:,} roles{where} {known}"
    if standing.below == 100:
        return f"{top} of {roles}"
    if standing.above == 100:
        return f"{bottom} of {roles}"
    tenths = figure == "growth" and standing.known >= TENTHS_FROM
    if tenths and standing.above < 10:
        return f"is among the fastest-growing 10% of {roles}"
    if tenths and standing.below < 10:
        return f"is among the slowest-growing 10% of {roles}"
    return f"{more} {standing.below}% of {roles}"
