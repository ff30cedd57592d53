"""Frozen data the build passes around: roles as the format describes them, pages, problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

Range = tuple[float, float]
Shares = tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class Salary:
    yearly: float | None = None
    hourly: float | None = None
    range: Range | None = None
    highest_paying_city: str | None = None
    highest_paying_state: str | None = None
    best_paying_company: str | None = None
    best_paying_industry: str | None = None
    median: float | None = None


@dataclass(frozen=True, slots=True)
class Outlook:
    growth_rate: float | None = None
    jobs: int | None = None
    openings: int | None = None


@dataclass(frozen=True, slots=True)
class Education:
    degree: str | None = None
    degree_share: float | None = None
    major: str | None = None
    college: str | None = None
    typical_entry: str | None = None


@dataclass(frozen=True, slots=True)
class Demographics:
    average_age: float | None = None
    gender: Shares = ()
    race: Shares = ()
    lgbt: float | None = None


@dataclass(frozen=True, slots=True)
class Skill:
    name: str
    share: float | None = None
    importance: float | None = None  # a 0-100 rating, for data that rates rather than counts


@dataclass(frozen=True, slots=True)
class ToolGroup:
    category: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CareerStage:
    stage: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    url: str | None = None
    retrieved: dt.date | None = None
    attribution: str | None = None  # a credit line the source's licence asks pages to show


@dataclass(frozen=True, slots=True)
class Role:
    slug: str
    title: str
    title_plural: str | None = None  # when None, prose guesses only for short plain titles
    category: str | None = None
    soc_code: str | None = None
    summary: str | None = None
    salary: Salary = Salary()
    outlook: Outlook = Outlook()
    job_satisfaction: float | None = None
    years_to_become: Range | None = None
    experience_years: float | None = None
    education: Education = Education()
    demographics: Demographics = Demographics()
    responsibilities: tuple[str, ...] = ()
    skills: tuple[Skill, ...] = ()
    tools: tuple[ToolGroup, ...] = ()
    career_path: tuple[CareerStage, ...] = ()
    best_practices: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    updated: dt.date | None = None
    source_path: Path | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Site:
    """Site-wide settings from `site.yaml`."""

    name: str = "Career comparisons"
    base_url: str = "http://localhost:8000/"
    description: str | None = None
    language: str = "en"
    related_per_role: int = 3
    pairs: str = "all"  # all | category
    max_pairs_per_role: int | None = None
    pretty_urls: bool = False  # links end in / rather than /index.html, for hosts only


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with one input file, printed as `path:line: field: message`."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"


class ContentError(Exception):
    """Raised with every problem found, before anything is written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems)

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:
        # Raised in a worker process, it must arrive in the main one with its problems.
        return (ContentError, (self.problems,))


@dataclass(frozen=True, slots=True)
class Page:
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
