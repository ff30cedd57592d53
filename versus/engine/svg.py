"""Small pieces of inline SVG for the charts: scales, text, boxes and the document around them.

Coordinates are in the chart's own units (its viewBox is WIDTH wide); the page scales the
drawing to its column, so a chart is as legible on a 375 px phone as on a laptop.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 360  # viewBox units; at 375 px a unit is about a CSS pixel
LINE = 16  # height of a line of text, for 13-unit text (style.css)
CHARS = 44  # characters of 13-unit text that fit in WIDTH, wide letters allowed for


def num(value: float) -> str:
    """Return a coordinate rounded to a whole unit: at 375 px a unit is about a pixel."""
    return str(round(value))  # an int: never "-0"


@functools.lru_cache(maxsize=8192)
def escaped(content: str) -> str:
    """Return text escaped for SVG, once per distinct text: titles recur on many pages."""
    return str(escape(content))


@dataclass(frozen=True, slots=True)
class Scale:
    """A linear axis: figures from `lo` to `hi` drawn from x = `left` to `left + width`."""

    lo: float
    hi: float
    step: float
    left: float
    width: float

    def x(self, value: float) -> float:
        """Return the x coordinate of `value` on this axis."""
        return self.left + (value - self.lo) / (self.hi - self.lo) * self.width

    def ticks(self) -> list[float]:
        """Return the round figures from `lo` to `hi`, one `step` apart."""
        count = round((self.hi - self.lo) / self.step)
        return [self.lo + i * self.step for i in range(count + 1)]


def nice_step(span: float, ticks: int) -> float:
    """Return a round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` steps."""
    raw = span / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def nice_scale(values: Iterable[float], left: float, width: float, ticks: int = 4,
               zero: bool = False) -> Scale:
    """Return an axis from a round figure below the smallest value to one above the largest.

    With `zero`, the axis always holds 0 (growth: shrinking and growing either side of it).
    """
    found = list(values) + ([0.0] if zero else [])
    lo, hi = min(found), max(found)
    if hi == lo:  # one figure, or equal ones: give them room either side
        lo, hi = (lo - 1, hi + 1) if lo == 0 else (lo - abs(lo) / 10, hi + abs(hi) / 10)
    step = nice_step(hi - lo, ticks)
    start, stop = math.floor(lo / step) * step, math.ceil(hi / step) * step
    return Scale(start, stop, step, left, width)


def box(x0: float, x1: float, y: float, height: float) -> str:
    """Return path data for a rectangle from x0 to x1 (either order), `height` tall from y."""
    left, right = min(x0, x1), max(x0, x1)
    return f"M{num(left)} {num(y)}H{num(right)}V{num(y + height)}H{num(left)}Z"


def diamond(x: float, y: float) -> str:
    """Return path data for a diamond 10 wide and 12 tall centred on (x, y)."""
    return f"M{num(x)} {num(y - 6)}l5 6-5 6-5-6z"


# Shapes are gathered per CSS class into one path each; later classes are drawn on top.
LAYERS = ("a", "b", "k", "wh", "ax", "zero", "md", "mk")


class Drawing:
    """A chart being drawn, top to bottom: its shapes by class, its texts and a y cursor.

    One <path> per class and one <g> per text class keep a chart to about a kilobyte.
    """

    def __init__(self) -> None:
        self.y = 0.0
        self.shapes: dict[str, list[str]] = {}
        self.texts: dict[str, list[str]] = {}

    def shape(self, cls: str, data: str) -> None:
        """Add path data drawn with the CSS class `cls` (one of LAYERS)."""
        self.shapes.setdefault(cls, []).append(data)

    def text(self, x: float, y: float, content: str, cls: str = "") -> None:
        """Add a text at (x, y), escaped: role text is untrusted."""
        self.texts.setdefault(cls, []).append(
            f'<text x="{num(x)}" y="{num(y)}">{escaped(content)}</text>')

    def lines(self, content: str, chars: int = 0, most: int = 2, cls: str = "") -> int:
        """Add `content` wrapped at the cursor from x = 0, move below it; return its lines."""
        wrapped = wrap(content, chars or CHARS, most)
        for line in wrapped:
            self.y += LINE
            self.text(0, self.y - 4, line, cls)
        return len(wrapped)

    def body(self) -> str:
        """Return the shapes, bottom layer first, then the texts."""
        paths = "".join(f'<path class="{cls}" d="{"".join(self.shapes[cls])}"/>'
                        for cls in LAYERS if cls in self.shapes)
        texts = "".join("".join(found) if not cls else f'<g class="{cls}">{"".join(found)}</g>'
                        for cls, found in sorted(self.texts.items()))
        return paths + texts


@functools.lru_cache(maxsize=8192)
def wrap(content: str, chars: int = CHARS, lines: int = 2) -> tuple[str, ...]:
    """Return `content` broken at spaces into at most `lines` lines of about `chars`.

    SVG text does not wrap by itself; a cut line ends with an ellipsis.
    """
    out: list[str] = []
    for word in content.split():
        if out and len(out[-1]) + 1 + len(word) <= chars:
            out[-1] += " " + word
        else:
            out.append(word)
    out = [line if len(line) <= chars else line[:chars - 1] + "…" for line in out]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:chars - 1].rstrip() + "…"
    return tuple(out) or ("",)


def document(name: str, title: str, desc: str, drawing: Drawing) -> Markup:
    """Return an inline <svg> chart with its title and description, for screen readers.

    `name` makes the ids of its title and description, unique within a page.
    """
    return Markup(
        f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {num(drawing.y)}" role="img" '
        f'aria-labelledby="{name}-t" aria-describedby="{name}-d">'
        f'<title id="{name}-t">{escaped(title)}</title><desc id="{name}-d">{escape(desc)}</desc>'
        f"{drawing.body()}</svg>")
