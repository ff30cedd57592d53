"""What a build stopped while writing in the output leaves there: swept by the next build,
and only then (the builds killed for real are in test_safety.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from versus.bench.fake import write_fake_content
from versus.engine import output
from versus.engine.build import BuildOptions, BuildResult
from versus.engine.guard import guarded_build
from versus.engine.unfinished import leftovers, mark_unfinished
from versus.engine.writer import InPlace


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def build(content: Path, out: Path) -> BuildResult:
    return guarded_build(BuildOptions(content=content, out=out))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    write_fake_content(tmp_path / "content", 6)
    return tmp_path / "content"


def mark(out: Path) -> Path:
    return output.cache_folder(out) / output.UNFINISHED


@pytest.mark.parametrize(("name", "expected"), [
    (".tmp-123-0", True), (".tmp-4862-17", True), (".tmp-manifest-x1y2", False),
    (".tmp-notes", False), (".tmp-12-", False), ("tmp-1-2", False), (".tmp--1", False)])
def test_temporary_names_are_those_temporary_file_gives(name: str, expected: bool) -> None:
    assert output.is_temporary(name) is expected


def test_a_temporary_file_is_named_so(tmp_path: Path) -> None:
    fd, name = output.temporary_file(str(tmp_path))
    os.close(fd)
    assert output.is_temporary(Path(name).name)


def test_a_build_after_one_stopped_in_place_sweeps_what_it_left_and_nothing_else(
        content: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(content, out)
    page = sorted(out.glob("compare/*/index.html"))[0]
    before = page.stat().st_mtime_ns - 10**9
    publishers = {"CNAME": b"versus.example\n", ".tmp-notes": b"mine",
                  "compare/old-vs-page/index.html": b"from before the last build"}
    for path, data in publishers.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    os.utime(out / "compare/old-vs-page/index.html", ns=(before, before))
    expected = tree(out)
    mark_unfinished(out)  # as a build does before its first write, and then it was killed
    (page.parent / ".tmp-4862-7").write_bytes(b"<!doctype html>\n<ht")
    (out / "static" / ".tmp-4863-0").write_bytes(b"")
    (out / "compare/added-vs-role").mkdir()
    (out / "compare/added-vs-role/index.html").write_bytes(b"a page of a role since removed")
    (out / "roles/added-role").mkdir()  # made for its page, which was never written
    result = build(content, out)
    assert tree(out) == expected and result.written == 0
    assert not (out / "compare/added-vs-role").exists() and not (out / "roles/added-role").exists()
    assert not mark(out).exists()


def test_without_a_mark_no_folder_of_the_site_is_walked(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(content, out)
    left = sorted(out.glob("roles/*"))[0] / ".tmp-4862-7"
    left.write_bytes(b"")
    build(content, out)
    assert left.exists()  # cheap builds: only a build after a stopped one walks the site
    mark_unfinished(out)
    build(content, out)
    assert not left.exists()


def test_an_in_place_build_marks_the_output_until_it_ends(content: Path,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(content, out)
    writer = InPlace(out)
    assert not mark(out).exists()  # a writer that writes nothing leaves no work to sweep
    writer.write("static/style.css", (out / "static/style.css").read_bytes())
    assert mark(out).exists()
    role = sorted((content / "roles").glob("*.yaml"))[0]
    role.write_text(role.read_text().replace("yearly: ", "yearly: 1", 1))
    assert build(content, out).written > 0 and not mark(out).exists()


def test_leftovers_outside_a_page_place_or_older_than_the_last_build_are_kept(
        content: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(content, out)
    (out / "notes").mkdir()
    (out / "notes/index.html").write_bytes(b"the publisher's, written since")
    (out / "compare/b-vs-a").mkdir()  # no page has this place: pairs are in slug order
    assert leftovers(out) == ([], [], [])
