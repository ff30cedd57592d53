"""Worker processes that die with the build that started them, however the build ends."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when `parent` dies; exit now if it is already gone.

    Meant as a pool's initializer: without it, a worker whose build was killed with
    `kill -9` sleeps forever, waiting for work from a parent that no longer exists.
    """
    import ctypes  # here, in the worker: the build's start does not need it

    with contextlib.suppress(OSError, AttributeError):  # not Linux: the pid check still holds
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    # The parent may have died between the fork and the prctl: then no signal will come.
    if os.getppid() != parent:
        os._exit(1)


def hold_ctrl_c() -> None:
    """Hold Ctrl-C back while the process forks: in the child, Python's own after-fork work
    runs before ours, and a Ctrl-C there would print a traceback from the new worker."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


# A Ctrl-C that reached the after-fork hook (`released_unless_pressed`), for the code that
# forked to raise (`release_ctrl_c`).
_pressed = threading.Event()


def release_ctrl_c() -> None:
    """Let a Ctrl-C held back during the fork reach the build, which ends in one line.
    Called by the code that forked, once it knows its child: raises KeyboardInterrupt for
    a Ctrl-C that came during the fork (`released_unless_pressed`)."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if _pressed.is_set():
        _pressed.clear()
        raise KeyboardInterrupt


def released_unless_pressed() -> None:
    """After a fork, in the parent: let Ctrl-C in again, unless one came during the fork.

    Raised in this hook, a Ctrl-C would be printed by Python as an exception ignored and
    dropped, and the build would go on. That one stays held back until the code that
    forked lets it in (`release_ctrl_c`: `forked.Child`, the pool after each submit),
    where it is raised as any other; and so is one that comes between the look and the
    release, which the release itself delivers here (a build once ended 0 after a Ctrl-C
    that came as its pool forked).
    """
    if signal.SIGINT in signal.sigpending():
        return
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    except KeyboardInterrupt:
        _pressed.set()


def start_thread(work: Callable[[], None], name: str) -> threading.Thread:
    """Start `work` on a thread that never takes Ctrl-C: the kernel gives a process's
    signal to any thread that accepts it, and one taken by a helper thread never interrupts
    the build's own, which waits on its workers."""
    def run() -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        work()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


def leave_ctrl_c_to_parent() -> None:
    """Ignore Ctrl-C in a process just forked from the build: its workers are the only ones.

    Ctrl-C reaches every process of the terminal's group: the build, which ends its pool as it
    unwinds and says so in one line, and each worker, which would print a traceback. Done at
    the fork itself, not in the pool's initializer, so that no Ctrl-C falls in between; one
    held back during the fork is dropped here.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    release_ctrl_c()


os.register_at_fork(before=hold_ctrl_c, after_in_parent=released_unless_pressed,
                    after_in_child=leave_ctrl_c_to_parent)
