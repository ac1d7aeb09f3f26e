"""The posts reader's Markdown set-up (one shared code formatter, through codehilite's documented
`pygments_formatter` option) gives exactly the HTML that Python-Markdown gives with the same extensions
and settings, made whole (posts/fragment.py), and the cache of converted texts gives exactly what
converting again gives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE
from markdown import Markdown

sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))
from learnlog_core.build import Build
from learnlog_core.cache import text_key
from learnlog_core.layout import LAYOUT
from posts.fragment import whole
from posts.header import split
from posts.headings import HeadingsUnderTheTitle
from posts.markdown import MarkdownCache, SharedHtmlFormatters, markdown_converter

from benchmarks.corpus import write_corpus

# As Pelican's reader sets it up: every configured extension is loaded.
SETTINGS = {"MARKDOWN": {**LAYOUT["MARKDOWN"], "extensions": list(LAYOUT["MARKDOWN"]["extension_configs"])}}

TRICKY = [
    "Plain prose with nothing special in it at all",
    "It's \"quoted\" -- and --- dashed... with <<angles>> and 'single' quotes",
    "*em* _em_ **strong** __strong__ ***both*** a * b and a_b_c and 2*3*4",
    'A [link](https://example.org "title") and ![image](a.png) and [ref][r] and <https://example.org>\n\n'
    "[r]: https://example.org/ref",
    "Mail <someone@example.org> and &amp; &copy; &#169; & AT&T and <b>bold</b> <!-- a comment -->",
    "A line that ends with two spaces  \nand goes on.\\\nEscaped \\*stars\\* and \\`ticks\\`.",
    "`code with *stars*` and ``double `tick` code`` and a lone ` tick",
    "Footnote[^1] and an abbreviation HTML.\n\n[^1]: The note, *with* emphasis.\n\n*[HTML]: Hyper Text",
    "| a | b |\n|---|---|\n| *x* | `y` |\n\nTerm\n:   Definition with 'quotes'",
    "# Heading with *em* {#custom-id}\n\nText {: .klass }\n\n```python\nprint('hi')  # *not em*\n```",
    "> A quote with a [link](https://example.org) and -- a dash\n>\n> - item *one*\n> - item 'two'",
    "1. first\n2. second with `code`\n\n    indented code *here*\n\nLast paragraph...",
    '<div markdown="1">Inside *a* div</div>\n\n<span>inline *not*</span> after',
]


def _vanilla() -> Markdown:
    """Python-Markdown with the site's extensions, and the headings moved under the page's title (as the
    reader does: posts/headings.py)."""
    md = Markdown(**SETTINGS["MARKDOWN"])
    md.preprocessors.deregister("meta")  # the reader splits the header off itself
    HeadingsUnderTheTitle().extendMarkdown(md)
    return md


def _samples(tmp_path: Path) -> list[str]:
    write_corpus(tmp_path / "corpus", links=20, posts_count=30, people=2)
    files = sorted((tmp_path / "corpus" / "content" / "posts").glob("*.md"))
    files += sorted((SAMPLE / "content").rglob("*.md"))
    return TRICKY + [split(path.read_text(encoding="utf-8")).body for path in files]


def test_the_shared_formatter_is_in_use():
    md = markdown_converter(SETTINGS)
    codehilite = md.treeprocessors["hilite"]
    assert isinstance(codehilite.config["pygments_formatter"], SharedHtmlFormatters)


def test_the_cached_conversion_is_the_conversion(tmp_path):
    """A text converted into the cache, read back by a later build, is what converting it gives."""
    samples = TRICKY[:5]
    settings = {**SETTINGS, "CACHE_PATH": str(tmp_path / "cache")}
    first = Build(processes=1)
    first_cache = MarkdownCache(settings, first)
    converted = [first_cache.convert(text)[0] for text in samples]
    first.save_caches()
    later = Build(processes=1)
    later_cache = MarkdownCache(settings, later)
    assert all(text_key(text) in later_cache.cache for text in samples)  # read from the file, not converted
    assert [later_cache.convert(text)[0] for text in samples] == converted
    vanilla = _vanilla()
    for text, html in zip(samples, converted, strict=True):
        vanilla.reset()
        assert html == whole(vanilla.convert(text))


def test_the_fast_converter_gives_the_same_html_as_python_markdown(tmp_path):
    fast, vanilla = markdown_converter(SETTINGS), _vanilla()
    for text in _samples(tmp_path):
        fast.reset()
        vanilla.reset()
        assert fast.convert(text) == whole(vanilla.convert(text)), text[:80]


@pytest.mark.parametrize("text", TRICKY)
def test_each_tricky_case_converts_the_same_twice_in_a_row(text):
    """The shared code formatter and the converter keep no state from one file to the next."""
    fast, vanilla = markdown_converter(SETTINGS), _vanilla()
    first = fast.convert(text)
    fast.reset()
    assert fast.convert(text) == first == whole(vanilla.convert(text))


def test_a_post_that_uses_heading_1_keeps_one_heading_1_on_its_page(site):
    """'# Title' at the top of a Markdown file, as many authors write: its headings move one level down."""
    from conftest import good_post

    site.post("a.md", good_post() + "\n# My title again\n\n## A part\n\nText.\n")
    site.post("b.md", good_post(title="B") + "\n## A part\n\nText.\n")
    build = site.build()
    assert build.returncode == 0, build.log
    a = build.page("/posts/2026/a-good-post/")
    assert a.count("<h1") == 1 and '<h2 id="my-title-again">' in a and '<h3 id="a-part">' in a
    assert '<h2 id="a-part">' in build.page("/posts/2026/b/")  # no heading 1: left as written
