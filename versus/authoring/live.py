"""The preview's builds, on a thread of their own, and the browsers they reload.

The server answers on one thread (tornado's loop); a build there would keep every
browser waiting until its last page is written. Here a build runs beside the server: the
pages open in a browser render first (engine/session.py, `OpenPages`), those browsers
reload as soon as their pages are on disk, and the rest of the build goes on while they
load. Every page is replaced in one step, so a page asked for meanwhile is the old one or
the new one, never half of either; a page the open one links to may be a fraction of a
second behind when followed at once.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Callable, Collection
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadHandler
from tornado.escape import json_decode
from tornado.websocket import WebSocketClosedError

from ..engine.urls import output_path

SEND_WAIT_S = 1  # how long a build waits for the server to send a reload before going on
STOP_WAIT_S = 10  # how long Ctrl-C waits for a build to stop before the process ends anyway


class Browsers:
    """Which page each browser connected to the preview shows (it says so as it connects,
    and connects again on every page it loads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()  # builds ask from their thread; sockets come and go
        self.showing: dict[Any, str] = {}  # socket -> output path of the page it shows

    def opened(self, socket: Any, url: str) -> None:
        """Take note that the browser at the other end of `socket` shows `url`."""
        path = output_path(unquote(urlsplit(url).path) or "/")
        with self.lock:
            self.showing[socket] = path

    def closed(self, socket: Any) -> None:
        """Forget the browser at the other end of `socket`."""
        with self.lock:
            self.showing.pop(socket, None)

    def paths(self) -> frozenset[str]:
        """Return the output paths of the pages the browsers show now."""
        with self.lock:
            return frozenset(self.showing.values())

    def reload(self, changed: str, only: Collection[str] | None = None,
               but: Collection[str] = ()) -> None:
        """Tell each browser showing a page of `only` (any if None), and of none of `but`,
        to load it again, after a change to the file `changed`. Runs on the server's loop."""
        message = {"command": "reload", "path": changed, "liveCSS": True, "liveImg": True}
        with self.lock:
            sockets = [socket for socket, path in self.showing.items()
                       if (only is None or path in only) and path not in but]
        for socket in sockets:
            try:
                socket.write_message(message)
            except WebSocketClosedError:
                self.closed(socket)


class PageSocket(LiveReloadHandler):  # type: ignore[misc]  # livereload ships no type hints
    """livereload's socket, telling `browsers` which page the browser at its end shows."""

    def initialize(self, browsers: Browsers) -> None:
        """Keep whom to tell (tornado calls this with the route's arguments)."""
        self.browsers = browsers

    def on_message(self, message: str | bytes) -> None:
        """Answer livereload.js's handshake; its `info` message names the page it is on."""
        super().on_message(message)
        said = json_decode(message)
        if isinstance(said, dict) and said.get("command") == "info" and isinstance(
                said.get("url"), str):
            self.browsers.opened(self, said["url"])

    def on_close(self) -> None:
        """Forget this browser."""
        super().on_close()
        self.browsers.closed(self)


class Builds:
    """Runs builds one at a time on a thread of their own: a change during one sets off one
    more after it, however many changes came, never a second one beside it."""

    def __init__(self, build: Callable[[], None]) -> None:
        self.build = build
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None  # the builds' thread, while at work
        self.again = False  # something changed since the build under way began
        self.stopping = False

    def request(self) -> None:
        """Build now, or once the build under way has ended."""
        with self.lock:
            if self.stopping:
                return
            if self.thread is not None:
                self.again = True
                return
            # A daemon: should a build not stop within STOP_WAIT_S, the process still ends.
            self.thread = threading.Thread(target=self.run, name="build", daemon=True)
            self.thread.start()

    def is_busy(self) -> bool:
        """Return whether a build is under way or due."""
        return self.thread is not None

    def run(self) -> None:
        """Build until nothing changed during the last build."""
        # Ctrl-C is the server's to take (the main thread's); `stop` then stops the build.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            while True:
                self.build()
                with self.lock:
                    if not self.again or self.stopping:
                        self.thread = None
                        return
                    self.again = False
        except BaseException:
            with self.lock:
                self.thread = None
            if not self.stopping:
                raise  # a bug: its traceback, as any thread's
            # else: stopped as Ctrl-C stops a build, which has put everything back

    def stop(self) -> None:
        """Stop the build under way as Ctrl-C stops one, and wait for it to unwind."""
        with self.lock:
            self.stopping, thread = True, self.thread
        if thread is None or thread.ident is None:
            return
        # A KeyboardInterrupt raised in the build's thread, as the signal raises it in a
        # build run from the command line: the build rolls back what it can, and ends.
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident),
                                                   ctypes.py_object(KeyboardInterrupt))
        thread.join(STOP_WAIT_S)


class Loop(Protocol):
    """The server's loop, as the builds use it (tornado's IOLoop)."""

    def add_callback(self, callback: Callable[..., None], *args: Any) -> None:
        """Have the loop's thread call `callback` with `args` soon; callable from any thread."""


class LiveBuilds:
    """The builds of one preview and the reloads they send: to the browsers showing the
    pages a build wrote first, as soon as they are written; at its end, to every other."""

    def __init__(self, rebuild: Callable[[], bool], browsers: Browsers,
                 changed: Callable[[], str], loop: Loop) -> None:
        """`rebuild` builds and returns whether it built; `changed` names the file that
        changed last; `loop` is the server's."""
        self.rebuild, self.browsers, self.changed, self.loop = rebuild, browsers, changed, loop
        self.shown: list[str] = []  # the pages reloaded early by the build under way
        self.builds = Builds(self.build)

    def written(self, paths: list[str]) -> None:
        """Reload the browsers showing `paths`, which the build under way has just written;
        return once the reload is sent (or after SEND_WAIT_S)."""
        self.shown, sent, changed = paths, threading.Event(), self.changed()

        def reload() -> None:
            self.browsers.reload(changed, paths)
            sent.set()

        self.loop.add_callback(reload)
        # Waiting hands the server's thread the interpreter at once: the build would
        # otherwise hold it for up to a switch interval at each of the loop's steps.
        sent.wait(SEND_WAIT_S)

    def build(self) -> None:
        """Build, then reload the browsers not reloaded yet (every one if it failed: they
        show its problems)."""
        self.shown = []
        built = self.rebuild()
        self.loop.add_callback(self.browsers.reload, self.changed(), None,
                               self.shown if built else ())
