"""Hashes of files and of the engine itself, made with the standard library alone: a build
that finds nothing changed (`unchanged`) needs them before, and without, the rest."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import sys
from pathlib import Path

# The libraries whose versions shape the bytes of a page.
LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "pyyaml")
MODULES = ("jinja2", "markupsafe", "markdown", "nh3", "yaml")  # what each is imported as


def digest(*parts: object) -> str:
    """Return a short, stable hash of the reprs of `parts`."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def file_key(name: str, raw: bytes) -> str:
    """Return what a parsed file is kept under: a hash of its name (a slug) and bytes."""
    return hashlib.blake2b(name.encode() + b"\0" + raw, digest_size=16).hexdigest()


def is_ignored(name: str) -> bool:
    """Return whether a file in roles/ is an editor's or system's, not a contributor's."""
    return name.startswith(".") or name.endswith("~")


def folder_digest(folder: Path, suffix: str = "") -> str:
    """Return a hash of the name and bytes of every file below `folder` ending in `suffix`."""
    h = hashlib.blake2b(digest_size=12)
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob(f"*{suffix}") if p.is_file()):
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def engine_digest(memo: Path | None = None) -> str:
    """Return a hash of what turns inputs into bytes: the engine's source, Python, libraries.

    Source files only: compiled bytecode changes with the interpreter's whims, never a page.
    With `memo`, a file that keeps the hash under the size, times and inode of every source
    file and library: while none of those moved, the hash is read back (reading the
    libraries' versions costs 12 ms of every start); when one did, it is made again from
    the bytes and versions, so a touched file costs a recount, never a rebuild.
    """
    if memo is None:
        return made_engine_digest()
    signature = file_signature()
    with contextlib.suppress(OSError, ValueError):
        kept, found = memo.read_text("utf-8").split("\n")
        if kept == signature:
            return found
    found = made_engine_digest()
    with contextlib.suppress(OSError):
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.write_text(f"{signature}\n{found}", "utf-8")
    return found


def made_engine_digest() -> str:
    """Return the engine's hash made afresh from its sources' bytes and the versions."""
    import importlib.metadata  # deferred: 12 ms of every start-up
    import platform

    versions = [(name, importlib.metadata.version(name)) for name in LIBRARIES]
    code = folder_digest(Path(__file__).resolve().parent, ".py")
    return digest(code, platform.python_implementation(), platform.python_version(), versions)


def file_signature() -> str:
    """Return a hash of the size, times and inode of the engine's sources and of each
    library's entry file, and Python's version: what moves when any of them is replaced.

    The change time too: an edit in place that keeps the size, with its modification time
    put back (`touch -r`, a checkout of an equal-length fix), moves only that one."""
    stats: list[object] = [sys.version]
    with os.scandir(Path(__file__).resolve().parent) as entries:
        files = sorted((e.name, e.stat()) for e in entries if e.name.endswith(".py"))
    stats += [(name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
              for name, st in files]
    for module in MODULES:
        spec = importlib.util.find_spec(module)
        origin = spec.origin if spec is not None and spec.origin else ""
        st = Path(origin).stat() if origin else None
        stats.append((origin, st and (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)))
    return digest(*stats)
