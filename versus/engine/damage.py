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
from .output import MANIFEST, REPLACEMENT, cache_folder, is_intact, names_no_page

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
Block = tuple[int, list[str], int]  # (block number, its damaged pages, its lines that end)
# The blocks a search found damaged pages in, (number, pages) by number, and the lines that
# end in every block it looked at.
Found = tuple[list[tuple[int, list[str]]], int]


class Search(NamedTuple):
    """A search for damaged pages under way (`look_for_damage`): the time (ns) of the build
    whose pages it compares with, and its `result`."""

    finished: int
    result: Result


def block_size(manifest_bytes: int) -> int:
    """Return the bytes of each block of a manifest of `manifest_bytes`."""
    return max(MANIFEST_BLOCK, -(-manifest_bytes // MAX_BLOCKS))


def read_block(handle: BinaryIO, number: int, size: int) -> tuple[list[bytes], int]:
    """Return the paths of block `number` (of `size` bytes) of the manifest open in
    `handle`, the lines that start in it, and how many of those lines end (a line cut
    short by a damaged manifest does not). Read in C, never the whole manifest at once."""
    start = number * size
    handle.seek(max(0, start - 1))
    if start:
        handle.readline()  # the end of the line before the block: its block's
    begin = handle.tell()
    if begin >= start + size:  # a line longer than the block spans it
        return [], 0
    block = handle.read(start + size - begin)
    if block and not block.endswith(b"\n"):
        block += handle.readline()  # the block's last line, to its end
    if b"\0" in block:  # damaged: no file's name holds a NUL (see output.read_manifest)
        block = block.replace(b"\0", REPLACEMENT.encode())
    if block[:1] == b"/" or b"\n/" in block:  # damaged: a page's path is relative, and
        # one from the root, looked for from inside the output folder, names a file
        # elsewhere, which would pass for the page whose line it took
        block = block.replace(b"\n/", b"\n" + REPLACEMENT.encode() + b"/")
        if block[:1] == b"/":
            block = REPLACEMENT.encode() + block
    return list(filter(None, block.split(b"\n"))), block.count(b"\n")


def newest_time(base: bytes, names: list[bytes]) -> int | None:
    """Return the newest modification time (ns) of the files `base + name`, or None if one
    of them is gone.

    The whole loop runs in C (map, attrgetter, max): one Python-level step per page costs
    more than its stat, and at 346,556 pages this check is most of a rebuild's work.
    """
    paths = map(base.__add__, names) if base else names
    try:
        return max(map(MTIME, map(os.stat, paths)), default=0)
    except OSError as error:
        if names_no_page(error):
            return None
        raise


@contextlib.contextmanager
def open_manifest(out: Path) -> Iterator[BinaryIO | None]:
    """Open `out`'s manifest to read; None if it is gone."""
    try:
        handle = (cache_folder(out) / MANIFEST).open("rb")
    except FileNotFoundError:
        yield None
        return
    with handle:
        yield handle


def damaged_blocks(handle: BinaryIO | None, base: bytes, finished: int,
                   numbers: Iterable[int] | None = None,
                   stop: threading.Event | None = None) -> Iterator[Block]:
    """Yield, for each block of the manifest open in `handle` (None: there is none), the
    blocks `numbers` or every block in order: (its number, its pages that are missing or
    were changed since the build that ended at `finished` (ns), its lines that end). The
    pages are looked for under `base` (the output folder and a separator, or b"" in it);
    end early, between blocks, once `stop` is set."""
    if handle is None:
        return
    length = os.fstat(handle.fileno()).st_size
    size = block_size(length)
    for number in range(-(-length // size)) if numbers is None else numbers:
        if stop is not None and stop.is_set():
            return
        names, lines = read_block(handle, number, size)
        newest = newest_time(base, names)
        if newest is not None and newest <= finished:
            yield number, [], lines  # the usual case: every page of the block is as built
            continue
        lost = [name.decode("utf-8", "replace") for name in names  # which ones
                if is_intact(base + name, finished) is None]
        yield number, lost, lines


def folder_base(out: Path) -> bytes:
    """Return the prefix that makes a manifest's path one under `out`."""
    return os.fsencode(f"{out}{os.sep}")


def iter_damaged(out: Path, finished: int, stop: threading.Event | None = None) -> Iterator[str]:
    """Yield the pages the last build of `out` wrote that are missing or were changed since
    it ended at `finished` (ns), in the manifest's order; end early once `stop` is set."""
    with open_manifest(out) as handle:
        for _, lost, _ in damaged_blocks(handle, folder_base(out), finished, stop=stop):
            yield from lost


def nothing_lost(needed: bool = True, pages: int | None = None) -> list[str]:
    """Return no damaged page: what a search for damage that was never started finds."""
    return []


def look_for_damage(out: Path, finished: int | None) -> Result:
    """Start looking for the pages the last build of `out`, ended at `finished` (ns; None:
    there was none), wrote that are missing or were changed since (`iter_damaged`).

    Returns `result(needed=True, pages=None)`, which waits for them and returns their
    output paths in the manifest's order, or None when a walk over every page must find
    them: there are more than DAMAGE_LIMIT, or, `pages` given (the pages the last build
    wrote), the manifest no longer lists them whole (`manifest_whole`).
    `result(needed=False)` stops the search and returns []. `result` raises the OSError the
    search met. A build that renders every page anyway stops it (346,556 stats at 832 roles
    for nothing). Wait for it before forking workers: where it runs on a thread, a fork
    beside it may copy a lock the thread holds.
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


def within_limit(found: Iterable[Found], pages: int | None = None) -> list[str] | None:
    """Return the damaged pages of `found` (the searchers' finds, each from blocks of its
    own) in the manifest's order; None when there are more than DAMAGE_LIMIT, or when the
    manifest no longer lists whole the `pages` pages the last build wrote (if given)."""
    blocks: list[tuple[int, list[str]]] = []
    lines = 0
    for damaged, looked_at in found:
        blocks += damaged
        lines += looked_at
    lost = [page for _, damaged in sorted(blocks) for page in damaged]
    if len(lost) > DAMAGE_LIMIT:
        return None
    if pages is not None and not manifest_whole(pages, lines, lost):
        return None
    return lost


def manifest_whole(pages: int, lines: int, lost: Iterable[str]) -> bool:
    """Return whether a manifest of `lines` lines, its damaged pages `lost` read from it,
    still lists the `pages` pages the last build wrote: no line cut short or dropped (a
    manifest truncated, emptied), none with a NUL or bytes that are not UTF-8. A search of
    a damaged manifest sees no loss among the pages it no longer names: those the walk over
    every page finds, and it writes the manifest again."""
    return lines == pages and not any(REPLACEMENT in path for path in lost)


def first_blocks(blocks: Iterator[Block]) -> Found:
    """Return the blocks of `blocks` that hold damaged pages, until they hold more than
    DAMAGE_LIMIT, and the lines that end in the blocks looked at."""
    found: list[tuple[int, list[str]]] = []
    pages = lines = 0
    for number, lost, ended in blocks:
        lines += ended
        if not lost:
            continue
        found.append((number, lost))
        pages += len(lost)
        if pages > DAMAGE_LIMIT:
            break
    return found, lines


def search_on_a_thread(out: Path, finished: int) -> Result:
    """Return `look_for_damage`'s `result` for a search begun on a thread."""
    found: list[Found] = []
    failed: list[BaseException] = []
    stop = threading.Event()

    def look() -> None:
        try:
            with open_manifest(out) as handle:
                blocks = damaged_blocks(handle, folder_base(out), finished, stop=stop)
                found.append(first_blocks(blocks))
        except BaseException as error:  # raised again in the build's own thread
            failed.append(error)

    thread = start_thread(look, "damage")

    def result(needed: bool = True, pages: int | None = None) -> list[str] | None:
        if not needed:
            stop.set()
        thread.join()  # gone, not merely done: see look_for_damage
        if not needed:
            return []
        if failed:
            raise failed[0]
        return within_limit(found, pages)

    return result


def nothing_listed(needed: bool = True, pages: int | None = None) -> list[str] | None:
    """Return what a search finds where the manifest is gone: nothing, or None if the last
    build wrote `pages` pages (a walk finds them)."""
    return within_limit([], pages) if needed else []


def search_in_children(out: Path, finished: int) -> Result:
    """Return `look_for_damage`'s `result` for a search begun in SEARCHERS forked children,
    which take the manifest's blocks from a pipe of their numbers, each block once."""
    try:
        size = (cache_folder(out) / MANIFEST).stat().st_size
    except FileNotFoundError:
        return nothing_listed
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

    def result(needed: bool = True, pages: int | None = None) -> list[str] | None:
        try:
            if not needed:
                return []
            return within_limit([child.result() for child in children], pages)
        finally:
            for child in children:
                child.stop()

    return result


def search_blocks(task: tuple[Path, int, int]) -> Found:
    """In a child: return the damaged pages, by block, of the blocks whose numbers it takes
    from the pipe `task[2]` until it is empty (`damaged_blocks` of the output folder
    `task[0]` against the build end `task[1]`), and the lines that end in them."""
    out, finished, pipe = task
    numbers = (int.from_bytes(n, "little") for n in iter(lambda: os.read(pipe, NUMBER), b""))
    with open_manifest(out) as handle:
        return first_blocks(damaged_blocks(handle, moved_into(out), finished, numbers))


def moved_into(out: Path) -> bytes:
    """In a child: make the output folder `out` the working folder; return the prefix of a
    manifest's path there: none, or the folder's own if it is gone (its pages are lost).

    Paths from the output folder: the walk through the folders of its own path on every
    page's stat cost a sixth of the search. A child's working folder is its own."""
    try:
        os.chdir(out)
    except OSError:
        return folder_base(out)
    return b""
