"""`invoke new-post`: a new post file with its header filled in, never over an existing one.

Nothing is created that the build would refuse: the title, tags and date are checked as the build checks
them (the date and tags by the same functions as `invoke link`, linknote.py), the post's address and tags
against those the site already has, and the file, before it is written, is read back with the posts'
own header reader and validation (posts/header.py, posts/validation.py), which must find no problem and
read exactly the title, tags and date given.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from learnlog_core import characters, limits
from learnlog_core.layout import LAYOUT
from learnlog_core.slugs import slugify as slugify_name
from posts.header import split as split_header
from posts.template import NEW_POST
from posts.validation import SLUG, validate

from learnlog.files import why_not_written, write_atomically
from learnlog.linknote import (
    MARKDOWN_SUFFIXES,
    date_option,
    date_text,
    display,
    holds_forbidden,
    known_tags,
    link_files,
    locked,
    shown,
    tag_clash,
    tag_names,
    typed,
    week_file_problem,
)

TEMPLATE = NEW_POST  # posts/template.py: the build warns about its placeholders left in a post
DATED_NAME = re.compile(LAYOUT["FILENAME_METADATA"])
# The largest post the build reads, unless pelicanconf.py sets MARKDOWN_MAX_FILE_BYTES.
MAX_FILE_BYTES = limits.DEFAULTS["MARKDOWN_MAX_FILE_BYTES"]


def slugify(title: str) -> str:
    """ "Learning in public: Week 1!" -> "learning-in-public-week-1": the build's own rule for addresses
    (learnlog_core/slugs.py), so "Что такое PLN?" gives "chto-takoe-pln" and "C#" gives "c-sharp"."""
    return slugify_name(title)


class NewPostError(Exception):
    """A reason not to create the post, in plain words with the fix; no file was created."""


def create_post(
    content: Path,
    title: str,
    tags: str = "",
    when: str = "",
    timezone: str = "UTC",
    links_folder: str = "links",
    max_bytes: int = MAX_FILE_BYTES,
    tag_slugs: Mapping[str, str] | None = None,
) -> Path:
    """Create content/posts/<date>-<slug>.md and return its path.

    title: the post's title; runs of spaces, tabs and line breaks become one space (a title is one line).
    tags: names separated by commas. when: the text of --date ("" for now; linknote.date_option: a date,
    a date and time, an offset converted to `timezone`). timezone: TIMEZONE. links_folder: LINKS_PATH, whose
    notes' tags are among those the site has. max_bytes: MARKDOWN_MAX_FILE_BYTES, the largest post the build
    reads. tag_slugs: TAG_SLUGS (slugs.tag_slug). Raises NewPostError, with the fix, for a title, tags or date
    the build would refuse, an address another post has, or a file already there; then no file was created.
    """
    _refuse(typed("the title", title))
    bad = characters.first_forbidden(title)
    if bad:
        raise NewPostError(holds_forbidden(f"the title {shown(title)}", bad))
    title = " ".join(title.split())
    if not title:
        raise NewPostError('Give the post a title: invoke new-post "What I learned about feedback"')
    slug = slugify(title)
    if not slug:
        raise NewPostError(f"the title {shown(title)} has no letters or digits to make an address from; add some words")
    names = _checked(tag_names(tags, "post", tag_slugs))
    moment = _checked(date_option(when, timezone))
    path = content / "posts" / f"{moment:%Y-%m-%d}-{slug}.md"
    text = TEMPLATE.format(title=title, date=date_text(moment, day_alone=False), tags=", ".join(names))
    if not names:
        text = text.replace("Tags: \n", "")
    _refuse(_read_back(text, title, names, moment))
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise NewPostError(
            f"the new post would be {size:,} bytes, over the limit of {max_bytes:,} (MARKDOWN_MAX_FILE_BYTES); "
            "shorten the title"
        )
    if not content.is_dir():
        raise NewPostError(f"there is no content folder at {content}; run the command in the project's folder")
    with locked(content):  # no other command adds a post or a tag between the checks and the write
        _refuse(week_file_problem(path, content))  # the posts folder is no link out of the project
        _refuse(_slug_taken(content, slug, path))
        known = known_tags(content, link_files(content / links_folder), tag_slugs)
        _refuse(tag_clash(names, known, tag_slugs))
        try:
            write_atomically(path, text.encode("utf-8"), exclusive=True)
        except FileExistsError:
            raise NewPostError(
                f"{display(path)} already exists; it was left as it is. Choose another title, or edit that file"
            ) from None
        except OSError as error:
            raise NewPostError(f"{display(path)} could not be written ({why_not_written(error)})") from None
    return path


def _refuse(problem: str | None) -> None:
    if problem:
        raise NewPostError(problem)


def _checked(result: tuple):
    value, problem = result
    _refuse(problem)
    return value


def _read_back(text: str, title: str, tags: list[str], moment: datetime) -> str | None:
    """None when the posts' reader reads `text` without a problem, as the given title, tags and date."""
    header = split_header(text)
    values, problems, _ = validate(header, "post", True)
    problems = problems + characters.forbidden_lines(text)
    if problems:
        listed = "; ".join(f"line {line}: {message}" for line, message in problems)
        return f"the new post would not be valid: {listed}"
    if (values.get("title"), values.get("tags", []), values.get("date")) != (title, tags, moment):
        return "the title or tags would not be read back from the post's header as given; write them more plainly"
    return None


def _slug_taken(content: Path, slug: str, new: Path) -> str | None:
    """The message when another post already has the address part `slug` (the build refuses two posts with
    one slug, whatever their dates), else None; a file at `new`, the new post's path, is left to the
    exclusive write, which says it is there. A post's slug is its 'Slug:' line, else the part of its
    file name after the date, else its title, each made by the same rule (slugs.py)."""
    folder = content / "posts"
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.suffix not in MARKDOWN_SUFFIXES or not path.is_file() or path == new:
            continue
        try:
            header = split_header(path.read_bytes().decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n"))
        except (OSError, UnicodeDecodeError):
            continue
        fields = {name: field.value for name, field in header.fields.items()}
        given = fields.get("slug")
        dated = DATED_NAME.match(path.stem)
        title = fields.get("title") if isinstance(fields.get("title"), str) else ""
        if isinstance(given, str) and SLUG.match(given):
            other = given
        else:
            other = slugify(dated["slug"]) if dated else ""
            other = other or slugify(title.strip())
        if other == slug:
            return (
                f"the post {display(path)} already has the address '{slug}', and two posts cannot share one; "
                "choose another title, or write in that post"
            )
    return None
