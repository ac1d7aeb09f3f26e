"""Split a Markdown file into its metadata header and its body, keeping line numbers.

Two header styles are accepted at the top of a file:

    Title: Why a PLN              ---
    Date: 2026-11-23 09:15        title: Why a PLN
    Tags: pln, habits             date: 2026-11-23 09:15
                                  tags: [pln, habits]
    The body starts here.         ---
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from learnlog_core import strict_yaml

PELICAN_LINE = re.compile(r"^ {0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^ {4,}(?P<value>.*)$")
TABBED_LINE = re.compile(r"^[ \t]*\t[ \t]*[A-Za-z0-9_-]+:")
YAML_START = re.compile(r"^---\s*$")
YAML_END = re.compile(r"^(---|\.\.\.)\s*$")


@dataclass
class Field:
    value: object
    line: int
    # For YAML: the node, to tell "no" (false) from "no" (text) in messages.
    node: object = None


@dataclass
class Header:
    fields: dict[str, Field] = field(default_factory=dict)
    body: str = ""
    problems: list[tuple[int, str]] = field(default_factory=list)


def split(text: str) -> Header:
    lines = text.split("\n")
    if lines and YAML_START.match(lines[0]):
        return _split_yaml(lines)
    return _split_pelican(lines)


def _split_pelican(lines: list[str]) -> Header:
    header = Header()
    key = None
    body_start = 0
    for number, line in enumerate(lines):
        match = PELICAN_LINE.match(line)
        if match:
            key = match["key"].lower()
            if key in header.fields:
                first = header.fields[key].line
                header.problems.append(
                    (number + 1, f"'{match['key']}' appears twice (first on line {first}); keep one")
                )
            else:
                header.fields[key] = Field(match["value"].strip(), number + 1)
        elif key and CONTINUATION.match(line) and line.strip():
            header.fields[key].value = f"{header.fields[key].value} {line.strip()}".strip()
        elif key and TABBED_LINE.match(line):  # would be the post's first line, shown as code
            header.problems.append(
                (
                    number + 1,
                    f"this line starts with a tab, so '{line.strip()[:40]}' is not read as part of the header and "
                    "would be shown in the post; delete the tab",
                )
            )
        else:
            body_start = number + (1 if not line.strip() else 0)
            break
    else:
        body_start = len(lines)
    header.body = "\n".join(lines[body_start:])
    return header


def _split_yaml(lines: list[str]) -> Header:
    header = Header()
    end = next((i for i in range(1, len(lines)) if YAML_END.match(lines[i])), None)
    if end is None:
        header.problems.append((1, "the front matter starting with '---' has no closing '---' line"))
        return header
    # One empty line stands for the opening "---", so YAML's line numbers are the file's.
    node, problems = strict_yaml.compose("\n" + "\n".join(lines[1:end]))
    header.problems += problems
    header.body = "\n".join(lines[end + 1 :])
    if node is None:
        return header
    if not isinstance(node, strict_yaml.yaml.MappingNode):
        header.problems.append((2, "the front matter must be 'key: value' lines, such as 'title: My post'"))
        return header
    for key_node, value_node in node.value:
        if not isinstance(key_node, strict_yaml.yaml.ScalarNode):  # "[a, b]: x" or "{a: b}: x"
            header.problems.append(
                (
                    strict_yaml.line_of(key_node),
                    "a field name must be a word, such as 'title:', not a list or a mapping",
                )
            )
            continue
        key = str(key_node.value).lower()
        if key in header.fields:  # "Title:" and "title:" (YAML itself finds the same name written twice)
            first = header.fields[key].line
            header.problems.append(
                (strict_yaml.line_of(key_node), f"'{key_node.value}' appears twice (first on line {first}); keep one")
            )
            continue
        try:
            value = strict_yaml.value_of(value_node)
        except strict_yaml.yaml.YAMLError:
            header.problems.append(
                (strict_yaml.line_of(value_node), f"'{key}' uses a YAML tag that is not allowed; write a plain value")
            )
            continue
        header.fields.setdefault(key, Field(value, strict_yaml.line_of(key_node), value_node))
    return header
