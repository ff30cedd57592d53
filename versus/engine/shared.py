"""What two roles of a comparison share, said once: their sources, or text figures such as
the highest paying city. Decided per pair by comparing strings prepared once per role."""

from __future__ import annotations

import functools
from collections.abc import Container

from markupsafe import Markup

from .markup import as_html, escaped, fill, html_markup
from .prepare import UNKNOWN, PreparedRole, sources_note

Field = tuple[str, str]  # (label, cell key)
NOTHING = Markup("")  # made once: markupsafe's `Markup.__new__` runs in Python


def pair_sources(a: PreparedRole, b: PreparedRole) -> Markup:
    """Return the sources lines of a comparison, one <p class="sources"> each: once when
    both roles have the same; else the sources both have, then each role's own under its
    title. Nothing when neither role names a source or a date."""
    if a.sources == b.sources:
        return _line(a.sources)
    theirs = set(b.source_items)
    both = tuple(s for s in a.source_items if s in theirs)
    if not both:
        return html_markup(f"{_line(a.sources, a.title)}{_line(b.sources, b.title)}")
    same_date = a.checked == b.checked
    lines = [_line(sources_note(both, a.checked if same_date else NOTHING,
                                "Sources for both roles"))]
    for role, other in ((a, b), (b, a)):
        known = set(other.source_items)
        own = tuple(s for s in role.source_items if s not in known)
        checked = NOTHING if same_date else role.checked
        lines.append(_line(sources_note(own, checked, f"{role.title} also")) if own else
                     _line(checked, role.title))
    return html_markup("".join(lines))  # each is markup: no escaping of each again


def pair_credits(a: PreparedRole, b: PreparedRole) -> Markup:
    """Return the attribution lines of a comparison, one <p class="credit"> each: both roles'
    in order, each line once, lines differing only in case counted as one (as Jinja's
    `unique` filter, which the template used). Nothing when neither role has any."""
    if not a.credits and not b.credits:
        return NOTHING
    seen: set[str] = set()
    lines = []
    for line in a.credits + b.credits:
        key = line.lower()
        if key not in seen:
            seen.add(key)
            lines.append(f'<p class="credit">{as_html(line)}</p>\n')
    return html_markup("".join(lines))


def _line(text: Markup, title: str = "") -> Markup:
    if not text:
        return NOTHING
    if title:
        return fill('<p class="sources">{}: {}</p>\n', title, text)
    return fill('<p class="sources">{}</p>\n', text)


def split_shared(a: PreparedRole, b: PreparedRole, fields: list[Field],
                 shareable: Container[str]) -> tuple[list[Field], list[Field]]:
    """Return (fields to show per role, fields whose text both roles give alike), in order:
    only keys in `shareable` are said once, and only when both roles know the same."""
    apart: list[Field] = []
    alike: list[Field] = []
    for label, key in fields:
        cell = a.cells[key]
        same = key in shareable and cell != UNKNOWN and cell == b.cells[key]
        (alike if same else apart).append((label, key))
    return apart, alike


def alike_sentence(a: PreparedRole, alike: list[Field]) -> Markup:
    """Return the figures both roles give alike in one paragraph, or nothing: "For both
    roles, highest paying city: Seattle, WA; best paying company: Amazon." """
    return html_markup(alike_text(a, alike))


def alike_text(a: PreparedRole, alike: list[Field]) -> str:
    """Return `alike_sentence` as a plain string of HTML, for a section to join."""
    if not alike:
        return ""
    # Cells are Markup: joined rather than formatted (see `tables`), each a copy in an f-string.
    said = "; ".join(["".join((_within(label), ": ", as_html(a.cells[key])))
                      for label, key in alike])
    return f"<p>For both roles, {said}.</p>\n"


@functools.cache
def _within(label: str) -> str:
    """Return a table's label as said within a sentence, escaped: once per label."""
    return escaped(lower_first(label))


def lower_first(label: str) -> str:
    """Return a table's label as said within a sentence: "Yearly salary" -> "yearly salary"."""
    # Labels are title-like ("Highest paying city", "LGBT"): lower only a capital before lower case.
    return label[0].lower() + label[1:] if label[1:2].islower() else label
