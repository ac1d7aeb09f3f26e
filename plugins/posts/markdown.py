"""Markdown to HTML for posts and pages: Python-Markdown, set up once, its results kept between builds.

Converting a Markdown text is a pure function of the text, the MARKDOWN setting, and the versions
of Python-Markdown, Pygments and our code: its results are kept in a cache keyed by exactly those
(learnlog_core/cache.py). Before Pelican reads the posts, the texts not in the cache are converted
on every core.
"""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from learnlog_core import characters, limits
from learnlog_core.build import Build
from learnlog_core.cache import text_key
from learnlog_core.processes import map_in_processes
from markdown import Markdown
from pygments.formatters import HtmlFormatter

from . import header as header_module
from .code_blocks import CodeAsWritten
from .headings import HeadingsUnderTheTitle
from .ids import UniqueIds
from .references import ReadableReferences
from .tables import QuickTables

# Below this many texts to convert, starting processes costs more than it saves.
MINIMUM_FOR_PROCESSES = 40


class SharedHtmlFormatters:
    """Pygments' HTML formatter, made once per set of options: making one builds its whole style
    table, and the code highlighter would otherwise make one for every code block. It is given to
    codehilite through its documented `pygments_formatter` option; the HTML is the same."""

    def __init__(self):
        self._made: dict[str, HtmlFormatter] = {}

    def __call__(self, lang_str: str = "", **options) -> HtmlFormatter:
        key = repr(sorted(options.items()))
        if key not in self._made:
            self._made[key] = HtmlFormatter(**options)
        return self._made[key]


def markdown_converter(settings: dict) -> Markdown:
    """One Python-Markdown converter for posts and pages, for every text (reset in between).

    settings: Pelican's settings; MARKDOWN gives the extensions and their options. On top of them,
    fenced code keeps its tabs and blank-looking lines (code_blocks.py), and no id of the HTML is
    one of the theme's or is there twice (ids.py), and no character reference names a character a page
    may not hold (references.py); long blocks are not slow to test for tables (tables.py); a text with a
    heading 1 has its headings moved one level down, under the page's title (headings.py).
    """
    options = copy.deepcopy(settings["MARKDOWN"])
    highlight = options.get("extension_configs", {}).get("markdown.extensions.codehilite")
    if highlight is not None and "pygments_formatter" not in highlight:
        highlight["pygments_formatter"] = SharedHtmlFormatters()
    options["extensions"] = [
        *options.get("extensions", []),
        CodeAsWritten(),
        UniqueIds(),
        ReadableReferences(),
        QuickTables(),
        HeadingsUnderTheTitle(),
    ]
    md = Markdown(**options)
    md.preprocessors.deregister("meta")  # we split off the header ourselves, with line numbers
    return md


class _Remember(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class MarkdownCache:
    """Markdown texts converted to HTML, with any warning the conversion logged, for one build.

    Made once per build (see `for_build`); both Pelican readers of posts and pages use it.
    """

    def __init__(self, settings: dict, build: Build):
        self.settings = settings
        self.build = build
        self.cache = build.cache("posts_markdown", repr(settings["MARKDOWN"]), settings["CACHE_PATH"])
        self._md: Markdown | None = None
        self.reading: str | None = None  # the file the reader is reading: a refusal is reported for it

    @classmethod
    def for_build(cls, settings: dict, build: Build) -> MarkdownCache:
        """The build's one MarkdownCache."""
        return build.keep("posts.markdown", lambda: cls(settings, build))

    def convert(self, text: str) -> tuple[str, list[str]]:
        """(HTML, warnings) of a Markdown text; the warnings are logged again at every build."""
        key = text_key(text)
        result = self.cache.get(key)
        if result is None:
            result = self._convert(text)
            self.cache.put(key, result)
        for message in result[1]:
            logging.getLogger(__name__).warning("%s", message)
        return result

    def _convert(self, text: str) -> tuple[str, list[str]] | None:
        """(HTML, warnings) of a Markdown text, or its refusal.

        A text is refused when converting it takes more than MARKDOWN_MAX_SECONDS of processor time,
        runs out of stack, or gives more HTML than limits.MARKDOWN_MAX_HTML_BYTES. While the reader
        reads a file (`self.reading`, its path), the refusal is reported for that file and
        limits.Refused raised, so nothing is cached. Converting ahead (no file being read yet), None
        is returned: the cache takes an entry of None for none, and the reader, meeting the text
        again, reports it.
        """
        if self._md is None:
            self._md = markdown_converter(self.settings)
        remember = _Remember()
        logger = logging.getLogger("MARKDOWN")  # Python-Markdown's logger
        logger.addHandler(remember)
        logger.propagate = False  # logged by convert(), now and at every build
        seconds = limits.setting(self.settings, "MARKDOWN_MAX_SECONDS")
        try:
            self._md.reset()
            with limits.time_limit(seconds):
                html = self._md.convert(text)
            problem = limits.html_problem(html)
        except limits.TooSlow:
            self._md = None  # stopped half-way: the next text gets a fresh converter
            problem = (
                f"converting its Markdown took more than {seconds:g} seconds (MARKDOWN_MAX_SECONDS), where a long "
                "post takes under one: look for something repeated thousands of times, such as '[', '<', '|', "
                "'{' or quote marks, and remove it, or split the post"
            )
        except RecursionError:
            self._md = None
            problem = (
                "converting its Markdown ran out of stack: something in it is nested hundreds of levels deep, "
                "such as lists or quotes inside each other, or '*' and '_' around '*' and '_': remove the nesting"
            )
        finally:
            logger.removeHandler(remember)
            logger.propagate = True
        if problem is None:
            return html, remember.messages
        if self.reading is None:
            return None
        self.build.report(self.reading, 0, problem)
        raise limits.Refused(0, problem)

    def convert_ahead(self, paths: Iterable[str]) -> int:
        """Convert, on every core, the texts of these files (bodies and summaries) that are not in
        the cache yet; return how many. A file that cannot be read is left for the reader to report."""
        missing: dict[str, str] = {}
        for path in paths:
            for text in texts_of(path, limits.setting(self.settings, "MARKDOWN_MAX_FILE_BYTES")):
                key = text_key(text)
                if key not in self.cache and key not in missing:
                    missing[key] = text
        if len(missing) < MINIMUM_FOR_PROCESSES:
            return 0
        keys = sorted(missing)
        results = map_in_processes(self._convert, [missing[key] for key in keys], self.build.processes)
        for key, result in zip(keys, results, strict=True):
            if result is not None:  # refused: the reader meets the text again and reports it
                self.cache.put(key, result)
        return len(keys)


def texts_of(path: str, max_bytes: int = limits.DEFAULTS["MARKDOWN_MAX_FILE_BYTES"]) -> list[str]:
    """The Markdown texts the reader converts for a file: its body and its summary, as it sees them.

    No text for a file the reader refuses before converting, and reports: one it cannot read, not UTF-8,
    over `max_bytes` bytes, or beyond a limit of limits.markdown_problem.
    """
    try:
        if os.path.getsize(path) > max_bytes:
            return []
        text = Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    text = characters.unix_lines(text.lstrip("\ufeff"))  # byte order marks, even one saved twice
    if limits.markdown_problem(text) is not None:
        return []
    header = header_module.split(text)
    texts = [header.body]
    summary = header.fields.get("summary")
    if summary is not None and isinstance(summary.value, str):
        texts.append(summary.value.strip())
    return texts
