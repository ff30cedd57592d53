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
