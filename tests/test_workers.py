"""Worker processes: one that dies without unwinding (the out-of-memory killer, `kill -9`),
the tasks dealt to them, and a few hundred pages shared with one forked child."""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path
from typing import Any

import pytest
from test_forked import children, run_alone

from versus.bench.fake import write_fake_content
from versus.engine import workers
from versus.engine.build import build_site
from versus.engine.errors import VersusError
from versus.engine.options import BuildOptions
from versus.engine.output import cache_folder
from versus.engine.report import Quiet


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def killed(chunk: Any) -> Any:
    """Stand for a worker the kernel kills while it renders."""
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_killed_stops_the_build_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # It once ended the build with concurrent.futures' BrokenProcessPool and its traceback.
    monkeypatch.setattr(workers, "render_chunk", killed)
    with pytest.raises(VersusError, match="a worker process was killed") as caught:
        workers.render_in_pool(iter([[], []]), 2)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("tasks", [0, 1, 5, 99, 100, 150, 200, 201, 299, 1296])
@pytest.mark.parametrize("tail", [0, 1, 2, 3])
def test_tasks_are_dealt_whole_and_in_order_the_last_in_smaller_lists(tasks: int,
                                                                       tail: int) -> None:
    numbers: Any = range(tasks)  # stand for tasks: dealt as they are
    dealt: list[list[Any]] = list(workers.chunks(numbers, 100, tail))
    assert [task for chunk in dealt for task in chunk] == list(numbers)
    assert all(0 < len(chunk) <= 100 for chunk in dealt)
    if tail and tasks > 100 * (tail + 1):  # all but the last `tail` lists' worth go whole
        assert [len(chunk) for chunk in dealt[:tasks // 100 - tail]] == [100] * (
            tasks // 100 - tail)
        assert all(len(chunk) <= 25 for chunk in dealt[tasks // 100 - tail:])


def salary_plus_one(role: Path) -> None:
    """Raise a role's yearly salary by a dollar: its own pages change, and few others."""
    text = role.read_text()
    found = re.search(r"yearly: (\d+)", text)
    assert found is not None
    role.write_text(text.replace(found[0], f"yearly: {int(found[1]) + 1}", 1))


def forks_counted() -> list[int]:
    """Count, from now on in this process, the children `render_forked` forks: return the
    list it adds the length of each one's task list to. For a process of its own."""
    forked: list[int] = []
    real = workers.Child

    def counted(function: Any, tasks: list[Any]) -> Any:
        forked.append(len(tasks))
        return real(function, tasks)

    workers.Child = counted  # type: ignore[assignment,misc]
    return forked


def edit_with_both_jobs(content: Path, outs: dict[int, Path]) -> tuple[list[int], dict[int, int]]:
    """Build `content` into each of `outs` (by jobs), edit a role's salary and build again;
    return the lengths of the task lists forked to a child, and the pages each edit wrote."""
    for jobs, out in outs.items():
        build_site(BuildOptions(content=content, out=out, jobs=jobs))
    forked = forks_counted()
    salary_plus_one(sorted((content / "roles").glob("*.yaml"))[7])
    written = {jobs: build_site(BuildOptions(content=content, out=out, jobs=jobs)).written
               for jobs, out in outs.items()}
    return forked, written


def test_a_few_hundred_pages_are_shared_with_a_forked_child_and_are_what_one_process_writes(
        tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_fake_content(content, 50)
    outs = {jobs: tmp_path / f"jobs{jobs}" for jobs in (1, 2)}
    forked, written = run_alone(edit_with_both_jobs, content, outs)
    assert workers.FORK_FROM <= written[2] < workers.PARALLEL_FROM
    assert len(forked) == 1 and abs(2 * forked[0] - written[2]) <= 2  # half each, or so
    assert written[1] == written[2]
    cold = tmp_path / "cold"
    build_site(BuildOptions(content=content, out=cold, jobs=1))
    assert tree(outs[2]) == tree(outs[1]) == tree(cold)
    for name in ("state.json", "digests"):  # what the pages read, and their digests
        assert (cache_folder(outs[2]) / name).read_bytes() == (
            cache_folder(outs[1]) / name).read_bytes()


def edit_failing_in_the_child(content: Path, out: Path) -> tuple[str, bool]:
    """Build `content` into `out`, edit a role and build again with a child that fails to
    write; return the error the build raised, and whether it left no child behind."""
    build_site(BuildOptions(content=content, out=out, jobs=2))
    salary_plus_one(sorted((content / "roles").glob("*.yaml"))[7])
    real, parent = workers.render_chunk, os.getpid()

    def fails_in_the_child(tasks: list[Any]) -> Any:
        if os.getpid() != parent:
            raise OSError(28, "No space left on device")
        return real(tasks)

    workers.render_chunk = fails_in_the_child  # a process of its own
    before = children()
    try:
        build_site(BuildOptions(content=content, out=out, jobs=2))
    except OSError as error:
        return str(error), children() <= before
    return "", children() <= before


def test_a_forked_childs_error_stops_the_build_and_leaves_no_child(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_fake_content(content, 50)
    error, none_left = run_alone(edit_failing_in_the_child, content, tmp_path / "site")
    assert "No space left" in error
    assert none_left


class Counted(Quiet):
    """A reporter that adds up the pages it hears are done."""

    def __init__(self) -> None:
        self.expected = self.done = 0

    def expect(self, pages: int) -> None:
        self.expected = pages

    def advance(self, pages: int) -> None:
        self.done += pages


def cold_build_forked(content: Path, out: Path) -> tuple[list[int], int, int, int]:
    """Build `content` into `out` from nothing with two jobs; return the lengths of the
    task lists forked to a child, the pages written, expected and told done."""
    forked = forks_counted()
    reporter = Counted()
    result = build_site(BuildOptions(content=content, out=out, jobs=2), reporter)
    return forked, result.written, reporter.expected, reporter.done


def test_a_small_site_from_nothing_is_shared_with_a_forked_child_its_progress_told_whole(
        tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_fake_content(content, 42)  # 861 pairs
    forked, written, expected, done = run_alone(cold_build_forked, content, tmp_path / "site")
    assert workers.FORK_FROM <= written < workers.FORK_UP_TO
    assert len(forked) == 1 and forked[0] >= 861 // 2
    serial = Counted()  # the same figures as one process tells them
    build_site(BuildOptions(content=content, out=tmp_path / "serial", jobs=1), serial)
    assert (expected, done) == (serial.expected, serial.done) and done > 861
    assert tree(tmp_path / "site") == tree(tmp_path / "serial")
