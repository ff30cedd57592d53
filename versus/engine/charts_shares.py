"""The comparison page's gender and race bars: shares of people of two roles, paired.

A role's side (its names, bar lengths and figures in words) is made once per role
(`people_side`); a pair only interleaves the two sides down the chart. Role A is drawn solid,
role B outlined, with the roles named at the top; the bars carry no figures, which the
Demographics table under the chart gives (the chart's description says so). Names are matched
without regard to case, spelled as role A gives them.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .model import Role, Shares
from .svg import LINE, WIDTH, Drawing, box, document, escaped, text, wrap

SHARE_BAR = WIDTH  # the length of a share of 100% of people
NOT_GIVEN = escaped("not given")

Bar = tuple[str, int]  # a share's name, escaped, and its bar's length
Group = dict[str, Bar]  # one distribution (gender or race) by casefolded name


@dataclass(frozen=True, slots=True)
class PeopleSide:
    """One role's side of the gender and race chart, escaped and measured, made once."""

    head: tuple[str, ...]  # the role's name in lines, by its swatch
    groups: tuple[Group, Group]  # gender, race
    known: bool  # whether the role gives either
    none: str  # "Gender and race are not known for X."
    not_known: str  # "Not known for X.": one group given, this one not


def share_bars(shares: Shares) -> Group:
    """Return a role's shares by casefolded name: name and bar length."""
    return {name.casefold(): (escaped(name), round(share / 100 * SHARE_BAR))
            for name, share in shares}


def people_side(role: Role) -> PeopleSide:
    """Return what a role's side of the gender and race chart is drawn from."""
    found = role.demographics
    return PeopleSide(
        tuple(escaped(line) for line in wrap(role.title, 41, 2)),
        (share_bars(found.gender), share_bars(found.race)), bool(found.gender or found.race),
        f"Gender and race are not known for {role.title}.", f"Not known for {role.title}.")


def heads(drawing: Drawing, sides: tuple[PeopleSide, PeopleSide]) -> None:
    """Draw the roles' names with their swatch, A above B."""
    for side, cls in zip(sides, "ab", strict=True):
        drawing.shape(cls, box(0, 12, drawing.y + 3, 10))
        for i, line in enumerate(side.head):
            drawing.text("", text(drawing.y + LINE * (i + 1) - 4, line, 18))
        drawing.y += LINE * len(side.head) + 2
    drawing.y += 4


def share_group(drawing: Drawing, heading: str, index: int,
                sides: tuple[PeopleSide, PeopleSide]) -> None:
    """Draw one distribution (gender or race) of both roles as paired bars, A above B."""
    drawing.y += 4
    drawing.lines(heading, cls="h")
    for side in sides:
        if not side.groups[index] and side.known:
            drawing.lines(side.not_known, cls="m")
    known = [(cls, side.groups[index]) for side, cls in zip(sides, "ab", strict=True)
             if side.groups[index]]
    for key in dict.fromkeys(key for _, group in known for key in group):
        drawing.y += LINE
        drawing.text("", text(drawing.y - 4, next(g[key][0] for _, g in known if key in g)))
        drawing.y -= 1
        for cls, group in known:
            y = drawing.y
            if key in group:
                drawing.shape(cls, box(0, group[key][1], y, 10))
            else:
                drawing.text("m", text(y + 10, NOT_GIVEN))
            drawing.y += 13  # a "not given" in place of a bar needs a line's room
        drawing.y += 6


def draw_people(sides: tuple[PeopleSide, PeopleSide]) -> Markup | None:
    """Return gender and race shares (percent of people) of both roles as paired bars, or None.

    Every bar is on the same 0-100% scale; the figures come from `demographics` in the role
    files and are in the Demographics table too.
    """
    groups = [(heading, i) for i, heading in enumerate(("Gender", "Race"))
              if sides[0].groups[i] or sides[1].groups[i]]
    if not groups:
        return None
    drawing = Drawing()
    heads(drawing, sides)
    for side in sides:
        if not side.known:
            drawing.lines(side.none, cls="m")
    for heading, index in groups:
        share_group(drawing, heading, index, sides)
    return document("Gender and race of both roles", "The figures are in the Demographics "
                    "table.", drawing)


def demographics_chart(a: Role, b: Role) -> Markup | None:
    """Return gender and race shares of both roles as paired bars, or None when neither
    gives any."""
    return draw_people((people_side(a), people_side(b)))
