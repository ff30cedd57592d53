"""The command line: arguments, printing and exit codes (0 ok, 1 content problems, 2 usage)."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..engine.errors import ContentError, LayoutError, VersusError, shown
from ..engine.guard import guarded_build
from ..engine.layout import check_layout
from ..engine.options import PROJECT, BuildOptions, BuildResult, Shard
from ..engine.report import size_report, size_warnings
from .merge import MergeError, merge_shards

if TYPE_CHECKING:  # msgspec, through the model: a build with nothing to do never needs it
    from ..engine.lock import Holder
    from ..engine.model import Problem

DESCRIPTION = """\
Build a static site of career comparison pages from role files.

Each role is one YAML file in CONTENT/roles/; site settings live in CONTENT/site.yaml.
The site gets an index, a page per role and a comparison page for every pair of roles."""

COMMANDS = """\
commands (`python build.py COMMAND --help` explains each):
  build               build the site (what `python build.py` alone does)
  serve               build, serve the site and rebuild it live as files change
  new "TITLE"         write a new role file with every field, empty and explained
  check               check every role file and the templates, writing nothing
  merge SHARD...      merge the folders of a sharded build (--shard K/N) into --out
  import              import roles from another source
  schema              rewrite schema/role.schema.json from the format (after changing it)"""

STRICT_HELP = ("treat warnings about the content (a role with no figures, skills out of "
               "order...) as problems")


def content_option(p: argparse.ArgumentParser) -> None:
    """Add --content to `p`."""
    p.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                   help="content folder with site.yaml and roles/ (default: content)")


def out_option(p: argparse.ArgumentParser) -> None:
    """Add --out to `p`."""
    p.add_argument("--out", type=Path, default=Path("site"), metavar="DIR",
                   help="output folder (default: site)")


def no_wait_option(p: argparse.ArgumentParser) -> None:
    """Add --no-wait to `p`."""
    p.add_argument("--no-wait", action="store_true",
                   help="if another build or serve is writing the same output folder, stop "
                        "at once naming it, rather than wait for it to finish")


def waiting(out: Path) -> Callable[[Holder], None]:
    """Return what tells the user that a build waits for another one on `out`."""
    return lambda holder: print(f"Waiting for {holder} to finish building {out}/ ...",
                                file=sys.stderr, flush=True)


def print_failure(error: VersusError) -> int:
    """Print a failure other than content problems as its one line; return the exit code."""
    print(f"build.py: {error}", file=sys.stderr, flush=True)
    return 2 if isinstance(error, LayoutError) else 1


def parser(prog: str = "build.py") -> argparse.ArgumentParser:
    """Return the argument parser of `python build.py [build]`."""
    p = argparse.ArgumentParser(prog=prog, description=DESCRIPTION, epilog=COMMANDS,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    content_option(p)
    out_option(p)
    p.add_argument("--overwrite-foreign-files", action="store_true",
                   help="build into an output folder that holds files no build wrote")
    p.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                   help="worker processes for rendering (default: one per core)")
    p.add_argument("--shard", type=shard, default=Shard(), metavar="K/N",
                   help="build only slice K of N of the pages, for splitting a large build "
                        "across machines; the union of all N slices is the whole site")
    p.add_argument("--strict", action="store_true", help=STRICT_HELP)
    no_wait_option(p)
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
    kept = "was not changed" if out_folder.exists() else "was not made"
    print(f"Build stopped: {count(problems)}; {out_folder}/ {kept}.", file=sys.stderr,
          flush=True)


def number_of(many: int, noun: str) -> str:
    """Return `many` things called `noun`, in words: `1 role`, `1,296 files`."""
    return f"{many:,} {noun}" if many == 1 else f"{many:,} {noun}s"


def count(problems: Sequence[Problem]) -> str:
    """Return how many problems in how many files, in words: `2 problems in 1 file`."""
    files = len({p.path for p in problems})
    return f"{number_of(len(problems), 'problem')} in {number_of(files, 'file')}"


def summary(result: BuildResult, out: Path, whole: bool = True) -> str:
    """Return the one line that ends every build; for a `whole` site (not a shard, whose share
    says nothing of the site's), with its files and bytes against common hosts' limits."""
    r = result
    hosts = f" ({size_report(r.files, r.bytes)})" if whole else ""
    return (f"Built {number_of(r.files, 'file')} from {number_of(r.roles, 'role')} into {out}/: "
            f"{r.written:,} written, {r.unchanged:,} unchanged, {r.removed:,} removed, "
            f"{r.bytes / 1_048_576:,.1f} MiB, {r.seconds:.2f} s{hosts}{thin_note(r.thin)}")


def thin_note(thin: int) -> str:
    """Return the summary's note of comparisons kept out of search engines, if any."""
    if not thin:
        return ""
    return f"; {number_of(thin, 'thin comparison')} marked noindex"


def shows_progress() -> bool:
    """Return whether a progress bar helps: on a terminal, never in CI or into a pipe."""
    return sys.stdout.isatty() and sys.stderr.isatty() and not os.environ.get("CI")


class TerminalReporter:
    """Tells the person at the terminal: notices on stderr, and a progress bar when wanted."""

    def __init__(self, bar: Any = None) -> None:
        self.bar = bar

    def expect(self, pages: int) -> None:
        """Give the bar its total, so that it shows the time left."""
        if self.bar is not None:
            self.bar.total = pages
            self.bar.refresh()

    def advance(self, pages: int) -> None:
        """Move the bar on."""
        if self.bar is not None:
            self.bar.update(pages)

    def notice(self, line: str) -> None:
        """Print one line on stderr."""
        print(line, file=sys.stderr, flush=True)


@contextlib.contextmanager
def terminal_reporter(bar: bool) -> Iterator[TerminalReporter]:
    """Yield a reporter for a build, with a progress bar if `bar`."""
    if not bar:
        yield TerminalReporter()
        return
    from tqdm import tqdm  # only a terminal needs it

    class Bar(tqdm):  # type: ignore[type-arg]
        # No monitor thread: with one running, the build may not fork (`forked.can_fork`),
        # and looks for damaged pages on a thread, renders a one-role edit in one process.
        monitor_interval = 0

    # delay: a build done within a second never shows a bar; leave: the summary line stays
    # alone; miniters: redrawn at each chunk done (a tenth of a second apart at most), as the
    # monitor would have ensured
    with Bar(unit=" pages", delay=1.0, leave=False, file=sys.stderr, dynamic_ncols=True,
             miniters=1) as progress:
        yield TerminalReporter(progress)


def kept_line(result: BuildResult, out: Path) -> str | None:
    """Return the line naming files in the output that no build wrote, which stay there."""
    if not result.kept:
        return None
    names = ", ".join(result.kept[:5]) + (", ..." if len(result.kept) > 5 else "")
    return (f"Kept {number_of(len(result.kept), 'file')} in {out}/ that no build wrote: {names} "
            "(ship such files from the content's root/ folder)")


def strict_problems(args: argparse.Namespace) -> list[Problem]:
    """Return the content's warnings, which --strict makes problems; raise ContentError."""
    if not args.strict:
        return []
    from ..engine.content import load_content  # see above
    from .check import lint_warnings  # the YAML loader: a build from the cache needs none

    return lint_warnings(load_content(args.content))


def run_build(argv: Sequence[str], prog: str = "build.py") -> int:
    """Build the site; return the exit code."""
    args = parser(prog).parse_args(argv)
    try:
        problems = strict_problems(args)
        if problems:
            print_problems(problems, args.out)
            return 1
        with terminal_reporter(not args.quiet and shows_progress()) as reporter:
            result = guarded_build(BuildOptions(
                content=args.content, out=args.out, jobs=args.jobs, shard=args.shard,
                overwrite_foreign=args.overwrite_foreign_files), reporter,
                wait=not args.no_wait, on_wait=waiting(args.out))
    except ContentError as error:
        print_problems(error.problems, args.out)
        return 1
    except VersusError as error:
        return print_failure(error)
    except KeyboardInterrupt:
        # a first build's staging folder is gone: no page was made to be whole
        done = (f"every page in {args.out}/ is whole, and the next build finishes the job"
                if args.out.exists() else f"{args.out}/ was not made")
        print(f"build.py: stopped by Ctrl-C; {done}", file=sys.stderr, flush=True)
        return 130  # the shell's code for a command ended by SIGINT
    if not args.quiet:
        print(summary(result, args.out, args.shard.parts == 1))
    kept = kept_line(result, args.out)
    if kept:
        print(kept, file=sys.stderr)
    for warning in size_warnings(result.files, result.bytes):
        print(warning, file=sys.stderr)
    return 0


def command_parser(name: str, description: str) -> argparse.ArgumentParser:
    """Return an argument parser for `python build.py NAME`."""
    return argparse.ArgumentParser(prog=f"build.py {name}", description=description)


def serve_parser() -> argparse.ArgumentParser:
    """Return the argument parser of `python build.py serve`."""
    p = command_parser("serve", "Build the site and serve it for a live preview: every saved "
                       "change rebuilds it and reloads the open pages. A file with problems "
                       "shows them in the terminal and in the browser until it is fixed. "
                       "Ctrl-C stops.")
    p.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to serve on (default: 127.0.0.1, this computer only; "
                        "0.0.0.0 serves every network the computer is on)")
    content_option(p)
    out_option(p)
    return p


def run_serve(argv: Sequence[str]) -> int:
    """Serve a live preview until Ctrl-C; return the exit code."""
    args = serve_parser().parse_args(argv)
    from .serve import Preview, serve, shown_note  # livereload and tornado: only here

    def problems_shown(problems: list[Problem]) -> None:
        print_problems(problems, args.out)
        print("Fix and save: the preview comes back by itself.", file=sys.stderr, flush=True)

    options = BuildOptions(content=args.content, out=args.out)
    try:
        check_layout(options.out, options.content, options.templates, options.static, PROJECT)
    except LayoutError as error:
        return print_failure(error)

    def built(result: BuildResult) -> None:
        print(summary(result, args.out) + shown_note(preview.shown_after), flush=True)

    preview = Preview(options, built, problems_shown, print_failure, waiting(args.out))
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Previewing {args.content}/ at http://{host}:{args.port}/ (Ctrl-C stops)", flush=True)
    try:
        serve(preview, args.host, args.port)
    except OSError as error:
        print(f"build.py serve: cannot serve on {host}:{args.port}: {error.strerror}; "
              "try another --port", file=sys.stderr)
        return 2
    print("Stopped.", flush=True)
    return 0


def run_new(argv: Sequence[str]) -> int:
    """Write a new role file; return the exit code."""
    from .scaffold import title_problem, write_new_role

    p = command_parser("new", "Write CONTENT/roles/<slug>.yaml for a new role: every field "
                       "of the format present, empty and explained. Never overwrites a file.")
    p.add_argument("title", help='the role\'s title, such as "Data Analyst"')
    content_option(p)
    args = p.parse_args(argv)
    why = title_problem(args.title)
    if why:
        p.error(why)
    if not (args.content / "roles").is_dir():
        p.error(f"{args.content / 'roles'}: no such folder; is --content right?")
    try:
        path = write_new_role(args.content / "roles", args.title)
    except FileExistsError as error:
        print(f"{shown(Path(error.filename))}: already exists; edit it, or choose another "
              "title", file=sys.stderr)
        return 1
    print(f"Wrote {shown(path)}: fill it in, then preview it with `python build.py serve`")
    return 0


def check_parser() -> argparse.ArgumentParser:
    """Return the argument parser of `python build.py check`."""
    p = command_parser("check", "Check every role file, site.yaml and the templates as a "
                       "build would (rendering one page of each kind in memory), writing "
                       "nothing. Exit code 0: clean; 1: problems, listed one a line.")
    content_option(p)
    p.add_argument("--format", choices=("text", "github"), default="text",
                   help="text: path:line: field: message; github: workflow annotations "
                        "that show on the lines of a pull request (default: text)")
    p.add_argument("--strict", action="store_true", help=STRICT_HELP)
    return p


def github_escape(text: str, is_property: bool = False) -> str:
    """Return `text` escaped for a GitHub workflow command."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text


def github_line(problem: Problem, level: str) -> str:
    """Return `problem` as a GitHub annotation: `::error file=P,line=N,title=F::message`."""
    where = f"file={github_escape(problem.path, True)},line={problem.line}"
    if problem.field:
        where += f",title={github_escape(problem.field, True)}"
    return f"::{level} {where}::{github_escape(problem.message)}"


def run_check(argv: Sequence[str]) -> int:
    """Check the content and templates; return the exit code."""
    args = check_parser().parse_args(argv)
    from .check import check_site, lint_warnings  # see strict_problems

    options = BuildOptions(content=args.content)
    content, problems = check_site(args.content, options.templates, options.static)
    warnings = lint_warnings(content) if content is not None else []
    if args.strict:
        problems, warnings = sorted(problems + warnings), []
    for level, found in (("error", problems), ("warning", warnings)):
        for problem in found:
            print(github_line(problem, level) if args.format == "github" else (
                f"{problem}" if level == "error" else f"{problem} (warning)"))
    if args.format == "text":
        roles = number_of(len(content.roles), "role") if content is not None else "the roles"
        print(f"Checked {roles} and the templates: "
              + (count(problems) if problems else "no problems") + ".")
    return 1 if problems else 0


def run_import(argv: Sequence[str]) -> int:
    """Run the importer; return its exit code."""
    try:
        importer = importlib.import_module("versus.importer.command")
    except ModuleNotFoundError as error:
        if error.name not in ("versus.importer", "versus.importer.command"):
            raise  # the importer is there but needs something missing: a bug to see
        print("build.py import: not available in this version (versus/importer.py is missing)",
              file=sys.stderr)
        return 2
    code: int = importer.main(list(argv))
    return code


def run_merge(argv: Sequence[str]) -> int:
    """Merge shard folders into one site; return the exit code."""
    p = command_parser("merge", "Merge the output folders of `build.py --shard K/N`, one per "
                                "shard, into the whole site.")
    out_option(p)
    p.add_argument("shards", nargs="+", type=Path, metavar="SHARD", help="a shard's folder")
    args = p.parse_args(argv)
    try:
        files = merge_shards(args.out, args.shards)
    except MergeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Merged {len(args.shards)} shards into {args.out}/: {files:,} files")
    return 0


def run_schema(argv: Sequence[str]) -> int:
    """Rewrite the committed JSON Schema of a role file; return the exit code."""
    from .scaffold import SCHEMA_FILE, schema_text

    command_parser("schema", f"Rewrite {shown(SCHEMA_FILE)} from versus/schema.py, after a "
                   "change to the format.").parse_args(argv)
    SCHEMA_FILE.parent.mkdir(exist_ok=True)
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    print(f"Wrote {shown(SCHEMA_FILE)}")
    return 0


HANDLERS: dict[str, Callable[[Sequence[str]], int]] = {
    "build": lambda argv: run_build(argv, "build.py build"), "serve": run_serve, "new": run_new,
    "check": run_check, "import": run_import, "schema": run_schema, "merge": run_merge}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in HANDLERS:
        return HANDLERS[args[0]](args[1:])
    if args and not args[0].startswith("-"):
        parser().error(f"unknown command {args[0]!r}; the commands are {', '.join(HANDLERS)}")
    return run_build(args)
