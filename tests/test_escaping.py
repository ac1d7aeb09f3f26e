"""Titles are text: markup in them is shown, never run, on every page they appear on."""

from __future__ import annotations

HOSTILE = "<script>alert(1)</script>"


def test_a_script_title_is_escaped_everywhere(site):
    site.post(
        "hostile.md",
        f"Title: {HOSTILE}\nDate: 2026-11-20 10:00\nSlug: hostile\nTags: {HOSTILE}, safe\n"
        f"Category: {HOSTILE}\nSummary: A summary.\n\nBody.\n",
    )
    build = site.build()
    assert build.returncode == 0, build.log
    pages = sorted(build.output.rglob("*.html"))
    showing = [page for page in pages if "&lt;script&gt;alert(1)&lt;/script&gt;" in page.read_text()]
    expected = {"index.html", "archives/index.html", "posts/2026/hostile/index.html", "tags/safe/index.html"}
    assert expected <= {str(page.relative_to(build.output)) for page in showing}
    for page in pages:
        assert HOSTILE not in page.read_text(), f"unescaped in {page.relative_to(build.output)}"
