"""The command line as a contributor runs it: a real process, real files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from versus.authoring.cli import kept_line
from versus.engine.build import BuildOptions, build_site
from versus.engine.model import ContentError
from versus.engine.options import BuildResult

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_help_explains_the_command(project: Path) -> None:
    result = run("--help", cwd=project)
    assert result.returncode == 0
    assert "content folder" in result.stdout and "--out" in result.stdout


def test_build_ends_with_one_summary_line(project: Path) -> None:
    result = run(cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
    # 6 roles, 15 pairs, 3 job families, index, 404, sitemap, robots, search index (2), 7 static
    assert result.stdout.startswith("Built 37 files from 6 roles into site/: ")
    assert "unchanged" in result.stdout and "removed" in result.stdout
    again = run(cwd=project)
    assert " 0 written, " in again.stdout


def test_a_bad_file_stops_the_build_and_keeps_the_old_site(project: Path) -> None:
    assert run(cwd=project).returncode == 0
    before = snapshot(project / "site")
    (project / "content/roles/support-lead.yaml").write_text(textwrap.dedent("""\
        title: Support Lead
        salary:
          range: [130000, 64000]
        salry: 3
        """), encoding="utf-8")
    result = run(cwd=project)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "content/roles/support-lead.yaml:3: salary.range: low (130000) is above high (64000)",
        "content/roles/support-lead.yaml:4: salry: unknown field; did you mean salary?",
        "Build stopped: 2 problems in 1 file; site/ was not changed.",
    ]
    assert "Traceback" not in result.stderr
    assert snapshot(project / "site") == before


def test_a_new_role_gets_its_page_and_comparisons(project: Path) -> None:
    assert run(cwd=project).returncode == 0
    (project / "content/roles/data-analyst.yaml").write_text(
        "title: Data Analyst\ncategory: Analytics\nsalary: {yearly: 82000}\n", encoding="utf-8")
    result = run(cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "roles/data-analyst/index.html").is_file()
    pairs = sorted(p.parent.name for p in (site / "compare").glob("*data-analyst*/index.html"))
    assert len(pairs) == 6
    assert "customer-support-manager-vs-data-analyst" in pairs
    (project / "content/roles/data-analyst.yaml").unlink()
    result = run(cwd=project)
    assert "8 removed" in result.stdout  # its page, its 6 comparisons, its job family's page
    assert not (site / "roles/data-analyst").exists()
    assert not list((site / "compare").glob("*data-analyst*"))


def test_a_folder_of_foreign_files_is_not_built_into(project: Path) -> None:
    (project / "site").mkdir()
    (project / "site/thesis.txt").write_text("mine", encoding="utf-8")
    result = run(cwd=project)
    assert result.returncode == 1
    assert "holds files that no build wrote" in result.stderr
    assert (project / "site/thesis.txt").read_text("utf-8") == "mine"


def test_a_broken_template_is_named_with_its_line(project: Path) -> None:
    templates = project / "templates"
    shutil.copytree(ROOT / "templates", templates)
    shutil.copytree(ROOT / "static", project / "static")
    (templates / "404.html").write_text("{% extends 'base.html' %}\n{% block main %}\n{{ oops(\n",
                                        encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build_site(BuildOptions(content=project / "content", out=project / "site",
                                templates=templates, static=project / "static"))
    [problem] = caught.value.problems
    assert problem.path.endswith("templates/404.html") and problem.line == 3
    assert not (project / "site").exists()


def test_a_first_build_that_stops_says_no_site_was_made(project: Path) -> None:
    (project / "content/roles/support-lead.yaml").write_text("title: [\n", encoding="utf-8")
    result = run(cwd=project)
    assert result.returncode == 1 and not (project / "site").exists()
    assert result.stderr.splitlines()[-1] == "Build stopped: 1 problem in 1 file; site/ was not made."


@pytest.mark.parametrize(("kept", "said"), [(("CNAME",), "Kept 1 file in site/"),
                                            (("CNAME", "a.txt"), "Kept 2 files in site/")])
def test_the_files_kept_are_counted_in_words(kept: tuple[str, ...], said: str) -> None:
    line = kept_line(BuildResult(15, 1, 0, 0, 0, 0.0, kept=kept), Path("site"))
    assert line is not None and line.startswith(said)


def test_the_progress_bar_starts_no_thread_so_a_build_at_a_terminal_may_fork() -> None:
    # tqdm's monitor thread made `forked.can_fork` false at every terminal: the search
    # for damaged pages ran on a thread and a one-role edit's pages in one process.
    import threading

    from versus.authoring.cli import terminal_reporter

    before = set(threading.enumerate())
    with terminal_reporter(True) as reporter:
        reporter.expect(300)
        reporter.advance(100)
        assert set(threading.enumerate()) == before
