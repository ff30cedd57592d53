"""Rendering and writing pages on every core: forked workers, chunks, bounded queue."""

from __future__ import annotations

import gc
import itertools
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .digests import Slot
from .errors import VersusError
from .forked import Child, can_fork
from .inputs import Inputs, Pattern, View
from .lifeline import die_with_parent, release_ctrl_c, start_thread
from .model import Page
from .pages import KINDS, render_page
from .writer import Writer

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .render import Renderer

CHUNK = 100  # pages per task: its overhead vanishes, and the last tasks still end together
# Fewer pages than this render sooner in this process than in workers. Measured on 2 cores
# (one role edited, --jobs 1 against workers, interleaved, wall medians): 72 pages 0.87,
# 108 pages 0.84, 208 pages 0.91 (1.18 in a busier hour): a one-role edit at 200 roles does
# not repay the fork, the pool's imports and the merge; a full build's thousands do.
PARALLEL_FROM = 256
# From FORK_FROM pages to fewer than FORK_UP_TO, a process that may fork (`forked.can_fork`)
# shares them with a bare forked child per other core instead: no pool to import and start,
# no queue. Measured on 2 cores, whole processes (BENCHMARKS.md, eighth session): a one-role
# edit at 50 roles (58 pages) 0.97 of the time in one process, at 200 roles (208 pages)
# 0.89; a 50-role site from nothing (1,296 pages) 0.94 of the time in the pool. Above that
# the pool's chunks keep both cores busy to the end whatever each page costs, and the plan
# is never held whole.
FORK_FROM = 48
FORK_UP_TO = 4096

Reads = dict[str, set[Pattern]]  # page kind -> what its pages read
Task = tuple[Page, Slot | None]  # a page to render, and where its digest is recorded
Done = tuple[int, int, Reads]  # files written, bytes rendered, what the pages read


@dataclass(frozen=True)
class Job:
    """What every worker needs to render and write pages: inherited by the fork, never pickled."""

    renderer: Renderer
    inputs: Inputs
    writer: Writer


_job: Job | None = None


def render_chunk(tasks: list[Task]) -> Done:
    """Render and write the pages of `tasks`; return (files written, bytes rendered, what
    they read)."""
    assert _job is not None, "set by render_pages before the workers start"
    written = size = 0
    reads: Reads = {}
    for page, slot in tasks:
        view = View(_job.inputs)
        data = render_page(_job.renderer, page, view)
        written += _job.writer.write(page.output_path, data, slot)
        size += len(data)
        del data  # not kept while the next page renders: a sitemap's part is 4.6 MB
        reads.setdefault(page.kind, set()).update(
            view.patterns(page.slugs, KINDS[page.kind].domain))
    return written, size, reads


def merge(total: Done, part: Done) -> Done:
    """Return two chunks' results as one."""
    reads = {kind: set(found) for kind, found in total[2].items()}
    for kind, found in part[2].items():
        reads.setdefault(kind, set()).update(found)
    return total[0] + part[0], total[1] + part[1], reads


def as_tasks(pages: Iterable[Page]) -> Iterator[Task]:
    """Yield `pages` as tasks whose digests are not recorded."""
    return ((page, None) for page in pages)


def chunks(tasks: Iterable[Task], size: int, tail: int = 0) -> Iterator[list[Task]]:
    """Yield lists of up to `size` tasks; with `tail`, the last `tail` lists' worth of tasks
    as lists four times smaller (seen ahead, `tail` lists held).

    Workers take the next list as they finish one: the last lists decide when the last
    worker ends. At 50 roles (13 lists of 100 pages) one worker rendered a list more than
    the other, 0.17 G instructions (callgrind, 1.07 G against 1.19 G) waited for alone.
    """
    it = iter(tasks)
    held: list[Task] = []
    while more := list(itertools.islice(it, size)):
        held += more
        if len(held) >= size * (tail + 1):  # `tail` lists' worth still ahead: this one whole
            yield held[:size]
            held = held[size:]
    if not tail:
        if held:
            yield held
        return
    piece = max(1, -(-min(size, len(held)) // 4))
    for start in range(0, len(held), piece):
        yield held[start:start + piece]


def worker_count(jobs: int) -> int:
    """Return how many processes to use: `jobs`, or one per core."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def render_pages(job: Job, tasks: Iterable[Task], jobs: int = 0,
                 progress: Callable[[int], None] | None = None,
                 parallel_from: int = PARALLEL_FROM) -> Done:
    """Render and write every page of `tasks`: shared with forked children (`render_forked`)
    from FORK_FROM to FORK_UP_TO pages where this process may fork, else in this process if
    fewer than `parallel_from`, else in a pool of workers; return (files written, bytes
    rendered, what they read)."""
    global _job
    _job = job
    pages = iter(tasks)
    head = list(itertools.islice(pages, max(2 * CHUNK, parallel_from, FORK_UP_TO)))
    workers = worker_count(jobs)
    total: Done = (0, 0, {})
    if workers > 1 and FORK_FROM <= len(head) < FORK_UP_TO and can_fork():
        return render_forked(job, head, workers, progress)
    if workers == 1 or len(head) < parallel_from:
        for chunk in chunks(itertools.chain(head, pages), CHUNK):
            total = merge(total, render_chunk(chunk))
            if progress is not None:
                progress(len(chunk))
        return total
    # A few hundred pages (one role edited) still go to every core, in smaller tasks.
    size = CHUNK if len(head) >= 2 * CHUNK else -(-len(head) // (2 * workers))
    job.renderer.warm(job.inputs)  # once here, not once in every worker
    return render_in_pool(chunks(itertools.chain(head, pages), size, workers), workers,
                          progress, job.writer.meanwhile)


def render_forked(job: Job, tasks: list[Task], workers: int,
                  progress: Callable[[int], None] | None = None) -> Done:
    """Render and write `tasks` in this process and in `workers - 1` forked children, an
    equal share each (every `workers`-th task: page kinds spread evenly); return (files
    written, bytes rendered, what they read), as `render_chunk` does.

    Raises what a child raised, or VersusError if one was killed.
    """
    job.renderer.warm(job.inputs)  # once here, not once in every child
    shares = [tasks[start::workers] for start in range(workers)]
    gc.freeze()  # as for the pool: the children neither scan nor copy what is warmed
    children: list[Child[Done]] = []
    told = 0  # pages told to `progress`: this process's, times the processes, meanwhile
    try:
        for share in shares[1:]:
            if share:
                children.append(Child(render_chunk, share))
        total: Done = (0, 0, {})
        for chunk in chunks(shares[0], CHUNK):
            total = merge(total, render_chunk(chunk))
            if progress is not None:
                step = min(len(chunk) * workers, len(tasks) - told)
                progress(step)
                told += step
        for child in children:
            total = merge(total, child.result())
    finally:
        for child in children:
            child.stop()
    if progress is not None and told < len(tasks):
        progress(len(tasks) - told)
    return total


def on_done(progress: Callable[[int], None], pages: int) -> Callable[[Future[Any]], None]:
    """Return a future's callback telling `progress` that `pages` more pages are done."""
    return lambda _: progress(pages)


def render_in_pool(batches: Iterator[list[Task]], workers: int,
                   progress: Callable[[int], None] | None = None,
                   meanwhile: Callable[[], None] | None = None) -> Done:
    """Render chunks in forked worker processes, keeping only a few chunks queued at once;
    run `meanwhile` on a thread of this process while they work."""
    # Imported here: a build with a few pages to render needs no pool, and the pool's modules
    # (multiprocessing, concurrent.futures, logging, socket) cost 10-20 ms of its start.
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    total: Done = (0, 0, {})
    context = multiprocessing.get_context("fork")
    beside: threading.Thread | None = None
    # The prepared roles are read-only from here on: frozen, the collector neither scans them
    # again nor, by touching them, copies the parent's memory into every worker.
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            pending: set[Future[Done]] = set()
            for chunk in batches:
                if len(pending) >= 2 * workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        total = merge(total, future.result())
                future = pool.submit(render_chunk, chunk)
                release_ctrl_c()  # a Ctrl-C held back while it forked a worker: raised here
                if beside is None and meanwhile is not None:
                    # Only now: the first submit forks every worker, and a fork must not
                    # copy a thread at work.
                    beside = start_thread(meanwhile, "meanwhile")
                if progress is not None:  # called in the pool's thread as each chunk ends
                    future.add_done_callback(on_done(progress, len(chunk)))
                pending.add(future)
            for future in pending:
                total = merge(total, future.result())
    except BrokenProcessPool:  # no bug of ours to trace: the system ended it
        raise VersusError("the build stopped: a worker process was killed (out of memory? "
                          "--jobs 1 uses less); the next build finishes the job") from None
    finally:
        if beside is not None:  # also on failure: a rollback must not race it
            beside.join()
    return total
