"""A digest of every page a build wrote, so that a rebuild of every page need not read the
old files to know which of them already hold their new bytes.

The file `digests` (in the cache, beside the manifest) is a fixed header and then one record
of RECORD bytes per line of the manifest, in the same order: the digest of that page as the
build wrote it, or UNKNOWN. Its bytes depend only on the pages (the same whatever the number
of workers), and its modification time is when the build that wrote it ended.

A record is trusted only for a file older than that time (strictly: a file touched in the
same clock tick could be newer), of the new page's size: a file replaced since, by hand or
by an incremental build, is compared byte by byte as before. An incremental build records
no digest, but names each page before it writes it in place, in `rewritten` beside the
digests: a record of such a page is not trusted either. A record that differs from the new
page's digest is then believed without a look at the file (a `stat` of every page when
every page changes, 346,556 at 832 roles): only a hand edit since could have made the file
hold the new bytes, and the page is written either way. So a rebuild of every page drops
the last digests before it changes a page they describe (its first page written in place,
or its swap), and a list of pages written in place past its limit voids them. Each digest
covers the page's path as well as its bytes, so a record read against the wrong line (a
manifest and digests from two builds, after a crash) can only fail to match, never match
another page.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .output import TEMPORARY_PREFIX, cache_folder, read_manifest, same_bytes

DIGESTS = "digests"
REWRITTEN = "rewritten"  # the pages written in place since the digests were recorded
# Bytes of `rewritten` at most (about 35,000 paths, 40 one-role edits at 832 roles): past
# that, the digests are dropped, and the next rebuild of every page reads the old pages.
REWRITTEN_LIMIT = 1 << 21
# A new format, a new header: an old file is not read. Version 1 went without `rewritten`:
# its records of pages written in place since are not to be believed.
HEADER = b"versus page digests 2\n"
RECORD = 16  # bytes of sha256 kept: 128 bits, beyond a forged collision from role text
KEPT_BLOCK = 1 << 16  # bytes of kept pages' records written at once
UNKNOWN = bytes(RECORD)  # no digest known for this line
Slot = tuple[int, bytes]  # a page's line in the new manifest, and its old recorded digest


def page_digest(relative: str, data: bytes) -> bytes:
    """Return the RECORD-byte digest of the page at output path `relative` holding `data`.

    sha256: 9 us for an 11 KB page here, where blake2b and md5 take about 20; crc32 would
    be faster but can be forged, and role text is untrusted.
    """
    digest = hashlib.sha256(relative.encode())
    digest.update(b"\0")
    digest.update(data)
    return digest.digest()[:RECORD]


class Recorded:
    """The digests the last build recorded, read beside its manifest, once, in plan order."""

    def __init__(self, out: Path, finished: int | None, key: Callable[[str], Any]) -> None:
        """Read what the last build of `out` (ended at `finished`, None: none) recorded;
        `key(path)` orders paths as the plan does (None for a path the plan cannot hold)."""
        self.key = key
        self.since = 0  # when the recording build ended (ns): no record is trusted before
        self.lines: Iterator[tuple[str, bytes]] = iter(())
        self.manifest = read_manifest(out)
        self.handle = None if finished is None else open_recorded(out)
        rewritten = None if self.handle is None else read_rewritten(out)
        if self.handle is not None and rewritten is None:  # too many: no record holds
            self.handle.close()
            self.handle = None
        self.rewritten = rewritten or frozenset[str]()  # pages whose records no longer hold
        if self.handle is not None:
            self.since = os.fstat(self.handle.fileno()).st_mtime_ns
            records = iter(functools.partial(self.handle.read, RECORD), b"")
            # A cut-off file ends sooner: the pages after its end have no record.
            self.lines = zip(self.manifest, records, strict=False)
        self.head = next(self.lines, None)

    def find(self, path: str) -> bytes:
        """Return the digest recorded for `path`, or UNKNOWN; called in plan order.

        The old lines are passed in step with the new plan: lines the plan no longer has
        are skipped, pages it did not have get UNKNOWN. Where either is out of plan order,
        a page merely goes unmatched, and is compared.
        """
        wanted: Any = UNKNOWN  # the key of `path`, worked out only if the lines diverge
        while self.head is not None:
            found, record = self.head
            if found == path:
                self.head = next(self.lines, None)
                if len(record) != RECORD or path in self.rewritten:  # a cut-off record
                    return UNKNOWN
                return record
            wanted = self.key(path) if wanted is UNKNOWN else wanted
            key = self.key(found)
            if key is not None and (wanted is None or key > wanted):
                return UNKNOWN  # a page the last build did not write
            self.head = next(self.lines, None)  # a line the plan no longer has
        return UNKNOWN

    def close(self) -> None:
        """Stop reading."""
        self.manifest.close()
        if self.handle is not None:
            self.handle.close()


def open_recorded(out: Path) -> Any:
    """Return the last build's digest file of `out`, open past its header, or None if it
    is missing or not of this format."""
    try:
        handle = (cache_folder(out) / DIGESTS).open("rb")
    except FileNotFoundError:
        return None
    if handle.read(len(HEADER)) != HEADER:
        handle.close()
        return None
    return handle


class Digests:
    """The digests a build records as it writes its pages, and those of the last build it
    trusts: shared with forked workers, which write their records by position."""

    def __init__(self, out: Path, recorded: Recorded) -> None:
        """Record the digests of a build of `out`, knowing what the last one `recorded`."""
        self.recorded = recorded
        self.since = recorded.since
        self.folder = cache_folder(out)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.fd, name = tempfile.mkstemp(dir=self.folder, prefix=f"{TEMPORARY_PREFIX}{DIGESTS}-")
        self.path = Path(name)
        os.write(self.fd, HEADER)
        # The records of kept pages on consecutive lines, from line `first`: a walk that
        # keeps 346,556 pages writes them in a few hundred calls, not one a page.
        self.first, self.kept = 0, bytearray()

    def put(self, index: int, record: bytes) -> None:
        """Record the digest of the page on line `index` of the new manifest."""
        os.pwrite(self.fd, record, len(HEADER) + index * RECORD)

    def keep(self, index: int, stat: os.stat_result, known: bytes) -> None:
        """Record, for a page kept as it is (`stat` its file's), its old digest `known`,
        if it still holds; called in the order of the lines."""
        if index != self.first + len(self.kept) // RECORD or len(self.kept) >= KEPT_BLOCK:
            self.flush()
            self.first = index
        self.kept += known if stat.st_mtime_ns < self.since else UNKNOWN

    def flush(self) -> None:
        """Write the kept pages' records held back."""
        if self.kept:
            os.pwrite(self.fd, self.kept, len(HEADER) + self.first * RECORD)
            self.kept = bytearray()

    def same(self, known: bytes, digest: bytes) -> Callable[[Path, bytes], bool]:
        """Return a test of whether a file holds the bytes whose digest is `digest`: by the
        digest `known` recorded for it, when that can be trusted (one that differs is
        believed, see the module's docstring), else by reading it."""
        if known == UNKNOWN:
            return same_bytes
        return self.is_same if known == digest else never_same

    def is_same(self, path: Path, data: bytes) -> bool:
        """Return whether the file at `path` holds `data`, whose digest its recorded one is:
        trusted if the file is as the recording build left it, else read."""
        try:
            found = os.stat(path)  # noqa: PTH116 (os calls, as same_bytes)
        except (FileNotFoundError, NotADirectoryError):
            return False
        if found.st_size != len(data):
            return False
        if found.st_mtime_ns >= self.since:
            return same_bytes(path, data)
        return True

    def write(self, slot: Slot | None, relative: str, data: bytes,
              write: Callable[..., bool]) -> bool:
        """Write a page by `write(same=test)` (see `output.write_file`), recording its digest
        on its line `slot[0]` when it has a slot; return whether it was written."""
        if slot is None:
            return write()
        index, known = slot
        digest = page_digest(relative, data)
        written = write(same=self.same(known, digest))
        self.put(index, digest)
        return written

    def commit(self) -> None:
        """Make these the digests of the output: their time, now, is the build's end."""
        self.recorded.close()
        self.flush()
        os.close(self.fd)
        os.utime(self.path)
        self.path.replace(self.folder / DIGESTS)
        (self.folder / REWRITTEN).unlink(missing_ok=True)  # every record holds again

    def forget_recorded(self) -> None:
        """Drop the last build's digests from the cache, before this build changes a page
        they describe: in place, or by its swap. A build stopped then (Ctrl-C, a kill, a
        full disk) would leave them beside pages they no longer describe, and a record that
        differs is believed without a look at the page. They are still read: the file is
        open."""
        (self.folder / DIGESTS).unlink(missing_ok=True)

    def discard(self) -> None:
        """Drop these digests (the build failed)."""
        self.recorded.close()
        os.close(self.fd)
        self.path.unlink(missing_ok=True)


def never_same(path: Path, data: bytes) -> bool:
    """Return False: the file's recorded digest is not that of `data` (see `Digests.same`)."""
    return False


def read_rewritten(out: Path) -> frozenset[str] | None:
    """Return the pages of `out` written in place since its digests were recorded, or None
    if the list is past REWRITTEN_LIMIT: its size is looked at as a build opens it, and one
    build may take it well past (a salary raised tenfold: 61,000 pages at 832 roles), its
    names beyond the limit unread."""
    try:
        with (cache_folder(out) / REWRITTEN).open("rb") as handle:
            listed = handle.read(REWRITTEN_LIMIT + 1)
    except FileNotFoundError:
        return frozenset()
    if len(listed) > REWRITTEN_LIMIT:
        return None
    return frozenset(listed.decode("utf-8", "replace").splitlines())


class Rewritten:
    """Where a build that writes in place names each page before it writes it (see the
    module's docstring): one append a page, from whichever process renders it."""

    def __init__(self, out: Path) -> None:
        """Name pages of `out` (opened at the first)."""
        self.folder = cache_folder(out)
        self.fd: int | None = None

    def add(self, relative: str) -> None:
        """Name the page at output path `relative`, before it is written."""
        if self.fd is None:
            self.fd = self.opened()
        os.write(self.fd, f"{relative}\n".encode())

    def opened(self) -> int:
        """Return the list opened to append to: afresh, the digests dropped, if it is full."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / REWRITTEN
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
        try:
            if os.fstat(fd).st_size > REWRITTEN_LIMIT:
                (self.folder / DIGESTS).unlink(missing_ok=True)  # first: no record then holds
                os.ftruncate(fd, 0)
        except BaseException:  # not left open in the preview, which outlives the build
            os.close(fd)
            raise
        return fd

    def close(self) -> None:
        """Stop naming pages."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
