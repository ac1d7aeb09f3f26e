"""Signal receivers: our reader for Markdown files, and the checks across files."""

from __future__ import annotations

from pelican import signals

from .checks import check_all
from .reader import CheckedMarkdownReader


def use_checked_reader(readers) -> None:
    for extension in CheckedMarkdownReader.file_extensions:
        readers.reader_classes[extension] = CheckedMarkdownReader


def register() -> None:
    signals.readers_init.connect(use_checked_reader)
    signals.all_generators_finalized.connect(check_all)
