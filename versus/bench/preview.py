"""Benchmark: how long after a saved edit the live preview shows it in a real browser.

    python -m versus.bench.preview                # 200 generated roles, 5 edits
    python -m versus.bench.preview --roles 832 --edits 9
    python -m versus.bench.preview --checkout ../main  # another version, same benchmark

Starts `build.py serve` on a generated site, opens a role's page in Chromium (Debian's
`chromium`, driven by Playwright), then changes that role's salary several times. Each time
is from the moment the file is written to the moment the page on screen shows the new
figure: the watcher noticing, the build writing the open page (first: the rest of the
build follows while the browser loads), livereload's message and the browser's reload.
That moment is when Playwright sees the figure, which adds its own round trips to the
browser; the second line gives the reloaded page's first paint, by the browser's clock.
Each edit waits for the last one's build to have ended, as edits seconds apart do.
"""

from __future__ import annotations

import argparse
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from ..engine.build import PROJECT
from ..engine.numbers import money
from .childenv import child_env
from .fake import write_fake_content
from .measure import existing_folder

CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    """Return a TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_server(url: str, process: subprocess.Popen[bytes], seconds: float = 600) -> None:
    """Return once `url` answers; raise RuntimeError if the server stops or never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the preview server stopped before it served a page")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def wait_for_builds(log: Path, count: int, seconds: float = 60) -> None:
    """Return once the server's output `log` tells of `count` finished builds: the page on
    screen may show an edit before its build has written every other page."""
    deadline = time.monotonic() + seconds
    while log.read_text("utf-8", "replace").count("\nBuilt ") < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server did not finish build {count} in {seconds:.0f} s")
        time.sleep(0.02)


def raise_salary(path: Path) -> int:
    """Add a dollar to the average yearly salary in the role file at `path`; return it.

    A dollar moves no role's standing among the others: the edit shows on this role's pages
    and on the pages that show its pay, as a typical correction would.
    """
    text = path.read_text("utf-8")
    found = re.search(r"(?m)^  yearly: (\d+)", text)
    assert found is not None, f"{path} has no yearly salary"
    yearly = int(found[1]) + 1
    path.write_text(text[:found.start(1)] + str(yearly) + text[found.end(1):], "utf-8")
    return yearly


# When the page on screen was first painted, by the browser's clock (ms since the epoch).
PAINTED = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return paint ? performance.timeOrigin + paint.startTime : null;
}"""


def measure(roles: int, edits: int, work: Path,
            checkout: Path = PROJECT) -> list[tuple[float, float | None]]:
    """Return, per edit, the seconds from the file's save to the browser showing it (as the
    test driver sees the text), and to the browser's first paint of the new page (without
    the driver's own delay; None if the browser does not tell), the preview being that of
    the project at `checkout`."""
    from playwright.sync_api import sync_playwright

    content, out, port = work / "content", work / "site", free_port()
    write_fake_content(content, roles)
    role = sorted((content / "roles").glob("*.yaml"))[roles // 2]
    env = child_env(PYTHONPATH=str(checkout))
    log = (work / "serve.log").open("wb")
    server = subprocess.Popen([sys.executable, str(checkout / "build.py"), "serve", "--content",
                               str(content), "--out", str(out), "--port", str(port)],
                              stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/roles/{role.stem}/"
    times = []
    try:
        wait_for_server(url, server)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page(viewport={"width": 375, "height": 800})
            page.goto(url)
            page.wait_for_timeout(1500)  # livereload's socket connects after the load
            for edit in range(edits):
                # as edits seconds apart: the last one's build has ended, not only its page
                wait_for_builds(work / "serve.log", 1 + edit)
                page.wait_for_timeout(300)
                started, saved = time.perf_counter(), time.time()
                yearly = raise_salary(role)
                # no body yet while the reloaded page's head is read: not shown yet either
                page.wait_for_function("text => document.body?.innerText.includes(text)",
                                       arg=money(yearly), polling=5, timeout=30_000)
                shown = time.perf_counter() - started
                painted = page.evaluate(PAINTED)
                times.append((shown, None if painted is None else painted / 1000 - saved))
            browser.close()
    finally:
        server.terminate()
        server.wait()
        log.close()
        print((work / "serve.log").read_text("utf-8", "replace")[-3000:])
    return times


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print each edit's time and the median."""
    parser = argparse.ArgumentParser(prog="python -m versus.bench.preview", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--roles", type=int, default=200, metavar="N")
    parser.add_argument("--edits", type=int, default=5, metavar="K")
    parser.add_argument("--work", type=existing_folder, default=None, metavar="DIR",
                        help="where to write the site (default: the system's temporary folder)")
    parser.add_argument("--checkout", type=Path, default=PROJECT, metavar="DIR",
                        help="the project whose preview to measure, to compare versions with "
                             "the same benchmark (default: this one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="versus-preview-", dir=args.work) as work:
        found = measure(args.roles, args.edits, Path(work), args.checkout.resolve())
    times = [shown for shown, _ in found]
    listed = ", ".join(f"{t:.2f}" for t in times)
    print(f"{args.roles} roles: save to screen {statistics.median(times):.2f} s median "
          f"({listed})")
    painted = [p for _, p in found if p is not None]
    if painted:
        listed = ", ".join(f"{p:.2f}" for p in painted)
        print(f"{args.roles} roles: save to the new page's first paint "
              f"{statistics.median(painted):.2f} s median ({listed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
