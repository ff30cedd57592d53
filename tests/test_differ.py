"""What differs between two roles: the overview's marks and count, and the skills they share."""

from __future__ import annotations

import re

from endtags import with_end_tags

from versus.engine.differ import (
    DifferCount,
    RowOutcome,
    compare_row,
    count_differences,
    differ_sentence,
)
from versus.engine.model import Demographics, Education, Outlook, Role, Salary, Skill
from versus.engine.overlap import shared_skills
from versus.engine.prepare import UNKNOWN, PreparedRole, prepare_role
from versus.engine.tables import overview_section, pair_section, role_figures

FIELDS = [("Yearly salary", "yearly"), ("Growth rate", "growth"), ("Number of jobs", "jobs"),
          ("Time to become", "years_to_become"), ("Most common degree", "degree"),
          ("Average age", "age")]


def prepared(title: str, **fields: object) -> PreparedRole:
    slug = title.lower().replace(" ", "-")
    return prepare_role(Role(slug=slug, title=title, **fields), {})  # type: ignore[arg-type]


A = prepared("Nurse", salary=Salary(yearly=90000), outlook=Outlook(growth_rate=5, jobs=100),
             years_to_become=(2, 4), education=Education(degree="Bachelor's degree"))
B = prepared("Midwife", salary=Salary(yearly=90000), outlook=Outlook(growth_rate=7),
             years_to_become=(4, 6), education=Education(degree="Master's degree"),
             demographics=Demographics(average_age=41))
NOTHING = prepared("Porter")


def outcome(key: str, a: PreparedRole, b: PreparedRole) -> RowOutcome:
    return compare_row(key, a.role, b.role, a.cells, b.cells, UNKNOWN)


def test_equal_figures_are_the_same_and_rank_no_one() -> None:
    assert outcome("yearly", A, B) == RowOutcome(known=True, differs=False)


def test_the_higher_figure_is_ahead() -> None:
    assert outcome("growth", A, B) == RowOutcome(known=True, differs=True, ahead="b")
    assert outcome("years_to_become", B, A) == RowOutcome(known=True, differs=True, ahead="a")


def test_text_figures_differ_without_ranking() -> None:
    assert outcome("degree", A, B) == RowOutcome(known=True, differs=True, ahead=None)


def test_a_row_with_an_unknown_side_is_unknown_not_different() -> None:
    assert outcome("jobs", A, B) == RowOutcome(known=False, differs=False)
    assert outcome("age", A, B) == RowOutcome(known=False, differs=False)
    assert outcome("jobs", NOTHING, NOTHING) == RowOutcome(known=False, differs=False)


def test_the_count_says_how_many_of_the_known_figures_differ() -> None:
    outcomes = [outcome(key, A, B) for _, key in FIELDS]
    count = count_differences(outcomes)
    assert count == DifferCount(differ=3, compared=4, one_sided=2)
    assert differ_sentence(count) == "3 of 4 figures differ; 2 more are known for one role only."
    assert differ_sentence(DifferCount(0, 0, 3)) == (
        "No figure is known for both roles; 3 are known for one role only.")
    assert differ_sentence(DifferCount(0, 1, 1)) == (
        "The one figure known for both roles is the same; 1 more is known for one role only.")
    assert differ_sentence(DifferCount(2, 2, 0)) == "2 of 2 figures differ."


def test_the_overview_marks_the_higher_figure_in_words() -> None:
    html = str(overview_section(A, B, "Overview", FIELDS))
    assert '<h2 id="overview">Overview</h2>' in html
    assert '<table class="compare" aria-labelledby="overview"><thead><tr><td><th>' in html
    html = with_end_tags(html)
    assert "<caption" not in html and "Overview" not in html.split("</h2>", 1)[1]
    growth = re.search(r"<tr[^>]*><th[^>]*>Growth rate</th>(.*?)</tr>", html)
    assert growth is not None
    assert growth.group(1) == '<td>5%</td><td>7% <mark>higher</mark></td>'
    years = re.search(r"Time to become</th>(.*?)</tr>", html)
    assert years is not None and '6 years <mark>longer</mark>' in years.group(1)
    assert "3 of 4 figures differ; 2 more are known for one role only." in html
    jobs = re.search(r"Number of jobs</th>(.*?)</tr>", html)
    assert jobs is not None and "mark" not in jobs.group(1) and "not known" in jobs.group(1)


def test_a_section_neither_role_fills_is_left_out() -> None:
    assert str(pair_section(A, B, "Demographics", [("LGBT", "lgbt"), ("Gender", "gender")])) == ""
    assert str(overview_section(NOTHING, NOTHING, "Overview", FIELDS)) == ""
    kept = str(pair_section(A, B, "Outlook", [("Jobs", "jobs")]))
    assert "100" in kept and "not known" in kept  # known for one role: "not known" for the other


def test_a_role_with_no_figures_gets_no_column_of_not_known() -> None:
    for html in (str(pair_section(A, NOTHING, "Salary", [("Average salary", "yearly")])),
                 str(overview_section(NOTHING, A, "Overview", FIELDS))):
        assert "$90,000" in html and "not known" not in html and "Porter" not in html
        assert 'class="compare one-role"' in html and "figures differ" not in html


def test_a_role_page_lists_known_figures_and_names_the_rest_once() -> None:
    html = str(role_figures(A, FIELDS))
    assert html.count("<tr>") == 5
    assert html.endswith('<p class="na">Not known yet: average age.</p>\n')
    assert str(role_figures(NOTHING, FIELDS)) == (
        '<p class="na">No figures are known for this role yet.</p>\n')


def test_skills_in_common_match_whatever_their_case_and_spacing() -> None:
    a = Role(slug="a", title="A", skills=(Skill("Writing"), Skill("Active  Listening"),
                                          Skill("CRM")))
    b = Role(slug="b", title="B", skills=(Skill("active listening"), Skill("Payroll"),
                                          Skill("writing")))
    assert shared_skills(a, b) == ("Writing", "Active  Listening")
    assert shared_skills(a, Role(slug="c", title="C")) == ()
    assert shared_skills(Role(slug="c", title="C"), Role(slug="d", title="D")) == ()
