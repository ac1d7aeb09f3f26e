"""The site layout fixed by the product contract: URLs, pages built, Markdown and template setup.

These are applied over whatever pelicanconf.py says, because links between sites, feeds and
bookmarks depend on them. Authors change the site's content and identity, not its shape.
"""

import os

from pelican.paginator import PaginationRule


def newest_first(content) -> tuple:
    """Posts newest first; posts of the same moment by their file, so the order never depends on the
    order files happen to be read in."""
    return (-content.date.timestamp(), content.source_path)


def by_file_name(content) -> tuple:
    """Pages by file name (Pelican's default), then by folder."""
    return (os.path.basename(content.source_path), content.source_path)


LAYOUT = {
    # Directory-style URLs, so every page works on GitHub Pages without ".html".
    "ARTICLE_URL": "posts/{date:%Y}/{slug}/",
    "ARTICLE_SAVE_AS": "posts/{date:%Y}/{slug}/index.html",
    # A post or page with a `Lang:` line is one of the site's, at the same kind of address: Pelican would
    # otherwise treat it as a translation and write it nowhere. Two with one slug are reported (checks.py).
    "ARTICLE_LANG_URL": "posts/{date:%Y}/{slug}/",
    "ARTICLE_LANG_SAVE_AS": "posts/{date:%Y}/{slug}/index.html",
    "DRAFT_URL": "drafts/{slug}/",
    "DRAFT_SAVE_AS": "",
    "DRAFT_LANG_SAVE_AS": "",
    "PAGE_URL": "{slug}/",
    "PAGE_SAVE_AS": "{slug}/index.html",
    "PAGE_LANG_URL": "{slug}/",
    "PAGE_LANG_SAVE_AS": "{slug}/index.html",
    "DRAFT_PAGE_SAVE_AS": "",
    "DRAFT_PAGE_LANG_SAVE_AS": "",
    "TAG_URL": "tags/{slug}/",
    "TAG_SAVE_AS": "tags/{slug}/index.html",
    "TAGS_URL": "tags/",
    "TAGS_SAVE_AS": "tags/index.html",
    "CATEGORY_URL": "categories/{slug}/",
    "CATEGORY_SAVE_AS": "categories/{slug}/index.html",
    "CATEGORIES_URL": "categories/",
    "CATEGORIES_SAVE_AS": "categories/index.html",
    "ARCHIVES_URL": "archives/",
    "ARCHIVES_SAVE_AS": "archives/index.html",
    # One author: no author pages. No per-period archives: /archives/ lists everything.
    "AUTHOR_SAVE_AS": "",
    "AUTHORS_SAVE_AS": "",
    "YEAR_ARCHIVE_SAVE_AS": "",
    "MONTH_ARCHIVE_SAVE_AS": "",
    "DAY_ARCHIVE_SAVE_AS": "",
    "INDEX_URL": "",
    "DIRECT_TEMPLATES": ["index", "tags", "categories", "archives", "404"],
    "404_SAVE_AS": "404.html",
    "PAGINATED_TEMPLATES": {"index": None, "tag": None, "category": None},
    # Page 2 of /tags/memory/ is /tags/memory/page/2/: one folder per tag, so tags never collide.
    "PAGINATION_PATTERNS": [
        PaginationRule(1, "{url}", "{save_as}"),
        PaginationRule(2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
    ],
    # Pelican's own feeds are off; Learnlog builds its feeds itself.
    "FEED_ALL_ATOM": None,
    "FEED_ALL_RSS": None,
    "FEED_ATOM": None,
    "FEED_RSS": None,
    "CATEGORY_FEED_ATOM": None,
    "CATEGORY_FEED_RSS": None,
    "TAG_FEED_ATOM": None,
    "TAG_FEED_RSS": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "TRANSLATION_FEED_ATOM": None,
    "TRANSLATION_FEED_RSS": None,
    # A file named 2026-11-28-my-title.md gets its date and a stable slug from its name.
    "FILENAME_METADATA": r"(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+)",
    # One language: two posts with one slug are a mistake, not a translation.
    "ARTICLE_TRANSLATION_ID": None,
    "PAGE_TRANSLATION_ID": None,
    # Editor backups, version-control folders and every hidden file or folder (.DS_Store, .#post.md) are
    # an editor's or a system's, never part of the site.
    "IGNORE_FILES": [".*", "*~", "*.swp"],
    "DEFAULT_DATE": None,
    "ARTICLE_ORDER_BY": newest_first,
    "PAGE_ORDER_BY": by_file_name,
    # Pelican's own content cache is keyed by modification times and knows nothing of our plugins'
    # code: our readers keep caches of their own, keyed by what they were worked out from (cache.py).
    "CACHE_CONTENT": False,
    "LOAD_CONTENT_CACHE": False,
    # Posts and pages are Markdown, read and checked by our reader. Pelican's reStructuredText and HTML
    # readers would skip every check, and reST's include directive reads files outside the project.
    "READERS": {"rst": None, "html": None, "htm": None},
    "DEFAULT_CATEGORY": "Notes",
    # A post's folder (posts/) is where it is kept, not its subject: without a Category line it is in Notes.
    "USE_FOLDER_AS_CATEGORY": False,
    "SUMMARY_MAX_LENGTH": 50,
    "SLUGIFY_SOURCE": "title",
    "MARKDOWN": {
        "extension_configs": {
            "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
            "markdown.extensions.extra": {},
            "markdown.extensions.meta": {},
            "markdown.extensions.toc": {"permalink": False},
            "markdown.extensions.smarty": {},
        },
        "output_format": "html5",
    },
}
