"""Checks across all posts and pages, run once every file has been read."""

from __future__ import annotations

import os
import re
from datetime import datetime
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from learnlog_core.build import build_of
from learnlog_core.problems import line_of
from learnlog_core.slugs import slugify
from pelican.generators import ArticlesGenerator, PagesGenerator

# Where the reader puts the links to other files that it found in a post's HTML.
LINKS_FIELD = "internal_links"
# The attributes in which Pelican replaces {filename}, {static}… (pelican/contents.py, `_update_content`).
LINK_ATTRIBUTES = "href|src|poster|data|cite|formaction|action|content"
# What may follow the brace. Pelican also knows {author}, but the site has no author pages.
KNOWN = ("filename", "static", "attach", "tag", "category", "index")
FILE_KINDS = ("filename", "static", "attach")


def _pattern(intrasite: str) -> re.Pattern:
    """The links Pelican replaces (pelican/contents.py, `_get_intrasite_link_regex`), with the value's quote."""
    return re.compile(
        rf"""<[^>]+?(?:{LINK_ATTRIBUTES})\s*=\s*(?P<quote>["'])(?P<target>{intrasite}(?P<value>.*?))(?P=quote)"""
    )


def internal_links(html: str, intrasite: str) -> tuple[tuple[str, str, str], ...]:
    """(link as written, what, path) of every link in a post's HTML that Pelican replaces: {filename}
    x.md, {static}/images/y.png, {attach}…, {tag}…, {category}…, and Pelican's older |filename| form.
    intrasite: the INTRASITE_LINK_REGEX setting (a regular expression with a group `what`). The path is
    unquoted (HTML may write a space as %20) and has no query or fragment. A {static} or {filename} in a
    srcset, which Pelican does not replace, comes as what "srcset"."""
    found = []
    for match in _pattern(intrasite).finditer(html):
        path = unquote(unescape(re.split(r"[?#]", match["value"], maxsplit=1)[0]))
        found.append((unescape(match["target"]), match["what"], path))
    for match in re.finditer(r"""\ssrcset\s*=\s*(["'])(?P<value>[^"']*)\1""", html):
        for candidate in re.finditer(intrasite, match["value"]):
            written = unescape(match["value"][candidate.start() :].split(",")[0].split()[0])
            found.append((written, "srcset", ""))
    return tuple(found)


def without_links(html: str, intrasite: str, refused: set[str]) -> str:
    """`html` with each link Pelican would replace whose written form (see internal_links) is in `refused`
    pointing nowhere ("#"), so that Pelican never looks for the file it names."""
    if not refused:
        return html

    def replace(match: re.Match) -> str:
        if unescape(match["target"]) not in refused:
            return match[0]
        return match[0][: match.start("target") - match.start()] + "#" + match[0][match.end("target") - match.start() :]

    return _pattern(intrasite).sub(replace, html)


def check_all(generators) -> None:
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages = next(g for g in generators if isinstance(g, PagesGenerator))
    settings = articles.settings
    posts = articles.articles + articles.drafts + articles.hidden_articles
    all_pages = pages.pages + pages.draft_pages + pages.hidden_pages
    _duplicate_slugs(settings, posts, "post")
    _duplicate_slugs(settings, all_pages, "page")
    # The tags and categories of published posts: the ones with pages of their own.
    tags = {tag.slug for post in articles.articles for tag in getattr(post, "tags", [])}
    categories = {post.category.slug for post in articles.articles if getattr(post, "category", None)}
    for item in posts + all_pages:
        _internal_links(settings, articles.context, item, {"tag": tags, "category": categories})
        _from_the_host_s_top(settings, item)


# An address in a post's HTML that starts with one '/': from the top of the host, whatever site is there.
FROM_TOP = re.compile(r"""\b(?:href|src|poster)\s*=\s*["'](/(?![/\\])[^"'\s]*)["']""", re.IGNORECASE)


def _from_the_host_s_top(settings, item) -> None:
    """Report each address starting with one '/' ('/links/') in a post or page of a site published under a
    path (SITEURL https://name.github.io/blog): it would lead to the top of the host, outside the site, though
    the preview at http://localhost:8000/ follows it. At a site on the top of its host it is fine."""
    site = settings["SITEURL"].rstrip("/")
    if not urlsplit(site).path.strip("/"):
        return
    text = None
    for path in dict.fromkeys(FROM_TOP.findall(item.content)):
        text = Path(item.source_path).read_text(encoding="utf-8") if text is None else text
        host = urlsplit(site).netloc
        what = (
            f"the link {path} starts with '/', so on the published site it leads to the top of {host}, outside "
            f"your site at {site}/"
        )
        file = unquote(urlsplit(path).path).lstrip("/")
        if file and (Path(settings["PATH"]) / file).is_file():
            fix = f"link the file with {{static}}/{file}"
        else:
            fix = (
                "link a post, page or week by its file ({filename}/posts/….md, {filename}/links/2026-W48.yaml), "
                f"a tag with {{tag}}name, or write the whole address, {site}{path}"
            )
        build_of(settings).report(item.source_path, link_line(text, path, path), f"{what}; {fix}")


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


def link_line(text: str, written: str, path: str) -> int:
    """The line of a file's `text` where a link is written: the whole link ({filename}posts/x.md) if it is
    there as it is, else its path (an HTML attribute may have changed how it is written), else line 1."""
    line = line_of(text, re.escape(written), default=0)
    return line or line_of(text, re.escape(path))


def link_problems(links, source_path: str, settings: dict) -> list[tuple[str, str]]:
    """(link as written, path, message with the fix) for each link of a file (see internal_links) that no build
    may follow, found as the file is read, before Pelican sees it: one that starts with a brace Learnlog
    does not know, one that leads outside the content folder (PATH; Pelican would copy the file it names,
    to a place outside the output folder), and an {attach} of an index.html, which would replace the
    post's own page. source_path: the file's path; settings: Pelican's settings."""
    content_root = Path(settings["PATH"]).resolve()
    source_dir = os.path.relpath(os.path.dirname(os.path.abspath(source_path)), content_root)
    found = []
    for written, what, path in links:
        target = os.path.normpath(path.lstrip("/") if path.startswith("/") else os.path.join(source_dir, path))
        if what not in (*KNOWN, "srcset"):
            known = ", ".join("{" + name + "}" for name in KNOWN)
            found.append(
                (written, path, f"the link {written} starts with {{{what}}}, which Learnlog does not know; use {known}")
            )
        elif what in FILE_KINDS and (not path.strip() or not _inside(content_root, target)):
            folder = os.path.basename(settings["PATH"])
            found.append(
                (
                    written,
                    path,
                    f"the link {written} points outside the {folder}/ folder, and the site is made only of what "
                    f"is in it; put the file in {folder}/ and link to it there",
                )
            )
        elif what == "srcset":
            found.append(
                (
                    written,
                    written,
                    f"the link {written} is in a srcset, where links to files are not replaced; give the image "
                    "one address, with src",
                )
            )
        elif what in ("static", "attach") and _is_source(target, settings):
            found.append(
                (
                    written,
                    path,
                    f"the link {written} would copy the file as it is into the site, but {target} is published "
                    "as a page of its own: link to it with {filename} (a post or page) or to its week on the link "
                    "log (link notes)",
                )
            )
        elif what == "attach" and os.path.basename(target) == "index.html":
            found.append(
                (
                    written,
                    path,
                    f"the link {written} would put index.html beside this post, over its own page; rename that file",
                )
            )
    return found


def _internal_links(settings, context, item, listed: dict[str, set[str]]) -> None:
    """Report each {filename}, {static}, {attach}, {tag} and {category} link of a post or page that leads
    to no file, tag or category of the site, or to a draft or a post held back until its date, which are
    not written (link_problems has already refused the others).
    listed: {"tag": slugs of the tags with a page, "category": slugs of the categories with one}."""
    content_root = Path(settings["PATH"]).resolve()
    source_dir = os.path.dirname(item.get_relative_source_path())
    for written, what, path in item.metadata.get(LINKS_FIELD, ()):
        target = path.lstrip("/") if path.startswith("/") else os.path.join(source_dir, path)
        target = os.path.normpath(target).replace(os.sep, "/")
        problem = None
        generated = context["generated_content"].get(target)
        folder = os.path.basename(settings["PATH"])
        if what in listed and path.strip("/") not in listed[what]:
            problem = f"the link {written} points at a {what} no post has; check its spelling (write the {what}'s slug)"
        elif what == "filename" and generated is None and target not in context["static_content"]:
            if (content_root / target).is_file() and _is_source(target, settings):
                pass  # a post, page or link-notes file with mistakes: its own problems are reported
            elif (content_root / target).is_file():
                problem = (
                    f"the link {written} points at {target}, which the site does not publish as a page (posts and "
                    "pages are Markdown files in their folders); to offer the file as it is, link it with {static}"
                )
            else:
                problem = _missing(written, target, folder)
        elif what in ("static", "attach") and not (content_root / target).is_file():
            # Not `static_content`: Pelican adds a file a link names to it even when the file is missing.
            problem = _missing(written, target, folder)
        elif generated is not None and getattr(generated, "status", "") == "draft" and item.status != "draft":
            problem = _unpublished(written, generated)
        if problem:
            text = Path(item.source_path).read_text(encoding="utf-8")
            build_of(settings).report(item.source_path, link_line(text, written, path), problem)


def _missing(written: str, target: str, folder: str) -> str:
    return (
        f"the link {written} points at a file that does not exist ({target} in {folder}/); check the path: "
        "with a leading / it starts from the content folder, without one from this file's folder"
    )


def _unpublished(written: str, linked) -> str:
    """The message for a link from a published post or page to a draft, or to one held back until its date."""
    when = getattr(linked, "date", None)
    if when is not None and when > datetime.now(when.tzinfo):
        return (
            f"the link {written} points at a post scheduled for {when:%Y-%m-%d %H:%M}, so it would lead nowhere "
            "until then; date this one at or after it, or add the link once that post is out"
        )
    return (
        f"the link {written} points at a draft, which is not published, so it would lead nowhere; publish the "
        "draft (Status: published) or remove the link"
    )


def _is_source(target: str, settings: dict) -> bool:
    """True when `target` (relative to the content folder) is a file the site publishes as pages: a Markdown
    post or page (ARTICLE_PATHS, PAGE_PATHS), a link-notes file (LINKS_PATH) or the blogroll."""
    target = target.replace(os.sep, "/")
    folders = [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"]]
    if target.endswith(".md") and any(target.startswith(folder.strip("/") + "/") for folder in folders):
        return True
    links = settings.get("LINKS_PATH", "links").strip("/")
    return target.startswith(links + "/") or target == settings.get("BLOGROLL_FILE", "blogroll.yaml")


def _inside(root: Path, target: str) -> bool:
    """True when `target` (a path relative to `root`, the resolved content folder) is inside it, links followed."""
    if target == ".." or target.startswith("../") or os.path.isabs(target):
        return False
    resolved = (root / target).resolve()
    return resolved == root or root in resolved.parents
