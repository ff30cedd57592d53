"""The search index, job families, thin comparisons and structured data, as pure functions
and in a built site."""

from __future__ import annotations

import json
import re
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from versus.engine.build import BuildOptions, build_site
from versus.engine.families import families_of, family_slugs
from versus.engine.finder import index_json, index_script, pair_groups, search_index
from versus.engine.model import Outlook, Role, Salary, Skill
from versus.engine.pairs import Pairing
from versus.engine.structured import (
    breadcrumbs,
    breadcrumbs_to,
    estimated_salary,
    ld_script,
    occupation,
)
from versus.engine.thin import count_thin, is_thin, known_figures

CATEGORIES = ["Health", "Air", "Health & Care", "Health and Care", None]


def role(slug: str, category: str | None = None, pay: float | None = None) -> Role:
    return Role(slug=slug, title=slug.replace("-", " ").title(), category=category,
                salary=Salary(yearly=pay))


roles_strategy = st.lists(
    st.tuples(st.sampled_from(CATEGORIES), st.none() | st.integers(20_000, 200_000)),
    min_size=0, max_size=9).map(
        lambda specs: tuple(role(f"role-{i}", c, p) for i, (c, p) in enumerate(specs)))


def decoded_pairs(index: dict[str, Any]) -> set[tuple[str, str]]:
    """Return the pairs the index says have a page, read as the browser's script reads it."""
    slugs = [entry[0] for entry in index["roles"]]
    pairs = index["pairs"]
    if "groups" in pairs:
        groups = pairs["groups"]
        return {(slugs[i], slugs[j]) for i, j in combinations(range(len(slugs)), 2)
                if groups[i] == groups[j]}
    return {(slugs[i], slugs[j]) for i, later in enumerate(pairs["lists"]) for j in later}


@given(roles_strategy, st.sampled_from(["all", "category", "related"]), st.none() | st.integers(1, 4))
def test_the_index_offers_exactly_the_pairs_with_a_page(roles: tuple[Role, ...], policy: str,
                                                        cap: int | None) -> None:
    pairing = Pairing(roles, policy, cap)
    index = search_index(roles, pairing)
    assert decoded_pairs(index) == set(pairing.iter_pairs())
    assert [entry[0] for entry in index["roles"]] == sorted(r.slug for r in roles)
    assert search_index(tuple(reversed(roles)), Pairing(roles, policy, cap)) == index


@given(roles_strategy, st.sampled_from(["all", "category"]))
def test_uncapped_groups_come_from_the_pairing_as_each_role_s_partners_would_give_them(
        roles: tuple[Role, ...], policy: str) -> None:
    """Asking every role its partners is N * N checks; the pairing knows its groups."""
    slugs = sorted(r.slug for r in roles)
    pairing = Pairing(roles, policy)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Pairing, "groups", lambda self: None)
        asked = pair_groups(slugs, pairing)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Pairing, "partners", lambda self, slug: pytest.fail("partners asked"))
        assert pair_groups(slugs, pairing) == asked is not None


def test_an_uncapped_policy_is_sent_as_groups_and_a_capped_one_as_lists() -> None:
    roles = tuple(role(f"r{i}", "AB"[i % 2], 1000 * i) for i in range(6))
    by_category = search_index(roles, Pairing(roles, "category"))
    assert by_category["pairs"] == {"groups": [0, 1, 0, 1, 0, 1]}
    assert by_category["families"] == ["A", "B"]
    assert by_category["roles"][1] == ["r1", "R1", 1]
    assert search_index(roles, Pairing(roles))["pairs"] == {"groups": [0] * 6}
    capped = search_index(roles, Pairing(roles, "all", 2))["pairs"]
    assert list(capped) == ["lists"]


def test_the_index_is_json_and_its_script_form_holds_the_same_data() -> None:
    roles = (role("a", "X</script>"), role("b", "X</script>"))
    index = search_index(roles, Pairing(roles))
    assert json.loads(index_json(index)) == index
    script = index_script(index)
    assert script.startswith("window.versusSearchIndex=") and script.endswith(";\n")
    assert json.loads(script.removeprefix("window.versusSearchIndex=")[:-2]) == index


def test_other_names_are_read_when_a_role_has_them() -> None:
    class Named:
        slug, title, category, also_known_as = "rn", "Registered Nurse", None, ("RN",)

    entry = search_index([Named()], Pairing(()))["roles"][0]  # type: ignore[list-item]
    assert entry == ["rn", "Registered Nurse", None, ["RN"]]


def test_family_slugs_are_distinct_and_do_not_depend_on_order() -> None:
    names = ["Health and Care", "Health & Care", "Éducation", "!!!"]
    slugs = family_slugs(names)
    assert slugs == {"!!!": "family", "Health & Care": "health-and-care",
                     "Health and Care": "health-and-care-2", "Éducation": "education"}
    assert family_slugs(reversed(names)) == slugs
    families = families_of([role("b", "Air"), role("a", "Air"), role("c")])
    assert families.members == {"air": ("a", "b")} and families.url("Air") == "/categories/air/"
    assert families.url(None) is None


def test_listing_pages_are_kept_and_others_are_not() -> None:
    from versus.engine.plan import page_at

    pairing = Pairing((Role("pilot", "Pilot", category="Air"),))
    assert page_at(Pairing(()), "search.json") is not None
    assert page_at(pairing, "categories/air/index.html") is not None
    assert page_at(pairing, "categories/sea/index.html") is None
    assert page_at(pairing, "categories/air/../x/index.html") is None


def test_a_pair_is_thin_when_its_roles_share_too_few_figures() -> None:
    full = Role("a", "A", salary=Salary(yearly=1, median=2), outlook=Outlook(growth_rate=3))
    bare, some = Role("b", "B"), Role("c", "C", salary=Salary(yearly=5), outlook=Outlook(jobs=1))
    assert known_figures(full) == {"salary.yearly", "salary.median", "outlook.growth_rate"}
    assert is_thin(full, bare, 1) and not is_thin(full, full, 3) and is_thin(full, some, 2)
    assert not is_thin(full, bare, 0)
    roles = (full, bare, some)
    assert count_thin(roles, Pairing(roles), 1) == 2 and count_thin(roles, Pairing(roles), 0) == 0


def ld_scripts(html: str) -> list[dict[str, Any]]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in found]


def ld_blocks(html: str) -> list[dict[str, Any]]:
    """Return the JSON-LD nodes of a page: each block, or each node of a block's @graph."""
    return [node for block in ld_scripts(html) for node in block.get("@graph", [block])]


def test_json_ld_survives_hostile_text_inside_its_script_element() -> None:
    data = {"name": "</script><script>alert(1)</script> <!-- & \u2028"}
    html = str(ld_script(data))
    assert html.count("</script>") == 1 and "<!--" not in html and "\u2028" not in html
    assert ld_blocks(html) == [data]


@given(st.lists(st.tuples(st.text(), st.none() | st.text(min_size=1)), min_size=1, max_size=3),
       st.text())
def test_a_comparison_s_breadcrumbs_are_the_bytes_of_the_whole_list(
        trail: list[tuple[str, str | None]], name: str) -> None:
    # Made from the trail's part kept once and the page's own name (hostile text too).
    assert breadcrumbs_to(tuple(trail), name) == ld_script(breadcrumbs([*trail, (name, None)]))


def test_an_occupation_says_what_each_salary_figure_is() -> None:
    nurse = Role("nurse", "Nurse", soc_code="29-1141", summary="Cares for *patients*.",
                 salary=Salary(yearly=90_000, median=85_000, range=(60_000, 120_000)),
                 skills=(Skill("Care", 50),), responsibilities=("Give **medicine**",))
    data = occupation(nurse, "https://x.example/roles/nurse/", "meta")
    assert data["@type"] == "Occupation" and data["occupationalCategory"] == "29-1141"
    assert data["description"] == "Cares for patients."
    assert data["skills"] == ["Care"] and data["responsibilities"] == ["Give medicine"]
    assert [(a["name"], a["currency"]) for a in data["estimatedSalary"]] == [
        ("Average yearly salary", "USD"), ("Median yearly salary", "USD"),
        ("Typical yearly salary range", "USD")]
    assert data["estimatedSalary"][0]["value"]["value"] == 90_000
    assert data["estimatedSalary"][2]["minValue"] == 60_000
    bare = occupation(Role("x", "X"), "https://x.example/roles/x/", "meta")
    assert bare["description"] == "meta" and "estimatedSalary" not in bare
    assert estimated_salary(Role("y", "Y")) == []


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a site of the real content plus a role whose title is hostile."""
    root = tmp_path_factory.mktemp("finder")
    content = root / "content"
    (content / "roles").mkdir(parents=True)
    for path in (Path(__file__).resolve().parent.parent / "content").rglob("*.yaml"):
        target = content / path.relative_to(Path(__file__).resolve().parent.parent / "content")
        target.write_bytes(path.read_bytes())
    (content / "roles" / "script-title.yaml").write_text(
        'title: "</script><script>alert(1)</script>"\ncategory: Operations\n'
        "salary: {yearly: 50000, median: 48000}\noutlook: {growth_rate: 2, jobs: 10}\n", "utf-8")
    build_site(BuildOptions(content=content, out=root / "site"))
    return root / "site"


def test_every_role_page_has_one_occupation_and_no_comparison_has_any(built: Path) -> None:
    roles = sorted((built / "roles").glob("*/index.html"))
    assert len(roles) == 7
    for page in roles:
        (graph,) = ld_scripts(page.read_text("utf-8"))  # one block, its context said once
        assert graph["@context"] == "https://schema.org" and "@context" not in str(
            graph["@graph"]), page
    for page in roles:
        blocks = ld_blocks(page.read_text("utf-8"))
        kinds = [b["@type"] for b in blocks]
        assert kinds.count("Occupation") == 1 and "BreadcrumbList" in kinds, page
        job = next(b for b in blocks if b["@type"] == "Occupation")
        assert {"name", "description", "url"} <= job.keys()
    hostile = ld_blocks((built / "roles/script-title/index.html").read_text("utf-8"))
    assert hostile[0]["name"] == "</script><script>alert(1)</script>"
    pairs = sorted((built / "compare").glob("*/index.html"))
    assert pairs
    for page in pairs:  # the breadcrumbs alone: one block, a trail ending at the page
        (crumbs,) = ld_scripts(page.read_text("utf-8"))
        assert (crumbs["@context"], crumbs["@type"]) == ("https://schema.org", "BreadcrumbList")
        items = crumbs["itemListElement"]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1)), page
        assert items[0]["item"] == "https://careers.example.org/" and "item" not in items[-1]
        assert items[-1]["name"].count(" vs ") == 1, page


def test_thin_comparisons_carry_noindex_and_stay_out_of_the_sitemap(built: Path) -> None:
    sitemap = (built / "sitemap.xml").read_text("utf-8")
    base = "https://careers.example.org/"
    for page in (built / "compare").glob("*/index.html"):
        url = f"{base}compare/{page.parent.name}/"
        thin = "customer-support-operations-manager" in page.parent.name  # gives no figure
        html = page.read_text("utf-8")
        assert ('<meta name="robots" content="noindex">' in html) == thin, page
        assert (f"<loc>{url}</loc>" in sitemap) != thin, page
    for page in [*built.glob("roles/*/index.html"), *built.glob("categories/*/index.html")]:
        assert f"<loc>{base}{page.parent.relative_to(built).as_posix()}/</loc>" in sitemap


def test_pages_have_open_graph_tags_and_a_favicon(built: Path) -> None:
    for page in [built / "index.html", *built.glob("*/*/index.html"), built / "404.html"]:
        html = page.read_text("utf-8")
        assert '<link rel="icon" href="' in html and 'favicon.svg' in html, page
        for tag in ("og:title", "og:site_name"):
            assert f'<meta property="{tag}" content="' in html, (page, tag)
        # What Open Graph readers take from elsewhere is not said twice: og:url from the
        # canonical link, og:description from the description, og:type is "website".
        for tag in ("og:url", "og:description", "og:type"):
            assert f'"{tag}"' not in html, (page, tag)
        assert '<link rel="canonical" href="https://' in html and '<meta name="description"' in (
            html)
        assert '<meta name="twitter:card" content="summary">' in html
    assert (built / "static/favicon.svg").read_text("utf-8").startswith("<svg")


def test_the_search_index_and_family_pages_are_built(built: Path) -> None:
    index = json.loads((built / "search.json").read_text("utf-8"))
    assert len(index["roles"]) == 7 and index["pairs"] == {"groups": [0] * 7}
    family = (built / "categories/operations/index.html").read_text("utf-8")
    assert family.count('<tr><th scope="row"') == 4
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in family
    role_page = (built / "roles/support-lead/index.html").read_text("utf-8")
    assert 'href="../../categories/customer-service/index.html"' in role_page
    assert 'href="categories/operations/index.html"' in (built / "index.html").read_text("utf-8")


def test_a_rebuild_follows_a_role_whose_comparisons_turn_thin(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "roles").mkdir(parents=True)
    (content / "site.yaml").write_text("name: T\nbase_url: https://t.example/\n", "utf-8")
    figures = "salary: {yearly: 50000, median: 48000}\noutlook: {growth_rate: 2, jobs: 10}\n"
    for slug in ("nurse", "midwife", "pilot"):
        (content / "roles" / f"{slug}.yaml").write_text(
            f"title: {slug.title()}\ncategory: Care\n{figures}", "utf-8")
    build_site(BuildOptions(content=content, out=tmp_path / "site"))
    assert "pilot" in (tmp_path / "site/sitemap.xml").read_text("utf-8")
    (content / "roles/pilot.yaml").write_text("title: Pilot\ncategory: Care\n", "utf-8")
    build_site(BuildOptions(content=content, out=tmp_path / "site"))
    build_site(BuildOptions(content=content, out=tmp_path / "clean"))
    for name in ("sitemap.xml", "search.json", "categories/care/index.html", "index.html",
                 "compare/nurse-vs-pilot/index.html"):
        assert (tmp_path / "site" / name).read_bytes() == (tmp_path / "clean" / name).read_bytes()
    assert "-vs-pilot" not in (tmp_path / "site/sitemap.xml").read_text("utf-8")
