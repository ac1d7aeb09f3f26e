"""Notes are untrusted Markdown: rendered once, then sanitised so no script can reach a page."""

from __future__ import annotations

import nh3
from markdown import Markdown

ALLOWED_TAGS = {
    "p", "br", "a", "em", "strong", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "del", "sup", "sub", "hr", "abbr", "q", "cite", "mark", "small",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


class NoteRenderer:
    """One Markdown converter and one sanitiser, reused for every note of a build."""

    def __init__(self):
        self._markdown = Markdown(extensions=["markdown.extensions.smarty"], output_format="html")
        self._cleaner = nh3.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            url_relative="deny",
            link_rel="nofollow noopener noreferrer",
        )

    def __call__(self, markdown_text: str) -> str:
        self._markdown.reset()
        return self._cleaner.clean(self._markdown.convert(markdown_text)).strip()
