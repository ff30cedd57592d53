"""Our build against Hugo's, and against a plain loop that only writes the same bytes.

    python -m versus.bench --against hugo                # 50 and 200 roles, 3 rounds
    python -m versus.bench --against hugo --roles 500 --repeat 1
    python -m versus.bench --against hugo --roles 832 --repeat 1 --storage ram

For each size: the same generated roles built by us (`build.py`), by Hugo with each role's
parts formatted on every page (`partial`) and once a role (`partialCached`), and written by
the plain loop (`writeloop.py`), each as a whole process into a fresh folder, the four
interleaved round after round, on a RAM disk (/dev/shm) and on the disk. Medians are printed.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..engine.build import PROJECT
from ..engine.output import cache_folder
from . import timed
from .childenv import child_env
from .fake import write_fake_content
from .hugo import hugo_command, prepare_site

ENGINES = ("ours", "hugo", "hugo_cached", "loop")
STORAGES = ("ram", "disk")  # a RAM disk (/dev/shm), where the engines' own work shows; a disk


@dataclass(frozen=True)
class Timed:
    """One whole process: its wall seconds, the files it left and its tree's peak memory."""

    seconds: float  # wall time; for the plain loop, the writing alone as it measured it
    files: int
    peak_mib: float  # largest resident set of the process or any child it waited for


def run_timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run `command`; return its wall seconds, peak RSS (MiB) and standard output.

    The peak is `wait4`'s, taken by a small parent (`timed`): the child's own, or that of
    any process it waited for (our build's forked workers). Raises RuntimeError when the
    command fails.
    """
    finished = timed.run_timed(command, env)
    if finished.returncode:
        raise RuntimeError(f"{command[0]} failed: {finished.stderr}")
    return finished.seconds, finished.peak_mib, finished.stdout


def count_files(folder: Path) -> int:
    """Return how many files `folder` holds, at any depth."""
    return sum(len(names) for _, _, names in os.walk(folder))


@dataclass(frozen=True)
class Job:
    """One size of site, ready to build: our content, Hugo's copy, a built reference."""

    roles: int
    content: Path
    hugo_site: Path
    reference: Path  # our build's output, the bytes the plain loop writes


def run_engine(engine: str, job: Job, out: Path) -> Timed:
    """Build (or, for the loop, write) `job`'s site into the fresh folder `out`."""
    if engine == "ours":
        seconds, peak, _ = run_timed([sys.executable, str(PROJECT / "build.py"), "--content",
                                      str(job.content), "--out", str(out), "-q"],
                                     child_env(CI="1"))
    elif engine == "loop":
        _, peak, said = run_timed([sys.executable, "-m", "versus.bench.writeloop",
                                   str(job.reference), str(out)],
                                  child_env(PYTHONPATH=str(PROJECT)))
        seconds = float(said.strip())
    else:
        command, env = hugo_command(job.hugo_site, out, cached=engine == "hugo_cached")
        seconds, peak, _ = run_timed(command, env)
    return Timed(seconds, count_files(out), peak)


def settle(folder: Path) -> None:
    """Remove a finished output (and our build's cache beside it) and flush the disk, so no
    run pays for, or profits from, the one before."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(cache_folder(folder), ignore_errors=True)
    subprocess.run(["sync"], check=False)


def rounds(job: Job, place: Path, engines: tuple[str, ...], repeat: int,
           say: Callable[[str], None]) -> dict[str, list[Timed]]:
    """Run every engine once a round, `repeat` rounds, into fresh folders under `place`."""
    found: dict[str, list[Timed]] = {engine: [] for engine in engines}
    for round_ in range(repeat):
        for engine in engines:
            out = place / f"{engine}-{job.roles}-{round_}"
            found[engine].append(run_engine(engine, job, out))
            settle(out)
            say(f"  {place} round {round_ + 1}: {engine} {found[engine][-1].seconds:.2f} s")
    return found


@dataclass(frozen=True)
class Row:
    """The medians of one size on one kind of storage; None for an engine not run."""

    roles: int
    results: dict[str, Timed | None]

    def cells(self) -> list[str]:
        """Return the table row: pages/s of each, the ratios and the peak memory."""
        ours, hugo, cached, loop = (self.results.get(e) for e in ENGINES)
        assert ours is not None and cached is not None and loop is not None
        rate, cached_rate = ours.files / ours.seconds, cached.files / cached.seconds
        return [f"{self.roles} ({ours.files:,})", f"{rate:,.0f}",
                "-" if hugo is None else f"{hugo.files / hugo.seconds:,.0f}",
                f"{cached_rate:,.0f}", f"{rate / cached_rate:.2f}", f"{loop.seconds:.2f}",
                f"{ours.seconds / loop.seconds:.2f}",
                f"{ours.peak_mib:.0f} / {cached.peak_mib:,.0f}"]


HEADER = ["roles (pages)", "ours, pages/s", "Hugo", "Hugo, roles cached", "ours / cached",
          "plain loop s", "ours / plain loop", "peak memory, ours / cached (MiB)"]


def median(runs: list[Timed]) -> Timed:
    """Return a run made of the medians of `runs`' seconds and peaks (files: the first's)."""
    return Timed(statistics.median(t.seconds for t in runs), runs[0].files,
                 statistics.median(t.peak_mib for t in runs))


def table(rows: list[Row]) -> str:
    """Return rows as a Markdown table."""
    lines = ["| " + " | ".join(HEADER) + " |", "| " + " | ".join("---" for _ in HEADER) + " |"]
    return "\n".join(lines + ["| " + " | ".join(row.cells()) + " |" for row in rows])


def prepare(roles: int, work: Path) -> Job:
    """Return a job of `roles` generated roles under `work`, with its reference build."""
    content, reference = work / f"content-{roles}", work / f"reference-{roles}"
    write_fake_content(content, roles)
    hugo_site = prepare_site(content, work / f"hugo-{roles}")
    subprocess.run([sys.executable, str(PROJECT / "build.py"), "--content", str(content),
                    "--out", str(reference), "-q"], check=True, env=child_env(CI="1"))
    return Job(roles, content, hugo_site, reference)


def disk_folder() -> Path:
    """Return a folder for builds on a real disk: the system's temporary folder, unless that
    is a RAM disk, then the project's parent folder. Raises RuntimeError when neither is."""
    for candidate in (Path(tempfile.gettempdir()), PROJECT.parent):
        kind = subprocess.run(["df", "--output=fstype", str(candidate)], capture_output=True,
                              text=True, check=False).stdout.split()[-1:]
        if kind and kind[0] not in ("tmpfs", "ramfs"):
            return candidate
    raise RuntimeError("no folder on a disk found for the disk runs")


def measure(sizes: list[int], repeat: int, plain_max: int, disk: Path,
            say: Callable[[str], None], storages: tuple[str, ...] = STORAGES,
            ) -> dict[str, list[Row]]:
    """Return the rows of each kind of storage in `storages` ("ram", "disk"), one per size.

    Hugo with plain partials is left out above `plain_max` roles (it takes too long).
    """
    work = Path(tempfile.mkdtemp(prefix="versus-hugo-", dir="/dev/shm"))
    places = {where: work if where == "ram" else Path(tempfile.mkdtemp(prefix="versus-hugo-",
                                                                      dir=disk))
              for where in storages}
    found: dict[str, list[Row]] = {where: [] for where in places}
    try:
        for roles in sizes:
            job = prepare(roles, work)
            engines = tuple(e for e in ENGINES if e != "hugo" or roles <= plain_max)
            for where, place in places.items():
                runs = rounds(job, place, engines, repeat, say)
                row = Row(roles, {e: median(runs[e]) if e in runs else None for e in ENGINES})
                found[where].append(row)
                say(f"{where}: {' | '.join(row.cells())}")
            shutil.rmtree(job.hugo_site.parent / f"hugo-{roles}", ignore_errors=True)
    finally:
        for place in {work, *places.values()}:
            shutil.rmtree(place, ignore_errors=True)
    return found


def report(found: dict[str, list[Row]], command: str, machine: str, disk: Path) -> str:
    """Return the results as Markdown: the date, machine, command and a table per storage."""
    titles = {"ram": "To a RAM disk (`/dev/shm`)",
              "disk": f"To the disk (a new folder under `{disk}`)"}
    tables = [f"{titles[where]}:\n\n{table(rows)}" for where, rows in found.items()]
    return "\n\n".join([f"Measured {dt.date.today().isoformat()} on {machine}, by `{command}`.",
                        *tables])

