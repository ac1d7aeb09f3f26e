"""Read content/blogroll.yaml: the people I learn from, checked like link notes are."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection

from learnlog_core import fields as check
from learnlog_core import strict_yaml
from learnlog_core.shared import THEME_IDS
from learnlog_core.strict_yaml import yaml

from .model import Person
from .parsing import _unknown, _value_text

ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
ALLOWED = ("id", "name", "site", "feed", "note", "tags")
REQUIRED = {"id": "id: janedoe", "name": "name: Jane Doe", "site": "site: https://janedoe.example"}


def meant_id(via: str, ids: Collection[str]) -> str | None:
    """The blogroll id a link's `via` was probably meant to be ('janedoe' for 'janedoee'), or None: `via` is
    written like an id (lowercase letters, digits, - and _), is not one of `ids`, and is close to one
    (difflib's ratio of 0.6 or more). Any other `via` is a name or an address, shown as it is."""
    if via in ids or not ID.match(via):
        return None
    close = difflib.get_close_matches(via, list(ids), n=1)
    return close[0] if close else None


def parse_blogroll(text: str, render) -> tuple[list[Person], list[tuple[int, str]]]:
    node, problems = strict_yaml.compose(text, item="person")
    if node is None or problems:
        return [], problems
    if not isinstance(node, yaml.SequenceNode):
        return [], [(strict_yaml.line_of(node), "the blogroll must be a list of people, each starting with '- id:'")]
    people, first_line = [], {}
    for item in node.value:
        person = _person(item, problems, render)
        if person is None:
            continue
        if person.id in first_line:
            problems.append(
                (strict_yaml.line_of(item), f"the id '{person.id}' is already used on line {first_line[person.id]}; "
                                            "give each person their own id")
            )  # fmt: skip
            continue
        first_line[person.id] = strict_yaml.line_of(item)
        people.append(person)
    return people, problems


def _person(node: yaml.Node, problems: list, render) -> Person | None:
    start = strict_yaml.line_of(node)
    if not isinstance(node, yaml.MappingNode):
        problems.append((start, "each person must be 'key: value' lines, starting with '- id:'"))
        return None
    before, values = len(problems), {}
    for key_node, value_node in node.value:
        name, line = str(key_node.value), strict_yaml.line_of(key_node)
        if name not in ALLOWED:
            problems.append((line, _unknown(name, ALLOWED, "for a person")))
            continue
        if name == "tags":
            tags = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            texts = [_value_text("tags", tag) for tag in tags]
            errors = [error for _, error in texts if error]
            if errors:
                problems.append((line, errors[0]))
            values["tags"] = [tag for text, _ in texts if text for tag in text.split(",") if tag.strip()]
            continue
        text, error = _value_text(name, value_node)
        if not error and name in ("site", "feed"):
            error = check.web_address(name, text)
            text = text if error else check.normal_address(text)
        if not error and name == "id" and not ID.match(text):
            error = f"the id '{text}' may only use lowercase letters, digits, '-' and '_'"
        elif not error and name == "id" and text in THEME_IDS:
            error = (
                f"the id '{text}' names a part of the site's pages (the blogroll page would have it twice); "
                "choose another"
            )
        if error:
            problems.append((line, error))
        values[name] = text
    for name, example in REQUIRED.items():
        if name not in values:
            problems.append((start, f"this person has no '{name}'; add a line such as '{example}'"))
    if len(problems) > before:
        return None
    return Person(
        id=values["id"],
        name=values["name"],
        site=values["site"],
        feed=values.get("feed") or None,
        note=render(values["note"]) if values.get("note") else "",
        tags=[tag.strip() for tag in values.get("tags", [])],
    )
