"""Python-Markdown's tables, without their cost on long blocks.

The tables extension asks of every block whether it starts a table, and to answer it splits the whole
block into lines. A block of thousands of lines with no blank line between them (headings, list items)
is asked once per line it loses, so converting it takes time growing with the square of its length:
40,000 heading lines took 30 seconds. A table's first two lines (its header and its separator row)
both hold a `|` (markdown/extensions/tables.py, `TableProcessor.test`), so a block whose first two
lines do not is no table, and is answered without splitting it. Every answer is the one the extension
gives.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor


class QuickTableProcessor(TableProcessor):
    """TableProcessor, with a test that looks at two lines before it splits the block."""

    def test(self, parent, block: str) -> bool:
        first = block.split("\n", 2)
        if len(first) < 2 or "|" not in first[0] or "|" not in first[1]:
            return False
        return super().test(parent, block)


class QuickTables(Extension):
    """`Markdown(extensions=["tables", QuickTables()])`: the tables extension's processor, answering faster.
    Does nothing when the tables extension is not loaded."""

    def extendMarkdown(self, md: Markdown) -> None:
        if "table" in md.parser.blockprocessors:
            config = md.parser.blockprocessors["table"].config
            md.parser.blockprocessors.register(QuickTableProcessor(md.parser, config), "table", 75)
