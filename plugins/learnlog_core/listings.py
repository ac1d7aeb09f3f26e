"""Orderings and groupings the theme shows, computed once per build so templates only loop."""

from __future__ import annotations

from itertools import groupby

from .shared import POSTS_BY_YEAR


def add_listings(generator) -> None:
    """Receiver of `article_generator_finalized`: newer/older links between posts, archives by year."""
    posts = generator.articles  # newest first, ties by file (layout.newest_first)
    for index, post in enumerate(posts):
        post.newer = posts[index - 1] if index > 0 else None
        post.older = posts[index + 1] if index + 1 < len(posts) else None
    # Each year once, under the year each post shows: posts dated with other offsets can be in one year by
    # their own date and in another by the instant that orders them (sorted() is stable: newest first stays).
    by_year = sorted(posts, key=lambda post: -post.date.year)
    generator.context[POSTS_BY_YEAR] = [
        (year, list(year_posts)) for year, year_posts in groupby(by_year, key=lambda post: post.date.year)
    ]
