"""The search for pages lost or altered since the last build: every page of the manifest
looked at once, by the forked children sharing its blocks as by a thread alone."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_forked import children, run_alone

from versus.bench.fake import write_fake_content
from versus.engine import damage
from versus.engine.build import BuildOptions, build_site
from versus.engine.output import REPLACEMENT, manifest_time, read_manifest


@given(st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\n\0"),
                        min_size=1, max_size=40).filter(lambda line: line[0] != "/"),
                max_size=60),
       st.integers(1, 50))
def test_the_blocks_of_a_manifest_hold_each_line_once_in_order(lines: list[str],
                                                               size: int) -> None:
    data = b"".join(line.encode() + b"\n" for line in lines)
    handle = io.BytesIO(data)
    found = [name for number in range(-(-len(data) // size))
             for name in damage.read_block(handle, number, size)[0]]
    assert found == [line.encode() for line in lines]


def test_a_manifest_line_from_the_root_reads_as_damaged() -> None:
    handle = io.BytesIO(b"/etc/passwd\nindex.html\n/x\n")
    names, ends = damage.read_block(handle, 0, 1 << 16)
    assert names == [f"{REPLACEMENT}/etc/passwd".encode(), b"index.html",
                     f"{REPLACEMENT}/x".encode()]
    assert ends == 3


@given(st.binary(max_size=300), st.integers(1, 50))
def test_the_blocks_of_any_manifest_count_its_line_ends_once(data: bytes, size: int) -> None:
    # Cut short, a NUL, a line longer than a block: what `manifest_whole` is told is what
    # a count of the whole file finds.
    handle = io.BytesIO(data)
    ends = sum(damage.read_block(handle, number, size)[1]
               for number in range(-(-len(data) // size)))
    assert ends == data.count(b"\n")


def test_a_search_tells_a_manifest_that_no_longer_lists_the_pages_whole() -> None:
    lost = ["compare/a-vs-b/index.html"]
    assert damage.within_limit([([(1, lost)], 5)], pages=5) == lost
    assert damage.within_limit([([(1, lost)], 3), ([], 2)], pages=5) == lost  # two children
    assert damage.within_limit([([(1, lost)], 4)], pages=5) is None  # a line dropped
    assert damage.within_limit([([(1, lost)], 4)]) == lost  # no count asked for
    replaced = [f"compare/a{REPLACEMENT}b/index.html"]
    assert damage.within_limit([([(0, replaced)], 5)], pages=5) is None  # a NUL
    assert damage.nothing_listed(pages=0) == []
    assert damage.nothing_listed(pages=3) is None  # the manifest gone: walk every page
    assert damage.nothing_listed(needed=False, pages=3) == []


def test_a_manifest_is_cut_into_a_bounded_number_of_blocks() -> None:
    assert damage.block_size(1000) == damage.MANIFEST_BLOCK
    huge = 10 * damage.MANIFEST_BLOCK * damage.MAX_BLOCKS
    assert -(-huge // damage.block_size(huge)) <= damage.MAX_BLOCKS
    assert damage.MAX_BLOCKS * damage.NUMBER <= 4096  # the least a pipe holds


def search_both_ways(out: Path, block: int, limit: int = damage.DAMAGE_LIMIT,
                     ) -> tuple[list[str] | None, list[str] | None, int]:
    """Return what the forked children and a thread each find lost in `out`, the manifest
    cut into blocks of `block` bytes and at most `limit` pages listed, and how many
    children searched."""
    damage.MANIFEST_BLOCK, damage.DAMAGE_LIMIT = block, limit  # a process of its own
    forked = []
    real = damage.Child

    def counted(*args: object) -> object:
        forked.append(args)
        return real(*args)  # type: ignore[arg-type]

    damage.Child = counted  # type: ignore[assignment,misc]
    finished = manifest_time(out)
    assert finished is not None
    in_children = damage.look_for_damage(out, finished)()
    on_a_thread = damage.search_on_a_thread(out, finished)()
    assert not children(), "a searching child left behind"
    return in_children, on_a_thread, len(forked)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    write_fake_content(content, 12)
    out = tmp_path / "site"
    build_site(BuildOptions(content=content, out=out, jobs=1))
    time.sleep(0.01)  # what a test does to it comes after the build's last clock tick
    return out


def test_children_sharing_the_blocks_find_what_a_thread_finds_in_the_manifests_order(
        site: Path) -> None:
    pages = list(read_manifest(site))
    lost, altered = pages[3], pages[-5]
    (site / lost).unlink()
    (site / altered).write_text("edited by hand")
    in_children, on_a_thread, forked = run_alone(search_both_ways, site, 256)
    assert forked == damage.SEARCHERS
    assert in_children == on_a_thread == [lost, altered]
    assert run_alone(search_both_ways, site, 1 << 16)[:2] == ([lost, altered],) * 2


@pytest.mark.parametrize("limit", [10, 1000])
def test_more_lost_pages_than_are_listed_are_told_by_none_either_way(
        site: Path, limit: int) -> None:
    pages = [p for p in read_manifest(site) if p.startswith("compare/")]
    for page in pages:
        os.utime(site / page)  # all "edited" since
    expected = pages if len(pages) <= limit else None
    assert run_alone(search_both_ways, site, 256, limit)[:2] == (expected, expected)


def test_a_site_with_nothing_lost_finds_nothing_and_leaves_no_child(site: Path) -> None:
    assert run_alone(search_both_ways, site, 256) == ([], [], damage.SEARCHERS)


def build_copy(content: Path, out: Path) -> dict[str, bytes]:
    """Build `content` into `out`; return every file of it, by path."""
    build_site(BuildOptions(content=content, out=out))
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file()}


@pytest.mark.parametrize("damage_it", [
    lambda data: data[:len(data) // 2],  # cut mid-line
    lambda data: b"".join(data.splitlines(keepends=True)[:3]),  # cut at a line's end
    lambda data: b"",  # emptied
    lambda data: data[:2] + b"\0" + data[3:],  # a NUL in the first line: index.html's
    lambda data: b"\0" * len(data),  # all NULs: one name longer than a file's may be
    lambda data: b"x" * 300 + data[data.index(b"\n"):],  # index.html's line: too long
    lambda data: data.replace(b"\n", b"\r\n"),  # Windows' line ends: names of no page
    lambda data: data.replace(b"index.html\n", b"index.htm\n", 1),  # names no page
])
def test_a_damaged_manifest_hides_no_lost_page(tmp_path: Path,
                                               damage_it: Callable[[bytes], bytes]) -> None:
    content, out = tmp_path / "content", tmp_path / "site"
    write_fake_content(content, 6)
    built = build_copy(content, out)
    manifest = out.parent / ".versus-cache" / out.name / "manifest"
    whole = manifest.read_bytes()
    assert whole.startswith(b"index.html\n")
    finished = manifest_time(out)
    assert finished is not None
    manifest.write_bytes(damage_it(whole))
    os.utime(manifest, ns=(finished, finished))  # as damaged in place
    lost = whole.decode().splitlines()[-1]
    (out / lost).unlink()
    (out / "index.html").unlink()
    assert build_copy(content, out) == built
    assert manifest.read_bytes() == whole


def test_a_manifest_line_naming_a_file_outside_the_output_hides_no_lost_page(
        tmp_path: Path) -> None:
    # The children stat each page from inside the output folder: an absolute path there
    # names a file elsewhere, which must not pass for the page whose line it took.
    content, out = tmp_path / "content", tmp_path / "site"
    write_fake_content(content, 6)
    built = build_copy(content, out)
    manifest = out.parent / ".versus-cache" / out.name / "manifest"
    whole = manifest.read_bytes()
    finished = manifest_time(out)
    assert finished is not None and whole.startswith(b"index.html\n")
    elsewhere = os.fsencode(content / "site.yaml")  # older than the build
    manifest.write_bytes(elsewhere + whole[len(b"index.html"):])
    os.utime(manifest, ns=(finished, finished))
    (out / "index.html").unlink()
    assert build_copy(content, out) == built
    assert manifest.read_bytes() == whole


def search_from(folder: Path, out: str) -> tuple[list[str] | None, list[str] | None]:
    """Return what the children and a thread find lost in `out`, a path from `folder`,
    searched from `folder`, the last build's page count given."""
    os.chdir(folder)
    site = Path(out)
    finished = manifest_time(site)
    assert finished is not None
    pages = len(list(read_manifest(site)))
    in_children = damage.look_for_damage(site, finished)(pages=pages)
    assert Path.cwd() == folder, "the search moved the build's own working folder"
    return in_children, damage.search_on_a_thread(site, finished)(pages=pages)


def test_an_output_folder_given_from_the_working_folder_is_searched_from_there(
        site: Path) -> None:
    # The children search from inside the output folder: a relative `--out` must still
    # name the same folder, and the manifest beside it be found.
    pages = list(read_manifest(site))
    (site / pages[7]).unlink()
    assert run_alone(search_from, site.parent, site.name) == ([pages[7]], [pages[7]])


def search_a_folder_gone(out: Path) -> tuple[list[str] | None, list[str] | None]:
    """Return what the children and a thread find lost in `out`, its pages' folder moved
    away after the last build."""
    finished = manifest_time(out)
    assert finished is not None
    out.rename(out.with_name("elsewhere"))
    pages = damage.look_for_damage(out, finished)()
    return pages, damage.search_on_a_thread(out, finished)()


def test_an_output_folder_gone_loses_every_page_and_raises_nothing(site: Path) -> None:
    every = list(read_manifest(site))
    assert len(every) > 10
    found = run_alone(search_a_folder_gone, site)
    assert found == (every, every)
