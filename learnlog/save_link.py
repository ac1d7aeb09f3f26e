"""The steps of the "Save a link" GitHub Actions workflow (.github/workflows/save-link.yml): save a link with
`invoke link`, commit it, and push it to the branch the workflow runs on. The workflow runs

    python -m learnlog.save_link

in a fresh checkout of the site's repository, so a test can run exactly what the workflow runs.

The link comes from environment variables, never from the command line or a script's text (a title can hold
quotes, `$(…)` and line breaks, and must stay text): LINK_URL (required), LINK_TITLE, LINK_NOTE, LINK_TAGS and
LINK_VIA, each as `invoke link` takes it (an empty one is left out: the title is then fetched from the page).
GitHub Actions sets GITHUB_REF (refs/heads/BRANCH: the branch to push to) and GITHUB_OUTPUT (a file where the
pushed commit is written as `commit=SHA`, for the job that publishes it).

When something else pushed to the branch meanwhile, the push is refused: the commit is put on top of theirs
(`git pull --rebase`) and pushed again; when both changed the same lines of a week's file, the link is saved
again on top of theirs instead. When `invoke link` refuses the link, its reason is printed, nothing is
committed, and the exit code is 1.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# The commits are GitHub Actions' own, as GitHub shows them (the github-actions[bot] account).
BOT = {
    "GIT_AUTHOR_NAME": "github-actions[bot]",
    "GIT_AUTHOR_EMAIL": "41898282+github-actions[bot]@users.noreply.github.com",
    "GIT_COMMITTER_NAME": "github-actions[bot]",
    "GIT_COMMITTER_EMAIL": "41898282+github-actions[bot]@users.noreply.github.com",
    "GIT_TERMINAL_PROMPT": "0",  # never wait for a password nobody can type
}
# `invoke link`'s options, by the environment variable that gives each.
OPTIONS = {"url": "LINK_URL", "title": "LINK_TITLE", "note": "LINK_NOTE", "tags": "LINK_TAGS", "via": "LINK_VIA"}
# Where `invoke link` writes (tasks.py: the project's content/ folder).
CONTENT = "content"
# How many times a refused push is put on top of the branch and tried again.
ATTEMPTS = 5
# The longest first line of a commit message, as git's tools show it whole.
SUBJECT_LIMIT = 72
# What `invoke link` prints once the link is saved: Saved “TITLE” to content/links/2026-W48.yaml:12.
SAVED = re.compile(r"^Saved “(?P<title>.*)” to (?P<path>.+):(?P<line>\d+)\.$", re.MULTILINE)


class SaveError(Exception):
    """The link was not saved, or not pushed: the message says why, in words for the author."""


@dataclass(frozen=True)
class Saved:
    """A link saved, committed and pushed: the commit's id (40 hex digits) and its message's first line."""

    commit: str
    subject: str


def link_arguments(values: dict[str, str]) -> list[str]:
    """The arguments of `invoke link` for `values` (option name -> value, as OPTIONS names them), each as
    --name=VALUE, so that a value starting with '-' is not read as an option; empty values are left out."""
    return [f"--{name}={values[name]}" for name in OPTIONS if values.get(name)]


def commit_message(title: str, url: str) -> str:
    """'Save a link: TITLE' (or the url, without a title) on one line of at most SUBJECT_LIMIT characters, cut
    with '…', then a blank line and the url."""
    words = " ".join((title or url).split())
    subject = f"Save a link: {words}"
    if len(subject) > SUBJECT_LIMIT:
        subject = subject[: SUBJECT_LIMIT - 1].rstrip() + "…"
    return f"{subject}\n\n{url}\n"


def echo(text: str, actions: bool) -> None:
    """Print text that holds what the author or a web page wrote. On GitHub Actions (`actions`), its lines are
    never read as workflow commands (a title line starting with '::'): they are printed between
    ::stop-commands:: and the token that ends it (GitHub's "Stopping and starting workflow commands")."""
    if not text:
        return
    if actions:
        token = secrets.token_hex(16)
        print(f"::stop-commands::{token}\n{text.rstrip()}\n::{token}::", flush=True)
    else:
        print(text.rstrip(), flush=True)


def _run(command: list[str], project: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=project, env={**os.environ, **BOT}, input=stdin, capture_output=True, text=True, check=False,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )  # fmt: skip


def _git(project: Path, *arguments: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return _run(["git", *arguments], project, stdin)


def _checked_git(project: Path, *arguments: str, stdin: str | None = None) -> str:
    done = _git(project, *arguments, stdin=stdin)
    if done.returncode:
        raise SaveError(f"git {arguments[0]} failed: {(done.stderr or done.stdout).strip()}")
    return done.stdout.strip()


def branch_of(ref: str) -> str:
    """The branch's name of a ref as GitHub Actions gives it (GITHUB_REF, refs/heads/main -> main). Raises
    SaveError for a tag or anything that is not a branch."""
    if not ref.startswith("refs/heads/") or ref == "refs/heads/":
        raise SaveError(
            f"the workflow ran on {ref or 'no branch'!r}, not on a branch; run it again and choose your site's "
            "branch (such as main) under 'Use workflow from'"
        )
    return ref.removeprefix("refs/heads/")


def save_and_commit(project: Path, values: dict[str, str], actions: bool = False) -> str:
    """Run `invoke link` with `values` in `project` (its standard input empty: `--note -` reads nothing), print
    what it says (see `echo`: `actions` when on GitHub Actions), and commit what it changed in content/. Returns the
    commit's first line. Raises SaveError with invoke's reason when it refuses the link (and nothing is
    committed)."""
    command = [sys.executable, "-m", "invoke", "link", *link_arguments(values)]
    done = _run(command, project)
    echo(done.stdout + done.stderr, actions)
    if done.returncode:
        said = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        raise SaveError(said[-1] if said else f"invoke link stopped (exit code {done.returncode})")
    saved = list(SAVED.finditer(done.stdout))
    title = saved[-1]["title"] if saved else values.get("title", "")
    _checked_git(project, "add", "--all", "--", CONTENT)
    if _git(project, "diff", "--cached", "--quiet", "--", CONTENT).returncode == 0:
        raise SaveError("invoke link said the link was saved, but nothing changed in content/")
    message = commit_message(title, values["url"])
    _checked_git(project, "commit", "--quiet", "--file=-", stdin=message)
    return message.splitlines()[0]


def save(project: Path, values: dict[str, str], branch: str, actions: bool = False) -> Saved:
    """Save the link of `values` (option name -> value, see OPTIONS; "url" required) in `project`, a clone whose
    remote `origin` has `branch`, commit it and push it there. A push refused because the branch moved on is
    tried again on top of it (up to ATTEMPTS times). actions: on GitHub Actions (see `echo`). Raises SaveError,
    having pushed nothing, when the link is refused, the project has changes of its own, or the push fails."""
    if not values.get("url", "").strip():
        raise SaveError("no address was given; paste the page's address, starting with https://")
    changed = _checked_git(project, "status", "--porcelain", "--untracked-files=no")
    if changed:
        raise SaveError(
            "the project has changes that are not committed; this command is for the Save a link workflow, "
            "which starts from a fresh checkout (on your computer, use invoke link)"
        )
    subject = save_and_commit(project, values, actions)
    for _ in range(ATTEMPTS):
        pushed = _git(project, "push", "--porcelain", "origin", f"HEAD:refs/heads/{branch}")
        if pushed.returncode == 0:
            commit = _checked_git(project, "rev-parse", "HEAD")
            print(f"Pushed “{subject}” to {branch} ({commit[:7]}).", flush=True)
            return Saved(commit, subject)
        said = pushed.stdout + pushed.stderr
        if "(fetch first)" not in said and "(non-fast-forward)" not in said:
            raise SaveError(f"origin refused the push: {said.strip()}")
        print(f"Someone else pushed to {branch} meanwhile; putting this link on top of their change.", flush=True)
        rebased = _git(project, "pull", "--rebase", "--quiet", "origin", branch)
        if rebased.returncode:  # both changed the same lines of a week's file: save the link again on top
            _git(project, "rebase", "--abort")
            _checked_git(project, "reset", "--quiet", "--hard", "FETCH_HEAD")
            subject = save_and_commit(project, values, actions)
    raise SaveError(f"others kept pushing to {branch}; nothing was pushed: run the workflow again")


def github_error(message: str) -> str:
    """An ::error:: workflow command showing `message` on the run's page (GitHub's "Setting an error message"),
    with '%', CR and LF escaped as the command's data needs."""
    data = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::error title=The link was not saved::{data}"


def main(environment: dict[str, str], project: Path) -> int:
    """The workflow's step: the link from `environment` (see the module's docstring), saved in `project`.
    Returns the exit code: 0 when pushed, 1 when not (the reason printed on standard error)."""
    values = {name: environment.get(variable, "") for name, variable in OPTIONS.items()}
    actions = environment.get("GITHUB_ACTIONS") == "true"
    try:
        saved = save(project, values, branch_of(environment.get("GITHUB_REF", "")), actions)
    except SaveError as error:
        print(f"Nothing was committed: {error}", file=sys.stderr, flush=True)
        if actions:
            print(github_error(str(error)), flush=True)
        return 1
    output = environment.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as file:
            file.write(f"commit={saved.commit}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(dict(os.environ), Path.cwd()))
