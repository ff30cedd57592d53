"""Benchmark: full, no-op, one-role and every-page builds of generated sites; prints and
records figures, among them the peak memory of a cold build beside that of a rebuild of every
page (the site's name changed), which must be no higher.

    python -m versus.bench                 # N = 50, 200 and 832 roles
    python -m versus.bench --roles 200     # one size
    python -m versus.bench --no-write      # print only, leave BENCHMARKS.md alone
    python -m versus.bench --work /dev/shm # the engine alone: sites written to a RAM disk
    python -m versus.bench --against hugo  # against Hugo and a plain write loop (against.py)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..engine.build import PROJECT
from . import against, timed
from .childenv import child_env
from .fake import write_fake_content
from .record import write_block

SUMMARY = re.compile(r"Built ([\d,]+) files .*?: ([\d,]+) written, ([\d,]+) unchanged, "
                     r"([\d,]+) removed, ([\d.,]+) MiB, ([\d.]+) s")


@dataclass(frozen=True)
class Run:
    """One build, as measured from outside and as the build reported it."""

    files: int
    written: int
    removed: int
    mib: float
    seconds: float  # the build's own time, in the process
    wall: float  # the whole command, interpreter start included
    peak_mib: float  # the largest resident set of any process of the build


def build(content: Path, out: Path) -> Run:
    """Run one build as a separate process and return what it did."""
    finished = run_measured([sys.executable, str(PROJECT / "build.py"), "--content",
                             str(content), "--out", str(out)])
    match = SUMMARY.search(finished.stdout)
    if match is None:
        raise RuntimeError(f"no summary line in: {finished.stdout!r} {finished.stderr!r}")
    files, written, _, removed = (int(g.replace(",", "")) for g in match.groups()[:4])
    return Run(files, written, removed, float(match.group(5).replace(",", "")),
               float(match.group(6)), finished.seconds, finished.peak_mib)


def run_measured(command: list[str]) -> timed.Finished:
    """Run `command`; return what it printed, its wall time and the peak resident set (MiB)
    of it and its workers; raise CalledProcessError if it fails.

    Waited for by `wait4` in a small parent (`timed`), whose figure is this one process
    tree's: the RUSAGE_CHILDREN of this process is the largest of every build run so far,
    and hides a smaller one.
    """
    finished = timed.run_timed(command, child_env(CI="1"))
    if finished.returncode:
        raise subprocess.CalledProcessError(finished.returncode, command, finished.stdout,
                                            finished.stderr)
    return finished


def edit_one_role(content: Path) -> None:
    """Change one figure of one role, as a contributor would."""
    files = sorted((content / "roles").glob("*.yaml"))
    path = files[len(files) // 2]
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"(?m)^(  yearly: )(\d+)", lambda m: f"{m[1]}{int(m[2]) + 1}", text,
                           count=1), "utf-8")


def rename_site(content: Path) -> None:
    """Change the site's name, which every page shows: a rebuild of every page."""
    path = content / "site.yaml"
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"(?m)^name: (.*)$", r"name: \1 again", text, count=1), "utf-8")


@dataclass(frozen=True)
class Row:
    """The figures of one site size."""

    roles: int
    full: Run
    noop: Run
    edit: Run
    again: Run  # every page rendered again: the site's name changed

    def cells(self) -> list[str]:
        """Return the row of the results table."""
        full = self.full
        return [f"{self.roles:,}", f"{full.files:,}", f"{full.seconds:.1f}",
                f"{full.files / full.seconds:,.0f}", f"{self.noop.seconds:.2f}",
                f"{self.noop.wall:.2f}", f"{self.edit.seconds:.2f}", f"{self.edit.written:,}",
                f"{self.again.seconds:.1f}", f"{full.peak_mib:.1f}",
                f"{self.again.peak_mib:.1f}", f"{max(self.noop.peak_mib, self.edit.peak_mib):.1f}",
                f"{full.mib * 1_048_576 / full.files / 1024:.1f}"]


HEADER = ["roles", "files", "full build s", "pages/s", "no-op s", "no-op wall s",
          "one-role edit s", "files written by the edit", "every page again s",
          "peak MiB, full", "peak MiB, every page again", "peak MiB, no-op and edit",
          "KiB per file"]


def measure(roles: int, work: Path) -> Row:
    """Return the figures of a generated site of `roles` roles."""
    content, out = work / f"content-{roles}", work / f"site-{roles}"
    write_fake_content(content, roles)
    subprocess.run(["sync"], check=False)  # earlier writes must not slow this build down
    full = build(content, out)
    noop = build(content, out)
    edit_one_role(content)
    edit = build(content, out)
    rename_site(content)
    again = build(content, out)
    return Row(roles, full, noop, edit, again)


def machine() -> str:
    """Return a line describing this machine."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found.group(1).strip() if found else model
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def table(rows: list[Row]) -> str:
    """Return the results as a Markdown table."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + " ---: |" * len(HEADER)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def record(rows: list[Row], file: Path, work: Path) -> None:
    """Write the results, the machine and the date into BENCHMARKS.md between markers.

    Each output folder's kind (a disk, a RAM disk) has a block of its own.
    """
    where = "ram" if str(work).startswith("/dev/shm") else "disk"
    write_block(file, where, f"Measured {dt.date.today().isoformat()} on {machine()}, by "
                f"`python -m versus.bench{' --work /dev/shm' if where == 'ram' else ''}`.\n\n"
                f"{table(rows)}")


def existing_folder(text: str) -> Path:
    """Return the folder `text` names; raise ArgumentTypeError when there is none (a
    `--work` folder: tempfile's traceback said only "No such file or directory")."""
    folder = Path(text)
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(f"{text}: no such folder")
    return folder


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and return an exit code."""
    parser = argparse.ArgumentParser(prog="python -m versus.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--roles", type=int, action="append", metavar="N",
                        help="site sizes to measure (default: 50, 200, 832)")
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    parser.add_argument("--work", type=existing_folder, default=None, metavar="DIR",
                        help="where to write the sites (default: the system's temporary "
                             "folder); /dev/shm measures the engine without the disk")
    parser.add_argument("--against", choices=["hugo"],
                        help="compare full builds with Hugo's and a plain write loop's, "
                             "interleaved, on a RAM disk and on the disk (default sizes: 50, 200)")
    parser.add_argument("--repeat", type=int, default=3, metavar="N",
                        help="with --against: rounds per size, medians reported (default 3)")
    parser.add_argument("--hugo-plain-max", type=int, default=500, metavar="N",
                        help="with --against: leave plain-partial Hugo out above N roles")
    parser.add_argument("--storage", choices=["both", *against.STORAGES], default="both",
                        help="with --against: build to a RAM disk, to the disk, or both "
                             "(default: both)")
    parser.add_argument("--block", default="hugo", metavar="NAME",
                        help="with --against: the BENCHMARKS.md block to write, between "
                             "<!-- bench:NAME:start/end --> (default: hugo)")
    args = parser.parse_args(argv)
    if args.against:
        return against_hugo(args)
    rows = []
    work = Path(tempfile.mkdtemp(prefix="versus-bench-", dir=args.work))
    try:
        for roles in args.roles or [50, 200, 832]:
            rows.append(measure(roles, work))
            print(table(rows).splitlines()[-1], flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{machine()}\n\n{table(rows)}")
    if not args.no_write:
        record(rows, PROJECT / "BENCHMARKS.md", work)
    return 0


def against_hugo(args: argparse.Namespace) -> int:
    """Run the benchmark against Hugo (`against.py`), print it and record it; return 0."""
    sizes = args.roles or [50, 200]
    storages = against.STORAGES if args.storage == "both" else (args.storage,)
    disk = against.disk_folder() if "disk" in storages else Path(tempfile.gettempdir())
    found = against.measure(sizes, args.repeat, args.hugo_plain_max, disk,
                            lambda line: print(line, flush=True), storages)
    command = ("python -m versus.bench --against hugo" + "".join(f" --roles {n}" for n in sizes)
               + (f" --repeat {args.repeat}" if args.repeat != 3 else "")
               + (f" --hugo-plain-max {args.hugo_plain_max}" if args.hugo_plain_max != 500
                  else "") + (f" --storage {args.storage}" if args.storage != "both" else "")
               + (f" --block {args.block}" if args.block != "hugo" else ""))
    text = against.report(found, command, machine(), disk)
    print(f"\n{text}")
    if not args.no_write:
        write_block(PROJECT / "BENCHMARKS.md", args.block, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
