"""The built site in a real Chromium: it works from disk, on a phone and on a laptop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import open_page

PAIR = "compare/customer-support-manager-vs-support-lead/index.html"


@pytest.fixture
def page(browser: Any) -> Any:
    page = open_page(browser, 1280, 900)
    yield page
    page.context.close()


def pick(page: Any, key: str, text: str) -> None:
    """Choose a role in the picker's combobox `key` by keyboard: type, arrow down, Enter."""
    page.focus(f"#pick-{key}")
    page.keyboard.type(text)
    page.wait_for_selector(f"#pick-{key}-list [role=option]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.input_value(f"#pick-{key}") == text


def offers_nothing(page: Any, key: str, text: str, says: str = "No role matches") -> bool:
    """Return whether the combobox `key`, once `text` is typed, offers no role and says so."""
    page.focus(f"#pick-{key}")
    page.keyboard.type(text)
    page.wait_for_selector(f".picker-message:text('{says}')")
    return bool(page.locator(f"#pick-{key}-list [role=option]").count() == 0)


def test_the_picker_opens_the_comparison_of_two_roles(site: Path, page: Any) -> None:
    page.goto((site / "index.html").as_uri())
    pick(page, "a", "Support Lead")
    pick(page, "b", "Customer Support Manager")
    page.keyboard.press("Enter")
    page.wait_for_url("**/compare/customer-support-manager-vs-support-lead/index.html")
    assert page.locator("h1").inner_text() == "Customer Support Manager vs Support Lead"
    assert page.errors == []


def test_the_picker_refuses_one_role_twice(site: Path, page: Any) -> None:
    page.goto((site / "index.html").as_uri())
    pick(page, "a", "Support Lead")
    assert offers_nothing(page, "b", "Support Lead")  # never offered twice
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
    assert offers_nothing(page, "a", "Pilot")  # no role to pair it with
    page.fill("#pick-a", "")
    pick(page, "a", "Nurse")
    # not in Nurse's family: a role that exists is not "no role", nor fixed by fewer letters
    assert offers_nothing(page, "b", "Pilot", "No role that matches is compared with Nurse.")
    assert offers_nothing(page, "b", "x", "No role matches: try fewer letters.")  # "Pilotx"
    page.fill("#pick-b", "Pilot")
    page.click("button[type=submit]")
    assert "not compared" in page.locator(".picker-message").inner_text()
    page.fill("#pick-b", "")
    pick(page, "b", "Midwife")
    page.click("button[type=submit]")
    page.wait_for_url("**/compare/midwife-vs-nurse/index.html")


@pytest.mark.parametrize("width", [375, 1280])
def test_a_skills_share_stays_on_one_line_beside_a_long_description(
        browser: Any, tmp_path: Path, width: int) -> None:
    from versus.engine.build import BuildOptions, build_site

    content = tmp_path / "content"
    (content / "roles").mkdir(parents=True)
    (content / "site.yaml").write_text("name: T\n", "utf-8")
    about = "Writes vector<int> code and reviews what others write, " * 2
    (content / "roles/coder.yaml").write_text(
        f"title: Coder\nskills:\n  - {{name: C++, share: 12, description: '{about}'}}\n", "utf-8")
    (content / "roles/tester.yaml").write_text("title: Tester\n", "utf-8")
    build_site(BuildOptions(content=content, out=tmp_path / "site"))
    page = open_page(browser, width, 800)
    page.goto((tmp_path / "site/compare/coder-vs-tester/index.html").as_uri())
    share = page.locator(".skills li > span", has_text="12%")
    # the figure was squeezed by its description into "1", "2" and "%" on three lines
    lines = share.evaluate("s => { const r = document.createRange(); r.selectNodeContents(s); "
                           "return new Set([...r.getClientRects()].map(b => b.top)).size; }")
    page.context.close()
    assert lines == 1
