"""The comparison charts alone, per pair: `python -m versus.bench.charts [roles] [pairs]`.

Draws the charts of `pairs` comparisons (default 2,000, spread over every pair) of a
generated site of `roles` roles (default 200), as a build does: each role's part once
(`ChartMemo`), then each pair. Prints the median and best of seven rounds, in microseconds a
pair, and the SVG bytes a page carries.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

from versus.bench.fake import write_fake_content
from versus.engine.charts import ChartMemo
from versus.engine.content import load_content
from versus.engine.model import Role

ROUNDS = 7


def rounds(pairs: list[tuple[Role, Role]]) -> tuple[list[float], int]:
    """Return the seconds of each round over `pairs`, each with a fresh memo, and the SVG
    bytes of one round."""
    times, size = [], 0
    for _ in range(ROUNDS):
        memo, size = ChartMemo(), 0
        started = time.perf_counter()
        for a, b in pairs:
            size += sum(len(chart.svg) for chart in memo.pair(a, b).drawn)
        times.append(time.perf_counter() - started)
    return times, size


def main(argv: list[str]) -> int:
    """Print the charts' time and bytes a pair; return the exit status."""
    count, wanted = (int(argv[0]) if argv else 200), (int(argv[1]) if len(argv) > 1 else 2000)
    with tempfile.TemporaryDirectory() as folder:
        write_fake_content(Path(folder), count)
        roles = sorted(load_content(Path(folder)).roles, key=lambda role: role.slug)
    every = list(itertools.combinations(roles, 2))
    pairs = every[::max(1, len(every) // wanted)][:wanted]
    times, size = rounds(pairs)
    per = [t / len(pairs) * 1e6 for t in times]
    print(f"{len(pairs)} pairs of {count} roles: {statistics.median(per):.1f} us a pair "
          f"(best {min(per):.1f}), {size / len(pairs):,.0f} bytes of SVG a page")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
