"""Frozen data the build passes around: roles as the format describes them, pages, problems.

Records are frozen msgspec Structs rather than frozen dataclasses: they read and compare
the same, but a dataclass writes and compiles its methods when its module is imported
(about 4 million instructions each, a tenth of a one-role rebuild for the engine's
classes), where a Struct's are made in C; they also decode from the caches without Python.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec

# ContentError lives with the other errors; re-exported so `from .model import` keeps working
from .errors import ContentError as ContentError

# A figure as the file gives it: 37 and 37.0 are written differently on a page, so the
# caches must give back the one the file had (a plain float would turn 37 into 37.0).
Number = int | float
Range = tuple[Number, Number]
Shares = tuple[tuple[str, Number], ...]


class Percentiles(msgspec.Struct, frozen=True):
    """Wage percentiles as a source publishes them: p50 is the median. USD a year or an hour."""

    p10: Number | None = None
    p25: Number | None = None
    p50: Number | None = None
    p75: Number | None = None
    p90: Number | None = None

    def known(self) -> tuple[tuple[int, float], ...]:
        """Return (percentile 10-90, wage) for each percentile given, lowest first."""
        given = ((10, self.p10), (25, self.p25), (50, self.p50), (75, self.p75), (90, self.p90))
        return tuple((rank, value) for rank, value in given if value is not None)


class Salary(msgspec.Struct, frozen=True):
    yearly: Number | None = None
    hourly: Number | None = None
    range: Range | None = None
    highest_paying_city: str | None = None
    highest_paying_state: str | None = None
    best_paying_company: str | None = None
    best_paying_industry: str | None = None
    median: Number | None = None
    percentiles: Percentiles = Percentiles()  # USD a year
    hourly_percentiles: Percentiles = Percentiles()  # USD an hour
    published_only: str | None = None  # annual | hourly: the source publishes no other kind


class Outlook(msgspec.Struct, frozen=True):
    growth_rate: Number | None = None
    jobs: int | None = None
    openings: int | None = None


class Education(msgspec.Struct, frozen=True):
    degree: str | None = None
    degree_share: Number | None = None
    major: str | None = None
    college: str | None = None
    typical_entry: str | None = None
    work_experience: str | None = None
    on_the_job_training: str | None = None
    job_zone: int | None = None  # O*NET Job Zone, 1-5
    attainment: Shares = ()  # highest level of education: share of the workers, percent


class Demographics(msgspec.Struct, frozen=True):
    average_age: Number | None = None
    gender: Shares = ()
    race: Shares = ()
    lgbt: Number | None = None
    women: Number | None = None  # percent 0-100, like the shares below
    white: Number | None = None
    black: Number | None = None
    asian: Number | None = None
    hispanic: Number | None = None  # of any race, so the shares above need not add up to 100
    median_age: Number | None = None  # years
    group: str | None = None  # the broader group the figures are for, if not the role alone
    source: str | None = None  # survey and year: "BLS Current Population Survey, 2023"


class Named(msgspec.Struct, frozen=True):
    """A list item with a short name and what it means: "Process optimization: designing..."."""

    name: str
    description: str | None = None  # inline Markdown


Item = str | Named  # a responsibility or best practice: plain text, or named


class Skill(msgspec.Struct, frozen=True):
    name: str
    share: Number | None = None
    importance: Number | None = None  # a 0-100 rating, for data that rates rather than counts
    description: str | None = None  # inline Markdown


class ToolGroup(msgspec.Struct, frozen=True):
    category: str
    examples: tuple[str, ...] = ()


class CareerStage(msgspec.Struct, frozen=True):
    stage: str
    roles: tuple[str, ...] = ()


class RelatedRole(msgspec.Struct, frozen=True):
    """An occupation related to a role, as a source such as O*NET relates them."""

    title: str
    soc_code: str | None = None


class Source(msgspec.Struct, frozen=True):
    name: str
    url: str | None = None
    retrieved: dt.date | None = None
    attribution: str | None = None  # a credit line the source's licence asks pages to show


class Role(msgspec.Struct, frozen=True):
    slug: str
    title: str
    title_plural: str | None = None  # when None, prose guesses only for short plain titles
    category: str | None = None
    soc_code: str | None = None
    summary: str | None = None
    salary: Salary = Salary()
    outlook: Outlook = Outlook()
    job_satisfaction: Number | None = None
    years_to_become: Range | None = None
    experience_years: Number | None = None
    education: Education = Education()
    demographics: Demographics = Demographics()
    responsibilities: tuple[Item, ...] = ()
    skills: tuple[Skill, ...] = ()
    tools: tuple[ToolGroup, ...] = ()
    career_path: tuple[CareerStage, ...] = ()
    related: tuple[RelatedRole, ...] = ()  # the most related first
    also_known_as: tuple[str, ...] = ()
    best_practices: tuple[Item, ...] = ()
    sources: tuple[Source, ...] = ()
    updated: dt.date | None = None
    # Where the role was read from: roles read from two files compare unequal, as their
    # problems would name different files.
    source_path: Path | None = None


class Site(msgspec.Struct, frozen=True):
    """Site-wide settings from `site.yaml`."""

    name: str = "Career comparisons"
    base_url: str = "http://localhost:8000/"
    description: str | None = None
    language: str = "en"
    related_per_role: int = 3
    pairs: str = "all"  # all | category
    max_pairs_per_role: int | None = None
    pretty_urls: bool = False  # links end in / rather than /index.html, for hosts only
    min_shared_figures: int = 3  # fewer figures known for both roles: a thin comparison
    show_unknown: bool = True  # false: rows and sections with nothing known are left out


class Problem(msgspec.Struct, frozen=True, order=True):
    """One thing wrong with one input file, printed as `path:line: field: message`."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"


class Page(msgspec.Struct, frozen=True):
    """A page to build: where it goes and what it is made from, never its HTML."""

    kind: str  # index | role | pair | sitemap | sitemap-index | robots | notfound
    url: str  # site-relative, starts with "/"
    slugs: tuple[str, ...] = ()
    part: int = 0  # which slice of a split sitemap

    @property
    def output_path(self) -> str:
        """Return the page's file path relative to the output folder."""
        if self.url.endswith("/"):
            return self.url[1:] + "index.html"
        return self.url[1:]
