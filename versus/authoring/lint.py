"""Warnings about valid roles that a careful editor would still question; --strict fails on them."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator

from ..engine.content import Content, shown
from ..engine.errors import clipped
from ..engine.links import markdown_html
from ..engine.load import Document, FieldPath, field_name, load_document
from ..engine.model import Item, Percentiles, Problem, Role
from ..engine.prepare import markdown_texts
from ..engine.prose import is_guessable, plural

HOURS_A_YEAR = 2080  # 40 hours a week, 52 weeks: how pay sites turn a yearly salary hourly
# Sources round differently and may average hourly and salaried postings apart, so a few
# percent is normal; a quarter off is a typo (a missing digit, a monthly figure) or a mix-up.
HOURLY_TOLERANCE = 0.25
# Marks that reorder the text around them: a title with one can show as another role's name.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Tags an editor may type meaning HTML: pages show them as typed (`vector<int>` is text too).
# A one-letter name in lower case only: `Option<U>` and `Map<K, V>` name type parameters,
# not elements; a longer one in any case, as HTML reads it (`<SCRIPT>`, `<BR>`).
# An attribute as CommonMark's raw HTML has one: a name, then maybe a value. `a<b & c>d` is
# no tag, and the Markdown renderer never took it for one.
_ATTRIBUTE = r"""\s+[a-zA-Z_:][-a-zA-Z0-9_.:]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
HTML_TAG = re.compile(r"</?(a|b|i|p|s|u|(?i:blockquote|br|button|code|del|div|em|embed|form|"
                      r"h[1-6]|hr|iframe|img|input|li|object|ol|pre|script|span|strong|style|"
                      rf"sub|sup|table|td|th|tr|ul))(?:{_ATTRIBUTE})*\s*/?>")
# In the HTML of a Markdown text: its code (spans, indented blocks), whose text shows as
# typed, which is what its writer meant; and the elements Markdown made (typed ones are text).
_CODE = re.compile(r"<code>.*?</code>", re.S)
_ELEMENT = re.compile(r"<[^>]*>")

Warning = tuple[FieldPath, str]  # where, and what looks wrong there


def content_warnings(content: Content) -> list[Problem]:
    """Return a problem for every doubtful thing in the content's roles, sorted."""
    problems: list[Problem] = []
    for role in content.roles:
        found = list(role_warnings(role))
        if found:
            path, doc = where_is(role)
            problems += (Problem(path, doc.line_of(at) if doc else 1, field_name(at), message)
                         for at, message in found)
    return sorted(problems)


def where_is(role: Role) -> tuple[str, Document | None]:
    """Return how errors show the role's file, and the file re-read for its lines."""
    if role.source_path is None:
        return f"{role.slug}.yaml", None
    doc, _ = load_document(role.source_path, shown(role.source_path))
    return shown(role.source_path), doc


def role_warnings(role: Role) -> Iterator[Warning]:
    """Yield every doubtful thing in one role."""
    yield from skill_order(role)
    yield from missing_figures(role)
    yield from salary_warnings(role)
    yield from repeated_items(role)
    yield from bidi_controls(role)
    yield from html_tags(role)
    yield from source_warnings(role)
    yield from plural_warnings(role)
    if role.education.degree_share is not None and role.education.degree is None:
        yield ("education", "degree_share"), "gives a share but no degree it is the share of"


def skill_order(role: Role) -> Iterator[Warning]:
    """Yield a warning for each skill asked for more than one listed before it."""
    highest: tuple[int, float] | None = None  # the lowest share so far, and its index
    for i, skill in enumerate(role.skills):
        if skill.share is None:
            continue
        if highest is not None and skill.share > highest[1]:
            yield (("skills", i, "share"),
                   f"{skill.share:g}% is more than skills[{highest[0]}] ({highest[1]:g}%); list "
                   "skills from the most asked for, since the first three are the top skills")
        elif highest is None or skill.share < highest[1]:
            highest = (i, skill.share)


def has_figures(role: Role) -> bool:
    """Return whether the role has any salary, outlook, education or demographics figure."""
    records = (role.salary, role.outlook, role.education, role.demographics)
    return any(value not in (None, (), Percentiles()) for record in records
               for value in (getattr(record, name) for name in record.__struct_fields__))


def missing_figures(role: Role) -> Iterator[Warning]:
    """Yield a warning when the role has no figure at all: its pages would say 'not known'."""
    if not has_figures(role):
        yield ("title",), ("has no salary, outlook, education or demographics figure; "
                           "every table of its pages would say 'not known'")


def salary_warnings(role: Role) -> Iterator[Warning]:
    """Yield warnings about salary figures that disagree with each other."""
    yearly, hourly, span = role.salary.yearly, role.salary.hourly, role.salary.range
    if yearly is not None and span is not None and not span[0] <= yearly <= span[1]:
        yield (("salary", "range"),
               f"[{span[0]:g}, {span[1]:g}] does not contain the yearly average, {yearly:g}")
    if yearly and hourly is not None:
        expected = yearly / HOURS_A_YEAR
        if abs(hourly - expected) > HOURLY_TOLERANCE * expected:
            yield (("salary", "hourly"),
                   f"{hourly:g} is more than {HOURLY_TOLERANCE:.0%} away from yearly / "
                   f"{HOURS_A_YEAR} ({expected:.2f}); is one of them a typo?")


def repeats(names: Iterable[str]) -> Iterator[tuple[int, int]]:
    """Yield (index, index of first) for each name that an earlier one already had."""
    first: dict[str, int] = {}
    for i, name in enumerate(names):
        key = " ".join(name.casefold().split())
        if first.setdefault(key, i) != i:
            yield i, first[key]


def item_key(item: Item) -> str:
    """Return what makes a list item a repeat: a named item's name, a plain item's text."""
    return item if isinstance(item, str) else item.name


def repeated_items(role: Role) -> Iterator[Warning]:
    """Yield a warning for each item that repeats an earlier one of the same list."""
    lists: list[tuple[FieldPath, Iterable[str]]] = [
        (("responsibilities",), map(item_key, role.responsibilities)),
        (("best_practices",), map(item_key, role.best_practices)),
        (("skills",), (s.name for s in role.skills)),
        (("tools",), (t.category for t in role.tools)),
        *((("tools", i, "examples"), t.examples) for i, t in enumerate(role.tools)),
        *((("career_path", i, "roles"), c.roles) for i, c in enumerate(role.career_path)),
    ]
    for where, names in lists:
        for i, first in repeats(names):
            yield (*where, i), f"repeats item {first} of {field_name(where)}"


def iter_texts(role: Role) -> Iterator[tuple[FieldPath, str]]:
    """Yield every text field of the role with where it is."""
    for name in ("title", "title_plural", "category", "summary"):
        value = getattr(role, name)
        if value:
            yield (name,), value
    for record in ("salary", "education", "demographics"):
        for name in getattr(role, record).__struct_fields__:
            value = getattr(getattr(role, record), name)
            if isinstance(value, str):
                yield (record, name), value
    for name in ("responsibilities", "best_practices"):
        for i, item in enumerate(getattr(role, name)):
            if isinstance(item, str):
                yield (name, i), item
            else:
                yield (name, i, "name"), item.name
                if item.description:
                    yield (name, i, "description"), item.description
    for i, skill in enumerate(role.skills):
        yield ("skills", i, "name"), skill.name
        if skill.description:
            yield ("skills", i, "description"), skill.description
    yield from ((("also_known_as", i), name) for i, name in enumerate(role.also_known_as))
    yield from ((("related", i, "title"), r.title) for i, r in enumerate(role.related))
    for i, stage in enumerate(role.career_path):
        yield ("career_path", i, "stage"), stage.stage
        yield from ((("career_path", i, "roles", j), n) for j, n in enumerate(stage.roles))


def bidi_controls(role: Role) -> Iterator[Warning]:
    """Yield a warning for each text holding a mark that reorders the text around it."""
    return marked_texts(role, BIDI_CONTROLS, lambda mark: (
        f"contains U+{ord(mark):04X}, which reverses or reorders the text after it; type the "
        "words in reading order instead"))


def html_tags(role: Role) -> Iterator[Warning]:
    """Yield a warning for each text holding an HTML tag, which the pages show as typed;
    not for one in a Markdown text's code span (`` `<script>` ``), shown so on purpose."""
    markdown = set(markdown_texts(role))
    return marked_texts(role, HTML_TAG, lambda tag: (
        f"{clipped(tag)} shows on the page as typed: role text is not HTML; write Markdown "
        "(**bold**, *italic*, [text](https://...))"),
        lambda text: shown_outside_code(text) if text in markdown else text)


def shown_outside_code(text: str) -> str:
    """Return what the Markdown `text` shows outside its code, as the pages' own parser
    reads it: backticks pair as Python-Markdown pairs them, not as CommonMark does
    (`` ``<i>` `` is code there, `` \\`<i>\\` `` none), and an indented block is code too."""
    if not HTML_TAG.search(text):
        return text  # no tag to find anyway: the parser is spared
    return html.unescape(_ELEMENT.sub("", _CODE.sub(" ", markdown_html(text))))


def marked_texts(role: Role, mark: re.Pattern[str], say: Callable[[str], str],
                 looked_at: Callable[[str], str] = str) -> Iterator[Warning]:
    """Yield, for each text of the role where `mark` is found (in what `looked_at` keeps of
    it), what `say` says of the first."""
    for where, text in iter_texts(role):
        found = mark.search(looked_at(text))
        if found:
            yield where, say(found.group())


def source_warnings(role: Role) -> Iterator[Warning]:
    """Yield warnings about where the figures come from."""
    if has_figures(role) and not role.sources:
        yield ("title",), "has figures but no sources saying where they come from"
    for i, source in enumerate(role.sources):
        if source.retrieved and role.updated and source.retrieved > role.updated:
            yield (("sources", i, "retrieved"),
                   f"{source.retrieved} is after `updated` ({role.updated}): "
                   "was `updated` forgotten?")


def plural_warnings(role: Role) -> Iterator[Warning]:
    """Yield a warning when the pages would need a plural of a title too long to guess."""
    if role.title_plural is None and not is_guessable(role.title) and len(
            role.title.split()) > 2:
        yield ("title",), (f"has more than two words, so its plural is not guessed "
                           f"({plural(role.title)!r}?) and the pages avoid it; give "
                           "`title_plural` to have them use it")
