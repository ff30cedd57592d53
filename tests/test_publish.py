"""Publishing in shards: the README's commands, the shipped workflow and a byte-for-byte merge."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "docs" / "examples" / "publish-sharded.yml"


def readme_commands() -> list[str]:
    """Return the commands of the README's "Publishing a large site" block, comments removed."""
    text = (ROOT / "README.md").read_text("utf-8")
    section = text[text.index("## Publishing a large site"):]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def workflow_commands() -> list[str]:
    """Return the workflow's build.py commands, once for each shard of its matrix."""
    flow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    commands = []
    for job in flow["jobs"].values():
        shards = job.get("strategy", {}).get("matrix", {}).get("shard", [None])
        for shard in shards:
            for step in job["steps"]:
                run = step.get("run", "")
                if "build.py" in run:
                    commands.append(run.replace("${{ matrix.shard }}", str(shard)))
    return commands


def test_the_workflow_parses_and_runs_the_readmes_commands() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert set(flow["jobs"]) == {"build", "merge", "deploy"}
    assert flow["jobs"]["merge"]["needs"] == "build" and flow["jobs"]["deploy"]["needs"] == "merge"
    assert [shlex.split(c) for c in workflow_commands()] == [
        shlex.split(c) for c in readme_commands()]
    shards = flow["jobs"]["build"]["strategy"]["matrix"]["shard"]
    assert all(f"--shard {k}/{len(shards)}" in c for k, c in zip(shards, readme_commands(),
                                                                  strict=False))


def run(command: str, cwd: Path, content: Path) -> None:
    """Run one README command in `cwd`, on `content` rather than the US site."""
    args = [sys.executable, *shlex.split(command)[1:]]
    args = [str(content) if a == "sites/us" else a for a in args]
    args[1] = str(ROOT / "build.py")
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def test_shards_merged_are_the_full_build_byte_for_byte(tmp_path: Path) -> None:
    content = ROOT / "content"
    for command in readme_commands():
        run(command, tmp_path, content)
    full = tmp_path / "full"
    run(f"python3 build.py --content sites/us --out {full}", tmp_path, content)
    merged = tree(tmp_path / "site-us")
    assert merged == tree(full) and len(merged) > 20
    assert all(len(tree(tmp_path / f"shard-{k}")) < len(merged) for k in range(1, 5))


def test_merge_refuses_shards_that_disagree(tmp_path: Path) -> None:
    from versus.authoring.merge import MergeError, merge_shards

    for name, text in (("a", "one"), ("b", "two")):
        (tmp_path / name / "static").mkdir(parents=True)
        (tmp_path / name / "static" / "style.css").write_text(text, "utf-8")
    try:
        merge_shards(tmp_path / "out", [tmp_path / "a", tmp_path / "b"])
    except MergeError as error:
        assert "static/style.css: differs between" in str(error)
    else:
        raise AssertionError("merged shards that disagree")
    assert not (tmp_path / "out").exists()
