"""The occupation data beyond the first import: wage percentiles, how to become one, who does
the job (CPS) and related occupations (O*NET), each as role file fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from .titles import fit_title, singular_title

Row = dict[str, str]

RELATED = 20  # O*NET lists 20 related occupations; rows made from several lists have more
CPS_URL = "https://www.bls.gov/cps/aa2023/cpsaat11.htm"
# EP Table 5.3's columns, as the levels a reader knows them by.
ATTAINMENT = {
    "less_than_high_school_pct": "Less than a high school diploma",
    "high_school_pct": "High school diploma or equivalent",
    "some_college_pct": "Some college, no degree",
    "associates_pct": "Associate's degree",
    "bachelors_pct": "Bachelor's degree",
    "masters_pct": "Master's degree",
    "doctoral_or_professional_pct": "Doctoral or professional degree",
}
DEMOGRAPHICS = {"women": "women_pct", "white": "white_pct", "black": "black_pct",
                "asian": "asian_pct", "hispanic": "hispanic_pct", "median_age": "median_age"}


def number(text: str) -> int | float | None:
    """Return a CSV figure as a number (whole when it is), or None when the cell is blank."""
    if not text.strip():
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


def percentiles(row: Row, kind: str, median: str) -> dict[str, Any]:
    """Return the 10th-90th percentiles of `kind` (annual or hourly) wages, USD."""
    return {"p10": number(row[f"p10_{kind}"]), "p25": number(row[f"p25_{kind}"]),
            "p50": number(row[median]), "p75": number(row[f"p75_{kind}"]),
            "p90": number(row[f"p90_{kind}"])}


def published_only(row: Row) -> str | None:
    """Return "annual" or "hourly" when BLS publishes only that kind of wage, else None."""
    if row["annual_only"] == "true":
        return "annual"
    return "hourly" if row["hourly_only"] == "true" else None


def pay(row: Row) -> dict[str, Any]:
    """Return the pay fields OEWS adds to the mean, median and range: percentiles, basis."""
    return {"percentiles": percentiles(row, "annual", "median_annual_wage"),
            "hourly_percentiles": percentiles(row, "hourly", "median_hourly_wage"),
            "published_only": published_only(row)}


def becoming(row: Row, attainment: Row | None) -> dict[str, Any]:
    """Return how one becomes one: EP's experience and training, the Job Zone, attainment."""
    shares = {} if attainment is None else {
        label: number(attainment[column]) for column, label in ATTAINMENT.items()
        if number(attainment[column]) is not None}
    return {"work_experience": needed(row["work_experience"]),
            "on_the_job_training": needed(row["on_the_job_training"]),
            "job_zone": number(row["job_zone"]),
            "attainment": shares}


def needed(category: str) -> str | None:
    """Return an EP category as a page shows it: "Not needed" rather than a bare "None"."""
    # A bare "None" reads as a figure that is missing, which it is not.
    return "Not needed" if category == "None" else category or None


def demographics(row: Row | None) -> dict[str, Any]:
    """Return who does the job from the CPS, naming the broader group a shared figure is for."""
    if row is None:
        return {}
    figures = {name: number(row[column]) for name, column in DEMOGRAPHICS.items()}
    if all(value is None for value in figures.values()):
        return {}  # suppressed (a base under 50,000) or spread over several CPS rows
    group = row["cps_title"] if row["match"] == "group" else None
    return {**figures, "group": group,
            "source": f"BLS Current Population Survey, {row['year']} annual averages"}


def cps_source(year: str, retrieved: dt.date) -> dict[str, Any]:
    """Return the `sources` entry of the CPS demographics."""
    # The Census Bureau's 2018 crosswalk matched CPS occupations to SOC codes: data/us/README.md.
    return {"name": f"U.S. Bureau of Labor Statistics, Current Population Survey, {year} "
                    "annual averages, Tables 11 and 11b",
            "url": CPS_URL, "retrieved": retrieved}


def related(rows: Iterable[Row], titles: Mapping[str, str]) -> list[dict[str, Any]]:
    """Return O*NET's related occupations, most related first, as the site titles them.

    `titles` holds the job title of every occupation imported; one outside them (when only
    part of the data is imported) is titled from its published title alone.
    """
    ranked = sorted(rows, key=lambda r: (int(r["onet_index"]), r["related_soc_code"]))
    return [{"title": titles.get(r["related_soc_code"]) or fit_title(singular_title(
        r["related_title"])), "soc_code": r["related_soc_code"]} for r in ranked[:RELATED]]


def also_known_as(row: Row, title: str) -> list[str]:
    """Return EP's sample job titles, without the role's own title."""
    names = [n.strip() for n in row["ep_sample_titles"].split(";") if n.strip()]
    return [n for n in dict.fromkeys(names) if n.casefold() != title.casefold()]


def by_soc(rows: Iterable[Row]) -> dict[str, list[Row]]:
    """Return rows grouped by SOC code, in the data's order."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row["soc_code"], []).append(row)
    return groups
