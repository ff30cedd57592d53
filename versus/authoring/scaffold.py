"""A new role file with every field of the format, and the JSON Schema that editors read."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import yaml

from ..engine.rolefile import slug_problem, slug_words
from ..engine.schema import ROLE_FIELDS, ListOf, Record, Spec, TextOrNamed, role_json_schema

PROJECT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = PROJECT / "schema" / "role.schema.json"


def schema_text() -> str:
    """Return the JSON Schema of a role file as the committed file holds it."""
    # ASCII only: the text patterns hold control and surrogate code points, escaped this way.
    return json.dumps(role_json_schema(), indent=2, ensure_ascii=True) + "\n"


def slug_of(title: str) -> str:
    """Return the slug a title gives: its ASCII letters and digits, in words joined by hyphens."""
    return "-".join(slug_words(title))


def title_problem(title: str) -> str | None:
    """Return why `title` cannot name a new role, or None when it can."""
    slug = slug_of(title)
    if not slug:
        return "the title needs at least one letter or digit (a-z, 0-9) to make a file name"
    complaints = [message for _, message in ROLE_FIELDS["title"].check(title, ("title",))]
    if complaints:
        return f"the title {complaints[0]}"
    why = slug_problem(slug)
    return f"{slug}.yaml: {why}" if why else None


def schema_line(folder: Path) -> str:
    """Return the comment that points editors in `folder` at the role schema."""
    try:
        where = Path(os.path.relpath(SCHEMA_FILE, folder.resolve())).as_posix()
    except ValueError:  # another drive, on Windows: no relative path exists
        where = SCHEMA_FILE.as_uri()
    return f"# yaml-language-server: $schema={where}"


def doc_of(spec: Spec) -> str:
    """Return the meaning of a field as the format declares it."""
    return str(getattr(spec, "doc", ""))


def yaml_text(value: str) -> str:
    """Return `value` as a YAML scalar: plain when that reads back the same, else quoted."""
    plain = yaml.safe_load(f"key: {value}") if "\n" not in value else None
    return value if plain == {"key": value} else json.dumps(value)


def iter_item_lines(item: Spec, indent: str) -> Iterator[str]:
    """Yield a commented-out list item: its fields, each with its meaning."""
    if isinstance(item, TextOrNamed):
        yield f"{indent}# -"
        name = doc_of(item.named.fields["name"])
        yield f"{indent}# - {{name: , description: }}  # or named, with {name}"
        return
    if not isinstance(item, Record):
        yield f"{indent}# -"
        return
    for number, (name, spec) in enumerate(item.fields.items()):
        dash = "- " if number == 0 else "  "
        empty = " []" if isinstance(spec, ListOf) else ""
        note = doc_of(spec) + (" (required)" if name in item.required else "")
        yield f"{indent}# {dash}{name}:{empty}" + (f"  # {note.strip()}" if note else "")


def iter_field_lines(fields: dict[str, Spec], indent: str = "") -> Iterator[str]:
    """Yield every field of `fields`, empty, each after a comment saying what it means."""
    for name, spec in fields.items():
        if doc_of(spec):
            yield f"{indent}# {doc_of(spec)}"
        yield f"{indent}{name}:"
        if isinstance(spec, Record):
            yield from iter_field_lines(spec.fields, indent + "  ")
        elif isinstance(spec, ListOf):
            yield from iter_item_lines(spec.item, indent + "  ")


def role_text(title: str, folder: Path) -> str:
    """Return a new role file for `title`: every field present, empty and explained."""
    fields = iter_field_lines({k: v for k, v in ROLE_FIELDS.items() if k != "title"})
    return "\n".join([
        schema_line(folder),
        f"# {title}: fill in what you know and leave the rest empty; an empty field shows as",
        '# "not known". Preview while you edit: python build.py serve',
        "# Every field is described in docs/role-format.md.",
        "",
        f"# {doc_of(ROLE_FIELDS['title'])} (required)",
        f"title: {yaml_text(title)}",
        *fields,
        "",
    ])


def write_new_role(folder: Path, title: str) -> Path:
    """Write a new role file for `title` in `folder`; return its path.

    Raises FileExistsError rather than overwrite a role someone wrote.
    """
    path = folder / f"{slug_of(title)}.yaml"
    with path.open("x", encoding="utf-8") as file:
        file.write(role_text(title, folder))
    return path
