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
    """(path, message with the fix) for each file or folder under `folder` (a path) whose name is not UTF-8
    text or holds a character characters.FORBIDDEN matches, for each one that is neither a file nor a folder (a
    named pipe, a socket, a device: reading one never ends), and for each symbolic link that leads outside
    `project` (a folder; default: the current one, where the build runs), into its .git folder, or to a
    folder that holds the link (Pelican would follow it for ever). Links to folders are followed, as Pelican
    and the build follow them, so a link inside the project to a folder holding a link out of it is found,
    and so is a loop made of several links. `folder` itself may not be a link out of the project."""
    root = os.path.realpath(project or os.getcwd())
    found = []
    problem = _link_problem(folder, root, ())
    if problem:
        return [(folder, problem)]
    stack = [(folder, (os.path.realpath(folder),))]
    while stack:
        parent, ancestors = stack.pop()  # ancestors: the real paths of the folders walked to get here
        try:
            entries = sorted(os.scandir(parent), key=lambda entry: entry.name)
        except OSError:
            continue  # unreadable: the build reports what it cannot read
        for entry in entries:
            problem = _link_problem(entry.path, root, ancestors)
            if problem:
                found.append((entry.path, problem))
                continue
            reason = _name_problem(entry.name)
            is_folder = entry.is_dir(follow_symlinks=True)
            if reason:
                what = "folder" if is_folder else "file"
                fix = "rename it using letters, digits and dashes, such as my-first-post.md"
                found.append((entry.path, f"the name of this {what} {reason}; {fix}"))
            elif is_folder:  # what is inside a folder with such a name is reported with it
                stack.append((entry.path, (*ancestors, os.path.realpath(entry.path))))
            elif not entry.is_file(follow_symlinks=True) and os.path.exists(entry.path):
                found.append((entry.path, "this is not a file but a named pipe, a socket or a device, which the build "
                              "would wait on for ever; delete it"))  # fmt: skip
    return sorted(found)


def _link_problem(path: str, root: str, ancestors: tuple[str, ...]) -> str | None:
    """What is wrong with `path` if it is a symbolic link the build may not follow, else None. `root`: the
    project's folder, resolved; `ancestors`: the real paths of the folders walked to reach it. Nothing outside
    the project, nor its version history (.git, which can hold passwords), is ever read into the site through
    a link; a link to a folder above it, or to one already walked through, would go on for ever."""
    if not os.path.islink(path):
        return None
    target = os.path.realpath(path)
    escape = escapes(target, root)
    if escape:
        return escape
    folder = os.path.realpath(os.path.dirname(path) or ".")
    if os.path.commonpath([target, folder]) == target or target in ancestors:
        return "this is a link to a folder that holds it, so it would go on for ever; delete the link"
    return None


def escapes(path: str, root: str) -> str | None:
    """Why the file or folder `path` leads (links followed) where the site may not read, or None: outside
    `root` (the project's folder, resolved) or into its .git folder (history and settings, which can hold
    passwords). Checked again when a file is copied, since a link can change while the site is built."""
    target = os.path.realpath(path)
    if os.path.commonpath([target, root]) != root:
        return (
            f"this is a link to {target}, outside the project, and the site would publish what it points at; "
            "copy the file into the project instead, or delete the link"
        )
    history = os.path.join(root, ".git")
    if os.path.commonpath([target, history]) == history:
        return (
            "this is a link into the project's .git folder (its history and settings, which can hold passwords), "
            "which the site would publish; delete the link"
        )
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
