"""The preview's builds beside its server: one at a time, a change during one sets off one
more, Ctrl-C stops one under way, and each browser is reloaded once per build."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from versus.authoring.live import Browsers, Builds, LiveBuilds

WAIT_S = 10  # a bound on waits that end at once when all is well


class Gate:
    """A build that waits, in the builds' thread, until the test lets it end."""

    def __init__(self) -> None:
        self.started = threading.Semaphore(0)
        self.go = threading.Semaphore(0)
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        self.started.release()
        assert self.go.acquire(timeout=WAIT_S)

    def next_started(self) -> None:
        assert self.started.acquire(timeout=WAIT_S)


def wait_until(done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_S
    while not done():
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_changes_during_a_build_set_off_one_more_build_after_it() -> None:
    gate = Gate()
    builds = Builds(gate)
    builds.request()
    gate.next_started()
    builds.request()
    builds.request()  # two saves in quick succession while the first build runs
    assert gate.count == 1 and builds.is_busy()
    gate.go.release()
    gate.next_started()  # the one more, after the first
    assert gate.count == 2
    gate.go.release()
    wait_until(lambda: not builds.is_busy())
    assert gate.count == 2
    builds.request()  # idle again: a change builds at once
    gate.next_started()
    gate.go.release()
    wait_until(lambda: not builds.is_busy())
    assert gate.count == 3


def test_stopping_interrupts_the_build_under_way_as_ctrl_c_does() -> None:
    unwound: list[str] = []
    started = threading.Event()

    def build() -> None:
        started.set()
        try:
            while True:  # a long build, in Python: a stop reaches it between two steps
                sum(range(1000))
        except KeyboardInterrupt:
            unwound.append("rolled back")
            raise

    builds = Builds(build)
    builds.request()
    assert started.wait(WAIT_S)
    builds.request()  # due after it: dropped by the stop
    builds.stop()
    assert unwound == ["rolled back"] and not builds.is_busy()
    builds.request()
    assert not builds.is_busy()  # stopped: no build starts any more


class Socket:
    """A browser's end of livereload's socket, keeping what it was sent."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def write_message(self, message: dict[str, Any]) -> None:
        self.sent.append(message)


class Loop:
    """The server's loop, running each callback as it is added (tests run no loop)."""

    def add_callback(self, callback: Callable[..., None], *args: Any) -> None:
        callback(*args)


def browsing() -> tuple[Browsers, Socket, Socket, Socket]:
    browsers, role, pair, index = Browsers(), Socket(), Socket(), Socket()
    browsers.opened(role, "http://127.0.0.1:8000/roles/support-lead/")
    browsers.opened(pair, "http://127.0.0.1:8000/compare/a-vs-support-lead/?x=1#top")
    browsers.opened(index, "http://127.0.0.1:8000/")
    return browsers, role, pair, index


def test_browsers_are_known_by_the_output_path_of_their_page() -> None:
    browsers, role, _, _ = browsing()
    assert browsers.paths() == {"roles/support-lead/index.html",
                                "compare/a-vs-support-lead/index.html", "index.html"}
    browsers.closed(role)
    assert "roles/support-lead/index.html" not in browsers.paths()


def test_a_browser_reloaded_early_is_not_reloaded_again_at_the_end() -> None:
    browsers, role, pair, index = browsing()
    live: LiveBuilds

    def rebuild() -> bool:
        live.written(["roles/support-lead/index.html", "compare/a-vs-support-lead/index.html"])
        assert [len(s.sent) for s in (role, pair, index)] == [1, 1, 0]  # before the end
        return True

    live = LiveBuilds(rebuild, browsers, lambda: "content/roles/support-lead.yaml", Loop())
    live.build()
    assert [len(s.sent) for s in (role, pair, index)] == [1, 1, 1]
    assert role.sent[0] == {"command": "reload", "path": "content/roles/support-lead.yaml",
                            "liveCSS": True, "liveImg": True}


def test_a_build_that_fails_after_its_open_pages_reloads_every_browser() -> None:
    browsers, role, pair, index = browsing()
    live: LiveBuilds

    def rebuild() -> bool:
        live.written(["roles/support-lead/index.html"])
        return False  # e.g. the disk filled up: every browser shows the failure

    live = LiveBuilds(rebuild, browsers, lambda: "*", Loop())
    live.build()
    assert [len(s.sent) for s in (role, pair, index)] == [2, 1, 1]
