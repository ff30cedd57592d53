"""Folders that make no sense together: refused before a build reads or writes anything."""

from __future__ import annotations

from pathlib import Path

from .errors import LayoutError, shown


def layout_problem(out: Path, sources: dict[str, Path]) -> str | None:
    """Return why the output folder `out` cannot go where it is, or None if it can.

    `sources` names the folders a build reads (content, templates, static, the project); all
    paths are resolved. The output may neither sit inside one (the build, or the preview
    watching it, would read what it writes) nor hold one (a full build replaces the whole
    output folder).
    """
    for name, source in sources.items():
        if out == source:
            return f"the output folder {out} is the {name} folder; choose another --out"
    for name, source in sources.items():
        if source.is_relative_to(out):
            return (f"the output folder {out} holds the {name} folder {source}, and a build "
                    "replaces its output folder whole; choose another --out")
    for name, source in sources.items():
        if name != "project" and out.is_relative_to(source):
            return (f"the output folder {out} is inside the {name} folder {source}, so the "
                    "build would read what it writes; choose an --out outside it")
    return None


def check_layout(out: Path, content: Path, templates: Path, static: Path,
                 project: Path) -> None:
    """Raise LayoutError if the output folder is inside, or holds, a folder the build reads,
    or is a file or lies behind one."""
    sources = {"content": content, "templates": templates, "static": static,
               "project": project}
    why = layout_problem(out.resolve(), {k: v.resolve() for k, v in sources.items()})
    blocker = file_in_the_way(out)
    if why is None and blocker is not None:
        # Else the first folder the build makes beside it, the cache's, would be named.
        why = (f"the output folder {out} cannot be made: {shown(blocker)} is a file, not a "
               "folder; choose another --out")
    if why is None and out.exists() and not out.is_dir():
        # Said before the preview starts: it would wait for a fix in the content it watches.
        why = f"the output folder {out} is a file, not a folder; choose another --out"
    if why:
        raise LayoutError(why)


def file_in_the_way(out: Path) -> Path | None:
    """Return the first folder on the way to `out` (itself excepted) that is something
    else, a file, or None: there a build could make neither its output nor its cache."""
    for folder in reversed(out.absolute().parents):
        if not folder.is_dir():
            return folder if folder.exists() else None
    return None
