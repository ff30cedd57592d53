"""The comparison page's gender and race bars: shares of people of two roles, paired.

A role's side (its names, bar lengths and figures in words) is made once per role
(`people_side`); a pair only interleaves the two sides down the chart. Role A is drawn solid,
role B outlined, with the roles named at the top; the bars carry no figures, which the
Demographics table under the chart gives (the chart's description says so). Names are matched
without regard to case, spelled as role A gives them.
"""

from __future__ import annotations

import msgspec
from markupsafe import Markup

from .markup import escaped
from .model import Role, Shares
from .svg import LINE, WIDTH, Drawing, box, document, wrap

SHARE_BAR = WIDTH  # the length of a share of 100% of people
NOT_GIVEN = escaped("not given")

# A share's name, escaped, and its bar's path data on either side of the bar's y: the bar
# is the same on every page, only where it stands changes.
Bar = tuple[str, str, str]
Group = dict[str, Bar]  # one distribution (gender or race) by casefolded name


class PeopleSide(msgspec.Struct, frozen=True):
    """One role's side of the gender and race chart, escaped and measured, made once."""

    head: tuple[str, ...]  # the role's name in lines, by its swatch
    groups: tuple[Group, Group]  # gender, race
    known: bool  # whether the role gives either
    none: str  # "Gender and race are not known for X."
    not_known: str  # "Not known for X.": one group given, this one not


def share_bars(shares: Shares) -> Group:
    """Return a role's shares by casefolded name: name and bar (see Bar)."""
    return {name.casefold(): (escaped(name), *bar_ends(round(share / 100 * SHARE_BAR)))
            for name, share in shares}


def bar_ends(length: int) -> tuple[str, str]:
    """Return the path data of a bar from x = 0, `length` long and 10 tall, before and after
    its y: `box(0, length, y, 10)` is the first, y, then the second."""
    left, right = sorted((0, length))
    return f"M{left} ", f"h{right - left}v10H{left}z"


def people_side(role: Role) -> PeopleSide:
    """Return what a role's side of the gender and race chart is drawn from."""
    found = role.demographics
    return PeopleSide(
        tuple(escaped(line) for line in wrap(role.title, 41, 2)),
        (share_bars(found.gender), share_bars(found.race)), bool(found.gender or found.race),
        f"Gender and race are not known for {role.title}.", f"Not known for {role.title}.")


def heads(drawing: Drawing, sides: tuple[PeopleSide, PeopleSide]) -> None:
    """Draw the roles' names with their swatch, A above B."""
    y, plain = drawing.y, drawing.texts[""]
    for side, cls in ((sides[0], "a"), (sides[1], "b")):
        drawing.shapes[cls].append(box(0, 12, y + 3, 10))
        for line in side.head:
            y += LINE
            plain.append(f'<text x="18" y="{y - 4}">{line}</text>')
        y += 2
    drawing.y = y + 4


def share_group(drawing: Drawing, heading: str, index: int,
                sides: tuple[PeopleSide, PeopleSide]) -> None:
    """Draw one distribution (gender or race) of both roles as paired bars, A above B."""
    drawing.y += 4
    drawing.lines(heading, cls="h")
    for side in sides:
        if not side.groups[index] and side.known:
            drawing.lines(side.not_known, cls="m")
    # The hottest loop of a pair's charts: each class's shapes and texts are gathered in
    # the drawing's order and added at once, with no zip, generator or call per bar.
    known = [(side.groups[index], drawing.shapes[cls])
             for side, cls in ((sides[0], "a"), (sides[1], "b")) if side.groups[index]]
    first, last = known[0][0], known[-1][0]
    y, names, missing = drawing.y, drawing.texts[""], []
    for key in {**first, **last}:  # A's names in A's order, then those only B gives
        y += LINE
        names.append(f'<text y="{y - 4}">{(first.get(key) or last[key])[0]}</text>')
        y -= 1
        for group, bars in known:
            bar = group.get(key)
            if bar is None:
                missing.append(f'<text y="{y + 10}">{NOT_GIVEN}</text>')
            else:
                bars.append(f"{bar[1]}{y}{bar[2]}")
            y += 13  # a "not given" in place of a bar needs a line's room
        y += 6
    drawing.y = y
    if missing:
        drawing.texts["m"] += missing


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
