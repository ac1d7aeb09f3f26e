"""YAML read safely: one document, no anchors or aliases, no duplicate keys, line numbers kept.

PyYAML alone keeps the last of two duplicate keys, expands aliases (which can explode) and
gives no line numbers once a value is loaded. Here the document is composed into nodes, checked,
and each value is kept with the node it came from, so messages can name the line and what the
author wrote. The C loader is used when PyYAML has it: it is about ten times faster.

PyYAML composes and constructs nested collections by recursion: thousands of levels end in a
RecursionError, or with the C loader in a crash of the whole process. So before composing, the
parser's events (made without recursion, by either loader) are read once to find anchors, aliases
and collections nested deeper than limits.YAML_MAX_DEPTH, stopping at the first.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

import yaml

from . import characters
from .limits import YAML_MAX_DEPTH

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlProblem(NamedTuple):
    line: int
    message: str


STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
# YAML reads these as line breaks (YAML 1.1, section 5.4) where editors show none, so every line number
# after one would be wrong; they are refused with the line an editor shows.
YAML_ONLY_BREAKS = re.compile("[\u2028\u2029]")
OPENS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
CLOSES = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def compose(text: str) -> tuple[yaml.Node | None, list[YamlProblem]]:
    """The single document in `text` as a node tree, or None and the reasons it was refused.

    Refused: forbidden characters, anchors and aliases, nesting deeper than YAML_MAX_DEPTH, invalid
    YAML, more than one document; a mapping with a key twice gives the tree and a problem for each
    repeated key. Problems carry the 1-based line in `text`.
    """
    forbidden = characters.forbidden_lines(text)  # YAML's reader would stop at the first, naming no fix
    if forbidden:
        return None, [YamlProblem(line, message) for line, message in forbidden]
    breaks = YAML_ONLY_BREAKS.search(text)
    if breaks:
        name = "line separator" if breaks[0] == "\u2028" else "paragraph separator"
        return None, [
            YamlProblem(
                text.count("\n", 0, breaks.start()) + 1,
                f"this line holds an invisible {name} (U+{ord(breaks[0]):04X}), which YAML reads as a line break; "
                "replace it with a space",
            )
        ]
    try:
        problem = _shape_problem(text)
        if problem is not None:
            return None, [problem]
        documents = list(yaml.compose_all(text, Loader=Loader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        return None, [YamlProblem(line, f"this is not valid YAML: {error.problem}")]
    if len(documents) > 1:
        lines = text.split("\n")
        second = documents[1].start_mark.line
        separator = next((n for n in range(second, -1, -1) if lines[n].startswith("---")), second)
        return None, [YamlProblem(separator + 1, "only one YAML document is allowed; remove the extra '---' line")]
    node = documents[0] if documents else None
    return node, duplicate_keys(node) if node is not None else []


def _shape_problem(text: str) -> YamlProblem | None:
    """The first anchor, alias or too deeply nested collection in `text`, read from the parser's events."""
    depth = 0
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:  # an alias's anchor is its name
            return YamlProblem(
                event.start_mark.line + 1,
                "YAML anchors (&) and aliases (*) are not allowed; write the value out in full",
            )
        if isinstance(event, OPENS):
            depth += 1
            if depth > YAML_MAX_DEPTH:
                return YamlProblem(
                    event.start_mark.line + 1,
                    f"this list or mapping is nested {depth} levels deep; Learnlog allows at most {YAML_MAX_DEPTH} "
                    "(a link note needs 3 or 4): remove the extra '[', '{' or '-', or the extra indentation",
                )
        elif isinstance(event, CLOSES):
            depth -= 1
    return None


def duplicate_keys(node: yaml.Node) -> list[YamlProblem]:
    problems = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 1
            if key in seen:
                problems.append(YamlProblem(line, f"'{key}' appears twice (first on line {seen[key]}); keep one"))
            seen.setdefault(key, line)
            problems += duplicate_keys(value_node)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            problems += duplicate_keys(item)
    return problems


def value_of(node: yaml.Node) -> object:
    """The Python value of a checked node (safe types only: a `!!python` tag raises).

    A scalar YAML cannot turn into a value (2026-11-31 looks like a date but is none) stays
    the text the author wrote, for the field's own check to explain.
    """
    if isinstance(node, yaml.ScalarNode) and node.tag == STR_TAG:
        return node.value  # what the constructor gives for text, without making one
    if isinstance(node, yaml.SequenceNode) and node.tag == SEQ_TAG:  # each item by this rule: [2026-11-31]
        return [value_of(item) for item in node.value]
    if isinstance(node, yaml.MappingNode) and node.tag == MAP_TAG:
        return {_hashable(value_of(key)): value_of(value) for key, value in node.value}
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except yaml.YAMLError:  # a tag that is not allowed: the caller names it
        raise
    except Exception as error:  # `!!bool nope`, `!!timestamp nope`: the constructor fails in its own ways
        if isinstance(node, yaml.ScalarNode):
            return node.value
        raise yaml.YAMLError(f"cannot read {node.tag}") from error


def _hashable(key: object) -> object:
    """A mapping's key as Python can hold it: a list or mapping used as a key becomes its text."""
    return key if isinstance(key, (str, int, float, bool, type(None), date)) else repr(key)


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def written_as(node: yaml.Node) -> str:
    """What the author typed for a scalar, for messages such as: write "no" in quotes."""
    return node.value if isinstance(node, yaml.ScalarNode) else ""


def is_plain_non_text(node: yaml.Node) -> bool:
    """True for an unquoted scalar that YAML reads as a bool, number, date or null, not text."""
    return (
        isinstance(node, yaml.ScalarNode)
        and not node.style  # the C loader says "" for plain, the Python one None
        and node.tag != "tag:yaml.org,2002:str"
    )
