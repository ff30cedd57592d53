"""Pay and growth of two roles, each drawn on one shared axis.

A role's label (name and figure) is made once per role (`charts.role_charts`); a pair adds
only its axis and the marks placed on it. Role A is drawn solid, role B outlined, so colour is
never the only cue; each row is labelled with the role's name and its figure. A figure a role
does not give is not drawn and the chart says "not known" in its place: never a zero bar.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import msgspec
from markupsafe import Markup

from . import numbers
from .markup import escaped
from .model import Role
from .svg import (
    CHARS,
    LINE,
    WIDTH,
    Drawing,
    Part,
    Scale,
    box,
    diamond,
    document,
    nice_scale,
    spread,
    text,
    wrap,
)

BAR = 14  # height of a role's bar
PAD = 22  # room at either end of an axis for the label of its first and last tick
UNKNOWN_BAR = escaped(numbers.UNKNOWN)


class PayFigures(msgspec.Struct, frozen=True):
    """What a role's pay chart shows, in USD a year; None where the role does not say.

    low/high: `salary.range`; average: `salary.yearly`; median: `salary.median`. The wage
    percentiles (p10 ... p90) come from official data where the format carries them.
    """

    low: float | None = None
    high: float | None = None
    p10: float | None = None
    p25: float | None = None
    median: float | None = None
    p75: float | None = None
    p90: float | None = None
    average: float | None = None

    def values(self) -> list[float]:
        """Return every figure known, in USD a year."""
        return [v for v in (self.low, self.high, self.p10, self.p25, self.median, self.p75,
                            self.p90, self.average) if v is not None]

    @property
    def has_box(self) -> bool:
        """Return whether the role gives its 25th and 75th percentiles: a box, not a range."""
        return self.p25 is not None and self.p75 is not None

    @property
    def in_salary_table(self) -> bool:
        """Return whether the comparison's Salary table gives one of these figures: a median
        or a percentile (the Overview gives the average and the range)."""
        return (self.p10, self.p25, self.median, self.p75, self.p90) != (None,) * 5


def pay_figures(role: Role) -> PayFigures:
    """Return the yearly pay figures the role file gives, USD a year: range, annual wage
    percentiles (BLS publishes them for US occupations), median and average (mean)."""
    salary, wages = role.salary, role.salary.percentiles
    low, high = salary.range if salary.range else (None, None)
    median = wages.p50 if wages.p50 is not None else salary.median
    return PayFigures(low=low, high=high, p10=wages.p10, p25=wages.p25, median=median,
                      p75=wages.p75, p90=wages.p90, average=salary.yearly)


class Label(msgspec.Struct, frozen=True):
    """A row's label, escaped: the role's name in lines, its figure at the right ("" for
    none), and whether the figure needs a line of its own below the name."""

    lines: tuple[str, ...]
    figure: str
    apart: bool


def label(title: str, figure: str) -> Label:
    """Return the label of a row: the figure shares the name's last line when both fit."""
    lines = wrap(title)
    apart = bool(figure) and len(lines[-1]) + len(figure) + 3 > CHARS
    return Label(tuple(escaped(line) for line in lines), escaped(figure), apart)


def draw_label(drawing: Drawing, row: Label) -> None:
    """Draw a row's label at the cursor and move below it."""
    y, plain = drawing.y, drawing.texts[""]
    for line in row.lines:
        y += LINE
        plain.append(f'<text y="{y - 4}">{line}</text>')
    if row.figure:
        y += LINE if row.apart else 0
        drawing.texts["e"].append(f'<text y="{y - 4}">{row.figure}</text>')
    drawing.y = y


def money_tick(value: float) -> str:
    """Return an axis label in thousands of dollars: $60k, $1,250k; 0 for zero."""
    return "0" if value == 0 else f"${numbers.number(value / 1000)}k"


def signed_percent(value: float) -> str:
    """Return a growth rate with its sign, so the direction reads without colour: +10%, -3%."""
    return ("+" if value > 0 else "") + numbers.percent(value)


@functools.lru_cache(maxsize=1024)
def axis_parts(scale: Scale, y: int, name: Callable[[float], str]) -> tuple[str, str]:
    """Return an axis at y: its path data (line and ticks) and its tick labels, below it.

    Pairs share a few dozen axes: each is drawn once.
    """
    ticks = [(scale.x(t), escaped(name(t))) for t in scale.ticks()]
    line = f"M{scale.left} {y}H{scale.left + scale.width}" + "".join(
        f"M{x} {y}v4" for x, _ in ticks)
    return line, spread(y + LINE, "mid", ticks)


def axis(drawing: Drawing, scale: Scale, name: Callable[[float], str]) -> None:
    """Draw an axis at the cursor with a labelled tick at each round figure; move below it."""
    line, labels = axis_parts(scale, drawing.y, name)
    drawing.shape("ax", line)
    drawing.text("", labels)
    drawing.y += LINE + 4


def unknown_bar(drawing: Drawing, scale: Scale) -> None:
    """Draw the words that stand where a role's bar would be, when its figure is not known."""
    drawing.text("m", text(drawing.y + BAR - 3, UNKNOWN_BAR, scale.left + 4))


def pay_marks(drawing: Drawing, pay: PayFigures, scale: Scale, cls: str) -> None:
    """Draw one role's pay at the cursor: range bar or percentile box, median and average."""
    y, x = drawing.y, scale.x
    if pay.p25 is not None and pay.p75 is not None:
        if pay.p10 is not None and pay.p90 is not None:
            low, high, mid = x(pay.p10), x(pay.p90), y + BAR // 2
            drawing.shape("wh", f"M{low} {mid}H{high}M{low} {y + 3}v8M{high} {y + 3}v8")
        drawing.shape(cls, box(x(pay.p25), x(pay.p75), y, BAR))
    elif pay.low is not None and pay.high is not None:
        drawing.shape(cls, box(x(pay.low), x(pay.high), y, BAR))
    if pay.median is not None:
        drawing.shape("md", f"M{x(pay.median)} {y - 3}v{BAR + 6}")
    if pay.average is not None:
        drawing.shape("mk", diamond(x(pay.average), y + BAR // 2))


def pay_headline(pay: PayFigures) -> str:
    """Return the figure written beside a role's name: its average, else its median."""
    if pay.average is not None:
        return f"average {numbers.money(pay.average)}"
    if pay.median is not None:
        return f"median {numbers.money(pay.median)}"
    return ""


Key = tuple[str, Callable[[int, int], str], str]  # class, shape at (x, y), words


def swatch_key(x: int, y: int) -> str:
    """Return a key's box standing on the baseline y."""
    return box(x, x + 12, y - 10, 10)


def whisker_key(x: int, y: int) -> str:
    """Return a key's whisker: a line with an end mark either side."""
    return f"M{x} {y - 5}h12M{x} {y - 9}v8M{x + 12} {y - 9}v8"


def median_key(x: int, y: int) -> str:
    """Return a key's median mark: an upright line."""
    return f"M{x + 6} {y - 13}v13"


def average_key(x: int, y: int) -> str:
    """Return a key's average mark: a diamond."""
    return diamond(x + 6, y - 5)


def pay_keys(pays: tuple[PayFigures, PayFigures]) -> tuple[Key, ...]:
    """Return a key for each kind of mark the pay chart draws, and only those."""
    a, b = pays
    return _keys(a.has_box or b.has_box,
                 (not a.has_box and a.low is not None) or (not b.has_box and b.low is not None),
                 a.median is not None or b.median is not None,
                 a.average is not None or b.average is not None)


@functools.cache
def _keys(box: bool, low: bool, median: bool, average: bool) -> tuple[Key, ...]:
    """Return the keys of a pay chart that draws a percentile box, a range, a median and an
    average, or some of them: one tuple for each of the 16 cases, which the legend's cache
    then knows at once."""
    keys: list[Key] = []
    if box:
        keys += [("k", swatch_key, "25th-75th percentile"), ("wh", whisker_key, "10th-90th")]
    if low:
        keys.append(("k", swatch_key, "salary range"))
    if median:
        keys.append(("md", median_key, "median"))
    if average:
        keys.append(("mk", average_key, "average"))
    return tuple(keys)


@functools.lru_cache(maxsize=256)
def legend_parts(keys: tuple[Key, ...], top: int) -> tuple[tuple[tuple[str, str], ...], str, int]:
    """Return keys flowed along lines below `top`: (class, path data) of each key's shape,
    the texts of their words, and the y below the last line."""
    lines: list[list[tuple[int, str]]] = [[]]
    shapes, x, y = [], 0, top + LINE - 2
    for cls, shape, words in keys:
        width = 32 + round(7.5 * len(words))
        if x and x + width > WIDTH:
            x, y = 0, y + LINE
            lines.append([])
        shapes.append((cls, shape(x, y)))
        lines[-1].append((x + 18, escaped(words)))
        x += width
    first = top + LINE - 2
    texts = "".join(spread(first + i * LINE, "m", found) for i, found in enumerate(lines))
    return tuple(shapes), texts, y + 6


def legend(drawing: Drawing, keys: tuple[Key, ...]) -> None:
    """Draw keys (a shape, then its words) flowed along lines below the cursor."""
    shapes, texts, drawing.y = legend_parts(keys, drawing.y)
    for cls, data in shapes:
        drawing.shape(cls, data)
    drawing.text("", texts)


# A role's label, figures and their lowest and highest (none: no figure), made once per role.
PayRow = tuple[Label, PayFigures, tuple[float, ...]]


def pay_row(role: Role) -> PayRow:
    """Return what a role's row of the pay chart is drawn from."""
    return row_of(role.title, pay_figures(role))


def row_of(title: str, pay: PayFigures) -> PayRow:
    """Return the row of the pay chart of a role named `title` that earns `pay`."""
    values = pay.values()
    ends = (min(values), max(values)) if values else ()
    return label(title, pay_headline(pay)), pay, ends


def draw_pay(rows: tuple[PayRow, PayRow]) -> Markup | None:
    """Return the pay chart of two roles from their rows (`pay_row`), or None when neither
    gives any figure."""
    ends = rows[0][2] + rows[1][2]
    if not ends:
        return None
    scale, drawing = nice_scale(ends, PAD, WIDTH - 2 * PAD), Drawing()
    drawing.add(pay_row_part(rows[0], scale, drawing.y, "a"))
    drawing.add(pay_row_part(rows[1], scale, drawing.y, "b"))
    axis(drawing, scale, money_tick)
    legend(drawing, pay_keys((rows[0][1], rows[1][1])))
    # The Overview gives the average and the range; the Salary table the median and percentiles.
    detailed = rows[0][1].in_salary_table or rows[1][1].in_salary_table
    where = "Overview and Salary tables" if detailed else "Overview table"
    return document("Pay of both roles", f"The figures are in the {where}.", drawing)


# A role meets the same few axes, at one of a few heights, on all its comparisons: its row
# on each is drawn once. An entry is about a kilobyte; a comparison page draws two rows.
ROW_PARTS = 2048


@functools.lru_cache(maxsize=ROW_PARTS)
def pay_row_part(row: PayRow, scale: Scale, y: int, cls: str) -> Part:
    """Return one role's row of the pay chart drawn from y on `scale`, its marks in the CSS
    class `cls`: its label, then its range or box, median and average."""
    drawing = Drawing(y)
    label, pay, known = row
    draw_label(drawing, label)
    drawing.y += 4
    if not known:
        unknown_bar(drawing, scale)
    pay_marks(drawing, pay, scale, cls)
    drawing.y += BAR + 10
    return drawing.part()


def pay_chart(a: Role, b: Role) -> Markup | None:
    """Return both roles' pay on one axis in USD a year, or None when neither gives any."""
    return draw_pay((pay_row(a), pay_row(b)))


GrowthRow = tuple[Label, float | None]  # a role's label and growth rate (percent)


def growth_row(role: Role) -> GrowthRow:
    """Return what a role's row of the growth chart is drawn from."""
    rate = role.outlook.growth_rate
    return label(role.title, "" if rate is None else signed_percent(rate)), rate


def draw_growth(rows: tuple[GrowthRow, GrowthRow]) -> Markup | None:
    """Return both roles' projected growth (percent) on one axis with zero marked, or None.

    A bar runs from zero: right for growth, left for shrinking.
    """
    known = [rate for _, rate in rows if rate is not None]
    if not known:
        return None
    scale, drawing = nice_scale(known, PAD, WIDTH - 2 * PAD, zero=True), Drawing()
    drawing.add(growth_row_part(rows[0], scale, drawing.y, "a"))
    drawing.add(growth_row_part(rows[1], scale, drawing.y, "b"))
    zero = scale.x(0)
    drawing.shape("zero", f"M{zero} {drawing.y - 10}V{drawing.y}")
    axis(drawing, scale, numbers.percent)
    return document("Projected job growth of both roles",
                    "The figures are in the Overview table.", drawing)


@functools.lru_cache(maxsize=ROW_PARTS)
def growth_row_part(row: GrowthRow, scale: Scale, y: int, cls: str) -> Part:
    """Return one role's row of the growth chart drawn from y on `scale`, its bar in the CSS
    class `cls`: its label, then its bar from zero, or the words saying it is not known."""
    drawing = Drawing(y)
    label, rate = row
    draw_label(drawing, label)
    drawing.y += 4
    y = drawing.y
    if rate is None:
        unknown_bar(drawing, scale)
    else:  # zero is marked across each bar, never through the labels or the words
        zero = scale.x(0)
        drawing.shape("zero", f"M{zero} {y - 3}V{y + BAR + 3}")
        drawing.shape(cls, box(zero, scale.x(rate), y, BAR))
    drawing.y += BAR + 10
    return drawing.part()


def growth_chart(a: Role, b: Role) -> Markup | None:
    """Return both roles' projected growth on one axis with zero marked, or None."""
    return draw_growth((growth_row(a), growth_row(b)))
