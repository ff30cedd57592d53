"""What a long-lived process (the live preview) keeps between the builds of one site.

A command-line build starts from the disk: the engine's hash from its memo file, each role
parsed and prepared from the cache folder, the templates compiled from Jinja2's cache. The
preview builds the same site again and again; a `Session` keeps those in memory, each under
the same key the disk cache uses, so what it hands a build is what the disk would have: a
build with a session writes the same bytes as one without.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .content import Parsed
from .damage import Result, look_for_damage, nothing_lost
from .hashing import engine_digest, folder_digest
from .model import Site
from .output import MANIFEST, cache_folder
from .prepare import PreparedRole
from .watched import WatchedOutput
from .workers import PARALLEL_FROM

if TYPE_CHECKING:
    from .render import Renderer


class Remembered:
    """A cache in memory in front of one on disk, read as the disk cache is (`get`), and
    remembering what it found."""

    def __init__(self, memory: dict[str, Any], disk: Any) -> None:
        self.memory, self.disk = memory, disk
        self.used: dict[str, Any] = {}  # what was found, by key: what the build still needs

    def get(self, key: str) -> Any:
        """Return the value kept under `key` in memory, else on disk, else None."""
        found = self.memory.get(key)
        if found is None:
            found = self.disk.get(key)
        if found is not None:
            self.used[key] = found
        return found


@dataclass(frozen=True)
class OpenPages:
    """The pages someone is looking at (the preview's browsers): a rebuild that changes
    any of them renders those first, and says so, so that they can be shown while the
    others render."""

    paths: Callable[[], frozenset[str]]  # their output paths, asked as a rebuild plans
    written: Callable[[list[str]], None]  # told the output paths of those it rendered first


class Session:
    """What the builds of one process keep for the next: the engine's hash, the roles parsed
    and prepared (by the hash of what each is made from), the renderer, and, when its
    output is watched between builds, what it knows of the output (see `watched`)."""

    def __init__(self, output: WatchedOutput | None = None,
                 parallel_from: int = PARALLEL_FROM,
                 open_pages: OpenPages | None = None) -> None:
        """Keep what builds may share; `output` if it is watched between builds; render
        fewer pages than `parallel_from` in this process rather than in workers; render
        the `open_pages` first."""
        self.output = output
        self.parallel_from = parallel_from
        self.open_pages = open_pages
        self.trusting = False  # this build skipped the look for damaged pages
        self.static_version: str | None = None  # in the assets' URLs, as the last build left them
        self.engine: str | None = None
        # roles and the settings, by the hash of their file's name and bytes (file_key)
        self.parsed: dict[str, Parsed | Site] = {}
        self.prepared: dict[str, PreparedRole] = {}  # by the role's hash (Inputs.role_hashes)
        self.renderer_key: tuple[object, ...] | None = None
        self.kept_renderer: Renderer | None = None

    def engine_digest(self, memo: Path) -> str:
        """Return the engine's hash, made once: the engine this process runs cannot change."""
        if self.engine is None:
            self.engine = engine_digest(memo)
        return self.engine

    def look_for_damage(self, out: Path, finished: int | None) -> Result:
        """Start looking for damaged pages (`damage.look_for_damage`); return a function
        that waits for them. Looks at none while the output is watched and no other
        process built it since this session's last build."""
        self.trusting = self.output is not None and self.output.trusts(finished)
        return nothing_lost if self.trusting else look_for_damage(out, finished)

    def rendered_in_place(self, out: Path, pages: Iterable[str]) -> None:
        """Take note that an incremental build rendered `pages` into `out`: every page up
        to now is as built, unless this build looked at none of them."""
        if self.output is not None and self.trusting:
            self.output.rendered(pages)
        else:
            os.utime(cache_folder(out) / MANIFEST)  # what is older than this is as built

    def finish(self, static_version: str) -> None:
        """Take note that a build ended well, its assets' URLs carrying `static_version`."""
        self.static_version = static_version
        if self.output is not None:
            self.output.settle()

    def parsed_roles(self, disk: Any) -> Remembered:
        """Return the cache of parsed roles to load with: this session's, then `disk`."""
        return Remembered(self.parsed, disk)

    def prepared_roles(self, disk: Any) -> Remembered:
        """Return the cache of prepared roles to prepare with: this session's, then `disk`."""
        return Remembered(self.prepared, disk)

    def keep_parsed(self, loaded: Remembered, fresh: Mapping[str, Parsed | Site]) -> None:
        """Keep the roles a build loaded, found in `loaded` or parsed afresh, and only those."""
        self.parsed = {**loaded.used, **fresh}

    def keep_prepared(self, prepared: Mapping[str, PreparedRole]) -> None:
        """Keep the roles a build prepared (by role hash), and only those."""
        self.prepared = dict(prepared)

    def renderer(self, site: Site, templates: Path, static_version: str,
                 make: Callable[[Renderer | None], Renderer]) -> Renderer:
        """Return a renderer for these settings, templates and static files.

        `make` is called with the last build's renderer when it was made for the same
        (then it may reuse its compiled templates and each unchanged role's parts), else None.
        Raises ContentError, as `make` does, naming a template that does not compile.
        """
        key = (site, templates.resolve(), folder_digest(templates), static_version)
        earlier = self.kept_renderer if key == self.renderer_key else None
        self.renderer_key, self.kept_renderer = None, None  # until this one is made
        renderer = make(earlier)
        self.renderer_key, self.kept_renderer = key, renderer
        return renderer
