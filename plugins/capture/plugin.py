"""The author's capture page, /save/: the bookmarklet (bookmarklet.py) and how to save a link from a phone with
GitHub's "Save a link" workflow. The page is for the author alone: it says so to search engines (noindex, in
the template), it is in no navigation, no feed and no search index (those are made from posts, pages and link
notes, never from this page), and the sitemap leaves it out (shared.AUTHOR_ONLY)."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from learnlog_core import characters, shared
from pelican import signals
from pelican.generators import Generator

from . import settings as capture_settings
from .bookmarklet import bookmarklet


def folder_in_repository(folder: str) -> str:
    """The path of `folder` (a folder's path, such as Pelican's absolute PATH) from the top of the git work tree
    that holds it (the nearest folder at or above it with a .git), as GitHub names it ("content"); "" when it is
    that top folder; its own name when it is in no git work tree (a copy of the project)."""
    where = Path(os.path.abspath(folder))
    for top in (where, *where.parents):
        if (top / ".git").exists():
            relative = where.relative_to(top).as_posix()
            return "" if relative == "." else relative
    return where.name


def page_values(settings: dict) -> dict:
    """What save.html shows, from Pelican's settings once `configure` has run: repository ("owner/name", or ""
    when GITHUB_REPOSITORY is not set), branch, inbox (the folder the bookmarklet saves to, from the top of
    the repository: "content/links/inbox"), bookmarklet (the javascript: address, "" without a repository),
    workflow_url (the Save a link workflow's page on GitHub, "" without a repository)."""
    repository = settings["GITHUB_REPOSITORY"].strip()
    branch = settings["GITHUB_BRANCH"].strip()
    links = PurePosixPath(settings["LINKS_PATH"].replace("\\", "/")).as_posix().strip("/.")
    parts = (folder_in_repository(settings["PATH"]), links, capture_settings.INBOX)
    inbox = "/".join(part for part in parts if part)
    values = {"repository": repository, "branch": branch, "inbox": inbox, "bookmarklet": "", "workflow_url": ""}
    if repository:
        values["bookmarklet"] = bookmarklet(repository, branch, inbox, characters.FORBIDDEN)
        owner, name = (quote(part, safe="") for part in repository.split("/"))
        values["workflow_url"] = f"https://github.com/{owner}/{name}/actions/workflows/{capture_settings.WORKFLOW_FILE}"
    return values


class CaptureGenerator(Generator):
    """Writes /save/ through the theme's save.html."""

    def generate_context(self) -> None:
        """Mark /save/ as a page for the author alone (shared.AUTHOR_ONLY), for the sitemap to leave out."""
        listed = self.context.get(shared.AUTHOR_ONLY, [])
        self.context[shared.AUTHOR_ONLY] = [*listed, self.settings["SAVE_URL"]]

    def generate_output(self, writer) -> None:
        """Queue /save/ (SAVE_SAVE_AS) with the writer, rendered from save.html with `page_values`."""
        settings = self.settings
        writer.write_file(
            settings["SAVE_SAVE_AS"], self.get_template("save"), self.context, settings["RELATIVE_URLS"],
            page_name="save/index", **page_values(settings),
        )  # fmt: skip


def configure(pelican) -> None:
    """`initialized` receiver: the settings' defaults and the page's fixed address."""
    capture_settings.apply(pelican.settings)


def get_generators(pelican):
    """`get_generators` receiver: the generator of /save/."""
    return CaptureGenerator


def register() -> None:
    """Pelican's plugin entry point: connect the receivers."""
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
