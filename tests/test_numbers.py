"""Figures as people read them."""

from __future__ import annotations

import pytest

from versus.engine import numbers


@pytest.mark.parametrize(("value", "text"), [
    (91598, "$91,598"), (44.04, "$44.04"), (61487.0, "$61,487"), (29.5, "$29.50"),
    (1_250_000, "$1,250,000"), (0.5, "$0.50"), (12.999, "$13"),
])
def test_money(value: float, text: str) -> None:
    assert numbers.money(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (10, "10%"), (56.9, "56.9%"), (-3, "-3%"), (0, "0%"), (17.0, "17%"), (0.04, "0%"), (-0.04, "0%"),
])
def test_percent(value: float, text: str) -> None:
    assert numbers.percent(value) == text


def test_shares_in_one_cell_share_their_decimals() -> None:
    assert numbers.percents([61.7, 17.0, 9.6]) == ["61.7%", "17.0%", "9.6%"]
    assert numbers.percents([50, 50.0]) == ["50%", "50%"]


@pytest.mark.parametrize(("value", "text"), [(128995, "128,995"), (376894.0, "376,894"), (7, "7")])
def test_count(value: float, text: str) -> None:
    assert numbers.count(value) == text


@pytest.mark.parametrize(("span", "text"), [
    ((4, 6), "4-6 years"), ((1, 2), "1-2 years"), ((1, 1), "1 year"), ((2, 2), "2 years"),
    ((0.5, 1), "0.5-1 year"), ((6, 6.0), "6 years"),
])
def test_years(span: tuple[float, float], text: str) -> None:
    assert numbers.years(span) == text


def test_range_and_rating() -> None:
    assert numbers.money_range(64000, 130000) == "$64,000 to $130,000"
    assert numbers.money_range(50000, 50000) == "$50,000"
    assert numbers.rating(5) == "5/5"
    assert numbers.rating(4.25) == "4.2/5"
    assert numbers.number(44.0) == "44" and numbers.number(1234.56) == "1,234.6"


def test_shares_keep_the_precision_the_role_file_gives() -> None:
    assert numbers.shares_as_given([37.0, 63.0]) == ["37.0%", "63.0%"]
    assert numbers.shares_as_given([37, 63]) == ["37%", "63%"]
    assert numbers.shares_as_given([69.4, 30]) == ["69.4%", "30.0%"]  # one distribution, one precision
    assert numbers.shares_as_given([12.25, 87.75]) == ["12.25%", "87.75%"]
    assert numbers.percent_as_given(65) == "65%"
    assert numbers.percent_as_given(65.0) == "65.0%"
