"""What the search index holds: one record per post, page, link note and week's reflection.

Pagefind (pagefind.app) indexes HTML documents. Each record here is a small document made from the
same objects the pages are rendered from, never from a page of the output: a link note is one result,
pointing at its anchor on its week page, though it shares that page with the week's other links, and
nothing around a post (navigation, tags, footers) is found as if it were the post's own words.

A record's document holds its title as `<h1>` (Pagefind's result title, and its most weighted words),
its text in `<p>`s, its metadata in an element Pagefind leaves out of the text (`data-pagefind-ignore`:
metadata inside it is still read, Pagefind's "Indexing" docs), and, last, its filter words. Every value
is escaped: a title or a note can hold any text.

Filters (kind, tag, year) are words of the record, one per value ("ǂt…"), which the search page adds to
the words searched for: Pagefind finds only records that hold every word. Pagefind's own filters
(`data-pagefind-filter`) cannot be used: it writes their index in a different order on every run
(Pagefind issue #638: "the filter/metadata indexes" still change between builds), so two builds of the
same site would differ. A filter word starts with "ǂ" (U+01C2, a letter no one types in a search box,
so typing never reaches it) and ends with a digit, so no stemmer changes it; every filter word of a
kind has the same length, so none is the start of another (Pagefind matches the start of a word).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from learnlog_core.filters import plain_text
from markupsafe import escape

# Filter names, as the search page's lists and addresses name them (?kind=link&tag=memory&year=2026).
KIND = "kind"
TAG = "tag"
YEAR = "year"
# kind -> what a result of that kind is called, and its choice in the search page's "Show" list.
KINDS = {"post": "Post", "link": "Link", "week": "Week", "page": "Page"}
KIND_CHOICES = {"post": "Posts", "link": "Links", "week": "Weekly reflections", "page": "Pages"}
FILTER_MARK = "\u01c2"  # ǂ
KIND_NUMBERS = {"post": 1, "link": 2, "week": 3, "page": 4}
TAG_DIGITS = 12
# Before the words a record is found by that its result shows apart (site, via, tags): a filter word of its own.
EXTRAS_MARK = f"{FILTER_MARK}x0"


def kind_word(kind: str) -> str:
    """The filter word of a kind ("post" -> "ǂk1")."""
    return f"{FILTER_MARK}k{KIND_NUMBERS[kind]}"


def year_word(year: int) -> str:
    """The filter word of a year (2026 -> "ǂy2026"); years 1000–9999, four digits like every other."""
    return f"{FILTER_MARK}y{year:04d}"


def tag_word(slug: str) -> str:
    """The filter word of a tag: "ǂt" and TAG_DIGITS digits of a SHA-256 of its slug (UTF-8), so any tag
    gives a word; two slugs share one once in 10¹² pairs."""
    number = int(hashlib.sha256(slug.encode("utf-8")).hexdigest(), 16) % 10**TAG_DIGITS
    return f"{FILTER_MARK}t{number:0{TAG_DIGITS}d}"


@dataclass(frozen=True)
class Record:
    """One search result. url: where it leads, from the site's top, without a leading "/" ("posts/2026/why/",
    "links/2026/w48/#link-1a2b3c4d5e"); html: the document Pagefind indexes, which holds the url as its
    `target` metadata (Pagefind's own result address is that of the file it was read from, which means
    nothing); kind, tags ((slug, name) pairs: the site's tag pages know a tag by its slug, so "Memory" and
    "memory" are one tag) and year (None for a page): what it is filtered by."""

    url: str
    html: str
    kind: str
    tags: tuple[tuple[str, str], ...] = ()
    year: int | None = None


@dataclass
class Choice:
    """One value of a filter on the search page: value (as in the address), label, its filter word, and
    how many records hold it."""

    value: str
    label: str
    word: str
    count: int = 0


@dataclass
class Choices:
    """The search page's filter lists: kinds in KINDS' order, tags by name (ignoring case), years newest first."""

    kind: list[Choice] = field(default_factory=list)
    tag: list[Choice] = field(default_factory=list)
    year: list[Choice] = field(default_factory=list)


def choices_of(records: list[Record]) -> Choices:
    """The values the records hold, each with its count: only values some record has are offered. A tag is
    offered by its slug (as in ?tag=memory), shown by the name its records use most (the first in order
    of names, when they are as many)."""
    kinds = Counter(record.kind for record in records)
    tags = Counter(slug for record in records for slug, _ in record.tags)
    names: dict[str, Counter] = {}
    for record in records:
        for slug, name in record.tags:
            names.setdefault(slug, Counter())[name] += 1
    shown = {slug: min(counted, key=lambda name: (-counted[name], name)) for slug, counted in names.items()}
    years = Counter(record.year for record in records if record.year is not None)
    return Choices(
        kind=[Choice(kind, KIND_CHOICES[kind], kind_word(kind), kinds[kind]) for kind in KINDS if kinds[kind]],
        tag=[
            Choice(slug, shown[slug], tag_word(slug), tags[slug])
            for slug in sorted(tags, key=lambda slug: (shown[slug].casefold(), shown[slug], slug))
        ],
        year=[Choice(str(year), str(year), year_word(year), years[year]) for year in sorted(years, reverse=True)],
    )


def document(
    language: str,
    record_url: str,
    title: str,
    texts: list[str],
    extras: list[str],
    meta: dict[str, str],
    words: list[str],
    sort_date: str = "",
) -> str:
    """The HTML document Pagefind indexes for one result.

    language: the site's language (BCP 47, "en"); record_url: where the result leads (Record.url); title:
    plain text; texts: its own words, plain-text paragraphs (empty ones are left out); extras: words to be
    found by that the result shows elsewhere (the saved page's site, the via, tags), after EXTRAS_MARK, so
    the search page can leave them out of the words it shows around a match; meta: what the result shows
    (name -> plain text; empty values are left out), with its url as "target", in one word (`shown_word`);
    words: its filter words; sort_date: its
    moment in UTC, "2026-11-24T09:15:00Z", by which a list of results without words is sorted (Pagefind's
    `data-pagefind-sort`, compared as text), "" for none (a page).
    """
    shown = {name: value for name, value in {**meta, "target": record_url}.items() if value}
    hidden = f'<span data-pagefind-meta="shown">{escape(shown_word(shown))}</span>'
    if sort_date:
        hidden += f'<span data-pagefind-sort="date">{escape(sort_date)}</span>'
    title = escape(own(title))
    paragraphs = "".join(f"<p>{escape(own(text))}</p>" for text in texts if text)
    extra = escape(" · ".join(own(text) for text in extras if text))
    # Made with str.format-free f-strings: ten thousand records, and markupsafe's Markup.format took seconds.
    return (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1>{paragraphs}<p>{EXTRAS_MARK} {extra}</p><div data-pagefind-ignore>{hidden}</div>"
        f"<p>{' '.join(words)}</p></body></html>"
    )


def shown_word(shown: dict[str, str]) -> str:
    """What a result shows, as Pagefind metadata no search can match: Pagefind searches metadata too (the
    `matchedMetaFields` of its results), so a date's "November" or an address's "links" would find every
    record that shows one. It is one word, "ǂs" and the hexadecimal digits of the JSON of `shown` (UTF-8),
    which theme/static/js/search.js reads back."""
    return f"{FILTER_MARK}s" + json.dumps(shown, ensure_ascii=False, sort_keys=True).encode("utf-8").hex()


def own(text: str) -> str:
    """An author's text with FILTER_MARK written as "‡" (U+2021): a "ǂk1" in a note would otherwise be a
    filter word, and file the note under the posts."""
    return text.replace(FILTER_MARK, "\u2021")


def _record(language, url, title, texts, extras, meta, kind, tags, year, moment=None) -> Record:
    """A record; tags: Pelican Tag objects (their slugs filter it, their names are words of it: a search for
    "pln" finds what is tagged pln); `moment` (a date or an aware datetime) sorts lists without words,
    newest first."""
    tags = list({tag.slug: (tag.slug, tag.name) for tag in tags}.values())
    words = [kind_word(kind), *(tag_word(slug) for slug, _ in tags)]
    words += [year_word(year)] if year is not None else []
    sort_date = ""
    if isinstance(moment, datetime):
        sort_date = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    elif moment is not None:
        sort_date = moment.strftime("%Y-%m-%dT23:59:59Z")  # a week: after the links of its last day
    html = document(language, url, title, texts, [*extras, *(name for _, name in tags)], meta, words, sort_date)
    return Record(url, html, kind, tuple(tags), year)


def post_record(item, kind: str, language: str, shown_date, plain=plain_text) -> Record:
    """The record of a post (kind "post") or a page (kind "page"): Pelican's Article or Page. Its text is
    its own `Summary:` if it has one, then its content, as plain text (`filters.plain_text`); a post is
    filtered by its tags and the year of its date, a page by neither. language: the site's language;
    shown_date: date -> text as the site shows dates (LongDate); plain: HTML -> its text (`plain_text`, or
    the same from a cache)."""
    date = getattr(item, "date", None) if kind == "post" else None
    tags = (getattr(item, "tags", None) or []) if kind == "post" else []
    meta = {"kind": KINDS[kind], "date": shown_date(date) if date else "", "datetime": date.isoformat() if date else ""}
    # Pelican makes a summary from the opening of a post that has none: the same words twice.
    texts = [plain(item.summary) if "summary" in item.metadata else "", plain(item.content)]
    return _record(language, item.url, item.title, texts, [], meta, kind, tags, date.year if date else None, date)


def link_record(link, language: str, shown_date, plain=plain_text) -> Record:
    """The record of a link note (link_notes.model.Link): its title, note, quote, the saved page's domain
    and who it came via; filtered by its tags and the year of its date. It leads to the link's anchor on
    its week page (`Link.permalink`)."""
    via = link.via_person.name if link.via_person else (link.via_name or link.via_domain or "")
    meta = {
        "kind": KINDS["link"],
        "date": shown_date(link.date),
        "datetime": link.date.isoformat(),
        "domain": link.domain,
        "via": via,
    }
    texts, extras = [plain(link.note), link.quote], [link.domain, f"via {via}" if via else ""]
    tags = link.tags
    return _record(language, link.permalink, link.title, texts, extras, meta, "link", tags, link.date.year, link.date)


def week_record(week, language: str, plain=plain_text) -> Record | None:
    """The record of a week's reflection (its `summary:`), titled and dated as its page is ("What I learned:
    23–29 November 2026"), leading to the week's page; None for a week without one. Its year is that of
    the week's last day."""
    if not week.summary:
        return None
    meta = {"kind": KINDS["week"], "date": week.label, "datetime": week.last_day.isoformat()}
    title = f"What I learned: {week.label}"
    texts = [plain(week.summary)]
    return _record(language, week.url, title, texts, [], meta, "week", [], week.last_day.year, week.last_day)
