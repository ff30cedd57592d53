"""The pages' digests: a rebuild of every page trusts them only where the old file is as the
recording build left it, and writes what a cold build writes whatever the file holds."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from test_incremental import build, copy_templates, tree
from test_writer import rename_site

from versus.bench.fake import write_fake_content
from versus.engine import digests, writer
from versus.engine.options import BuildResult
from versus.engine.output import cache_folder, read_manifest, same_bytes
from versus.engine.pages import plan_pages
from versus.engine.pairs import Pairing
from versus.engine.plan import plan_key
from versus.engine.workers import PARALLEL_FROM


def digest_file(out: Path) -> Path:
    return cache_folder(out) / digests.DIGESTS


def racy(out: Path) -> set[Path]:
    """Return the pages written in the last clock tick of the build that recorded their
    digests: those are compared, as a file changed in that tick after the build would be."""
    since = digest_file(out).stat().st_mtime_ns
    return {out / p for p in read_manifest(out) if (out / p).stat().st_mtime_ns >= since}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    write_fake_content(folder, 8)
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The old pages a build read to compare them with their new bytes."""
    found: list[Path] = []

    def spy(path: Path, data: bytes) -> bool:
        found.append(path)
        return same_bytes(path, data)

    monkeypatch.setattr(digests, "same_bytes", spy)
    return found


def cold(content: Path, tmp_path: Path, **options: object) -> dict[str, bytes]:
    """Return what a build from nothing writes."""
    out = tmp_path / f"cold-{time.monotonic_ns()}"
    build(content, out, **options)
    return tree(out)


def test_a_rebuild_of_every_page_of_the_same_sizes_reads_no_old_page(
        content: Path, tmp_path: Path, reads: list[Path]) -> None:
    out = tmp_path / "site"
    build(content, out, jobs=1)
    (out / "CNAME").write_text("careers.example.org\n")
    page = sorted(out.glob("compare/*/index.html"))[0]
    (page.parent / "notes.txt").write_text("the publisher's\n")
    for name in ("Benchmarx", "Benchmark", "Benchmarx"):  # every page renders, sizes kept
        before, allowed = tree(out), racy(out)
        reads.clear()
        rename_site(content, name)
        result = build(content, out, jobs=1)
        after = tree(out)
        changed = {p for p in after if before.get(p) != after[p]}
        assert set(reads) <= allowed and len(reads) < len(before) / 4
        assert result.written == len(changed) > 0
        assert result.kept == ("CNAME", f"{page.parent.relative_to(out)}/notes.txt")
        assert after == {**cold(content, tmp_path), "CNAME": b"careers.example.org\n",
                         result.kept[1]: b"the publisher's\n"}


def test_a_rebuild_of_every_page_looks_at_no_old_page_whose_digest_differs(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Only a hand edit could have made such a page hold its new bytes, and writing it is
    # right either way: a `stat` of each of 346,556 old pages at 832 roles was spared.
    out = tmp_path / "site"
    build(content, out, jobs=1)
    looked_at: list[str] = []
    real_stat = os.stat

    def spy(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).startswith(f"{out}{os.sep}compare"):
            looked_at.append(str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    time.sleep(0.01)  # after the build's last clock tick: every digest is trusted
    before = tree(out)
    rename_site(content, "Benchmarks of every page")
    monkeypatch.setattr(os, "stat", spy)
    build(content, out, jobs=1)
    monkeypatch.undo()
    after = tree(out)
    comparisons = {p for p in after if p.startswith("compare/")}
    assert len(comparisons) > 20 and all(before[p] != after[p] for p in comparisons)
    assert looked_at == []
    assert after == cold(content, tmp_path)


def built_then_edited(content: Path, out: Path, templates: Path) -> BuildResult:
    """Build `out`, then raise a role's salary and build it again (in place); return what
    that edit did."""
    build(content, out, templates=templates, jobs=1)
    role = sorted((content / "roles").iterdir())[0]
    time.sleep(0.01)
    role.write_text(re.sub(r"yearly: \d+", "yearly: 123456", role.read_text("utf-8")), "utf-8")
    return build(content, out, templates=templates, jobs=1)


def comment_every_comparison(templates: Path) -> None:
    """Edit the comparison template: every comparison renders again, to the same bytes."""
    compare = templates / "compare.html"
    compare.write_text("{# every comparison renders again, to the same bytes #}\n"
                       + compare.read_text("utf-8"), "utf-8")


def test_pages_an_edit_wrote_in_place_are_not_written_again_by_a_walk_to_the_same_bytes(
        content: Path, tmp_path: Path, reads: list[Path]) -> None:
    # The edit recorded no digest for them: the recorded one is of their bytes before it.
    # Believed, it would differ from their new bytes, and each would be written again.
    templates, out = copy_templates(tmp_path), tmp_path / "site"
    edited = built_then_edited(content, out, templates)
    # Named before they are written: those rendered to their old bytes too.
    rewritten = (cache_folder(out) / digests.REWRITTEN).read_text().splitlines()
    assert 5 < edited.written <= len(rewritten) == len(set(rewritten))
    comment_every_comparison(templates)
    reads.clear()
    walked = build(content, out, templates=templates, jobs=1)
    assert walked.written == 0
    assert {str(out / p) for p in rewritten if p.startswith("compare/")} <= set(map(str, reads))
    assert not (cache_folder(out) / digests.REWRITTEN).exists()  # every record holds again
    assert tree(out) == cold(content, tmp_path, templates=templates)


def test_too_many_pages_written_in_place_drop_the_digests(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The list of pages written in place stays small: past its limit the digests go, and
    # the next rebuild of every page reads the old pages, as with no digests at all.
    monkeypatch.setattr(digests, "REWRITTEN_LIMIT", 200)
    out = tmp_path / "site"
    build(content, out, jobs=1)
    role = sorted((content / "roles").iterdir())[0]
    for salary in (123456, 123457, 123458):
        time.sleep(0.01)
        role.write_text(re.sub(r"yearly: \d+", f"yearly: {salary}",
                               role.read_text("utf-8")), "utf-8")
        build(content, out, jobs=1)
    assert not digest_file(out).exists()
    assert (cache_folder(out) / digests.REWRITTEN).stat().st_size <= 200 + 2000
    rename_site(content, "Benchmarx")
    build(content, out, jobs=1)
    assert digest_file(out).exists() and not (cache_folder(out) / digests.REWRITTEN).exists()
    assert tree(out) == cold(content, tmp_path)


def test_a_page_edited_after_the_build_is_written_again_though_its_digest_matches(
        content: Path, tmp_path: Path, reads: list[Path]) -> None:
    templates, out = copy_templates(tmp_path), tmp_path / "site"
    build(content, out, templates=templates, jobs=1)
    reads.clear()
    expected = tree(out)
    page = sorted(out.glob("compare/*/index.html"))[1]
    time.sleep(0.01)  # a person edits after the build, not within its last clock tick
    page.write_bytes(page.read_bytes().replace(b"<main", b"<MAIN"))  # the same size
    compare = templates / "compare.html"
    compare.write_text("{# a comment: every comparison renders, to the same bytes #}\n"
                       + compare.read_text("utf-8"), "utf-8")
    allowed = racy(out)
    result = build(content, out, templates=templates, jobs=1)
    assert tree(out) == expected
    assert result.written == 1 and page in reads  # the others were trusted, and linked
    assert set(reads) <= allowed | {page}


def test_pages_rewritten_in_place_are_compared_by_the_next_rebuild_of_every_page(
        content: Path, tmp_path: Path, reads: list[Path]) -> None:
    out = tmp_path / "site"
    build(content, out, jobs=1)
    reads.clear()
    role = sorted((content / "roles").iterdir())[0]
    time.sleep(0.01)
    role.write_text(re.sub(r"yearly: \d+", "yearly: 123456", role.read_text("utf-8")), "utf-8")
    edited = build(content, out, jobs=1)  # in place: no digest recorded for these
    assert 0 < edited.written < edited.files and reads == []
    rename_site(content, "Benchmarx")
    allowed = racy(out)
    build(content, out, jobs=1)
    assert edited.written <= len(reads) and set(reads) <= allowed  # only those, not trusted
    assert tree(out) == cold(content, tmp_path)


def damage_missing(path: Path) -> None:
    path.unlink()


def damage_truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:len(digests.HEADER) + 5 * digests.RECORD + 7])


def damage_header(path: Path) -> None:
    path.write_bytes(b"X" + path.read_bytes()[1:])


def damage_records(path: Path) -> None:
    """Records of the right shape, but each of another page or none: misaligned or garbage."""
    data = path.read_bytes()
    head, body = data[:len(digests.HEADER)], data[len(digests.HEADER):]
    records = [body[i:i + digests.RECORD] for i in range(0, len(body), digests.RECORD)]
    garbage = bytes(range(digests.RECORD))
    path.write_bytes(head + b"".join(reversed(records)) + garbage * 3)


@pytest.mark.parametrize("damage", [damage_missing, damage_truncated, damage_header,
                                    damage_records])
def test_a_damaged_digest_file_costs_reads_never_a_page(
        content: Path, tmp_path: Path, reads: list[Path], damage: object) -> None:
    out = tmp_path / "site"
    build(content, out, jobs=1)
    rename_site(content, "Benchmarx")
    allowed = racy(out)
    reads.clear()
    build(content, out, jobs=1)  # digests of the pages as they are now
    assert set(reads) <= allowed
    damage(digest_file(out))  # type: ignore[operator]
    rename_site(content, "Benchmark")
    build(content, out, jobs=1)
    assert tree(out) == cold(content, tmp_path)
    rename_site(content, "Benchmarx")  # and the digests written afresh serve again
    allowed = racy(out)
    reads.clear()
    build(content, out, jobs=1)
    assert set(reads) <= allowed and tree(out) == cold(content, tmp_path)


def records(out: Path) -> dict[str, bytes]:
    """Return the digest recorded for each page of `out`'s manifest, by output path."""
    found = digest_file(out).read_bytes()
    assert found.startswith(digests.HEADER)
    lines = list(read_manifest(out))
    assert len(found) == len(digests.HEADER) + len(lines) * digests.RECORD
    start = len(digests.HEADER)
    return {path: found[start + i * digests.RECORD:start + (i + 1) * digests.RECORD]
            for i, path in enumerate(lines)}


def test_the_digests_are_the_same_bytes_whatever_the_workers(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_fake_content(content, 42)  # 861 pairs: enough for every core to render
    outs = tmp_path / "serial", tmp_path / "parallel"
    for name in ("Benchmark", "Benchmarx"):  # from nothing, then every page again
        rename_site(content, name)
        # A page kept from its build's last clock tick has no trusted digest (`racy`): its
        # record is UNKNOWN where the clock fell so, whatever the workers.
        unsure = {str(path.relative_to(out)) for out in outs if out.exists()
                  for path in racy(out)}
        serial = build(content, outs[0], jobs=1)
        parallel = build(content, outs[1], jobs=2)
        assert serial.files == parallel.files > PARALLEL_FROM
        found, other = records(outs[0]), records(outs[1])
        assert found.keys() == other.keys()
        assert {path for path in found if found[path] != other[path]} <= unsure
        assert {path for path in found
                if digests.UNKNOWN in (found[path], other[path])} <= unsure
        assert len(unsure) < 20  # a clock tick's pages, not the site's


def test_pages_added_and_removed_leave_the_others_matched(content: Path, tmp_path: Path,
                                                          reads: list[Path]) -> None:
    out = tmp_path / "site"
    build(content, out, jobs=1)
    reads.clear()
    roles = sorted((content / "roles").iterdir())
    gone = roles[2].read_text("utf-8")
    roles[2].unlink()  # its pages sit in the middle of the old plan
    added = roles[4].with_name("aaa-first.yaml")
    added.write_text(roles[4].read_text("utf-8").replace("title: ", "title: First "), "utf-8")
    rename_site(content, "Benchmarx")
    allowed = racy(out)
    result = build(content, out, jobs=1)
    new = {out / p for p in read_manifest(out) if "aaa-first" in p}
    assert new and new <= set(reads) <= new | allowed  # only the pages it did not have
    assert result.removed > 0 and tree(out) == cold(content, tmp_path)
    roles[2].write_text(gone, "utf-8")


def test_the_plan_grows_by_its_key(content: Path) -> None:
    from versus.engine.content import load_content

    loaded = load_content(content)
    site = loaded.site
    pairing = Pairing(loaded.roles, site.pairs, site.max_pairs_per_role)
    keys = [plan_key(page.output_path) for page in plan_pages(pairing)]
    assert None not in keys and keys == sorted(keys) and len(set(keys)) == len(keys)  # type: ignore[type-var]


def test_a_digest_names_its_page(tmp_path: Path) -> None:
    assert digests.page_digest("a/index.html", b"x") != digests.page_digest("b/index.html", b"x")
    assert len(digests.page_digest("a", b"")) == digests.RECORD


def test_a_walk_that_keeps_pages_keeps_their_digests(content: Path, tmp_path: Path,
                                                    reads: list[Path]) -> None:
    out = tmp_path / "site"
    build(content, out, jobs=1)
    roles = sorted((content / "roles").iterdir())
    roles[0].with_name("zzz-last.yaml").write_text(
        roles[0].read_text("utf-8").replace("title: ", "title: Last "), "utf-8")
    untrusted = racy(out)
    added = build(content, out, jobs=1)  # the listing changed: every page is walked
    assert 0 < added.written < added.files
    found = digest_file(out).read_bytes()[len(digests.HEADER):]
    records = [found[i:i + digests.RECORD] for i in range(0, len(found), digests.RECORD)]
    lines = list(read_manifest(out))
    assert len(records) == len(lines)
    unknown = {out / p for p, r in zip(lines, records, strict=True) if r == digests.UNKNOWN}
    assert unknown <= untrusted  # every kept page's digest carried over, unless not trusted
    # A page written in the first build's last tick, then kept, still has no digest.
    allowed = racy(out) | unknown
    reads.clear()
    rename_site(content, "Benchmarx")
    build(content, out, jobs=1)
    assert set(reads) <= allowed and tree(out) == cold(content, tmp_path)


def build_counts_only_changes(content: Path, out: Path, tmp_path: Path) -> None:
    """Build `out` again: it counts as written only the files whose bytes changed, and ends
    as a build from nothing does."""
    before = tree(out)
    result = build(content, out, jobs=1)
    after = tree(out)
    assert result.written == len({p for p in after if before.get(p) != after[p]})
    assert after == cold(content, tmp_path)


def test_a_walk_in_place_stopped_half_way_leaves_no_digest_of_the_pages_it_replaced(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An output that cannot be swapped (a mount point) is walked in place: a Ctrl-C there
    # left the last walk's digests, now of old bytes, beside pages already replaced; the
    # next walk believed them and wrote those pages again, counted though the same.
    monkeypatch.setattr(writer, "can_swap", lambda out: False)
    out = tmp_path / "site"
    build(content, out, jobs=1)
    rename_site(content, "Benchmarx")
    real_write, count = writer.write_file, [0]

    def stopping(*args: object, **kwargs: object) -> bool:
        count[0] += 1
        if count[0] > 20:
            raise KeyboardInterrupt
        return real_write(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(writer, "write_file", stopping)
    with pytest.raises(KeyboardInterrupt):
        build(content, out, jobs=1)
    monkeypatch.setattr(writer, "write_file", real_write)
    build_counts_only_changes(content, out, tmp_path)


def test_a_walk_stopped_after_its_swap_leaves_no_digest_of_the_old_site(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Between the swap and the new digests (a full disk as the carried files are recorded,
    # a kill), the old digests described a site no longer there.
    out = tmp_path / "site"
    build(content, out, jobs=1)
    rename_site(content, "Benchmarx")

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "keep_carried", full)
    with pytest.raises(OSError, match="No space"):
        build(content, out, jobs=1)
    monkeypatch.undo()
    build_counts_only_changes(content, out, tmp_path)


def test_one_edit_naming_more_pages_than_the_limit_drops_the_digests(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The size is looked at as the list is opened: one build may take it past its limit,
    # and the names past it were not read, their pages' old records believed.
    monkeypatch.setattr(digests, "REWRITTEN_LIMIT", 200)
    templates, out = copy_templates(tmp_path), tmp_path / "site"
    edited = built_then_edited(content, out, templates)
    assert (cache_folder(out) / digests.REWRITTEN).stat().st_size > 1000
    assert edited.written > 20
    comment_every_comparison(templates)
    assert build(content, out, templates=templates, jobs=1).written == 0
    assert tree(out) == cold(content, tmp_path, templates=templates)


def test_a_list_that_cannot_be_emptied_leaves_no_file_open(tmp_path: Path) -> None:
    # The preview lives on through failed builds: an error as the full list is emptied
    # (its digests a folder) left its descriptor open, one more each edit.
    out = tmp_path / "site"
    folder = cache_folder(out)
    folder.mkdir(parents=True)
    (folder / digests.REWRITTEN).write_bytes(b"x\n" * (digests.REWRITTEN_LIMIT // 2 + 1))
    (folder / digests.DIGESTS).mkdir()
    before = len(list(Path("/proc/self/fd").iterdir()))
    for _ in range(3):
        with pytest.raises(IsADirectoryError):
            digests.Rewritten(out).add("index.html")
    assert len(list(Path("/proc/self/fd").iterdir())) == before
