"""`invoke import` figures for `invoke bench`: 10,000 bookmarks from a browser's export into a learner's site.

The export is our own, written as browsers write Netscape bookmark HTML: folders, tags, a description on one
bookmark in three, dates over twelve years. It is imported with the command an author runs, into a copy of
the benchmark site's content (its own link notes are there, so every address is checked against them).
"""

from __future__ import annotations

import random
import shutil
from html import escape
from pathlib import Path

BOOKMARKS = 10_000
WORDS = [
    *("feedback", "practice", "retrieval", "spacing", "memory", "curiosity", "design", "assessment"),
    *("reading", "writing", "habits", "motivation", "questions", "examples", "coaching"),
]
START = 1_350_000_000  # seconds since 1970: October 2012


def write_export(path: Path, count: int = BOOKMARKS, seed: int = 12) -> None:
    """Write a Netscape bookmark HTML file of `count` bookmarks to `path`, the same for the same seed."""
    rng = random.Random(seed)
    lines = ["<!DOCTYPE NETSCAPE-Bookmark-file-1>", "<TITLE>Bookmarks</TITLE>", "<H1>Bookmarks</H1>", "<DL><p>"]
    folder_every = 500
    for number in range(count):
        if number % folder_every == 0:
            if number:
                lines.append("    </DL><p>")
            lines += [f"    <DT><H3>{rng.choice(WORDS).title()} {number // folder_every}</H3>", "    <DL><p>"]
        when = START + number * 37_800 + rng.randrange(3_600)
        tags = ",".join(rng.sample(WORDS, rng.randrange(4)))
        title = f"{rng.choice(WORDS).title()} and {rng.choice(WORDS)}: what {number} teachers found"
        address = f"https://site{number % 400}.example.org/{rng.choice(WORDS)}/{number}"
        lines.append(f'        <DT><A HREF="{address}" ADD_DATE="{when}" TAGS="{tags}">{escape(title)}</A>')
        if number % 3 == 0:
            lines.append(f"        <DD>{' '.join(rng.choice(WORDS) for _ in range(25)).capitalize()} &amp; more.")
    lines += ["    </DL><p>", "</DL><p>"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def project(folder: Path, site: Path, root: Path) -> Path:
    """A project to import into: the commands (tasks.py) of `root`, the settings and a copy of the content of the
    benchmark site `site`. Returns its folder, made afresh."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy2(root / "tasks.py", folder / "tasks.py")
    shutil.copy2(site / "pelicanconf.py", folder / "pelicanconf.py")
    shutil.copytree(site / "content", folder / "content")
    return folder
