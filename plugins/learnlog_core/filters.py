"""Jinja filters for the theme: every bit of formatting logic the templates need, in one place."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from datetime import date, datetime

import lxml.html
from lxml import etree
from markupsafe import Markup, escape

WORDS_PER_MINUTE = 220

# Elements that end a line of text (HTML Living Standard, 15.3 "Rendering": display block, list items,
# table cells, line breaks): their text is kept apart from the text around them in a plain-text summary.
BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
        "pre", "section", "summary", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
# Elements whose text is not text a reader would see.
NOT_TEXT = ("script", "style", "template")


def isodate(value: date | datetime) -> str:
    """Machine-readable date for `<time datetime>`: 2026-11-23T09:15:00+00:00."""
    return value.isoformat()


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


def listed(html: str, page_url: str) -> str:
    """A post's HTML as a listing shows it among other posts: with no ids, no scripts or styles, and with
    its in-page links leading to the post's own page.

    html: the post's summary (Python-Markdown's HTML, cut by Pelican). page_url: the post's URL as the
    listing links to it (`{{ root }}/{{ article.url }}`: "../posts/2026/x/" or "https://…/posts/2026/x/").
    Two posts on one listing both have `fnref:1` and `fn:1`, and often the same headings: without
    their ids, no id is there twice, and `<a href="#fn:1">` becomes `<a href="{page_url}#fn:1">`,
    the note on the post's page. Returns `html` itself when it has neither.
    """
    if not html or not html.strip():
        return html
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    changed = False
    for element in list(wrapper.iter(*NOT_TEXT)):  # a script or style would run or style the listing
        element.drop_tree()
        changed = True
    for element in wrapper.iter(etree.Element):  # elements only: not comments
        if element.get("id") is not None:
            del element.attrib["id"]
            changed = True
        href = element.get("href")
        if href is not None and href.startswith("#"):
            element.set("href", page_url + href)
            changed = True
    if not changed:
        return html
    inner = lxml.html.tostring(wrapper, encoding="unicode")
    return inner[len("<div>") : -len("</div>")]


def plain_text(html: str) -> str:
    """The text of an HTML fragment, for a field that is plain text (JSON Feed 1.1's `summary`: "a plain text
    sentence or two"; a page's description, the `plain` filter).

    html: an HTML fragment, such as `<p>Tips &amp; <strong>tricks</strong></p>\n<p>More.</p>`.
    Returns its text with tags removed, entities decoded and whitespace collapsed to single spaces, a block
    (paragraph, list item, line break, …) apart from the next, an image as its alt text (HTML Living
    Standard, 4.8.4.4: the image's text alternative): `Tips & tricks More.`. "" for no text.
    """
    if not html or not html.strip():
        return ""
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in list(wrapper.iter(*NOT_TEXT)):
        element.drop_tree()
    # Footnotes (Python-Markdown's footnotes extension): the marks would stick to words ("change1").
    for element in wrapper.xpath('//sup[a[contains(@class, "footnote-ref")]] | //div[contains(@class, "footnote")]'):
        element.drop_tree()
    for element in wrapper.iter(etree.Element):
        if element.tag in BLOCKS:
            element.text = " " + (element.text or "")
            element.tail = " " + (element.tail or "")
        elif element.tag == "img":
            element.tail = (element.get("alt") or "") + (element.tail or "")
    return " ".join(wrapper.text_content().split())


def without_scripts(html: str) -> str:
    """`html` (a fragment) without its NOT_TEXT elements (scripts, styles, templates): for a post shown
    away from its own page (a listing, a feed), where they would run, or style, the page around it."""
    if not html or not any(f"<{tag}" in html.lower() for tag in NOT_TEXT):
        return html
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in list(wrapper.iter(*NOT_TEXT)):
        element.drop_tree()
    inner = lxml.html.tostring(wrapper, encoding="unicode")
    return inner[len("<div>") : -len("</div>")]


# Languages written right to left (their primary subtags, BCP 47).
RIGHT_TO_LEFT = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"})


class Language:
    """`article|language`: ` lang="fr"` (Markup) for a post or page whose `Lang:` is not the site's language
    (DEFAULT_LANG), else "": put on the elements that hold its own words (title, text, summary), so that a
    screen reader reads them in their language and the theme's words around them in the site's."""

    def __init__(self, site_language: str):
        self.site_language = site_language.lower()

    def __call__(self, content) -> Markup:
        language = getattr(content, "lang", None) or ""
        if not language or language.lower() == self.site_language:
            return Markup("")
        # A language written right to left also needs its direction (HTML, "The dir attribute").
        rtl = language.lower().split("-")[0] in RIGHT_TO_LEFT
        return Markup(' lang="{}"{}').format(language, Markup(' dir="rtl"') if rtl else "")


class ReadingMinutes:
    """`html|reading_minutes`, worked out once per post in a build: its card is on several listings."""

    def __init__(self):
        self._known: dict[str, int] = {}

    def __getstate__(self) -> dict:
        return {"_known": {}}  # Pelican's cache pickles the settings, filters included: not the posts

    def __call__(self, html: str) -> int:
        if html not in self._known:
            self._known[html] = reading_minutes(html)
        return self._known[html]


class LongDate:
    """`moment|longdate`: a date as the site shows dates (DEFAULT_DATE_FORMAT).

    A class, not a closure: Pelican's cache pickles the settings, filters included.
    """

    def __init__(self, date_format: str):
        self.date_format = date_format

    def __call__(self, value: date | datetime) -> str:
        return value.strftime(self.date_format)


def by_day(links: list) -> list[tuple[date, list]]:
    """A week's links (newest first, each with an aware `date`) grouped by the day they were saved, in their
    order: [(day, [link, …]), …], for a week page's headings."""
    days: list[tuple[date, list]] = []
    for link in links:
        day = link.date.date()
        if days and days[-1][0] == day:
            days[-1][1].append(link)
        else:
            days.append((day, [link]))
    return days


# What a list's summary never holds: headings, lists, quotes, code, tables, pictures, blocks.
NOT_A_PARAGRAPH = re.compile(r"<(?:h[1-6]|ul|ol|dl|pre|table|blockquote|figure|img|div|hr)\b", re.IGNORECASE)
# A list's summary of a post written without `Summary:`: about two sentences of its opening text.
TEASER_CHARACTERS = 280
# After '.', '!', '?' or '…' a space ends a sentence; after '。', '！' or '？' (Chinese, Japanese) none is written.
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|(?<=[。！？])[」』）”]*")


def _width(text: str) -> int:
    """How wide `text` is, in Latin characters: a wide (East Asian) character counts as two (UAX #11)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def teaser(article, page_url: str) -> Markup:
    """The summary a list of posts shows for `article` (a Pelican Article or Page): its own `Summary:` as
    written (`listed`, with `page_url`, the post's URL as the list links to it), else a short paragraph of
    plain text from the first paragraphs of its content, never headings, lists, quotes, code or pictures:
    whole sentences up to TEASER_CHARACTERS characters (the first sentence cut at a word, with "…", when it
    alone is longer). "" when the post has no paragraph of text."""
    if "summary" in article.metadata and not NOT_A_PARAGRAPH.search(article.summary or ""):
        return Markup(listed(article.summary, page_url))  # the post's own words, as written
    if "summary" in article.metadata:  # a Summary with headings, lists or code: its text
        return Markup(_teaser(article.summary))
    return Markup(_teaser(article.content))


def opening(html: str) -> Markup:
    """The opening of a text given as HTML (a week's reflection), as a list shows it: a short paragraph of
    plain text from its first paragraphs, whole sentences up to TEASER_CHARACTERS (see teaser)."""
    return Markup(_teaser(html))


@functools.lru_cache(maxsize=4096)
def _teaser(html: str) -> str:
    if not html or not html.strip():
        return ""
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    text = ""
    for paragraph in wrapper.iterchildren("p"):
        for picture in list(paragraph.iter("img")):  # a picture's description is not the post's text
            picture.drop_tree()
        words = plain_text(lxml.html.tostring(paragraph, encoding="unicode"))
        text = f"{text} {words}".strip()
        if _width(text) >= TEASER_CHARACTERS:
            break
    if not text:
        return ""
    if _width(text) > TEASER_CHARACTERS:
        text = text[: TEASER_CHARACTERS + 8]  # nothing further can fit: a character is at least 1 wide
        ends = [found.end() for found in SENTENCE_END.finditer(text + " ")]  # after its closing quote, if any
        whole = [end for end in ends if 0 < _width(text[:end].rstrip()) <= TEASER_CHARACTERS]
        if whole:
            text = text[: whole[-1]].rstrip()
        else:  # one long first sentence: cut at a space, or (no spaces: Chinese, Japanese) where it fits
            fits = 0
            while fits < len(text) and _width(text[: fits + 1]) <= TEASER_CHARACTERS:
                fits += 1
            cut = text[: fits + 1].rsplit(" ", 1)[0] if " " in text[:fits] else text[:fits]
            text = cut.rstrip(" ,;:–—-、，") + "…"
    return f"<p>{escape(text)}</p>"


FILTERS = {
    "isodate": isodate,
    "plural": plural,
    "page_path": page_path,
    "listed": listed,
    "plain": plain_text,
    "teaser": teaser,
    "opening": opening,
    "by_day": by_day,
}
