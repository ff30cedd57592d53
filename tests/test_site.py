"""End to end: the real content builds into a complete site whose every link resolves."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from endtags import with_end_tags

from versus.engine.build import BuildOptions, build_site
from versus.engine.content import load_content

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


class PageParser(HTMLParser):
    """Collects a page's links, title, meta description, canonical link, cells and items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self.title = ""
        self.cells: list[str] = []  # text of every td, th and li, but a table's empty corner
        self._open: list[tuple[str, list[str]]] = []
        self._head = False  # inside a <thead>, whose one td is the corner

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        for key in ("href", "src"):
            if key in found:
                self.links.append(found[key])
        if tag == "meta" and "name" in found:
            self.meta[found["name"]] = found.get("content", "")
        if tag == "link" and found.get("rel") == "canonical":
            self.canonical = found["href"]
        self._head = self._head or tag == "thead"
        if tag in ("th", "li", "title") or (tag == "td" and not self._head):
            self._open.append((tag, []))

    def handle_data(self, data: str) -> None:
        for _, texts in self._open:
            texts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._head = self._head and tag != "thead"
        if self._open and self._open[-1][0] == tag:
            _, texts = self._open.pop()
            text = " ".join("".join(texts).split())
            if tag == "title":
                self.title = text
            else:
                self.cells.append(text)


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(with_end_tags(path.read_text("utf-8")))
    return parser


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_page_count_is_index_roles_and_pairs(site: Path) -> None:
    n = len(load_content(CONTENT).roles)
    assert n == 6
    roles = list((site / "roles").glob("*/index.html"))
    pairs = list((site / "compare").glob("*-vs-*/index.html"))
    assert len(roles) == n and len(pairs) == n * (n - 1) // 2 == 15
    families = list((site / "categories").glob("*/index.html"))
    assert len(families) == 3  # a page per job family
    assert len(html_pages(site)) == 1 + n + len(families) + n * (n - 1) // 2 + 1  # and 404.html
    for fixed in ("index.html", "404.html", "sitemap.xml", "robots.txt", "static/style.css"):
        assert (site / fixed).is_file()


def resolve(site: Path, page: Path, link: str) -> Path | None:
    """Return the file a link leads to, or None for a link to another host."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    target = (site / parts.path.lstrip("/")) if parts.path.startswith("/") else (
        page.parent / parts.path)
    return target / "index.html" if parts.path.endswith("/") or target.is_dir() else target


def test_every_internal_link_and_asset_resolves(site: Path) -> None:
    broken = []
    for page in html_pages(site):
        for link in parse(page).links:
            target = resolve(site, page, link)
            if target is not None and not target.resolve().is_file():
                broken.append(f"{page.relative_to(site)}: {link}")
    assert broken == []


def test_every_role_and_pair_is_reachable_from_the_index(site: Path) -> None:
    seen, todo = set(), [site / "index.html"]
    while todo:
        page = todo.pop().resolve()
        if page in seen or page.suffix != ".html":
            continue
        seen.add(page)
        todo += [t for link in parse(page).links if (t := resolve(site, page, link))]
    expected = {p.resolve() for p in html_pages(site)} - {(site / "404.html").resolve()}
    assert expected <= seen


def test_a_comparison_shows_the_seed_figures(site: Path) -> None:
    page = site / "compare/customer-service-manager-vs-customer-support-manager/index.html"
    text = page.read_text("utf-8")
    for figure in ("$61,487", "$91,598", "$29.56", "$44.04", "313,110", "128,995",
                   "$35,000 to $105,000", "$64,000 to $130,000", "Washington, DC", "KLA",
                   "University of Pennsylvania", "Male, 37.0%", "Female, 63.0%", "Hispanic or Latino, 15.5%",
                   "Strong Customer Service", "15%", "4-6 years"):
        assert figure in text, figure
    verdict = re.search(r'<section class="verdict".*?</section>', text, re.S)
    assert verdict is not None  # it opens the page: no paragraph before it says it again
    assert "<p" not in text[text.index("</h1>"):verdict.start()]
    assert ("<dt>Pay<dd>A Customer Support Manager earns $30,111 (49%) more a year on "
            "average: $91,598 against $61,487.</div>") in verdict.group(0)


SLIPS = re.compile(r"\bNone\b|\bnan\b|\$0(?![.,\d])|\{\{|\{%|\bundefined\b")


def test_no_page_ships_a_slip(site: Path) -> None:
    for page in html_pages(site):
        text = page.read_text("utf-8")
        assert not SLIPS.search(text), f"{page}: {SLIPS.search(text)}"
        # the one empty cell a comparison table has: the corner above its row headers
        assert not re.search(r"<li>\s*</li>|(?<!<thead><tr>)<td>\s*</td>|<th[^>]*>\s*</th>",
                             with_end_tags(text)), page
        empty = [c for c in parse(page).cells if not c]
        assert empty == [], page


def test_every_page_has_title_description_and_canonical(site: Path) -> None:
    base = load_content(CONTENT).site.base_url
    for page in html_pages(site):
        parsed = parse(page)
        assert parsed.title and parsed.meta.get("description"), page
        assert len(parsed.meta["description"]) <= 300
        assert parsed.canonical.startswith(base), page


def test_sitemap_lists_every_page_with_absolute_urls(site: Path) -> None:
    base = load_content(CONTENT).site.base_url
    urls = re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text("utf-8"))
    # index, roles, families and pairs, but not the 5 thin comparisons of the one role
    # that gives no figure (customer-support-operations-manager)
    assert len(urls) == len(set(urls)) == 1 + 6 + 3 + 15 - 5
    assert not [u for u in urls if "customer-support-operations-manager-vs" in u
                or "-vs-customer-support-operations-manager" in u]
    assert all(u.startswith(base) for u in urls)
    assert f"{base}compare/customer-support-manager-vs-support-lead/" in urls
    assert f"Sitemap: {base}sitemap.xml" in (site / "robots.txt").read_text("utf-8")


def test_no_page_asks_another_host_for_anything(site: Path) -> None:
    for page in html_pages(site):
        text = page.read_text("utf-8")
        assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', text.replace(
            '<link rel="canonical"', "")), page


def test_the_same_input_builds_the_same_bytes(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_site(BuildOptions(content=CONTENT, out=again))
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((site / f).read_bytes() == (again / f).read_bytes() for f in files)


def test_every_link_is_relative_so_the_site_works_from_disk_and_under_a_sub_path(
        site: Path) -> None:
    for page in html_pages(site):
        if page.name == "404.html":  # served at any depth: it links from the site's own path
            continue
        rooted = [link for link in parse(page).links if link.startswith("/")]
        assert rooted == [], page
    career = (site / "roles/customer-support-manager/index.html").read_text("utf-8")
    assert '<a href="../../roles/support-lead/index.html">Support Lead</a>' in career


def test_dates_stay_on_one_line(site: Path) -> None:
    text = (site / "roles/support-lead/index.html").read_text("utf-8")
    assert re.search(r"<time>\d{4}-\d\d-\d\d</time>", text)
