"""The format's documentation and its code cannot drift apart."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from versus.engine.schema import ROLE_FIELDS, ListOf, Record, Spec

ROOT = Path(__file__).resolve().parent.parent
# The first version of the contract, kept here so a plain clone can test against it.
FIRST_FORMAT = Path(__file__).resolve().parent / "fixtures" / "role-format-v1.md"


def documented(path: Path) -> set[str]:
    """Return the field names in the first column of a format page's tables."""
    return set(re.findall(r"^\| `([a-z0-9_.\[\]]+)` \|", path.read_text("utf-8"), re.M))


def leaf_fields(fields: dict[str, Spec], prefix: str = "") -> Iterator[str]:
    """Yield every field as the format pages name it: salary.range, skills[].importance."""
    for name, spec in fields.items():
        if isinstance(spec, Record):
            yield from leaf_fields(spec.fields, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}"
            if isinstance(spec, ListOf) and isinstance(spec.item, Record):
                yield from (f"{prefix}{name}[].{sub}" for sub in spec.item.fields)


def test_the_project_format_page_documents_exactly_the_validated_fields() -> None:
    code = set(leaf_fields(ROLE_FIELDS))
    top_and_extensions = {f for f in code if "[]" not in f} | {
        "skills[].importance", "skills[].description", "sources[].attribution"}
    assert documented(ROOT / "docs" / "role-format.md") == top_and_extensions


def test_every_field_of_the_first_contract_is_still_validated() -> None:
    assert documented(FIRST_FORMAT) <= set(leaf_fields(ROLE_FIELDS))
