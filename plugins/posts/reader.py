"""A Markdown reader that checks every post and page before Pelican sees it.

It replaces Pelican's own reader for Markdown files (only for those: it is registered for
their extensions). A file with problems is reported and skipped; the build then stops. The header
is read and checked at every build, so its warnings are shown until they are fixed; the Markdown is
converted through the build's cache (markdown.py).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from learnlog_core import characters, fields, limits
from learnlog_core.build import build_of
from learnlog_core.problems import display_path, line_of
from learnlog_core.slugs import Names, slugify
from pelican.readers import MarkdownReader
from pelican.urlwrappers import URLWrapper
from pelican.utils import SafeDatetime

from . import header as header_module
from .checks import LINKS_FIELD, internal_links, link_line, link_problems, without_links
from .markdown import MarkdownCache
from .template import placeholders_left
from .validation import RESERVED_PAGE_SLUGS, validate

logger = logging.getLogger(__name__)
SKIP = {"status": "skip"}
# Templates of the site's own pages (lists, the link log, the 404 page, the frame of every page).
SITE_TEMPLATES = frozenset(
    [
        "404",
        "archives",
        "base",
        "blogroll",
        "categories",
        "category",
        "index",
        "links",
        "reading",
        "save",
        "search",
        "subscribe",
        "tag",
        "tags",
        "week",
    ]
)


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


class CheckedMarkdownReader(MarkdownReader):
    def __init__(self, settings):
        super().__init__(settings)
        self.build = build_of(settings)
        self.markdown = MarkdownCache.for_build(settings, self.build)

    def read(self, source_path):
        self.markdown.reading = source_path  # a conversion refused from here on is reported for this file
        size, max_bytes = os.path.getsize(source_path), limits.setting(self.settings, "MARKDOWN_MAX_FILE_BYTES")
        if size > max_bytes:
            fix = "split it into several, or put long code or data in files of their own and link to them"
            self.build.report(source_path, 0, limits.too_big(size, max_bytes, "MARKDOWN_MAX_FILE_BYTES", fix))
            return "", SKIP
        raw = Path(source_path).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
            byte = raw[error.start]
            self.build.report(
                source_path,
                line,
                f"this file is not UTF-8 text (byte 0x{byte:02x} on this line); "
                "save it from your editor with the encoding set to UTF-8",
            )
            return "", SKIP
        text = characters.unix_lines(text.lstrip("\ufeff"))  # byte order marks, even one saved twice
        beyond = limits.markdown_problem(text)  # shapes that would make Python-Markdown crash or take minutes
        if beyond is not None:
            self.build.report(source_path, *beyond)
            return "", SKIP
        forbidden = characters.forbidden_lines(text)
        for line, message in forbidden:
            self.build.report(source_path, line, message)
        if forbidden:
            return "", SKIP
        header = header_module.split(text)
        if not self._check_date_in_name(source_path):
            return "", SKIP
        values, problems, warnings = validate(header, self._kind(source_path), self._dated_name(source_path))
        warnings += self._dates_disagree(source_path, header, values) + placeholders_left(text)
        for line, message in warnings:
            logger.warning("%s:%d: %s", display_path(source_path), line, message)
        for line, message in problems:
            self.build.report(source_path, line, message)
        if problems:
            return "", SKIP
        if "template" in values and values["template"] not in self._templates(source_path):
            self.build.report(
                source_path,
                header.fields["template"].line,
                f"the theme has no template '{values['template']}' for a post or page; delete the line to use "
                f"the usual one, or name one of: {', '.join(self._templates(source_path))}",
            )
            return "", SKIP
        try:
            metadata = self._metadata(values)  # converts the summary
            if not self._addresses(source_path, header, metadata):
                return "", SKIP
            content = self._convert(header.body)
        except limits.Refused:  # over a limit of Markdown conversion, already reported for this file
            return "", SKIP
        for line, message in images_without_alt(content, text):
            logger.warning("%s:%d: %s", display_path(source_path), line, message)
        # The summary's links too: it is shown on listing pages and in feeds.
        intrasite = self.settings["INTRASITE_LINK_REGEX"]
        links = internal_links(content + metadata.get("summary", ""), intrasite)
        refused = link_problems(links, source_path, self.settings)
        for written, path, message in refused:
            self.build.report(source_path, link_line(text, written, path), message)
        if refused:  # Pelican never sees them (it would copy a file from outside the content folder); the
            # build stops, once every other file's and this one's other links are checked too
            gone = {written for written, _, _ in refused}
            content = without_links(content, intrasite, gone)
            if "summary" in metadata:
                metadata["summary"] = without_links(metadata["summary"], intrasite, gone)
            links = tuple(link for link in links if link[0] not in gone and link[1] != "srcset")
        if links:
            metadata[LINKS_FIELD] = links  # checked once every file is known (checks.py)
        return content, metadata

    def _convert(self, markdown_text: str) -> str:
        return self.markdown.convert(markdown_text)[0]

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

    def _addresses(self, source_path: str, header, metadata: dict) -> bool:
        """Give the file, its tags and its category their slugs (learnlog_core/slugs.py): from a 'Slug:'
        line, else the name of a dated file (2026-11-28-my-title.md), else the title. False after reporting
        a slug that is empty or that another name already has."""
        before = len(self.build.problems)
        for kind, field in (("tag", "tags"), ("category", "category")):
            names = self.build.keep(
                f"{kind} names",
                lambda kind=kind: Names(
                    kind, self.settings[f"{kind.upper()}_URL"], self.build, self.settings.get("TAG_SLUGS", {})
                ),
            )
            written = metadata.get(field)
            for item in written if isinstance(written, list) else [written]:
                if not isinstance(item, URLWrapper):  # an empty 'Category:' line: no category
                    continue
                # "" when it has none (reported): Pelican would warn again, naming no file
                item.slug = names.slug(item.name, source_path, header.fields[field].line) or ""
        if isinstance(metadata.get("tags"), list):  # "memory, Memory": one tag, listed once
            metadata["tags"] = list(dict.fromkeys(metadata["tags"]))  # Tags are equal when their slugs are
        if "slug" not in metadata:
            name = os.path.splitext(os.path.basename(source_path))[0]
            dated = re.match(self.settings["FILENAME_METADATA"], name)
            source = dated["slug"] if dated and dated.groupdict().get("slug") else metadata["title"]
            metadata["slug"] = slugify(source) or slugify(metadata["title"])
            if not metadata["slug"]:
                line = header.fields["title"].line
                self.build.report(
                    source_path,
                    line,
                    f"the title '{metadata['title']}' has no letters or digits to make the address from; "
                    "add a line such as 'Slug: my-post'",
                )
        slug = metadata["slug"]
        if slug and self._kind(source_path) == "page" and slug in RESERVED_PAGE_SLUGS and "slug" not in header.fields:
            self.build.report(
                source_path,
                header.fields["title"].line,
                f"the page's address /{slug}/ is taken by the site itself; add a line such as 'Slug: about-{slug}'",
            )
        return len(self.build.problems) == before

    def _templates(self, source_path: str) -> list[str]:
        """The templates a post or page may name: those of the theme (THEME, THEME_TEMPLATES_OVERRIDES) that
        render one post or page; the site's own lists and pages expect other things to show."""
        folders = [
            *self.settings.get("THEME_TEMPLATES_OVERRIDES", []),
            os.path.join(self.settings["THEME"], "templates"),
        ]
        names = {
            name.removesuffix(".html")
            for folder in folders
            if os.path.isdir(folder)
            for name in os.listdir(folder)
            if name.endswith(".html") and not name.startswith("_")
        }
        other_kind = {"post": "page", "page": "article"}[self._kind(source_path)]
        return sorted(names - SITE_TEMPLATES - {other_kind})

    def _kind(self, source_path: str) -> str:
        relative = os.path.relpath(source_path, self.settings["PATH"]).replace(os.sep, "/")
        pages = [path.strip("/") + "/" for path in self.settings["PAGE_PATHS"]]
        return "page" if any(relative.startswith(folder) for folder in pages) else "post"

    def process_metadata(self, name, value):
        """Pelican's, except that a date in a file name that is no date a post can have (2026-02-30-x.md,
        0001-01-01-x.md) is kept as written, for `_check_date_in_name` to report with the file and the fix
        (Pelican would stop with "Could not process", naming nothing to fix)."""
        if name == "date" and isinstance(value, str) and fields.when(name, value)[1]:
            return value
        return super().process_metadata(name, value)

    def _check_date_in_name(self, source_path: str) -> bool:
        """False after reporting a file name that starts with a date no post can have (fields.when)."""
        name = os.path.splitext(os.path.basename(source_path))[0]
        match = re.match(self.settings["FILENAME_METADATA"], name)
        written = match.groupdict().get("date") if match else None
        if written and fields.when("date", written)[1]:
            rest = match.groupdict().get("slug") or "my-post"
            self.build.report(
                source_path,
                0,
                f"the file name starts with {written}, which is not a date a post can have; rename the file "
                f"with the post's date first, as in 2026-11-23-{rest}.md",
            )
            return False
        return True

    def _dates_disagree(self, source_path: str, header, values: dict) -> list[tuple[int, str]]:
        """A warning (line, message) when the file name's date and the Date line name different days: often a
        typo in the year, which would hold the post back for years or file it under another year."""
        name = os.path.splitext(os.path.basename(source_path))[0]
        match = re.match(self.settings["FILENAME_METADATA"], name)
        written = match.groupdict().get("date") if match else None
        if not written or "date" not in values or values["date"].date().isoformat() == written:
            return []
        when = values["date"]
        return [
            (
                header.fields["date"].line,
                f"the Date line says {when:%Y-%m-%d} but the file name says {written}; the Date line counts "
                f"(the post's address is under /posts/{when:%Y}/): correct whichever is wrong",
            )
        ]

    def _dated_name(self, source_path: str) -> bool:
        name = os.path.splitext(os.path.basename(source_path))[0]
        match = re.match(self.settings["FILENAME_METADATA"], name)
        return bool(match and match.groupdict().get("date"))
