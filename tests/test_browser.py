"""The built site in a real Chromium: it works from disk, on a phone and on a laptop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

PAIR = "compare/customer-support-manager-vs-support-lead/index.html"


@pytest.fixture
def page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def test_the_picker_opens_the_comparison_of_two_roles(site: Path, page: Any) -> None:
    page.goto((site / "index.html").as_uri())
    page.select_option("select[name=a]", "support-lead")
    page.select_option("select[name=b]", "customer-support-manager")
    page.click("button[type=submit]")
    page.wait_for_url("**/compare/customer-support-manager-vs-support-lead/index.html")
    assert page.locator("h1").inner_text() == "Customer Support Manager vs Support Lead"
    assert page.errors == []


def test_the_picker_refuses_one_role_twice(site: Path, page: Any) -> None:
    page.goto((site / "index.html").as_uri())
    page.select_option("select[name=a]", "support-lead")
    page.select_option("select[name=b]", "support-lead")
    page.click("button[type=submit]")
    assert page.locator(".picker-message").inner_text() == "Pick two different roles."
    assert page.url.endswith("/index.html")


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", ["index.html", PAIR, "roles/support-lead/index.html"])
def test_pages_fit_the_screen_and_load_cleanly(site: Path, browser: Any, width: int,
                                               path: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((site / path).as_uri())
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    stylesheet_applied = page.evaluate(
        "getComputedStyle(document.querySelector('main')).maxWidth")
    page.screenshot(path=str(tmp_path / f"{width}.png"), full_page=True)
    context.close()
    assert overflow <= 0
    assert stylesheet_applied == "1120px"  # 70rem: the site's own stylesheet loaded
    assert errors == []


def test_the_picker_keeps_to_the_site_pair_policy(page: Any, tmp_path: Path) -> None:
    from versus.engine.build import BuildOptions, build_site

    content = tmp_path / "content"
    (content / "roles").mkdir(parents=True)
    (content / "site.yaml").write_text("name: T\npairs: category\n", "utf-8")
    for slug, category in (("nurse", "Health"), ("midwife", "Health"), ("pilot", "Air")):
        (content / "roles" / f"{slug}.yaml").write_text(
            f"title: {slug.title()}\ncategory: {category}\n", "utf-8")
    build_site(BuildOptions(content=content, out=tmp_path / "site"))
    page.goto((tmp_path / "site/index.html").as_uri())
    page.select_option("select[name=a]", "pilot")
    page.select_option("select[name=b]", "nurse")
    page.click("button[type=submit]")
    assert "same one" in page.locator(".picker-message").inner_text()
    page.select_option("select[name=a]", "midwife")
    page.click("button[type=submit]")
    page.wait_for_url("**/compare/midwife-vs-nurse/index.html")


def test_the_picker_knows_the_related_pairs(page: Any, tmp_path: Path) -> None:
    from versus.engine.build import BuildOptions, build_site

    content = tmp_path / "content"
    (content / "roles").mkdir(parents=True)
    (content / "site.yaml").write_text("name: T\npairs: related\nmax_pairs_per_role: 1\n",
                                       "utf-8")
    for slug, soc, related in (("nurse", "29-1141", "Midwife"), ("midwife", "29-1161", "Nurse"),
                               ("pilot", "53-2011", "Engineer"), ("engineer", "53-2012", "Pilot")):
        (content / "roles" / f"{slug}.yaml").write_text(
            f"title: {slug.title()}\nsoc_code: {soc}\nrelated: [{{title: {related}}}]\n", "utf-8")
    build_site(BuildOptions(content=content, out=tmp_path / "site"))
    assert not (tmp_path / "site/compare/nurse-vs-pilot").exists()
    page.goto((tmp_path / "site/index.html").as_uri())
    page.select_option("select[name=a]", "pilot")
    page.select_option("select[name=b]", "nurse")
    page.click("button[type=submit]")
    assert "most related roles" in page.locator(".picker-message").inner_text()
    page.select_option("select[name=b]", "engineer")
    page.click("button[type=submit]")
    page.wait_for_url("**/compare/engineer-vs-pilot/index.html")
    assert page.errors == []
