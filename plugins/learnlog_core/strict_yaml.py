"""YAML read safely: one document, no anchors or aliases, no duplicate keys, line numbers kept.

PyYAML alone keeps the last of two duplicate keys, expands aliases (which can explode) and
gives no line numbers once a value is loaded. Here the document is composed into nodes, checked,
and each value is kept with the node it came from, so messages can name the line and what the
author wrote. The C loader is used when PyYAML has it: it is about ten times faster.

PyYAML composes and constructs nested collections by recursion: thousands of levels end in a
RecursionError, or with the C loader in a crash of the whole process. So before composing, the
parser's events (made without recursion, by either loader) are read once to find anchors, aliases
and collections nested deeper than limits.YAML_MAX_DEPTH, stopping at the first.

A file YAML cannot read is explained by yaml_messages in plain words, on the line to change. Two
mistakes YAML reads without an error are refused too, as the author would otherwise lose text without
a word: ' #' after a value starts a comment ('title: Week #3' is "Week"), and '!' at the start of a value
names a type ('title: ! Wow' is "Wow"). A quick search of the whole text finds the few files that may
hold either, and only in those are the parser's values looked at, in the same pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

import yaml

from . import characters, yaml_messages
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
# Where a tag can start: after these characters and spaces, or at the start of a line (YAML 1.1, node tags).
TAG_AFTER = frozenset(":-,[{?\n\r")
# A comment right after a value, starting with a word: '#3' in 'title: Week #3' ('# note' is a comment).
COMMENT_AFTER = re.compile(r"[ \t]+#[^\s#]")


def compose(text: str, item: str = "entry") -> tuple[yaml.Node | None, list[YamlProblem]]:
    """The single document in `text` as a node tree, or None and the reasons it was refused.

    Refused: forbidden characters, anchors and aliases, nesting deeper than YAML_MAX_DEPTH, invalid
    YAML (explained by yaml_messages.explain, on the line to change), more than one document, and text
    YAML would drop without an error (' #word' after a value, '!' starting one). A mapping with a key
    twice gives the tree and a problem for each repeated key; in a list, an item's first key written
    again is a new item whose '- ' was forgotten, reported once. `item` names one entry of a list in
    messages ("link"). Problems carry the 1-based line in `text`. Never raises for any text.
    """
    forbidden = characters.forbidden_lines(text)  # YAML's reader would stop at the first, naming no fix
    if forbidden:
        return None, [YamlProblem(line, message) for line, message in forbidden]
    breaks = YAML_ONLY_BREAKS.search(text)
    if breaks:
        name = "line separator" if breaks[0] == "\u2028" else "paragraph separator"
        return None, [
            YamlProblem(
                characters.line_and_column(text, breaks.start())[0],
                f"this line holds an invisible {name} (U+{ord(breaks[0]):04X}), which YAML reads as a line break; "
                "replace it with a space",
            )
        ]
    try:
        lost: list[YamlProblem] | None = [] if _may_lose_text(text) else None
        problem = _shape_problem(text, lost)
        if problem is not None:
            return None, [problem]
        documents = list(yaml.compose_all(text, Loader=Loader))
    except yaml.MarkedYAMLError as error:
        return None, [YamlProblem(*yaml_messages.explain(error, text, item))]
    if len(documents) > 1:
        lines = yaml_messages.LINE_BREAK.split(text)  # as PyYAML counts them: '\r' alone ends a line too
        second = min(documents[1].start_mark.line, len(lines) - 1)
        separator = next((n for n in range(second, -1, -1) if lines[n].startswith("---")), second)
        return None, [YamlProblem(separator + 1, "only one YAML document is allowed; remove the extra '---' line")]
    node = documents[0] if documents else None
    if node is None:
        return None, []
    if lost:
        return None, lost
    return node, duplicate_keys(node, item)


def decoded(raw: bytes) -> tuple[str, None] | tuple[None, YamlProblem]:
    """(the text of a YAML file, None), without the byte order mark an editor may put first, or (None, the
    problem) when `raw` is not UTF-8: on the line that holds the first byte that is not, counted as YAML
    and editors count lines (characters.line_and_column: CR LF, CR alone and LF each end one)."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), None
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode("utf-8").removeprefix("\ufeff")  # UTF-8 up to the first bad byte
        line, _ = characters.line_and_column(before, len(before))
        return None, YamlProblem(
            line,
            f"this file is not UTF-8 text (byte 0x{raw[error.start]:02x} on this line); "
            "save it from your editor with the encoding set to UTF-8",
        )


def _shape_problem(text: str, lost: list[YamlProblem] | None = None) -> YamlProblem | None:
    """The first anchor, alias or too deeply nested collection in `text`, read from the parser's events;
    given a list `lost`, the same pass adds to it the text YAML drops (see _watched)."""
    depth = 0
    events = yaml.parse(text, Loader=Loader)
    for event in events if lost is None else _watched(events, text, lost):
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:  # an alias's anchor is its name
            line = event.start_mark.line
            return YamlProblem(line + 1, yaml_messages.anchor_or_alias(text, line))
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


def _may_lose_text(text: str) -> bool:
    """Whether `text` has ' #' and a word (a comment after a value?) or a '!' where a value can start (a
    tag?): only a suspect, as ' #word' in quotes or in a block of text is text. Searched with str.find,
    which is many times faster than a regular expression with alternatives on a file that has neither."""
    for comment in (" #", "\t#"):
        found = text.find(comment)
        while found >= 0:
            after = text[found + 2 : found + 3]
            if after and not after.isspace() and after != "#":
                return True
            found = text.find(comment, found + 2)
    found = text.find("!")
    while found >= 0:
        before = found - 1
        while before >= 0 and text[before] in " \t":
            before -= 1
        if before < 0 or text[before] in TAG_AFTER:
            return True
        found = text.find("!", found + 1)
    return False


def _watched(events: Iterator[yaml.Event], text: str, lost: list[YamlProblem]) -> Iterator[yaml.Event]:
    """The parser's `events`, passed on as they come, adding to `lost` each value YAML reads without an
    error but not whole: a plain value followed by ' #word' (the rest of the line is a comment, YAML 1.1
    "comments"), and a value starting with '!' (a tag, YAML 1.1 "node tags": the word after it names a type).
    Tags YAML itself defines (!!str, !!python/...) are left to the reader of each value."""
    lines = yaml_messages.LINE_BREAK.split(text)
    for event in events:
        tag = getattr(event, "tag", None)
        if tag and tag.startswith("!"):
            line = event.start_mark.line
            lost.append(YamlProblem(line + 1, yaml_messages.tag_at_start(text, line, tag)))
        elif isinstance(event, yaml.ScalarEvent) and not event.style:  # plain: the C loader says "", Python None
            end = event.end_mark
            if end.line < len(lines) and COMMENT_AFTER.match(lines[end.line], end.column):
                lost.append(YamlProblem(end.line + 1, yaml_messages.lost_after_hash(text, end.line, end.column)))
        yield event


def duplicate_keys(node: yaml.Node, item: str = "entry", in_list: bool = False) -> list[YamlProblem]:
    """A problem for each key written twice in one mapping of the tree under `node`, on the second one's
    line (PyYAML keeps the last without a word). In a mapping that is an item of a list (`in_list`), the
    item's first key written again starts a new item whose '- ' was forgotten: one problem on that line,
    named with `item` ("link"), and the keys after it are checked as that new item's."""
    problems = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 1
            if key in seen:
                if in_list and key == str(node.value[0][0].value):
                    problems.append(YamlProblem(line, yaml_messages.new_item_without_dash(key, seen[key], item)))
                    seen = {}
                else:
                    problems.append(YamlProblem(line, f"'{key}' appears twice (first on line {seen[key]}); keep one"))
            seen.setdefault(key, line)
            problems += duplicate_keys(value_node, item)
    elif isinstance(node, yaml.SequenceNode):
        for element in node.value:
            problems += duplicate_keys(element, item, in_list=True)
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
    """The 1-based line where `node` starts in the text it was composed from."""
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
