r"""`invoke reflect`: open this week's link-notes file at its `summary:`, the week's reflection.

A week's file is either a plain list of links or `summary:` and `links:`. The reflection needs the second
shape, so a plain list gets `summary: |` and `links:` put in front of it, and nothing else changes: YAML
reads a list right under `links:` without indentation as that key's value, so every byte that was in the
file stays as it was, and every link reads back the same (checked before anything is written). What is
added ends its lines as the file does (\r\n, \r or \n), and lines are counted as YAML and editors count
them: \r\n, \r and \n each end one.

The editor is run after the file is written; if it fails, `editor_failed` takes out again what was added,
if nothing else changed the file in the meantime, and says so.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from learnlog_core.strict_yaml import yaml
from learnlog_core.yaml_messages import LINE_BREAK
from link_notes.parsing import parse_links_file
from link_notes.render import NoteRenderer
from link_notes.weeks import week_label

from learnlog.files import why_not_written, write_atomically
from learnlog.linknote import (
    MAX_FILE_BYTES,
    LinkError,
    date_option,
    display,
    listed_problems,
    locked,
    week_file_problem,
    write_week_file,
)


@dataclass
class Reflection:
    path: Path  # the week's file
    line: int  # the line of `summary:` (1-based; \r\n, \r and \n each end a line)
    changed: bool  # False when the file already had a summary
    added: str = ""  # the lines put in, each ending as the file's lines do ("" when nothing was)
    first: int = 0  # the line of the first of them (1-based)
    before: bytes | None = None  # the file before (None when there was none); kept only when changed
    after: bytes = b""  # the file as written; kept only when changed
    made_folder: bool = False  # the links folder was made for it


def open_reflection(
    content: Path, when: str = "", timezone: str = "UTC", links_folder: str = "links", max_bytes: int = MAX_FILE_BYTES
) -> Reflection:
    r"""Make sure the week's file (content/<links_folder>/<ISO year>-W<week>.yaml, the week of `when`, the text
    of --date, "" for now, in `timezone`) has a `summary:`, and say where it is. A missing file is created
    with an empty summary and no links, as is one of only blank lines and comments (kept, and followed by
    the new lines); a plain list gets `summary: |` and `links:` in front of it, every byte of it kept. The
    lines added end as the file's first line does (\n for a new file). Raises LinkError (a message with the
    fix) when the file has problems the build would report, is written in a shape this cannot add to, or
    cannot be written; then nothing was changed."""
    moment, problem = date_option(when, timezone)
    if problem:
        raise LinkError(problem)
    year, week, _ = moment.isocalendar()
    path = content / links_folder / f"{year}-W{week:02d}.yaml"
    if not content.is_dir():
        raise LinkError(f"there is no content folder at {content}; run the command in the project's folder")
    with locked(content):
        problem = week_file_problem(path, content)
        if problem:
            raise LinkError(problem)
        existed = path.exists()
        old = path.read_bytes() if existed else b""
        before = parse_links_file(old, max_bytes, NoteRenderer())
        if before["problems"]:
            raise LinkError(f"{display(path)} has problems; fix them first: {listed_problems(before['problems'])}")
        new, line, added, first = _with_summary(old, (year, week), display(path))
        if not added:
            return Reflection(path, line, changed=False)
        after = parse_links_file(new, max_bytes, NoteRenderer())
        if after["problems"] or _read(after) != _read(before) or (old and new.replace(added, b"", 1) != old):
            raise LinkError(
                f"{display(path)} is written in a way `invoke reflect` cannot add to; add 'summary: |' by hand"
            )
        made_folder = not path.parent.exists()
        write_week_file(path, new)
    return Reflection(
        path, line, changed=True, added=added.decode("utf-8"), first=first, before=old if existed else None,
        after=new, made_folder=made_folder,
    )  # fmt: skip


def editor_failed(opened: Reflection, content: Path, problem: str) -> str:
    """What to tell the author when the editor, opened at `opened` (as open_reflection gave it), could not be
    started or ended with an error (`problem`, such as "the editor 'vim' ended with an error (exit code 1)").
    When open_reflection had changed the file, it is put back as it was (a file made for the reflection is
    removed, with the links folder if that was made for it too), but only if it still holds exactly what
    was written: checked under the content folder's lock, as `invoke link` writes. Otherwise it is left as
    it is, and the message says which lines were added and where. Never raises."""
    shown = display(opened.path)
    said = problem[:1].upper() + problem[1:]
    if not opened.changed:
        return f"{said}; the reflection goes under 'summary: |' in {shown}:{opened.line}."
    lines = LINE_BREAK.split(opened.added)[:-1]  # the text added ends with a line break
    if LINE_BREAK.match(opened.added):  # and starts with one when the file's last line had none
        lines = lines[1:]
    listed = ", ".join(repr(line) for line in lines)
    if opened.before is None:
        what = f"{shown} was made for the reflection ({listed})"
    else:
        what = f"{len(lines)} lines were added to {shown} at line {opened.first} ({listed})"
    try:
        with locked(content):
            now = opened.path.read_bytes() if opened.path.exists() else None
            if now != opened.after:
                return (
                    f"{said}. Before it started, {what}; the file changed while the editor was open, so it was "
                    "left as it is: write the reflection under 'summary: |', each line indented by two spaces, "
                    "or delete those lines."
                )
            if opened.before is None:
                opened.path.unlink()
                if opened.made_folder:
                    with contextlib.suppress(OSError):  # not empty: something else was put in it meanwhile
                        opened.path.parent.rmdir()
                undone = f"{shown}, made for the reflection, was removed again"
            else:
                write_atomically(opened.path, opened.before)
                undone = f"the lines added to {shown} were taken out again, so it is as it was"
    except OSError as error:
        return (
            f"{said}. Before it started, {what}, and that could not be undone ({why_not_written(error)}): write "
            "the reflection under 'summary: |', each line indented by two spaces, or delete those lines."
        )
    return f"Nothing was changed: {problem}; {undone}."


def _read(parsed: dict) -> list[dict]:
    """The links of a parsed file as they read, wherever they stand in it."""
    return [
        {key: value for key, value in link.items() if key not in ("line", "tags_line", "via_line")}
        for link in parsed["links"]
    ]


def _line_at(text: str, index: int) -> int:
    r"""The line (1-based) that the character at `index` of `text` is on, counted as the YAML reader and
    editors count lines: \r\n, \r and \n each end one (yaml_messages.LINE_BREAK)."""
    return len(LINE_BREAK.findall(text, 0, index)) + 1


def _with_summary(old: bytes, week: tuple[int, int], shown: str) -> tuple[bytes, int, bytes, int]:
    """The file with a `summary:`, the line of `summary:`, the bytes added (b"" if it had one), and the line
    of the first line added. Raises LinkError when the file's shape is one this cannot add to."""
    bom = b"\xef\xbb\xbf" if old.startswith(b"\xef\xbb\xbf") else b""
    text = old[len(bom) :].decode("utf-8")
    ending = LINE_BREAK.search(text)
    newline = ending[0] if ending else "\n"  # the file's own, so it keeps one kind of line ending
    block = f"summary: |{newline}  {newline}"
    node = yaml.compose(text, Loader=yaml.SafeLoader) if text.strip() else None
    if node is None:  # nothing, or only blank lines and comments: they stay, and the new lines follow them
        lead = newline if text and text[-1] not in "\r\n" else ""  # ends the last line, so the new ones start one
        header = f"# Week {week[1]}: links I saved from {week_label(*week)}.{newline}"
        added = lead + header + block + f"links: []{newline}"
        first = _line_at(text + lead, len(text + lead))
        return bom + (text + added).encode("utf-8"), first + 1, added.encode("utf-8"), first
    cannot = LinkError(f"{shown} is written in a way `invoke reflect` cannot add to; add 'summary: |' by hand")
    if isinstance(node, yaml.MappingNode) and not node.flow_style:
        for key, _ in node.value:
            if str(key.value) == "summary":
                return old, _line_at(text, key.start_mark.index), b"", 0
        links = next((key for key, _ in node.value if str(key.value) == "links"), None)
        if links is None:
            raise cannot
        mark, added = links.start_mark, block
    elif isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        mark, added = node.start_mark, block + f"links:{newline}"  # the list stays as it is, under links:
    else:
        raise cannot
    start = mark.index - mark.column  # the start of the line the insertion goes before
    line = _line_at(text, start)
    return bom + (text[:start] + added + text[start:]).encode("utf-8"), line, added.encode("utf-8"), line


def problems_after_editing(path: Path, max_bytes: int = MAX_FILE_BYTES) -> list[str]:
    """The build's problems with the week's file at `path` as the editor left it, as 'content/…:line: message'
    strings ([] when it builds, or when it is gone). max_bytes: LINKS_MAX_FILE_BYTES. Never raises."""
    try:
        data = path.read_bytes()
    except OSError:
        return []
    problems = parse_links_file(data, max_bytes, NoteRenderer())["problems"]
    return [f"{display(path)}:{line}: {message}" for line, message in problems]
