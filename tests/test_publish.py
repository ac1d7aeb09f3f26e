"""`invoke publish` against real git: a bare repository as the remote, other clones, hooks, bad remotes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, Site, copy_of_project, good_post

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}
# A domain of the author's own: no test reaches it (names reserved for examples are refused by publish).
DOMAIN = "learning.sam-teaches.net"


def git(folder: Path, *arguments: str) -> str:
    finished = subprocess.run(
        ["git", *arguments], cwd=folder, env={**os.environ, **GIT_IDENTITY}, capture_output=True, text=True, check=True
    )
    return finished.stdout.strip()


class Project:
    """A small site in its own git repository, with a bare repository as its 'origin'."""

    def __init__(self, folder: Path):
        self.site = Site(folder / "project")
        self.folder = self.site.folder
        self.remote = folder / "remote.git"
        git(folder, "init", "--quiet", "--bare", str(self.remote))
        git(self.remote, "config", "receive.fsckObjects", "true")
        (self.folder / "publishconf.py").write_text(
            "from pelicanconf import *\n"
            f'SITEURL = "https://{DOMAIN}"\nRELATIVE_URLS = False\n'
            f'GITHUB_PAGES_REMOTE = "origin"\nGITHUB_PAGES_BRANCH = "gh-pages"\nGITHUB_PAGES_CNAME = "{DOMAIN}"\n'
        )
        (self.folder / ".gitignore").write_text("output/\ncache/\n")
        self.site.post("2026-11-20-first.md", good_post("First post", "2026-11-20 10:00"))
        git(self.folder, "init", "--quiet", "-b", "main")
        git(self.folder, "add", "-A")
        git(self.folder, "commit", "--quiet", "-m", "My site")
        git(self.folder, "remote", "add", "origin", str(self.remote))

    def publish(self, *arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "learnlog.publish", "--project", str(self.folder), *arguments],
            cwd=ROOT,
            env={**os.environ, **GIT_IDENTITY},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def published(self, branch: str = "gh-pages") -> list[str]:
        return git(self.remote, "log", "--format=%H", branch).split()

    def remote_files(self, branch: str = "gh-pages") -> dict[str, bytes]:
        names = git(self.remote, "ls-tree", "-r", "--name-only", branch).split("\n")
        return {
            name: subprocess.run(
                ["git", "show", f"{branch}:{name}"], cwd=self.remote, capture_output=True, check=True
            ).stdout
            for name in names
        }

    def state(self) -> tuple[str, str, str, str]:
        """What the author sees: current branch, HEAD, index and working tree status."""
        return (
            git(self.folder, "branch", "--show-current"),
            git(self.folder, "rev-parse", "HEAD"),
            git(self.folder, "status", "--porcelain", "--untracked-files=all", "--ignored"),
            git(self.folder, "ls-files", "--stage"),
        )


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path)


def built_site(project: Project, tmp_path: Path) -> dict[str, bytes]:
    from conftest import run_build

    build = run_build(project.folder / "publishconf.py", tmp_path / "reference")
    assert build.returncode == 0, build.log
    return {p.relative_to(build.output).as_posix(): p.read_bytes() for p in build.output.rglob("*") if p.is_file()}


def test_publish_puts_exactly_the_built_site_on_the_branch(project, tmp_path):
    before = project.state()
    finished = project.publish()
    assert finished.returncode == 0, finished.stderr
    assert "Published" in finished.stdout
    expected = built_site(project, tmp_path) | {".nojekyll": b"", "CNAME": f"{DOMAIN}\n".encode()}
    assert project.remote_files() == expected
    assert len(project.published()) == 1
    # The author's branch, HEAD, index and files are as they were (ignoring the build's cache).
    assert project.state()[:2] == before[:2] and project.state()[3] == before[3]
    assert [line for line in project.state()[2].splitlines() if "cache/" not in line] == before[2].splitlines()
    assert git(project.remote, "branch", "--list", "main") == ""  # only gh-pages was pushed


def test_a_second_publish_without_changes_makes_no_commit(project):
    assert project.publish().returncode == 0
    again = project.publish()
    assert again.returncode == 0
    assert "Nothing changed since the last publish" in again.stdout
    assert len(project.published()) == 1


def test_a_change_is_published_on_top_of_the_last_publish(project):
    assert project.publish().returncode == 0
    first = project.published()[0]
    project.site.post("2026-11-21-second.md", good_post("Second post", "2026-11-21 10:00"))
    assert project.publish().returncode == 0
    commits = project.published()
    assert len(commits) == 2 and commits[1] == first
    assert "posts/2026/second/index.html" in project.remote_files()


def test_someone_elses_commit_is_kept(project, tmp_path):
    assert project.publish().returncode == 0
    other = tmp_path / "other"
    git(tmp_path, "clone", "--quiet", "--branch", "gh-pages", str(project.remote), str(other))
    (other / "their-file.txt").write_text("pushed by someone else\n")
    git(other, "add", "-A")
    git(other, "commit", "--quiet", "-m", "Their change")
    git(other, "push", "--quiet", "origin", "gh-pages")
    theirs = project.published()[0]

    project.site.post("2026-11-21-second.md", good_post("Second post", "2026-11-21 10:00"))
    finished = project.publish()  # it would remove their file: refused, until it is in content/extra/
    assert finished.returncode == 1
    assert finished.stderr == (
        "Nothing was published: origin gh-pages has files that were added to it by hand, not by invoke publish, "
        "which this publish would remove. Put each in content/extra/ so that every publish keeps it (a CNAME "
        "file: set GITHUB_PAGES_CNAME in publishconf.py to the domain it names), or delete it from the branch "
        "on GitHub; then publish again:\n  their-file.txt\n"
    )
    (project.site.content / "extra").mkdir()
    (project.site.content / "extra" / "their-file.txt").write_text("pushed by someone else\n")
    finished = project.publish()
    assert finished.returncode == 0, finished.stderr
    assert project.published()[1] == theirs  # built on top of their commit, nothing overwritten
    assert project.remote_files()["their-file.txt"] == b"pushed by someone else\n"


def test_a_cname_that_github_wrote_is_not_removed_without_a_word(project, tmp_path):
    """Entering a domain under Settings > Pages makes GitHub commit a CNAME file to the branch."""
    settings = project.folder / "publishconf.py"
    settings.write_text(settings.read_text().replace(f'GITHUB_PAGES_CNAME = "{DOMAIN}"', 'GITHUB_PAGES_CNAME = ""'))
    assert project.publish().returncode == 0
    other = tmp_path / "github"
    git(tmp_path, "clone", "--quiet", "--branch", "gh-pages", str(project.remote), str(other))
    (other / "CNAME").write_text(f"{DOMAIN}")
    git(other, "add", "-A")
    git(other, "commit", "--quiet", "-m", "Create CNAME")
    git(other, "push", "--quiet", "origin", "gh-pages")
    finished = project.publish()
    assert finished.returncode == 1
    assert finished.stderr.endswith(f"then publish again:\n  CNAME ({DOMAIN})\n")
    settings.write_text(settings.read_text().replace('GITHUB_PAGES_CNAME = ""', f'GITHUB_PAGES_CNAME = "{DOMAIN}"'))
    finished = project.publish()
    assert finished.returncode == 0, finished.stderr
    assert project.remote_files()["CNAME"] == f"{DOMAIN}\n".encode()


def test_pages_of_a_removed_post_are_removed_and_the_count_says_what_changed(project):
    second = project.site.post("2026-11-21-second.md", good_post("Second post", "2026-11-21 10:00"))
    first = project.publish()
    assert first.returncode == 0 and "Published origin gh-pages: " in first.stdout
    second.unlink()
    finished = project.publish()
    assert finished.returncode == 0, finished.stderr
    assert "posts/2026/second-post/index.html" not in project.remote_files()
    changed = int(re.search(r"Pushing (\d+) changed files \((\d+) in all\)", finished.stdout)[1])
    assert 1 < changed < len(project.remote_files())


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--branch", "my site"], "--branch 'my site' is not a name git accepts for a branch; write --branch gh-pages"),
        (["--branch", "HEAD"], "--branch 'HEAD' must be a branch's name alone; write --branch gh-pages"),
        (
            ["--branch", "refs/heads/main"],
            "--branch 'refs/heads/main' must be a branch's name alone; write --branch gh-pages",
        ),
        (["--branch", "FETCH_HEAD"], "--branch 'FETCH_HEAD' must be a branch's name alone; write --branch gh-pages"),
        (["--branch", "head"], "--branch 'head' must be a branch's name alone; write --branch gh-pages"),
        (["--branch", "origin/main"], "--branch 'origin/main' must be a branch's name alone; write --branch gh-pages"),
        (["--remote", "or igin"], "--remote 'or igin' is not a name git accepts for a remote; write --remote origin"),
    ],
)
def test_a_branch_or_remote_git_refuses_is_refused_before_anything_is_built(project, option, message):
    finished = project.publish(*option)
    assert finished.returncode == 1
    assert finished.stderr == f"Nothing was published: {message}\n"
    assert not git(project.remote, "branch", "--list")


def test_a_rejecting_hook_leaves_the_branch_where_it_was(project):
    assert project.publish().returncode == 0
    tip = project.published()[0]
    hook = project.remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'Publishing is paused for maintenance' >&2\nexit 1\n")
    hook.chmod(0o755)
    project.site.post("2026-11-21-second.md", good_post("Second post", "2026-11-21 10:00"))
    finished = project.publish()
    assert finished.returncode == 1
    assert "Nothing was published" in finished.stderr and "refused the push" in finished.stderr
    assert "Publishing is paused for maintenance" in finished.stderr
    assert project.published()[0] == tip


def test_an_unreachable_remote_fails_fast(project):
    git(project.folder, "remote", "set-url", "origin", "https://127.0.0.1:9/nobody/site.git")
    finished = project.publish()
    assert finished.returncode == 1
    assert "could not reach origin" in finished.stderr
    assert "Traceback" not in finished.stderr


class _AskForPassword(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="git"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


def test_a_remote_that_asks_for_a_password_fails_instead_of_waiting(project):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AskForPassword)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        git(project.folder, "remote", "set-url", "origin", f"http://127.0.0.1:{server.server_address[1]}/site.git")
        finished = project.publish()  # would hang on a prompt; the timeout of run() would fail the test
    finally:
        server.shutdown()
    assert finished.returncode == 1
    assert "refused the login" in finished.stderr


def test_a_build_error_publishes_nothing(project):
    assert project.publish().returncode == 0
    tip = project.published()[0]
    project.site.post("2026-11-22-broken.md", "Title: Broken\nDate: someday\n\nText.\n")
    finished = project.publish()
    assert finished.returncode == 1
    assert "the build found problems" in finished.stderr and "content/posts/2026-11-22-broken.md:2:" in finished.stderr
    assert project.published()[0] == tip


def test_a_broken_internal_link_publishes_nothing(project):
    project.site.post(
        "2026-11-22-links.md", good_post("Links", "2026-11-22 10:00") + '\n<a href="/blog/nowhere/">gone</a>\n'
    )
    finished = project.publish()
    assert finished.returncode == 1
    assert "the built site has problems" in finished.stderr and "leads to a missing page" in finished.stderr
    assert not git(project.remote, "branch", "--list")


def test_a_symlink_out_of_the_project_publishes_nothing(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    (project.site.content / "images").mkdir()
    (project.site.content / "images" / "photo.png").symlink_to(secret)
    finished = project.publish()
    assert finished.returncode == 1
    assert "content/images/photo.png: this is a link to" in finished.stderr  # the build itself refuses it
    assert not git(project.remote, "branch", "--list")


def test_a_file_over_githubs_limit_publishes_nothing(project):
    (project.site.content / "images").mkdir()
    with open(project.site.content / "images" / "huge.bin", "wb") as huge:
        huge.truncate(101 * 1024 * 1024)  # sparse: no real disk use
    finished = project.publish()
    assert finished.returncode == 1
    assert "images/huge.bin: is 101 MB, over GitHub's limit of 100 MB" in finished.stderr
    assert not git(project.remote, "branch", "--list")


def test_a_dry_run_pushes_nothing(project):
    finished = project.publish("--dry-run")
    assert finished.returncode == 0
    assert "Dry run" in finished.stdout
    assert not git(project.remote, "branch", "--list")


def test_publishing_to_another_branch(project):
    assert project.publish("--branch", "site").returncode == 0
    assert len(project.published("site")) == 1


def test_without_a_remote(project):
    git(project.folder, "remote", "remove", "origin")
    finished = project.publish()
    assert finished.returncode == 1
    assert "there is no git remote called 'origin'" in finished.stderr


def test_outside_a_git_repository(tmp_path):
    site = Site(tmp_path / "plain")
    (site.folder / "publishconf.py").write_text("from pelicanconf import *\n")
    finished = subprocess.run(
        [sys.executable, "-m", "learnlog.publish", "--project", str(site.folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)},
    )
    assert finished.returncode == 1
    assert "is not a git repository" in finished.stderr


def test_version_control_folders_are_never_built_nor_published(project):
    git_folder = project.site.content / "images" / ".git"
    git_folder.mkdir(parents=True)
    (git_folder / "config").write_text("[core]\n")
    assert project.publish().returncode == 0
    assert not [name for name in project.remote_files() if ".git/" in name or name.startswith(".git")]


def test_the_last_guard_refuses_git_folders_and_symlinks_in_a_built_site(tmp_path):
    from learnlog.publish import _unsafe_files

    site = tmp_path / "site"
    (site / "sub" / ".git").mkdir(parents=True)
    (site / "ok.html").write_text("fine")
    (site / "linked.html").symlink_to(site / "ok.html")
    assert _unsafe_files(site) == [
        "linked.html: is a symbolic link; copy the file itself into content/ instead",
        "sub/.git: a .git folder must never be published; remove it from content/ or the theme",
    ]


# Never over the source


def source_commits(project: Project) -> list[str]:
    return git(project.folder, "log", "--format=%H", "main").split()


def test_the_branch_checked_out_and_the_remotes_default_branch_are_refused(project):
    """The branch checked out here (main), and the remote's default branch (its HEAD, here 'trunk', which
    holds another history: what a teammate pushed) are never published to."""
    git(project.folder, "push", "--quiet", "origin", "main")
    empty_tree = git(project.folder, "hash-object", "-t", "tree", "/dev/null")
    other = git(project.folder, "commit-tree", empty_tree, "-m", "A teammate's start")
    git(project.folder, "push", "--quiet", "origin", f"{other}:refs/heads/trunk")
    git(project.remote, "symbolic-ref", "HEAD", "refs/heads/trunk")
    before = git(project.remote, "for-each-ref")
    for branch, where in (("main", "the branch your site's source is on"), ("trunk", "the default branch of origin")):
        finished = project.publish("--branch", branch)
        assert finished.returncode == 1, finished.stdout
        assert f"Nothing was published: {branch} is {where}" in finished.stderr
        assert "publish to a branch of its own, such as gh-pages" in finished.stderr
    assert git(project.remote, "for-each-ref") == before


def test_a_branch_whose_history_holds_the_source_is_refused(project):
    """A branch on the remote made from the source (git push origin main:notes), or one here (git branch
    drafts) that is not on the remote yet, holds the source's commits."""
    git(project.folder, "push", "--quiet", "origin", "main:notes")
    git(project.folder, "commit", "--quiet", "--allow-empty", "-m", "Later work")
    finished = project.publish("--branch", "notes")
    assert finished.returncode == 1
    assert "origin notes holds your site's source (pelicanconf.py, publishconf.py)" in finished.stderr
    assert git(project.remote, "log", "--format=%H", "notes").split() == source_commits(project)[1:]
    git(project.folder, "branch", "drafts")
    finished = project.publish("--branch", "drafts")
    assert finished.returncode == 1
    assert "your branch drafts holds your site's source (pelicanconf.py, publishconf.py)" in finished.stderr
    assert not git(project.remote, "branch", "--list", "drafts")


def test_a_branch_of_published_sites_is_published_to_from_any_branch(project):
    assert project.publish().returncode == 0
    git(project.folder, "checkout", "--quiet", "-b", "redesign")
    project.site.post("2026-11-21-second.md", good_post("Second post", "2026-11-21 10:00"))
    git(project.folder, "add", "-A")
    git(project.folder, "commit", "--quiet", "-m", "Second post")
    finished = project.publish()
    assert finished.returncode == 0, finished.stderr
    assert len(project.published()) == 2


# Publishing settings


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            'SITEURL = "https://example.github.io/learning-in-public"',
            "SITEURL 'https://example.github.io/learning-in-public' is the sample's placeholder; write the address "
            "your site will have, such as SITEURL = 'https://yourname.github.io/your-repository'",
        ),
        ('SITEURL = "http://localhost:8000"', "SITEURL 'http://localhost:8000' is an address on your own computer"),
        ('SITEURL = "http://192.168.1.20/blog"', "is an address on your own computer or network"),
        ('SITEURL = "https://blog.example.org"', "SITEURL 'https://blog.example.org' is an example address"),
        ('SITEURL = "https://learner.example/blog"', "is an example address, reserved for examples"),
        ('SITEURL = "https://sam.test"', "is an example address"),
        ('GITHUB_PAGES_CNAME = "www.example.com"', "GITHUB_PAGES_CNAME 'www.example.com' is a name reserved"),
        ('SITEURL = "http://127.1"', "SITEURL 'http://127.1' is an address on your own computer"),
        ('SITEURL = "http://2130706433"', "SITEURL 'http://2130706433' is an address on your own computer"),
        ('SITEURL = "http://0x7f000001"', "is an address on your own computer"),
        ('SITEURL = "https://nas.local"', "SITEURL 'https://nas.local' is an address on your own computer"),
        ('SITEURL = "https://notes.home.arpa"', "is an address on your own computer or network"),
        ('SITEURL = "https://exa%6dple.org"', "SITEURL 'https://exa%6dple.org' is an example address"),
        ('GITHUB_PAGES_CNAME = "example.github.io"', "GITHUB_PAGES_CNAME 'example.github.io' is a name reserved"),
        ('GITHUB_PAGES_CNAME = "blog.local"', "GITHUB_PAGES_CNAME 'blog.local' is a name on your own network"),
        ('GITHUB_PAGES_CNAME = "xn--zz.net"', "GITHUB_PAGES_CNAME 'xn--zz.net' is not a name DNS can hold"),
    ],
)
def test_an_address_that_cannot_be_the_published_sites_is_refused(project, lines, message):
    settings = project.folder / "publishconf.py"
    settings.write_text(settings.read_text() + lines + "\n")
    finished = project.publish()
    assert finished.returncode == 1
    assert "Nothing was published: the settings are not ready for publishing:\n  publishconf.py:" in finished.stderr
    assert message in finished.stderr
    assert not git(project.remote, "branch", "--list")


@pytest.mark.parametrize("cname", ["-x.example.org", "a..b.example.org", "blog.example.org:443", "blog"])
def test_a_cname_that_is_not_a_host_name_is_refused(project, cname):
    settings = project.folder / "publishconf.py"
    settings.write_text(settings.read_text() + f"GITHUB_PAGES_CNAME = {cname!r}\n")
    finished = project.publish()
    assert finished.returncode == 1
    assert f"publishconf.py:7: GITHUB_PAGES_CNAME {cname!r}" in finished.stderr
    assert not git(project.remote, "branch", "--list")


def test_a_cname_that_is_not_the_host_of_the_site_address_is_a_warning(project):
    settings = project.folder / "publishconf.py"
    settings.write_text(settings.read_text() + 'SITEURL = "https://sam.github.io/notes"\n')
    finished = project.publish()
    assert finished.returncode == 0, finished.stderr
    assert (
        f"warning: publishconf.py:6: GITHUB_PAGES_CNAME '{DOMAIN}' is not the host of SITEURL "
        f"'https://sam.github.io/notes'; GitHub Pages will serve the site at {DOMAIN}"
    ) in finished.stdout


def test_files_for_the_sites_root_are_published_every_time(project):
    """A domain verification file in content/extra/ is on the branch after every publish (one added to the
    branch by hand would vanish at the next)."""
    (project.site.content / "extra" / ".well-known").mkdir(parents=True)
    (project.site.content / "extra" / "google1234abcd.html").write_bytes(b"google-site-verification: google1234abcd")
    (project.site.content / "extra" / ".well-known" / "security.txt").write_bytes(b"Contact: mailto:sam@x.net\n")
    assert project.publish().returncode == 0
    project.site.post("2026-11-21-second.md", good_post("Second post", "2026-11-21 10:00"))
    assert project.publish().returncode == 0
    files = project.remote_files()
    assert len(project.published()) == 2
    assert files["google1234abcd.html"] == b"google-site-verification: google1234abcd"
    assert files[".well-known/security.txt"] == b"Contact: mailto:sam@x.net\n"


def test_checking_the_samples_publishing_settings_says_to_set_the_site_address(tmp_path):
    """`invoke check --settings publishconf.py` (the GitHub Actions workflow runs it) checks what invoke publish
    checks: the sample's placeholder SITEURL stops it."""
    copy = copy_of_project(tmp_path)
    (copy / "publishconf.py").write_text(
        'from pelicanconf import *\n\nSITEURL = "https://example.github.io/learning-in-public"\nRELATIVE_URLS = False\n'
    )
    finished = subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--settings", "publishconf.py"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 1
    assert (
        "The check found 1 problem:\n  publishconf.py:3: SITEURL 'https://example.github.io/learning-in-public' is "
        "the sample's placeholder; write the address your site will have"
    ) in finished.stdout


def test_a_branch_with_the_source_but_no_history_in_common_is_refused(project):
    """A shallow clone (GitHub Actions checks out one commit) or a rewritten history shares no commit with a
    branch that holds the source: the source's files on the branch tell, and so does a name in other capitals."""
    empty_tree = git(project.folder, "hash-object", "-t", "tree", "/dev/null")
    settings = git(project.folder, "hash-object", "-w", "pelicanconf.py")
    tree = subprocess.run(
        ["git", "mktree"], cwd=project.folder, input=f"100644 blob {settings}\tpelicanconf.py\n",
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert tree != empty_tree
    squashed = git(project.folder, "commit-tree", tree, "-m", "Squashed source")
    git(project.folder, "push", "--quiet", "origin", f"{squashed}:refs/heads/dev")
    finished = project.publish("--branch", "dev")
    assert finished.returncode == 1
    assert "origin dev holds your site's source (pelicanconf.py); publish to a branch of its own" in finished.stderr
    assert git(project.remote, "rev-parse", "dev") == squashed
    finished = project.publish("--branch", "Main")
    assert finished.returncode == 1 and "Main is the branch your site's source is on" in finished.stderr


def test_what_git_says_of_a_remote_is_told_with_what_to_do():
    from learnlog.publish import _network_message

    missing = "fatal: '/nowhere/site.git' does not appear to be a git repository\nfatal: Could not read from remote"
    assert _network_message("origin", missing).startswith(
        "there is no repository at the address of origin; check it (git remote -v) and correct it with git remote "
        "set-url origin <the address GitHub shows under Code>:\n  fatal: '/nowhere/site.git' does not appear"
    )
    assert _network_message("origin", "fatal: something new").startswith(
        "git could not talk to origin; check its address (git remote -v):\n  fatal: something new"
    )
