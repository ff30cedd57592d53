"""The build state: plain data, versioned, never trusted; what a rebuild renders follows reads."""

from __future__ import annotations

import json
import os
import pickle
import re
from pathlib import Path

import pytest
from markupsafe import Markup

from versus.bench.fake import write_fake_content
from versus.engine.build import BuildOptions, build_site, fixed_hashes
from versus.engine.content import load_content
from versus.engine.hashing import engine_digest
from versus.engine.inputs import Inputs
from versus.engine.output import cache_folder
from versus.engine.pages import KINDS
from versus.engine.pairs import Pairing
from versus.engine.state import (
    BuildState,
    changes,
    load_state,
    next_state,
    state_bytes,
)
from versus.engine.unchanged import STATE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    content, out = tmp_path / "content", tmp_path / "site"
    write_fake_content(content, 5)
    build_site(BuildOptions(content=content, out=out))
    return content, out


def inputs_of(content: Path) -> Inputs:
    found = load_content(content)
    options = BuildOptions(content=content)
    return Inputs(found.site, Pairing(found.roles), fixed_hashes(options, engine_digest()), found.files)


def test_the_state_is_json_naming_what_each_kind_of_page_read(built: tuple[Path, Path]) -> None:
    _, out = built
    data = json.loads((cache_folder(out) / STATE).read_text("utf-8"))
    assert data["format"] == 3
    assert ["role", 0] in data["reads"]["pair"] and ["role", 1] in data["reads"]["pair"]
    assert ["roles"] in data["reads"]["index"]
    assert ["templates", "notfound"] in data["reads"]["notfound"]
    assert all(isinstance(v, str) for v in data["hashes"].values())


def test_the_same_state_writes_the_same_bytes(built: tuple[Path, Path]) -> None:
    _, out = built
    state, notice = load_state(cache_folder(out))
    assert notice is None
    assert state_bytes(state) == (cache_folder(out) / STATE).read_bytes()


@pytest.mark.parametrize("raw", [b"", b"not json", b'{"format": 3}',
                                 json.dumps({"format": 2, "hashes": {}, "reads": {},
                                             "files": 0, "bytes": 0}).encode(),
                                 pickle.dumps({"format": 3})])
def test_a_corrupt_or_foreign_state_means_a_full_build_with_a_notice(
        built: tuple[Path, Path], raw: bytes) -> None:
    content, out = built
    (cache_folder(out) / STATE).write_bytes(raw)
    state, notice = load_state(cache_folder(out))
    assert state == BuildState() and notice and "building every page" in notice
    notices: list[str] = []

    class Listener:
        def expect(self, pages: int) -> None: ...
        def advance(self, pages: int) -> None: ...
        def notice(self, line: str) -> None:
            notices.append(line)

    result = build_site(BuildOptions(content=content, out=out), Listener())
    assert result.written == 0 and len(notices) == 1  # rendered again, same bytes
    assert load_state(cache_folder(out))[1] is None


def test_nothing_changed_means_nothing_to_render(built: tuple[Path, Path]) -> None:
    content, out = built
    old, _ = load_state(cache_folder(out))
    assert changes(old, inputs_of(content), KINDS).nothing


def test_a_role_edit_dirties_its_pages_and_the_pages_that_show_every_role(
        built: tuple[Path, Path]) -> None:
    content, out = built
    old, _ = load_state(cache_folder(out))
    role = sorted((content / "roles").glob("*.yaml"))[2]
    role.write_text(re.sub(r"^  major: .*", "  major: History", role.read_text("utf-8"),
                           count=1, flags=re.M), "utf-8")
    found = changes(old, inputs_of(content), KINDS)
    # Pages that show every role (one each: index, search index) render again.
    assert "index" in found.kinds and not found.kinds & {"role", "pair", "category"}
    assert not found.listing
    assert found.slugs["role"][0] == {role.stem}
    assert found.slugs["category"][0] and len(found.slugs["category"][0]) == 1  # its family
    assert found.slugs["pair"][0] | found.slugs["pair"][1] == {role.stem}


def test_the_sitemap_renders_again_when_a_role_gives_other_figures_not_other_values(
        built: tuple[Path, Path]) -> None:
    """The sitemap leaves thin comparisons out: which figures a role gives decides that."""
    content, out = built
    old, _ = load_state(cache_folder(out))
    role = sorted((content / "roles").glob("*.yaml"))[2]
    text = role.read_text("utf-8")
    role.write_text(re.sub(r"(?m)^  yearly: \d+", "  yearly: 99999", text, count=1), "utf-8")
    assert "sitemap" not in changes(old, inputs_of(content), KINDS).kinds
    role.write_text(re.sub(r"(?m)^job_satisfaction: .*\n", "", text, count=1), "utf-8")
    assert "sitemap" in changes(old, inputs_of(content), KINDS).kinds


def test_a_kind_never_rendered_is_wholly_dirty(built: tuple[Path, Path]) -> None:
    content, _ = built
    inputs = inputs_of(content)
    state = next_state(inputs, {"index": frozenset({("engine",)})}, 0, 0)
    assert changes(state, inputs, KINDS).kinds == set(KINDS) - {"index"}


def test_a_library_upgrade_rebuilds_every_page(built: tuple[Path, Path],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    content, out = built
    old, _ = load_state(cache_folder(out))
    inputs = inputs_of(content)
    inputs.hashes[("engine",)] = "another version of Jinja2"
    assert changes(old, inputs, KINDS).kinds == set(KINDS) - {"sitemap-index"}


def test_the_engine_hash_is_read_back_only_while_no_file_of_it_moved(tmp_path: Path) -> None:
    memo = tmp_path / "engine"
    real = engine_digest()
    assert engine_digest(memo) == real and memo.exists()
    signature, _ = memo.read_text("utf-8").split("\n")
    memo.write_text(f"{signature}\nkept", "utf-8")
    assert engine_digest(memo) == "kept"  # no file moved: the kept hash serves
    memo.write_text("another signature\nkept", "utf-8")  # a file moved, or Python changed
    assert engine_digest(memo) == real  # made again from the bytes: same bytes, same hash
    memo.write_text("not a memo", "utf-8")
    assert engine_digest(memo) == real


def test_the_caches_give_back_exactly_what_was_parsed(tmp_path: Path) -> None:
    """37 and 37.0 print differently: a cache that turned one into the other would change
    pages depending on whether a role was parsed or taken from the cache."""
    from versus.engine.content import Parsed
    from versus.engine.model import Site
    from versus.engine.prepare import kept, kept_type, prepare_roles
    from versus.engine.state import BundleCache, DiskCache

    for folder in (ROOT / "content", ROOT / "sites" / "us", ROOT / "tests" / "sites" / "small"):
        found = load_content(folder)
        BundleCache(tmp_path / "parsed", "x", Parsed | Site).keep(
            {"site": found.site} | {role.slug: (role, 1) for role in found.roles}, True)
        parsed = BundleCache(tmp_path / "parsed", "x", Parsed | Site)
        prepared = DiskCache(tmp_path / "prepared", "x", kept_type())
        roles, _ = prepare_roles(found.roles)
        assert repr(parsed.get("site")) == repr(found.site)
        for role in found.roles:
            prepared.put(role.slug, kept(roles[role.slug]))
            assert repr(parsed.get(role.slug)) == repr((role, 1))
            assert repr(prepared.get(role.slug)) == repr(kept(roles[role.slug]))


def test_the_parse_cache_is_one_file_written_only_when_it_changes(tmp_path: Path) -> None:
    from versus.engine.content import Parsed
    from versus.engine.model import Role
    from versus.engine.state import BundleCache

    path = tmp_path / "parsed"
    one, two = (Role("a", "A"), 3), (Role("b", "B"), 4)
    BundleCache(path, "x", Parsed).keep({"1": one, "2": two}, True)
    cache = BundleCache(path, "x", Parsed)
    assert (cache.get("1"), cache.get("2"), cache.get("3")) == (one, two, None)
    written = path.stat().st_mtime_ns
    os.utime(path, ns=(written - 10**9, written - 10**9))
    cache.keep({"1": one, "2": two}, False)  # the same values: left as it is
    assert path.stat().st_mtime_ns == written - 10**9
    cache.keep({"1": one}, False)  # one is gone: written without it
    assert BundleCache(path, "x", Parsed).get("2") is None
    assert BundleCache(path, "another engine", Parsed).get("1") is None
    path.write_bytes(b"not msgpack")
    assert BundleCache(path, "x", Parsed).get("1") is None


def test_a_bundle_of_another_namespace_is_not_decoded(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Another engine's or other settings' values are dropped unread: decoded whole first, the
    parts of 832 roles left a rebuild of every page bigger than a cold build."""
    from versus.engine import state

    path = tmp_path / "parts"
    state.BundleCache(path, "x", dict[str, Markup]).keep({"k": {"a": Markup("<b>")}}, True)
    decoded: list[object] = []
    monkeypatch.setattr(state, "decode_hook", lambda kind, value: decoded.append(value) or
                        str.__new__(Markup, value))
    assert state.BundleCache(path, "y", dict[str, Markup]).held() == {}
    assert decoded == []
    assert state.BundleCache(path, "x", dict[str, Markup]).get("k") == {"a": Markup("<b>")}
    assert decoded == ["<b>"]


def test_a_rebuild_drops_the_old_hashes_once_it_knows_what_changed() -> None:
    """They would sit beside the new state's to the end, and in every worker."""
    from versus.engine.build import without_hashes
    from versus.engine.state import BuildState

    old = BuildState({"content": "c"}, {"pair": frozenset({("role", 0)})}, 3, 40, ("t", 1))
    assert without_hashes(old) == BuildState({}, old.reads, 3, 40, ("t", 1))


def test_a_role_an_earlier_build_prepared_holds_the_role_loaded_not_a_copy(
        tmp_path: Path) -> None:
    from versus.engine.prepare import UNKNOWN, kept, kept_type, prepare_roles
    from versus.engine.state import DiskCache

    found = load_content(ROOT / "tests" / "sites" / "small")
    cache = DiskCache(tmp_path / "prepared", "x", kept_type(), (UNKNOWN,))
    roles, _ = prepare_roles(found.roles)
    for slug, prepared in roles.items():
        cache.put(slug, kept(prepared))
    again, fresh = prepare_roles(found.roles, cache.get)
    assert not fresh and repr(again) == repr(roles)
    assert all(again[role.slug].role is role for role in found.roles)
    # The "not known" mark is the one object every role shows, as when they were prepared.
    unknown = [cell for role in again.values() for cell in role.cells.values()
               if cell == UNKNOWN]
    assert len(unknown) > len(again) and all(cell is UNKNOWN for cell in unknown)
    # Any other mark a value holds twice is one object too.
    pair = DiskCache(tmp_path / "pair", "x", tuple[Markup, Markup])
    pair.put("k", (Markup("<b>"), Markup("<b>")))
    first, second = pair.get("k")
    assert first == Markup("<b>") and type(first) is Markup and first is second


def test_a_rebuild_of_the_same_content_takes_what_it_is_made_of_from_the_state(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Standings, related roles and cards are worked out again only when the content, the
    settings or the engine changed; an edit still finds every page it changes."""
    from versus.engine import inputs

    content, out = tmp_path / "content", tmp_path / "site"
    write_fake_content(content, 8)
    build_site(BuildOptions(content=content, out=out))
    real = inputs.standings

    def refused(*args: object) -> object:
        raise AssertionError("worked out again")

    monkeypatch.setattr(inputs, "standings", refused)
    again = build_site(BuildOptions(content=content, out=out))
    assert again.written == again.removed == 0
    role = next((content / "roles").iterdir())
    role.write_text(re.sub(r"yearly: (\d+)", lambda m: f"yearly: {int(m[1]) * 3}",
                           role.read_text(), count=1))
    with pytest.raises(AssertionError, match="worked out again"):
        build_site(BuildOptions(content=content, out=out))
    monkeypatch.setattr(inputs, "standings", real)
    edited = build_site(BuildOptions(content=content, out=out))
    assert edited.written > 1
    build_site(BuildOptions(content=content, out=tmp_path / "clean"))
    assert all((out / p.relative_to(tmp_path / "clean")).read_bytes() == p.read_bytes()
               for p in (tmp_path / "clean").rglob("*.html"))
