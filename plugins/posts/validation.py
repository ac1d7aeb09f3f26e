"""The metadata a post or page may carry, declared as data, and the checks that go with it.

`validate()` returns every problem at once, each as (line, message with the fix), and the
cleaned values: dates as datetimes, tags as a list of strings, the rest as text.
"""

from __future__ import annotations

import difflib
import re

from learnlog_core import fields as check
from learnlog_core import limits
from learnlog_core.fields import DATE_EXAMPLE
from learnlog_core.slugs import slugify

from .header import Field, Header

STATUSES = ("published", "draft", "hidden")
TEXT_FIELDS = ("title", "summary", "category", "author", "authors", "lang", "template", "id")
KNOWN_FIELDS = (
    *TEXT_FIELDS,
    "date",
    "modified",
    "tags",
    "slug",
    "status",
    "save_as",
    "url",
    "translation",
)
# Fields Pelican knows that Learnlog refuses: with them a post could take another page's address.
REFUSED = ("save_as", "url")
MAX_SLUG = 80  # as slugs made from titles (learnlog_core/slugs.py): a file name holds at most 255 bytes
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The site's own folders: a page with one of these slugs would replace a part of the site.
RESERVED_PAGE_SLUGS = frozenset(
    [
        "posts",
        "tags",
        "categories",
        "archives",
        "links",
        "feeds",
        "blogroll",
        "subscribe",
        "save",
        "reading",
        "theme",
        "images",
        "drafts",
        "page",
    ]
)


def validate(header: Header, kind: str, date_in_filename: bool) -> tuple[dict, list, list]:
    """Check a header; return (values, problems, warnings)."""
    problems: list[tuple[int, str]] = list(header.problems)
    warnings: list[tuple[int, str]] = []
    values: dict[str, object] = {}
    fields = header.fields
    if header.problems and not fields:  # the header itself could not be read
        return values, problems, warnings

    for name, item in fields.items():
        if name not in KNOWN_FIELDS:
            guess = difflib.get_close_matches(name, [known for known in KNOWN_FIELDS if known not in REFUSED], n=1)
            usable = [known for known in KNOWN_FIELDS if known not in REFUSED]
            hint = f"did you mean '{guess[0]}'?" if guess else f"known fields: {', '.join(usable)}"
            if guess == ["status"] and "status" not in fields:
                # 'Stauts: draft' ignored would publish a post meant to be held back: never a mere warning.
                problems.append(
                    (
                        item.line,
                        f"unknown field '{name}'; did you mean 'Status'? Ignored, it would publish a post meant to "
                        f"be held back: write Status: {item.value}",
                    )
                )
            else:
                warnings.append((item.line, f"unknown field '{name}' is ignored; {hint}"))

    for name in REFUSED:
        if name in fields:
            problems.append(
                (
                    fields[name].line,
                    f"'{name}' would put this {kind} at an address of its own, where it could replace another "
                    "page (the home page, a post); delete the line: the address comes from the file name or the "
                    "title, or from a line such as 'Slug: my-post'",
                )
            )

    for name in (*TEXT_FIELDS, "translation"):
        if name in fields:
            text, error = check.text(name, fields[name].value, fields[name].node)
            if error:
                problems.append((fields[name].line, error))
            else:
                values[name] = text

    if values.get("lang"):
        problem = check.language("lang", values["lang"])
        if problem:
            problems.append((fields["lang"].line, problem))

    if values.get("id"):
        from feeds.ids import pinned_problem  # the feeds plugin, loaded with every plugin before a file is read

        problem = pinned_problem(values["id"])
        if problem:
            problems.append((fields["id"].line, problem))

    if "title" not in fields or values.get("title") == "":
        line = fields["title"].line if "title" in fields else 1
        problems.append((line, "the title is missing or empty; add a line such as 'Title: What I learned'"))

    for name in ("date", "modified"):
        if name in fields:
            when, error = check.when(name, fields[name].value)
            if error:
                problems.append((fields[name].line, error))
            else:
                values[name] = when
    if kind == "post" and "date" not in fields and not date_in_filename:
        problems.append((1, f"the post has no date; add a line such as 'Date: {DATE_EXAMPLE.split(' or ')[1]}'"))

    if "status" in fields:
        status, error = _status(fields["status"])
        if error:
            problems.append((fields["status"].line, error))
        else:
            values["status"] = status

    if "tags" in fields:
        tags, error = _tags(fields["tags"])
        if error:
            problems.append((fields["tags"].line, error))
        else:
            values["tags"] = tags

    if "slug" in fields:
        slug = fields["slug"].value
        if isinstance(slug, str) and SLUG.match(slug) and len(slug) > MAX_SLUG:
            problems.append(
                (fields["slug"].line, f"the slug is {len(slug)} characters long; keep it under {MAX_SLUG + 1}")
            )
        elif not isinstance(slug, str) or not SLUG.match(slug):
            suggestion = slugify(str(slug)) or "my-post"
            key = "Slug" if fields["slug"].node is None else "slug"  # as written: a Pelican line or YAML
            problems.append(
                (
                    fields["slug"].line,
                    f"the slug '{slug}' may only use lowercase letters, digits and hyphens; "
                    f"write '{key}: {suggestion}'",
                )
            )
        elif kind == "page" and slug in RESERVED_PAGE_SLUGS:
            problems.append((fields["slug"].line, f"the slug '{slug}' is taken by the site itself; choose another"))
        else:
            values["slug"] = slug
    return values, problems, warnings


def _status(item: Field) -> tuple[str | None, str | None]:
    status = str(item.value).strip().lower()
    if status in STATUSES:
        return status, None
    guess = difflib.get_close_matches(status, STATUSES, n=1)
    hint = f"did you mean '{guess[0]}'?" if guess else "use published, draft or hidden"
    return None, f"unknown status '{item.value}'; {hint}"


def _tags(item: Field) -> tuple[list[str] | None, str | None]:
    value = item.value
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        return None, "'tags' must be a list of words, such as 'Tags: memory, habits'; put numbers or yes/no in quotes"
    for tag in value:
        _, error = check.text("tags", tag)
        if error:
            return None, error
    tags = [tag.strip() for tag in value if tag.strip()]
    if len(tags) > limits.MAX_TAGS:
        return (
            None,
            f"there are {len(tags)} tags; a post can have at most {limits.MAX_TAGS}: keep the few "
            "that say what it is about",
        )
    return tags, None
