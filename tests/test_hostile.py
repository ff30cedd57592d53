"""Hostile role files: each stops the build with its expected lines, or builds a safe site.

Every file in tests/hostile/ is one case. Its first line says what it attacks and what should
happen; its `# expect:` lines are the problems it must cause (`LINE: field: message` for a
problem in the file itself, `NAME.yaml:LINE: ...` for one in another file), or `safe` for a
case that must build a site in which no page runs anything the templates did not put there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from versus.engine.build import BuildOptions, build_site
from versus.engine.model import ContentError
from versus.engine.rolefile import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"
GOOD = ROOT / "content" / "roles" / "support-lead.yaml"
CASES = sorted(HOSTILE.iterdir())


def expectations(case: Path) -> list[str]:
    """Return the problems a case expects, as `name:line: ...`, or [] for a safe case."""
    lines = case.read_bytes().decode("utf-8", "replace").lstrip("\ufeff").splitlines()
    assert lines[0].startswith("# ") and " -> " in lines[0], f"{case.name}: no first-line comment"
    found = [line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")]
    assert found, f"{case.name}: no '# expect:' line"
    if found == ["safe"]:
        return []
    return [f"{case.name}:{text}" if text[0].isdigit() else text for text in found]


SAFE = [c for c in CASES if not expectations(c)]
FAILING = [c for c in CASES if expectations(c)]


def content_with(folder: Path, *cases: Path) -> Path:
    """Return a content folder holding the good role and copies of `cases`."""
    roles = folder / "content" / "roles"
    roles.mkdir(parents=True)
    shutil.copy(GOOD, roles)
    for case in cases:
        shutil.copy(case, roles)
    return folder / "content"


def problems_of(content: Path) -> list[str]:
    """Return the problems a build of `content` stops with, paths shown by file name."""
    with pytest.raises(ContentError) as caught:
        build_site(BuildOptions(content=content, out=content.parent / "site"))
    assert not (content.parent / "site").exists()
    return [str(p).replace(f"{content}/roles/", "") for p in caught.value.problems]


def test_the_corpus_has_both_kinds_of_case() -> None:
    assert len(SAFE) >= 8 and len(FAILING) >= 20


@pytest.mark.parametrize("case", FAILING, ids=lambda c: c.stem)
def test_a_hostile_file_stops_the_build_with_its_lines(tmp_path: Path, case: Path) -> None:
    problems = problems_of(content_with(tmp_path, case))
    for expected in expectations(case):
        assert expected in problems
    assert all(p.startswith((case.name, GOOD.name)) for p in problems), problems


def test_every_hostile_file_in_one_run_exits_1_and_keeps_the_old_site(tmp_path: Path) -> None:
    content = content_with(tmp_path)
    run = [sys.executable, str(ROOT / "build.py"), "--content", "content", "--out", "site"]
    assert subprocess.run(run, cwd=tmp_path, capture_output=True, check=False).returncode == 0
    before = snapshot(tmp_path / "site")
    for case in FAILING:
        shutil.copy(case, content / "roles")
    result = subprocess.run(run, cwd=tmp_path, capture_output=True, text=True,
                            errors="backslashreplace", timeout=60, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.splitlines()
    for case in FAILING:
        for expected in expectations(case):
            assert f"content/roles/{expected}" in lines
    assert lines[-1].startswith("Build stopped: ") and "site/ was not changed" in lines[-1]
    assert snapshot(tmp_path / "site") == before


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    content = content_with(tmp_path)
    (content / "roles" / "huge.yaml").write_bytes(b"title: Huge\nsummary: " + b"x" * 2_000_000)
    assert problems_of(content) == [
        f"huge.yaml:1: file is 2,000,021 bytes; the limit is {MAX_BYTES:,}"]


@pytest.mark.parametrize("levels", [33, 10_000, 400_000])
def test_deep_nesting_is_refused_before_libyaml_recurses(tmp_path: Path, levels: int) -> None:
    # Before the check, 100,000 levels crashed the interpreter inside libyaml's composer.
    content = content_with(tmp_path)
    body = b"title: Deep\nsummary: " + b"[" * levels + b"]" * levels + b"\n"
    (content / "roles" / "deep.yaml").write_bytes(body)
    assert problems_of(content) == ["deep.yaml:2: nested more than 32 levels deep"]


def test_block_nesting_is_measured_too(tmp_path: Path) -> None:
    content = content_with(tmp_path)
    body = "title: Deep\nsummary:\n" + "".join("  " * i + "- \n" for i in range(40))
    (content / "roles" / "deep.yaml").write_text(body, encoding="utf-8")
    assert problems_of(content) == ["deep.yaml:34: nested more than 32 levels deep"]


@pytest.mark.parametrize(("target", "expected"), [
    ("/etc/hostname", "a link to a file outside the roles folder is not allowed"),
    ("../site.yaml", "a link to a file outside the roles folder is not allowed"),
    ("missing.yaml", "a link that leads nowhere"),
    ("link.yaml", "a link that leads nowhere"),  # a loop: a RuntimeError before the fix
])
def test_a_role_file_linking_elsewhere_is_refused(tmp_path: Path, target: str,
                                                   expected: str) -> None:
    content = content_with(tmp_path)
    (content / "site.yaml").write_text("name: Site\n", encoding="utf-8")
    (content / "roles" / "link.yaml").symlink_to(target)
    assert problems_of(content) == [f"link.yaml:1: {expected}"]


def test_a_link_inside_the_roles_folder_is_a_role_like_any_other(tmp_path: Path) -> None:
    content = content_with(tmp_path)
    (content / "roles" / "twin.yaml").symlink_to("support-lead.yaml")
    line = GOOD.read_text(encoding="utf-8").splitlines().index("title: Support Lead") + 1
    assert problems_of(content) == [
        f"twin.yaml:{line}: title: 'Support Lead' is also the title of support-lead"]


# What a page may hold, checked in the browser after it ran: anything else came from role text.
AUDIT = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name) || attr.name === 'style') bad.push(el.tagName + ' ' + attr.name);
    }
  }
  for (const a of document.querySelectorAll('[href], [src], [action], [formaction]')) {
    const url = (a.getAttribute('href') || a.getAttribute('src') || a.getAttribute('action')
                 || a.getAttribute('formaction') || '').replace(/[\\s\\x00-\\x20]/g, '');
    if (/^(javascript|data|vbscript):/i.test(url)) bad.push(a.tagName + ' ' + url);
  }
  for (const s of document.scripts) {
    if (s.type === 'application/ld+json' && !s.hasAttribute('src')) {
      try { JSON.parse(s.textContent); } catch (e) { bad.push('ld+json that does not parse'); }
      continue;  // a data block: CSP-safe, never run; its text must stay one JSON value
    }
    const ours = /^(\\/|(\\.\\.\\/)*)static\\/(index|picker|search-index|notfound|table-sort)\\.js\\?v=\\w+$/;
    if (!ours.test(s.getAttribute('src') || '')) {
      bad.push('script ' + s.outerHTML.slice(0, 80));
    }
  }
  // The site's own charts are inline SVG: only as a figure's chart, made of these elements.
  const chart = '.charts figure > svg';
  for (const el of document.querySelectorAll(chart + ' *')) {
    if (!['title', 'desc', 'path', 'text', 'tspan', 'g'].includes(el.tagName)) bad.push('chart ' + el.tagName);
    for (const attr of el.attributes) {
      if (!['id', 'class', 'd', 'x', 'y'].includes(attr.name)) bad.push('chart ' + attr.name);
    }
  }
  const foreign = 'iframe, object, embed, frame, base, style, form:not(#picker), math, '
    + `svg:not(${chart}), `
    + 'meta[http-equiv]:not([http-equiv="Content-Security-Policy"]), link:not([rel=stylesheet]):not([rel=canonical]):not([rel=icon])';
  for (const el of document.querySelectorAll(foreign)) bad.push('element ' + el.tagName);
  if (document.querySelectorAll(`title:not(${chart} > title)`).length !== 1) bad.push('title count');
  for (const el of document.querySelectorAll('link[rel=icon]')) {
    if (!/^(\\/|(\\.\\.\\/)*)static\\/favicon\\.svg\\?v=\\w+$/.test(el.getAttribute('href'))) {
      bad.push('icon ' + el.getAttribute('href'));
    }
  }
  if (document.querySelectorAll('h1').length !== 1) bad.push('h1 count');
  if (document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]').length !== 1) {
    bad.push('csp count');
  }
  return bad;
}"""


def is_expected_failure(request: Any) -> bool:
    """Return whether a failed request is the test's doing, not the page's: the 404 page's
    root-relative assets, which a page opened from disk cannot find, or the site's own icon,
    which the browser fetches after the page has loaded and the next `goto` aborts."""
    return request.url.startswith("file:///static/") or (
        "/static/favicon.svg" in request.url and request.failure == "net::ERR_ABORTED")


@pytest.mark.parametrize("case", SAFE, ids=lambda c: c.stem)
def test_a_hostile_file_builds_pages_that_run_nothing_of_it(tmp_path: Path, case: Path,
                                                            browser: Any) -> None:
    out = tmp_path / "site"
    build_site(BuildOptions(content=content_with(tmp_path, case), out=out))
    pages = sorted(out.rglob("*.html"))
    families = list(out.glob("categories/*/index.html"))  # a page per job family, audited too
    assert len(pages) == 5 + len(families)  # index, two roles, their comparison, 404
    context = browser.new_context(java_script_enabled=True)
    events: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (events.append(f"{d.type}: {d.message}"), d.dismiss()))
    # The 404 page links from the site's root, so from disk its assets are not found; their
    # messages may arrive after the next `goto`: told by the asset, not by the page open.
    page.on("console", lambda m: events.append(m.text) if m.type in ("error", "warning")
            and not m.location.get("url", "").startswith("file:///static/") else None)
    page.on("requestfailed", lambda r: None if is_expected_failure(r) else
            events.append(f"request failed: {r.url} ({r.failure})"))
    page.on("pageerror", lambda e: events.append(str(e)))
    try:
        for path in pages:
            page.goto(path.as_uri())
            page.mouse.move(10, 10)  # hover handlers, if any survived, get their chance
            page.mouse.move(400, 300)
            bad = page.evaluate(AUDIT)
            assert bad == [], f"{path.relative_to(out)}: {bad}"
            assert events == [], f"{path.relative_to(out)}: {events}"
    finally:
        context.close()


def test_a_file_name_with_escape_codes_is_shown_quoted(tmp_path: Path) -> None:
    content = content_with(tmp_path)
    (content / "roles" / "bad\nname\x1b[31m.yaml").write_text("title: X\n", encoding="utf-8")
    problems = problems_of(content)
    assert len(problems) == 1 and "\n" not in problems[0] and "\x1b" not in problems[0]
    assert problems[0].endswith("name\\x1b[31m.yaml':1: a role file's name must be its slug: "
                                "lower-case a-z, 0-9 and single hyphens")
