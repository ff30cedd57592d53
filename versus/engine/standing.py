"""Where each role stands among all the site's roles: computed once a build, from every role.

"Pays more than 72% of the 832 roles on this site whose pay is known." Shares are whole
percents rounded down, so that what a page says is never more than the truth, and so that a
small change in one role's pay changes only the pages whose shown figure moves.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

import msgspec

from .model import Role

MINIMUM = 3  # fewer roles with a figure than this, and a standing says nothing worth saying
TENTHS_FROM = 20  # "among the fastest-growing 10%" of fewer roles than this means little


class Standing(msgspec.Struct, frozen=True):
    """Where one role stands on one figure among the roles of the site that have it."""

    below: int  # percent (0-100, rounded down) of the other roles whose figure is lower
    above: int  # percent (0-100, rounded down) of the other roles whose figure is higher
    known: int  # how many roles of the site have the figure, this one included
    # How many other roles' figures are lower when some are but `below` rounds them down to
    # 0%, else 0: such a role is not the last, and says how many it beats instead.
    few: int = 0


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
            below = 100 * lower // others
            result[slug][figure] = Standing(below, 100 * higher // others, len(values),
                                            0 if below else lower)
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
    roles = f"the {standing.known:,} roles{where} {WORDS[figure][3]}"
    return f"{standing_core(figure, standing)} of {roles}"


def standing_core(figure: str, standing: Standing) -> str:
    """Return where a role stands on `figure`, without the roles it stands among:
    "pays more than 72%", "pays the most", "is among the fastest-growing 10%"."""
    more, top, bottom, _ = WORDS[figure]
    if standing.below == 100:
        return top
    if standing.below == 0 and not standing.few:  # the last, alone or tied ("more than 0%" is odd)
        return bottom
    tenths = figure == "growth" and standing.known >= TENTHS_FROM
    if tenths and standing.above < 10:
        return "is among the fastest-growing 10%"
    if tenths and standing.below < 10:
        return "is among the slowest-growing 10%"
    if standing.few:  # some below it, under 1% of the others: how many ("more than 2")
        return f"{more} {standing.few:,}"
    return f"{more} {standing.below}%"


def standing_summary(title: str, found: dict[str, Standing]) -> tuple[str, str] | None:
    """Return a role's standings for a page that shows two roles, as (among, clause), or None:
    ("Of the 200 roles on this site whose figures are known", "Nurse pays more than 97%, is
    projected to grow faster than 81% and employs more people than 93%"). Each figure names
    its own count of roles when the counts differ. `pair_standings` joins two of them."""
    figures = [figure for figure in WORDS if figure in found]
    if not figures:
        return None
    counts = {found[figure].known for figure in figures}
    if len(counts) == 1:
        known = WORDS[figures[0]][3] if len(figures) == 1 else "whose figures are known"
        among = f"Of the {counts.pop():,} roles on this site {known}"
        clauses = [plain_core(figure, found[figure]) for figure in figures]
    else:
        among = "Of the roles on this site whose figures are known"
        clauses = [f"{standing_core(figure, found[figure])} of {found[figure].known:,}"
                   for figure in figures]
    listed = clauses[0] if len(clauses) == 1 else f"{', '.join(clauses[:-1])} and {clauses[-1]}"
    return among, f"{title} {listed}"


def plain_core(figure: str, standing: Standing) -> str:
    """Return `standing_core`, with "of them" after a share of growth or of jobs: "is
    projected to grow faster than 25%" alone would read as a growth rate, "employs more
    people than 50%" as a share of people; and after a count of roles ("pays more than 2")."""
    core = standing_core(figure, standing)
    # Only a share or a count starts with the comparison: "pays more than 40%", "... than 2".
    counted = core.startswith(WORDS[figure][0]) and (standing.few or figure in ("growth", "jobs"))
    return f"{core} of them" if counted else core


def pair_standings(a: tuple[str, str] | None, b: tuple[str, str] | None) -> str:
    """Return two roles' standings (see standing_summary) as one paragraph's text, or "":
    the roles they stand among said once when the same for both ("Of the 200 roles ..., A
    pays more than 97%...; B pays more than 4%..."), else a sentence for each."""
    known = [s for s in (a, b) if s]
    if len(known) == 2 and known[0][0] == known[1][0]:
        return f"{known[0][0]}, {known[0][1]}; {known[1][1]}."
    return " ".join(f"{among}, {clause}." for among, clause in known)
