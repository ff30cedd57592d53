"""Planning: the pair policies and the page plan, as properties over random role sets."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from versus.engine.model import Role, Salary
from versus.engine.pages import (
    SITEMAP_LIMIT,
    iter_content_pages,
    iter_sitemap_pages,
    plan_pages,
)
from versus.engine.pairs import Pairing
from versus.engine.plan import page_at

slugs = st.from_regex(r"[a-z]{1,6}(-[a-z0-9]{1,3})?", fullmatch=True).filter(
    lambda s: "vs" not in s.split("-"))
role = st.builds(
    lambda slug, cat, pay: Role(slug=slug, title=slug.upper(), category=cat,
                                salary=Salary(yearly=pay)),
    slugs, st.sampled_from([None, "Ops", "Support", "Sales"]),
    st.one_of(st.none(), st.integers(20_000, 300_000)))
role_sets = st.lists(role, max_size=14, unique_by=lambda r: r.slug).map(
    lambda rs: tuple(sorted(rs, key=lambda r: r.slug)))


def pairs_of(pairing: Pairing) -> list[tuple[str, str]]:
    return list(pairing.iter_pairs())


@given(role_sets)
def test_all_gives_every_unordered_pair_once(roles: tuple[Role, ...]) -> None:
    pairs = pairs_of(Pairing(roles))
    assert len(pairs) == len(set(pairs)) == len(roles) * (len(roles) - 1) // 2
    assert all(a < b for a, b in pairs)


@given(role_sets)
def test_category_pairs_share_a_category(roles: tuple[Role, ...]) -> None:
    pairing = Pairing(roles, "category")
    pairs = pairs_of(pairing)
    category = {r.slug: r.category for r in roles}
    assert all(category[a] == category[b] and a < b for a, b in pairs)
    expected = {(a.slug, b.slug) for a, b in itertools.combinations(roles, 2)
                if a.category == b.category}
    assert set(pairs) == expected


@given(role_sets, st.integers(1, 5), st.sampled_from(["all", "category"]))
def test_the_cap_is_respected_and_partners_agree(roles: tuple[Role, ...], cap: int,
                                                 policy: str) -> None:
    pairing = Pairing(roles, policy, cap)
    pairs = pairs_of(pairing)
    assert len(pairs) == len(set(pairs)) and all(a < b for a, b in pairs)
    for r in roles:
        partners = pairing.partners(r.slug)
        assert len(partners) <= cap and r.slug not in partners
        assert all((min(r.slug, p), max(r.slug, p)) in pairs for p in partners)
        assert set(pairing.related(r.slug, 3)) <= set(partners)
    uncapped = set(pairs_of(Pairing(roles, policy)))
    assert set(pairs) <= uncapped


@given(role_sets)
def test_plan_has_every_page_once_whatever_the_input_order(roles: tuple[Role, ...]) -> None:
    pages = list(plan_pages(Pairing(roles)))
    n = len(roles)
    families = len({r.category for r in roles if r.category})  # a page per job family
    # and sitemap, search.json, search-data.js, robots.txt, 404.html
    assert len(pages) == 1 + n + families + n * (n - 1) // 2 + 5
    paths = [p.output_path for p in pages]
    assert len(paths) == len(set(paths))
    shuffled = tuple(reversed(roles))
    assert [p.output_path for p in plan_pages(Pairing(roles))] == paths
    assert all(page_at(Pairing(roles), path) == page for path, page in zip(paths, pages,
                                                                         strict=True))
    assert sorted(r.slug for r in shuffled) == [r.slug for r in roles]


@settings(max_examples=20)
@given(st.integers(0, 5 * SITEMAP_LIMIT))
def test_large_sitemaps_split_into_an_index(urls: int) -> None:
    pages = list(iter_sitemap_pages(urls))
    if urls <= SITEMAP_LIMIT:
        assert [p.url for p in pages] == ["/sitemap.xml"]
    else:
        assert pages[0].kind == "sitemap-index"
        assert len(pages) - 1 == -(-urls // SITEMAP_LIMIT)


@given(role_sets, st.integers(0, 120), st.one_of(st.none(), st.integers(0, 120)))
def test_a_slice_of_the_content_pages_is_planned_as_the_whole_would_be(
        roles: tuple[Role, ...], start: int, stop: int | None) -> None:
    pairing = Pairing(roles)
    whole = list(iter_content_pages(pairing))
    assert list(iter_content_pages(pairing, start, stop)) == whole[start:stop]
