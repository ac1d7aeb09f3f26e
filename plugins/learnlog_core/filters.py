"""Jinja filters for the theme: every bit of formatting logic the templates need, in one place."""

from __future__ import annotations

import functools
import math
import re
from datetime import date, datetime

WORDS_PER_MINUTE = 220


def isodate(value: date | datetime) -> str:
    """Machine-readable date for `<time datetime>`: 2026-11-23T09:15:00+00:00."""
    return value.isoformat()


@functools.lru_cache(maxsize=8192)  # a post's card is on several listings
def reading_minutes(html: str) -> int:
    """Minutes a reader needs for a post, counted from its HTML, at least one."""
    words = len(re.sub(r"<[^>]+>", " ", html or "").split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def page_path(output_file: str) -> str:
    """The site-relative URL of a written file: posts/2026/x/index.html -> posts/2026/x/."""
    return output_file.removesuffix("index.html")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`3|plural("post")` gives "3 posts"; `1|plural("post")` gives "1 post"."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


class LongDate:
    """`moment|longdate`: a date as the site shows dates (DEFAULT_DATE_FORMAT).

    A class, not a closure: Pelican's cache pickles the settings, filters included.
    """

    def __init__(self, date_format: str):
        self.date_format = date_format

    def __call__(self, value: date | datetime) -> str:
        return value.strftime(self.date_format)


FILTERS = {
    "isodate": isodate,
    "reading_minutes": reading_minutes,
    "plural": plural,
    "page_path": page_path,
}
