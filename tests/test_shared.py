"""What two roles of a comparison share is said once: sources, text figures, standings."""

from __future__ import annotations

import datetime as dt

from versus.engine.model import Role, Salary, Source
from versus.engine.prepare import PreparedRole, prepare_role
from versus.engine.shared import pair_sources
from versus.engine.standing import Standing, pair_standings, standing_summary
from versus.engine.tables import pair_section

DAY, LATER = dt.date(2026, 11, 23), dt.date(2026, 12, 1)
PAY, JOBS, PEOPLE = (Source("Pay", "https://pay.example/", DAY), Source("Jobs"),
                     Source("People", retrieved=DAY))


def prepared(title: str, sources: tuple[Source, ...] = (), updated: dt.date | None = DAY,
             **salary: object) -> PreparedRole:
    return prepare_role(Role(slug=title.lower(), title=title, sources=sources, updated=updated,
                             salary=Salary(**salary)), {})  # type: ignore[arg-type]


def test_the_same_sources_are_one_line() -> None:
    a, b = prepared("Nurse", (PAY, JOBS)), prepared("Midwife", (PAY, JOBS))
    assert pair_sources(a, b) == f'<p class="sources">{a.sources}</p>\n'
    assert pair_sources(a, b).count("Pay") == 1


def test_shared_sources_are_listed_once_then_each_roles_own() -> None:
    a, b = prepared("Nurse", (PAY, JOBS, PEOPLE)), prepared("Midwife", (JOBS, PAY))
    lines = pair_sources(a, b).splitlines()
    assert len(lines) == 2 and all(line.startswith('<p class="sources">') for line in lines)
    assert lines[0].startswith('<p class="sources">Sources for both roles: <a href="https://'
                               'pay.example/"') and "; Jobs. Figures checked" in lines[0]
    assert lines[1] == ('<p class="sources">Nurse also: People (retrieved <time>2026-11-23'
                        '</time>).</p>')
    assert pair_sources(a, b).count("Pay") == 1 and pair_sources(a, b).count("checked") == 1


def test_each_role_keeps_its_own_date_when_the_dates_differ() -> None:
    a, b = prepared("Nurse", (JOBS,)), prepared("Midwife", (JOBS,), LATER)
    lines = pair_sources(a, b).splitlines()
    assert lines[0] == '<p class="sources">Sources for both roles: Jobs.</p>'
    assert lines[1:] == [
        '<p class="sources">Nurse: Figures checked <time>2026-11-23</time>.</p>',
        '<p class="sources">Midwife: Figures checked <time>2026-12-01</time>.</p>']


def test_sources_read_on_one_day_say_the_day_once() -> None:
    a = prepared("Nurse", (PAY, PEOPLE))
    assert a.sources == ('Sources (all retrieved <time>2026-11-23</time>): <a href="https://'
                         'pay.example/" rel="nofollow noreferrer">Pay</a>; People. Figures '
                         'checked <time>2026-11-23</time>.')
    later = Source("Later", retrieved=LATER)
    assert prepared("Nurse", (PAY, later)).sources.count("(retrieved <time>") == 2
    assert prepared("Nurse", (PAY, JOBS)).sources.count("(retrieved <time>") == 1


def test_roles_without_a_source_in_common_are_listed_apart() -> None:
    a, b = prepared("Nurse", (PAY,)), prepared("Midwife", (JOBS,))
    assert pair_sources(a, b) == (f'<p class="sources">Nurse: {a.sources}</p>\n'
                                  f'<p class="sources">Midwife: {b.sources}</p>\n')
    assert pair_sources(prepared("A", (), None), prepared("B", (), None)) == ""


CITIES = [("Mean yearly salary", "yearly"), ("Highest paying city", "city"),
          ("Highest paying state", "state")]


def test_a_text_figure_both_roles_give_alike_leaves_the_table_for_one_sentence() -> None:
    a = prepared("Nurse", yearly=1000, highest_paying_city="Seattle, WA",
                 highest_paying_state="Ohio")
    b = prepared("Midwife", yearly=2000, highest_paying_city="Seattle, WA",
                 highest_paying_state="Iowa")
    html = pair_section(a, b, "Salary", CITIES, once=("city", "state", "yearly"))
    assert "<th>Highest paying city<" not in html and "<th>Highest paying state<td>" in html
    assert "<p>For both roles, highest paying city: Seattle, WA.</p>" in html
    assert "<th>Mean yearly salary<td>" in html  # different figures stay side by side
    # Without `once`, or when only one role knows it, the row stays.
    assert "<th>Highest paying city<td>" in pair_section(a, b, "Salary", CITIES)
    c = prepared("Doula", yearly=2000)
    assert "For both" not in pair_section(a, c, "Salary", CITIES, once=("city",))


def test_a_table_whose_rows_all_are_alike_is_one_sentence() -> None:
    a, b = (prepared(t, highest_paying_city="Lima, OH") for t in ("Nurse", "Midwife"))
    html = pair_section(a, b, "Salary", CITIES, once=("city",))
    assert "<table" not in html and "For both roles, highest paying city: Lima, OH." in html


def test_standings_say_the_roles_they_stand_among_once() -> None:
    high = {"pay": Standing(97, 2, 200), "jobs": Standing(93, 6, 200)}
    low = {"pay": Standing(4, 95, 200), "jobs": Standing(54, 45, 200)}
    assert pair_standings(standing_summary("Nurse", high), standing_summary("Midwife", low)) == (
        "Of the 200 roles on this site whose figures are known, Nurse pays more than 97% and "
        "employs more people than 93% of them; Midwife pays more than 4% and employs more "
        "people than 54% of them.")
    pay_only = {"pay": Standing(50, 49, 200)}
    assert pair_standings(standing_summary("Nurse", high), standing_summary("Doula", pay_only)) == (
        "Of the 200 roles on this site whose figures are known, Nurse pays more than 97% and "
        "employs more people than 93% of them. Of the 200 roles on this site whose pay is "
        "known, Doula pays more than 50%.")
    assert pair_standings(None, standing_summary("Doula", pay_only)) == (
        "Of the 200 roles on this site whose pay is known, Doula pays more than 50%.")
    assert pair_standings(None, None) == ""


def test_a_growth_share_is_never_read_as_a_growth_rate_and_the_last_is_named_so() -> None:
    grows = {"growth": Standing(75, 25, 5), "pay": Standing(0, 50, 5)}  # tied for the least
    assert pair_standings(standing_summary("Nurse", grows), None) == (
        "Of the 5 roles on this site whose figures are known, Nurse pays the least and is "
        "projected to grow faster than 75% of them.")


def test_a_share_of_jobs_is_never_read_as_a_share_of_people() -> None:
    employs = {"pay": Standing(0, 100, 5), "jobs": Standing(50, 25, 5)}
    assert pair_standings(standing_summary("Nurse", employs), None) == (
        "Of the 5 roles on this site whose figures are known, Nurse pays the least and "
        "employs more people than 50% of them.")
