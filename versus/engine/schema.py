"""The role format, declared once: validation, model building and the JSON Schema all read it."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

from . import model
from .errors import clipped
from .links import WEB_LINK, is_web_link, link_problems

FieldPath = tuple[str | int, ...]
Complaint = tuple[FieldPath, str]  # where, and what is wrong there


def describe(value: Any) -> str:
    """Return a short name for the type of a YAML value, for error messages."""
    names = {bool: "true/false", int: "a number", float: "a number", str: "text",
             list: "a list", dict: "a map", dt.date: "a date", dt.datetime: "a date and time"}
    return "nothing" if value is None else names.get(type(value), type(value).__name__)


class Spec(msgspec.Struct, frozen=True):
    """One kind of field: what it accepts and what it becomes.

    Its kinds are frozen msgspec Structs, for the reason the model's records are: a
    dataclass compiles its methods at import, a Struct does not.
    """

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        """Yield what is wrong with a non-null value."""
        raise NotImplementedError

    def build(self, value: Any) -> Any:
        """Return the checked value as the model holds it."""
        return value

    def json_schema(self) -> dict[str, Any]:
        """Return the JSON Schema of this field."""
        raise NotImplementedError


# Code points HTML forbids in a page (controls, surrogates, noncharacters), tab and newline aside.
_PLANE_ENDS = "".join(chr(p | 0xFFFE) + chr(p | 0xFFFF) for p in range(0, 0x110000, 0x10000))
NOT_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef{_PLANE_ENDS}]")
# The validator's rules for text in JSON Schema: no such code point, and one neither space nor
# control (the validator strips spaces first, so a blank text is empty).
_NOT_TEXT = NOT_TEXT.pattern[1:-1]
TEXT_PATTERN = f"^[^{_NOT_TEXT}]*[^\\s{_NOT_TEXT}][^{_NOT_TEXT}]*$"


def stripped(pattern: str) -> str:
    """Return an anchored `pattern` that also allows the spaces the validator strips first."""
    return rf"^\s*(?:{pattern.removeprefix('^').removesuffix('$')})\s*$"


class Text(Spec, frozen=True):
    max_len: int = 200
    doc: str = ""

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        if not isinstance(value, str):
            yield where, f"expected text, got {describe(value)}"
        elif not value.strip():
            yield where, "is empty; leave the field out if it is not known"
        elif len(value) > self.max_len:
            yield where, f"is {len(value):,} characters long; the limit is {self.max_len}"
        elif (bad := NOT_TEXT.search(value)) is not None:
            yield where, f"contains U+{ord(bad.group()):04X}, a control code a page cannot hold"

    def build(self, value: Any) -> Any:
        return value.strip()

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": self.max_len,
                "$ref": "#/$defs/text", "description": self.doc}


class Url(Text, frozen=True):
    max_len: int = 500

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        problems = list(super().check(value, where))
        if problems:
            yield from problems
        elif not is_web_link(value.strip()):
            yield where, f"{clipped(value, quote=True)} is not an http, https or mailto link"

    def json_schema(self) -> dict[str, Any]:
        return {**super().json_schema(), "pattern": stripped(WEB_LINK)}


class Markdown(Text, frozen=True):
    """Text in Markdown: its links must lead somewhere (see links.py)."""

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        problems = list(super().check(value, where))
        yield from problems
        if not problems:
            yield from ((where, why) for why in link_problems(value))


class SocCode(Text, frozen=True):
    """An occupation code of the US Standard Occupational Classification: 29-1141."""

    max_len: int = 7
    pattern: str = r"^\d\d-\d{4}$"

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        problems = list(super().check(value, where))
        if problems:
            yield from problems
        elif not re.match(self.pattern, value.strip()):
            yield where, f"{clipped(value, quote=True)} is not a SOC code like 29-1141"

    def json_schema(self) -> dict[str, Any]:
        return {**super().json_schema(), "pattern": stripped(self.pattern)}


# The maximum of a number given none: the largest whole number a float (and so a JSON
# reader) holds exactly; a whole number past 2**64 also could not be kept in the build's caches.
LARGEST = 2**53


class Number(Spec, frozen=True):
    minimum: float | None = None
    maximum: float = LARGEST
    integer: bool = False
    doc: str = ""
    least: float | None = None  # above the minimum, the smallest value that makes sense

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        kind = "a whole number" if self.integer else "a number"
        if isinstance(value, bool) or not isinstance(value, int | float):
            yield where, f"expected {kind}, got {describe(value)}"
        elif value != value or value in (float("inf"), float("-inf")):
            yield where, f"expected {kind}, got {value}"
        elif self.integer and value != int(value):
            yield where, f"expected a whole number, got {value}"
        elif self.minimum is not None and value < self.minimum:
            yield where, f"{clipped(value)} is below the minimum, {self.minimum:g}"
        elif self.least is not None and value < self.least:
            yield where, (f"{clipped(value)} is no amount of money (a pay of 0 is never "
                          "shown); leave the field out if it is not known")
        elif value > self.maximum:
            yield where, f"{clipped(value)} is above the maximum, {limit_text(self.maximum)}"

    def build(self, value: Any) -> Any:
        return int(value) if self.integer else value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number",
                                  "description": self.doc}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        schema["maximum"] = self.maximum
        if self.least is not None:
            schema["minimum"] = self.least
        return schema


def limit_text(limit: float) -> str:
    """Return a limit as a message shows it: 100, 4.5, 1e+08, and LARGEST whole."""
    return str(LARGEST) if limit == LARGEST else f"{limit:g}"


def Percent(doc: str = "", minimum: float = 0) -> Number:
    """Return the spec of a share or rate in percent."""
    return Number(minimum=minimum, maximum=100, doc=doc)


class Bool(Spec, frozen=True):
    doc: str = ""

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        if not isinstance(value, bool):
            yield where, f"expected true or false, got {describe(value)}"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean", "description": self.doc}


class Choice(Spec, frozen=True):
    choices: tuple[str, ...]
    doc: str = ""

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        if value not in self.choices:
            yield where, (f"expected one of {', '.join(self.choices)}, "
                          f"got {clipped(value, quote=True)}")

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices), "description": self.doc}


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def as_date(value: Any) -> dt.date | None:
    """Return `value` as a date: a YAML date, or text that is one (`"2024-06-06"`); else None.

    Quoted or not, an ISO date is a date: JSON, and so the editors' schema, has only text.
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


class Date(Spec, frozen=True):
    doc: str = ""

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        if as_date(value) is not None:
            return
        if isinstance(value, str) and ISO_DATE.match(value.strip()):
            yield where, (f"{clipped(value, quote=True)} is not a day of the calendar, or has "
                          "spaces around it")
        else:
            yield where, f"expected a date like 2024-06-06, got {describe(value)}"

    def build(self, value: Any) -> Any:
        return as_date(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "description": self.doc}


class Span(Spec, frozen=True):
    """A `[low, high]` pair of numbers with low <= high."""

    item: Number
    doc: str = ""

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        if not isinstance(value, list) or len(value) != 2:
            yield where, f"expected [low, high], got {describe(value)}"
            return
        problems = [p for i, v in enumerate(value) for p in self.item.check(v, (*where, i))]
        if problems:
            yield from problems
        elif value[0] > value[1]:
            yield where, f"low ({value[0]:g}) is above high ({value[1]:g})"

    def build(self, value: Any) -> Any:
        return (self.item.build(value[0]), self.item.build(value[1]))

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.json_schema(), "minItems": 2,
                "maxItems": 2, "description": self.doc}


class Shares(Spec, frozen=True):
    """A map of names to percentages that add up to 100 +- 1."""

    doc: str = ""

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        if not isinstance(value, dict) or not value:
            yield where, f"expected a map of names to percentages, got {describe(value)}"
            return
        share = Percent()
        problems = [p for k, v in value.items()
                    for p in [*NAME.check(k, (*where, k)), *share.check(v, (*where, k))]]
        if problems:
            yield from problems
        elif abs(sum(value.values()) - 100) > 1:
            yield where, f"shares add up to {sum(value.values()):g}, not 100 (+-1)"

    def build(self, value: Any) -> Any:
        return tuple(value.items())

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": Percent().json_schema(),
                "propertyNames": NAME.json_schema(),
                "minProperties": 1, "description": self.doc}


class ListOf(Spec, frozen=True):
    item: Spec
    max_items: int = 100
    doc: str = ""

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        if not isinstance(value, list):
            yield where, f"expected a list, got {describe(value)}"
            return
        if len(value) > self.max_items:
            yield where, f"has {len(value)} items; the limit is {self.max_items}"
        for i, item in enumerate(value):
            if item is None:
                yield (*where, i), "is empty"
            else:
                yield from self.item.check(item, (*where, i))

    def build(self, value: Any) -> Any:
        return tuple(self.item.build(v) for v in value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.json_schema(),
                "maxItems": self.max_items, "description": self.doc}


class Record(Spec, frozen=True):
    """A map with known fields, built into one of the model's records."""

    fields: dict[str, Spec]
    model: type
    required: frozenset[str] = frozenset()
    doc: str = ""
    extra: dict[str, Any] = msgspec.field(default_factory=dict)

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        if not isinstance(value, dict):
            yield where, f"expected a map of fields, got {describe(value)}"
            return
        for name in sorted(self.required - value.keys()):
            yield (*where, name), "is required"
        for name, item in value.items():
            spec = self.fields.get(name)
            if spec is None:
                yield (*where, name), unknown_field(name, self.fields)
            elif item is None:
                if name in self.required:
                    yield (*where, name), "is required"
            else:
                yield from spec.check(item, (*where, name))

    def build(self, value: Any) -> Any:
        built = {k: self.fields[k].build(v) for k, v in value.items() if v is not None}
        return self.model(**built, **self.extra)

    def json_schema(self) -> dict[str, Any]:
        props = {name: nullable(spec.json_schema()) for name, spec in self.fields.items()}
        for name in self.required:
            props[name] = self.fields[name].json_schema()
        schema: dict[str, Any] = {"type": "object", "properties": props,
                                  "additionalProperties": False, "description": self.doc}
        if self.required:
            schema["required"] = sorted(self.required)
        return schema


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """Return `schema` also accepting null, the format's word for not known."""
    return {"anyOf": [schema, {"type": "null"}], "description": schema.get("description", "")}


def unknown_field(name: str, known: dict[str, Spec]) -> str:
    """Return the message for an unknown field, suggesting the nearest known one."""
    import difflib  # deferred: only a mistyped field needs it

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"unknown field; did you mean {close[0]}?" if close else (
        f"unknown field; known fields are {', '.join(known)}")


NAME = Text(max_len=120)
# A pay of 0 (or of less than a cent, which prints as $0) is a mistake or a stand-in for
# "not known": never a figure to print.
def Money(maximum: float, doc: str = "") -> Number:
    """Return the spec of an amount of pay in USD: at least one cent."""
    return Number(minimum=0, least=0.01, maximum=maximum, doc=doc)


MONEY = Money(100_000_000)


class Percentiles(Record, frozen=True):
    """Wage percentiles p10 to p90 as a source publishes them, each at most the next one."""

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        problems = list(super().check(value, where))
        yield from problems
        if problems or not isinstance(value, dict):
            return
        given = [(n, value[n]) for n in self.fields if value.get(n) is not None]
        for (low, a), (high, b) in itertools.pairwise(given):
            if a > b:
                yield (*where, high), f"{b:g} is below {low} ({a:g})"


def percentiles(item: Number, doc: str = "") -> Percentiles:
    """Return the spec of wage percentiles p10 to p90, each an `item`."""
    meanings = {"p10": "10th percentile", "p25": "25th percentile",
                "p50": "50th percentile: the median", "p75": "75th percentile",
                "p90": "90th percentile"}
    fields: dict[str, Spec] = {name: msgspec.structs.replace(item, doc=meaning)
                               for name, meaning in meanings.items()}
    return Percentiles(fields, model.Percentiles, doc=doc)


SALARY = Record({
    "yearly": Money(100_000_000, doc="average annual salary, USD"),
    "hourly": Money(100_000, doc="average hourly rate, USD"),
    "range": Span(MONEY, doc="typical salary range [low, high], USD"),
    "highest_paying_city": Text(doc='highest paying city: "Seattle, WA"'),
    "highest_paying_state": Text(doc='highest paying state: "Washington"'),
    "best_paying_company": Text(doc="best paying company"),
    "best_paying_industry": Text(doc="best paying industry"),
    "median": Money(100_000_000, doc="median annual salary, USD"),
    "percentiles": percentiles(
        MONEY,
        doc="annual wage percentiles, USD: p10 earn less, p90 earn less than 90% of them"),
    "hourly_percentiles": percentiles(
        Money(100_000),
        doc="hourly wage percentiles, USD an hour"),
    "published_only": Choice(("annual", "hourly"), doc=(
        "the only kind of wage the source publishes for the role (annual or hourly): "
        "the other kind is not a missing figure")),
}, model.Salary, doc="pay, in US dollars")



class OneOf(Record, frozen=True):
    """A record in which at most one of the fields in `exclusive` may be given."""

    exclusive: tuple[str, ...] = ()

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        yield from super().check(value, where)
        if isinstance(value, dict):
            given = [name for name in self.exclusive if value.get(name) is not None]
            if len(given) > 1:
                yield (*where, given[1]), f"give {' or '.join(given)}, not both"

    def json_schema(self) -> dict[str, Any]:
        either = [{"properties": {name: {"type": "null"}}} for name in self.exclusive]
        return {**super().json_schema(), "anyOf": either}


SKILL = OneOf({
    "name": NAME,
    "share": Percent("share of job postings that ask for the skill, percent"),
    "importance": Percent("importance rating from 0 to 100, as O*NET rates skills"),
    "description": Markdown(max_len=500,
                            doc="what the skill means for the role (inline Markdown)"),
}, model.Skill, required=frozenset({"name"}), exclusive=("share", "importance"))


class TextOrNamed(Spec, frozen=True):
    """A list item given as plain text, or as a short name with a description."""

    text: Text
    named: Record
    doc: str = ""

    def check(self, value: Any, where: FieldPath) -> Iterator[Complaint]:
        if isinstance(value, dict):
            yield from self.named.check(value, where)
        elif isinstance(value, str):
            yield from self.text.check(value, where)
        else:
            yield where, f"expected text or {{name, description}}, got {describe(value)}"

    def build(self, value: Any) -> Any:
        return self.named.build(value) if isinstance(value, dict) else self.text.build(value)

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [self.text.json_schema(), self.named.json_schema()],
                "description": self.doc}


def ITEM(doc: str) -> TextOrNamed:
    """Return the spec of a responsibility or best practice: text, or {name, description}."""
    return TextOrNamed(Markdown(max_len=500), Record({
        "name": Text(max_len=120, doc='a short name: "Process optimization"'),
        "description": Markdown(max_len=500, doc="what it involves (inline Markdown)"),
    }, model.Named, required=frozenset({"name"})), doc=doc)

ROLE_FIELDS: dict[str, Spec] = {
    "title": Text(max_len=80, doc='the role\'s name: "Customer Support Manager"'),
    "title_plural": Text(max_len=120, doc=(
        'the title in the plural, as pages speak of people in the role: "Registered Nurses"')),
    "category": Text(max_len=80, doc="the job family the index groups the role under"),
    "soc_code": SocCode(doc='the occupation\'s code in the US SOC system: "29-1141"'),
    "summary": Markdown(max_len=5000, doc="what the role does, in Markdown"),
    "salary": SALARY,
    "outlook": Record({
        "growth_rate": Percent("projected job growth in percent; may be negative", -100),
        "jobs": Number(minimum=0, integer=True, doc="number of jobs in the role"),
        "openings": Number(minimum=0, integer=True, doc="job openings a year, on average"),
    }, model.Outlook, doc="how demand for the role is expected to change"),
    "job_satisfaction": Number(minimum=1, maximum=5, doc="average rating from 1 to 5"),
    "years_to_become": Span(Number(minimum=0, maximum=60),
                            doc="years it typically takes to become one: [min, max]"),
    "experience_years": Number(minimum=0, maximum=60, doc="typical years of experience"),
    "education": Record({
        "degree": Text(doc="most common degree"),
        "degree_share": Percent("share holding that degree, percent"),
        "major": Text(doc="most common major"),
        "college": Text(doc="most common college"),
        "typical_entry": Text(doc="education typically needed to enter the occupation"),
        "work_experience": Text(doc=(
            'work experience in a related occupation typically needed: "Less than 5 years"')),
        "on_the_job_training": Text(doc=(
            'training typically needed to become competent: "Moderate-term on-the-job training"')),
        "job_zone": Number(minimum=1, maximum=5, integer=True, doc=(
            "O*NET Job Zone, 1 (little or no preparation needed) to 5 (extensive preparation)")),
        "attainment": Shares(doc=(
            "highest level of education of the workers, share of each in percent: "
            "{High school diploma: 30.1, Bachelor's degree: 40.2, ...}")),
    }, model.Education, doc="the education of people in the role"),
    "demographics": Record({
        "average_age": Number(minimum=14, maximum=100, doc="average age in years"),
        "gender": Shares(doc="share of each gender in percent, adding up to 100: "
                             "{Male: 52.3, Female: 47.7}"),
        "race": Shares(doc="share of each race in percent, adding up to 100: "
                           "{White: 61.2, Hispanic or Latino: 17.1, ...}"),
        "lgbt": Percent("LGBT share, percent"),
        "women": Percent("share of the workers who are women, percent"),
        "white": Percent("share who are White, percent"),
        "black": Percent("share who are Black or African American, percent"),
        "asian": Percent("share who are Asian, percent"),
        "hispanic": Percent("share who are Hispanic or Latino (of any race), percent"),
        "median_age": Number(minimum=14, maximum=100, doc="median age in years"),
        "group": Text(max_len=120, doc=(
            "the broader group the figures are for, when the source has none for the role "
            'alone: "Postsecondary teachers"')),
        "source": Text(max_len=200, doc=(
            'the survey and year the figures come from: "BLS Current Population Survey, 2023"')),
    }, model.Demographics, doc="who does the job"),
    "responsibilities": ListOf(ITEM("a responsibility: text, or {name, description}"),
                               max_items=50, doc="example responsibilities (inline Markdown)"),
    "skills": ListOf(SKILL, max_items=50,
                     doc="most common skills; the first three are the top skills"),
    "tools": ListOf(Record({"category": Text(max_len=120, doc="kind of tool: CRM systems"),
                            "examples": ListOf(NAME, max_items=50,
                                               doc="tools of that kind: [Salesforce, Zendesk]")},
                           model.ToolGroup, required=frozenset({"category"})), max_items=50,
                    doc="tools and technologies by category"),
    "career_path": ListOf(Record({"stage": Text(max_len=120, doc="career stage: Mid-level"),
                                  "roles": ListOf(NAME, max_items=50, doc=(
                                      "roles at that stage; a title or slug of another role "
                                      "links to it"))},
                                 model.CareerStage, required=frozenset({"stage"})),
                          max_items=20, doc="how people progress, stage by stage"),
    "related": ListOf(Record({"title": NAME, "soc_code": SocCode(
        doc="its SOC code, which links it when a role of the site has that code")},
                             model.RelatedRole, required=frozenset({"title"})), max_items=60,
                      doc="related occupations, the most related first; a title, slug or SOC "
                          "code of another role links to it"),
    "also_known_as": ListOf(NAME, max_items=50, doc=(
        "other job titles people in the role have: [RN, Clinical Nurse Specialist]")),
    "best_practices": ListOf(ITEM("a habit: text, or {name, description}"), max_items=50,
                             doc="habits of people who do the role well (inline Markdown)"),
    "sources": ListOf(Record({"name": Text(max_len=120, doc="who published the figures"),
                              "url": Url(doc="link to the page the figures come from"),
                              "retrieved": Date(doc="when the page was read: 2024-06-06"),
                              "attribution": Markdown(max_len=1000, doc=(
                                  "credit line the source's licence asks every page showing "
                                  "its content to carry (inline Markdown)"))},
                             model.Source, required=frozenset({"name"})), max_items=20,
                      doc="where the figures come from"),
    "updated": Date(doc="when the figures were last checked"),
}


def role_spec(slug: str, source: Path | None = None) -> Record:
    """Return the spec of a role file, building a Role with the given slug."""
    return Record(ROLE_FIELDS, model.Role, required=frozenset({"title"}),
                  extra={"slug": slug, "source_path": source}, doc="A role file")


SITE = Record({
    "name": Text(max_len=80, doc="the site's name, shown in every page's header and title"),
    "base_url": Url(doc="absolute URL the site is published at, for sitemap and canonical links"),
    "description": Text(max_len=300, doc="what the site is, for the index's meta description"),
    "language": Text(max_len=20, doc="the pages' language code: en"),
    "related_per_role": Number(minimum=0, maximum=20, integer=True,
                               doc="how many other comparisons of each role a comparison links"),
    "pairs": Choice(("all", "category", "related"),
                    doc="which pairs get a comparison page: all, those within a category, or "
                        "each role with its most related roles"),
    "max_pairs_per_role": Number(minimum=1, integer=True, doc=(
        "keep only each role's most related comparisons; with pairs: related, how many "
        "most related roles each role picks (20 unless given)")),
    "pretty_urls": Bool(doc="links end in / rather than /index.html: tidier on a web host, "
                            "but the site no longer browses from disk"),
    "min_shared_figures": Number(minimum=0, maximum=20, integer=True,
                                 doc="a comparison whose roles share fewer known figures is "
                                     "kept out of search engines (noindex, not in the sitemap)"),
    "show_unknown": Bool(doc="show a row saying 'not known' for each figure a role lacks "
                             "(true), or leave such rows and empty sections out (false)"),
}, model.Site, doc="site settings")


def role_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a role file."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Role", **role_spec("x").json_schema(),
            "$defs": {"text": {"pattern": TEXT_PATTERN}}}  # once: every text field uses it
