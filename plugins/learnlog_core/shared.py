"""The names the plugins share: the one settings key that carries the build, and the context keys.

Pelican hands every reader its settings and every generator its settings and context (a copy of
the settings made when the build starts). These are the only names our plugins read from them
that another plugin put there; each is declared here, once, with what it holds.
"""

from __future__ import annotations

# Settings (and so context) key: the `Build` of this run (learnlog_core/build.py). Put there by
# `learnlog.build` before Pelican starts, or by learnlog_core when Pelican is run by itself.
BUILD = "LEARNLOG_BUILD"

# Context keys, set by generators during `generate_context` and read by templates and other plugins.
POSTS_BY_YEAR = "posts_by_year"  # [(year, [article, …])], newest first (learnlog_core)
LINK_WEEKS = "link_weeks"  # [Week], newest first (link_notes)
LATEST_WEEK = "latest_week"  # Week or None (link_notes)
BLOGROLL = "blogroll"  # [Person], in the order of content/blogroll.yaml (link_notes)
TAG_INDEX = "tag_index"  # [(Tag, [article], [Link])], by tag name (link_notes)
FEED_LINKS = "feed_links"  # [(title, site-relative path, MIME type)] of the feeds every page advertises (feeds)
# [site-relative URL] of pages for the author alone, marked noindex, such as "save/" (capture): the sitemap
# leaves them out (site_files).
AUTHOR_ONLY = "author_only_pages"

# Ids written in the theme's templates (theme/templates/*.html); tests/test_code_and_ids.py checks
# this list against them. The theme's other ids are made from links, people, weeks and years
# (`link-…`, a person's id, `year-…`), on pages that show no post's ids (listings drop them: filters.listed).
THEME_IDS = frozenset(
    {
        "main",  # base.html: <main>, the skip link's target, on every page
        "site-search-q",  # base.html: the header's search box, on every page but /search/
        "latest-posts",  # index.html
        "this-week",  # index.html
        "easy-way",  # subscribe.html
        "all-feeds",  # subscribe.html
        "topic-feeds",  # subscribe.html
        "opml",  # subscribe.html
        "how-to",  # subscribe.html
        "recommended-feed",  # subscribe.html
        "search-form",  # search.html, and the ids below: read by theme/static/js/search.js
        "search-q",
        "search-help",
        "search-filters",
        "search-needs-js",
        "search-status",
        "search-results",
        "search-more",
        "bookmarklet",  # save.html, and the ids below
        "bookmarklet-code",
        "on-a-phone",
        "set-up",
        "save-workflow",
        "after-saving",
    }
)
