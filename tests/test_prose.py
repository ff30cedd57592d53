"""The site's sentences: articles, plurals, pay, time to become, skills and descriptions."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from versus.engine.model import Range, Role, Salary, Skill
from versus.engine.prose import (
    RoleWords,
    article,
    join_words,
    pair_description,
    pair_intro,
    plural,
    possessive,
    role_description,
    role_words,
    shorten,
)

SERVICE_SKILLS = ("Strong Customer Service", "Payroll", "Customer Satisfaction", "Complaints")
SUPPORT_SKILLS = ("Project Management", "CRM", "Technical Support", "Salesforce")
LEAD_SKILLS = ("Customer Service", "Cash Management", "POS")


def words(title: str, yearly: float | None = None, years: Range | None = None,
          skills: tuple[str, ...] = ()) -> RoleWords:
    """Return the words for a role built from just the figures the sentences use."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "role"
    return role_words(Role(slug=slug, title=title, salary=Salary(yearly=yearly),
                           years_to_become=years, skills=tuple(Skill(s) for s in skills)))


SERVICE = words("Customer Service Manager", 61487, (4, 6), SERVICE_SKILLS)
SUPPORT = words("Customer Support Manager", 91598, (4, 6), SUPPORT_SKILLS)
LEAD = words("Support Lead", 86816, (1, 2), LEAD_SKILLS)


def test_seed_pair_service_vs_support() -> None:
    assert pair_intro(SERVICE, SUPPORT) == (
        "A Customer Support Manager earns $91,598 a year on average, $30,111 (49%) more than "
        "a Customer Service Manager, at $61,487. It typically takes 4-6 years to become either one.",
        "The top skills of a Customer Service Manager are Strong Customer Service, Payroll and "
        "Customer Satisfaction; a Customer Support Manager's are Project Management, CRM and "
        "Technical Support.",
    )


def test_seed_pair_support_vs_lead() -> None:
    assert pair_intro(SUPPORT, LEAD) == (
        "A Customer Support Manager earns $91,598 a year on average, $4,782 (6%) more than "
        "a Support Lead, at $86,816. Becoming a Customer Support Manager typically takes 4-6 "
        "years, while becoming a Support Lead usually takes 1-2 years.",
        "The top skills of a Customer Support Manager are Project Management, CRM and Technical "
        "Support; a Support Lead's are Customer Service, Cash Management and POS.",
    )


def test_higher_earner_comes_first_in_either_order() -> None:
    assert pair_intro(SUPPORT, SERVICE)[0].startswith("A Customer Support Manager earns $91,598")
    assert pair_intro(SERVICE, SUPPORT)[0].startswith("A Customer Support Manager earns $91,598")


def test_equal_salaries() -> None:
    a, b = words("Nurse", 70000), words("Operations Manager", 70000.0)
    assert pair_intro(a, b) == ("A Nurse and an Operations Manager both earn $70,000 a year "
                                "on average.",)


def test_gap_under_half_a_percent_reads_less_than_one_percent() -> None:
    a, b = words("Nurse", 100_400), words("Midwife", 100_000)
    assert pair_intro(a, b)[0] == ("A Nurse earns $100,400 a year on average, $400 (less than "
                                   "1%) more than a Midwife, at $100,000.")


def test_gap_of_half_a_percent_rounds_up() -> None:
    a, b = words("Nurse", 100_500), words("Midwife", 100_000)
    assert "$500 (1%) more" in pair_intro(a, b)[0]


def test_gap_in_cents_never_reads_zero_dollars() -> None:
    a, b = words("Nurse", 50000.4), words("Midwife", 50000)
    assert pair_intro(a, b)[0] == ("A Nurse earns $50,000.40 a year on average, less than $1 "
                                   "more than a Midwife, at $50,000.")


def test_cents_show_in_the_gap() -> None:
    a, b = words("Nurse", 50100.25), words("Midwife", 50000)
    assert "$100.25 (less than 1%) more" in pair_intro(a, b)[0]


@pytest.mark.parametrize("first", [True, False])
def test_one_salary_known(first: bool) -> None:
    known, unknown = words("Support Lead", 86816), words("Editor-in-Chief")
    pair = (known, unknown) if first else (unknown, known)
    assert pair_intro(*pair) == ("A Support Lead earns $86,816 a year on average.",)
    assert pair_description(*pair) == ("{} vs {}: pay, time to become, education, skills and "
                                       "career paths compared.").format(*(w.title for w in pair))


@pytest.mark.parametrize("yearly", [None, 0])
def test_no_salary_known(yearly: float | None) -> None:
    a, b = words("Nurse", yearly, (2, 4)), words("Midwife", yearly, (3, 5))
    (intro,) = pair_intro(a, b)
    assert intro == ("Becoming a Nurse typically takes 2-4 years, while becoming a Midwife "
                     "usually takes 3-5 years.")
    assert "$" not in pair_description(a, b) + role_description(a)


def test_years_same_span() -> None:
    assert pair_intro(words("Nurse", years=(4, 6)), words("Midwife", years=(4.0, 6.0))) == (
        "It typically takes 4-6 years to become either one.",)


@pytest.mark.parametrize("first", [True, False])
def test_years_one_known(first: bool) -> None:
    known, unknown = words("Usher", years=(1, 1)), words("Analyst")
    pair = (known, unknown) if first else (unknown, known)
    assert pair_intro(*pair) == ("Becoming an Usher typically takes 1 year.",)


def test_years_singular_and_fractions() -> None:
    intro = pair_intro(words("Nurse", years=(1, 1)), words("Midwife", years=(0.5, 1.5)))
    assert intro == ("Becoming a Nurse typically takes 1 year, while becoming a Midwife "
                     "usually takes 0.5-1.5 years.",)


def test_missing_years_leave_only_the_pay() -> None:
    assert pair_intro(words("Nurse", 1000), words("Midwife", 1000)) == (
        "A Nurse and a Midwife both earn $1,000 a year on average.",)


@pytest.mark.parametrize(("skills", "sentence"), [
    (("A",), "The top skill of a Nurse is A."),
    (("A", "B"), "The top skills of a Nurse are A and B."),
    (("A", "B", "C"), "The top skills of a Nurse are A, B and C."),
    (("A", "B", "C", "D"), "The top skills of a Nurse are A, B and C."),
])
def test_skills_of_one_role(skills: tuple[str, ...], sentence: str) -> None:
    assert pair_intro(words("Nurse", skills=skills), words("Midwife")) == (sentence,)
    assert pair_intro(words("Midwife"), words("Nurse", skills=skills)) == (sentence,)


def test_skills_both_single() -> None:
    intro = pair_intro(words("Nurse", skills=("Care",)), words("Midwife", skills=("Birth",)))
    assert intro == ("The top skill of a Nurse is Care; a Midwife's is Birth.",)


def test_skills_one_and_many_are_two_sentences() -> None:
    intro = pair_intro(words("Nurse", skills=("Care",)), words("HR Manager", skills=("A", "B")))
    assert intro == ("The top skill of a Nurse is Care. The top skills of an HR Manager are "
                     "A and B.",)


def test_skill_ending_in_a_full_stop_gets_no_second_one() -> None:
    intro = pair_intro(words("Nurse", skills=("Care", "Etc.")), words("Midwife"))
    assert intro == ("The top skills of a Nurse are Care and Etc.",)


def test_nothing_known_still_says_something() -> None:
    assert pair_intro(words("Nurse"), words("Operations Manager")) == (
        "This page compares a Nurse and an Operations Manager side by side.",)


def test_titles_keep_their_capitals_and_lose_stray_whitespace() -> None:
    w = words("  SEO   Specialist\n(Remote) ", 50000, skills=("  Google   Ads ",))
    assert (w.title, w.a_title, w.skills) == ("SEO Specialist (Remote)",
                                              "an SEO Specialist (Remote)", ("Google Ads",))
    assert w.plural == "SEO Specialists (Remote)"


@pytest.mark.parametrize(("phrase", "expected"), [
    ("Operations Manager", "an"), ("Customer Support Manager", "a"),
    ("University Librarian", "a"), ("User Researcher", "a"), ("Hour Tracker", "an"),
    ("Honest Broker", "an"), ("One-Stop Shop Clerk", "a"), ("European Sales Lead", "a"),
    ("HR Manager", "an"), ("SEO Specialist", "an"), ("MRI Technologist", "an"),
    ("UX Designer", "a"), ("QA Engineer", "a"), ("CRM Manager", "a"), ("X-Ray Technician", "an"),
    ("Usher", "an"), ("Urban Planner", "an"), ("iOS Developer", "an"), ("Electrician", "an"),
    ("8th Grade Teacher", "an"), ("11th Grade Teacher", "an"), ("3D Artist", "a"),
    ("Support Lead", "a"), ("", "a"),
])
def test_article(phrase: str, expected: str) -> None:
    assert article(phrase) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Manager", "Managers"), ("Operations Manager", "Operations Managers"),
    ("Secretary", "Secretaries"), ("Attorney", "Attorneys"), ("Coach", "Coaches"),
    ("Analyst", "Analysts"), ("Boss", "Bosses"), ("Salesperson", "Salespeople"),
    ("Person", "People"), ("Foreman", "Foremen"), ("Human", "Humans"), ("Woman", "Women"),
    ("Chief of Staff", "Chiefs of Staff"), ("Editor-in-Chief", "Editors-in-Chief"),
    ("Director of Operations", "Directors of Operations"), ("Lab Tech", "Lab Techs"),
    ("Midwife", "Midwives"), ("CEO", "CEOs"), ("Support Staff", "Support Staff"),
    ("Manager, EMEA", "Managers, EMEA"), ("SECRETARY", "SECRETARIES"),
])
def test_plural(title: str, expected: str) -> None:
    assert plural(title) == expected


def test_possessives() -> None:
    assert possessive("Support Lead") == "Support Lead's"
    assert possessive("Support Leads", plural=True) == "Support Leads'"
    assert possessive("Salespeople", plural=True) == "Salespeople's"
    assert possessive("Boss") == "Boss's"
    assert (LEAD.possessive, LEAD.plural, LEAD.plural_possessive) == (
        "Support Lead's", "Support Leads", "Support Leads'")


def test_join_words() -> None:
    assert [join_words(items) for items in ((), ("A",), ("A", "B"), ("A", "B", "C"))] == [
        "", "A", "A and B", "A, B and C"]


def test_descriptions() -> None:
    assert pair_description(SUPPORT, LEAD) == (
        "Customer Support Manager vs Support Lead: pay ($91,598 vs $86,816 a year), time to "
        "become, education, skills and career paths compared.")
    assert role_description(SUPPORT) == (
        "What a Customer Support Manager does and earns ($91,598 a year on average), with "
        "skills, education, tools and career path.")
    assert role_description(words("Nurse")) == (
        "What a Nurse does, with skills, education, tools and career path.")


LONG = "Senior Principal Customer Experience and Support Operations Strategy Manager"


@pytest.mark.parametrize(("a", "b"), [
    (LONG, LONG), (LONG, "Nurse"), ("x" * 80, "y" * 80), (LONG[:60], LONG[:60]),
    (LONG[:45], LONG[:50]),
])
def test_long_descriptions_are_cut_at_a_word(a: str, b: str) -> None:
    for text in (pair_description(words(a, 91598.5), words(b, 1234567.89)),
                 role_description(words(a + " " + b, 91598))):
        assert len(text) <= 160
        if len(text) == 160 or text.endswith("…"):
            assert text.endswith("…")
            assert not re.search(r"([\s,;:(]|\bvs|\band)…$", text)
            assert text.count("(") == text.count(")")


def test_shorten() -> None:
    assert shorten("short") == "short"
    assert shorten("one two three", limit=9) == "one two…"
    assert shorten("one two, three", limit=10) == "one two…"
    assert shorten("abcdefghij", limit=5) == "abcd…"


_WORDS = ["Manager", "of", "Staff", "Editor-in-Chief", "HR", "Salesperson", "Foreman", "SEO",
          "Etc.", "One-Stop", "X-Ray", "8th", "(Remote)", "Coach", "Secretary", "Hour"]
word = st.one_of(st.sampled_from(_WORDS), st.text(string.ascii_letters, min_size=1, max_size=10)
                 ).filter(lambda w: w.lower() not in {"none", "nan"})
space = st.sampled_from([" ", "  ", "\n", " \t "])
title = st.lists(st.tuples(word, space), min_size=1, max_size=6).map(
    lambda parts: "".join(w + s for w, s in parts)[:80])
money = st.one_of(st.none(), st.just(0), st.integers(1, 10**8),
                  st.floats(1, 1e8, allow_nan=False, allow_infinity=False))
span = st.one_of(st.none(), st.tuples(st.integers(0, 30), st.integers(0, 30)).map(
    lambda t: (min(t), max(t))), st.tuples(st.floats(0, 60), st.floats(0, 60)).map(
    lambda t: (min(t), max(t))))
role = st.builds(words, title, money, span, st.lists(title, max_size=5).map(tuple))
BAD = re.compile(r"\bNone\b|\bnan\b|  | ,|,,| \.|\(\)")


@given(role, role)
def test_sentences_never_show_gaps_or_placeholders(a: RoleWords, b: RoleWords) -> None:
    paragraphs = pair_intro(a, b)
    descriptions = (pair_description(a, b), role_description(a))
    assert paragraphs
    for text in (*paragraphs, *descriptions):
        assert text and text == text.strip()
        assert not BAD.search(text), text
        assert "$0" not in text
    for paragraph in paragraphs:
        assert paragraph.endswith("."), paragraph
    for text in descriptions:
        assert len(text) <= 160


def grower(title: str, growth: float | None) -> RoleWords:
    from versus.engine.model import Outlook

    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return role_words(Role(slug=slug, title=title, outlook=Outlook(growth_rate=growth)))


@pytest.mark.parametrize(("ga", "gb", "sentence"), [
    (40.1, 4.9, "Jobs for Nurse Practitioners are projected to grow 40.1%, against 4.9% for "
                "Registered Nurses."),
    (6, 6.0, "Jobs for both are projected to grow 6%."),
    (10, -3, "Jobs for Nurse Practitioners are projected to grow 10%, while jobs for Registered "
             "Nurses are projected to shrink 3%."),
    (-2, -7.5, "Jobs for Nurse Practitioners are projected to shrink 2%, against 7.5% for "
               "Registered Nurses."),
    (0, 5, "Jobs for Nurse Practitioners are projected to stay about the same, while jobs for "
           "Registered Nurses are projected to grow 5%."),
    (None, 5, "Jobs for Registered Nurses are projected to grow 5%."),
])
def test_outlook_sentence(ga: float | None, gb: float | None, sentence: str) -> None:
    intro = pair_intro(grower("Nurse Practitioner", ga), grower("Registered Nurse", gb))
    assert intro == (sentence,)


def test_no_growth_figures_no_outlook_sentence() -> None:
    assert "projected" not in " ".join(pair_intro(SERVICE, SUPPORT))


def test_roles_paid_by_the_hour_are_compared_by_the_hour() -> None:
    actor = role_words(Role(slug="actor", title="Actor", salary=Salary(hourly=29.05)))
    dancer = role_words(Role(slug="dancer", title="Dancer", salary=Salary(hourly=24.81)))
    nurse = role_words(Role(slug="nurse", title="Nurse", salary=Salary(yearly=101420)))
    assert pair_intro(actor, dancer) == (
        "An Actor earns $29.05 an hour on average, $4.24 (17%) more than a Dancer, at $24.81.",)
    assert pair_intro(nurse, actor) == (
        "A Nurse earns $101,420 a year on average. An Actor earns $29.05 an hour on average.",)


def test_descriptions_name_what_official_pages_show() -> None:
    from versus.engine.model import RelatedRole

    def official(title: str) -> RoleWords:
        return role_words(Role(slug="x", title=title, salary=Salary(yearly=100000),
                               related=(RelatedRole("Nurse"),)))

    a, b = official("Registered Nurse"), official("Nurse Practitioner")
    assert role_description(a) == ("What a Registered Nurse does and earns ($100,000 a year on "
                                   "average), with skills, education, tools and related "
                                   "occupations.")
    assert pair_description(a, b) == (
        "Registered Nurse vs Nurse Practitioner: pay ($100,000 vs $100,000 a year), education, "
        "skills, who does the job and related occupations compared.")
