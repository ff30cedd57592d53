"""The shards of a site (`build.py --shard K/N`, one folder each) merged into the whole site."""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path


class MergeError(Exception):
    """Raised when shards disagree on a file, or the output folder is not empty."""


def iter_files(folder: Path) -> Iterator[str]:
    """Yield the path of every file under `folder`, relative to it, in sorted order."""
    yield from sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def merge_shards(out: Path, shards: Sequence[Path]) -> int:
    """Copy every shard's files into `out` (new or empty); return how many files it holds.

    Shards share only files every shard writes (static/), which must be the same bytes: a
    difference means shards built from different inputs, and nothing is merged.
    """
    if out.exists() and any(out.iterdir()):
        raise MergeError(f"{out}: not empty; merge into a new folder")
    owner: dict[str, Path] = {}
    for shard in shards:
        if not shard.is_dir():
            raise MergeError(f"{shard}: no such folder")
        for name in iter_files(shard):
            first = owner.setdefault(name, shard)
            if first != shard and (first / name).read_bytes() != (shard / name).read_bytes():
                raise MergeError(f"{name}: differs between {first} and {shard}; were the "
                                 "shards built from the same commit?")
    for name, shard in owner.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shard / name, out / name)
    return len(owner)
