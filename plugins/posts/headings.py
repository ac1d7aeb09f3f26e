"""A post's headings under the page's own heading 1.

The theme gives every post and page one heading 1, its title. Many authors start a Markdown file with
`# Title`, or use `#` for their sections: a second heading 1 would break the outline screen readers move
by. When a text has a heading 1, every heading of it goes one level down (h1 to h2 … h5 to h6; h6 stays).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

LEVELS = ("h1", "h2", "h3", "h4", "h5", "h6")


class DemoteHeadings(Treeprocessor):
    def run(self, root: Element) -> None:
        headings = [element for element in root.iter() if element.tag in LEVELS]
        if not any(element.tag == "h1" for element in headings):
            return
        for element in headings:
            element.tag = LEVELS[min(LEVELS.index(element.tag) + 1, len(LEVELS) - 1)]


class HeadingsUnderTheTitle(Extension):
    """Python-Markdown extension: DemoteHeadings, run on the element tree before it is written out."""

    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's name
        md.treeprocessors.register(DemoteHeadings(md), "headings_under_the_title", 1)
