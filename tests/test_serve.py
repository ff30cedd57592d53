"""The live preview as a contributor uses it: a real server process, real files, a real browser."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROLE = "content/roles/support-lead.yaml"
BROKEN = "title: Support Lead\nsalary:\n  range: [130000, 64000]\n"


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    project: Path

    def get(self, path: str) -> tuple[int, str]:
        """Return the status and text of a GET of `path`."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def wait_for(self, path: str, ok: Callable[[int, str], bool], seconds: float = 10) -> str:
        """Return the text of `path` once `ok` holds for it; fail after `seconds`."""
        deadline, last = time.monotonic() + seconds, (0, "")
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            with contextlib.suppress(OSError):  # not listening yet
                last = self.get(path)
            if ok(*last):
                return last[1]
            time.sleep(0.05)
        pytest.fail(f"{path} never became as expected; last: {last}\n{self.output()}")

    def output(self) -> str:
        """Return what the server printed so far."""
        return "".join((self.project / name).read_text("utf-8") for name in ("out", "err"))

    def stop(self) -> int:
        """Stop the server as Ctrl-C does; return its exit code."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def running_server(project: Path, *args: str) -> Iterator[Server]:
    """Yield `build.py serve` running in `project` with `args`, killed at the end."""
    tmp_path, port = project, free_port()
    with (tmp_path / "out").open("w") as out, (tmp_path / "err").open("w") as err:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), *args],
            cwd=tmp_path, stdout=out, stderr=err, text=True)
    running = Server(process, f"http://127.0.0.1:{port}/", tmp_path)
    try:
        yield running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    with running_server(project) as running:
        yield running


def edit(project: Path, old: str, new: str) -> None:
    path = project / ROLE
    path.write_text(path.read_text("utf-8").replace(old, new), encoding="utf-8")


def test_the_preview_rebuilds_shows_errors_and_recovers(server: Server) -> None:
    page = "roles/support-lead/"
    server.wait_for(page, lambda status, text: status == 200 and "<h1>Support Lead" in text)
    assert '<script src="/livereload.js" defer></script></head>' in server.get(page)[1]

    edit(server.project, "title: Support Lead", "title: Support Team Lead")
    server.wait_for(page, lambda status, text: "<h1>Support Team Lead" in text)

    original = (server.project / ROLE).read_text("utf-8")
    (server.project / ROLE).write_text(
        BROKEN + 'sources:\n  - name: Me\n    url: "<b>mine</b>"\n', encoding="utf-8")
    error = server.wait_for(page, lambda status, text: status == 500)
    assert "content/roles/support-lead.yaml:3</code> <strong>salary.range</strong>: " \
           "low (130000) is above high (64000)" in error
    assert "support-lead.yaml:6</code> <strong>sources[0].url</strong>: " \
           "&#x27;&lt;b&gt;mine&lt;/b&gt;&#x27; is not an" in error  # role text is escaped
    assert server.get("")[0] == 500  # every page shows the problems
    assert server.get("static/style.css")[0] == 200
    written = (server.project / "site" / page / "index.html").read_text("utf-8")
    assert "Build stopped" not in written and "Support Team Lead" in written
    assert ("content/roles/support-lead.yaml:3: salary.range: low (130000) is above high "
            "(64000)") in server.output()

    (server.project / ROLE).write_text(original, encoding="utf-8")
    server.wait_for(page, lambda status, text: status == 200 and "Support Team Lead" in text)

    assert server.stop() == 0
    assert "Traceback" not in server.output()
    assert server.output().count("Stopped.") == 1
    assert "open pages reloaded" not in server.output()  # no browser: at each build's end


def test_the_preview_shows_what_a_clean_build_writes_after_a_break_and_a_fix(
        server: Server, tmp_path: Path) -> None:
    page = "roles/support-lead/"
    server.wait_for(page, lambda status, text: status == 200)
    original = (server.project / ROLE).read_text("utf-8")
    edit(server.project, "title: Support Lead", "title: Support Team Lead")
    server.wait_for(page, lambda status, text: "<h1>Support Team Lead" in text)
    (server.project / ROLE).write_text(BROKEN, encoding="utf-8")
    server.wait_for(page, lambda status, text: status == 500)
    (server.project / ROLE).write_text(original.replace("title: Support Lead",
                                                        "title: Support Desk Lead"), "utf-8")
    shown = server.wait_for(page, lambda status, text: "<h1>Support Desk Lead" in text)
    clean = built_clean(server, tmp_path / "clean")
    injected = '<script src="/livereload.js" defer></script>'
    assert shown.replace(injected, "") == (clean / page / "index.html").read_text("utf-8")
    assert server.stop() == 0


def built_clean(server: Server, clean: Path) -> Path:
    """Return `clean`, built there from the server's content by a build of its own, having
    checked that the server's site holds the very same files and bytes."""
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--content",
                    str(server.project / "content"), "--out", str(clean)], check=True,
                   capture_output=True)
    site = server.project / "site"
    assert {p.relative_to(site) for p in site.rglob("*") if p.is_file()} == {
        p.relative_to(clean) for p in clean.rglob("*") if p.is_file()}
    assert all(p.read_bytes() == (site / p.relative_to(clean)).read_bytes()
               for p in clean.rglob("*") if p.is_file())
    return clean


def test_a_page_changed_by_hand_in_the_output_is_put_back(server: Server) -> None:
    page = server.project / "site/roles/support-lead/index.html"
    server.wait_for("roles/support-lead/", lambda status, text: status == 200)
    built = page.read_bytes()
    time.sleep(0.05)  # a file changed now is newer than the build
    page.write_text("changed by hand", "utf-8")
    deadline = time.monotonic() + 10
    while page.read_bytes() != built and time.monotonic() < deadline:
        time.sleep(0.1)
    assert page.read_bytes() == built, server.output()
    assert server.stop() == 0


def test_assets_of_the_built_version_may_be_kept_by_the_browser(server: Server) -> None:
    text = server.wait_for("roles/support-lead/", lambda status, text: status == 200)
    found = re.search(r'href="../../static/style.css\?v=(\w+)"', text)
    assert found is not None

    def caching(path: str) -> str:
        with urllib.request.urlopen(server.url + path, timeout=5) as response:
            return str(response.headers["Cache-Control"])

    assert caching(f"static/style.css?v={found[1]}") == "max-age=31536000, immutable"
    assert caching("static/style.css?v=0123456789") == "no-store"  # not this version
    assert caching("static/style.css") == "no-store"
    assert caching("roles/support-lead/") == "no-store"


def test_paths_stay_inside_the_site(server: Server) -> None:
    server.wait_for("", lambda status, text: status == 200)
    assert server.get("roles/support-lead")[0] == 200  # redirected to the folder
    status, text = server.get("no-such-page/")
    assert status == 404 and "<html" in text
    assert server.get("..%2F..%2Fcontent/site.yaml")[0] == 404


def test_an_open_page_reloads_itself_when_its_file_changes(server: Server, browser: Any) -> None:
    server.wait_for("", lambda status, text: status == 200)
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{m.text} {m.location.get('url')}") if (
        m.type == "error" and "favicon.ico" not in str(m.location.get("url"))) else None)
    page.goto(server.url + "roles/support-lead/")
    assert page.locator("h1").inner_text().startswith("Support Lead")
    # connected: livereload.js has shaken hands with the server over its WebSocket
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol > 0")
    started = time.monotonic()
    edit(server.project, "title: Support Lead", "title: Support Desk Lead")
    page.wait_for_function(
        "() => document.querySelector('h1').innerText.startsWith('Support Desk Lead')",
        timeout=10_000)
    took = time.monotonic() - started
    context.close()
    assert errors == []  # the page's CSP let the live-reload script and socket through
    assert took < 2, f"the page took {took:.1f} s to reload"


def test_the_open_page_is_shown_before_the_rest_of_its_build(
        server: Server, browser: Any, tmp_path: Path) -> None:
    server.wait_for("", lambda status, text: status == 200)
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(server.url + "roles/support-lead/")
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol > 0")
    edit(server.project, "title: Support Lead", "title: Support Desk Lead")  # many pages
    page.wait_for_function(
        "() => document.querySelector('h1').innerText.startsWith('Support Desk Lead')",
        timeout=10_000)
    wait_for_builds(server, 2)
    # the build itself says it reloaded the open page before it ended
    assert "; open pages reloaded after " in server.output().split("Built ")[2]
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.outerHTML.endsWith('</html>')")
    context.close()
    built_clean(server, tmp_path / "clean")
    assert server.stop() == 0
    assert "Traceback" not in server.output()


def builds(server: Server) -> int:
    """Return how many builds the server has finished so far."""
    return server.output().count("Built ")


def wait_for_builds(server: Server, count: int, seconds: float = 10) -> None:
    """Return once the server has finished `count` builds: a page is served as soon as it
    is written, while the build that wrote it may go on."""
    deadline = time.monotonic() + seconds
    while builds(server) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert builds(server) == count, server.output()


def test_a_role_copied_in_with_an_old_timestamp_is_built(server: Server) -> None:
    server.wait_for("", lambda status, text: status == 200)
    source = server.project / "elsewhere.yaml"
    source.write_text("title: Night Auditor\n", encoding="utf-8")
    os.utime(source, (946_684_800, 946_684_800))  # 2000-01-01, long before the server started
    shutil.copy2(source, server.project / "content/roles/night-auditor.yaml")  # as `cp -p`
    server.wait_for("roles/night-auditor/", lambda status, text: status == 200)


def test_deletions_moves_settings_and_static_files_are_noticed_once_each(
        server: Server) -> None:
    server.wait_for("", lambda status, text: status == 200)
    roles = server.project / "content/roles"
    (roles / "support-lead.yaml").rename(server.project / "support-lead.yaml")  # moved out
    server.wait_for("roles/support-lead/", lambda status, text: status == 404)
    (server.project / "support-lead.yaml").rename(roles / "support-lead.yaml")  # and back
    server.wait_for("roles/support-lead/", lambda status, text: status == 200)
    site = server.project / "content/site.yaml"
    site.write_text(site.read_text("utf-8").replace("name: Career comparisons", "name: Renamed"),
                    encoding="utf-8")
    server.wait_for("", lambda status, text: "Renamed" in text)
    wait_for_builds(server, 4)  # the first, the move out, the move back, the settings
    time.sleep(1.5)  # several looks at the folders: the build's own writes set off no rebuild
    assert builds(server) == 4


def test_a_static_file_saved_atomically_is_noticed(tmp_path: Path) -> None:
    from versus.authoring.watch import changed_paths, snapshot

    static, out = tmp_path / "static", tmp_path / "static-out"
    static.mkdir()
    (static / "style.css").write_text("a{}", encoding="utf-8")
    before = snapshot([static], [out])
    (static / ".style.css.tmp").write_text("b{}", encoding="utf-8")
    os.utime(static / ".style.css.tmp", ns=(0, (static / "style.css").stat().st_mtime_ns))
    (static / ".style.css.tmp").replace(static / "style.css")  # same size, same mtime
    assert changed_paths(before, snapshot([static], [out])) == [str(static / "style.css")]


def test_the_output_and_cache_folders_are_never_watched(tmp_path: Path) -> None:
    from versus.authoring.watch import snapshot

    content = tmp_path / "content"
    (content / "site").mkdir(parents=True)
    (content / ".versus-cache").mkdir()
    (content / "site/index.html").write_text("x", encoding="utf-8")
    (content / ".versus-cache/state").write_text("x", encoding="utf-8")
    (content / "site.yaml").write_text("name: X\n", encoding="utf-8")
    assert list(snapshot([content], [content / "site"])) == [str(content / "site.yaml")]


def test_a_read_only_output_shows_one_line_and_the_preview_comes_back(project: Path) -> None:
    disk = project / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)],
                      capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        with running_server(project, "--out", "disk/site") as server:
            server.wait_for("roles/support-lead/", lambda status, text: status == 200)
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
            edit(project, "title: Support Lead", "title: Support Desk Lead")
            page = server.wait_for("roles/support-lead/", lambda status, text: status == 500)
            assert "read-only file system</li>" in page
            assert server.output().count("read-only file system") == 1
            assert "Traceback" not in server.output()
            subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
            edit(project, "title: Support Desk Lead", "title: Support Team Lead")
            server.wait_for("roles/support-lead/",
                            lambda status, text: "<h1>Support Team Lead" in text)
            assert server.stop() == 0
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
