"""What a list of posts shows of each post (filters.teaser and filters.opening): a short paragraph of text."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from learnlog_core.filters import Language, _teaser, teaser


def post(content: str, summary: str | None = None):
    metadata = {"summary": summary} if summary is not None else {}
    return SimpleNamespace(metadata=metadata, summary=summary or content, content=content)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<h2>What happened</h2><p>First. Second!</p><ul><li>x</li></ul><p>More.</p>", "<p>First. Second! More.</p>"),
        ("<h2>Only</h2><ul><li>a list</li></ul><pre><code>code</code></pre>", ""),
        ('<p><img alt="A map" src="m.png"></p><p>Text.</p>', "<p>Text.</p>"),
        ("<p>Tips &amp; <strong>tricks</strong> &lt;b&gt;</p>", "<p>Tips &amp; tricks &lt;b&gt;</p>"),
    ],
)
def test_a_teaser_is_the_opening_text_never_headings_lists_code_or_pictures(content, expected):
    assert _teaser(content) == expected


def test_a_teaser_ends_at_a_sentence_within_280_characters():
    text = _teaser("<p>" + "This sentence has some words in it. " * 20 + "</p>")
    assert text.endswith("in it.</p>") and len(text) - len("<p></p>") <= 280


def test_chinese_and_japanese_end_sentences_without_a_space_and_count_twice_as_wide():
    text = _teaser("<p>" + "学びは続く。" * 60 + "</p>")[3:-4]
    assert text.endswith("。") and 2 * len(text) <= 280
    long = _teaser("<p>" + "学" * 400 + "</p>")[3:-4]
    assert long.endswith("…") and 2 * (len(long) - 1) <= 280


def test_an_authors_summary_is_kept_as_written_unless_it_holds_blocks():
    own = post("<p>Body.</p>", summary='<p>My <em>own</em> <a href="#x">words</a>.</p>')
    assert str(teaser(own, "../posts/2026/a/")) == '<p>My <em>own</em> <a href="../posts/2026/a/#x">words</a>.</p>'
    headed = post("<p>Body.</p>", summary="<h2>Heading two summary</h2><p>Then text.</p>")
    assert str(teaser(headed, "")) == "<p>Then text.</p>"


def test_a_right_to_left_language_gets_its_direction():
    language = Language("en")
    assert str(language(SimpleNamespace(lang="ar"))) == ' lang="ar" dir="rtl"'
    assert str(language(SimpleNamespace(lang="he-IL"))) == ' lang="he-IL" dir="rtl"'
    assert str(language(SimpleNamespace(lang="fr"))) == ' lang="fr"'
    assert str(language(SimpleNamespace(lang="en"))) == ""
