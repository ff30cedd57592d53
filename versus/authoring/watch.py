"""Noticing every change to the folders a preview builds from, whatever the files' timestamps.

livereload compares modification times with the last one it saw and with its start, so a
file copied in with an old timestamp (`cp -p`, an unpacked archive) goes unnoticed, and it
watches whatever lies below a folder, the preview's own output included. Here a file is its
inode, size, modification and change times: `cp -p` and `mv` cannot keep all four, and the
output and cache folders are never taken for sources. Where the system can tell (inotify),
a save is looked at as it happens; the poll stays, for what it cannot tell.

Between builds, the output's pages are looked at too, a slice a poll, so that the preview's
builds need not look at every page themselves (see engine/watched.py).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from livereload.watcher import Watcher
from tornado.ioloop import IOLoop, PeriodicCallback

from ..engine.output import manifest_time, read_manifest
from ..engine.watched import WatchedOutput
from .notify import Notifier

POLL_MS = 100  # how often the watched folders are looked at: 1 ms a look at 200 role files
NOTIFIED_POLL_MS = 500  # as often, where the system tells of changes as they happen
SETTLE_S = 0.005  # from the system's word that something changed to the look
# Pages of the output looked at per poll, between builds: at 500 ms a poll, a 20,000-page
# site in 20 s, about 1% of a core.
SCAN_SLICE = 500
SKIPPED = frozenset({".git", ".hg", ".svn", "__pycache__", ".versus-cache"})

Signature = tuple[int, int, int, int]  # inode, size, modified and changed times in ns
Snapshot = dict[str, Signature]


def walk(roots: Iterable[Path], ignored: Iterable[Path]) -> Iterator[tuple[Path, list[str]]]:
    """Yield every folder below `roots` and the names of its files, leaving out the
    `ignored` folders."""
    skip = {str(p.resolve()) for p in ignored}
    for root in roots:
        for top, dirs, files in os.walk(root):
            folder = Path(top)
            dirs[:] = [d for d in dirs
                       if d not in SKIPPED and str((folder / d).resolve()) not in skip]
            yield folder, files


def snapshot(roots: Iterable[Path], ignored: Iterable[Path]) -> Snapshot:
    """Return the signature of every file below `roots`, leaving out the `ignored` folders."""
    found: Snapshot = {}
    for folder, files in walk(roots, ignored):
        for name in files:
            path = folder / name
            try:
                st = path.stat()
            except OSError:
                continue  # removed between the listing and the stat: the next look sees it
            found[str(path)] = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return found


def changed_paths(old: Snapshot, new: Snapshot) -> list[str]:
    """Return the paths added, removed or changed between two snapshots, sorted."""
    return sorted(path for path in old.keys() | new.keys() if old.get(path) != new.get(path))


class OutputScan:
    """Looks at the preview's output between builds, SCAN_SLICE pages a poll, for a page
    someone else changed or removed since a build (see engine/watched.py)."""

    def __init__(self, output: WatchedOutput,
                 is_building: Callable[[], bool] = lambda: False) -> None:
        """Scan `output` whenever `is_building()` says no build is under way: a page a
        build has written, and not yet noted, would pass for one changed by someone."""
        self.output = output
        self.is_building = is_building
        self.pages: Iterator[str] | None = None  # the rest of the scan under way
        self.started: int | None = None  # as the scan began: the file system's time,
        self.finished = self.builds = 0  # the manifest's, and how many builds had ended

    def step(self) -> str | None:
        """Look at the next pages; return the path of one that is not as built, or None.

        A scan that reaches the end with every page as built lets the output trust its
        pages up to when it began.
        """
        if self.is_building():  # begun again after it: the build has moved what it knows
            return None
        if self.output.finished is None:  # the next build looks at every page itself
            self.pages = None
            return None
        if (self.pages is None or self.builds != self.output.builds) and not self.begin():
            return None
        assert self.pages is not None
        pages = list(itertools.islice(self.pages, SCAN_SLICE))
        for page in pages:
            if not self.output.is_as_built(page, self.finished):
                self.pages = None
                self.output.distrust()  # the build it sets off looks at every page
                return str(self.output.out / page)
        if len(pages) < SCAN_SLICE:  # the manifest's end
            self.pages = None
            self.output.all_seen(self.started, self.builds)
        return None

    def begin(self) -> bool:
        """Start a scan of every page the last build wrote; return False if there is none."""
        finished = manifest_time(self.output.out)
        if finished is None:
            return False
        self.started, self.finished = self.output.start_scan(), finished
        self.builds, self.pages = self.output.builds, read_manifest(self.output.out)
        return True


class ChangeWatcher(Watcher):  # type: ignore[misc]  # livereload ships no type hints
    """Calls `on_change` once for each look that finds any file changed, added or removed,
    or, between those, a page of the output that someone else changed (`scan`).

    It never has livereload reload the browsers: the build `on_change` sets off does, once
    it has written what they show (see live.py).
    """

    def __init__(self, roots: list[Path], ignored: list[Path], on_change: Callable[[], None],
                 scan: OutputScan | None = None) -> None:
        super().__init__()
        self.roots, self.ignored, self.on_change, self.scan = roots, ignored, on_change, scan
        self.seen = snapshot(roots, ignored)
        self.notifier = Notifier()
        self.notifier.watch(folder for folder, _ in walk(roots, ignored))
        self.prompted = False  # a look is due shortly, set off by the notifier

    def start(self, callback: Callable[[], None]) -> bool:
        """Poll every POLL_MS, and look as soon as the system says something changed;
        return True, telling livereload not to start its own poll."""
        told = self.notifier.fd is not None
        PeriodicCallback(callback, NOTIFIED_POLL_MS if told else POLL_MS).start()
        if told:
            IOLoop.current().add_handler(self.notifier.fd,
                                         lambda fd, events: self.notified(callback),
                                         IOLoop.READ)
        return True

    def notified(self, callback: Callable[[], None]) -> None:
        """Look shortly: the events of one save (written, closed, renamed, its times
        set) arrive within a few milliseconds, and one look sees them all."""
        self.notifier.drain()
        if not self.prompted:
            self.prompted = True
            IOLoop.current().call_later(SETTLE_S, lambda: self.prompted_look(callback))

    def prompted_look(self, callback: Callable[[], None]) -> None:
        """Look now, as the notifier asked."""
        self.prompted = False
        callback()

    def examine(self) -> tuple[str | None, str | None]:
        """Rebuild if anything changed since the last look; return a changed path, or None,
        and livereload's word for sending no reload of its own ("forever")."""
        now = snapshot(self.roots, self.ignored)
        changed = changed_paths(self.seen, now)
        self.seen = now  # taken before the rebuild: a save during it shows at the next look
        if changed:
            self.notifier.watch(folder for folder, _ in walk(self.roots, self.ignored))
        elif self.scan is not None:
            damaged = self.scan.step()
            changed = [damaged] if damaged else []
        if not changed:
            return None, None
        self.filepath = changed[0]  # before the build starts: its reloads name it
        self.on_change()
        return self.filepath, "forever"
