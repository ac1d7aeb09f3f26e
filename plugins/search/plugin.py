"""Search: the /search/ page, the OpenSearch description, and the search index, in every build.

The index is made from the same objects the pages are rendered from (records.py), by Pagefind in a
process of its own that runs while the pages are rendered; the build waits for it at its end.
"""

from __future__ import annotations

from pathlib import Path

from learnlog_core import shared
from learnlog_core.build import build_of
from learnlog_core.cache import text_key
from learnlog_core.filters import LongDate, plain_text
from learnlog_core.problems import ContentErrors
from learnlog_core.writer import flush_pages
from pelican import signals
from pelican.generators import Generator

from .index import IndexJob, SearchIndexError, index_language, write_bundle
from .opensearch import description
from .records import choices_of, link_record, post_record, week_record

# build.kept key: the index Pagefind is making while the pages are rendered (IndexJob, its cache, its key,
# the site's folder).
RUNNING = "search index"
# Fixed by the product contract (/search/), and where browsers look for the description (the <link> in
# every page's head names it).
LAYOUT = {
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
    "OPENSEARCH_SAVE_AS": "opensearch.xml",
}


def records_of(context: dict, settings: dict) -> list:
    """Every record of the site, in order of address: its posts, pages, link notes and weeks' reflections
    (records.py). context: Pelican's context once every generator has read its content."""
    language = index_language(settings["DEFAULT_LANG"])
    shown = LongDate(settings["DEFAULT_DATE_FORMAT"])
    cache = build_of(settings).cache("search_plain_text", None, settings["CACHE_PATH"])

    def plain(html: str) -> str:  # a pure function of the HTML: kept in the cache, by a hash of it
        key = text_key(html or "")
        text = cache.get(key)
        if text is None:
            text = plain_text(html)
            cache.put(key, text)
        return text

    found = [post_record(item, "post", language, shown, plain) for item in context.get("articles", [])]
    found += [post_record(item, "page", language, shown, plain) for item in context.get("pages", [])]
    for week in context.get(shared.LINK_WEEKS, []):
        found += [link_record(link, language, shown, plain) for link in week.links]
        found.append(week_record(week, language, plain))
    return sorted((record for record in found if record), key=lambda record: record.url)


class SearchGenerator(Generator):
    """Writes /opensearch.xml and /search/, and starts the index (`finish_index` writes it)."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        settings = self.settings
        build = build_of(settings)
        records = records_of(self.context, settings)
        build.lap("search records")
        if records:  # a site with nothing in it yet has no index: /search/ says so
            self._start_index(records)
        (Path(self.output_path) / settings["OPENSEARCH_SAVE_AS"]).write_bytes(description(settings))
        writer.write_file(
            settings["SEARCH_SAVE_AS"], self.get_template("search"), self.context, settings["RELATIVE_URLS"],
            page_name="search/index", choices=choices_of(records), searchable=bool(records),
        )  # fmt: skip

    def _start_index(self, records: list) -> None:
        """Write the bundle of `records` now if the cache has it (it is a pure function of them, the language,
        Pagefind's version and our code: cache.py); else start Pagefind, which indexes while the pages are
        rendered, for `finish_index` to wait for."""
        settings = self.settings
        build = build_of(settings)
        language = index_language(settings["DEFAULT_LANG"])
        cache = build.cache("search_index", language, settings["CACHE_PATH"])
        key = text_key("\0".join(f"{record.url}\0{record.html}" for record in records))
        files = cache.get(key)
        if files is not None:
            write_bundle(files, Path(self.output_path))
            return
        try:
            job = IndexJob(records, language)
        except SearchIndexError as error:
            _report(build, error)
            raise ContentErrors(build.problems) from error
        build.at_end(job.close)
        build.kept[RUNNING] = (job, cache, key, Path(self.output_path))


def finish_index(pelican) -> None:
    """At the end of the build (Pelican's `finalized` signal), once the pages are written: wait for the index
    Pagefind is making, write it into the site and keep it in the cache. A Pagefind that failed is
    reported, and the build stops."""
    build = build_of(pelican.settings)
    running = build.kept.pop(RUNNING, None)
    if running is None:
        return
    job, cache, key, output = running
    if build.writer is not None:
        flush_pages(build.writer)  # every page first, whatever order the receivers run in
    build.lap("static files, sitemap")
    try:
        files = job.result()
    except SearchIndexError as error:
        _report(build, error)
        return
    finally:
        build.seconds["search index (beside the pages)"] = job.seconds
    write_bundle(files, output)
    cache.put(key, files)
    job.close()
    build.lap("search index (waiting)")


def _report(build, error: SearchIndexError) -> None:
    build.report("", 0, f"{error}; reinstall what the site needs: pip install -r requirements.txt")


def configure(pelican) -> None:
    pelican.settings.update(LAYOUT)


def get_generators(pelican):
    return SearchGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finish_index)
