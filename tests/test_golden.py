"""Golden sites: small content folders whose whole built output is committed and compared.

The review of a template change is its golden diff. After a change meant to alter pages:
    python3 -m pytest tests/test_golden.py --update-golden
then read `git diff tests/golden/` as a visitor's page would change.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from versus.engine.build import BuildOptions, build_site

HERE = Path(__file__).resolve().parent
CASES = sorted(p.name for p in (HERE / "sites").iterdir() if (p / "roles").is_dir())


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def unified(path: str, expected: bytes | None, built: bytes | None) -> str:
    """Return a readable diff of one file, expected against built."""
    def lines(data: bytes | None) -> list[str]:
        return [] if data is None else data.decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(lines(expected), lines(built), f"golden/{path}",
                                        f"built/{path}", n=2))


@pytest.mark.parametrize("case", CASES)
def test_the_built_site_is_the_golden_one(case: str, tmp_path: Path,
                                          request: pytest.FixtureRequest) -> None:
    out, golden = tmp_path / "site", HERE / "golden" / case
    build_site(BuildOptions(content=HERE / "sites" / case, out=out,
                            static=HERE / "sites" / "static", jobs=1))
    built = tree(out)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(out, golden)
        return
    expected = tree(golden)
    differing = sorted(p for p in expected.keys() | built.keys()
                       if expected.get(p) != built.get(p))
    report = "".join(unified(p, expected.get(p), built.get(p)) for p in differing[:5])
    assert not differing, (f"{len(differing)} file(s) differ from tests/golden/{case} "
                           f"(refresh with --update-golden if meant):\n{report}")
