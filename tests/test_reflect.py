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
from link_notes.parsing import parse_links_file

from learnlog.editor import editor_command
from learnlog.linknote import LinkError
from learnlog.reflect import open_reflection

WEEK = "2026-W48.yaml"
DAY = "2026-11-24"


def links_of(data: bytes) -> list[dict]:
    parsed = parse_links_file(data, 10**6, str)
    assert not parsed["problems"], parsed["problems"]
    return [{k: v for k, v in link.items() if k not in ("line", "tags_line")} for link in parsed["links"]]


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
    assert new.decode("utf-8").lstrip("\ufeff").splitlines()[line - 1] == "summary: |"
    assert links_of(new) == links_of(old.encode("utf-8"))
    assert site.build().returncode == 0
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


def run_invoke(project: Path, *arguments: str, editor: str | None = None, stdin: str = "") -> str:
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(project)}
    if editor:
        environment["EDITOR"] = editor
    finished = subprocess.run(
        [sys.executable, "-m", "invoke", *arguments], cwd=project, input=stdin, capture_output=True, text=True,
        env=environment, timeout=120,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return finished.stdout


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
