"""The snapshot of the blogroll's feeds (content/reading.json): what `invoke fetch-reading` writes and the build
reads, as plain data, with its checks. Pelican-free.

The file is plain JSON, written the same way every time (keys sorted, people by id, each person's items newest
first, two spaces of indentation, UTF-8, a line break at the end), so fetching unchanged feeds rewrites the same
bytes and git shows only real changes:

    {
      "format": 1,
      "people": {
        "janedoe": {
          "etag": "\\"5f1a\\"",
          "feed": "https://janedoe.example/feed.xml",
          "items": [
            {
              "date": "2026-11-28T09:15:00Z",
              "summary": "Plain text, at most about 300 characters, cut at a word…",
              "title": "What a quiz told me",
              "url": "https://janedoe.example/2026/quiz"
            }
          ],
          "last_modified": "Sat, 28 Nov 2026 09:15:00 GMT"
        }
      },
      "updated": "2026-11-30T07:00:00Z"
    }

`updated` is the moment (UTC) of the fetch that last changed the file: /reading/ shows its day. A person is known
by their blogroll id. `feed` is the address fetched; `etag` and `last_modified` the validators
of its last answer (for a conditional request), when it had them. An item's `title` is required; `url` (an http or
https address), `date` (ISO 8601 with an offset; written in UTC) and `summary` (plain text) are left out when the
feed had none. Titles and summaries are plain text: the page escapes them.

`loads` checks a file as the build reads it, and returns every problem with its line, so a file edited by hand
into a broken state stops the build with the file, the line and the fix, never a traceback.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from learnlog_core import characters, fields, strict_yaml
from learnlog_core.yaml_messages import LINE_BREAK

FORMAT = 1
# A snapshot holds a few items per person: a few kilobytes each. Anything far larger was not written by
# `invoke fetch-reading`.
MAX_FILE_BYTES = 10_000_000
# JSON nested deeper than this is no snapshot (which is 5 levels deep), and would exhaust the stack.
MAX_DEPTH = 20
PERSON_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")  # as blogroll ids are (link_notes/blogroll.py ID)
FIX = "correct it, or delete the file and run invoke fetch-reading to write it again"
WHITESPACE = re.compile(r"[ \t\n\r]*")  # JSON's (RFC 8259, section 2)
# A validator sent back in a request header: visible ASCII, spaces between (RFC 9110, section 5.5, without the
# obsolete non-ASCII text), at most 1,000 characters. Anything else would make every request fail.
HEADER_VALUE = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]{0,998}[\x21-\x7e])?")


@dataclass(frozen=True)
class Item:
    """One item of a person's feed. title: plain text, not empty. url: an http(s) address, or None. date: an
    aware datetime (UTC when read from the file), or None. summary: plain text, "" for none."""

    title: str
    url: str | None = None
    date: datetime | None = None
    summary: str = ""


@dataclass(frozen=True)
class Entry:
    """What the snapshot holds for one person. feed: the address fetched. items: newest first. etag,
    last_modified: the validators of the feed's last answer ("" for none)."""

    feed: str
    items: tuple[Item, ...]
    etag: str = ""
    last_modified: str = ""


@dataclass(frozen=True)
class Snapshot:
    """A whole snapshot file. people: Entry by person id. updated: when the file last changed (aware, UTC), or None
    (a file written before the field existed, or by hand)."""

    people: dict[str, Entry]
    updated: datetime | None = None


def dumps(people: Mapping[str, Entry], updated: datetime | None = None) -> bytes:
    """The snapshot file's bytes for `people` (Entry by person id) and `updated` (an aware datetime, written in UTC
    to the second; None leaves the field out): JSON as the module's docstring shows, the same bytes for the same
    people whatever order they are given in."""
    data: dict = {"format": FORMAT, "people": {person: _entry_data(entry) for person, entry in people.items()}}
    if updated is not None:
        data["updated"] = _written(updated)
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _entry_data(entry: Entry) -> dict:
    data: dict = {"feed": entry.feed, "items": [_item_data(item) for item in entry.items]}
    if entry.etag:
        data["etag"] = entry.etag
    if entry.last_modified:
        data["last_modified"] = entry.last_modified
    return data


def _item_data(item: Item) -> dict:
    data: dict = {"title": item.title}
    if item.url:
        data["url"] = item.url
    if item.date is not None:
        data["date"] = _written(item.date)
    if item.summary:
        data["summary"] = item.summary
    return data


def _written(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def loads(raw: bytes) -> tuple[dict[str, Entry], list[tuple[int, str]]]:
    """The people of a snapshot file, and its problems: `read` without the moment it was updated."""
    snapshot, problems = read(raw)
    return snapshot.people, problems


def read(raw: bytes) -> tuple[Snapshot, list[tuple[int, str]]]:
    """A snapshot file, and its problems.

    raw: the file's bytes. Returns (Snapshot, [(line, message with the fix)]); when there is any problem, the
    people are those read without one and should not be used. Problems: more than MAX_FILE_BYTES;
    not UTF-8; not JSON (with the line and column JSON stops at); nested over MAX_DEPTH; a name twice in one
    object; not the shape above (an unknown or missing field, a value of the wrong type, another format);
    a person id that is not a blogroll id; an address that is not http or https; a date that is not ISO 8601 with
    an offset; text holding a character no page can show (characters.FORBIDDEN).
    """
    if len(raw) > MAX_FILE_BYTES:
        return Snapshot({}), [(1, f"the file is {len(raw):,} bytes, over the limit of {MAX_FILE_BYTES:,}; {FIX}")]
    text, problem = strict_yaml.decoded(raw)
    if problem is not None:
        return Snapshot({}), [(problem.line, problem.message)]
    try:
        node = _Parser(text).document()
    except _NotJson as error:
        return Snapshot({}), [(error.line, f"{error.message}; {FIX}")]
    problems: list[tuple[int, str]] = []
    return _snapshot(node, problems), problems


@dataclass
class _Node:
    """A JSON value as read, with the line it starts on (and, for an object, the line of each name)."""

    value: object  # dict[str, _Node] | list[_Node] | str | int | float | bool | None
    line: int
    key_lines: dict[str, int] | None = None


class _NotJson(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


class _Parser:
    """JSON (RFC 8259) read by recursive descent, keeping lines: objects and arrays here, every other value read
    by the standard library's json decoder (`raw_decode`), which also words what is wrong."""

    def __init__(self, text: str):
        self.text = text
        self.ends: list[int] | None = None  # where each line ends, found once (`line`)
        self.decoder = json.JSONDecoder(parse_constant=self._constant)

    @staticmethod
    def _constant(name: str):
        raise ValueError(f"JSON has no {name}")

    def line(self, index: int) -> int:
        """The line of `index`, as characters.line_and_column counts it, in time logarithmic in the file's size:
        each value's line is asked for, and counting from the start each time made a 2 MB snapshot take minutes."""
        if self.ends is None:
            self.ends = [ending.end() for ending in LINE_BREAK.finditer(self.text)]
        return 1 + bisect.bisect_right(self.ends, index)

    def fail(self, index: int, message: str):
        line, column = characters.line_and_column(self.text, min(index, len(self.text)))
        raise _NotJson(line, f"this is not valid JSON: {message} (column {column})")

    def skip(self, index: int) -> int:
        return WHITESPACE.match(self.text, index).end()

    def document(self) -> _Node:
        start = self.skip(0)
        if start == len(self.text):
            raise _NotJson(1, "the file is empty, where a snapshot of the feeds is JSON")
        node, end = self.value(start, 0)
        end = self.skip(end)
        if end != len(self.text):
            self.fail(end, "something follows the end of the snapshot's '}'")
        return node

    def value(self, index: int, depth: int) -> tuple[_Node, int]:
        if depth > MAX_DEPTH:
            self.fail(index, f"values nested over {MAX_DEPTH} levels deep, which no snapshot is")
        opening = self.text[index : index + 1]
        if opening == "{":
            return self.object(index, depth)
        if opening == "[":
            return self.array(index, depth)
        try:
            value, end = self.decoder.raw_decode(self.text, index)
        except json.JSONDecodeError as error:
            self.fail(error.pos, f"{error.msg.lower()} where a value should be")
        except ValueError as error:  # NaN, Infinity
            self.fail(index, str(error))
        return _Node(value, self.line(index)), end

    def object(self, index: int, depth: int) -> tuple[_Node, int]:
        node = _Node({}, self.line(index), {})
        index = self.skip(index + 1)
        if self.text.startswith("}", index):
            return node, index + 1
        while True:
            if not self.text.startswith('"', index):
                self.fail(index, "expected a name in double quotes")
            name, index = self.value(index, depth + 1)
            index = self.skip(index)
            if not self.text.startswith(":", index):
                self.fail(index, f"expected ':' after the name {json.dumps(name.value)}")
            key = name.value
            if key in node.value:
                raise _NotJson(
                    name.line, f"{json.dumps(key)} appears twice in one object (first on line {node.key_lines[key]})"
                )
            node.value[key], index = self.value(self.skip(index + 1), depth + 1)
            node.key_lines[key] = name.line
            index = self.skip(index)
            if self.text.startswith("}", index):
                return node, index + 1
            if not self.text.startswith(",", index):
                self.fail(index, "expected ',' or '}' after a value")
            index = self.skip(index + 1)

    def array(self, index: int, depth: int) -> tuple[_Node, int]:
        node = _Node([], self.line(index))
        index = self.skip(index + 1)
        if self.text.startswith("]", index):
            return node, index + 1
        while True:
            item, index = self.value(index, depth + 1)
            node.value.append(item)
            index = self.skip(index)
            if self.text.startswith("]", index):
                return node, index + 1
            if not self.text.startswith(",", index):
                self.fail(index, "expected ',' or ']' after a value")
            index = self.skip(index + 1)


# The checks of the shape, each adding (line, message) to `problems`.


def _kind(node: _Node) -> str:
    """What a value is, in words, for messages."""
    value = node.value
    if isinstance(value, dict):
        return "an object ({…})"
    if isinstance(value, list):
        return "a list ([…])"
    if value is None:
        return "null"
    return f"a {fields.kind_of(value)}" if not isinstance(value, str) else f"the text {json.dumps(value)[:80]}"


def _fields(
    node: _Node, what: str, required: tuple[str, ...], allowed: tuple[str, ...], problems: list
) -> dict[str, _Node] | None:
    """The fields of an object of `what` (words), or None (a problem added) when it is not an object; each unknown
    field and each missing required one is a problem."""
    if not isinstance(node.value, dict):
        problems.append((node.line, f"{what} must be an object ({{…}}), got {_kind(node)}; {FIX}"))
        return None
    for name in node.value:
        if name not in allowed:
            listed = ", ".join(f"'{known}'" for known in allowed)
            problems.append(
                (node.key_lines[name], f"unknown field {json.dumps(name)} in {what} (it may have {listed}); {FIX}")
            )
    for name in required:
        if name not in node.value:
            problems.append((node.line, f"{what} has no '{name}'; {FIX}"))
    return node.value


def _text(node: _Node | None, name: str, problems: list, empty: bool = True) -> str:
    """The text of a field ("" when it is missing); a problem when it is not text, is empty (unless `empty`) or holds
    a character no page can show."""
    if node is None:
        return ""
    if not isinstance(node.value, str):
        problems.append((node.line, f"'{name}' must be text in double quotes, got {_kind(node)}; {FIX}"))
        return ""
    bad = characters.first_forbidden(node.value)
    if bad:
        problems.append((node.line, characters.message(bad, f"'{name}' contains {{}}")))
        return ""
    if not empty and not node.value.strip():
        problems.append((node.line, f"'{name}' is empty; {FIX}"))
    return node.value


def header_value(text: str) -> bool:
    """True when `text` can be sent as a request header's value as it is: HEADER_VALUE (one line of visible ASCII
    and spaces, at most 1,000 characters)."""
    return HEADER_VALUE.fullmatch(text) is not None


def _validator(node: _Node | None, name: str, problems: list) -> str:
    """An etag or last_modified value ("" when missing): text that `header_value` accepts, else a problem."""
    value = _text(node, name, problems)
    if node is None or not value or header_value(value):
        return value
    problems.append(
        (node.line, f"'{name}' must be one line of plain ASCII letters, digits and punctuation, as the feed's server "
         f"sent it; {FIX}")
    )  # fmt: skip
    return ""


def _address(node: _Node | None, name: str, problems: list) -> str:
    """An http(s) address without a user name or password (fields.public_address), "" when missing or wrong."""
    value = _text(node, name, problems)
    if node is None or not value:
        return value
    problem = fields.public_address(name, value) or (
        f"'{name}' contains a space or line break" if re.search(r"\s", value) else None
    )
    if problem:
        problems.append((node.line, f"{problem}; {FIX}"))
        return ""
    return value


def _snapshot(node: _Node, problems: list) -> Snapshot:
    top = _fields(node, "the snapshot", ("format", "people"), ("format", "people", "updated"), problems)
    if top is None:
        return Snapshot({})
    written = top.get("updated")
    text = _text(written, "updated", problems)
    updated = _moment(text) if text else None
    if written is not None and text and updated is None:
        problems.append(
            (written.line, f"'updated' {json.dumps(text)[:80]} is not a date and time with its offset, such as "
             f"2026-11-30T07:00:00Z; {FIX}")
        )  # fmt: skip
    return Snapshot(_people(top, problems), updated)


def _people(top: dict[str, _Node], problems: list) -> dict[str, Entry]:
    version = top.get("format")
    if version is not None and (version.value != FORMAT or isinstance(version.value, bool)):
        problems.append(
            (version.line, f"'format' is {json.dumps(version.value)}, and this version of Learnlog reads format "
             f"{FORMAT}; delete the file and run invoke fetch-reading to write it again")
        )  # fmt: skip
        return {}
    listed = top.get("people")
    if listed is None:
        return {}
    if not isinstance(listed.value, dict):
        problems.append(
            (listed.line, f"'people' must be an object of people by their blogroll id, got {_kind(listed)}; {FIX}")
        )
        return {}
    people = {}
    for person, entry_node in listed.value.items():
        if not PERSON_ID.match(person):
            problems.append(
                (listed.key_lines[person], f"{json.dumps(person)} is not a blogroll id (lowercase letters, digits, "
                 f"'-' and '_'); {FIX}")
            )  # fmt: skip
            continue
        before = len(problems)
        entry = _entry(entry_node, person, problems)
        if entry is not None and len(problems) == before:
            people[person] = entry
    return people


def _entry(node: _Node, person: str, problems: list) -> Entry | None:
    values = _fields(
        node, f"the entry of {person}", ("feed", "items"), ("feed", "items", "etag", "last_modified"), problems
    )
    if values is None:
        return None
    feed = _address(values.get("feed"), "feed", problems)
    etag = _validator(values.get("etag"), "etag", problems)
    last_modified = _validator(values.get("last_modified"), "last_modified", problems)
    listed = values.get("items")
    items = []
    if listed is not None and not isinstance(listed.value, list):
        problems.append((listed.line, f"'items' must be a list ([…]) of items, got {_kind(listed)}; {FIX}"))
    elif listed is not None:
        items = [item for item in (_item(each, problems) for each in listed.value) if item is not None]
    return Entry(feed=feed, items=tuple(items), etag=etag, last_modified=last_modified)


def _item(node: _Node, problems: list) -> Item | None:
    values = _fields(node, "an item", ("title",), ("title", "url", "date", "summary"), problems)
    if values is None:
        return None
    title = _text(values.get("title"), "title", problems, empty=False)
    url = _address(values.get("url"), "url", problems) or None
    summary = _text(values.get("summary"), "summary", problems)
    date = None
    written = values.get("date")
    text = _text(written, "date", problems)
    if written is not None and text:
        date = _moment(text)
        if date is None:
            problems.append(
                (written.line, f"'date' {json.dumps(text)[:80]} is not a date and time with its offset, such as "
                 f"2026-11-28T09:15:00Z; {FIX}")
            )  # fmt: skip
    return Item(title=title, url=url, date=date, summary=summary)


def _moment(text: str) -> datetime | None:
    """An aware datetime in UTC from ISO 8601 text with an offset ('Z' or '+01:00'), or None."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None or not fields.in_years(moment):
        return None
    return moment.astimezone(UTC)
