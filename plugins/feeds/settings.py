"""Feed settings, with their defaults. Any of them can be set in pelicanconf.py."""

FAMILIES = ("all", "posts", "links", "weekly", "tags")

DEFAULTS = {
    # Which feed families to build: any of "all", "posts", "links", "weekly", "tags".
    "FEED_FAMILIES": list(FAMILIES),
    # Newest items per feed (the whole history stays on the site).
    "FEED_ITEMS": 30,
    # Newest weeks in the weekly digest.
    "FEED_WEEKLY_ITEMS": 12,
    # The "authority" in item ids (tag:AUTHORITY,DATE:...). Set it once, to your domain, and never change it,
    # even if the site moves: readers know items by their id. Empty means the host of SITEURL.
    "FEED_ID_AUTHORITY": "",
}

# Titles: {site} is SITENAME, {tag} the tag. Set FEED_TITLES in pelicanconf.py to change any of them.
TITLES = {
    "all": "{site}",
    "posts": "{site}: posts",
    "links": "{site}: links I learned from",
    "weekly": "{site}: what I learned this week",
    "tag": "{site}: {tag}",
}

# Fixed by the product contract.
LAYOUT = {
    "FEEDS_URL": "feeds/",
    "SUBSCRIBE_URL": "subscribe/",
    "SUBSCRIBE_SAVE_AS": "subscribe/index.html",
    "FEEDS_OPML": "feeds.opml",
    # The feeds that never repeat an item (posts and links), and one feed per topic (tag): to import, each once.
    "FOLLOW_OPML": "follow.opml",
    "TOPICS_OPML": "topics.opml",
    "BLOGROLL_OPML": "blogroll.opml",
    "BLOGROLL_OPML_WELL_KNOWN": ".well-known/recommendations.opml",
}


# The site's address in feeds, sitemaps and OPML files when SITEURL is empty: they need absolute addresses
# (RFC 4287 atom:id and links, RSS 2.0 <link>, sitemaps.org <loc>), and `invoke serve` shows the site here.
PREVIEW_SITEURL = "http://localhost:8000"


def site_url(settings: dict) -> str:
    """The absolute address feeds are made from: SITEURL without its trailing "/", or PREVIEW_SITEURL when
    SITEURL is empty (such as `https://example.org/blog`)."""
    return (settings.get("SITEURL") or PREVIEW_SITEURL).rstrip("/") or PREVIEW_SITEURL


def apply(settings: dict) -> None:
    """Fill in settings (Pelican's settings dict, changed in place): DEFAULTS for what is not set, the
    titles merged with TITLES, and the fixed LAYOUT."""
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    settings["FEED_TITLES"] = {**TITLES, **settings.get("FEED_TITLES", {})}
    settings.update(LAYOUT)
