"""What the last build was made from, so a rebuild renders only the pages whose inputs changed."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .model import Page, Role
from .output import write_atomic
from .relatives import relatives

STATE = "state.pickle"
FORMAT = 2  # bump when BuildState changes shape


def digest(*parts: object) -> str:
    """Return a short, stable hash of the reprs of `parts`."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def folder_digest(folder: Path) -> str:
    """Return a hash of every file's name and bytes below `folder`."""
    h = hashlib.blake2b(digest_size=12)
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@dataclass(frozen=True)
class BuildState:
    """The inputs of the pages in an output folder, by what they depend on."""

    engine: str = ""  # code, static files, site settings, pair policy
    templates: Mapping[str, str] = field(default_factory=dict)  # page kind -> its templates
    index: str = ""  # what the index shows of every role
    listing: str = ""  # every role's slug and title, and the pairs if they are capped
    roles: Mapping[str, str] = field(default_factory=dict)  # slug -> what its pages show
    files: int = field(default=0, compare=False)  # in the output folder, for the summary
    bytes: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Changes:
    """Which pages a build must render, given the state the previous build left."""

    everything: bool
    index: bool
    listing: bool
    roles: frozenset[str]
    kinds: frozenset[str] = frozenset()  # kinds of page whose templates changed

    def is_dirty(self, page: Page) -> bool:
        """Return whether `page` may differ from what the previous build wrote."""
        if self.everything or page.kind in self.kinds:
            return True
        if page.kind == "pair":
            return page.slugs[0] in self.roles or page.slugs[1] in self.roles
        if page.kind == "role":
            return self.listing or page.slugs[0] in self.roles
        if page.kind == "index":
            return self.index
        return self.listing and page.kind in ("sitemap", "sitemap-index")


def changes(new: BuildState, old: BuildState) -> Changes:
    """Return what changed between the previous build's state and this one's."""
    return Changes(
        everything=new.engine != old.engine,
        index=new.index != old.index,
        listing=new.listing != old.listing,
        roles=frozenset(s for s, d in new.roles.items() if old.roles.get(s) != d),
        kinds=frozenset(k for k, d in new.templates.items() if old.templates.get(k) != d),
    )


def role_digests(roles: Iterable[Role], related: Mapping[str, tuple[str, ...]],
                 links: Mapping[str, str]) -> dict[str, str]:
    """Return, per role, a hash of everything any of its pages shows about it."""
    roles = list(roles)
    titles = {role.slug: role.title for role in roles}
    result = {}
    for role in roles:
        career = [links.get(name.casefold()) for stage in role.career_path for name in stage.roles]
        shown = replace(role, source_path=None)
        result[role.slug] = digest(shown, [(s, titles[s]) for s in related[role.slug]], career,
                                   relatives(role, links))  # which related occupations link
    return result


def read_pickle(path: Path, kind: type) -> Any:
    """Return what a cache file holds, or None if it is missing, stale or unreadable."""
    try:
        with path.open("rb") as handle:
            version, value = pickle.load(handle)
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError,
            ImportError, IndexError):
        return None
    return value if version == FORMAT and isinstance(value, kind) else None


def to_pickle(value: object) -> bytes:
    """Return the bytes of a cache file holding `value`."""
    return pickle.dumps((FORMAT, value), protocol=pickle.HIGHEST_PROTOCOL)


class DiskCache:
    """Objects kept one file per key, so a build reads and writes only what it uses."""

    def __init__(self, folder: Path, namespace: str) -> None:
        """Keep objects in `folder`; objects kept under another `namespace` are not seen."""
        self.folder = folder
        self.namespace = namespace

    def path(self, key: str) -> Path:
        """Return the file of `key`."""
        return self.folder / f"{self.namespace}-{key}"

    def get(self, key: str) -> Any:
        """Return the object kept under `key`, or None."""
        return read_pickle(self.path(key), object)

    def put(self, key: str, value: object) -> None:
        """Keep `value` under `key`."""
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path(key), to_pickle(value))

    def prune(self, keep: Iterable[str]) -> None:
        """Remove every object whose key is not in `keep`."""
        wanted = {self.path(key).name for key in keep}
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name not in wanted:
                    path.unlink(missing_ok=True)


def load_state(cache: Path) -> BuildState:
    """Return the state the last build left in `cache`, or an empty one."""
    return read_pickle(cache / STATE, BuildState) or BuildState()
