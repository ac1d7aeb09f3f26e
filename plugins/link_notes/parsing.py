"""Read one link-notes file into plain data, checking every note against the contract.

The result is plain data (dicts, lists, strings, datetimes) so it can be cached between builds
and the Markdown of an unchanged file is never rendered twice. Which notes are shown (drafts,
future dates) and what `via` points at are decided later, by the generator.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import datetime

from learnlog_core import fields as check
from learnlog_core import limits, strict_yaml
from learnlog_core.strict_yaml import yaml

REQUIRED = {
    "url": "url: https://example.org/article",
    "title": "title: What the page is called",
    "date": "date: 2026-11-23 09:15",
}
OPTIONAL = ("tags", "note", "via", "quote", "draft", "id")
ALLOWED = (*REQUIRED, *OPTIONAL)
FILE_KEYS = ("summary", "links")
# A `via` that starts like a web address is checked as one; any other text is a name or a blogroll id.
WEB_ADDRESS = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
SHAPE_HELP = "a list of links (each starting with '- url:'), or 'summary:' and 'links:'"


def parse_links_file(raw: bytes, max_bytes: int, render: Callable[[str], str]) -> dict:
    """{"summary": html or None, "links": [dict], "problems": [(line, message)]}."""
    result: dict = {"summary": None, "links": [], "problems": []}
    problems = result["problems"]
    if len(raw) > max_bytes:
        problems.append(
            (1, f"the file is {len(raw):,} bytes, over the limit of {max_bytes:,} (LINKS_MAX_FILE_BYTES); "
                "split it into one file per week")
        )  # fmt: skip
        return result
    text, problem = strict_yaml.decoded(raw)
    if problem is not None:
        problems.append(problem)
        return result
    node, yaml_problems = strict_yaml.compose(text, item="link")
    problems.extend(yaml_problems)
    if node is None or yaml_problems:
        return result
    items = _items(node, result, render)
    for item in items:
        link = _link(item, problems, render)
        if link is not None:
            result["links"].append(link)
    return result


def _items(node: yaml.Node, result: dict, render) -> list[yaml.Node]:
    problems = result["problems"]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if not isinstance(node, yaml.MappingNode):
        problems.append((strict_yaml.line_of(node), f"the file must be {SHAPE_HELP}"))
        return []
    found = {str(key.value): (key, value) for key, value in node.value}
    if "url" in found and "links" not in found:
        problems.append((strict_yaml.line_of(node), f"the file must be {SHAPE_HELP}: start each link with '- '"))
        return []
    for name, (key, _) in found.items():
        if name not in FILE_KEYS:
            problems.append((strict_yaml.line_of(key), _unknown(name, FILE_KEYS, "at the top of the file")))
    if "summary" in found:
        key, value = found["summary"]
        summary, error = _value_text("summary", value)
        if error:
            problems.append((strict_yaml.line_of(key), error))
        elif summary:
            result["summary"] = render(summary)
    if "links" not in found:
        if "url" in found:
            problems.append((strict_yaml.line_of(node), f"the file must be {SHAPE_HELP}: start each link with '- '"))
        else:
            problems.append(
                (strict_yaml.line_of(node), "the file has no 'links:' list; add 'links:' and the links below it")
            )
        return []
    key, links = found["links"]
    if isinstance(links, yaml.ScalarNode) and not links.value:
        return []
    if not isinstance(links, yaml.SequenceNode):
        problems.append((strict_yaml.line_of(key), "'links' must be a list, each link starting with '- url:'"))
        return []
    return links.value


def _link(node: yaml.Node, problems: list, render) -> dict | None:
    start = strict_yaml.line_of(node)
    if not isinstance(node, yaml.MappingNode):
        problems.append((start, "each link must be 'key: value' lines, starting with '- url:'"))
        return None
    before = len(problems)
    link: dict = {"line": start, "tags": [], "note": "", "via": None, "quote": "", "draft": False, "id": None}
    seen = {}
    for key_node, value_node in node.value:
        name, line = str(key_node.value), strict_yaml.line_of(key_node)
        if name not in ALLOWED:
            problems.append((line, _unknown(name, ALLOWED, "in a link")))
            continue
        seen[name] = line
        error = _field(name, value_node, link, render)
        if error:
            problems.append((line, error))
    link["tags_line"] = seen.get("tags", start)
    link["via_line"] = seen.get("via", start)
    for name, example in REQUIRED.items():
        if name not in seen:
            problems.append((start, f"this link has no '{name}'; add a line such as '{example}'"))
    return link if len(problems) == before else None


DAY_ALONE = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*$")


def _field(name: str, node: yaml.Node, link: dict, render) -> str | None:
    """Check one field and store its clean value in `link`; return the problem, if any."""
    if name == "date":
        value, error = _value(node)
        if error:
            return error
        link["date"], error = check.when("date", value)
        # Written with its time of day, or as a day alone (shown without a time).
        link["timed"] = isinstance(value, datetime) or (isinstance(value, str) and not DAY_ALONE.match(value))
        return error
    if name == "tags":
        return _tags(node, link)
    if name == "draft":
        value, error = _value(node)
        if error or not isinstance(value, bool):
            return error or "'draft' must be true or false"
        link["draft"] = value
        return None
    text, error = _value_text(name, node)
    if error:
        return error
    if name == "url" or (name == "via" and WEB_ADDRESS.match(text)):
        error = check.public_address(name, text)
        text = text if error else check.normal_address(text)
    elif name == "via" and check.ADDRESS_START.match(text):
        # Half an address ('https:/…', 'http//…', '//…') is shown as a name, and warned about by the generator:
        # a user name or password in it would be published all the same.
        error = check.user_info_problem(name, text)
    elif name == "title" and not text:
        error = "'title' is empty; write what the page is called"
    elif name == "id" and text:
        from feeds.ids import pinned_problem  # the feeds plugin, loaded with every plugin before a file is read

        error = pinned_problem(text)
    if error:
        return error
    link[name] = render(text) if name == "note" else text or ("" if name not in ("via", "id") else None)
    return None


def _tags(node: yaml.Node, link: dict) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        _, error = check.text("tags", node.value)
        link["tags"] = [tag.strip() for tag in node.value.split(",") if tag.strip()]
        return error or _too_many(link["tags"])
    if not isinstance(node, yaml.SequenceNode):
        return "'tags' must be a list such as [memory, habits], or words separated by commas"
    tags = []
    for item in node.value:
        tag, error = _value_text("tags", item)
        if error:
            return error.replace("'tags' must", "each tag must")
        if tag:
            tags.append(tag)
    link["tags"] = tags
    return _too_many(tags)


def _too_many(tags: list[str]) -> str | None:
    if len(tags) > limits.MAX_TAGS:
        return (
            f"there are {len(tags)} tags; a link can have at most {limits.MAX_TAGS}: keep the few "
            "that say what it is about"
        )
    return None


def _value(node: yaml.Node) -> tuple[object, str | None]:
    try:
        return strict_yaml.value_of(node), None
    except yaml.YAMLError:
        return None, f"the YAML tag {node.tag} is not allowed; write a plain value"


def _value_text(name: str, node: yaml.Node) -> tuple[str | None, str | None]:
    value, error = _value(node)
    return (None, error) if error else check.text(name, value, node)


def _unknown(name: str, allowed: tuple[str, ...], where: str) -> str:
    guess = difflib.get_close_matches(name, allowed, n=1)
    hint = f"did you mean '{guess[0]}'?" if guess else f"allowed: {', '.join(allowed)}"
    return f"unknown field '{name}' {where}; {hint}"
