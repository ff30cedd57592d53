"""The figure tables of role and comparison pages, joined from cells prepared once per role.

A comparison table is a real table with a row header per figure. On a phone the stylesheet
lays each row out as a grid: the label on its own line, the two roles' figures side by side
under it, so nothing scrolls sideways. Chromium keeps a table's semantics whatever its
`display` (tests/test_layout.py reads its accessibility tree on a phone), and a `th` that
starts a body row is its row header, so the cells carry no `role` or `scope` of their own.

Tables are joined here rather than in a template loop: they are the hottest spot of a large
build, and every cell is already escaped. They leave out the end tags HTML lets a parser infer
(`</td>`, `</th>`, `</tr>`, `</thead>`, `</tbody>`): the same table, about 20 bytes a row
lighter, which a site of 350,000 comparisons feels.

A row is joined from its pieces rather than written as an f-string: its cells are `Markup`,
which an f-string formats through `Markup.__format__` (a call, and a copy of the cell), three
times the cost of joining them. The same holds wherever markup is put into text on a page.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from markupsafe import Markup

from .differ import (
    HIGHER_WORDS,
    RowOutcome,
    compare_row,
    count_differences,
    differ_sentence,
)
from .markup import as_html, escaped, fill, html_markup
from .prepare import UNKNOWN, PreparedRole
from .shared import (
    NOTHING,
    alike_text,
    lower_first,
    pair_credits,
    pair_sources,
    split_shared,
)

Field = tuple[str, str]  # (label, cell key)
# The figures of the format's first version: a role that lacks one is missing it. Figures
# added for imported data (percentiles, demographics by survey...) are never "not known".
FIRST_FIGURES = frozenset({"yearly", "hourly", "range", "city", "state", "company", "industry",
                           "growth", "jobs", "satisfaction", "years_to_become", "experience",
                           "degree", "major", "college", "age", "gender", "race", "lgbt"})


def pair_section(a: PreparedRole, b: PreparedRole, title: str,
                 fields: Sequence[Field], notes: str | None = None,
                 once: Sequence[str] = ()) -> Markup:
    """Return a section with a table of the figures either role knows, or nothing at all.

    A section that neither role fills is left out rather than saying so. `notes` names a
    PreparedRole attribute holding a line to show under the table ("pay_note"). Fields
    whose key is in `once` and whose text both roles give alike leave the table for one
    sentence under it ("For both roles, highest paying city: Seattle, WA.").
    """
    shown = known_fields(fields, a, b)
    if not shown:
        return NOTHING
    sides = _sides(a, b)
    alike: list[Field] = []
    if len(sides) == 2 and once:
        shown, alike = split_shared(a, b, shown, once)
    rows = _rows(shown, sides)
    lines = alike_text(a, alike) if alike else ""
    if notes:
        lines += notes_text(a, b, (getattr(a, notes),), (getattr(b, notes),))
    return _section(title, "", (_table(title, sides, rows) if rows else "") + lines)


def overview_section(a: PreparedRole, b: PreparedRole, title: str,
                     fields: Sequence[Field]) -> Markup:
    """Return the overview: each row marks the higher figure, and a line counts what differs."""
    shown = known_fields(fields, a, b)
    if not shown:
        return NOTHING
    if len(_sides(a, b)) == 1:  # nothing to compare: the one role's figures, as elsewhere
        return pair_section(a, b, title, fields)
    cells_a, cells_b, role_a, role_b = a.cells, b.cells, a.role, b.role
    outcomes: list[RowOutcome] = []
    rows: list[str] = []
    for label, key in shown:
        outcome = compare_row(key, role_a, role_b, cells_a, cells_b, UNKNOWN)
        outcomes.append(outcome)
        mark = _mark(key) if outcome.ahead else ""
        after = (mark, "") if outcome.ahead == "a" else ("", mark)  # the higher figure's
        rows += ("<tr><th>", _label(label), "<td>", cells_a[key], after[0],
                 "<td>", cells_b[key], after[1])
    count = differ_sentence(count_differences(outcomes))
    lead = f'<p class="differ">{as_html(count)}</p>\n'
    return _section(title, lead, _table(title, (a, b), "".join(rows)))


def pair_notes(a: PreparedRole, b: PreparedRole, notes_a: Sequence[str],
               notes_b: Sequence[str]) -> Markup:
    """Return the notes under a part of a comparison, one <p class="note"> each: said once
    when both roles have the same notes, else each under its role's title. Empty notes are
    left out."""
    return html_markup(notes_text(a, b, notes_a, notes_b))


def notes_text(a: PreparedRole, b: PreparedRole, notes_a: Sequence[str],
               notes_b: Sequence[str]) -> str:
    """Return `pair_notes` as a plain string of HTML, for a section to join."""
    if tuple(notes_a) == tuple(notes_b):
        return "".join([f'<p class="note">{as_html(n)}</p>\n' for n in notes_a if n])
    return "".join([f'<p class="note">{escaped(r.title)}: {as_html(n)}</p>\n'
                    for r, notes in ((a, notes_a), (b, notes_b)) for n in notes if n])


def known_fields(fields: Sequence[Field], a: PreparedRole, b: PreparedRole) -> list[Field]:
    """Return the fields at least one of the two roles gives a figure for."""
    cells_a, cells_b = a.cells, b.cells
    return [(label, key) for label, key in fields
            if cells_a[key] != UNKNOWN or cells_b[key] != UNKNOWN]


@functools.cache
def _mark(key: str) -> str:
    """Return what follows the higher figure of the row of cell `key` in an overview:
    " <mark>higher</mark>", or the word that reads better for the figure."""
    return f" <mark>{_label(HIGHER_WORDS.get(key, 'higher'))}</mark>"


def _sides(a: PreparedRole, b: PreparedRole) -> tuple[PreparedRole, ...]:
    """Return the roles a table has a column for: a role with no figure at all gets none.

    Its having none is said once, in the verdict, rather than in every row.
    """
    if a.has_figures == b.has_figures:
        return (a, b)
    return (a,) if a.has_figures else (b,)


def _rows(fields: Sequence[Field], sides: tuple[PreparedRole, ...]) -> str:
    """Return a row per field: its label, then each side's cell. HTML closes a cell at the
    next cell or row and a row at the next row or the table's end: the end tags it would
    infer are left out (see the module's docstring).

    Written out for one side and for two: a table of two roles is on every comparison page,
    and a call and a list per row were a tenth of its work. Joined from pieces: see the
    module's docstring.
    """
    pieces: list[str] = []
    if len(sides) == 2:
        cells_a, cells_b = sides[0].cells, sides[1].cells
        for label, key in fields:
            pieces += ("<tr><th>", _label(label), "<td>", cells_a[key], "<td>", cells_b[key])
    else:
        cells = sides[0].cells
        for label, key in fields:
            pieces += ("<tr><th>", _label(label), "<td>", cells[key])
    return "".join(pieces)


def _table(title: str, sides: tuple[PreparedRole, ...], rows: str) -> str:
    # The section's heading names the table: no caption repeats it, and the corner is empty.
    # <tbody> ends the head, </table> the body.
    heads = "".join([f"<th>{escaped(r.title)}" for r in sides])
    one = " one-role" if len(sides) == 1 else ""
    return (f'<table class="compare{one}" aria-labelledby="{section_id(title)}">'
            f"<thead><tr><td>{heads}<tbody>{rows}</table>\n")


def _section(title: str, lead: str, table: str) -> Markup:
    return html_markup(f'<section>\n<h2 id="{section_id(title)}">{_label(title)}</h2>\n'
                  f"{lead}{table}</section>\n")


@functools.cache
def section_id(title: str) -> str:
    """Return the id of a table section's heading: "Who does the job" -> "who-does-the-job"."""
    return re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-") or "figures"


@functools.cache
def _label(text: str) -> str:
    """Return a template's label escaped, once per label rather than once per page: as text,
    not Markup, which an f-string would copy through `Markup.__format__` on every page."""
    return as_html(text)


def role_figures(role: PreparedRole, fields: Sequence[Field],
                 show_unknown: bool = True) -> Markup:
    """Return a role's known figures as a table, then one line naming the figures not known
    (unless not `show_unknown`: a site whose sources fill only some fields).

    A role with no figures at all says so once instead of listing each as not known.
    """
    known = [(label, key) for label, key in fields if role.cells[key] != UNKNOWN]
    if not known:
        return Markup('<p class="na">No figures are known for this role yet.</p>\n')
    rows = _rows(known, (role,))
    table = f'<table class="figures" aria-label="Key figures"><tbody>{rows}</table>\n'
    missing = [label for label, key in fields
               if role.cells[key] == UNKNOWN and key in FIRST_FIGURES]
    if not missing or not show_unknown:
        return Markup(table)
    names = ", ".join(lower_first(label) for label in missing)
    return Markup(table) + fill('<p class="na">Not known yet: {}.</p>\n', names)


GLOBALS = {"pair_section": pair_section, "overview_section": overview_section,
           "role_figures": role_figures, "pair_notes": pair_notes, "pair_sources": pair_sources,
           "pair_credits": pair_credits}
