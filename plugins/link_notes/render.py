"""Notes are untrusted Markdown: rendered once, then sanitised so no script can reach a page."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "a", "em", "strong", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "del", "sup", "sub", "hr", "abbr", "q", "cite", "mark", "small",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


class NoteRenderer:
    """One Markdown converter and one sanitiser, reused for every note of a build.

    Notes use CommonMark (markdown-it-py): a precise standard for text we did not write, and
    about four times faster than Python-Markdown on short notes.
    """

    def __init__(self):
        options = {"html": True, "typographer": True}
        self._markdown = MarkdownIt("commonmark", options).enable(["replacements", "smartquotes"])
        self._cleaner = nh3.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            url_relative="deny",
            link_rel="nofollow noopener noreferrer",
        )

    def __call__(self, markdown_text: str) -> str:
        return self._cleaner.clean(self._markdown.render(markdown_text)).strip()
