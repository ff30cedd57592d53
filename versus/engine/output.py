"""Writing the site: atomic, skipping unchanged files, removing pages that no longer exist."""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import re
import shutil
import tempfile
import time
import zlib
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

MANIFEST = "manifest"  # the pages the last build wrote
EXTRAS = "extras"  # the other files it copied: static files, root files
BLOCK = 1 << 20  # bytes read at a time to compare a file with what it should hold
REPLACEMENT = "\ufffd"  # what a damaged byte of a manifest reads as (see read_manifest)
NO_PAGE = frozenset({errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG})  # see names_no_page


def cache_folder(out: Path) -> Path:
    """Return where a build keeps what it knows about `out`: beside it, never published."""
    out = out.resolve()
    return out.parent / ".versus-cache" / (out.name or "root")


TEMPORARY_PREFIX = ".tmp-"  # how a file being written starts its name, until it takes its place
SMALL_FOLDERS = ("", "prepared")  # the cache's folders of a few files (not staged sites)
UNFINISHED = "unfinished"  # in the cache: a build writes in the output itself (unfinished.py)


def sweep_temporary(out: Path) -> bool:
    """Remove the temporary files (TEMPORARY_PREFIX) a killed build left in `out`'s cache
    folder; return whether a build stopped while writing in `out` itself (its UNFINISHED
    mark is there), which this listing tells for free. Only a build holding the folder's
    lock writes there, so call it holding the lock: then no such file is another build's
    work in progress."""
    unfinished = False
    for name in SMALL_FOLDERS:
        try:
            entries = list(os.scandir(cache_folder(out) / name))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            unfinished = unfinished or (entry.name == UNFINISHED and not name)
            if entry.name.startswith(TEMPORARY_PREFIX) and not entry.is_dir(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)  # noqa: PTH108 (a DirEntry's path)
    return unfinished


def staging_folder(out: Path) -> Path:
    """Return where a staged build writes before it takes the output's place."""
    return cache_folder(out) / "staging"


def _file_mode() -> int:
    """Return the mode a plain new file gets here (mkstemp's own 0600 would hide pages)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


def check_output_folder(out: Path, overwrite: bool) -> None:
    """Raise ContentError if `out` holds files that no build of ours wrote."""
    from .model import ContentError, Problem  # msgspec: not imported by a build with nothing to do
    if not out.exists():
        return
    if not out.is_dir():
        raise ContentError([Problem(str(out), 1, "", "the output path is a file, not a folder")])
    if overwrite or (cache_folder(out) / MANIFEST).exists() or not any(out.iterdir()):
        return
    raise ContentError([Problem(str(out), 1, "", "this folder holds files that no build wrote; "
                                "choose another --out, or pass --overwrite-foreign-files")])


# A plain relative path: names (no "." or "..") joined by single slashes, no backslash.
_PLAIN_PATH = re.compile(r"(?!\.\.?(?:/|$))[^/\\]+(?:/(?!\.\.?(?:/|$))[^/\\]+)*")


def target(out: Path, relative: str) -> Path:
    """Return where `relative` goes, refusing any path that would leave the output folder."""
    if _PLAIN_PATH.fullmatch(relative):  # every page's path: one Path made, not three
        return out / relative
    path = Path(relative)
    if not path.parts or path.is_absolute() or ".." in path.parts or "\\" in relative:
        raise ValueError(f"output path outside the output folder: {relative!r}")
    return out / path


_TEMPORARY = itertools.count()  # numbers the temporary files of this process


def temporary_file(folder: str) -> tuple[int, str]:
    """Return a new file in `folder` ("" is the current one), open for writing and
    readable by this user alone, and its path: named by this process and a count, where
    tempfile's random name cost about 70 us of each page rewritten in place."""
    while True:
        name = f"{folder or os.curdir}{os.sep}{TEMPORARY_PREFIX}{os.getpid()}-{next(_TEMPORARY)}"
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), name
        except FileExistsError:  # left by a process of the same number, killed
            continue


def is_temporary(name: str) -> bool:
    """Return whether a file's `name` is one that `temporary_file` gives."""
    pid, dash, count = name.removeprefix(TEMPORARY_PREFIX).partition("-")
    return name.startswith(TEMPORARY_PREFIX) and dash != "" and pid.isdigit() and count.isdigit()


def write_all(fd: int, data: bytes | bytearray) -> None:
    """Write `data` to the open file `fd`: plain writes, where a file object would cost
    three more system calls a page."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_atomic(path: Path, data: bytes | bytearray) -> None:
    """Replace `path` with `data` in one step, so a reader never sees half a file."""
    try:
        fd, name = temporary_file(os.path.dirname(path))  # noqa: PTH120 (see temporary_file)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from None
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(name, path)  # noqa: PTH105 (a str: see temporary_file)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(name)  # noqa: PTH108
        # Name the file being written, not the temporary one nobody will ever see.
        raise OSError(error.errno, error.strerror, str(path)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)  # noqa: PTH108
        raise


def sealed(body: bytes | bytearray) -> bytes | bytearray:
    """Return `body` followed by its CRC-32, 4 bytes big-endian: what `unsealed` checks.
    A bytearray is sealed in place, not copied (the parts of 832 roles are 2.4 MB)."""
    seal = zlib.crc32(body).to_bytes(4, "big")
    if isinstance(body, bytearray):
        body += seal
        return body
    return body + seal


def unsealed(data: bytes) -> memoryview | None:
    """Return the body of `sealed` data, or None when its CRC-32 does not match."""
    body = memoryview(data)[:-4]
    if len(data) < 4 or zlib.crc32(body) != int.from_bytes(data[-4:], "big"):
        return None
    return body


def same_bytes(path: Path, data: bytes) -> bool:
    """Return whether `path` already holds exactly `data`.

    Read a block at a time: a sitemap's part (4.6 MB) read whole beside its new bytes held
    a worker 4.6 MB bigger in a rebuild than in a cold build. Each block is compared by
    `startswith`, one memcmp in place: against a memoryview's slice the comparison goes
    byte by byte (38 us for an 11 KB page here, 13 CPU seconds over 346,556 pages).
    """
    try:
        if os.stat(path).st_size != len(data):  # noqa: PTH116 (os calls, as the read below)
            return False
        fd = os.open(path, os.O_RDONLY)
    except (FileNotFoundError, NotADirectoryError):
        return False
    try:
        done = 0
        while done < len(data):
            block = os.read(fd, BLOCK)
            if not block or not data.startswith(block, done):
                return False
            done += len(block)
            del block  # not held while the next block is read
        return True
    finally:
        os.close(fd)


def make_folder(folder: Path) -> None:
    """Create `folder` and any missing parents."""
    try:
        folder.mkdir()
    except FileExistsError:
        pass
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)


def write_new(path: Path, data: bytes) -> bool:
    """Write a file that does not exist yet; return False if it does exist."""
    # Every page has a folder of its own: making it first spares a failed open per page.
    make_folder(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    try:
        write_all(fd, data)
    finally:
        os.close(fd)
    return True


def write_file(out: Path, relative: str, data: bytes, previous: Path | None = None,
               same: Callable[[Path, bytes], bool] = same_bytes) -> bool:
    """Write one file unless it already holds these bytes; return whether it was written.

    In place (no `previous`), a changed file is replaced atomically, so a reader sees the
    old page or the new one, never half of either. Into a fresh folder, a file the same as
    in `previous` is hard-linked from there rather than written again. `same(path, data)`
    tells whether the old file holds `data` (by default by reading it).
    """
    path = target(out, relative)
    if previous is None:
        refuse_links(out, path)
        if same(path, data):
            return False
        make_folder(path.parent)
        write_atomic(path, data)
        return True
    old = target(previous, relative)
    if same(old, data):
        link_into(path, old)
        return False
    return write_new(path, data)


def write_fresh(out: Path, relative: str, data: bytes,
                same: Callable[[Path, bytes], bool] | None = None) -> bool:
    """Write one file into a fresh folder staged where there was no site: no old file to
    compare it with or to link (`write_file` would look for one, a failed `stat` a page).
    Returns True, as every file is written (`same` is not asked)."""
    return write_new(target(out, relative), data)


def link_into(path: Path, old: Path) -> None:
    """Put the file `old` at `path` in a fresh folder as a hard link: no copy, no write."""
    make_folder(path.parent)
    os.link(old, path)


def refuse_links(out: Path, path: Path) -> None:
    """Raise ContentError if a folder between `out` and `path` is a link, which could lead out."""
    from .model import ContentError, Problem  # see check_output_folder
    # Plain strings: a Path made for each folder cost more than its lstat, on every page.
    top, folder = str(out), os.path.dirname(path)  # noqa: PTH120
    while folder not in (top, os.path.dirname(folder)):  # noqa: PTH120
        if os.path.islink(folder):  # noqa: PTH114
            raise ContentError([Problem(folder, 1, "", "is a link, and a build writes only "
                                        "inside its output folder; remove the link")])
        folder = os.path.dirname(folder)  # noqa: PTH120


def swap_in(fresh: Path, out: Path) -> None:
    """Put the folder `fresh` in the place of `out` in one step, then discard the old one."""
    if not out.exists():
        fresh.replace(out)
        return
    if exchange(fresh, out):
        discard(fresh)  # now the old site
        return
    # No atomic exchange here: a build stopped between these two renames leaves `aside`,
    # which recover() puts back before the next build.
    aside = fresh.with_name(fresh.name + "-old")
    out.replace(aside)
    fresh.replace(out)
    discard(aside)


TRASH = "trash-"  # a cache's folders being removed: an old site, after a swap


def discard(folder: Path) -> None:
    """Remove `folder` in the background: renamed aside at once, deleted by `rm -rf`.

    Deleting an old site's 20,000 files takes longer than a cold build's whole write, and
    nobody needs to wait for it. The next build removes what a stopped `rm` left.
    """
    import subprocess  # deferred, as in exchange: only a rebuild of every page needs it

    trash = folder.with_name(f"{TRASH}{time.time_ns()}")
    try:
        folder.replace(trash)
    except FileNotFoundError:  # an earlier build's `rm` finished it first: nothing to do
        return
    try:  # `sh` starts `rm` and returns at once: `rm` is nobody's child to wait for
        subprocess.run(["sh", "-c", 'rm -rf -- "$1" >/dev/null 2>&1 &', "sh", str(trash)],
                       stdin=subprocess.DEVNULL, check=True, start_new_session=True)
    except (OSError, subprocess.CalledProcessError):  # no `sh` here
        shutil.rmtree(trash, ignore_errors=True)


def recover(fresh: Path, out: Path) -> None:
    """Undo what a build stopped during its swap or its fresh build left behind."""
    aside = fresh.with_name(fresh.name + "-old")
    if aside.exists() and not out.exists():
        aside.replace(out)
    # In the background, as an old site is: shutil.rmtree lists a folder whole, and a killed
    # cold build's compare/ at 832 roles (170,000 names) took the next build to 186 MiB.
    for leftover in (fresh, aside):
        if leftover.exists():
            discard(leftover)
    # An `rm` may still be at work on these; a second one beside it does no harm.
    for trash in fresh.parent.glob(f"{TRASH}*"):
        discard(trash)


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2); return False where that is not possible."""
    import ctypes  # deferred: a build that swaps no folder (most rebuilds) never loads it

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(done == 0)


def iter_static(source: Path, under: str) -> Iterator[tuple[str, Path]]:
    """Yield (output path, source file) for every file below `source`."""
    if source.is_dir():
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            relative = path.relative_to(source).as_posix()
            yield (f"{under}/{relative}" if under else relative), path


def read_manifest(out: Path, name: str = MANIFEST) -> Generator[str, None, None]:
    """Yield the paths the previous build wrote, one at a time.

    A damaged line (bytes that are not UTF-8, a NUL) names no file a build wrote: it reads
    as a path that does not exist, which a build treats as a page lost, rather than as a
    traceback on every build.
    """
    try:
        with (cache_folder(out) / name).open(encoding="utf-8", errors="replace") as handle:
            yield from (line.rstrip("\n").replace("\0", REPLACEMENT)
                        for line in handle if line != "\n")
    except FileNotFoundError:
        return


def manifest_time(out: Path) -> int | None:
    """Return when the previous build finished (its manifest's time, ns), None if none did."""
    try:
        return (cache_folder(out) / MANIFEST).stat().st_mtime_ns
    except FileNotFoundError:
        return None


def is_intact(path: str | bytes, finished: int) -> os.stat_result | None:
    """Return the `stat` of a file the last build wrote, or None if it is gone or was changed
    since the build `finished` (ns): such a file is not to be trusted."""
    try:
        found = os.stat(path)  # noqa: PTH116 (plain strings: pathlib costs more than the stat)
    except OSError as error:
        if names_no_page(error):
            return None
        raise
    return found if found.st_mtime_ns <= finished else None


def names_no_page(error: OSError) -> bool:
    """Return whether `error`, raised by a look at a page the last build wrote, says that
    there is none: gone, a file in the place of one of its folders, or a name longer than
    the system allows (a damaged manifest's line, 96 KB of NULs run together). Such a page
    is lost, rather than a build failing on it every time."""
    return error.errno in NO_PAGE


def count_stale(out: Path, keep: Callable[[str], bool], names: tuple[str, ...] = (
        MANIFEST, EXTRAS)) -> int:
    """Return how many files the previous build wrote that `keep` rejects."""
    return sum(1 for name in names for relative in read_manifest(out, name) if not keep(relative))


def remove_stale(out: Path, keep: Callable[[str], bool], names: tuple[str, ...] = (
        MANIFEST, EXTRAS)) -> int:
    """Remove every file the previous build wrote that `keep` rejects; return how many."""
    removed = 0
    for name in names:
        for relative in read_manifest(out, name):
            if not keep(relative):
                removed += remove_file(out, relative)
    return removed


def remove_file(out: Path, relative: str) -> int:
    """Remove a stale file and its folders once empty; return 1 if the file was there."""
    try:
        path = target(out, relative)
        path.unlink()
    except (ValueError, FileNotFoundError):
        return 0  # a tampered manifest must not reach outside the output folder
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:  # a damaged manifest's line (names_no_page)
            return 0
        raise
    for folder in path.parents:
        if folder == out or not folder.is_relative_to(out):
            break
        try:
            folder.rmdir()
        except OSError:
            break
    return 1


class Manifest:
    """The list of files a build wrote, streamed to disk as the build goes."""

    def __init__(self, out: Path, name: str = MANIFEST) -> None:
        self.folder = cache_folder(out)
        self.name = name
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, path = tempfile.mkstemp(dir=self.folder, prefix=f"{TEMPORARY_PREFIX}{name}-")
        self.path = Path(path)
        self.handle = os.fdopen(fd, "w", encoding="utf-8")
        self.lines = 0

    def add(self, relative: str) -> int:
        """Record that this build owns `relative`; return its line's index (from 0)."""
        self.handle.write(relative + "\n")
        self.lines += 1
        return self.lines - 1

    def commit(self) -> None:
        """Make this manifest the folder's manifest."""
        self.handle.close()
        os.utime(self.path)  # the build's end: the pages it wrote are no newer than this
        self.path.replace(self.folder / self.name)

    def discard(self) -> None:
        """Drop this manifest (the build failed)."""
        self.handle.close()
        self.path.unlink(missing_ok=True)
