"""Where each role stands among the site's roles: exact shares, ties, and exact rebuilds."""

from __future__ import annotations

import re
from pathlib import Path

from versus.bench.fake import write_fake_content
from versus.engine.build import BuildOptions, build_site
from versus.engine.model import Outlook, Role, Salary
from versus.engine.standing import Standing, standing_sentences, standing_summary, standings


def roles(pays: list[float | None], growth: list[float | None] | None = None) -> list[Role]:
    growth = growth or [None] * len(pays)
    return [Role(f"r{i}", f"Role {i}", salary=Salary(yearly=pay),
                 outlook=Outlook(growth_rate=g)) for i, (pay, g) in enumerate(
                     zip(pays, growth, strict=True))]


def test_ten_roles_stand_by_whole_percents_rounded_down() -> None:
    found = standings(roles([10.0 * k for k in range(1, 11)]))
    assert found["r0"]["pay"] == Standing(below=0, above=100, known=10)
    assert found["r9"]["pay"] == Standing(below=100, above=0, known=10)
    assert found["r3"]["pay"] == Standing(below=33, above=66, known=10)  # 3/9 and 6/9


def test_ties_count_neither_above_nor_below() -> None:
    found = standings(roles([50, 50, 50, 80]))
    assert found["r0"]["pay"] == Standing(below=0, above=33, known=4)
    assert found["r3"]["pay"] == Standing(below=100, above=0, known=4)


def test_a_role_without_the_figure_has_no_standing_and_is_not_counted() -> None:
    found = standings(roles([10, None, 30, 40]))
    assert "pay" not in found["r1"]
    assert found["r2"]["pay"].known == 3


def test_too_few_known_figures_say_nothing() -> None:
    assert standings(roles([10, 20, None])) == {"r0": {}, "r1": {}, "r2": {}}


def test_sentences_name_the_role_once_and_say_the_ends_plainly() -> None:
    found = standings(roles([10.0 * k for k in range(1, 21)], [float(k) for k in range(20)]))
    assert standing_sentences("Data Analyst", found["r19"]) == [
        "The Data Analyst role pays the most of the 20 roles on this site whose pay is known.",
        "It is projected to grow fastest of the 20 roles whose growth is known."]
    assert standing_sentences("Data Analyst", found["r18"])[1] == (
        "It is among the fastest-growing 10% of the 20 roles whose growth is known.")
    assert standing_sentences("Data Analyst", found["r5"])[0] == (
        "The Data Analyst role pays more than 26% of the 20 roles on this site whose pay is known.")


def standing_texts(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): " ".join(re.findall(
        r'(?:class="standing">|<section class="standings">)(.*?)</(?:p|section)>',
        p.read_text("utf-8"), re.S)) for p in out.rglob("index.html")}


def test_one_salary_edit_rebuilds_exactly_the_pages_whose_standing_changed(
        tmp_path: Path) -> None:
    content, out = tmp_path / "content", tmp_path / "site"
    write_fake_content(content, 10)
    build_site(BuildOptions(content=content, out=out))
    before = standing_texts(out)
    role = sorted((content / "roles").glob("*.yaml"))[0]
    text = role.read_text("utf-8")
    role.write_text(re.sub(r"^  yearly: \d+", "  yearly: 999999", text, count=1, flags=re.M))
    result = build_site(BuildOptions(content=content, out=out))
    after = standing_texts(out)
    moved = {path for path in after if after[path] != before[path]}
    assert len(moved) > 10  # other roles' standings moved, not only the edited role's pages
    build_site(BuildOptions(content=content, out=tmp_path / "cold"))
    assert after == standing_texts(tmp_path / "cold")
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if
            p.is_file()} == {p.relative_to(tmp_path / "cold").as_posix(): p.read_bytes()
                             for p in (tmp_path / "cold").rglob("*") if p.is_file()}
    assert result.written >= len(moved)


def test_a_small_site_says_no_tenths() -> None:
    found = standings(roles([10.0 * k for k in range(1, 6)], [float(k) for k in range(5)]))
    assert standing_sentences("Data Analyst", found["r3"])[1] == (
        "It is projected to grow faster than 75% of the 5 roles whose growth is known.")


def test_a_role_with_a_few_roles_below_it_is_not_called_the_last() -> None:
    """Whole percents round 1 of 200 down to 0%: the role is not the last, and saying "pays
    the least" or "employs the fewest people" would be false (US site: Pediatric Surgeon,
    1,100 jobs, was said to employ the fewest people of 832, though 4 roles employ fewer)."""
    found = standings(roles([float(k) for k in range(1, 202)], [float(k) for k in range(201)]))
    assert standing_sentences("Data Analyst", found["r0"])[0] == (
        "The Data Analyst role pays the least of the 201 roles on this site whose pay is known.")
    assert standing_sentences("Data Analyst", found["r1"]) == [
        "The Data Analyst role pays more than 1 of the 201 roles on this site whose pay is known.",
        "It is among the slowest-growing 10% of the 201 roles whose growth is known."]
    assert standing_summary("Data Analyst", found["r1"]) == (
        "Of the 201 roles on this site whose figures are known",
        "Data Analyst pays more than 1 of them and is among the slowest-growing 10%")
    assert standing_summary("Data Analyst", found["r2"])[1] == (  # 2 of 200: 1% exactly
        "Data Analyst pays more than 1% and is among the slowest-growing 10%")
    assert standing_summary("Data Analyst", found["r100"])[1] == (
        "Data Analyst pays more than 50% and is projected to grow faster than 50% of them")
