"""The kit's tests never depend on the author's own files: they build the sample in tests/sample/, so a site
made from the kit, with every sample post, link and setting replaced, keeps passing them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

# The tests that read the sample most: its pages, feeds, settings and documentation.
SAMPLE_TESTS = [
    "tests/test_sample_site.py",
    "tests/test_docs.py",
    "tests/test_feeds.py",
    "tests/test_settings_checks.py",
]


def test_no_test_reads_the_authors_content_or_settings():
    pattern = re.compile(r"""ROOT\s*/\s*["'](content|pelicanconf\.py|publishconf\.py)["']""")
    found = [
        f"{path.name}:{number}"
        for path in sorted((ROOT / "tests").glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line) and path.name != Path(__file__).name
    ]
    assert not found, f"tests that read the author's own files instead of tests/sample/: {found}"


@pytest.mark.slow
def test_a_site_with_every_sample_file_replaced_passes_the_tests_of_the_sample(tmp_path):
    copy = tmp_path / "site"
    ignored = shutil.ignore_patterns(".venv", ".git", "output", "cache", "__pycache__", ".hypothesis", "test-artifacts")
    shutil.copytree(ROOT, copy, ignore=ignored)
    shutil.rmtree(copy / "content")
    (copy / "content" / "posts").mkdir(parents=True)
    (copy / "content" / "posts" / "2027-01-04-my-first-week.md").write_text(
        "Title: My first week\nSummary: What a first week of teaching taught me.\n\nI learned a lot.\n"
    )
    settings = (copy / "pelicanconf.py").read_text()
    settings = re.sub(r"^AUTHOR = .*$", 'AUTHOR = "Ada Teacher"', settings, flags=re.MULTILINE)
    settings = re.sub(r"^SITENAME = .*$", 'SITENAME = "Ada Learns"', settings, flags=re.MULTILINE)
    (copy / "pelicanconf.py").write_text(settings)
    (copy / "publishconf.py").write_text((copy / "publishconf.py").read_text().replace(
        "https://example.github.io/learning-in-public", "https://ada.github.io/learns"))  # fmt: skip
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *SAMPLE_TESTS],
        cwd=copy, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-2000:]
