"""`invoke link`: add a link note to its week's file, keeping every byte already there.

The new entry is inserted as text (at the end of the list, or of `links:`), never by rewriting the
file from parsed YAML, so the author's comments, order and spacing stay exactly as they were. The
result is checked with the build's own rules before it is written, and written atomically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from learnlog_core import fields, strict_yaml
from learnlog_core.strict_yaml import yaml
from link_notes.parsing import parse_links_file
from link_notes.render import NoteRenderer
from link_notes.weeks import week_label

from learnlog.files import write_atomically


class LinkError(Exception):
    """A reason not to add the link; the file was not changed."""


@dataclass
class Added:
    path: Path
    line: int
    saved_before: list[str]  # "content/links/2026-W40.yaml:12" for each earlier note of the same address


def add_link(
    content: Path,
    url: str,
    title: str,
    *,
    note: str = "",
    tags: str = "",
    via: str = "",
    when: str = "",
    timezone: str = "UTC",
    links_folder: str = "links",
    max_bytes: int = 1_000_000,
) -> Added:
    problem = fields.web_address("url", url)
    if problem:
        raise LinkError(problem.replace("'url'", "the address"))
    url = fields.normal_address(url)
    moment = _moment(when, timezone)
    year, week, _ = moment.isocalendar()
    path = content / links_folder / f"{year}-W{week:02d}.yaml"
    saved_before = _saved_before(content / links_folder, url, max_bytes)
    same_week = [place for place, saved_week in saved_before if saved_week == (year, week)]
    if same_week:
        raise LinkError(f"you already saved this address this week, at {same_week[0]}; edit that note instead")
    old = path.read_bytes() if path.exists() else b""
    entry = _entry(url, title, moment, tags, via, note)
    new, line = _insert(old, entry, path, (year, week))
    render = NoteRenderer()
    before, after = parse_links_file(old, max_bytes, render), parse_links_file(new, max_bytes, render)
    if after["problems"] or len(after["links"]) != len(before["links"]) + 1:
        details = "; ".join(f"line {number}: {message}" for number, message in after["problems"])
        raise LinkError(f"the link was not added, because {_shown(path)} would not be valid: {details}")
    write_atomically(path, new)
    return Added(path, line, [place for place, _ in saved_before])


def _moment(when: str, timezone: str) -> datetime:
    if not when:
        return datetime.now(ZoneInfo(timezone)).replace(second=0, microsecond=0, tzinfo=None)
    value, problem = fields.when("date", when)
    if problem:
        raise LinkError(problem.replace("'date'", "--date"))
    return value.astimezone(ZoneInfo(timezone)).replace(tzinfo=None) if value.tzinfo else value


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _entry(url: str, title: str, moment: datetime, tags: str, via: str, note: str) -> list[str]:
    """The new link's lines, without indentation."""
    lines = [f"- url: {_quoted(url)}", f"  title: {_quoted(' '.join(title.split()))}"]
    lines.append(
        f"  date: {moment:%Y-%m-%d %H:%M}" if moment.time() != datetime.min.time() else f"  date: {moment:%Y-%m-%d}"
    )
    tag_list = [tag.strip() for tag in tags.split(",") if tag.strip()]
    if tag_list:
        lines.append(f"  tags: [{', '.join(_quoted(tag) for tag in tag_list)}]")
    if via.strip():
        lines.append(f"  via: {_quoted(via.strip())}")
    note = note.strip("\n")
    if note and "\n" in note and not note[0].isspace():
        lines.append("  note: |")
        lines += [f"    {line}" if line.strip() else "" for line in note.split("\n")]
    elif note.strip():
        lines.append(f"  note: {_quoted(note.strip())}")
    return lines


def _insert(old: bytes, entry: list[str], path: Path, week: tuple[int, int]) -> tuple[bytes, int]:
    """The file with the entry added, and the entry's first line number."""
    try:
        text = old.decode("utf-8")
    except UnicodeDecodeError:
        raise LinkError(f"{_shown(path)} is not UTF-8 text; save it as UTF-8 first") from None
    node, problems = strict_yaml.compose(text) if text.strip() else (None, [])
    if problems:
        listed = "; ".join(f"line {line}: {message}" for line, message in problems)
        raise LinkError(f"{_shown(path)} already has problems; fix them first: {listed}")
    if node is None:  # a new or empty file
        header = "" if text.strip() else f"# Week {week[1]}: links I saved from {week_label(*week)}.\n"
        return _splice(text, len(text), header, entry, 0)
    if isinstance(node, yaml.SequenceNode):
        return _splice(text, node.end_mark.index, "", entry, _dash_column(text, node))
    if isinstance(node, yaml.MappingNode):
        found = {str(key.value): value for key, value in node.value}
        links = found.get("links")
        if isinstance(links, yaml.SequenceNode) and links.value and not links.flow_style:
            return _splice(text, links.end_mark.index, "", entry, _dash_column(text, links))
        if links is not None and (links.value in ("", None, []) or links.tag == "tag:yaml.org,2002:null"):
            # `links:` or `links: []` with nothing in it yet: the empty value becomes the list.
            start, end = links.start_mark.index, links.end_mark.index
            block = "\n" + "\n".join(f"  {line}" if line else "" for line in entry) + "\n"
            new = text[:start].rstrip(" ") + block + text[end:].lstrip("\n")
            return new.encode("utf-8"), text[:start].count("\n") + 2
    raise LinkError(
        f"{_shown(path)} is not a list of links nor 'summary:' and 'links:' with a list; add the link by hand"
    )


def _dash_column(text: str, sequence) -> int:
    first = sequence.value[0].start_mark
    line = text.split("\n")[first.line]
    return len(line) - len(line.lstrip(" "))


def _splice(text: str, index: int, header: str, entry: list[str], indent: int) -> tuple[bytes, int]:
    """Insert the entry at `index`, at the start of a line, indented like its neighbours."""
    before, after = text[:index], text[index:]
    if before and not before.endswith("\n"):
        if before.rstrip(" ").endswith("\n") or before.strip() == "":
            before = before.rstrip(" ")
        else:
            before += "\n"
    block = "".join(" " * indent + line + "\n" if line else "\n" for line in entry)
    new = before + header + block + after
    return new.encode("utf-8"), (before + header).count("\n") + 1


def _saved_before(folder: Path, url: str, max_bytes: int) -> list[tuple[str, tuple[int, int]]]:
    """Where this address was saved before ("file:line"), and in which ISO week."""
    found = []
    render = str  # notes need no rendering to find addresses
    for path in sorted(folder.rglob("*.y*ml")) if folder.is_dir() else []:
        if path.suffix not in (".yaml", ".yml"):
            continue
        for link in parse_links_file(path.read_bytes(), max_bytes, render)["links"]:
            if link["url"] == url:
                found.append((f"{_shown(path)}:{link['line']}", tuple(link["date"].isocalendar()[:2])))
    return found


def _shown(path: Path) -> str:
    """A week file as the author knows it: content/links/2026-W48.yaml."""
    parts = path.parts
    return "/".join(parts[parts.index("content") :]) if "content" in parts else str(path)
