"""The whole sample site, built as a reader would get it: every page at its URL with its title."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from pathlib import Path

import pytest
from conftest import ROOT, run_build

POSTS = sorted((ROOT / "content" / "posts").glob("*.md"))


def header_value(path: Path, name: str) -> str:
    """A field from a post's header (Pelican style or YAML front matter), read independently."""
    text = path.read_text(encoding="utf-8")
    match = re.search(rf"^{name}:\s*(.+)$", text, re.MULTILINE | re.IGNORECASE)
    assert match, f"{path.name} has no {name}"
    value = match[1].strip()
    return value.strip('"') if text.startswith("---") else value  # YAML may quote a value


def post_url(path: Path) -> str:
    year, slug = path.stem[:4], path.stem[11:]
    return f"/posts/{year}/{slug}/"


def h1(html: str) -> str:
    found = re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL)
    assert len(found) == 1, f"expected one h1, found {found}"
    return unescape(re.sub(r"<[^>]+>", "", found[0])).strip()


def tags_of(path: Path) -> list[str]:
    raw = header_value(path, "tags").strip("[]")
    return [tag.strip() for tag in raw.split(",")]


def test_sample_content_is_substantial():
    assert len(POSTS) >= 6
    assert any("![" in post.read_text() for post in POSTS), "a post with an image"
    assert any("```" in post.read_text() for post in POSTS), "a post with a code block"
    assert any(re.search(r"^> ", post.read_text(), re.MULTILINE) for post in POSTS), "a post with a quotation"


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.stem)
def test_every_post_is_at_its_url_with_its_title(sample_site, post):
    html = sample_site.page(post_url(post))
    assert h1(html) == header_value(post, "title")
    assert f"<title>{header_value(post, 'title')}" in unescape(html)


def test_about_page(sample_site):
    assert h1(sample_site.page("/about/")) == "About"
    # The page's link to a post by {filename} resolved to that post's URL.
    assert 'href="../posts/2026/i-dont-have-time/"' in sample_site.page("/about/")


def test_every_tag_has_a_page_listing_its_posts(sample_site):
    tags = {tag for post in POSTS for tag in tags_of(post)}
    index = sample_site.page("/tags/")
    assert h1(index) == "Tags"
    for tag in tags:
        tagged = [post for post in POSTS if tag in tags_of(post)]
        html = sample_site.page(f"/tags/{tag}/")
        assert h1(html) == f"Tagged “{tag}”"
        for post in tagged:
            assert header_value(post, "title") in unescape(html)
        assert f'href="../tags/{tag}/">{tag}</a> <span class="count">{len(tagged)} post' in index


def test_archives_list_every_post_newest_first(sample_site):
    html = unescape(sample_site.page("/archives/"))
    assert h1(html) == "Archives"
    positions = [html.index(header_value(post, "title")) for post in POSTS]
    newest_first = sorted(POSTS, key=lambda post: header_value(post, "date"), reverse=True)
    assert [html.index(header_value(post, "title")) for post in newest_first] == sorted(positions)


def test_home_lists_newest_posts_first(sample_site):
    html = unescape(sample_site.page("/"))
    listed = re.findall(r'<h3 class="p-name"><a class="u-url" href="[^"]+">(.*?)</a>', html)
    dates = {header_value(post, "title"): datetime.fromisoformat(header_value(post, "date")) for post in POSTS}
    assert listed == sorted(dates, key=dates.get, reverse=True)[:10]


def test_404_page(sample_site):
    html = sample_site.page("/404.html")
    assert h1(html) == "This page isn’t here"
    # Shown at any depth, so its links start at the site's root.
    assert 'href="/theme/css/style.css"' in html


def test_every_link_and_asset_inside_the_site_resolves(sample_site):
    """Relative URLs from every page reach a real file, so the site works from any folder."""
    broken = []
    for page in sample_site.output.rglob("*.html"):
        if page.name == "404.html":
            continue
        for target in re.findall(r'(?:href|src)="([^"#]+)', page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", target):
                continue
            resolved = (page.parent / target).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.is_file():
                broken.append(f"{page.relative_to(sample_site.output)} -> {target}")
    assert not broken


def test_two_builds_are_byte_identical(sample_site, tmp_path):
    again = run_build(ROOT / "pelicanconf.py", tmp_path / "again")
    assert again.returncode == 0, again.log
    first = {p.relative_to(sample_site.output): p.read_bytes() for p in sample_site.output.rglob("*") if p.is_file()}
    second = {p.relative_to(again.output): p.read_bytes() for p in again.output.rglob("*") if p.is_file()}
    assert first == second
