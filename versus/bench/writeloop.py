"""The plain write loop: make the folders and write the bytes of a built site, nothing else.

    python -m versus.bench.writeloop SOURCE DEST [PROCESSES]

Reads every file of SOURCE into memory first (not timed), then times making DEST's folders
and writing the same bytes, split over PROCESSES forked writers (default: the machine's
cores, at most 2, as our build's workers are), and prints the seconds. It is the floor
under any build of the same output: what writing alone costs on that file system.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

Site = list[tuple[str, list[tuple[str, bytes]]]]  # (folder, [(file name, bytes)]), relative


def read_site(source: Path) -> Site:
    """Return every folder of `source` (relative, top first) with its files' names and bytes."""
    site: Site = []
    for folder, _, names in os.walk(source):
        relative = os.path.relpath(folder, source)
        site.append((relative, [(name, Path(folder, name).read_bytes())
                                for name in sorted(names)]))
    return site


def write_share(site: Site, dest: str, share: int, shares: int) -> None:
    """Write every `shares`-th folder of `site` (from `share`) into `dest`, as a build would:
    mkdir, then open, write and close each file."""
    # Plain strings and os calls, as the engine's writer uses: pathlib would cost more
    # than the system calls this loop is meant to time.
    for folder, files in site[share::shares]:
        path = os.path.join(dest, folder)  # noqa: PTH118
        os.makedirs(path, exist_ok=True)  # noqa: PTH103
        for name, data in files:
            fd = os.open(os.path.join(path, name),  # noqa: PTH118
                         os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.write(fd, data)
            os.close(fd)


def write_site(site: Site, dest: str, processes: int) -> float:
    """Write `site` into `dest` with `processes` forked writers; return the wall seconds."""
    Path(dest).mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    children = []
    for share in range(processes):
        pid = os.fork()
        if pid == 0:
            try:
                write_share(site, dest, share, processes)
            finally:
                os._exit(0)
        children.append(pid)
    failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
    seconds = time.perf_counter() - started
    if failed:
        raise RuntimeError(f"{len(failed)} writer processes failed")
    return seconds


def main(argv: list[str]) -> int:
    """Run the loop from the command line; print its seconds. Returns an exit code."""
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    processes = int(argv[2]) if len(argv) == 3 else min(2, os.cpu_count() or 1)
    site = read_site(Path(argv[0]))
    print(f"{write_site(site, argv[1], processes):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
