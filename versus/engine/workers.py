"""Rendering and writing pages on every core: forked workers, chunks, bounded queue."""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from .lifeline import die_with_parent
from .model import Page
from .output import write_file
from .render import Renderer

CHUNK = 400  # pages per task: large enough that a task's overhead vanishes
PARALLEL_FROM = 2 * CHUNK  # fewer pages than this render faster in this process

_renderer: Renderer | None = None  # inherited by forked workers, never pickled


def render_chunk(out: Path, previous: Path | None, pages: list[Page]) -> tuple[int, int]:
    """Render and write `pages`; return (files written, bytes rendered)."""
    assert _renderer is not None, "set by render_pages before the workers start"
    written = size = 0
    for page in pages:
        data = _renderer.render(page)
        written += write_file(out, page.output_path, data, previous)
        size += len(data)
    return written, size


def chunks(pages: Iterable[Page], size: int) -> Iterator[list[Page]]:
    """Yield lists of up to `size` pages."""
    it = iter(pages)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def worker_count(jobs: int) -> int:
    """Return how many processes to use: `jobs`, or one per core."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def render_pages(renderer: Renderer, pages: Iterable[Page], out: Path, jobs: int = 0,
                 previous: Path | None = None,
                 progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Render and write every page; return (files written, bytes rendered).

    With `previous`, `out` is a fresh folder and files unchanged since `previous` are linked.
    """
    global _renderer
    _renderer = renderer
    batches = chunks(pages, CHUNK)
    first = list(itertools.islice(batches, PARALLEL_FROM // CHUNK))
    workers = worker_count(jobs)
    if workers == 1 or len(first) < PARALLEL_FROM // CHUNK:
        results = [told(render_chunk(out, previous, chunk), len(chunk), progress)
                   for chunk in itertools.chain(first, batches)]
        return sum(r[0] for r in results), sum(r[1] for r in results)
    renderer.warm()  # once here, not once in every worker
    return render_in_pool(itertools.chain(first, batches), out, previous, workers, progress)


def told(result: tuple[int, int], pages: int,
         progress: Callable[[int], None] | None) -> tuple[int, int]:
    """Return `result`, having told `progress` that `pages` more pages are done."""
    if progress is not None:
        progress(pages)
    return result


def on_done(progress: Callable[[int], None], pages: int) -> Callable[[Future[Any]], None]:
    """Return a future's callback telling `progress` that `pages` more pages are done."""
    return lambda _: progress(pages)


def render_in_pool(batches: Iterator[list[Page]], out: Path, previous: Path | None,
                   workers: int, progress: Callable[[int], None] | None = None) -> tuple[
                       int, int]:
    """Render chunks in forked worker processes, keeping only a few chunks queued at once."""
    written = size = 0
    context = multiprocessing.get_context("fork")
    # The prepared roles are read-only from here on: frozen, the collector neither scans them
    # again nor, by touching them, copies the parent's memory into every worker.
    gc.freeze()
    with ProcessPoolExecutor(workers, mp_context=context, initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        pending: set[Future[tuple[int, int]]] = set()
        for chunk in batches:
            if len(pending) >= 2 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    w, s = future.result()
                    written, size = written + w, size + s
            future = pool.submit(render_chunk, out, previous, chunk)
            if progress is not None:  # called in the pool's thread as each chunk finishes
                future.add_done_callback(on_done(progress, len(chunk)))
            pending.add(future)
        for future in pending:
            w, s = future.result()
            written, size = written + w, size + s
    return written, size
