"""US occupation data (BLS and O*NET, packed in data/us/) to role data, one map per occupation."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import details
from .details import number
from .titles import fit_title, plural_title, singular_title, slugify

Row = dict[str, str]

RETRIEVED = dt.date(2026, 11, 23)  # when ../shared/data/occupations was assembled
TASKS, SKILLS, TOOL_GROUPS, TOOL_EXAMPLES = 6, 8, 6, 4

# The files the importer reads and the columns it keeps from the shared data set.
FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "occupations": ("occupations.csv", (
        "soc_code", "title", "category", "mean_annual_wage", "mean_hourly_wage",
        "median_annual_wage", "p10_annual", "p90_annual", "growth_rate_pct",
        "ep_employment_2024", "annual_openings", "typical_education", "attainment_most_common",
        "attainment_most_common_pct", "onet_soc_code", "onet_codes", "description",
        # Added with the second part of the data set: kept after the first columns.
        "subcategory_code", "median_hourly_wage", "p25_annual", "p75_annual", "p10_hourly",
        "p25_hourly", "p75_hourly", "p90_hourly", "annual_only", "hourly_only",
        "work_experience", "on_the_job_training", "job_zone", "ep_sample_titles")),
    "tasks": ("occupation_tasks.csv", ("onet_soc_code", "task")),  # Core tasks only
    "skills": ("occupation_skills_onet.csv", ("onet_soc_code", "skill", "importance_0_100")),
    "technology": ("occupation_technology.csv", (
        "onet_soc_code", "example", "commodity_title", "hot_technology")),
    "attainment": ("occupation_education_attainment.csv", ("soc_code", *details.ATTAINMENT)),
    "demographics": ("occupation_demographics.csv", (
        "soc_code", "cps_title", "match", "women_pct", "white_pct", "black_pct", "asian_pct",
        "hispanic_pct", "median_age", "year")),
    "related": ("occupation_related.csv", (
        "soc_code", "related_soc_code", "related_title", "onet_index")),
}

ONET_CREDIT = (
    "This page includes information from the O\\*NET 29.2 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA). Used under the "
    "[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/) license. O\\*NET® is a "
    "trademark of USDOL/ETA. {modifier} has modified all or some of this information. "
    "USDOL/ETA has not approved, endorsed, or tested these modifications.")


def sources(modifier: str) -> list[dict[str, Any]]:
    """Return the role's `sources`: each data set with its year, and O*NET's credit line."""
    return [
        {"name": "U.S. Bureau of Labor Statistics, Occupational Employment and Wage "
                 "Statistics, May 2025", "url": "https://www.bls.gov/oes/tables.htm",
         "retrieved": RETRIEVED},
        {"name": "U.S. Bureau of Labor Statistics, Employment Projections 2024-34",
         "url": "https://data.bls.gov/projections/occupationProj", "retrieved": RETRIEVED},
        {"name": "U.S. Bureau of Labor Statistics, Employment Projections 2023-33, "
                 "Table 5.3 (educational attainment)",
         "url": "https://www.bls.gov/emp/tables/educational-attainment.htm",
         "retrieved": RETRIEVED},
        {"name": "O*NET 29.2 Database (February 2025), USDOL/ETA",
         "url": "https://www.onetcenter.org/database.html", "retrieved": RETRIEVED,
         "attribution": ONET_CREDIT.format(modifier=modifier)},
    ]


def read_table(folder: Path, name: str) -> list[Row]:
    """Return the rows of one packed table, `data/us/<name>.csv.gz`."""
    with gzip.open(folder / f"{name}.csv.gz", "rt", encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def pack_table(source: Path, columns: Iterable[str], keep: Any = None) -> bytes:
    """Return a shared CSV cut to `columns` (rows passing `keep`), gzipped reproducibly."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    columns = list(columns)
    writer.writerow(columns)
    with source.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            if keep is None or keep(row):
                writer.writerow([row[c] for c in columns])
    # mtime=0 and no file name: the same rows always give the same bytes.
    return gzip.compress(text.getvalue().encode("utf-8"), compresslevel=9, mtime=0)


def by_profile(rows: Iterable[Row]) -> dict[str, list[Row]]:
    """Return rows grouped by O*NET-SOC code, in the data's order."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row["onet_soc_code"], []).append(row)
    return groups


@dataclass(frozen=True)
class Data:
    """The packed data, indexed for the importer."""

    occupations: list[Row]
    tasks: dict[str, list[Row]]
    skills: dict[str, list[Row]]
    technology: dict[str, list[Row]]
    attainment: dict[str, list[Row]]  # by SOC code, as are the two below
    demographics: dict[str, list[Row]]
    related: dict[str, list[Row]]

    def profile_rows(self, table: dict[str, list[Row]], occupation: Row) -> list[Row]:
        """Return an occupation's rows: its own O*NET profile's, else its first with any."""
        # The 12 codes BLS publishes only as combinations have no profile of their own;
        # they take the first profile that rolls up to them (O*NET's lowest code).
        codes = [occupation["onet_soc_code"]] if occupation["onet_soc_code"] else (
            occupation["onet_codes"].split(";"))
        return next((table[c] for c in codes if c in table), [])


def load_data(folder: Path) -> Data:
    """Return the packed data in `folder`."""
    return Data(read_table(folder, "occupations"),
                by_profile(read_table(folder, "tasks")),
                by_profile(read_table(folder, "skills")),
                by_profile(read_table(folder, "technology")),
                *(details.by_soc(read_table(folder, name))
                  for name in ("attainment", "demographics", "related")))


def markdown_text(text: str) -> str:
    """Return plain text escaped so that Markdown shows it as it is."""
    return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", " ".join(text.split()))


def drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    """Return `data` without fields that are None or empty, nested maps included."""
    kept = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = drop_empty(value)
        if value not in (None, {}, []):
            kept[key] = value
    return kept


def salary(row: Row) -> dict[str, Any]:
    """Return `salary`: mean wages, the 10th-90th percentile range and the median."""
    low, high = number(row["p10_annual"]), number(row["p90_annual"])
    return {"yearly": number(row["mean_annual_wage"]),
            "hourly": number(row["mean_hourly_wage"]),
            "range": None if low is None or high is None else [low, high],
            "median": number(row["median_annual_wage"])}


def outlook(row: Row) -> dict[str, Any]:
    """Return `outlook`: growth 2024-34, jobs in 2024 and openings a year, all from EP."""
    # EP rather than OEWS jobs: EP counts the self-employed too and is the base its
    # growth rate and openings are figured on.
    return {"growth_rate": number(row["growth_rate_pct"]),
            "jobs": number(row["ep_employment_2024"]),
            "openings": openings(row)}


def openings(row: Row) -> float | None:
    """Return the job openings a year, None where EP gives 0: it publishes them in
    thousands with one decimal, so 0 is fewer than 50 a year, not none, and a page
    saying "0" would be wrong (4 occupations, such as Pediatric Surgeons)."""
    found = number(row["annual_openings"])
    return None if found == 0 else found


def education(row: Row) -> dict[str, Any]:
    """Return `education`: the most common attainment, its share, and the typical entry."""
    return {"degree": row["attainment_most_common"] or None,
            "degree_share": number(row["attainment_most_common_pct"]),
            "typical_entry": row["typical_education"] or None}


def responsibilities(rows: list[Row]) -> list[str]:
    """Return the first Core tasks (pack keeps only those) in O*NET's own order."""
    # O*NET lists an occupation's tasks most important first; `incumbents_responding`
    # counts survey replies, nearly the same for every task, so it ranks nothing.
    core = [markdown_text(r["task"]) for r in rows]
    return list(dict.fromkeys(core))[:TASKS]


def skills(rows: list[Row]) -> list[dict[str, Any]]:
    """Return the most important skills with O*NET's 0-100 importance, most important first."""
    ranked = sorted(rows, key=lambda r: -float(r["importance_0_100"]))  # stable: O*NET's order
    return [{"name": r["skill"], "importance": number(r["importance_0_100"])}
            for r in ranked[:SKILLS]]


def tools(rows: list[Row]) -> list[dict[str, Any]]:
    """Return the kinds of software used most, each with a few examples, hot ones first."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row["commodity_title"], []).append(row)
    kinds = sorted(groups, key=lambda k: (-len(groups[k]), k))[:TOOL_GROUPS]
    return [{"category": kind, "examples": list(dict.fromkeys(
        r["example"] for r in sorted(groups[kind], key=lambda r: r["hot_technology"] != "Y")
    ))[:TOOL_EXAMPLES]} for kind in kinds]


def role_data(row: Row, data: Data, titles: dict[str, str], modifier: str) -> dict[str, Any]:
    """Return the role file's fields for one occupation, in the format's order."""
    code, title = row["soc_code"], titles[row["soc_code"]]
    cps_row = first(data.demographics.get(code))
    people = details.demographics(cps_row)
    cps = [details.cps_source(cps_row["year"], RETRIEVED)] if people and cps_row else []
    return drop_empty({
        "title": title,
        "title_plural": plural_title(row["title"], title),
        "soc_code": code,
        "category": row["category"] or None,
        "summary": markdown_text(row["description"]) or None,
        "salary": {**salary(row), **details.pay(row)},
        "outlook": outlook(row),
        "education": {**education(row),
                      **details.becoming(row, first(data.attainment.get(code)))},
        "demographics": people,
        "responsibilities": responsibilities(data.profile_rows(data.tasks, row)),
        "skills": skills(data.profile_rows(data.skills, row)),
        "tools": tools(data.profile_rows(data.technology, row)),
        "related": details.related(data.related.get(code, []), titles),
        "also_known_as": details.also_known_as(row, title),
        "sources": sources(modifier)[:3] + cps + sources(modifier)[3:],
        "updated": RETRIEVED,
    })


def first(rows: list[Row] | None) -> Row | None:
    """Return the first of `rows`, or None when there are none."""
    return rows[0] if rows else None


def job_titles(rows: list[Row]) -> dict[str, str]:
    """Return each occupation's job title by SOC code: singular, unless that is taken."""
    singular = {r["soc_code"]: fit_title(singular_title(r["title"])) for r in rows}
    counts: dict[str, int] = {}
    for title in singular.values():
        counts[title.casefold()] = counts.get(title.casefold(), 0) + 1
    return {r["soc_code"]: singular[r["soc_code"]] if counts[
        singular[r["soc_code"]].casefold()] == 1 else r["title"] for r in rows}


def slugs(titles: dict[str, str]) -> dict[str, str]:
    """Return each occupation's slug by SOC code; a slug two titles share gets the code."""
    plain = {code: slugify(title) for code, title in titles.items()}
    counts: dict[str, int] = {}
    for slug in plain.values():
        counts[slug] = counts.get(slug, 0) + 1
    return {code: slug if counts[slug] == 1 else f"{slug}-{code}"
            for code, slug in plain.items()}


def iter_roles(data: Data, modifier: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (slug, role data) for every occupation, in SOC code order."""
    titles = job_titles(data.occupations)
    slug_of = slugs(titles)
    for row in sorted(data.occupations, key=lambda r: r["soc_code"]):
        code = row["soc_code"]
        yield slug_of[code], role_data(row, data, titles, modifier)
