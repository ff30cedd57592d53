"""A one-role edit reads each role file once, and converts with Markdown only the texts no
earlier build converted: its pages are a cold build's all the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_unchanged import Site, edit_role, tree

from versus.engine import content, links
from versus.engine.build import MARKDOWN
from versus.engine.model import Problem
from versus.engine.output import cache_folder
from versus.engine.rolefile import read_file
from versus.engine.state import BundleCache


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    made = Site(tmp_path, monkeypatch)
    made.build()
    forget_html()
    return made


def forget_html() -> None:
    """Forget the HTML and the links this process found, as a new process has none."""
    links.converted().clear()
    links.link_problems.cache_clear()


def raise_pay(site: Site) -> None:
    """Change the salary of one role, and none of its texts."""
    role = site.role
    text = role.read_text("utf-8")
    assert "yearly: " in text
    role.write_text(text.replace("yearly: ", "yearly: 1", 1), "utf-8")


def kept_html(site: Site) -> dict[str, str]:
    """Return the HTML the builds of `site` keep, by Markdown text."""
    engine = (cache_folder(site.out) / "engine").read_text("utf-8").split("\n")[1]
    return BundleCache(cache_folder(site.out) / MARKDOWN, engine, str).held()


def test_an_edit_takes_the_role_files_the_fingerprint_read(site: Site) -> None:
    read: list[str] = []

    def counted(file: Path, shown_as: str) -> tuple[bytes | None, list[Problem]]:
        read.append(file.name)
        return read_file(file, shown_as)

    site.monkeypatch.setattr(content, "read_file", counted)
    raise_pay(site)
    site.build()
    assert site.builds == 2
    assert read == ["site.yaml"]  # no role file read a second time
    assert tree(site.out) == site.cold()


def refuse_markdown() -> None:
    raise AssertionError("Markdown's parser was asked for")


def test_an_edit_of_no_text_needs_no_markdown(site: Site) -> None:
    site.monkeypatch.setattr(links, "parser", refuse_markdown)
    raise_pay(site)
    site.build()
    assert site.builds == 2
    site.monkeypatch.undo()  # a cold build converts every text
    forget_html()
    assert tree(site.out) == site.cold()


def test_an_edited_text_is_converted_and_kept_in_place_of_the_old(site: Site) -> None:
    before = kept_html(site)
    slug = site.role.stem
    old = next(r.summary for r in content.load_content(site.content).roles if r.slug == slug)
    assert old in before and "plans it" in old
    new = old.replace("plans it", "plans IT")
    edit_role(site)
    site.build()
    after = kept_html(site)
    assert old not in after and after[new] == links.parser().reset().convert(new)
    assert after.keys() == before.keys() - {old} | {new}
    forget_html()
    assert tree(site.out) == site.cold()


def test_a_text_kept_stripped_by_its_role_needs_no_markdown_either(site: Site) -> None:
    role = site.role
    text = role.read_text("utf-8")
    start = text.index("summary: ")
    end = text.index("\n", text.index("every day", start))
    role.write_text(text[:start] + "summary: |\n  Plans [the work](https://example.org/).\n"
                    + text[end + 1:], "utf-8")
    site.build()  # validation converts the text as written, with its last newline
    forget_html()
    site.monkeypatch.setattr(links, "parser", refuse_markdown)
    raise_pay(site)
    site.build()
    assert site.builds == 3


def test_a_process_that_builds_again_writes_no_kept_html_after_an_edit_of_no_text(
        site: Site) -> None:
    # The preview builds in one process: the text an edit replaced, left in its memory,
    # was found missing from the kept HTML by every later build, which wrote it again.
    raise_pay(site)
    site.build()  # the role's texts as they were, now in this process's memory
    edit_role(site)
    site.build()
    kept = cache_folder(site.out) / MARKDOWN
    written = kept.stat().st_ino, kept.stat().st_mtime_ns
    raise_pay(site)
    site.build()
    assert site.builds == 4
    assert (kept.stat().st_ino, kept.stat().st_mtime_ns) == written
    forget_html()
    assert tree(site.out) == site.cold()
