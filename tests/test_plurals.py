"""Plurals come from the role file; only a title of one or two plain words is guessed."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from versus.authoring.lint import content_warnings
from versus.engine.content import load_content
from versus.engine.model import Outlook, Role
from versus.engine.prose import is_guessable, known_plural, role_words
from versus.engine.verdict import pair_verdict
from versus.importer.occupations import iter_roles, load_data
from versus.importer.titles import singular_title

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "us"
WELDER = "Welding, Soldering, and Brazing Machine Setter, Operator, and Tender"
WELDERS = "Welding, Soldering, and Brazing Machine Setters, Operators, and Tenders"


def grower(title: str, growth: float, title_plural: str | None = None) -> Role:
    return Role(slug="x", title=title, title_plural=title_plural,
                outlook=Outlook(growth_rate=growth))


@pytest.mark.parametrize(("title", "guessable"), [
    ("Nurse", True), ("Registered Nurse", True), ("SEO Specialist (Remote)", True),
    ("Accountant and Auditor", False), ("Chief of Staff", False), ("Editor-in-Chief", False),
    ("Customer Support Manager", False), ("Meter Reader, Utilities", False),
])
def test_only_one_or_two_plain_words_are_guessed(title: str, guessable: bool) -> None:
    assert is_guessable(title) is guessable
    assert (known_plural(title, None) is not None) is guessable


def test_the_role_files_plural_wins() -> None:
    assert known_plural("Accountant and Auditor", "Accountants and Auditors") == (
        "Accountants and Auditors")
    words = role_words(Role(slug="x", title="Clergy", title_plural="Clergy"))
    assert (words.plural, words.plural_possessive) == ("Clergy", "Clergy's")


def growth_text(a: Role, b: Role) -> str:
    """Return what the verdict ("In short") says of the two roles' growth."""
    return next(line.text for line in pair_verdict(a, b).lines if line.topic == "Growth")


def test_the_verdict_uses_the_given_plural() -> None:
    assert growth_text(grower(WELDER, 9, WELDERS), grower("Registered Nurse", 4.9)) == (
        f"Jobs for {WELDERS} are projected to grow faster: 9% against 4.9%, 4.1 percentage "
        "points apart.")
    assert growth_text(grower(WELDER, -9, WELDERS), grower("Registered Nurse", 4.9)).startswith(
        "Jobs for Registered Nurses are projected to grow faster")


def test_without_a_plural_the_verdict_needs_none() -> None:
    a, b = grower(WELDER, 9), grower("Accountant and Auditor", 5)
    assert growth_text(a, b).startswith(f"Jobs as a {WELDER} are projected to grow faster: ")
    assert growth_text(grower("Nurse", 3), b).startswith(
        "Jobs as an Accountant and Auditor are projected to grow faster: ")
    assert growth_text(grower("Nurse", 6), b).startswith("Jobs for Nurses are projected")
    assert growth_text(b, Role(slug="y", title="Y")) == (
        "Accountant and Auditor: 5% projected growth.")  # Y has no figure: said once


def write_role(folder: Path, body: str) -> None:
    (folder / "roles").mkdir(exist_ok=True)
    (folder / "roles" / "a.yaml").write_text(textwrap.dedent(body), encoding="utf-8")


def test_lint_names_a_long_title_without_a_plural(tmp_path: Path) -> None:
    write_role(tmp_path, """\
        title: Customer Support Operations Manager
        salary: {yearly: 1000}
        sources: [{name: S}]
        """)
    found = [str(p).replace(f"{tmp_path}/", "") for p in content_warnings(load_content(tmp_path))]
    assert found == [
        "roles/a.yaml:1: title: has more than two words, so its plural is not guessed "
        "('Customer Support Operations Managers'?) and the pages avoid it; give `title_plural` "
        "to have them use it"]
    write_role(tmp_path, """\
        title: Customer Support Operations Manager
        title_plural: Customer Support Operations Managers
        salary: {yearly: 1000}
        sources: [{name: S}]
        """)
    assert content_warnings(load_content(tmp_path)) == []


def test_every_imported_role_has_the_plural_bls_publishes() -> None:
    published = {r["soc_code"]: r["title"] for r in load_data(DATA).occupations}
    for _, data in iter_roles(load_data(DATA), "X"):
        plural = data["title_plural"]
        # The plural is the BLS title, or the same shortening of it that made the job title.
        assert singular_title(plural) == data["title"] or plural == data["title"], plural
        assert plural == published[data["soc_code"]] or len(published[data["soc_code"]]) > 80

