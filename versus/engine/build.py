"""The whole build, top to bottom: load, prepare, plan, render only what changed, write."""

from __future__ import annotations

import os
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .content import Content, load_content
from .model import Page
from .output import (
    MANIFEST,
    Manifest,
    cache_folder,
    check_output_folder,
    count_stale,
    iter_static,
    link_into,
    recover,
    remove_stale,
    swap_in,
    write_atomic,
    write_file,
)
from .pairs import Pairing
from .plan import count_pairs, has_page, iter_pages_of, plan_pages, sitemap_parts
from .prepare import PreparedRoles, title_urls
from .render import Renderer, template_digests
from .state import (
    STATE,
    BuildState,
    Changes,
    DiskCache,
    changes,
    digest,
    folder_digest,
    load_state,
    role_digests,
    to_pickle,
)
from .workers import render_pages

PROJECT = Path(__file__).resolve().parents[2]
CODE = folder_digest(Path(__file__).resolve().parent)


@dataclass(frozen=True, slots=True)
class Shard:
    """The slice K of N of a build's files, chosen by a stable hash of each file's path."""

    index: int = 1
    count: int = 1

    def has(self, path: str) -> bool:
        """Return whether this shard builds the file at `path`."""
        return self.count == 1 or zlib.crc32(path.encode()) % self.count == self.index - 1


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Where a build reads from and writes to, and how it splits the work."""

    content: Path = Path("content")
    out: Path = Path("site")
    templates: Path = PROJECT / "templates"
    static: Path = PROJECT / "static"
    overwrite_foreign: bool = False
    jobs: int = 0  # worker processes; 0 picks by the machine and the work
    shard: Shard = Shard()
    progress: Callable[[int], None] | None = None  # told how many pages each step finished
    expect: Callable[[int], None] | None = None  # told how many pages the build goes through


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did."""

    files: int
    roles: int
    written: int
    removed: int
    bytes: int
    seconds: float

    @property
    def unchanged(self) -> int:
        """Return how many files the build left as they were."""
        return self.files - self.written


def state_of(content: Content, pairing: Pairing, options: BuildOptions) -> BuildState:
    """Return the inputs of every page of this build, by what they depend on."""
    roles, site = content.roles, content.site
    related = {r.slug: pairing.related(r.slug, site.related_per_role + 1) for r in roles}
    partners = [pairing.partners(r.slug) for r in roles] if pairing.cap else None
    return BuildState(
        engine=digest(CODE, folder_digest(options.static), site),
        templates=template_digests(options.templates),
        index=digest([(r.slug, r.title, r.category, r.salary.yearly) for r in roles], partners),
        listing=digest([(r.slug, r.title) for r in roles], partners),
        roles=role_digests(roles, related, title_urls(roles)),
    )


@dataclass
class Tally:
    """What the plan yielded as it streamed past: files, and bytes of those left alone."""

    files: int = 0
    bytes: int = 0


def pages_to_render(pages: Iterator[Page], dirty: Changes, options: BuildOptions,
                    manifest: Manifest, tally: Tally, into: Path) -> Iterator[Page]:
    """Yield the pages of this shard whose inputs changed or whose file is missing.

    When writing `into` a fresh folder, a page left as it was is linked there from the output.
    """
    out, skipped = f"{options.out}{os.sep}", 0
    fresh = f"{into}{os.sep}" if into != options.out else None
    for page in pages:
        path = page.output_path
        if not options.shard.has(path):
            continue
        manifest.add(path)
        tally.files += 1
        if not dirty.is_dirty(page):
            try:  # plain strings: pathlib here costs more than the stat itself
                tally.bytes += os.stat(out + path).st_size  # noqa: PTH116
                if fresh:
                    link_into(Path(fresh + path), Path(out + path))
                skipped += 1
                if skipped % 1000 == 0 and options.progress:
                    options.progress(1000)
                continue
            except FileNotFoundError:
                pass
        yield page


def copy_static(options: BuildOptions, manifest: Manifest, tally: Tally, into: Path,
                previous: Path | None) -> tuple[int, int]:
    """Copy the static files of this shard; return (files written, bytes)."""
    written = size = 0
    for path, source in iter_static(options.static, "static"):
        if options.shard.has(path):
            manifest.add(path)
            data = source.read_bytes()
            written += write_file(into, path, data, previous)
            size += len(data)
            tally.files += 1
    return written, size


def keeper(content: Content, pairing: Pairing, options: BuildOptions) -> Callable[[str], bool]:
    """Return a test of whether a file the previous build wrote belongs to this build."""
    slugs = {r.slug for r in content.roles}
    parts = sitemap_parts(1 + len(slugs) + count_pairs(content.roles, pairing))
    statics = {path for path, _ in iter_static(options.static, "static")}
    return lambda path: options.shard.has(path) and (
        path in statics or has_page(path, slugs, pairing, parts))


def write_all(renderer: Renderer, content: Content, dirty: Changes, options: BuildOptions,
              fresh: bool) -> tuple[Tally, int, int]:
    """Render what changed of every page, copy static files, drop files no longer planned.

    A `fresh` build writes a new folder beside the output and swaps it in at the end, so
    that a build stopped half-way leaves the old site whole. Returns the tally, the files
    written and the files removed.
    """
    into = staging_folder(options.out) if fresh else options.out
    previous = options.out if fresh else None
    manifest = Manifest(options.out)
    if options.expect:
        total = 4 + len(content.roles) + count_pairs(content.roles, renderer.pairing)
        options.expect(total // options.shard.count)
    try:
        tally = Tally()
        pages = pages_to_render(plan_pages(content.roles, renderer.pairing), dirty, options,
                                manifest, tally, into)
        written, size = render_pages(renderer, pages, into, options.jobs, previous,
                                     options.progress)
        static_written, static_size = copy_static(options, manifest, tally, into, previous)
        keep = keeper(content, renderer.pairing, options)
        removed = count_stale(options.out, keep) if fresh else remove_stale(options.out, keep)
        if fresh:
            swap_in(into, options.out)
        manifest.commit()
    except BaseException:
        manifest.discard()
        raise
    tally.bytes += size + static_size
    return tally, written + static_written, removed


def staging_folder(out: Path) -> Path:
    """Return where a fresh build writes before it takes the output's place."""
    return cache_folder(out) / "staging"


def write_changed(renderer: Renderer, dirty: Changes, options: BuildOptions,
                  old: BuildState) -> tuple[Tally, int, int]:
    """Render only the pages of the changed roles: the set of files is as it was."""
    pages = [p for p in iter_pages_of(dirty.roles, renderer.pairing, dirty.index)
             if options.shard.has(p.output_path)]
    if options.expect:
        options.expect(len(pages))
    before = sum(file_size(options.out / p.output_path) for p in pages)
    written, size = render_pages(renderer, pages, options.out, options.jobs,
                                 progress=options.progress)
    return Tally(old.files, old.bytes - before + size), written, 0


def file_size(path: Path) -> int:
    """Return the size of a file, 0 if there is none."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def write_pages(renderer: Renderer, content: Content, dirty: Changes, options: BuildOptions,
                old: BuildState) -> tuple[Tally, int, int]:
    """Write what changed, the cheapest safe way; return the tally, files written and removed."""
    if dirty.everything or dirty.listing or dirty.kinds:
        # Where most pages change, a fresh folder swapped in whole costs no more and is safer.
        fresh = dirty.everything or "pair" in dirty.kinds
        return write_all(renderer, content, dirty, options, fresh)
    return write_changed(renderer, dirty, options, old)


def usable_state(cache: Path, out: Path) -> BuildState:
    """Return the last build's state, or an empty one if its output is gone."""
    return load_state(cache) if out.is_dir() and (cache / MANIFEST).exists() else BuildState()


def build_site(options: BuildOptions) -> BuildResult:
    """Build the site; raise ContentError, having written nothing, if the content is bad."""
    started = time.perf_counter()
    cache = cache_folder(options.out)
    parsed, prepared = DiskCache(cache / "parsed", CODE), DiskCache(cache / "prepared", CODE)
    recover(staging_folder(options.out), options.out)
    old = usable_state(cache, options.out)
    content = load_content(options.content, parsed)
    check_output_folder(options.out, options.overwrite_foreign)
    pairing = Pairing(content.roles, content.site.pairs, content.site.max_pairs_per_role)
    new = state_of(content, pairing, options)
    roles = PreparedRoles(content.roles, lambda slug: prepared.get(new.roles[slug]))
    renderer = Renderer(content, pairing, options.templates, options.static, roles,
                        cache / "templates")
    if new != old:
        (cache / STATE).unlink(missing_ok=True)  # a build cut short must not look complete
    tally, written, removed = write_pages(renderer, content, changes(new, old), options, old)
    if written or removed:
        parsed.prune(content.files.values())
        prepared.prune(new.roles.values())
    keep_for_next_build(content, new, roles, parsed, prepared)
    if new != old or written or removed or not (cache / STATE).exists():
        write_atomic(cache / STATE, to_pickle(replace(new, files=tally.files, bytes=tally.bytes)))
    return BuildResult(tally.files, len(content.roles), written, removed, tally.bytes,
                       time.perf_counter() - started)


def keep_for_next_build(content: Content, new: BuildState, roles: PreparedRoles,
                        parsed: DiskCache, prepared: DiskCache) -> None:
    """Keep what this build parsed and prepared afresh, for the builds after it."""
    for key, found in content.fresh.items():
        parsed.put(key, found)
    for slug in sorted(roles.fresh):
        prepared.put(new.roles[slug], roles.prepared[slug])
