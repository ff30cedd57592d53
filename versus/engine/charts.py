"""The comparison page's pictures: pay, growth, and gender and race of two roles.

Pure functions from two roles to inline SVG (`markupsafe.Markup`), drawn at build time: no
script is needed to see them. What a chart shows of one role (its labels, figures, bar
lengths on a fixed scale) is made once per role (`role_charts`); a pair adds only what
depends on both, its shared axes and the rows laid out one under the other. A `ChartMemo`
keeps each role's part for one build.

There is no skills chart: the skill lists below it give every skill with its figure, and
"Skills in common" which both roles list; a chart of at most eight of them, half its rows
"not listed", said nothing more.
"""

from __future__ import annotations

import msgspec
from markupsafe import Markup

from .charts_pay import GrowthRow, PayRow, draw_growth, draw_pay, growth_row, pay_row
from .charts_shares import PeopleSide, draw_people, people_side
from .markup import as_html, escaped, html_markup
from .model import Role


class RoleCharts(msgspec.Struct, frozen=True):
    """What the charts show of one role, made once: its rows of pay and growth, its side of
    gender and race, and the role they were made from."""

    role: Role
    pay: PayRow
    growth: GrowthRow
    people: PeopleSide


def role_charts(role: Role) -> RoleCharts:
    """Return one role's part of every chart."""
    return RoleCharts(role, pay_row(role), growth_row(role), people_side(role))


class Chart(msgspec.Struct, frozen=True):
    """One picture of a comparison page: its name (for CSS), caption and SVG."""

    name: str
    caption: str
    svg: Markup


class PairCharts(msgspec.Struct, frozen=True):
    """The pictures of a comparison page, and a sentence naming those neither role allows."""

    drawn: tuple[Chart, ...]
    missing: str


def pair_from(a: RoleCharts, b: RoleCharts) -> PairCharts:
    """Return the comparison's pictures from both roles' parts; a picture neither role has
    figures for is named in `missing`."""
    drawn, missing = [], []
    for name, caption, words, svg in (
            ("pay", "Pay, US dollars a year", "pay", draw_pay((a.pay, b.pay))),
            ("growth", "Projected job growth", "growth", draw_growth((a.growth, b.growth))),
            ("people", "Gender and race, % of people", "demographics",
             draw_people((a.people, b.people)))):
        if svg is None:
            missing.append(words)
        else:
            drawn.append(Chart(name, caption, svg))
    said = ""
    if missing:
        listed = missing[0] if len(missing) == 1 else (
            ", ".join(missing[:-1]) + " and " + missing[-1])
        said = f"No picture of {listed}: not known for either role."
    return PairCharts(tuple(drawn), said)


def pair_charts(a: Role, b: Role) -> PairCharts:
    """Return the comparison's pictures, each role's part made afresh."""
    return pair_from(role_charts(a), role_charts(b))


def charts_section(charts: PairCharts, show_unknown: bool = True) -> Markup:
    """Return the comparison's pictures as their section: a <figure> each (the section is
    their grid in style.css, no wrapper between), then the sentence naming those neither role
    allows when the site says what is not known or no picture is drawn.

    Joined here rather than by an included template, which cost every page a new template
    context (a copy of every name the page has) and a template lookup.
    """
    # Each drawing is Markup, which an f-string would copy through `Markup.__format__`.
    figures = "".join(["".join(("<figure><figcaption>", escaped(chart.caption), "</figcaption>",
                                chart.svg, "</figure>\n")) for chart in charts.drawn])
    missing = f'<p class="na">{as_html(charts.missing)}</p>\n' if charts.missing and (
        show_unknown or not charts.drawn) else ""
    return html_markup('<section class="charts" aria-labelledby="charts-h">\n'
                  f'<h2 id="charts-h">In pictures</h2>\n{figures}{missing}</section>\n')


class ChartMemo:
    """Each role's part of the charts, made once in a build and kept by slug.

    A part is handed out only for the very role object it was made from, so a memo that
    outlives its build's roles redraws rather than serving a stale part. The memo reads no
    data of its own: a page passes it roles it read through its View, which recorded them.
    """

    def __init__(self) -> None:
        self.parts: dict[str, RoleCharts] = {}

    def role(self, role: Role) -> RoleCharts:
        """Return the role's part of every chart, made on the first call for this role."""
        found = self.parts.get(role.slug)
        if found is None or found.role is not role:
            found = self.parts[role.slug] = role_charts(role)
        return found

    def pair(self, a: Role, b: Role) -> PairCharts:
        """Return the comparison's pictures (as `pair_charts`), each role's part made once."""
        return pair_from(self.role(a), self.role(b))

    def section(self, a: Role, b: Role, show_unknown: bool = True) -> Markup:
        """Return the comparison's pictures as their section (`charts_section`)."""
        return charts_section(self.pair(a, b), show_unknown)
