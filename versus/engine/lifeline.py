"""Worker processes that die with the build that started them, however the build ends."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when `parent` dies; exit now if it is already gone.

    Meant as a pool's initializer: without it, a worker whose build was killed with
    `kill -9` sleeps forever, waiting for work from a parent that no longer exists.
    """
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the pid check still holds
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    # The parent may have died between the fork and the prctl: then no signal will come.
    if os.getppid() != parent:
        os._exit(1)


def leave_ctrl_c_to_parent() -> None:
    """Ignore Ctrl-C in a process just forked from the build: its workers are the only ones.

    Ctrl-C reaches every process of the terminal's group: the build, which ends its pool as it
    unwinds and says so in one line, and each worker, which would print a traceback. Done at
    the fork itself, not in the pool's initializer, so that no Ctrl-C falls in between.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


os.register_at_fork(after_in_child=leave_ctrl_c_to_parent)
