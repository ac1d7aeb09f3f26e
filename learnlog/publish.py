"""`invoke publish`: build the production site, check it, and commit it to the GitHub Pages branch.

Only git plumbing is used, with a private index file: the author's working tree, index and current
branch are never touched. The new commit goes on top of the branch as it is on the remote (fetched
first), and is pushed without force, so nobody else's work is ever overwritten. Nothing is pushed if
any step fails, and nothing is committed when the site did not change.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from learnlog.build import build_site, first_of, publishing_problems, scratch_folder
from learnlog.check import check_site

GITHUB_FILE_LIMIT = 100 * 1024 * 1024
# A trailer (git-interpret-trailers(1)) on every commit invoke publish makes; earlier ones are known by
# their subject alone (PUBLISH_SUBJECT).
PUBLISHED_WITH = "Published-with: Learnlog"
PUBLISH_SUBJECT = re.compile(r"^Publish .*: \d+ files$")
# Files at the top of a branch that holds a Learnlog site's source, never of a built site.
SOURCE_FILES = {"pelicanconf.py", "publishconf.py", "tasks.py"}
NETWORK_TIMEOUT = 120
# Never wait for a password: fail at once with a message instead.
NO_PROMPTS = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "false",
    "SSH_ASKPASS": "false",
    "GCM_INTERACTIVE": "never",
}


class PublishError(Exception):
    """Why nothing was published, and what to do."""


@dataclass
class Published:
    commit: str | None  # None when nothing changed
    files: int
    remote: str
    branch: str
    pushed: bool
    changed: int = 0  # files added, changed or removed since the last publish


def publish(
    project: Path,
    settings_file: str = "publishconf.py",
    remote: str | None = None,
    branch: str | None = None,
    dry_run: bool = False,
    say=print,
) -> Published:
    from learnlog.settings_rules import option_problem

    for option, value, is_branch in (("--remote", remote, False), ("--branch", branch, True)):
        problem = value is not None and option_problem(option, value, is_branch)
        if problem:
            raise PublishError(problem)
    project = project.resolve()
    git = _Git(project)
    git.require_repository()
    with scratch_folder("learnlog-publish-") as work:
        site = Path(work) / "site"
        say(f"Building the site with {settings_file}…")
        result = build_site(project / settings_file, site, fresh=True)  # from scratch: no cache
        if not result.ok:
            raise PublishError(_listed("the build found problems", result.problems))
        unpublishable = publishing_problems(project / settings_file)
        if unpublishable:
            raise PublishError(_listed("the settings are not ready for publishing", unpublishable))
        for warning in result.warnings:
            say(f"warning: {warning}")
        settings = result.settings
        remote = remote or settings.get("GITHUB_PAGES_REMOTE", "origin")
        branch = branch or settings.get("GITHUB_PAGES_BRANCH", "gh-pages")
        git.require_remote(remote)
        problems = (
            _outside_links(project, Path(settings["PATH"]))
            + check_site(site, settings["SITEURL"])
            + _unsafe_files(site)
        )
        if problems:
            raise PublishError(_listed("the built site has problems", problems))
        _add_pages_files(site, settings.get("GITHUB_PAGES_CNAME", ""))
        files = sum(1 for path in site.rglob("*") if path.is_file())

        say(f"Fetching {branch} from {remote}…")
        parent = git.remote_branch_tip(remote, branch)
        git.require_site_branch(remote, branch, parent)
        tree = git.tree_of(site, Path(work) / "index")
        if parent and git.tree_of_commit(parent) == tree:
            return Published(None, files, remote, branch, pushed=False)
        by_hand = git.added_by_hand(parent, tree) if parent else []
        if by_hand:
            raise PublishError(_listed(_by_hand_message(remote, branch), by_hand))
        changed = git.changed_files(parent, tree)
        message = f"Publish {settings.get('SITENAME', 'the site')}: {files} files\n\n{PUBLISHED_WITH}\n"
        commit = git.commit(tree, parent, message)
        if dry_run:
            return Published(commit, files, remote, branch, pushed=False, changed=changed)
        say(f"Pushing {changed} changed file{'s' if changed != 1 else ''} ({files} in all) to {remote} {branch}…")
        git.push(remote, commit, branch)
        return Published(commit, files, remote, branch, pushed=True, changed=changed)


def _by_hand_message(remote: str, branch: str) -> str:
    return (
        f"{remote} {branch} has files that were added to it by hand, not by invoke publish, which this publish "
        "would remove. Put each in content/extra/ so that every publish keeps it (a CNAME file: set "
        "GITHUB_PAGES_CNAME in publishconf.py to the domain it names), or delete it from the branch on GitHub; "
        "then publish again"
    )


def _listed(summary: str, problems: list) -> str:
    """`summary`, then each problem on a line of its own (the first build.MOST_SHOWN, and a count of the rest)."""
    return summary + ":\n" + "\n".join(f"  {problem}" for problem in first_of(list(problems)))


def _outside_links(project: Path, content: Path) -> list[str]:
    """Symbolic links in the content that lead outside the project: the build would copy what they point at."""
    problems = []
    for path in sorted(content.rglob("*")):
        if path.is_symlink() and not path.resolve().is_relative_to(project):
            shown = path.relative_to(project).as_posix()
            problems.append(f"{shown}: is a link to {path.resolve()}, outside the project; copy the file in instead")
    return problems


def _unsafe_files(site: Path) -> list[str]:
    """Symlinks (they could publish files from outside the site), .git folders, files GitHub refuses."""
    problems = []
    for path in sorted(site.rglob("*")):
        shown = path.relative_to(site).as_posix()
        if path.is_symlink():
            problems.append(f"{shown}: is a symbolic link; copy the file itself into content/ instead")
        elif path.name == ".git":
            problems.append(f"{shown}: a .git folder must never be published; remove it from content/ or the theme")
        elif path.is_file() and path.stat().st_size > GITHUB_FILE_LIMIT:
            size = path.stat().st_size / 1024 / 1024
            limit = "over GitHub's limit of 100 MB per file"
            problems.append(f"{shown}: is {size:.0f} MB, {limit}; make it smaller or host it elsewhere")
    return problems


def _add_pages_files(site: Path, cname: str) -> None:
    # .nojekyll: serve the files as they are (GitHub's Jekyll would hide .well-known/ and others).
    (site / ".nojekyll").write_bytes(b"")
    if cname.strip():  # a bare domain name in ASCII: the settings' rules checked it (settings_rules.domain_name)
        (site / "CNAME").write_text(cname.strip() + "\n", encoding="utf-8")


class _Git:
    def __init__(self, project: Path):
        self.project = project
        self._files: dict[str, set[str]] = {}

    def run(self, *arguments: str, env: dict | None = None, cwd: Path | None = None, network: bool = False) -> str:
        environment = {**os.environ, **(env or {})}
        if network:
            environment |= NO_PROMPTS
            environment.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes -o ConnectTimeout=20")
        try:
            finished = subprocess.run(
                ["git", *arguments],
                cwd=cwd or self.project,
                env=environment,
                capture_output=True,
                text=True,
                timeout=NETWORK_TIMEOUT if network else None,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PublishError(
                f"git {arguments[0]} got no answer in {NETWORK_TIMEOUT} seconds; check your connection"
            ) from None
        except FileNotFoundError:
            raise PublishError("git is not installed; install it (on Debian: apt-get install git)") from None
        if finished.returncode != 0:
            raise _GitFailed("\n".join(part.strip() for part in (finished.stderr, finished.stdout) if part.strip()))
        return finished.stdout.strip()

    def require_repository(self) -> None:
        try:
            self.run("rev-parse", "--git-dir")
        except _GitFailed:
            raise PublishError(
                f"{self.project} is not a git repository; publish works from your clone of the site (git clone …)"
            ) from None

    def require_remote(self, remote: str) -> None:
        try:
            self.run("remote", "get-url", remote)
        except _GitFailed:
            raise PublishError(
                f"there is no git remote called {remote!r}; add your GitHub repository with "
                f"'git remote add {remote} https://github.com/you/your-site.git', or set GITHUB_PAGES_REMOTE"
            ) from None

    def require_site_branch(self, remote: str, branch: str, tip: str | None) -> None:
        """Raise PublishError if `branch` holds the project's source, so that a commit of the built site on it
        would bury the author's files: the branch checked out here, the remote's default branch (where GitHub
        looks for the source), or a branch (here, or on the remote, fetched) whose history holds a commit of
        the branch checked out here. A branch that does not exist yet, or holds only published sites, is fine.
        tip: the commit the branch points at on the remote, fetched (remote_branch_tip), or None.
        """
        current = self._output_or_empty("symbolic-ref", "--quiet", "--short", "HEAD")
        fix = (
            "publish to a branch of its own, such as gh-pages (GITHUB_PAGES_BRANCH in publishconf.py, "
            "or invoke publish --branch gh-pages)"
        )
        if branch.casefold() == current.casefold():  # one branch where names ignore case (macOS, Windows)
            raise PublishError(f"{branch} is the branch your site's source is on; {fix}")
        try:
            listed = self.run("ls-remote", "--symref", remote, "HEAD", network=True)
        except _GitFailed as failure:
            raise PublishError(_network_message(remote, str(failure))) from None
        default = re.search(r"^ref: refs/heads/(\S+)\s+HEAD$", listed, flags=re.MULTILINE)
        if default and default[1].casefold() == branch.casefold():
            raise PublishError(f"{branch} is the default branch of {remote}, where your site's source belongs; {fix}")
        local = self._output_or_empty("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}")
        has_commits = bool(self._output_or_empty("rev-parse", "--verify", "--quiet", "HEAD^{commit}"))
        for where, commit in ((f"{remote} {branch}", tip), (f"your branch {branch}", local)):
            if not commit:
                continue
            # A shallow clone, or a history rewritten, shares no commit with the branch: its files tell too.
            source = SOURCE_FILES & self.files_of(commit)
            if (has_commits and self._output_or_empty("merge-base", "HEAD", commit)) or source:
                raise PublishError(
                    f"{where} holds your site's source ({', '.join(sorted(source)) or 'its commits'}); {fix}"
                )

    def _output_or_empty(self, *arguments: str) -> str:
        """What a local git command prints, or "" when it fails (no such branch, no commit in common)."""
        try:
            return self.run(*arguments)
        except _GitFailed:
            return ""

    def remote_branch_tip(self, remote: str, branch: str) -> str | None:
        """The commit the branch points at on the remote, fetched; None if the branch does not exist yet."""
        try:
            listed = self.run("ls-remote", "--heads", remote, f"refs/heads/{branch}", network=True)
            if not listed:
                return None
            self.run("fetch", "--no-tags", "--quiet", remote, f"refs/heads/{branch}", network=True)
        except _GitFailed as failure:
            raise PublishError(_network_message(remote, str(failure))) from None
        return listed.split()[0]

    def tree_of(self, folder: Path, index: Path) -> str:
        env = {"GIT_INDEX_FILE": str(index)}
        git_dir = self.run("rev-parse", "--absolute-git-dir")
        self.run(f"--git-dir={git_dir}", f"--work-tree={folder}", "add", "--all", "--force", ".", env=env, cwd=folder)
        return self.run("write-tree", env=env)

    def added_by_hand(self, tip: str, tree: str) -> list[str]:
        """The files of commit `tip` that `tree` (the new site) leaves out and that a commit not made by
        invoke publish added or changed last (a CNAME GitHub's settings wrote, a verification file): each as
        'path', with a CNAME's domain. Files an earlier publish wrote, and later builds leave out, are not
        listed: removing them is the point."""
        found = []
        for path in self.files_of(tip):
            if path in self.files_of(tree):
                continue
            last = self.run("log", "-1", "--format=%s%n%b", tip, "--", path)
            subject, _, body = last.partition("\n")
            if PUBLISHED_WITH not in body and not PUBLISH_SUBJECT.match(subject):
                domain = self.run("cat-file", "-p", f"{tip}:{path}").strip() if path == "CNAME" else ""
                found.append(f"{path} ({domain})" if domain and len(domain) < 254 else path)
        return found

    def files_of(self, tree_or_commit: str) -> set[str]:
        """The paths of every file in a tree or commit."""
        if tree_or_commit not in self._files:
            listed = self.run("ls-tree", "-r", "-z", "--name-only", tree_or_commit)
            self._files[tree_or_commit] = set(filter(None, listed.split("\0")))
        return self._files[tree_or_commit]

    def changed_files(self, parent: str | None, tree: str) -> int:
        """How many files `tree` adds, changes or removes since commit `parent` (all of them without one)."""
        if parent is None:
            return len(self.files_of(tree))
        return len([name for name in self.run("diff", "--name-only", "-z", parent, tree).split("\0") if name])

    def tree_of_commit(self, commit: str) -> str:
        return self.run("rev-parse", f"{commit}^{{tree}}")

    def commit(self, tree: str, parent: str | None, message: str) -> str:
        env = {}
        name = self._output_or_empty("config", "--get", "user.name") or "Learnlog"
        email = self._output_or_empty("config", "--get", "user.email") or "publish@learnlog.invalid"
        for role in ("AUTHOR", "COMMITTER"):
            env.setdefault(f"GIT_{role}_NAME", name)
            env.setdefault(f"GIT_{role}_EMAIL", email)
        parents = ["-p", parent] if parent else []
        return self.run("commit-tree", tree, *parents, "-m", message, env={**env, **_identity_from_environment()})

    def push(self, remote: str, commit: str, branch: str) -> None:
        try:
            self.run("push", "--porcelain", remote, f"{commit}:refs/heads/{branch}", network=True)
        except _GitFailed as failure:
            text = str(failure)
            if "non-fast-forward" in text or "fetch first" in text:
                raise PublishError(
                    f"someone else published to {remote} {branch} a moment ago; nothing was overwritten. "
                    "Run invoke publish again to publish on top of their change"
                ) from None
            raise PublishError(_network_message(remote, text)) from None


class _GitFailed(Exception):
    pass


def _identity_from_environment() -> dict[str, str]:
    return {
        name: value for name, value in os.environ.items() if re.fullmatch(r"GIT_(AUTHOR|COMMITTER)_(NAME|EMAIL)", name)
    }


def _network_message(remote: str, text: str) -> str:
    lowered = text.lower()
    remote_lines = "\n".join(f"  {line}" for line in text.splitlines() if line.strip())
    if any(word in lowered for word in ("authentication", "could not read username", "permission denied", "403")):
        access = "set up access to your repository (a GitHub token or SSH key), then try again"
        return f"{remote} refused the login; {access}:\n{remote_lines}"
    if any(
        word in lowered
        for word in (
            "could not resolve",
            "connection refused",
            "unable to access",
            "timed out",
            "could not connect",
            "network",
        )
    ):
        return (
            f"could not reach {remote}; check your connection and the remote's address (git remote -v):\n{remote_lines}"
        )
    if "pre-receive hook declined" in lowered or "hook declined" in lowered:
        return f"{remote} refused the push (a check on the server said no); its message:\n{remote_lines}"
    if "does not appear to be a git repository" in lowered or "repository not found" in lowered:
        return (
            f"there is no repository at the address of {remote}; check it (git remote -v) and correct it with "
            f"git remote set-url {remote} <the address GitHub shows under Code>:\n{remote_lines}"
        )
    return f"git could not talk to {remote}; check its address (git remote -v):\n{remote_lines}"


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m learnlog.publish", description=__doc__.splitlines()[0])
    parser.add_argument("--project", default=".", help="the site's folder, a git clone (default: here)")
    parser.add_argument("--settings", default="publishconf.py")
    parser.add_argument("--remote")
    parser.add_argument("--branch")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    try:
        done = publish(Path(args.project), args.settings, args.remote, args.branch, args.dry_run)
    except PublishError as error:
        print(f"Nothing was published: {error}", file=sys.stderr)
        return 1
    print(describe(done))
    return 0


def describe(done: Published) -> str:
    if done.commit is None:
        return f"Nothing changed since the last publish: {done.remote} {done.branch} is already up to date."
    changed = f"{done.changed} changed, {done.files} in all"
    if not done.pushed:
        return f"Dry run: {changed} would be published to {done.remote} {done.branch}; nothing was pushed."
    return f"Published {done.remote} {done.branch}: {changed} (commit {done.commit[:10]})."


if __name__ == "__main__":
    sys.exit(main())
