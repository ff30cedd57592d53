"""A command timed and weighed as a whole process, from a parent small enough not to weigh
on its figure.

Linux keeps a process's peak resident set (`ru_maxrss`) across `exec`, and a process
forked (or spawned) from another starts with that one's peak: a build started by the
benchmark itself reported the benchmark's own peak whenever it was the larger. The
benchmark grows as it lists and removes sites of 125,274 files, and a 500-role build that
peaks at 60 MiB read 91 MiB in `--against hugo` and 123 MiB after one `shutil.rmtree`.
So every timed command is started by `launch.py`, a bare interpreter of about 8 MiB.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

LAUNCH = Path(__file__).with_name("launch.py")


@dataclass(frozen=True)
class Finished:
    """A command run to its end: what it printed, its wall time and its peak memory."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float  # wall, from its start to its exit (the launcher's own start left out)
    peak_mib: float  # largest resident set of it or any child it waited for


def run_timed(command: list[str], env: dict[str, str] | None = None) -> Finished:
    """Run `command` to its end through `launch.py`; return what it did (`Finished`).

    Raises RuntimeError when the launcher leaves no figures, as when the command cannot be
    started (its reason is in the message).
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err, \
            tempfile.NamedTemporaryFile("r", suffix=".timed") as result:
        subprocess.run([sys.executable, "-I", "-S", str(LAUNCH), result.name,
                        *command], stdout=out, stderr=err, env=env, check=False)
        out.seek(0)
        err.seek(0)
        stdout, stderr, figures = out.read(), err.read(), result.read().split()
    if len(figures) != 3:
        raise RuntimeError(f"{command[0]} could not be timed: {stderr.strip()[-500:]}")
    # The command's code as the launcher saw it: its own exit code cannot tell a signal.
    return Finished(int(figures[2]), stdout, stderr, float(figures[0]), int(figures[1]) / 1024)
