"""The comparison page's charts in a real Chromium: they fit a phone, read, and keep contrast."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from versus.engine.build import BuildOptions, build_site

ROOT = Path(__file__).resolve().parent.parent
CURATED = "compare/customer-support-manager-vs-support-lead/index.html"
FIGURELESS = "compare/customer-support-manager-vs-customer-support-operations-manager/index.html"
US = "compare/nurse-practitioner-vs-registered-nurse/index.html"

# Every chart's boxes, the height of its text and the contrast of its marks with the page.
MEASURE = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (x, y) => { const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p); return (a + 0.05) / (b + 0.05); };
  const paper = getComputedStyle(document.body).backgroundColor;
  return [...document.querySelectorAll('.charts figure svg')].map((svg) => {
    const box = svg.getBoundingClientRect();
    const text = svg.querySelector('text');
    const bar = svg.querySelector('path.a');
    // Texts placed by their class alone (style.css): where they end, against the drawing's
    // right edge (.e).
    const ends = (cls) => [...svg.querySelectorAll(`g.${cls} text`)].map((t) => t.getBoundingClientRect().right);
    return {
      ends: ends('e'), unit: box.width / svg.viewBox.baseVal.width,
      left: box.left, right: box.right, width: box.width,
      textHeight: text.getBoundingClientRect().height,
      textContrast: contrast(getComputedStyle(text).fill, paper),
      barContrast: bar ? contrast(getComputedStyle(bar).fill, paper) : 99,
    };
  });
}"""


@pytest.fixture(scope="module")
def us_pair(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a site of two US occupations, built from their committed role files."""
    content = tmp_path_factory.mktemp("us") / "content"
    (content / "roles").mkdir(parents=True)
    shutil.copy(ROOT / "sites/us/site.yaml", content / "site.yaml")
    for slug in ("nurse-practitioner", "registered-nurse"):
        shutil.copy(ROOT / f"sites/us/roles/{slug}.yaml", content / "roles")
    out = content.parent / "site"
    build_site(BuildOptions(content=content, out=out))
    return out


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", [CURATED, FIGURELESS, US])
def test_charts_fit_read_and_keep_contrast(site: Path, us_pair: Path, browser: Any, path: str,
                                           width: int, scheme: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(((us_pair if path == US else site) / path).as_uri())
    charts = page.evaluate(MEASURE)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.locator("section.charts").screenshot(path=str(tmp_path / f"charts-{width}-{scheme}.png"))
    context.close()
    assert len(charts) >= (2 if path == US else 3) and overflow <= 0  # the US pair: no gender, race
    for chart in charts:
        assert chart["left"] >= 0 and chart["right"] <= width
        assert chart["textHeight"] >= 12  # 13 units, drawn no smaller than about 12 px
        assert chart["textContrast"] >= 4.5 and chart["barContrast"] >= 3
        for end in chart["ends"]:  # right-aligned figures end at the drawing's right edge
            assert chart["right"] - 2 <= end <= chart["right"] + 1
