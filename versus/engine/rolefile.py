"""What a build checks of role files before parsing any: names, sizes, titles.

Kept apart from the YAML loader and the schema, which a build whose roles all come from the
parse cache never needs: importing them (PyYAML, the field specs) costs more than such a
whole build does otherwise.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import shown
from .model import Problem, Role
from .reading import MAX_BYTES, read_limited

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def slug_words(title: str) -> list[str]:
    """Return the words a title's slug is made of: lower-case ASCII letters and digits."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    text = ascii_text.lower().replace("&", " and ").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def slug_problem(stem: str) -> str | None:
    """Return why `stem` cannot be a slug, or None when it can."""
    if not SLUG.match(stem):
        return "a role file's name must be its slug: lower-case a-z, 0-9 and single hyphens"
    if "vs" in stem.split("-"):
        return "a slug may not contain the word 'vs'; it separates the roles in compare URLs"
    return None


def read_file(file: Path, shown_as: str) -> tuple[bytes | None, list[Problem]]:
    """Return the bytes of `file`, refusing one too big to be a role file."""
    try:
        raw = read_limited(file, MAX_BYTES)
        if len(raw) > MAX_BYTES:  # only now its size, for the message: most files fit
            size = max(os.stat(file).st_size, len(raw))  # noqa: PTH116 (as read_limited)
            return None, [Problem(shown_as, 1, "", f"file is {size:,} bytes; the limit "
                                                   f"is {MAX_BYTES:,}")]
        return raw, []
    except OSError as error:
        return None, [Problem(shown_as, 1, "", f"cannot read the file ({error.strerror})")]


def title_key(title: str) -> str:
    """Return a title as a reader sees it: case, spacing, width and invisible marks ignored."""
    visible = "".join(c for c in unicodedata.normalize("NFKC", title)
                      if unicodedata.category(c) != "Cf")  # zero-width spaces, bidi marks
    return " ".join(visible.casefold().split())


def check_titles(roles: Iterable[tuple[Role, int]], files: Mapping[str, Path]) -> list[Problem]:
    """Return a problem for each role whose title an earlier role (by slug) already has;
    `roles` are (role, the line of its title), `files` their files by slug."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for role, line in sorted(roles, key=lambda found: found[0].slug):
        first = seen.setdefault(title_key(role.title), role.slug)
        if first != role.slug:
            # Its path shown only now: `shown` asks the system for the working folder. Not
            # the role's `source_path`: a role from the parse cache has the path of the
            # file it was first parsed from, maybe in another folder.
            path = shown(files.get(role.slug) or Path(role.slug))
            problems.append(Problem(path, line, "title",
                                    f"{role.title!r} is also the title of {first}"))
    return problems
