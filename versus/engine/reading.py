"""Reading a file whole with plain system calls, and the largest role file read.

Standard library only: the no-op check (`unchanged`) reads every role file with it and
imports nothing of the engine's.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

MAX_BYTES = 1_000_000  # the largest role file read
# Bytes asked of one read: under malloc's threshold for a mapping of its own, which a
# buffer of MAX_BYTES took (an mmap and a munmap more for each file).
CHUNK = 1 << 16


def read_limited(path: str | Path, limit: int = sys.maxsize, follow: bool = True) -> bytes:
    """Return the bytes of the file `path`, or its first `limit` + 1 at least when it
    holds more. Raises OSError if it cannot be read, or if it is a link and not `follow`.

    Plain system calls (an open, reads until the end, a close): `open(path, "rb").read()`
    adds an fstat, an ioctl and a seek, for every role file and cache file of every build.
    Opened without waiting: a file listed as a plain one may have become a FIFO by the time
    it is opened (a hostile content folder), which would otherwise hang the build until
    something writes to it; read so, it has no bytes.
    """
    flags = os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK | (0 if follow else os.O_NOFOLLOW)
    fd = os.open(path, flags)
    try:
        parts, size = [], 0
        while size <= limit and (part := os.read(fd, CHUNK)):
            parts.append(part)
            size += len(part)
        return b"".join(parts)
    finally:
        os.close(fd)
