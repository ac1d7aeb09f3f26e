"""Jinja filters for the theme: every bit of formatting logic the templates need, in one place."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

WORDS_PER_MINUTE = 220


def isodate(value: date | datetime) -> str:
    """Machine-readable date for `<time datetime>`: 2026-11-23T09:15:00+00:00."""
    return value.isoformat()


def reading_minutes(html: str) -> int:
    """Minutes a reader needs for a post, counted from its HTML, at least one."""
    words = len(re.sub(r"<[^>]+>", " ", html or "").split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`3|plural("post")` gives "3 posts"; `1|plural("post")` gives "1 post"."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


FILTERS = {
    "isodate": isodate,
    "reading_minutes": reading_minutes,
    "plural": plural,
}
