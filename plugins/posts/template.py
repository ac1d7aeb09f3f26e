"""The text `invoke new-post` starts a post with, and the build's warning when some of it is left in.

A placeholder left in place would be published as if the author had written it: the summary on the
home page and in feeds, the example lines in the post. The build warns about each, on its line, at
every build until it is replaced.
"""

from __future__ import annotations

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
# The template's lines after its header, as written.
BODY_LINES = tuple(line for line in NEW_POST.split("\n\n", 1)[1].splitlines() if line.strip())


def placeholders_left(text: str) -> list[tuple[int, str]]:
    """(1-based line, warning) for the new-post template's placeholder summary, and for the first of its
    example lines, left in a post's text. text: the file's text, line endings made "\\n"."""
    found = []
    body_seen = False
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        name, colon, value = stripped.partition(":")
        if colon and name.lower() == "summary" and value.strip().strip("\"'") == SUMMARY:
            found.append(
                (
                    number,
                    "the Summary is still the new-post template's example; write one or two sentences "
                    "of your own, or delete the line",
                )
            )
        elif stripped in BODY_LINES and not body_seen:
            body_seen = True
            found.append((number, "this is still the new-post template's example text; replace it with your own"))
    return found
