"""`invoke reflect`: open this week's link-notes file at its `summary:`, the week's reflection.

A week's file is either a plain list of links or `summary:` and `links:`. The reflection needs the second
shape, so a plain list gets `summary: |` and `links:` put in front of it, and nothing else changes: YAML
reads a list right under `links:` without indentation as that key's value, so every byte that was in the
file stays as it was, and every link reads back the same (checked before anything is written).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from learnlog_core.strict_yaml import yaml
from link_notes.parsing import parse_links_file
from link_notes.render import NoteRenderer
from link_notes.weeks import week_label

from learnlog.linknote import MAX_FILE_BYTES, LinkError, date_option, display, locked, write_week_file


@dataclass
class Reflection:
    path: Path  # the week's file
    line: int  # the line of `summary:` (1-based)
    changed: bool  # False when the file already had a summary


def open_reflection(
    content: Path, when: str = "", timezone: str = "UTC", links_folder: str = "links", max_bytes: int = MAX_FILE_BYTES
) -> Reflection:
    """Make sure the week's file (content/<links_folder>/<ISO year>-W<week>.yaml, the week of `when`, the text
    of --date, "" for now, in `timezone`) has a `summary:`, and say where it is. A missing file is created
    with an empty summary and no links; a plain list gets `summary: |` and `links:` in front of it, every
    byte of it kept. Raises LinkError (a message with the fix) when the file has problems the build would
    report, is written in a shape this cannot add to, or cannot be written; then nothing was changed."""
    moment, problem = date_option(when, timezone)
    if problem:
        raise LinkError(problem)
    year, week, _ = moment.isocalendar()
    path = content / links_folder / f"{year}-W{week:02d}.yaml"
    if not content.is_dir():
        raise LinkError(f"there is no content folder at {content}; run the command in the project's folder")
    with locked(content):
        old = path.read_bytes() if path.exists() else b""
        before = parse_links_file(old, max_bytes, NoteRenderer())
        if before["problems"]:
            listed = "; ".join(f"line {number}: {message}" for number, message in before["problems"])
            raise LinkError(f"{display(path)} has problems; fix them first: {listed}")
        new, line, added = _with_summary(old, (year, week), display(path))
        if not added:
            return Reflection(path, line, changed=False)
        after = parse_links_file(new, max_bytes, NoteRenderer())
        if after["problems"] or _read(after) != _read(before) or (old and new.replace(added, b"", 1) != old):
            raise LinkError(
                f"{display(path)} is written in a way `invoke reflect` cannot add to; add 'summary: |' by hand"
            )
        write_week_file(path, new)
    return Reflection(path, line, changed=True)


def _read(parsed: dict) -> list[dict]:
    """The links of a parsed file as they read, wherever they stand in it."""
    return [{key: value for key, value in link.items() if key not in ("line", "tags_line")} for link in parsed["links"]]


def _with_summary(old: bytes, week: tuple[int, int], shown: str) -> tuple[bytes, int, bytes]:
    """The file with a `summary:`, the line of `summary:`, and the bytes added (b"" if it had one)."""
    bom = b"\xef\xbb\xbf" if old.startswith(b"\xef\xbb\xbf") else b""
    text = old[len(bom) :].decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    block = f"summary: |{newline}  {newline}"
    if not text.strip():
        header = f"# Week {week[1]}: links I saved from {week_label(*week)}.{newline}"
        added = header + block + f"links: []{newline}"
        return (text + added).encode("utf-8"), text.count("\n") + 2, added.encode("utf-8")
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    cannot = LinkError(f"{shown} is written in a way `invoke reflect` cannot add to; add 'summary: |' by hand")
    if isinstance(node, yaml.MappingNode) and not node.flow_style:
        for key, _ in node.value:
            if str(key.value) == "summary":
                return old, key.start_mark.line + 1, b""
        links = next((key for key, _ in node.value if str(key.value) == "links"), None)
        if links is None:
            raise cannot
        mark, added = links.start_mark, block
    elif isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        mark, added = node.start_mark, block + f"links:{newline}"  # the list stays as it is, under links:
    else:
        raise cannot
    start = mark.index - mark.column  # the start of the line the insertion goes before
    return bom + (text[:start] + added + text[start:]).encode("utf-8"), mark.line + 1, added.encode("utf-8")
