"""Signal receivers: feed settings, the tag_feeds filter, and the feeds generator."""

from __future__ import annotations

from pelican import signals

from . import settings
from .generator import FeedsGenerator, TagFeeds


def configure(pelican) -> None:
    """`initialized` receiver: the feed settings' defaults, and the `tag_feeds` filter for templates."""
    settings.apply(pelican.settings)
    pelican.settings["JINJA_FILTERS"] = {**pelican.settings["JINJA_FILTERS"], "tag_feeds": TagFeeds(pelican.settings)}


def get_generators(pelican):
    """`get_generators` receiver: the generator of every feed, the OPML files and /subscribe/."""
    return FeedsGenerator


def register() -> None:
    """Pelican's plugin entry point (Pelican docs, "Plugins": `register()` connects signal receivers)."""
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
