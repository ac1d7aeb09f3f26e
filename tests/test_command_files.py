"""What `invoke link`, `invoke reflect` and `invoke new-post` write: only files of the project, in the
file's own line endings."""

from __future__ import annotations

import os

import pytest
from link_notes.parsing import parse_links_file

from learnlog.linknote import LinkError, add_link
from learnlog.newpost import NewPostError, create_post
from learnlog.reflect import open_reflection


def test_a_week_file_that_links_outside_the_project_is_neither_read_nor_written(site, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "outside.yaml"
    outside.write_text("- url: https://secret.example/\n  title: SECRET OUTSIDE\n  date: 2026-09-30\n")
    (site.content / "links").mkdir()
    week = site.content / "links" / "2026-W40.yaml"
    week.symlink_to(outside)
    with pytest.raises(LinkError, match="outside the project"):
        add_link(site.content, "https://n.example/", "T", when="2026-10-01")
    with pytest.raises(LinkError, match="outside the project"):
        open_reflection(site.content, "2026-10-01", "UTC")
    assert week.is_symlink() and "n.example" not in outside.read_text()


def test_a_week_file_that_links_inside_the_project_is_left_as_a_link(site):
    (site.content / "links").mkdir()
    real = site.content / "links" / "real.yaml"
    real.write_text("- url: https://a.example/\n  title: A\n  date: 2026-09-30\n")
    week = site.content / "links" / "2026-W40.yaml"
    week.symlink_to(real)
    with pytest.raises(LinkError, match="is a link to .*real.yaml; a command would replace the link with a file"):
        add_link(site.content, "https://n.example/", "T", when="2026-10-01")
    assert week.is_symlink()


def test_a_links_or_posts_folder_that_leads_outside_gets_nothing(site, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (site.content / "links").symlink_to(elsewhere)
    with pytest.raises(LinkError, match="outside the project"):
        add_link(site.content, "https://n.example/", "T", when="2026-10-01")
    os.rmdir(site.content / "posts")
    (site.content / "posts").symlink_to(elsewhere)
    with pytest.raises(NewPostError, match="outside the project"):
        create_post(site.content, "A post", when="2026-10-01")
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"], ids=["CR", "CRLF", "LF"])
@pytest.mark.parametrize(
    "old",
    [
        "summary: |{n}  Hi{n}links:{n}  - url: https://a.example/x{n}    title: A{n}    date: 2026-09-30{n}",
        "# mine{n}# more{n}- url: https://a.example/x{n}  title: A{n}  date: 2026-09-30",
    ],
    ids=["summary and links", "comments and a plain list"],
)
def test_a_link_is_added_in_the_file_s_own_line_endings(site, newline, old):
    (site.content / "links").mkdir()
    week = site.content / "links" / "2026-W40.yaml"
    week.write_bytes(old.format(n=newline).encode())
    added = add_link(site.content, "https://new.example/p", "New", when="2026-10-01")
    new = week.read_bytes().decode()
    assert new.startswith(old.format(n=newline))
    others = {"\r": ("\n",), "\r\n": ("\n\r", "\r\r"), "\n": ("\r",)}[newline]
    assert not any(other in new.replace("\r\n", "") if newline == "\r\n" else other in new for other in others)
    links = parse_links_file(new.encode(), 10**6, str)["links"]
    assert [link["url"] for link in links] == ["https://a.example/x", "https://new.example/p"]
    assert links[1]["line"] == added.line


def test_a_link_saved_while_the_reflection_is_open_is_kept(tmp_path, capfd):
    """The editor of `invoke reflect` writes back the whole file it read: `invoke link` waits (and says so)
    until it is closed, then adds its link to what the editor saved."""
    import subprocess
    import sys
    import time

    from conftest import copy_of_project

    project = copy_of_project(tmp_path)
    editor = tmp_path / "slow-editor"
    editor.write_text(
        '#!/bin/sh\ntext=$(cat "$1")\ntouch "$1.open"\nsleep 3\nprintf "%s\\n" "$text" | sed "s/^summary: |$/summary: |\\n  Slow and steady./" > "$1"\n'
    )
    editor.chmod(0o755)
    week = project / "content" / "links" / "2026-W46.yaml"
    reflect = subprocess.Popen(
        [sys.executable, "-m", "invoke", "reflect", "--date", "2026-11-10"],
        cwd=project, env={"PATH": "/usr/bin:/bin", "HOME": str(project), "EDITOR": str(editor)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not week.with_name(week.name + ".open").exists():
        assert time.monotonic() < deadline and reflect.poll() is None, reflect.stdout.read()
        time.sleep(0.05)
    add_link(project / "content", "https://example.org/meanwhile", "Meanwhile", when="2026-11-11", timezone="UTC")
    assert reflect.wait(timeout=60) == 0, reflect.stdout.read()
    assert "Waiting for another Learnlog command to finish" in capfd.readouterr().err
    parsed = parse_links_file(week.read_bytes(), 10**6, str)
    assert parsed["problems"] == [] and parsed["summary"] == "Slow and steady."
    assert "https://example.org/meanwhile" in [link["url"] for link in parsed["links"]]
