"""Rebuilds and splits: the output is always what a clean full build would write."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from operator import attrgetter
from pathlib import Path

import pytest

from versus.bench.fake import write_fake_content
from versus.engine import rebuild, workers
from versus.engine.build import BuildOptions, BuildResult, Shard, build_site
from versus.engine.inputs import View
from versus.engine.model import ContentError, Page
from versus.engine.render import Renderer
from versus.engine.workers import PARALLEL_FROM

ROOT = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def build(content: Path, out: Path, **options: object) -> BuildResult:
    return build_site(BuildOptions(content=content, out=out, **options))  # type: ignore[arg-type]


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    write_fake_content(folder, 12)
    return folder


def test_parallel_serial_and_sharded_builds_write_the_same_tree(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_fake_content(content, 42)  # 861 pairs: enough for every core to render
    serial = build(content, tmp_path / "serial", jobs=1)
    parallel = build(content, tmp_path / "parallel", jobs=2)
    assert serial.files == parallel.files > PARALLEL_FROM
    expected = tree(tmp_path / "serial")
    assert tree(tmp_path / "parallel") == expected
    union: dict[str, bytes] = {}
    for k in (1, 2, 3):
        part = tree(tmp_path / f"shard{k}") if build(
            content, tmp_path / f"shard{k}", shard=Shard(k, 3)).files else {}
        assert part and not (union.keys() & part.keys() - {p for p in part if "static/" in p})
        union.update(part)
    assert union == expected


def edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text("utf-8")
    new = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert new != text
    path.write_text(new, "utf-8")


def test_editing_a_role_rewrites_only_its_pages(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(content, out)
    before = tree(out)
    role = sorted((content / "roles").glob("*.yaml"))[3]
    edit(role, r"^  major: .*", "  major: History")  # no other role's page shows it
    result = build(content, out)
    after = tree(out)
    slug = role.stem
    expected = {f"roles/{slug}/index.html"} | {
        p for p in before if p.startswith("compare/") and slug in p.split("/")[1].split("-vs-")}
    assert changed(before, after) == expected
    assert result.written == len(expected) and result.removed == 0
    build(content, tmp_path / "clean")
    assert after == tree(tmp_path / "clean")


@pytest.mark.parametrize("held", [rebuild.HELD, 3])
def test_the_pages_an_edit_renders_are_planned_once_when_few(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: int) -> None:
    """Counted, then rendered: held between the two when few, else planned again."""
    out = tmp_path / "site"
    build(content, out)
    edit(sorted((content / "roles").glob("*.yaml"))[3], r"^  major: .*", "  major: History")
    monkeypatch.setattr(rebuild, "HELD", held)
    planned: list[int] = []
    real = rebuild.pages_showing
    monkeypatch.setattr(rebuild, "pages_showing", lambda *args: planned.append(1) or real(*args))
    result = build(content, out)
    assert result.written == 1 + 11 and len(planned) == (1 if held >= 12 else 2)
    build(content, tmp_path / "clean")
    assert tree(out) == tree(tmp_path / "clean")


def test_a_noop_rebuild_writes_nothing(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = build(content, out)
    again = build(content, out)
    assert again.written == again.removed == 0
    assert (again.files, again.bytes) == (first.files, first.bytes)


def test_a_rebuild_from_the_parse_cache_loads_no_yaml_and_sees_a_settings_edit(
        content: Path, tmp_path: Path) -> None:
    """Every role and the settings come from the parse cache while their bytes are as they
    were: PyYAML, the slowest import of a build, is not even loaded; an edit is still seen."""
    probe = [sys.executable, "-c", "import sys; from versus.authoring.cli import main; "
             "main(sys.argv[1:]); print(sorted(m for m in sys.modules if m.startswith('yaml')))",
             "--content", str(content), "--out", str(tmp_path / "site"), "-q"]
    first = subprocess.run(probe, cwd=ROOT, check=True, capture_output=True, text=True)
    assert "'yaml'" in first.stdout  # parsed: nothing was kept yet
    again = subprocess.run(probe, cwd=ROOT, check=True, capture_output=True, text=True)
    assert again.stdout == "[]\n"
    (content / "site.yaml").write_text("name: Renamed\nbase_url: https://bench.example/\n")
    subprocess.run(probe, cwd=ROOT, check=True, capture_output=True, text=True)
    out = tmp_path / "site"
    assert "Renamed" in (out / "index.html").read_text()


def test_adding_and_removing_a_role(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(content, out)
    extra = content / "roles" / "data-analyst.yaml"
    extra.write_text("title: Data Analyst\ncategory: Operations\n", "utf-8")
    added = build(content, out)
    build(content, tmp_path / "clean-added")
    assert tree(out) == tree(tmp_path / "clean-added")
    assert (out / "roles/data-analyst/index.html").exists()
    assert added.written >= 1 + 12  # its page and its 12 comparisons
    extra.unlink()
    removed = build(content, out)
    assert removed.removed == 1 + 12
    assert not list(out.rglob("*data-analyst*"))
    build(content, tmp_path / "clean-removed")
    assert tree(out) == tree(tmp_path / "clean-removed")


def copy_templates(tmp_path: Path) -> Path:
    templates = tmp_path / "templates"
    templates.mkdir()
    for path in (ROOT / "templates").iterdir():
        (templates / path.name).write_bytes(path.read_bytes())
    return templates


def count_renders(monkeypatch: pytest.MonkeyPatch,
                  name: Callable[[Page], str] = attrgetter("kind")) -> list[str]:
    rendered: list[str] = []
    original = workers.render_page

    def render(renderer: Renderer, page: Page, data: View) -> bytes:
        rendered.append(name(page))
        return original(renderer, page, data)

    monkeypatch.setattr(workers, "render_page", render)
    return rendered


def test_a_lost_page_that_also_changed_renders_once(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    build(content, out)
    role = sorted((content / "roles").glob("*.yaml"))[3]
    edit(role, r"^  major: .*", "  major: History")  # its page and its comparisons change
    comparisons = sorted(out.glob("compare/*/index.html"))
    mine = [p for p in comparisons if role.stem in p.parent.name.split("-vs-")]
    other = next(p for p in comparisons if p not in mine)
    mine[0].unlink()
    other.unlink()
    rendered = count_renders(monkeypatch, attrgetter("output_path"))
    result = build(content, out)
    assert len(rendered) == len(set(rendered))
    assert {p.relative_to(out).as_posix() for p in (mine[0], other)} <= set(rendered)
    assert result.written == 1 + len(mine) + 1  # its page, its comparisons, the other lost
    build(content, tmp_path / "clean")
    assert tree(out) == tree(tmp_path / "clean")


def test_a_template_change_renders_the_pages_that_use_it(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates, out = copy_templates(tmp_path), tmp_path / "site"
    build(content, out, templates=templates, jobs=1)
    before = tree(out)
    edit(templates / "404.html", r"<h1>Page not found</h1>", "<h1>Nothing here</h1>")
    rendered = count_renders(monkeypatch)
    result = build(content, out, templates=templates, jobs=1)
    assert rendered == ["notfound"]
    assert changed(before, tree(out)) == {"404.html"} and result.written == 1
    edit(templates / "role.html", r"<h2>Skills</h2>", "<h2>Skills asked for</h2>")
    build(content, out, templates=templates, jobs=1)
    assert sorted(set(rendered)) == ["notfound", "role"] and rendered.count("role") == 12


def test_a_shared_template_change_rebuilds_into_a_fresh_folder(content: Path,
                                                               tmp_path: Path) -> None:
    templates, out = copy_templates(tmp_path), tmp_path / "site"
    build(content, out, templates=templates)
    before = tree(out)
    edit(templates / "base.html", r"<main ", '<main class="edited" ')
    result = build(content, out, templates=templates)
    after = tree(out)
    assert changed(before, after) == {p for p in after if p.endswith(".html")}
    assert result.written == len(changed(before, after))
    assert not (tmp_path / ".versus-cache/site/staging").exists()
    build(content, tmp_path / "clean", templates=templates)
    assert after == tree(tmp_path / "clean")


def test_deleted_output_is_rebuilt(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(content, out)
    expected = tree(out)
    for path in sorted(out.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    out.rmdir()
    build(content, out)
    assert tree(out) == expected


def test_a_killed_build_leaves_the_old_site_whole(tmp_path: Path) -> None:
    content, out = tmp_path / "content", tmp_path / "site"
    write_fake_content(content, 90)
    command = [sys.executable, str(ROOT / "build.py"), "--content", str(content), "--out",
               str(out), "-q"]
    subprocess.run(command, check=True)
    before = tree(out)
    (content / "site.yaml").write_text("name: Renamed\nbase_url: https://bench.example/\n")
    process = subprocess.Popen(command)
    staging = tmp_path / ".versus-cache/site/staging"
    deadline = time.monotonic() + 60
    while not (staging / "compare").exists() and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.3)  # well into rendering
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert tree(out) == before
    subprocess.run(command, check=True)
    subprocess.run([*command[:-2], str(tmp_path / "clean"), "-q"], check=True)
    assert tree(out) == tree(tmp_path / "clean")
    assert not staging.exists()


def test_a_link_planted_in_the_output_is_not_followed(content: Path, tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    build(content, out)
    elsewhere.mkdir()
    (out / "roles").rename(tmp_path / "roles-moved")
    (out / "roles").symlink_to(elsewhere)
    edit(sorted((content / "roles").glob("*.yaml"))[0], r"^  yearly: \d+", "  yearly: 99999")
    with pytest.raises(ContentError) as caught:
        build(content, out)
    assert "is a link" in str(caught.value.problems[0])
    assert list(elsewhere.iterdir()) == []
