"""Nothing is left behind: a build that is killed leaves no process running, and the next build
removes the working folder it left; a working folder of a build that still runs is left alone.

A build runs its processes in one session (the test starts it with a session of its own): the main
process and the workers it forks (plugins/learnlog_core/processes.py), which die with it. The detached
process that removes the previous output calls setsid, so it is in another session and not counted.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, Site, good_post, run_build

sys.path.insert(0, str(ROOT))
from benchmarks.corpus import write_corpus

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/proc/self/stat").is_file(),
    reason="needs Linux and its /proc, to find the build's processes and their sessions",
)

POLL = 0.01  # seconds between looks at /proc
WAIT_FOR_WORKERS = 120  # seconds a build may take to start its workers
WAIT_FOR_THE_END = 5  # seconds the processes of a killed build, and leftover folders, may take to go


def command(folder: Path, *extra: str) -> list[str]:
    settings, output = str(folder / "pelicanconf.py"), str(folder / "output")
    return [sys.executable, "-m", "learnlog.build", "--settings", settings, "--output", output, *extra]


def build(folder: Path, *extra: str) -> subprocess.CompletedProcess:
    finished = subprocess.run(command(folder, *extra), cwd=ROOT, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return finished


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file with its bytes, and every folder (None)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> tuple[Path, dict[str, bytes | None]]:
    """A site that takes a few seconds to build (300 posts, 2,000 links), and its output built from scratch."""
    folder = tmp_path_factory.mktemp("big") / "site"
    shutil.rmtree(Site(folder).content)  # the settings of every test site, and content of our own
    write_corpus(folder, links=2000, posts_count=300, people=30)
    build(folder, "--fresh")  # reads and writes no cache
    reference = tree(folder / "output")
    shutil.rmtree(folder / "output")
    wait_for(lambda: not leftovers(folder), "the removal of the reference build's working folders")
    return folder, reference


@pytest.fixture
def big_site(tmp_path, big_corpus) -> Path:
    """A copy of the big site, with no cache and no output yet."""
    folder = tmp_path / "site"
    shutil.copytree(big_corpus[0], folder)
    assert sorted(path.name for path in folder.iterdir()) == ["content", "pelicanconf.py"]
    return folder


def leftovers(folder: Path) -> list[Path]:
    """The working folders of builds beside the output folder."""
    return sorted(folder.glob(".output-*"))


def stat_fields(pid: int | str) -> list[str] | None:
    """The fields of /proc/PID/stat from the state on (field 3 is [0]); None if the process is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text[text.rindex(")") + 2 :].split()  # the name, in brackets, may hold spaces


def processes() -> dict[int, tuple[str, int, int]]:
    """Every process that still lives: pid -> (state, parent pid, session id). Zombies (dead, not yet
    waited for) are left out."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = stat_fields(entry)
            if fields is not None and fields[0] not in ("Z", "X", "x"):
                found[int(entry)] = (fields[0], int(fields[1]), int(fields[3]))
    return found


def in_session(session: int) -> dict[int, tuple[str, int, int]]:
    return {pid: fields for pid, fields in processes().items() if fields[2] == session}


def wait_for(condition, what: str, seconds: float = WAIT_FOR_THE_END) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(POLL)


def kill_while_workers_run(folder: Path) -> tuple[list[int], list[Path]]:
    """Start a build in a session of its own; as soon as it has a worker process, kill its main
    process with SIGKILL. Return the workers seen, and the working folders there were then."""
    build_process = subprocess.Popen(
        command(folder), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    session = build_process.pid  # it leads its own session
    try:
        deadline = time.monotonic() + WAIT_FOR_WORKERS
        workers: list[int] = []
        while not workers:
            workers = [
                pid
                for pid, (_, parent, their_session) in processes().items()
                if parent == build_process.pid and their_session == session
            ]
            if workers:
                break
            if build_process.poll() is not None:
                output = build_process.stdout.read().decode(errors="replace")
                pytest.fail(
                    f"the build ended (exit code {build_process.returncode}) before any worker process was "
                    f"seen: make the site bigger so that the test can kill it while workers run.\n{output}"
                )
            if time.monotonic() > deadline:
                pytest.fail(f"the build started no worker process in {WAIT_FOR_WORKERS} s")
            time.sleep(POLL)
        working = leftovers(folder)
        os.kill(build_process.pid, signal.SIGKILL)
        build_process.wait(timeout=WAIT_FOR_THE_END)  # reaped: it no longer counts as a process
        deadline = time.monotonic() + WAIT_FOR_THE_END
        while remaining := in_session(session):
            if time.monotonic() > deadline:
                pytest.fail(
                    f"{WAIT_FOR_THE_END} s after the build's main process was killed, processes of its "
                    f"session still run: {remaining} (pid: (state, parent, session)); its workers were {workers}"
                )
            time.sleep(POLL)
        return workers, working
    finally:
        build_process.stdout.close()
        if build_process.poll() is None or in_session(session):  # the test failed: stop what it started
            with contextlib.suppress(ProcessLookupError):
                os.killpg(session, signal.SIGKILL)
            build_process.wait()


def check_the_working_folder_is_left(working: list[Path]) -> None:
    """The killed build's working folder stays as it was when it was killed, for the next build to remove."""
    assert len(working) == 1, f"expected one working folder while the build ran, found {working}"
    assert working[0].is_dir(), (
        f"the killed build's working folder {working[0].name} went: did a worker go on with the build after "
        "the build's main process was killed?"
    )


def check_the_next_build_cleans_up(folder: Path, killed: list[Path], reference: dict[str, bytes | None]) -> None:
    """The next build succeeds, removes the working folder of the killed build, and builds the right site."""
    build(folder)
    wait_for(lambda: not any(path.exists() for path in killed), f"the next build to remove {killed}")
    wait_for(lambda: not leftovers(folder), "the working folders to be removed")
    assert tree(folder / "output") == reference


def test_killing_a_cold_build_while_it_converts_markdown_leaves_nothing_behind(big_site, big_corpus):
    """With no cache, the first work shared out is converting the posts' Markdown (posts are read
    before links, and pages are rendered last): the first worker seen is converting Markdown."""
    assert not (big_site / "cache").exists()
    workers, working = kill_while_workers_run(big_site)
    assert workers
    check_the_working_folder_is_left(working)
    assert not (big_site / "output").exists()
    assert not list(working[0].rglob("*.html")), "no page may have been rendered yet: the build was not reading"
    check_the_next_build_cleans_up(big_site, working, big_corpus[1])


def test_killing_a_warm_build_while_it_renders_pages_leaves_nothing_behind(big_site, big_corpus):
    """With every Markdown text and links file in the cache, the only work shared out is rendering
    pages and feeds: the workers seen are rendering."""
    build(big_site)  # fills the cache
    assert (big_site / "cache").is_dir()
    wait_for(lambda: not leftovers(big_site), "the first build's working folders to go")
    workers, working = kill_while_workers_run(big_site)
    assert workers
    check_the_working_folder_is_left(working)
    assert tree(big_site / "output") == big_corpus[1], "the output of the last good build was changed"
    check_the_next_build_cleans_up(big_site, working, big_corpus[1])


def test_the_working_folder_of_a_build_still_running_is_left_alone(tmp_path):
    """A build removes the working folders nobody holds, and leaves alone one that a build (here, the test)
    holds locked; once the lock is let go, the next build removes it."""
    site = Site(tmp_path)
    site.post("good.md", good_post())
    running = tmp_path / ".output-learnlog-abcd1234"  # as if a build were working in it now
    (running / "posts").mkdir(parents=True)
    (running / "posts" / "index.html").write_text("half built", encoding="utf-8")
    stopped = tmp_path / ".output-learnlog-efgh5678"  # as if its build had been killed
    stopped.mkdir()
    (stopped / "index.html").write_text("half built", encoding="utf-8")
    held = os.open(running, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a running build and its workers hold
        first = site.build()
        assert first.returncode == 0, first.log
        wait_for(lambda: not stopped.exists(), "the build to remove the working folder of a killed build")
        time.sleep(0.5)  # time enough for any other removal begun with it
        assert (running / "posts" / "index.html").is_file(), "a build removed the working folder of a running build"
    finally:
        os.close(held)  # lets go of the lock
    second = site.build()
    assert second.returncode == 0, second.log
    wait_for(lambda: not running.exists(), "the next build to remove the folder once no build held it")
    wait_for(lambda: not leftovers(tmp_path), "the working folders to be removed")
    assert "Some <strong>text</strong>." in second.page("/posts/2026/a-good-post/")


def test_folders_of_the_author_beside_the_output_are_never_touched(tmp_path):
    """Only the build's own working folders are leftovers: not `.output-backup`, not the author's."""
    site = Site(tmp_path)
    site.post("good.md", good_post())
    backup = tmp_path / ".output-backup"
    backup.mkdir()
    (backup / "keep.txt").write_text("mine", encoding="utf-8")
    for _ in range(2):
        assert site.build().returncode == 0
    time.sleep(0.5)
    assert (backup / "keep.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("where", [".", "content", "theme", "content/posts/out"])
def test_an_output_folder_that_holds_the_project_is_refused(tmp_path, where):
    """Building replaces the whole output folder: one holding the project, the content or the theme, or
    inside the content, is refused with a message, and nothing is touched."""
    site = Site(tmp_path)
    site.post("good.md", good_post())
    shutil.copytree(ROOT / "theme", tmp_path / "theme")  # a theme of the project's own, which a build can use
    site.settings.write_text(site.settings.read_text() + f"THEME = {str(tmp_path / 'theme')!r}\n")
    before = tree(tmp_path)
    build = run_build(site.settings, tmp_path / where)
    assert build.returncode == 1
    assert "the output folder" in build.log and "choose a folder" in build.log, build.log
    assert "Traceback" not in build.log
    assert tree(tmp_path) == before


def test_a_build_stopped_between_its_two_renames_leaves_the_last_good_site(tmp_path):
    """Killed after the old site was moved aside and before the new one was moved in: the next build, even
    one that finds a problem, puts the last good site back."""
    site = Site(tmp_path)
    site.post("good.md", good_post())
    assert site.build().returncode == 0
    good = tree(tmp_path / "output")
    (tmp_path / "output").rename(tmp_path / ".output-learnlog-abcd1234-old")
    (tmp_path / ".output-learnlog-efgh5678").mkdir()  # the new site, not moved in
    site.post("bad.md", "Title: Bad\nDate: not a date\n\nText.\n")
    assert site.build().returncode == 1
    assert tree(tmp_path / "output") == good
    wait_for(lambda: not leftovers(tmp_path), "the working folders to be removed")


# Fault injection: builds killed at random moments (seeded, so a failure can be replayed)

SEED = 20261129
KILLS = {"default": 6}  # kills in the default run; `invoke test --thorough` makes 30


@pytest.mark.slow
def test_builds_killed_at_random_moments_never_lose_the_last_good_site(tmp_path):
    """The site is edited back and forth between two states, and each build is killed (SIGKILL to its main
    process) after a random part of the time such a build takes. Every time, output/ is a whole site, the
    last good one (the one before, or the new one if the build had moved it in), and no process of the
    build is left; the next build succeeds, gives what a build from scratch gives, and leaves no working
    folder behind."""
    from hypothesis import settings as hypothesis_settings

    folder = tmp_path / "site"
    shutil.rmtree(Site(folder).content)
    write_corpus(folder, links=600, posts_count=80, people=10)
    added = folder / "content" / "posts" / "2026-11-30-added.md"
    sites = []
    for state in ("before", "after"):  # each state built from scratch, into a folder of its own
        if state == "after":
            added.write_text(good_post("Added", "2026-11-28 10:00"))
        build(folder, "--fresh", "--output", str(tmp_path / state))
        sites.append(tree(tmp_path / state))
    added.unlink()
    build(folder)  # fills the cache
    added.write_text(good_post("Added", "2026-11-28 10:00"))
    started = time.monotonic()
    build(folder)
    whole = time.monotonic() - started  # seconds a build after one edit takes
    assert tree(folder / "output") == sites[1]
    random = __import__("random").Random(SEED)
    kills = KILLS.get(hypothesis_settings.get_current_profile_name(), 30)
    interrupted = 0
    for number in range(kills):
        if added.exists():
            added.unlink()
        else:
            added.write_text(good_post("Added", "2026-11-28 10:00"))
        delay = random.uniform(0, whole)
        build_process = subprocess.Popen(
            command(folder), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        session = build_process.pid
        try:
            time.sleep(delay)
            interrupted += build_process.poll() is None
            with contextlib.suppress(ProcessLookupError):
                os.kill(build_process.pid, signal.SIGKILL)
            build_process.wait(timeout=WAIT_FOR_THE_END)
            wait_for(
                lambda session=session: not in_session(session),
                f"the processes of build {number} (killed after {delay:.2f} s)",
            )
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(session, signal.SIGKILL)
        output = folder / "output"
        if not output.exists():  # killed between its two renames: the last good site waits beside it
            [output] = [path for path in leftovers(folder) if path.name.endswith("-old")]
        assert tree(output) in sites, f"build {number}, killed after {delay:.2f} s, left a site half built"
    print(f"{interrupted} of {kills} builds were killed before they ended")
    assert interrupted, "no build was killed before it ended: the delays are too long for this machine"
    build(folder)
    wait_for(lambda: not leftovers(folder), "the working folders of the killed builds to be removed")
    assert tree(folder / "output") == sites[added.exists()]


def test_invoke_check_removes_the_scratch_folders_that_killed_checks_left(tmp_path):
    """`invoke check` builds in a folder of the system's temporary folder: one killed with SIGKILL leaves
    it, and the next check removes it; the folder of a check still running (locked) is left alone."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    environment = {**os.environ, "TMPDIR": str(scratch)}
    invoke = [sys.executable, "-m", "invoke", "check"]
    killed = subprocess.Popen(invoke, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(lambda: list(scratch.glob("learnlog-check-*/work/.site-*")), "the check to start building", 60)
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait(timeout=WAIT_FOR_THE_END)
        wait_for(lambda: not in_session(killed.pid), "the killed check's processes to end")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(killed.pid, signal.SIGKILL)
    [left] = scratch.glob("learnlog-check-*")
    running = scratch / "learnlog-check-running"
    running.mkdir()
    held = os.open(running, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a check still running holds
        finished = subprocess.run(invoke, cwd=ROOT, env=environment, capture_output=True, text=True, check=False)
        assert finished.returncode == 0, finished.stdout + finished.stderr
        assert not left.exists(), "the next check left the killed check's folder"
        assert sorted(scratch.iterdir()) == [running]
    finally:
        os.close(held)


def test_killing_the_livereload_server_during_a_rebuild_leaves_no_build_running(big_site):
    """`invoke livereload` rebuilds in a worker process, which forks each build: killed with SIGKILL while
    a rebuild runs, the server takes both with it, and output/ is not replaced for a server that is gone."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "learnlog.serve", "--livereload", "--port", str(port), "--output", "output",
         "--settings", "pelicanconf.py"],
        cwd=big_site, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    session = server.pid
    try:
        wait_for(lambda: (big_site / "output" / "index.html").is_file(), "the first build", WAIT_FOR_WORKERS)
        before = (big_site / "output").stat().st_ino
        time.sleep(2)  # the server has started watching, from the files as they were built
        post = sorted((big_site / "content" / "posts").iterdir())[0]
        post.write_text(post.read_text() + "\nEdited.\n")
        wait_for(lambda: leftovers(big_site), "the rebuild to start", WAIT_FOR_WORKERS)
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=WAIT_FOR_THE_END)
        wait_for(lambda: not in_session(session), "the worker and its build to end with the server")
        time.sleep(1)
        assert (big_site / "output").stat().st_ino == before, "a build went on and replaced output/"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(session, signal.SIGKILL)
