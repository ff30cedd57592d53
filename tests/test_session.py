"""The preview's builds: what a session keeps between them, and an output watched rather
than looked at by every build, never change a byte of what a clean build writes."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from versus.authoring.watch import OutputScan
from versus.bench.fake import write_fake_content
from versus.engine import thin, workers
from versus.engine.build import BuildOptions, BuildResult, build_site
from versus.engine.damage import iter_damaged
from versus.engine.model import ContentError, Role
from versus.engine.output import manifest_time
from versus.engine.pairs import Pairing
from versus.engine.prepare import PreparedRole
from versus.engine.session import OpenPages, Session
from versus.engine.watched import WatchedOutput

ROOT = Path(__file__).resolve().parent.parent
TICK = 0.05  # longer than the file system clock's step: a file changed now is newer than a build


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text("utf-8")
    new = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert new != text
    path.write_text(new, "utf-8")


class Preview:
    """The builds of one preview: the same session each time, as `serve` runs them."""

    def __init__(self, content: Path, out: Path, templates: Path, static: Path) -> None:
        self.options = BuildOptions(content=content, out=out, templates=templates,
                                    static=static)
        self.output = WatchedOutput(out)
        self.session = Session(self.output, parallel_from=400)

    def build(self) -> BuildResult:
        return build_site(self.options, session=self.session)

    def cold(self, out: Path) -> dict[str, bytes]:
        """Return the tree a clean build without any session writes into `out`."""
        shutil.rmtree(out, ignore_errors=True)
        build_site(BuildOptions(content=self.options.content, out=out,
                                templates=self.options.templates, static=self.options.static))
        return tree(out)


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    content, templates, static = tmp_path / "content", tmp_path / "templates", tmp_path / "static"
    write_fake_content(content, 12)
    shutil.copytree(ROOT / "templates", templates)
    shutil.copytree(ROOT / "static", static)
    return Preview(content, tmp_path / "site", templates, static)


def test_every_build_of_a_session_writes_what_a_clean_build_does(
        preview: Preview, tmp_path: Path) -> None:
    out, clean = preview.options.out, tmp_path / "clean"
    roles = sorted((preview.options.content / "roles").glob("*.yaml"))
    changes: list[tuple[Path, str, str]] = [
        (roles[3], r"^  yearly: (\d+)", r"  yearly: 1\1"),  # its pages only
        (roles[3], r"^title: .*", "title: Night Auditor"),  # others link to it
        (roles[5], r"^- name: .*", "- name: Juggling"),  # which roles are related
        (preview.options.templates / "_parts.html", r"</h2>", "</h2>\n"),
        (preview.options.content / "site.yaml", r"^name: .*", "name: Other"),
        (preview.options.static / "style.css", r"^", "/* new */\n")]
    preview.build()
    for path, pattern, replacement in changes:
        edit(path, pattern, replacement)
        preview.build()
        assert tree(out) == preview.cold(clean)
    roles[7].unlink()
    preview.build()
    assert tree(out) == preview.cold(clean)


def test_a_role_edited_then_broken_then_fixed(preview: Preview, tmp_path: Path) -> None:
    out, clean = preview.options.out, tmp_path / "clean"
    role = sorted((preview.options.content / "roles").glob("*.yaml"))[4]
    preview.build()
    edit(role, r"^title: .*", "title: Night Auditor")
    preview.build()
    built, good = tree(out), role.read_text("utf-8")
    edit(role, r"^  yearly: \d+", "  yearly: lots")
    line = 1 + role.read_text("utf-8").split("\n").index("  yearly: lots")
    with pytest.raises(ContentError) as error:
        preview.build()
    assert [(p.path, p.line, p.field) for p in error.value.problems] == [
        (str(role), line, "salary.yearly")]
    assert tree(out) == built  # nothing written
    role.write_text(good.replace("title: Night Auditor", "title: Day Auditor"), "utf-8")
    preview.build()
    assert tree(out) == preview.cold(clean)
    role.write_text(good, "utf-8")  # back as it was before it broke
    preview.build()
    assert tree(out) == built


def test_a_page_changed_by_hand_is_left_to_the_scan_and_never_lost(preview: Preview) -> None:
    out = preview.options.out
    roles = sorted((preview.options.content / "roles").glob("*.yaml"))
    preview.build()
    expected = tree(out)
    time.sleep(TICK)
    page = "compare/" + sorted(p.name for p in (out / "compare").iterdir())[0] + "/index.html"
    assert roles[11].stem not in page
    (out / page).write_text("changed by hand", "utf-8")
    edit(roles[11], r"^  major: .*", "  major: History")  # its pages only
    preview.build()  # trusts the output: looks at no page it does not render
    assert (out / page).read_text("utf-8") == "changed by hand"
    # ... but leaves the manifest's time as it was: a build with no session still sees it
    assert page in set(iter_damaged(out, manifest_time(out) or 0))
    scan = OutputScan(preview.output)
    found = next(filter(None, (scan.step() for _ in range(100))))
    assert found == str(out / page)
    preview.build()  # as the scan sets off: looking at every page
    assert (out / page).read_bytes() == expected[page]


def test_a_clean_scan_moves_the_manifest_time_past_the_previews_own_pages(
        preview: Preview) -> None:
    out = preview.options.out
    role = sorted((preview.options.content / "roles").glob("*.yaml"))[2]
    preview.build()
    edit(role, r"^  major: .*", "  major: History")
    preview.build()
    newer = set(iter_damaged(out, manifest_time(out) or 0))
    assert len(newer) == 12 and newer <= preview.output.ours.keys()  # its page, 11 comparisons
    time.sleep(TICK)
    scan = OutputScan(preview.output)
    before = manifest_time(out)
    while scan.step() is None and scan.pages is not None:
        pass
    assert (manifest_time(out) or 0) > (before or 0) and not preview.output.ours
    assert list(iter_damaged(out, manifest_time(out) or 0)) == []
    assert preview.output.trusts(manifest_time(out))


def test_a_scan_across_a_build_moves_nothing(preview: Preview) -> None:
    out = preview.options.out
    role = sorted((preview.options.content / "roles").glob("*.yaml"))[2]
    preview.build()
    scan = OutputScan(preview.output)
    assert scan.begin()
    edit(role, r"^  major: .*", "  major: History")
    preview.build()
    finished = manifest_time(out)
    preview.output.all_seen(scan.started, scan.builds)  # begun before that build
    assert manifest_time(out) == finished and len(preview.output.ours) >= 12


def test_a_build_by_another_process_ends_the_trust(preview: Preview) -> None:
    out = preview.options.out
    preview.build()
    assert preview.output.trusts(manifest_time(out))
    build_site(preview.options)  # as `build.py` on the same folder
    assert not preview.output.trusts(manifest_time(out))
    time.sleep(TICK)
    (out / "index.html").write_text("changed by hand", "utf-8")
    preview.build()  # looks at every page again
    assert (out / "index.html").read_text("utf-8") != "changed by hand"


def test_kept_roles_and_parts_are_used_again(preview: Preview,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from versus.engine import prepare
    preview.build()
    renderer = preview.session.kept_renderer
    assert renderer is not None
    parts = dict(renderer._parts)
    prepared: list[str] = []
    original = prepare.prepare_role

    def prepare_role(role: Role, urls: Mapping[str, str]) -> PreparedRole:
        prepared.append(role.slug)
        return original(role, urls)

    monkeypatch.setattr(prepare, "prepare_role", prepare_role)
    shutil.rmtree(preview.options.out.parent / ".versus-cache/site/prepared")  # kept in memory
    role = sorted((preview.options.content / "roles").glob("*.yaml"))[2]
    edit(role, r"^  major: .*", "  major: History")
    preview.build()
    assert prepared == [role.stem]
    assert preview.session.kept_renderer is not None
    assert preview.session.kept_renderer.templates is renderer.templates
    kept = preview.session.kept_renderer._parts
    assert kept.keys() == parts.keys() and kept[role.stem] is not parts[role.stem]
    assert all(kept[slug] is parts[slug] for slug in parts if slug != role.stem)


def test_a_session_renders_few_pages_in_its_own_process(
        preview: Preview, monkeypatch: pytest.MonkeyPatch) -> None:
    preview.build()
    monkeypatch.setattr(workers, "render_in_pool", lambda *args, **kwargs: pytest.fail(
        "workers started for one role's pages"))
    role = sorted((preview.options.content / "roles").glob("*.yaml"))[2]
    edit(role, r"^  major: .*", "  major: History")
    assert preview.build().written == 12


def test_a_salary_edited_keeps_the_count_of_thin_pages(
        preview: Preview, monkeypatch: pytest.MonkeyPatch) -> None:
    from versus.engine import build as build_module
    counted = preview.build().thin
    counts: list[int] = []

    def count_thin(roles: Sequence[Role], pairing: Pairing, minimum: int) -> int:
        counts.append(1)
        return thin.count_thin(roles, pairing, minimum)

    monkeypatch.setattr(build_module, "count_thin", count_thin)
    role = sorted((preview.options.content / "roles").glob("*.yaml"))[2]
    edit(role, r"^  yearly: (\d+)", r"  yearly: 1\1")
    assert build_site(preview.options).thin == counted and counts == []
    edit(role, r"^  yearly: .*\n", "")  # a figure fewer: some pairs may now be thin
    build_site(preview.options)
    assert counts == [1]


def test_the_notifier_tells_of_a_save(tmp_path: Path) -> None:
    import select

    from versus.authoring.notify import Notifier

    notifier = Notifier()
    if notifier.fd is None:
        pytest.skip("no inotify here")
    notifier.watch([tmp_path])
    assert select.select([notifier.fd], [], [], 0)[0] == []
    (tmp_path / "role.yaml").write_text("title: X\n", "utf-8")
    assert select.select([notifier.fd], [], [], 1)[0] == [notifier.fd]
    notifier.drain()
    assert select.select([notifier.fd], [], [], 0)[0] == []
    os.utime(tmp_path / "role.yaml", (0, 0))  # as `cp -p` sets a file's times
    assert select.select([notifier.fd], [], [], 1)[0] == [notifier.fd]
    notifier.close()


class Recorder:
    """Open pages for a session, recording what the output held when it said they were
    written."""

    def __init__(self, out: Path, paths: set[str]) -> None:
        self.out, self.open = out, frozenset(paths)
        self.told: list[list[str]] = []
        self.seen: dict[str, bytes] = {}  # the output as it was then

    def written(self, paths: list[str]) -> None:
        self.told.append(paths)
        self.seen = tree(self.out)


def open_in(preview: Preview, recorder: Recorder) -> None:
    preview.session.open_pages = OpenPages(lambda: recorder.open, recorder.written)


def raise_salary(role: Path) -> None:
    """Add a dollar to the role's salary: its pages change, no role's standing does."""
    text = role.read_text("utf-8")
    found = re.search(r"(?m)^  yearly: (\d+)", text)
    assert found is not None
    role.write_text(text[:found.start(1)] + str(int(found[1]) + 1) + text[found.end(1):],
                    "utf-8")


def test_the_open_page_is_written_first_and_the_rest_after_it(
        preview: Preview, tmp_path: Path) -> None:
    out = preview.options.out
    role = sorted((preview.options.content / "roles").glob("*.yaml"))[3]
    shown = f"roles/{role.stem}/index.html"
    preview.build()
    before = tree(out)
    other = sorted(p for p in before if p.startswith("roles/") and role.stem not in p)[0]
    recorder = Recorder(out, {shown, other, "roles/no-such-role/index.html"})
    open_in(preview, recorder)
    raise_salary(role)  # its page and its 11 comparisons
    preview.build()
    after = tree(out)
    assert after == preview.cold(tmp_path / "clean")
    assert after[other] == before[other]
    assert recorder.told == [[shown]]  # not the other role's page, unchanged
    changed = sorted(p for p in after if after[p] != before[p])
    assert shown in changed and len(changed) > 10
    # when told, the open page was as the build ends, and every other was as before it
    assert recorder.seen[shown] == after[shown]
    assert all(recorder.seen[p] == before[p] for p in changed if p != shown)


def test_an_open_page_the_edit_leaves_as_it_was_is_not_rendered_first(
        preview: Preview, tmp_path: Path) -> None:
    roles = sorted((preview.options.content / "roles").glob("*.yaml"))
    preview.build()
    pairs = sorted((preview.options.out / "compare").iterdir())
    other = next(p.name for p in pairs if roles[3].stem not in p.name)
    recorder = Recorder(preview.options.out, {f"compare/{other}/index.html"})
    open_in(preview, recorder)
    raise_salary(roles[3])
    preview.build()
    assert recorder.told == []
    assert tree(preview.options.out) == preview.cold(tmp_path / "clean")


def test_no_page_is_shown_first_from_a_build_that_fails(preview: Preview) -> None:
    out, content = preview.options.out, preview.options.content
    role = sorted((content / "roles").glob("*.yaml"))[3]
    preview.build()
    recorder = Recorder(out, {f"roles/{role.stem}/index.html"})
    open_in(preview, recorder)
    built = tree(out)
    raise_salary(role)
    (content / "root").mkdir()
    (content / "root" / "index.html").write_text("<p>mine</p>", "utf-8")
    with pytest.raises(ContentError) as error:
        preview.build()  # the root file is checked before any page renders
    assert "may not replace it" in error.value.problems[0].message
    (content / "root" / "index.html").unlink()
    edit(role, r"^  yearly: \d+", "  yearly: lots")
    with pytest.raises(ContentError):
        preview.build()
    assert recorder.told == [] and tree(out) == built
