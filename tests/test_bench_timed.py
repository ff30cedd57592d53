"""The benchmarks' timing of a whole process: the peak memory is the command's, not the
benchmark's, whatever the benchmark itself has held."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from versus.bench import measure, preview
from versus.bench.timed import run_timed

ALLOCATE = "import sys; b = bytearray({mib} << 20); b[::4096] = b'x' * len(b[::4096]); " \
           "print('held'); sys.exit({code})"


def test_a_command_s_peak_is_its_own_after_the_parent_held_far_more() -> None:
    held = bytearray(400 << 20)
    held[::4096] = b"x" * len(held[::4096])  # resident, not merely reserved
    del held  # the parent's peak stays 400 MiB: the kernel hands it to a child it spawns
    finished = run_timed([sys.executable, "-I", "-S", "-c", "pass"])
    assert finished.returncode == 0
    assert finished.peak_mib < 100


@pytest.mark.parametrize("code", [0, 3])
def test_a_command_s_own_peak_output_and_exit_code_are_reported(code: int) -> None:
    finished = run_timed([sys.executable, "-I", "-S", "-c", ALLOCATE.format(mib=150, code=code)])
    assert finished.returncode == code
    assert finished.stdout == "held\n"
    assert 150 <= finished.peak_mib < 250
    assert 0 < finished.seconds < 60


def test_a_command_that_cannot_start_is_said() -> None:
    with pytest.raises(RuntimeError, match="no-such-command-here could not be timed"):
        run_timed(["no-such-command-here"])


def test_a_command_killed_by_a_signal_is_told_so() -> None:
    # As subprocess tells it: a build the kernel killed for memory reads "died with
    # SIGKILL", not "exit status 247" (the launcher's own exit code can tell no signal).
    kill = "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"
    finished = run_timed([sys.executable, "-I", "-S", "-c", kill])
    assert finished.returncode == -signal.SIGKILL


@pytest.mark.parametrize("main", [measure.main, preview.main])
def test_a_work_folder_that_is_not_there_is_one_line_not_a_traceback(
        main: Callable[[list[str]], int], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--roles", "1", "--work", str(tmp_path / "missing")])
    assert stopped.value.code == 2  # argparse's, before any site is written
    assert f"--work: {tmp_path / 'missing'}: no such folder" in capsys.readouterr().err
