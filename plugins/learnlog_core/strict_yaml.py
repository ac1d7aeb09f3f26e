"""YAML read safely: one document, no anchors or aliases, no duplicate keys, line numbers kept.

PyYAML alone keeps the last of two duplicate keys, expands aliases (which can explode) and
gives no line numbers once a value is loaded. Here the document is composed into nodes, checked,
and each value is kept with the node it came from, so messages can name the line and what the
author wrote. The C loader is used when PyYAML has it: it is about ten times faster.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

from . import characters

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlProblem(NamedTuple):
    line: int
    message: str


# An anchor (&name) or alias (*name) starts where a value can: after a space, a line break or
# [ { , : (or at the very start). A text without one of those never needs the slower token scan.
MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:])[&*]")
STR_TAG = "tag:yaml.org,2002:str"


def compose(text: str) -> tuple[yaml.Node | None, list[YamlProblem]]:
    """The single document in `text` as a node tree, or None and the reasons it was refused."""
    forbidden = characters.forbidden_lines(text)  # YAML's reader would stop at the first, naming no fix
    if forbidden:
        return None, [YamlProblem(line, message) for line, message in forbidden]
    try:
        tokens = yaml.scan(text, Loader=Loader) if MAYBE_ANCHOR.search(text) else ()
        for token in tokens:
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                return None, [
                    YamlProblem(
                        token.start_mark.line + 1,
                        "YAML anchors (&) and aliases (*) are not allowed; write the value out in full",
                    )
                ]
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
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except (ValueError, OverflowError):
        if isinstance(node, yaml.ScalarNode):
            return node.value
        raise


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
