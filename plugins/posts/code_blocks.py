"""Fenced code blocks keep the characters they were written with: tabs, and lines of only spaces.

Python-Markdown's first preprocessor (`normalize_whitespace`, priority 30) expands every tab of the
text to spaces and empties every line of only spaces, before any extension sees the text: a Makefile
copied from a page would no longer work. Two preprocessors put fenced code back as it was written:

- `remember_lines` (priority 35, before `normalize_whitespace`) keeps the lines as written;
- `restore_fenced_code` (priority 28, after it and before `fenced_code_block` at 25) finds the
  fenced blocks exactly as `fenced_code_block` will (its own pattern and its own rule for a bad
  `{attrs}` line), and gives each line of their bodies back its written form. A line is given back
  only when normalising it gives the line that is there, so nothing outside code is ever touched.

Pygments keeps tabs unless a lexer is given `tabsize` (the codehilite settings do not set it), so the
HTML of a block, in pages and feeds, holds the tab itself.

Limit: code blocks made by indenting four spaces still have their tabs turned into spaces. Which
lines are such a block is only known once the blocks are parsed, from the normalised text; a
fenced block (```) keeps its tabs.

Only public Python-Markdown APIs: `Extension`, `Preprocessor`, the preprocessor registry with
priorities, the fenced-code pattern `FencedBlockPreprocessor.FENCED_BLOCK_RE` and
`attr_list.get_attrs_and_remainder`.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.preprocessors import Preprocessor
from markdown.util import ETX, STX

FENCED_BLOCK = FencedBlockPreprocessor.FENCED_BLOCK_RE


class WrittenLines:
    """The lines of the text being converted, as written; kept from one preprocessor to the next."""

    def __init__(self):
        self.lines: list[str] | None = None


class RememberLines(Preprocessor):
    """Keeps the lines as written, split as `normalize_whitespace` splits them (any line break)."""

    def __init__(self, md: Markdown, written: WrittenLines):
        super().__init__(md)
        self.written = written

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines).replace("\r\n", "\n").replace("\r", "\n")
        self.written.lines = text.split("\n")
        return lines


class RestoreFencedCode(Preprocessor):
    """Gives the lines inside fenced code blocks back their written tabs and spaces."""

    def __init__(self, md: Markdown, written: WrittenLines):
        super().__init__(md)
        self.written = written

    def run(self, lines: list[str]) -> list[str]:
        written, self.written.lines = self.written.lines, None
        if written is None or "fenced_code_block" not in self.md.preprocessors:
            return lines
        restored = list(lines)
        for first, last in fenced_bodies("\n".join(lines)):
            for number in range(first, min(last, len(written))):
                original = written[number].replace(STX, "").replace(ETX, "")
                if normalised(original, self.md.tab_length, number) == lines[number]:
                    restored[number] = original
        return restored


def fenced_bodies(text: str) -> list[tuple[int, int]]:
    """(first line, line after the last) of the body of each fenced code block of a normalised text,
    numbered from 0, found as Python-Markdown's `FencedBlockPreprocessor.run` finds them."""
    bodies = []
    index = 0
    while match := FENCED_BLOCK.search(text, index):
        if match.group("attrs"):
            _, remainder = get_attrs_and_remainder(match.group("attrs"))
            if remainder:  # not a fence: fenced_code goes on from after the braces
                index = match.end("attrs")
                continue
        first = text.count("\n", 0, match.start("code"))
        bodies.append((first, first + match.group("code").count("\n")))
        index = match.end()
    return bodies


def normalised(line: str, tab_length: int, number: int) -> str:
    """A written line as `normalize_whitespace` leaves it: tabs expanded, a line of only spaces
    emptied (except the first line of the text)."""
    expanded = line.expandtabs(tab_length)
    return "" if number > 0 and not expanded.strip(" ") else expanded


class CodeAsWritten(Extension):
    """`Markdown(extensions=[CodeAsWritten()])`: fenced code keeps its tabs and blank-looking lines."""

    def extendMarkdown(self, md: Markdown) -> None:
        written = WrittenLines()
        md.preprocessors.register(RememberLines(md, written), "remember_lines", 35)
        md.preprocessors.register(RestoreFencedCode(md, written), "restore_fenced_code", 28)
