"""A build stopped while it wrote in the output folder itself, and what the next one sweeps.

An incremental build (and a full one where the folder cannot be swapped) replaces each file
through a temporary one beside it (`output.temporary_file`: `.tmp-<pid>-<n>`, mode 0600).
A build that ends without unwinding (`kill -9`, the out-of-memory killer, a power cut, a
SIGTERM from `docker stop` or a CI timeout, which Python does not turn into an exception)
leaves that file in a page's folder, each of its workers one more, and the pages it added
that no manifest lists yet (those of a role added: if the role goes before the next build,
no build would ever remove them). So does a staged build stopped between its swap and its
manifest. The next build took them all for the publisher's own files: kept, carried into a
staged site, published.

Sweeping every folder on every build would cost a listing a folder and a `stat` a page
(674 M instructions, 0.4 s of CPU, at 20,121 files; seconds at 346,530): so a build marks
the cache folder (`UNFINISHED`) before its first file written in place, or before its swap,
and takes the mark away once its manifests name every page it wrote. Only the build after
one that left its mark walks the output, before anything else. A build that stops on an
error keeps its mark too, a worker having perhaps died without unwinding; one that writes
nothing makes none. Measured at 200 roles (BENCHMARKS.md), a build that follows one that
ended costs what it did: a no-op makes no system call more for it (the listing of the cache
that sweeps its temporary files sees the mark) and a one-role edit three (create, close,
unlink), 1.0005 and 1.000 times the instructions.

Weighed and left:
- Temporary files in the cache folder, which a build sweeps already, renamed into the
  page's folder: a rename cannot leave its file system, and the output may be a mount of
  its own (a Docker volume) away from its cache, where they must be written beside the page
  anyway; nor would that find the pages a stopped build added.
- A name that the hosts and every build leave out: the site publishes dotted names on
  purpose (`.well-known/`, `.nojekyll`), and hosts differ in what they skip.
- What is there already: the lock is free however its holder ended, and the fingerprint
  (`unchanged.GATE`) is also gone after every build stopped by a content error, so the
  preview would walk the whole site after each typo.

The mark is not synced to the disk (a flush per build): on one journalling file system the
mark's creation reaches the disk no later than the files written after it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .output import (
    FILE_MODE,
    UNFINISHED,
    cache_folder,
    is_temporary,
    manifest_time,
    read_manifest,
    remove_file,
    target,
)


def mark_unfinished(out: Path) -> None:
    """Mark `out` as being written: until `clear_unfinished`, a build that stops may leave
    temporary files and pages no manifest lists there."""
    mark = cache_folder(out) / UNFINISHED
    try:
        os.close(os.open(mark, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    except FileNotFoundError:  # no cache folder yet
        mark.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(mark, os.O_WRONLY | os.O_CREAT, FILE_MODE))


def clear_unfinished(out: Path) -> None:
    """Take the mark away: every file the build wrote in `out` is in place and listed."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(cache_folder(out) / UNFINISHED)  # noqa: PTH108 (one call, no Path kept)


def sweep_unfinished(out: Path) -> None:
    """Remove from `out` what a build stopped while writing there left (`leftovers`), then
    the mark. Call it holding the output's lock, where the mark says so (see
    `output.sweep_temporary`)."""
    if out.is_dir():
        temporary, added, empty = leftovers(out)
        for path in [*temporary, *added]:
            remove_file(out, path)
        for path in empty:
            with contextlib.suppress(OSError):
                target(out, path).rmdir()
    clear_unfinished(out)


def leftovers(out: Path) -> tuple[list[str], list[str], list[str]]:
    """Return, relative to `out`, sorted: the temporary files there, the pages that no
    manifest lists and that changed since the last build that ended (those a stopped build
    added: a role's, removed before the next build), and the page folders left empty.

    The publisher's files are none of these: not temporary, and not in a page's place (a
    staged build drops those too) or not changed since.
    """
    # Deferred: only a build after a stopped one walks; urls imports msgspec, which a build
    # with nothing to do does not, and writer imports this module.
    from .urls import parse_path
    from .writer import walk

    finished = manifest_time(out)
    temporary, added, empty = [], set(), []
    for path, is_folder in walk(str(out)):
        if not is_folder and is_temporary(path.rpartition("/")[2]):
            temporary.append(path)
        elif finished is not None and parse_path(f"{path}/index.html" if is_folder else path) \
                and changed_since(out, path, finished):
            if is_folder:
                empty.append(path)
            else:
                added.add(path)
    added.difference_update(read_manifest(out))
    return sorted(temporary), sorted(added), sorted(empty)


def changed_since(out: Path, path: str, finished: int) -> bool:
    """Return whether the file or folder `path` of `out` changed since the last build that
    ended, at `finished` (ns); False if it is gone."""
    try:  # at `finished` too: the last build's own pages of that tick are in its manifest
        # a plain string: a Path a page cost three times its lstat
        return os.lstat(f"{out}{os.sep}{path}").st_mtime_ns >= finished
    except FileNotFoundError:
        return False
