"""A call run in a bare forked child: its result, its error, its death, and no child left."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import pytest

from versus.engine.errors import ContentError, VersusError
from versus.engine.forked import Child, ChildTraceback, can_fork
from versus.engine.model import Problem

pytestmark = pytest.mark.usefixtures("no_child_left")
T = TypeVar("T")


class Pair(NamedTuple):
    left: str
    right: int


def children() -> set[int]:
    """Return the process ids of this process's children, running or not yet reaped
    (others than the tests' may exist: a server a test started, a pool not yet gone)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # ended meanwhile
                continue
            # pid (comm) state ppid ...: the command may hold spaces and brackets
            if int(stat.rpartition(")")[2].split()[1]) == os.getpid():
                found.add(int(entry.name))
    return found


RUN_ALONE = """
import pickle, sys
with open(sys.argv[1], "rb") as given:
    function, args = pickle.load(given)
result = function(*args)
with open(sys.argv[1], "wb") as answer:
    pickle.dump(result, answer)
"""


def run_alone(function: Callable[..., T], *args: Any) -> T:
    """Return `function(*args)` run in a new interpreter, whose only thread is its own.

    A build forks only where no other thread runs (`forked.can_fork`), and the browser
    tests leave Playwright's threads running in the test process: a test of what a build
    forks runs its builds there. `function` must be a module's own, its arguments and
    result picklable; what it raises fails the test with its traceback.
    """
    with tempfile.TemporaryDirectory() as folder:
        exchange = Path(folder) / "exchange.pickle"
        exchange.write_bytes(pickle.dumps((function, args)))
        done = subprocess.run([sys.executable, "-c", RUN_ALONE, str(exchange)],
                              env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        return pickle.loads(exchange.read_bytes())  # type: ignore[no-any-return]


@pytest.fixture
def no_child_left() -> Iterator[None]:
    """Check that a test leaves no child of its own behind, running or unreaped."""
    before = children()
    yield
    assert children() <= before


def in_the_child(value: Any) -> Any:
    """Return `value` with the child's process id, to tell it ran elsewhere."""
    return (os.getpid(), value)


def fails(message: str) -> None:
    raise ValueError(message)


def fails_with_problems(path: str) -> None:
    raise ContentError([Problem(path, 3, "salary", "not a number")])


class Unpicklable(Exception):
    def __reduce__(self) -> Any:
        raise TypeError("no")


def fails_unpicklably(_: object) -> None:
    raise Unpicklable("deep")


class TwoArguments(Exception):
    """An error that pickles but does not load: its `args` are not its __init__'s."""

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")


def fails_unloadably(_: object) -> None:
    raise TwoArguments("roles/nurse.yaml", "odd")


def dies(_: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def sleeps(seconds: float) -> None:
    time.sleep(seconds)


@pytest.mark.parametrize("value", [
    {"role": {("role", 0), ("site",)}},  # what pages read: by marshal
    [Pair("a", 1)],  # a named tuple does not marshal: by pickle
])
def test_a_child_returns_its_result_from_another_process(value: Any) -> None:
    pid, found = Child(in_the_child, value).result()
    assert pid != os.getpid()
    assert found == value and type(found) is type(value)


def test_a_childs_error_is_raised_in_the_parent_with_the_childs_traceback() -> None:
    with pytest.raises(ValueError, match=r"^bad slug$") as caught:
        Child(fails, "bad slug").result()
    assert isinstance(caught.value.__cause__, ChildTraceback)
    assert "in fails" in str(caught.value.__cause__)


def test_a_content_error_arrives_with_its_problems() -> None:
    with pytest.raises(ContentError) as caught:
        Child(fails_with_problems, "roles/nurse.yaml").result()
    assert caught.value.problems == [Problem("roles/nurse.yaml", 3, "salary", "not a number")]


def test_an_error_that_does_not_pickle_arrives_as_its_text() -> None:
    with pytest.raises(RuntimeError, match=r"Unpicklable.*deep"):
        Child(fails_unpicklably, None).result()


def test_an_error_that_pickles_but_does_not_load_arrives_as_its_text() -> None:
    with pytest.raises(RuntimeError, match=r"TwoArguments.*nurse.yaml: odd") as caught:
        Child(fails_unloadably, None).result()
    assert "in fails_unloadably" in str(caught.value.__cause__)


# A Ctrl-C that comes while the process forks: held back by lifeline's hook, then let in.
CTRL_C_IN_FORK = """
import os, signal
signal.signal(signal.SIGINT, signal.default_int_handler)  # ignored where tests run in the background
# Registered first, so run last of the hooks before a fork: after lifeline's holds Ctrl-C.
os.register_at_fork(before=lambda: os.kill(os.getpid(), signal.SIGINT))
from versus.engine.forked import Child
try:
    Child(len, [1, 2]).result()
    print("went on")
except KeyboardInterrupt:
    print("stopped")
try:
    os.waitpid(-1, 0)
    print("a child left")
except ChildProcessError:
    print("no child left")
"""


def test_a_ctrl_c_during_the_fork_stops_the_parent_and_leaves_no_child() -> None:
    # Raised in Python's own after-fork hook, the Ctrl-C was printed as ignored and
    # dropped: the build went on as if it had not come.
    done = subprocess.run([sys.executable, "-c", CTRL_C_IN_FORK], capture_output=True,
                          text=True, timeout=60, check=False,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.stdout.split("\n")[:2] == ["stopped", "no child left"]
    assert done.stderr == ""


# A Ctrl-C that comes just after lifeline's after-fork hook looked for one held back, before
# it lets Ctrl-C in again: the release itself delivers it, in the hook.
CTRL_C_AFTER_THE_LOOK = CTRL_C_IN_FORK.replace("""
os.register_at_fork(before=lambda: os.kill(os.getpid(), signal.SIGINT))
""", """
looked = signal.sigpending
def look():
    found = looked()
    os.kill(os.getpid(), signal.SIGINT)  # held back still: it waits for the release
    return found
signal.sigpending = look
""")


def test_a_ctrl_c_between_the_look_and_the_release_still_stops_the_parent() -> None:
    # A build's pool forked as the test's Ctrl-C came, and the build ended 0.
    done = subprocess.run([sys.executable, "-c", CTRL_C_AFTER_THE_LOOK], capture_output=True,
                          text=True, timeout=60, check=False,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.stdout.split("\n")[:2] == ["stopped", "no child left"]
    assert done.stderr == ""


def test_a_child_killed_stops_with_one_line_naming_the_signal() -> None:
    with pytest.raises(VersusError, match="killed by SIGKILL") as caught:
        Child(dies, None).result()
    assert "\n" not in str(caught.value)


def test_a_child_stopped_is_killed_and_reaped_at_once() -> None:
    child: Child[None] = Child(sleeps, 30.0)
    started = time.monotonic()
    child.stop()
    assert time.monotonic() - started < 5
    child.stop()  # twice: nothing left to do


def may_fork_before_during_and_after_a_thread() -> tuple[bool, bool, bool]:
    before = can_fork()
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        during = can_fork()
    finally:
        release.set()
        thread.join()
    return before, during, can_fork()


def test_no_fork_beside_a_running_thread() -> None:
    assert run_alone(may_fork_before_during_and_after_a_thread) == (True, False, True)


ORPHANED = """
import sys, time
from versus.engine.forked import Child
child = Child(time.sleep, 60.0)
print(child.pid, flush=True)
time.sleep(60)
"""


def runs(pid: int) -> bool:
    """Return whether `pid` runs (a zombie, dead but not yet reaped, does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def test_a_child_dies_with_its_parent_killed() -> None:
    parent = subprocess.Popen([sys.executable, "-c", ORPHANED], stdout=subprocess.PIPE,
                              text=True, env={**os.environ,
                                              "PYTHONPATH": os.pathsep.join(sys.path)})
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 10  # its minute of sleep, were it left to end it
    while runs(child) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not runs(child)
