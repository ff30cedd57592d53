"""A function run in a bare forked child, its result or its error brought back through a pipe.

For a few hundred pages (one role edited) a process pool costs more than it saves: importing
multiprocessing and concurrent.futures, starting its threads, a worker per core and a queue.
A bare fork starts in about a millisecond and shares everything the parent has warmed. The
child dies with its parent, as a pool's workers do (`lifeline.die_with_parent`): a build
killed with `kill -9` leaves no process at work in its output, nor holding its lock.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from .errors import VersusError
from .lifeline import die_with_parent, release_ctrl_c

T = TypeVar("T")
CHUNK = 1 << 16  # bytes read from the pipe at a time
MARSHALLED, PICKLED = b"m", b"p"  # the first byte of a payload: how the rest is written


class ChildTraceback(Exception):
    """Where an error raised in a forked child came from: the child's traceback, as text."""


def can_fork() -> bool:
    """Return whether this process may fork a child that runs Python: on a system with
    `fork`, with no other thread running (one holding a lock would leave it held forever in
    the child: the preview's server threads, a helper thread not yet joined)."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Child(Generic[T]):
    """A forked child running one call; `result()` waits for it and returns what it returned."""

    def __init__(self, function: Callable[[Any], T], argument: Any) -> None:
        """Fork a child that returns `function(argument)` to this process (see `result`)."""
        read_end, write_end = os.pipe()
        parent = os.getpid()
        try:
            self.pid = os.fork()
        except OSError:  # no process to be had (a limit, no memory): no pipe left open
            os.close(read_end)
            os.close(write_end)
            raise
        if self.pid == 0:  # the child: never returns
            try:
                os.close(read_end)
                die_with_parent(parent)
                run_and_exit(function, argument, write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        self.pipe = read_end
        try:
            release_ctrl_c()  # a Ctrl-C that came during the fork is raised here, not lost
        except BaseException:  # the child is not the caller's to stop: stopped here
            self.stop()
            raise

    def result(self) -> T:
        """Wait for the child; return its function's result.

        Raises the child's exception (its traceback as the cause, a ChildTraceback), or
        VersusError if the child ended with no answer (killed by a signal: out of memory?).
        """
        payload = self.read_all()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if not payload:
            raise VersusError(f"the build stopped: a worker process ended with no answer "
                              f"({ended(status)}); the next build finishes the job")
        kind, value, trace = loaded(payload)
        if kind == "error":
            raise value from ChildTraceback(trace)
        return value  # type: ignore[no-any-return]

    def read_all(self) -> bytes:
        """Return every byte the child wrote before it closed the pipe."""
        parts = []
        try:
            while part := os.read(self.pipe, CHUNK):
                parts.append(part)
        finally:
            os.close(self.pipe)
            self.pipe = -1
        return b"".join(parts)

    def stop(self) -> None:
        """Kill the child, if `result` has not collected it, and reap it: the parent failed."""
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
        if self.pid:
            with contextlib.suppress(ProcessLookupError):  # ended meanwhile: reaped below
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0


def run_and_exit(function: Callable[[Any], Any], argument: Any, pipe: int) -> None:
    """In the child: write `function(argument)`, or the error it raised, to `pipe` and
    leave at once, with none of the parent's exit work (its atexit calls, its buffers)."""
    code = 0
    try:
        payload = dumped(("done", function(argument), ""))
    except BaseException as error:  # all go back to the parent, which decides
        import traceback

        code = 1
        trace = traceback.format_exc()
        try:
            payload = dumped(("error", error, trace))
            # Loaded here too: one whose __init__ takes other arguments than its `args`
            # pickles, but would fail to load in the parent, hiding this error and trace.
            loaded(payload)
        except Exception:  # an error that does not pickle or load travels as its text
            payload = dumped(("error", RuntimeError(repr(error)), trace))
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(pipe, view):]
    except OSError:  # the parent is gone or stopped listening
        code = 1
    os._exit(code)


def dumped(value: Any) -> bytes:
    """Return `value` as bytes for the parent: by `marshal` when it holds only plain values
    (lists, sets, strings, numbers), which needs no import in the parent (the no-op check,
    a tenth of a second in all, would import `pickle` for 2 ms), else by `pickle`."""
    try:
        return MARSHALLED + marshal.dumps(value)
    except ValueError:
        import pickle

        return PICKLED + pickle.dumps(value)


def loaded(payload: bytes) -> Any:
    """Return the value `dumped` made `payload` of."""
    if payload[:1] == MARSHALLED:
        return marshal.loads(payload[1:])
    import pickle

    return pickle.loads(payload[1:])  # our own child's bytes


def ended(status: int) -> str:
    """Return how a child with wait status `status` ended, in words."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            return f"killed by {signal.Signals(number).name}"
        except ValueError:
            return f"killed by signal {number}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
