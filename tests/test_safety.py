"""The output folder is safe: one build at a time, sensible folders, workers that die with their
build, and operating-system failures that end in one line with the old site whole."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from versus.bench.fake import write_fake_content
from versus.engine import output
from versus.engine.build import BuildOptions
from versus.engine.errors import BusyError, OutputError
from versus.engine.guard import guarded_build
from versus.engine.layout import layout_problem
from versus.engine.lock import Holder, output_lock, parse_holder

ROOT = Path(__file__).resolve().parent.parent
BUILD = [sys.executable, str(ROOT / "build.py")]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BUILD, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """Return a content folder large enough that two builds of it overlap (3,160 pairs)."""
    write_fake_content(tmp_path / "content", 80)
    return tmp_path / "content"


@pytest.fixture
def long(tmp_path: Path) -> Path:
    """Return a content folder whose build lasts seconds (19,900 pairs), so that a signal
    sent on seeing its workers lands mid-render even on a loaded machine."""
    write_fake_content(tmp_path / "content", 200)
    return tmp_path / "content"


# One build per output folder


def test_two_builds_at_once_both_finish_and_leave_a_whole_site(tmp_path: Path,
                                                               big: Path) -> None:
    command = [*BUILD, "--content", str(big), "--out", str(tmp_path / "site")]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until(lambda: (tmp_path / ".versus-cache/site/staging").exists())
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    outputs = [p.communicate(timeout=300) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert f"Waiting for process {first.pid} (" in outputs[1][1]
    assert "Traceback" not in outputs[0][1] + outputs[1][1]
    subprocess.run([*command[:-1], str(tmp_path / "clean"), "-q"], check=True)
    assert tree(tmp_path / "site") == tree(tmp_path / "clean")


def test_a_build_told_not_to_wait_names_the_holder_in_one_line(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with output_lock(out):
        result = run("--content", str(ROOT / "content"), "--out", str(out), "--no-wait",
                     cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"is being built by process {os.getpid()} (" in result.stderr
    assert not out.exists()


def test_the_lock_is_one_holder_at_a_time_within_a_process_too(tmp_path: Path) -> None:
    out = tmp_path / "site"
    told: list[Holder] = []
    with (output_lock(out), pytest.raises(BusyError, match=r"is being built by process \d+"),
          output_lock(out, wait=False, on_wait=told.append)):
        pass
    with output_lock(out, wait=False):  # released: free again
        pass
    assert told == []


def test_a_lock_file_names_its_holder() -> None:
    assert parse_holder("123\nbuild.py serve\n") == Holder(123, "build.py serve")
    assert str(parse_holder("")) == "another process"


def default_ctrl_c() -> None:
    """Give Ctrl-C its default disposition in a child about to run a command."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def children(pid: int) -> list[int]:
    """Return the pids whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def is_alive(pid: int) -> bool:
    """Return whether `pid` runs (a zombie, dead but not yet reaped, does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.parametrize(("site", "forked"), [
    ("big", 1),  # 3,160 pairs: one bare forked child renders half (`workers.render_forked`)
    ("long", 2),  # 19,900 pairs: a pool of two workers
])
def test_no_worker_outlives_a_build_killed_with_sigkill(
        tmp_path: Path, site: str, forked: int, request: pytest.FixtureRequest) -> None:
    out = tmp_path / "site"
    content = request.getfixturevalue(site)
    command = [*BUILD, "--content", str(content), "--out", str(out), "--jobs", "2", "-q"]
    process = subprocess.Popen(command)
    wait_until(lambda: len(children(process.pid)) >= forked or process.poll() is not None)
    workers = children(process.pid)
    assert process.poll() is None and len(workers) >= forked, "the build ended before the test"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    wait_until(lambda: not any(is_alive(w) for w in workers), seconds=5)
    # the killed build's lock is free at once: no stale lock to wait for or to remove
    assert subprocess.run([*command, "--no-wait"], check=False).returncode == 0


# Builds killed while writing in the output itself

# Runs build.py, killing it and its workers (`kill -9` of its process group) when one of
# them is about to put in place its `at`-th file whose path matches `where`, a regular
# expression (one process counting its own files): that file is written in full
# beside its page, as `.tmp-<pid>-<n>`, the state a kill or a power cut leaves. Patched here
# in the process under test, so that no build ever reads such a switch. `no-swap` makes the
# output a folder that cannot be swapped (a mount point): every page is rewritten in place.
KILLED_AT_WRITE = """
import os, re, runpy, signal, sys
build, where, at, swap, *arguments = sys.argv[1:]
replace, done = os.replace, [0]

def replace_or_die(source, destination):
    if re.match(where, os.fspath(destination)):
        done[0] += 1
        if done[0] == int(at):
            os.killpg(0, signal.SIGKILL)
    replace(source, destination)

os.replace = replace_or_die
if swap == "no-swap":
    from versus.engine import writer
    writer.can_swap = lambda out: False
sys.argv = [build, *arguments]
runpy.run_path(build, run_name="__main__")
"""


def build_killed_at_write(content: Path, out: Path, at: int, *options: str, where: str = "",
                          swap: bool = True) -> list[str]:
    """Run a build of `content` into `out` killed at its `at`-th file put in place in `out`
    (or whose path matches `where`); return the temporary files it left in `out`."""
    where = where or re.escape(f"{out}{os.sep}")
    command = [sys.executable, "-c", KILLED_AT_WRITE, BUILD[1], where, str(at),
               "swap" if swap else "no-swap", "--content", str(content), "--out", str(out),
               "-q", *options]
    # In its own process group, which it kills.
    process = subprocess.run(command, start_new_session=True, timeout=300, check=False)
    assert process.returncode == -signal.SIGKILL, "the build ended before its kill"
    return temporary_files(out)


def temporary_files(out: Path) -> list[str]:
    """Return the files of `out` named as `output.temporary_file` names them."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob(".tmp-*")
                  if re.fullmatch(r"\.tmp-[0-9]+-[0-9]+", p.name))


def build_command(content: Path, out: Path, *options: str) -> None:
    subprocess.run([*BUILD, "--content", str(content), "--out", str(out), "-q", *options],
                   check=True, timeout=300)


def check_rebuilt(content: Path, out: Path, *options: str,
                  kept: dict[str, bytes] | None = None) -> None:
    """Build `content` into `out` again, then check that `out` holds no temporary file and
    the bytes of a clean build, with the publisher's files `kept`."""
    build_command(content, out, *options)
    build_command(content, out.with_name("clean"))
    assert temporary_files(out) == []
    assert tree(out) == tree(out.with_name("clean")) | (kept or {})


@pytest.fixture
def some(tmp_path: Path) -> Path:
    """Return a content folder of 25 roles: 300 comparisons, enough for workers to write."""
    write_fake_content(tmp_path / "content", 25)
    return tmp_path / "content"


def rename_site(content: Path, name: str) -> None:
    (content / "site.yaml").write_text(f"name: {name}\nbase_url: https://bench.example/\n")


def test_a_build_killed_editing_a_role_leaves_nothing_the_next_keeps(
        tmp_path: Path, some: Path) -> None:
    out = tmp_path / "site"
    build_command(some, out)
    role = sorted((some / "roles").glob("*.yaml"))[3]
    role.write_text(role.read_text().replace("yearly: ", "yearly: 1", 1))
    assert build_killed_at_write(some, out, 5, "--jobs", "1")
    check_rebuilt(some, out, "--jobs", "2")


def test_the_pages_of_a_role_a_killed_build_added_go_once_the_role_does(
        tmp_path: Path, some: Path) -> None:
    out = tmp_path / "site"
    build_command(some, out)
    added = some / "roles" / "new-role.yaml"
    added.write_text("title: New Role\n")  # as `build.py new` starts it: its pages are added
    new_pairs = re.escape(f"{out}/compare/") + ".*new-role"
    assert build_killed_at_write(some, out, 3, "--jobs", "2", where=new_pairs)
    # The two the killing process put in place, and any its forked child had meanwhile.
    assert 2 <= len(list(out.glob("compare/*new-role/index.html"))) < 25
    added.unlink()
    check_rebuilt(some, out)


def test_the_pages_of_a_build_killed_just_after_its_swap_go_once_their_role_does(
        tmp_path: Path, some: Path) -> None:
    out = tmp_path / "site"
    build_command(some, out)
    added = some / "roles" / "new-role.yaml"
    added.write_text("title: New Role\n")
    rename_site(some, "Renamed")  # every page: into a fresh folder, swapped in
    # killed as it records what it carried over: the new site in place, not yet its manifest
    foreign = output.cache_folder(out) / "foreign"
    assert build_killed_at_write(some, out, 1, where=re.escape(str(foreign)) + "$") == []
    assert (out / "roles/new-role/index.html").exists()
    added.unlink()
    rename_site(some, "Benchmark")  # as it was: the next build renders in place
    check_rebuilt(some, out)


@pytest.mark.parametrize("then", ["in place", "staged"])
def test_workers_killed_rewriting_every_page_in_place_leave_nothing_the_next_keeps(
        tmp_path: Path, some: Path, then: str) -> None:
    out = tmp_path / "site"
    build_command(some, out)
    (out / "CNAME").write_text("versus.example\n")  # the publisher's, kept throughout
    rename_site(some, "Renamed")
    assert build_killed_at_write(some, out, 40, "--jobs", "2", swap=False)
    if then == "staged":  # another change of every page: into a fresh folder, swapped in
        rename_site(some, "Renamed again")
    check_rebuilt(some, out, "--jobs", "2", kept={"CNAME": b"versus.example\n"})


# Layouts that make no sense


@pytest.mark.parametrize(("out", "content"), [
    ("content/site", "content"), ("content", "content"), (".", "content"),
    ("site", "site/content")])
def test_an_output_folder_inside_or_around_the_content_is_refused(
        tmp_path: Path, out: str, content: str) -> None:
    shutil.copytree(ROOT / "content", tmp_path / content)
    before = tree(tmp_path)
    result = run("--content", content, "--out", out, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "choose another --out" in result.stderr or "choose an --out outside" in result.stderr
    assert tree(tmp_path) == before  # nothing written, not even a cache or a lock


@pytest.mark.parametrize("out", [ROOT / "static", ROOT / "templates" / "site", ROOT])
def test_an_output_folder_holding_or_inside_the_sources_is_refused(tmp_path: Path,
                                                                   out: Path) -> None:
    result = run("--content", str(ROOT / "content"), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert not (out.parent / ".versus-cache" / out.name).exists()


@pytest.mark.parametrize("out", ["a-file/site", "a-file/deeper/site"])
def test_an_output_folder_behind_a_file_is_refused_naming_both(tmp_path: Path,
                                                               out: str) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    before = tree(tmp_path)
    result = run("--content", str(ROOT / "content"), "--out", out, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (f"build.py: the output folder {out} cannot be made: a-file is a "
                             "file, not a folder; choose another --out\n")
    assert tree(tmp_path) == before


@pytest.mark.parametrize("command", [[], ["serve", "--port", "0"]], ids=["build", "serve"])
def test_an_output_path_that_is_a_file_is_refused_before_anything_starts(
        tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    before = tree(tmp_path)
    result = run(*command, "--content", str(ROOT / "content"), "--out", "a-file", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == ("build.py: the output folder a-file is a file, not a folder; "
                             "choose another --out\n")
    assert tree(tmp_path) == before


def test_layout_problems_name_the_folder() -> None:
    sources = {"content": Path("/p/content"), "templates": Path("/p/templates"),
               "static": Path("/p/static"), "project": Path("/p")}
    assert layout_problem(Path("/p/site"), sources) is None
    assert layout_problem(Path("/elsewhere/site"), sources) is None
    assert "inside the content folder /p/content" in str(
        layout_problem(Path("/p/content/site"), sources))
    assert "holds the content folder" in str(layout_problem(Path("/"), sources))
    assert "is the project folder" in str(layout_problem(Path("/p"), sources))


def test_serve_refuses_an_output_folder_inside_the_content(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "c")
    result = run("serve", "--content", "c", "--out", "c/site", "--port", "0", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == ("build.py: the output folder "
                             f"{tmp_path.resolve()}/c/site is inside the content folder "
                             f"{tmp_path.resolve()}/c, so the build would read what it writes; "
                             "choose an --out outside it\n")
    assert not (tmp_path / "c/site").exists()


# Operating-system failures: one line, the old site whole, no staging left


def test_a_failed_write_is_one_error_with_its_path_and_the_old_site_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    options = BuildOptions(content=ROOT / "content", out=out, jobs=1)
    guarded_build(options)
    before = tree(out)
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "site.yaml").write_text("name: Renamed\n", encoding="utf-8")

    def refuse(path: Path, data: bytes) -> bool:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(output, "write_new", refuse)  # injected: root ignores file modes
    with pytest.raises(OutputError) as caught:
        guarded_build(BuildOptions(content=content, out=out, jobs=1))
    assert str(caught.value).endswith("/index.html: permission denied")
    assert str(caught.value).startswith(str(tmp_path / ".versus-cache/site/staging"))
    assert tree(out) == before
    assert not (tmp_path / ".versus-cache/site/staging").exists()


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """Mount a tmpfs of `size` at `folder`, or skip the test where that is not allowed."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                              str(folder)], capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the injected failure stands in")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def renamed_build(tmp_path: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Build a copy of the content whose site name changed: every page is new."""
    content = tmp_path / "content"
    if not content.exists():
        shutil.copytree(ROOT / "content", content)
    (content / "site.yaml").write_text("name: Renamed\n", encoding="utf-8")
    return run("--content", str(content), "--out", str(out), cwd=tmp_path)


def assert_one_line(result: subprocess.CompletedProcess[str], out: Path, cause: str) -> None:
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith(f"build.py: {out.parent}")
    assert result.stderr.endswith(f": {cause}\n"), result.stderr


def test_a_full_disk_is_one_line_and_leaves_the_old_site(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "4m") as disk:
        out = disk / "site"
        assert run("--content", str(ROOT / "content"), "--out", str(out), cwd=tmp_path
                   ).returncode == 0
        before = tree(out)
        filler = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
        with contextlib.suppress(OSError):
            while True:  # fill the disk, leaving less room than one page
                os.write(filler, b"\0" * 4096)
        os.close(filler)
        result = renamed_build(tmp_path, out)
        assert_one_line(result, out, "disk full")
        assert tree(out) == before
        assert not (disk / ".versus-cache/site/staging").exists()


def test_a_read_only_output_is_one_line_and_leaves_the_old_site(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "16m") as disk:
        out = disk / "site"
        assert run("--content", str(ROOT / "content"), "--out", str(out), cwd=tmp_path
                   ).returncode == 0
        before = tree(out)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = renamed_build(tmp_path, out)
        assert_one_line(result, out, "read-only file system")
        assert tree(out) == before
        assert not (disk / ".versus-cache/site/staging").exists()


def test_ctrl_c_stops_a_build_with_one_line_and_no_worker_left(tmp_path: Path,
                                                               long: Path) -> None:
    command = [*BUILD, "--content", str(long), "--out", str(tmp_path / "site"), "--jobs", "2"]
    # Its own group, and Ctrl-C's default disposition, as in a terminal: a suite started in
    # the background by a shell (`sh -c 'pytest' &`) ignores SIGINT, and so would the build.
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, preexec_fn=default_ctrl_c)
    wait_until(lambda: len(children(process.pid)) >= 2 or process.poll() is not None)
    workers = children(process.pid)
    assert process.poll() is None, "the build ended before the test"
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    # a first build: its staging folder is discarded, so there is no page to call whole
    assert err == f"build.py: stopped by Ctrl-C; {tmp_path}/site/ was not made\n"
    assert not (tmp_path / "site").exists()
    wait_until(lambda: not any(is_alive(w) for w in workers), seconds=5)
    assert not (tmp_path / ".versus-cache/site/staging").exists()
