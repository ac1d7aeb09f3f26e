"""What the search index holds: one record per post, page, link note and week's reflection.

Pagefind (pagefind.app) indexes HTML documents. Each record here is a small document made from the
same objects the pages are rendered from, never from a page of the output: a link note is one result,
pointing at its anchor on its week page, though it shares that page with the week's other links, and
nothing around a post (navigation, tags, footers) is found as if it were the post's own words.

A record's document holds its title as `<h1>` (Pagefind's result title, and its most weighted words),
its text in `<p>`s, and its metadata and filters in an element Pagefind leaves out of the text
(`data-pagefind-ignore`; metadata and filters inside it are still read: Pagefind's "Indexing" docs).
Every value is escaped: a title or a note can hold any text.
"""

from __future__ import annotations

from dataclasses import dataclass

from learnlog_core.filters import plain_text
from markupsafe import Markup

# Filter names and values, as the search page offers them (theme/static/js/search.js).
KIND = "kind"
TAG = "tag"
YEAR = "year"
# kind filter value -> what a result of that kind is called on the search page.
KINDS = {"post": "Post", "link": "Link", "week": "Week", "page": "Page"}
# kind filter value -> its choice in the search page's "Show" list.
KIND_CHOICES = {"post": "Posts", "link": "Links", "week": "Weekly reflections", "page": "Pages"}


@dataclass(frozen=True)
class Record:
    """One search result. url: where it leads, from the site's top, without a leading "/" ("posts/2026/why/",
    "links/2026/w48/#link-1a2b3c4d5e"); html: the document Pagefind indexes, which holds the url as its
    `target` metadata (Pagefind's own result address is the file's it was read from, which means nothing)."""

    url: str
    html: str


def document(
    language: str, url: str, title: str, texts: list[str], meta: dict[str, str], filters: dict[str, list[str]]
) -> str:
    """The HTML document Pagefind indexes for one result.

    language: the site's language (BCP 47, "en"); url: where the result leads (Record.url); title: plain
    text; texts: plain-text paragraphs (empty ones are left out); meta: Pagefind metadata shown with the
    result (name -> plain text); filters: filter name -> its values (plain text, any characters, commas
    included: each is an element's text).
    """
    hidden = Markup("").join(
        [
            Markup('<span data-pagefind-meta="{}">{}</span>').format(name, value)
            for name, value in {**meta, "target": url}.items()
            if value
        ]
        + [
            Markup('<span data-pagefind-filter="{}">{}</span>').format(name, value)
            for name, values in filters.items()
            for value in values
        ]
    )
    paragraphs = Markup("").join(Markup("<p>{}</p>").format(text) for text in texts if text)
    return str(
        Markup(
            '<!doctype html><html lang="{}"><head><meta charset="utf-8"><title>{}</title></head><body>'
            "<h1>{}</h1>{}<div data-pagefind-ignore>{}</div></body></html>"
        ).format(language, title, title, paragraphs, hidden)
    )


def post_record(item, kind: str, language: str, shown_date) -> Record:
    """The record of a post (kind "post") or a page (kind "page"): Pelican's Article or Page. Its text is
    its content's plain text (`filters.plain_text`), its filters its tags and the year of its date (a page
    has neither). language: the site's language; shown_date: date -> text as the site shows dates."""
    date = getattr(item, "date", None) if kind == "post" else None
    tags = [tag.name for tag in getattr(item, "tags", None) or []]
    meta = {"kind": KINDS[kind], "date": shown_date(date) if date else "", "datetime": date.isoformat() if date else ""}
    filters = {KIND: [kind], TAG: tags, YEAR: [str(date.year)] if date else []}
    # A post's own `Summary:` is words of its own, shown in lists; Pelican's made-up summary is its opening.
    texts = [plain_text(item.summary) if "summary" in item.metadata else "", plain_text(item.content)]
    return Record(item.url, document(language, item.url, item.title, texts, meta, filters))


def link_record(link, language: str, shown_date) -> Record:
    """The record of a link note (link_notes.model.Link): its title, note, quote, the saved page's domain
    and who it came via. It leads to the link's anchor on its week page (`Link.permalink`)."""
    via = link.via_person.name if link.via_person else (link.via_name or link.via_domain or "")
    meta = {
        "kind": KINDS["link"],
        "date": shown_date(link.date),
        "datetime": link.date.isoformat(),
        "domain": link.domain,
        "via": via,
    }
    filters = {KIND: ["link"], TAG: [tag.name for tag in link.tags], YEAR: [str(link.date.year)]}
    texts = [plain_text(link.note), link.quote, link.domain, f"via {via}" if via else ""]
    return Record(link.permalink, document(language, link.permalink, link.title, texts, meta, filters))


def week_record(week, language: str) -> Record | None:
    """The record of a week's reflection (its `summary:`), titled and dated as its page is ("What I learned:
    23–29 November 2026"), leading to the week's page; None for a week without one."""
    if not week.summary:
        return None
    meta = {"kind": KINDS["week"], "date": week.label, "datetime": week.last_day.isoformat()}
    filters = {KIND: ["week"], TAG: [], YEAR: [str(week.last_day.year)]}
    title = f"What I learned: {week.label}"
    return Record(week.url, document(language, week.url, title, [plain_text(week.summary)], meta, filters))
