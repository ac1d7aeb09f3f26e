"""Settings of the reading list (/reading/ and `invoke fetch-reading`), with their defaults. Any of them can be set
in pelicanconf.py (or publishconf.py)."""

from __future__ import annotations

DEFAULTS = {
    # The snapshot of the blogroll's feeds, inside the content folder: written by `invoke fetch-reading`, read by
    # the build (plain JSON; commit it to keep what the page shows).
    "READING_FILE": "reading.json",
    # The newest items of each person shown on /reading/, and kept in the snapshot.
    "READING_ITEMS": 5,
    # Seconds `invoke fetch-reading` may take in all, every feed at once; and seconds for one feed.
    "READING_TIMEOUT": 30,
    "READING_FEED_TIMEOUT": 10,
    # The most bytes of one feed read (from the network, and again once decompressed): a feed is a few hundred
    # kilobytes; a larger one is not read and keeps its last items.
    "READING_MAX_BYTES": 5_000_000,
    # `invoke publish` and the GitHub Actions workflow fetch the feeds again before they build; False: they publish
    # the snapshot as it is.
    "READING_REFRESH": True,
}

# Fixed by the product contract.
LAYOUT = {
    "READING_URL": "reading/",
    "READING_SAVE_AS": "reading/index.html",
}

# A feed fetched successfully less than this many seconds ago is not asked again (unless --force).
FRESH_SECONDS = 3600


def value(settings: dict, name: str):
    """A reading-list setting from `settings` (Pelican's settings, or a settings file's as learnlog.build's
    load_settings gives them, without the plugins' defaults), else its default (DEFAULTS)."""
    return settings.get(name, DEFAULTS[name])


def apply(settings: dict) -> None:
    """Fill in settings (Pelican's settings dict, changed in place): DEFAULTS for what is not set, and LAYOUT."""
    for name, default in DEFAULTS.items():
        settings.setdefault(name, default)
    settings.update(LAYOUT)
