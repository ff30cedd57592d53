"""Warnings about valid roles: each names file, line and field; a clean role has none."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from versus.authoring.lint import content_warnings
from versus.engine.content import load_content
from versus.engine.model import Role, Salary

ROOT = Path(__file__).resolve().parent.parent
CLEAN = """\
    title: A
    salary: {yearly: 91598, hourly: 44.04, range: [64000, 130000]}
    skills:
      - {name: Project Management, share: 9}
      - {name: CRM, share: 5}
      - {name: Support, share: 5}
      - {name: Unrated}
    sources: [{name: S, url: "https://example.org/", retrieved: 2024-06-06}]
    updated: 2024-06-06
    """


def warnings_of(folder: Path, body: str) -> list[str]:
    roles = folder / "roles"
    roles.mkdir(exist_ok=True)
    (roles / "a.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return [str(p).replace(f"{folder}/", "") for p in content_warnings(load_content(folder))]


def test_a_careful_role_has_no_warning(tmp_path: Path) -> None:
    assert warnings_of(tmp_path, CLEAN) == []


@pytest.mark.parametrize(("change", "expected"), [
    (("{name: CRM, share: 5}", "{name: CRM, share: 12}"),
     "roles/a.yaml:5: skills[1].share: 12% is more than skills[0] (9%); list skills from the "
     "most asked for, since the first three are the top skills"),
    (("range: [64000, 130000]", "range: [95000, 130000]"),
     "roles/a.yaml:2: salary.range: [95000, 130000] does not contain the yearly average, 91598"),
    (("hourly: 44.04", "hourly: 4.4"),
     "roles/a.yaml:2: salary.hourly: 4.4 is more than 25% away from yearly / 2080 (44.04); "
     "is one of them a typo?"),
    (("{name: Support, share: 5}", "{name: crm, share: 5}"),
     "roles/a.yaml:6: skills[2]: repeats item 1 of skills"),
    (("title: A", "title: \"A\\u202e\""),
     "roles/a.yaml:1: title: contains U+202E, which reverses or reorders the text after it; "
     "type the words in reading order instead"),
    (("retrieved: 2024-06-06", "retrieved: 2025-01-01"),
     "roles/a.yaml:8: sources[0].retrieved: 2025-01-01 is after `updated` (2024-06-06): "
     "was `updated` forgotten?"),
    (("sources: [{name: S, url: \"https://example.org/\", retrieved: 2024-06-06}]", ""),
     "roles/a.yaml:1: title: has figures but no sources saying where they come from"),
    (("title: A", "title: A\neducation: {degree_share: 40}"),
     "roles/a.yaml:2: education.degree_share: gives a share but no degree it is the share of"),
    (("{name: CRM, share: 5}", "{name: CRM, share: 5, description: 'Knows <b>Zendesk</b>'}"),
     "roles/a.yaml:5: skills[1].description: <b> shows on the page as typed: role text is not "
     "HTML; write Markdown (**bold**, *italic*, [text](https://...))"),
])
def test_each_warning_names_file_line_and_field(tmp_path: Path, change: tuple[str, str],
                                                expected: str) -> None:
    body = textwrap.dedent(CLEAN).replace(*change)
    assert body != textwrap.dedent(CLEAN)
    assert warnings_of(tmp_path, body) == [expected]


def test_a_role_with_no_figures_is_flagged_once(tmp_path: Path) -> None:
    assert warnings_of(tmp_path, "category: X\ntitle: Bare\nsummary: Does things.\n") == [
        "roles/a.yaml:2: title: has no salary, outlook, education or demographics figure; "
        "every table of its pages would say 'not known'"]


def test_a_skill_below_an_unordered_one_is_compared_with_the_lowest_before_it() -> None:
    from versus.authoring.lint import role_warnings
    from versus.engine.model import Skill

    skills = tuple(Skill(str(i), share) for i, share in enumerate([9, 12, 5, 7, None, 8]))
    found = [(where, message.split(";")[0]) for where, message in role_warnings(
        Role("a", "A", salary=Salary(yearly=1), skills=skills)) if where[0] == "skills"]
    assert found == [(("skills", 1, "share"), "12% is more than skills[0] (9%)"),
                     (("skills", 3, "share"), "7% is more than skills[2] (5%)"),
                     (("skills", 5, "share"), "8% is more than skills[2] (5%)")]


def test_a_role_built_in_memory_is_named_by_its_slug() -> None:
    from versus.engine.content import Content
    from versus.engine.model import Site

    content = Content(Site(), (Role("bare", "Bare"),))
    assert [str(p) for p in content_warnings(content)] == [
        "bare.yaml:1: title: has no salary, outlook, education or demographics figure; "
        "every table of its pages would say 'not known'"]


def test_the_real_content_warns_only_about_the_role_without_figures() -> None:
    # One role of the real content has no figures yet: --strict stops on it until it has.
    found = content_warnings(load_content(ROOT / "content"))
    assert {p.message.split(";")[0] for p in found} <= {
        "has no salary, outlook, education or demographics figure"}


@pytest.mark.parametrize("text", ["vector<int>, a<b, <T>", "a<b & c>d", "<i = 1>",
                                  "Option<U>, Array<B>", "Map<I, P>"])
def test_text_in_angle_brackets_that_is_no_html_tag_is_no_warning(tmp_path: Path,
                                                                  text: str) -> None:
    # A tag's attributes are names (CommonMark's raw HTML): `<b & c>` opens no element.
    body = textwrap.dedent(CLEAN).replace(
        "{name: CRM, share: 5}", f"{{name: CRM, share: 5, description: '{text}'}}")
    assert warnings_of(tmp_path, body) == []


@pytest.mark.parametrize("text", ["Knows `<script>` tags", "``<b>`` and `` `<i>` ``",
                                  "`a` then `<div class=x>`", "multi `<br\n/>` line",
                                  "``<i>` mismatched`", "```<b>``", "`` `a` <b>` ``"])
def test_a_tag_in_a_code_span_is_no_warning(tmp_path: Path, text: str) -> None:
    # A code span shows what it holds as typed: that is what its writer meant. Backticks
    # pair as the pages' parser pairs them (Python-Markdown): ``<i>` is code there.
    body = textwrap.dedent(CLEAN).replace(
        "{name: CRM, share: 5}", f"{{name: CRM, share: 5, description: {json.dumps(text)}}}")
    assert warnings_of(tmp_path, body) == []


@pytest.mark.parametrize(("text", "tag"), [
    ("`code` then <b>bold</b>", "<b>"), ("`unclosed <b>", "<b>"),
    ("escaped \\`<i>\\` ticks", "<i>"), ("`a` <b> `c`", "<b>"),
])
def test_a_tag_outside_a_code_span_is_still_named(tmp_path: Path, text: str, tag: str) -> None:
    body = textwrap.dedent(CLEAN).replace(
        "{name: CRM, share: 5}", f"{{name: CRM, share: 5, description: {json.dumps(text)}}}")
    [warning] = warnings_of(tmp_path, body)
    assert warning.startswith(f"roles/a.yaml:5: skills[1].description: {tag} shows on the page")


def test_backticks_in_a_text_that_is_not_markdown_hide_no_tag(tmp_path: Path) -> None:
    # A title is plain text: its backticks show too, and so does the tag between them.
    body = textwrap.dedent(CLEAN).replace("title: ", "title: Lead `<b>` ", 1)
    assert any(warning.startswith("roles/a.yaml:1: title: <b> shows on the page")
               for warning in warnings_of(tmp_path, body))


@pytest.mark.parametrize(("text", "tag"), [
    ("<img src=x onerror=alert(2)>", "<img src=x onerror=alert(2)>"),
    ("a <a href=\"https://example.org\" title='t'>link</a>",
     "<a href=\"https://example.org\" title='t'>"),
    ("line<br/>break", "<br/>"), ("a<b & c>d, <b>bold</b>", "<b>"), ("<p data-x>x</p>", "<p data-x>"),
    ("<script>alert(1)</script>", "<script>"), ("<iframe src=https://e.org>", "<iframe src=https://e.org>"),
    ("<style>*{}</style> <s>x</s>", "<style>"),
    ("<SCRIPT>alert(1)</SCRIPT>", "<SCRIPT>"), ("a<BR>b", "<BR>"), ("<Div>", "<Div>"),
    (f"<a title={'t' * 100}>", f"<a title={'t' * 71}... (110 characters)"),
])
def test_an_html_tag_with_attributes_is_named(tmp_path: Path, text: str, tag: str) -> None:
    body = textwrap.dedent(CLEAN).replace(
        "{name: CRM, share: 5}", f"{{name: CRM, share: 5, description: {json.dumps(text)}}}")
    [warning] = warnings_of(tmp_path, body)
    assert warning.startswith(f"roles/a.yaml:5: skills[1].description: {tag} shows on the page")
