"""Comparison and role pages in a real Chromium, on a 375 px phone and a 1280 px laptop.

No table is wider than the screen, both roles' figures of every row sit side by side inside
it, and axe-core finds no serious or critical problem, in the light theme and the dark one.
Screenshots go to tests/artifacts/ (not committed) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from versus.engine.build import BuildOptions, build_site

ROOT = Path(__file__).resolve().parent.parent
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
US_ROLES = ("registered-nurse", "nurse-practitioner", "licensed-practical-and-licensed-vocational-nurse")

CURATED = "compare/customer-service-manager-vs-customer-support-manager/index.html"
FIGURELESS = "compare/customer-support-operations-manager-vs-support-lead/index.html"
US_PAIR = "compare/nurse-practitioner-vs-registered-nurse/index.html"
PAGES = {
    "curated": ("site", CURATED),
    "figureless": ("site", FIGURELESS),
    "us": ("us", US_PAIR),
    "role": ("site", "roles/customer-support-operations-manager/index.html"),
    "us-role": ("us", "roles/registered-nurse/index.html"),
    "hostile": ("hostile", "compare/long-strings-vs-unicode/index.html"),
}

# Every value cell of every table: where it is, and whether its row's cells share a line.
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const tables = [...document.querySelectorAll('main table')].map(t => t.getBoundingClientRect().right);
  const rows = [...document.querySelectorAll('main table tbody tr')].map(tr => {
    const cells = [...tr.querySelectorAll('td')].map(td => td.getBoundingClientRect());
    return {left: Math.min(...cells.map(c => c.left)), right: Math.max(...cells.map(c => c.right)),
            tops: cells.map(c => Math.round(c.top)), count: cells.length,
            label: tr.querySelector('th').getBoundingClientRect().top};
  });
  return {width, scroll: document.documentElement.scrollWidth, tables, rows};
}"""


@pytest.fixture(scope="module")
def us_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a small US site: three nurses from the imported roles, built like the real one."""
    content = tmp_path_factory.mktemp("us") / "content"
    (content / "roles").mkdir(parents=True)
    shutil.copy(ROOT / "sites/us/site.yaml", content)
    for slug in US_ROLES:
        shutil.copy(ROOT / "sites/us/roles" / f"{slug}.yaml", content / "roles")
    out = content.parent / "site"
    build_site(BuildOptions(content=content, out=out))
    return out


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a site of roles with words longer than any screen, and right-to-left text."""
    content = tmp_path_factory.mktemp("hostile") / "content"
    (content / "roles").mkdir(parents=True)
    for name in ("long-strings.yaml", "unicode.yaml"):
        shutil.copy(ROOT / "tests/hostile" / name, content / "roles")
    out = content.parent / "site"
    build_site(BuildOptions(content=content, out=out))
    return out


def open_page(browser: Any, path: Path, width: int, scheme: str) -> tuple[Any, Any]:
    # The pages' Content-Security-Policy allows only their own scripts: let axe in.
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,
                                  bypass_csp=True)
    page = context.new_page()
    page.goto(path.as_uri())
    return context, page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", list(PAGES))
def test_tables_fit_and_axe_finds_nothing_serious(site: Path, us_site: Path, hostile_site: Path,
                                                   browser: Any, name: str, width: int,
                                                   scheme: str) -> None:
    folder, path = PAGES[name]
    sites = {"site": site, "us": us_site, "hostile": hostile_site}
    context, page = open_page(browser, sites[folder] / path, width, scheme)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}-{scheme}.png"), full_page=True)
    found = page.evaluate(MEASURE)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
      const r = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                    'best-practice']});
      return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                         .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
    }""")
    context.close()
    assert found["scroll"] <= found["width"]
    assert all(right <= found["width"] for right in found["tables"])
    for row in found["rows"]:
        assert row["left"] >= 0 and row["right"] <= found["width"], row
        assert len(set(row["tops"])) == 1, row  # the two roles' figures side by side
        if width == 375 and row["count"] == 2:
            assert row["label"] < row["tops"][0], row  # the label on a line above them
    assert result == []


def test_a_curated_pair_has_both_columns_and_the_figureless_pair_one(site: Path,
                                                                       browser: Any) -> None:
    for path, columns in ((CURATED, 2), (FIGURELESS, 1)):
        context, page = open_page(browser, site / path, 375, "light")
        counts = page.eval_on_selector_all("main table.compare tbody tr",
                                           "rows => rows.map(r => r.querySelectorAll('td').length)")
        context.close()
        assert counts and set(counts) == {columns}, path


def test_the_skip_link_is_the_first_stop_and_shows_when_focused(site: Path, browser: Any) -> None:
    context, page = open_page(browser, site / CURATED, 375, "light")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
      const el = document.activeElement, box = el.getBoundingClientRect();
      return {text: el.textContent, top: box.top, outline: getComputedStyle(el).outlineStyle};
    }""")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    inside = page.evaluate("document.activeElement.closest('main') !== null")
    context.close()
    assert focused["text"] == "Skip to the content" and focused["top"] >= 0
    assert focused["outline"] != "none"
    assert inside  # past the header, into the page's own content


def test_print_leaves_out_the_site_chrome(site: Path, browser: Any) -> None:
    context, page = open_page(browser, site / CURATED, 1280, "light")
    page.emulate_media(media="print")
    shown = page.evaluate("getComputedStyle(document.querySelector('body > header')).display")
    ink = page.evaluate("getComputedStyle(document.body).color")
    context.close()
    assert shown == "none" and ink == "rgb(0, 0, 0)"


def test_reduced_motion_turns_transitions_off(site: Path, browser: Any) -> None:
    context = browser.new_context(reduced_motion="reduce", bypass_csp=True)
    page = context.new_page()
    page.goto((site / CURATED).as_uri())
    duration = page.evaluate("getComputedStyle(document.querySelector('a')).transitionDuration")
    context.close()
    assert duration in ("0s", "")


def row_children(tree: str) -> list[list[str]]:
    """Return the roles of each row's own children in an ARIA snapshot (a cell's children,
    such as the <mark> of a higher figure, are a level deeper and left out)."""
    rows: list[list[str]] = []
    depth = None
    for line in tree.splitlines():
        indent, item = len(line) - len(line.lstrip()), line.strip()
        if item.split(" ", 2)[1].rstrip(":") == "row":
            rows.append([])
            depth = indent + 2
        elif depth is not None and indent < depth:
            depth = None
        elif depth is not None and indent == depth:
            rows[-1].append(item[2:].split(" ", 1)[0].rstrip(":"))
    return rows


def test_a_comparison_table_keeps_its_semantics_when_a_phone_lays_it_out_as_a_grid(
        site: Path, us_site: Path, browser: Any) -> None:
    # The tables carry no ARIA roles: Chromium must still see a table, its column headers
    # (the two roles), and a row header then a cell per role in every row, on a phone too.
    for folder, path in ((site, CURATED), (us_site, US_PAIR)):
        for width in (375, 1280):
            context, page = open_page(browser, folder / path, width, "light")
            shown = page.evaluate("getComputedStyle(document.querySelector('main tr')).display")
            tree = page.locator("main table.compare").first.aria_snapshot()
            context.close()
            assert shown == ("grid" if width == 375 else "table-row")
            assert tree.startswith('- table "Overview":'), tree
            heads = re.findall(r"- columnheader \"([^\"]+)\"", tree)
            assert len(heads) == 2, tree
            body = [row for row in row_children(tree) if "rowheader" in row]
            assert body and all(row == ["rowheader", "cell", "cell"] for row in body), tree
