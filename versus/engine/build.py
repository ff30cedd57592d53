"""The whole build, top to bottom: load, plan, take stock, prepare, render and write, commit."""

from __future__ import annotations

import os
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .content import Content, Parsed, load_content
from .inputs import Inputs, Key, Pattern, View, engine_digest, folder_digest
from .model import ContentError, Page, Problem
from .output import (
    EXTRAS,
    MANIFEST,
    Manifest,
    cache_folder,
    check_output_folder,
    is_intact,
    iter_damaged,
    iter_static,
    manifest_time,
    read_manifest,
    recover,
    remove_stale,
    write_atomic,
)
from .pages import KINDS, plan_pages, render_page
from .pairs import Pairing
from .plan import page_at, pages_showing
from .prepare import PreparedRole, prepare_roles
from .render import Renderer, template_digests
from .report import Quiet, Reporter
from .state import (
    STATE,
    BuildState,
    Changes,
    DiskCache,
    changes,
    load_state,
    next_state,
    state_bytes,
)
from .urls import parse_path
from .workers import Job, render_pages
from .writer import InPlace, Writer, choose_writer, staging_folder

PROJECT = Path(__file__).resolve().parents[2]
ENGINE = engine_digest()
ROOT_FILES = "root"  # a content folder's files for the site's root: CNAME, _headers...


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


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did."""

    files: int
    roles: int
    written: int
    removed: int
    bytes: int
    seconds: float
    kept: tuple[str, ...] = ()  # files in the output that no build wrote, left where they were

    @property
    def unchanged(self) -> int:
        """Return how many files the build left as they were."""
        return self.files - self.written


@dataclass
class Tally:
    """What the build went through: files, bytes, and what was written and removed."""

    files: int = 0
    bytes: int = 0
    written: int = 0
    removed: int = 0
    reads: dict[str, set[Pattern]] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)


def build_site(options: BuildOptions, reporter: Reporter | None = None) -> BuildResult:
    """Build the site; raise ContentError, having written nothing, if the content is bad."""
    started, reporter = time.perf_counter(), reporter or Quiet()
    cache = cache_folder(options.out)
    recover(staging_folder(options.out), options.out)
    content = load_content(options.content, DiskCache(cache / "parsed", ENGINE, Parsed))
    check_output_folder(options.out, options.overwrite_foreign)
    pairing = Pairing(content.roles, content.site.pairs, content.site.max_pairs_per_role)
    renderer = Renderer(content.site, options.templates, folder_digest(options.static)[:10],
                        cache / "templates")
    inputs = Inputs(content.site, pairing, fixed_hashes(options), content.files)
    finished = last_build(options.out)
    old, notice = load_state(cache) if finished else (BuildState(), None)
    if notice:
        reporter.notice(notice)
    changed = changes(old, inputs, KINDS)
    walk = finished is None or changed.listing or "pair" in changed.kinds
    damaged = [] if walk or finished is None else list(iter_damaged(options.out, finished))
    prepared = DiskCache(cache / "prepared", ENGINE, PreparedRole)
    fresh: set[str] = set()
    if walk or damaged or not changed.nothing:
        inputs.prepared, fresh = prepare_roles(content.roles, lambda slug: prepared.get(
            inputs.role_hashes[slug]))
    if walk:
        tally = write_every_page(renderer, inputs, changed, options, reporter, finished)
    else:
        assert finished is not None
        tally = write_changed(renderer, inputs, changed, old, options, reporter, damaged)
    keep_for_next_build(content, inputs, fresh, prepared, cache, tally)
    state = next_state(inputs, merged_reads(old, changed, tally), tally.files, tally.bytes)
    write_atomic(cache / STATE, state_bytes(state))
    extras_files, extras_bytes = extras_size(options)
    return BuildResult(tally.files + extras_files, len(content.roles), tally.written,
                       tally.removed, tally.bytes + extras_bytes,
                       time.perf_counter() - started, tuple(tally.kept))


def page_renderer(content: Content, templates: Path, static: Path,
                  bytecode: Path | None = None) -> tuple[Pairing, Callable[[Page], bytes]]:
    """Return the pairing of `content` and a function that renders any of its pages to bytes,
    in memory (for `check` and the tests); raise ContentError naming a template that fails."""
    pairing = Pairing(content.roles, content.site.pairs, content.site.max_pairs_per_role)
    renderer = Renderer(content.site, templates, folder_digest(static)[:10], bytecode)
    inputs = Inputs(content.site, pairing, {})
    inputs.prepared, _ = prepare_roles(content.roles)
    return pairing, lambda page: render_page(renderer, page, View(inputs))


def fixed_hashes(options: BuildOptions) -> dict[Key, str]:
    """Return the hashes of what every page is made with: engine, templates, static files."""
    kinds = {kind.name: kind.templates for kind in KINDS.values()}
    fixed: dict[Key, str] = {("engine",): ENGINE, ("static",): folder_digest(options.static)}
    for kind, found in template_digests(options.templates, kinds).items():
        fixed[("templates", kind)] = found
    return fixed


def last_build(out: Path) -> int | None:
    """Return when the last build of `out` finished (ns), or None if its output is gone."""
    return manifest_time(out) if out.is_dir() else None


def write_every_page(renderer: Renderer, inputs: Inputs, changed: Changes,
                     options: BuildOptions, reporter: Reporter, finished: int | None) -> Tally:
    """Walk every planned page: render what changed, keep the rest, drop what is gone."""
    extras_before = set(read_manifest(options.out, EXTRAS))
    writer = choose_writer(options.out, finished is None or "pair" in changed.kinds,
                           owned=lambda path: parse_path(path) is not None or
                           path in extras_before)
    manifest, extras, tally = Manifest(options.out), Manifest(options.out, EXTRAS), Tally()
    reporter.expect(count_pages(inputs.pairing) // options.shard.count)
    try:
        pages = pages_to_render(plan_pages(inputs.pairing), changed, options, writer,
                                manifest, tally, finished, reporter)
        record(tally, render_pages(Job(renderer, inputs, writer), pages, options.jobs,
                                   reporter.advance))
        tally.written += copy_extras(options, writer, extras, inputs.pairing)
        tally.removed = writer.remove_stale(keeper(options, inputs.pairing))
        tally.kept = writer.commit()
    except BaseException:
        manifest.discard()
        extras.discard()
        writer.rollback()
        raise
    manifest.commit()
    extras.commit()
    return tally


def pages_to_render(pages: Iterator[Page], changed: Changes, options: BuildOptions,
                    writer: Writer, manifest: Manifest, tally: Tally, finished: int | None,
                    reporter: Reporter) -> Iterator[Page]:
    """Yield the pages of this shard that changed or whose file is missing or was altered."""
    out, skipped = f"{options.out}{os.sep}", 0
    for page in pages:
        path = page.output_path
        if not options.shard.has(path):
            continue
        manifest.add(path)
        tally.files += 1
        size = None if finished is None or changed.is_dirty(page) else is_intact(
            out + path, finished)
        if size is None:
            yield page
            continue
        tally.bytes += size
        writer.keep(path)
        skipped += 1
        if skipped % 1000 == 0:
            reporter.advance(1000)


def write_changed(renderer: Renderer, inputs: Inputs, changed: Changes, old: BuildState,
                  options: BuildOptions, reporter: Reporter, damaged: list[str]) -> Tally:
    """Render only the pages that changed, and any the output lost: the set of files stays."""
    pages = {p.output_path: p for p in pages_showing(inputs.pairing, changed.kinds,
                                                        changed.touched)
             if changed.is_dirty(p) and options.shard.has(p.output_path)}
    for path in damaged:
        page = page_at(inputs.pairing, path)
        if page is not None:
            pages.setdefault(path, page)
    reporter.expect(len(pages))
    before = sum(file_size(options.out / path) for path in pages)
    writer, tally = InPlace(options.out), Tally(files=old.files)
    extras = Manifest(options.out, EXTRAS)
    try:
        record(tally, render_pages(Job(renderer, inputs, writer), list(pages.values()),
                                   options.jobs, reporter.advance))
        tally.written += copy_extras(options, writer, extras, inputs.pairing)
        tally.removed = remove_stale(options.out, keeper(options, inputs.pairing), (EXTRAS,))
    except BaseException:
        extras.discard()
        raise
    extras.commit()
    os.utime(cache_folder(options.out) / MANIFEST)  # what is older than this is as built
    tally.bytes += old.bytes - before
    return tally


def record(tally: Tally, done: tuple[int, int, dict[str, set[Pattern]]]) -> None:
    """Add what the renderers did to `tally`."""
    tally.written += done[0]
    tally.bytes += done[1]
    tally.reads = done[2]


def file_size(path: Path) -> int:
    """Return the size of a file, 0 if there is none."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def count_pages(pairing: Pairing) -> int:
    """Return about how many pages the plan holds, for the progress bar."""
    return 5 + len(pairing.roles) + pairing.count()


def iter_extras(options: BuildOptions) -> Iterator[tuple[str, Path]]:
    """Yield (output path, source) of the files copied as they are: static and root files."""
    yield from iter_static(options.static, "static")
    yield from iter_static(options.content / ROOT_FILES, "")


def copy_extras(options: BuildOptions, writer: Writer, extras: Manifest,
                pairing: Pairing) -> int:
    """Copy this shard's static and root files; return how many were written."""
    written = 0
    for path, source in iter_extras(options):
        if page_at(pairing, path) is not None or (
                not path.startswith("static/") and parse_path(path) is not None):
            raise ContentError([Problem(str(source), 1, "", "a page of the site has this "
                                        "path; a root file may not replace it")])
        if options.shard.has(path):
            extras.add(path)
            written += writer.write(path, source.read_bytes())
    return written


def extras_size(options: BuildOptions) -> tuple[int, int]:
    """Return how many static and root files this shard has, and their bytes."""
    found = [source.stat().st_size for path, source in iter_extras(options)
             if options.shard.has(path)]
    return len(found), sum(found)


def keeper(options: BuildOptions, pairing: Pairing) -> Callable[[str], bool]:
    """Return a test of whether a file the previous build wrote belongs to this build."""
    extras = {path for path, _ in iter_extras(options)}
    return lambda path: options.shard.has(path) and (
        path in extras or page_at(pairing, path) is not None)


def merged_reads(old: BuildState, changed: Changes,
                 tally: Tally) -> dict[str, frozenset[Pattern]]:
    """Return what each kind of page reads: learned afresh where all its pages rendered."""
    result = {}
    for kind in KINDS:
        found = set(tally.reads.get(kind, ()))
        if kind not in changed.kinds:
            found |= old.reads.get(kind, frozenset())
        # Empty when the output holds no page of the kind: should one appear, the listing
        # changes, and a page whose file is missing is always rendered.
        result[kind] = frozenset(found)
    return result


def keep_for_next_build(content: Content, inputs: Inputs, fresh: set[str],
                        prepared: DiskCache, cache: Path, tally: Tally) -> None:
    """Keep what this build parsed and prepared afresh, for the builds after it."""
    parsed = DiskCache(cache / "parsed", ENGINE, Parsed)
    if tally.written or tally.removed:
        parsed.prune(content.files.values())
        prepared.prune(inputs.role_hashes.values())
    for key, found in content.fresh.items():
        parsed.put(key, found)
    for slug in sorted(fresh):
        prepared.put(inputs.role_hashes[slug], inputs.prepared[slug])
