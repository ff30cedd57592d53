"""A live preview: build, serve the output, rebuild and reload the open pages on every change."""

from __future__ import annotations

import html
import logging
import mimetypes
import signal
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
from tornado import web
from tornado.ioloop import IOLoop

from ..engine.build import BuildOptions, BuildResult
from ..engine.errors import ContentError, VersusError
from ..engine.guard import guarded_build
from ..engine.lock import Holder
from ..engine.model import Problem
from ..engine.output import cache_folder
from ..engine.session import OpenPages, Session
from ..engine.watched import WatchedOutput
from .live import Browsers, LiveBuilds, PageSocket
from .watch import ChangeWatcher, OutputScan

# A script file rather than livereload's inline loader: every page's Content-Security-Policy
# allows only the site's own scripts, and livereload.js is served from the same host.
# Deferred: the page shows without waiting for it.
LIVE_SCRIPT = b'<script src="/livereload.js" defer></script>'

# A save's pages (a role's: its page and one comparison per other role) render in the
# server's own process up to this many: starting workers for them costs a fork and a warm-up
# each time, and on two busy cores loses more than it gains.
IN_PROCESS = 400

YEAR_S = 365 * 24 * 3600

Response = tuple[str, list[tuple[str, str]], bytes]
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class Preview:
    """The site being previewed, as a WSGI app: its pages, or the problems that stop it."""

    def __init__(self, options: BuildOptions, on_built: Callable[[BuildResult], None],
                 on_problems: Callable[[list[Problem]], None],
                 on_failure: Callable[[VersusError], object] = print,
                 on_wait: Callable[[Holder], None] | None = None) -> None:
        self.options = options
        self.on_built = on_built
        self.on_problems = on_problems
        self.on_failure = on_failure  # its return value, if any, is ignored
        self.on_wait = on_wait
        self.problems: list[Problem] = []
        self.failure: VersusError | None = None
        # what one build keeps for the next; the output is looked at between builds (serve)
        self.output = WatchedOutput(options.out)
        self.session = Session(self.output, IN_PROCESS)
        self.started = 0.0  # when the last build began (perf_counter)
        self.shown_after: float | None = None  # seconds from then to its open pages written

    def rebuild(self) -> bool:
        """Build the site; keep its problems, if any, to show in place of its pages; return
        whether it built. Pages asked for meanwhile are shown as the last build left them."""
        self.started, self.shown_after = time.perf_counter(), None
        try:
            result = guarded_build(self.options, on_wait=self.on_wait, session=self.session)
        except ContentError as error:  # template errors included
            self.problems, self.failure = error.problems, None
            self.on_problems(self.problems)
            return False
        except VersusError as error:  # the disk is full, the output read-only...
            self.problems, self.failure = [], error
            self.on_failure(error)
            return False
        self.problems, self.failure = [], None
        self.on_built(result)
        return True

    def open_first(self, paths: Callable[[], frozenset[str]],
                   shown: Callable[[list[str]], None]) -> None:
        """Have every rebuild render the pages at `paths()` first, then call `shown` with
        those it wrote, while it renders the others."""
        def written(first: list[str]) -> None:
            # Past every check (content, templates, root files): these pages are the site's
            # now, not the last build's problems.
            self.problems, self.failure = [], None
            self.shown_after = time.perf_counter() - self.started
            shown(first)

        self.session.open_pages = OpenPages(paths, written)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        # WSGI hands the path over as Latin-1 text of the URL's bytes
        path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
        status, headers, body = self.respond(path, environ.get("QUERY_STRING", ""))
        start_response(status, headers)
        return [body]

    def respond(self, path: str, query: str = "") -> Response:
        """Return the response to a GET of `path` with `query`: the error page in place of
        pages if broken."""
        problems, failure = self.problems, self.failure  # read once: a build may set them
        if problems and is_page(path):
            return "500 Internal Server Error", headers_for("error.html"), error_page(problems)
        if failure and is_page(path):
            return "500 Internal Server Error", headers_for("error.html"), failure_page(
                str(failure))
        status, headers, body = file_response(self.options.out, path)
        if status == "200 OK" and is_asset_of(path, query, self.session.static_version):
            headers = [(k, v) for k, v in headers if k != "Cache-Control"] + [
                ("Cache-Control", f"max-age={YEAR_S}, immutable")]
        return status, headers, body


def shown_note(seconds: float | None) -> str:
    """Return the build summary's note of when the open pages were shown, if they were
    before the build's end."""
    return "" if seconds is None else f"; open pages reloaded after {seconds:.2f} s"


def is_asset_of(path: str, query: str, version: str | None) -> bool:
    """Return whether `path` and `query` ask for a static file of the static files' `version`.

    Such a URL always names the same bytes (a change to any static file changes the version
    in every page), so the browser may keep it: a reload then waits for no stylesheet.
    Builds and requests take turns, so what is served is what that version copied.
    """
    return (version is not None and path.startswith("/static/")
            and parse_qs(query).get("v") == [version])


def is_page(path: str) -> bool:
    """Return whether `path` asks for an HTML page rather than a stylesheet, script or image."""
    name = path.rsplit("/", 1)[-1]
    return name == "" or name.endswith(".html") or "." not in name


def headers_for(name: str) -> list[tuple[str, str]]:
    """Return the headers of a file called `name`: its type, and never cached."""
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
        kind += "; charset=utf-8"
    return [("Content-Type", kind), ("Cache-Control", "no-store")]


def file_response(root: Path, path: str) -> Response:
    """Return the file at URL `path` under `root`, a folder's index.html, or the 404 page."""
    root = root.resolve()
    target = (root / path.lstrip("/")).resolve()
    if not target.is_relative_to(root):
        return not_found(root)
    if target.is_dir():
        if not path.endswith("/"):  # pages link relatively: they must be seen from inside
            return "301 Moved Permanently", [("Location", quote(path + "/"))], b""
        target /= "index.html"
    if not target.is_file():
        return not_found(root)
    return "200 OK", headers_for(target.name), target.read_bytes()


def not_found(root: Path) -> Response:
    """Return the site's own 404 page, or a line saying that nothing is there."""
    page = root / "404.html"
    body = page.read_bytes() if page.is_file() else b"<!doctype html><title>Not found</title>"
    return "404 Not Found", headers_for("404.html"), body


def error_page(problems: list[Problem]) -> bytes:
    """Return the page shown in place of every page while the content has problems."""
    items = "".join(
        f"<li><code>{html.escape(p.path)}:{p.line}</code> "
        + (f"<strong>{html.escape(p.field)}</strong>: " if p.field else "")
        + f"{html.escape(p.message)}</li>\n" for p in problems)
    return stopped_page(items, len(problems),
                        "Fix the file and save it: this page comes back by itself.")


def failure_page(line: str) -> bytes:
    """Return the page shown in place of every page while the build cannot write the site."""
    return stopped_page(f"<li>{html.escape(line)}</li>\n", 1, "Fix the cause, then save any file: "
                        "the preview builds again, and this page comes back by itself.")


def stopped_page(items: str, problems: int, advice: str) -> bytes:
    """Return the page listing `items`, the `problems` that stop the build, then `advice`."""
    noun = "problem" if problems == 1 else "problems"
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Build stopped: {problems} {noun}</title>\n"
        "<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
        "padding:0 1rem}li{margin:.5rem 0;overflow-wrap:anywhere}"
        "code{background:#fde8e8;padding:0 .25rem}</style>\n"
        f"</head>\n<body>\n<h1>Build stopped: {problems} {noun}</h1>\n"
        f"<ul>\n{items}</ul>\n<p>{advice}</p>\n"
        "</body>\n</html>\n").encode()


class LiveServer(Server):  # type: ignore[misc]  # livereload ships no type hints
    """livereload's server, loading its script in a way the pages' CSP allows, and knowing
    which page each browser shows."""

    def __init__(self, app: Preview, watcher: ChangeWatcher, browsers: Browsers) -> None:
        super().__init__(app, watcher)
        self.browsers = browsers

    def application(self, port: int, host: str, liveport: int | None = None,
                    debug: bool | None = None, live_css: bool = True) -> None:
        """Listen on `host`:`port` for livereload's socket and script, and the site's pages."""
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        handlers = [(r"/livereload", PageSocket, {"browsers": self.browsers}),
                    (r"/forcereload", ForceReloadHandler),
                    (r"/livereload.js", LiveReloadJSHandler),
                    *self.get_web_handlers(LIVE_SCRIPT)]
        web.Application(handlers=handlers).listen(port, address=host)

    def get_web_handlers(self, script: bytes) -> Any:
        """Return the handlers of the site, injecting the script file into every page."""
        return super().get_web_handlers(LIVE_SCRIPT)

    def _setup_logging(self) -> None:
        # livereload logs every poll and connection; the preview reports builds itself
        logging.getLogger("livereload").setLevel(logging.WARNING)


def serve(preview: Preview, host: str, port: int) -> None:
    """Build, then serve the site until Ctrl-C, rebuilding and reloading on every change.

    The rebuilds run beside the server (see live.py): the pages open in a browser are
    written first, and shown while the others render.
    """
    # Ctrl-C stops the server even when started from a shell that ignores it for background jobs
    signal.signal(signal.SIGINT, signal.default_int_handler)
    preview.rebuild()
    options, browsers = preview.options, Browsers()
    live = LiveBuilds(preview.rebuild, browsers, lambda: watcher.filepath or "*",
                      IOLoop.current())
    preview.open_first(browsers.paths, live.written)
    # site.yaml, roles, templates, static files; never the output or the cache beside it
    watcher = ChangeWatcher([options.content, options.templates, options.static],
                            [options.out, cache_folder(options.out).parent],
                            live.builds.request, OutputScan(preview.output, live.builds.is_busy))
    try:
        LiveServer(preview, watcher, browsers).serve(port=port, host=host, debug=False,
                                                     open_url_delay=None)
    finally:
        live.builds.stop()
