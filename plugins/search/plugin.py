"""Search: the /search/ page, the OpenSearch description, and the search index, in every build.

The index is written while the pages wait to be rendered (they are rendered on every core once every
generator has queued its own), from the same objects they are rendered from (records.py).
"""

from __future__ import annotations

from pathlib import Path

from learnlog_core import shared
from learnlog_core.build import build_of
from learnlog_core.cache import text_key
from learnlog_core.filters import LongDate
from learnlog_core.problems import ContentErrors
from pelican import signals
from pelican.generators import Generator

from .index import SearchIndexError, bundle_files, index_language, write_bundle
from .opensearch import description
from .records import choices_of, link_record, post_record, week_record

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
    found = [post_record(item, "post", language, shown) for item in context.get("articles", [])]
    found += [post_record(item, "page", language, shown) for item in context.get("pages", [])]
    for week in context.get(shared.LINK_WEEKS, []):
        found += [link_record(link, language, shown) for link in week.links]
        found.append(week_record(week, language))
    return sorted((record for record in found if record), key=lambda record: record.url)


class SearchGenerator(Generator):
    """Writes the search index, /opensearch.xml and /search/."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        settings = self.settings
        build = build_of(settings)
        output = Path(self.output_path)
        records = records_of(self.context, settings)
        build.lap("search records")
        if records:  # a site with nothing in it yet has no index: /search/ says so
            write_bundle(self._bundle(records), output)
        build.lap("search index")
        (output / settings["OPENSEARCH_SAVE_AS"]).write_bytes(description(settings))
        writer.write_file(
            settings["SEARCH_SAVE_AS"], self.get_template("search"), self.context, settings["RELATIVE_URLS"],
            page_name="search/index", choices=choices_of(records), searchable=bool(records),
        )  # fmt: skip

    def _bundle(self, records: list) -> dict[str, bytes]:
        """The bundle of `records`, from the cache when they are the same as a build before (a pure function
        of them, the language, Pagefind's version and our code: cache.py), else made by Pagefind."""
        settings = self.settings
        build = build_of(settings)
        language = index_language(settings["DEFAULT_LANG"])
        cache = build.cache("search_index", language, settings["CACHE_PATH"])
        key = text_key("\0".join(f"{record.url}\0{record.html}" for record in records))
        files = cache.get(key)
        if files is None:
            try:
                files = bundle_files(records, language)
            except SearchIndexError as error:
                build.report("", 0, f"{error}; reinstall what the site needs: pip install -r requirements.txt")
                raise ContentErrors(build.problems) from error
            cache.put(key, files)
        return files


def configure(pelican) -> None:
    pelican.settings.update(LAYOUT)


def get_generators(pelican):
    return SearchGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
