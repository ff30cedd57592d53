"""Table cells and notes for the figures official data adds: wage percentiles, who does the
job (with the survey, year and group it is for) and how to become one. Pure; made once a role."""

from __future__ import annotations

from markupsafe import Markup, escape

from . import numbers
from .model import Demographics, Education, Percentiles, Role, Salary

PERCENTILES = (("p10", "10th percentile"), ("p25", "25th percentile"),
               ("p50", "Median (50th percentile)"), ("p75", "75th percentile"),
               ("p90", "90th percentile"))
# The keys under which the hourly percentiles sit among a role's cells: "hp10" ...
HOURLY = tuple((f"h{key}", label) for key, label in PERCENTILES)
PEOPLE = (("women", "Women"), ("white", "White"), ("black", "Black"), ("asian", "Asian"),
          ("hispanic", "Hispanic or Latino"))
# O*NET's names for its five Job Zones (onetonline.org/help/online/zones).
JOB_ZONES = {1: "little or no preparation needed", 2: "some preparation needed",
             3: "medium preparation needed", 4: "considerable preparation needed",
             5: "extensive preparation needed"}
KINDS = {"annual": "yearly", "hourly": "hourly"}


def published_only(kind: str) -> Markup:
    """Return the cell of a wage the source does not publish for the role: said, not missing."""
    return Markup('<span class="na">{}</span>').format(f"published as {kind} wages only")


def wage_cell(value: float | None, kind: str, salary: Salary) -> Markup | None:
    """Return a wage cell: the figure, the note that the source publishes only the other kind,
    or None when simply not known. `kind` is "annual" or "hourly"."""
    if value is not None:
        return escape(numbers.money(value))
    other = {"annual": "hourly", "hourly": "annual"}[kind]
    return published_only(other) if salary.published_only == other else None


def percentile_cells(salary: Salary) -> dict[str, Markup | None]:
    """Return the annual (p10...) and hourly (hp10...) percentile cells, USD."""
    cells: dict[str, Markup | None] = {}
    for table, kind, keys in ((salary.percentiles, "annual", PERCENTILES),
                              (salary.hourly_percentiles, "hourly", HOURLY)):
        for (key, _), (_, value) in zip(keys, _all(table), strict=True):
            cells[key] = wage_cell(value, kind, salary) if table.known() else None
    return cells


def _all(table: Percentiles) -> tuple[tuple[str, float | None], ...]:
    """Return every percentile of `table`, known or not, lowest first."""
    return tuple((key, getattr(table, key)) for key, _ in PERCENTILES)


def pay_note(salary: Salary) -> str:
    """Return what a reader should know about how the wages are published, or ""."""
    if salary.published_only == "annual":
        return "Wages for this occupation are published as annual wages only, not hourly."
    if salary.published_only == "hourly":
        return "Wages for this occupation are published as hourly wages only, not annual."
    return ""


def people_cells(people: Demographics) -> dict[str, Markup | None]:
    """Return the shares of women and of each group, percent, and the median age in years."""
    # One decimal, as BLS publishes them: "47.0%" and "0.0%" (a share that rounds to 0.0).
    cells: dict[str, Markup | None] = {
        key: None if getattr(people, key) is None else escape(f"{getattr(people, key):.1f}%")
        for key, _ in PEOPLE}
    cells["median_age"] = None if people.median_age is None else escape(
        f"{people.median_age:.1f} years")
    cells["people_group"] = None if all(value is None for value in cells.values()) else (
        escape(f"the broader group {people.group}") if people.group else escape(
            "this occupation"))
    return cells


def people_note(role: Role) -> Markup:
    """Return where the role's demographics come from and what group they are for, or ""."""
    people = role.demographics
    if all(getattr(people, key) is None for key, _ in (*PEOPLE, ("median_age", ""))):
        return Markup("")
    whose = (Markup("These figures are for the broader group <em>{}</em>, which includes "
                    "this occupation: the survey gives none for it alone. ").format(people.group)
             if people.group else Markup(""))
    source = Markup("Source: {}. ").format(people.source) if people.source else Markup("")
    race = ("Hispanic or Latino people may be of any race, so the shares need not add up "
            "to 100%." if people.hispanic is not None else "")
    return whose + source + race


def becoming_cells(education: Education) -> dict[str, Markup | None]:
    """Return how one becomes one: experience, training and the Job Zone with its meaning."""
    zone = education.job_zone
    return {
        "work_experience": _text(education.work_experience),
        "training": _text(education.on_the_job_training),
        "job_zone": None if zone is None else escape(
            f"{zone} of 5: {JOB_ZONES.get(zone, 'not described')}"),
    }


def _text(value: str | None) -> Markup | None:
    """Return a text figure escaped, or None."""
    return None if value is None else escape(value)
