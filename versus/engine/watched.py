"""An output folder that the preview looks at between its builds, so its builds need not.

A build trusts a page whose file is no newer than the manifest (`finished`): everything else
was changed or removed by someone, and is rendered again. That check is a `stat` of every
page, the largest fixed cost of a one-role rebuild. The preview's builds skip it; the
preview's own scan (authoring/watch.py) does it between builds, a slice at a time, and sets
off a full build when it finds a page someone changed. For that to stay exact, a build
that skipped the check must not move the manifest's time past a page changed meanwhile:
it leaves the time as it was, and keeps here the signature of each page it rendered (its
own, however new). Only a scan that found every page as built, from its start on, moves the
time, to its start.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from .errors import BusyError
from .lock import output_lock
from .output import MANIFEST, cache_folder, manifest_time

Signature = tuple[int, int, int]  # inode, size, modified time (ns)
PROBE = "scan"  # a cache file touched as a scan starts: its time is the file system's


def signature(path: str) -> Signature | None:
    """Return the signature of the file at `path`, None if there is none."""
    try:
        found = os.stat(path)  # noqa: PTH116 (plain strings: pathlib costs more than the stat)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


class WatchedOutput:
    """What the preview knows of its output folder: the manifest time it last saw, and the
    pages its builds rendered since without moving that time."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.finished: int | None = None  # the manifest's time (ns) that `ours` is about
        self.ours: dict[str, Signature] = {}  # page -> its signature as our build left it
        self.builds = 0  # how many builds ended: a scan begun before one proves nothing

    def trusts(self, finished: int | None) -> bool:
        """Return whether a build of an output whose manifest time is `finished` may skip
        looking for damaged pages: no other process built it since this one last did."""
        return finished is not None and finished == self.finished

    def distrust(self) -> None:
        """Have the next build look at every page itself (a scan found one changed)."""
        self.finished, self.ours = None, {}

    def rendered(self, pages: Iterable[str]) -> None:
        """Keep the signature of each page a trusting build rendered in place."""
        prefix = f"{self.out}{os.sep}"
        for page in pages:
            found = signature(prefix + page)
            if found is not None:
                self.ours[page] = found

    def settle(self) -> None:
        """Take note of a build's end: if it moved the manifest's time, every page up to it
        is as built, and what this one wrote before is no longer worth keeping."""
        finished = manifest_time(self.out)
        if finished != self.finished:
            self.finished, self.ours = finished, {}
        self.builds += 1

    def is_as_built(self, page: str, finished: int) -> bool:
        """Return whether the file of `page` is as the last build left it, against the
        manifest time `finished`: no newer than that, or just as one of our builds left it."""
        found = signature(f"{self.out}{os.sep}{page}")
        if found is None:
            return False
        return found[2] <= finished or (finished == self.finished and self.ours.get(page)
                                        == found)

    def start_scan(self) -> int | None:
        """Return the file system's time now (ns), as a scan starts, from a cache file; None
        when no page is newer than the manifest: then the scan has no time to move."""
        if not self.ours:
            return None
        probe = cache_folder(self.out) / PROBE
        probe.parent.mkdir(parents=True, exist_ok=True)
        probe.touch()
        return probe.stat().st_mtime_ns

    def all_seen(self, started: int | None, builds: int) -> None:
        """Move the manifest's time to `started` (see `start_scan`), when a scan begun then
        found every page as built and no build came between (`builds` as it began).

        Any page changed since the scan began is newer than that, and the next build or
        scan finds it. Skipped while another build holds the folder: it moves the time itself.
        """
        if started is None or builds != self.builds or self.finished is None or \
                started <= self.finished:
            return
        manifest = cache_folder(self.out) / MANIFEST
        with contextlib.suppress(BusyError), output_lock(self.out, wait=False):
            if manifest_time(self.out) != self.finished:
                return  # another process built since: it checked, and moved the time itself
            moved = started - 1  # a page changed in the same tick as the probe is newer
            os.utime(manifest, ns=(moved, moved))
            self.finished = moved
            self.ours = {page: found for page, found in self.ours.items() if found[2] > moved}
