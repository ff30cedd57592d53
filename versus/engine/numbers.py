"""Figures as people read them: $91,598, $44.04, 10%, 128,995, 4-6 years."""

from __future__ import annotations

from collections.abc import Iterable

UNKNOWN = "not known"


def number(value: float, decimals: int = 1) -> str:
    """Return `value` with thousands separators and at most `decimals` decimals, no trailing .0."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def count(value: float) -> str:
    """Return a whole count: 128,995."""
    return f"{round(value):,}"


def money(value: float) -> str:
    """Return dollars, with cents only when the amount has them: $91,598, $44.04."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    if round(value, 2) == round(value):
        return f"{sign}${round(value):,}"
    return f"{sign}${value:,.2f}"


def money_range(low: float, high: float) -> str:
    """Return a salary range: $64,000 to $130,000 (one figure when both ends agree)."""
    if low == high:
        return money(low)
    return f"{money(low)} to {money(high)}"


def percent(value: float) -> str:
    """Return a share or rate: 10%, 56.9%, -3%."""
    return f"{number(value)}%"


def percents(values: Iterable[float]) -> list[str]:
    """Return shares with a common number of decimals, so one cell reads evenly: 17.0%, 61.7%."""
    values = list(values)
    decimals = 1 if any(round(v, 1) != round(v) for v in values) else 0
    return [f"{v:,.{decimals}f}%" for v in values]


def years(span: tuple[float, float]) -> str:
    """Return a span of years: 4-6 years, 1 year, 1.5 years."""
    low, high = span
    unit = "year" if high == 1 else "years"
    if low == high:
        return f"{number(low)} {unit}"
    return f"{number(low)}-{number(high)} {unit}"


def rating(value: float) -> str:
    """Return a satisfaction rating out of five: 4.2/5."""
    return f"{number(value)}/5"


def decimals_given(value: float) -> int:
    """Return how many decimals a figure was written with: 0 for 37, 1 for 37.0 or 69.4."""
    if isinstance(value, int):
        return 0
    fraction = repr(float(value)).partition(".")[2]
    return len(fraction) if fraction.isdigit() else 1  # 1e-05 and the like: keep one


def shares_as_given(values: Iterable[float]) -> list[str]:
    """Return the shares of one distribution, all with the most decimals any was given with.

    `Male: 37.0` beside `Female: 63` reads "37.0%" and "63.0%": one distribution, one precision,
    and none dropped.
    """
    values = list(values)
    decimals = max((decimals_given(v) for v in values), default=0)
    return [f"{v:,.{decimals}f}%" for v in values]


def percent_as_given(value: float) -> str:
    """Return one share with the decimals it was given with: 65%, 65.0%, 12.25%."""
    return shares_as_given([value])[0]
