"""File names in the content folder that no page, address or feed can hold.

A file copied from an old computer or a zip archive can have a name that is not UTF-8 (Latin-1
"café.md" is the bytes `caf\\xe9.md`), and any file name can hold a control character such as a line
break. Such a name would end up in an address, a feed or a message, so every one is reported, before
anything is read, with the fix: rename the file.
"""

from __future__ import annotations

import os

from . import characters
from .problems import display_path


def shown(path: str) -> str:
    """A path as the author knows it, with bytes that are not UTF-8 written as \\xe9 and forbidden
    characters, tabs and line breaks as escapes (characters.shown). path: a path from os.walk (undecodable bytes as
    surrogate escapes, PEP 383)."""
    readable = os.fsencode(display_path(path)).decode("utf-8", "backslashreplace")
    return characters.shown(readable).replace("\t", "\\t").replace("\n", "\\n")


def problems(folder: str, project: str | None = None) -> list[tuple[str, str]]:
    """(path, message with the fix) for each file or folder under `folder` (a path; links are not
    followed) whose name is not UTF-8 text or holds a character characters.FORBIDDEN matches, and for
    each symbolic link that leads outside `project` (a folder; default: the current one, where the
    build runs) or to a folder holding the link itself (Pelican would follow it for ever)."""
    found = []
    root = os.path.realpath(project or os.getcwd())
    for parent, folders, files in os.walk(folder):
        for name in sorted(folders) + sorted(files):
            link = _link_problem(os.path.join(parent, name), root)
            if link:
                found.append((os.path.join(parent, name), link))
                continue
            reason = _name_problem(name)
            if reason:
                what = "folder" if name in folders else "file"
                fix = "rename it using letters, digits and dashes, such as my-first-post.md"
                found.append((os.path.join(parent, name), f"the name of this {what} {reason}; {fix}"))
        # What is inside a folder with such a name is reported with it.
        folders[:] = [name for name in folders if _name_problem(name) is None]
    return found


def _link_problem(path: str, root: str) -> str | None:
    """What is wrong with `path` if it is a symbolic link the build may not follow, else None. `root`: the
    project's folder, resolved. Nothing outside the project is ever read into the site through a link."""
    if not os.path.islink(path):
        return None
    target = os.path.realpath(path)
    if os.path.commonpath([target, root]) != root:
        return (
            f"this is a link to {target}, outside the project, and the site would publish what it points at; "
            "copy the file into the project instead, or delete the link"
        )
    if os.path.commonpath([target, os.path.realpath(os.path.dirname(path) or ".")]) == target:
        return "this is a link to a folder that holds it, so it would go on for ever; delete the link"
    return None


def _name_problem(name: str) -> str | None:
    """Why a file or folder name cannot be used ("is not UTF-8 text …", "holds a line break (U+000A)"), or None.
    A tab or line break is fine in text but not in a name."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "is not UTF-8 text (it was made on a computer that writes names another way)"
    bad = characters.first_forbidden(name) or next((c for c in name if c in "\t\n\r"), None)
    return f"holds {characters.describe(bad)}" if bad else None
