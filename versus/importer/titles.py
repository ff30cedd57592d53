"""Occupation titles as statistics publish them ("Registered Nurses") to job names and slugs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..engine.rolefile import slug_words

# Where a title's head nouns end: what follows qualifies them and keeps its number
# ("Engineers, Except Mining Safety Engineers", "Supervisors of Retail Sales Workers",
# "Helpers--Carpenters").
_QUALIFIER = re.compile(r",? (?:Except|Including)\b| \(| (?:of|for|in|to) |--")
_JOINS = re.compile(r" (?:and|or) ")
# Words ending in "s" that are not plurals of a job, or whose singular is the same.
_KEEP = frozenset({
    "aerobics", "analytics", "animals", "arts", "athletics", "benefits", "claims", "clergy",
    "commodities", "communications", "diagnostics", "economics", "electronics", "ethics",
    "goods", "graphics", "logistics", "materials", "mathematics", "news", "occupations",
    "operations", "physics", "police", "relations", "robotics", "sales", "securities",
    "series", "services", "species", "sports", "statistics", "surfaces", "systems",
    "utilities", "works",
})
# Words ending in "ics" that do name people.
_PEOPLE_ICS = frozenset({"mechanics", "medics", "paramedics", "clerics"})
_ES_AFTER = ("sses", "shes", "ches", "xes", "zes")


def singular_word(word: str) -> str:
    """Return the singular of one plural noun, keeping its capitals; other words unchanged."""
    lower = word.lower()
    if lower in _KEEP or not lower.endswith("s") or len(lower) < 4:
        return word
    if lower.endswith(("ss", "us", "is")) or (lower.endswith("ics") and lower not in _PEOPLE_ICS):
        return word
    if lower.endswith("persons"):
        return word[:-1]
    if lower.endswith("ies"):
        return word[:-3] + ("Y" if word[-3:].isupper() else "y")
    if lower.endswith("wives"):
        return word[:-3] + "fe"
    if lower.endswith(_ES_AFTER):
        return word[:-2]
    return word[:-1]


def _singular_last(phrase: str) -> str:
    """Return `phrase` with its last word made singular."""
    before, space, last = phrase.rpartition(" ")
    return before + space + singular_word(last)


def _singular_heads(heads: str) -> str:
    """Return a run of head nouns ("Adjusters, Examiners, and Investigators") made singular."""
    chunks = heads.split(", ")
    # A comma list is a list of jobs only when it ends in "and ..." / "or ...";
    # otherwise what follows the first comma qualifies it ("Meter Readers, Utilities").
    listed = max((i for i, c in enumerate(chunks) if c.startswith(("and ", "or "))), default=0)
    done = [_singular_joined(c) if i <= listed else c for i, c in enumerate(chunks)]
    return ", ".join(done)


def _singular_joined(chunk: str) -> str:
    """Return "Accountants and Auditors" as "Accountant and Auditor"."""
    parts = _JOINS.split(chunk)
    joins = _JOINS.findall(chunk)
    out = _singular_last(parts[0])
    for join, part in zip(joins, parts[1:], strict=True):
        out += join + _singular_last(part)
    return out


def singular_title(title: str) -> str:
    """Return a plural occupation title as one person's job: "Registered Nurse"."""
    cut = _QUALIFIER.search(title)
    end = cut.start() if cut else len(title)
    return _singular_heads(title[:end]) + title[end:]


# Ways to shorten a title past the format's limit, tried in turn, each keeping the job clear.
_SHORTER = (
    (re.compile(r"English as a Second Language"), "ESL"),
    (re.compile(r"Setter, Operator, and Tender"), "Operator"),
    (re.compile(r",? Except .*$"), ""),  # the excepted jobs are occupations of their own
    (re.compile(r"^([^,]+), [^,]+(, [^,]+)$"), r"\1\2"),  # "A, wider group, B" -> "A, B"
    (re.compile(r", [^,]+$"), ""),  # a last qualifier: "..., Metal and Plastic"
)


def fit_title(title: str, limit: int = 80) -> str:
    """Return `title`, shortened by the rules above while it is longer than `limit`."""
    for pattern, replacement in _SHORTER:
        if len(title) <= limit:
            break
        title = pattern.sub(replacement, title)
    return title


def iter_shortened(title: str) -> Iterator[str]:
    """Yield a plural title, then each shorter form the rules above make of it in turn."""
    yield title
    for pattern, replacement in _SHORTER:
        plural = re.compile(pattern.pattern.replace("Setter, Operator, and Tender",
                                                    "Setters, Operators, and Tenders"))
        title = plural.sub(replacement.replace("Operator", "Operators"), title)
        yield title


def plural_title(published: str, job_title: str) -> str | None:
    """Return the plural that BLS publishes, shortened as `job_title` was, or None.

    `job_title` is the singular the importer made of `published` ("Registered Nurse"); the
    plural is the published title itself or the first shortening whose singular it is.
    """
    if published == job_title:
        return published  # a title with no singular: "Clergy"
    return next((plural for plural in iter_shortened(published)
                 if singular_title(plural) == job_title), None)


def slugify(title: str) -> str:
    """Return a title as a slug: lower-case ASCII words joined by hyphens, with no "vs"."""
    return "-".join(w for w in slug_words(title) if w != "vs") or "role"
