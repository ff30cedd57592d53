"""The answer first: which of two roles is ahead on pay, growth, jobs, time and education.

Pure functions from the role files' figures to plain English, and its list as HTML (the text
escaped there). A figure either role lacks is said to be unknown, never guessed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

import msgspec
from markupsafe import Markup

from . import numbers
from .differ import Side, has_figures
from .markup import as_html, escaped, html_markup
from .model import Role
from .prose import capital, jobs_for, pay_gap, role_words, trend

# A role's own figures are said on every one of its comparisons: each is formatted once.
# Figures of a pair (a gap, a ratio) are formatted by `numbers` as they come.
_money, _percent, _count, _years = (functools.lru_cache(maxsize=4096)(say) for say in (
    numbers.money, numbers.percent, numbers.count, numbers.years))


class Line(msgspec.Struct, frozen=True):
    """One point of the verdict: "Pay", and who is ahead by how much."""

    topic: str  # Pay
    text: str  # Customer Support Manager earns $30,111 (49%) more a year: ...
    ahead: Side | None = None  # the role the sentence favours, for colour only
    known: bool = True  # False: neither role gives the figure (a site may leave it unsaid)


class Verdict(msgspec.Struct, frozen=True):
    """The short verdict that opens a comparison page, under its title."""

    note: str | None  # said once when a role has no figures at all
    lines: tuple[Line, ...]


def pair_verdict(a: Role, b: Role, known: tuple[bool, bool] | None = None) -> Verdict:
    """Return the verdict on `a` against `b`: a line per topic, or one note if nothing is known.

    When one role has no figures, the note says so once and the lines give the other's alone.
    `known` says whether each role has any figure (`has_figures`), when already known.
    """
    known_a, known_b = known if known is not None else (has_figures(a), has_figures(b))
    if not known_a and not known_b:
        return Verdict("No figures are known for either role yet.", ())
    lines = tuple([topic(a, b) for topic in TOPICS])  # a list: no generator resumed a line
    if known_a and known_b:
        return Verdict(None, lines)
    missing = a if not known_a else b
    kept = tuple(line for line in lines if not line.text.endswith("either role."))
    unknown = f"; not known for {missing.title}."
    return Verdict(f"No figures are known for {missing.title} yet.", tuple(
        Line(line.topic, line.text.removesuffix(unknown) + ".") if line.text.endswith(unknown)
        else line for line in kept))


EVEN = ' class="even"'  # on a line that favours neither role: no accent colour


def verdict_list(lines: Sequence[Line], show_unknown: bool = True) -> Markup:
    """Return the verdict's lines as a <dl>: a <div> of topic and text a line (end tags the
    parser supplies left out), of class "even" when the line favours neither role; a line
    neither role knows only if `show_unknown`.

    Joined here rather than by a loop in the template, which pays a lookup or a call for
    every name and value of every line.
    """
    items = "".join([f"<div{'' if line.ahead else EVEN}><dt>{escaped(line.topic)}"
                     f"<dd>{as_html(line.text)}</div>"
                     for line in lines if show_unknown or line.known])
    return html_markup(f"<dl>{items}</dl>\n")


def one_side(topic: str, role: Role, shown: str, other: Role) -> Line:
    """Return a line for a figure only `role` gives."""
    return Line(topic, f"{role.title}: {shown}; not known for {other.title}.")


def neither(topic: str) -> Line:
    """Return a line for a figure neither role gives."""
    return Line(topic, "Not known for either role.", known=False)


def pay_line(a: Role, b: Role) -> Line:
    """Return who earns more, comparing averages, or medians when only both medians are known,
    or hourly averages when only both of those are (wages published by the hour)."""
    sa, sb = _wages(a), _wages(b)
    measure, per, va, vb = "on average", "a year", sa[0], sb[0]
    if (va is None or vb is None) and None not in (sa[1], sb[1]):
        measure, va, vb = "at the median", sa[1], sb[1]
    if (va is None or vb is None) and None not in (sa[2], sb[2]):
        measure, per, va, vb = "on average", "an hour", sa[2], sb[2]
    if va is None or vb is None:
        return _one_pay(a, b)
    if va == vb:
        return Line("Pay", f"Both earn {_money(va)} {per} {measure}.")
    (hi, h), (_, low) = _ordered(a, va, b, vb)
    more = pay_gap(h - low, low) if low > 0 else numbers.money(h - low)
    return Line("Pay", f"{capital(a_title(hi))} earns {more} more {per} "
                       f"{measure}: {_money(h)} against {_money(low)}.",
                _side(hi, a))


def _one_pay(a: Role, b: Role) -> Line:
    """Return the pay line when the two roles give no figure of the same kind."""
    pa, pb = _pay(a), _pay(b)
    if pa and pb:  # an average beside a median: said, not ranked
        return Line("Pay", f"{a.title}: {pa}; {b.title}: {pb}.")
    if pa or pb:
        return one_side("Pay", a, pa, b) if pa else one_side("Pay", b, pb, a)
    return neither("Pay")


def _pay(role: Role) -> str:
    """Return the role's pay in words, the average when known, else the median, else ""."""
    yearly, median, hourly = _wages(role)
    if yearly is not None:
        return f"{_money(yearly)} a year on average"
    if median is not None:
        return f"{_money(median)} a year at the median"
    if hourly is not None:
        return f"{_money(hourly)} an hour on average"
    return ""


def _wages(role: Role) -> tuple[float | None, float | None, float | None]:
    """Return the role's yearly average, yearly median and hourly average, each None when
    not known or not above 0 (the format allows 0, but "$0 a year" is a placeholder)."""
    s = role.salary
    yearly, median, hourly = [v if v is not None and v > 0 else None
                              for v in (s.yearly, s.median, s.hourly)]
    return yearly, median, hourly


def growth_line(a: Role, b: Role) -> Line:
    """Return whose jobs are projected to grow faster, and by how many percentage points."""
    va, vb = a.outlook.growth_rate, b.outlook.growth_rate
    if va is None or vb is None:
        return _single(a, b, "Growth", lambda r: r.outlook.growth_rate,
                       lambda v: f"{_percent(v)} projected growth")
    if va == vb:
        return Line("Growth", f"Jobs for both are projected to {trend(va)}.")
    (hi, h), (_, low) = _ordered(a, va, b, vb)
    verb = "grow faster" if h > 0 else "shrink more slowly"  # of the two, the better outlook
    points = numbers.number(h - low)
    unit = "point" if points == "1" else "points"
    return Line("Growth", f"{capital(jobs_of(hi))} are projected to {verb}: "
                          f"{_percent(h)} against "
                          f"{_percent(low)}, {points} percentage {unit} apart.",
                _side(hi, a))


def times_as_many(ratio: float) -> str:
    """Return a ratio of two counts as said: a decimal under 10 ("2.4"), whole from 10 on
    ("3,083", not "3,082.7": counts rounded to hundreds carry no such precision)."""
    return numbers.number(ratio, 1 if ratio < 10 else 0)


def jobs_line(a: Role, b: Role) -> Line:
    """Return which role has more jobs, and how many times as many."""
    va, vb = a.outlook.jobs, b.outlook.jobs
    if va is None or vb is None:
        return _single(a, b, "Jobs", lambda r: r.outlook.jobs,
                       lambda v: f"{_count(v)} jobs")
    if va == vb:
        return Line("Jobs", f"Both have {_count(va)} jobs.")
    (hi, h), (_, low) = _ordered(a, va, b, vb)
    times = f", {times_as_many(h / low)} times as many" if low and h / low >= 1.5 else ""
    return Line("Jobs", f"{capital(jobs_of(hi))} are more numerous: "
                        f"{_count(h)} against {_count(low)}{times}.",
                _side(hi, a))


def time_line(a: Role, b: Role) -> Line:
    """Return which role is quicker to become, comparing the middles of the two spans."""
    sa, sb = a.years_to_become, b.years_to_become
    if sa is None or sb is None:
        return _single(a, b, "Time to become", lambda r: r.years_to_become, _years)
    ta, tb = _years(sa), _years(sb)
    if ta == tb:
        return Line("Time to become", f"Both take {ta}.")
    if sum(sa) == sum(sb):  # the same middle of the span
        return Line("Time to become", f"About as long for both: {ta} against {tb}.")
    (quick, quick_time), (slow, slow_time) = ((a, ta), (b, tb)) if sum(sa) < sum(sb) else (
        (b, tb), (a, ta))
    return Line("Time to become", f"{quick.title} is quicker to become: {quick_time}, "
                                  f"against {slow_time} for {slow.title}.", _side(quick, a))


# Degrees from least to most schooling, by a word their names use.
LEVELS = (("no formal", 0), ("high school", 1), ("certificate", 2), ("postsecondary", 2),
          ("some college", 2), ("associate", 3), ("bachelor", 4), ("master", 5),
          ("doctor", 6), ("professional", 6))


@functools.cache
def degree_level(name: str) -> int | None:
    """Return a degree's rank on the ladder of schooling, or None for a name it cannot place."""
    text = re.sub(r"\s+", " ", name.casefold())
    found = [level for word, level in LEVELS if word in text]
    return max(found) if found else None


def education_line(a: Role, b: Role) -> Line:
    """Return which role needs more schooling: typical entry education, else the usual degree."""
    if a.education.typical_entry and b.education.typical_entry:
        return _education(a, b, a.education.typical_entry, b.education.typical_entry,
                          "typically needs", "to enter")
    da, db = a.education.degree, b.education.degree
    if da and db:
        return _education(a, b, da, db, "most often holds", "")
    for role, other in ((a, b), (b, a)):
        degree = role.education.typical_entry or role.education.degree
        if degree:
            return one_side("Education", role, f"most often {_article(degree)}", other)
    return neither("Education")


def _education(a: Role, b: Role, da: str, db: str, verb: str, tail: str) -> Line:
    end = f" {tail}" if tail else ""
    if da.casefold() == db.casefold():
        return Line("Education", f"Both {verb.replace('needs', 'need').replace('holds', 'hold')}"
                                 f" {_article(da)}{end}.")
    la, lb = degree_level(da), degree_level(db)
    if la is None or lb is None or la == lb:
        return Line("Education", f"{a.title} {verb} {_article(da)}{end}; "
                                 f"{b.title} {_article(db)}.")
    more, less = ((a, da), (b, db)) if la > lb else ((b, db), (a, da))
    # Said as what it is, the education needed to enter rather than the degree most hold: the
    # "Most common degree" row below may show the same degree for both.
    basis = f" {tail}: typically" if tail else ":"
    return Line("Education", f"{capital(a_title(more[0]))} asks for more "
                             f"schooling{basis} {_article(more[1])}, against "
                             f"{_article(less[1])} for {a_title(less[0])}.",
                _side(more[0], a))


_CREDENTIAL = re.compile(r"degree|diploma|certificate|award", re.IGNORECASE)


@functools.cache  # a few dozen degree names, over every pair of a site
def _article(degree: str) -> str:
    """Return a degree as said within a sentence, with its article: "a bachelor's degree",
    "an associate degree", "some college, no degree" (acronyms keep their capitals)."""
    degree = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in degree.split())
    if not _CREDENTIAL.search(degree):
        return degree  # "no formal educational credential"
    if degree.startswith(("no ", "some ")):
        return degree
    return ("an " if degree[:1] in "aeiou" else "a ") + degree


def a_title(role: Role) -> str:
    """Return the role's title with its article: "a Support Lead"."""
    return _names(role.title, role.title_plural)[0]


def jobs_of(role: Role) -> str:
    """Return "jobs for Support Leads", or "jobs as a ..." when no plural is known."""
    return _names(role.title, role.title_plural)[1]


@functools.cache  # once a role, not once a pair
def _names(title: str, title_plural: str | None) -> tuple[str, str]:
    words = role_words(Role(slug="x", title=title, title_plural=title_plural))
    return words.a_title, jobs_for(words)


TOPICS: tuple[Callable[[Role, Role], Line], ...] = (
    pay_line, growth_line, jobs_line, time_line, education_line)


def _single(a: Role, b: Role, topic: str, get: Callable[[Role], Any],
            shown: Callable[[Any], str]) -> Line:
    for role, other in ((a, b), (b, a)):
        value = get(role)
        if value is not None:
            return one_side(topic, role, shown(value), other)
    return neither(topic)


def _ordered(a: Role, va: float, b: Role, vb: float) -> tuple[tuple[Role, float],
                                                               tuple[Role, float]]:
    """Return (higher role, its figure), (lower role, its figure)."""
    return ((a, va), (b, vb)) if va > vb else ((b, vb), (a, va))


def _side(role: Role, a: Role) -> Side:
    return "a" if role is a else "b"

