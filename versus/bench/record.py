"""BENCHMARKS.md's measured blocks: each between its own markers, replaced on each run."""

from __future__ import annotations

import re
from pathlib import Path


def write_block(file: Path, name: str, text: str) -> None:
    """Put `text` between the markers `<!-- bench:{name}:start/end -->` of `file`.

    The old block is replaced; a file without the markers gets them at its end.
    """
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = f"{start}\n{text}\n{end}"
    old = file.read_text("utf-8") if file.exists() else "# Benchmarks\n"
    if start in old:
        new = re.sub(f"{re.escape(start)}.*{re.escape(end)}", lambda _: block, old, flags=re.S)
    else:
        new = old.rstrip("\n") + f"\n\n{block}\n"
    file.write_text(new, "utf-8")
