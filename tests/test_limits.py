"""Files far beyond any real post or note (nested thousands of levels, megabytes, pathological Markdown)
stop the build quickly with the file, the line, the limit and the fix: never a crash, never a hang."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLE, good_post
from learnlog_core import limits, strict_yaml

from learnlog.linknote import LinkError, add_link

DEEP = 50_000
DEPTH_MESSAGE = "this list or mapping is nested 51 levels deep; Learnlog allows at most 50"
LINK = "- url: https://example.org/a\n  title: A\n  date: 2026-11-25 09:00\n"


def assert_refused(build, *expected: str) -> None:
    assert build.returncode == 1, build.log
    assert "Traceback" not in build.log and "Segmentation" not in build.log, build.log
    assert "RecursionError" not in build.log and "resource limit" not in build.log.lower(), build.log
    for text in expected:
        assert text in build.log, f"{text!r} not in:\n{build.log}"


def timed_build(site, seconds: float = 30):
    """The site built, within `seconds` on the clock (without the limits, minutes)."""
    started = time.monotonic()
    build = site.build()
    assert time.monotonic() - started < seconds, build.log
    return build


# YAML: link notes, the blogroll and posts' front matter


@pytest.mark.parametrize(
    "loader", [yaml.SafeLoader, *([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])], ids=lambda x: x.__name__
)
@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[" * DEEP + "]" * DEEP, 1),
        ("{a: " * DEEP + "1" + "}" * DEEP, 1),
        ("[" * DEEP, 1),  # never closed
        ("- " * DEEP + "x\n", 1),  # block sequences, one inside the other
        ("".join("  " * level + "a:\n" for level in range(60)) + "  " * 60 + "b\n", 51),  # indented mappings
        ("links:\n  - " + "[{b: " * DEEP, 2),
    ],
    ids=["flow-lists", "flow-mappings", "unclosed", "block-lists", "block-mappings", "mixed"],
)
def test_deep_yaml_is_refused_at_the_first_level_too_deep(monkeypatch, loader, text, line):
    monkeypatch.setattr(strict_yaml, "Loader", loader)
    started = time.monotonic()
    node, problems = strict_yaml.compose(text)
    assert node is None and problems == [strict_yaml.YamlProblem(line, problems[0].message)]
    assert problems[0].message.startswith(DEPTH_MESSAGE)
    assert time.monotonic() - started < 2


def test_yaml_fifty_levels_deep_is_accepted():
    node, problems = strict_yaml.compose("[" * 50 + "]" * 50)
    assert node is not None and problems == []


def test_deep_yaml_in_every_kind_of_file_stops_the_build(site):
    site.post("2026-11-20-a.md", good_post())
    site.links("2026-W48.yaml", LINK + "  tags: " + "[" * DEEP + "]" * DEEP + "\n")
    site.links("mappings.yaml", "{a: " * DEEP + "1" + "}" * DEEP)
    site.links("blocks.yml", "- " * DEEP + "x\n")
    site.blogroll("- id: jane\n  name: Jane\n  site: https://example.org\n  note: " + "{a: " * DEEP + "}" * DEEP)
    site.post(
        "2026-11-21-front.md", "---\ntitle: Front\ndate: 2026-11-21\nextra: " + "{a: " * DEEP + "}" * DEEP + "\n---\n"
    )
    assert_refused(
        timed_build(site),
        f"content/links/2026-W48.yaml:4: {DEPTH_MESSAGE} (a link note needs 3 or 4): remove the extra '[', '{{' or '-'",
        f"content/links/mappings.yaml:1: {DEPTH_MESSAGE}",
        f"content/links/blocks.yml:1: {DEPTH_MESSAGE}",
        f"content/blogroll.yaml:4: {DEPTH_MESSAGE}",
        f"content/posts/2026-11-21-front.md:4: {DEPTH_MESSAGE}",
    )


def test_invoke_link_refuses_a_deep_week_file_and_skips_a_deep_older_one(site):
    site.links("2026-W40.yaml", "- " * DEEP + "x\n")  # another week: no address to find there, and no crash
    week = site.links("2026-W48.yaml", "[" * DEEP + "]" * DEEP + "\n")
    before = week.read_bytes()
    with pytest.raises(LinkError, match=r"content/links/2026-W48.yaml already has problems; fix them first: line 1: "):
        add_link(site.content, "https://example.org/new", "New", when="2026-11-25 09:30", timezone="Europe/London")
    assert week.read_bytes() == before
    added = add_link(site.content, "https://example.org/new", "New", when="2026-12-01 09:30", timezone="Europe/London")
    assert added.path.name == "2026-W49.yaml"


# Posts and pages: bytes


def test_a_ten_megabyte_post_is_refused_before_it_is_read(site):
    site.post("2026-11-20-a.md", good_post())
    paragraph = b"Some text about learning with a [link](https://example.org/x) and *emphasis*.\n\n"
    site.post("2026-11-21-huge.md", good_post(title="Huge").encode() + paragraph * (10_485_760 // len(paragraph)))
    site.page("huge.md", b"Title: Huge page\n\n" + b"x" * 1_000_001)
    build = timed_build(site)
    size = (site.content / "posts" / "2026-11-21-huge.md").stat().st_size
    assert_refused(
        build,
        f"content/posts/2026-11-21-huge.md: the file is {size:,} bytes, over the limit of 1,000,000 "
        "(MARKDOWN_MAX_FILE_BYTES); split it into several",
        "content/pages/huge.md: the file is 1,000,019 bytes, over the limit of 1,000,000",
    )


def test_the_byte_limit_is_a_setting(tmp_path):
    from conftest import Site

    site = Site(tmp_path, "MARKDOWN_MAX_FILE_BYTES = 50\n")
    site.post("2026-11-20-a.md", good_post())
    size = len(good_post().encode())
    assert_refused(
        site.build(),
        f"content/posts/2026-11-20-a.md: the file is {size} bytes, over the limit of 50 (MARKDOWN_MAX_FILE_BYTES)",
    )


# Posts and pages: shapes that make Python-Markdown recurse or take minutes

PATHOLOGICAL = {
    "brackets.md": ("[" * DEEP, 7, "50,000 '[' in this file are never closed with ']' in their paragraph"),
    "images.md": ("![" * DEEP, 7, "50,000 '[' in this file are never closed"),
    "links.md": ("[a](" * DEEP, 7, "50,000 links in this file open their address with '(' and never close it"),
    "one-per-line.md": ("[\n" * DEEP, 7, "50,000 '[' in this file are never closed"),
    "nested-brackets.md": ("[" * DEEP + "x" + "]" * DEEP, 7, "this line has brackets 50000 deep"),
    "tags.md": ("<a " * DEEP, 7, "50,000 '<' in this file start an HTML tag that is never closed with '>'"),
    "autolinks.md": ("<http://\n\n" * DEEP, 7, "50,000 '<' in this file start an HTML tag"),
    "quotes.md": (">" * DEEP + " x", 7, "this line puts lists or quotes 50000 levels inside each other"),
    "quote-lines.md": ("".join(">" * n + " x\n" for n in range(1, 40)), 39, "this line puts lists or quotes 33 levels"),
    "lists.md": ("- " * DEEP + "x", 7, "this line puts lists or quotes 50000 levels"),
    "indented-lists.md": (
        "".join("    " * n + "- x\n" for n in range(40)),
        39,
        "this line puts lists or quotes 33 levels",
    ),
    "stars.md": ("*" * DEEP + "x" + "*" * DEEP, 7, "this line has 50,000 '*' in a row; Learnlog allows at most 200"),
    "definitions.md": ("Term\n" + ": a definition\n" * 600, 8, "this definition list has 600 definitions"),
    "fences.md": ("```\n" * DEEP, 2007, "the file has 50,000 code fence lines"),
    "headings.md": ("# h\n" * 20_000, 15_005, "the file has more than 15,000 paragraphs, headings, list items"),
    "items.md": ("- x\n" * 20_000, 15_005, "the file has more than 15,000 paragraphs, headings, list items"),
}


def test_pathological_markdown_is_refused_before_converting(site):
    for name, (body, _, _) in PATHOLOGICAL.items():
        site.post(name, good_post(title=name) + body)
    site.post("2026-11-20-fine.md", good_post())
    assert_refused(
        timed_build(site),
        *(f"content/posts/{name}:{line}: {message}" for name, (_, line, message) in PATHOLOGICAL.items()),
    )


def test_pathological_posts_are_not_converted_ahead_on_every_core(site):
    """With 40 texts or more to convert, they are converted ahead in worker processes: refused files are left
    out, and reported by the reader."""
    for number in range(45):
        site.post(
            f"2026-11-{number % 28 + 1:02d}-post-{number}.md",
            good_post(title=f"Post {number}") + f"Post number {number}.\n",
        )
    site.post("brackets.md", good_post(title="Brackets") + "[a](" * DEEP)
    site.post("lists.md", good_post(title="Lists") + "- " * DEEP + "x")
    assert_refused(
        timed_build(site),
        "content/posts/brackets.md:7: 50,000 links in this file open their address",
        "content/posts/lists.md:7: this line puts lists or quotes 50000 levels",
    )


def test_real_markdown_is_within_every_limit():
    ordinary = (
        "Title: Ordinary\n\n"
        "- [ ] a task, [x](https://example.org) a [linked ![image](a.png)](https://example.org)\n"
        "    - nested\n        - deeper\n            1. and deeper\n\n"
        "> > a quote in a quote, with an interval [0, 1) and (a note\n\n"
        "- - -\n\n* * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * *\n\n"
        "Name: " + "_" * 80 + "\n\n"
        "```c\nfor (i = 0; i<n; i++) { a[i = b[i; }\n" + "[" * 500 + "\n```\n\n"
        "Term\n: its definition\n"
    )
    posts = [path.read_text(encoding="utf-8") for path in (SAMPLE / "content").rglob("*.md")]
    for text in [ordinary, *posts]:
        assert limits.markdown_problem(text) is None, text


def test_the_limits_are_quick_on_a_megabyte():
    text = "Some text with a [link](https://example.org/) and <b>bold</b> and `code[i]`.\n\n" * 13_000
    started = time.process_time()
    assert limits.markdown_problem(text) is None
    assert limits.markdown_problem("[" * 1_000_000) is not None
    assert time.process_time() - started < 2


# The backstops: time, stack and the HTML's size

SLOW = "|a" * 40_000 + "\n" + "|-" * 40_000 + "\n"  # within every limit above; Python-Markdown takes minutes


def test_a_post_that_takes_too_long_to_convert_is_refused_and_not_cached(tmp_path):
    from conftest import Site

    site = Site(tmp_path, "MARKDOWN_MAX_SECONDS = 1\n")
    site.post("2026-11-20-fine.md", good_post())
    site.post("2026-11-21-slow.md", good_post(title="Slow") + "\n" + SLOW)
    message = (
        "content/posts/2026-11-21-slow.md: converting its Markdown took more than 1 seconds (MARKDOWN_MAX_SECONDS)"
    )
    assert_refused(timed_build(site), message)
    assert_refused(timed_build(site), message)  # refused again: the cache kept no result
    site.post("2026-11-21-slow.md", good_post(title="Slow"))
    assert site.build().returncode == 0


def test_the_time_limit_holds_in_worker_processes(tmp_path):
    from conftest import Site

    site = Site(tmp_path, "MARKDOWN_MAX_SECONDS = 1\n")
    for number in range(45):
        site.post(
            f"2026-11-{number % 28 + 1:02d}-post-{number}.md",
            good_post(title=f"Post {number}") + f"Post number {number}.\n",
        )
    site.post("2026-11-21-slow.md", good_post(title="Slow") + "\n" + SLOW)
    assert_refused(
        timed_build(site),
        "content/posts/2026-11-21-slow.md: converting its Markdown took more than 1 seconds",
    )


def test_markdown_too_deep_for_the_stack_is_refused(site):
    site.post("2026-11-21-emphasis.md", good_post(title="Emphasis") + "*a " * 3000 + "b" + " a*" * 3000)
    assert_refused(
        timed_build(site),
        "content/posts/2026-11-21-emphasis.md: converting its Markdown ran out of stack: something in it is nested",
    )


def test_html_too_large_for_the_feeds_is_refused(site):
    code = "```python\n" + "a+b-c*d/e%f&g|h^i~j<k>l!m\n" * 10_000 + "```\n"  # 260 kB of code, 6 MB highlighted
    site.post("2026-11-21-code.md", good_post(title="Code") + code)
    assert_refused(
        timed_build(site),
        "content/posts/2026-11-21-code.md: the HTML made from this file is",
        "over Learnlog's limit of 5,000,000 (feeds carry each post whole)",
    )


def test_time_limit_stops_a_busy_loop_and_restores_the_previous_handler():
    previous = signal.getsignal(signal.SIGVTALRM)
    started = time.process_time()
    with pytest.raises(limits.TooSlow), limits.time_limit(0.2):
        while True:
            pass
    assert time.process_time() - started < 1
    assert signal.getsignal(signal.SIGVTALRM) == previous
    assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)
    with limits.time_limit(5):
        assert sum(range(1000)) == 499500


def test_texts_of_leaves_refused_files_to_the_reader(tmp_path):
    from posts.markdown import texts_of

    fine, big, deep = tmp_path / "fine.md", tmp_path / "big.md", tmp_path / "deep.md"
    fine.write_text(good_post(), encoding="utf-8")
    big.write_text(good_post() + "x" * 1_000_000, encoding="utf-8")
    deep.write_text(good_post() + "[" * DEEP, encoding="utf-8")
    assert texts_of(str(fine)) == ["Some **text**.\n", "A short summary."]
    assert texts_of(str(big)) == [] and texts_of(str(deep)) == []
    assert texts_of(str(Path(tmp_path / "missing.md"))) == []
