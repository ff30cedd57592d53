"""A content folder (site.yaml and roles/) to validated site settings and roles."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import msgspec

from .errors import shown as shown
from .hashing import file_key, is_ignored
from .model import ContentError, Problem, Role, Site
from .rolefile import check_titles, read_file, slug_problem

# The YAML loader and the validator (load, validate, schema) are imported only where a file
# must be parsed: a build whose roles and settings all come from the parse cache never
# needs them, and importing them costs 0.2 G instructions (PyYAML, 15 field specs).

Parsed = tuple[Role, int]  # a valid role and the line of its title
SITE_FILE = "site.yaml"


class Content(msgspec.Struct, frozen=True):
    """Everything a build reads: the site settings and the roles, sorted by slug."""

    site: Site
    roles: tuple[Role, ...]
    files: Mapping[str, str] = msgspec.field(default_factory=dict)  # slug -> bytes hash
    # parsed this time, by their key (`file_key`): roles, and the settings if they were
    fresh: Mapping[str, Parsed | Site] = msgspec.field(default_factory=dict)
    site_key: str | None = None  # site.yaml's `file_key`; None when there is none


def role_files(folder: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Return (slug, path) for every role file in `folder`, and problems with the others."""
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    with os.scandir(folder) as listing:  # each entry knows its own type: no stat a file
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        if is_ignored(entry.name):
            continue
        path = folder / entry.name
        why = file_problem(entry, path, folder)
        if why:
            problems.append(Problem(shown(path), 1, "", why))
        else:
            found.append((path.stem, path))
    return found, problems


def file_problem(entry: os.DirEntry[str], path: Path, folder: Path) -> str | None:
    """Return why `path`, listed in `folder` as `entry`, cannot be a role file, or None."""
    if path.suffix != ".yaml":
        hint = f"; rename it to {path.stem}.yaml" if path.suffix == ".yml" else ""
        return f"only .yaml role files belong in this folder{hint}"
    if entry.is_symlink():
        why = link_problem(path, folder)
        if why:
            return why
    elif not entry.is_file(follow_symlinks=False):
        return "not a file"
    return slug_problem(path.stem)


def link_problem(path: Path, folder: Path) -> str | None:
    """Return why the link `path` in `folder` cannot be a role file, or None when it can."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link, or a loop (RuntimeError before 3.13)
        return "a link that leads nowhere"
    if real.parent != folder.resolve():
        return "a link to a file outside the roles folder is not allowed"
    if not real.is_file():
        return "not a file"
    return None




def parse_role(slug: str, path: Path, raw: bytes) -> tuple[Parsed | None, list[Problem]]:
    """Return the role in a file's bytes with its title's line, or the file's problems."""
    from .load import load_bytes  # see above
    from .validate import validate_role

    doc, problems = load_bytes(shown(path), raw)
    if doc is None:
        return None, problems
    role, found = validate_role(doc, slug, path)
    if role is None or problems:
        return None, problems + found
    return (role, doc.line_of(("title",))), []


class RoleCache(Protocol):
    """Roles and site settings parsed by earlier builds, by a hash of their file's name and
    bytes (`file_key`)."""

    def get(self, key: str) -> Any:
        """Return the parsed role or settings kept under `key`, or None."""


@dataclass
class Found:
    """The roles of a folder as loading goes: valid ones, their hashes, and problems."""

    parsed: dict[str, Parsed] = field(default_factory=dict)  # by slug
    files: dict[str, str] = field(default_factory=dict)  # slug -> hash
    fresh: dict[str, Parsed | Site] = field(default_factory=dict)  # hash -> parsed this time
    problems: list[Problem] = field(default_factory=list)
    site_key: str | None = None  # site.yaml's file_key, once read


def load_role(slug: str, path: Path, cache: RoleCache | None, found: Found,
              raw: bytes | None = None) -> None:
    """Load one role file into `found`, from `cache` when its bytes are known; `raw` is
    its bytes when read already."""
    if raw is None:
        raw, problems = read_file(path, shown(path))
        found.problems += problems
        if raw is None:
            return
    key = file_key(slug, raw)
    hit = cache.get(key) if cache is not None else None
    if not isinstance(hit, tuple):
        hit, problems = parse_role(slug, path, raw)
        found.problems += problems
        if hit is not None:
            found.fresh[key] = hit
    if hit is not None:
        found.parsed[slug], found.files[slug] = hit, key


def load_roles(folder: Path, cache: RoleCache | None = None,
               read: dict[str, bytes] | None = None) -> Found:
    """Return the valid roles in `folder` and every problem found in any of them; `read`
    holds the bytes of files read already, by name (plain files, within the limit): each
    is taken out of it as it is used, so that none is held to the end of the build."""
    files, problems = role_files(folder)
    found = Found(problems=problems)
    read = {} if read is None else read
    for slug, path in files:
        load_role(slug, path, cache, found, read.pop(path.name, None))
    found.problems += check_titles(found.parsed.values(), dict(files))
    return found


def load_site(file: Path, cache: RoleCache | None = None,
              found: Found | None = None) -> tuple[Site, list[Problem]]:
    """Return the site settings in `file`, the defaults if there is none; from `cache` when
    its bytes are known, else parsed (and then kept in `found.fresh`, if given, by their
    key, which `found.site_key` holds)."""
    raw, problems = read_file(file, shown(file))
    if raw is None:
        return Site(), (problems if file.exists() else [])
    key = file_key(SITE_FILE, raw)
    if found is not None:
        found.site_key = key
    hit = cache.get(key) if cache is not None else None
    if isinstance(hit, Site):
        return hit, []
    from .load import load_bytes  # see above
    from .validate import validate_site

    doc, problems = load_bytes(shown(file), raw)
    if doc is None:
        return Site(), problems
    site, wrong = validate_site(doc)
    if site is not None and not (problems + wrong) and found is not None:
        found.fresh[key] = site
    return site or Site(), problems + wrong


def load_content(folder: Path, cache: RoleCache | None = None,
                 read: dict[str, bytes] | None = None) -> Content:
    """Return the content in `folder`; raise ContentError with every problem found. `read`
    holds the bytes of role files read already, by name: those are taken, not read again."""
    roles_folder = folder / "roles"
    if not roles_folder.is_dir():
        raise ContentError([Problem(shown(roles_folder), 1, "", "no such folder; a content "
                                    "folder holds site.yaml and roles/")])
    found = load_roles(roles_folder, cache, read)
    site, problems = load_site(folder / SITE_FILE, cache, found)
    if problems + found.problems:
        raise ContentError(problems + found.problems)
    roles = tuple(found.parsed[slug][0] for slug in sorted(found.parsed))
    return Content(site, roles, found.files, found.fresh, found.site_key)

