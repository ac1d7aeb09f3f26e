"""Read content/blogroll.yaml: the people I learn from, checked like link notes are."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from learnlog_core import fields as check
from learnlog_core import strict_yaml
from learnlog_core.shared import THEME_IDS
from learnlog_core.strict_yaml import yaml

from .model import Person
from .parsing import _unknown, _value_text

ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
ALLOWED = ("id", "name", "site", "feed", "note", "tags")
REQUIRED = {"id": "id: janedoe", "name": "name: Jane Doe", "site": "site: https://janedoe.example"}


# How close a `via` written like a name must be to a person's name to be taken for a typo of it (difflib's
# ratio, 2 × matching characters / both lengths): one letter wrong, missing, extra or swapped in a name of
# six letters or more ('Jane Deo', 'Jane Doee', 'jane do' for 'Jane Doe'), but not another name around it
# ('Dr. Jane Doe', 'Jon Doe': 0.8) nor part of it ('Jane': 0.67).
NAME_CLOSENESS = 0.82
# A web address in a `via` without the start the build links (parsing.py: a scheme and "://"): a site name
# (labels of letters, digits and '-' ending in a top-level domain of letters), an IPv4 address or localhost,
# and maybe a port, path, query or fragment; after a mangled start such as 'https:/', 'http//', 'https:', '//'
# (PREFIX), or none.
HOST = re.compile(
    r"^(?:(?P<name>(?:[^\W_](?:[^\W_]|-)*\.)+(?P<top>[^\W\d_]{2,63}))|(?:\d{1,3}\.){3}\d{1,3}|localhost)"
    r"(?P<rest>[:/?#]\S*)?$",
    re.IGNORECASE,
)
# The top-level domains a site name alone ('example.org', with nothing after it) is told by, besides any of two
# letters (a country's): a name such as 'joe.bloggs' or 'e.e.cummings' is not taken for an address.
COMMON_TOP_LEVEL = frozenset(
    {
        "com", "org", "net", "edu", "gov", "int", "info", "biz", "name", "pro", "io", "dev", "app", "blog",
        "page", "site", "online", "tech", "xyz", "social", "news", "club", "art", "design", "cloud", "email",
        "live", "space", "store", "website", "wiki", "example", "test",
    }
)  # fmt: skip
PREFIX = re.compile(r"^(?:https?[:;/\\]+|[a-z][a-z0-9+.-]*(?::[/\\]+|[/\\]{2,})|[/\\]{2,})", re.IGNORECASE)
BROKEN_START = re.compile(r"^https?:(?:/|$)", re.IGNORECASE)  # 'https:/', 'http:', whatever follows
WWW = re.compile(r"^www\.[^\s.]", re.IGNORECASE)


def looks_like_address(via: str) -> bool:
    """True when a `via` (stripped) looks like a web address: it holds "://"; it starts with 'www.' (WWW), or
    with 'http:' or 'https:/' (BROKEN_START); or, written without spaces, it is a site name, an IPv4 address or
    localhost (HOST) followed by a port, path, query or fragment ('example.org/page', '127.0.0.1:8000/'), a
    site name alone in lowercase with a common top-level domain ('example.org', 'last.fm'; not 'J.R.Smith',
    'Node.js' nor 'joe.bloggs': COMMON_TOP_LEVEL), or a site name after a mangled start ('https:/example.org',
    'http//example.org', 'https:example.org': PREFIX). A valid http(s) address is True too. A name with spaces
    ('Dr. Jane Doe', 'J.R. Smith', 'Jane (via Mastodon)') or a word such as 'HTTP/2' is False."""
    if "://" in via or WWW.match(via) or BROKEN_START.match(via):
        return True
    if not via or re.search(r"\s", via):
        return False
    host = HOST.match(via)
    if host:
        top = host["top"] or ""
        alone = bool(host["name"]) and via == via.lower() and (len(top) == 2 or top in COMMON_TOP_LEVEL)
        return host["rest"] is not None or alone
    prefix = PREFIX.match(via)
    return bool(prefix and HOST.match(via[prefix.end() :]))


def name_key(name: str) -> str:
    """A person's name as it is compared: case folded, each run of spaces one space ('jane doe' for ' Jane  Doe')."""
    return " ".join(name.casefold().split())


def meant_id(via: str, people: Mapping[str, Person]) -> str | None:
    """The id of the blogroll person a link's `via` was probably meant to name, or None.

    people: the blogroll, by id. `via` is taken for a mistake (and the id returned) when it is not an id, not
    a person's name (ignoring case and spaces: `name_key`) and does not look like an address
    (`looks_like_address`), and either it is written like an id (lowercase letters, digits, - and _) and is
    close to one ('janedoe' for 'janedoee': difflib's ratio of 0.6 or more), or it is close to a person's name
    ('janedoe' for 'Jane Deo' or 'JaneDoe': NAME_CLOSENESS). Any other `via` is a name or an address, shown as
    it is.
    """
    if not via or via in people or looks_like_address(via):
        return None
    by_name: dict[str, str] = {}
    for person in people.values():
        by_name.setdefault(name_key(person.name), person.id)
    key = name_key(via)
    if key in by_name:
        return None
    close = difflib.get_close_matches(via, list(people), n=1) if ID.match(via) else []
    if close:
        return close[0]
    close = difflib.get_close_matches(key, list(by_name), n=1, cutoff=NAME_CLOSENESS)
    return by_name[close[0]] if close else None


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
            error = check.public_address(name, text)
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
