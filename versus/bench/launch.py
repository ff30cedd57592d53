"""Run one command and write its wall seconds and peak memory to a file: the small parent
that `timed.run_timed` starts every timed command from.

    python -I -S launch.py RESULT_FILE COMMAND [ARG ...]

Writes "<wall seconds> <peak resident set, KiB> <exit code>" to RESULT_FILE (the code as
`subprocess` gives it: minus the signal that killed the command) and exits with the
command's own code, or 128 + that signal, as a shell does. The peak is `wait4`'s: the
command's, or that of any process it waited for (a build's workers). Standard library
only, no `site`: this process stays at about 8 MiB, which is the lowest peak it can report
(see `timed`).
"""

import os
import sys
import time


def main() -> int:
    """Run the command of argv[2:]; write its figures to argv[1]; return its exit code."""
    result, command = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(result, "w", encoding="ascii") as file:  # noqa: PTH123 (pathlib: 2 MiB more)
        file.write(f"{seconds} {usage.ru_maxrss} {code}\n")
    # An exit code cannot be negative: sys.exit(-9) exits with 247, which tells no signal.
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
