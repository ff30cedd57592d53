"""Properties: any YAML leads to a role or to clean problems; no role text reaches a page as markup."""

from __future__ import annotations

import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from versus.engine.build import page_renderer
from versus.engine.content import Content, parse_role
from versus.engine.model import Problem, Role, Site
from versus.engine.pages import plan_pages

ROOT = Path(__file__).resolve().parent.parent
PATH = Path("roles/x.yaml")
PROBE = "<x-probe onmouseover=1>"
LINE = re.compile(r"^roles/x\.yaml:[1-9][0-9]*: \S")
BYTECODE = Path(tempfile.mkdtemp(prefix="versus-bytecode-"))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

YAML_TOKENS = st.sampled_from([*":-[]{}&*!|>'\"#%@`,?<=~. \n\t\\", "a", "1", "title", "salary",
                               "yearly", "!!python/object", "&a", "*a", "<<", "- ", ": ",
                               "\ufeff", "\x00", "\x85", "\u202e", "é", "🙂"])
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
           | st.dates())
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=10) | st.integers(), inner, max_size=4),
                    max_leaves=20)
FIELDS = ["title", "category", "summary", "salary", "outlook", "job_satisfaction",
          "years_to_become", "experience_years", "education", "demographics", "responsibilities",
          "skills", "tools", "career_path", "best_practices", "sources", "updated"]
ROLE_DATA = st.fixed_dictionaries({"title": st.text(max_size=20) | DATA},
                                  optional=dict.fromkeys(FIELDS[1:], DATA))


def outcome(raw: bytes) -> Role | list[Problem]:
    """Return the role in `raw`, or its problems, checking that each prints on one line."""
    parsed, problems = parse_role("x", PATH, raw)
    if parsed is None:
        assert problems
        for problem in problems:
            assert LINE.match(str(problem)) and "\n" not in str(problem), str(problem)
        return problems
    assert problems == []
    return parsed[0]


@FAST
@given(st.text())
def test_any_text_is_a_role_or_clean_problems(text: str) -> None:
    outcome(text.encode("utf-8", "surrogatepass"))


@FAST
@given(st.lists(YAML_TOKENS, max_size=40).map("".join))
def test_any_yaml_like_text_is_a_role_or_clean_problems(text: str) -> None:
    outcome(text.encode("utf-8"))


@FAST
@given(st.binary(max_size=200))
def test_any_bytes_are_a_role_or_clean_problems(raw: bytes) -> None:
    outcome(raw)


@SLOW
@given(DATA | ROLE_DATA)
def test_any_data_dumped_as_yaml_is_a_role_or_clean_problems(data: Any) -> None:
    outcome(yaml.safe_dump(data).encode("utf-8"))


def render_all(role: Role) -> list[str]:
    """Return every page of a site of `role` and one other role, as text."""
    other = Role("other", "Other Role", category="Other")
    roles = tuple(sorted((role, other), key=lambda r: r.slug))
    pairing, render = page_renderer(Content(Site(), roles), ROOT / "templates", ROOT / "static",
                                    BYTECODE)
    return [render(page).decode("utf-8") for page in plan_pages(pairing)]


class Tags(HTMLParser):
    """Collects every tag and attribute of a page as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [f"<{tag}>"] if tag.startswith("x-") else []
        self.found += [f"<{tag} {name}>" for name, _ in attrs if name.startswith("on")]


def handlers(html: str) -> list[str]:
    """Return every probe tag and event handler attribute in `html`."""
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser.found


# Where a string can sit in a role file, and how to put it there.
PLACES: dict[str, Any] = {
    "title": lambda s: {"title": s},
    "category": lambda s: {"category": s},
    "summary": lambda s: {"summary": s},
    "salary.highest_paying_city": lambda s: {"salary": {"highest_paying_city": s}},
    "education.degree": lambda s: {"education": {"degree": s, "degree_share": 40}},
    "education.college": lambda s: {"education": {"college": s}},
    "demographics.gender": lambda s: {"demographics": {"gender": {s: 60, "Other": 40}}},
    "responsibilities": lambda s: {"responsibilities": [s, "Plain"]},
    "best_practices": lambda s: {"best_practices": ["Plain", s]},
    "skills.name": lambda s: {"skills": [{"name": s, "share": 5}]},
    "tools": lambda s: {"tools": [{"category": s, "examples": [s, "Jira"]}]},
    "career_path": lambda s: {"career_path": [{"stage": s, "roles": [s, "Other Role"]}]},
    "sources.name": lambda s: {"sources": [{"name": s, "url": "https://example.org/"}]},
    "sources.url": lambda s: {"sources": [{"name": "S", "url": "https://example.org/" + s}]},
}
AROUND = st.lists(st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from(
    ["<", ">", "&", '"', "'", "`", "*", "_", "[", "]", "(", ")", "<!--", "-->", "</script>",
     "javascript:", "&lt;", "\n", "    "]), max_size=8).map("".join)


@SLOW
@given(st.sampled_from(sorted(PLACES)), AROUND, AROUND)
def test_role_text_never_reaches_a_page_as_markup(place: str, before: str, after: str) -> None:
    text = before + PROBE + after
    data = {"title": "Probe Role", "salary": {"yearly": 50_000}, **PLACES[place](text)}
    found = outcome(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))
    if isinstance(found, Role):
        for html in render_all(found):
            assert "<x-probe" not in html
            assert handlers(html) == []


@SLOW
@given(AROUND)
def test_a_probe_in_every_field_at_once_stays_text(around: str) -> None:
    text = (around + PROBE)[:70]
    data: dict[str, Any] = {"title": "Probe Role"}
    for place in PLACES:
        if place not in ("title", "sources.url"):
            for key, value in PLACES[place](text).items():
                data[key] = {**data.get(key, {}), **value} if isinstance(value, dict) else value
    found = outcome(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))
    if isinstance(found, Role):
        assert all("<x-probe" not in html for html in render_all(found))
