"""Signal receivers: our reader for Markdown files, Markdown converted ahead on every core, and the checks."""

from __future__ import annotations

import logging
import os
from datetime import datetime

from learnlog_core.build import build_of
from learnlog_core.problems import display_path
from learnlog_core.slugs import tag_slug
from pelican import signals

from .checks import check_all
from .markdown import MarkdownCache
from .reader import CheckedMarkdownReader

logger = logging.getLogger(__name__)
# Formats Pelican could read that Learnlog does not (see READERS in learnlog_core/layout.py).
NOT_READ = ("rst", "html", "htm")


def use_checked_reader(readers) -> None:
    for extension in CheckedMarkdownReader.file_extensions:
        readers.reader_classes[extension] = CheckedMarkdownReader


def hold_back_scheduled(content) -> None:
    """A post or page dated in the future is built from its date and time on (in TIMEZONE): until then it is
    kept as a draft (never written), and listed by `invoke check`. The daily rebuild publishes it."""
    when = getattr(content, "date", None)
    if getattr(content, "status", None) == "published" and when is not None and when > datetime.now(when.tzinfo):
        content.status = "draft"
        build_of(content.settings).schedule(content.source_path, 0, when)


def slug_default_category(content) -> None:
    """A post without a 'Category:' line gets DEFAULT_CATEGORY: its slug is made by the same rule as
    every other (learnlog_core/slugs.py), so the name has one address whichever way it was given."""
    category = getattr(content, "category", None)
    slug = tag_slug(category.name, content.settings.get("TAG_SLUGS", {})) if category is not None else ""
    if slug:
        category.slug = slug


def convert_posts_ahead(generator) -> None:
    """Before Pelican reads the posts one by one, convert the Markdown not in the cache on every core."""
    _not_markdown(generator, "ARTICLE_PATHS", "ARTICLE_EXCLUDES")
    _convert_ahead(generator, "ARTICLE_PATHS", "ARTICLE_EXCLUDES")


def convert_pages_ahead(generator) -> None:
    _not_markdown(generator, "PAGE_PATHS", "PAGE_EXCLUDES")
    _convert_ahead(generator, "PAGE_PATHS", "PAGE_EXCLUDES")


def _not_markdown(generator, paths: str, excludes: str) -> None:
    """A warning for each .rst or .html file among the posts or pages: only Markdown is read."""
    settings = generator.settings
    for name in sorted(generator.get_files(settings[paths], exclude=settings[excludes], extensions=NOT_READ)):
        logger.warning(
            "%s: only Markdown files are read as posts and pages, so this one is left out; "
            "write it in Markdown and name it .md",
            display_path(os.path.join(generator.path, name)),
        )


def _convert_ahead(generator, paths: str, excludes: str) -> None:
    settings = generator.settings
    extensions = CheckedMarkdownReader.file_extensions
    files = sorted(generator.get_files(settings[paths], exclude=settings[excludes], extensions=extensions))
    cache = MarkdownCache.for_build(settings, build_of(settings))
    cache.convert_ahead(os.path.join(generator.path, name) for name in files)


def register() -> None:
    signals.readers_init.connect(use_checked_reader)
    signals.content_object_init.connect(hold_back_scheduled)
    signals.content_object_init.connect(slug_default_category)
    signals.article_generator_init.connect(convert_posts_ahead)
    signals.page_generator_init.connect(convert_pages_ahead)
    signals.all_generators_finalized.connect(check_all)
