"""Sitemaps: one file while it fits, an index of parts past the protocol's 50,000 URLs."""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import pytest

from versus.bench.fake import write_fake_content
from versus.engine import pages as page_kinds
from versus.engine.build import PROJECT, BuildOptions, build_site, page_renderer
from versus.engine.content import load_content
from versus.engine.model import Page


def locs(path: Path) -> list[str]:
    return re.findall(r"<loc>(.*?)</loc>", path.read_text("utf-8"))


def test_a_large_sitemap_splits_into_an_index_of_parts(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_kinds, "SITEMAP_LIMIT", 10)
    write_fake_content(tmp_path / "content", 6)
    out = tmp_path / "site"
    build_site(BuildOptions(content=tmp_path / "content", out=out))
    families = len(list((out / "categories").glob("*/index.html")))
    pages = 1 + 6 + families + 15  # index, roles, job families, pairs: three parts
    base = "https://bench.example/"
    assert locs(out / "sitemap.xml") == [f"{base}sitemap-{k}.xml" for k in (1, 2, 3)]
    assert "<sitemapindex" in (out / "sitemap.xml").read_text("utf-8")
    parts = [locs(out / f"sitemap-{k}.xml") for k in (1, 2, 3)]
    assert [len(p) for p in parts] == [10, 10, pages - 20]
    urls = [u for p in parts for u in p]
    assert len(set(urls)) == pages and urls[0] == base
    pages = {p.relative_to(out).as_posix() for p in out.rglob("index.html")}
    assert {u.removeprefix(base) + "index.html" for u in urls} == pages


def test_a_sitemap_takes_little_more_memory_than_its_bytes(tmp_path: Path) -> None:
    """A part of 50,000 URLs is 4.6 MB: joined as one string, then encoded, it took 17 MB."""
    write_fake_content(tmp_path / "content", 80)
    pairing, render = page_renderer(load_content(tmp_path / "content"), PROJECT / "templates",
                                    PROJECT / "static")
    sitemap = Page("sitemap", "/sitemap.xml")
    render(sitemap)  # what every page of the build shares is made once, before
    tracemalloc.start()
    try:
        data = render(sitemap)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data.count(b"<url>") == 1 + 80 + len(pairing.families.members) + 80 * 79 // 2
    assert peak < 1.3 * len(data)
