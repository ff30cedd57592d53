"""Finding roles in a real Chromium: search, sort and filter on the index, the picker by
keyboard, and the 404 page on a static host that falls back to it, under a sub-path."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import open_page

from versus.engine.build import BuildOptions, build_site

# slug, category, yearly pay, growth: a small site with two families and a capped policy
ROLES = [
    ("registered-nurse", "Health", 90_000, 6.0), ("nurse-practitioner", "Health", 125_000, 40.0),
    ("licensed-practical-nurse", "Health", 55_000, 3.0), ("midwife", "Health", 110_000, 7.0),
    ("pharmacist", "Health", 135_000, 3.0), ("pilot", "Air", 170_000, 4.0),
    ("flight-attendant", "Air", 68_000, 10.0), ("air-traffic-controller", "Air", None, 1.0),
]
PREFIX = "/sub/"


def write_site(folder: Path, settings: str) -> Path:
    """Write the content of the small site and build it; return the output folder."""
    content = folder / "content"
    (content / "roles").mkdir(parents=True)
    (content / "site.yaml").write_text(settings, "utf-8")
    for slug, category, pay, growth in ROLES:
        title = slug.replace("-", " ").title()
        figures = f"salary: {{yearly: {pay}}}\n" if pay else ""
        (content / "roles" / f"{slug}.yaml").write_text(
            f"title: {title}\ncategory: {category}\n{figures}outlook: {{growth_rate: {growth}, "
            "jobs: 1000}\n", "utf-8")
    out = folder / "site"
    build_site(BuildOptions(content=content, out=out))
    return out


class FallbackHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under PREFIX, and 404.html for any missing file, as static hosts do."""

    site: Path

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(PREFIX):
            return str(self.site / "missing")
        return str(self.site / path[len(PREFIX):])

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Return the base URL of the small capped site served over HTTP, and its folder."""
    handler = type("Handler", (FallbackHandler,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_port}{PREFIX}"
    handler.site = write_site(tmp_path_factory.mktemp("hosted"),
                              f"name: T\nbase_url: {base}\nmax_pairs_per_role: 2\n")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, handler.site
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = open_page(browser, 375, 800)
    yield page
    page.context.close()


def result_titles(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("#find-results li > a").all_inner_texts()]


def test_search_filters_as_you_type_and_sort_and_filter_work(hosted: tuple[str, Path],
                                                             page: Any) -> None:
    base, _ = hosted
    page.goto(base)
    assert page.locator("#groups").is_hidden() and len(result_titles(page)) == 8
    page.focus("#find-q")
    page.keyboard.type("nur")
    # titles that start with what is typed come first, then the others by name
    assert result_titles(page) == ["Nurse Practitioner", "Licensed Practical Nurse",
                                   "Registered Nurse"]
    page.keyboard.type("se practit")  # every word must match: "nurse", "practit"
    assert result_titles(page) == ["Nurse Practitioner"]
    page.fill("#find-q", "")
    page.select_option("#find-sort", "pay")
    titles = result_titles(page)
    assert titles[:2] == ["Pilot", "Pharmacist"] and titles[-1] == "Air Traffic Controller"
    page.select_option("#find-family", "Air")
    assert result_titles(page) == ["Pilot", "Flight Attendant", "Air Traffic Controller"]
    page.select_option("#find-sort", "growth")
    assert result_titles(page) == ["Flight Attendant", "Pilot", "Air Traffic Controller"]
    assert page.locator("#find-count").inner_text() == "3 roles"
    page.fill("#find-q", "health")  # a family's name finds its roles too
    assert result_titles(page) == []
    page.select_option("#find-family", "")
    assert len(result_titles(page)) == 5
    assert page.errors == []


def test_without_javascript_the_grouped_list_stays(hosted: tuple[str, Path],
                                                   browser: Any) -> None:
    base, _ = hosted
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base)
    assert page.locator("#groups").is_visible() and page.locator("#finder").is_hidden()
    assert page.locator("#groups li a").count() == 8
    assert page.locator("#picker").is_hidden()
    context.close()


def choose(page: Any, key: str, text: str) -> None:
    """Pick a role in combobox `key` by keyboard alone."""
    page.keyboard.type(text)
    page.wait_for_selector(f"#pick-{key}-list [role=option]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")


@pytest.mark.parametrize("first, second", [("Registered Nurse", "Midwife"),
                                           ("Midwife", "Registered Nurse")])
def test_the_picker_by_keyboard_opens_the_page_in_either_order(
        hosted: tuple[str, Path], page: Any, first: str, second: str) -> None:
    base, site = hosted
    assert (site / "compare/midwife-vs-registered-nurse/index.html").is_file()
    page.goto(base)
    page.focus("#pick-a")
    assert page.get_attribute("#pick-a", "aria-expanded") == "false"
    choose(page, "a", first)
    page.keyboard.press("Tab")
    choose(page, "b", second)
    assert page.get_attribute("#pick-b", "aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}compare/midwife-vs-registered-nurse/index.html")
    assert page.locator("h1").inner_text() == "Midwife vs Registered Nurse"
    assert page.errors == []


def test_escape_closes_the_list_and_then_clears_the_field(hosted: tuple[str, Path],
                                                          page: Any) -> None:
    base, _ = hosted
    page.goto(base)
    page.focus("#pick-a")
    page.keyboard.type("n")
    page.wait_for_selector("#pick-a-list [role=option]")
    page.keyboard.press("ArrowDown")
    active = page.get_attribute("#pick-a", "aria-activedescendant")
    assert page.get_attribute(f"#{active}", "aria-selected") == "true"
    page.keyboard.press("Escape")
    assert page.get_attribute("#pick-a", "aria-expanded") == "false"
    assert page.input_value("#pick-a") == "n"
    page.keyboard.press("Escape")
    assert page.input_value("#pick-a") == ""


def offered(page: Any, key: str) -> list[str]:
    """Return the titles combobox `key` offers when opened with nothing typed."""
    page.focus(f"#pick-{key}")
    page.keyboard.press("ArrowDown")
    page.wait_for_selector(f"#pick-{key}-list:not([hidden])")
    names = page.locator(f"#pick-{key}-list [role=option]").evaluate_all(
        "items => items.map(li => li.firstChild.textContent)")
    page.keyboard.press("Escape")
    return list(names)


def test_the_second_box_lists_the_first_roles_partners_as_soon_as_it_is_focused(
        hosted: tuple[str, Path], page: Any) -> None:
    base, site = hosted
    pairs = [p.parent.name.split("-vs-") for p in (site / "compare").glob("*/index.html")]
    partners = {a if b == "registered-nurse" else b for a, b in pairs
                if "registered-nurse" in (a, b)}
    page.goto(base)
    page.focus("#pick-a")
    choose(page, "a", "Registered Nurse")
    page.focus("#pick-b")  # nothing typed, no key pressed
    page.wait_for_selector("#pick-b-list:not([hidden])")
    listed = page.locator("#pick-b-list [role=option]").evaluate_all(
        "items => items.map(li => li.firstChild.textContent)")
    assert {name.lower().replace(" ", "-") for name in listed} == partners
    assert page.get_attribute("#pick-b", "aria-expanded") == "true"
    assert page.errors == []


def test_under_a_cap_the_picker_offers_exactly_the_pairs_with_a_page(
        hosted: tuple[str, Path], page: Any) -> None:
    base, site = hosted
    title = {slug.replace("-", " ").title(): slug for slug, *_ in ROLES}
    pages = {p.parent.name for p in (site / "compare").glob("*/index.html")}
    assert 0 < len(pages) < len(ROLES) * (len(ROLES) - 1) // 2  # the cap left some out
    page.goto(base)
    seen = set()
    for name in offered(page, "a"):
        page.fill("#pick-b", "")
        page.focus("#pick-a")
        page.fill("#pick-a", "")
        choose(page, "a", name)
        for other in offered(page, "b"):
            seen.add("-vs-".join(sorted((title[name], title[other]))))
    assert seen == pages
    assert page.errors == []


@pytest.mark.parametrize("asked", ["compare/registered-nurse-vs-midwife/",
                                   "compare/registered-nurse-vs-midwife/index.html",
                                   "deep/er/compare/registered-nurse-vs-midwife/"])
def test_the_404_page_sends_a_reversed_pair_to_its_page(hosted: tuple[str, Path], page: Any,
                                                        asked: str) -> None:
    base, _ = hosted
    page.goto(base + asked)
    page.wait_for_url(f"{base}compare/midwife-vs-registered-nurse/")
    assert page.locator("h1").inner_text() == "Midwife vs Registered Nurse"
    assert [e for e in page.errors if "404" not in e] == []  # the first answer is a 404


def suggestions(page: Any) -> list[str]:
    page.wait_for_selector("#suggest:not([hidden])")
    return [t.strip() for t in page.locator("#suggest li").all_inner_texts()]


def test_the_404_page_suggests_the_nearest_titles(hosted: tuple[str, Path], page: Any) -> None:
    base, site = hosted
    page.goto(base + "roles/registred-nurs/")
    assert suggestions(page)[0] == "Registered Nurse"
    page.goto(base + "compare/pilot-vs-midwif/")
    assert suggestions(page)[:2] == ["Pilot", "Midwife"]
    assert not (site / "compare/pilot-vs-registered-nurse").exists()
    page.goto(base + "compare/registered-nurse-vs-pilot/")  # two roles with no page together
    assert suggestions(page) == ["Registered Nurse", "Pilot"]
    page.click("#suggest a >> nth=1")
    page.wait_for_url(f"{base}roles/pilot/")


def test_a_family_page_sorts_its_table(hosted: tuple[str, Path], page: Any) -> None:
    base, _ = hosted
    page.goto(base + "categories/air/")
    rows = "table.family tbody th"
    assert page.locator(rows).all_inner_texts() == ["Air Traffic Controller",
                                                    "Flight Attendant", "Pilot"]
    page.click("table.family thead th:nth-child(2) button")  # yearly salary, highest first
    assert page.locator(rows).all_inner_texts() == ["Pilot", "Flight Attendant",
                                                    "Air Traffic Controller"]
    page.click("table.family thead th:nth-child(2) button")  # lowest first; unknown stays last
    assert page.locator(rows).all_inner_texts() == ["Flight Attendant", "Pilot",
                                                    "Air Traffic Controller"]
    assert page.get_attribute("table.family thead th:nth-child(2)", "aria-sort") == "ascending"
    assert page.errors == []


# The rects of each word of each role's name in a family table, as laid out: a word drawn on
# two lines has two.
WORD_RECTS = """() => [...document.querySelectorAll('table.family tbody th a')].flatMap(a => {
  const text = a.firstChild, words = [], range = document.createRange();
  for (const m of text.data.matchAll(/\\S+/g)) {
    range.setStart(text, m.index); range.setEnd(text, m.index + m[0].length);
    words.push([m[0], range.getClientRects().length]);
  }
  return words;
})"""


def test_a_family_table_on_a_phone_keeps_names_whole_and_its_caption_in_view(
        browser: Any, tmp_path: Path) -> None:
    from versus.engine.build import BuildOptions, build_site

    content = tmp_path / "content"
    (content / "roles").mkdir(parents=True)
    figures = "salary: {yearly: 110090, median: 104620}\noutlook: {growth_rate: -0.7, jobs: 78000}"
    for title in ("Database Administrator", "Computer Programmer", "Mathematician"):
        slug = title.lower().replace(" ", "-")
        (content / "roles" / f"{slug}.yaml").write_text(
            f"title: {title}\ncategory: Computer and Mathematical Occupations\n{figures}\n")
    build_site(BuildOptions(content=content, out=tmp_path / "site"))
    page = open_page(browser, 375, 812)
    page.goto((tmp_path / "site" / "categories" / "computer-and-mathematical-occupations"
               / "index.html").as_uri())
    words, width = page.evaluate(WORD_RECTS), page.evaluate("document.documentElement.scrollWidth")
    box = page.locator(".table-scroll")
    overflows = box.evaluate("(b) => b.scrollWidth > b.clientWidth")
    caption = page.locator("table.family caption").bounding_box()
    page.context.close()
    assert overflows and width == 375  # the table scrolls in its box, not the page
    assert words and all(rects == 1 for _, rects in words), words  # "Administrat|or" once
    assert caption["x"] + caption["width"] <= 375  # half of it was beyond the screen's edge
    assert page.errors == []


def test_the_search_index_loads_only_when_the_picker_is_used(hosted: tuple[str, Path],
                                                             page: Any) -> None:
    base, _ = hosted
    asked: list[str] = []
    index = ("/search.json", "/search-data.js")
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith(index) else None)
    page.goto(base)
    page.focus("#find-q")
    page.keyboard.type("pilot")
    assert asked == []  # the finder reads the page itself
    with page.expect_response(f"{base}search.json"):
        page.focus("#pick-a")
    page.focus("#pick-b")
    assert asked == [f"{base}search.json"]  # once


def test_search_puts_whole_words_and_other_names_before_chance_matches(
        browser: Any, tmp_path: Path) -> None:
    from versus.engine.build import BuildOptions, build_site

    content = tmp_path / "content"
    (content / "roles").mkdir(parents=True)
    for slug, text in (("farmworker-nursery", "title: Farmworker, Nursery\n"),
                       ("registered-nurse", "title: Registered Nurse\nalso_known_as: [RN]\n"),
                       ("nurse-anesthetist", "title: Nurse Anesthetist\n"),
                       ("accountant", "title: Accountant\nalso_known_as: [CPA]\n")):
        (content / "roles" / f"{slug}.yaml").write_text(text, "utf-8")
    build_site(BuildOptions(content=content, out=tmp_path / "site"))
    page = open_page(browser, 375, 800)
    page.goto((tmp_path / "site" / "index.html").as_uri())
    found, picked = {}, {}
    for query in ("nurse", "rn"):
        page.fill("#find-q", query)
        found[query] = [t.strip() for t in page.locator("#find-results li > a").all_inner_texts()]
        # the picker offers them in the same order (it once put Registered Nurse 10th of
        # 11 on the US site, after Forest and Conservation Worker)
        page.fill("#pick-a", "")
        page.focus("#pick-a")
        page.keyboard.type(query)
        page.wait_for_selector("#pick-a-list [role=option]")
        picked[query] = page.locator("#pick-a-list [role=option]").evaluate_all(
            "items => items.map(li => li.firstChild.textContent)")
    page.context.close()
    assert found["nurse"] == ["Nurse Anesthetist", "Registered Nurse", "Farmworker, Nursery"]
    assert found["rn"][0] == "Registered Nurse"
    assert picked["nurse"] == found["nurse"]
    assert picked["rn"][0] == "Registered Nurse"
    assert page.errors == []
