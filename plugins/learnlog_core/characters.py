"""Characters no text of the site may hold: invisible control characters and Unicode non-characters.

They arrive with text copied from PDFs, word processors and terminals. XML 1.0 (section 2.2, "Char")
forbids most of them, so a single one would make a whole feed unreadable; YAML 1.1 refuses them in a
file (section 5.1, "c-printable"); HTML calls them parse errors. Tab, line feed and carriage return
are fine. Direction marks and zero-width characters are not in the list: right-to-left writing needs
them, and they are valid everywhere.
"""

from __future__ import annotations

import re

from .yaml_messages import LINE_BREAK

# C0 controls but tab, LF and CR; DEL and the C1 controls; surrogates (never in decoded UTF-8, but a
# settings file can write "\ud800"); the non-characters U+FDD0..U+FDEF and the last two code points of
# every plane (Unicode 15, section 23.7).
_PLANE_ENDS = "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef{_PLANE_ENDS}]")

NAMES = {
    0x00: "a null character",
    0x08: "a backspace",
    0x09: "a tab",
    0x0B: "a vertical tab",
    0x0A: "a line break",
    0x0C: "a form feed (page break)",
    0x0D: "a carriage return",
    0x1B: "an escape character",
    0x7F: "a delete character",
}


def describe(character: str) -> str:
    """Words for a forbidden character, for messages: 'a backspace (U+0008)'."""
    code = ord(character)
    if code in NAMES:
        what = NAMES[code]
    elif code < 0xA0:
        what = "an invisible control character"
    elif 0xD800 <= code <= 0xDFFF:
        what = "half of a broken character (a lone surrogate)"
    else:
        what = "a code point that is not a character"
    return f"{what} (U+{code:04X})"


def first_forbidden(text: str) -> str | None:
    """The first forbidden character in `text`, or None."""
    found = FORBIDDEN.search(text)
    return found[0] if found else None


def forbidden_lines(text: str, limit: int = 20) -> list[tuple[int, str]]:
    """(line, message with the fix) for each line of `text` that holds a forbidden character, at most
    `limit` of them; lines and columns are counted from 1, as YAML and editors count them: a line ends at
    a line feed, a carriage return (old Macs) or both (Windows), see `line_and_column`."""
    found: list[tuple[int, str]] = []
    place = (1, 0, 0)
    for match in FORBIDDEN.finditer(text):
        place = _advance(text, match.start(), place)
        line, start, _ = place
        if found and found[-1][0] == line:
            continue
        column = match.start() - start + 1
        found.append((line, message(match[0], f"this line holds {{}} at column {column}")))
        if len(found) == limit:
            break
    return found


def line_and_column(text: str, index: int) -> tuple[int, int]:
    """The line and column, counted from 1, of the character at `index` in `text` (or of the end, when
    `index` is len(text)); "\r\n", "\r" and "\n" each end a line (yaml_messages.LINE_BREAK), as YAML
    and editors count lines, so a file saved with any line endings gives the line the editor shows."""
    line, start, _ = _advance(text, index, (1, 0, 0))
    return line, index - start + 1


def _advance(text: str, index: int, place: tuple[int, int, int]) -> tuple[int, int, int]:
    """(line, index where it starts, index searched to) at `index`, counted on from `place`, an earlier
    result: each forbidden character's line is found without reading the text before it again. `index`
    is not inside a "\r\n"."""
    line, start, searched = place
    for ending in LINE_BREAK.finditer(text, searched, index):
        line, start = line + 1, ending.end()
    return line, start, index


def message(character: str, where: str = "{}") -> str:
    """What to tell the author about one forbidden character; `where` places its description:
    "'title' contains {}" gives "'title' contains a backspace (U+0008), which …"."""
    return (
        f"{where.format(describe(character))}, which cannot be shown on a page or put in a feed; delete it "
        "(such characters come with text copied from PDFs and word processors)"
    )


# The explicit direction embeddings, overrides and isolates (Unicode Standard Annex #9, sections 2.1 to 2.5:
# U+202A to U+202E, U+2066 to U+2069), as a character class's ranges: they reorder the rest of the line.
DIRECTION_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# Printed as escapes too: a carriage return (the terminal would write over the line), line and paragraph
# separators, and the direction controls (they would reorder the rest of the message).
_UNPRINTABLE = re.compile(f"{FORBIDDEN.pattern[:-1]}\r\u2028\u2029{DIRECTION_CONTROLS}]")


def shown(text: str) -> str:
    """`text` safe to print in a message: each forbidden character written as its escape (\\x08, \\ufffe),
    so a terminal neither swallows it nor obeys it (an escape character starts a terminal command)."""
    return _UNPRINTABLE.sub(
        lambda found: f"\\u{ord(found[0]):04x}" if ord(found[0]) > 0xFF else f"\\x{ord(found[0]):02x}", text
    )


# A message quotes what the author wrote; a value pasted by mistake can be megabytes long, and a message
# must stay readable in a terminal and in livereload's panel.
# A word (a run without spaces) longer than LONG_WORD characters keeps its first KEPT_OF_WORD: long enough
# for any real path or address, short enough for a value pasted by mistake.
LONG_WORD = 300
KEPT_OF_WORD = 200
LONG_MESSAGE = 1_000  # characters of a message kept whole


def brief(message: str) -> str:
    """`message` short enough to read: each word (a run of characters without white space) longer than
    LONG_WORD cut to its first KEPT_OF_WORD characters, '…' and the punctuation that ended it; then, if the message
    is still longer than LONG_MESSAGE characters, its middle left out as ' … ', keeping its start (what is
    wrong) and its end (the fix). A message within both limits is returned as it is."""
    if len(message) <= LONG_WORD:
        return message
    message = _LONG_WORD.sub(_cut_word, message)
    if len(message) > LONG_MESSAGE:
        message = message[:600] + " … " + message[-300:]
    return message


_LONG_WORD = re.compile(r"\S{" + str(LONG_WORD + 1) + ",}")


def _cut_word(found: re.Match) -> str:
    """A long word's first KEPT_OF_WORD characters, '…', and the quote and punctuation that closed it ("';")."""
    word = found[0]
    closing = re.search(r"""['"’”)\]}>;:,.!?]{0,4}$""", word)[0]
    return word[:KEPT_OF_WORD] + "…" + closing


def unix_lines(text: str) -> str:
    """`text` with each line ending a line feed: Windows' CR LF and old Macs' lone CR both end a line
    (CommonMark, "Line ending"; Python-Markdown reads them so too), and the header and the line numbers
    of messages must see the same lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
