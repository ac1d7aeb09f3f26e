"""The author's own text editor, for what is more than one line: a link's note (`invoke link --edit`) and
the week's reflection (`invoke reflect`)."""

from __future__ import annotations

import errno
import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from learnlog.linknote import LinkError

# Editors that open a file at a line given as +LINE before its name.
LINE_EDITORS = ("vi", "vim", "nvim", "view", "nano", "pico", "emacs", "emacsclient", "micro", "kak", "joe", "mg")
# In the file a note is written in, this line and what follows it are left out of the note.
GUIDE = "~~~ Write your note above this line, in Markdown. Save and close the editor to save the link. ~~~"


def editor_setting(environment: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """("VISUAL", its value) when $VISUAL is set (not blank), else ("EDITOR", its value), else None."""
    environment = os.environ if environment is None else environment
    for name in ("VISUAL", "EDITOR"):
        if (environment.get(name) or "").strip():
            return name, environment[name]
    return None


def editor_command(path: Path, line: int, environment: Mapping[str, str] | None = None) -> list[str] | None:
    """The command that opens `path` in the author's editor ($VISUAL, else $EDITOR: a command with its options,
    split as a shell would), at `line` for editors that take +LINE (LINE_EDITORS); None when neither is set.
    Raises LinkError when the variable cannot be read as a command (an unclosed quote, or no program in it).
    Whether its program exists is check_editor's to say."""
    setting = editor_setting(environment)
    if setting is None:
        return None
    name, editor = setting
    try:
        command = shlex.split(editor)
    except ValueError as error:  # such as an unclosed quote
        raise LinkError(f"${name} {editor!r} cannot be read as a command ({error}); correct it") from None
    if not command or not command[0]:
        raise LinkError(f"${name} {editor!r} names no program; set it to your editor, such as export {name}=nano")
    at_line = [f"+{line}"] if Path(command[0]).name in LINE_EDITORS else []
    return [*command, *at_line, str(path)]


def check_editor(environment: Mapping[str, str] | None = None) -> None:
    """Make sure the author's editor ($VISUAL, else $EDITOR) can be started, before anything is written for it:
    it can be read as a command (editor_command) and its program is one that can be run (_cannot_run).
    Raises LinkError, naming the variable, the program and the fix, when it cannot; nothing when neither
    variable is set."""
    command = editor_command(Path("-"), 1, environment)
    problem = command and _cannot_run(command[0], _variable(environment))
    if problem:
        raise LinkError(problem)


def run_editor(command: list[str], environment: Mapping[str, str] | None = None) -> None:
    """Run the editor (a command from editor_command, chosen by `environment`'s $VISUAL or $EDITOR) and wait
    for it. Raises LinkError, naming the variable and the fix, when it cannot be started (as check_editor
    says, or a script whose first line names a program that is not installed, or that has no such line) or
    ends with an error (a non-zero exit code, or stopped by a signal)."""
    name = _variable(environment)
    problem = _cannot_run(command[0], name)
    if problem:
        raise LinkError(problem)
    try:
        code = subprocess.run(command, check=False).returncode
    except OSError as error:
        if error.errno == errno.ENOENT:  # the program was found: the one its #! line names was not
            why = "its first line, #!…, names a program that is not installed"
        elif error.errno == errno.ENOEXEC:
            why = "it is a file this computer cannot run; a script needs a first line such as #!/bin/sh"
        else:
            why = error.strerror or str(error)
        raise LinkError(f"the editor {command[0]!r} could not be started ({why}); check ${name}") from None
    if code < 0:
        raise LinkError(f"the editor {command[0]!r} was stopped (signal {-code})")
    if code != 0:
        raise LinkError(f"the editor {command[0]!r} ended with an error (exit code {code})")


def _variable(environment: Mapping[str, str] | None) -> str:
    """The variable the editor's command comes from, for messages: VISUAL or EDITOR."""
    setting = editor_setting(environment)
    return setting[0] if setting else "EDITOR"


def _cannot_run(program: str, name: str) -> str | None:
    """None when `program` (from the variable `name`) is one that can be run: found on $PATH as the shell
    would (shutil.which), or at that path when it has a '/'; else why not and the fix."""
    if shutil.which(program):
        return None
    fix = f"set {name} to the command that starts your editor, such as export {name}=nano"
    if "/" not in program:
        return f"${name} names the program {program!r}, which is not installed (not on your PATH); {fix}"
    if Path(program).is_dir():
        return f"${name} names {program!r}, which is a folder, not a program; {fix}"
    if Path(program).exists():
        return (
            f"${name} names {program!r}, which is not a program you may run; make it one with "
            f"chmod +x {shlex.quote(program)}, or {fix}"
        )
    return f"${name} names {program!r}, and there is no such file; correct the path, or {fix}"


def note_in_editor(title: str, environment: Mapping[str, str] | None = None) -> str:
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
        run_editor(command, environment)
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
