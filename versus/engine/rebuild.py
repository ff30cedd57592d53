"""Rendering and writing what changed: a walk over every page, or only the changed ones."""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from .digests import Digests, Recorded
from .errors import shown
from .hashing import digest, folder_digest
from .inputs import Inputs, Pattern
from .model import ContentError, Page, Problem
from .options import BuildOptions, Shard
from .output import (
    EXTRAS,
    Manifest,
    cache_folder,
    is_intact,
    iter_static,
    read_manifest,
    remove_stale,
)
from .pages import plan_pages
from .pairs import Pairing
from .plan import page_at, pages_showing, plan_key
from .report import Reporter
from .session import Session
from .state import BuildState, BundleCache, Changes
from .unchanged import ROOT_FILES, iter_extras
from .unfinished import clear_unfinished
from .urls import parse_path
from .workers import Done, Job, Task, as_tasks, render_pages
from .writer import InPlace, Writer, choose_writer

if TYPE_CHECKING:
    from .render import Renderer

PARTS = "parts.msgpack"  # every role's parts as the last build's pages used them, by role hash
# Pages to render that are held once planned, where more are planned again to be rendered
# (see Dirty): a one-role edit at 832 roles is 842 pages, planned twice in 0.1 s.
HELD = 2_000

@dataclass
class Tally:
    """What the build went through: files, bytes, and what was written and removed."""

    files: int = 0
    bytes: int = 0
    written: int = 0
    removed: int = 0
    reads: dict[str, set[Pattern]] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Run:
    """One build under way: what it was asked, what it is made from, whom it tells."""

    options: BuildOptions
    inputs: Inputs
    reporter: Reporter
    session: Session = field(default_factory=Session)

    @functools.cached_property
    def renderer(self) -> Renderer:
        """Return the site's renderer, its templates compiled: made when a page must render,
        so that a build with nothing to render never imports Jinja2.

        Raises ContentError naming the template that does not compile.
        """
        from .render import Renderer  # Jinja2: see above

        site, templates, version = self.inputs.site, self.options.templates, self.static_version
        renderer = self.session.renderer(site, templates, version, lambda earlier: Renderer(
            site, templates, version, earlier=earlier))
        renderer.keep_parts(self.parts_store, self.inputs.role_hashes)
        return renderer

    @functools.cached_property
    def parts_store(self) -> BundleCache:
        """Return the cache of roles' parts (`Renderer.keep_parts`), by role hash: those of
        another engine, other templates, settings or static files are not read. Decoded as
        the Markup the pages print: made from text, the parts of 832 roles were 2.4 MB more."""
        inputs = self.inputs
        made_with = digest(inputs.hashes.get(("engine",)), folder_digest(self.options.templates),
                           inputs.site, self.static_version)
        return BundleCache(cache_folder(self.options.out) / PARTS, made_with, dict[str, Markup])

    def keep_parts(self) -> None:
        """Keep, for the next build, the parts of every role of this one that some build
        made, if this one made some (else the file holds them, or a preview's memory)."""
        if "renderer" not in vars(self) or not self.renderer.made:
            return
        store, roles = self.parts_store, set(self.inputs.role_hashes.values())
        held = store.held()
        made = self.renderer.parts_text(held.keys())
        store.keep({key: held[key] for key in held.keys() & roles} | made, bool(made))

    @property
    def static_version(self) -> str:
        """Return the static files' version, in every asset's URL: a new one busts caches."""
        return (self.inputs.hashes[("static",)] or "")[:10]

    def render(self, tasks: Iterable[Task], writer: Writer) -> Done:
        """Render and write the pages of `tasks` on every core; return what was written
        and read."""
        job = Job(self.renderer, self.inputs, writer)
        return render_pages(job, tasks, self.options.jobs, self.reporter.advance,
                            self.session.parallel_from)


def write_every_page(run: Run, changed: Changes, finished: int | None) -> Tally:
    """Walk every planned page: render what changed, keep the rest, drop what is gone."""
    options, pairing = run.options, run.inputs.pairing
    # Ours: pages, and static and root files, whether the last build wrote them or this one
    # will (a root file added now takes the place of a publisher's file of that name).
    extras_too = set(read_manifest(options.out, EXTRAS)) | {p for p, _ in iter_extras(options)}
    digests = Digests(options.out, Recorded(options.out, finished, plan_key))
    try:
        writer = choose_writer(options.out, finished is None or "pair" in changed.kinds,
                               owned=lambda path: parse_path(path) is not None or
                               path in extras_too, digests=digests)
    except BaseException:
        digests.discard()
        raise
    manifest, extras, tally = Manifest(options.out), Manifest(options.out, EXTRAS), Tally()
    run.reporter.expect(count_pages(pairing) // options.shard.parts)
    try:
        walk = Walk(run, changed, writer, manifest, finished, digests)
        record(tally, run.render(walk.pages_to_render(plan_pages(pairing), tally), writer))
        tally.written += copy_extras(options, writer, extras, pairing)
        # With no output left of the last build, what it wrote is gone already.
        tally.removed = writer.remove_stale(keeper(options, pairing)) if finished else 0
        tally.kept = writer.commit()
    except BaseException:
        manifest.discard()
        extras.discard()
        writer.rollback()
        raise
    manifest.commit()
    extras.commit()
    clear_unfinished(options.out)  # only now: the manifests name every page written in place
    return tally


@dataclass(frozen=True)
class Walk:
    """A pass over every planned page, keeping what is as it should be."""

    run: Run
    changed: Changes
    writer: Writer
    manifest: Manifest
    finished: int | None  # when the last build finished (ns); None: there was none
    digests: Digests  # those this build records, and the last build's

    def pages_to_render(self, pages: Iterator[Page], tally: Tally) -> Iterator[Task]:
        """Yield the pages of this shard that changed or whose file is missing or altered,
        with their slots for digests; keep the others, counting them in `tally`."""
        shard, skipped, recorded = self.run.options.shard, 0, self.digests.recorded
        for page in pages:
            path = page.output_path
            if not shard.has(path):
                continue
            index = self.manifest.add(path)
            tally.files += 1
            known = recorded.find(path)
            found = self.intact(page)
            if found is None:
                yield page, (index, known)
                continue
            tally.bytes += found.st_size
            self.writer.keep(path)
            self.digests.keep(index, found, known)
            skipped += 1
            if skipped % 1000 == 0:
                self.run.reporter.advance(1000)

    def intact(self, page: Page) -> os.stat_result | None:
        """Return the `stat` of the page's file if it can stay as it is, else None."""
        if self.finished is None or self.changed.is_dirty(page):
            return None
        # plain strings: pathlib here costs more than the stat itself
        return is_intact(f"{self.run.options.out}{os.sep}{page.output_path}", self.finished)


def write_changed(run: Run, changed: Changes, old: BuildState, damaged: list[str]) -> Tally:
    """Render only the pages that changed, and any the output lost: the set of files stays."""
    options, open_pages = run.options, run.session.open_pages
    first = open_pages.paths() if open_pages is not None else frozenset()
    pages = Dirty(run.inputs.pairing, changed, options.shard, damaged, first)
    writer, tally = InPlace(options.out), Tally(files=old.files)
    extras = Manifest(options.out, EXTRAS)
    try:
        shown, before = render_open_first(run, pages, writer, tally)
        count, size, following = count_following(options.out, pages)
        run.reporter.expect(shown + count)
        if count:  # else no template need be compiled, nor Jinja2 imported
            record(tally, run.render(as_tasks(following), writer))
        tally.written += copy_extras(options, writer, extras, run.inputs.pairing)
        tally.removed = remove_stale(options.out, keeper(options, run.inputs.pairing), (EXTRAS,))
    except BaseException:
        extras.discard()
        writer.rollback()
        raise
    writer.commit()
    extras.commit()
    clear_unfinished(options.out)  # see write_every_page
    run.session.rendered_in_place(options.out, (page.output_path for page in pages))
    if damaged:  # what a lost or altered page held when built is known nowhere: count all
        tally.bytes = pages_size(options.out)
    else:
        tally.bytes += old.bytes - before - size
    return tally


def pages_size(out: Path) -> int:
    """Return the bytes of the pages the output's manifest lists, as they are now."""
    return sum(file_size(f"{out}{os.sep}{path}") for path in read_manifest(out))


def render_open_first(run: Run, pages: Dirty, writer: Writer, tally: Tally) -> tuple[int, int]:
    """Render and write the open pages among `pages`, adding what was done to `tally`, and
    tell the session which they are; return how many, and the bytes their files held.

    Done before the other pages are even counted: those wait, the person looking does not.
    """
    first = list(pages.leading())
    if not first:
        return 0, 0
    count, before = count_and_size(run.options.out, first)
    record(tally, run.render(as_tasks(first), writer))
    assert run.session.open_pages is not None  # else no page leads
    run.session.open_pages.written([page.output_path for page in first])
    return count, before


@dataclass(frozen=True)
class Dirty:
    """The pages an incremental build renders: those open in a browser, then those that
    changed, then those the output lost, planned afresh on each pass rather than held
    (but for a few, see `count_following`): a change can reach most comparisons (one
    salary raised tenfold at 832 roles: 61,000 pages, which held took 21 MB)."""

    pairing: Pairing
    changed: Changes
    shard: Shard
    damaged: list[str]  # output paths whose files are missing or were altered
    first: frozenset[str] = frozenset()  # output paths of pages to render before the others

    def __iter__(self) -> Iterator[Page]:
        """Yield each page to render once: the open ones, then the others."""
        yield from self.leading()
        yield from self.following()

    def leading(self) -> Iterator[Page]:
        """Yield the pages of `first` that are to render (changed or lost), by path."""
        lost = set(self.damaged) & self.first
        for path in sorted(self.first):
            page = page_at(self.pairing, path)
            if page is not None and self.shard.has(path) and (
                    path in lost or self.changed.is_dirty(page)):
                yield page

    def following(self) -> Iterator[Page]:
        """Yield the other pages to render: the changed ones, then the lost ones."""
        lost = dict.fromkeys(p for p in self.damaged if p not in self.first)
        for page in pages_showing(self.pairing, self.changed.kinds, self.changed.touched):
            path = page.output_path
            if self.changed.is_dirty(page) and self.shard.has(path) and path not in self.first:
                lost.pop(path, None)
                yield page
        for path in lost:
            found = page_at(self.pairing, path)
            if found is not None:
                yield found


def count_following(out: Path, pages: Dirty) -> tuple[int, int, Iterable[Page]]:
    """Return how many pages follow the open ones (`Dirty.following`), the bytes their files
    in `out` hold now, and those pages: held as planned when there are at most HELD, else
    to be planned again."""
    planned = pages.following()
    held = list(itertools.islice(planned, HELD))
    count, size = count_and_size(out, itertools.chain(held, planned))
    return count, size, (held if count <= HELD else pages.following())


def count_and_size(out: Path, pages: Iterable[Page]) -> tuple[int, int]:
    """Return how many `pages` there are, and the bytes their files in `out` hold now."""
    count = size = 0
    for page in pages:
        count += 1
        size += file_size(f"{out}{os.sep}{page.output_path}")  # see Walk.intact
    return count, size


def record(tally: Tally, done: Done) -> None:
    """Add what the renderers did to `tally`."""
    tally.written += done[0]
    tally.bytes += done[1]
    for kind, found in done[2].items():
        tally.reads.setdefault(kind, set()).update(found)


def file_size(path: str) -> int:
    """Return the size of a file, 0 if there is none."""
    try:
        return os.stat(path).st_size  # noqa: PTH116 (a str: see Walk.intact)
    except FileNotFoundError:
        return 0


def count_pages(pairing: Pairing) -> int:
    """Return about how many pages the plan holds, for the progress bar."""
    return 5 + len(pairing.roles) + pairing.count()


def root_file_problems(content: Path) -> list[Problem]:
    """Return a problem for each root file (content/root/) that would take the place of a
    page or of a static file: the site's own files are never replaced."""
    problems = []
    for path, source in iter_static(content / ROOT_FILES, ""):
        if path.startswith("static/") or parse_path(path) is not None:
            problems.append(Problem(shown(source), 1, "", "a page or static file of the site "
                                    "has this path; a root file may not replace it"))
    return problems


def check_root_files(content: Path) -> None:
    """Raise ContentError naming each root file that would take the place of a page or of
    a static file: checked before any page renders, so a build that fails writes nothing."""
    problems = root_file_problems(content)
    if problems:
        raise ContentError(problems)


def copy_extras(options: BuildOptions, writer: Writer, extras: Manifest,
                pairing: Pairing) -> int:
    """Copy this shard's static and root files; return how many were written."""
    written = 0
    for path, source in iter_extras(options):
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


