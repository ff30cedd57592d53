"""What a build is asked to do, and what it reports having done."""

from __future__ import annotations

import zlib
from pathlib import Path

import msgspec

PROJECT = Path(__file__).resolve().parents[2]


class Shard(msgspec.Struct, frozen=True):
    """The slice K of N of a build's files, chosen by a stable hash of each file's path."""

    index: int = 1
    count: int = 1

    def has(self, path: str) -> bool:
        """Return whether this shard builds the file at `path`."""
        return self.count == 1 or zlib.crc32(path.encode()) % self.count == self.index - 1


class BuildOptions(msgspec.Struct, frozen=True):
    """Where a build reads from and writes to, and how it splits the work."""

    content: Path = Path("content")
    out: Path = Path("site")
    templates: Path = PROJECT / "templates"
    static: Path = PROJECT / "static"
    overwrite_foreign: bool = False
    jobs: int = 0  # worker processes; 0 picks by the machine and the work
    shard: Shard = Shard()


class BuildResult(msgspec.Struct, frozen=True):
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
