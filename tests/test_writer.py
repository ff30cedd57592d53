"""Writing the output: checked rather than trusted, files nobody asked to lose kept, odd folders."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from versus.bench.fake import write_fake_content
from versus.engine import damage, output, writer
from versus.engine.build import BuildOptions, BuildResult, build_site
from versus.engine.model import ContentError
from versus.engine.writer import InPlace, Staged, choose_writer, is_mount_point, walk

ROOT = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def build(content: Path, out: Path, **options: object) -> BuildResult:
    return build_site(BuildOptions(content=content, out=out, **options))  # type: ignore[arg-type]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    write_fake_content(folder, 6)
    return folder


def rename_site(content: Path, name: str) -> None:
    """Change a setting every page shows: the next build renders every page afresh."""
    (content / "site.yaml").write_text(f"name: {name}\nbase_url: https://bench.example/\n")


def test_missing_and_altered_output_files_are_written_again(content: Path,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(content, out)
    expected = tree(out)
    (out / "static" / "style.css").unlink()
    page = sorted(out.glob("roles/*/index.html"))[0]
    time.sleep(0.01)  # a person edits after the build, not within its last clock tick
    page.write_text("edited by hand", "utf-8")
    (out / "sitemap.xml").unlink()
    result = build(content, out)
    assert result.written == 3 and tree(out) == expected
    assert build(content, out).written == 0


def test_more_lost_pages_than_are_listed_are_found_by_a_walk(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(damage, "DAMAGE_LIMIT", 2)
    out = tmp_path / "site"
    build(content, out)
    expected = tree(out)
    for page in sorted(out.glob("compare/*/index.html"))[:3]:
        page.unlink()
    assert damage.look_for_damage(out, output.manifest_time(out))() is None  # not listed
    result = build(content, out)
    assert result.written == 3 and tree(out) == expected
    assert build(content, out).written == 0


def test_the_search_for_lost_pages_stops_when_every_page_is_walked_anyway(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    build(content, out)
    page = sorted(out.glob("compare/*/index.html"))[0]
    page.unlink()
    finished = output.manifest_time(out)
    assert damage.look_for_damage(out, finished)() == [page.relative_to(out).as_posix()]
    stop = threading.Event()
    stop.set()
    assert list(damage.iter_damaged(out, finished, stop)) == []
    assert damage.look_for_damage(out, finished)(needed=False) == []
    # The walk over every page (the site's name changed) finds the lost page itself.
    rename_site(content, "Renamed")
    build(content, out)
    assert page.is_file() and b"Renamed" in page.read_bytes()


def test_a_trash_folder_removed_by_an_earlier_build_meanwhile_is_no_error(
        tmp_path: Path) -> None:
    # A build waiting for another finds its `trash-*` folder, whose background `rm` may
    # delete it before this build renames it for its own `rm`.
    output.discard(tmp_path / f"{output.TRASH}1")
    trash = tmp_path / f"{output.TRASH}2"
    (trash / "compare").mkdir(parents=True)
    output.discard(trash)
    assert not trash.exists()


def test_a_file_is_compared_with_its_new_bytes_a_block_at_a_time(tmp_path: Path) -> None:
    data = bytes(range(256)) * (3 * output.BLOCK // 256 + 7)  # over three blocks
    path = tmp_path / "sitemap-1.xml"
    path.write_bytes(data)
    assert not output.same_bytes(path, data[:-1] + b"x")
    assert not output.same_bytes(path, data[:-1])
    tracemalloc.start()
    try:
        assert output.same_bytes(path, data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1.5 * output.BLOCK  # not the whole file beside the bytes it should hold


def test_a_file_replaced_in_one_step_leaves_no_temporary_file_and_skips_a_left_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A temporary name is this process's number and a count: one a killed process of the
    same number left is passed over, not overwritten."""
    monkeypatch.setattr(output, "_TEMPORARY", itertools.count(5))
    left = tmp_path / f".tmp-{os.getpid()}-5"
    left.write_bytes(b"left")
    page = tmp_path / "index.html"
    output.write_atomic(page, b"old")
    output.write_atomic(page, bytearray(b"new"))
    assert page.read_bytes() == b"new" and page.stat().st_mode & 0o777 == output.FILE_MODE
    assert sorted(p.name for p in tmp_path.iterdir()) == [left.name, "index.html"]
    assert left.read_bytes() == b"left"
    with pytest.raises(FileNotFoundError) as caught:
        output.write_atomic(tmp_path / "gone" / "index.html", b"x")
    assert caught.value.filename == str(tmp_path / "gone" / "index.html")
    monkeypatch.chdir(tmp_path)
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda name, *args: opened.append(name) or real_open(
        name, *args))
    output.write_atomic(Path("index.html"), b"here")  # beside it, not in the root folder
    assert page.read_bytes() == b"here" and len(list(tmp_path.iterdir())) == 2
    assert [Path(name).resolve().parent for name in opened] == [tmp_path.resolve()]


def test_a_linked_folder_inside_the_output_is_refused_wherever_the_output_is_named_from(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "site" / "roles").mkdir(parents=True)
    (tmp_path / "site" / "compare").symlink_to(tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path)
    for out in (Path("site"), tmp_path / "site"):
        output.refuse_links(out, out / "roles" / "a" / "index.html")  # nothing linked
        with pytest.raises(ContentError) as caught:
            output.refuse_links(out, out / "compare" / "a-vs-b" / "index.html")
        assert caught.value.problems[0].path == str(out / "compare")
    monkeypatch.chdir(tmp_path / "site")
    output.refuse_links(Path(), Path("roles") / "a" / "index.html")


def test_a_bytearray_is_sealed_in_place() -> None:
    body = bytearray(b"parts")
    assert output.sealed(body) is body
    assert output.unsealed(bytes(body)) == b"parts" == output.unsealed(output.sealed(b"parts"))


def test_files_no_build_wrote_survive_every_build_and_are_named(content: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(content, out)
    (out / "CNAME").write_text("careers.example.org\n")
    (out / "roles" / "notes.txt").write_text("mine\n")
    assert build(content, out).kept == ()  # in place: nothing to carry
    rename_site(content, "Renamed")
    result = build(content, out)  # every page changes: staged and swapped in
    assert result.kept == ("CNAME", "roles/notes.txt")
    assert (out / "CNAME").read_text() == "careers.example.org\n"
    assert (out / "roles" / "notes.txt").exists()


def test_root_files_are_published_at_the_root_and_counted_when_removed(
        content: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    (content / "root").mkdir()
    (content / "root" / "CNAME").write_text("careers.example.org\n")
    (content / "root" / ".nojekyll").write_text("")
    (content / "root" / ".well-known").mkdir()
    (content / "root" / ".well-known" / "security.txt").write_text("Contact: a@b.example\n")
    first = build(content, out)
    assert (out / "CNAME").read_text() == "careers.example.org\n"
    assert (out / ".nojekyll").exists() and (out / ".well-known" / "security.txt").exists()
    (content / "root" / ".nojekyll").unlink()
    again = build(content, out)
    assert again.removed == 1 and not (out / ".nojekyll").exists()
    assert again.files == first.files - 1


def test_a_root_file_may_not_replace_a_page(content: Path, tmp_path: Path) -> None:
    (content / "root").mkdir()
    (content / "root" / "index.html").write_text("<p>mine</p>")
    with pytest.raises(ContentError) as caught:
        build(content, tmp_path / "site")
    assert "may not replace it" in str(caught.value.problems[0])


def test_a_fresh_build_is_staged_only_where_the_folder_can_be_swapped(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert isinstance(choose_writer(out, True, lambda path: True), Staged)
    assert isinstance(choose_writer(out, False, lambda path: True), InPlace)


def test_a_mount_point_is_built_in_place(content: Path, tmp_path: Path) -> None:
    """A Docker volume or a tmpfs cannot be renamed: full builds replace its contents."""
    if not shutil.which("unshare"):
        pytest.fail("unshare (util-linux) is needed to make a mount point for this test")
    out, copy = tmp_path / "mounted", tmp_path / "copy"
    out.mkdir()
    build_command = f"{sys.executable} {ROOT / 'build.py'} --content {content} --out {out} -q"
    script = (f"mount -t tmpfs tmpfs {out} && {build_command} && "
              f"sed -i s/Benchmark/Renamed/ {content / 'site.yaml'} && {build_command} && "
              f"cp -a {out}/. {copy}/")
    copy.mkdir()
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    build(content, tmp_path / "clean")
    assert tree(copy) == tree(tmp_path / "clean")


def test_a_bind_mount_from_the_same_file_system_is_built_in_place(content: Path,
                                                                  tmp_path: Path) -> None:
    """Its device is its parent's, but no hard link or rename crosses it: every full build
    stopped with "on another file system"."""
    if not shutil.which("unshare"):
        pytest.fail("unshare (util-linux) is needed to make a mount point for this test")
    out, source, copy = tmp_path / "mounted", tmp_path / "source", tmp_path / "copy"
    for folder in (out, source, copy):
        folder.mkdir()
    build_command = f"{sys.executable} {ROOT / 'build.py'} --content {content} --out {out} -q"
    script = (f"mount --bind {source} {out} && {build_command} && "
              f"sed -i s/Benchmark/Renamed/ {content / 'site.yaml'} && {build_command} && "
              f"cp -a {out}/. {copy}/")
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    build(content, tmp_path / "clean")
    assert tree(copy) == tree(tmp_path / "clean")


def test_a_mount_point_is_read_from_the_kernels_table_with_its_escapes(
        tmp_path: Path) -> None:
    folder = tmp_path / "a b\\c"
    folder.mkdir()
    table = tmp_path / "mountinfo"
    escaped = str(folder).replace("\\", "\\134").replace(" ", "\\040")
    table.write_text(f"22 27 0:21 / /proc rw - proc proc rw\n"
                     f"36 25 8:1 / {escaped} rw - ext4 x rw\n")
    assert is_mount_point(folder, table)
    assert not is_mount_point(tmp_path, table)
    assert not is_mount_point(folder, tmp_path / "no-such-table")
    assert is_mount_point(Path("/proc"))  # the real table


def test_a_root_file_may_not_replace_a_static_file_and_check_says_so(content: Path,
                                                                      tmp_path: Path) -> None:
    from versus.authoring.check import check_site

    (content / "root" / "static").mkdir(parents=True)
    (content / "root" / "static" / "style.css").write_text("body { display: none }")
    with pytest.raises(ContentError):
        build(content, tmp_path / "site")
    _, problems = check_site(content, ROOT / "templates", ROOT / "static")
    assert any("root file may not replace it" in p.message for p in problems)


def test_a_full_build_keeps_the_folders_permissions_and_empty_folders(content: Path,
                                                                      tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(content, out)
    out.chmod(0o750)
    (out / ".git" / "refs" / "tags").mkdir(parents=True)
    rename_site(content, "Renamed")  # every page changes: staged and swapped in
    build(content, out)
    assert (out.stat().st_mode & 0o777) == 0o750
    assert (out / ".git" / "refs" / "tags").is_dir()


def wait_for(check: Callable[[], bool], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not check() and time.monotonic() < deadline:
        time.sleep(0.02)
    return check()


def test_the_site_a_full_build_replaced_is_removed_in_the_background(content: Path,
                                                                     tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / ".versus-cache" / "site"
    build(content, out)
    old_page = sorted(out.glob("compare/*/index.html"))[0]
    old_inode = old_page.stat().st_ino
    rename_site(content, "Renamed")
    build(content, out)  # every page changes: staged, swapped in, the old site set aside
    assert "Renamed" in old_page.read_text("utf-8") and old_page.stat().st_ino != old_inode
    assert wait_for(lambda: not list(cache.glob("trash-*")))


def test_a_build_removes_an_old_site_whose_removal_was_stopped(content: Path,
                                                               tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / ".versus-cache" / "site"
    build(content, out)
    left = cache / "trash-1"  # as a machine that stopped mid-removal leaves it
    shutil.copytree(out, left)
    assert build(content, out).written == 0
    assert wait_for(lambda: not left.exists() and not list(cache.glob("trash-*")))


def test_the_count_of_thin_pages_follows_the_roles_and_the_minimum(content: Path,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "site"
    site = "name: T\nbase_url: https://bench.example/\nmin_shared_figures: {}\n"
    (content / "site.yaml").write_text(site.format(3))
    assert build(content, out).thin == 0
    (content / "site.yaml").write_text(site.format(20))  # more figures than any role has
    assert build(content, out).thin == 15  # 6 roles, every pair
    assert build(content, out).thin == 15  # kept from the last build, not counted again
    (content / "roles" / sorted(p.name for p in (content / "roles").iterdir())[0]).unlink()
    assert build(content, out).thin == 10


def test_the_walk_finds_every_file_and_empty_folder_and_follows_no_link(tmp_path: Path) -> None:
    for name in ("a/b/c/page.html", "a/b/other.txt", "top.txt", "x/y/z/deep.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    for name in ("empty", "a/empty", "x/y/also-empty"):
        (tmp_path / name).mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "a", target_is_directory=True)
    expected = set()
    for folder, folders, files in os.walk(tmp_path):
        relative = Path(folder).relative_to(tmp_path).as_posix()
        if not folders and not files and relative != ".":
            expected.add((relative, True))
        expected |= {((f"{relative}/{n}" if relative != "." else n), False) for n in files}
    found = list(walk(str(tmp_path)))
    assert sorted(found) == sorted(expected) and len(found) == len(set(found))
    assert ("linked/b/other.txt", False) not in found


def listed(monkeypatch: pytest.MonkeyPatch, out: Path) -> list[str]:
    """The folders of `out` that builds list to look for files no build wrote."""
    found: list[str] = []
    scandir = os.scandir

    def spy(path: str) -> object:
        if str(path).startswith(str(out)):
            found.append(str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", spy)
    return found


def test_a_page_folder_unchanged_since_the_last_full_build_is_not_listed(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    build(content, out)
    pages = sorted(out.glob("compare/*/index.html"))
    (pages[0].parent / "notes.txt").write_text("carried since the first full build\n")
    rename_site(content, "Renamed")
    assert build(content, out).kept == (f"{pages[0].parent.relative_to(out)}/notes.txt",)
    # Folders the build made in the clock tick it ended in cannot be told from ones changed
    # after it, and are listed too: those depend on the clock, not on the build.
    last = writer.read_carried(out)
    assert last is not None
    racy = {str(p.parent) for p in out.glob("compare/*/index.html")
            if p.parent.stat().st_ctime_ns >= last.since}
    time.sleep(0.01)  # the publisher's work comes after the build's last clock tick
    (pages[1].parent / "added.txt").write_text("added since\n")
    (pages[1].parent / "empty").mkdir()
    moved = tmp_path / "moved"  # a folder made long ago, moved in with its old times
    (moved / "inner").mkdir(parents=True)
    (moved / "inner" / "old.txt").write_text("old\n")
    os.utime(moved / "inner", ns=(1, 1))
    os.utime(moved, ns=(1, 1))
    moved.replace(pages[2].parent / "moved")
    (out / "CNAME").write_text("careers.example.org\n")
    folders = listed(monkeypatch, out)
    rename_site(content, "Renamed again")
    result = build(content, out, jobs=1)
    rel = [p.parent.relative_to(out).as_posix() for p in pages]
    assert result.kept == ("CNAME", f"{rel[0]}/notes.txt", f"{rel[1]}/added.txt",
                           f"{rel[2]}/moved/inner/old.txt")
    assert (pages[1].parent / "empty").is_dir()
    assert (pages[2].parent / "moved" / "inner" / "old.txt").read_text() == "old\n"
    in_pages = {f for f in folders if "/compare/" in f and not f.endswith("/compare")}
    # Those changed since or holding a file carried then, and what is in them: no other.
    expected = {str(p.parent) for p in pages[:3]} | {
        str(pages[1].parent / "empty"), str(pages[2].parent / "moved"),
        str(pages[2].parent / "moved" / "inner")}
    assert expected <= in_pages and in_pages - racy == expected - racy
    assert len(racy) < len(pages) // 2


@pytest.mark.parametrize("damage", ["missing", "header"])
def test_without_a_record_of_what_was_carried_every_folder_is_listed(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    out = tmp_path / "site"
    build(content, out)
    page = sorted(out.glob("compare/*/index.html"))[0]
    record = tmp_path / ".versus-cache" / "site" / writer.FOREIGN
    if damage == "missing":
        record.unlink()
    else:
        record.write_text("something else\n")
    time.sleep(0.01)
    os.utime(page.parent, ns=(1, 1))  # an old time changes nothing: ctime is what counts
    (page.parent / "notes.txt").write_text("mine\n")
    folders = listed(monkeypatch, out)
    rename_site(content, "Renamed")
    result = build(content, out, jobs=1)
    assert result.kept == (f"{page.parent.relative_to(out).as_posix()}/notes.txt",)
    assert len([f for f in folders if "/compare/" in f]) == len(list(out.glob("compare/*")))


def test_a_publishers_file_in_a_tree_moved_in_whole_is_carried(
        content: Path, tmp_path: Path) -> None:
    # The tree's folders keep the times of their copy, older than the last full build:
    # only the folder moved (`compare`) tells, by being another folder.
    out = tmp_path / "site"
    build(content, out)
    copy = tmp_path / "copy"
    shutil.copytree(out / "compare", copy)
    page = sorted(copy.glob("*/index.html"))[0]
    (page.parent / "notes.txt").write_text("mine\n")
    time.sleep(0.01)
    rename_site(content, "Renamed")
    build(content, out)
    shutil.rmtree(out / "compare")
    copy.replace(out / "compare")
    rename_site(content, "Renamed again")
    result = build(content, out)
    assert result.kept == (f"compare/{page.parent.name}/notes.txt",)


@pytest.mark.parametrize("damage", ["cut", "header only"])
def test_a_damaged_record_of_what_was_carried_is_not_trusted(
        content: Path, tmp_path: Path, damage: str) -> None:
    out = tmp_path / "site"
    build(content, out)
    folder = sorted(out.glob("compare/*/index.html"))[0].parent
    (folder / "notes.txt").write_text("mine\n")
    rename_site(content, "Renamed")
    build(content, out)
    record = tmp_path / ".versus-cache" / "site" / writer.FOREIGN
    data = record.read_bytes()
    record.write_bytes(data[:len(writer.FOREIGN_HEADER) + 3] if damage == "cut"
                       else writer.FOREIGN_HEADER.encode())
    rename_site(content, "Renamed again")
    assert build(content, out).kept == (f"compare/{folder.name}/notes.txt",)


def test_temporary_files_a_killed_build_left_in_the_cache_are_swept(
        content: Path, tmp_path: Path) -> None:
    from versus.engine.guard import guarded_build
    out = tmp_path / "site"
    guarded_build(BuildOptions(content=content, out=out))
    cache = output.cache_folder(out)
    kept = sorted(p.name for p in cache.iterdir())
    left = [cache / ".tmp-manifest-x1y2", cache / ".tmp-4862-7", cache / "prepared" / ".tmp-9-0"]
    for path in left:
        path.write_bytes(b"half written")
    result = guarded_build(BuildOptions(content=content, out=out))
    assert result.written == 0 and not any(path.exists() for path in left)
    assert sorted(p.name for p in cache.iterdir()) == kept
