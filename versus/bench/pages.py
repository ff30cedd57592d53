"""Pages rendered in one process, nothing written: `python -m versus.bench.pages`.

    python -m versus.bench.pages                    # 200 roles, 2,000 comparisons, 200 role pages
    python -m versus.bench.pages --pairs 0 --role-pages 0   # the fixed part alone
    valgrind --tool=callgrind python -m versus.bench.pages --pairs 200 --role-pages 0

Generates `--roles` fake roles (or reads `--content`), loads and prepares them, compiles the
templates and makes each role's parts (`Renderer.warm`), as a build does before its pages,
then renders `--pairs` comparison pages spread over every pair and the first `--role-pages`
role pages. Prints, per kind, the pages, seconds, ms a page and bytes a page, and a hash of
every byte rendered: a change meant to keep the pages as they were keeps that hash. Two runs
under callgrind, with no pages and with K pages, give the instructions of a page by their
difference over K.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from versus.bench.fake import write_fake_content
from versus.engine.content import Content, load_content
from versus.engine.hashing import folder_digest
from versus.engine.inputs import Inputs, View
from versus.engine.model import Page
from versus.engine.options import BuildOptions
from versus.engine.pages import plan_pairs, plan_roles, render_page
from versus.engine.pairs import Pairing
from versus.engine.prepare import prepare_roles


def spread(pages: Iterator[Page], total: int, wanted: int) -> list[Page]:
    """Return `wanted` of the `total` pages, evenly spread (all of them if fewer)."""
    step = max(1, total // wanted) if wanted else 1
    return [page for i, page in enumerate(pages) if i % step == 0][:wanted]


def render_all(content: Content, pairs: int, role_pages: int,
               profile: cProfile.Profile | None = None) -> list[tuple[str, int, float, int, str]]:
    """Return (kind, pages, seconds, bytes, hash of the bytes) of rendering the pages asked
    for, after the roles are prepared and the renderer warmed, as a build does; `profile`
    profiles the rendering alone."""
    from versus.engine.render import Renderer  # Jinja2, as where a build renders

    options = BuildOptions()  # the project's templates and static files
    pairing = Pairing(content.roles, content.site.pairs, content.site.max_pairs_per_role)
    inputs = Inputs(content.site, pairing, {}, content.files)
    inputs.prepared, _ = prepare_roles(content.roles)
    renderer = Renderer(content.site, options.templates, folder_digest(options.static)[:10])
    renderer.warm(inputs)
    kinds = (("pair", spread(plan_pairs(pairing), pairing.count(), pairs)),
             ("role", list(plan_roles(pairing))[:role_pages]))
    results = []
    for kind, pages in kinds:
        h, size = hashlib.blake2b(digest_size=12), 0
        started = time.perf_counter()
        if profile is not None:
            profile.enable()
        for page in pages:
            data = render_page(renderer, page, View(inputs))
            size += len(data)
            h.update(data)
        if profile is not None:
            profile.disable()
        results.append((kind, len(pages), time.perf_counter() - started, size, h.hexdigest()))
    return results


def main(argv: list[str]) -> int:
    """Print what rendering the pages cost; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m versus.bench.pages",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--roles", type=int, default=200, help="fake roles to generate")
    parser.add_argument("--content", type=Path, help="a content folder instead of fake roles")
    parser.add_argument("--pairs", type=int, default=2000, help="comparison pages to render")
    parser.add_argument("--role-pages", type=int, default=200, help="role pages to render")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the rendering here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        source = args.content
        if source is None:
            source = Path(folder)
            write_fake_content(source, args.roles)
        content = load_content(source)
    profile = cProfile.Profile() if args.profile else None
    found = render_all(content, args.pairs, args.role_pages, profile)
    if profile is not None:
        profile.dump_stats(args.profile)
    for kind, count, seconds, size, digest in found:
        each = f"{seconds / count * 1e3:.3f} ms a page, {size / count:,.0f} bytes a page" \
            if count else "-"
        print(f"{kind}: {count} pages, {seconds:.3f} s, {each}, bytes {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
