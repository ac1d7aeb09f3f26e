"""`invoke new-post`: a new post file with its header filled in, never over an existing one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from learnlog_core import characters, slugs

from learnlog.files import write_atomically

TEMPLATE = """\
Title: {title}
Date: {date}
Tags: {tags}
Summary: One or two sentences that appear on the home page.

Start writing here. What did you learn, and what will you do with it?

## A heading

Markdown works: **bold**, *italic*, [a link](https://example.org), lists, and quotes starting with `>`.
"""


def slugify(title: str) -> str:
    """ "Learning in public: Week 1!" -> "learning-in-public-week-1": the build's own rule for addresses
    (learnlog_core/slugs.py), so "Что такое PLN?" gives "chto-takoe-pln" and "C#" gives "c-sharp"."""
    return slugs.slugify(title)


class NewPostError(Exception):
    pass


def create_post(content: Path, title: str, tags: str = "", when: str = "", timezone: str = "UTC") -> Path:
    """Create content/posts/<date>-<slug>.md and return its path."""
    for text in (title, tags):
        bad = characters.first_forbidden(text)
        if bad:
            raise NewPostError(
                characters.message(bad, "The title or tags contain {}").replace("; delete it", "; retype them")
            )
    title = " ".join(title.split())
    if not title:
        raise NewPostError('Give the post a title: invoke new-post "What I learned about feedback"')
    slug = slugify(title)
    if not slug:
        raise NewPostError(
            f"The title {title!r} has no letters, digits or symbols to make an address from; add some words"
        )
    moment = _moment(when, timezone)
    tag_list = ", ".join(tag.strip() for tag in tags.split(",") if tag.strip())
    path = content / "posts" / f"{moment:%Y-%m-%d}-{slug}.md"
    text = TEMPLATE.format(title=title, date=f"{moment:%Y-%m-%d %H:%M}", tags=tag_list)
    if not tag_list:
        text = text.replace("Tags: \n", "")
    try:
        write_atomically(path, text.encode("utf-8"), exclusive=True)
    except FileExistsError:
        shown = path.relative_to(content.parent)
        raise NewPostError(
            f"{shown} already exists; it was left as it is. Choose another title, or edit that file"
        ) from None
    return path


def _moment(when: str, timezone: str) -> datetime:
    if not when:
        return datetime.now(ZoneInfo(timezone)).replace(second=0, microsecond=0)
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(when, pattern)
        except ValueError:
            continue
    raise NewPostError(f"--date {when!r} is not a date; write it as 2026-11-23 or '2026-11-23 09:15'")
