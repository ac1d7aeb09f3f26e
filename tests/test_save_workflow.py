"""The "Save a link" GitHub Actions workflow: both workflows pass actionlint and hand the inputs over safely, and
the steps its job runs (learnlog/save_link.py, as the workflow runs them) work in a clone of the project whose
origin is a real bare repository, with titles fetched from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from capture import settings as capture_settings
from conftest import ROOT, copy_of_project
from link_notes.parsing import parse_links_file
from test_authoring import WORKFLOW, actionlint
from test_link_command import Web, serve

from learnlog.save_link import SUBJECT_LIMIT, SaveError, branch_of, commit_message, github_error, link_arguments

SAVE_WORKFLOW = ROOT / ".github" / "workflows" / "save-link.yml"
BOT = "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Sam",
    "GIT_AUTHOR_EMAIL": "sam@example.org",
    "GIT_COMMITTER_NAME": "Sam",
    "GIT_COMMITTER_EMAIL": "sam@example.org",
}
TIMEZONE = "Europe/London"  # the sample's, which the copy of the project has


def test_both_workflows_pass_actionlint():
    assert actionlint(WORKFLOW, SAVE_WORKFLOW) == ""


def workflow(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_form_asks_for_the_link_and_the_job_hands_it_over_in_environment_variables_only():
    saving = workflow(SAVE_WORKFLOW)
    inputs = saving[True]["workflow_dispatch"]["inputs"]  # YAML 1.1 reads the key "on" as true
    assert list(inputs) == ["url", "title", "note", "tags", "via"]
    assert inputs["url"]["required"] is True and not any(inputs[name]["required"] for name in list(inputs)[1:])
    assert all(field["type"] == "string" and len(field["description"]) > 15 for field in inputs.values())
    [step] = [step for step in saving["jobs"]["save"]["steps"] if step.get("id") == "save"]
    assert step["run"] == ".venv/bin/python -m learnlog.save_link"
    assert step["env"] == {f"LINK_{name.upper()}": f"${{{{ inputs.{name} }}}}" for name in inputs}
    for path in (SAVE_WORKFLOW, WORKFLOW):  # no value of a form or an event is ever written into a script
        for job in workflow(path)["jobs"].values():
            for each in job.get("steps", []):
                assert "${{" not in each.get("run", ""), (path.name, each)
    # Saves run one after another, none cancelled; then the pushed commit is published by pages.yml.
    assert saving["jobs"]["save"]["concurrency"]["cancel-in-progress"] is False
    assert saving["jobs"]["save"]["concurrency"]["queue"] == "max"
    assert saving["jobs"]["save"]["permissions"] == {"contents": "write"}
    publish = saving["jobs"]["publish"]
    assert publish["needs"] == "save" and publish["uses"] == "./.github/workflows/pages.yml"
    assert publish["with"] == {"ref": "${{ needs.save.outputs.commit }}"}
    assert saving["jobs"]["save"]["outputs"]["commit"] == "${{ steps.save.outputs.commit }}"
    assert SAVE_WORKFLOW.name == capture_settings.WORKFLOW_FILE  # the file /save/ links to
    pages = workflow(WORKFLOW)
    assert pages[True]["workflow_call"]["inputs"]["ref"]["type"] == "string"
    assert {"push", "schedule", "workflow_dispatch"} <= set(pages[True])
    assert pages["jobs"]["build"]["steps"][0] == {"uses": "actions/checkout@v4", "with": {"ref": "${{ inputs.ref }}"}}


def test_values_are_options_with_an_equals_sign_and_the_subject_is_one_short_line():
    assert link_arguments({"url": "-x", "title": "--help", "note": "", "tags": "a, b", "via": None}) == [
        "--url=-x",
        "--title=--help",
        "--tags=a, b",
    ]
    assert commit_message("A\n  title", "https://example.org/") == "Save a link: A title\n\nhttps://example.org/\n"
    assert commit_message("", "https://example.org/x").startswith("Save a link: https://example.org/x\n")
    long = commit_message("word " * 40, "https://example.org/").splitlines()[0]
    assert len(long) == SUBJECT_LIMIT and long.endswith("…")


def test_it_pushes_to_a_branch_only_and_its_errors_show_on_the_runs_page():
    assert branch_of("refs/heads/notes/2026") == "notes/2026"
    for ref in ("refs/tags/v1", "", "refs/heads/"):
        with pytest.raises(SaveError, match="not on a branch; run it again and choose your site's branch"):
            branch_of(ref)
    assert github_error("50% done\r\nnext") == "::error title=The link was not saved::50%25 done%0D%0Anext"


# The script, run as the workflow runs it


@pytest.fixture(scope="module")
def web():
    """test_link_command's pages, served on 127.0.0.1: /utf8 is titled "Café culture & learning"."""
    server = serve(Web(("127.0.0.1", 0)), "127.0.0.1")
    yield server
    server.shutdown()
    server.server_close()


def git(folder: Path, *arguments: str) -> str:
    done = subprocess.run(
        ["git", *arguments], cwd=folder, env={**os.environ, **IDENTITY}, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def clone(tmp_path) -> Path:
    """A clone of a copy of the project, as GitHub's checkout gives it to the workflow, whose origin is the bare
    repository tmp_path/origin.git, branch main."""
    project = copy_of_project(tmp_path)
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", "origin.git")
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message=The site")
    git(project, "push", "--quiet", str(tmp_path / "origin.git"), "main")
    # As actions/checkout makes it: the branch's last commit alone (a shallow clone).
    git(tmp_path, "clone", "--quiet", "--depth=1", (tmp_path / "origin.git").as_uri(), "checkout")
    return tmp_path / "checkout"


def origin(clone: Path) -> Path:
    return clone.parent / "origin.git"


def run_save(clone: Path, actions: bool = False, **link: str) -> tuple[int, str]:
    """Run the workflow's step in `clone`: `python -m learnlog.save_link` with the inputs in LINK_* variables,
    GITHUB_REF and GITHUB_OUTPUT as GitHub Actions sets them (and GITHUB_ACTIONS=true when `actions`)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("LINK_", "GITHUB_"))}
    environment |= {f"LINK_{name.upper()}": value for name, value in link.items()}
    environment |= {"GITHUB_REF": "refs/heads/main", "GITHUB_OUTPUT": str(clone.parent / "github-output")}
    if actions:
        environment["GITHUB_ACTIONS"] = "true"
    finished = subprocess.run(
        [sys.executable, "-m", "learnlog.save_link"], cwd=clone, env=environment, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    return finished.returncode, finished.stdout + finished.stderr


def this_weeks_file() -> str:
    year, week, _ = datetime.now(ZoneInfo(TIMEZONE)).isocalendar()
    return f"content/links/{year}-W{week:02d}.yaml"


def saved_link(repository: Path, url: str) -> dict:
    """The link saved with `url` in the newest commit of main in `repository`, read as the build reads it."""
    [path] = git(repository, "show", "--name-only", "--format=", "main").splitlines()
    assert re.fullmatch(r"content/links/\d{4}-W\d{2}\.yaml", path), path
    parsed = parse_links_file(git(repository, "show", f"main:{path}").encode() + b"\n", 10**6, str)
    assert parsed["problems"] == []
    [link] = [link for link in parsed["links"] if link["url"] == url]
    return link


def test_a_link_is_saved_to_its_week_committed_by_the_bot_and_pushed(clone, web):
    week_before = this_weeks_file()
    url = f"{web.url}/utf8"
    code, output = run_save(clone, url=url, note="Culture eats strategy.", tags="culture, learning")
    assert code == 0, output
    assert f"Fetching the title of {url}…" in output and "Pushed “Save a link: Café culture & learning”" in output
    assert git(origin(clone), "log", "-1", "--format=%an <%ae>%n%s%n%n%b", "main") == (
        f"{BOT}\nSave a link: Café culture & learning\n\n{url}"
    )
    assert git(origin(clone), "show", "--name-only", "--format=", "main") in (week_before, this_weeks_file())
    link = saved_link(origin(clone), url)
    assert (link["title"], link["note"], link["tags"]) == ("Café culture & learning", "Culture eats strategy.", [
        "culture", "learning"
    ])  # fmt: skip
    # The publishing job is told which commit to build: the one origin now has.
    pushed = git(origin(clone), "rev-parse", "main")
    assert (clone.parent / "github-output").read_text() == f"commit={pushed}\n"
    assert git(clone, "status", "--porcelain", "--untracked-files=no") == ""


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.org/notes.txt", "must be a web address starting with https:// or http://, not 'ftp:'"),
        ("--help", "'--help'"),  # a value, not an option of invoke
    ],
)
def test_a_refused_link_commits_nothing_and_says_why(clone, url, reason):
    before = git(origin(clone), "rev-parse", "main")
    code, output = run_save(clone, actions=True, url=url, title="A title")
    assert code == 1, output
    assert "The link was not saved: " in output and reason in output, output
    assert "Nothing was committed: The link was not saved: " in output
    assert "::error title=The link was not saved::The link was not saved: " in output  # shown on the run's page
    assert "Traceback" not in output and "Usage:" not in output
    assert git(origin(clone), "rev-parse", "main") == before
    assert git(clone, "rev-parse", "HEAD") == before
    assert git(clone, "status", "--porcelain") == ""
    assert not (clone.parent / "github-output").exists()


def test_a_push_made_meanwhile_is_put_under_the_new_link(clone, tmp_path):
    """Someone pushed a post after the workflow's checkout: the first push is refused, the link's commit is put
    on top of theirs with git pull --rebase, and pushed."""
    git(tmp_path, "clone", "--quiet", "origin.git", "laptop")
    (tmp_path / "laptop" / "content" / "posts" / "2026-11-29-meanwhile.md").write_text("Title: Meanwhile\n\nText.\n")
    git(tmp_path / "laptop", "add", "--all")
    git(tmp_path / "laptop", "commit", "--quiet", "--message=A post from my laptop")
    git(tmp_path / "laptop", "push", "--quiet", "origin", "main")
    theirs = git(origin(clone), "rev-parse", "main")
    code, output = run_save(clone, url="https://example.org/spacing", title="Spacing")
    assert code == 0, output
    assert "Someone else pushed to main meanwhile; putting this link on top of their change." in output
    assert git(origin(clone), "log", "--format=%s", "-2", "main").splitlines() == [
        "Save a link: Spacing",
        "A post from my laptop",
    ]
    assert git(origin(clone), "rev-parse", "main^") == theirs
    assert saved_link(origin(clone), "https://example.org/spacing")["title"] == "Spacing"


def test_a_link_pushed_meanwhile_to_the_same_weeks_file_is_kept_and_the_new_one_saved_after_it(clone, tmp_path):
    """Both added a link at the end of this week's file: the rebase cannot put one after the other, so the link
    is saved again on top of what was pushed, and both are in the file."""
    git(tmp_path, "clone", "--quiet", "origin.git", "laptop")
    week = tmp_path / "laptop" / this_weeks_file()
    existing = week.read_text(encoding="utf-8") if week.exists() else ""
    week.write_text(
        existing + f'- url: "https://example.org/mine"\n  title: "Mine"\n  date: {datetime.now():%Y-%m-%d}\n',
        encoding="utf-8",
    )
    git(tmp_path / "laptop", "add", "--all")
    git(tmp_path / "laptop", "commit", "--quiet", "--message=Save a link from my laptop")
    git(tmp_path / "laptop", "push", "--quiet", "origin", "main")
    code, output = run_save(clone, url="https://example.org/theirs", title="Theirs")
    assert code == 0, output
    assert output.count("Saved “Theirs” to ") == 2, output  # once on the checkout, once more on top of theirs
    assert git(origin(clone), "log", "--format=%s", "-2", "main").splitlines() == [
        "Save a link: Theirs",
        "Save a link from my laptop",
    ]
    text = git(origin(clone), "show", f"main:{this_weeks_file()}")
    assert text.index("https://example.org/mine") < text.index("https://example.org/theirs")
    assert "<<<<<<<" not in text and parse_links_file(text.encode(), 10**6, str)["problems"] == []


def test_a_hostile_title_and_note_are_saved_as_text_and_never_run(clone):
    trap = clone.parent / "ran"
    title = f"-- \"Quotes\" 'and' $(touch {trap}) `touch {trap}` ${{HOME}} \\ ;|&\n::warning::injected"
    note = f'First line; $(touch {trap})\n`touch {trap}` and "quotes" \\n\n::error::not a command\n--note -'
    code, output = run_save(clone, actions=True, url="https://example.org/hostile", title=title, note=note, via="-x")
    assert code == 0, output
    assert not trap.exists()
    link = saved_link(origin(clone), "https://example.org/hostile")
    for piece in ('-- "Quotes"', "'and'", f"$(touch {trap})", f"`touch {trap}`", "${HOME}", "\\ ;|&", "::warning::"):
        assert piece in link["title"], (piece, link["title"])
    assert link["note"] == note.strip() and link["via"] == "-x"
    subject = git(origin(clone), "log", "-1", "--format=%s", "main")
    assert subject.startswith("Save a link: -- \"Quotes\" 'and' $(touch ")
    # What the title makes invoke print is never read as a workflow command.
    commands = [line for line in output.splitlines() if line.startswith("::")]
    assert all(re.fullmatch(r"::stop-commands::[0-9a-f]{32}|::[0-9a-f]{32}::", line) for line in commands), commands


def test_a_note_of_a_lone_dash_reads_nothing_and_never_waits(clone):
    """`--note -` reads the note from standard input: the workflow's is empty, so the run never waits for it."""
    code, output = run_save(clone, url="https://example.org/dash", title="Dash", note="-")
    assert code == 0, output
    assert saved_link(origin(clone), "https://example.org/dash")["note"] == ""
