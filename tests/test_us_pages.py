"""US pages show what the official data has, with its source and year, and nothing else."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from endtags import with_end_tags

from versus.engine.build import BuildOptions, build_site

ROOT = Path(__file__).resolve().parent.parent
US = ROOT / "sites" / "us"
ROLES = ("registered-nurse", "nurse-practitioner", "licensed-practical-and-licensed-vocational-nurse",
         "nurse-anesthetist", "actor", "dancer", "business-teacher-postsecondary",
         "airline-pilot-copilot-and-flight-engineer")


@pytest.fixture(scope="module")
def us(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a few US roles built with the US site's settings."""
    folder = tmp_path_factory.mktemp("us-pages")
    (folder / "content" / "roles").mkdir(parents=True)
    shutil.copy(US / "site.yaml", folder / "content" / "site.yaml")
    for slug in ROLES:
        shutil.copy(US / "roles" / f"{slug}.yaml", folder / "content" / "roles")
    build_site(BuildOptions(content=folder / "content", out=folder / "site"))
    return folder / "site"


def page(site: Path, url: str) -> str:
    """Return the page at `url` with the end tags it leaves out written back."""
    return with_end_tags((site / url / "index.html").read_text("utf-8"))


def row(text: str, label: str) -> str:
    """Return the cells of the table row headed `label`, tags removed, joined by " | "."""
    found = re.search(rf'<tr><th[^>]*>{re.escape(label)}</th>(.*?)</tr>', text)
    assert found, label
    cells = re.findall(r"<td[^>]*>(.*?)</td>", found.group(1))
    return " | ".join(re.sub(r"<[^>]+>", "", cell) for cell in cells)


def test_a_role_page_shows_the_official_figures_with_their_source(us: Path) -> None:
    text = page(us, "roles/registered-nurse")
    assert row(text, "Women") == "87.4%" and row(text, "Median age") == "42.3 years"
    assert "Source: BLS Current Population Survey, 2023 annual averages." in text
    assert "Average age" not in text and "average age" not in text
    assert row(text, "10th percentile") == "$68,940 | $33.14" and "$66.09" in text  # hourly
    assert row(text, "Job Zone (O*NET)") == "4 of 5: considerable preparation needed"
    assert row(text, "Work experience in a related occupation") == "Not needed"
    assert "<h2>How to become a Registered Nurse</h2>" in text
    assert re.search(r"Also known as:</span> [^<]*Clinical Nurse Specialist", text)
    assert "This page includes information from the O*NET 29.2 Database" in text


def test_a_long_list_of_other_titles_shows_five_and_the_rest_on_demand(us: Path) -> None:
    text = page(us, "roles/registered-nurse")
    names = yaml.safe_load((US / "roles" / "registered-nurse.yaml").read_text("utf-8"))[
        "also_known_as"]
    shown, _, rest = text.partition("<details>")
    assert len(names) > 5
    assert all(html.escape(name) in shown for name in names[:5])
    assert f"<summary>and {len(names) - 5} more</summary>" in rest
    assert all(html.escape(name) in rest.partition("</details>")[0] for name in names[5:])


def test_fields_no_source_fills_stay_off_and_headings_fit(us: Path) -> None:
    for url in ("roles/registered-nurse", "roles/actor",
                "compare/nurse-practitioner-vs-registered-nurse"):
        text = page(us, url)
        for absent in ("not known", "Best paying company", "Most common college",
                       "Job satisfaction", "No career path", "What does"):
            assert absent not in text, (url, absent)
    assert "<h2>Job description</h2>" in page(us, "roles/registered-nurse")
    assert "<h2>Registered Nurse job description</h2>" in page(
        us, "compare/nurse-practitioner-vs-registered-nurse")


def test_the_curated_site_keeps_its_fields(site: Path) -> None:
    text = page(site, "roles/support-lead")
    assert "Best paying company" in text and "Most common college" in text


def test_related_occupations_link_to_the_sites_roles(us: Path) -> None:
    text = page(us, "roles/registered-nurse")
    related = text[text.index("<h2>Related occupations</h2>"):]
    related = related[:related.index("</section>")]
    assert '<li><a href="../../roles/nurse-practitioner/index.html">Nurse Practitioner</a></li>' in (
        related)
    assert "<li>Paramedic</li>" in related  # not on this site: named, not linked
    assert related.index("Nurse Practitioner") < related.index("Paramedic")  # O*NET's order


def test_a_shared_figure_names_its_broader_group(us: Path) -> None:
    text = page(us, "roles/business-teacher-postsecondary")
    assert row(text, "Women") == "46.6%"
    assert row(text, "Figures for") == "the broader group Postsecondary teachers"
    assert "for the broader group <em>Postsecondary teachers</em>" in text
    assert row(page(us, "roles/registered-nurse"), "Figures for") == "this occupation"
    assert row(page(us, "roles/actor"), "Asian") == "0.0%"  # as BLS publishes it


def test_one_kind_of_wage_is_said_not_missing(us: Path) -> None:
    actor = page(us, "roles/actor")
    assert row(actor, "Mean yearly salary") == "published as hourly wages only"
    assert "published as hourly wages only, not annual" in actor
    pilot = page(us, "roles/airline-pilot-copilot-and-flight-engineer")
    assert row(pilot, "Mean hourly rate") == "published as annual wages only"


def test_a_comparison_shows_both_roles_demographics_and_pay(us: Path) -> None:
    text = page(us, "compare/nurse-practitioner-vs-registered-nurse")
    assert row(text, "Women") == "89.8% | 87.4%"
    # the same survey note for both roles: said once, under the table, for both
    assert text.count("Source: BLS Current Population Survey, 2023") == 1
    assert '<p class="note">Source: BLS Current Population Survey, 2023' in text
    assert row(text, "10th percentile").endswith("| $68,940")
    assert "Median age" in text and "Average age" not in text


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("url", ["roles/registered-nurse", "roles/actor",
                                 "compare/nurse-practitioner-vs-registered-nurse"])
def test_us_pages_fit_the_screen(us: Path, browser: Any, width: int, url: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((us / url / "index.html").as_uri())
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 0 and errors == []
