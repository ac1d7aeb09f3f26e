"""Files the author puts at the site's root as they are: everything in content/extra/ (EXTRA_PATH).

A domain verification file (google1234abcd.html, BingSiteAuth.xml), keybase.txt, favicon.ico or
.well-known/security.txt must be at a fixed address at the top of the site, and a file added to the
published branch by hand would vanish at the next publish. Put in content/extra/, such a file is part
of every build: content/extra/keybase.txt is published at /keybase.txt.

The files are copied once everything else is written, so a file that would replace one of the site's
own (index.html, a feed, a theme file) is found and reported instead; only robots.txt may be replaced,
on purpose. Markdown in the folder is never read as a post or a page.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
from pathlib import Path, PurePosixPath

from learnlog_core import file_names
from learnlog_core.build import build_of
from learnlog_core.writer import flush_pages

DEFAULTS = {"EXTRA_PATH": "extra"}
# Hidden folders are an editor's or a system's (IGNORE_FILES), except this one: RFC 8615's well-known URIs.
WELL_KNOWN = ".well-known"
# Files of the site's own that an author may replace with theirs.
REPLACEABLE = ("robots.txt",)
# Files `invoke publish` writes itself, with what to do instead.
WRITTEN_ON_PUBLISH = {
    "CNAME": "invoke publish writes it from GITHUB_PAGES_CNAME: set that in publishconf.py instead",
}


def configure(settings: dict) -> None:
    """Give EXTRA_PATH its default, and keep its files from being read as posts or pages, or copied twice.
    settings: Pelican's settings (changed in place); ARTICLE_EXCLUDES, PAGE_EXCLUDES and STATIC_EXCLUDES are
    Pelican's lists of folders, relative to the content folder, that a generator leaves out."""
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    folder = settings["EXTRA_PATH"]
    for name in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES", "STATIC_EXCLUDES"):
        settings[name] = [*settings.get(name, []), *([folder] if folder not in settings.get(name, []) else [])]


def extra_files(folder: Path, ignored: list[str]) -> list[tuple[Path, str]]:
    """(file, its address in the site) for every file under `folder`, in order of address: 'keybase.txt',
    '.well-known/security.txt'. Files and folders whose names match a pattern of `ignored` (IGNORE_FILES:
    hidden files, editor backups) are left out, except a .well-known folder at the top. Links are followed
    (file_names.py has refused those leading outside the project, and loops). [] if there is no folder."""
    found = []
    for parent, folders, files in os.walk(folder, followlinks=True):
        top = Path(parent) == folder
        folders[:] = sorted(name for name in folders if (top and name == WELL_KNOWN) or not _ignored(name, ignored))
        for name in sorted(files):
            if not _ignored(name, ignored):
                path = Path(parent, name)
                found.append((path, path.relative_to(folder).as_posix()))
    return sorted(found, key=lambda item: item[1])


def _ignored(name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def copy_extra_files(pelican) -> None:
    """At the end of the build (Pelican's `finalized` signal), copy the extra files into the output folder,
    bytes as they are. A file whose address the site already uses (other than REPLACEABLE), or that
    `invoke publish` writes (WRITTEN_ON_PUBLISH), is reported, with the file and the fix, and the build
    fails: nothing of the site is ever replaced by accident."""
    settings = pelican.settings
    build = build_of(settings)
    if build.writer is not None:  # every page is written first, whatever order the receivers run in
        flush_pages(build.writer)
    folder = Path(settings["PATH"], settings["EXTRA_PATH"])
    output = Path(pelican.output_path)
    copies = []
    project = os.path.realpath(os.getcwd())  # the build runs in the project's folder
    for source, address in extra_files(folder, settings.get("IGNORE_FILES", [])):
        escape = file_names.escapes(str(source), project)
        if escape:  # a link made or changed while the site was built (the walk at its start found none)
            build.report(str(source), 0, escape)
            continue
        source = Path(os.path.realpath(source))
        target = output / address
        taken = _taken(output, PurePosixPath(address))
        if address in WRITTEN_ON_PUBLISH:
            build.report(str(source), 0, f"{address} cannot be put at the site's root: {WRITTEN_ON_PUBLISH[address]}")
        elif taken and address not in REPLACEABLE:
            build.report(
                str(source),
                0,
                f"the site already has /{taken}, which this file would replace: rename or move it, "
                f"or delete it (files in {settings['EXTRA_PATH']}/ are copied to the top of the site as they are)",
            )
        else:
            copies.append((source, target))
    if build.problems:
        return
    for source, target in copies:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # robots.txt: the author's replaces the site's
        shutil.copyfile(source, target)


def _taken(output: Path, address: PurePosixPath) -> str | None:
    """The address, or the folder above it, that the built site already has as a file (or the address as a
    folder), or None when the file can go there."""
    if (output / address).exists():
        return address.as_posix() + ("/" if (output / address).is_dir() else "")
    for parent in reversed(address.parents[:-1]):  # 'a', then 'a/b', …
        if (output / parent).is_file():
            return parent.as_posix()
    return None
