"""The US importer: exact role files from a slice of the data, stable, and never over a person's edit."""

from __future__ import annotations

import csv
import gzip
import html
import io
import re
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import yaml
from test_site import SLIPS, html_pages, parse, resolve

from versus.engine.build import BuildOptions, build_site
from versus.engine.content import load_content
from versus.engine.model import Role
from versus.engine.pairs import Pairing
from versus.engine.prose import plural, role_words
from versus.engine.schema import role_spec
from versus.importer.command import import_roles, is_untouched, main, role_text
from versus.importer.occupations import iter_roles, load_data, outlook
from versus.importer.titles import fit_title, singular_title, slugify

ROOT = Path(__file__).resolve().parent.parent
DATA, US = ROOT / "data" / "us", ROOT / "sites" / "us"
# Two categories: three nurses, two computer occupations, and one BLS combination of O*NET codes.
SLICE = {"29-1141", "29-1171", "29-2061", "15-1252", "15-2051", "13-1020"}


def write_slice(folder: Path) -> Path:
    """Write the packed data cut to the occupations of SLICE into `folder`."""
    folder.mkdir()
    occupations = [r for r in load_data(DATA).occupations if r["soc_code"] in SLICE]
    profiles = {c for r in occupations for c in [r["onet_soc_code"], *r["onet_codes"].split(";")]}
    for name in ("occupations", "tasks", "skills", "technology", "attainment", "demographics",
                 "related"):
        with gzip.open(DATA / f"{name}.csv.gz", "rt", encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        key = "onet_soc_code" if name in ("tasks", "skills", "technology") else "soc_code"
        kept = [r for r in rows if r[key] in (profiles if key == "onet_soc_code" else SLICE)]
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
        (folder / f"{name}.csv.gz").write_bytes(gzip.compress(text.getvalue().encode()))
    return folder


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    """Return a content folder with the slice imported into it."""
    content = tmp_path / "content"
    import_roles(write_slice(tmp_path / "data"), content)
    return content


def test_the_slice_gives_the_committed_files_byte_for_byte(imported: Path) -> None:
    names = sorted(p.name for p in (imported / "roles").iterdir())
    assert names == ["buyer-and-purchasing-agent.yaml", "data-scientist.yaml",
                     "licensed-practical-and-licensed-vocational-nurse.yaml",
                     "nurse-practitioner.yaml", "registered-nurse.yaml", "software-developer.yaml"]
    for name in names:
        assert (imported / "roles" / name).read_bytes() == (US / "roles" / name).read_bytes()


def test_openings_that_ep_rounds_to_nothing_are_left_out_not_shown_as_zero() -> None:
    row = {"growth_rate_pct": "1.5", "ep_employment_2024": "1100", "annual_openings": "0"}
    assert outlook(row) == {"growth_rate": 1.5, "jobs": 1100, "openings": None}
    surgeon = yaml.safe_load((US / "roles" / "pediatric-surgeon.yaml").read_text("utf-8"))
    assert "openings" not in surgeon["outlook"]


def test_figures_are_those_of_the_csv(imported: Path) -> None:
    text = (imported / "roles" / "registered-nurse.yaml").read_text("utf-8")
    role = yaml.safe_load(text)
    assert role["title"] == "Registered Nurse" and role["soc_code"] == "29-1141"
    assert role["category"] == "Healthcare Practitioners and Technical Occupations"
    assert role["salary"] == {
        "yearly": 101420, "hourly": 48.76, "range": [68940, 137470], "median": 97550,
        "percentiles": {"p10": 68940, "p25": 80330, "p50": 97550, "p75": 112350, "p90": 137470},
        "hourly_percentiles": {"p10": 33.14, "p25": 38.62, "p50": 46.9, "p75": 54.02,
                               "p90": 66.09}}
    assert role["outlook"] == {"growth_rate": 4.9, "jobs": 3391000, "openings": 189100}
    assert role["education"] == {
        "degree": "Bachelor's degree", "degree_share": 53.8, "typical_entry": "Bachelor's degree",
        "work_experience": "Not needed", "on_the_job_training": "Not needed", "job_zone": 4,
        "attainment": {"Less than a high school diploma": 0.5,
                       "High school diploma or equivalent": 1.1, "Some college, no degree": 4.1,
                       "Associate's degree": 26.4, "Bachelor's degree": 53.8,
                       "Master's degree": 11.5, "Doctoral or professional degree": 2.5}}
    assert role["demographics"] == {
        "women": 87.4, "white": 72.6, "black": 15.6, "asian": 8.9, "hispanic": 8.9,
        "median_age": 42.3, "source": "BLS Current Population Survey, 2023 annual averages"}
    related = [r["title"] for r in role["related"]]
    assert related[:2] == ["Nurse Practitioner", "Licensed Practical and Licensed Vocational Nurse"]
    assert "Nurse Anesthetist" in related and role["related"][0]["soc_code"] == "29-1171"
    assert {"RN", "Clinical Nurse Specialist"} <= set(role["also_known_as"])
    assert role["responsibilities"][0] == "Record patients' medical information and vital signs."
    assert len(role["responsibilities"]) == 6
    assert role["skills"][0] == {"name": "Social Perceptiveness", "importance": 78}
    assert role["tools"][0]["category"] == "Medical software"
    assert "highest_paying_city" not in role["salary"] and "career_path" not in role


def test_every_role_credits_its_sources_and_onet(imported: Path) -> None:
    for path in (imported / "roles").iterdir():
        sources = yaml.safe_load(path.read_text("utf-8"))["sources"]
        names = " ".join(s["name"] for s in sources)
        assert "May 2025" in names and "2024-34" in names and "O*NET 29.2" in names
        credit = next(s["attribution"] for s in sources if "attribution" in s)
        assert credit.startswith("This page includes information from the O\\*NET 29.2 Database")
        assert "has not approved, endorsed, or tested these modifications." in credit


def test_a_rerun_changes_nothing(imported: Path, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in (imported / "roles").iterdir()}
    report = import_roles(tmp_path / "data", imported)
    assert report.written == [] and len(report.unchanged) == 6
    assert before == {p.name: p.read_bytes() for p in (imported / "roles").iterdir()}


def test_a_file_a_person_edited_is_left_alone(imported: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    nurse = imported / "roles" / "registered-nurse.yaml"
    edited = nurse.read_text("utf-8").replace("vital signs.", "vital signs, carefully.")
    nurse.write_text(edited, "utf-8")
    mine = imported / "roles" / "night-nurse.yaml"
    mine.write_text("title: Night Nurse\n", "utf-8")
    gone = imported / "roles" / "old-role.yaml"
    gone.write_text(role_text({"title": "Old Role"}), "utf-8")
    assert main(["--data", str(tmp_path / "data"), "--content", str(imported)]) == 0
    assert nurse.read_text("utf-8") == edited and mine.exists() and not gone.exists()
    out = capsys.readouterr().out
    assert "left alone (edited since imported): registered-nurse.yaml" in out
    assert "0 written, 5 unchanged, 1 left alone, 1 removed" in out


def test_the_header_knows_its_body() -> None:
    text = role_text({"title": "Nurse"})
    assert is_untouched(text) and text.startswith("# Generated by versus.importer")
    assert not is_untouched(text + "category: X\n")
    assert not is_untouched("title: Nurse\n")


@pytest.mark.parametrize(("plural", "singular"), [
    ("Registered Nurses", "Registered Nurse"),
    ("Nurse Practitioners", "Nurse Practitioner"),
    ("Claims Adjusters, Examiners, and Investigators", "Claims Adjuster, Examiner, and Investigator"),
    ("First-Line Supervisors of Retail Sales Workers", "First-Line Supervisor of Retail Sales Workers"),
    ("Meter Readers, Utilities", "Meter Reader, Utilities"),
    ("Secretaries and Administrative Assistants, Except Legal, Medical, and Executive",
     "Secretary and Administrative Assistant, Except Legal, Medical, and Executive"),
    ("Parts Salespersons", "Parts Salesperson"),
    ("Nurse Midwives", "Nurse Midwife"),
    ("Coaches and Scouts", "Coach and Scout"),
    ("Helpers--Carpenters", "Helper--Carpenters"),
    ("Clergy", "Clergy"),
    ("Materials Engineers", "Materials Engineer"),
])
def test_titles_become_one_persons_job(plural: str, singular: str) -> None:
    assert singular_title(plural) == singular


def test_long_titles_fit_the_format_and_slugs_are_valid() -> None:
    title = singular_title("Cutting, Punching, and Press Machine Setters, Operators, and Tenders, "
                           "Metal and Plastic")
    assert fit_title(title) == "Cutting, Punching, and Press Machine Operator, Metal and Plastic"
    assert slugify("Police and Sheriff's Patrol Officer") == "police-and-sheriffs-patrol-officer"
    assert slugify("A vs B") == "a-b"


def test_every_title_and_slug_is_unique_and_valid() -> None:
    roles = list(iter_roles(load_data(DATA), "X"))
    assert len(roles) == 832
    assert len({slug for slug, _ in roles}) == len({d["title"].casefold() for _, d in roles}) == 832
    for slug, data in roles:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) and "vs" not in slug.split("-")
        assert list(role_spec(slug).check(data, ())) == []


def test_the_committed_us_content_validates_and_is_the_importers() -> None:
    content = load_content(US)
    assert len(content.roles) == 832 and content.site.pairs == "related"
    committed = {p.name for p in (US / "roles").iterdir()}
    assert committed == {f"{slug}.yaml" for slug, _ in iter_roles(load_data(DATA), "X")}
    assert all(is_untouched(p.read_text("utf-8")) for p in (US / "roles").iterdir())


def test_a_skill_has_a_share_or_an_importance_not_both() -> None:
    spec = role_spec("x")
    both = {"title": "X", "skills": [{"name": "A", "share": 10, "importance": 50}]}
    assert list(spec.check(both, ())) == [(("skills", 0, "importance"),
                                           "give share or importance, not both")]
    assert list(spec.check({"title": "X", "soc_code": "29-114"}, ())) == [
        (("soc_code",), "'29-114' is not a SOC code like 29-1141")]


# The full US site (22,062 files) builds in 20-30 s here, but reading every page back costs
# minutes; a whole category and the nurses, built with the shipped site.yaml, take seconds.
CATEGORY = "Computer and Mathematical Occupations"


def is_in_subset(path: Path) -> bool:
    """Return whether a US role file is in the subset the site tests build."""
    return "nurse" in path.stem.split("-") or f"\ncategory: {CATEGORY}\n" in path.read_text("utf-8")


@pytest.fixture(scope="module")
def us_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the US site of one category and the nurses, built with the shipped settings
    but `pairs: category`, the policy the US site shipped with before `related`."""
    folder = tmp_path_factory.mktemp("us")
    (folder / "content" / "roles").mkdir(parents=True)
    settings = (US / "site.yaml").read_text("utf-8").replace("pairs: related", "pairs: category")
    (folder / "content" / "site.yaml").write_text(settings, "utf-8")
    for path in sorted((US / "roles").iterdir()):
        if is_in_subset(path):
            shutil.copy(path, folder / "content" / "roles" / path.name)
    build_site(BuildOptions(content=folder / "content", out=folder / "site"))
    return folder / "site"


def test_the_us_site_has_the_category_pairs(us_site: Path) -> None:
    pairs = list((us_site / "compare").iterdir())
    nurses = len([p for p in (us_site / "roles").iterdir() if "nurse" in p.name.split("-")])
    assert nurses == 5 and len(pairs) == 21 * 20 // 2 + 5 * 4 // 2
    assert (us_site / "compare/nurse-practitioner-vs-registered-nurse/index.html").is_file()
    assert not (us_site / "compare/data-scientist-vs-registered-nurse").exists()


def test_a_us_comparison_shows_the_data_and_the_credit(us_site: Path) -> None:
    text = (us_site / "compare/nurse-practitioner-vs-registered-nurse/index.html").read_text()
    for figure in ("$137,300", "$101,420", "$97,550", "$68,940 to $137,470", "40.1%", "189,100",
                   "Master&#39;s degree, 71.3%", "78/100", "Importance rating from 0 to 100",
                   "Record patients&#39; medical information", "Epic Systems"):
        assert figure in text, figure
    assert text.count("This page includes information from the O*NET 29.2 Database") == 1
    assert "Share of job postings" not in text


def test_every_us_page_passes_the_site_checks(us_site: Path) -> None:
    broken, slips, empty = [], [], []
    for page in html_pages(us_site):
        text, parsed = page.read_text("utf-8"), parse(page)
        if page.name != "404.html":  # its links start at the site's path on the host: /us/
            broken += [link for link in parsed.links if (t := resolve(us_site, page, link))
                       and not t.resolve().is_file()]
        slips += [f"{page}: {m.group()}" for m in [SLIPS.search(text)] if m]
        empty += [str(page) for c in parsed.cells if not c]
        if "/roles/" in str(page) or "/compare/" in str(page):
            assert 'class="credit"' in text, page
    assert (broken, slips, empty) == ([], [], [])


def test_the_full_us_site_builds_with_its_shipped_policy(tmp_path: Path) -> None:
    """All 832 roles, each with its most related: counted, under the 20,000 files a deploy
    of a common free host, keeping the natural pairs; every page scanned for slips."""
    out = tmp_path / "site-us"
    result = build_site(BuildOptions(content=US, out=out))
    content = load_content(US)
    category = Counter(r.category for r in content.roles)
    pairs = sum(1 for _ in Pairing(content.roles, "related").iter_pairs())
    assert len(list((out / "compare").iterdir())) == pairs
    # index, roles, job families, pairs, sitemap, robots, 404, search index (2), static
    assert result.files == 1 + 832 + len(category) + pairs + 3 + 2 + len(
        list((ROOT / "static").iterdir()))
    assert result.files < 20_000
    for other in ("licensed-practical-and-licensed-vocational-nurse", "nurse-anesthetist"):
        assert (out / "compare" / f"{other}-vs-registered-nurse" / "index.html").is_file()
    assert (out / "compare/nurse-practitioner-vs-registered-nurse/index.html").is_file()
    assert sum(n * (n - 1) // 2 for n in category.values()) > 20_000  # what `category` makes
    slips = [str(p) for p in out.rglob("*.html") if SLIPS.search(p.read_text("utf-8"))]
    assert slips == []
    assert list(guessed_plurals(out, content.roles)) == []


# Every sentence of the page: its paragraphs, headings, list items and table cells, and the
# verdict's lines ("In short"); not the tools' names, which O*NET spells (".NET"). An item or a
# cell whose end tag the page leaves out ends where the next one, its row or its list does.
LEAD = re.compile(r'<(p|h1|h2|h3|li|td|th)\b[^>]*>(.*?)'
                  r'(?:</\1>|(?=<(?:li|td|th|tr)\b|</(?:ul|ol|tr|tbody|table)>))'
                  r'|<section class="verdict".*?</section>', re.S)
JOBS_FOR = re.compile(r"\b[Jj]obs for (.+?) are (?:projected|more numerous)|"
                      r"against [\d.]+% for (.+?)\.")
EMPTY_CLAUSE = re.compile(r" [,.;]|,,|\b(?:for|of|as|and|than|at) [,.;]|\(\)")


def guessed_plurals(site: Path, roles: Iterable[Role]) -> Iterator[str]:
    """Yield each page whose sentences guess a multi-word title's plural, or reads empty."""
    by_slug = {r.slug: r for r in roles}
    for page in sorted((site / "compare").iterdir()):
        pair = [by_slug[s] for s in page.name.split("-vs-")]
        text = html.unescape(" ".join(m.group(2) or m.group(0) for m in LEAD.finditer(
            (page / "index.html").read_text("utf-8"))))
        text = re.sub(r"<[^>]+>", "", text)
        allowed = {"both"} | {r.title_plural for r in pair if r.title_plural} | {
            f"jobs as {role_words(r).a_title}" for r in pair}
        said = {g for m in JOBS_FOR.finditer(text) for g in m.groups() if g}
        rest = text
        for known in sorted(allowed | {r.title for r in pair}, key=len, reverse=True):
            rest = rest.replace(known, "")
        guesses = {plural(r.title) for r in pair if len(r.title.split()) > 2}
        if said - allowed or any(g in rest for g in guesses) or EMPTY_CLAUSE.search(text):
            yield f"{page.name}: {text}"
