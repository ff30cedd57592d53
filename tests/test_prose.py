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
    pair_description,
    plural,
    possessive,
    role_description,
    role_words,
    shorten,
)
from versus.engine.verdict import pair_verdict

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


@pytest.mark.parametrize("first", [True, False])
def test_one_salary_known(first: bool) -> None:
    known, unknown = words("Support Lead", 86816), words("Editor-in-Chief")
    pair = (known, unknown) if first else (unknown, known)
    assert pair_description(*pair) == ("{} vs {}: pay, time to become, education, skills and "
                                       "career paths compared.").format(*(w.title for w in pair))


@pytest.mark.parametrize("yearly", [None, 0])
def test_no_salary_known(yearly: float | None) -> None:
    a, b = words("Nurse", yearly, (2, 4)), words("Midwife", yearly, (3, 5))
    assert "$" not in pair_description(a, b) + role_description(a)


def test_titles_keep_their_capitals_and_lose_stray_whitespace() -> None:
    w = words("  SEO   Specialist\n(Remote) ", 50000)
    assert (w.title, w.a_title) == ("SEO Specialist (Remote)", "an SEO Specialist (Remote)")
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
role = st.builds(lambda t, m, y: Role(slug="x", title=" ".join(t.split()),  # as loaded salary=Salary(yearly=m),
                                     years_to_become=y), title, money, span)
BAD = re.compile(r"\bNone\b|\bnan\b|  | ,|,,| \.|\(\)")


@given(role, role)
def test_sentences_never_show_gaps_or_placeholders(a: Role, b: Role) -> None:
    said = [line.text for line in pair_verdict(a, b).lines] + [pair_verdict(a, b).note or "."]
    wa, wb = role_words(a), role_words(b)
    descriptions = (pair_description(wa, wb), role_description(wa))
    for text in (*said, *descriptions):
        assert text and text == text.strip()
        assert not BAD.search(text), text
    for text in said:
        assert text.endswith("."), text
        assert "$0 " not in text and "(0%)" not in text, text
    for text in descriptions:
        assert "$0" not in text and len(text) <= 160


def pay(a: float, b: float) -> str:
    """Return what the verdict ("In short") says of two roles' yearly pay."""
    return next(line.text for line in pair_verdict(
        Role(slug="n", title="Nurse", salary=Salary(yearly=a)),
        Role(slug="m", title="Midwife", salary=Salary(yearly=b))).lines if line.topic == "Pay")


@pytest.mark.parametrize(("a", "b", "gap"), [
    (91598, 61487, "$30,111 (49%)"),
    (100_400, 100_000, "$400 (less than 1%)"),  # never "0%"
    (100_500, 100_000, "$500 (1%)"),  # half a percent rounds up
    (100_000, 98_039.22, "$1,960.78 (2%)"),
    (50100.25, 50000, "$100.25 (less than 1%)"),  # cents show in the gap
    (50000.4, 50000, "less than $1"),  # a gap in cents never reads "$0"
])
def test_the_verdict_says_a_pay_gap_in_dollars_and_percent(a: float, b: float, gap: str) -> None:
    assert pay(a, b).startswith(f"A Nurse earns {gap} more a year on average: ")
    assert pay(b, a).startswith(f"A Midwife earns {gap} more")  # whichever role is higher


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
