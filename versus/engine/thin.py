"""Thin comparisons: pairs whose two roles share too few known figures to be worth a search
engine's index. Their pages carry `noindex` and stay out of the sitemap."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .model import Role
from .pairs import Pairing

# The figures a comparison's tables set side by side, as read from a role file.
FIGURES: dict[str, Callable[[Role], object]] = {
    "salary.yearly": lambda r: r.salary.yearly,
    "salary.median": lambda r: r.salary.median,
    "salary.hourly": lambda r: r.salary.hourly,
    "salary.range": lambda r: r.salary.range,
    "outlook.growth_rate": lambda r: r.outlook.growth_rate,
    "outlook.jobs": lambda r: r.outlook.jobs,
    "outlook.openings": lambda r: r.outlook.openings,
    "job_satisfaction": lambda r: r.job_satisfaction,
    "years_to_become": lambda r: r.years_to_become,
    "experience_years": lambda r: r.experience_years,
    "education.degree": lambda r: r.education.degree,
    "education.typical_entry": lambda r: r.education.typical_entry,
    "demographics.average_age": lambda r: r.demographics.average_age,
}


def known_figures(role: Role) -> frozenset[str]:
    """Return the names of the figures (FIGURES) the role's file gives."""
    return frozenset(name for name, read in FIGURES.items() if read(role) is not None)


def shared_figures(a: Role, b: Role) -> int:
    """Return how many figures both roles give."""
    return len(known_figures(a) & known_figures(b))


def is_thin(a: Role, b: Role, minimum: int) -> bool:
    """Return whether the comparison of `a` and `b` shares fewer than `minimum` figures."""
    return shared_figures(a, b) < minimum


def thin_test(roles: Sequence[Role], minimum: int) -> Callable[[str, str], bool]:
    """Return a test of whether the pair of two slugs is thin, each role's figures read once."""
    known = {role.slug: known_figures(role) for role in roles}
    return lambda a, b: len(known[a] & known[b]) < minimum


def count_thin(roles: Sequence[Role], pairing: Pairing, minimum: int) -> int:
    """Return how many of the pairing's comparison pages are thin."""
    if minimum <= 0:
        return 0
    thin = thin_test(roles, minimum)
    return sum(1 for a, b in pairing.iter_pairs() if thin(a, b))
