"""Plain words for the YAML mistakes authors make: what is wrong, on the line to change, and the fix.

PyYAML stops at the first thing it cannot read and says so in its own terms ("mapping values are not
allowed here"), often pointing at the line after the mistake, or at the end of the file. Here its error
(the public attributes of MarkedYAMLError: problem, problem_mark, context, context_mark) and the lines
around the mark are matched against the mistakes people make in small files of `name: value` lines.
The rules are YAML 1.1's, as PyYAML applies them (the spec's chapter named in brackets):

    title: Retrieval practice: a guide      ': ' inside a value (plain scalars)
    <tab>title: A                           a tab in the indentation (indentation spaces)
      title: A / url: b                     a new item without its '- ' (block sequences)
       date: 2026-11-23                     a field indented more or less than the ones beside it
    title: "Retrieval practice              a quote never closed (double and single quoted scalars)
    title: "The "best" way"                 a quote inside a value quoted with the same quote
    note: *important* read this             a value starting with one of @ ` % * & ! | > { [ ? , -
                                            (indicator characters)
    title:Foo / -url: a                     no space after ':' or after '-'
    title: “A guide: part 1”                curly quotes from a word processor
    title:\u00a0A                           a non-breaking space where YAML needs a space (white space)
    note: first line / second line          a text going on at the indentation of its field
    note: | / text not indented             a block of text not indented under its field (block scalars)
    tags: [memory, habits                   a '[' never closed, or a '#' inside [ ] (flow collections)
    tags: [a, [b]                           a '[' too many: the ']' closes the list inside the list
    title: "C:\\Users"                      a backslash in double quotes (escape sequences)

Both of PyYAML's loaders are understood: the C one (libyaml) words its problems differently and puts
some marks elsewhere. Anything not recognised gets a general message that still says what to check,
with PyYAML's own words in brackets at its end.

Two more mistakes YAML reads without an error, dropping text: ' #' after a value starts a comment
(`lost_after_hash`), and '!' at the start of a value names a type (`tag_at_start`); and a list item's
first field written again is a new item whose '- ' was forgotten (`new_item_without_dash`). strict_yaml
finds those; this module words them. Nothing here runs for a file without a mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# Where PyYAML counts lines. It also counts U+0085, U+2028 and U+2029, which are refused before parsing.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A field: '  title: A guide', '- url: https://example.org', 'note: |', 'tags:'. Only a name YAML reads as
# the key (a word, no spaces) counts; 'and then: more' inside a long note is text.
# Every pattern here runs in time linear in the line, however long its runs of spaces: a run of spaces or
# word characters is taken whole (possessive, '*+' and '++', never given back), and a pattern searched for
# (not matched at the start) cannot begin inside a run it would take again from each of its characters. The
# value is taken whole and its trailing spaces cut in code: a lazy value before "[ \t]*$" takes time in the
# square of a long run of spaces inside it.
FIELD = re.compile(r"(?P<lead>[ ]*+)(?:(?P<dash>-)[ ]++)?(?P<key>[A-Za-z_][\w-]*+)[ ]*+:(?:[ \t]++(?P<value>.*))?$")
DASH = re.compile(r"(?P<lead>[ ]*+)-(?:[ \t]|$)")
DASH_WITHOUT_SPACE = re.compile(r"(?P<lead>[ ]*+)-(?P<rest>[A-Za-z_][\w-]*+[ ]*+:(?:[ \t].*)?)$")
NO_SPACE_AFTER_COLON = re.compile(r"(?P<lead>[ ]*+(?:-[ ]++)?)(?P<key>[A-Za-z_][\w-]*+):(?P<value>(?!//)[^\s:].*)$")
BLOCK_START = re.compile(r"[|>][+-]?[1-9]?[+-]?(?:[ \t]++#.*)?$")
# Text after a block's '|' on its own line ('note: | My text'), which YAML refuses.
BLOCK_WITH_TEXT = re.compile(r"[|>][+-]?[1-9]?[+-]?[ \t]++\S")
# ' #' starting a comment after a value: the spaces before '#' from the first, so a search cannot start again
# at each space of a long run (YAML 1.1, comments).
COMMENT = re.compile(r"(?<![ \t])[ \t]++#(?=[ \t]|$)")
# What ends the text inside double quotes, or skips the character after it (YAML 1.1, escape sequences).
DOUBLE_QUOTED_STOP = re.compile(r'["\\]')
# What a flow collection ('[a, b]', '{a: b}') is made of, between plain words (YAML 1.1, flow collections).
FLOW_MARK = re.compile(r"[][{}#'\"]")
# Where a token starts in a flow collection, so that a quote opens a quoted value and '#' a comment.
FLOW_TOKEN_AFTER = frozenset(" \t[]{},")
# The brackets that open a flow collection, and what closes each.
CLOSER_OF = {"[": "]", "{": "}"}
# A word starting with '#' in a flow collection, to show the line with it in quotes.
HASH_WORD = re.compile(r"(?<=[\[{,\s])(#[^,\]}\s]*+)")
# Spaces that look like spaces but are not one to YAML (YAML 1.1, white space: only space and tab).
ODD_SPACES = {
    "\u00a0": "a non-breaking space",
    "\u1680": "an unusual space",
    "\u202f": "a narrow non-breaking space",
    "\u205f": "an unusual space",
    "\u3000": "a wide space",
    "\u200b": "an invisible zero-width space",
    "\ufeff": "an invisible zero-width space",
    **{chr(code): "a typographic space" for code in range(0x2000, 0x200B)},
}
ODD_SPACE = f"[{''.join(ODD_SPACES)}]"
ODD_SPACE_PLACES = (
    (re.compile(rf"[ \t]*+{ODD_SPACE}"), "at the start of the line"),
    (re.compile(rf"[ ]*+-{ODD_SPACE}"), "after the '-'"),
    (re.compile(rf"[ ]*+(?:-[ ]++)?(?P<key>[A-Za-z_][\w-]*+)[ ]*+:[ \t]*+{ODD_SPACE}"), "after '{key}:'"),
)
CURLY_QUOTES = "“”„‟‘’‚‛«»"
CURLY_PAIRS = {"“": "”„", "”": "”“", "„": "“”", "‘": "’‚", "’": "’‘", "‚": "‘’", "«": "»", "»": "«"}
# Characters a plain value cannot start with, and why (YAML 1.1, indicator characters).
RESERVED = {
    "[": "which YAML reads as the start of a list",
    "{": "which YAML reads as the start of a group of fields",
    "*": "which YAML reads as a reference to another value",
    "&": "which YAML reads as a name given to the value",
    "!": "which YAML reads as the name of a type",
    "|": "which YAML reads as the start of a block of text on the lines below",
    ">": "which YAML reads as the start of a block of text on the lines below",
    "@": "which YAML keeps for itself",
    "`": "which YAML keeps for itself",
    "%": "which YAML keeps for itself",
    "?": "which YAML reads as the start of a field name",
    ",": "which YAML keeps for lists",
    "-": "which YAML reads as the start of a list item",
}
SHOWN = {"`": "a backtick (`)", "-": "'- '"}
# A fixed line is shown when it is short enough to copy by eye.
SHORT = 72
RAW_WORDS = "YAML's reader says"


@dataclass(frozen=True)
class Line:
    """What one line of a YAML file says, as far as its first ':' goes.

    indent: spaces before its first character; dash: the column of a list item's '-', if it starts with
    one; key: the field it names ('title' in '  title: A'), or None; column: where that name starts;
    value: what follows 'title: ', as written (without the spaces at its end); value_column: where it starts.
    """

    text: str
    indent: int
    dash: int | None
    key: str | None
    column: int
    value: str
    value_column: int


def read_line(text: str) -> Line:
    """The parts of one line (without its line break), as a Line. A field is a word followed by ':' and a
    space or the end of the line, as YAML 1.1 reads a plain key in a block mapping. Never raises."""
    indent = len(text) - len(text.lstrip(" "))
    field = FIELD.match(text)
    if field:
        dash = len(field["lead"]) if field["dash"] else None
        value = (field["value"] or "").rstrip(" \t")
        value_column = field.start("value") if field["value"] is not None else len(text.rstrip())
        return Line(text, indent, dash, field["key"], field.start("key"), value, value_column)
    dash = DASH.match(text)
    return Line(text, indent, len(dash["lead"]) if dash else None, None, indent, "", indent)


def quoted(value: str) -> str:
    """`value` written so YAML reads it back as the same text: in double quotes when it holds no '"' or
    '\\', else in single quotes, each ' in it doubled (YAML 1.1, double and single quoted scalars)."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def explain(error: yaml.MarkedYAMLError, text: str, item: str = "entry") -> tuple[int, str]:
    """(line, message) for a file PyYAML cannot read: the 1-based line the author must change, and what
    is wrong there and what to do, in plain words.

    error: what yaml.parse or yaml.compose_all raised, from either loader (C or Python); only its public
    attributes are read. text: the whole text that was parsed, so lines are counted as in the error's
    marks. item: what one entry of a list is called in messages ("link"). The line is always one of the
    text's lines. Never raises. Rules follow YAML 1.1 as PyYAML reads it.
    """
    spot = _Spot(error, text, item)
    for check in CHECKS:
        found = check(spot)
        if found is not None:
            line, message = found
            return spot.inside(line) + 1, message
    return spot.line + 1, _general(spot)


class _Spot:
    """The error and the lines around it, with the mark moved to a line that holds text."""

    def __init__(self, error: yaml.MarkedYAMLError, text: str, item: str):
        self.lines = LINE_BREAK.split(text)
        self.item = item
        self.problem = str(error.problem or "")
        self.context = str(error.context or "")
        mark = error.problem_mark or error.context_mark
        # Where the parser stopped, as (line, column) of the text, before moving to a line that holds text; the
        # C loader marks the end of a file without a final line break on the line after the last.
        self.stop = (mark.line, mark.column) if mark else (0, 0)
        if self.stop[0] >= len(self.lines):
            self.stop = (len(self.lines) - 1, len(self.lines[-1]))
        self.line = self.inside(mark.line if mark else 0)
        self.column = mark.column if mark and self.line == mark.line else len(self.lines[self.line])
        self.context_line = self.inside(error.context_mark.line) if error.context_mark else self.line
        self.context_column = error.context_mark.column if error.context_mark else self.column
        self.kind = _kind_of(self.problem, self.context, self.char(self.line, self.column))
        self._blocks: set[int] | None = None
        self._keys: dict[str, list[int]] | None = None

    def inside(self, number: int) -> int:
        """`number` (0-based) moved onto a line of the file that holds something: from past the end or a
        blank line, the nearest such line above (PyYAML marks the end of the file, or the next token, for
        what is missing before it), else below."""
        number = max(0, min(number, len(self.lines) - 1))
        if self.lines[number].strip() or "\t" in self.lines[number]:  # a line of only a tab is the mistake
            return number
        above = next((n for n in range(number - 1, -1, -1) if self.lines[n].strip()), None)
        if above is not None:
            return above
        return next((n for n in range(number + 1, len(self.lines)) if self.lines[n].strip()), number)

    def char(self, number: int, column: int) -> str:
        text = self.lines[number] if 0 <= number < len(self.lines) else ""
        return text[column] if 0 <= column < len(text) else ""

    def read(self, number: int) -> Line:
        return read_line(self.lines[number])

    @property
    def blocks(self) -> set[int]:
        """The lines inside blocks of text ('note: |' and the lines indented below it): text, not fields."""
        if self._blocks is None:
            self._blocks, parent = set(), None
            for number, text in enumerate(self.lines):
                if parent is not None:
                    if not text.strip() or len(text) - len(text.lstrip(" ")) > parent:
                        self._blocks.add(number)
                        continue
                    parent = None
                line = read_line(text)
                if line.key is not None and BLOCK_START.match(line.value):
                    parent = line.column
                elif line.dash is not None and BLOCK_START.match(text[line.dash + 1 :].strip()):
                    parent = line.dash
        return self._blocks

    def named_elsewhere(self, key: str, number: int) -> bool:
        """Whether a line other than `number` names the field `key` (text in blocks is not looked at)."""
        if self._keys is None:
            self._keys = {}
            for line_number, text in enumerate(self.lines):
                if line_number not in self.blocks and (line := read_line(text)).key:
                    self._keys.setdefault(line.key, []).append(line_number)
        return any(line_number != number for line_number in self._keys.get(key, ()))

    def content(self, number: int) -> bool:
        text = self.lines[number].strip()
        return bool(text) and not text.startswith("#") and number not in self.blocks

    def before(self, number: int) -> int | None:
        """The nearest line above `number` that holds YAML (not blank, a comment or a block's text)."""
        return next((n for n in range(number - 1, -1, -1) if self.content(n)), None)

    def after(self, number: int) -> int | None:
        return next((n for n in range(number + 1, len(self.lines)) if self.lines[n].strip()), None)

    def owner(self, number: int) -> int | None:
        """The field above whose value line `number` goes on: the nearest field indented less."""
        indent = self.read(number).indent
        for above in range(number - 1, -1, -1):
            if self.content(above):
                line = self.read(above)
                if line.key is not None and line.column < indent:
                    return above
        return None

    def region(self) -> list[int]:
        """The lines where the mistake can be, first to last: where the parser started the part it could
        not finish, the line above the mark, and the mark's line."""
        around = {self.context_line, self.line}
        previous = self.before(self.line)
        if previous is not None:
            around.add(previous)
        return sorted(n for n in around if n not in self.blocks or n == self.line)


def _kind_of(problem: str, context: str, char: str) -> str:
    """Which of PyYAML's errors this is, from the words of either loader."""
    if char == "\t" or "'\\t'" in problem or "tab character" in problem:
        return "tab"
    if "quoted scalar" in context:
        return "escape" if "escape" in problem or "hex" in problem else "quote"
    checks = (
        ("mapping values are not allowed", "colon"),
        ("could not find expected ':'", "no-colon"),
        ("sequence entries are not allowed", "start"),
        ("mapping keys are not allowed", "start"),
        ("cannot start any token", "start"),
        ("node content", "start"),
        ("tag handle", "start"),
        ("<block end>", "structure"),
        ("expected key", "structure"),
        ("'-' indicator", "structure"),
    )
    for words, kind in checks:
        if words in problem:
            return kind
    if "alias" in context or "anchor" in context:
        return "marker"
    if "block scalar" in context:
        return "block"
    if "flow sequence" in context or "flow mapping" in context:
        return "flow"
    return "other"


# Words shared by messages.


def _spaces(count: int) -> str:
    return "no spaces" if count == 0 else "1 space" if count == 1 else f"{count} spaces"


def _the(key: str) -> str:
    return f"the {key}"


def _without_comment(value: str) -> str:
    """A value without a comment at its end ('A  # read later'); '#' with no space after it is text here."""
    found = COMMENT.search(value)
    return value[: found.start()] if found else value


def _unquoted(value: str) -> tuple[str, bool]:
    """The value without curly quotes around it, and whether it had them."""
    if len(value) > 1 and value[0] in CURLY_QUOTES and value[-1] in CURLY_PAIRS.get(value[0], value[0]):
        return value[1:-1], True
    return value, False


def _fixed(line: Line, value: str) -> str | None:
    """The line as it should be written, for a message, when it is short: `title: "A: b"`."""
    dash = "- " if line.dash is not None else ""
    written = f"{dash}{line.key}: {value}"
    return written if len(written) <= SHORT else None


def _put_in_quotes(line: Line, value: str | None = None) -> str:
    """'put the title in quotes: title: "…"', for the key of `line` and its value (or `value`)."""
    text, _ = _unquoted(_without_comment(line.value if value is None else value))
    shown = _fixed(line, quoted(text))
    if shown is None:
        return f'put the whole {line.key} in quotes, with " at its start and at its end'
    return f"put {_the(line.key)} in quotes: {shown}"


def _indented_like(spot: _Spot, number: int, sibling: int) -> str:
    """'put 2 spaces before 'date:', lined up with 'title:' on line 2', for a field on line `number`."""
    line, other = spot.read(number), spot.read(sibling)
    where = (
        f"put {_spaces(other.column)} before '{line.key}:'"
        if other.column
        else f"move '{line.key}:' to the start of the line"
    )
    return f"{where}, lined up with '{other.key}:' on line {sibling + 1}"


# The checks, in order: each returns (0-based line, message) or None.


def _tab(spot: _Spot) -> tuple[int, str] | None:
    if spot.kind != "tab":
        return None
    candidates = [spot.line, *spot.region()]
    number = next((n for n in candidates if "\t" in spot.lines[n]), spot.line)
    text = spot.lines[number]
    lead = text[: len(text) - len(text.lstrip(" \t"))]
    if not text.strip():
        return number, "this line holds a tab and nothing else, which YAML does not allow here: delete the tab"
    if "\t" not in lead:
        line = spot.read(number)
        after = f" after '{line.key}:'" if line.key and "\t" in text[line.column : line.value_column] else ""
        return number, f"this line has a tab{after}, where YAML needs a space: replace the tab with a space"
    message = "this line is indented with a tab, and YAML allows only spaces"
    line = read_line(text.replace("\t", " "))
    for above in range(number - 1, -1, -1):
        other = spot.read(above) if spot.content(above) else None
        if other is None:
            continue
        if line.dash is None and line.key is None:  # text: of a block ('note: |') above, or of nothing
            if other.key is not None and BLOCK_START.match(other.value):
                return number, (
                    f"{message}: replace the tab with {_spaces(other.column + 2)}, 2 more than before "
                    f"'{other.key}:' on line {above + 1}"
                )
            break
        if line.dash is not None and other.dash is not None:
            if other.dash == 0:
                return (
                    number,
                    f"{message}: delete the tab, so that the '-' starts the line like the one on line {above + 1}",
                )
            return number, f"{message}: replace the tab with {_spaces(other.dash)}, like the '-' on line {above + 1}"
        if line.dash is None and line.key is not None and other.key is not None:
            if other.column == 0:
                return (
                    number,
                    f"{message}: delete the tab, so that '{line.key}:' starts the line like '{other.key}:' "
                    f"on line {above + 1}",
                )
            return number, (
                f"{message}: replace the tab with {_spaces(other.column)}, lining '{line.key}:' up with "
                f"'{other.key}:' on line {above + 1}"
            )
    return number, f"{message}: replace the tab with spaces"


def _odd_space(spot: _Spot) -> tuple[int, str] | None:
    for number in spot.region():
        text = spot.lines[number]
        for pattern, where in ODD_SPACE_PLACES:
            found = pattern.match(text)
            if found:
                name = ODD_SPACES[text[found.end() - 1]]
                place = where.format(key=found.groupdict().get("key") or "")
                return number, (
                    f"this line has {name} {place}, which looks like a space but is not one to YAML (it comes "
                    "with text copied from a web page or a word processor): delete it and type an ordinary space"
                )
    return None


def _dash_without_space(spot: _Spot) -> tuple[int, str] | None:
    for number in spot.region():
        found = DASH_WITHOUT_SPACE.match(spot.lines[number])
        if found:
            written = f"- {found['rest'].strip()}"
            shown = f": {written}" if len(written) <= SHORT else ""
            return number, f"put a space after the '-' at the start of this line{shown}"
    return None


def _no_space_after_colon(spot: _Spot) -> tuple[int, str] | None:
    if spot.kind not in ("colon", "no-colon", "structure"):
        return None
    for number in spot.region():
        found = NO_SPACE_AFTER_COLON.match(spot.lines[number])
        if found:
            written = f"{found['lead'].strip()} {found['key']}: {found['value'].strip()}".strip()
            shown = f": {written}" if len(written) <= SHORT else f" of '{found['key']}:'"
            return number, f"put a space after the colon{shown}"
    return None


def _closing(value: str) -> int:
    """Where the quote that opens `value` closes (YAML 1.1: in double quotes a backslash escapes the next
    character, in single quotes '' is one '), or -1."""
    return _quote_end(value, value[0], 1)


def _quote_end(text: str, quote: str, position: int) -> int:
    """Where a quote opened before `position` in `text` closes, or -1: found with str.find and a pattern, not
    by reading each character in Python, as a value can be a long line."""
    while position < len(text):
        if quote == '"':
            found = DOUBLE_QUOTED_STOP.search(text, position)
            if found is None:
                return -1
            if found[0] == "\\":
                position = found.start() + 2
                continue
            return found.start()
        end = text.find(quote, position)
        if end >= 0 and quote == "'" and text[end + 1 : end + 2] == "'":
            position = end + 2
            continue
        return end
    return -1


def _never_closed(spot: _Spot, number: int) -> str | None:
    """The message for a value on line `number` whose opening quote is not closed on that line."""
    line = spot.read(number)
    text = line.value if line.key is not None else spot.lines[number].strip().removeprefix("- ").strip()
    if not text or text[0] not in "\"'" or _closing(text) >= 0:
        return None
    quote = text[0]
    curly = (
        f" (the {text[-1]} at its end is a curly quote, which YAML does not take for one)"
        if text[-1] in CURLY_QUOTES
        else ""
    )
    body = text[:-1] if curly else text
    if line.key is None:
        return f"this line opens a quote ({quote}) that is never closed{curly}: add {quote} at the end of the text"
    shown = _fixed(line, f"{body}{quote}")
    fix = f": {shown}" if shown else ""
    return (
        f"{_the(line.key)} starts with a quote ({quote}) that is never closed{curly}, so YAML reads on into the "
        f"lines below: add {quote} at the end of {_the(line.key)}{fix}"
    )


def _unclosed_quote(spot: _Spot) -> tuple[int, str] | None:
    if spot.kind == "quote":
        message = _never_closed(spot, spot.context_line)
        return (spot.context_line, message) if message else None
    if spot.kind != "structure":
        return None
    # A quote left open on a line above is closed by the first quote of the line PyYAML stops on.
    here = spot.lines[spot.line][: spot.column]
    for number in range(spot.line - 1, max(-1, min(spot.context_line, spot.line) - 1), -1):
        line = spot.read(number)
        quote = line.value[:1] if line.key is not None else ""
        if quote in ('"', "'") and quote in here and _closing(line.value) < 0:
            return number, _never_closed(spot, number)
    return None


def _escape(spot: _Spot) -> tuple[int, str] | None:
    if spot.kind != "escape":
        return None
    number = spot.context_line
    line = spot.read(number)
    text = line.value if line.key is not None else ""
    if not text.startswith('"'):
        return None
    end = _closing(text)
    inner = text[1:end] if end > 0 else text[1:]
    backslash = spot.lines[spot.line].rfind("\\", 0, spot.column + 1) if spot.line == number else -1
    code = f", and '{spot.lines[number][backslash : backslash + 2]}' is none" if backslash >= 0 else ""
    if "'" in inner:
        fix = "write each \\ as \\\\"
    else:
        shown = _fixed(line, f"'{inner}'")
        fix = f"put {_the(line.key)} in single quotes instead" + (f": {shown}" if shown else "")
    return number, f"inside double quotes, a backslash (\\) starts a code for a special character{code}: {fix}"


def _colon(spot: _Spot) -> tuple[int, str] | None:
    if spot.kind != "colon":
        return None
    number = spot.line
    line = spot.read(number)
    if line.key is not None and spot.column >= line.value_column:
        return number, _colon_in_value(spot, number)
    above = spot.before(number)
    owner = spot.owner(number)
    if line.key is not None and above is not None and line.dash is None:
        other = spot.read(above)
        # A field name as Learnlog's are (lowercase), or one the file uses elsewhere, is a field indented too
        # far; 'Summary: good' going on with a note is text.
        field_like = line.key.islower() or spot.named_elsewhere(line.key, number)
        if other.key is not None and field_like and (above == owner or spot.named_elsewhere(line.key, number)):
            if (
                spot.item != "entry"
                and other.dash is None
                and line.indent == other.column + 2
                and not _in_an_item(spot, above)
            ):
                # 'url: …' with its fields 2 spaces in, as below a '- ': the item lost its '- '.
                written = f"{' ' * other.column}- {spot.lines[above].strip()}"
                shown = f": {written.strip()}" if len(written) <= SHORT else ""
                return above, (
                    f"this {spot.item} has no '- ' before it, so YAML reads '{line.key}:' on line {number + 1} as part "
                    f"of {_the(other.key)}: start each {spot.item} with '- '{shown}"
                )
            more = "more" if line.indent > other.column else "less"
            return number, (
                f"'{line.key}:' is indented {more} than '{other.key}:' on line {above + 1}, so YAML reads it as "
                f"part of {_the(other.key)}: {_indented_like(spot, number, above)}"
            )
    if owner is not None:
        key = spot.read(owner).key
        return owner, (
            f"{_the(key)} goes on over several lines, and line {number + 1} holds ': ', which YAML reads as the "
            f"start of a new field: write it as a block of text, with '{key}: |' on this line and {_the(key)} on "
            f"the lines below, each indented by 2 spaces more than '{key}:'"
        )
    return None


def _in_an_item(spot: _Spot, number: int) -> bool:
    """Whether the field on line `number` belongs to a list item started by a '- ' above it (a later field of it)."""
    column = spot.read(number).column
    for above in range(number - 1, -1, -1):
        if not spot.content(above):
            continue
        other = spot.read(above)
        if other.dash is not None and other.column == column:
            return True
        if (other.indent < column and other.dash is None) or other.column != column:
            return False
    return False


def _colon_in_value(spot: _Spot, number: int) -> str:
    line = spot.read(number)
    value = _without_comment(line.value)
    text, curly = _unquoted(value)
    ends = text.endswith(":") and ": " not in text
    what = "ends with ':'" if ends else "holds ': ' (a colon and a space)"
    why = f"{what}, which YAML reads as the start of a new field"
    below = spot.after(number)
    if below is not None and spot.read(below).indent > line.column and spot.read(below).key is None:
        return (
            f"{_the(line.key)} {why}: write it as a block of text, with '{line.key}: |' on this line and "
            f"{_the(line.key)} on the lines below, each indented by 2 spaces more than '{line.key}:'"
        )
    if curly:
        shown = _fixed(line, quoted(text))
        fix = f": {shown}" if shown else f" around {_the(line.key)}"
        return (
            f"{_the(line.key)} is in curly quotes ({value[0]} {value[-1]}), which YAML does not take for quotes "
            f"(a word processor makes them), and it {why}: type straight quotes instead{fix}"
        )
    return f"{_the(line.key)} {why}: {_put_in_quotes(line)}"


def _no_colon(spot: _Spot) -> tuple[int, str] | None:
    if spot.kind != "no-colon":
        return None
    number = spot.context_line
    text = spot.lines[number]
    line = spot.read(number)
    above = spot.before(number)
    if above is None:
        return None
    other = spot.read(above)
    if other.key is not None and BLOCK_START.match(other.value) and line.indent <= other.column:
        return number, (
            f"the text of '{other.key}: {other.value}' on line {above + 1} must be indented more than "
            f"'{other.key}:': put {_spaces(other.column + 2)} before each of its lines"
        )
    words = text.strip().removeprefix("- ").split(None, 1)
    if not words:
        return None
    first = words[0]
    if re.fullmatch(r"[A-Za-z_][\w-]*", first) and spot.named_elsewhere(first, number):
        dash = "- " if text.strip().startswith("- ") else ""
        written = f"{dash}{first}: {words[1] if len(words) > 1 else ''}".rstrip()
        shown = f": {written}" if len(written) <= SHORT else ""
        return number, f"put a colon and a space after '{first}'{shown}"
    owner = above if other.key is not None and other.value else spot.owner(above)
    if owner is None:
        return None
    key, column, value = spot.read(owner).key, spot.read(owner).column, spot.read(owner).value
    if " " not in value.strip() and re.fullmatch(r"[A-Za-z_][\w-]*", first):  # no text goes on after an address
        written = f"{first}: {words[1] if len(words) > 1 else ''}".rstrip()
        shown = f": {written}" if len(written) <= SHORT else ""
        return number, f"put a colon and a space after '{first}'{shown}"
    return number, (
        f"this line has no ':' after a name, so it is not a field, and it is not indented under one: if it "
        f"goes on with {_the(key)} from line {owner + 1}, put {_spaces(column + 2)} before it (and write "
        f"'{key}: |' on line {owner + 1} to keep its line breaks); if '{first}' is the name of a field, put a "
        "colon and a space after it"
    )


def _starts_with(spot: _Spot, number: int, column: int) -> str | None:
    """The message for a value on line `number` starting at `column` with a character YAML reserves."""
    line = spot.read(number)
    char = spot.char(number, column)
    if char not in RESERVED:
        return None
    shown = SHOWN.get(char, f"'{char}'")
    if line.key is None or column != line.value_column:
        if spot.lines[number][:column].strip() not in ("", "-"):
            return None
        return f"this line starts with {shown}, {RESERVED[char]}: put the text in quotes"
    if char in "|>" and BLOCK_WITH_TEXT.match(line.value):
        return (
            f"{_the(line.key)} starts with {shown}, {RESERVED[char]}: move the text after '{char}' to the next "
            f"line, indented by 2 spaces more than '{line.key}:', or, to begin {_the(line.key)} with "
            f"'{char}', {_put_in_quotes(line)}"
        )
    return f"{_the(line.key)} starts with {shown}, {RESERVED[char]}: {_put_in_quotes(line)}"


def _reserved(spot: _Spot) -> tuple[int, str] | None:
    if spot.kind in ("marker", "block"):
        number, column = spot.context_line, spot.context_column
    elif spot.kind == "start":
        number, column = spot.line, spot.column
    else:
        return None
    message = _starts_with(spot, number, column)
    return (number, message) if message else None


@dataclass(frozen=True)
class _Open:
    """A flow collection ('[a, b]', '{a: b}') as read from its '[' or '{' (see _read_flow).

    openers: the '[' and '{' still open, outermost first, each as (character, line, column), none if it
    closed; closed: where what follows it starts, as (line, column), if it closed; comment: the first comment
    that started inside it, as (line, column, the '[' or '{' open there); counts: how many of each bracket
    were read (only brackets that are not in quotes or comments); stray: how many ']' and '}' closed nothing
    or the other kind of bracket ('{a]'), and were passed over.
    """

    openers: tuple[tuple[str, int, int], ...]
    closed: tuple[int, int] | None
    comment: tuple[int, int, str] | None
    counts: dict[str, int]
    stray: int

    @property
    def closers(self) -> str:
        """What closes the brackets left open, innermost first: ']', '}]'."""
        return "".join(CLOSER_OF[char] for char, _, _ in reversed(self.openers))


def _read_flow(lines: list[str], number: int, column: int, last: int) -> _Open:
    """The flow collection opening at `column` of line `number`, read until it closes or to the end of line
    `last`. Plain words end at brackets and commas in a flow collection, so every bracket outside quotes and
    comments opens or closes one; a quote or '#' where a word starts opens a quoted value or a comment, and
    a comment ends at the end of its line (YAML 1.1, flow collections). Searched with a pattern, so each
    character is read once."""
    openers: list[tuple[str, int, int]] = []
    comment: tuple[int, int, str] | None = None
    counts = dict.fromkeys("[]{}", 0)
    position, quote, stray = column, "", 0
    while number <= last:
        text = lines[number]
        if quote:  # a quoted value going on from the line above
            end = _quote_end(text, quote, position)
            if end < 0:
                number, position = number + 1, 0
                continue
            position, quote = end + 1, ""
        found = FLOW_MARK.search(text, position)
        if found is None:
            number, position = number + 1, 0
            continue
        char, at = found[0], found.start()
        position = at + 1
        token_start = at == 0 or text[at - 1] in FLOW_TOKEN_AFTER
        if char in "[{":
            openers.append((char, number, at))
            counts[char] += 1
        elif char in "]}":
            counts[char] += 1
            if not openers or CLOSER_OF[openers[-1][0]] != char:
                stray += 1
                continue
            openers.pop()
            if not openers:
                return _Open((), (number, position), comment, counts, stray)
        elif char == "#" and token_start:
            if comment is None:
                comment = (number, at, openers[-1][0])
            number, position = number + 1, 0
        elif char in "'\"" and token_start:
            end = _quote_end(text, char, at + 1)
            if end < 0:
                quote = char
                number, position = number + 1, 0
            else:
                position = end + 1
    return _Open(tuple(openers), None, comment, counts, stray)


def _flow_start(text: str) -> int | None:
    """Where a flow collection starts on a line: a value starting with '[' or '{', after 'name: ' or '- '."""
    line = read_line(text)
    if line.key is not None:
        return line.value_column if line.value[:1] in CLOSER_OF else None
    if line.dash is not None:
        rest = text[line.dash + 1 :]
        column = len(text) - len(rest.lstrip(" "))
        return column if text[column : column + 1] in CLOSER_OF else None
    return None


def _flow_opener(spot: _Spot) -> tuple[int, int] | None:
    """The line and column of the '[' or '{' of the flow collection PyYAML was reading when it stopped. It
    names it when it was reading the list or fields (its context mark); reading an item of one, it names
    only the item ('while parsing a flow node'), so the '[' is looked for on the lines above, back to the
    first line that opens one, over lines that go on with a list (neither a field nor a '- ' item)."""
    if spot.char(spot.context_line, spot.context_column) in CLOSER_OF and "flow node" not in spot.context:
        return spot.context_line, spot.context_column
    stop_line, stop_column = spot.stop
    for number in range(stop_line, -1, -1):
        text = spot.lines[number]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if number in spot.blocks:
            return None
        column = _flow_start(text)
        if column is not None and (number < stop_line or column < stop_column):
            return number, column
        line = spot.read(number)
        if number < stop_line and (line.key is not None or line.dash is not None):
            return None
    return None


def _flow(spot: _Spot) -> tuple[int, str] | None:
    """A '[' or '{' never closed, or whose ']' or '}' a ' #' turned into a comment: PyYAML reads on into the
    lines below and stops on the next field or item, or at the end of the file, and names that line."""
    if "flow" not in spot.context:
        return None
    start = _flow_opener(spot)
    if start is None:
        return None
    stop_line, stop_column = spot.stop
    number, column = start
    lines = spot.lines
    if "flow node" in spot.context:
        # Stopped reading an item: on the line that opens the list, at something in it that is another mistake;
        # on a line below, the list goes on there unless that line closes it.
        if stop_line == number and stop_column < len(lines[number].rstrip()):
            return None
    elif stop_line > number:  # stopped in the list on a line below, so the list is open there
        lines = [*lines[:stop_line], lines[stop_line][:stop_column]]
    found = _read_flow(lines, number, column, stop_line)
    if found.closed is not None:
        return None
    opener, number, column = found.openers[0]
    closer = CLOSER_OF[opener]
    line = spot.read(number)
    if found.comment is not None:
        # The comment is the mistake when it hides a ']' or '}' the list needs, or starts with a word ('#edchat')
        # on the line that opens the list; a comment after a list left open ('[a, b  # to do') is not.
        at_line, at, inner = found.comment
        lost = spot.lines[at_line][at + 1 :]
        hides_closer = any(char in lost for char in set(found.closers))
        if hides_closer or (at_line == number and lost[:1] not in ("", " ", "\t")):
            return at_line, _hash_in_flow(spot, at_line, inner, found)
    opened, closed = found.counts[opener], found.counts[closer]
    closers = found.closers
    kind = "list" if opener == "[" else "group of fields"
    several = ""
    if opened > 1:
        several = f"it holds {opened} '{opener}' and {f'only {closed}' if closed else 'no'} '{closer}'"
    if line.key is None or line.key.lower() == "tags" or column != line.value_column:
        what = f"the list of {line.key}" if line.key else "the list"
        if several:
            return number, (
                f"{what} that starts with '{opener}' is never closed: {several}, and each '{opener}' starts a "
                f"{kind} of its own: remove the extra '{opener}', or end it with '{closers}'"
            )
        return number, f"{what} that starts with '{opener}' is never closed: end it with '{closers}'"
    why = f"{several}, so it is never closed" if several else f"no '{closer}' closes it"
    end = f"remove the extra '{opener}' or end it with '{closers}'" if several else f"end it with '{closers}'"
    return number, (
        f"{_the(line.key)} starts with '{opener}', {RESERVED[opener]}, and {why}: if the '{opener}' is part of "
        f"{_the(line.key)}, {_put_in_quotes(line)}; if it starts a {kind}, {end}"
    )


def _hash_in_flow(spot: _Spot, number: int, opener: str, found: _Open) -> str:
    """The message for a comment started by ' #' inside a flow collection, on line `number`; when the
    collection starts that line's value, the line is shown with each word starting with '#' in quotes (and
    the brackets left open closed), if it is short and reads as one whole collection then."""
    closer = CLOSER_OF[opener]
    line = spot.read(number)
    _, first_line, first_column = found.openers[0]
    fix = ""
    if line.key is not None and (first_line, first_column) == (number, line.value_column):
        inside = HASH_WORD.sub(r'"\1"', line.value)
        again = _read_flow([inside], 0, 0, 0)
        if again.comment is None and not again.stray:
            closers = again.closers
            whole = again.closed is None or not inside[again.closed[1] :].strip()
            shown = _fixed(line, inside + closers) if whole else None
            if shown:
                fix = f" and end it with '{closers}': {shown}" if closers else f": {shown}"
    return (
        f"inside {opener} {closer}, ' #' starts a comment, so the rest of the line is left out, "
        f"'{closer}' too: put each word that starts with '#' in quotes{fix}"
    )


def _left_over(spot: _Spot) -> tuple[int, str] | None:
    """Text after a value that ended early on the same line: a quote inside quotes, '[Draft] notes'."""
    if spot.kind != "structure":
        return None
    number = spot.line
    line = spot.read(number)
    if line.key is None or not line.value or spot.column <= line.value_column:
        return None
    value = _without_comment(line.value)
    first = value[0]
    if first in "\"'":
        end = _closing(value)
        if end < 0:
            return None
        after = value[end + 1 :].strip()
        other = "single" if first == '"' else "double"
        if value.endswith(first) and len(value) > end + 1:
            inner = value[1:-1]
            shown = _fixed(line, quoted(inner))
            fix = f": {shown}" if shown else ""
            return number, (
                f"{_the(line.key)} starts and ends with {first}, so the {first} inside it ends it too early: put "
                f"{_the(line.key)} in {other} quotes instead{fix}"
            )
        return number, (
            f"{_the(line.key)} starts with a quote ({first}), so YAML ends it at the next {first} and cannot read "
            f"what follows ('{after}'): {_put_in_quotes(line, value)}"
        )
    if first in "[{":
        closer = "]" if first == "[" else "}"
        end = value.find(closer)
        if end >= 0 and value[end + 1 :].strip().startswith(closer):
            return number, f"there is one '{closer}' too many in {_the(line.key)}: remove the extra '{closer}'"
    message = _starts_with(spot, number, line.value_column)
    return (number, message) if message else None


def _missing_dash(spot: _Spot) -> tuple[int, str] | None:
    """A field at the column of the '-' above, named like that item's first field: a new item."""
    if spot.kind != "structure":
        return None
    number = spot.line
    line = spot.read(number)
    if line.key is None or line.dash is not None:
        return None
    for above in range(number - 1, -1, -1):
        if not spot.content(above):
            continue
        other = spot.read(above)
        if other.dash == line.indent and other.key == line.key:
            written = f"{' ' * line.indent}- {spot.lines[number].strip()}"
            shown = f": {written.strip()}" if len(written) <= SHORT else ""
            return number, (
                f"a new {spot.item} starts here without its '- ': start each {spot.item} with '- ', lined up "
                f"with the '-' on line {above + 1}{shown}"
            )
        if other.indent < line.indent or (other.dash is not None and other.dash <= line.indent):
            return None
    return None


def _misaligned(spot: _Spot) -> tuple[int, str] | None:
    if spot.kind != "structure":
        return None
    number = spot.line
    line = spot.read(number)
    if line.dash is not None:
        for above in range(number - 1, -1, -1):
            other = spot.read(above) if spot.content(above) else None
            if other is not None and other.dash is not None:
                if other.dash == line.dash:
                    return None
                where = "at the very start of the line" if other.dash == 0 else f"after {_spaces(other.dash)}"
                return number, (
                    f"this '-' is indented {'more' if line.dash > other.dash else 'less'} than the '-' on line "
                    f"{above + 1}, so YAML cannot tell which list it belongs to: put it {where}, lined up with that one"
                )
        return _first_without_dash(spot, number)
    if line.key is None:
        return None
    for above in range(number - 1, -1, -1):
        other = spot.read(above) if spot.content(above) else None
        if other is not None and other.key is not None:
            if other.column == line.indent:
                return None
            below = spot.after(number)
            moved = other.dash + line.indent - other.column if other.dash is not None else -1
            if moved >= 0 and below is not None and spot.read(below).indent == line.indent:
                # The fields below agree with this one: the '- ' line above is the one out of place.
                return above, (
                    f"'{other.key}:' is indented {'more' if other.column > line.indent else 'less'} than the fields "
                    f"below it: put {_spaces(moved)} before the '-', so that '{other.key}:' lines up with "
                    f"'{line.key}:' on line {number + 1}"
                )
            more = "more" if line.indent > other.column else "less"
            return number, (
                f"'{line.key}:' is indented {more} than '{other.key}:' on line {above + 1}, and fields that belong "
                f"together must line up: {_indented_like(spot, number, above)}"
            )
    return None


def _first_without_dash(spot: _Spot, number: int) -> tuple[int, str] | None:
    """A list item on line `number` with none above it in its list: the first item lost its '- '."""
    dash = spot.read(number).dash or 0
    for above in range(number - 1, -1, -1):
        other = spot.read(above) if spot.content(above) else None
        if other is not None and other.key is not None and other.column < dash:
            first = spot.after(above)
            if first is None or first >= number or spot.read(first).key is None or spot.read(first).dash is not None:
                return None
            written = f"{' ' * dash}- {spot.lines[first].strip()}"
            shown = f": {written.strip()}" if len(written) <= SHORT else ""
            return first, _no_dash_before(spot, first, number, shown)
    return _first_at_the_top_without_dash(spot, number) if dash == 0 else None


def _no_dash_before(spot: _Spot, first: int, number: int, shown: str) -> str:
    return (
        f"this {spot.item} has no '- ' before it, unlike the one on line {number + 1}: start each "
        f"{spot.item} with '- '{shown}"
    )


def _first_at_the_top_without_dash(spot: _Spot, number: int) -> tuple[int, str] | None:
    """A file that is a plain list whose first item lost its '- ': its first lines are fields at the start
    of the line, one of them named like the first field of the item on line `number`."""
    first = next((n for n in range(number) if spot.content(n)), None)
    key = spot.read(number).key
    if first is None or key is None:
        return None
    above = [spot.read(n) for n in range(first, number) if spot.content(n)]
    if any(line.dash is not None or line.indent != 0 for line in above if line.key is not None):
        return None
    if not any(line.key == key for line in above):
        return None
    written = f"- {spot.lines[first].strip()}"
    shown = f": {written}" if len(written) <= SHORT else ""
    return first, _no_dash_before(spot, first, number, shown)


def _document_end(spot: _Spot) -> tuple[int, str] | None:
    """Text after a line '...' (the end of a YAML document) or a second '---' (the start of another)."""
    if "document start" not in spot.problem:
        return None
    for above in range(spot.line - 1, -1, -1):
        if spot.lines[above].rstrip() in ("...", "---"):
            marker = spot.lines[above].rstrip()
            return above, f"a line '{marker}' marks the end of the YAML, so nothing may follow it: remove this line"
    # The file's first line is indented, and sets where its top begins: a line starting further left ends it.
    first = next((n for n in range(spot.line) if spot.content(n)), None)
    if first is None or spot.read(first).indent <= spot.read(spot.line).indent:
        return None
    line = spot.read(first)
    what = f"'{line.key}:', the first field of the file," if line.key and line.dash is None else "the first line"
    return first, (
        f"{what} is indented, so YAML takes a line further left, such as line {spot.line + 1}, for the start of "
        f"something else: remove the {_spaces(line.indent)} at the start of this line"
    )


def _no_name(spot: _Spot) -> tuple[int, str] | None:
    if spot.kind != "structure" or not spot.lines[spot.line].strip().removeprefix("- ").startswith(":"):
        return None
    return spot.line, "this line starts with ':', with no field name before it: write the name, such as 'title:'"


CHECKS = (
    _tab,
    _odd_space,
    _dash_without_space,
    _no_space_after_colon,
    _unclosed_quote,
    _escape,
    _colon,
    _no_colon,
    _flow,
    _reserved,
    _left_over,
    _missing_dash,
    _misaligned,
    _no_name,
    _document_end,
)


def _general(spot: _Spot) -> str:
    """For a mistake none of the checks recognise: what to look at, then PyYAML's words in brackets."""
    words = "; ".join(part for part in (spot.context, spot.problem) if part)
    line = spot.read(spot.line)
    if line.key is not None and line.value:
        value = (
            f"if {_the(line.key)} holds any of the characters : # ' \" [ ] {{ }} * & ! | > @ `, {_put_in_quotes(line)}"
        )
    else:
        value = "each field is written 'name: value', with a space after the colon"
    return (
        f"YAML cannot read this line: check that it is indented with spaces exactly like the lines it belongs "
        f"with, and {value} ({RAW_WORDS}: {words})"
    )


# Text YAML reads without an error but not as the author meant: found by the caller, worded here.


def lost_after_hash(text: str, number: int, column: int) -> str:
    """The message for ' #…' after a plain value on line `number` (0-based) of `text`, where YAML starts a
    comment and drops the rest of the line (YAML 1.1, comments: one starts at ' #'). `column` is where the
    value ends. Never raises."""
    lines = LINE_BREAK.split(text)
    source = lines[number] if 0 <= number < len(lines) else ""
    lost = source[column:].strip()
    line = read_line(source)
    tail = "(if it is a comment, put a space after the '#')"
    if line.key is None:
        return f"YAML reads ' #' as the start of a comment, so '{lost}' is left out: put the text in quotes {tail}"
    if source[:column].strip().endswith(":"):
        what = f"so '{line.key}' gets no value and '{lost}' is left out"
    else:
        what = f"so '{lost}' is left out of {_the(line.key)}"
    return f"YAML reads ' #' as the start of a comment, {what}: {_put_in_quotes(line)} {tail}"


def tag_at_start(text: str, number: int, tag: str) -> str:
    """The message for a value on line `number` (0-based) of `text` that starts with '!', which YAML reads
    as the name of a type (a tag, YAML 1.1, node tags) and drops from the text. Never raises."""
    lines = LINE_BREAK.split(text)
    line = read_line(lines[number] if 0 <= number < len(lines) else "")
    if line.key is None or not line.value.startswith("!"):
        return f"YAML reads '{tag}' at the start of a value as the name of a type, not as text: put the text in quotes"
    return f"{_the(line.key)} starts with '!', {RESERVED['!']} ('{tag}'), not text: {_put_in_quotes(line)}"


def anchor_or_alias(text: str, number: int) -> str:
    """The message for an anchor (&name) or alias (*name) found on line `number` (0-based) of `text`:
    refused (YAML 1.1 anchors and aliases let one value repeat another, and PyYAML expands them); when it
    starts a field's value, the author may have meant '*' or '&' as text, and is told how to keep it.
    Returns the message; never raises."""
    message = "YAML anchors (&) and aliases (*) are not allowed; write the value out in full"
    lines = LINE_BREAK.split(text)
    line = read_line(lines[number] if 0 <= number < len(lines) else "")
    if line.key is None or line.value[:1] not in ("&", "*"):
        return message
    return f"{message}; if the '{line.value[0]}' is part of {_the(line.key)}, {_put_in_quotes(line)}"


def new_item_without_dash(key: str, first: int, item: str) -> str:
    """The message for a field written a second time in one list item when it is that item's first field:
    a new item whose '- ' was forgotten (YAML 1.1 block sequences: each item starts with '- '). key: the
    field's name; first: the 1-based line of the first one; item: what an item is called ("link").
    Returns the message; never raises."""
    return (
        f"'{key}' appears a second time in this {item} (first on line {first}), so a new {item} starts here "
        f"without its '- ': start each {item} with '- ', as in '- {key}:', lined up with the '-' above"
    )
