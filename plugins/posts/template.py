"""The text `invoke new-post` starts a post with, and the build's warning when some of it is left in.

A placeholder left in place would be published as if the author had written it: the summary on the
home page and in feeds, the example lines in the post. The build warns about each, on its line, at
every build until it is replaced.
"""

from __future__ import annotations

import re

NEW_POST = """\
Title: {title}
Date: {date}
Tags: {tags}
Summary: One or two sentences that appear on the home page.

Start writing here. What did you learn, and what will you do with it?

## A heading

Markdown works: **bold**, *italic*, [a link](https://example.org), lists, and quotes starting with `>`.
"""
SUMMARY = "One or two sentences that appear on the home page."
# The template's example lines after its header that no post of the author's would hold word for word
# ("## A heading" might well be one of theirs).
BODY_LINES = tuple(
    line for line in NEW_POST.split("\n\n", 1)[1].splitlines() if line.strip() and not line.startswith("#")
)
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def placeholders_left(text: str) -> list[tuple[int, str]]:
    """(1-based line, warning) for the new-post template's placeholder summary in a post's header, and for
    the first of its example lines left in its body (outside fenced code, where a post may quote the
    template). text: the file's text, line endings made "\\n"."""
    found = []
    in_header, fence = True, ""
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if in_header:
            if not stripped:
                in_header = False
                continue
            name, colon, value = stripped.partition(":")
            if colon and name.lower() == "summary" and value.strip().strip("\"'") == SUMMARY:
                found.append(
                    (
                        number,
                        "the Summary is still the new-post template's example; write one or two sentences "
                        "of your own, or delete the line",
                    )
                )
            continue
        opening = FENCE.match(line)
        if fence:
            if (
                opening
                and opening[1][0] == fence[0]
                and len(opening[1]) >= len(fence)
                and not line[opening.end() :].strip()
            ):
                fence = ""
        elif opening:
            fence = opening[1]
        elif stripped in BODY_LINES and not line.startswith(("    ", "\t")):
            found.append((number, "this is still the new-post template's example text; replace it with your own"))
            break
    return found
