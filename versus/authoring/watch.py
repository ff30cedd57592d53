"""Noticing every change to the folders a preview builds from, whatever the files' timestamps.

livereload compares modification times with the last one it saw and with its start, so a
file copied in with an old timestamp (`cp -p`, an unpacked archive) goes unnoticed, and it
watches whatever lies below a folder, the preview's own output included. Here a file is its
inode, size, modification and change times: `cp -p` and `mv` cannot keep all four, and the
output and cache folders are never looked at.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from livereload.watcher import Watcher
from tornado.ioloop import PeriodicCallback

POLL_MS = 100  # how often the watched folders are looked at: 1 ms a look at 200 role files
SKIPPED = frozenset({".git", ".hg", ".svn", "__pycache__", ".versus-cache"})

Signature = tuple[int, int, int, int]  # inode, size, modified and changed times in ns
Snapshot = dict[str, Signature]


def snapshot(roots: Iterable[Path], ignored: Iterable[Path]) -> Snapshot:
    """Return the signature of every file below `roots`, leaving out the `ignored` folders."""
    skip = {str(p.resolve()) for p in ignored}
    found: Snapshot = {}
    for root in roots:
        for top, dirs, files in os.walk(root):
            folder = Path(top)
            dirs[:] = [d for d in dirs
                       if d not in SKIPPED and str((folder / d).resolve()) not in skip]
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


class ChangeWatcher(Watcher):  # type: ignore[misc]  # livereload ships no type hints
    """Calls `on_change` once for each look that finds any file changed, added or removed."""

    def __init__(self, roots: list[Path], ignored: list[Path],
                 on_change: Callable[[], None]) -> None:
        super().__init__()
        self.roots, self.ignored, self.on_change = roots, ignored, on_change
        self.seen = snapshot(roots, ignored)

    def start(self, callback: Callable[[], None]) -> bool:
        """Poll every POLL_MS; return True, telling livereload not to start its own poll."""
        PeriodicCallback(callback, POLL_MS).start()
        return True

    def examine(self) -> tuple[str | None, None]:
        """Rebuild if anything changed since the last look; return a changed path or None."""
        now = snapshot(self.roots, self.ignored)
        changed = changed_paths(self.seen, now)
        self.seen = now  # taken before the rebuild: a save during it shows at the next look
        if not changed:
            return None, None
        self.on_change()
        self.filepath = changed[0]
        return self.filepath, None
