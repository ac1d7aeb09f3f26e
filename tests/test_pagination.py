"""Long lists are split into pages, each in its own folder, linked both ways."""

from __future__ import annotations

import re

from conftest import good_post


def test_home_and_tag_pages_paginate(site):
    for day in range(1, 13):
        tags = "common, t4" if day % 2 else "common, t47"
        site.post(f"post-{day:02d}.md", good_post(f"Post number {day}", date=f"2026-11-{day:02d} 10:00", tags=tags))
    build = site.build()
    assert build.returncode == 0, build.log

    first, second = build.page("/"), build.page("/page/2/")
    titles = lambda html: re.findall(r'class="u-url" href="[^"]+">([^<]+)<', html)  # noqa: E731
    assert titles(first) == [f"Post number {day}" for day in range(12, 2, -1)]
    assert titles(second) == ["Post number 2", "Post number 1"]
    assert 'rel="next" href="./page/2/"' in first
    assert 'rel="prev" href="../../"' in second

    # /tags/common/ has 12 posts: page 2 lives inside the tag's folder.
    assert len(titles(build.page("/tags/common/page/2/"))) == 2
    # Tags "t4" and "t47" each keep their own pages: neither overwrites the other.
    assert "Tagged “t4”" in build.page("/tags/t4/")
    assert "Tagged “t47”" in build.page("/tags/t47/")
