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
