"""A worker process that dies without unwinding (the out-of-memory killer, `kill -9`)."""

from __future__ import annotations

import os
import signal
from typing import Any

import pytest

from versus.engine import workers
from versus.engine.errors import VersusError


def killed(chunk: Any) -> Any:
    """Stand for a worker the kernel kills while it renders."""
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_killed_stops_the_build_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # It once ended the build with concurrent.futures' BrokenProcessPool and its traceback.
    monkeypatch.setattr(workers, "render_chunk", killed)
    with pytest.raises(VersusError, match="a worker process was killed") as caught:
        workers.render_in_pool(iter([[], []]), 2)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("tasks", [0, 1, 5, 99, 100, 150, 200, 201, 299, 1296])
@pytest.mark.parametrize("tail", [0, 1, 2, 3])
def test_tasks_are_dealt_whole_and_in_order_the_last_in_smaller_lists(tasks: int,
                                                                       tail: int) -> None:
    numbers: Any = range(tasks)  # stand for tasks: dealt as they are
    dealt: list[list[Any]] = list(workers.chunks(numbers, 100, tail))
    assert [task for chunk in dealt for task in chunk] == list(numbers)
    assert all(0 < len(chunk) <= 100 for chunk in dealt)
    if tail and tasks > 100 * (tail + 1):  # all but the last `tail` lists' worth go whole
        assert [len(chunk) for chunk in dealt[:tasks // 100 - tail]] == [100] * (
            tasks // 100 - tail)
        assert all(len(chunk) <= 25 for chunk in dealt[tasks // 100 - tail:])
