"""What a build is asked to do, and what it reports having done.

Named tuples, not msgspec Structs as the engine's other records: the command line needs
these before it knows whether the build has anything to do, and one with nothing to do
never imports msgspec (75 M instructions, through uuid, platform and decimal).
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import NamedTuple

PROJECT = Path(__file__).resolve().parents[2]


class Shard(NamedTuple):
    """The slice K of N of a build's files, chosen by a stable hash of each file's path."""

    part: int = 1  # K, from 1 (not `index` and `count`: a tuple's own methods)
    parts: int = 1  # N

    def has(self, path: str) -> bool:
        """Return whether this shard builds the file at `path`."""
        return self.parts == 1 or zlib.crc32(path.encode()) % self.parts == self.part - 1


class BuildOptions(NamedTuple):
    """Where a build reads from and writes to, and how it splits the work."""

    content: Path = Path("content")
    out: Path = Path("site")
    templates: Path = PROJECT / "templates"
    static: Path = PROJECT / "static"
    overwrite_foreign: bool = False
    jobs: int = 0  # worker processes; 0 picks by the machine and the work
    shard: Shard = Shard()


class BuildResult(NamedTuple):
    """What a build did."""

    files: int
    roles: int
    written: int
    removed: int
    bytes: int
    seconds: float
    kept: tuple[str, ...] = ()  # files in the output that no build wrote, left where they were
    thin: int = 0  # comparison pages kept out of search engines' index

    @property
    def unchanged(self) -> int:
        """Return how many files the build left as they were."""
        return self.files - self.written
