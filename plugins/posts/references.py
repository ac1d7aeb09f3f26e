"""Character references that name no character a page may hold, replaced as a browser would read them.

Markdown passes `&#1;` or `&#xFFFE;` through to the HTML, where it is a parse error, and feeds cannot
hold the character at all. The HTML standard (section 13.2.5.80, "Numeric character reference end
state") says what a browser makes of each: U+0000, surrogates and numbers past U+10FFFF are U+FFFD;
the C1 range is read as Windows-1252 (`&#150;` is an en dash). Here they become what the browser would
show, and the other forbidden ones (learnlog_core/characters.py: controls, non-characters) U+FFFD.
"""

from __future__ import annotations

import re

from learnlog_core import characters
from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
REPLACEMENT = "&#xFFFD;"


def readable_references(html: str) -> str:
    """`html` (text) with each numeric character reference to a forbidden code point replaced by the
    character a browser shows for it, or by U+FFFD; other text and references are left as they are."""
    return REFERENCE.sub(_replacement, html) if "&#" in html else html


def _replacement(found: re.Match) -> str:
    digits = found[1] or found[2]
    if len(digits) > 8:
        return REPLACEMENT
    code = int(digits, 16) if found[1] else int(digits)
    if code > 0x10FFFF:
        return REPLACEMENT
    character = chr(code)
    if not characters.first_forbidden(character):
        return found[0]
    if 0x80 <= code <= 0x9F:
        shown = bytes([code]).decode("cp1252", errors="replace")
        return shown if shown != "\ufffd" else REPLACEMENT
    return REPLACEMENT


class ReadableReferencesPostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return readable_references(text)


class ReadableReferences(Extension):
    """`Markdown(extensions=[ReadableReferences()])`: no character reference to a forbidden code point."""

    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's name
        md.postprocessors.register(ReadableReferencesPostprocessor(md), "readable_references", 4)
