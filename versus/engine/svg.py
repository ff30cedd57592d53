"""Small pieces of inline SVG for the charts: scales, text, boxes and the document around them.

Coordinates are in the chart's own units (its viewBox is WIDTH wide), whole numbers only; the
page scales the drawing to its column, so a chart is as legible on a 375 px phone as on a
laptop. Everything a class can carry is in style.css: colours, strokes, anchors and the x of
right-aligned text, so an element carries only its position.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Iterable

import msgspec
from markupsafe import Markup

from .markup import escaped, html_markup

WIDTH = 360  # viewBox units; at 375 px a unit is about a CSS pixel
LINE = 16  # height of a line of text, for 13-unit text (style.css)
CHARS = 44  # characters of 13-unit text that fit in WIDTH, wide letters allowed for


class Scale(msgspec.Struct, frozen=True):
    """A linear axis: figures from `lo` to `hi` drawn from x = `left` to `left + width`."""

    lo: float
    hi: float
    step: float
    left: int
    width: int

    def x(self, value: float) -> int:
        """Return the x coordinate of `value` on this axis, rounded to a whole unit."""
        return round(self.left + (value - self.lo) / (self.hi - self.lo) * self.width)

    def ticks(self) -> list[float]:
        """Return the round figures from `lo` to `hi`, one `step` apart."""
        count = round((self.hi - self.lo) / self.step)
        return [self.lo + i * self.step for i in range(count + 1)]


def nice_step(span: float, ticks: int) -> float:
    """Return a round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` steps."""
    raw = span / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def nice_scale(values: Iterable[float], left: int, width: int, ticks: int = 4,
               zero: bool = False) -> Scale:
    """Return an axis from a round figure below the smallest value to one above the largest.

    With `zero`, the axis always holds 0 (growth: shrinking and growing either side of it).
    """
    found = list(values) + ([0.0] if zero else [])
    return scale_between(min(found), max(found), left, width, ticks)


@functools.lru_cache(maxsize=4096)
def scale_between(lo: float, hi: float, left: int, width: int, ticks: int) -> Scale:
    """Return the axis of round figures around lo..hi; pairs share their ends: made once."""
    if hi == lo:  # one figure, or equal ones: give them room either side
        lo, hi = (lo - 1, hi + 1) if lo == 0 else (lo - abs(lo) / 10, hi + abs(hi) / 10)
    step = nice_step(hi - lo, ticks)
    start, stop = math.floor(lo / step) * step, math.ceil(hi / step) * step
    return Scale(start, stop, step, left, width)


def box(x0: int, x1: int, y: int, height: int) -> str:
    """Return path data for a rectangle from x0 to x1 (either order), `height` tall from y."""
    left, right = (x0, x1) if x0 <= x1 else (x1, x0)
    return f"M{left} {y}h{right - left}v{height}H{left}z"


def diamond(x: int, y: int) -> str:
    """Return path data for a diamond 10 wide and 12 tall centred on (x, y)."""
    return f"M{x} {y - 6}l5 6-5 6-5-6z"


def text(y: int, content: str, x: int = 0) -> str:
    """Return a <text> at (x, y) of content already escaped; x = 0 is SVG's own default."""
    if x:
        return f'<text x="{x}" y="{y}">{content}</text>'
    return f'<text y="{y}">{content}</text>'


def spread(y: int, cls: str, items: Iterable[tuple[int, str]]) -> str:
    """Return one <text> of `cls` at y holding several (x, escaped words) pieces.

    Each piece, placed at its own x, is a chunk of its own, anchored by the class.
    """
    pieces = "".join(f'<tspan x="{x}">{words}</tspan>' for x, words in items)
    return f'<text class="{cls}" y="{y}">{pieces}</text>'


# Shapes are gathered per CSS class into one path each; later classes are drawn on top.
LAYERS = ("a", "b", "k", "wh", "ax", "zero", "md", "mk")
# Texts are gathered per class into one <g>: "" is plain text, "e" ends at the right edge.
TEXTS = ("", "e", "h", "m")


class Part(msgspec.Struct, frozen=True):
    """A piece of a chart drawn apart (`Drawing.part`), to be added to charts as it is: its
    shapes and texts by class, in the order drawn, and the y below it."""

    shapes: tuple[tuple[str, tuple[str, ...]], ...]
    texts: tuple[tuple[str, tuple[str, ...]], ...]
    y: int


class Drawing:
    """A chart being drawn, top to bottom: its shapes and texts by class, and a y cursor."""

    __slots__ = ("shapes", "texts", "y")

    def __init__(self, y: int = 0) -> None:
        self.y = y
        # A class's list is made on its first use: a loop drawing many appends to it directly.
        self.shapes: defaultdict[str, list[str]] = defaultdict(list)
        self.texts: defaultdict[str, list[str]] = defaultdict(list)

    def shape(self, cls: str, data: str) -> None:
        """Add path data drawn with the CSS class `cls` (one of LAYERS)."""
        self.shapes[cls].append(data)

    def text(self, cls: str, element: str) -> None:
        """Add a <text> element (`text` or `spread`) to the group of class `cls` (TEXTS)."""
        self.texts[cls].append(element)

    def part(self) -> Part:
        """Return what was drawn as a part that `add` adds to another drawing."""
        return Part(tuple((cls, tuple(items)) for cls, items in self.shapes.items()),
                    tuple((cls, tuple(items)) for cls, items in self.texts.items()), self.y)

    def add(self, part: Part) -> None:
        """Add a part drawn apart at the cursor (its shapes over those of their class drawn
        before, its texts after theirs), and move below it."""
        shapes, texts = self.shapes, self.texts
        for cls, items in part.shapes:
            shapes[cls].extend(items)  # not +=, which stores the list back in the dict
        for cls, items in part.texts:
            texts[cls].extend(items)
        self.y = part.y

    def lines(self, content: str, chars: int = CHARS, most: int = 2, cls: str = "") -> int:
        """Add `content` wrapped at the cursor from x = 0, move below it; return its lines."""
        wrapped = wrap(content, chars, most)
        for line in wrapped:
            self.y += LINE
            self.text(cls, text(self.y - 4, escaped(line)))
        return len(wrapped)

    def body(self) -> str:
        """Return the shapes, bottom layer first, then the texts."""
        # Lists joined rather than generators: three charts a comparison page.
        shapes, texts = self.shapes, self.texts
        out = [f'<path class="{cls}" d="{"".join(shapes[cls])}"/>'
               for cls in LAYERS if cls in shapes]
        out += ["".join(texts[cls]) if not cls else f'<g class="{cls}">{"".join(texts[cls])}</g>'
                for cls in TEXTS if cls in texts]
        return "".join(out)


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


def document(title: str, desc: str, drawing: Drawing) -> Markup:
    """Return an inline <svg> chart, its title and description escaped here.

    A role="img" takes its accessible name from its first <title> and its description from
    its <desc> (SVG-AAM), so neither needs an id.
    """
    return html_markup(f'<svg viewBox="0 0 {WIDTH} {drawing.y}" role="img"><title>{escaped(title)}'
                  f"</title><desc>{escaped(desc)}</desc>{drawing.body()}</svg>")
