"""Checks across all posts and pages, run once every file has been read."""

from __future__ import annotations

import os
import re
from pathlib import Path

from learnlog_core.build import build_of
from learnlog_core.problems import line_of
from learnlog_core.slugs import slugify
from pelican.generators import ArticlesGenerator, PagesGenerator

# Where the reader puts the links to other files that it found in a post's HTML.
LINKS_FIELD = "internal_links"
# {filename}/posts/x.md, {static}/images/y.png, {attach}..., and Pelican's older |filename| form.
INTERNAL_LINK = re.compile(
    r"""(?:href|src)\s*=\s*["'](?P<target>(?:\{|\|)(?:filename|static|attach)(?:\}|\|)(?P<path>[^"'#?]+))"""
)


def internal_links(html: str) -> tuple[tuple[str, str], ...]:
    """(link as written, path) of every {filename}, {static} or {attach} link in a post's HTML."""
    return tuple((match["target"], match["path"]) for match in INTERNAL_LINK.finditer(html))


def check_all(generators) -> None:
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages = next(g for g in generators if isinstance(g, PagesGenerator))
    settings = articles.settings
    posts = articles.articles + articles.drafts + articles.hidden_articles
    all_pages = pages.pages + pages.draft_pages + pages.hidden_pages
    _duplicate_slugs(settings, posts, "post")
    _duplicate_slugs(settings, all_pages, "page")
    for item in posts + all_pages:
        _internal_links(settings, articles.context, item)


def _duplicate_slugs(settings, items, kind: str) -> None:
    first_with: dict[str, str] = {}
    for item in sorted(items, key=lambda content: content.source_path):
        if item.slug in first_with:
            other = os.path.relpath(first_with[item.slug])
            text = Path(item.source_path).read_text(encoding="utf-8")
            build_of(settings).report(
                item.source_path,
                line_of(text, r"^\s*(slug|title)\s*:"),
                f"the slug '{item.slug}' is already used by {other}; two {kind}s cannot share a URL, "
                f"so give this one its own 'Slug:' line{_renaming(item)}",
            )
        else:
            first_with[item.slug] = item.source_path


def _renaming(item) -> str:
    """How else to change a post's slug: its file name when the slug comes from it, else its title."""
    dated = re.match(r"^\d{4}-\d{2}-\d{2}-(.+)$", os.path.splitext(os.path.basename(item.source_path))[0])
    if dated and slugify(dated[1]) == item.slug:
        return " or rename the file (its address comes from the name after the date)"
    return " or a different title"


def _internal_links(settings, context, item) -> None:
    content_root = settings["PATH"]
    source_dir = os.path.dirname(item.get_relative_source_path())
    for written, path in item.metadata.get(LINKS_FIELD, ()):
        target = path.lstrip("/") if path.startswith("/") else os.path.join(source_dir, path)
        target = os.path.normpath(target).replace(os.sep, "/")
        known = target in context["generated_content"] or target in context["static_content"]
        if not known and not os.path.isfile(os.path.join(content_root, target)):
            text = Path(item.source_path).read_text(encoding="utf-8")
            build_of(settings).report(
                item.source_path,
                line_of(text, re.escape(path)),
                f"the link {written} points at a file that does not exist ({target} in "
                f"{os.path.basename(content_root)}/); check the path: with a leading / it starts "
                "from the content folder, without one from this file's folder",
            )
