"""Per-role work, done once per role: formatted figures, Markdown, HTML fragments."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

import msgspec
from markupsafe import Markup, escape

from . import figures, numbers, relatives
from .differ import has_figures
from .markup import LINK_REL, safe_url, to_html, to_inline_html
from .model import Item, Role, Shares, Skill, Source
from .prose import RoleWords, role_description, role_words
from .relatives import Relative
from .urls import role_url

UNKNOWN = Markup(f'<span class="na">{numbers.UNKNOWN}</span>')
# Other job titles shown under a role's heading before "and N more": Software Developer has
# 18, which filled a phone's first screen and pushed its figures below it. One more than
# these is shown too: "and 1 more" would hide one title behind a click, in its own room.
AKA_SHOWN = 5


class SourceItem(NamedTuple):
    """One source as a page names it."""

    name: Markup  # linked when the source has a URL
    retrieved: Markup  # when it was read, a <time>; empty when not said


class PreparedRole(msgspec.Struct, frozen=True):
    """A role with everything its pages show already formatted, escaped and sanitised."""

    role: Role
    url: str
    words: RoleWords
    description: str
    cells: Mapping[str, Markup]
    has_figures: bool  # any figure at all: pay, outlook, education, people, time
    summary: Markup
    responsibilities: tuple[Markup, ...]
    best_practices: tuple[Markup, ...]
    skills: tuple[tuple[Markup, Markup | None], ...]
    skill_notes: tuple[str, ...]  # what the skills' figures measure
    skill_descriptions: tuple[Markup | None, ...]  # one per skill, in the order of `skills`
    tools: tuple[tuple[Markup, Markup], ...]
    # (stage, ((role name, its site URL or None), ...)): templates link the URL from their page
    career_path: tuple[tuple[Markup, tuple[tuple[Markup, str | None], ...]], ...]
    sources: Markup  # the whole line: source_items then checked
    source_items: tuple[SourceItem, ...]  # each source, linked, and when it was retrieved
    checked: Markup  # "Figures checked <time>.", or nothing
    credits: tuple[Markup, ...]  # attribution lines the sources' licences ask for
    pay_note: str  # how the source publishes the wages, when only one kind
    people_note: Markup  # the survey, year and group of the demographics
    related: tuple[Relative, ...]  # related occupations, with their URL when on the site
    also_known_as: Markup  # the first AKA_SHOWN other job titles (or all), joined
    also_known_more: Markup  # the rest of them, joined, behind "and N more"
    also_known_hidden: int  # how many those are

    @property
    def slug(self) -> str:
        """Return the role's slug."""
        return self.role.slug

    @property
    def title(self) -> str:
        """Return the role's title."""
        return self.role.title


def cell(value: Any, fmt: Callable[[Any], str] = str) -> Markup:
    """Return a figure formatted and escaped, or the mark for a figure that is not known."""
    return UNKNOWN if value is None or value == () else escape(fmt(value))


def shares_cell(shares: Shares) -> Markup:
    """Return shares as one line per name: "Male, 56.9%"."""
    if not shares:
        return UNKNOWN
    texts = numbers.shares_as_given(share for _, share in shares)
    return Markup("<br>").join(escape(f"{name}, {text}") for (name, _), text in zip(
        shares, texts, strict=True))


def degree_cell(role: Role) -> Markup:
    """Return the most common degree with its share: "Bachelor's Degree, 65%"."""
    degree, share = role.education.degree, role.education.degree_share
    if degree is None:
        return UNKNOWN
    return escape(degree if share is None else f"{degree}, {numbers.percent_as_given(share)}")


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
        "lgbt": cell(people.lgbt, numbers.percent_as_given),
        "attainment": shares_cell(edu.attainment),
    }


def knows(a: PreparedRole, b: PreparedRole, keys: Iterable[str]) -> bool:
    """Return whether either role has a figure under any of `keys`."""
    return any(r.cells[key] != UNKNOWN for r in (a, b) for key in keys)


SKILL_NOTES = {"share": "Share of job postings that ask for the skill.",
               "importance": "Importance rating from 0 to 100 (O*NET's scale), "
                             "not a share of job postings."}


def item_html(item: Item) -> Markup:
    """Return a responsibility or best practice: its text, or its name then its description."""
    if isinstance(item, str):
        return to_inline_html(item)
    name = Markup('<strong class="item-name">{}</strong>').format(item.name)
    return name + Markup(": ") + to_inline_html(item.description) if item.description else name


def markdown_texts(role: Role) -> Iterator[str]:
    """Yield the role's texts in Markdown (the fields the schema calls so): those its pages
    show through `to_html` and `to_inline_html`, and whose links validation checks."""
    if role.summary:
        yield role.summary
    for item in (*role.responsibilities, *role.best_practices):
        text = item if isinstance(item, str) else item.description
        if text:
            yield text
    yield from (skill.description for skill in role.skills if skill.description)
    yield from (source.attribution for source in role.sources if source.attribution)


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


def career_names(names: Iterable[str], urls: Mapping[str, str]) -> tuple[
        tuple[Markup, str | None], ...]:
    """Return career path role names escaped, each with the site URL of the role it names."""
    return tuple((escape(name), urls.get(name.casefold())) for name in names)


def title_urls(roles: Iterable[Role]) -> dict[str, str]:
    """Return the URL of every role, by its casefolded title, its slug and its SOC code."""
    urls = {}
    for role in roles:
        urls[role.slug] = urls[role.title.casefold()] = role_url(role.slug)
        if role.soc_code:
            urls[role.soc_code] = role_url(role.slug)
    return urls


def source_link(source: Source) -> SourceItem:
    """Return one source: its name, linked when it has a URL, and when it was retrieved."""
    name = escape(source.name)
    if source.url:
        name = Markup('<a href="{}" rel="{}">{}</a>').format(
            safe_url(source.url), LINK_REL, source.name)
    return SourceItem(name, Markup("") if source.retrieved is None else date_html(
        source.retrieved))


def date_html(day: dt.date) -> Markup:
    """Return a date as a <time> element, which the stylesheet keeps on one line.

    Its text is an ISO date, which is what a `datetime` attribute would repeat: a <time>
    without one reads its text (HTML's "datetime value").
    """
    return Markup("<time>{}</time>").format(day.isoformat())


def sources_note(items: tuple[SourceItem, ...], checked: Markup, lead: str = "Sources") -> Markup:
    """Return the line that says where figures come from ("Sources: A (retrieved <time>); B.
    Figures checked <time>."), or nothing; `items` are source_link's, `checked` is
    checked_note's. Sources all retrieved the same day say it once: "Sources (all retrieved
    <time>): A; B."."""
    days = {item.retrieved for item in items}
    if len(items) > 1 and len(days) == 1 and items[0].retrieved:
        lead = Markup("{} (all retrieved {})").format(lead, items[0].retrieved)
        said = [item.name for item in items]
    else:
        said = [Markup("{} (retrieved {})").format(*item) if item.retrieved else item.name
                for item in items]
    parts = [Markup("{}: {}.").format(lead, Markup("; ").join(said))] if items else []
    return Markup(" ").join([*parts, checked] if checked else parts)


def checked_note(role: Role) -> Markup:
    """Return "Figures checked <time>." for a role that says when, else nothing."""
    return Markup("Figures checked {}.").format(date_html(role.updated)) if role.updated else (
        Markup(""))


RoleLinks = tuple[tuple[tuple[tuple[Markup, str | None], ...], ...], tuple[Relative, ...]]


def role_links(role: Role, urls: Mapping[str, str]) -> RoleLinks:
    """Return where a role's pages link to other roles: each career path stage's names and
    the related occupations, each with the URL of the site's role it names (None if none).

    All that a prepared role reads of other roles, through `urls` (see title_urls): the
    build hashes it with the role's file to know when a role must be prepared again.
    """
    career = tuple(career_names(stage.roles, urls) for stage in role.career_path)
    return career, relatives.relatives(role, urls)


def prepare_role(role: Role, urls: Mapping[str, str]) -> PreparedRole:
    """Return the role with its pages' parts made; `urls` links names of other roles."""
    words = role_words(role)
    joined = Markup(", ").join
    career, related = role_links(role, urls)
    sources, checked = tuple(source_link(s) for s in role.sources), checked_note(role)
    names = role.also_known_as
    shown = len(names) if len(names) <= AKA_SHOWN + 1 else AKA_SHOWN
    return PreparedRole(
        role=role,
        url=role_url(role.slug),
        words=words,
        description=role_description(words),
        cells=figure_cells(role),
        has_figures=has_figures(role),
        summary=to_html(role.summary) if role.summary else Markup(""),
        responsibilities=tuple(item_html(item) for item in role.responsibilities),
        best_practices=tuple(item_html(item) for item in role.best_practices),
        skills=tuple((escape(s.name), skill_figure(s)) for s in role.skills),
        skill_notes=skill_notes(role.skills),
        skill_descriptions=tuple(to_inline_html(s.description) if s.description else None
                                 for s in role.skills),
        tools=tuple((escape(t.category), joined(escape(e) for e in t.examples))
                    for t in role.tools),
        career_path=tuple((escape(c.stage), names)
                          for c, names in zip(role.career_path, career, strict=True)),
        sources=sources_note(sources, checked),
        source_items=sources,
        checked=checked,
        credits=credits(role),
        pay_note=figures.pay_note(role.salary),
        people_note=figures.people_note(role),
        related=related,
        also_known_as=joined(escape(name) for name in names[:shown]),
        also_known_more=joined(escape(name) for name in names[shown:]),
        also_known_hidden=len(names) - shown,
    )


@functools.cache
def kept_type() -> Any:
    """Return the type the cache decodes what it keeps of a prepared role (`kept`) to: a
    tuple of the types of its fields but the role, in order."""
    fields = msgspec.structs.fields(PreparedRole)
    assert fields[0].name == "role"  # see `kept`
    return tuple[tuple(field.type for field in fields[1:])]  # type: ignore[misc]


def kept(prepared: PreparedRole) -> tuple[Any, ...]:
    """Return what the cache keeps of a prepared role: its fields but the role, in order.

    The role is left out as the build has it loaded already: decoded again, it was thrown
    away, and it was half the bytes of the cache and a third of its decoding.
    """
    return msgspec.structs.astuple(prepared)[1:]


def prepare_roles(roles: Iterable[Role],
                  earlier: Callable[[str], PreparedRole | tuple[Any, ...] | None] = (
                      lambda slug: None),
                  ) -> tuple[dict[str, PreparedRole], set[str]]:
    """Return every role prepared, by slug, and the slugs prepared afresh.

    `earlier` returns, by slug, the role an earlier build prepared from the same inputs,
    or what the cache keeps of it (`kept`), if it kept one; the others are prepared here.
    """
    roles = list(roles)
    urls = title_urls(roles)
    prepared, fresh = {}, set()
    for role in roles:
        found = earlier(role.slug)
        if isinstance(found, tuple):
            found = PreparedRole(role, *found)
        elif isinstance(found, PreparedRole):
            # The role loaded, not an equal copy: two copies of every role took 6 MB more
            # at 832 roles than a build that prepared them all afresh. A session's role is
            # the very one loaded, and its renderer keys parts on it.
            if found.role is not role:
                found = msgspec.structs.replace(found, role=role)
        else:
            found = prepare_role(role, urls)
            fresh.add(role.slug)
        prepared[role.slug] = found
    return prepared, fresh
