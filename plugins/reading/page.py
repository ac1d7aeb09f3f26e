"""What /reading/ shows, worked out from the blogroll and the snapshot: pure functions, no Pelican."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from .snapshot import Entry


@dataclass(frozen=True)
class Shown:
    """One item as the page shows it. person: the blogroll's Person (name; url, their entry on /blogroll/).
    title, summary: plain text. url: an http(s) address, or None (the title is then not a link). date: aware, in
    the site's time zone, or None."""

    person: object
    title: str
    url: str | None
    date: datetime | None
    summary: str


@dataclass(frozen=True)
class ReadingPage:
    """days: [(day, [Shown])], the dated items by the day they were published in the site's time zone, newest
    first. undated: items whose feed gives no date, person by person in blogroll order. waiting: the people with
    a feed and nothing in the snapshot (never fetched, or never fetched successfully). with_feeds: how many
    people have a feed. updated: the day the snapshot last changed, in the site's time zone, or None when it does
    not say."""

    days: list[tuple[date, list[Shown]]] = field(default_factory=list)
    undated: list[Shown] = field(default_factory=list)
    waiting: list = field(default_factory=list)
    with_feeds: int = 0
    updated: date | None = None

    @property
    def count(self) -> int:
        return sum(len(items) for _, items in self.days) + len(self.undated)


def reading_page(
    people: Sequence,
    snapshot: dict[str, Entry] | None,
    per_person: int,
    zone: tzinfo,
    updated: datetime | None = None,
) -> ReadingPage:
    """The page for `people` (the blogroll's Persons, in its order: each with id, name, feed) and `snapshot`
    (Entry by person id; None when there is no snapshot file yet): each person's newest `per_person` items, newest
    first across people. Items of one moment keep the blogroll's order of their people, then the feed's order (the
    snapshot's); undated items come last, in the same order. A person without a feed is not shown, whatever the
    snapshot holds; neither is anyone the snapshot holds who is no longer in the blogroll. updated: when the
    snapshot last changed (aware), or None."""
    with_feeds = [person for person in people if person.feed]
    dated: list[tuple[tuple, Shown]] = []
    undated: list[Shown] = []
    waiting = []
    for place, person in enumerate(with_feeds):
        entry = (snapshot or {}).get(person.id)
        if entry is None:
            waiting.append(person)
            continue
        for number, item in enumerate(entry.items[:per_person]):
            moment = item.date.astimezone(zone) if item.date is not None else None
            shown = Shown(person=person, title=item.title, url=item.url, date=moment, summary=item.summary)
            if moment is None:
                undated.append(shown)
            else:
                dated.append(((-moment.timestamp(), place, number), shown))
    days: list[tuple[date, list[Shown]]] = []
    for _, shown in sorted(dated, key=lambda pair: pair[0]):
        day = shown.date.date()
        if days and days[-1][0] == day:
            days[-1][1].append(shown)
        else:
            days.append((day, [shown]))
    day = updated.astimezone(zone).date() if updated is not None else None
    return ReadingPage(days, undated, waiting, len(with_feeds), day)
