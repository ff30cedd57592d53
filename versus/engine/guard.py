"""A build as the command line and the preview run it: alone on its output folder, into a
sensible one, and ending in a whole site or one error line, never in a traceback for the OS."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from .damage import Search
from .errors import output_error
from .layout import check_layout
from .lock import Holder, output_lock
from .options import PROJECT, BuildOptions, BuildResult
from .output import recover, staging_folder, sweep_temporary
from .unchanged import unchanged_build

if TYPE_CHECKING:
    from .report import Reporter
    from .session import Session


def guarded_build(options: BuildOptions, reporter: Reporter | None = None, wait: bool = True,
                  on_wait: Callable[[Holder], None] | None = None,
                  session: Session | None = None) -> BuildResult:
    """Build the site holding its output folder's lock (with what `session` kept from the
    builds before, if given); return what the build did.

    Without a session, a build with nothing to do is told by its fingerprint (`unchanged`),
    before the rest of the engine is even imported; a session keeps what it loads, so it
    always builds.

    Raises LayoutError before touching anything if the folders make no sense, BusyError if
    another build holds the folder and not `wait`, ContentError for bad content, and
    OutputError (path and cause) when the operating system refuses a read or a write; then
    the staging folder is gone and a full build has left the previous site as it was.
    """
    if options.out.is_symlink():
        # Built where it leads, as its cache is kept (`cache_folder`): a full build renames
        # its staged folder onto the output, which replaced the link itself with a folder.
        options = options._replace(out=options.out.resolve())
    check_layout(options.out, options.content, options.templates, options.static, PROJECT)
    try:
        with output_lock(options.out, wait, on_wait):
            if sweep_temporary(options.out):  # what a killed build left half written
                from .unfinished import sweep_unfinished  # only after a stopped build

                sweep_unfinished(options.out)  # in the output too: it was writing there
            try:
                read: dict[str, bytes] = {}  # the role files' bytes, read once
                searches: list[Search] = []  # the search for damaged pages, begun once
                found = unchanged_build(options, read, searches) if session is None else None
                if found is not None:
                    return found
                from .build import build_site  # the whole engine: see above

                return build_site(options, reporter, session, read, *searches)
            except BaseException:
                for search in searches:  # if the build failed before it took it
                    search.result(needed=False)
                discard_staging(options)
                raise
    except OSError as error:
        raise output_error(error, options.out) from None


def discard_staging(options: BuildOptions) -> None:
    """Remove what a failed full build staged, putting back the old site if it was set aside."""
    with contextlib.suppress(OSError):  # a read-only or vanished folder: the next build retries
        recover(staging_folder(options.out), options.out)
