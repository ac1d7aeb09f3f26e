"""Limits on the size and shape of what a build reads, set far beyond anything a real post or note needs.

Some shapes of input make the libraries we stand on fail or take minutes: YAML nested thousands of
levels deep recurses in PyYAML until Python raises RecursionError (or, with the C loader, until the
process dies of a segmentation fault); Python-Markdown reads the rest of a paragraph again for every
'[' that is never closed, and recurses once per level of lists inside lists. A file beyond a limit is
refused before it is parsed, reported with its line and the limit, and the author told what to change.
Converting Markdown is also given a time limit, for shapes nobody has found yet.

Each check is linear in the text, so a refused file costs little more than a file that passes.
"""

from __future__ import annotations

import bisect
import contextlib
import re
import signal
import threading
from collections.abc import Iterator

from . import characters

# Settings (pelicanconf.py), with their defaults.
DEFAULTS = {
    # A post or page larger than this is refused (a long post is 50 kilobytes).
    "MARKDOWN_MAX_FILE_BYTES": 1_000_000,
    # Processor seconds converting one post's Markdown may take (a 1 MB post takes about 13).
    "MARKDOWN_MAX_SECONDS": 30,
}
# Collections inside collections in a YAML file (a link note needs 3 or 4).
YAML_MAX_DEPTH = 50
# Lists and quotes inside each other on one line of Markdown (a real post needs 3 or 4).
MARKDOWN_MAX_NESTING = 32
# '[' never closed with ']' in their paragraph, and '](' never closed with ')', in one file.
MARKDOWN_MAX_UNCLOSED = 100
# '[' inside '[' (a linked image needs 2).
MARKDOWN_MAX_BRACKET_DEPTH = 20
# '<' and a letter with no '>' anywhere after them, in one file.
MARKDOWN_MAX_UNCLOSED_TAGS = 100
# '*' or '_' in a row, within a line of text.
MARKDOWN_MAX_MARK_RUN = 200
# Definitions in one definition list with no blank line between them: Python-Markdown recurses once per term.
MARKDOWN_MAX_TIGHT_DEFINITIONS = 200
# Definitions in one file: Python-Markdown's time grows with the square of their number.
MARKDOWN_MAX_DEFINITIONS = 2_000
# Fence lines (``` or ~~~) in one file: each code block makes Python-Markdown copy the whole text.
MARKDOWN_MAX_FENCES = 2_000
# Paragraphs, headings, list items and quotes in one file: Python-Markdown's time grows with the square of
# their number (10,000 take 1.6 seconds, 20,000 take 6, 40,000 take 25). A long post has a few hundred.
MARKDOWN_MAX_BLOCKS = 15_000
# The HTML made from one file: feeds carry it whole, and XML parsers stop at 10 MB of text.
MARKDOWN_MAX_HTML_BYTES = 5_000_000
# Tags on one post, page or link: each tag's page lists the item with all its tags, so the site grows with
# the square of this number (2,000 tags make 2,000 pages of 2,000 tags each). A real post has a handful.
MAX_TAGS = 50


class Refused(Exception):
    """A file refused for going beyond a limit: `line` (1-based, 0 for the whole file) and `message`
    (what is wrong and how to fix it, in plain words), already reported to the build."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


class TooSlow(BaseException):
    """Raised inside `time_limit` when the time is up. Not an Exception, so that no `except Exception`
    in a library swallows it (and should one catch it anyway, it comes again a quarter second later)."""


def setting(settings: dict, name: str) -> int | float:
    """The value of one of the limits in DEFAULTS: pelicanconf.py's if it sets it, else the default."""
    return settings.get(name, DEFAULTS[name])


def too_big(size: int, max_bytes: int, setting_name: str, fix: str) -> str:
    """The message for a file of `size` bytes over `max_bytes` (the value of `setting_name`); `fix` says what to do."""
    return f"the file is {size:,} bytes, over the limit of {max_bytes:,} ({setting_name}); {fix}"


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TooSlow inside the `with` block once it has used `seconds` of processor time.

    Processor time, not time on the clock: a busy machine running other builds does not make a file
    fail. The limit needs Unix interval timers and the main thread (where Pelican reads content,
    forked workers included); elsewhere, or with `seconds` <= 0, the block runs without one.
    """
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TooSlow(f"more than {seconds} seconds")

    previous = signal.signal(signal.SIGVTALRM, expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds, 0.25)
    try:
        yield
    finally:
        while True:  # a signal that comes while the timer is stopped must not leave it running
            try:
                signal.setitimer(signal.ITIMER_VIRTUAL, 0)
                signal.signal(signal.SIGVTALRM, previous)
                break
            except TooSlow:
                continue


# Markdown. Lines are counted as in the file, 1-based.

# Python-Markdown's fenced code: a fence at the start of a line, an optional language or {attributes},
# closed by the same fence on a line of its own. Its text is code, not Markdown, and not checked.
FENCE_OPEN = re.compile(r"(?P<fence>`{3,}|~{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=(\"|').*?\2[ ]*)?)$")
# Patterns for `_lines_starting` begin with the line break before the line.
FENCE_LINE = re.compile(r"\n(?:```|~~~)")
# A list item's marker or a quote's '>' at the start of a line; several in a row nest.
CONTAINER = re.compile(r"[ ]*(?:>|(?:[*+-]|\d{1,9}[.)])(?=[ ]|$))[ ]?")
# Every level of nesting takes at least one of these characters at the start of the line.
DEEP_START = re.compile(rf"\n[ \t>*+\-.)0-9]{{{MARKDOWN_MAX_NESTING + 1},}}")
THEMATIC_BREAK = re.compile(r" {0,3}(?:(?:\*[ ]*){3,}|(?:-[ ]*){3,}|(?:_[ ]*){3,})$")
BRACKET = re.compile(r"\\.|\]\(|[\[\]()]")
SQUARE = re.compile(r"\\.|[\[\]]")
TAG_OPEN = re.compile(r"<[A-Za-z]")
DEFINITION = re.compile(r"\n {0,3}:[ ]")
MARK_RUN = re.compile(rf"\*{{{MARKDOWN_MAX_MARK_RUN + 1},}}|_{{{MARKDOWN_MAX_MARK_RUN + 1},}}")


def markdown_problem(text: str) -> tuple[int, str] | None:
    """The first limit a Markdown file goes beyond, as (line, message), or None when it is within all of them.

    text: the whole file as read (header included), so lines are the file's. Fenced code is skipped:
    Python-Markdown does not read it as Markdown. Each check first counts characters, and looks
    closer only at a text that could go beyond its limit.
    """
    text = characters.unix_lines(text)
    lines = text.split("\n")
    fences = _lines_starting(FENCE_LINE, text) if "```" in text or "~~~" in text else []
    if len(fences) > MARKDOWN_MAX_FENCES:
        return fences[MARKDOWN_MAX_FENCES] + 1, (
            f"the file has {len(fences):,} code fence lines (``` or ~~~); Learnlog allows at most "
            f"{MARKDOWN_MAX_FENCES:,}, far more than any post needs: split the post, or put the code in files "
            "of their own"
        )
    if fences:
        lines = _without_fenced_code(lines, fences)
        text = "\n".join(lines)
    for check in (_nesting, _marks, _definitions, _brackets, _unclosed_tags, _blocks):
        problem = check(text, lines)
        if problem:
            return problem
    return None


def html_problem(html: str) -> str | None:
    """What to do when the HTML made from a file is over MARKDOWN_MAX_HTML_BYTES (UTF-8), or None."""
    if len(html) <= MARKDOWN_MAX_HTML_BYTES // 4:  # four bytes a character at most: no need to encode
        return None
    size = len(html.encode("utf-8"))
    if size <= MARKDOWN_MAX_HTML_BYTES:
        return None
    return (
        f"the HTML made from this file is {size:,} bytes, over Learnlog's limit of {MARKDOWN_MAX_HTML_BYTES:,} "
        "(feeds carry each post whole); split it into several posts, or shorten its code blocks "
        "(highlighted code grows up to twenty times)"
    )


def _line_numbers(text: str, matches: Iterator[re.Match]) -> list[int]:
    """The 0-based line of each match, in order."""
    numbers, line, position = [], 0, 0
    for match in matches:
        line += text.count("\n", position, match.start())
        position = match.start()
        numbers.append(line)
    return numbers


def _lines_starting(pattern: re.Pattern, text: str) -> list[int]:
    """The 0-based numbers of the lines `pattern` matches at the start of. The pattern begins with a line
    break, put before the first line here: found much faster than one beginning with "^" and MULTILINE."""
    return _line_numbers("\n" + text, pattern.finditer("\n" + text))


def _without_fenced_code(lines: list[str], fences: list[int]) -> list[str]:
    """The lines with those of fenced code blocks made empty, so line numbers stay; `fences` are the
    numbers of the lines that start like a fence."""
    closing: dict[str, list[int]] = {}
    for number in fences:
        closing.setdefault(lines[number].rstrip(" "), []).append(number)
    prose = list(lines)
    skip_to = -1
    for number in fences:
        if number <= skip_to:
            continue
        opening = FENCE_OPEN.match(lines[number])
        if opening is None:
            continue
        candidates = closing.get(opening["fence"], [])
        after = bisect.bisect_right(candidates, number)
        if after < len(candidates):
            skip_to = candidates[after]
            prose[number : skip_to + 1] = [""] * (skip_to + 1 - number)
    return prose


# A line that starts a block of its own even right after another line: a heading, a list item, a quote.
BLOCK_START = re.compile(r"[ ]{0,3}(?:#|>|(?:[*+-]|\d{1,9}[.)])(?:[ ]|$))")


def _blocks(text: str, lines: list[str]) -> tuple[int, str] | None:
    if text.count("\n") < MARKDOWN_MAX_BLOCKS:  # every block needs a line of its own
        return None
    count, after_blank = 0, True
    for number, line in enumerate(lines):
        if not line.strip():
            after_blank = True
            continue
        if after_blank or BLOCK_START.match(line):
            count += 1
            if count > MARKDOWN_MAX_BLOCKS:
                return number + 1, (
                    f"the file has more than {MARKDOWN_MAX_BLOCKS:,} paragraphs, headings, list items and quotes "
                    "(this line starts one more), far more than any post needs (a long post has a few hundred); "
                    "each one makes converting the others slower: split it into several posts"
                )
        after_blank = False
    return None


def _nesting(text: str, lines: list[str]) -> tuple[int, str] | None:
    for number in _lines_starting(DEEP_START, text):
        line = lines[number].expandtabs(4)  # as Python-Markdown does
        if THEMATIC_BREAK.match(line):
            continue
        level, position = 0, 0
        while marker := CONTAINER.match(line, position):
            level, position = level + 1, marker.end()
        if level:
            level += (len(line) - len(line.lstrip(" "))) // 4  # an indented item is inside the one above
        if level > MARKDOWN_MAX_NESTING:
            return number + 1, (
                f"this line puts lists or quotes {level} levels inside each other; Learnlog allows at most "
                f"{MARKDOWN_MAX_NESTING}, far more than any post needs: remove the extra '>', '-' or "
                "indentation at the start of the line"
            )
    return None


def _marks(text: str, lines: list[str]) -> tuple[int, str] | None:
    if "*" * (MARKDOWN_MAX_MARK_RUN + 1) not in text and "_" * (MARKDOWN_MAX_MARK_RUN + 1) not in text:
        return None
    for number in _line_numbers(text, MARK_RUN.finditer(text)):
        line = lines[number]
        if THEMATIC_BREAK.match(line.expandtabs(4)):
            continue
        found = MARK_RUN.search(line)
        return number + 1, (
            f"this line has {len(found[0]):,} '{found[0][0]}' in a row; Learnlog allows at most "
            f"{MARKDOWN_MAX_MARK_RUN} (Python-Markdown reads each as emphasis, and runs out of stack): "
            f"remove them, or put them in `code`"
        )
    return None


def _paragraphs(lines: list[str]) -> Iterator[list[tuple[int, str]]]:
    """Runs of lines with no blank line between them, each line with its 0-based number."""
    paragraph: list[tuple[int, str]] = []
    for number, line in enumerate(lines):
        if line.strip():
            paragraph.append((number, line))
        elif paragraph:
            yield paragraph
            paragraph = []
    if paragraph:
        yield paragraph


def _definitions(text: str, lines: list[str]) -> tuple[int, str] | None:
    if text.count(": ") <= MARKDOWN_MAX_TIGHT_DEFINITIONS:  # each definition starts with one
        return None
    every = _lines_starting(DEFINITION, text)
    first_line: dict[int, int] = {}  # each line's paragraph, by its first line
    for paragraph in _paragraphs(lines):
        for number, _ in paragraph:
            first_line[number] = paragraph[0][0]
    in_paragraph: dict[int, list[int]] = {}
    for number in every:
        in_paragraph.setdefault(first_line[number], []).append(number)
    for definitions in in_paragraph.values():
        if len(definitions) > MARKDOWN_MAX_TIGHT_DEFINITIONS:
            return definitions[0] + 1, (
                f"this definition list has {len(definitions):,} definitions with no blank line between them; "
                f"Learnlog allows at most {MARKDOWN_MAX_TIGHT_DEFINITIONS} that way (Python-Markdown runs out of "
                "stack): put a blank line before each term"
            )
    if len(every) > MARKDOWN_MAX_DEFINITIONS:
        return every[MARKDOWN_MAX_DEFINITIONS] + 1, (
            f"the file has {len(every):,} definitions (lines starting with ': '); Learnlog allows at most "
            f"{MARKDOWN_MAX_DEFINITIONS:,}, far more than any post needs: split the post"
        )
    return None


def _brackets(text: str, lines: list[str]) -> tuple[int, str] | None:
    """'[' never closed in its paragraph, and '](' never closed with ')', counted over the file; and
    '[' inside '[' too deep. Parentheses are followed only in a file with more '](' than allowed unclosed."""
    if text.count("[") <= MARKDOWN_MAX_BRACKET_DEPTH:  # neither too many nor too deep
        return None
    tokens = BRACKET if text.count("](") > MARKDOWN_MAX_UNCLOSED else SQUARE
    unclosed: list[int] = []  # the line of each '[' never closed in its paragraph
    unclosed_links: list[int] = []  # the line of each '](' never closed with ')'
    too_deep: tuple[int, int] | None = None  # (line, depth) of the first pair of brackets nested too deep
    for paragraph in _paragraphs(lines):
        if not any("[" in line for _, line in paragraph):
            continue
        squares: list[int] = []
        parens: list[int] = []  # for each open '(': its line if it follows ']', else -1
        for number, line in paragraph:
            for token in tokens.findall(line):
                if token == "(":
                    parens.append(-1)
                elif token == ")":
                    if parens:
                        parens.pop()
                elif token == "[":
                    squares.append(number)
                elif squares:  # ']' or '](' closing a '['
                    if too_deep is None and len(squares) > MARKDOWN_MAX_BRACKET_DEPTH:
                        too_deep = (squares[-1], len(squares))
                    squares.pop()
                    if token == "](":
                        parens.append(number)
                elif token == "](":
                    parens.append(-1)
        unclosed += squares
        unclosed_links += [number for number in parens if number >= 0]
    if len(unclosed) > MARKDOWN_MAX_UNCLOSED:
        return unclosed[0] + 1, (
            f"{len(unclosed):,} '[' in this file are never closed with ']' in their paragraph (the first is on this "
            f"line); Learnlog allows at most {MARKDOWN_MAX_UNCLOSED} (Python-Markdown reads the rest of the "
            "paragraph again for each): close each with ']', or write \\[ for a bracket shown as it is"
        )
    if len(unclosed_links) > MARKDOWN_MAX_UNCLOSED:
        return unclosed_links[0] + 1, (
            f"{len(unclosed_links):,} links in this file open their address with '(' and never close it with ')' "
            f"(the first is on this line); Learnlog allows at most {MARKDOWN_MAX_UNCLOSED}: end each link as "
            "[text](https://example.org/)"
        )
    if too_deep is not None:
        return too_deep[0] + 1, (
            f"this line has brackets {too_deep[1]} deep, '[' inside '[' inside '['; Learnlog allows at most "
            f"{MARKDOWN_MAX_BRACKET_DEPTH} (a linked image needs 2): remove the extra '[' and ']', or write \\[ "
            "for a bracket shown as it is"
        )
    return None


def _unclosed_tags(text: str, lines: list[str]) -> tuple[int, str] | None:
    """'<' and a letter, with no '>' after it: the HTML reader reads the rest of the file again for each."""
    if text.count("<") <= MARKDOWN_MAX_UNCLOSED_TAGS:
        return None
    after = text.rfind(">") + 1
    found = list(TAG_OPEN.finditer(text, after))
    if len(found) <= MARKDOWN_MAX_UNCLOSED_TAGS:
        return None
    return text.count("\n", 0, found[0].start()) + 1, (
        f"{len(found):,} '<' in this file start an HTML tag that is never closed with '>' (the first is on this "
        f"line); Learnlog allows at most {MARKDOWN_MAX_UNCLOSED_TAGS}: close each tag with '>', or write "
        "&lt; for a '<' shown as it is"
    )
