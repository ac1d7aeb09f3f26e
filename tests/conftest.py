"""Shared fixtures: build sites as `invoke build` does (each build a process of its own, forked from a
build server: build_server.py), into temporary folders."""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from build_server import BuildServers
from hypothesis import HealthCheck, settings
from page_checks import pages_with_duplicate_ids

# `invoke test --thorough` (pytest --hypothesis-profile=thorough): property-based tests try many more random
# cases. Registered here, where Hypothesis finds it before the test files are read.
settings.register_profile(
    "thorough",
    max_examples=100,
    stateful_step_count=30,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ROOT = Path(__file__).resolve().parent.parent
# The sample site as the kit ships it: the tests build this copy, never the author's content/ and settings,
# so a site made from the kit keeps passing them whatever it holds.
SAMPLE = Path(__file__).resolve().parent / "sample"


@dataclass
class Build:
    returncode: int
    output: Path
    log: str  # what the build printed, as the author sees it

    def page(self, url: str) -> str:
        """The HTML of a site URL such as /posts/2026/x/."""
        path = self.output / url.strip("/")
        return (path / "index.html" if not path.suffix else path).read_text(encoding="utf-8")


# Builds run as `python -m learnlog.build` does, in processes forked from two that have the libraries
# loaded (build_server.py): a build does not wait 0.4 s for Python to start.
BUILD_SERVERS = BuildServers()


def pytest_sessionfinish(session) -> None:
    BUILD_SERVERS.close()


def run_build(settings: Path, output: Path) -> Build:
    """Build the site of `settings` into `output`, as `python -m learnlog.build --settings … --output …`."""
    returncode, log = BUILD_SERVERS.build(["--settings", str(settings), "--output", str(output)])
    build = Build(returncode, output, log)
    if build.returncode == 0:
        # Every site any test builds: no page repeats an id (a fragment link would go to the wrong place).
        assert not pages_with_duplicate_ids(output), pages_with_duplicate_ids(output)
    return build


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Build:
    """The repository's own sample content, built once for the whole test session."""
    project = copy_of_project(tmp_path_factory.mktemp("sample"))
    build = run_build(project / "pelicanconf.py", project / "output")
    assert build.returncode == 0, build.log
    return build


class Site:
    """A small site in a temporary folder, using the real theme and plugins."""

    def __init__(self, folder: Path, settings: str = ""):
        self.folder = folder
        self.content = folder / "content"
        (self.content / "posts").mkdir(parents=True)
        (self.content / "pages").mkdir()
        self.settings = folder / "pelicanconf.py"
        self.settings.write_text(
            textwrap.dedent(
                f"""\
                AUTHOR = "Test Author"
                SITENAME = "Test Site"
                SITE_DESCRIPTION = "A site for tests"
                SITEURL = "http://localhost:8000"
                TIMEZONE = "Europe/London"
                DEFAULT_LANG = "en"
                DEFAULT_DATE_FORMAT = "%-d %B %Y"
                PATH = "content"
                ARTICLE_PATHS = ["posts"]
                PAGE_PATHS = ["pages"]
                STATIC_PATHS = ["images"]
                THEME = {str(ROOT / "theme")!r}
                RELATIVE_URLS = True
                DEFAULT_PAGINATION = 10
                MENU_LINKS = []
                CACHE_PATH = "cache"
                PLUGIN_PATHS = [{str(ROOT / "plugins")!r}]
                PLUGINS = ["learnlog_core", "posts", "link_notes", "feeds", "search", "reading", "site_files", "capture"]
                """
            )
            + settings,
            encoding="utf-8",
        )

    def post(self, name: str, text: str | bytes) -> Path:
        return self._write(self.content / "posts" / name, text)

    def page(self, name: str, text: str | bytes) -> Path:
        return self._write(self.content / "pages" / name, text)

    def links(self, name: str, text: str | bytes) -> Path:
        path = self.content / "links" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return self._write(path, text)

    def blogroll(self, text: str) -> Path:
        return self._write(self.content / "blogroll.yaml", text)

    def _write(self, path: Path, text: str | bytes) -> Path:
        data = text if isinstance(text, bytes) else textwrap.dedent(text).lstrip("\n").encode("utf-8")
        path.write_bytes(data)
        return path

    def build(self) -> Build:
        return run_build(self.settings, self.folder / "output")


def copy_of_project(folder: Path) -> Path:
    """folder/project: a copy of the project's commands, plugins and theme, with the sample's preview settings
    and content (SAMPLE), where `invoke` runs as in the author's own project."""
    copy = folder / "project"
    copy.mkdir()
    shutil.copy2(ROOT / "tasks.py", copy / "tasks.py")
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(SAMPLE / name, copy / name)
    ignored = shutil.ignore_patterns("__pycache__", "output", "cache")
    for name in ("learnlog", "plugins", "theme"):
        shutil.copytree(ROOT / name, copy / name, ignore=ignored)
    shutil.copytree(SAMPLE / "content", copy / "content")
    return copy


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path)


def good_post(title: str = "A good post", date: str = "2026-11-20 10:00", tags: str = "habits") -> str:
    return f"Title: {title}\nDate: {date}\nTags: {tags}\nSummary: A short summary.\n\nSome **text**.\n"


def pytest_collection_modifyitems(items: list) -> None:
    """Run the tests marked slow first: a long test handed to a worker near the end of the run would keep
    the whole run waiting for it (pytest-xdist sends tests to workers in this order)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
