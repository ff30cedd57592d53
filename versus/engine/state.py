"""What the last build was made from, kept as plain data, and what a rebuild must render again.

The state is JSON: the hash of every input some page read, and per kind of page the keys its
pages read (a page's own slugs written as their positions, see `inputs`). It is decoded
against a fixed type, so a state file can never run code; one that is corrupt, foreign or of
another version means a full build, with a one-line notice.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import msgspec
from markupsafe import Markup

from .inputs import DOMAINS, Inputs, Key, Pattern
from .model import Page
from .output import sealed, unsealed, write_atomic
from .reading import read_limited
from .unchanged import STATE

FORMAT = 3  # bump when the state's meaning changes
T = TypeVar("T")


class StateFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The state file's exact shape; anything else in the file is refused, not trusted."""

    format: int
    hashes: dict[str, str]  # key, its parts joined by spaces -> hash
    reads: dict[str, list[list[str | int]]]  # page kind -> the patterns its pages read
    files: int
    bytes: int
    thin: tuple[str, int] = ("", 0)  # see BuildState


@dataclass(frozen=True)
class BuildState:
    """The inputs of the pages in an output folder, and what each kind of page reads."""

    hashes: Mapping[str, str] = field(default_factory=dict)
    reads: Mapping[str, frozenset[Pattern]] = field(default_factory=dict)
    files: int = 0  # in the output folder, for the summary
    bytes: int = 0
    # How many comparison pages are thin, and a hash of what that count was made from:
    # counting walks every pair, so a build that changed neither roles nor pairs reuses it.
    thin: tuple[str, int] = ("", 0)


def key_name(key: tuple[str | int, ...]) -> str:
    """Return a key as the state file writes it: its parts joined by spaces."""
    return " ".join(map(str, key))


def is_positional(pattern: Pattern) -> bool:
    """Return whether `pattern` names one of the page's own slugs by its position."""
    return pattern[0] in DOMAINS and len(pattern) == 2 and isinstance(pattern[1], int)


def load_state(cache: Path) -> tuple[BuildState, str | None]:
    """Return the state the last build left in `cache`, and a notice if it was unusable."""
    path = cache / STATE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return BuildState(), None
    except OSError as error:
        return BuildState(), f"{path}: {error.strerror}; building every page"
    try:
        found = msgspec.json.decode(raw, type=StateFile)
    except msgspec.MsgspecError:
        return BuildState(), f"{path}: not a build state of this version; building every page"
    if found.format != FORMAT:
        return BuildState(), f"{path}: a build state of another version; building every page"
    reads = {kind: frozenset(tuple(p) for p in patterns if p and isinstance(p[0], str))
             for kind, patterns in found.reads.items()}
    return BuildState(found.hashes, reads, found.files, found.bytes, found.thin), None


def state_bytes(state: BuildState) -> bytes:
    """Return the state file's bytes: sorted, so the same state writes the same bytes."""
    reads = {kind: sorted((list(p) for p in patterns), key=repr)
             for kind, patterns in sorted(state.reads.items())}
    data = StateFile(FORMAT, dict(sorted(state.hashes.items())), reads, state.files, state.bytes,
                     state.thin)
    return msgspec.json.encode(data)


@dataclass(frozen=True)
class Changes:
    """Which pages a build must render again, given the state the previous build left."""

    kinds: frozenset[str]  # every page of these kinds
    slugs: Mapping[str, tuple[frozenset[str], ...]]  # kind -> changed roles, by position
    listing: bool  # which pages exist changed: some are new, some are gone

    @property
    def touched(self) -> frozenset[str]:
        """Return every role some of whose pages changed."""
        return frozenset().union(*(s for positions in self.slugs.values() for s in positions))

    @property
    def nothing(self) -> bool:
        """Return whether no page needs rendering again."""
        return not (self.kinds or self.listing or self.touched)

    def is_dirty(self, page: Page) -> bool:
        """Return whether `page` may differ from what the previous build wrote."""
        if page.kind in self.kinds:
            return True
        positions = self.slugs.get(page.kind, ())
        return any(i < len(positions) and slug in positions[i]
                   for i, slug in enumerate(page.slugs))


def changes(old: BuildState, inputs: Inputs, kinds: Iterable[str]) -> Changes:
    """Return what changed since `old`, by what each kind of page read last time."""
    by_head: dict[str, frozenset[str]] = {}

    def changed(key: Key) -> bool:
        return inputs.digest(key) != old.hashes.get(key_name(key))

    def changed_roles(head: str) -> frozenset[str]:
        if head not in by_head:
            by_head[head] = frozenset(s for s in inputs.domain(head) if changed((head, s)))
        return by_head[head]

    whole, dirty = set(), {}
    for kind in kinds:
        patterns = old.reads.get(kind)
        if patterns is None:
            whole.add(kind)
            continue
        positions: list[set[str]] = [set(), set()]
        for pattern in patterns:
            if is_positional(pattern):
                assert isinstance(pattern[1], int)
                positions[pattern[1]] |= changed_roles(str(pattern[0]))
            elif changed(tuple(map(str, pattern))):
                whole.add(kind)
        dirty[kind] = tuple(frozenset(p) for p in positions)
    return Changes(frozenset(whole), dirty, changed(("listing",)))


def next_state(inputs: Inputs, reads: Mapping[str, frozenset[Pattern]], files: int,
               size: int, thin: tuple[str, int] = ("", 0)) -> BuildState:
    """Return the state to keep: the hash of every key a page of a kind in `reads` may read."""
    hashes: dict[str, str] = {}
    keys: list[Key] = [("listing",), ("content",), ("shard",)]
    for patterns in reads.values():
        for pattern in patterns:
            if is_positional(pattern):
                keys += [(str(pattern[0]), s) for s in inputs.domain(str(pattern[0]))]
            else:
                keys.append(tuple(map(str, pattern)))
    for key in keys:
        found = inputs.digest(key)
        if found is not None:
            hashes[key_name(key)] = found
    return BuildState(hashes, dict(reads), files, size, thin)


def encode_hook(value: object) -> object:
    """Return what a cache file stores for a value msgspec does not know: its text."""
    if isinstance(value, Path | Markup):
        return str(value)
    raise NotImplementedError(f"cannot keep a {type(value).__name__}")


def decode_hook(kind: type, value: Any) -> object:
    """Return the value a cache file stored as text."""
    if kind is Markup and type(value) is str:
        # Markup(value) first asks, in Python, for an __html__ a plain str has not
        return str.__new__(Markup, value)
    if kind is Path and isinstance(value, str):
        return Path(value)
    raise NotImplementedError(f"cannot read a {kind.__name__}")


class DiskCache:
    """Values kept one file per key, in msgpack decoded to a fixed type: no code runs on load."""

    def __init__(self, folder: Path, namespace: str, kind: Any,
                 shared: Iterable[Markup] = ()) -> None:
        """Keep values of type `kind` in `folder`, unseen by another `namespace`; a Markup
        read equal to one of `shared` is that very object."""
        self.folder = folder
        self.namespace = namespace
        self.shared = {str(mark): mark for mark in shared}
        self.marks = dict(self.shared)  # those of the value being decoded, by text
        self.decoder = msgspec.msgpack.Decoder(kind, dec_hook=self.decode_hook)
        self.encoder = msgspec.msgpack.Encoder(enc_hook=encode_hook)

    def decode_hook(self, kind: type, value: Any) -> object:
        """Return the value a cache file stored as text; a Markup met before in the same
        value, or shared, is handed out again, not copied, as it was made: a prepared role's
        two dozen "not known" marks are one object, not 24 (2.5 MB more than a cold build at
        832 roles)."""
        if kind is Markup and type(value) is str:
            found = self.marks.get(value)
            if found is None:
                found = self.marks[value] = str.__new__(Markup, value)  # see decode_hook
            return found
        return decode_hook(kind, value)

    def name(self, key: str) -> str:
        """Return the name of the file of `key`."""
        return f"{self.namespace}-{key}"

    def path(self, key: str) -> Path:
        """Return the file of `key`."""
        return self.folder / self.name(key)

    def get(self, key: str) -> Any:
        """Return the value kept under `key`, or None if there is none or it is unreadable."""
        try:
            # A plain string: a Path made per key cost more than its open, for every role.
            # Sealed: see BundleCache.read.
            body = unsealed(read_limited(f"{self.folder}{os.sep}{self.name(key)}"))
            return None if body is None else self.decoder.decode(body)
        except (OSError, msgspec.MsgspecError, ValueError, TypeError, NotImplementedError):
            return None
        finally:
            self.marks = dict(self.shared)

    def put(self, key: str, value: object) -> None:
        """Keep `value` under `key`."""
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path(key), sealed(self.encoder.encode(value)))

    def prune(self, keep: Iterable[str]) -> None:
        """Remove every value whose key is not in `keep`."""
        wanted = {self.name(key) for key in keep}
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name not in wanted:
                    path.unlink(missing_ok=True)


class BundleCache:
    """Values kept together in one file, in msgpack decoded to a fixed type (no code runs on
    load), read whole at the first `get`: one open and one decode where a file per value
    cost an open and a decode each (200 roles: 200 of each, every build)."""

    def __init__(self, path: Path, namespace: str, kind: Any) -> None:
        """Keep values of type `kind` in the file `path`, unseen by another `namespace`."""
        self.path = path
        self.namespace = namespace
        # The namespace first, the values only when it is this one: another's (the parts
        # of a build with other settings, 2.4 MB at 832 roles) decoded whole to be dropped
        # left a rebuild of every page bigger than a cold build, which has no such file.
        self.head = msgspec.msgpack.Decoder(tuple[str, msgspec.Raw])
        self.decoder = msgspec.msgpack.Decoder(dict[str, kind], dec_hook=decode_hook)
        self.values: dict[str, Any] | None = None  # what the file held, once read

    def get(self, key: str) -> Any:
        """Return the value kept under `key`, or None if there is none."""
        return self.held().get(key)

    def held(self) -> dict[str, Any]:
        """Return every value the file holds, by key, read at the first call."""
        if self.values is None:
            self.values = self.read()
        return self.values

    def read(self) -> dict[str, Any]:
        """Return what the file holds; nothing if it is missing, unreadable or another's."""
        try:
            # Sealed: a byte changed in a kept text may still decode, and be shown.
            body = unsealed(read_limited(self.path))
            if body is None:
                return {}
            namespace, values = self.head.decode(body)
            if namespace != self.namespace:
                return {}
            return self.decoder.decode(values)
        except (OSError, msgspec.MsgspecError, ValueError, TypeError, NotImplementedError):
            return {}

    def keep(self, values: Mapping[str, Any], added: bool) -> None:
        """Make the file hold exactly `values`, when some were `added` since it was written
        or some it holds are gone: a rebuild that parsed nothing afresh writes nothing."""
        if not added and (self.values is None or self.values.keys() == values.keys()):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        encoder, body = msgspec.msgpack.Encoder(enc_hook=encode_hook), bytearray()
        encoder.encode_into((self.namespace, dict(sorted(values.items()))), body)
        write_atomic(self.path, sealed(body))
        self.values = dict(values)
