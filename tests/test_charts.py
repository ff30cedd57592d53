"""The comparison page's charts: geometry that matches the figures, words for what is missing."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from versus.engine.charts import ChartMemo, charts_section, pair_charts
from versus.engine.charts_pay import PayFigures, draw_pay, growth_chart, pay_chart, row_of
from versus.engine.charts_shares import demographics_chart
from versus.engine.model import Demographics, Outlook, Role, Salary, Skill
from versus.engine.svg import WIDTH, nice_scale, wrap

HOSTILE = '<script>alert(1)</script> & "quoted" </text><title>x'


def role(slug: str, **fields: Any) -> Role:
    return Role(slug, fields.pop("title", slug.title()), **fields)


def parse(svg: Markup | None) -> ET.Element:
    """Return the chart as an XML tree, having checked what every chart carries."""
    assert svg is not None
    root = ET.fromstring(str(svg))
    assert root.tag == "svg" and root.get("role") == "img"
    # Named by its first child, a <title>, and described by a <desc> (SVG-AAM): no ids.
    title, desc = root[0], root[1]
    assert title.tag == "title" and title.text and desc.tag == "desc" and desc.text
    assert "table" in desc.text  # it sends the reader to the figures in words
    return root


def rects(root: ET.Element, cls: str) -> list[tuple[int, int, int, int]]:
    """Return (left, top, right, bottom) of every rectangle drawn with the class `cls`."""
    found = []
    for path in root.iter("path"):
        if path.get("class") == cls:
            found += [tuple(map(int, m)) for m in re.findall(
                r"M(-?\d+) (-?\d+)h(\d+)v(\d+)H-?\d+z", path.get("d", ""))]
    return [(left, top, left + width, top + height) for left, top, width, height in found]


def paths(root: ET.Element, cls: str) -> list[str]:
    """Return the path data of every path drawn with the class `cls`."""
    return [p.get("d", "") for p in root.iter("path") if p.get("class") == cls]


# Where the CSS puts the texts of a class that carry no x (style.css): the right edge.
ANCHORS = {"e": WIDTH}


def texts(root: ET.Element) -> dict[str, tuple[int, int]]:
    """Return every text of the chart (a <tspan> on its own) with its (x, y)."""
    found = {}
    for group in [root, *root.iter("g")]:
        shift = ANCHORS.get(group.get("class", ""), 0)
        for t in group.findall("text"):
            y = int(t.get("y", ""))
            found[t.text or ""] = (shift + int(t.get("x", "0")), y)
            found |= {s.text or "": (int(s.get("x", "")), y) for s in t.iter("tspan")}
    found.pop("", None)
    return found


# Pay: A earns $50,000-$100,000 and B $60,000-$150,000. The shared axis then runs from $50k
# to $150k in steps of $25k, drawn from x = 22 to x = 338 (316 units for $100,000).
A = role("a", title="Role A", salary=Salary(yearly=80_000, range=(50_000, 100_000)),
         outlook=Outlook(growth_rate=10))
B = role("b", title="Role B", salary=Salary(yearly=90_000, median=85_000, range=(60_000, 150_000)),
         outlook=Outlook(growth_rate=-5))
BLANK = role("blank", title="Blank Role")


def test_pay_bars_end_where_their_range_ends_on_one_shared_axis() -> None:
    root = parse(pay_chart(A, B))
    [(a_left, _, a_right, _)] = rects(root, "a")
    [(b_left, _, b_right, _)] = rects(root, "b")
    assert (a_left, a_right) == (22, 180)  # 22 + 50,000 / 100,000 * 316
    assert (b_left, b_right) == (54, 338)  # 22 + 10,000 / 100,000 * 316 = 53.6
    labels = texts(root)
    assert labels["$50k"][0] == 22 and labels["$100k"][0] == 180 and labels["$150k"][0] == 338
    assert labels["average $80,000"] and labels["average $90,000"]


def test_pay_marks_the_average_and_the_median_where_they_fall() -> None:
    root = parse(pay_chart(A, B))
    [median] = paths(root, "md")
    assert median.startswith("M133 ")  # B's median, $85,000: 22 + 35,000 / 100,000 * 316
    [diamonds] = paths(root, "mk")
    centres = [int(x) for x in re.findall(r"M(\d+) ", diamonds)]
    assert centres[:2] == [117, 148]  # averages $80,000 and $90,000; then the key's diamond


def test_wage_percentiles_draw_a_box_with_whiskers_and_the_median() -> None:
    pays = (PayFigures(p10=30_000, p25=40_000, median=50_000, p75=60_000, p90=80_000),
            PayFigures(low=40_000, high=60_000))
    root = parse(draw_pay((row_of("Role A", pays[0]), row_of("Role B", pays[1]))))
    # Axis from $20k to $80k in steps of $20k: 316 units for $60,000.
    assert texts(root)["$20k"][0] == 22 and texts(root)["$80k"][0] == 338
    [(left, _, right, _)] = rects(root, "a")
    assert (left, right) == (127, 233)  # $40,000 and $60,000: 22 + 20/60 * 316 = 127.3
    [whiskers] = paths(root, "wh")
    assert whiskers.startswith("M75 ") and "H338" in whiskers  # $30,000 (74.7) to $80,000
    assert paths(root, "md")[0].startswith("M180 ")  # the median, $50,000
    assert {"25th-75th percentile", "10th-90th", "salary range", "median"} <= set(texts(root))


def test_growth_runs_from_zero_shrinking_to_the_left() -> None:
    root = parse(growth_chart(A, B))
    # Axis from -5% to 10%: zero sits a third of the way along, at 22 + 316 / 3 = 127.3.
    [(a_left, _, a_right, _)] = rects(root, "a")
    [(b_left, _, b_right, _)] = rects(root, "b")
    assert (a_left, a_right) == (127, 338)
    assert (b_left, b_right) == (22, 127)
    [zero] = paths(root, "zero")
    assert zero.startswith("M127 ")
    labels = texts(root)
    assert labels["0%"][0] == 127 and labels["+10%"] and labels["-5%"]


def test_a_missing_figure_draws_no_bar_and_says_so() -> None:
    for chart in (pay_chart(A, BLANK), growth_chart(A, BLANK)):
        root = parse(chart)
        assert len(rects(root, "a")) == 1 and rects(root, "b") == []
        assert "not known" in texts(root)
    assert pay_chart(BLANK, BLANK) is None and growth_chart(BLANK, BLANK) is None
    charts = pair_charts(BLANK, BLANK)
    assert charts.drawn == ()
    assert charts.missing == ("No picture of pay, growth and demographics: "
                              "not known for either role.")


def test_the_section_names_what_neither_role_allows_unless_the_site_leaves_it_unsaid() -> None:
    some, none = pair_charts(A, BLANK), pair_charts(BLANK, BLANK)
    assert some.missing and some.drawn
    said = f'<p class="na">{none.missing}</p>'
    assert said in charts_section(none, show_unknown=False)  # else the section is empty
    assert '<p class="na">' in charts_section(some) and '<p class="na">' not in (
        charts_section(some, show_unknown=False))
    section = charts_section(some)
    assert section.startswith('<section class="charts" aria-labelledby="charts-h">\n'
                              '<h2 id="charts-h">In pictures</h2>\n<figure><figcaption>')
    assert section.count("<figure>") == len(some.drawn) and section.endswith("</section>\n")


def test_a_zero_growth_is_a_figure_not_a_missing_one() -> None:
    root = parse(growth_chart(role("z", outlook=Outlook(growth_rate=0)), A))
    assert "0%" in texts(root) and "not known" not in texts(root)


def test_there_is_no_skills_chart_the_lists_say_it_all() -> None:
    a = role("a", skills=(Skill("Project Management", share=9), Skill("CRM", share=5)))
    b = role("b", skills=(Skill("project management", share=4), Skill("Coaching")))
    charts = pair_charts(a, b)
    assert charts.drawn == () and "skills" not in charts.missing


def test_demographics_draw_both_roles_on_one_percent_scale() -> None:
    a = role("a", demographics=Demographics(gender=(("Male", 56.9), ("Female", 43.1))))
    b = role("b", demographics=Demographics(gender=(("female", 47.5), ("Male", 52.5)),
                                            race=(("White", 60.0), ("Asian", 40.0))))
    root = parse(demographics_chart(a, b))
    labels = texts(root)
    assert {"Gender", "Race", "Male", "Female", "White"} <= set(labels)
    assert not any(label.endswith("%") for label in labels)  # the Demographics table has them
    bars = rects(root, "a")[1:]  # after the heads' swatch
    assert sorted(right - left for left, _, right, _ in bars) == [155, 205]  # of 360 units
    assert {left for left, _, _, _ in bars} == {0}
    assert labels["Male"][1] < bars[0][1] < labels["Female"][1]  # under its name
    assert "Not known for A." in labels  # A gives no race: said under Race, no bar drawn
    assert demographics_chart(BLANK, BLANK) is None


def test_hostile_names_are_escaped_in_every_chart() -> None:
    a = role("a", title=HOSTILE, salary=Salary(yearly=1), outlook=Outlook(growth_rate=1),
             skills=(Skill(HOSTILE, share=5),),
             demographics=Demographics(gender=((HOSTILE, 100.0),)))
    b = role("b", title="B & <b>")
    charts = pair_charts(a, b)
    assert len(charts.drawn) == 3
    for chart in charts.drawn:
        assert "<script" not in chart.svg and "<b>" not in chart.svg
        root = parse(chart.svg)  # well-formed: nothing of the names broke out of its text
        assert len(list(root.iter("title"))) == 1
        assert any(HOSTILE[:30] in (t.text or "") for t in root.iter("text"))


def test_long_names_wrap_at_spaces_and_end_with_an_ellipsis() -> None:
    assert wrap("Registered Nurse") == ("Registered Nurse",)
    long = "Drilling and Boring Machine Tool Setter, Operator, and Tender, Metal and Plastic"
    assert wrap(long, 44, 2) == ("Drilling and Boring Machine Tool Setter,",
                                 "Operator, and Tender, Metal and Plastic")
    lines = wrap(long, 20, 2)
    assert len(lines) == 2 and lines[-1].endswith("…") and all(len(x) <= 20 for x in lines)


@pytest.mark.parametrize(("values", "zero", "expected"), [
    ([50_000, 150_000], False, (50_000, 150_000, 25_000)),
    ([64_000, 130_000], False, (60_000, 140_000, 20_000)),
    ([10, -5], True, (-5, 10, 5)),
    ([4.9, 40.1], True, (0, 60, 20)),
    ([7], False, (6, 8, 0.5)),
    ([0, 0], True, (-1, 1, 0.5)),  # both roles at zero growth: an axis either side of it
])
def test_axes_run_between_round_figures(values: list[float], zero: bool,
                                        expected: tuple[float, float, float]) -> None:
    scale = nice_scale(values, 0, 100, zero=zero)
    assert (scale.lo, scale.hi, scale.step) == expected


def test_every_chart_on_a_built_page_parses_with_ids_unique_in_the_page(site: Path) -> None:
    for page in sorted(site.glob("compare/*/index.html")):
        html = page.read_text("utf-8")
        svgs = re.findall(r"<svg .*?</svg>", html, re.S)
        assert svgs, page
        for svg in svgs:
            parse(Markup(svg))
            assert "style" not in svg  # the page's CSP allows no inline style
        ids = re.findall(r'\bid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), page


def test_a_chart_stays_small() -> None:
    full = role("full", title="Customer Support Manager",
                salary=Salary(yearly=91_598, range=(64_000, 130_000)),
                outlook=Outlook(growth_rate=10),
                skills=tuple(Skill(f"Skill number {i}", share=i + 1) for i in range(12)),
                demographics=Demographics(gender=(("Male", 56.9), ("Female", 43.1)), race=(
                    ("White", 61.7), ("Hispanic or Latino", 17.0), ("Asian", 21.3))))
    budget = {"pay": 900, "growth": 700, "people": 1200}  # bytes: issue 14
    drawn = pair_charts(full, A).drawn
    assert [chart.name for chart in drawn] == list(budget)
    for chart in drawn:
        assert len(chart.svg.encode()) < budget[chart.name], chart.name


def test_pay_figures_take_the_published_wage_percentiles() -> None:
    from versus.engine.charts_pay import pay_figures
    from versus.engine.model import Percentiles, Role, Salary

    wages = Percentiles(p10=40_000, p25=50_000, p50=60_000, p75=70_000, p90=90_000)
    role = Role("r", "R", salary=Salary(yearly=65_000, median=59_000, percentiles=wages))
    figures = pay_figures(role)
    assert (figures.p10, figures.p25, figures.p75, figures.p90) == (40_000, 50_000, 70_000,
                                                                    90_000)
    assert figures.median == 60_000 and figures.average == 65_000  # p50 is the median
    assert pay_figures(Role("s", "S", salary=Salary(median=59_000))).median == 59_000


def test_a_memo_makes_each_roles_part_once_and_draws_what_a_fresh_drawing_does() -> None:
    memo = ChartMemo()
    first = memo.pair(A, B)
    part = memo.parts["a"]
    assert memo.pair(B, A) and memo.parts["a"] is part  # A's part made once, kept by slug
    assert first == pair_charts(A, B)  # the same bytes as drawn afresh
    changed = role("a", title="Role A", salary=Salary(yearly=20_000))
    redrawn = memo.pair(changed, B)  # another role under the same slug: never a stale part
    assert memo.parts["a"] is not part and redrawn == pair_charts(changed, B) != first
