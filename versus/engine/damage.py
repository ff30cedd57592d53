"""The search for pages the last build wrote that are missing or were changed since.

One `stat` a page (20,114 at 200 roles, 346,556 at 832) is most of a rebuild with nothing
to do, and what a one-role edit waits for. The search runs beside the build, in forked
children on the other core(s): on a thread, each stat waited for the interpreter's lock
while the build held it (20,114 stats that take 44 ms alone kept an edit waiting 45 ms). The
children take the manifest's blocks in turn from a pipe, so that the build's own process,
once it has loaded the content and has nothing to do but wait, is not the only one at work
in the end. A process with another thread running must not fork: it searches on a thread.
Standard library only (the no-op check, `unchanged`, begins the search).
"""

from __future__ import annotations

import contextlib
import operator
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from .forked import Child, can_fork
from .lifeline import start_thread
from .output import MANIFEST, REPLACEMENT, cache_folder, is_intact

# Lost pages listed at most (1.5 MB of paths): a site whose comparisons were all deleted
# would otherwise list 345,696 paths, then plan each page again to render it.
DAMAGE_LIMIT = 10_000
MANIFEST_BLOCK = 1 << 16  # bytes of the manifest checked at a time (about 1,300 pages)
# Blocks a manifest is cut into at most: their numbers fill 4 KB, one page of pipe, which
# a pipe holds even where the system has cut new pipes down to their least (a user's
# pipes over `pipe-user-pages-soft`); more would block the write before the fork.
MAX_BLOCKS = 1024
NUMBER = 4  # bytes of a block's number in the pipe
SEARCHERS = 2  # forked children sharing a search
MTIME = operator.attrgetter("st_mtime_ns")

Result = Callable[..., list[str] | None]  # see look_for_damage
Found = list[tuple[int, list[str]]]  # (block number, damaged pages in it), by block


class Search(NamedTuple):
    """A search for damaged pages under way (`look_for_damage`): the time (ns) of the build
    whose pages it compares with, and its `result`."""

    finished: int
    result: Result


def block_size(manifest_bytes: int) -> int:
    """Return the bytes of each block of a manifest of `manifest_bytes`."""
    return max(MANIFEST_BLOCK, -(-manifest_bytes // MAX_BLOCKS))


def read_block(handle: BinaryIO, number: int, size: int) -> list[bytes]:
    """Return the paths of block `number` (of `size` bytes) of the manifest open in
    `handle`: the lines that start in it. Read in C, never the whole manifest at once."""
    start = number * size
    handle.seek(max(0, start - 1))
    if start:
        handle.readline()  # the end of the line before the block: its block's
    begin = handle.tell()
    if begin >= start + size:  # a line longer than the block spans it
        return []
    block = handle.read(start + size - begin)
    if block and not block.endswith(b"\n"):
        block += handle.readline()  # the block's last line, to its end
    if b"\0" in block:  # damaged: no file's name holds a NUL (see output.read_manifest)
        block = block.replace(b"\0", REPLACEMENT.encode())
    return list(filter(None, block.split(b"\n")))


def newest_time(prefix: bytes, names: list[bytes]) -> int | None:
    """Return the newest modification time (ns) of the files `prefix + name`, or None if one
    of them is gone.

    The whole loop runs in C (map, attrgetter, max): one Python-level step per page costs
    more than its stat, and at 346,556 pages this check is most of a rebuild's work.
    """
    try:
        return max(map(MTIME, map(os.stat, map(prefix.__add__, names))), default=0)
    except (FileNotFoundError, NotADirectoryError):
        return None


def damaged_blocks(out: Path, finished: int, numbers: Iterable[int] | None = None,
                   stop: threading.Event | None = None) -> Iterator[tuple[int, list[str]]]:
    """Yield (block number, the pages of it that are missing or were changed since the build
    that ended at `finished` (ns)) for each block of `out`'s manifest that has any: the
    blocks `numbers`, or every block in order; end early, between blocks, once `stop` is
    set."""
    prefix = os.fsencode(f"{out}{os.sep}")
    try:
        handle = (cache_folder(out) / MANIFEST).open("rb")
    except FileNotFoundError:
        return
    with handle:
        length = os.fstat(handle.fileno()).st_size
        size = block_size(length)
        for number in range(-(-length // size)) if numbers is None else numbers:
            if stop is not None and stop.is_set():
                return
            names = read_block(handle, number, size)
            newest = newest_time(prefix, names)
            if newest is not None and newest <= finished:
                continue  # the usual case: every page of the block is as built
            lost = [name.decode("utf-8", "replace") for name in names  # which ones
                    if is_intact(prefix + name, finished) is None]
            if lost:
                yield number, lost


def iter_damaged(out: Path, finished: int, stop: threading.Event | None = None) -> Iterator[str]:
    """Yield the pages the last build of `out` wrote that are missing or were changed since
    it ended at `finished` (ns), in the manifest's order; end early once `stop` is set."""
    for _, lost in damaged_blocks(out, finished, stop=stop):
        yield from lost


def nothing_lost(needed: bool = True) -> list[str]:
    """Return no damaged page: what a search for damage that was never started finds."""
    return []


def look_for_damage(out: Path, finished: int | None) -> Result:
    """Start looking for the pages the last build of `out`, ended at `finished` (ns; None:
    there was none), wrote that are missing or were changed since (`iter_damaged`).

    Returns `result(needed=True)`, which waits for them and returns their output paths in
    the manifest's order, or None when there are more than DAMAGE_LIMIT (a walk over every
    page finds those); `result(needed=False)` stops the search and returns []. `result`
    raises the OSError the search met. A build that renders every page anyway stops it
    (346,556 stats at 832 roles for nothing). Wait for it before forking workers: where it
    runs on a thread, a fork beside it may copy a lock the thread holds.
    """
    if finished is None:
        return nothing_lost
    if can_fork():
        return search_in_children(out, finished)
    return search_on_a_thread(out, finished)


@contextlib.contextmanager
def stopped_on_failure(result: Result) -> Iterator[Result]:
    """Run a block that waits for the search `result`, stopping the search (its children
    killed and reaped, its thread joined) if the block raises: a failed build, a Ctrl-C."""
    try:
        yield result
    except BaseException:
        result(needed=False)
        raise


def within_limit(found: Iterable[tuple[int, list[str]]]) -> list[str] | None:
    """Return the pages of `found` (by block) in the manifest's order, or None when there
    are more than DAMAGE_LIMIT."""
    pages = [page for _, lost in sorted(found) for page in lost]
    return pages if len(pages) <= DAMAGE_LIMIT else None


def first_blocks(blocks: Iterator[tuple[int, list[str]]]) -> Found:
    """Return the blocks of `blocks` until they hold more than DAMAGE_LIMIT pages."""
    found: Found = []
    pages = 0
    for number, lost in blocks:
        found.append((number, lost))
        pages += len(lost)
        if pages > DAMAGE_LIMIT:
            break
    return found


def search_on_a_thread(out: Path, finished: int) -> Result:
    """Return `look_for_damage`'s `result` for a search begun on a thread."""
    found: Found = []
    failed: list[BaseException] = []
    stop = threading.Event()

    def look() -> None:
        try:
            found.extend(first_blocks(damaged_blocks(out, finished, stop=stop)))
        except BaseException as error:  # raised again in the build's own thread
            failed.append(error)

    thread = start_thread(look, "damage")

    def result(needed: bool = True) -> list[str] | None:
        if not needed:
            stop.set()
        thread.join()  # gone, not merely done: see look_for_damage
        if not needed:
            return []
        if failed:
            raise failed[0]
        return within_limit(found)

    return result


def search_in_children(out: Path, finished: int) -> Result:
    """Return `look_for_damage`'s `result` for a search begun in SEARCHERS forked children,
    which take the manifest's blocks from a pipe of their numbers, each block once."""
    try:
        size = (cache_folder(out) / MANIFEST).stat().st_size
    except FileNotFoundError:
        return nothing_lost
    count = -(-size // block_size(size))
    read_end, write_end = os.pipe()
    try:
        # All at once before the fork, so the children read to the pipe's end and stop.
        os.write(write_end, b"".join(n.to_bytes(NUMBER, "little") for n in range(count)))
    finally:
        os.close(write_end)
    children: list[Child[Found]] = []
    try:
        for _ in range(min(SEARCHERS, count)):
            children.append(Child(search_blocks, (out, finished, read_end)))
    except BaseException:  # a Ctrl-C during a fork, no process to be had: none left
        for child in children:
            child.stop()
        raise
    finally:
        os.close(read_end)

    def result(needed: bool = True) -> list[str] | None:
        try:
            if not needed:
                return []
            found: Found = []
            for child in children:
                found += child.result()
            return within_limit(found)
        finally:
            for child in children:
                child.stop()

    return result


def search_blocks(task: tuple[Path, int, int]) -> Found:
    """In a child: return the damaged pages, by block, of the blocks whose numbers it takes
    from the pipe `task[2]` until it is empty (`damaged_blocks` of the output folder
    `task[0]` against the build end `task[1]`)."""
    out, finished, pipe = task
    numbers = iter(lambda: os.read(pipe, NUMBER), b"")
    return first_blocks(damaged_blocks(out, finished,
                                       (int.from_bytes(n, "little") for n in numbers)))


def manifest_whole(out: Path, pages: int, lost: Iterable[str]) -> bool:
    """Return whether `out`'s manifest still lists the `pages` pages the last build wrote,
    its damaged pages `lost` read from it: no line cut short or dropped (a manifest
    truncated, emptied), none with a NUL or bytes that are not UTF-8. A search of a damaged
    manifest sees no loss among the pages it no longer names: those the walk over every
    page finds, and it writes the manifest again. Counted in C, 1.1 MB at 200 roles."""
    if any(REPLACEMENT in path for path in lost):
        return False
    lines = 0
    try:
        with (cache_folder(out) / MANIFEST).open("rb") as handle:
            for part in iter(lambda: handle.read(1 << 20), b""):
                lines += part.count(b"\n")
    except FileNotFoundError:
        return pages == 0
    return lines == pages
