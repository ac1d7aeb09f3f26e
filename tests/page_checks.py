"""Checks of built HTML pages, shared by tests: ids that a page repeats.

A fragment link (`#fn:1`, the skip link's `#main`) leads to the first element with that id: when an
id is on a page twice, some link on that page goes to the wrong place.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import lxml.html


def duplicate_ids(html: str) -> list[str]:
    """The ids that are on more than one element of an HTML page, sorted; [] when every id is unique.

    html: a whole page or a fragment, as text. Parsed with lxml, as a browser would read the page.
    """
    if not html.strip():
        return []
    document = lxml.html.document_fromstring(html)
    counts = Counter(document.xpath("//@id"))
    return sorted(value for value, count in counts.items() if count > 1)


def pages_with_duplicate_ids(output: Path) -> dict[str, list[str]]:
    """{page: its repeated ids} for every .html file under a built site's output folder.

    output: the folder a build wrote. Pages are named by their path in it ("posts/2026/x/index.html").
    Pages with no repeated id are left out, so a site with none gives {}.
    """
    found = {}
    for path in sorted(output.rglob("*.html")):
        repeated = duplicate_ids(path.read_text(encoding="utf-8"))
        if repeated:
            found[path.relative_to(output).as_posix()] = repeated
    return found
