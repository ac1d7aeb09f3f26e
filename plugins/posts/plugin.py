"""Signal receivers: our reader for Markdown files, and the checks across files."""

from __future__ import annotations

from pelican import signals

from .checks import check_all
from .reader import CheckedMarkdownReader


def use_checked_reader(readers) -> None:
    for extension in CheckedMarkdownReader.file_extensions:
        readers.reader_classes[extension] = CheckedMarkdownReader
    cache_data = readers.cache_data

    def cache_only_good_files(path, data):
        # A file with problems is skipped; it must be read (and its problems reported) every time.
        if data[1].get("status") != "skip":
            cache_data(path, data)

    readers.cache_data = cache_only_good_files


def register() -> None:
    signals.readers_init.connect(use_checked_reader)
    signals.all_generators_finalized.connect(check_all)
