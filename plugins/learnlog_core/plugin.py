"""Signal receivers that set up every build: layout, safe templates, and the problem report."""

from __future__ import annotations

from pelican import signals

from .filters import FILTERS, LongDate
from .layout import LAYOUT
from .listings import add_listings
from .problems import PROBLEMS_KEY, ContentErrors, problem_list
from .reuse import PREVIOUS_OUTPUT, flush_pages, writer_for


def configure(pelican) -> None:
    settings = pelican.settings
    settings.update(LAYOUT)
    settings[PROBLEMS_KEY] = []
    # Titles and other metadata are escaped everywhere; content HTML is marked |safe in the theme.
    settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "autoescape": True}
    settings["JINJA_FILTERS"] = {
        **settings.get("JINJA_FILTERS", {}),
        **FILTERS,
        "longdate": LongDate(settings["DEFAULT_DATE_FORMAT"]),
    }
    # The 404 page is shown at any depth, so its links cannot be relative to where it lies.
    site_root = "" if settings.get("RELATIVE_URLS") else settings["SITEURL"].rstrip("/")
    # SITE_URL: the site's absolute address, for canonical links, even where pages link relatively.
    site_url = settings["SITEURL"].rstrip("/")
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "SITE_ROOT": site_root, "SITE_URL": site_url}


def stop_on_problems_or_choose_writer(pelican):
    """Stop the build after every generator has read its content and before any file is written.

    Pelican asks for its writer at exactly that moment, after all content checks have run
    (they run at `all_generators_finalized`). With no problem, the writer that reuses unchanged
    pages is chosen when the build asked for it; None keeps Pelican's own writer.
    """
    problems = problem_list(pelican.settings)
    if problems:
        raise ContentErrors(problems)
    if pelican.settings.get(PREVIOUS_OUTPUT) and pelican.settings.get("REUSE_UNCHANGED_PAGES", True):
        return writer_for(pelican, pelican.settings.get("LEARNLOG_PROCESSES", 1))
    return None


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_writer.connect(stop_on_problems_or_choose_writer)
    signals.article_generator_finalized.connect(add_listings)
    signals.finalized.connect(flush_pages)
