"""Per-role work, done once per role: formatted figures, Markdown, HTML fragments."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from . import figures, numbers, relatives
from .markup import safe_url, to_html, to_inline_html
from .model import Role, Shares, Skill, Source
from .plan import role_url
from .prose import RoleWords, role_description, role_words
from .relatives import Relative

UNKNOWN = Markup(f'<span class="na">{numbers.UNKNOWN}</span>')


@dataclass(frozen=True, slots=True)
class PreparedRole:
    """A role with everything its pages show already formatted, escaped and sanitised."""

    role: Role
    url: str
    words: RoleWords
    description: str
    cells: Mapping[str, Markup]
    summary: Markup
    responsibilities: tuple[Markup, ...]
    best_practices: tuple[Markup, ...]
    skills: tuple[tuple[Markup, Markup | None], ...]
    skill_notes: tuple[str, ...]  # what the skills' figures measure
    tools: tuple[tuple[Markup, Markup], ...]
    career_path: tuple[tuple[Markup, Markup], ...]
    sources: Markup
    credits: tuple[Markup, ...]  # attribution lines the sources' licences ask for
    pay_note: str  # how the source publishes the wages, when only one kind
    people_note: Markup  # the survey, year and group of the demographics
    related: tuple[Relative, ...]  # related occupations, with their URL when on the site
    also_known_as: Markup  # other job titles, joined

    @property
    def slug(self) -> str:
        """Return the role's slug."""
        return self.role.slug

    @property
    def title(self) -> str:
        """Return the role's title."""
        return self.role.title

    @property
    def title_html(self) -> Markup:
        """Return the role's title, escaped."""
        return escape(self.role.title)


def cell(value: Any, fmt: Callable[[Any], str] = str) -> Markup:
    """Return a figure formatted and escaped, or the mark for a figure that is not known."""
    return UNKNOWN if value is None or value == () else escape(fmt(value))


def shares_cell(shares: Shares) -> Markup:
    """Return shares as one line per name: "Male, 56.9%"."""
    if not shares:
        return UNKNOWN
    texts = numbers.percents(share for _, share in shares)
    return Markup("<br>").join(escape(f"{name}, {text}") for (name, _), text in zip(
        shares, texts, strict=True))


def degree_cell(role: Role) -> Markup:
    """Return the most common degree with its share: "Bachelor's Degree, 65%"."""
    degree, share = role.education.degree, role.education.degree_share
    if degree is None:
        return UNKNOWN
    return escape(degree if share is None else f"{degree}, {numbers.percent(share)}")


def figure_cells(role: Role) -> dict[str, Markup]:
    """Return every figure of the role as a table cell."""
    salary, outlook, edu, people = role.salary, role.outlook, role.education, role.demographics
    official = {**figures.percentile_cells(salary), **figures.people_cells(people),
                **figures.becoming_cells(edu),
                "yearly": figures.wage_cell(salary.yearly, "annual", salary),
                "median": figures.wage_cell(salary.median, "annual", salary),
                "hourly": figures.wage_cell(salary.hourly, "hourly", salary)}
    return {
        **{key: UNKNOWN if value is None else value for key, value in official.items()},
        "range": cell(salary.range, lambda r: numbers.money_range(*r)),
        "city": cell(salary.highest_paying_city),
        "state": cell(salary.highest_paying_state),
        "company": cell(salary.best_paying_company),
        "industry": cell(salary.best_paying_industry),
        "growth": cell(outlook.growth_rate, numbers.percent),
        "jobs": cell(outlook.jobs, numbers.count),
        "openings": cell(outlook.openings, numbers.count),
        "satisfaction": cell(role.job_satisfaction, numbers.rating),
        "years_to_become": cell(role.years_to_become, numbers.years),
        "experience": cell(role.experience_years, lambda v: numbers.years((v, v))),
        "degree": degree_cell(role),
        "major": cell(edu.major),
        "college": cell(edu.college),
        "typical_entry": cell(edu.typical_entry),
        "age": cell(people.average_age, numbers.number),
        "gender": shares_cell(people.gender),
        "race": shares_cell(people.race),
        "lgbt": cell(people.lgbt, numbers.percent),
        "attainment": shares_cell(edu.attainment),
    }


def knows(a: PreparedRole, b: PreparedRole, keys: Iterable[str]) -> bool:
    """Return whether either role has a figure under any of `keys`."""
    return any(r.cells[key] != UNKNOWN for r in (a, b) for key in keys)


SKILL_NOTES = {"share": "Share of job postings that ask for the skill.",
               "importance": "Importance rating from 0 to 100 (O*NET's scale), "
                             "not a share of job postings."}


def skill_figure(skill: Skill) -> Markup | None:
    """Return a skill's figure: a share of postings, 15%, or an importance rating, 84/100."""
    if skill.share is not None:
        return escape(numbers.percent(skill.share))
    if skill.importance is not None:
        return escape(f"{numbers.number(skill.importance, 0)}/100")
    return None


def skill_notes(skills: Iterable[Skill]) -> tuple[str, ...]:
    """Return a note for each kind of figure the skills carry, shares first."""
    kinds = {kind for s in skills for kind in SKILL_NOTES if getattr(s, kind) is not None}
    return tuple(note for kind, note in SKILL_NOTES.items() if kind in kinds)


def credits(role: Role) -> tuple[Markup, ...]:
    """Return the distinct attribution lines of the role's sources, in their order."""
    lines = dict.fromkeys(s.attribution for s in role.sources if s.attribution)
    return tuple(to_inline_html(line) for line in lines)


def role_link(name: str, urls: Mapping[str, str]) -> Markup:
    """Return a career path role name, linked when it names one of the site's roles."""
    url = urls.get(name.casefold())
    if url is None:
        return escape(name)
    return Markup('<a href="{}">{}</a>').format(url, name)


def title_urls(roles: Iterable[Role]) -> dict[str, str]:
    """Return the URL of every role, by its casefolded title, its slug and its SOC code."""
    urls = {}
    for role in roles:
        urls[role.slug] = urls[role.title.casefold()] = role_url(role.slug)
        if role.soc_code:
            urls[role.soc_code] = role_url(role.slug)
    return urls


def source_link(source: Source) -> Markup:
    """Return one source: its name, linked when it has a URL, and when it was retrieved."""
    name = escape(source.name)
    if source.url:
        name = Markup('<a href="{}" rel="nofollow noopener noreferrer">{}</a>').format(
            safe_url(source.url), source.name)
    when = f" (retrieved {source.retrieved.isoformat()})" if source.retrieved else ""
    return name + when


def sources_note(role: Role) -> Markup:
    """Return the line that says where a role's figures come from, or nothing."""
    parts: list[Markup] = []
    if role.sources:
        links = Markup("; ").join(source_link(s) for s in role.sources)
        parts.append(Markup("Sources: {}.").format(links))
    if role.updated:
        parts.append(escape(f"Figures checked {role.updated.isoformat()}."))
    return Markup(" ").join(parts)


def prepare_role(role: Role, urls: Mapping[str, str]) -> PreparedRole:
    """Return the role with its pages' parts made; `urls` links career path names."""
    words = role_words(role)
    joined = Markup(", ").join
    return PreparedRole(
        role=role,
        url=role_url(role.slug),
        words=words,
        description=role_description(words),
        cells=figure_cells(role),
        summary=to_html(role.summary) if role.summary else Markup(""),
        responsibilities=tuple(to_inline_html(text) for text in role.responsibilities),
        best_practices=tuple(to_inline_html(text) for text in role.best_practices),
        skills=tuple((escape(s.name), skill_figure(s)) for s in role.skills),
        skill_notes=skill_notes(role.skills),
        tools=tuple((escape(t.category), joined(escape(e) for e in t.examples))
                    for t in role.tools),
        career_path=tuple((escape(c.stage), joined(role_link(n, urls) for n in c.roles))
                          for c in role.career_path),
        sources=sources_note(role),
        credits=credits(role),
        pay_note=figures.pay_note(role.salary),
        people_note=figures.people_note(role),
        related=relatives.relatives(role, urls),
        also_known_as=joined(escape(name) for name in role.also_known_as),
    )


class PreparedRoles(Mapping[str, PreparedRole]):
    """Every role by slug, each prepared the first time a page needs it.

    `earlier` returns the role an earlier build prepared from the same inputs, if kept.
    """

    def __init__(self, roles: Iterable[Role],
                 earlier: Callable[[str], PreparedRole | None] = lambda slug: None) -> None:
        self.roles = {role.slug: role for role in roles}
        self.urls = title_urls(self.roles.values())
        self.earlier = earlier
        self.prepared: dict[str, PreparedRole] = {}
        self.fresh: set[str] = set()  # prepared by this build

    def __getitem__(self, slug: str) -> PreparedRole:
        found = self.prepared.get(slug)
        if found is None:
            found = self.earlier(slug)
            if not isinstance(found, PreparedRole):
                found = prepare_role(self.roles[slug], self.urls)
                self.fresh.add(slug)
            self.prepared[slug] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.roles)

    def __len__(self) -> int:
        return len(self.roles)
