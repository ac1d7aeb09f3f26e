"""A Markdown reader that checks every post and page before Pelican sees it.

It replaces Pelican's own reader for Markdown files (only for those: it is registered for
their extensions). A file with problems is reported and skipped; the build then stops.
"""

from __future__ import annotations

import copy
import logging
import os
import re
from pathlib import Path

from learnlog_core.problems import display_path, line_of, report
from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor as NewInlinePattern
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString, Registry
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime
from pygments.formatters import HtmlFormatter

from . import header as header_module
from .validation import validate

logger = logging.getLogger(__name__)
SKIP = {"status": "skip"}


IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
SRC = re.compile(r"""\bsrc\s*=\s*["']([^"']+)""", re.IGNORECASE)


def images_without_alt(html: str, source: str) -> list[tuple[int, str]]:
    """(line, message) for each image with no description: screen readers would say nothing, or its file name."""
    found = []
    for tag in IMAGE.findall(html):
        alt = ALT.search(tag)
        if alt and (alt[1] or alt[2] or "").strip():
            continue
        src = SRC.search(tag)
        name = src[1] if src else "?"
        line = line_of(source, re.escape(name)) if src else 1
        fix = f"write what it shows in the brackets: ![A short description]({name})"
        found.append((line, f"the image {name} has no description; {fix}"))
    return found


class SharedHtmlFormatters:
    """Pygments' HTML formatter, made once per set of options: making one builds its whole style
    table, and the Markdown code highlighter would otherwise make one for every code block."""

    def __init__(self):
        self._made: dict[str, HtmlFormatter] = {}

    def __call__(self, lang_str: str = "", **options) -> HtmlFormatter:
        key = repr(sorted(options.items()))
        if key not in self._made:
            self._made[key] = HtmlFormatter(**options)
        return self._made[key]


def markdown_converter(settings: dict) -> Markdown:
    """One Markdown converter for every file a reader reads (reset in between), set up to run fast."""
    options = copy.deepcopy(settings["MARKDOWN"])
    highlight = options.get("extension_configs", {}).get("markdown.extensions.codehilite")
    if highlight is not None and "pygments_formatter" not in highlight:
        highlight["pygments_formatter"] = SharedHtmlFormatters()
    md = Markdown(**options)
    # We split off the header ourselves, with line numbers.
    md.preprocessors.deregister("meta")
    for processor in md.treeprocessors:
        if type(processor) is InlineProcessor and isinstance(processor.inlinePatterns, Registry):
            # The inline passes (Markdown's own, and SmartyPants') look their patterns up by position,
            # for every piece of text: a plain list answers faster than the priority registry.
            processor.inlinePatterns = list(processor.inlinePatterns)
            processor.__class__ = QuickInlineProcessor
    return md


class QuickInlineProcessor(InlineProcessor):
    """Python-Markdown's inline pass, which first asks the patterns' regular expressions, all at once,
    whether any can match the text at all. Most pieces of plain prose match none, and then the
    text is left as it is: exactly what the full pass, trying each pattern in turn, ends with."""

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, AtomicString):
            return data
        for pattern in self.inlinePatterns[patternIndex:]:
            regex = pattern.getCompiledRegExp()
            found = regex.search(data) if isinstance(pattern, NewInlinePattern) else regex.match(data)
            if found is not None:
                return super()._InlineProcessor__handleInline(data, patternIndex)
        return data


class CheckedMarkdownReader(MarkdownReader):
    def __init__(self, settings):
        super().__init__(settings)
        self._md = markdown_converter(self.settings)

    def read(self, source_path):
        self._source_path = source_path
        raw = Path(source_path).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            byte = raw[error.start]
            report(
                self.settings,
                source_path,
                line,
                f"this file is not UTF-8 text (byte 0x{byte:02x} on this line); "
                "save it from your editor with the encoding set to UTF-8",
            )
            return "", SKIP
        text = text.removeprefix("\ufeff").replace("\r\n", "\n")
        header = header_module.split(text)
        values, problems, warnings = validate(header, self._kind(source_path), self._dated_name(source_path))
        for line, message in warnings:
            logger.warning("%s:%d: %s", display_path(source_path), line, message)
        for line, message in problems:
            report(self.settings, source_path, line, message)
        if problems:
            return "", SKIP
        content = self._convert(header.body)
        for line, message in images_without_alt(content, text):
            logger.warning("%s:%d: %s", display_path(source_path), line, message)
        return content, self._metadata(values)

    def _convert(self, markdown_text: str) -> str:
        self._md.reset()
        return self._md.convert(markdown_text)

    def _metadata(self, values: dict) -> dict:
        metadata = {}
        for name, value in values.items():
            if name in ("date", "modified"):
                metadata[name] = SafeDatetime.combine(value.date(), value.timetz())
            elif name == "summary":
                metadata[name] = self._convert(value)
            elif name in ("tags", "category", "author", "authors"):
                metadata[name] = self.process_metadata(name, value)
            else:
                metadata[name] = value
        return metadata

    def _kind(self, source_path: str) -> str:
        relative = os.path.relpath(source_path, self.settings["PATH"]).replace(os.sep, "/")
        pages = [path.strip("/") + "/" for path in self.settings["PAGE_PATHS"]]
        return "page" if any(relative.startswith(folder) for folder in pages) else "post"

    def _dated_name(self, source_path: str) -> bool:
        name = os.path.splitext(os.path.basename(source_path))[0]
        match = re.match(self.settings["FILENAME_METADATA"], name)
        return bool(match and match.groupdict().get("date"))
