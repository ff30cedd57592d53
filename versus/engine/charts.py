"""The comparison page's pictures: pay and growth of two roles, each on one shared axis.

Pure functions from two roles to inline SVG (`markupsafe.Markup`), drawn at build time: no
script is needed to see them. Role A is drawn solid, role B outlined, so colour is never the
only cue; each row is labelled with the role's name and its figure. A figure a role does not
give is not drawn and the chart says "not known" in its place: never a zero bar.
Skills and demographics are drawn by `charts_lists`; `pair_charts` gathers all four.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from . import numbers
from .charts_shares import demographics_chart, skills_chart
from .model import Role
from .svg import CHARS, LINE, WIDTH, Drawing, Scale, box, diamond, document, nice_scale, num, wrap

BAR = 14  # height of a role's bar
PAD = 22  # room at either end of an axis for the label of its first and last tick


@dataclass(frozen=True, slots=True)
class PayFigures:
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


def pay_figures(role: Role) -> PayFigures:
    """Return the yearly pay figures the role file gives, USD a year: range, annual wage
    percentiles (BLS publishes them for US occupations), median and average (mean)."""
    salary, wages = role.salary, role.salary.percentiles
    low, high = salary.range if salary.range else (None, None)
    median = wages.p50 if wages.p50 is not None else salary.median
    return PayFigures(low=low, high=high, p10=wages.p10, p25=wages.p25, median=median,
                      p75=wages.p75, p90=wages.p90, average=salary.yearly)


def money_tick(value: float) -> str:
    """Return an axis label in thousands of dollars: $60k, $1,250k; 0 for zero."""
    return "0" if value == 0 else f"${numbers.number(value / 1000)}k"


def signed_percent(value: float) -> str:
    """Return a growth rate with its sign, so the direction reads without colour: +10%, -3%."""
    return ("+" if value > 0 else "") + numbers.percent(value)


def label_row(drawing: Drawing, title: str, figure: str) -> None:
    """Draw a row's label: the role's name (wrapped) and its figure, if any, at the right.

    The figure shares the name's last line when both fit in the chart's width.
    """
    drawing.lines(title)
    if figure:
        if len(wrap(title)[-1]) + len(figure) + 3 > CHARS:
            drawing.y += LINE
        drawing.text(WIDTH, drawing.y - 4, figure, "e")


def axis(drawing: Drawing, scale: Scale, label: Callable[[float], str]) -> None:
    """Draw an axis at the cursor with a labelled tick at each round figure; move below it."""
    y, ticks = drawing.y, scale.ticks()
    drawing.shape("ax", f"M{num(scale.left)} {num(y)}H{num(scale.left + scale.width)}"
                  + "".join(f"M{num(scale.x(t))} {num(y)}v4" for t in ticks))
    for t in ticks:
        drawing.text(scale.x(t), y + LINE, label(t), "mid")
    drawing.y += LINE + 4


def unknown_bar(drawing: Drawing, scale: Scale) -> None:
    """Draw the words that stand where a role's bar would be, when its figure is not known."""
    drawing.text(scale.left + 4, drawing.y + BAR - 3, numbers.UNKNOWN, "m")


def pay_marks(drawing: Drawing, pay: PayFigures, scale: Scale, cls: str) -> None:
    """Draw one role's pay at the cursor: range bar or percentile box, median and average."""
    y, x = drawing.y, scale.x
    if not pay.values():
        unknown_bar(drawing, scale)
    if pay.p25 is not None and pay.p75 is not None:
        if pay.p10 is not None and pay.p90 is not None:
            drawing.shape("wh", f"M{num(x(pay.p10))} {num(y + BAR / 2)}H{num(x(pay.p90))}"
                          f"M{num(x(pay.p10))} {num(y + 3)}v8M{num(x(pay.p90))} {num(y + 3)}v8")
        drawing.shape(cls, box(x(pay.p25), x(pay.p75), y, BAR))
    elif pay.low is not None and pay.high is not None:
        drawing.shape(cls, box(x(pay.low), x(pay.high), y, BAR))
    if pay.median is not None:
        drawing.shape("md", f"M{num(x(pay.median))} {num(y - 3)}v{BAR + 6}")
    if pay.average is not None:
        drawing.shape("mk", diamond(x(pay.average), y + BAR / 2))


def pay_headline(pay: PayFigures) -> str:
    """Return the figure written beside a role's name: its average, else its median."""
    if pay.average is not None:
        return f"average {numbers.money(pay.average)}"
    if pay.median is not None:
        return f"median {numbers.money(pay.median)}"
    return ""


def pay_words(title: str, pay: PayFigures) -> str:
    """Return one role's pay in words, for the chart's description."""
    said = []
    if pay.p25 is not None and pay.p75 is not None:
        said.append(f"middle half {numbers.money_range(pay.p25, pay.p75)}")
    if pay.p10 is not None and pay.p90 is not None:
        said.append(f"10th to 90th percentile {numbers.money_range(pay.p10, pay.p90)}")
    if pay.low is not None and pay.high is not None:
        said.append(numbers.money_range(pay.low, pay.high))
    for name, value in (("median", pay.median), ("average", pay.average)):
        if value is not None:
            said.append(f"{name} {numbers.money(value)}")
    return f"{title} {', '.join(said) or numbers.UNKNOWN}"


Key = tuple[str, Callable[[float, float], str], str]  # class, shape at (x, y), words


def swatch_key(x: float, y: float) -> str:
    """Return a key's box standing on the baseline y."""
    return box(x, x + 12, y - 10, 10)


def whisker_key(x: float, y: float) -> str:
    """Return a key's whisker: a line with an end mark either side."""
    return f"M{num(x)} {num(y - 5)}h12M{num(x)} {num(y - 9)}v8M{num(x + 12)} {num(y - 9)}v8"


def median_key(x: float, y: float) -> str:
    """Return a key's median mark: an upright line."""
    return f"M{num(x + 6)} {num(y - 13)}v13"


def average_key(x: float, y: float) -> str:
    """Return a key's average mark: a diamond."""
    return diamond(x + 6, y - 5)


def pay_keys(pays: tuple[PayFigures, PayFigures]) -> list[Key]:
    """Return a key for each kind of mark the pay chart draws, and only those."""
    keys: list[Key] = []
    if any(p.has_box for p in pays):
        keys += [("k", swatch_key, "25th-75th percentile"), ("wh", whisker_key, "10th-90th")]
    if any(not p.has_box and p.low is not None for p in pays):
        keys.append(("k", swatch_key, "salary range"))
    if any(p.median is not None for p in pays):
        keys.append(("md", median_key, "median"))
    if any(p.average is not None for p in pays):
        keys.append(("mk", average_key, "average"))
    return keys


def legend(drawing: Drawing, keys: list[Key]) -> None:
    """Draw keys (a shape, then its words) flowed along lines below the cursor."""
    x, y = 0.0, drawing.y + LINE - 2
    for cls, shape, words in keys:
        width = 32 + 7.5 * len(words)
        if x and x + width > WIDTH:
            x, y = 0.0, y + LINE
        drawing.shape(cls, shape(x, y))
        drawing.text(x + 18, y, words, "m")
        x += width
    drawing.y = y + 6


def pay_chart(a: Role, b: Role) -> Markup | None:
    """Return both roles' pay on one axis in USD a year, or None when neither gives any."""
    return draw_pay((a.title, b.title), (pay_figures(a), pay_figures(b)))


def draw_pay(titles: tuple[str, str], pays: tuple[PayFigures, PayFigures]) -> Markup | None:
    """Return the pay chart of two roles from their titles and figures (USD a year), or None."""
    values = pays[0].values() + pays[1].values()
    if not values:
        return None
    scale, drawing = nice_scale(values, PAD, WIDTH - 2 * PAD), Drawing()
    for title, pay, cls in zip(titles, pays, "ab", strict=True):
        label_row(drawing, title, pay_headline(pay))
        drawing.y += 4
        pay_marks(drawing, pay, scale, cls)
        drawing.y += BAR + 10
    axis(drawing, scale, money_tick)
    legend(drawing, pay_keys(pays))
    said = "; ".join(pay_words(t, p) for t, p in zip(titles, pays, strict=True))
    desc = f"US dollars a year, on one axis: {said}. The figures are in the Salary table."
    return document("chart-pay", "Pay of both roles", desc, drawing)


def growth_chart(a: Role, b: Role) -> Markup | None:
    """Return both roles' projected growth (percent) on one axis with zero marked, or None.

    A bar runs from zero: right for growth, left for shrinking.
    """
    rates = a.outlook.growth_rate, b.outlook.growth_rate
    known = [r for r in rates if r is not None]
    if not known:
        return None
    scale, drawing = nice_scale(known, PAD, WIDTH - 2 * PAD, zero=True), Drawing()
    zero = num(scale.x(0))
    for role, rate, cls in ((a, rates[0], "a"), (b, rates[1], "b")):
        label_row(drawing, role.title, "" if rate is None else signed_percent(rate))
        drawing.y += 4
        if rate is None:
            unknown_bar(drawing, scale)
        else:  # zero is marked across each bar, never through the labels or the words
            drawing.shape("zero", f"M{zero} {num(drawing.y - 3)}V{num(drawing.y + BAR + 3)}")
            drawing.shape(cls, box(scale.x(0), scale.x(rate), drawing.y, BAR))
        drawing.y += BAR + 10
    drawing.shape("zero", f"M{zero} {num(drawing.y - 10)}V{num(drawing.y)}")
    axis(drawing, scale, numbers.percent)
    said = "; ".join(f"{r.title} {numbers.UNKNOWN if v is None else signed_percent(v)}"
                     for r, v in zip((a, b), rates, strict=True))
    desc = f"Percent, on one axis with zero marked: {said}. The figures are in the Overview table."
    return document("chart-growth", "Projected job growth of both roles", desc, drawing)


@dataclass(frozen=True, slots=True)
class Chart:
    """One picture of a comparison page: its name (for ids and CSS), caption and SVG."""

    name: str
    caption: str
    svg: Markup


@dataclass(frozen=True, slots=True)
class PairCharts:
    """The pictures of a comparison page, and a sentence naming those neither role allows."""

    drawn: tuple[Chart, ...]
    missing: str


CHARTS = (("pay", "Pay, US dollars a year", "pay", pay_chart),
          ("growth", "Projected job growth", "growth", growth_chart),
          ("skills", "Skills", "skills", skills_chart),
          ("people", "Gender and race", "demographics", demographics_chart))


def pair_charts(a: Role, b: Role) -> PairCharts:
    """Return the comparison's pictures; a picture neither role has figures for is named."""
    drawn, missing = [], []
    for name, caption, words, draw in CHARTS:
        svg = draw(a, b)
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
