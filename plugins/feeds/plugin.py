"""Signal receivers: feed settings, the tag_feeds filter, and the feeds generator."""

from __future__ import annotations

from pelican import signals

from . import settings
from .generator import FeedsGenerator, TagFeeds


def configure(pelican) -> None:
    settings.apply(pelican.settings)
    pelican.settings["JINJA_FILTERS"] = {**pelican.settings["JINJA_FILTERS"], "tag_feeds": TagFeeds(pelican.settings)}


def get_generators(pelican):
    return FeedsGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
