"""A rebuild with nothing to do is told by the last build's fingerprint (engine/unchanged.py):
every change a build would see still makes a build, and its pages are a cold build's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from test_forked import children, run_alone

from versus.bench.fake import write_fake_content
from versus.engine import build as build_module
from versus.engine import damage, forked, hashing
from versus.engine.damage import Search
from versus.engine.errors import ContentError
from versus.engine.guard import guarded_build
from versus.engine.options import BuildOptions, BuildResult, Shard
from versus.engine.output import cache_folder
from versus.engine.unchanged import GATE, read_gate, unchanged_build

ROOT = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def copy_folder(source: Path, target: Path) -> Path:
    target.mkdir()
    for path in source.iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    return target


class Site:
    """A content folder with its own templates and static files, built through the guard
    (as the command line builds), counting the builds that went past the fingerprint."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tmp = tmp_path
        self.content = tmp_path / "content"
        write_fake_content(self.content, 5)
        self.options = BuildOptions(
            content=self.content, out=tmp_path / "site", jobs=1,
            templates=copy_folder(ROOT / "templates", tmp_path / "templates"),
            static=copy_folder(ROOT / "static", tmp_path / "static"))
        self.builds = 0
        self.monkeypatch = monkeypatch
        self.engine = build_module.build_site  # the engine, uncounted

        def counted(*args: object, **kwargs: object) -> BuildResult:
            self.builds += 1
            return self.engine(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(build_module, "build_site", counted)

    def build(self) -> BuildResult:
        return guarded_build(self.options)

    def cold(self) -> dict[str, bytes]:
        """Return the pages of a build of the same inputs into a new folder."""
        out = self.tmp / f"cold{self.builds}"
        self.engine(self.options._replace(out=out))
        return tree(out)

    @property
    def out(self) -> Path:
        return self.options.out

    @property
    def role(self) -> Path:
        return sorted((self.content / "roles").glob("*.yaml"))[2]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    made = Site(tmp_path, monkeypatch)
    made.build()
    return made


def same_time(path: Path, change: Callable[[], object]) -> None:
    """Make `change` to `path`, then give it back its time: a change only bytes tell."""
    st = path.stat()
    change()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_noop_says_what_a_build_would_and_builds_nothing(site: Site) -> None:
    built = site.engine(site.options)  # a rebuild with nothing to do, by the engine
    manifest = cache_folder(site.out) / "manifest"
    before, moved = tree(site.out), manifest.stat().st_mtime_ns
    told = site.build()
    assert site.builds == 1  # the fixture's only
    assert told._replace(seconds=0) == built._replace(seconds=0)
    assert told.written == told.removed == 0 and told.files == len(before)
    assert tree(site.out) == before
    assert manifest.stat().st_mtime_ns >= moved  # as a rebuild, it vouches for the pages


def edit_role(site: Site) -> None:
    role = site.role
    text = role.read_bytes()
    assert b"plans it" in text
    same_time(role, lambda: role.write_bytes(text.replace(b"plans it", b"plans IT")))


def edit_settings(site: Site) -> None:
    path = site.content / "site.yaml"
    path.write_text(path.read_text().replace("name: ", "name: Other "), "utf-8")


def edit_template(site: Site) -> None:
    path = site.options.templates / "404.html"
    same_time(path, lambda: path.write_text(
        path.read_text().replace("Page not found", "Page not here"), "utf-8"))


def edit_static(site: Site) -> None:
    path = site.options.static / "style.css"
    path.write_text(path.read_text() + "\nmain { margin: 0; }\n", "utf-8")


def add_root_file(site: Site) -> None:
    (site.content / "root").mkdir()
    (site.content / "root" / "CNAME").write_text("versus.example\n", "utf-8")


def add_role(site: Site) -> None:
    (site.content / "roles" / "data-analyst.yaml").write_text(
        "title: Data Analyst\ncategory: Operations\n", "utf-8")


def remove_role(site: Site) -> None:
    site.role.unlink()


def damage_page(site: Site) -> None:
    page = next(site.out.glob("compare/*/index.html"))
    page.write_text("vandalised", "utf-8")


def lose_page(site: Site) -> None:
    next(site.out.glob("roles/*/index.html")).unlink()


def damage_static_file(site: Site) -> None:
    path = site.out / "static" / "style.css"
    same_time(path, lambda: path.write_bytes(b"/* not ours */" + path.read_bytes()[14:]))


def lose_state(site: Site) -> None:
    (cache_folder(site.out) / "state.json").unlink()


def upgrade_engine(site: Site) -> None:
    (cache_folder(site.out) / "engine").unlink()  # the memo: the hash is made again...
    site.monkeypatch.setattr(hashing, "made_engine_digest", lambda: "another engine")


CHANGES = [edit_role, edit_settings, edit_template, edit_static, add_root_file, add_role,
           remove_role, damage_page, lose_page, damage_static_file, lose_state,
           upgrade_engine]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_every_change_a_build_sees_still_makes_a_build(site: Site,
                                                       change: Callable[[Site], None]) -> None:
    change(site)
    site.build()
    assert site.builds == 2
    assert tree(site.out) == site.cold()
    site.build()
    assert site.builds == 2  # and then the fingerprint is the new build's


@pytest.mark.parametrize("text", ["", "garbage", "1\nabc\ndef\nghi\n1 2 3\n",
                                  "2\na\nb\nc\n1 2 3 x\n", "1\na\nb\nc\n1 2 3 4\n"])
def test_a_fingerprint_that_does_not_read_means_a_build(site: Site, text: str) -> None:
    (cache_folder(site.out) / GATE).write_text(text, "ascii")
    assert read_gate(cache_folder(site.out) / GATE) is None
    result = site.build()
    assert site.builds == 2 and result.written == 0
    assert tree(site.out) == site.cold()


@pytest.mark.parametrize("line", [1, 3])  # inputs, cache: not the frame
def test_a_fingerprint_of_other_inputs_means_a_build(site: Site, line: int) -> None:
    path = cache_folder(site.out) / GATE
    lines = path.read_text("ascii").split("\n")
    lines[line] = "0" * len(lines[line])
    path.write_text("\n".join(lines), "ascii")
    site.build()
    assert site.builds == 2


def edit_compare_template(site: Site) -> None:
    path = site.options.templates / "base.html"  # which compare.html extends
    path.write_text(path.read_text() + "{# another comment #}\n", "utf-8")


@pytest.mark.parametrize("change", [*CHANGES[:8], upgrade_engine, edit_compare_template],
                         ids=lambda change: change.__name__)
def test_the_noop_check_hands_its_search_on_unless_every_page_is_likely_to_render(
        site: Site, change: Callable[[Site], None]) -> None:
    change(site)
    searches: list[Search] = []
    before = children()
    assert unchanged_build(site.options, {}, searches) is None
    # A role file's text, the 404 template, a root file: a few pages render, after a search.
    assert len(searches) == (change in (edit_role, edit_template, add_root_file))
    for search in searches:
        assert search.result() == []
    assert children() <= before


@pytest.mark.parametrize("change", [edit_template, add_root_file],
                         ids=lambda change: change.__name__)
def test_a_build_whose_search_the_noop_check_stopped_still_finds_a_lost_page(
        site: Site, change: Callable[[Site], None]) -> None:
    lose_page(site)
    change(site)  # no page but the 404 (or none) renders: the lost page is found by a search
    result = site.build()
    assert result.written <= 2
    assert tree(site.out) == site.cold()


def test_a_build_that_fails_leaves_no_fingerprint(site: Site) -> None:
    role = site.role
    text = role.read_bytes()
    role.write_text("title: [unclosed\n", "utf-8")
    with pytest.raises(ContentError):
        site.build()
    assert not (cache_folder(site.out) / GATE).exists()
    role.write_bytes(text)  # back as the output is: still a build, then none
    site.build()
    site.build()
    assert site.builds == 3


def test_a_link_among_the_role_files_means_a_build(site: Site) -> None:
    target = site.role
    moved = target.with_name("elsewhere.txt~")  # ignored by the build, a link's target
    target.rename(moved)
    target.symlink_to(moved.name)
    site.build()
    site.build()
    assert site.builds == 3  # the link is looked at by every build
    assert tree(site.out) == site.cold()


def test_an_output_folder_that_is_a_link_stays_one_through_a_full_build(site: Site) -> None:
    # site -> /var/www/site: a full build renamed its staged folder onto the link itself,
    # which became a folder, and failed, its cache looked for beside the link's target.
    real, link = site.tmp / "real", site.tmp / "link"
    real.mkdir()
    link.symlink_to(real.name)
    site.options = site.options._replace(out=link)
    site.build()
    edit_settings(site)  # every page again: staged, then put in the output's place
    site.build()
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert tree(real) == site.cold()


def test_another_shard_is_another_fingerprint(site: Site) -> None:
    site.options = site.options._replace(shard=Shard(1, 2))
    site.build()
    assert site.builds == 2


def test_the_command_line_noop_imports_neither_msgspec_nor_the_engine(tmp_path: Path) -> None:
    content, out = tmp_path / "content", tmp_path / "site"
    write_fake_content(content, 4)
    probe = [sys.executable, "-c", "import sys; from versus.authoring.cli import main; "
             "main(sys.argv[1:]); print(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('msgspec', 'yaml', 'jinja2') or m == 'versus.engine.build'))",
             "--content", str(content), "--out", str(out), "-q"]
    first = subprocess.run(probe, cwd=ROOT, check=True, capture_output=True, text=True)
    assert "'msgspec'" in first.stdout
    again = subprocess.run(probe, cwd=ROOT, check=True, capture_output=True, text=True)
    assert again.stdout == "[]\n"


@pytest.mark.parametrize("first, then", [((1, 2), (2, 2)), ((2, 2), (1, 1)),
                                         ((1, 1), (1, 2))])
def test_another_shard_into_the_same_folder_is_that_shards_cold_build(
        site: Site, first: tuple[int, int], then: tuple[int, int]) -> None:
    # The last build's state knew which pages changed, not which shard wrote the folder:
    # 2/2 after 1/2 rendered none of its own pages, and a full build after it had half.
    site.engine(site.options._replace(shard=Shard(*first)))
    site.options = site.options._replace(shard=Shard(*then))
    site.build()
    assert site.builds == 2
    assert tree(site.out) == site.cold()


def test_an_engine_file_edited_in_place_keeping_size_and_time_is_another_engine(
        tmp_path: Path) -> None:
    # The engine's hash is kept under its files' size, time and inode: an edit that keeps
    # all three (a write in place, then `touch -r`) must still make it again.
    shutil.copytree(ROOT / "versus" / "engine", tmp_path / "versus" / "engine",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "versus" / "__init__.py").write_text("")
    probe = [sys.executable, "-c", "import sys; from pathlib import Path; from "
             "versus.engine.hashing import engine_digest; print(engine_digest(Path(sys.argv[1])))",
             str(tmp_path / "memo")]
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}

    def engine() -> str:
        return subprocess.run(probe, check=True, capture_output=True, text=True, env=env,
                              cwd=tmp_path).stdout

    before = engine()
    source = tmp_path / "versus" / "engine" / "charts.py"

    def overwrite() -> None:
        with source.open("r+b") as handle:  # same size, same inode
            handle.write(b"#")

    same_time(source, overwrite)
    assert engine() != before


@pytest.mark.parametrize("damage", ["delete", "truncate"])
def test_a_rebuild_of_lost_pages_counts_the_sites_bytes_as_a_cold_build(
        site: Site, damage: str) -> None:
    # A lost page's bytes were counted once in the last build's total and again when
    # made again: every rebuild after said 1.5 MiB of a 0.8 MiB site.
    for page in sorted((site.out / "compare").rglob("*.html"))[:3]:
        page.unlink() if damage == "delete" else page.write_bytes(b"")
    told = site.build()
    assert site.builds == 2
    assert told.written == 3
    cold = site.engine(site.options._replace(out=site.tmp / "cold"))
    assert told.bytes == cold.bytes
    assert site.build().bytes == cold.bytes  # and the no-op says so too


@pytest.mark.parametrize("damage", [b"comp\xffare/x/index.html\n", b"a\0b\n",
                                    b"compare/\0\xff/index.html\n\0\0"])
def test_a_damaged_manifest_line_is_a_lost_page_not_a_traceback(
        site: Site, damage: bytes) -> None:
    # Bytes that are not UTF-8, or a NUL, stopped every build with a UnicodeDecodeError or
    # "embedded null character" from the look for damaged pages.
    page = sorted((site.out / "compare").rglob("*.html"))[0]
    page.unlink()
    with (cache_folder(site.out) / "manifest").open("ab") as handle:
        handle.write(damage)
    told = site.build()
    assert told.written == 1
    assert tree(site.out) == site.cold()
    assert site.build().written == 0


@pytest.mark.parametrize("line", [b"\n" * 11, b"404.html\n\n\n"])
def test_a_manifest_damaged_in_place_hides_no_lost_page_from_the_noop_check(
        site: Site, line: bytes) -> None:
    # Its size and inode kept (all the fingerprint tells of it) and index.html's line
    # blanked or made another page's: the check found every page it still names as built.
    manifest = cache_folder(site.out) / "manifest"
    with manifest.open("r+b") as handle:
        assert handle.read(11) == b"index.html\n"
        handle.seek(0)
        handle.write(line)
    (site.out / "index.html").unlink()
    site.build()
    assert site.builds == 2
    assert tree(site.out) == site.cold()
    assert manifest.read_bytes().startswith(b"index.html\n")


class CountedChild:
    """Count the searches for damaged pages forked (`damage.look_for_damage`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch | None = None) -> None:
        self.forked = 0
        real = damage.Child

        def counted(*args: object) -> object:
            self.forked += 1
            return real(*args)  # type: ignore[arg-type]

        if monkeypatch is None:  # a process of its own (`run_alone`)
            damage.Child = counted  # type: ignore[assignment,misc]
        else:
            monkeypatch.setattr(damage, "Child", counted)


def searches_of_a_build(options: BuildOptions, change: str) -> tuple[int, str, bool]:
    """Build, then make `change` ("edit": a page lost by hand and a role edited; "break": a
    role file that does not parse) and build through the guard again, as the command line
    does; return how many searches for damaged pages were forked, the error raised, and
    whether the build left no child process behind."""
    guarded_build(options)
    searches = CountedChild()
    role = sorted((options.content / "roles").glob("*.yaml"))[2]
    if change == "edit":
        next(options.out.glob("compare/*/index.html")).unlink()  # found by the search
        role.write_text(role.read_text().replace("yearly: ", "yearly: 1", 1))
    else:
        role.write_text("title: [unclosed\n")
    before = children()
    try:
        guarded_build(options)
    except ContentError as error:
        return searches.forked, str(error), children() <= before
    return searches.forked, "", children() <= before


def test_an_edit_waits_for_the_search_the_noop_check_began_and_begins_none(
        site: Site) -> None:
    options = site.options._replace(out=site.tmp / "alone")
    assert run_alone(searches_of_a_build, options, "edit") == (1, "", True)
    assert tree(options.out) == site.cold()


def test_a_build_that_fails_after_the_noop_check_began_a_search_leaves_no_child(
        site: Site) -> None:
    options = site.options._replace(out=site.tmp / "alone")
    assert run_alone(searches_of_a_build, options, "break") == (1, "1 problem(s)", True)


def interrupted(child: forked.Child[object]) -> object:
    """Stand for `Child.result` stopped by a Ctrl-C while it reads the child's answer."""
    os.close(child.pipe)  # as `read_all` does on its way out
    child.pipe = -1
    raise KeyboardInterrupt


def a_noop_check_interrupted(options: BuildOptions) -> tuple[int, bool, bool]:
    """Build, then build again with nothing changed, a Ctrl-C coming while the no-op check
    waits for its search; return how many searches were forked, whether the Ctrl-C came
    through, and whether the build left no child process behind."""
    guarded_build(options)
    searches = CountedChild()
    forked.Child.result = interrupted  # type: ignore[method-assign,assignment]
    before = children()
    try:
        guarded_build(options)
    except KeyboardInterrupt:
        return searches.forked, True, children() <= before
    return searches.forked, False, children() <= before


def test_a_noop_check_stopped_while_it_waits_for_its_search_leaves_no_child(
        site: Site) -> None:
    options = site.options._replace(out=site.tmp / "alone")
    assert run_alone(a_noop_check_interrupted, options) == (1, True, True)


def test_pages_lost_are_found_on_a_thread_when_the_build_may_not_fork(
        site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    searches = CountedChild(monkeypatch)
    pages = sorted(site.out.glob("compare/*/index.html"))
    pages[0].unlink()
    pages[1].write_text("altered by hand")
    release = threading.Event()
    beside = threading.Thread(target=release.wait)  # as the preview's server threads
    beside.start()
    builds = site.builds
    try:
        site.build()
    finally:
        release.set()
        beside.join()
    assert searches.forked == 0 and site.builds == builds + 1
    assert tree(site.out) == site.cold()
