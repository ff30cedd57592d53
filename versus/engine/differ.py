"""Which figures of two roles differ, and which role's is higher: pure, from the role files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter
from typing import Literal

import msgspec
from markupsafe import Markup

from .model import Range, Role

Side = Literal["a", "b"]
Cells = Mapping[str, Markup]


def has_figures(role: Role) -> bool:
    """Return whether the role gives any figure at all: pay, outlook, education, people, time."""
    # Loops rather than any() over generators: asked twice a comparison page, and a
    # generator that any() leaves unfinished is closed when dropped, as costly as the test.
    for record in (role.salary, role.outlook, role.education, role.demographics):
        if is_given(record):
            return True
    for value in (role.job_satisfaction, role.years_to_become, role.experience_years):
        if value is not None:
            return True
    return False


def is_given(value: object) -> bool:
    """Return whether a field holds a figure: a record (wage percentiles) only if one of its
    fields does."""
    if value is None or value == ():
        return False
    if isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:  # noqa: SIM110 (an any() left unfinished costs, see has_figures)
            if is_given(getattr(value, name)):
                return True
        return False
    return True


def midpoint(span: Range | None) -> float | None:
    """Return the middle of a [low, high] span, or None when not known."""
    return None if span is None else (span[0] + span[1]) / 2


# Figures that rank, by the key of their table cell: the number that says which is higher.
# A field read as it is is read by an attrgetter, in C: an overview reads a dozen a page.
RANKED: dict[str, Callable[[Role], float | None]] = {
    "yearly": attrgetter("salary.yearly"),
    "median": attrgetter("salary.median"),
    "hourly": attrgetter("salary.hourly"),
    "range": lambda r: midpoint(r.salary.range),
    "growth": attrgetter("outlook.growth_rate"),
    "jobs": attrgetter("outlook.jobs"),
    "openings": attrgetter("outlook.openings"),
    "satisfaction": attrgetter("job_satisfaction"),
    "years_to_become": lambda r: midpoint(r.years_to_become),
    "experience": attrgetter("experience_years"),
    "age": attrgetter("demographics.average_age"),
    "lgbt": attrgetter("demographics.lgbt"),
}

# The word beside the higher figure of a row, where "higher" would read oddly.
HIGHER_WORDS = {"jobs": "more", "openings": "more", "years_to_become": "longer",
                "experience": "more", "age": "older"}


class RowOutcome(msgspec.Struct, frozen=True):
    """How the two figures of one row compare."""

    known: bool  # both roles give the figure
    differs: bool  # both known, and shown differently
    ahead: Side | None = None  # the role whose figure is higher, when the figure ranks


# The only outcomes there are, made once rather than once a row of every comparison.
UNKNOWN_ROW = RowOutcome(known=False, differs=False)
SAME_ROW = RowOutcome(known=True, differs=False)
DIFFERENT_ROW = RowOutcome(known=True, differs=True)
AHEAD_ROW: dict[Side, RowOutcome] = {side: RowOutcome(known=True, differs=True, ahead=side)
                                     for side in ("a", "b")}


def compare_row(key: str, a: Role, b: Role, cells_a: Cells, cells_b: Cells,
                unknown: Markup) -> RowOutcome:
    """Return how role `a` and role `b` compare on the figure whose cell key is `key`.

    Figures shown the same way are the same; a figure either role lacks is unknown, never
    different.
    """
    if cells_a[key] == unknown or cells_b[key] == unknown:
        return UNKNOWN_ROW
    if cells_a[key] == cells_b[key]:
        return SAME_ROW
    rank = RANKED.get(key)
    va, vb = (None, None) if rank is None else (rank(a), rank(b))
    if va is None or vb is None or va == vb:
        return DIFFERENT_ROW
    return AHEAD_ROW["a" if va > vb else "b"]


class DifferCount(msgspec.Struct, frozen=True):
    """How many of a table's figures differ."""

    differ: int  # known for both roles and different
    compared: int  # known for both roles
    one_sided: int  # known for one role only


def count_differences(outcomes: Iterable[RowOutcome]) -> DifferCount:
    """Return how many rows differ among those both roles know, and how many one role knows.

    Rows neither role knows are not shown, so the caller leaves them out.
    """
    # One loop, no list or generator: an overview counts its rows on every comparison page.
    rows = compared = differ = 0
    for outcome in outcomes:
        rows += 1
        if outcome.known:
            compared += 1
            differ += outcome.differs
    return DifferCount(differ=differ, compared=compared, one_sided=rows - compared)


def differ_sentence(count: DifferCount) -> str:
    """Return the count as a sentence: "5 of 7 figures differ; 2 are known for one role only"."""
    if count.compared == 0:
        first = "No figure is known for both roles"
    elif count.compared == 1:
        first = "The one figure known for both roles " + ("differs" if count.differ else
                                                          "is the same")
    else:
        first = f"{count.differ} of {count.compared} figures differ"
    if count.one_sided == 0:
        return first + "."
    more = " more" if count.compared else ""
    rest = f"1{more} is" if count.one_sided == 1 else f"{count.one_sided}{more} are"
    return f"{first}; {rest} known for one role only."
