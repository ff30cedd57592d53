"""How a build writes its files: in place, or staged beside the site and swapped in whole.

A writer is a transaction, as Lektor's artifacts are: the build writes through it, then
commits or rolls back. In place, every file is replaced in one step, so a build stopped
half-way leaves every page whole, some new and some old, and the next build finishes the
job. Staged, the pages go to a fresh folder that takes the site's place only when complete,
so a stopped build leaves the old site as it was.
"""

from __future__ import annotations

import errno
import functools
import itertools
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .digests import Digests, Rewritten, Slot
from .output import (
    cache_folder,
    count_stale,
    is_temporary,
    link_into,
    remove_stale,
    sealed,
    staging_folder,
    swap_in,
    target,
    unsealed,
    write_atomic,
    write_file,
    write_fresh,
)
from .unfinished import mark_unfinished

FOREIGN = "foreign"  # what the last staged build carried over, and when the site was so
FOREIGN_HEADER = "versus foreign files 2\n"


class Writer(Protocol):
    """Where a build's files go, and how they reach the output folder."""

    out: Path  # the output folder
    digests: Digests | None  # the digests of the pages written, when the build records them

    def write(self, relative: str, data: bytes, slot: Slot | None = None) -> bool:
        """Write one file unless it already holds `data`; return whether it was written.
        A page with a `slot` (its line in the manifest, its old digest) has its digest
        recorded, and its old digest spares reading the old file where it can be trusted."""

    def keep(self, relative: str) -> None:
        """Keep a file the previous build wrote, as it is."""

    def remove_stale(self, keep: Callable[[str], bool]) -> int:
        """Drop every file the previous build wrote that `keep` rejects; return how many."""

    def meanwhile(self) -> None:
        """Do, on a thread while workers render, what the commit would do after them."""

    def commit(self) -> list[str]:
        """Make what was written the site; return the files kept that no build wrote."""

    def rollback(self) -> None:
        """Undo what can be undone of a build that failed."""


def recorded(digests: Digests | None, slot: Slot | None, relative: str, data: bytes,
             write: Callable[..., bool]) -> bool:
    """Write a page by `write`, through `digests` when the build records them (see
    `Digests.write`); return whether it was written."""
    if digests is None:
        return write()
    return digests.write(slot, relative, data, write)


class InPlace:
    """Writes into the output folder itself, each file replaced in one step."""

    def __init__(self, out: Path, digests: Digests | None = None) -> None:
        """Write into `out`, recording the pages' `digests` if given, else naming the pages
        whose recorded digests no longer hold (`digests.Rewritten`)."""
        self.out = out
        self.digests = digests
        self.marked = False  # whether this process marked `out` as written in place
        self.rewritten = Rewritten(out) if digests is None else None

    def write(self, relative: str, data: bytes, slot: Slot | None = None) -> bool:
        """Write one file unless it already holds `data`; return whether it was written."""
        if not self.marked:  # before its first temporary file (see unfinished.py)
            mark_unfinished(self.out)
            if self.digests is not None:  # and its first page replaced
                self.digests.forget_recorded()
            self.marked = True
        if self.rewritten is not None:
            self.rewritten.add(relative)  # before: a build stopped half-way names it too
        return recorded(self.digests, slot, relative, data,
                        functools.partial(write_file, self.out, relative, data))

    def keep(self, relative: str) -> None:
        """Keep a file as it is: in place, nothing to do."""

    def remove_stale(self, keep: Callable[[str], bool]) -> int:
        """Remove every file the previous build wrote that `keep` rejects; return how many."""
        return remove_stale(self.out, keep)

    def meanwhile(self) -> None:
        """Nothing to do: no file lies elsewhere."""

    def commit(self) -> list[str]:
        """Keep the pages' digests: every file is already in place."""
        if self.digests is not None:
            self.digests.commit()
        if self.rewritten is not None:
            self.rewritten.close()
        return []

    def rollback(self) -> None:
        """Drop the digests: each file written is whole, but they were not all recorded."""
        if self.digests is not None:
            self.digests.discard()
        if self.rewritten is not None:
            self.rewritten.close()


class Staged:
    """Writes a fresh folder beside the site, linking unchanged files, then swaps it in."""

    def __init__(self, out: Path, owned: Callable[[str], bool],
                 digests: Digests | None = None) -> None:
        """Stage a new `out`; `owned(path)` says whether a build of ours wrote that file;
        record the pages' `digests` if given."""
        self.out = out
        self.digests = digests
        self.folder = staging_folder(out)
        self.owned = owned
        self.foreign: Carried | None = None  # the files and folders carried, once they are
        self.failure: BaseException | None = None  # what stopped carrying them meanwhile
        self.first = not out.exists()  # no site yet: nothing to compare or link a file with
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)

    def write(self, relative: str, data: bytes, slot: Slot | None = None) -> bool:
        """Write one file, or link it from the site when the site already holds `data`."""
        if self.first:
            return recorded(self.digests, slot, relative, data,
                            functools.partial(write_fresh, self.folder, relative, data))
        return recorded(self.digests, slot, relative, data,
                        functools.partial(write_file, self.folder, relative, data, self.out))

    def keep(self, relative: str) -> None:
        """Link a file of the site into the new folder, as it is."""
        link_into(target(self.folder, relative), target(self.out, relative))

    def remove_stale(self, keep: Callable[[str], bool]) -> int:
        """Count the files the previous build wrote that `keep` rejects: they are not carried."""
        return count_stale(self.out, keep)

    def meanwhile(self) -> None:
        """Carry over the files no build wrote while the pages render: a `stat` of every
        page's folder of the old site, and a listing of those changed, cost a second or more
        at 300,000 pages, which a rebuild of every page would otherwise spend after the
        rendering, alone on one core."""
        try:
            self.foreign = carry_foreign(self.out, self.folder, self.owned,
                                         read_carried(self.out))
        except BaseException as error:  # raised again by the commit, in the build's thread
            self.failure = error

    def commit(self) -> list[str]:
        """Carry over the files no build wrote (unless done meanwhile), then put the new
        folder in the site's place."""
        if self.failure is not None:
            raise self.failure
        if self.foreign is None:
            self.foreign = carry_foreign(self.out, self.folder, self.owned,
                                         read_carried(self.out))
        mark_unfinished(self.out)  # the site holds pages no manifest lists, until it does
        if self.digests is not None:  # they describe the old site, not the one swapped in
            self.digests.forget_recorded()
        swap_in(self.folder, self.out)
        # Only now: the digests and what was carried describe the new folder.
        keep_carried(self.out, self.foreign)
        if self.digests is not None:
            self.digests.commit()
        return self.foreign.files

    def rollback(self) -> None:
        """Drop the new folder: the site stays as it was."""
        if self.digests is not None:
            self.digests.discard()
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass(frozen=True)
class Carried:
    """The files and empty folders of a site that no build wrote, carried into its new
    folder, sorted; and, read back, when the site last held exactly its pages and these."""

    files: list[str]
    folders: list[str]  # empty ones, made again
    since: int = 0  # (ns) when the build that carried them put the site in place
    tops: dict[str, int] = field(default_factory=dict)  # the site's top folders' inodes then

    def beneath(self) -> set[str]:
        """Return every folder that holds one of these files or folders, at any depth."""
        found: set[str] = set()
        for path in itertools.chain(self.files, self.folders):
            parts = path.split("/")
            found.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
        return found


def read_carried(out: Path) -> Carried | None:
    """Return what the last staged build of `out` carried over, None if it is not known
    (missing, of another format, or not as written: a record cut short would hide files)."""
    try:
        with (cache_folder(out) / FOREIGN).open("rb") as handle:
            since = os.fstat(handle.fileno()).st_mtime_ns
            body = unsealed(handle.read())
        text = "" if body is None else body.tobytes().decode()
        if not text.startswith(FOREIGN_HEADER):
            return None
        head, _, listed = text[len(FOREIGN_HEADER):].partition("\n\n")
        tops = {name: int(inode) for inode, _, name in map(str.partition, head.splitlines(),
                                                           itertools.repeat(" "))}
    except (OSError, ValueError):  # UnicodeDecodeError is a ValueError
        return None
    lines = listed.splitlines()
    return Carried([p for p in lines if not p.endswith("/")],
                   [p[:-1] for p in lines if p.endswith("/")], since, tops)


def top_folders(out: Path) -> dict[str, int]:
    """Return the inode of each folder at the top of `out`, by name: a page folder is known
    unchanged only inside the very folder it was in (see `unchanged_page_folders`)."""
    with os.scandir(out) as listing:
        return {entry.name: entry.inode() for entry in listing
                if entry.is_dir(follow_symlinks=False)}


def keep_carried(out: Path, carried: Carried) -> None:
    """Keep what a staged build carried over, for the next, with the site's top folders:
    its time is now, the site's new folder in place."""
    lines = carried.files + [f"{path}/" for path in carried.folders]
    tops = "".join(f"{inode} {name}\n" for name, inode in sorted(top_folders(out).items()))
    write_atomic(cache_folder(out) / FOREIGN, sealed((FOREIGN_HEADER + tops + "\n" + "".join(
        f"{line}\n" for line in sorted(lines))).encode()))


def carry_foreign(out: Path, fresh: Path, owned: Callable[[str], bool],
                  last: Carried | None = None) -> Carried:
    """Link into `fresh` every file of `out` that no build wrote and `fresh` lacks.

    A publisher's CNAME or verification file must survive a full build, and so must its
    empty folders (.git/refs/tags). Returns those files and folders, sorted, so the build
    can name them and the next one knows them.

    Knowing what the `last` staged build carried, a page's folder is not listed when it
    holds nothing else that was carried and has not changed since that build put the site
    in place (its `ctime`, which a file added, removed or renamed in it, or the folder
    moved there, makes newer), nor has the top folder holding it (a tree moved in whole
    keeps its folders' old times, but is another folder): it holds its page alone. A `stat`
    costs a sixth of a listing (open, read, close).
    """
    if not out.is_dir():
        return Carried([], [])
    files, folders = [], []
    fresh.chmod(out.stat().st_mode)  # the folder's permissions are the publisher's
    skip = None if last is None else unchanged_page_folders(owned, last, top_folders(out))
    for path, is_empty_folder in walk(str(out), skip):
        if is_empty_folder:
            (fresh / path).mkdir(parents=True, exist_ok=True)  # a worker may make it too
            folders.append(path)
        elif not owned(path) and not is_temporary(path.rpartition("/")[2]) \
                and not (fresh / path).exists():  # Path only for the few
            link_into(fresh / path, out / path)
            files.append(path)
    return Carried(sorted(files), sorted(folders))


def unchanged_page_folders(owned: Callable[[str], bool], last: Carried, tops: dict[str, int],
                           ) -> Callable[[str, os.DirEntry[str]], bool]:
    """Return a test of whether a folder holds its page alone, as the `last` staged build
    left it (see `carry_foreign`), the site's top folders now being `tops` (inodes)."""
    beneath, since = last.beneath(), last.since
    same = {name for name, inode in tops.items() if last.tops.get(name) == inode}

    def is_unchanged(path: str, entry: os.DirEntry[str]) -> bool:
        top, slash, _ = path.partition("/")
        return (slash != "" and top in same and path not in beneath
                and owned(f"{path}/index.html")
                and entry.stat(follow_symlinks=False).st_ctime_ns < since)

    return is_unchanged


def walk(top: str, skip: Callable[[str, os.DirEntry[str]], bool] | None = None,
         ) -> Iterator[tuple[str, bool]]:
    """Yield (path relative to `top`, whether it is an empty folder) for every file and
    every empty folder below `top`, except in folders `skip(path, entry)` accepts; links
    to folders are neither followed nor yielded.

    Depth first with one open listing per level: os.walk would hold the names of all
    345,696 comparison folders in a list at once, 20 MB more than a cold build needs.
    """
    stack = [("", os.scandir(top), True)]
    try:
        while stack:
            relative, listing, empty = stack.pop()
            for entry in listing:
                empty = False
                path = f"{relative}/{entry.name}" if relative else entry.name
                if not entry.is_dir():
                    yield path, False
                elif skip is not None and skip(path, entry):
                    continue
                elif not entry.is_symlink():
                    stack.append((relative, listing, False))
                    stack.append((path, os.scandir(entry.path), True))
                    break
            else:
                listing.close()
                if empty and relative:
                    yield relative, True
    finally:
        for _, listing, _ in stack:
            listing.close()


def can_swap(out: Path) -> bool:
    """Return whether a folder staged beside `out` can take its place by a rename.

    A mount point (a Docker volume, a tmpfs) cannot be renamed, nor can a folder on another
    file system than its cache.
    """
    if not out.exists():
        return True
    if out.is_mount() or is_mount_point(out):
        return False
    try:
        cache = cache_folder(out)
        cache.mkdir(parents=True, exist_ok=True)
        return out.stat().st_dev == cache.stat().st_dev
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
            return False
        raise


MOUNTINFO = Path("/proc/self/mountinfo")


def is_mount_point(folder: Path, mountinfo: Path = MOUNTINFO) -> bool:
    """Return whether `folder` is a mount point in the kernel's table (`mountinfo`; False
    where there is none).

    `Path.is_mount` compares devices, so it misses a bind mount from the same file system
    (a container's `-v site:/work/site` under `-v .:/work`), which no rename or hard link
    may cross either.
    """
    try:
        table = mountinfo.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return False
    target = os.path.realpath(folder)
    # The fifth field is the mount point, with space, tab, newline and backslash as octal
    # escapes (\040...).
    return any(unescape_mount(line.split(" ")[4]) == target
               for line in table.splitlines() if line.count(" ") >= 4)


def unescape_mount(text: str) -> str:
    """Return a mount point of /proc's tables with its octal escapes (`\\040`) undone."""
    return re.sub(r"\\([0-7]{3})", lambda found: chr(int(found.group(1), 8)), text)


def choose_writer(out: Path, fresh: bool, owned: Callable[[str], bool],
                  digests: Digests | None = None) -> Writer:
    """Return a staged writer for a build that renders (nearly) every page, where it can be
    swapped in; otherwise one that writes in place; either records the pages' `digests`."""
    if fresh and can_swap(out):
        return Staged(out, owned, digests)
    return InPlace(out, digests)
