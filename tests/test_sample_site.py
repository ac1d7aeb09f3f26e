"""The whole sample site, built as a reader would get it: every page at its URL with its title."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from pathlib import Path

import pytest
from conftest import SAMPLE, run_build

POSTS = sorted((SAMPLE / "content" / "posts").glob("*.md"))


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
    again = run_build(sample_site.output.parent / "pelicanconf.py", tmp_path / "again")
    assert again.returncode == 0, again.log
    first = {p.relative_to(sample_site.output): p.read_bytes() for p in sample_site.output.rglob("*") if p.is_file()}
    second = {p.relative_to(again.output): p.read_bytes() for p in again.output.rglob("*") if p.is_file()}
    assert first == second


def sample_links() -> tuple[list[dict], list[str]]:
    """Every sample link note and every week summary, read with plain PyYAML."""
    import yaml

    links, summaries = [], []
    for path in sorted((SAMPLE / "content" / "links").rglob("*.y*ml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            summaries.append(data["summary"])
            data = data["links"]
        links += data
    for link in links:  # PyYAML reads "2026-11-23 09:15" (no seconds) as text
        link["date"] = datetime.fromisoformat(str(link["date"]))
    return links, summaries


def test_sample_link_log_is_substantial():
    links, summaries = sample_links()
    weeks = {(link["date"].isocalendar()[0], link["date"].isocalendar()[1]) for link in links}
    assert len(links) >= 25 and len(weeks) >= 3 and summaries
    assert sum(1 for link in links if link.get("via")) >= 10
    post_tags = {tag for post in POSTS for tag in tags_of(post)}
    link_tags = {tag for link in links for tag in link.get("tags", [])}
    assert len(post_tags & link_tags) >= 5


def test_every_sample_link_is_on_its_week_page(sample_site):
    links, _ = sample_links()
    for link in links:
        year, week, _ = link["date"].isocalendar()
        html = unescape(sample_site.page(f"/links/{year}/w{week:02d}/"))
        assert f'href="{link["url"]}">{link["title"]}</a>' in html


def test_sample_link_roll_and_blogroll(sample_site):
    import yaml

    roll = unescape(sample_site.page("/links/"))
    assert h1(roll) == "What I learned, week by week"
    assert roll.index("Week 48, 2026") < roll.index("Week 47, 2026") < roll.index("Week 46, 2026")
    people = yaml.safe_load((SAMPLE / "content" / "blogroll.yaml").read_text())
    assert len(people) >= 6
    blogroll = unescape(sample_site.page("/blogroll/"))
    assert h1(blogroll) == "People I learn from"
    for person in people:
        assert f'id="{person["id"]}"' in blogroll and person["name"] in blogroll
    home = unescape(sample_site.page("/"))
    assert "What I learned this week" in home and "23–29 November 2026" in home


def test_sitemap_and_robots(sample_site):
    from lxml import etree

    root = etree.fromstring((sample_site.output / "sitemap.xml").read_bytes())
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in root.findall("s:url/s:loc", namespace)}
    pages = {
        "http://localhost:8000/" + page.relative_to(sample_site.output).as_posix().removesuffix("index.html")
        for page in sample_site.output.rglob("*.html")
        if page.name != "404.html" and '<meta name="robots" content="noindex">' not in page.read_text(encoding="utf-8")
    }
    assert listed == pages and "http://localhost:8000/save/" not in listed  # /save/ is the author's page only
    post = root.xpath(
        "//s:url[s:loc='http://localhost:8000/posts/2026/reflecting-weekly/']/s:lastmod", namespaces=namespace
    )
    assert post[0].text == "2026-11-16"
    robots = (sample_site.output / "robots.txt").read_text()
    assert "Sitemap: http://localhost:8000/sitemap.xml" in robots
