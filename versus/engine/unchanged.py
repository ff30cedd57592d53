"""A rebuild with nothing to do, known without loading the content, and its fingerprint.

A rebuild that changes nothing spent most of its time importing and decoding what it then
found unchanged: msgspec, the roles from the parse cache, the pairing, the state. Each build
now leaves, beside its state, a fingerprint of everything it was made from (the engine, the
bytes of every role file and of site.yaml, the templates, the static and root files, the
options that shape pages) and of the cache files it left, with the figures of its summary.
A build whose inputs hash the same, whose output lost or altered no page (the same look a
rebuild takes, `damage.iter_damaged`) and whose static and root files are as copied has
nothing to write: it moves the manifest's time as a rebuild does and says what the last one
said. Anything else, or any doubt (a link among the role files, a fingerprint that does not
read), is a build. Standard library only, so that such a build imports none of the rest.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from .damage import Search, look_for_damage, stopped_on_failure
from .hashing import digest, engine_digest, file_key, folder_digest, is_ignored
from .options import BuildOptions, BuildResult
from .output import (
    EXTRAS,
    MANIFEST,
    cache_folder,
    iter_static,
    manifest_time,
    same_bytes,
    staging_folder,
    write_atomic,
)
from .reading import MAX_BYTES, read_limited
from .templates import PAIR_TEMPLATES, template_digests

GATE = "unchanged"  # the cache file holding the last build's fingerprint and summary
VERSION = "2"  # its first line: bump when what the fingerprint covers changes
ENGINE_MEMO = "engine"  # the engine's hash, under its files' sizes and times (a cache file)
STATE = "state.json"  # the state a build leaves (see `state`)
ROOT_FILES = "root"  # a content folder's files for the site's root: CNAME, _headers...
SITE_FILE = "site.yaml"
RoleKeys = list[tuple[str, str]]  # (slug, file_key) of every role file, sorted


class Gate(NamedTuple):
    """What the last build left: the fingerprints of all its inputs, of its frame and of its
    cache files, and its summary's figures."""

    inputs: str
    frame: str
    cache: str
    files: int
    roles: int
    bytes: int
    thin: int


def iter_extras(options: BuildOptions) -> Iterator[tuple[str, Path]]:
    """Yield (output path, source) of the files copied as they are: static and root files."""
    yield from iter_static(options.static, "static")
    yield from iter_static(options.content / ROOT_FILES, "")


def content_digest(roles: Iterable[tuple[str, str]], site: str | None) -> str:
    """Return a hash of a content folder as a build reads it: the role files' `file_key`s by
    slug, and site.yaml's (`site`, None if there is none)."""
    return digest(VERSION, sorted(roles), site)


class Fingerprint(NamedTuple):
    """The hashes of what a build is made from (see `fingerprint`)."""

    inputs: str  # all of it
    frame: str  # what every comparison page is made from, the slugs for the role files


def fingerprint(options: BuildOptions, engine: str, roles: Iterable[tuple[str, str]],
                site: str | None) -> Fingerprint:
    """Return the hashes of everything a build of `options` is made from: the `engine`'s
    hash, the role files' `file_key`s by slug (`roles`), site.yaml's (`site`), the
    templates, static and root files, and the options that shape pages.

    The frame is what every comparison page is made from but the role files' bytes: the
    slugs, site.yaml, the engine, the comparison's templates, the static files (their
    version is in every page's links). When it changes, a build renders every page as a
    rule; a role or 404 template, or a root file, changes a few pages."""
    folders = (options.content, options.templates, options.static)
    fixed = digest(engine, folder_digest(options.static),
                   [str(folder.resolve()) for folder in folders], tuple(options.shard))
    roles = sorted(roles)
    inputs = digest(content_digest(roles, site), fixed, folder_digest(options.templates),
                    folder_digest(options.content / ROOT_FILES))
    pair = template_digests(options.templates, {"pair": PAIR_TEMPLATES})["pair"]
    return Fingerprint(inputs, digest(VERSION, [slug for slug, _ in roles], site, fixed, pair))


def cache_digest(cache: Path) -> str | None:
    """Return a hash of the size, time and inode of the state and manifests a build left in
    `cache` (not the manifest's time, which every rebuild moves); None if one is missing."""
    found: list[object] = []
    try:
        for name in (STATE, EXTRAS, MANIFEST):
            st = os.stat(cache / name)  # noqa: PTH116 (one call, as the others here)
            found.append((name, st.st_size, st.st_ino,
                          st.st_mtime_ns if name != MANIFEST else 0))
    except OSError:
        return None
    return digest(*found)


def remember(options: BuildOptions, made_from: Fingerprint, result: BuildResult) -> None:
    """Keep the fingerprint of a build that just ended well, `made_from` those inputs, with
    the figures of its `result`."""
    cache = cache_folder(options.out)
    kept = cache_digest(cache)
    if kept is None:
        return
    figures = f"{result.files} {result.roles} {result.bytes} {result.thin}"
    lines = (VERSION, made_from.inputs, made_from.frame, kept, figures)
    write_atomic(cache / GATE, "".join(f"{line}\n" for line in lines).encode())


def forget(options: BuildOptions) -> None:
    """Drop the last build's fingerprint: a build that starts may leave the output other
    than it said, until it ends and leaves its own."""
    (cache_folder(options.out) / GATE).unlink(missing_ok=True)


def read_gate(path: Path) -> Gate | None:
    """Return the fingerprint kept in `path`, or None if there is none or it does not read."""
    try:
        lines = path.read_text("ascii").split("\n")
        version, inputs, frame, cache, figures, end = lines
        files, roles, size, thin = map(int, figures.split(" "))
    except (OSError, ValueError):
        return None
    if version != VERSION or end:
        return None
    return Gate(inputs, frame, cache, files, roles, size, thin)


def role_keys(folder: Path, read: dict[str, bytes]) -> RoleKeys | None:
    """Return (slug, file_key) of every role file in `folder`, as loading them finds them;
    None when a file is not a plain .yaml file (a link, a folder...) or is too big to be a
    role file: a build looks at it. Puts the bytes of each file read in `read`, by name,
    for the build that may follow (its second read of every file cost 1,000 system calls
    at 200 roles)."""
    keys = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if is_ignored(entry.name):
                    continue
                if not entry.name.endswith(".yaml") or not entry.is_file(follow_symlinks=False):
                    return None
                # Not followed: a link put in its place since the listing means a build.
                raw = read_limited(entry.path, MAX_BYTES, follow=False)
                if len(raw) > MAX_BYTES:
                    return None
                slug = entry.name.removesuffix(".yaml")
                keys.append((slug, file_key(slug, raw)))
                read[entry.name] = raw
    except OSError:
        return None
    return sorted(keys)


def site_key(content: Path) -> tuple[bool, str | None]:
    """Return (whether site.yaml could be read or is absent, its file_key or None)."""
    try:
        return True, file_key(SITE_FILE, (content / SITE_FILE).read_bytes())
    except FileNotFoundError:
        return True, None
    except OSError:
        return False, None


def extras_intact(options: BuildOptions) -> int | None:
    """Return how many static and root files this shard has if every one is in the output
    as copied (the same bytes, in a plain file with no link on its way, which a build
    refuses); else None."""
    out = os.path.realpath(options.out)
    count = 0
    for path, source in iter_extras(options):
        if not options.shard.has(path):
            continue
        found = os.path.join(out, path)  # noqa: PTH118 (os paths, as realpath's)
        if os.path.realpath(found) != found or not same_bytes(Path(found), source.read_bytes()):
            return None
        count += 1
    return count


def unchanged_build(options: BuildOptions, read: dict[str, bytes] | None = None,
                    searches: list[Search] | None = None) -> BuildResult | None:
    """Return what a build of `options` would report if it has nothing to do, having done
    what such a build does (the manifest's time moved); None if it may have something to
    do. Puts in `read` the bytes of the role files it read, by file name (see
    `role_keys`), and in `searches` the search for damaged pages it started, if any, for
    the build that follows to wait for. The search is stopped instead when the frame
    changed (see `fingerprint`): such a build renders every page as a rule, which finds
    what was lost, and one that does not begins its own search.
    To be called holding the output's lock."""
    started, cache = time.perf_counter(), cache_folder(options.out)
    gate = read_gate(cache / GATE)
    finished = manifest_time(options.out)
    if gate is None or finished is None or staging_folder(options.out).exists() \
            or cache_digest(cache) != gate.cache:
        return None
    # One stat a page, in a child (or a thread) while the rest is read and hashed: most of
    # a no-op's time, and what a one-role edit waited for.
    damage = look_for_damage(options.out, finished)
    with stopped_on_failure(damage):  # no search left running, nor a child unreaped
        extras, same_frame = same_inputs(options, gate, {} if read is None else read)
        # Lost pages listed, or None: too many to list, or a manifest that no longer lists
        # the pages the last build wrote (the gate's files less the extras) whole: damaged
        # in place, its size and inode kept, which is all the gate tells of it.
        lost = damage(pages=gate.files - extras) if extras is not None else []
    if extras is None:  # some input changed
        if searches is None or not same_frame:
            damage(needed=False)
        else:
            searches.append(Search(finished, damage))
        return None
    if lost != []:
        return None
    os.utime(cache / MANIFEST)  # what is older than this is as built, as a rebuild says
    return BuildResult(gate.files, gate.roles, 0, 0, gate.bytes,
                       time.perf_counter() - started, (), gate.thin)


def same_inputs(options: BuildOptions, gate: Gate, read: dict[str, bytes],
                ) -> tuple[int | None, bool]:
    """Return (how many static and root files this shard has if the inputs of a build of
    `options` hash as the last build's `gate` says and those files are in the output as
    copied, else None; whether the frame is the gate's). Put the bytes of the role files
    read in `read`, by file name."""
    roles = role_keys(options.content / "roles", read)
    readable, site = site_key(options.content)
    if roles is None or not readable:
        return None, False
    engine = engine_digest(cache_folder(options.out) / ENGINE_MEMO)
    found = fingerprint(options, engine, roles, site)
    if found.inputs != gate.inputs:
        return None, found.frame == gate.frame
    return extras_intact(options), True
