"""Signal receivers that set up every build: layout, safe templates, and the problem report."""

from __future__ import annotations

import os

from jinja2 import FileSystemBytecodeCache
from pelican import signals

from .filters import FILTERS, LongDate, ReadingMinutes
from .layout import LAYOUT
from .listings import add_listings
from .problems import PROBLEMS_KEY, ContentErrors, problem_list
from .reuse import PREVIOUS_OUTPUT, STORE_ATTRIBUTE, PageStore, flush_pages, writer_for

# Where Pelican's generators keep their posts and pages.
CONTENT_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
                 "hidden_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")  # fmt: skip


def configure(pelican) -> None:
    settings = pelican.settings
    settings.update(LAYOUT)
    settings[PROBLEMS_KEY] = []
    # Titles and other metadata are escaped everywhere; content HTML is marked |safe in the theme.
    # Templates do not change during a build: no need to look at their files before every page.
    settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "autoescape": True, "auto_reload": False}
    settings["JINJA_FILTERS"] = {
        **settings.get("JINJA_FILTERS", {}),
        **FILTERS,
        "longdate": LongDate(settings["DEFAULT_DATE_FORMAT"]),
        "reading_minutes": ReadingMinutes(),
    }
    # The 404 page is shown at any depth, so its links cannot be relative to where it lies.
    site_root = "" if settings.get("RELATIVE_URLS") else settings["SITEURL"].rstrip("/")
    # SITE_URL: the site's absolute address, for canonical links, even where pages link relatively.
    site_url = settings["SITEURL"].rstrip("/")
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "SITE_ROOT": site_root, "SITE_URL": site_url}
    if reusing_pages(settings):  # the last build's page list, and its folders made while content is read
        store = PageStore(settings)
        setattr(pelican, STORE_ATTRIBUTE, store)
        store.make_folders_ahead()


def reusing_pages(settings: dict) -> bool:
    return bool(settings.get(PREVIOUS_OUTPUT) and settings.get("REUSE_UNCHANGED_PAGES", True))


def stop_on_problems_or_choose_writer(pelican):
    """Stop the build after every generator has read its content and before any file is written.

    Pelican asks for its writer at exactly that moment, after all content checks have run
    (they run at `all_generators_finalized`). With no problem, the writer that reuses unchanged
    pages is chosen when the build asked for it; None keeps Pelican's own writer.
    """
    problems = problem_list(pelican.settings)
    if problems:
        raise ContentErrors(problems)
    if reusing_pages(pelican.settings):
        return writer_for(pelican, pelican.settings.get("LEARNLOG_PROCESSES", 1))
    return None


def fix_addresses(generators) -> None:
    """Work out each post's and page's address once: Pelican works it out from the settings every
    time a template asks, and listings, feeds and neighbours ask many times. Its own per-file
    override (`override_url`) holds the result. Only in fast builds, so the plain build checks it."""
    if not generators or not generators[0].settings.get(PREVIOUS_OUTPUT):
        return
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, []):
                for item in (content, *getattr(content, "translations", [])):
                    item.override_url = item.url
                    item.override_save_as = item.save_as


def keep_compiled_templates(generator) -> None:
    """Keep the theme's templates compiled in the cache folder, for the next build (and each core) to
    load instead of compiling them again. Jinja checks each against its source. Fast builds only."""
    settings = generator.settings
    if not (settings.get(PREVIOUS_OUTPUT) and settings.get("CACHE_CONTENT")):
        return
    folder = os.path.join(settings["CACHE_PATH"], "templates")
    os.makedirs(folder, exist_ok=True)
    generator.env.bytecode_cache = FileSystemBytecodeCache(folder)


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_writer.connect(stop_on_problems_or_choose_writer)
    signals.all_generators_finalized.connect(fix_addresses)
    signals.generator_init.connect(keep_compiled_templates)
    signals.article_generator_finalized.connect(add_listings)
    signals.finalized.connect(flush_pages)
