"""The YAML loader: a file read in one pass says exactly what the measured, two-pass read says."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from versus.engine import load
from versus.engine.load import MAX_DEPTH, SAFE_OPENERS, could_nest_deep, parse, parse_measured

HOSTILE = Path(__file__).resolve().parent / "hostile"
ROLES = Path(__file__).resolve().parent.parent / "content" / "roles"
MANY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces YAML builds collections from, and pieces that break it: tags, anchors, aliases,
# duplicate keys, document markers and forbidden characters.
PIECES = st.sampled_from(["[", "]", "{", "}", "- ", "-", "? ", ": ", ":", ",", "\n", "  ",
                          "a", "a", "b", "1", "&x ", "*x", "!!str ", "!!python/tuple ", "<<",
                          "'q'", '"', "#", "---\n", "...\n", "\t", "\x00", "%"])
YAML_TEXT = st.lists(PIECES, max_size=60).map("".join)


def nested(levels: int) -> str:
    """Return a role file whose summary nests `levels` block sequences."""
    return "title: Deep\nsummary:\n" + "".join("  " * i + "- \n" for i in range(levels))


def same(text: str) -> None:
    """Check that the one-pass read of `text` returns what the measured read returns."""
    assert repr(parse("x.yaml", text)) == repr(parse_measured("x.yaml", text))  # NaN != NaN


@MANY
@given(YAML_TEXT)
def test_one_pass_and_measured_reads_agree(text: str) -> None:
    same(text)


@MANY
@given(YAML_TEXT)
def test_no_text_nests_deeper_than_its_collection_openers(text: str) -> None:
    # The bound that lets a file be composed unmeasured (see could_nest_deep).
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=load.SafeLoader):
            depth += isinstance(event, yaml.CollectionStartEvent)
            depth -= isinstance(event, yaml.CollectionEndEvent)
            deepest = max(deepest, depth)
    except yaml.YAMLError:
        pass  # the events up to the error count too
    assert deepest <= sum(map(text.count, "[{-?:"))


@pytest.mark.parametrize("text", [
    nested(31), nested(32), nested(33), nested(40),  # around the limit, unmeasured
    "a: " + "[" * 32 + "]" * 32,  # exactly at the limit
    "a: " + "[" * 33 + "]" * 33,
    "a: " + "[" * 40 + "]" * 40 + "\na: 1\n",  # too deep, then a duplicate key
    "a: 1\na: " + "[" * 40 + "]" * 40,  # too deep under a duplicate key, left unread
    "? [a]\n: " + "[" * 40 + "]" * 40,  # under a key that is a list, left unread
    "a: !!python/tuple " + "[" * 40 + "]" * 40,  # under a tag refused, left unread
    "a: " + "[" * 40 + "]" * 40 + "\nb: [",  # too deep, then a syntax error
    "a: [\nb: " + "[" * 40 + "]" * 40,  # a syntax error, then too deep
    "a: " + "[" * 40 + "]" * 40 + "\n---\nb: 1\n",  # too deep, then a second document
    "a: 1\n---\nb: " + "[" * 40 + "]" * 40,  # too deep in a second document
    "a: &x " + "[" * 20 + "]" * 20 + "\nb: " + "[" * 20 + "*x" + "]" * 20,  # by an alias
    "a: &x [*x]\n",  # an alias inside itself
    "a: *x\n", "a: 1\n\x00", "a: 'b\n", "",
], ids=lambda text: repr(text[:12]))
def test_hostile_nesting_reads_alike(text: str) -> None:
    same(text)


@pytest.mark.parametrize("case", sorted(HOSTILE.iterdir()), ids=lambda c: c.stem)
def test_hostile_files_read_alike(case: Path) -> None:
    text, _ = load.decode(case.name, case.read_bytes())
    if text is not None:
        same(text)


def test_the_limit_is_met_past_the_openers_bound() -> None:
    levels = SAFE_OPENERS + 1
    text = "title: Deep\nsummary: " + "[" * levels + "]" * levels + "\n"
    assert could_nest_deep(text)
    assert [str(p) for p in parse("x.yaml", text)[1]] == [
        f"x.yaml:2: nested more than {MAX_DEPTH} levels deep"]


def test_a_role_file_is_composed_without_measuring_it(monkeypatch: pytest.MonkeyPatch) -> None:
    measured: list[str] = []
    monkeypatch.setattr(load, "too_deep", measured.append)
    for role in sorted(ROLES.iterdir()):
        text = role.read_text(encoding="utf-8")
        assert not could_nest_deep(text)
        doc, problems = parse(role.name, text)
        assert doc is not None and problems == []
    assert measured == []
