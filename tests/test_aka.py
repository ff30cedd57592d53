"""A role page's other titles: the first few under its heading, the rest on demand."""

from __future__ import annotations

from pathlib import Path

import yaml

from versus.engine.build import BuildOptions, build_site
from versus.engine.prepare import AKA_SHOWN


def role_page(tmp_path: Path, names: list[str]) -> str:
    content = tmp_path / "content"
    (content / "roles").mkdir(parents=True)
    (content / "roles" / "nurse.yaml").write_text(
        yaml.safe_dump({"title": "Nurse", "also_known_as": names}), "utf-8")
    (content / "roles" / "pilot.yaml").write_text("title: Pilot\n", "utf-8")
    build_site(BuildOptions(content=content, out=tmp_path / "site"))
    return (tmp_path / "site" / "roles" / "nurse" / "index.html").read_text("utf-8")


def test_one_title_more_than_the_few_shown_is_shown_not_hidden_behind_and_1_more(
        tmp_path: Path) -> None:
    """'and 1 more' hid a single title behind a click, in as much room as the title itself
    (Toolmaker on Tool and Die Maker's page, and 97 other US role pages)."""
    names = [f"Name {k} R&D <x>" for k in range(AKA_SHOWN + 1)]
    text = role_page(tmp_path, names)
    assert "<details>" not in text
    assert ", ".join(name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                     for name in names) in text


def test_two_titles_more_than_the_few_shown_are_behind_and_2_more(tmp_path: Path) -> None:
    names = [f"Name {k} R&D" for k in range(AKA_SHOWN + 2)]
    shown, _, rest = role_page(tmp_path, names).partition("<details>")
    assert ", ".join(n.replace("&", "&amp;") for n in names[:AKA_SHOWN]) in shown
    assert names[AKA_SHOWN].replace("&", "&amp;") not in shown
    assert rest.startswith("<summary>and 2 more</summary>"
                           + ", ".join(n.replace("&", "&amp;") for n in names[AKA_SHOWN:]))
