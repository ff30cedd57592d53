"""YAML files to plain data, remembering the line of every field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from . import pyyaml  # noqa: F401 - before PyYAML, to make its import cheaper

# isort: split
import yaml

from .errors import clipped
from .model import Problem
from .reading import MAX_BYTES
from .rolefile import read_file
from .scalars import (
    BOOL,
    FLOAT,
    INT,
    MAP,
    NULL,
    SEQ,
    STR,
    Loader,
    NotOfTag,
    ResolvedTag,
    scalar_value,
    short_tag,
)
from .yaml12 import disagreement

MAX_NODES = 100_000  # aliases can expand a small file into billions of nodes
MAX_DEPTH = 32
# Below this many characters that may open a collection, a file is composed without first
# measuring its depth (see could_nest_deep).
SAFE_OPENERS = 1_000
_OPENERS = "[{-?:"

FieldPath = tuple[str | int, ...]

_SCALARS = {STR, INT, FLOAT, BOOL, NULL, "tag:yaml.org,2002:timestamp"}


class Document(msgspec.Struct, frozen=True):
    """A loaded YAML file: its data and the line where each field path starts."""

    path: str
    data: Any
    lines: dict[FieldPath, int]
    # plain values YAML 1.2 editors read otherwise, with what to write (see yaml12.py)
    hints: dict[FieldPath, str] = msgspec.field(default_factory=dict)

    def line_of(self, where: FieldPath) -> int:
        """Return the line of `where`, or of its nearest ancestor that has one."""
        while where not in self.lines and where:
            where = where[:-1]
        return self.lines.get(where, 1)


class _Walk:
    """Turns a composed node tree into plain data, collecting problems as it goes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: dict[FieldPath, int] = {}
        self.hints: dict[FieldPath, str] = {}
        self.problems: list[Problem] = []
        self.nodes = 0
        # whether some part was left unread or read near MAX_DEPTH: a part that may nest
        # deeper than the walk saw
        self.doubtful = False
        self.constructor = yaml.constructor.SafeConstructor()

    def problem(self, node: yaml.Node, where: FieldPath, message: str) -> None:
        self.doubtful = True  # the part of the file the problem is in may be left unread
        self.problems.append(
            Problem(self.path, node.start_mark.line + 1, field_name(where), message)
        )

    def value(self, node: yaml.Node, where: FieldPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(where[:1], self.lines.get(where[:1], node.start_mark.line + 1))
        if len(where) >= MAX_DEPTH - 1:
            self.doubtful = True
            if len(where) > MAX_DEPTH:
                self.problem(node, where, f"nested more than {MAX_DEPTH} levels deep")
                return None
        self.lines.setdefault(where, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, where)
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node, where)
        return self.scalar(node, where)

    def mapping(self, node: yaml.MappingNode, where: FieldPath) -> dict[str, Any] | None:
        if node.tag != MAP:
            self.problem(node, where, f"the tag {short_tag(node.tag)} is not allowed")
            return None
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, where)
            if key is None:
                continue
            if key in first_line:
                self.problem(key_node, (*where, key),
                             f"duplicate key; first set on line {first_line[key]}")
                continue
            first_line[key] = key_node.start_mark.line + 1
            self.lines[(*where, key)] = first_line[key]
            result[key] = self.value(value_node, (*where, key))
        return result

    def key(self, node: yaml.Node, where: FieldPath) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:merge":
            self.problem(node, where, "keys must be plain names (no lists, maps or '<<' merges)")
            return None
        # The key's text, not its YAML 1.1 value: a race named "No" must not become False.
        return str(node.value)

    def sequence(self, node: yaml.SequenceNode, where: FieldPath) -> list[Any] | None:
        if node.tag != SEQ:
            self.problem(node, where, f"the tag {short_tag(node.tag)} is not allowed")
            return None
        return [self.value(item, (*where, i)) for i, item in enumerate(node.value)]

    def scalar(self, node: yaml.Node, where: FieldPath) -> Any:
        tag, text = node.tag, node.value
        if tag not in _SCALARS:
            self.problem(node, where, f"the tag {short_tag(tag)} is not allowed")
            return None
        # a quoted value, or one tagged !!str, is text to every reader; a plain one read as
        # its text resolves or by its tag (`!!int 010`: 8, and 10 in YAML 1.2) may differ
        plain = isinstance(node, yaml.ScalarNode) and not node.style
        if (isinstance(tag, ResolvedTag) or (plain and tag != STR)) \
                and (hint := disagreement(tag, text)):
            self.hints[where] = hint
        try:
            return scalar_value(tag, text, self.constructor, node)
        except NotOfTag as error:
            self.problem(node, where, f"cannot read this value ({error})")
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            self.problem(node, where, f"cannot read this value ({first_line(error)})")
        return None


class _TooBig(Exception):
    def __init__(self, where: FieldPath, line: int) -> None:
        self.where, self.line = where, line  # the top-level field that expands too far


def field_name(where: FieldPath) -> str:
    """Return a field path as contributors write it: salary.range, skills[2].share."""
    text = ""
    for part in where:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not (part and part.isprintable()):
            # a key must not break the one-line message or drive the terminal
            text += f"[{clipped(part, quote=True)}]"
        else:  # nor make a line of 3,000 characters
            text += f".{clipped(part)}" if text else clipped(part)
    return text


def first_line(error: BaseException) -> str:
    """Return the first line of an exception's message."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Return the file's text, or problems if it is too big, empty or not UTF-8."""
    if len(raw) > MAX_BYTES:
        return None, [Problem(path, 1, "", f"file is {len(raw):,} bytes; the limit is "
                                           f"{MAX_BYTES:,}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(path, line, "", f"not valid UTF-8 (byte {error.start})")]
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [Problem(path, 1, "", "file is empty")]
    return text, []


def syntax_problem(path: str, error: yaml.MarkedYAMLError) -> Problem:
    """Return a YAML syntax error as a problem, naming where the broken part began."""
    mark = error.problem_mark or error.context_mark
    message = f"YAML syntax: {error.problem or first_line(error)}"
    if error.context and error.context_mark and error.context_mark is not mark:
        message += f" ({error.context} that starts on line {error.context_mark.line + 1})"
    return Problem(path, mark.line + 1 if mark else 1, "", message)


def too_deep(text: str) -> int | None:
    """Return the line where the document first nests more than MAX_DEPTH collections."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):  # libyaml parses with a loop
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1 if event.start_mark else 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        # PyYAML 6.0.4 and later stop at a nesting limit of their own while scanning ahead.
        if "nesting depth" not in (error.problem or "") or error.problem_mark is None:
            raise
        return error.problem_mark.line + 1
    return None


def could_nest_deep(text: str) -> bool:
    """Return whether `text` may nest so deep that composing it could exhaust the C stack.

    Each collection YAML opens starts at a character of its own among `[ { - ? :`: a flow
    collection at its bracket, a block sequence (indentless too) at a "-", a block mapping
    at the ":" or "?" of its first key, a one-pair mapping in a flow sequence at its ":" or
    "?". So a text holding few of them cannot nest more than that many levels, however
    they are placed, quoted or commented. libyaml's composer takes 300 to 400 bytes of C
    stack a level: 1,000 levels take 0.4 MB, where 30,000 crash a process (8 MB of stack).
    """
    return sum(map(text.count, _OPENERS)) > SAFE_OPENERS


def parse(path: str, text: str) -> tuple[Document | None, list[Problem]]:
    """Return the document in `text`, or the problems that keep it from being read: the
    problems `parse_measured` returns, without its second pass over a file that is read
    without a problem."""
    if could_nest_deep(text):
        return parse_measured(path, text)
    try:
        root = yaml.compose(text, Loader=Loader)
    except (yaml.YAMLError, RecursionError):
        return parse_measured(path, text)  # the error or the depth it meets first
    walk, result = read_root(path, root)
    if walk.doubtful:  # a part left unread, or read near the limit, may nest too deep
        return parse_measured(path, text)
    return result


def parse_measured(path: str, text: str) -> tuple[Document | None, list[Problem]]:
    """Return the document in `text`, or the problems that keep it from being read; its depth
    measured before libyaml composes it."""
    try:
        # libyaml composes by recursion in C: 100,000 "[" crash the process, so measure first.
        deep = too_deep(text)
        if deep is not None:
            message = f"nested more than {MAX_DEPTH} levels deep"
            return None, [Problem(path, deep, "", message)]
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        return None, [syntax_problem(path, error)]
    except yaml.reader.ReaderError as error:  # a character YAML forbids: no mark, a position
        line = text[: error.position].count("\n") + 1
        return None, [Problem(path, line, "", f"YAML syntax: {first_line(error)}")]
    except (yaml.YAMLError, RecursionError) as error:
        return None, [Problem(path, 1, "", f"YAML syntax: {first_line(error)}")]
    return read_root(path, root)[1]


def read_root(path: str, root: yaml.Node | None) -> tuple[_Walk, tuple[
        Document | None, list[Problem]]]:
    """Return the walk over a composed document and the document, or its problems."""
    walk = _Walk(path)
    if root is None:
        return walk, (None, [Problem(path, 1, "", "file is empty")])
    try:
        data = walk.value(root, ())
    except _TooBig as big:
        walk.doubtful = True
        message = f"more than {MAX_NODES:,} values (are aliases expanding?)"
        return walk, (None, [Problem(path, big.line, field_name(big.where), message)])
    return walk, (Document(path, data, walk.lines, walk.hints), walk.problems)


def load_bytes(path: str, raw: bytes) -> tuple[Document | None, list[Problem]]:
    """Return the YAML document in `raw`, or the problems found reading it."""
    text, problems = decode(path, raw)
    if text is None:
        return None, problems
    return parse(path, text)


def load_document(file: Path, shown_as: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Return the YAML document in `file`, or the problems found reading it."""
    path = shown_as or str(file)
    raw, problems = read_file(file, path)
    return (None, problems) if raw is None else load_bytes(path, raw)
