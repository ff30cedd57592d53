"""Each role's parts are kept on disk by role hash (parts.msgpack): a rebuild makes only the
changed roles' parts, and its pages are a cold build's, whatever the file holds."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import msgspec
import pytest
from markupsafe import Markup

from versus.bench.fake import write_fake_content
from versus.engine import render
from versus.engine.build import BuildOptions, build_site
from versus.engine.output import cache_folder, sealed, unsealed
from versus.engine.prepare import PreparedRole
from versus.engine.rebuild import PARTS
from versus.engine.state import BundleCache

ROOT = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def options(tmp_path: Path) -> BuildOptions:
    write_fake_content(tmp_path / "content", 5)
    templates = tmp_path / "templates"
    templates.mkdir()
    for path in (ROOT / "templates").iterdir():
        (templates / path.name).write_bytes(path.read_bytes())
    made = BuildOptions(content=tmp_path / "content", out=tmp_path / "site", jobs=1,
                        templates=templates)
    build_site(made)
    return made


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Return the slugs whose parts the builds made, rather than took from the file."""
    found: list[str] = []
    original = render.Renderer.kept_or_made

    def spy(self: render.Renderer, role: PreparedRole) -> object:
        key = self.role_keys.get(role.slug)
        text = self.kept.get(key) if self.kept is not None and key is not None else None
        if text is None or text.keys() != render.PART_NAMES:
            found.append(role.slug)
        return original(self, role)

    monkeypatch.setattr(render.Renderer, "kept_or_made", spy)
    return found


def cold(options: BuildOptions) -> dict[str, bytes]:
    out = options.out.with_name("cold")
    build_site(options._replace(out=out))
    return tree(out)


def edit_role(options: BuildOptions) -> str:
    role = sorted((options.content / "roles").glob("*.yaml"))[1]
    text = role.read_text("utf-8")
    assert "plans it" in text  # in the summary: a part
    role.write_text(text.replace("plans it", "plans IT"), "utf-8")
    return role.stem


def test_a_role_edit_makes_only_that_roles_parts(options: BuildOptions, made: list[str]) -> None:
    slug = edit_role(options)
    result = build_site(options)
    assert made == [slug] and result.written > 1
    assert tree(options.out) == cold(options)
    assert "plans IT" in (options.out / "roles" / slug / "index.html").read_text()


def test_kept_parts_are_read_as_the_markup_pages_print(options: BuildOptions) -> None:
    """Read as text, every part was copied into Markup: 2.4 MB twice at 832 roles."""
    edit_role(options)
    build_site(options)
    kept = BundleCache(cache_folder(options.out) / PARTS, "", dict[str, Markup])
    namespace, values = kept.head.decode(unsealed(kept.path.read_bytes()))
    parts = kept.decoder.decode(values)
    assert len(parts) == 5 and all(type(part) is Markup for role in parts.values()
                                   for part in role.values())
    store, key = BundleCache(kept.path, namespace, dict[str, Markup]), next(iter(parts))
    renderer = render.Renderer.__new__(render.Renderer)
    renderer.keep_parts(store, {"x": key})
    made = renderer.kept_or_made(SimpleNamespace(slug="x"))  # type: ignore[arg-type]
    assert renderer.made == 0 and made.summary == parts[key]["summary"]
    assert made.summary is store.get(key)["summary"]  # the very markup read, not a copy


def test_a_template_edit_makes_every_part_again(options: BuildOptions, made: list[str]) -> None:
    parts = options.templates / "_parts.html"
    text = parts.read_text("utf-8")
    assert "No responsibilities are listed" in text
    parts.write_text(text.replace("No responsibilities are listed",
                                  "No duties are listed"), "utf-8")
    build_site(options)
    assert len(made) == 5
    assert tree(options.out) == cold(options)


@pytest.mark.parametrize("damage", [
    b"", b"garbage", b"\x92\xa3abc",  # empty, not msgpack, cut short
    msgspec.msgpack.encode(["x", {"a": 1}]),  # another namespace, another shape
])
def test_a_parts_file_that_does_not_read_is_ignored(options: BuildOptions, made: list[str],
                                                    damage: bytes) -> None:
    (cache_folder(options.out) / PARTS).write_bytes(damage)
    edit_role(options)
    build_site(options)
    assert len(made) == 5
    assert tree(options.out) == cold(options)


def test_a_role_kept_without_some_parts_has_them_made(options: BuildOptions,
                                                      made: list[str]) -> None:
    path = cache_folder(options.out) / PARTS
    namespace, kept = msgspec.msgpack.decode(path.read_bytes()[:-4])
    for parts in kept.values():
        del parts["summary"]
    path.write_bytes(sealed(msgspec.msgpack.encode([namespace, kept])))
    edit_role(options)
    build_site(options)
    assert len(made) == 5
    assert tree(options.out) == cold(options)


def test_a_parts_file_changed_in_place_is_ignored(options: BuildOptions, made: list[str]) -> None:
    # A byte changed inside a part's text still decodes: without a check of the whole
    # file, the unchanged roles' pages showed it until each role was edited.
    path = cache_folder(options.out) / PARTS
    data = path.read_bytes()
    at = data.index(b"responsibilities</h2>")
    path.write_bytes(data[:at] + b"RESP" + data[at + 4:])
    edit_role(options)
    build_site(options)
    assert len(made) == 5
    assert tree(options.out) == cold(options)
