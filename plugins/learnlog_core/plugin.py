"""Signal receivers that set up every build: layout, safe templates, the writer, and the problem report."""

from __future__ import annotations

from pelican import signals

from . import file_names
from .build import Build, build_of
from .filters import FILTERS, Language, LongDate, ReadingMinutes
from .layout import LAYOUT
from .listings import add_listings
from .problems import ContentErrors
from .processes import cores
from .shared import BUILD
from .writer import ParallelWriter, flush_pages


def configure(pelican) -> None:
    settings = pelican.settings
    if BUILD not in settings:  # Pelican run by itself, not through `invoke build`
        settings[BUILD] = Build(processes=cores())
    build = build_of(settings)
    settings.update(LAYOUT)
    # Titles and other metadata are escaped everywhere; content HTML is marked |safe in the theme.
    # Templates do not change during a build: no need to look at their files before every page.
    settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "autoescape": True, "auto_reload": False}
    settings["JINJA_FILTERS"] = {
        **settings.get("JINJA_FILTERS", {}),
        **FILTERS,
        "longdate": LongDate(settings["DEFAULT_DATE_FORMAT"]),
        "reading_minutes": ReadingMinutes(),
        "language": Language(settings["DEFAULT_LANG"]),
    }
    # The 404 page is shown at any depth, so its links cannot be relative to where it lies.
    site_root = "" if settings.get("RELATIVE_URLS") else settings["SITEURL"].rstrip("/")
    # SITE_URL: the site's absolute address, for canonical links, even where pages link relatively.
    site_url = settings["SITEURL"].rstrip("/")
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "SITE_ROOT": site_root, "SITE_URL": site_url}
    # Connected now, after every plugin's register(): it runs after their checks of all content.
    signals.all_generators_finalized.connect(stop_on_problems)
    # A file name no address or message can hold, or a link out of the project, stops the build before any
    # file is read.
    for folder in (settings["PATH"], settings["THEME"]):
        for path, message in file_names.problems(folder):
            build.report(path, 0, message)
    if build.problems:
        raise ContentErrors(build.problems)
    build.lap("start and set up")


def stop_on_problems(generators) -> None:
    """Stop the build once every generator has read and checked its content, before anything is written."""
    build = build_of(generators[0].settings)
    build.lap("check content")
    if build.problems or build.errors:
        raise ContentErrors(build.problems)


def choose_writer(pelican):
    """Pelican's writer, rendering pages on every core (writer.py)."""
    return ParallelWriter


def lap(phase: str):
    def receiver(sender) -> None:
        build_of(sender.settings).lap(phase)

    receiver.__name__ = f"lap_{phase.replace(' ', '_')}"
    return receiver


# Module-level receivers: blinker keeps weak references, and connecting one function twice is a no-op.
READ_POSTS = lap("read posts")
READ_PAGES = lap("read pages")


def finish(pelican) -> None:
    """Render what is still queued."""
    build = build_of(pelican.settings)
    if build.writer is not None:
        flush_pages(build.writer)
    build.lap("static files, sitemap")


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_writer.connect(choose_writer)
    signals.article_generator_finalized.connect(add_listings)
    signals.article_generator_finalized.connect(READ_POSTS)
    signals.page_generator_finalized.connect(READ_PAGES)
    signals.finalized.connect(finish)
