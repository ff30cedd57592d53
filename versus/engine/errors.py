"""The errors a build reports as one line each, without a traceback; anything else is a bug."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # model re-exports ContentError: importing it here at run time would loop
    from .model import Problem

# The causes a reader can act on, in plain words; any other errno keeps the system's wording.
CAUSES = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large for this file system or limit",
    errno.EBUSY: "busy (a mount point, or in use by another program)",
    errno.EROFS: "read-only file system",
    errno.ENOTDIR: "not a folder",
    errno.EISDIR: "is a folder",
    errno.ENOENT: "no such file or folder",
    errno.EXDEV: "on another file system",
}


def shown(path: Path) -> str:
    """Return `path` as errors show it: relative to the working folder when inside it."""
    # As Path.relative_to would, by its text: this runs for every file of every build, and
    # pathlib's cwd and relative_to cost 50 times more.
    text, inside = str(path), os.path.join(os.getcwd(), "")  # noqa: PTH109, PTH118
    text = text.removeprefix(inside) if text.startswith(inside) else text
    return text if text.isprintable() else repr(text)  # a name must not drive the terminal


VALUE_SHOWN = 80  # characters of a value a message quotes: a URL whole, a hostile number not


def clipped(value: object, quote: bool = False) -> str:
    """Return `value` as a problem's message shows it (its repr if `quote`): whole when short,
    else its first VALUE_SHOWN characters and its length, `99999... (4,000 characters)`, so
    that a hostile 4,000-digit number makes no 4,000-character line."""
    text = repr(value) if quote else str(value)
    if len(text) <= VALUE_SHOWN:
        return text
    return f"{text[:VALUE_SHOWN]}... ({len(text):,} characters)"


class VersusError(Exception):
    """A failure the command line prints as it is, one line each, and exits 1 for."""


class ContentError(VersusError):
    """Raised with every problem found, before anything is written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems)

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:
        # Raised in a worker process, it must arrive in the main one with its problems.
        return (ContentError, (self.problems,))


class LayoutError(VersusError):
    """The folders given make no sense together (the output inside the content...)."""


class BusyError(VersusError):
    """Another build holds the output folder, and this one was asked not to wait."""


class OutputError(VersusError):
    """The operating system refused a read or write: one line naming the path and the cause."""

    def __init__(self, path: Path | str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = str(path)
        self.cause = cause

    def __reduce__(self) -> tuple[type[OutputError], tuple[str, str]]:
        return (OutputError, (self.path, self.cause))


def cause_of(error: OSError) -> str:
    """Return what went wrong, in words: `disk full`, `permission denied`..."""
    known = CAUSES.get(error.errno or 0)
    return known or (error.strerror or str(error)).lower()


def output_error(error: OSError, fallback: Path) -> OutputError:
    """Return `error` as one line, naming its file, or `fallback` when it names none."""
    path = error.filename if error.filename is not None else fallback
    return OutputError(path if isinstance(path, str | Path) else fallback, cause_of(error))
