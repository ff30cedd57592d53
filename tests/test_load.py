"""The YAML loader: one pass reads what the measured two passes read, and scalars, tags and
PyYAML's import are as PyYAML makes them."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from versus.engine import load, pyyaml
from versus.engine.load import MAX_DEPTH, SAFE_OPENERS, could_nest_deep, parse, parse_measured
from versus.engine.scalars import Loader

HOSTILE = Path(__file__).resolve().parent / "hostile"
ROOT = Path(__file__).resolve().parent.parent
ROLES = ROOT / "content" / "roles"
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
        for event in yaml.parse(text, Loader=Loader):
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


# Texts near every form PyYAML's resolver knows: numbers in every base and spelling, booleans,
# nulls, dates, and text that looks like them.
NUMBERISH = st.lists(st.sampled_from([*"0123456789+-._:eExXbBoO", "inf", ".inf", ".nan", "NaN",
                                      "yes", "No", "ON", "off", "true", "~", "null", "2024-",
                                      "06-", "T", " ", "a", "é", "٣"]), max_size=8).map("".join)
TAGS = st.sampled_from(["", "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ",
                        "!!timestamp ", "! "])


@MANY
@given(TAGS, NUMBERISH, st.booleans())
@example("", "012", False).via("octal in YAML 1.1")
@example("!!int ", "-012", False).via("octal, signed")
@example("", "09", False).via("text: no octal digit")
@example("!!int ", "09", False).via("no octal digit")
@example("", "-0.0", False).via("a negative zero")
@example("", "+.5", False).via("no digit before the point")
@example("", "1_000.5", False).via("underscores")
@example("", "1:30", False).via("sexagesimal")
@example("", "1.5e+3", False).via("an exponent")
@example("", "1" * 30, False).via("more digits than a plain int")
@example("!!float ", "1" * 30 + "." + "1" * 30, True).via("more digits than a plain float")
def test_scalars_read_as_pyyaml_reads_them(tag: str, text: str, quoted: bool) -> None:
    source = f"a: {tag}{yaml.safe_dump(text).strip() if quoted else text}\n"
    try:
        expected: object = yaml.load(source, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return  # not a scalar this test is about (a syntax error, or a map)
    except (KeyError, IndexError, AttributeError, ValueError, OverflowError):
        expected = {"a": None}  # a value its tag cannot read: a problem, not an exception
    doc, problems = parse("x.yaml", source)
    assert doc is not None
    assert repr(doc.data) == repr(expected)
    if problems:
        assert expected == {"a": None} and "cannot read this value" in str(problems[0])


@MANY
@given(YAML_TEXT)
def test_tags_resolve_as_the_safe_loaders(text: str) -> None:
    def tags(loader: type) -> list[str] | str:
        try:
            return [getattr(e, "tag", "") or type(e).__name__ for e in yaml.compose_all(
                text, Loader=loader) if e is not None for e in iter_nodes(e)]
        except yaml.YAMLError as error:
            return str(error)

    assert tags(Loader) == tags(yaml.CSafeLoader)


def iter_nodes(node: yaml.Node, depth: int = 0) -> list[yaml.Node]:
    """Return `node` and the nodes under it, to a depth of 40."""
    if depth > 40 or not isinstance(node.value, list):
        return [node]
    found = [node]
    for item in node.value:
        for part in item if isinstance(item, tuple) else (item,):
            found += iter_nodes(part, depth + 1)
    return found


@pytest.mark.parametrize(("text", "message"), [
    ("a: !!bool maybe", "a: cannot read this value (not a !!bool)"),
    ('a: !!bool ""', "a: cannot read this value (not a !!bool)"),
    ('a: !!int ""', "a: cannot read this value (not a !!int)"),
    ('a: !!float ""', "a: cannot read this value (not a !!float)"),
    ("a: !!timestamp soon", "a: cannot read this value (not a !!timestamp)"),
    ("a: !!int 1_0x", "a: cannot read this value (not a !!int)"),
    ("a: !!int 0:30", "a: cannot read this value (not a !!int)"),
    ("a: !!float 0x10", "a: cannot read this value (not a !!float)"),
])
def test_a_value_its_tag_cannot_read_is_a_problem(text: str, message: str) -> None:
    # PyYAML's constructor raised KeyError, IndexError or AttributeError for these.
    _, problems = parse("x.yaml", text)
    assert [str(p) for p in problems] == [f"x.yaml:1: {message}"]


@pytest.mark.parametrize("text", ["1" + ":59" * 1_500, "1" * 4_301, "0x" + "f" * 4_299],
                         ids=["sexagesimal", "decimal", "hexadecimal"])
def test_a_whole_number_too_long_to_print_is_a_problem(text: str) -> None:
    # 1:59:59... has fewer digits than characters, so Python read it, and schema.py's message
    # then failed to print it (a traceback); at 80,000 colons PyYAML took 5 s to make it.
    doc, problems = parse("x.yaml", f"a: {text}\n")
    assert doc is not None and doc.data == {"a": None}
    assert [str(p) for p in problems] == [
        "x.yaml:1: a: cannot read this value (a whole number of more than 4,300 characters)"]


def test_the_cheaper_pattern_matches_what_pyyamls_matches() -> None:
    source = ast.parse(Path(yaml.reader.__file__).read_text(encoding="utf-8"))
    assert pyyaml.NON_PRINTABLE in [node.value.args[0].value for node in ast.walk(source)
                                    if isinstance(node, ast.Assign)
                                    and ast.unparse(node.targets[0]) == "NON_PRINTABLE"
                                    and isinstance(node.value, ast.Call)
                                    and isinstance(node.value.args[0], ast.Constant)]
    original, cheaper = re.compile(pyyaml.NON_PRINTABLE), re.compile(pyyaml.LEFT_OUT)
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert original.findall(every) == cheaper.findall(every)


def test_the_engine_imports_pyyaml_with_the_cheaper_pattern() -> None:
    code = ("import versus.engine.load, yaml\n"
            "print(ascii(yaml.reader.Reader.NON_PRINTABLE.pattern))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.stdout.strip() == ascii(pyyaml.LEFT_OUT)
