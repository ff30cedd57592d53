"""Being told at once that something changed in a few folders (Linux's inotify), so that the
preview looks at them a millisecond after a save rather than at its next poll.

Only a prompt to look: what changed is still found by comparing snapshots (watch.py), and
the poll goes on, for what inotify cannot see (a file behind a link, a network disk) and
where there is no inotify at all.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
from collections.abc import Iterable
from pathlib import Path

IN_NONBLOCK, IN_CLOEXEC = 0o4000, 0o2000000
# A file written and closed, moved in or out, removed, or its times or mode set; the folder
# itself moved or removed. Not a file's creation nor each write: the close follows, whole.
EVENTS = 0x8 | 0x40 | 0x80 | 0x200 | 0x4 | 0x400 | 0x800


class Notifier:
    """An inotify descriptor watching folders; `fd` is None where there is no inotify."""

    def __init__(self) -> None:
        self.fd: int | None = None
        with contextlib.suppress(OSError, AttributeError):  # not Linux
            self.libc = ctypes.CDLL(None, use_errno=True)
            fd = self.libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
            self.fd = fd if fd >= 0 else None

    def watch(self, folders: Iterable[Path]) -> None:
        """Watch each of `folders` (again: watching one twice is watching it once)."""
        if self.fd is None:
            return
        for folder in folders:
            # a folder that is gone, or one too many for the system: the poll still sees it
            self.libc.inotify_add_watch(self.fd, os.fsencode(folder), EVENTS)

    def drain(self) -> None:
        """Read and drop every event waiting: any of them means "look now"."""
        if self.fd is None:
            return
        with contextlib.suppress(BlockingIOError):
            while os.read(self.fd, 65536):
                pass

    def close(self) -> None:
        """Stop watching."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
