"""The JSON Schema editors read and the validator the build runs agree on every document."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from versus.authoring.scaffold import role_text
from versus.engine.load import load_bytes
from versus.engine.model import Problem
from versus.engine.schema import (
    ROLE_FIELDS,
    Choice,
    Date,
    ListOf,
    Number,
    Record,
    SocCode,
    Span,
    Spec,
    Text,
    Url,
    role_json_schema,
)
from versus.engine.schema import Shares as SharesSpec
from versus.engine.validate import validate_role

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = jsonschema.Draft202012Validator(role_json_schema(),
                                         format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

VALID = {
    "title only": "title: Data Analyst",
    "every figure": """\
        title: Data Analyst
        category: Analytics
        soc_code: 15-2051
        summary: |
          Turns *data* into decisions.
        salary: {yearly: 82000, hourly: 39.5, range: [60000, 110000], median: 80000,
                 highest_paying_city: "Seattle, WA", best_paying_company: Amazon}
        outlook: {growth_rate: -3.5, jobs: 3.0, openings: 1200}
        job_satisfaction: 3.4
        years_to_become: [2, 2]
        experience_years: 0
        education: {degree: Bachelor's Degree, degree_share: 71, major: Statistics}
        demographics: {average_age: 38, gender: {Male: 50.5, Female: 50}, lgbt: 9}
        responsibilities: ["Clean data", "Write **reports**"]
        skills: [{name: SQL, share: 40}, {name: Python, importance: 80}, {name: Excel}]
        tools: [{category: Spreadsheets, examples: [Excel, Google Sheets]}, {category: BI}]
        career_path: [{stage: Entry, roles: [Junior Analyst]}, {stage: Senior}]
        best_practices: [Ask why]
        sources:
          - {name: Zippia, url: "https://www.zippia.com/x/", retrieved: 2024-06-06}
          - {name: Me, url: "mailto:me@example.org", attribution: "Thanks to *them*"}
        updated: 2024-06-06
        """,
    "nulls and empty maps": "title: A\ncategory: null\nsalary: {}\noutlook:\nskills: []",
    "named items and skill descriptions": """\
        title: A
        responsibilities: [Plain, {name: Process optimization, description: Design *workflows*}]
        best_practices: [{name: Measure first}]
        skills: [{name: SQL, share: 40, description: Querying data}]
        """,
    "spaces the validator strips": """\
        title: "  Data Analyst  "
        sources: [{name: X, url: " https://example.org/ "}]
        """,
    "tabs, newlines and emoji": 'title: "Chef 🍳"\nsummary: "one\\n\\ttwo"',
    "the longest title": f"title: {'x' * 80}",
    "a number as a share's name": "title: A\ndemographics: {gender: {1: 100}}",  # read as text
    "bounds": "title: A\njob_satisfaction: 5\noutlook: {growth_rate: -100}\n"
              "demographics: {average_age: 14, lgbt: 100, race: {A: 99}}",
    "quoted dates": "title: A\nupdated: '2024-06-06'\n"
                    'sources: [{name: X, retrieved: "2024-02-29"}]',
    "a salary of one cent": "title: A\nsalary: {hourly: 0.01, range: [0.01, 1]}",
}

INVALID = {
    "no title": "category: Analytics",
    "null title": "title:",
    "empty title": 'title: ""',
    "blank title": 'title: "   "',
    "long title": f"title: {'x' * 81}",
    "number title": "title: 42",
    "list title": "title: [Data, Analyst]",
    "bell in title": 'title: "Data\\aAnalyst"',
    "noncharacter in title": 'title: "Data\\uFFFEAnalyst"',
    "delete control in text": 'title: A\ncategory: "a\\x7fb"',
    "unknown field": "title: A\nsalry: {yearly: 1}",
    "unknown nested field": "title: A\nsalary: {yerly: 1}",
    "salary as text": "title: A\nsalary: {yearly: 80k}",
    "salary true": "title: A\nsalary: {yearly: true}",
    "negative salary": "title: A\nsalary: {yearly: -1}",
    "zero salary": "title: A\nsalary: {yearly: 0}",
    "zero hourly rate": "title: A\nsalary: {hourly: 0}",
    "zero median": "title: A\nsalary: {median: 0.0}",
    "zero low end of a range": "title: A\nsalary: {range: [0, 50000]}",
    "less than a cent": "title: A\nsalary: {yearly: 0.004}",
    "quoted date not in the calendar": "title: A\nupdated: '2024-02-30'",
    "quoted date with spaces": "title: A\nupdated: ' 2024-06-06'",
    "quoted short date": "title: A\nupdated: '2024-6-6'",
    "quoted date and time": "title: A\nupdated: '2024-06-06T10:00:00'",
    "quoted date without hyphens": "title: A\nupdated: '20240606'",
    "huge salary": "title: A\nsalary: {yearly: 1.0e+12}",
    "salary not a map": "title: A\nsalary: 80000",
    "fractional jobs": "title: A\noutlook: {jobs: 3.5}",
    "infinite jobs": "title: A\noutlook: {jobs: .inf}",
    "growth below -100": "title: A\noutlook: {growth_rate: -150}",
    "rating above 5": "title: A\njob_satisfaction: 6",
    "rating below 1": "title: A\njob_satisfaction: 0.5",
    "span of one": "title: A\nyears_to_become: [1]",
    "span of three": "title: A\nyears_to_become: [1, 2, 3]",
    "span as text": "title: A\nyears_to_become: 4-6",
    "span with text": "title: A\nyears_to_become: [1, x]",
    "span with null": "title: A\nyears_to_become: [null, 2]",
    "empty shares": "title: A\ndemographics: {gender: {}}",
    "share as text": "title: A\ndemographics: {gender: {Male: half, Female: 50}}",
    "shares as list": "title: A\ndemographics: {gender: [50, 50]}",
    "share out of range": "title: A\ndemographics: {gender: {Male: 150, Female: -50}}",
    "blank share name": 'title: A\ndemographics: {gender: {" ": 100}}',
    "list as text": "title: A\nresponsibilities: Answer calls",
    "null list item": "title: A\nresponsibilities: [null]",
    "empty list item": 'title: A\nresponsibilities: [""]',
    "too many items": "title: A\nresponsibilities: [" + ", ".join(["x"] * 51) + "]",
    "skill without name": "title: A\nskills: [{share: 5}]",
    "skill with share and importance": "title: A\nskills: [{name: X, share: 5, importance: 5}]",
    "skill with unknown field": "title: A\nskills: [{name: X, bonus: 1}]",
    "skill as text": "title: A\nskills: [Communication]",
    "named item without name": "title: A\nresponsibilities: [{description: Design}]",
    "named item with unknown field": "title: A\nbest_practices: [{name: X, text: Y}]",
    "named item as a number": "title: A\nresponsibilities: [12]",
    "empty description": 'title: A\nresponsibilities: [{name: X, description: ""}]',
    "tool examples as text": "title: A\ntools: [{category: CRM, examples: Salesforce}]",
    "career roles with null": "title: A\ncareer_path: [{stage: Mid, roles: [null]}]",
    "ftp link": "title: A\nsources: [{name: X, url: 'ftp://example.org/'}]",
    "link without host": "title: A\nsources: [{name: X, url: 'https://'}]",
    "date as words": "title: A\nsources: [{name: X, retrieved: June 2024}]",
    "date and time": "title: A\nupdated: 2024-06-06 10:00:00",
    "year only": "title: A\nupdated: 2024",
    "short soc code": "title: A\nsoc_code: 29-114",
    "a list, not a map": "- title: A",
    "a bare text": "Data Analyst",
    "padded code too long": 'title: A\nsoc_code: " 15-2051 "',
}

# What JSON Schema cannot say: checks across fields, and YAML types JSON does not have.
# A document may pass the schema and fail the validator only for one of these reasons.
GAPS = {
    "low above high": ("title: A\nsalary: {range: [130000, 64000]}", r"is above high"),
    "percentiles out of order": ("title: A\nsalary: {percentiles: {p10: 9, p25: 5}}",
                                 r"is below p\d+ \("),
    "shares not adding up": ("title: A\ndemographics: {gender: {Male: 10, Female: 10}}",
                             r"shares add up to"),
    "not a number": ("title: A\njob_satisfaction: .nan", r"expected a number, got nan"),
    "date as a title": ("title: 2024-06-06", r"expected text, got a date"),
    "a number only YAML 1.1 reads": ("title: A\nsalary: {yearly: 1_000}", r"\(YAML 1\.2\)"),
    "a leading zero": ("title: A\noutlook: {jobs: 010}", r"\(YAML 1\.2\)"),
    "a Markdown link without a scheme": ("title: A\nsummary: '[ONET](www.onetonline.org)'",
                                         r"has no scheme"),
    "a Markdown link that is no URL": ("title: A\nbest_practices: ['[a](<https://a b>)']",
                                       r"is not a valid URL"),
}
GAP_MESSAGES = re.compile("|".join(pattern for _, pattern in GAPS.values()))


def as_json(value: Any) -> Any:
    """Return a YAML value as JSON would hold it: dates as ISO text, keys as text."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def verdicts(text: str) -> tuple[list[Problem], list[str]]:
    """Return the validator's problems and the schema's errors for a role document."""
    doc, problems = load_bytes("role.yaml", textwrap.dedent(text).encode())
    assert doc is not None and not problems, problems  # YAML itself is no business of the schema
    _, found = validate_role(doc, "role")
    return found, [error.message for error in SCHEMA.iter_errors(as_json(doc.data))]


@pytest.mark.parametrize("name", VALID)
def test_both_accept(name: str) -> None:
    assert verdicts(VALID[name]) == ([], [])


@pytest.mark.parametrize("name", INVALID)
def test_both_refuse(name: str) -> None:
    problems, errors = verdicts(INVALID[name])
    assert problems, "the validator accepts it"
    assert errors, f"the schema accepts what the validator does not: {problems}"


@pytest.mark.parametrize("name", GAPS)
def test_what_only_the_validator_sees(name: str) -> None:
    text, message = GAPS[name]
    problems, errors = verdicts(text)
    assert [p for p in problems if re.search(message, p.message)]
    assert errors == [], "the schema sees it now: move it to INVALID"


def role_files() -> list[Path]:
    """Return the site's role files, the hostile ones, and some of the US site's 832."""
    found = [sorted(folder.glob("*.yaml")) for folder in (
        ROOT / "content/roles", ROOT / "tests/hostile", ROOT / "sites/us/roles")]
    return [*found[0], *found[1], *found[2][:60]]  # the rest say nothing the first ones do not


def test_every_role_file_gets_the_same_verdict() -> None:
    checked = 0
    for path in role_files():
        doc, problems = load_bytes(str(path), path.read_bytes())
        if doc is None or problems:
            continue  # broken YAML: the editor's YAML parser reports it, not the schema
        _, found = validate_role(doc, path.stem)
        errors = list(SCHEMA.iter_errors(as_json(doc.data)))
        if errors:
            assert found, f"{path}: the schema refuses a valid file: {errors[0].message}"
        else:
            assert all(GAP_MESSAGES.search(p.message) for p in found), (path, found)
        checked += 1
    assert checked >= 6


def test_a_new_role_file_is_valid_for_both(tmp_path: Path) -> None:
    assert verdicts(role_text("Data Analyst", tmp_path)) == ([], [])


# Every field, generated from the format itself: a valid value, a value of the wrong kind,
# and each number at and beyond its bounds. Both sides must give the same verdict on each.

REQUIRED = {"skills": {"name": "X"}, "tools": {"category": "X"}, "career_path": {"stage": "X"},
            "sources": {"name": "X"}, "related": {"title": "X"}}
FieldPath = tuple[str, ...]


def leaves(fields: dict[str, Spec], prefix: FieldPath = ()) -> Iterator[tuple[FieldPath, Spec]]:
    """Yield every field of the format with its spec; a list of records as its items' fields."""
    for name, spec in fields.items():
        path = (*prefix, name)
        if isinstance(spec, Record):
            yield from leaves(spec.fields, path)
        elif isinstance(spec, ListOf) and isinstance(spec.item, Record):
            yield path, spec
            yield from leaves(spec.item.fields, (*path, "[]"))
        else:
            yield path, spec


def nest(path: FieldPath, value: Any) -> dict[str, Any]:
    """Return the part of a role document that holds `value` at `path`."""
    head, *rest = path
    if not rest:
        return {head: value}
    if rest[0] == "[]":
        return {head: [{**REQUIRED[head], **nest(tuple(rest[1:]), value)}]}
    return {head: nest(tuple(rest), value)}


def samples(spec: Spec) -> tuple[list[Any], list[Any]]:
    """Return values `spec` accepts and values it refuses, bounds included."""
    if isinstance(spec, Number):
        lowest = spec.least if spec.least is not None else spec.minimum
        good: list[Any] = [lowest if lowest is not None else 1]
        bad: list[Any] = ["12", True, [1]]
        if lowest is not None:
            bad.append(lowest - (1 if spec.integer else 0.001))
        if spec.least is not None:
            bad.append(0)  # money: a pay of 0 is never a figure
        if spec.maximum is not None:
            good.append(spec.maximum)
            bad.append(spec.maximum + (1 if spec.integer else 0.001))
        if spec.integer:
            bad.append(good[0] + 0.5)
        return good, bad
    kinds: dict[type, tuple[list[Any], list[Any]]] = {
        Url: (["https://example.org/a?b=1", "mailto:a@example.org"],
              [42, "www.example.org", "https://"]),
        SocCode: (["15-2051"], [42, "15-205", "152051"]),
        Text: (["Text"], [42, "", ["Text"], {"a": "b"}]),
        Date: (["2024-06-06", dt.date(2024, 6, 6)], ["2024-13-01", "June 2024", 2024]),
        Span: ([[1, 1]], [[1], "1-2", [1, "x"]]),
        SharesSpec: ([{"A": 100}], [{}, [100], {"A": "all"}]),
        ListOf: ([[]], [{"a": 1}, "x"]),
    }
    if isinstance(spec, Choice):
        return [spec.choices[0]], ["none of these", 42, [spec.choices[0]]]
    for kind, found in kinds.items():
        if isinstance(spec, kind):
            return found
    raise AssertionError(f"no samples for {type(spec).__name__}")


CASES = [(".".join(path), nest(path, value), ok) for path, spec in leaves(ROLE_FIELDS)
         for ok, values in zip((True, False), samples(spec), strict=True) for value in values]


@pytest.mark.parametrize(("field", "document", "ok"), CASES,
                         ids=[f"{f}={d!r:.40}" for f, d, _ in CASES])
def test_both_agree_on_every_field(field: str, document: dict[str, Any], ok: bool) -> None:
    document = {"title": "A", **document} if field != "title" else document
    problems, errors = verdicts(yaml.safe_dump(document, sort_keys=False))
    if ok:
        assert (problems, errors) == ([], [])
    else:
        assert problems, "the validator accepts it"
        assert errors, f"the schema accepts what the validator does not: {problems}"


def test_every_field_has_cases() -> None:
    fields = {".".join(path) for path, _ in leaves(ROLE_FIELDS)}
    assert {f for f, _, ok in CASES if ok} == fields
    assert {f for f, _, ok in CASES if not ok} == fields


# Editors read YAML 1.2, the build YAML 1.1: where the two read a plain value differently, the
# build refuses it with a hint, and the schema refuses the editor's reading, or cannot tell (a
# leading zero), or accepts it where the build still refuses (`title: on`, text to an editor,
# true to the build: the safe side). Each case: the file, and the data as an editor reads it.
YAML_1_2 = {
    "underscores": ("title: A\nsalary: {yearly: 1_000}", {"salary": {"yearly": "1_000"}}),
    "an exponent without a point": ("title: A\nsalary: {yearly: 1e5}", None),
    "a number as a title": ("title: 1e5", {"title": 100000.0}),
    "yes": ("title: A\ncategory: yes", None),
    "on as a bool where a number goes": ("title: A\njob_satisfaction: on",
                                         {"job_satisfaction": "on"}),
    "sexagesimal": ("title: A\nexperience_years: 1:30", {"experience_years": "1:30"}),
    "octal": ("title: A\noutlook: {jobs: 010}", None),
}


@pytest.mark.parametrize("name", YAML_1_2)
def test_what_editors_read_otherwise_is_refused_with_a_hint(name: str) -> None:
    text, editor_reads = YAML_1_2[name]
    problems, _ = verdicts(text)
    assert [p for p in problems if "to editors (YAML 1.2); write" in p.message], problems
    if editor_reads is not None:
        assert list(SCHEMA.iter_errors({"title": "A", **editor_reads})), "the editor accepts it"
