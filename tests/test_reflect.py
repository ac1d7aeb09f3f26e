"""`invoke reflect` (the week's summary, in the author's editor) and notes over several lines for
`invoke link` (`--note -` from standard input, `--edit` in the editor)."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import Site, copy_of_project
from learnlog_core.yaml_messages import LINE_BREAK
from link_notes.parsing import parse_links_file

from learnlog.editor import check_editor, editor_command
from learnlog.linknote import LinkError
from learnlog.reflect import editor_failed, open_reflection

WEEK = "2026-W48.yaml"
DAY = "2026-11-24"


def links_of(data: bytes) -> list[dict]:
    parsed = parse_links_file(data, 10**6, str)
    assert not parsed["problems"], parsed["problems"]
    return [{k: v for k, v in link.items() if k not in ("line", "tags_line", "via_line")} for link in parsed["links"]]


@pytest.mark.parametrize(
    ("old", "added", "line"),
    [
        (  # a plain list, with a comment above it: the list stays as it is, under links:
            "# Week 48\n- url: https://example.org/a\n  title: A  # mine\n  date: 2026-11-24\n",
            "summary: |\n  \nlinks:\n",
            2,
        ),
        ("links:\n  - url: https://example.org/a\n    title: A\n    date: 2026-11-24\n", "summary: |\n  \n", 1),
        (  # Windows line endings and a byte order mark are kept
            "\ufeff# Week 48\r\n- url: https://example.org/a\r\n  title: A\r\n  date: 2026-11-24\r\n",
            "summary: |\r\n  \r\nlinks:\r\n",
            2,
        ),
    ],
)
def test_a_summary_is_put_in_front_and_every_byte_is_kept(tmp_path, old, added, line):
    site = Site(tmp_path)
    path = site.links(WEEK, old.encode("utf-8"))
    opened = open_reflection(site.content, DAY, "Europe/London")
    new = path.read_bytes()
    assert (opened.path, opened.line, opened.changed) == (path, line, True)
    assert new.replace(added.encode(), b"", 1) == old.encode("utf-8")
    assert LINE_BREAK.split(new.decode("utf-8").lstrip("\ufeff"))[line - 1] == "summary: |"
    assert links_of(new) == links_of(old.encode("utf-8"))
    assert site.build().returncode == 0
    again = open_reflection(site.content, DAY, "Europe/London")
    assert (again.line, again.changed) == (line, False) and path.read_bytes() == new


HEADER = "# Week 48: links I saved from 23–29 November 2026."
SHAPES = {  # the file's lines; where the new lines go (None: after them); them; the line of summary: |
    "a plain list": (
        ["# Week 48", "# saved this week", "- url: https://example.org/a", "  title: A", "  date: 2026-11-24"],
        2, ["summary: |", "  ", "links:"], 3,
    ),
    "links:": (
        ["# Week 48", "", "links:", "  - url: https://example.org/a", "    title: A", "    date: 2026-11-24"],
        2, ["summary: |", "  "], 3,
    ),
    "only comments": (["# Week 48", "# nothing saved yet"], None, [HEADER, "summary: |", "  ", "links: []"], 4),
    "only blank lines": (["", "  "], None, [HEADER, "summary: |", "  ", "links: []"], 4),
}  # fmt: skip


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("final", [True, False], ids=["final line break", "no final line break"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_the_lines_added_end_as_the_files_do_and_the_line_is_counted_as_yaml_does(tmp_path, shape, final, newline):
    lines, at, added, line = SHAPES[shape]
    old = (newline.join(lines) + (newline if final else "")).encode()
    if at is None:  # after the file's lines: its last line gets the line break it may lack
        expected = newline.join([*lines, *added]) + newline
    else:
        expected = newline.join([*lines[:at], *added, *lines[at:]]) + (newline if final else "")
    site = Site(tmp_path)
    path = site.links(WEEK, old)
    opened = open_reflection(site.content, DAY, "Europe/London")
    new = path.read_bytes()
    assert new == expected.encode()
    assert set(LINE_BREAK.findall(new.decode())) == {newline}  # one kind of line ending throughout
    assert (opened.line, opened.changed) == (line, True)
    assert LINE_BREAK.split(new.decode())[line - 1] == "summary: |"
    if at is not None:
        assert links_of(new) == links_of(old) and len(links_of(new)) == 1
    again = open_reflection(site.content, DAY, "Europe/London")
    assert (again.line, again.changed) == (line, False) and path.read_bytes() == new


def test_a_new_week_gets_a_file_that_invoke_link_adds_to(tmp_path):
    from learnlog.linknote import add_link

    site = Site(tmp_path)
    opened = open_reflection(site.content, "2026-12-09", "Europe/London")
    assert opened.path.read_text() == ("# Week 50: links I saved from 7–13 December 2026.\nsummary: |\n  \nlinks: []\n")
    assert opened.line == 2
    add_link(site.content, "https://example.org/x", "X", when="2026-12-09 10:00", timezone="Europe/London")
    assert len(links_of(opened.path.read_bytes())) == 1


def test_a_file_with_problems_is_refused_and_left_as_it_was(tmp_path):
    site = Site(tmp_path)
    path = site.links(WEEK, b"- url: https://example.org/a\n  title: A\n")
    with pytest.raises(LinkError, match="has problems; fix them first: line 1"):
        open_reflection(site.content, DAY, "Europe/London")
    assert path.read_bytes() == b"- url: https://example.org/a\n  title: A\n"


def test_the_editor_opens_at_the_summary_where_it_can():
    path = Path("content/links/2026-W48.yaml")
    assert editor_command(path, 2, {"EDITOR": "nano"}) == ["nano", "+2", str(path)]
    assert editor_command(path, 2, {"VISUAL": "/usr/bin/vim -u NONE", "EDITOR": "nano"}) == [
        "/usr/bin/vim", "-u", "NONE", "+2", str(path),
    ]  # fmt: skip
    assert editor_command(path, 2, {"EDITOR": "code --wait"}) == ["code", "--wait", str(path)]
    assert editor_command(path, 2, {}) is None


FAKE_EDITOR = textwrap.dedent(
    """\
    import sys
    from pathlib import Path
    Path(sys.argv[1]).write_text(repr(sys.argv[2:]))
    path = Path(sys.argv[-1])
    text = path.read_text()
    if "summary: |" in text:
        path.write_text(text.replace("summary: |\\n  \\n", "summary: |\\n  What I learned this week.\\n", 1))
    else:
        path.write_text("Written in the editor.\\n\\n- a list\\n- of points\\n" + text)
    """
)


def run_invoke(project: Path, *arguments: str, editor: str | None = None, stdin: str = "", status: int = 0) -> str:
    """What the command printed (standard output, then standard error), after checking its exit status."""
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(project)}
    if editor:
        environment["EDITOR"] = editor
    finished = subprocess.run(
        [sys.executable, "-m", "invoke", *arguments], cwd=project, input=stdin, capture_output=True, text=True,
        env=environment, timeout=120,
    )  # fmt: skip
    assert finished.returncode == status, finished.stdout + finished.stderr
    assert "Traceback" not in finished.stderr
    return finished.stdout + finished.stderr


def test_invoke_reflect_and_notes_over_several_lines(tmp_path):
    project = copy_of_project(tmp_path)
    (tmp_path / "editor.py").write_text(FAKE_EDITOR)
    editor = f"{sys.executable} {tmp_path / 'editor.py'} {tmp_path / 'args.txt'}"
    week = project / "content" / "links" / "2026-W46.yaml"
    before = week.read_bytes()
    said = run_invoke(project, "reflect", "--date", "2026-11-10", editor=editor)
    assert "Added 'summary: |' to content/links/2026-W46.yaml:2; every link in the file is as it was." in said
    assert (
        week.read_text().startswith("# Week 46")
        and "summary: |\n  What I learned this week.\nlinks:\n" in week.read_text()
    )
    assert links_of(week.read_bytes()) == links_of(before)
    said = run_invoke(project, "reflect", "--date", "2026-11-10")
    assert "Write the week's reflection under 'summary: |' in content/links/2026-W46.yaml:2" in said
    run_invoke(project, "link", "https://example.org/piped", "--title", "Piped", "--note", "-", "--date", DAY,
               stdin="Line one.\n\nLine **two**.\n")  # fmt: skip
    run_invoke(
        project, "link", "https://example.org/edited", "--title", "Edited", "--edit", "--date", DAY, editor=editor
    )
    notes = {link["url"]: link["note"] for link in parse_links_file(
        (project / "content" / "links" / WEEK).read_bytes(), 10**6, str)["links"]}  # fmt: skip
    assert notes["https://example.org/piped"] == "Line one.\n\nLine **two**."
    assert notes["https://example.org/edited"] == "Written in the editor.\n\n- a list\n- of points"
    assert subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=project, capture_output=True).returncode == 0


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("pass", "the note was left empty; write it above the ~~~ line"),
        ("path.write_text(path.read_text() + 'Written below the line.')", "the note must be written above the line"),
        ("raise SystemExit(3)", "ended with an error"),
    ],
)
def test_a_note_the_editor_leaves_empty_or_below_the_line_saves_nothing(tmp_path, script, message):
    from learnlog.editor import note_in_editor

    editor = tmp_path / "editor.py"
    editor.write_text(f"import sys\nfrom pathlib import Path\npath = Path(sys.argv[-1])\n{script}\n")
    with pytest.raises(LinkError, match=message):
        note_in_editor("A page", {"EDITOR": f"{sys.executable} {editor}"})


@pytest.mark.parametrize(
    ("script", "editor", "message"),
    [
        ("pass", 'nano "--x', "cannot be read as a command (No closing quotation); correct it"),
        ("path.unlink()", None, "the editor removed the note's file"),
        ("path.write_bytes(b'caf\\xe9\\n' + path.read_bytes())", None, "the note is not UTF-8 text"),
    ],
)
def test_an_editor_that_cannot_run_or_breaks_the_note_saves_nothing_and_says_why(tmp_path, script, editor, message):
    from learnlog.editor import note_in_editor

    program = tmp_path / "editor.py"
    program.write_text(f"import sys\nfrom pathlib import Path\npath = Path(sys.argv[-1])\n{script}\n")
    with pytest.raises(LinkError, match=re.escape(message)):
        note_in_editor("A page", {"EDITOR": editor or f"{sys.executable} {program}"})


def shell_editor(folder: Path, script: str, name: str = "editor.sh", executable: bool = True) -> Path:
    """A real editor program for the tests: a shell script that gets the command's arguments."""
    folder.mkdir(exist_ok=True)
    program = folder / name
    program.write_text(script)
    program.chmod(0o755 if executable else 0o644)
    return program


def test_the_editor_is_given_the_line_of_summary_in_a_file_with_cr_line_endings(tmp_path):
    project = copy_of_project(tmp_path)
    # named vi, so it is given +LINE; it writes down what it was given
    vi = shell_editor(tmp_path / "bin", '#!/bin/sh\nprintf "%s\\n" "$@" > "$(dirname "$0")/given.txt"\n', "vi")
    week = project / "content" / "links" / "2026-W46.yaml"
    old = week.read_bytes().replace(b"\n", b"\r")
    week.write_bytes(b"# saved in old Mac style\r" + old)
    said = run_invoke(project, "reflect", "--date", "2026-11-10", editor=str(vi))
    assert "Added 'summary: |' to content/links/2026-W46.yaml:3;" in said
    assert (tmp_path / "bin" / "given.txt").read_text().splitlines() == ["+4", str(week)]  # the line under it
    new = week.read_bytes()
    assert LINE_BREAK.split(new.decode())[2] == "summary: |" and b"\n" not in new
    assert links_of(new) == links_of(old)


def test_a_reflection_written_so_the_file_no_longer_builds_is_reported_at_once(tmp_path):
    """The editor closed without an error, but the text is not indented under 'summary: |': the build's own
    message is printed, with the line, and the command exits 1; the author's text is kept."""
    project = copy_of_project(tmp_path)
    appends = shell_editor(tmp_path / "bin", '#!/bin/sh\nprintf "This week I slowed down.\\n" >> "$1"\n', "append")
    said = run_invoke(project, "reflect", "--date", "2026-11-10", editor=str(appends), status=1)
    assert "The week's file has 1 problem to fix:\n  content/links/2026-W46.yaml:" in said
    week = project / "content" / "links" / "2026-W46.yaml"
    assert week.read_text().endswith("This week I slowed down.\n")
    fine = shell_editor(tmp_path / "bin2", "#!/bin/sh\nexit 0\n", "fine")
    said = run_invoke(project, "reflect", "--date", "2026-11-17", editor=str(fine))
    assert "Saved. content/links/2026-W47.yaml builds as it is." in said


UNRUNNABLE = {  # EDITOR, made from the test's folder; what the command says
    "not installed": (lambda folder: "no-such-editor --wait", "Nothing was changed: $EDITOR names the program "
                      "'no-such-editor', which is not installed (not on your PATH); set EDITOR to the command that "
                      "starts your editor, such as export EDITOR=nano."),
    "an unclosed quote": (lambda folder: 'vi "--x', """Nothing was changed: $EDITOR 'vi "--x' cannot be read as a """
                          "command (No closing quotation); correct it."),
    "no program": (lambda folder: '"" --wait', """Nothing was changed: $EDITOR '"" --wait' names no program; set """
                   "it to your editor, such as export EDITOR=nano."),
    "a folder": (lambda folder: str(folder), "which is a folder, not a program; set EDITOR to the command"),
    "not executable": (
        lambda folder: str(shell_editor(folder / "bin", "#!/bin/sh\nexit 0\n", executable=False)),
        "which is not a program you may run; make it one with chmod +x ",
    ),
    "no such file": (lambda folder: str(folder / "nano"), "and there is no such file; correct the path, or set EDITOR"),
}  # fmt: skip


@pytest.mark.parametrize("week", ["2026-11-10", "2026-12-09"], ids=["a plain list", "no file yet"])
@pytest.mark.parametrize("case", UNRUNNABLE)
def test_an_editor_that_cannot_be_started_is_found_out_before_the_file_is_changed(tmp_path, case, week):
    project = copy_of_project(tmp_path)
    links = project / "content" / "links"
    before = {path.name: path.read_bytes() for path in links.iterdir()}
    editor, message = UNRUNNABLE[case]
    said = run_invoke(project, "reflect", "--date", week, editor=editor(tmp_path), status=1)
    assert message in said and "Added" not in said
    assert {path.name: path.read_bytes() for path in links.iterdir()} == before


def test_visual_comes_first_and_is_named_when_it_cannot_be_started():
    with pytest.raises(LinkError, match=re.escape("$VISUAL names the program 'no-such-editor', which is not")):
        check_editor({"VISUAL": "no-such-editor", "EDITOR": "vi"})
    check_editor({"VISUAL": " ", "EDITOR": "sh"})  # a blank VISUAL is not set
    check_editor({})  # no editor: invoke reflect says where to write


FAILING = {  # the editor's script; what the command says about it
    "exits with an error": ("#!/bin/sh\nexit 3\n", "ended with an error (exit code 3)"),
    "has no #! line": ("exit 0\n", "could not be started (it is a file this computer cannot run; a script needs a "
                                   "first line such as #!/bin/sh); check $EDITOR"),
    "names a missing program in its #! line": (
        "#!/no/such/shell\nexit 0\n",
        "could not be started (its first line, #!…, names a program that is not installed); check $EDITOR",
    ),
}  # fmt: skip


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize("case", FAILING)
def test_when_the_editor_fails_the_lines_added_are_taken_out_again(tmp_path, case, newline):
    project = copy_of_project(tmp_path)
    script, problem = FAILING[case]
    editor = shell_editor(tmp_path / "bin", script)
    week = project / "content" / "links" / "2026-W46.yaml"
    week.write_bytes(week.read_bytes().replace(b"\n", newline.encode()))
    before = week.read_bytes()
    said = run_invoke(project, "reflect", "--date", "2026-11-10", editor=str(editor), status=1)
    assert "Added 'summary: |' to content/links/2026-W46.yaml:2;" in said
    assert (
        f"Nothing was changed: the editor {str(editor)!r} {problem}; the lines added to content/links/2026-W46.yaml "
        "were taken out again, so it is as it was." in said
    )
    assert week.read_bytes() == before


def test_when_the_editor_fails_a_file_made_for_it_is_removed_again(tmp_path):
    project = copy_of_project(tmp_path)
    editor = shell_editor(tmp_path / "bin", "#!/bin/sh\nexit 3\n")
    said = run_invoke(project, "reflect", "--date", "2026-12-09", editor=str(editor), status=1)
    assert (
        f"Nothing was changed: the editor {str(editor)!r} ended with an error (exit code 3); "
        "content/links/2026-W50.yaml, made for the reflection, was removed again." in said
    )
    assert not (project / "content" / "links" / "2026-W50.yaml").exists()
    site = Site(tmp_path / "site")  # its content folder has no links folder: it is made, and removed again
    site.folder.mkdir(exist_ok=True)
    opened = open_reflection(site.content, "2026-12-09", "Europe/London")
    assert opened.path.parent.is_dir()
    editor_failed(opened, site.content, "the editor 'x' ended with an error (exit code 3)")
    assert not (site.content / "links").exists()


def test_when_the_editor_fails_after_changing_the_file_it_is_left_and_what_was_added_is_said(tmp_path):
    project = copy_of_project(tmp_path)
    editor = shell_editor(tmp_path / "bin", '#!/bin/sh\nprintf "# half a thought\\n" >> "$1"\nexit 1\n')
    week = project / "content" / "links" / "2026-W46.yaml"
    before = week.read_bytes()
    said = run_invoke(project, "reflect", "--date", "2026-11-10", editor=str(editor), status=1)
    assert (
        f"The editor {str(editor)!r} ended with an error (exit code 1). Before it started, 3 lines were added to "
        "content/links/2026-W46.yaml at line 2 ('summary: |', '  ', 'links:'); the file changed while the editor "
        "was open, so it was left as it is: write the reflection under 'summary: |', each line indented by two "
        "spaces, or delete those lines." in said
    )
    assert (
        week.read_bytes().endswith(b"\n# half a thought\n") and b"\nsummary: |\n  \nlinks:\n- url" in week.read_bytes()
    )
    assert links_of(week.read_bytes()) == links_of(before)


def test_when_the_editor_fails_on_a_file_that_had_a_summary_it_says_where_to_write(tmp_path):
    project = copy_of_project(tmp_path)
    editor = shell_editor(tmp_path / "bin", "#!/bin/sh\nexit 3\n")
    week = project / "content" / "links" / "2026-W48.yaml"
    before = week.read_bytes()
    said = run_invoke(project, "reflect", "--date", DAY, editor=str(editor), status=1)
    assert (
        f"The editor {str(editor)!r} ended with an error (exit code 3); the reflection goes under 'summary: |' in "
        "content/links/2026-W48.yaml:2." in said
    )
    assert "Added" not in said and week.read_bytes() == before


def test_when_the_editor_is_stopped_with_ctrl_c_the_lines_added_are_taken_out_again(tmp_path):
    project = copy_of_project(tmp_path)
    editor = shell_editor(tmp_path / "bin", "#!/bin/sh\nkill -INT $PPID\nexec sleep 30\n")  # Ctrl+C reaches invoke too
    week = project / "content" / "links" / "2026-W46.yaml"
    before = week.read_bytes()
    said = run_invoke(project, "reflect", "--date", "2026-11-10", editor=str(editor), status=130)
    assert (
        f"Nothing was changed: the editor {str(editor)!r} was stopped with Ctrl+C; the lines added to "
        "content/links/2026-W46.yaml were taken out again, so it is as it was." in said
    )
    assert week.read_bytes() == before


def test_a_link_added_while_the_editor_was_open_is_kept_when_the_editor_fails(tmp_path):
    from learnlog.linknote import add_link

    site = Site(tmp_path)
    opened = open_reflection(site.content, "2026-12-09", "Europe/London")
    add_link(site.content, "https://example.org/x", "X", when="2026-12-09 10:00", timezone="Europe/London")
    written = opened.path.read_bytes()
    said = editor_failed(opened, site.content, "the editor 'x' ended with an error (exit code 3)")
    assert said == (
        "The editor 'x' ended with an error (exit code 3). Before it started, content/links/2026-W50.yaml was made "
        "for the reflection ('# Week 50: links I saved from 7–13 December 2026.', 'summary: |', '  ', 'links: []'); "
        "the file changed while the editor was open, so it was left as it is: write the reflection under "
        "'summary: |', each line indented by two spaces, or delete those lines."
    )
    assert opened.path.read_bytes() == written and len(links_of(written)) == 1
