"""The environment the benchmarks give the builds they time: the user's, as a user has it."""

from __future__ import annotations

import os

# Set on some machines (this project's CI and sandboxes) to keep source folders clean; a
# build started with it compiles every module from source each time (~100 ms of start-up)
# instead of loading the bytecode Python writes on a user's first run.
NOT_INHERITED = frozenset({"PYTHONDONTWRITEBYTECODE"})


def child_env(**extra: str) -> dict[str, str]:
    """Return this process's environment without NOT_INHERITED, with `extra` set."""
    return {**{k: v for k, v in os.environ.items() if k not in NOT_INHERITED}, **extra}
