"""The command line: arguments, printing and exit codes (0 ok, 1 content problems, 2 usage)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .build import BuildOptions, BuildResult, Shard, build_site
from .model import ContentError, Problem

DESCRIPTION = """\
Build a static site of career comparison pages from role files.

Each role is one YAML file in CONTENT/roles/; site settings live in CONTENT/site.yaml.
The site gets an index, a page per role and a comparison page for every pair of roles."""


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of `python build.py`."""
    p = argparse.ArgumentParser(prog="build.py", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                   help="content folder with site.yaml and roles/ (default: content)")
    p.add_argument("--out", type=Path, default=Path("site"), metavar="DIR",
                   help="output folder (default: site)")
    p.add_argument("--overwrite-foreign-files", action="store_true",
                   help="build into an output folder that holds files no build wrote")
    p.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                   help="worker processes for rendering (default: one per core)")
    p.add_argument("--shard", type=shard, default=Shard(), metavar="K/N",
                   help="build only slice K of N of the pages, for splitting a large build "
                        "across machines; the union of all N slices is the whole site")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    return p


def shard(text: str) -> Shard:
    """Return the shard that `K/N` names."""
    k, _, n = text.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise argparse.ArgumentTypeError(f"expected K/N with 1 <= K <= N, got {text!r}")
    return Shard(int(k), int(n))


def print_problems(problems: Sequence[Problem], out_folder: Path) -> None:
    """Print every problem, then one line saying the build stopped and nothing changed."""
    for problem in problems:
        print(problem, file=sys.stderr)
    files = len({p.path for p in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    where = "file" if files == 1 else "files"
    print(f"Build stopped: {len(problems)} {noun} in {files} {where}; "
          f"{out_folder}/ was not changed.", file=sys.stderr)


def summary(result: BuildResult, out: Path) -> str:
    """Return the one line that ends every build."""
    r = result
    return (f"Built {r.files:,} files from {r.roles:,} roles into {out}/: "
            f"{r.written:,} written, {r.unchanged:,} unchanged, {r.removed:,} removed, "
            f"{r.bytes / 1_048_576:,.1f} MiB, {r.seconds:.2f} s")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = parser().parse_args(argv)
    options = BuildOptions(content=args.content, out=args.out, jobs=args.jobs,
                           shard=args.shard, overwrite_foreign=args.overwrite_foreign_files)
    try:
        result = build_site(options)
    except ContentError as error:
        print_problems(error.problems, args.out)
        return 1
    if not args.quiet:
        print(summary(result, args.out))
    return 0
