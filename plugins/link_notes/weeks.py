"""ISO weeks: which week a moment falls in, in the site's time zone, and how to name it."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta


def iso_week(moment: datetime) -> tuple[int, int]:
    """(ISO year, ISO week) of an aware datetime, already in the site's time zone."""
    year, week, _ = moment.isocalendar()
    return year, week


def week_days(iso_year: int, iso_week_number: int) -> tuple[date, date]:
    monday = date.fromisocalendar(iso_year, iso_week_number, 1)
    return monday, monday + timedelta(days=6)


def week_label(iso_year: int, iso_week_number: int) -> str:
    """ "23–29 November 2026", "30 November – 6 December 2026", "29 December 2025 – 4 January 2026"."""
    first, last = week_days(iso_year, iso_week_number)
    if first.year != last.year:
        return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"
    if first.month != last.month:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day}–{last.day} {last:%B %Y}"


def top_tags(tag_lists, count: int) -> list[tuple[object, int]]:
    """The most used tags (names or Tag objects), most used first, ties by name."""
    counts = Counter(tag for tags in tag_lists for tag in tags)
    return sorted(counts.items(), key=lambda item: (-item[1], str(item[0]).lower()))[:count]
