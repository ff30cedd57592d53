"""The site's English: sentences written from role data, as plain text for templates to escape."""

from __future__ import annotations

import math
import re

import msgspec

from . import numbers
from .model import Role

DESCRIPTION_LIMIT = 160

# Letters whose names start with a vowel sound: "an HR Manager", "an SEO Specialist".
_LETTERS_AN = frozenset("AEFHILMNORSX")
_SILENT_H = ("hour", "honest", "honor", "honour", "heir")
# Vowel letters said with a "you" or "w" sound: "a University Librarian", "a European".
_YOU_SOUND = ("uni", "use", "usa", "usi", "usu", "uta", "uti", "ute", "ura", "ure", "uri", "uro",
              "uru", "uku", "ukr", "ubi", "eu", "ewe")
_ONE_SOUND = frozenset({"one", "once"})
_FIRST_WORD = re.compile(r"[A-Za-z0-9]+")
# The head noun comes before a qualifier: "Chief of Staff", "Editor-in-Chief", "Lead (Remote)".
_QUALIFIER = re.compile(r" (?:of|in|for|to|at) |-(?:in|at|of)-|, | \(| - ", re.IGNORECASE)
_NOT_MAN = ("human", "german", "roman", "shaman", "talisman", "caiman", "ottoman", "doberman")
_INVARIANT = frozenset({"staff", "personnel"})
# Words ending in "ch" said as "k" take a plain "s": "Lab Techs", "Monarchs".
_CH_AS_K = ("tech", "iarch", "narch", "garch", "stomach", "epoch")
_TAG = re.compile(r"\s*\([^()]*\)\s*$")  # "(Remote)": a tag that keeps its number
_PLAIN = re.compile(r"^[A-Za-z]+$")
_DANGLING = re.compile(r"(?:[\s,;:(]+(?:vs|and|with|of|an?|the)\b)*[\s,;:(]*$")


class RoleWords(msgspec.Struct, frozen=True):
    """Everything the site's sentences say about one role, worked out once per role."""

    title: str  # Support Lead
    article: str  # a
    a_title: str  # a Support Lead
    plural: str | None  # Support Leads; None when neither the role file nor a safe guess gives it
    possessive: str  # Support Lead's
    plural_possessive: str | None  # Support Leads', None with no plural
    salary: str | None  # $86,816, the yearly average, or None when not known
    hourly_pay: str | None = None  # $41.74, the hourly average, or None when not known
    path: str = "career path"  # or "related occupations", what the pages show in its place


def role_words(role: Role) -> RoleWords:
    """Return the words and figures the site's sentences use for `role`."""
    title = _clean(role.title)
    an = article(title)
    many = known_plural(title, role.title_plural)
    yearly, hourly = _known_money(role.salary.yearly), _known_money(role.salary.hourly)
    return RoleWords(
        title=title,
        article=an,
        a_title=f"{an} {title}",
        plural=many,
        possessive=possessive(title),
        plural_possessive=None if many is None else possessive(many, plural=True),
        salary=None if yearly is None else numbers.money(yearly),
        hourly_pay=None if hourly is None else numbers.money(hourly),
        path="related occupations" if role.related and not role.career_path else "career path",
    )


def pay_gap(gap: float, low: float) -> str:
    """Return a difference in pay in dollars and in percent of `low`: "$30,111 (49%)"."""
    if gap < 1:
        # A gap in cents would read "$0.40"; the figures themselves show it.
        return "less than $1"
    share = gap / low * 100
    # Half up, not Python's half to even, so 0.5% reads "1%" like 1.5% reads "2%".
    ratio = "less than 1%" if share < 0.5 else numbers.percent(math.floor(share + 0.5))
    return f"{numbers.money(gap)} ({ratio})"


def trend(growth: float) -> str:
    """Return how a number of jobs moves: "grow 10%", "shrink 3%", "stay about the same"."""
    if round(growth, 1) == 0:
        return "stay about the same"
    return f"{'grow' if growth > 0 else 'shrink'} {numbers.percent(abs(growth))}"


def jobs_for(w: RoleWords) -> str:
    """Return "jobs for Support Leads", or "jobs as a ..." when the plural is not known."""
    return f"jobs for {w.plural}" if w.plural else f"jobs as {w.a_title}"


def pair_description(a: RoleWords, b: RoleWords) -> str:
    """Return the meta description of the page comparing `a` with `b`."""
    pay = f" ({a.salary} vs {b.salary} a year)" if a.salary and b.salary else ""
    if a.path == b.path == "related occupations":  # official data: no career path, no years
        return shorten(f"{a.title} vs {b.title}: pay{pay}, education, skills, who does the job "
                       "and related occupations compared.")
    return shorten(f"{a.title} vs {b.title}: pay{pay}, time to become, education, skills "
                   "and career paths compared.")


def role_description(w: RoleWords) -> str:
    """Return the meta description of the role's page."""
    per = (w.salary, "a year") if w.salary else (w.hourly_pay, "an hour")
    earns = f" and earns ({per[0]} {per[1]} on average)" if per[0] else ""
    return shorten(f"What {w.a_title} does{earns}, with skills, education, tools and {w.path}.")


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Return `text`, or as many of its words as fit in `limit` characters ending in "…"."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    cut = cut[:space] if space > 0 else cut[:limit - 1]
    if cut.count("(") > cut.count(")"):
        cut = cut[:cut.rfind("(")]
    return _DANGLING.sub("", cut) + "…"


def article(phrase: str) -> str:
    """Return "a" or "an" for `phrase`, by the sound of its first word."""
    match = _FIRST_WORD.search(phrase)
    if match is None:
        return "a"
    word = match.group()
    if word[0].isdigit():
        digits = re.match(r"\d+", word)
        return "an" if digits and _is_an_number(digits.group()) else "a"
    if word.isupper() and len(word) <= 5:
        return "an" if word[0] in _LETTERS_AN else "a"
    lower = word.lower()
    if lower.startswith(_SILENT_H):
        return "an"
    if lower in _ONE_SOUND or lower.startswith(_YOU_SOUND):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def _is_an_number(digits: str) -> bool:
    """Return whether a number said aloud starts with a vowel: 8, 11, 18, 80, 11,000."""
    return digits.startswith("8") or (digits[:2] in ("11", "18") and len(digits) % 3 == 2)


def known_plural(title: str, given: str | None) -> str | None:
    """Return the plural the role file gives, else a guess for a short plain title, else None.

    A guess from a longer title goes wrong too often ("Accountant and Auditors"), so pages
    rephrase rather than guess one.
    """
    if given:
        return _clean(given)
    return plural(title) if is_guessable(title) else None


def is_guessable(title: str) -> bool:
    """Return whether `title` is one or two plain words, with a "(tag)" at most after them."""
    head = _TAG.sub("", title)
    return 1 <= len(head.split()) <= 2 and all(_PLAIN.match(w) for w in head.split())


def plural(title: str) -> str:
    """Return the plural of a job title: Chiefs of Staff, Salespeople, Support Leads."""
    qualifier = _QUALIFIER.search(title)
    end = qualifier.start() if qualifier else len(title)
    head, rest = title[:end], title[end:]
    before, _, word = head.rpartition(" ")
    return f"{before} {_plural_word(word)}{rest}" if before else _plural_word(word) + rest


def _plural_word(word: str) -> str:
    """Return the plural of one noun, keeping its capitals."""
    lower = word.lower()
    if not lower or lower in _INVARIANT:
        return word
    if lower.endswith("person"):
        return _swap(word, 6, "people")
    if lower.endswith("man") and not lower.endswith(_NOT_MAN):
        return _swap(word, 3, "men")
    if lower.endswith("wife"):
        return _swap(word, 4, "wives")
    if lower.endswith(("ss", "x", "z", "sh", "ch")) and not lower.endswith(_CH_AS_K):
        return _swap(word, 0, "es")
    if lower.endswith("s"):
        return word  # already plural: "VP Sales"
    if lower.endswith("y") and lower[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return _swap(word, 1, "ies")
    return _swap(word, 0, "s")


def _swap(word: str, cut: int, ending: str) -> str:
    """Return `word` with its last `cut` letters replaced by `ending` in their case."""
    stem, tail = word[:len(word) - cut], word[len(word) - cut:]
    if (tail or word).isupper() and (cut or len(word) > 5):  # "CEOs", not "CEOS"
        ending = ending.upper()
    elif tail[:1].isupper():
        ending = ending.capitalize()
    return stem + ending


def possessive(noun: str, plural: bool = False) -> str:
    """Return the possessive of `noun`: "Support Lead's", "Support Leads'", "Salespeople's"."""
    if plural and noun.endswith(("s", "S")):
        return noun + "'"
    return noun + "'s"


def _clean(text: str) -> str:
    """Return `text` on one line with single spaces."""
    return " ".join(text.split())


def _known_money(value: float | None) -> float | None:
    """Return a salary worth stating, or None."""
    # The format allows 0, but "$0 a year" is a placeholder, not a figure to print.
    if value is None or not math.isfinite(value) or value <= 0:
        return None
    return float(value)


def capital(text: str) -> str:
    """Return `text` with its first letter a capital, to start a sentence."""
    return text[:1].upper() + text[1:]

