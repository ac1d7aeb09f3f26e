"""The author's own text editor, for what is more than one line: a link's note (`invoke link --edit`) and
the week's reflection (`invoke reflect`)."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from learnlog.linknote import LinkError

# Editors that open a file at a line given as +LINE before its name.
LINE_EDITORS = ("vi", "vim", "nvim", "view", "nano", "pico", "emacs", "emacsclient", "micro", "kak", "joe", "mg")
# In the file a note is written in, this line and what follows it are left out of the note.
GUIDE = "~~~ Write your note above this line, in Markdown. Save and close the editor to save the link. ~~~"


def editor_command(path: Path, line: int, environment: dict[str, str] | None = None) -> list[str] | None:
    """The command that opens `path` in the author's editor ($VISUAL, else $EDITOR: a command with its options,
    split as a shell would), at `line` for editors that take +LINE (LINE_EDITORS); None when neither is set.
    Raises LinkError when the variable cannot be read as a command (an unclosed quote)."""
    environment = os.environ if environment is None else environment
    editor = environment.get("VISUAL") or environment.get("EDITOR")
    if not editor or not editor.strip():
        return None
    try:
        command = shlex.split(editor)
    except ValueError as error:  # such as an unclosed quote
        raise LinkError(f"$EDITOR {editor!r} cannot be read as a command ({error}); correct it") from None
    at_line = [f"+{line}"] if Path(command[0]).name in LINE_EDITORS else []
    return [*command, *at_line, str(path)]


def run_editor(command: list[str]) -> int:
    """Run the editor and wait for it; its exit code. Raises LinkError when it cannot be started."""
    try:
        return subprocess.run(command, check=False).returncode
    except OSError as error:
        raise LinkError(
            f"the editor {command[0]!r} could not be started ({error.strerror or error}); check $EDITOR"
        ) from None


def note_in_editor(title: str, environment: dict[str, str] | None = None) -> str:
    """A link's note, written by the author in their editor ($VISUAL or $EDITOR) in a temporary file that
    names the link `title`: the text above the GUIDE line, without spaces at its ends. Raises LinkError when
    no editor is set, it cannot be started or ends with an error, the note is empty, or text was written
    below the GUIDE line (it would be lost): then nothing is saved."""
    environment = os.environ if environment is None else environment
    with tempfile.TemporaryDirectory(prefix="learnlog-note-") as folder:
        path = Path(folder) / "note.md"
        path.write_text(f"\n\n{GUIDE}\nThe link: {title}\n", encoding="utf-8")
        command = editor_command(path, 1, environment)
        if command is None:
            raise LinkError(
                "--edit opens your editor, but none is set: set EDITOR (such as export EDITOR=nano), "
                "or give the note with --note, or --note - to type it here"
            )
        if run_editor(command) != 0:
            raise LinkError(f"the editor {command[0]!r} ended with an error")
        try:
            text = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            raise LinkError("the editor removed the note's file, so there is no note") from None
        except UnicodeDecodeError:
            raise LinkError(
                "the note is not UTF-8 text; set your editor to save in UTF-8, and write it again"
            ) from None
    above, guide, below = text.partition(GUIDE)
    if not guide or below.strip() != f"The link: {title}":
        raise LinkError(
            f"the note must be written above the line {GUIDE[:20]}…, and that line and the one below it kept as "
            "they are; write the note again, above it"
        )
    if not above.strip():
        raise LinkError("the note was left empty; write it above the ~~~ line, or leave out --edit to save no note")
    return above.strip()
