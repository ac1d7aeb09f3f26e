"""Markdown to HTML for posts and pages: Python-Markdown, set up once, its results kept between builds.

Converting a Markdown text is a pure function of the text, the MARKDOWN setting, and the versions
of Python-Markdown, Pygments and our code: its results are kept in a cache keyed by exactly those
(learnlog_core/cache.py). Before Pelican reads the posts, the texts not in the cache are converted
on every core.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterable
from pathlib import Path

from learnlog_core.build import Build
from learnlog_core.cache import text_key
from learnlog_core.processes import map_in_processes
from markdown import Markdown
from pygments.formatters import HtmlFormatter

from . import header as header_module
from .code_blocks import CodeAsWritten
from .ids import UniqueIds

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
    one of the theme's or is there twice (ids.py).
    """
    options = copy.deepcopy(settings["MARKDOWN"])
    highlight = options.get("extension_configs", {}).get("markdown.extensions.codehilite")
    if highlight is not None and "pygments_formatter" not in highlight:
        highlight["pygments_formatter"] = SharedHtmlFormatters()
    options["extensions"] = [*options.get("extensions", []), CodeAsWritten(), UniqueIds()]
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

    def _convert(self, text: str) -> tuple[str, list[str]]:
        if self._md is None:
            self._md = markdown_converter(self.settings)
        remember = _Remember()
        logger = logging.getLogger("MARKDOWN")  # Python-Markdown's logger
        logger.addHandler(remember)
        logger.propagate = False  # logged by convert(), now and at every build
        try:
            self._md.reset()
            return self._md.convert(text), remember.messages
        finally:
            logger.removeHandler(remember)
            logger.propagate = True

    def convert_ahead(self, paths: Iterable[str]) -> int:
        """Convert, on every core, the texts of these files (bodies and summaries) that are not in
        the cache yet; return how many. A file that cannot be read is left for the reader to report."""
        missing: dict[str, str] = {}
        for path in paths:
            for text in texts_of(path):
                key = text_key(text)
                if key not in self.cache and key not in missing:
                    missing[key] = text
        if len(missing) < MINIMUM_FOR_PROCESSES:
            return 0
        keys = sorted(missing)
        results = map_in_processes(self._convert, [missing[key] for key in keys], self.build.processes)
        for key, result in zip(keys, results, strict=True):
            self.cache.put(key, result)
        return len(keys)


def texts_of(path: str) -> list[str]:
    """The Markdown texts the reader converts for a file: its body and its summary, as it sees them."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    header = header_module.split(text.removeprefix("\ufeff").replace("\r\n", "\n"))
    texts = [header.body]
    summary = header.fields.get("summary")
    if summary is not None and isinstance(summary.value, str):
        texts.append(summary.value.strip())
    return texts
