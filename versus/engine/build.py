"""The whole build, top to bottom: load, plan, take stock, prepare, render and write, commit."""

from __future__ import annotations

import dataclasses
import gc
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from .content import Content, Parsed, load_content
from .damage import Result, Search, stopped_on_failure
from .hashing import digest, folder_digest
from .inputs import Inputs, Key, Pattern, View
from .links import converted, forget_html, use_earlier_html
from .model import Page, Role, Site
from .options import PROJECT, BuildOptions, BuildResult, Shard
from .output import (
    cache_folder,
    check_output_folder,
    manifest_time,
    recover,
    staging_folder,
    write_atomic,
)
from .pages import KINDS, render_page
from .pairs import Pairing
from .plan import page_at
from .prepare import UNKNOWN, kept, kept_type, markdown_texts, prepare_roles
from .rebuild import (
    Run,
    Tally,
    check_root_files,
    extras_size,
    write_changed,
    write_every_page,
)
from .report import Quiet, Reporter
from .session import Session
from .state import (
    BuildState,
    BundleCache,
    Changes,
    DiskCache,
    changes,
    load_state,
    next_state,
    state_bytes,
)
from .templates import template_digests
from .thin import count_thin
from .unchanged import ENGINE_MEMO, STATE, fingerprint, forget, remember

PARSED = "parsed.msgpack"  # every role file and the settings as parsed, by file_key
MARKDOWN = "markdown.msgpack"  # the HTML Markdown made of the roles' texts, by text

__all__ = ["PROJECT", "BuildOptions", "BuildResult", "Shard", "build_site", "page_renderer"]



def build_site(options: BuildOptions, reporter: Reporter | None = None,
               session: Session | None = None,
               files_read: dict[str, bytes] | None = None,
               search: Search | None = None) -> BuildResult:
    """Build the site; raise ContentError, having written nothing, if the content is bad.

    Load and validate, plan, decide what changed, prepare every role, render and write
    what changed, commit. A `session` (the preview's) keeps in memory, for the next build,
    what this one would otherwise read again from the disk. `files_read` holds the bytes of
    role files this process has just read, by file name: those are taken, not read again.
    A `search` for damaged pages already under way (the no-op check's) is waited for
    rather than begun again, if it compares with the same last build.
    """
    session = session or Session()
    gc.unfreeze()  # what the last build of this process froze may be garbage by now
    started, cache = time.perf_counter(), cache_folder(options.out)
    forget(options)
    recover(staging_folder(options.out), options.out)
    finished = manifest_time(options.out) if options.out.is_dir() else None
    damage = taken_search(search, finished) or session.look_for_damage(options.out, finished)
    with stopped_on_failure(damage):  # a failed build leaves no search running
        engine = session.engine_digest(cache / ENGINE_MEMO)
        parsed = BundleCache(cache / PARSED, engine, Parsed | Site)
        loaded = session.parsed_roles(parsed)
        markdown = BundleCache(cache / MARKDOWN, engine, str)
        use_earlier_html(markdown)
        content = load_content(options.content, loaded, files_read)
        session.keep_parsed(loaded, content.fresh)
        made_from = fingerprint(options, engine, content.files.items(), content.site_key)
        check_root_files(options.content)
        check_output_folder(options.out, options.overwrite_foreign)
        run = plan_run(content, options, reporter or Quiet(), engine, session)
        old = last_build(options.out, finished, run.reporter)
        run.inputs.reuse(old.hashes)
        changed = changes(old, run.inputs, KINDS)
        # Another shard's output holds none of this shard's pages, and no change tells them.
        other_shard = old.hashes.get("shard") != run.inputs.digest(("shard",))
        old = without_hashes(old)
        walk = finished is None or changed.listing or "pair" in changed.kinds or other_shard
        # Pages render whatever the search finds: their roles are prepared while it runs.
        early = not walk and not changed.nothing
        fresh = prepare(run, content, cache, session) if early else set()
        # Stopped when every page is walked anyway (the walk finds what was lost), and waited
        # for either way: workers must not fork beside it.
        lost = damage(needed=not walk, pages=None if session.trusting else old.files)
    # Too many pages lost to list, or a damaged manifest that hides some: the walk finds them.
    walk = walk or lost is None or not names_pages(run.inputs.pairing, lost)
    damaged = [] if walk or lost is None else lost
    if not early and (walk or damaged):
        fresh = prepare(run, content, cache, session)
    # What exists now (modules, roles, prepared roles) lives until the build ends: frozen,
    # the collections that rendering sets off do not scan it again (3% of a one-role edit).
    gc.freeze()
    if finished is None or walk:
        tally = write_every_page(run, changed, finished)
    else:
        tally = write_changed(run, changed, old, damaged)
    thin = thin_pages(old, run.inputs, content.site.min_shared_figures)
    run.keep_parts()
    parsed.keep(session.parsed, bool(content.fresh))
    keep_html(markdown, content.roles)
    commit(run, cache, fresh, merged_reads(old, changed, tally), tally, thin)
    session.finish(run.static_version)
    files, size = extras_size(options)
    result = BuildResult(tally.files + files, len(content.roles), tally.written, tally.removed,
                         tally.bytes + size, time.perf_counter() - started, tuple(tally.kept),
                         thin[1])
    remember(options, made_from, result)
    return result


def names_pages(pairing: Pairing, paths: list[str]) -> bool:
    """Return whether each of the lost `paths` is that of a page the plan holds. One that
    names none was read from a damaged manifest (a line edited, Windows' line ends), which
    may hide lost pages among those it no longer names: rendering the pages it names would
    put back none of them."""
    return all(page_at(pairing, path) is not None for path in paths)


def taken_search(search: Search | None, finished: int | None) -> Result | None:
    """Return the `result` of `search` if it compares with the build that ended at
    `finished`; else stop it and return None."""
    if search is None:
        return None
    if search.finished == finished:
        return search.result
    search.result(needed=False)
    return None


def keep_html(markdown: BundleCache, roles: tuple[Role, ...]) -> None:
    """Keep in `markdown`, for the next build, the HTML of the Markdown texts `roles` hold:
    what it holds of them, and what this process converted that it lacks (the texts no role
    holds now are dropped). Write nothing when it lacks none, as after most edits."""
    use_earlier_html(None)
    made = converted()
    if not made:  # this process converted no text: the roles all came from the caches
        return
    held = markdown.held()
    if all(held.get(text) == html for text, html in made.items()):
        return
    texts = {text for role in roles for text in markdown_texts(role)}
    # Validation checks a text as written, spaces around it too; a role keeps it stripped.
    kept = {text: html for text, html in {**held, **made}.items() if text.strip() in texts}
    markdown.keep(kept, True)
    # A process that builds again (the preview) held on to the texts dropped here: its
    # next builds found them missing from the file, and wrote it again every time.
    forget_html(kept)


def plan_run(content: Content, options: BuildOptions, reporter: Reporter, engine: str,
             session: Session) -> Run:
    """Return the build of `content`: its pairs, its inputs hashed (its templates are
    compiled only if a page must render)."""
    pairing = Pairing(content.roles, content.site.pairs, content.site.max_pairs_per_role)
    inputs = Inputs(content.site, pairing, fixed_hashes(options, engine), content.files)
    return Run(options, inputs, reporter, session)


def prepare(run: Run, content: Content, cache: Path, session: Session) -> set[str]:
    """Prepare every role, from the session or the cache where an earlier build prepared
    it; return the slugs prepared afresh."""
    earlier = session.prepared_roles(prepared_cache(cache, run))
    hashes = run.inputs.role_hashes
    run.inputs.prepared, fresh = prepare_roles(content.roles,
                                               lambda slug: earlier.get(hashes[slug]))
    session.keep_prepared({hashes[slug]: role for slug, role in run.inputs.prepared.items()})
    return fresh


def prepared_cache(cache: Path, run: Run) -> DiskCache:
    """Return the cache of what each role prepared keeps (`prepare.kept`), by role hash;
    its "not known" marks are the very one a role prepared afresh shows."""
    return DiskCache(cache / "prepared", engine_of(run), kept_type(), (UNKNOWN,))


def commit(run: Run, cache: Path, fresh: set[str],
           reads: dict[str, frozenset[Pattern]], tally: Tally, thin: tuple[str, int]) -> None:
    """Keep what the next build needs: the roles prepared, and the state."""
    prepared = prepared_cache(cache, run)
    if tally.written or tally.removed:
        prepared.prune(run.inputs.role_hashes.values())
        shutil.rmtree(cache / "parsed", ignore_errors=True)  # a cache of an earlier version
    for slug in sorted(fresh):
        prepared.put(run.inputs.role_hashes[slug], kept(run.inputs.prepared[slug]))
    state = next_state(run.inputs, reads, tally.files, tally.bytes, thin)
    write_atomic(cache / STATE, state_bytes(state))


def thin_pages(old: BuildState, inputs: Inputs, minimum: int) -> tuple[str, int]:
    """Return (a hash of what the count is made from, how many comparison pages are thin).

    Counting walks every pair (0.3 s at 345,696 pairs): the last build's count serves while
    the pairs, the minimum and which figures each role gives (not their values: a salary
    edited leaves the count as it was) are as they were.
    """
    made_from = digest(inputs.digest(("known",)), inputs.digest(("listing",)), minimum)
    if old.thin[0] == made_from:
        return old.thin
    return made_from, count_thin(inputs.pairing.roles, inputs.pairing, minimum)


def page_renderer(content: Content, templates: Path, static: Path,
                  bytecode: Path | None = None) -> tuple[Pairing, Callable[[Page], bytes]]:
    """Return the pairing of `content` and a function that renders any of its pages to bytes,
    in memory (for `check` and the tests); raise ContentError naming a template that fails."""
    pairing = Pairing(content.roles, content.site.pairs, content.site.max_pairs_per_role)
    from .render import Renderer  # Jinja2: imported only where pages render

    renderer = Renderer(content.site, templates, folder_digest(static)[:10], bytecode)
    inputs = Inputs(content.site, pairing, {})
    inputs.prepared, _ = prepare_roles(content.roles)
    return pairing, lambda page: render_page(renderer, page, View(inputs))


def engine_of(run: Run) -> str:
    """Return the hash of the engine this build runs: caches made by another are not used."""
    return run.inputs.hashes[("engine",)] or ""


def fixed_hashes(options: BuildOptions, engine: str) -> dict[Key, str]:
    """Return the hashes of what every page is made with: engine, templates, static files,
    and which shard of the pages is built ("1/2")."""
    kinds = {kind.name: kind.templates for kind in KINDS.values()}
    fixed: dict[Key, str] = {("engine",): engine, ("static",): folder_digest(options.static),
                             ("shard",): f"{options.shard.part}/{options.shard.parts}"}
    for kind, found in template_digests(options.templates, kinds).items():
        fixed[("templates", kind)] = found
    return fixed


def last_build(out: Path, finished: int | None, reporter: Reporter) -> BuildState:
    """Return the state of the last build of `out`, which finished at `finished` (ns).

    An empty state when its output is gone (`finished` is None); a state that cannot be used
    is told.
    """
    if finished is None:
        return BuildState()
    state, notice = load_state(cache_folder(out))
    if notice:
        reporter.notice(notice)
    return state


def without_hashes(old: BuildState) -> BuildState:
    """Return `old` without its hashes, once they have told what changed.

    Held to the end, they sat beside the new state's (0.6 MB at 832 roles), in every worker
    too: a rebuild of every page peaked above a cold build, which has no old state.
    """
    return dataclasses.replace(old, hashes={})


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
