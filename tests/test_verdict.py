"""The verdict under a comparison's opening: who is ahead, by how much, and what is unknown."""

from __future__ import annotations

from versus.engine.model import Education, Outlook, Role, Salary
from versus.engine.verdict import degree_level, has_figures, pair_verdict, verdict_list


def role(title: str, yearly: float | None = None, growth: float | None = None,
         jobs: int | None = None, years: tuple[float, float] | None = None,
         degree: str | None = None, median: float | None = None,
         entry: str | None = None, hourly: float | None = None) -> Role:
    """Return a role with just the figures the verdict weighs."""
    return Role(slug=title.lower().replace(" ", "-"), title=title,
                salary=Salary(yearly=yearly, median=median, hourly=hourly),
                outlook=Outlook(growth_rate=growth, jobs=jobs), years_to_become=years,
                education=Education(degree=degree, typical_entry=entry))


SERVICE = role("Customer Service Manager", 61487, 6, 313110, (4, 6), "Bachelor's Degree")
SUPPORT = role("Customer Support Manager", 91598, 10, 128995, (4, 6), "Bachelor's Degree")
LEAD = role("Support Lead", 45000, -3, 50000, (1, 2), "Associate Degree")
EMPTY = role("Customer Support Operations Manager")


def lines(a: Role, b: Role) -> dict[str, tuple[str, str | None]]:
    return {line.topic: (line.text, line.ahead) for line in pair_verdict(a, b).lines}


def test_each_topic_says_who_is_ahead_and_by_how_much() -> None:
    found = lines(SERVICE, SUPPORT)
    assert found["Pay"] == ("A Customer Support Manager earns $30,111 (49%) more a year on "
                            "average: $91,598 against $61,487.", "b")
    # Three words and no plural given: no plural is guessed
    assert found["Growth"] == ("Jobs as a Customer Support Manager are projected to grow "
                               "faster: 10% against 6%, 4 percentage points apart.", "b")
    assert found["Jobs"] == ("Jobs as a Customer Service Manager are more numerous: 313,110 "
                             "against 128,995, 2.4 times as many.", "a")
    assert pair_verdict(SERVICE, SUPPORT).note is None


def test_many_times_as_many_jobs_is_a_whole_number() -> None:
    found = lines(role("A", jobs=3082700), role("B", jobs=1000))
    assert found["Jobs"][0].endswith("3,082,700 against 1,000, 3,083 times as many.")
    assert lines(role("A", jobs=9990), role("B", jobs=1000))["Jobs"][0].endswith(
        ", 10 times as many.")  # 9.99 rounds to 10.0, said "10"


def test_equal_figures_favour_no_one() -> None:
    found = lines(SERVICE, SUPPORT)
    assert found["Time to become"] == ("Both take 4-6 years.", None)
    assert found["Education"] == ("Both most often hold a bachelor's degree.", None)
    same = lines(role("A", 50000, 2, 10), role("B", 50000, 2, 10))
    assert same["Pay"] == ("Both earn $50,000 a year on average.", None)
    assert same["Growth"] == ("Jobs for both are projected to grow 2%.", None)
    shrinking = lines(role("A", growth=-0.7), role("B", growth=-0.7))
    assert shrinking["Growth"] == ("Jobs for both are projected to shrink 0.7%.", None)
    assert same["Jobs"] == ("Both have 10 jobs.", None)


def test_quicker_shrinking_and_schooling() -> None:
    found = lines(SUPPORT, LEAD)
    assert found["Time to become"] == (
        "Support Lead is quicker to become: 1-2 years, against 4-6 years for Customer Support "
        "Manager.", "b")
    assert found["Education"] == (
        "A Customer Support Manager asks for more schooling: a bachelor's degree, against an "
        "associate degree for a Support Lead.", "a")
    shrinking = lines(role("A", growth=-3), role("B", growth=-8))
    assert shrinking["Growth"][0].startswith("Jobs for As are projected to shrink more slowly")


def test_one_side_unknown_is_said_not_guessed() -> None:
    found = lines(role("A", yearly=50000), role("B", growth=4))
    assert found["Pay"] == ("A: $50,000 a year on average; not known for B.", None)
    assert found["Growth"] == ("B: 4% projected growth; not known for A.", None)
    assert found["Jobs"] == ("Not known for either role.", None)


def test_an_average_is_not_ranked_against_a_median() -> None:
    found = lines(role("A", yearly=50000), role("B", median=60000))
    assert found["Pay"] == ("A: $50,000 a year on average; B: $60,000 a year at the median.",
                            None)
    medians = lines(role("A", median=50000), role("B", median=60000))
    assert medians["Pay"][0] == "A B earns $10,000 (20%) more a year at the median: $60,000 " \
                                "against $50,000."


def test_wages_published_by_the_hour_are_compared_by_the_hour() -> None:
    hourly = lines(role("A", hourly=30.0), role("B", hourly=40.0))
    assert hourly["Pay"][0] == ("A B earns $10 (33%) more an hour on average: $40 against $30.")


def test_a_role_with_no_figures_is_said_once() -> None:
    verdict = pair_verdict(EMPTY, SUPPORT)
    assert verdict.note == "No figures are known for Customer Support Operations Manager yet."
    texts = [line.text for line in verdict.lines]
    assert texts[0] == "Customer Support Manager: $91,598 a year on average."
    assert not any("not known" in text.casefold() for text in texts)
    assert not has_figures(EMPTY) and has_figures(SUPPORT)


def test_both_unknown_gives_one_note_and_no_lines() -> None:
    verdict = pair_verdict(EMPTY, role("Support Lead"))
    assert verdict.note == "No figures are known for either role yet."
    assert verdict.lines == ()


def test_typical_entry_education_is_preferred_and_ranked() -> None:
    found = lines(role("A", entry="Master's degree", degree="Master's degree"),
                  role("B", entry="High school diploma or equivalent"))
    assert found["Education"] == (
        "An A asks for more schooling to enter: typically a master's degree, against a high "
        "school diploma or equivalent for a B.", "a")
    assert degree_level("Doctoral or professional degree") == 6
    assert degree_level("Postsecondary nondegree award") == 2
    assert degree_level("Apprenticeship") is None


def test_the_list_marks_who_is_ahead_and_leaves_out_what_a_site_does_not_say() -> None:
    hostile = role('Nurse <b> & "Aide"', 50000)
    lines = pair_verdict(hostile, role("Support Lead", 40000)).lines
    shown = verdict_list(lines)
    assert shown.startswith("<dl><div><dt>Pay<dd>A Nurse &lt;b&gt; "
                            "&amp; &#34;Aide&#34; earns") and shown.endswith("</div></dl>\n")
    assert shown.count("<div") == len(lines) == 5
    assert '<div class="even"><dt>Growth<dd>Not known for either role.</div>' in shown
    hidden = verdict_list(lines, show_unknown=False)
    assert hidden.count("<div") == 1 and "Not known" not in hidden
