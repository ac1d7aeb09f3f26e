"""A full disk: `invoke link` and `invoke new-post` say so in words, and leave every file as it was.

The project is copied onto a small file system of its own (tmpfs, mounted in a user and mount namespace
made by `unshare`, so the test needs no privileges and the mount vanishes with it), which is then filled
up; the commands run there, as an author would run them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT

UNSHARE = shutil.which("unshare")


def can_mount() -> bool:
    if UNSHARE is None or not sys.platform.startswith("linux"):
        return False
    probe = subprocess.run(
        [UNSHARE, "--user", "--map-root-user", "--mount", "sh", "-c", "mount -t tmpfs none /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(
    os.environ.get("CI") != "true" and not can_mount(),
    reason="needs Linux with unshare(1) and user namespaces, to fill a file system of the test's own",
)

# Runs inside the namespace: mounts a small file system, copies the project onto it, fills it, runs the
# commands, and prints what happened as JSON.
DRIVER = textwrap.dedent(
    """\
    import hashlib, json, os, shutil, subprocess, sys
    from pathlib import Path

    root, disk = Path(sys.argv[1]), Path(sys.argv[2])
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(disk)], check=True)
    project = disk / "project"
    project.mkdir()
    shutil.copy2(root / "tasks.py", project / "tasks.py")
    shutil.copy2(root / "tests" / "sample" / "pelicanconf.py", project / "pelicanconf.py")
    ignored = shutil.ignore_patterns("__pycache__", "output", "cache")
    for name in ("learnlog", "plugins", "theme"):
        shutil.copytree(root / name, project / name, ignore=ignored)
    shutil.copytree(root / "tests" / "sample" / "content", project / "content")

    def snapshot():
        return {
            path.relative_to(project).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted((project / "content").rglob("*"))
            if path.is_file()
        }

    before = snapshot()
    for name, size in (("filler", 65536), ("filler-small", 1)):  # every byte that is left, unbuffered
        try:
            with open(disk / name, "wb", buffering=0) as filler:
                while True:
                    filler.write(b"\\0" * size)
        except OSError:
            pass
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    runs = []
    for arguments in (
        ["link", "https://example.org/full-disk", "--title", "A page", "--date", "2026-11-24", "--note", "x" * 3000],
        ["new-post", "A post on a full disk", "--date", "2026-11-24"],
    ):
        finished = subprocess.run(
            [sys.executable, "-m", "invoke", *arguments], cwd=project, capture_output=True, text=True,
            timeout=120, env=environment,
        )
        runs.append([finished.returncode, finished.stdout + finished.stderr])
    leftovers = sorted(path.name for path in (project / "content").rglob(".*.tmp"))
    print(json.dumps({"before": before, "after": snapshot(), "runs": runs, "leftovers": leftovers}))
    """
)


def test_a_full_disk_gives_a_message_and_changes_no_file(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    finished = subprocess.run(
        [
            UNSHARE or "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            sys.executable,
            "-c",
            DRIVER,
            str(ROOT),
            str(disk),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    (link_code, link_said), (post_code, post_said) = result["runs"]
    assert link_code == 1 and post_code == 1, result["runs"]
    for said in (link_said, post_said):
        assert "Traceback" not in said, said
        assert "No space left on device" in said, said
    assert link_said.startswith("The link was not saved: content/links/2026-W48.yaml could not be written"), link_said
    assert "free some space on the disk, then run the command again); it was left as it was" in link_said
    assert post_said.startswith("Nothing was created: "), post_said
    assert result["after"] == result["before"]
    assert result["leftovers"] == []
    assert "free some space on the disk, then run the command again" in post_said
