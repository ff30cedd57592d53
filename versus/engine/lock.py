"""One build per output folder at a time: a lock file beside the output, held with flock.

The kernel releases an flock when its holder's last descriptor closes, so a lock left by a
process killed with `kill -9` is simply free: nothing stale to detect or clean up.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shlex
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from .errors import BusyError
from .output import cache_folder

LOCK = "lock"


class Holder(NamedTuple):
    """Who holds an output folder's lock, as it wrote itself into the lock file."""

    pid: int | None
    command: str

    def __str__(self) -> str:
        who = f"process {self.pid}" if self.pid else "another process"
        return f"{who} ({self.command})" if self.command else who


def lock_path(out: Path) -> Path:
    """Return the lock file of the output folder `out`, in its cache folder beside it."""
    return cache_folder(out) / LOCK


def parse_holder(text: str) -> Holder:
    """Return the holder a lock file's text names: its pid on the first line, then its command."""
    first, _, command = text.partition("\n")
    return Holder(int(first) if first.strip().isdigit() else None, command.strip())


def read_holder(fd: int) -> Holder:
    """Return who holds the lock open as `fd`, as far as its file says."""
    return parse_holder(os.pread(fd, 4096, 0).decode("utf-8", "replace"))


def write_holder(fd: int) -> None:
    """Write this process's pid and command into the lock file open as `fd`."""
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n{shlex.join(sys.argv)}\n".encode(), 0)


def is_taken(fd: int) -> bool:
    """Take the lock on `fd` if it is free; return whether this process now holds it."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def output_lock(out: Path, wait: bool = True,
                on_wait: Callable[[Holder], None] | None = None) -> Iterator[None]:
    """Hold `out`'s lock while the block runs; raise BusyError if held and not `wait`.

    Waiting, `on_wait` is told once who holds the lock. Forked workers inherit the descriptor;
    they die with their build (see lifeline.py), so they never keep the lock alive.
    """
    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        if not is_taken(fd):
            holder = read_holder(fd)
            if not wait:
                raise BusyError(f"{out}/ is being built by {holder}; wait for it to finish, "
                                "or stop it")
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        write_holder(fd)
        yield
    finally:
        os.close(fd)  # releases the lock; the file stays, so that every process locks one inode
