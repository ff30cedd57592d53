"""Shared fixtures: a real Chromium, driven by Playwright, for the browser tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from versus.engine.build import BuildOptions, build_site

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the golden sites' builds")


def chromium_path() -> str:
    """Return the system Chromium; the project never downloads a browser of its own."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")
    if not path:
        pytest.fail("Chromium is missing: run ./install.sh (or apt-get install chromium), "
                    "or set CHROMIUM=/path/to/chromium")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield browser
        browser.close()


def open_page(browser: Any, width: int, height: int) -> Any:
    """Return a new page of `width` x `height` px whose `errors` collects console errors."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the real content, built once into a temporary folder."""
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(BuildOptions(content=ROOT / "content", out=out))
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a folder holding a copy of the real content, to run build.py in."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path
