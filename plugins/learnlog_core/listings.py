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
    generator.context[POSTS_BY_YEAR] = [
        (year, list(year_posts)) for year, year_posts in groupby(posts, key=lambda post: post.date.year)
    ]
